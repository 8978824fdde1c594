"""Parameters and steps the Earth Engine algorithms share: ROIs from a layer, seasons, options, sign-in."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..core import inputs, recipe, rois, seasons
from ..core.errors import Sen12Error
from ..settings import Sen12Settings
from ..translation import tr
from .base import Sen12Algorithm, plain, roi_from_geometry


class EarthEngineAlgorithm(Sen12Algorithm):
    ROIS, YEAR, SEASONS = "ROIS", "YEAR", "SEASONS"
    DUAL_POL, ALL_S2_BANDS, S2_LEVEL, MAX_CLOUD, ORBIT = (
        "DUAL_POL", "ALL_S2_BANDS", "S2_LEVEL", "MAX_CLOUD", "ORBIT")
    PROJECT, SERVICE_ACCOUNT_KEY, DATASET_NAME = "PROJECT", "SERVICE_ACCOUNT_KEY", "DATASET_NAME"
    CONCURRENCY, OVERWRITE = "CONCURRENCY", "OVERWRITE"

    def add_request_parameters(self) -> None:
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROIS, tr("ROIs (a 'season' field wins over SEASONS)"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, tr("Year of the seasons (2017: the paper's)"),
            QgsProcessingParameterNumber.Type.Integer, recipe.PAPER_YEAR, minValue=2015, maxValue=2100))
        self.addParameter(QgsProcessingParameterEnum(
            self.SEASONS, tr("Seasons"), list(recipe.SEASON_NAMES), allowMultiple=True,
            defaultValue=list(range(len(recipe.SEASON_NAMES)))))
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
        """(ROI, season) pairs from the layer, and the ROIs that cannot be requested, with reasons."""
        source = self.parameterAsSource(parameters, self.ROIS, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.ROIS))
        year = self.parameterAsInt(parameters, self.YEAR, context)
        chosen = [recipe.SEASON_NAMES[i] for i in self.parameterAsEnums(parameters, self.SEASONS, context)]
        if not chosen:
            raise QgsProcessingException(tr("Choose at least one season."))
        names = source.fields().names()
        pairs, invalid, seen = [], [], {}
        # Our own check says what is wrong with a ROI (and keeps the others going).
        features = source.getFeatures(QgsFeatureRequest(), QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
        for n, feature in enumerate(features):
            raw = {k: plain(feature[k]) if k in names else None for k in ("id", "seed", "season")}
            try:  # a row whose id, seed or season is junk is refused with a sentence, the others go on
                roi_id, seed, own = inputs.roi_row(raw, n)
                shape = feature.geometry().asWkt(7)
                first = seen.setdefault(roi_id, (n, shape))
                if first[1] != shape:  # scenes are stored by id: a second ROI would pass for the first
                    raise QgsProcessingException(tr(
                        "ROI id {} appears twice in the ROI layer with different shapes (features {} and {}); "
                        "scenes are stored by id, so give every ROI its own id.").format(roi_id, first[0] + 1, n + 1))
                roi = roi_from_geometry(feature.geometry(), source.sourceCrs(), roi_id, "layer", own, context)
                roi = rois.Roi(roi.id, roi.ring, roi.utm_epsg, seed, own, roi.kind)
            except Sen12Error as exc:
                report_id, report_seed, _ = inputs.roi_row_lenient(raw, n)
                invalid.append((report_id, report_seed, str(raw["season"] or ",".join(chosen)), str(exc)))
                feedback.reportError(str(exc))
                continue
            for name in [own] if own else chosen:
                pairs.append((roi, seasons.paper_season(name, year)))
        return pairs, invalid

    def add_fetch_parameters(self) -> None:
        from ..core.earthengine.transport import DEFAULT_CONCURRENCY

        concurrency = QgsProcessingParameterNumber(
            self.CONCURRENCY, tr("Parallel Earth Engine requests (the project's limit is 40 by default)"),
            QgsProcessingParameterNumber.Type.Integer, DEFAULT_CONCURRENCY, minValue=1, maxValue=200)
        concurrency.setFlags(concurrency.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        self.addParameter(concurrency)
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace scenes in OUTPUT that were made from other inputs"), False))

    def sign_in(self, parameters, context) -> None:
        from ..core.earthengine import auth

        settings = Sen12Settings.load()
        project = self.parameterAsString(parameters, self.PROJECT, context) or settings.ee_project
        key = (self.parameterAsFile(parameters, self.SERVICE_ACCOUNT_KEY, context)
               if self.parameterDefinition(self.SERVICE_ACCOUNT_KEY) else "") or settings.ee_service_account_key
        self.run_core(auth.ensure_session, auth.SignIn(project, key or None, auth.url_from_environment()))

