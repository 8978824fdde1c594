"""QgsTask around a core call: progress and cancel wired in, the result handed to the main thread;
and the dock's panel of running tasks (progress bar and Cancel, one row per task).

The worker runs in ``run()`` and touches no layer, project or widget; ``finished()`` runs on the
main thread and alone calls back into the GUI, with the result, the error in words, or the news
that the user cancelled. A cancel the user asked for ends the task as complete (QGIS would show a
terminated task as "Task failed" in red) and is reported as cancelled, not as an error.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt.QtCore import pyqtSlot
from qgis.PyQt.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..core.errors import Cancelled
from ..qgis_support import LOG_TAG, user_sentence
from ..translation import tr

_alive: set = set()  # the Python side of running tasks: kept until finished() has run


class CoreTask(QgsTask):
    """Runs ``fn(progress=..., cancelled=...)`` in the background; ``kind`` says which dock action
    started it (one task per kind at a time)."""

    def __init__(self, description: str, fn: Callable[..., Any], *,
                 on_done: Callable[[Any], None], on_error: Callable[[str], None],
                 on_cancelled: Callable[[], None] | None = None, pass_progress: bool = True,
                 kind: str = "") -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.fn, self.on_done, self.on_error, self.on_cancelled = fn, on_done, on_error, on_cancelled
        self.pass_progress = pass_progress
        self.kind = kind or description
        self.result: Any = None
        self.error: str | None = None
        self.stopped_by_user = False

    def run(self) -> bool:
        try:
            if self.pass_progress:
                self.result = self.fn(progress=lambda f: self.setProgress(100.0 * f),
                                      cancelled=self.isCanceled)
            else:
                self.result = self.fn()
            return True
        except Exception as exc:  # noqa: BLE001 - the same sentences as Processing; a bug's trace goes to the log
            if isinstance(exc, Cancelled) or self.isCanceled():
                if not isinstance(exc, Cancelled):  # what the cancel interrupted, for the log panel only
                    QgsMessageLog.logMessage("".join(traceback.format_exception_only(type(exc), exc)), LOG_TAG,
                                             Qgis.MessageLevel.Info)
                self.stopped_by_user = True
                return True
            self.error = user_sentence(exc)
        return False

    def finished(self, ok: bool) -> None:  # main thread
        _alive.discard(self)
        try:
            if self.stopped_by_user or (not ok and self.isCanceled() and self.error is None):
                if self.on_cancelled is not None:
                    self.on_cancelled()
            elif ok:
                self.on_done(self.result)
            else:
                self.on_error(self.error or tr("The task stopped without a reason; see the log panel (SEN1-2)."))
        except RuntimeError:  # the dock was closed meanwhile (plugin unloaded): nobody to tell
            QgsMessageLog.logMessage(f"{self.description()}: {self.error or 'done'}", LOG_TAG,
                                     Qgis.MessageLevel.Info)


def start(task: CoreTask) -> CoreTask:
    _alive.add(task)  # without a Python reference the overrides (run, finished) would be lost
    QgsApplication.taskManager().addTask(task)
    return task


class TaskRow(QWidget):
    """One running task in the dock: what it does, how far it is, and Cancel."""

    def __init__(self, task: CoreTask) -> None:
        super().__init__()
        self.task = task
        self.setObjectName("runningTask")
        self.label = QLabel(task.description())
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setObjectName("cancelTask")
        self.cancel.clicked.connect(self.ask_cancel)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.bar, 1)
        line.addWidget(self.cancel)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.label)
        column.addLayout(line)
        task.progressChanged.connect(self.show_progress)  # queued: the task reports from its thread

    @pyqtSlot(float)
    def show_progress(self, percent: float) -> None:
        self.bar.setValue(int(percent))

    def ask_cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.cancel.setText(tr("Cancelling…"))
        self.task.cancel()


class TaskPanel(QWidget):
    """The dock's running tasks, one row each; hidden while nothing runs."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("taskPanel")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[int, TaskRow] = {}
        self.hide()

    def add(self, task: CoreTask) -> TaskRow:
        row = TaskRow(task)
        self.rows[id(task)] = row
        self.column.addWidget(row)
        self.show()
        return row

    def remove(self, task: CoreTask) -> None:
        row = self.rows.pop(id(task), None)
        if row is not None:
            self.column.removeWidget(row)
            row.deleteLater()
        self.setVisible(bool(self.rows))
