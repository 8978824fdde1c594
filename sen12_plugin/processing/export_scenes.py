"""``sen12:export_scenes`` and ``sen12:export_status``: Earth Engine batch exports for big runs."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..core import pipeline
from ..qgis_support import WGS84, make_fields
from ..qt_compat import FIELD_DOUBLE, FIELD_STRING
from ..translation import tr
from .earthengine_base import EarthEngineAlgorithm

DESTINATIONS = (("Google Drive", "drive"), ("Cloud Storage", "gcs"))


def task_fields() -> QgsFields:
    # eecu_seconds: the compute a finished task used, from its metadata (empty until Earth Engine reports it)
    return make_fields([(name, FIELD_STRING) for name in ("task", "description", "state", "error")]
                       + [("eecu_seconds", FIELD_DOUBLE)])


def add_rows(sink, rows) -> None:
    for row in rows:
        feature = QgsFeature(task_fields())
        feature.setAttributes([row["id"], row["description"], row["state"], row["error"], row.get("eecu_seconds")])
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)


class ExportScenes(EarthEngineAlgorithm):
    DESTINATION, FOLDER, BUCKET, OUTPUT = "DESTINATION", "FOLDER", "BUCKET", "OUTPUT"

    def name(self) -> str:
        return "export_scenes"

    def displayName(self) -> str:  # noqa: N802
        return tr("Export SEN1-2 scenes (Earth Engine batch tasks)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr(
            "Starts Export.image.toDrive (or toCloudStorage) tasks for the S1 and S2 mosaic of "
            "every ROI and season, on the same pinned grid as downloads, for runs too big to "
            "download interactively. Follow them with 'Earth Engine export status'; put the "
            "finished GeoTIFFs into a folder and extract patches from them."
        )

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_request_parameters()
        self.addParameter(QgsProcessingParameterEnum(
            self.DESTINATION, tr("Destination"), [d for d, _ in DESTINATIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterString(self.FOLDER, tr("Drive folder"), defaultValue="sen12"))
        self.addParameter(QgsProcessingParameterString(self.BUCKET, tr("Cloud Storage bucket"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Started tasks"), QgsProcessing.SourceType.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        options = self.recipe_options(parameters, context)
        plan = self.requests(parameters, context, feedback)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, task_fields(), QgsWkbTypes.Type.NoGeometry, WGS84)
        # The state each task is in now, as Earth Engine reports it (not assumed).
        add_rows(sink, self.run_core(
            pipeline.start_exports, plan.requests, options, self.sign_in(parameters, context),
            destination=DESTINATIONS[self.parameterAsEnum(parameters, self.DESTINATION, context)][1],
            folder=self.parameterAsString(parameters, self.FOLDER, context),
            bucket=self.parameterAsString(parameters, self.BUCKET, context) or None,
            dataset_name=self.parameterAsString(parameters, self.DATASET_NAME, context) or None,
            progress=lambda f: feedback.setProgress(100 * f), cancelled=feedback.isCanceled, log=feedback.pushInfo))
        return {self.OUTPUT: dest}


class ExportStatus(EarthEngineAlgorithm):
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "export_status"

    def displayName(self) -> str:  # noqa: N802
        return tr("Earth Engine export status")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Lists your Earth Engine export tasks with their state and, once finished, the compute they "
                  "used (eecu_seconds, from the task's metadata); run again to refresh.")

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterString(
            self.PROJECT, tr("Earth Engine Cloud project (empty: the plugin's setting)"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.SERVICE_ACCOUNT_KEY, tr("Service-account key file (optional)"), optional=True,
            fileFilter="JSON (*.json)"))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Tasks"), QgsProcessing.SourceType.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, task_fields(), QgsWkbTypes.Type.NoGeometry, WGS84)
        add_rows(sink, self.run_core(pipeline.export_status, self.sign_in(parameters, context),
                                     cancelled=feedback.isCanceled))
        return {self.OUTPUT: dest}
