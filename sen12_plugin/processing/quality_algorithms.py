"""Quality control as Processing algorithms: scene checks, applying review decisions, splits, card."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..core import pipeline, recipe, splits
from ..qgis_support import WGS84, make_fields
from ..qt_compat import FIELD_INT, FIELD_STRING
from ..translation import tr
from .base import Sen12Algorithm


class FolderAlgorithm(Sen12Algorithm):
    FOLDER = "FOLDER"

    def add_folder(self, label: str) -> None:
        self.addParameter(QgsProcessingParameterFile(
            self.FOLDER, label, behavior=QgsProcessingParameterFile.Behavior.Folder))

    def folder(self, parameters, context) -> Path:
        folder = Path(self.parameterAsFile(parameters, self.FOLDER, context))
        if not folder.is_dir():
            raise QgsProcessingException(tr("{} is not a folder.").format(folder))
        return folder


class CheckScenes(FolderAlgorithm):
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "check_scenes"

    def displayName(self) -> str:  # noqa: N802
        return tr("Check SEN1-2 scenes (no-data, cloud, colour, seamlines)")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Runs the scene checks on every s1_N.tif / s2_N.tif pair under the folder and lists pass / "
                  "review / reject with reasons. Beside scenes this plugin downloaded (with scene_N.json) "
                  "each verdict is stored as scene_N_qc.json; nothing is written beside other rasters.")

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_folder(tr("Folder with scenes"))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Scene checks"), QgsProcessing.SourceType.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        fields = make_fields((("dataset", FIELD_STRING), ("scene", FIELD_INT), ("status", FIELD_STRING),
                              ("reasons", FIELD_STRING), ("s1", FIELD_STRING)))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry, WGS84)
        checks = self.run_core(pipeline.check_scenes, self.folder(parameters, context),
                               progress=lambda f: feedback.setProgress(100 * f), cancelled=feedback.isCanceled)
        for check in checks:
            reasons = "; ".join(check.verdict.reasons)
            feature = QgsFeature(fields)
            feature.setAttributes([check.key.dataset, check.key.scene, check.verdict.status, reasons, str(check.files.s1)])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
            feedback.pushInfo(tr("{} scene {}: {} {}").format(check.key.dataset, check.key.scene, check.verdict.status,
                                                             reasons))
        return {self.OUTPUT: dest}


class ApplyReview(FolderAlgorithm):
    KEPT, MOVED, RESTORED = "KEPT", "MOVED", "RESTORED"

    def name(self) -> str:
        return "apply_review"

    def displayName(self) -> str:  # noqa: N802
        return tr("Apply review decisions to the dataset folders")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Moves the files of rejected patch pairs (the analyst's decision, else the automatic check) "
                  "to OUTPUT/_rejected/ and brings back pairs accepted again. Nothing is deleted.")

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_folder(tr("Dataset folder (with patch_index.gpkg)"))
        for key, label in ((self.KEPT, tr("Accepted pairs")), (self.MOVED, tr("Files moved out")),
                           (self.RESTORED, tr("Files brought back"))):
            self.addOutput(QgsProcessingOutputNumber(key, label))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        result = self.run_core(pipeline.apply_review, self.folder(parameters, context))
        for problem in result.refused:
            feedback.reportError(problem)
        return {self.KEPT: result.kept, self.MOVED: result.moved_out, self.RESTORED: result.restored}


class MakeSplits(FolderAlgorithm):
    BY, TRAIN, VAL, SEED, MODE, OUTPUT = "BY", "TRAIN", "VAL", "SEED", "MODE", "OUTPUT"
    # MODE's choices, in order: core.splits.make_splits' leaks and report_only
    MODES = (("refuse", False), ("report", False), ("report", True))

    def name(self) -> str:
        return "make_splits"

    def displayName(self) -> str:  # noqa: N802
        return tr("Make train / validation / test splits")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Deterministic splits of the accepted patch pairs by scene, ROI or season (a group never "
                  "spans two splits), written to OUTPUT/splits/{by}/train.txt, val.txt and test.txt.")

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_folder(tr("Dataset folder (with patch_index.gpkg)"))
        self.addParameter(QgsProcessingParameterEnum(self.BY, tr("Split by"), list(splits.KEYS), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(self.TRAIN, tr("Training share"),
                                                       QgsProcessingParameterNumber.Type.Double, 0.8, minValue=0, maxValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.VAL, tr("Validation share"),
                                                       QgsProcessingParameterNumber.Type.Double, 0.1, minValue=0, maxValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.SEED, tr("Seed"), QgsProcessingParameterNumber.Type.Integer, 0))
        self.addParameter(QgsProcessingParameterEnum(self.MODE, tr("Mode"), [
            tr("Write the lists; refuse when the same ground would be in two splits"),
            tr("Write the lists; report where the same ground is in two splits"),
            tr("Report only: say what the split would be, write nothing")], defaultValue=0))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT, tr("Training list")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        folder = self.folder(parameters, context)
        by = splits.KEYS[self.parameterAsEnum(parameters, self.BY, context)]
        train = self.parameterAsDouble(parameters, self.TRAIN, context)
        val = self.parameterAsDouble(parameters, self.VAL, context)
        leaks, report_only = self.MODES[self.parameterAsEnum(parameters, self.MODE, context)]
        made = self.run_core(pipeline.make_splits, folder, by, (train, val, max(0.0, 1 - train - val)),
                             self.parameterAsInt(parameters, self.SEED, context), leaks=leaks, report_only=report_only)
        for skipped in made.skipped:
            feedback.pushWarning(skipped)
        feedback.pushInfo(tr("Split by {}: {}").format(by, made))
        return {self.OUTPUT: str(folder / "splits" / by / "train.txt") if made.written else None}


class DatasetCard(FolderAlgorithm):
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "dataset_card"

    def displayName(self) -> str:  # noqa: N802
        return tr("Write the dataset card")

    def shortHelpString(self) -> str:  # noqa: N802
        return tr("Writes dataset_card.json and dataset_card.md: recipe ({}), collections, Earth Engine image "
                  "ids, dates, ROIs, counts before and after each check, thresholds, tool version and the "
                  "Copernicus attribution.").format(recipe.RECIPE_VERSION)

    def initAlgorithm(self, config=None) -> None:  # noqa: N802
        self.add_folder(tr("Dataset folder (with patch_index.gpkg)"))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT, tr("Dataset card (Markdown)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        _json_path, md_path = self.run_core(pipeline.write_dataset_card, self.folder(parameters, context))
        return {self.OUTPUT: str(md_path)}
