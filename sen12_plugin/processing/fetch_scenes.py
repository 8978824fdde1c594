"""``sen12:fetch_scenes``: the SEN1-2 Earth Engine request per ROI and season -> S1/S2 GeoTIFF pairs."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..core import pipeline
from ..core.earthengine.cost import PLAN_FILE
from ..core.errors import Cancelled
from ..core.labels import PRODUCT_CHOICES
from ..qgis_support import WGS84, make_fields
from ..qt_compat import FIELD_INT, FIELD_STRING
from ..translation import tr
from .earthengine_base import EarthEngineAlgorithm


def dropped_fields() -> QgsFields:
    return make_fields((("id", FIELD_INT), ("seed", FIELD_INT), ("season", FIELD_STRING),
                        ("reason", FIELD_STRING)))


class FetchScenes(EarthEngineAlgorithm):
    REQUEST_ONLY, OUTPUT, DROPPED = "REQUEST_ONLY", "OUTPUT", "DROPPED"
    SCENE_COUNT, REQUESTS = "SCENE_COUNT", "REQUESTS"
    LABELS = "LABELS"
    BUDGET_EECU_HOURS, TIER = "BUDGET_EECU_HOURS", "TIER"
    PLAN, EECU_HOURS_ESTIMATE, EECU_HOURS_USED = "PLAN", "EECU_HOURS_ESTIMATE", "EECU_HOURS_USED"

    def name(self) -> str:
        return "fetch_scenes"

    def displayName(self) -> str:  # noqa: N802
        return tr("Fetch SEN1-2 scenes from Earth Engine")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "For every ROI and season: asks Earth Engine how many Sentinel-1 GRD (IW, VV) and "
            "Sentinel-2 L1C (cloud <= 1 %, B4 B3 B2) images match, drops ROIs without images "
            "(DROPPED, with the reason), and downloads the two mosaics (mosaic, clip, 10 m) on one "
            "pinned UTM grid as cloud-optimized GeoTIFFs: OUTPUT/ROIs{seed}_{season}/scenes/"
            "s1_{id}.tif (float32 dB, no-data -9999) and s2_{id}.tif (uint16, no-data 0). Tiled, "
            "parallel (CONCURRENCY requests at once), retried and resumable: a scene made from the "
            "same inputs is kept, one made from other inputs stops the run unless OVERWRITE is set. "
            "ROI ids must be unique; a row with a bad id, seed, season or shape is listed in DROPPED "
            "with the reason and the others go on. START_DATE and END_DATE (YYYY-MM-DD) replace the "
            "SEASONS by one custom date range. Before the bulk of the download the plan is logged "
            "and written to OUTPUT/plan.json (PLAN): scene pairs, requests, megabytes, the expected "
            "time at CONCURRENCY and the compute in EECU-hours, an estimate from Earth Engine's own "
            "computation profiles of the first requests, against the TIER's monthly quota. "
            "BUDGET_EECU_HOURS (0: none) stops the run with a sentence when the estimate, or the "
            "compute measured on the way, passes it; finished tiles are kept and a re-run resumes. "
            "With REQUEST_ONLY nothing is contacted: OUTPUT/requests.json holds the exact expression "
            "graph of every request, and OUTPUT/plan.json the plan as far as it is known without "
            "contact."
        ) + " " + tr(
            "LABELS adds land-cover labels on the same grid, through the same download: "
            "ESA WorldCover v200 (its class codes 10..100) or Dynamic World (the mode of its label "
            "over the season, class id = label + 1), stored as lc_{id}.tif (uint8, 0 unlabeled) with "
            "lc_{id}.json (the catalog's class names and colours); sen12:extract_patches then cuts label "
            "patches from it. Scenes fetched before get their labels without fetching S1 and S2 again."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_request_parameters()
        self.addParameter(QgsProcessingParameterBoolean(
            self.REQUEST_ONLY, tr("Only write the requests (requests.json), contact nothing"), False))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, tr("Output folder")))
        self.add_fetch_parameters()
        self.addParameter(QgsProcessingParameterEnum(
            self.LABELS, tr("Land-cover labels with the scenes (lc_N.tif)"),
            [tr("None"), tr("ESA WorldCover (ESA/WorldCover/v200, 10 m)"),
             tr("Dynamic World (GOOGLE/DYNAMICWORLD/V1, mode of label over the season)")], defaultValue=0))
        self.add_cost_parameters()
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.DROPPED, tr("Dropped ROIs (with reason)"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.SCENE_COUNT, tr("Scene pairs on disk")))
        self.addOutput(QgsProcessingOutputFile(self.REQUESTS, tr("requests.json")))
        self.addOutput(QgsProcessingOutputFile(self.PLAN, tr("The download's plan (plan.json)")))
        self.addOutput(QgsProcessingOutputNumber(self.EECU_HOURS_ESTIMATE, tr("Compute by the plan's estimate (EECU-hours)")))
        self.addOutput(QgsProcessingOutputNumber(self.EECU_HOURS_USED, tr("Compute used, measured (EECU-hours)")))

    def add_cost_parameters(self) -> None:
        from ..core.earthengine.cost import TIERS

        self.addParameter(QgsProcessingParameterNumber(
            self.BUDGET_EECU_HOURS, tr("Compute budget in EECU-hours (0: none)"),
            QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterEnum(
            self.TIER, tr("Earth Engine quota tier the plan is shown against (EECU-hours a month)"),
            [f"{name} ({hours:,.0f})" for name, hours in TIERS.items()], defaultValue=0))

    def cost_options(self, parameters, context):
        from ..core.earthengine.cost import TIERS, CostOptions, budget_from

        return self.run_core(
            CostOptions, tier=list(TIERS)[self.parameterAsEnum(parameters, self.TIER, context)],
            budget_eecu_hours=budget_from(self.parameterAsDouble(parameters, self.BUDGET_EECU_HOURS, context)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        options = self.recipe_options(parameters, context)
        plan = self.requests(parameters, context, feedback)
        results = {self.OUTPUT: str(output)}
        sink, dest = self.parameterAsSink(parameters, self.DROPPED, context, dropped_fields(),
                                          QgsWkbTypes.Type.Polygon, WGS84)
        for refused in plan.refused:
            self._drop(sink, None, refused.roi_id, refused.seed, refused.season, refused.reason)
        concurrency = self.parameterAsInt(parameters, self.CONCURRENCY, context)
        costs = self.cost_options(parameters, context)
        labels = PRODUCT_CHOICES[self.parameterAsEnum(parameters, self.LABELS, context)]
        if self.parameterAsBool(parameters, self.REQUEST_ONLY, context):
            path = self.run_core(pipeline.write_requests, plan.requests, output, options, concurrency=concurrency,
                                 costs=costs, labels=labels)
            feedback.pushInfo(tr("Wrote {} requests to {} (nothing was contacted).").format(len(plan.requests), path))
            feedback.pushInfo(self.run_core(pipeline.read_plan, output)["summary"])
            results.update({self.REQUESTS: str(path), self.SCENE_COUNT: 0, self.PLAN: str(output / PLAN_FILE)})
        else:
            try:
                fetched = self.run_core(
                    pipeline.fetch_scenes, plan.requests, output, options, self.sign_in(parameters, context, concurrency),
                    dataset_name=self.parameterAsString(parameters, self.DATASET_NAME, context) or None,
                    concurrency=concurrency, overwrite=self.parameterAsBool(parameters, self.OVERWRITE, context),
                    progress=lambda f: feedback.setProgress(100 * f), cancelled=feedback.isCanceled,
                    log=feedback.pushInfo, costs=costs, labels=labels)
            except QgsProcessingException as exc:
                if isinstance(exc.__cause__, Cancelled):
                    feedback.reportError(str(exc.__cause__))
                raise
            for item in fetched.dropped:
                self._drop(sink, item.roi, item.roi.id, item.roi.seed, item.season.name, item.reason)
            feedback.pushInfo(tr("{} scene pairs on disk, {} ROI-seasons dropped.").format(
                len(fetched.scenes), len(fetched.dropped) + len(plan.refused)))
            results[self.SCENE_COUNT] = len(fetched.scenes)
            results[self.EECU_HOURS_USED] = fetched.eecu_seconds / 3600
            if fetched.plan is not None:
                results[self.EECU_HOURS_ESTIMATE] = fetched.plan.eecu_hours
                results[self.PLAN] = str(output / PLAN_FILE)
        if sink is not None:
            results[self.DROPPED] = dest
        return results

    @staticmethod
    def _drop(sink, roi, roi_id, seed, season, reason) -> None:
        if sink is None:
            return
        feature = QgsFeature(dropped_fields())
        if roi is not None:
            feature.setGeometry(QgsGeometry.fromWkt(roi.wkt()))
        feature.setAttributes([int(roi_id), seed, season, reason])
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
