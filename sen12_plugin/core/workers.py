"""Worker processes for the extractor: one pool for a whole run, dying with its parent, stopping as one.

- One pool: :func:`extraction_pool` hands out a :class:`WorkerPool` that both passes of a scene and
  every scene of a run share (the dock's "extract visible pairs", a Processing batch: one call per
  row). Its processes start once, early (:meth:`WorkerPool.warm`, while the parent still checks
  the inputs); between calls the pool is parked for ``IDLE_SECONDS`` so that the next scene finds
  it running, then shut down. A pool that saw a failure or a cancel is shut down, not parked.
- Parent death: on Linux each worker asks the kernel for SIGKILL when its parent dies
  (``prctl(PR_SET_PDEATHSIG)``); everywhere a daemon thread also waits on the parent's
  sentinel (``multiprocessing.parent_process``) and exits when it closes.
- First failure and user cancel: :class:`.jobs.JobRunner` runs the blocks; when it stops, it
  sets a stop event shared with the workers, which running blocks check between patch rows, so
  no block goes on writing after the error or ``Cancelled``.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import InputError, Sen12Error
from .i18n import N_, _
from .jobs import InlineExecutor, IsCancelled, JobRunner, Progress, failure_sentence

WORKER_GDAL_CACHE_MB = 16  # a piece's tiles are decoded once each (no reuse): 16 MB is room to spare
# (a 2560 px piece decoded no faster with 128 MB than with 4 MB; 128 MB per worker held ~90 MB more at 10980)
PR_SET_PDEATHSIG = 1
NO_PDEATHSIG_ENV = "SEN12_NO_PDEATHSIG"  # tests: prove the parent watch alone (as on Windows, macOS)
CANCELLED_TEXT = N_("Extraction cancelled; finished patch pairs are kept.")
IDLE_SECONDS = 30.0  # a parked pool waits this long for the next scene (a batch's next row)

_stop_event = None  # in a worker: the pool's stop event


@functools.lru_cache(maxsize=1)
def python_executable() -> str | None:
    """An interpreter that loads the same numpy as this process, for worker processes.

    Inside QGIS, ``sys.executable`` may be the QGIS binary or an unrelated ``python3`` found on
    PATH; a worker started with the wrong one cannot load this process' packages.
    """
    if _is_this_interpreter(sys.executable):
        return sys.executable  # a plain Python (scripts, tests, qgis_process' Python): no probe needed
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


def _is_this_interpreter(executable: str) -> bool:
    """True when ``executable`` is the program running this process (Linux: ``/proc/self/exe``).

    Inside QGIS the running program is QGIS itself, never a Python, so the probe still runs there.
    """
    if not executable or not Path(executable).name.startswith("python"):
        return False
    try:
        return os.path.realpath(executable) == os.path.realpath("/proc/self/exe")
    except OSError:
        return False


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
        return InputError(_("A worker process stopped unexpectedly while working on {what} (out of memory?); "
                            "the other blocks were stopped and finished patch pairs are kept. Run again with "
                            "fewer workers.").format(what=what))
    return failure_sentence(exc, what, _("the other blocks were stopped and finished patch pairs are kept."), InputError)


def _preload(modules: Sequence[str]) -> None:
    for name in modules:
        importlib.import_module(name)


class WorkerPool:
    """Up to ``workers`` worker processes (spawned, so safe inside QGIS), started on first need.

    With one worker, or without an interpreter for workers, every job runs inline in this process.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._python = python_executable() if self.workers > 1 else None
        self._executor: ProcessPoolExecutor | None = None
        self._stop = None
        self.ready_at: float | None = None  # time.perf_counter() when every worker had started

    @property
    def parallel(self) -> bool:
        return self._python is not None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _ensure(self) -> ProcessPoolExecutor:
        if self._executor is None:
            ctx = multiprocessing.get_context("spawn")
            ctx.set_executable(self._python)
            self._stop = ctx.Event()
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=_init_worker, initargs=(os.getpid(), self._stop))
        return self._executor

    def warm(self, preload: Sequence[str] = ()) -> None:
        """Start every worker now, importing ``preload`` there, without waiting for them."""
        if self.parallel and self._executor is None:
            pool = self._ensure()
            started = [pool.submit(_preload, tuple(preload)) for _unused in range(self.workers)]  # one each
            pending = [len(started)]
            guard = threading.Lock()

            def ready(_future) -> None:
                with guard:
                    pending[0] -= 1
                    if pending[0] == 0:
                        self.ready_at = time.perf_counter()

            for future in started:
                future.add_done_callback(ready)

    def run(self, fn, jobs: list, progress: Progress | None, cancelled: IsCancelled | None,
            share: tuple[float, float], describe: Callable[[object], str] = lambda job: "a block",
            inline: bool = False) -> list:
        """Run ``fn`` over ``jobs`` in the workers (in this process when ``inline``); results in job order.

        Raises:
            Cancelled: ``cancelled()`` became true. Sen12Error: the first block that failed, as a
                sentence. Either way every block was stopped, and the workers with them, before this returns.
        """
        if inline or not self.parallel or (len(jobs) <= 1 and not self.started):
            with JobRunner(cancelled, progress, cancel_text=_(CANCELLED_TEXT), failure=_failure) as runner:
                return runner.run(InlineExecutor(), fn, jobs, limit=1, share=share, describe=describe)
        self.warm()
        pool = self._ensure()
        self._stop.clear()
        runner = JobRunner(cancelled, progress, cancel_text=_(CANCELLED_TEXT), failure=_failure,
                           on_stop=self._stop.set)  # running blocks stop at their next patch row
        try:
            with runner:
                return runner.run(pool, fn, jobs, share=share, describe=describe)
        except BaseException:
            self.shutdown()  # waits for the running blocks, which stop at their next patch row
            raise

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


_parked: WorkerPool | None = None
_parked_timer: threading.Timer | None = None
_parked_guard = threading.Lock()
_current: contextvars.ContextVar[WorkerPool | None] = contextvars.ContextVar("sen12_pool", default=None)


@contextmanager
def extraction_pool(workers: int) -> Iterator[WorkerPool]:
    """The run's worker pool: the enclosing call's, the parked one, or a new one.

    Leaving the outermost block parks the pool for the next call (``IDLE_SECONDS``), also
    after an input refusal; a pool whose jobs failed or were cancelled is shut down instead.
    """
    outer = _current.get()
    if outer is not None and outer.workers == max(1, workers):
        yield outer
        return
    pool = _take_parked(max(1, workers)) or WorkerPool(workers)
    token = _current.set(pool)
    try:
        yield pool
    finally:
        _current.reset(token)
        _park(pool)  # a pool that failed or was cancelled was shut down by ``run``: not parked


def _unpark() -> WorkerPool | None:
    """The parked pool, taken out of the park with its idle timer stopped (None when none is parked)."""
    global _parked, _parked_timer
    with _parked_guard:
        pool, _parked = _parked, None
        if _parked_timer is not None:
            _parked_timer.cancel()
            _parked_timer = None
    return pool


def _take_parked(workers: int) -> WorkerPool | None:
    pool = _unpark()
    if pool is not None and pool.workers != workers:
        pool.shutdown()
        return None
    return pool


def _park(pool: WorkerPool) -> None:
    global _parked, _parked_timer
    if not pool.started:
        return
    with _parked_guard:
        if _parked is None:
            _parked = pool
            _parked_timer = threading.Timer(IDLE_SECONDS, _expire, args=(pool,))
            _parked_timer.daemon = True
            _parked_timer.start()
            return
    pool.shutdown()  # another run parked first (two runs at once): one idle pool is enough


def _expire(pool: WorkerPool) -> None:
    global _parked, _parked_timer
    with _parked_guard:
        if _parked is not pool:
            return
        _parked, _parked_timer = None, None
    pool.shutdown()


def release_idle_pool() -> None:
    """Shut the parked pool down now (plugin unload, tests that count processes)."""
    pool = _unpark()
    if pool is not None:
        pool.shutdown()
