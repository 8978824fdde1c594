"""QgsTask around a core call: progress and cancel wired in, the result handed to the main thread.

The worker runs in ``run()`` and touches no layer, project or widget; ``finished()`` runs on the
main thread and alone calls back into the GUI, with the result or with the error in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask

from ..qgis_support import LOG_TAG, user_sentence
from ..translation import tr

_alive: set = set()  # the Python side of running tasks: kept until finished() has run


class CoreTask(QgsTask):
    """Runs ``fn(progress=..., cancelled=...)`` in the background."""

    def __init__(self, description: str, fn: Callable[..., Any], *,
                 on_done: Callable[[Any], None], on_error: Callable[[str], None],
                 pass_progress: bool = True) -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.fn, self.on_done, self.on_error = fn, on_done, on_error
        self.pass_progress = pass_progress
        self.result: Any = None
        self.error: str | None = None

    def run(self) -> bool:
        try:
            if self.pass_progress:
                self.result = self.fn(progress=lambda f: self.setProgress(100.0 * f),
                                      cancelled=self.isCanceled)
            else:
                self.result = self.fn()
            return True
        except Exception as exc:  # noqa: BLE001 - the same sentences as Processing; a bug's trace goes to the log
            self.error = user_sentence(exc)
        return False

    def finished(self, ok: bool) -> None:  # main thread
        _alive.discard(self)
        try:
            if ok:
                self.on_done(self.result)
            else:
                self.on_error(self.error or tr("The task was cancelled; finished outputs are kept."))
        except RuntimeError:  # the dock was closed meanwhile (plugin unloaded): nobody to tell
            QgsMessageLog.logMessage(f"{self.description()}: {self.error or 'done'}", LOG_TAG,
                                     Qgis.MessageLevel.Info)


def start(task: CoreTask) -> CoreTask:
    _alive.add(task)  # without a Python reference the overrides (run, finished) would be lost
    QgsApplication.taskManager().addTask(task)
    return task
