"""Worker processes for the extractor: they die with their parent and stop at the first failure.

- Parent death: on Linux each worker asks the kernel for SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread also waits on the parent's
  sentinel (``multiprocessing.parent_process``) and exits when it closes.
- First failure: a shared stop event is set; running blocks check it between patch rows and
  stop, pending ones are cancelled, and the caller gets one sentence (not a traceback).
- User cancel: the same stop event, so no block goes on writing after ``Cancelled``.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import Cancelled, InputError, Sen12Error

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]

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
    if isinstance(exc, Sen12Error):
        return exc
    if isinstance(exc, BrokenProcessPool):
        return InputError(f"A worker process stopped unexpectedly while working on {what} (out of memory?); "
                          "the other blocks were stopped and finished patch pairs are kept. Run again with fewer workers.")
    return InputError(f"Working on {what} failed ({type(exc).__name__}: {exc}); the other blocks were "
                      "stopped and finished patch pairs are kept.")


def run_jobs(fn, jobs: list, workers: int, progress: Progress | None, cancelled: IsCancelled | None,
             share: tuple[float, float], describe: Callable[[object], str] = lambda job: "a block") -> list:
    """Run ``fn`` over ``jobs`` in processes (inline when one worker); results in job order.

    Raises:
        Cancelled: ``cancelled()`` became true. Sen12Error: the first block that failed, as a
            sentence; every other block was stopped before this returns.
    """
    results: list = [None] * len(jobs)
    start, span = share
    if workers <= 1 or len(jobs) <= 1:
        for i, job in enumerate(jobs):
            if cancelled and cancelled():
                raise Cancelled(CANCELLED_TEXT)
            try:
                results[i] = fn(*job) if isinstance(job, tuple) else fn(job)
            except Exception as exc:  # noqa: BLE001 - turned into one sentence
                raise _failure(exc, describe(job)) from None
            if progress:
                progress(start + span * (i + 1) / len(jobs))
        return results
    python = python_executable()
    if python is None:  # no interpreter for workers: one process is slower but correct
        return run_jobs(fn, jobs, 1, progress, cancelled, share, describe)
    ctx = multiprocessing.get_context("spawn")
    ctx.set_executable(python)
    stop = ctx.Event()
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx,
                             initializer=_init_worker, initargs=(os.getpid(), stop)) as pool:
        pending: dict[Future, int] = {
            (pool.submit(fn, *job) if isinstance(job, tuple) else pool.submit(fn, job)): i
            for i, job in enumerate(jobs)
        }
        done_count = 0
        try:
            while pending:
                done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                if cancelled and cancelled():
                    raise Cancelled(CANCELLED_TEXT)
                for f in done:
                    i = pending.pop(f)
                    try:
                        results[i] = f.result()
                    except Exception as exc:  # noqa: BLE001 - turned into one sentence
                        raise _failure(exc, describe(jobs[i])) from None
                    done_count += 1
                    if progress:
                        progress(start + span * done_count / len(jobs))
        except BaseException:
            stop.set()  # running blocks stop at their next patch row
            for f in pending:
                f.cancel()
            raise
    return results
