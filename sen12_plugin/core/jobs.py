"""The one cancellable job runner: the extractor's worker processes and the download threads.

A :class:`JobRunner` submits jobs to an executor (a process pool, a thread pool, or
:class:`InlineExecutor` for this thread), at most ``limit`` at a time, and waits with a short
timeout so that ``cancelled()`` is polled while they run. It reports progress as fractions over
a share of the caller's bar, never backwards. The first job that fails stops the rest: jobs not
yet started are cancelled, ``on_stop`` tells running ones to stop (a process pool's shared
event), :meth:`JobRunner.stopped` turns true for thread jobs, and the caller gets one sentence,
not a traceback. What is specific to processes (spawn, interpreter, parent death, GDAL cache)
stays in :mod:`.workers`; what is specific to Earth Engine (retries, tile splitting, COGs) stays
in :mod:`.earthengine.transport`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Optional

from .errors import Cancelled, Sen12Error
from .i18n import _

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
# (exception, what the job was working on) -> the sentence the user reads
Failure = Callable[[BaseException, str], Sen12Error]
Describe = Callable[[object], str]
FollowUps = Callable[[object, object], Optional[Sequence]]

POLL_SECONDS = 0.2


def failure_sentence(exc: BaseException, what: str, aftermath: str = "",
                     kind: type[Sen12Error] = Sen12Error) -> Sen12Error:
    """A plugin error passes as it is; anything else becomes one sentence that names the job."""
    if isinstance(exc, Sen12Error):
        return exc
    return kind(_("Working on {what} failed ({name}: {exc})").format(
                    what=what, name=type(exc).__name__, exc=exc)
                + (f"; {aftermath}" if aftermath else "."))


def _plain_failure(exc: BaseException, what: str) -> Sen12Error:
    return failure_sentence(exc, what)


def _a_job(job: object) -> str:
    return "a job"


class InlineExecutor(Executor):
    """Runs each job in the calling thread when it is submitted (one worker, no pool to start)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - the runner turns it into a sentence
            future.set_exception(exc)
        return future


class JobRunner:
    """Jobs that stop as one: at the user's cancel or the first failure, whichever comes first.

    Use it as a context manager: leaving the block by an exception (a failure, ``Cancelled``,
    an error in a follow-up callback, Ctrl-C) stops every job it started. A job is a tuple of
    arguments for ``fn`` or a single argument.
    """

    def __init__(self, cancelled: IsCancelled | None = None, progress: Progress | None = None, *,
                 cancel_text: str = "Cancelled.", failure: Failure = _plain_failure,
                 on_stop: Callable[[], None] | None = None, poll: float = POLL_SECONDS) -> None:
        self._cancelled = cancelled
        self._progress = progress
        self._cancel_text = cancel_text
        self._failure = failure
        self._on_stop = on_stop
        self._poll = poll
        self._stop = threading.Event()
        self._started: dict[Future, tuple[object, Describe]] = {}  # not yet collected

    def __enter__(self) -> JobRunner:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            self.stop()

    def stopped(self) -> bool:
        """True once the user cancelled or the runner stopped; jobs in threads check it (it stays true)."""
        if self._cancelled is not None and self._cancelled():
            self._stop.set()
        return self._stop.is_set()

    def stop(self) -> None:
        """Stop everything: running jobs are told, jobs not yet started never start."""
        self._stop.set()
        if self._on_stop is not None:
            self._on_stop()
        for future in list(self._started):
            future.cancel()

    def start(self, pool: Executor, fn: Callable, job: object, describe: Describe = _a_job) -> Future:
        """Submit one job; its result is collected by :meth:`wait` (or it is cancelled by :meth:`stop`)."""
        future = pool.submit(fn, *job) if isinstance(job, tuple) else pool.submit(fn, job)
        self._started[future] = (job, describe)
        return future

    def run(self, pool: Executor, fn: Callable, jobs: Iterable, *, limit: int | None = None,
            share: tuple[float, float] = (0.0, 1.0), describe: Describe = _a_job,
            then: FollowUps | None = None) -> list:
        """Run ``fn`` over ``jobs``, at most ``limit`` at once, in queue order; results in job order.

        ``then(job, result)``, called here as each job finishes, may return follow-up jobs: they
        run before the rest of the queue, count in the progress, and go to ``then`` as well.

        Raises:
            Cancelled: ``cancelled()`` became true (with ``cancel_text``).
            Sen12Error: the first job that failed, as a sentence; the others were stopped.
        """
        limit = None if limit is None else max(1, limit)
        queue = deque((i, job) for i, job in enumerate(jobs))
        results: list = [None] * len(queue)
        running: dict[Future, int] = {}
        total, finished, reported = len(queue), 0, float("-inf")
        self._check()
        while queue or running:
            while queue and (limit is None or len(running) < limit):
                index, job = queue.popleft()
                running[self.start(pool, fn, job, describe)] = index
            done, _unused = wait(running, timeout=self._poll, return_when=FIRST_COMPLETED)
            self._check()
            for future in done:
                index = running.pop(future)
                job, result = self._collect(future)
                if index >= 0:
                    results[index] = result
                follow_ups = then(job, result) if then is not None else None
                if follow_ups:
                    queue.extendleft((-1, j) for j in reversed(follow_ups))
                    total += len(follow_ups)
                finished += 1
                reported = self._report(share, finished / total, reported)
        return results

    def wait(self, futures: Sequence[Future], share: tuple[float, float] = (0.0, 1.0)) -> list:
        """Collect jobs begun with :meth:`start`, in their order, polling the cancel meanwhile."""
        results, reported = [], float("-inf")
        for future in futures:
            while not future.done():
                self._check()
                wait([future], timeout=self._poll)
            self._check()
            results.append(self._collect(future)[1])
            reported = self._report(share, len(results) / len(futures), reported)
        return results

    def _check(self) -> None:
        if self.stopped():
            raise Cancelled(self._cancel_text)

    def _collect(self, future: Future) -> tuple[object, object]:
        job, describe = self._started.pop(future)
        try:
            return job, future.result()
        except Exception as exc:  # noqa: BLE001 - turned into one sentence
            error = self._failure(exc, describe(job))
            if error is exc:
                raise
            raise error from None

    def _report(self, share: tuple[float, float], fraction: float, reported: float) -> float:
        """Report a fraction of ``share``; never less than before (a job's follow-ups add to the total)."""
        start, span = share
        value = start + span * min(1.0, fraction)
        if value <= reported:
            return reported
        if self._progress is not None:
            self._progress(value)
        return value
