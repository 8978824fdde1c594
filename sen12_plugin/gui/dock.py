"""The dock: the analyst's workflow from ROIs to patch pairs, one section widget per step.

Sections follow the pipeline (``gui/sections``): ROIs -> season and sensors -> Earth Engine ->
scenes -> extract -> review. The dock only holds them and gives them what they share: the
message bar, the ROI layer, the project's working folder, settings, and ``run_task`` (every long
step runs as a QgsTask: progress in the task manager, cancel works; results and errors, as
sentences, come back on the main thread).

The working folder and every choice belong to the QGIS project (``settings``): they are written
into the project as they change and read again when a project is opened; a new project starts
from the recipe's defaults.
"""

from __future__ import annotations

import time
from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox, QgsMessageBarItem
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import InputError
from ..settings import Sen12Settings
from ..translation import tr
from . import roi_layer, tasks
from .sections.base import FOLLOWS_DATA
from .sections.earthengine import EarthEngineSection
from .sections.extract import ExtractSection
from .sections.review import ReviewSection
from .sections.rois import RoisSection
from .sections.scenes import ScenesSection
from .sections.season import SeasonSection

MESSAGE_TITLE = "SEN1-2"
DOCK_WIDTH_CHARS = 46  # the dock's minimum width in average characters of its font
INLINE_DETAILS = 300  # characters of details a message shows in its sentence; longer ones go under "More"


class Sen12Dock(QgsDockWidget):
    closed = pyqtSignal()

    def __init__(self, iface, parent=None) -> None:
        super().__init__(tr("SEN1-2 Patch Builder"), parent)
        self.setObjectName("Sen12Dock")
        self.iface = iface
        self.running: list[tasks.CoreTask] = []
        self.task_buttons: dict[str, list] = {}  # kind -> [(button, its own text)]
        self.task_panel = tasks.TaskPanel()
        self._started_at: dict[str, float] = {}  # kind -> when its button last started a task
        self._loading = False
        self._action_items: list = []  # messages with a button, withdrawn when the dock goes
        self.folder = QgsFileWidget()
        self.folder.setObjectName("projectFolder")
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setToolTip(tr("Where this QGIS project keeps its ROIs, scenes and patches"))
        self.rois = RoisSection(self)
        self.season = SeasonSection(self)
        self.earthengine = EarthEngineSection(self)
        self.scenes = ScenesSection(self)
        self.extract = ExtractSection(self)
        self.review = ReviewSection(self)
        self._lay_out()
        self.load_settings()
        self._save_on_change()
        project = QgsProject.instance()
        project.cleared.connect(self.cancel_all)
        project.cleared.connect(self.load_settings)  # a new project: the recipe's defaults
        project.readProject.connect(self.load_settings)  # an opened project: its own choices

    def sections(self) -> tuple:
        return self.rois, self.season, self.earthengine, self.scenes, self.extract, self.review

    def _lay_out(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        top = QFormLayout()
        top.addRow(tr("Project folder:"), self.folder)
        column.addLayout(top)
        column.addWidget(self.task_panel)
        for section in self.sections():
            column.addWidget(section)
        column.addStretch(1)
        for combo in body.findChildren(QComboBox):  # as wide as a dozen characters, whatever its items say
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        # One width in every language, in units of the font: rows wrap and long texts break into
        # lines instead (gui/flow); the sections scroll vertically.
        scroll.setMinimumWidth(DOCK_WIDTH_CHARS * body.fontMetrics().averageCharWidth()
                               + scroll.verticalScrollBar().sizeHint().width() + 4)
        self.setWidget(scroll)

    # ----- what the sections share -------------------------------------------------------
    def message(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        self.report(text, level)

    def error(self, text: str) -> None:
        self.report(text, Qgis.MessageLevel.Critical)

    def report(self, text: str, level=Qgis.MessageLevel.Info, details=(), action=None):
        """One message for one run: a sentence, its ``details`` (lines) under QGIS' "More", and
        ``action`` (button text, callable) as a button in the message. Success and information
        go after 10 s; warnings and errors stay 30 s (the message bar stacks, so a run that
        pushed many messages made them resurface one after another)."""
        bar = self.iface.messageBar()
        duration = 10 if level in (Qgis.MessageLevel.Info, Qgis.MessageLevel.Success) else 30
        details = list(details)
        if details and (action is not None or sum(len(line) for line in details) <= INLINE_DETAILS):
            text, details = f"{text} {'; '.join(details)}", []  # short enough to read in the sentence
        if action is None:
            if details:
                bar.pushMessage(MESSAGE_TITLE, text + tr(" (see More)"), "\n".join(details), level, duration)
            else:
                bar.pushMessage(MESSAGE_TITLE, text, level=level, duration=duration)
            return None
        label, slot = action
        button = QPushButton(label)
        button.setObjectName("messageAction")
        item = QgsMessageBarItem(MESSAGE_TITLE, text, button, level, duration)
        button.clicked.connect(lambda _checked=False: slot())
        bar.pushItem(item)
        for made in (button, item):  # the bar owns and deletes them; Python would free them on return
            sip.transferto(made, None)
        self._action_items.append(item)
        return item

    def withdraw_messages(self) -> None:
        """Take this dock's messages with a button off the bar (the plugin is unloaded): their
        buttons would call into a dock that is gone."""
        bar = self.iface.messageBar()
        for item in self._action_items:
            if not sip.isdeleted(item):
                bar.popWidget(item)
        self._action_items = []

    def output_folder(self) -> Path:
        """The project's working folder: the one chosen for it; else, for a saved project, a folder
        beside the project file (said once); else the analyst is asked once. Never a temporary
        folder (a reboot would lose the ROIs and datasets). InputError when none is chosen."""
        text = self.folder.filePath().strip()
        if not text:
            project = QgsProject.instance()
            if project.fileName():
                text = str(Path(project.absolutePath()) / f"{project.baseName()}_sen12")
                self.message(tr("This project's working folder is {} (beside the project file; change it under "
                                "Project folder).").format(text))
            else:
                text = self.ask_folder()
            if not text:
                raise InputError(tr("Choose a working folder for this project first (Project folder, at the top "
                                    "of the dock): the ROIs, scenes and patches are kept there."))
            self.folder.setFilePath(text)
        return Path(text)

    def ask_folder(self) -> str:
        """Ask for the working folder of an unsaved project; "" when the analyst cancels."""
        return QFileDialog.getExistingDirectory(self, tr("Working folder of this QGIS project (ROIs, scenes, "
                                                         "patches)"), str(Path.home()))

    def roi_layer(self) -> QgsVectorLayer:
        return roi_layer.ensure_roi_layer(QgsProject.instance(), self.output_folder())

    # ----- the choices, kept with the project ---------------------------------------------
    def load_settings(self) -> None:
        """Show the current project's choices (the recipe's defaults for a new project)."""
        self._loading = True
        try:
            self.settings = Sen12Settings.load()
            project = QgsProject.instance()
            self.folder.setFilePath(project.readPath(self.settings.folder) if self.settings.folder else "")
            for section in self.sections():
                section.load_settings(self.settings)
        finally:
            self._loading = False

    def save_settings(self) -> None:
        if self._loading:
            return
        folder = self.folder.filePath().strip()
        self.settings.folder = QgsProject.instance().writePath(folder) if folder else ""
        for section in self.sections():
            section.store_settings(self.settings)
        self.settings.save()

    def _save_on_change(self) -> None:
        """Every choice is written into the project when it changes (typed or set by code)."""
        save = lambda *_: self.save_settings()  # noqa: E731
        for edit in self.findChildren(QLineEdit):  # also the text of file widgets
            edit.textChanged.connect(save)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(save)
        for spin in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            spin.valueChanged.connect(save)
        for date in self.findChildren(QDateEdit):
            date.dateChanged.connect(save)
        for combo in self.findChildren(QComboBox):
            # A layer pick follows the layers and a "follows the data" combo (the review's reasons)
            # is refilled while a project closes: neither is a choice to keep, and saving then would
            # write the old project's choices into the new one.
            if not isinstance(combo, QgsMapLayerComboBox) and not combo.property(FOLLOWS_DATA):
                combo.currentIndexChanged.connect(save)

    # ----- tasks: one per kind at a time, progress and Cancel in the dock ----------------------
    def run_task(self, description: str, fn, on_done, pass_progress: bool = True,
                 kind: str | None = None) -> tasks.CoreTask | None:
        """``fn`` in a QgsTask; ``on_done(result)``, the error sentence or "cancelled" on the main thread.

        One task per ``kind`` (the action that starts it, e.g. ``download``) at a time: while it
        runs, its button is its Cancel and a second start is refused (two downloads into one
        folder would overwrite each other's tiles). None when refused.
        """
        kind = kind or description
        if self.running_task(kind) is not None:
            self.message(tr("{} is still running: wait for it, or cancel it first.").format(description),
                         Qgis.MessageLevel.Warning)
            return None

        def done(result):
            self._forget(task)
            on_done(result)

        def failed(text):
            self._forget(task)
            self.error(text)

        def cancelled():
            self._forget(task)
            self.message(tr("Cancelled: {}. What was finished is kept; run it again to go on.").format(description))

        task = tasks.CoreTask(description, fn, on_done=done, on_error=failed, on_cancelled=cancelled,
                              pass_progress=pass_progress, kind=kind)
        self.running.append(task)
        self.task_panel.add(task)
        self._show_task_buttons(kind)
        return tasks.start(task)

    def running_task(self, kind: str) -> tasks.CoreTask | None:
        return next((t for t in self.running if t.kind == kind), None)

    def task_button(self, button, kind: str) -> None:
        """``button`` starts tasks of ``kind``: it reads Cancel (and cancels) while one runs."""
        self.task_buttons.setdefault(kind, []).append((button, button.text()))

    def start_or_cancel(self, kind: str, start) -> None:
        """A task button's click: start, or cancel what runs. The second click of a double-click
        belongs to the start (it would cancel the task it just started)."""
        task = self.running_task(kind)
        if task is None:
            self._started_at[kind] = time.monotonic()
            start()
        elif time.monotonic() - self._started_at.get(kind, 0.0) > QApplication.doubleClickInterval() / 1000:
            self.cancel_task(task)

    def cancel_task(self, task: tasks.CoreTask) -> None:
        row = self.task_panel.rows.get(id(task))
        if row is not None:
            row.ask_cancel()
        else:
            task.cancel()
        for button, _text in self.task_buttons.get(task.kind, []):
            button.setText(tr("Cancelling…"))
            button.setEnabled(False)

    def _show_task_buttons(self, kind: str) -> None:
        running = self.running_task(kind) is not None
        for button, text in self.task_buttons.get(kind, []):
            button.setText(tr("Cancel") if running else text)
            button.setToolTip(tr("Cancel the running task") if running else "")
            button.setEnabled(True)

    def _forget(self, task) -> None:
        self.running = [t for t in self.running if t is not task]
        self.task_panel.remove(task)
        self._show_task_buttons(task.kind)

    def cancel_all(self) -> None:
        """Closing the project or QGIS: nothing keeps running (each task reports its end)."""
        for task in list(self.running):
            self.cancel_task(task)
        self.review.stop_review()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.closed.emit()
        super().closeEvent(event)


def dock_area():
    return Qt.DockWidgetArea.RightDockWidgetArea
