"""One worker pool per run: both passes and every scene share it, batch calls find it parked, and it dies with its parent."""

import pytest
from helpers import scene_pair

from sen12_plugin.core import workers
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.pipeline import ExtractJob, extract_scenes

pytestmark = pytest.mark.needs_osgeo


@pytest.fixture()
def pools(monkeypatch):
    """Every pool that started worker processes in this test."""
    made = []
    real_ensure = workers.WorkerPool._ensure

    def ensure(self):
        pool = real_ensure(self)
        if self not in made:
            made.append(self)
        return pool

    monkeypatch.setattr(workers.WorkerPool, "_ensure", ensure)
    workers.release_idle_pool()
    yield made
    workers.release_idle_pool()


def opts(scene):
    return ExtractOptions(season="summer", scene=scene, seed=1868, patch_size=64, stride=64, workers=2)


def test_every_scene_of_a_run_and_both_passes_share_one_pool(tmp_path, pools):
    made = pools
    s1, s2, *_ = scene_pair(tmp_path, 700, 700)
    outcome = extract_scenes([ExtractJob(str(s1), str(s2), opts(k)) for k in range(3)], tmp_path / "out")
    assert len(outcome.scenes) == 3 and all(len(s.result.records) == 100 for s in outcome.scenes)
    assert len(made) == 1, f"{len(made)} pools for one run"
    assert len(made[0]._executor._processes) == 2


def test_calls_one_after_another_find_the_pool_parked(tmp_path, pools):
    made = pools
    s1, s2, *_ = scene_pair(tmp_path, 700, 700)
    for k in range(2):  # a Processing batch: one call per row
        extract_scene_pair(s1, s2, tmp_path / "out", opts(k))
    assert len(made) == 1
    workers.release_idle_pool()
    assert made[0]._executor is None  # shut down, not left running


def test_a_failed_run_leaves_no_pool_parked(tmp_path, pools):
    from test_trust_workers import big_pair, corrupt_one_tile

    from sen12_plugin.core.errors import InputError

    made = pools
    s1, s2 = big_pair(tmp_path, compress_s2=True)
    corrupt_one_tile(s2, 6, 6)
    with pytest.raises(InputError):
        extract_scene_pair(s1, s2, tmp_path / "out", opts(0))
    assert made and all(pool._executor is None for pool in made)
    assert workers._parked is None
