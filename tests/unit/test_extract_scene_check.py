"""The scene check made from the extractor's decode is the scene check made from the files, measure for measure."""

import math

import numpy as np
import pytest
import rasterio
from helpers import write_s1, write_s2
from rasterio.enums import Resampling

from sen12_plugin.core import quality
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.grid import RasterGrid
from sen12_plugin.core.raster_pair import decimated_positions

pytestmark = pytest.mark.needs_osgeo


@pytest.mark.parametrize("shape", [(2560, 2560), (2901, 2777), (1000, 997), (997, 1000), (4100, 2051)])
def test_the_decimated_positions_are_gdals_nearest_read(tmp_path, shape):
    h, w = shape
    values = np.random.default_rng(0).uniform(-20, 0, (h, w)).astype(np.float32)
    path = write_s1(tmp_path / "s1.tif", values)
    rows, cols = decimated_positions(RasterGrid(w, h, "", (10, 0, 0, 0, -10, 0)), 2048 if max(h, w) > 2048 else 333)
    with rasterio.open(path) as ds:
        read = ds.read(1, out_shape=(len(rows), len(cols)), resampling=Resampling.nearest)
    assert np.array_equal(read, values[np.ix_(rows, cols)])


def scene(tmp_path, h, w, linear=False):
    rng = np.random.default_rng(4)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    field = np.sin(x / 61.0) * np.cos(y / 83.0)
    db = (-13 + 5 * field + rng.normal(0, 1.5, (h, w))).astype(np.float32)
    db[:, w // 2:] += 2.5  # a seam the check should see
    s1 = write_s1(tmp_path / "s1.tif", 10 ** (db / 10) if linear else db, nodata=-9999)
    s2 = np.clip(np.stack([1200 + 300 * k + 900 * field + rng.normal(0, 90, (h, w)) for k in range(3)]), 1, 9000)
    s2[:, : h // 9, : w // 7] = 0  # no-data in a corner
    s2[:, h // 2: h // 2 + 200, 100:600] = 9000  # bright and white
    return s1, write_s2(tmp_path / "s2.tif", s2)


def same(a: quality.Verdict, b: quality.Verdict) -> bool:
    nan_same = all(math.isnan(a.measures[k]) and math.isnan(b.measures[k]) or a.measures[k] == b.measures[k]
                   for k in a.measures)
    return (a.status, a.reasons, a.kinds, a.evidence, sorted(a.measures)) == \
        (b.status, b.reasons, b.kinds, b.evidence, sorted(b.measures)) and nan_same


@pytest.mark.parametrize("shape,linear", [((2301, 2299), False), ((900, 1300), True)])
def test_the_extractors_scene_check_reads_nothing_and_matches_the_files(tmp_path, monkeypatch, shape, linear):
    s1, s2 = scene(tmp_path, *shape, linear=linear)
    expected = quality.check_scene_files(s1, s2)
    assert expected.reasons, "the test scene should give the check something to say"

    def no_reading(*args, **kwargs):
        raise AssertionError("the scene check read the files again")

    monkeypatch.setattr(quality, "check_scene_files", no_reading)
    done = extract_into_dataset(s1, s2, tmp_path / "out", ExtractOptions(
        season="summer", scene=0, seed=1868, patch_size=128, stride=128, workers=2))
    assert done.result.scene_check is not None and same(done.result.scene_check, expected)
    assert done.scene_qc[0] == expected.status and done.scene_qc[1] == "; ".join(expected.reasons)


def test_with_overviews_the_scene_check_reads_the_files(tmp_path):
    s1, s2 = scene(tmp_path, 900, 1300)
    with rasterio.open(s2, "r+") as ds:
        ds.build_overviews([2, 4], Resampling.average)
    done = extract_into_dataset(s1, s2, tmp_path / "out", ExtractOptions(
        season="summer", scene=0, seed=1868, patch_size=128, stride=128, workers=1))
    assert done.result.scene_check is None
    expected = quality.check_scene_files(s1, s2)
    assert done.scene_qc[:4] == (expected.status, "; ".join(expected.reasons), expected.flags, expected.evidence)


def rejected_scene(tmp_path):
    """A pair the scene check rejects: a third of it no-data."""
    rng = np.random.default_rng(2)
    s1 = write_s1(tmp_path / "s1.tif", rng.uniform(-20, -5, (900, 900)))
    s2 = rng.integers(1, 5000, (3, 900, 900))
    s2[:, :300, :] = 0
    return s1, write_s2(tmp_path / "s2.tif", s2)


def test_a_rejected_scene_is_found_from_the_decode_and_nothing_is_cut(tmp_path, monkeypatch):
    from sen12_plugin.core.pipeline import ExtractJob, extract_scenes

    s1, s2 = rejected_scene(tmp_path)
    monkeypatch.setattr(quality, "check_scene_files", lambda *a, **k: pytest.fail("the files were read again"))
    opts = ExtractOptions(season="summer", scene=0, seed=1868, patch_size=128, stride=128, workers=2)
    outcome = extract_scenes([ExtractJob(str(s1), str(s2), opts)], tmp_path / "out", skip_rejected=True)
    assert outcome.scenes == [] and len(outcome.rejected) == 1
    assert outcome.rejected[0][1].status == "reject" and "no-data" in outcome.rejected[0][1].reasons[0]
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()] == [".sen12-extraction.lock"]
    done = extract_scenes([ExtractJob(str(s1), str(s2), opts)], tmp_path / "out")  # "extract anyway"
    assert done.patch_pairs > 0 and done.scenes[0].scene_qc[0] == "reject"


def test_an_unusable_pair_is_rejected_with_its_reason_when_rejects_are_skipped(tmp_path):
    from sen12_plugin.core.pipeline import ExtractJob, extract_scenes

    s1 = write_s1(tmp_path / "s1.tif", np.zeros((300, 300)))
    s1.write_bytes(s1.read_bytes()[:2000])  # truncated
    s2 = write_s2(tmp_path / "s2.tif", np.full((3, 300, 300), 500))
    opts = ExtractOptions(season="summer", scene=0, seed=1868, workers=1)
    outcome = extract_scenes([ExtractJob(str(s1), str(s2), opts)], tmp_path / "out", skip_rejected=True)
    assert len(outcome.rejected) == 1 and outcome.rejected[0][1].kinds == ["input"]
