"""6. Review and publish: step through the patch index by keyboard, then apply decisions, splits, card."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QImage, QPixmap
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QLabel, QMessageBox

from ...core import pipeline, review
from ...core.errors import Sen12Error
from ...core.index import reasons_in_queue
from ...core.label_patches import patch_preview
from ...core.splits import KEYS as SPLIT_KEYS
from ...settings import Sen12Settings
from ...translation import plural, tr
from .. import layers
from ..flow import wrap_check
from .base import FOLLOWS_DATA, Section

THUMB = 96  # px a side of the review's patch previews


QUEUES = (("flagged", tr("flagged patches first (all when none is flagged)")), ("all", tr("all patches")))


class ReviewSection(Section):
    review_session = None

    def __init__(self, dock) -> None:
        super().__init__(tr("6. Review and publish"), dock)
        form = self.form
        self.review_layer = QgsMapLayerComboBox()
        self.review_layer.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        form.addRow(tr("Patch index:"), self.review_layer)
        self.queue = QComboBox()
        self.queue.setObjectName("reviewQueue")
        for value, label in QUEUES:
            self.queue.addItem(label, value)
        form.addRow(tr("Review:"), self.queue)
        self.reason = QComboBox()  # the reasons the index holds, with their counts (core.index)
        self.reason.setObjectName("reviewReason")
        self.reason.setProperty(FOLLOWS_DATA, True)  # its choices follow the chosen index
        form.addRow(tr("Reason:"), self.reason)
        self.review_layer.layerChanged.connect(self.refresh_reasons)
        self.refresh_reasons()
        # The keys stay in view for the whole review; the line under them follows the patch.
        self.key_help = QLabel(tr("Keys: N next, P previous, A accept, R reject, T toggle S1/S2, L labels"))
        self.key_help.setObjectName("reviewKeys")
        self.key_help.setWordWrap(True)
        form.addRow(self.key_help)
        self.review_state = QLabel("")
        self.review_state.setObjectName("reviewState")
        self.review_state.setWordWrap(True)
        form.addRow(self.review_state)
        self.thumbnails = {}  # the current patch's files side by side: S1, S2 and its label patch
        for key, name in (("s1_path", "reviewS1"), ("s2_path", "reviewS2"), ("lc_path", "reviewLabel")):
            thumb = QLabel()
            thumb.setObjectName(name)
            thumb.setFixedSize(THUMB, THUMB)
            thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.thumbnails[key] = thumb
        form.addRow(self.row(*self.thumbnails.values()))
        form.addRow(self.row(self.button(tr("Start review"), self.start_review, "startReview"),
                             self.button(tr("Stop"), self.stop_review, "stopReview")))
        self.split_by = QComboBox()
        for key in SPLIT_KEYS:
            self.split_by.addItem(split_label(key), key)
        form.addRow(tr("Split by:"), self.split_by)
        self.apply_checks_rejects = QCheckBox()
        self.apply_checks_rejects.setObjectName("applyChecksRejects")
        form.addRow(wrap_check(self.apply_checks_rejects, tr("Move the checks' rejects without asking")))
        form.addRow(self.button(tr("Apply decisions, make splits, write the dataset card"), self.publish, "publish",
                                task="publish"))

    def load_settings(self, settings: Sen12Settings) -> None:
        self.split_by.setCurrentIndex(max(0, self.split_by.findData(settings.split_by)))
        self.apply_checks_rejects.setChecked(settings.apply_checks_rejects)
        self.queue.setCurrentIndex(max(0, self.queue.findData(settings.review_queue)))
        index = next((layer for layer in QgsProject.instance().mapLayers().values()
                      if layer.customProperty(layers.ROLE) == "patch_index"), None)
        if index is not None:  # a reopened project offers its patch index, not the first polygon layer
            self.review_layer.setLayer(index)

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.split_by = self.split_by.currentData()
        settings.apply_checks_rejects = self.apply_checks_rejects.isChecked()
        settings.review_queue = self.queue.currentData() or "flagged"

    def show_patch_index(self, index) -> None:
        """The patch index as the one "Patch index" layer, chosen for review."""
        project = QgsProject.instance()
        for layer in project.mapLayersByName(tr("Patch index")):
            project.removeMapLayer(layer)
        index_layer = QgsVectorLayer(f"{index}|layername=patches", tr("Patch index"), "ogr")
        layers.style_patch_index(index_layer)
        layers.add_to_plugin_group(project, index_layer, "patch_index")
        self.review_layer.setLayer(index_layer)

    def refresh_reasons(self, *_args) -> None:
        """The reason filter's choices: any reason, then each reason flagged in the chosen index, with its count."""
        chosen = self.reason.currentData()
        self.reason.clear()
        self.reason.addItem(tr("any reason"), None)
        layer = self.review_layer.currentLayer()
        try:
            counts = reasons_in_queue(layer.source().split("|")[0]) if layer is not None else {}
        except (Sen12Error, sqlite3.Error):  # not a patch index: only "any reason"
            counts = {}
        for kind, n in counts.items():
            self.reason.addItem(tr("{} ({} patches)").format(kind, n), kind)
        self.reason.setCurrentIndex(max(0, self.reason.findData(chosen)))

    def start_review(self) -> None:
        from ..review import ReviewSession

        self.stop_review()
        layer = self.review_layer.currentLayer()
        if layer is None:
            self.dock.error(tr("Choose the patch index layer (extract patches first)."))
            return
        self.refresh_reasons()  # the index may have grown since the layer was chosen
        try:
            self.review_session = ReviewSession(self.dock.iface, layer, only_flagged=self.queue.currentData() == "flagged",
                                                reason=self.reason.currentData())
        except (ValueError, Sen12Error) as exc:
            self.dock.error(str(exc))
            return
        self.review_session.changed.connect(self.review_state.setText)
        self.review_session.patch_shown.connect(self.show_thumbnails)
        self.review_session.start()

    def show_thumbnails(self, row: dict) -> None:
        """The patch's S1 and S2 PNGs and its label patch in the class colours, each scaled to fit."""
        layer = self.review_layer.currentLayer()
        root = Path(layer.source().split("|")[0]).parent if layer is not None else Path()
        for key, thumb in self.thumbnails.items():
            pixmap = QPixmap()
            if key == "lc_path":
                rgb = patch_preview(root, row)
                if rgb is not None:
                    h, w = rgb.shape[:2]
                    image = QImage(rgb.tobytes(), w, h, 3 * w, QImage.Format.Format_RGB888)
                    pixmap = QPixmap.fromImage(image.copy())
            elif row.get(key):
                pixmap = QPixmap(str(root / row[key]))
            thumb.setPixmap(pixmap.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio) if not pixmap.isNull()
                            else QPixmap())
            thumb.setToolTip(row.get(key) or "")

    def stop_review(self) -> None:
        if self.review_session is not None:
            self.review_session.stop()
            self.review_session = None

    def publish(self) -> None:
        layer = self.review_layer.currentLayer()
        if layer is None:
            self.dock.error(tr("Choose the patch index layer (extract patches first)."))
            return
        folder = Path(layer.source().split("|")[0]).parent
        split_by = self.split_by.currentData()
        unseen = review.unreviewed_rejects(folder)
        if unseen and not self.apply_checks_rejects.isChecked():
            answer = self.confirm_automatic_rejects(unseen)
            if answer == "review":
                self.start_review()
                return
            if answer != "apply":
                return

        def work(progress, cancelled):
            return pipeline.publish(folder, split_by, progress=progress)

        def done(outcome: pipeline.PublishOutcome):
            self.report_publish(outcome, split_by)

        self.dock.run_task(tr("Publishing the SEN1-2 dataset"), work, done, kind="publish")

    def confirm_automatic_rejects(self, count: int) -> str:
        """Ask before the checks' rejects nobody looked at are moved out: "apply", "review" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("SEN1-2: rejects nobody reviewed"), plural(
            count, tr("The checks reject {} patch pair that nobody has reviewed. Move it to _rejected too?"),
            tr("The checks reject {} patch pairs that nobody has reviewed. Move them to _rejected too?")),
            QMessageBox.StandardButton.NoButton, self)
        apply = box.addButton(tr("Move them"), QMessageBox.ButtonRole.AcceptRole)
        look = box.addButton(tr("Review them first"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {id(apply): "apply", id(look): "review"}.get(id(box.clickedButton()), "cancel")

    def report_publish(self, outcome: pipeline.PublishOutcome, split_by: str) -> None:
        """One sentence of what was kept, moved and split, with a button that opens the card."""
        moved = outcome.review
        problems = moved.refused + outcome.splits.skipped
        out = plural(moved.rejected_by_you + moved.rejected_by_checks, tr("{} moved to _rejected"),
                     tr("{} moved to _rejected"))
        if moved.rejected_by_you + moved.rejected_by_checks:
            out = tr("{} ({} by your review, {} by the checks)").format(out, moved.rejected_by_you,
                                                                        moved.rejected_by_checks)
        parts = [plural(moved.kept, tr("{} patch pair kept"), tr("{} patch pairs kept")), out]
        if moved.brought_back:
            parts.append(plural(moved.brought_back, tr("{} brought back"), tr("{} brought back")))
        sizes = ", ".join(f"{split} {n}" for split, n in outcome.splits.sizes.items())
        text = tr("Published: {}. Splits by {}: {}.").format(", ".join(parts), split_label(split_by), sizes)
        if problems:
            text += " " + plural(len(problems), tr("{} index row skipped:"), tr("{} index rows skipped:"))
        card = outcome.card[1]
        self.dock.report(text, Qgis.MessageLevel.Warning if problems else Qgis.MessageLevel.Success, problems,
                         action=(tr("Open the dataset card"), lambda: open_file(card)))


def split_label(key: str) -> str:
    """A split key for the user; the literal tr() calls put the three into the .ts."""
    return {"scene": tr("scene"), "roi": tr("roi"), "season": tr("season")}.get(key, key)


def open_file(path: Path) -> None:
    """The file in the system's viewer (a Markdown card opens in an editor or browser)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
