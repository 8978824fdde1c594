"""The ``sen12`` Processing provider: lists the algorithms, nothing else."""

from qgis.core import QgsProcessingProvider

from ..qgis_support import plugin_icon
from ..translation import tr
from .export_scenes import ExportScenes, ExportStatus
from .extract_patches import ExtractPatches
from .fetch_scenes import FetchScenes
from .preview_mosaics import PreviewMosaics
from .quality_algorithms import ApplyReview, CheckScenes, DatasetCard, MakeSplits
from .sample_rois import SampleRois


class Sen12Provider(QgsProcessingProvider):
    def id(self) -> str:
        return "sen12"

    def name(self) -> str:
        return tr("SEN1-2 Patch Builder")

    def icon(self):
        return plugin_icon()

    def loadAlgorithms(self) -> None:  # noqa: N802 (QGIS' name)
        for algorithm in (SampleRois(), PreviewMosaics(), FetchScenes(), ExportScenes(), ExportStatus(),
                          CheckScenes(), ExtractPatches(), ApplyReview(), MakeSplits(), DatasetCard()):
            self.addAlgorithm(algorithm)
