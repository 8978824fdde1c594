"""The decoded scene's scratch file: inside OUTPUT, gone after success, failure, cancel and a kill -9 + re-run.

A scene over the in-memory budget is kept between the two passes in an uncompressed scratch file
inside OUTPUT; the disk space is checked first and a shortfall is refused with a sentence.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import scene_pair

from sen12_plugin.core.errors import Cancelled, InputError, OutputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair

pytestmark = pytest.mark.needs_osgeo

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ".sen12-scratch"
ON_DISK = ExtractOptions(season="summer", scene=0, seed=1868, workers=2, patch_size=32, stride=32,
                         thresholds=None, memory_budget_mb=0)


def scratch_files(out: Path) -> list[Path]:
    return sorted(out.glob(SCRATCH + "*")) if out.exists() else []


def shared_segments(pid: int | None = None) -> set[str]:
    """Shared-memory segments the extractor of process ``pid`` (default: this one) made (``sen12-{pid}-...``)."""
    shm = Path("/dev/shm")
    prefix = f"sen12-{os.getpid() if pid is None else pid}-"
    return {p.name for p in shm.iterdir() if p.name.startswith(prefix)} if shm.is_dir() else set()


def watching(out: Path, seen: list):
    """A progress callback that notes the scratch files present at each report."""
    return lambda fraction: seen.append((fraction, [p.name for p in scratch_files(out)]))


def test_a_scene_over_the_budget_goes_through_a_scratch_file_that_is_removed(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 1100, 1100)
    out, seen = tmp_path / "out", []
    result = extract_scene_pair(s1, s2, out, ON_DISK, progress=watching(out, seen))
    assert len(result.records) == 34 * 34
    assert any(names for _, names in seen), "no scratch file was used for a scene over the budget"
    assert scratch_files(out) == []


def test_a_scene_within_the_budget_writes_no_scratch_file_and_leaves_no_shared_memory(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 1100, 1100)
    out, seen = tmp_path / "out", []
    extract_scene_pair(s1, s2, out, replace(ON_DISK, memory_budget_mb=512), progress=watching(out, seen))
    assert not any(names for _, names in seen)
    assert not shared_segments()


@pytest.mark.parametrize("budget", [0, 512], ids=["scratch-file", "in-memory"])
def test_scratch_is_gone_after_a_failure(tmp_path, budget):
    from test_trust_workers import big_pair, corrupt_one_tile

    s1, s2 = big_pair(tmp_path, compress_s2=True)
    corrupt_one_tile(s2, 6, 6)
    out = tmp_path / "out"
    with pytest.raises(InputError, match="truncated or corrupt"):
        extract_scene_pair(s1, s2, out, replace(ON_DISK, memory_budget_mb=budget))
    assert scratch_files(out) == []
    assert not shared_segments()


@pytest.mark.parametrize("budget", [0, 512], ids=["scratch-file", "in-memory"])
def test_scratch_is_gone_after_a_cancel(tmp_path, budget):
    s1, s2, *_ = scene_pair(tmp_path, 1100, 1100)
    out, seen = tmp_path / "out", []
    with pytest.raises(Cancelled):
        extract_scene_pair(s1, s2, out, replace(ON_DISK, memory_budget_mb=budget), progress=watching(out, seen),
                           cancelled=lambda: bool(seen) and seen[-1][0] > 0.3)
    if budget == 0:
        assert any(names for _, names in seen)
    assert scratch_files(out) == []
    assert not shared_segments()


RUN = """
import sys
sys.path.insert(0, sys.argv[1])
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
opts = ExtractOptions(season="summer", scene=0, seed=1868, workers=2, patch_size=32, stride=32, thresholds=None,
                      memory_budget_mb=int(sys.argv[5]))
extract_scene_pair(sys.argv[2], sys.argv[3], sys.argv[4], opts)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kill -9 and /dev/shm")
@pytest.mark.parametrize("budget", [0, 512], ids=["scratch-file", "in-memory"])
def test_after_a_kill_the_next_run_sweeps_the_scratch_and_shared_memory_is_freed(tmp_path, budget):
    from test_trust_workers import big_pair

    s1, s2 = big_pair(tmp_path)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-c", RUN, str(ROOT), str(s1), str(s2), str(out), str(budget)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(out.glob("ROIs1868_summer/s1_0/*.png")):
            time.sleep(0.02)  # patches are being written: the decoded scene exists
        assert run.poll() is None, "the run ended before it could be killed"
        left, segments = scratch_files(out), shared_segments(run.pid)
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    finally:
        if run.poll() is None:
            run.kill()
    if budget == 0:
        assert left and scratch_files(out) == left, "the killed run left no scratch file to sweep"
    else:  # shared memory dies with its last process (Python's resource tracker unlinks it)
        assert segments, "the killed run held no shared memory"
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and shared_segments(run.pid):
            time.sleep(0.1)
        assert not shared_segments(run.pid)
    extract_scene_pair(s1, s2, out, replace(ON_DISK, memory_budget_mb=budget))
    assert scratch_files(out) == []


def test_too_little_disk_for_the_scratch_file_is_refused_with_a_sentence(tmp_path, monkeypatch):
    s1, s2, *_ = scene_pair(tmp_path, 1100, 1100)
    out = tmp_path / "out"
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=1 << 20))
    with pytest.raises(OutputError) as info:
        extract_scene_pair(s1, s2, out, ON_DISK)
    text = str(info.value)
    assert "MB" in text and str(out) in text and "free" in text and "Traceback" not in text
    assert not list(out.rglob("*.png")) and scratch_files(out) == []


def test_the_plan_carries_the_budget_and_refuses_a_negative_one(tmp_path):
    from sen12_plugin.core.plan import Choices, PlanRefused, plan_extraction

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    planned = plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(seed=1868, scene=1, memory_budget_mb=64))
    assert planned.options.memory_budget_mb == 64
    with pytest.raises(PlanRefused, match="budget"):
        plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(seed=1868, scene=1, memory_budget_mb=-1))
