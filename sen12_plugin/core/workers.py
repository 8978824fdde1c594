"""Worker processes for the extractor: they die with their parent and stop at the first failure.

- Parent death: on Linux each worker asks the kernel for SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread also waits on the parent's
  sentinel (``multiprocessing.parent_process``) and exits when it closes.
- First failure and user cancel: :class:`.jobs.JobRunner` runs the blocks; when it stops, it
  sets a stop event shared with the workers, which running blocks check between patch rows, so
  no block goes on writing after the error or ``Cancelled``.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import InputError, Sen12Error
from .jobs import InlineExecutor, IsCancelled, JobRunner, Progress, failure_sentence

WORKER_GDAL_CACHE_MB = 128  # a block's tiles (two tile rows of ~2 k px) with room to spare
PR_SET_PDEATHSIG = 1
NO_PDEATHSIG_ENV = "SEN12_NO_PDEATHSIG"  # tests: prove the parent watch alone (as on Windows, macOS)
CANCELLED_TEXT = "Extraction cancelled; finished patch pairs are kept."

_stop_event = None  # in a worker: the pool's stop event


@functools.lru_cache(maxsize=1)
def python_executable() -> str | None:
    """An interpreter that loads the same numpy as this process, for worker processes.

    Inside QGIS, ``sys.executable`` may be the QGIS binary or an unrelated ``python3`` found on
    PATH; a worker started with the wrong one cannot load this process' packages.
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable] if Path(sys.executable).name.startswith("python") else []
    for prefix in (sys.base_exec_prefix, sys.exec_prefix, "/usr"):
        candidates += [str(Path(prefix) / "bin" / f"python{version}"), str(Path(prefix) / "python.exe")]
    for candidate in dict.fromkeys(candidates):
        if not Path(candidate).is_file():
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import numpy; print(numpy.__file__)"],
                capture_output=True, text=True, timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0 and probe.stdout.strip() == np.__file__:
            return candidate
    return None


def worker_count(requested: int) -> int:
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


def stop_requested() -> bool:
    """True in a worker once the parent asked every block to stop (a failure or a cancel)."""
    return _stop_event is not None and _stop_event.is_set()


def _init_worker(parent_pid: int, stop) -> None:
    """Cap GDAL's block cache (default: 5 % of RAM per process); die with the parent."""
    global _stop_event
    os.environ["GDAL_CACHEMAX"] = str(WORKER_GDAL_CACHE_MB)
    _stop_event = stop
    if sys.platform.startswith("linux") and not os.environ.get(NO_PDEATHSIG_ENV):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watch thread below still works
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="sen12-parent-watch", daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # returns when the parent's end of the sentinel pipe closes: it died
    else:  # pragma: no cover - a start method without a parent sentinel
        import time

        while os.getppid() == parent_pid:
            time.sleep(1.0)
    os._exit(1)


def _failure(exc: BaseException, what: str) -> Sen12Error:
    if isinstance(exc, BrokenProcessPool):
        return InputError(f"A worker process stopped unexpectedly while working on {what} (out of memory?); "
                          "the other blocks were stopped and finished patch pairs are kept. Run again with fewer workers.")
    return failure_sentence(exc, what, "the other blocks were stopped and finished patch pairs are kept.", InputError)


def run_jobs(fn, jobs: list, workers: int, progress: Progress | None, cancelled: IsCancelled | None,
             share: tuple[float, float], describe: Callable[[object], str] = lambda job: "a block") -> list:
    """Run ``fn`` over ``jobs`` in processes (inline when one worker); results in job order.

    Raises:
        Cancelled: ``cancelled()`` became true. Sen12Error: the first block that failed, as a
            sentence; every other block was stopped before this returns.
    """
    python = python_executable() if workers > 1 and len(jobs) > 1 else None
    if python is None:  # one worker, one job, or no interpreter for workers: slower but correct
        with JobRunner(cancelled, progress, cancel_text=CANCELLED_TEXT, failure=_failure) as runner:
            return runner.run(InlineExecutor(), fn, jobs, limit=1, share=share, describe=describe)
    ctx = multiprocessing.get_context("spawn")
    ctx.set_executable(python)
    stop = ctx.Event()
    runner = JobRunner(cancelled, progress, cancel_text=CANCELLED_TEXT, failure=_failure,
                       on_stop=stop.set)  # running blocks stop at their next patch row
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx,
                             initializer=_init_worker, initargs=(os.getpid(), stop)) as pool, runner:
        return runner.run(pool, fn, jobs, share=share, describe=describe)
