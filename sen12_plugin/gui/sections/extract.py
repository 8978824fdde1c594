"""5. Extract patches: from the visible scene pairs (or the analyst's own layers, after the pairing table)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QCheckBox, QDialog, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from ...core import pipeline, recipe
from ...core.errors import InputError, Sen12Error
from ...core.extract import FORMATS
from ...core.labels import LabelSource
from ...qgis_support import label_source
from ...settings import Sen12Settings
from ...translation import plural, tr
from .. import layers, own_scenes
from ..flow import wrap_check
from ..messages import grouped
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
    allow_date_gap: bool = False

    def plan_choices(self, **pair) -> pipeline.Choices:
        """The section's settings and one pair's table columns as the plan's choices (it decides the rest)."""
        return pipeline.Choices(patch_size=self.patch_size, stride=self.stride, formats=self.formats,
                                all_s2_bands=self.all_s2_bands, allow_date_gap=self.allow_date_gap,
                                drop_unlabeled=self.drop_unlabeled, **pair)


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
        self.overwrite = QCheckBox()
        self.overwrite.setObjectName("overwrite")
        form.addRow(wrap_check(self.overwrite, tr("Replace scenes made from other inputs or settings")))
        self.allow_date_gap = QCheckBox()
        self.allow_date_gap.setObjectName("allowDateGap")
        form.addRow(wrap_check(self.allow_date_gap, tr("Allow S1/S2 dates far apart (over 30 days)")))
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
                             self.dock.season.all_bands.isChecked(), labels, self.drop_unlabeled.isChecked(),
                             self.allow_date_gap.isChecked())

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
        given = [(s1, s2, choice.plan_choices(dataset_name=choice.dataset_name)) for s1, s2, _key in pairs]
        key_of_source = {s1: key for s1, _s2, key in pairs}

        def show_labels(outcome: pipeline.ExtractOutcome) -> None:
            """Each scene's labels, as put on its grid, beside its S1 and S2 (fetched ones came with the scene)."""
            for job, scene in zip(outcome.extracted, outcome.scenes):
                if job.labels is not None:
                    layers.add_extracted_labels(QgsProject.instance(), scene.result, choice.output,
                                                key_of_source[job.plan.s1_source])

        def make_jobs():
            jobs, refused = pipeline.plan_jobs(given, choice.output, choice.labels)
            return jobs, [(Path(s2).name, why) for s2, why in refused]

        self.run_extraction(tr("Extracting SEN1-2 patches"), make_jobs, choice, show_labels)

    def run_extraction(self, description: str, make_jobs, choice: ExtractChoice, on_extracted=None,
                       skip_rejected: bool = True) -> None:
        """``make_jobs() -> (jobs, refused)`` and their extraction in the background, then one
        report. A pair that fails does not stop the others; pairs the scene check rejects are
        skipped and offered with "Extract anyway"."""
        def work(progress, cancelled):
            jobs, refused = make_jobs()
            outcome = pipeline.extract_scenes(jobs, choice.output, overwrite=choice.overwrite, progress=progress,
                                              cancelled=cancelled, keep_going=True, skip_rejected=skip_rejected)
            return jobs, refused, outcome

        def done(result):
            jobs, refused, outcome = result
            if outcome.index is not None:
                self.dock.review.show_patch_index(outcome.index)
            if on_extracted is not None:
                on_extracted(outcome)
            self.report_extraction(len(jobs) + len(refused), refused, outcome, choice)
            if outcome.rejected:
                rejected = [job for job, _verdict in outcome.rejected]
                self.dock.report(
                    plural(len(rejected), tr("The scene check rejects {} scene pair, so it was not extracted:"),
                           tr("The scene check rejects {} scene pairs, so they were not extracted:")),
                    Qgis.MessageLevel.Warning,
                    grouped((job_label(job), "; ".join(verdict.reasons)) for job, verdict in outcome.rejected),
                    action=(tr("Extract anyway"), lambda: self.run_extraction(
                        description, lambda: (rejected, []), choice, on_extracted, skip_rejected=False)))

        self.dock.run_task(description, work, done, kind="extract")

    def report_extraction(self, total: int, refused, outcome: pipeline.ExtractOutcome, choice: ExtractChoice) -> None:
        """Success only when patch pairs were made; otherwise a warning that says why."""
        problems = list(refused) + [(job_label(job), why) for job, why in outcome.failed]
        notes = [(job_label(job), note) for job, scene in zip(outcome.extracted, outcome.scenes)
                 for note in scene.result.messages]
        labelled = [(job_label(job), scene.result.label.summary) for job, scene in zip(outcome.extracted, outcome.scenes)
                    if scene.result.label is not None and scene.result.label.summary]  # information, no warning
        made = outcome.patch_pairs
        pairs = plural(total, tr("{} scene pair"), tr("{} scene pairs"))
        if made == 0:
            if problems:
                why = ""  # the grouped reasons follow
            elif outcome.scenes:
                why = tr(" every patch position has no-data in S1 or S2.")
            else:
                why = tr(" the scene check rejects them.")
            self.dock.report(tr("No patch pair was made from {}:").format(pairs) + why, Qgis.MessageLevel.Warning,
                             grouped(problems + notes))
            return
        text = tr("{} from {} of {} in {}.").format(plural(made, tr("{} patch pair"), tr("{} patch pairs")),
                                                    len(outcome.scenes), pairs, choice.output)
        level = Qgis.MessageLevel.Warning if problems or notes else Qgis.MessageLevel.Success
        self.dock.report(text, level, grouped(problems + notes + labelled))


def job_label(job: pipeline.ExtractJob) -> str:
    """How a message names a scene pair: its dataset and scene number, else its S2 file."""
    try:
        return tr("{} scene {}").format(job.options.dataset, job.options.scene)
    except Sen12Error:
        return Path(job.s2).name
