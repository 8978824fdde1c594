"""The one job runner: cancel and the first failure stop everything, progress never goes back,
results come in job order; with threads, processes and inline."""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from sen12_plugin.core.errors import Cancelled, InputError, Sen12Error
from sen12_plugin.core.jobs import InlineExecutor, JobRunner, failure_sentence

CANCEL_TEXT = "Test run cancelled; finished jobs are kept."
_stop = None  # in a worker process: the runner's stop event


def _init_worker(stop) -> None:
    global _stop
    _stop = stop


def process_job(folder: str, index: int, seconds: float, fail: bool = False) -> int:
    """Mark that it started, then work for ``seconds`` unless told to stop; fail if asked."""
    Path(folder, f"started_{index}").touch()
    if fail:
        raise ValueError(f"block {index} is broken")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _stop is not None and _stop.is_set():
            Path(folder, f"stopped_{index}").touch()
            return -1
        time.sleep(0.01)
    return index * 10


@pytest.fixture
def process_pool():
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx, initializer=_init_worker, initargs=(stop,)) as pool:
        yield pool, stop


class Jobs:
    """Thread jobs that record when they started and whether they saw the runner stop."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.saw_stop: list[int] = []
        self.running = 0
        self.most_at_once = 0
        self.lock = threading.Lock()
        self.runner: JobRunner | None = None

    def __call__(self, index: int, seconds: float, fail: bool = False) -> int:
        with self.lock:
            self.started.append(index)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            if fail:
                raise ValueError(f"job {index} is broken")
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if self.runner is not None and self.runner.stopped():
                    self.saw_stop.append(index)
                    return -1
                time.sleep(0.01)
            return index * 10
        finally:
            with self.lock:
                self.running -= 1


def describe(job) -> str:
    return f"job {job[0]}"


def test_results_come_in_job_order_and_progress_fills_the_share_with_threads():
    jobs, values = Jobs(), []
    runner = JobRunner(progress=values.append)
    with ThreadPoolExecutor(max_workers=4) as pool, runner:
        results = runner.run(pool, jobs, [(i, 0.05 * (4 - i)) for i in range(4)], share=(0.2, 0.6))
    assert results == [0, 10, 20, 30]
    assert jobs.started and set(jobs.started) == {0, 1, 2, 3}
    assert values == pytest.approx([0.35, 0.5, 0.65, 0.8])


def test_no_more_than_limit_jobs_run_at_once():
    jobs = Jobs()
    with ThreadPoolExecutor(max_workers=8) as pool, JobRunner() as runner:
        runner.run(pool, jobs, [(i, 0.05) for i in range(8)], limit=3)
    assert jobs.most_at_once == 3


def test_cancel_mid_run_stops_running_jobs_and_never_starts_pending_ones():
    jobs, flag = Jobs(), threading.Event()
    runner = jobs.runner = JobRunner(flag.is_set, cancel_text=CANCEL_TEXT, poll=0.05)
    threading.Timer(0.3, flag.set).start()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        with pytest.raises(Cancelled, match="^Test run cancelled") as info, runner:
            runner.run(pool, jobs, [(i, 10.0) for i in range(6)], limit=2)
    assert time.monotonic() - started < 2.0
    assert str(info.value) == CANCEL_TEXT
    assert sorted(jobs.started) == [0, 1] and sorted(jobs.saw_stop) == [0, 1]
    assert runner.stopped()


def test_the_first_failure_stops_the_others_with_one_sentence():
    jobs, stops = Jobs(), []
    runner = jobs.runner = JobRunner(on_stop=lambda: stops.append(1), poll=0.05,
                                     failure=lambda exc, what: failure_sentence(exc, what, "others stopped.", InputError))
    with ThreadPoolExecutor(max_workers=8) as pool:
        with pytest.raises(InputError) as info, runner:
            runner.run(pool, jobs, [(0, 10.0), (1, 0.1, True), (2, 10.0), (3, 10.0)], limit=2, describe=describe)
    assert str(info.value) == "Working on job 1 failed (ValueError: job 1 is broken); others stopped."
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert stops == [1]
    assert jobs.saw_stop == [0]
    assert sorted(jobs.started) == [0, 1]  # the pending ones never started


def test_a_plugin_error_reaches_the_caller_as_it_is():
    error = Sen12Error("The disk is full.")

    def fails(_):
        raise error

    with pytest.raises(Sen12Error) as info, JobRunner() as runner:
        runner.run(InlineExecutor(), fails, [1])
    assert info.value is error


def test_follow_up_jobs_run_first_and_progress_never_goes_back():
    order, values = [], []

    def job(name: str, seconds: float) -> str:
        time.sleep(seconds)
        order.append(name)
        return name

    def then(job_args, name):
        return [(f"{name}.{k}", 0.0) for k in range(4)] if name == "slow" else None

    runner = JobRunner(progress=values.append, poll=0.01)
    with ThreadPoolExecutor(max_workers=4) as pool, runner:
        results = runner.run(pool, job, [("a", 0.0), ("slow", 0.15), ("b", 0.0), ("c", 0.6), ("d", 0.0)],
                             limit=2, share=(0.5, 0.5), then=then)
    assert results == ["a", "slow", "b", "c", "d"]  # the initial jobs' results, in their order
    assert order == ["a", "b", "slow", "slow.0", "slow.1", "slow.2", "slow.3", "d", "c"]
    # "slow" finishing third adds four jobs: 3/9 of the share is less than the 2/5 reported before
    assert values == pytest.approx([0.5 + 0.5 * f for f in (1 / 5, 2 / 5, 4 / 9, 5 / 9, 6 / 9, 7 / 9, 8 / 9, 1.0)])


def test_an_error_in_the_follow_up_callback_stops_the_rest():
    jobs = Jobs()
    runner = jobs.runner = JobRunner(poll=0.05)

    def then(job, result):
        raise RuntimeError("bookkeeping broke")

    with ThreadPoolExecutor(max_workers=4) as pool:
        with pytest.raises(RuntimeError), runner:
            runner.run(pool, jobs, [(0, 0.2), (1, 10.0), (2, 10.0)], limit=2, then=then)
    assert jobs.saw_stop == [1] and 2 not in jobs.started


def test_inline_runs_in_this_thread_and_cancel_is_checked_between_jobs():
    threads, done = [], []

    def job(i):
        threads.append(threading.current_thread())
        done.append(i)
        return i

    runner = JobRunner(lambda: len(done) >= 2, progress=lambda f: None)
    with pytest.raises(Cancelled), runner:
        runner.run(InlineExecutor(), job, [0, 1, 2, 3], limit=1)
    assert done == [0, 1] and threads == [threading.current_thread()] * 2


def test_wait_collects_started_jobs_in_order_and_stops_at_cancel():
    flag, values = threading.Event(), []
    runner = JobRunner(flag.is_set, values.append, cancel_text=CANCEL_TEXT, poll=0.05)
    with ThreadPoolExecutor(max_workers=1) as pool, runner:
        futures = [runner.start(pool, time.sleep, 0.05 * (3 - i)) for i in range(3)]
        assert runner.wait(futures, share=(0.9, 0.09)) == [None, None, None]
    assert values == pytest.approx([0.93, 0.96, 0.99])
    with ThreadPoolExecutor(max_workers=1) as pool:
        runner = JobRunner(flag.is_set, cancel_text=CANCEL_TEXT, poll=0.05)
        with pytest.raises(Cancelled), runner:
            futures = [runner.start(pool, time.sleep, 0.5) for _ in range(3)]
            threading.Timer(0.2, flag.set).start()
            started = time.monotonic()
            runner.wait(futures)
        assert time.monotonic() - started < 1.2  # not 1.5 s: the jobs not begun were dropped
        assert futures[1].cancelled() and futures[2].cancelled()


def test_a_process_pool_gives_results_in_job_order(process_pool, tmp_path):
    pool, stop = process_pool
    values = []
    runner = JobRunner(progress=values.append, on_stop=stop.set)
    with runner:
        results = runner.run(pool, process_job, [(str(tmp_path), i, 0.3 * (3 - i)) for i in range(4)])
    assert results == [0, 10, 20, 30]
    assert values == pytest.approx([0.25, 0.5, 0.75, 1.0])


def stopped_every_started_job(folder: Path, failed: int = -1) -> bool:
    started = {p.name.split("_")[1] for p in folder.glob("started_*")} - {str(failed)}
    return started == {p.name.split("_")[1] for p in folder.glob("stopped_*")}


def test_a_process_pool_stops_at_the_first_failure(process_pool, tmp_path):
    pool, stop = process_pool
    folder = str(tmp_path)
    runner = JobRunner(on_stop=stop.set, failure=lambda exc, what: failure_sentence(exc, what, kind=InputError))
    started = time.monotonic()
    with pytest.raises(InputError, match=r"^Working on job 1 failed \(ValueError: block 1 is broken\)\.$"), runner:
        runner.run(pool, process_job, [(folder, 0, 30.0), (folder, 1, 0.0, True)]
                   + [(folder, i, 30.0) for i in range(2, 10)], describe=lambda job: f"job {job[1]}")
    pool.shutdown(wait=True)
    assert time.monotonic() - started < 20  # not 30 s: the running block stopped
    assert (tmp_path / "stopped_0").exists() and stopped_every_started_job(tmp_path, failed=1)
    assert not (tmp_path / "started_9").exists(), "a pending block started after the failure"


def test_a_process_pool_stops_at_cancel(process_pool, tmp_path):
    pool, stop = process_pool
    folder = str(tmp_path)
    runner = JobRunner(lambda: (tmp_path / "started_1").exists(), on_stop=stop.set, cancel_text=CANCEL_TEXT)
    started = time.monotonic()
    with pytest.raises(Cancelled), runner:
        runner.run(pool, process_job, [(folder, i, 30.0) for i in range(10)])
    pool.shutdown(wait=True)
    assert time.monotonic() - started < 20
    assert (tmp_path / "stopped_0").exists() and (tmp_path / "stopped_1").exists()
    assert stopped_every_started_job(tmp_path)
    assert not (tmp_path / "started_9").exists(), "a pending block started after the cancel"
