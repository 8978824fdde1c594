"""The dock: the analyst's workflow from ROIs to patch pairs, one section widget per step.

Sections follow the pipeline (``gui/sections``): ROIs -> season and sensors -> Earth Engine ->
scenes -> extract -> review. The dock only holds them and gives them what they share: the
message bar, the ROI layer, the working folder, settings, and ``run_task`` (every long step runs
as a QgsTask: progress in the task manager, cancel works; results and errors, as sentences,
come back on the main thread).
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from ..settings import Sen12Settings
from ..translation import tr
from . import roi_layer, tasks
from .sections.earthengine import EarthEngineSection
from .sections.extract import ExtractSection
from .sections.review import ReviewSection
from .sections.rois import RoisSection
from .sections.scenes import ScenesSection
from .sections.season import SeasonSection

MESSAGE_TITLE = "SEN1-2"


class Sen12Dock(QgsDockWidget):
    closed = pyqtSignal()

    def __init__(self, iface, parent=None) -> None:
        super().__init__(tr("SEN1-2 Patch Builder"), parent)
        self.setObjectName("Sen12Dock")
        self.iface = iface
        self.running: list[tasks.CoreTask] = []
        self.rois = RoisSection(self)
        self.season = SeasonSection(self)
        self.earthengine = EarthEngineSection(self)
        self.scenes = ScenesSection(self)
        self.extract = ExtractSection(self)
        self.review = ReviewSection(self)
        self.settings = Sen12Settings.load()
        for section in self.sections():
            section.load_settings(self.settings)
        self._lay_out()
        QgsProject.instance().cleared.connect(self.cancel_all)

    def sections(self) -> tuple:
        return self.rois, self.season, self.earthengine, self.scenes, self.extract, self.review

    def _lay_out(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        for section in self.sections():
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # Wide enough for every row; the sections scroll vertically instead of clipping.
        scroll.setMinimumWidth(body.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)
        self.setWidget(scroll)

    # ----- what the sections share -------------------------------------------------------
    def message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        self.iface.messageBar().pushMessage(MESSAGE_TITLE, text, level=level, duration=10)

    def error(self, text: str) -> None:
        self.message(text, Qgis.MessageLevel.Critical)

    def output_folder(self) -> Path:
        return self.scenes.output_folder()

    def roi_layer(self) -> QgsVectorLayer:
        return roi_layer.ensure_roi_layer(QgsProject.instance(), self.output_folder())

    def save_settings(self) -> None:
        for section in self.sections():
            section.store_settings(self.settings)
        self.settings.save()

    def run_task(self, description: str, fn, on_done, pass_progress: bool = True) -> tasks.CoreTask:
        """``fn`` in a QgsTask; ``on_done(result)`` or the error sentence on the main thread."""
        def done(result):
            self._forget(task)
            on_done(result)

        def failed(text):
            self._forget(task)
            self.error(text)

        task = tasks.CoreTask(description, fn, on_done=done, on_error=failed, pass_progress=pass_progress)
        self.running.append(task)
        return tasks.start(task)

    def _forget(self, task) -> None:
        self.running = [t for t in self.running if t is not task]

    def cancel_all(self) -> None:
        """Closing the project or QGIS: nothing keeps running (each task reports its end)."""
        for task in list(self.running):
            task.cancel()
        self.review.stop_review()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.closed.emit()
        super().closeEvent(event)


def dock_area():
    return Qt.DockWidgetArea.RightDockWidgetArea
