"""5. Extract patches: from the visible scene pairs (or the analyst's own layers, after the pairing table)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QSpinBox

from ...core import pipeline, recipe
from ...core.errors import InputError
from ...core.extract import FORMATS
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
        self.dock.save_settings()
        return ExtractChoice(output, formats, self.dataset_name.text() or None,
                             self.patch_size.value(), self.stride.value(), self.overwrite.isChecked(),
                             self.dock.season.all_bands.isChecked())

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
            formats=choice.formats)) for s1, s2, key in pairs]

        def work(progress, cancelled):
            return pipeline.extract_scenes(jobs, choice.output, overwrite=choice.overwrite, progress=progress,
                                           cancelled=cancelled)

        def done(outcome: pipeline.ExtractOutcome):
            self.dock.review.show_patch_index(outcome.index)
            self.dock.message(tr("{} patch pairs from {} scene pairs in {}.").format(
                outcome.patch_pairs, len(jobs), choice.output), Qgis.MessageLevel.Success)

        self.dock.run_task(tr("Extracting SEN1-2 patches"), work, done, kind="extract")
