"""Parameters and steps the Earth Engine algorithms share: ROIs from a layer, seasons, options, sign-in."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core import recipe
from ..core.requests import SeasonChoice, build_requests, parse_date_range
from ..qgis_support import every_feature, roi_rows
from ..settings import Sen12Settings
from ..translation import tr
from .base import Sen12Algorithm


class EarthEngineAlgorithm(Sen12Algorithm):
    ROIS, YEAR, SEASONS, START_DATE, END_DATE = "ROIS", "YEAR", "SEASONS", "START_DATE", "END_DATE"
    DUAL_POL, ALL_S2_BANDS, S2_LEVEL, MAX_CLOUD, ORBIT = (
        "DUAL_POL", "ALL_S2_BANDS", "S2_LEVEL", "MAX_CLOUD", "ORBIT")
    PROJECT, SERVICE_ACCOUNT_KEY, DATASET_NAME = "PROJECT", "SERVICE_ACCOUNT_KEY", "DATASET_NAME"
    CONCURRENCY, OVERWRITE, REQUEST_DEADLINE = "CONCURRENCY", "OVERWRITE", "REQUEST_DEADLINE"

    def add_request_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROIS, tr("ROIs (a 'season' field wins over SEASONS)"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, tr("Year of the seasons (2017: the paper's)"),
            QgsProcessingParameterNumber.Type.Integer, recipe.PAPER_YEAR, minValue=2015, maxValue=2100))
        self.addParameter(QgsProcessingParameterEnum(
            self.SEASONS, tr("Seasons"), list(recipe.SEASON_NAMES), allowMultiple=True,
            defaultValue=list(range(len(recipe.SEASON_NAMES)))))
        for key, label in ((self.START_DATE, tr("Custom dates instead of SEASONS: first day (YYYY-MM-DD)")),
                           (self.END_DATE, tr("Custom dates: last day (YYYY-MM-DD)"))):
            self.addParameter(QgsProcessingParameterString(key, label, optional=True))
        from ..core.earthengine.graph import ORBITS, S2_LEVELS

        self.addParameter(QgsProcessingParameterBoolean(self.DUAL_POL, tr("Sentinel-1 VV and VH"), False))
        self.addParameter(QgsProcessingParameterBoolean(self.ALL_S2_BANDS, tr("All 13 Sentinel-2 bands"), False))
        self.addParameter(QgsProcessingParameterEnum(self.S2_LEVEL, tr("Sentinel-2 level"), list(S2_LEVELS), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_CLOUD, tr("Maximum cloud cover of a Sentinel-2 image (%)"),
            QgsProcessingParameterNumber.Type.Double, recipe.S2_MAX_CLOUD_PERCENT, minValue=0, maxValue=100))
        self.addParameter(QgsProcessingParameterEnum(self.ORBIT, tr("Sentinel-1 orbit"), list(ORBITS), defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.PROJECT, tr("Earth Engine Cloud project (empty: the plugin's setting)"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.SERVICE_ACCOUNT_KEY, tr("Service-account key file (optional)"), optional=True,
            fileFilter="JSON (*.json)"))
        self.addParameter(QgsProcessingParameterString(
            self.DATASET_NAME, tr("Dataset name for ROIs without a seed"), defaultValue=recipe.CUSTOM_DATASET_NAME))

    def recipe_options(self, parameters, context):
        from ..core.earthengine.graph import ORBITS, S2_LEVELS, RecipeOptions

        return self.run_core(
            RecipeOptions,
            dual_pol=self.parameterAsBool(parameters, self.DUAL_POL, context),
            all_s2_bands=self.parameterAsBool(parameters, self.ALL_S2_BANDS, context),
            s2_level=S2_LEVELS[self.parameterAsEnum(parameters, self.S2_LEVEL, context)],
            max_cloud=self.parameterAsDouble(parameters, self.MAX_CLOUD, context),
            orbit=ORBITS[self.parameterAsEnum(parameters, self.ORBIT, context)],
        )

    def requests(self, parameters, context, feedback):
        """The (ROI, season) requests of the layer (see ``core.requests``); refused rows are reported."""
        source = self.parameterAsSource(parameters, self.ROIS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ROIS))
        choice = SeasonChoice(
            self.parameterAsInt(parameters, self.YEAR, context),
            tuple(recipe.SEASON_NAMES[i] for i in self.parameterAsEnums(parameters, self.SEASONS, context)),
            self.custom_dates(parameters, context))
        # Our own check says what is wrong with a ROI (and keeps the others going).
        features = every_feature(source)
        plan = self.run_core(build_requests, roi_rows(features, source.fields().names(), source.sourceCrs(), context),
                             choice)
        for refused in plan.refused:
            feedback.reportError(refused.reason)
        return plan

    def custom_dates(self, parameters, context):
        """START_DATE and END_DATE as dates when both are given (they replace SEASONS), else None."""
        start = self.parameterAsString(parameters, self.START_DATE, context).strip()
        end = self.parameterAsString(parameters, self.END_DATE, context).strip()
        if not start and not end:
            return None
        return self.run_core(parse_date_range, start, end)

    def add_fetch_parameters(self) -> None:
        from ..core.earthengine.transport import DEFAULT_CONCURRENCY

        concurrency = QgsProcessingParameterNumber(
            self.CONCURRENCY, tr("Parallel Earth Engine requests (the project's limit is 40 by default)"),
            QgsProcessingParameterNumber.Type.Integer, DEFAULT_CONCURRENCY, minValue=1, maxValue=200)
        concurrency.setFlags(concurrency.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(concurrency)
        from ..core.earthengine.retry import DEFAULT_DEADLINE_S, SERVICE_LIMIT_S

        deadline = QgsProcessingParameterNumber(
            self.REQUEST_DEADLINE, tr("Longest wait for one Earth Engine answer, in seconds (below its 5 minutes)"),
            QgsProcessingParameterNumber.Type.Double, DEFAULT_DEADLINE_S, minValue=1, maxValue=SERVICE_LIMIT_S - 1)
        deadline.setFlags(deadline.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(deadline)
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace scenes in OUTPUT that were made from other inputs"), False))

    def sign_in(self, parameters, context, connections: int | None = None):
        """The sign-in the run uses: PROJECT and SERVICE_ACCOUNT_KEY, else the plugin's settings."""
        from ..core.earthengine import auth

        settings = Sen12Settings.load_profile()
        project = self.parameterAsString(parameters, self.PROJECT, context) or settings.ee_project
        key = (self.parameterAsFile(parameters, self.SERVICE_ACCOUNT_KEY, context)
               if self.parameterDefinition(self.SERVICE_ACCOUNT_KEY) else "") or settings.ee_service_account_key
        deadline = (self.parameterAsDouble(parameters, self.REQUEST_DEADLINE, context)
                    if self.parameterDefinition(self.REQUEST_DEADLINE) else settings.ee_deadline_s)
        return self.run_core(auth.sign_in_for, project, key, connections or settings.ee_concurrency, deadline,
                             settings.ee_tier)

