"""5. Extract patches: from the visible scene pairs (or the analyst's own layers, after the pairing table)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QCheckBox, QDialog, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from ...core import pipeline, recipe
from ...core.errors import InputError
from ...core.extract import FORMATS
from ...core.labels import LabelSource, class_map_path, read_class_map
from ...qgis_support import label_source
from ...settings import Sen12Settings
from ...translation import tr
from .. import layers, own_scenes
from .base import Section

FORMAT_LABELS = {"png": "PNG", "tif": "GeoTIFF"}
PATCHES_FOLDER = "patches"  # under the working folder


@dataclass(frozen=True)
class ExtractChoice:
    """The section's widgets as plain values, read once on the main thread before a task starts."""

    output: Path
    formats: tuple[str, ...]
    dataset_name: str | None
    patch_size: int
    stride: int
    overwrite: bool
    all_s2_bands: bool
    labels: LabelSource | None = None  # the label layer's features or file, read on the main thread
    drop_unlabeled: bool = False


class ExtractSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("5. Extract patches"), dock)
        form = self.form
        self.dataset_name = QLineEdit()
        form.addRow(tr("Dataset name (drawn ROIs):"), self.dataset_name)
        self.format_checks = {fmt: QCheckBox(FORMAT_LABELS[fmt]) for fmt in FORMATS}
        self.format_checks["png"].setChecked(True)
        form.addRow(tr("Formats:"), self.row(*self.format_checks.values()))
        self.patch_size = QSpinBox(minimum=1, maximum=4096, value=recipe.PATCH_SIZE)
        self.stride = QSpinBox(minimum=1, maximum=4096, value=recipe.PATCH_STRIDE)
        form.addRow(tr("Patch size:"), self.row(self.patch_size, QLabel(tr("stride")), self.stride))
        self.label_layer = QgsMapLayerComboBox()
        self.label_layer.setObjectName("labelLayer")
        self.label_layer.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer | QgsMapLayerProxyModel.Filter.RasterLayer)
        self.label_layer.setAllowEmptyLayer(True)
        self.label_layer.setLayer(None)
        self.label_layer.setToolTip(tr("Polygons (or lines and points with a buffer) and their class field, or a "
                                       "raster of classes: each pair gets a label patch on its grid. Empty: the "
                                       "land cover fetched with the scene, if any."))
        form.addRow(tr("Labels:"), self.label_layer)
        self.label_field = QgsFieldComboBox()
        self.label_field.setObjectName("labelField")
        self.label_buffer = QDoubleSpinBox(minimum=0.0, maximum=10000.0, decimals=1, suffix=" m")
        self.label_buffer.setObjectName("labelBuffer")
        form.addRow(tr("Class field:"), self.row(self.label_field, QLabel(tr("buffer")), self.label_buffer))
        self.label_all_touched = QCheckBox(tr("every touched pixel"))
        self.drop_unlabeled = QCheckBox(tr("drop pairs without a class"))
        form.addRow("", self.row(self.label_all_touched, self.drop_unlabeled))
        self.label_layer.layerChanged.connect(self._label_layer_changed)
        self._label_layer_changed(None)
        self.overwrite = QCheckBox(tr("Replace scenes made from other inputs or settings"))
        self.overwrite.setObjectName("overwrite")
        form.addRow(self.overwrite)
        form.addRow(self.button(tr("Extract from visible scene pairs"), self.extract_visible, "extractVisible", task="extract"))

    def load_settings(self, settings: Sen12Settings) -> None:
        self.dataset_name.setText(settings.dataset_name)
        ticked = settings.formats.split(",")
        for fmt, check in self.format_checks.items():
            check.setChecked(fmt in ticked)
        self.patch_size.setValue(settings.patch_size)
        self.stride.setValue(settings.stride)

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.dataset_name = self.dataset_name.text()
        settings.formats = ",".join(fmt for fmt, check in self.format_checks.items() if check.isChecked())
        settings.patch_size, settings.stride = self.patch_size.value(), self.stride.value()

    def choice(self) -> ExtractChoice | None:
        """The current choices, or None (and the reason shown) when no format is ticked."""
        formats = tuple(fmt for fmt, check in self.format_checks.items() if check.isChecked())
        if not formats:
            self.dock.error(tr("Tick PNG and/or GeoTIFF."))
            return None
        try:
            output = self.dock.output_folder() / PATCHES_FOLDER
        except InputError as exc:
            self.dock.error(str(exc))
            return None
        try:
            labels = self.label_choice()
        except InputError as exc:
            self.dock.error(str(exc))
            return None
        self.dock.save_settings()
        return ExtractChoice(output, formats, self.dataset_name.text() or None,
                             self.patch_size.value(), self.stride.value(), self.overwrite.isChecked(),
                             self.dock.season.all_bands.isChecked(), labels, self.drop_unlabeled.isChecked())

    def _label_layer_changed(self, layer) -> None:
        vector = isinstance(layer, QgsVectorLayer)
        self.label_field.setLayer(layer if vector else None)
        for widget in (self.label_field, self.label_buffer, self.label_all_touched):
            widget.setEnabled(vector)

    def label_choice(self) -> LabelSource | None:
        """The chosen label layer as the core's label source (features read here, on the main thread)."""
        return label_source(self.label_layer.currentLayer(), self.label_field.currentField(),
                            self.label_buffer.value(), self.label_all_touched.isChecked())

    def confirm_pairs(self, dialog) -> bool:
        """Show the pairing table; True when the analyst runs it (tests answer in its place)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def extract_visible(self) -> None:
        project = QgsProject.instance()
        if own_scenes.has_own_layers(project):
            choice = self.choice()
            if choice is not None:
                own_scenes.extract_own(self.dock, choice, self.confirm_pairs)  # the pairing table first
            return
        pairs, problems = layers.visible_pairs(project)
        for problem in problems:
            self.dock.message(problem, Qgis.MessageLevel.Warning)
        if not pairs:
            self.dock.error(tr("No visible scene pair: show the S1 and S2 layers of at least one ROI."))
            return
        choice = self.choice()
        if choice is None:
            return
        self._extract_scene_pairs([(s1.source(), s2.source(), key) for s1, s2, key in pairs], choice)

    def _extract_scene_pairs(self, pairs, choice: ExtractChoice) -> None:
        jobs = [pipeline.ExtractJob(s1, s2, pipeline.scene_options(
            key, dataset_name=choice.dataset_name, patch_size=choice.patch_size, stride=choice.stride,
            formats=choice.formats, drop_unlabeled=choice.drop_unlabeled), choice.labels) for s1, s2, key in pairs]

        def work(progress, cancelled):
            return pipeline.extract_scenes(jobs, choice.output, overwrite=choice.overwrite, progress=progress,
                                           cancelled=cancelled)

        def done(outcome: pipeline.ExtractOutcome):
            for (_s1, _s2, key), scene in zip(pairs, outcome.scenes):  # the labels beside the scene's S1 and S2
                label = scene.result.label
                if label is not None and choice.labels is not None:  # fetched labels are loaded with the scene
                    classes = read_class_map(class_map_path(choice.output, scene.result.dataset)) or label.classes
                    layers.add_labels(QgsProject.instance(), label.path, classes, key)
            self.dock.review.show_patch_index(outcome.index)
            self.dock.message(tr("{} patch pairs from {} scene pairs in {}.").format(
                outcome.patch_pairs, len(jobs), choice.output), Qgis.MessageLevel.Success)

        self.dock.run_task(tr("Extracting SEN1-2 patches"), work, done, kind="extract")
