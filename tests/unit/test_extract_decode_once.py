"""One exact decode: every pixel of the pair is read once, in whole tiles, and the checks read nothing extra."""

import json

import numpy as np
import pytest
from helpers import scene_pair, write_s1, write_s2

from sen12_plugin.core import inputs, raster_pair
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair

pytestmark = pytest.mark.needs_osgeo

TILE = 128  # helpers write 128 x 128 tiles


@pytest.fixture()
def reads(monkeypatch):
    """Every window the pair reader reads in this process: (top, bottom, left, right)."""
    seen = []
    real = raster_pair.PairReader.read

    def read(self, top, bottom, left, right):
        seen.append((top, bottom, left, right))
        return real(self, top, bottom, left, right)

    monkeypatch.setattr(raster_pair.PairReader, "read", read)
    return seen


@pytest.mark.parametrize("formats", [("png",), ("png", "tif")])
def test_every_pixel_is_decoded_once_in_whole_tiles(tmp_path, reads, monkeypatch, formats):
    def no_sampling(*args, **kwargs):
        raise AssertionError("the S1 value check read the scene before its decode")

    monkeypatch.setattr(inputs, "sample_values", no_sampling)
    s1, s2, *_ = scene_pair(tmp_path, 700, 900)
    opts = ExtractOptions(season="summer", scene=0, seed=1868, patch_size=64, stride=32, workers=1, formats=formats)
    result = extract_scene_pair(s1, s2, tmp_path / "out", opts)
    assert len(result.records) == 20 * 27
    times = np.zeros((700, 900), dtype=int)
    for top, bottom, left, right in reads:
        times[top:bottom, left:right] += 1
        assert top % TILE == 0 and left % TILE == 0, "a piece starts inside a tile"
        assert bottom % TILE == 0 or bottom == 700
        assert right % TILE == 0 or right == 900
    assert (times == 1).all(), f"pixels read {times.min()}..{times.max()} times"


def test_an_s1_refused_on_its_values_leaves_the_dataset_untouched(tmp_path):
    rng = np.random.default_rng(0)
    s1 = write_s1(tmp_path / "s1.tif", rng.uniform(3, 40, (300, 300)))  # neither dB nor linear power
    s2 = write_s2(tmp_path / "s2.tif", rng.integers(1, 6000, (3, 300, 300)))
    out = tmp_path / "out"
    with pytest.raises(InputError, match="neither"):
        extract_scene_pair(s1, s2, out, ExtractOptions(season="summer", scene=0, seed=1868, workers=1))
    assert [p.name for p in out.rglob("*") if p.is_file() and p.name != ".sen12-extraction.lock"] == []


def test_a_linear_s1_on_the_s2_grid_is_converted_with_the_warning(tmp_path):
    rng = np.random.default_rng(1)
    db = rng.uniform(-24, -3, (300, 300)).astype(np.float32)
    s1 = write_s1(tmp_path / "s1.tif", 10 ** (db / 10))
    s2 = write_s2(tmp_path / "s2.tif", rng.integers(1, 6000, (3, 300, 300)))
    result = extract_scene_pair(s1, s2, tmp_path / "out", ExtractOptions(
        season="summer", scene=0, seed=1868, workers=1, stretch="none", formats=("png", "tif")))
    assert any("linear power" in m for m in result.messages)
    import rasterio

    with rasterio.open(tmp_path / "out" / result.records[0].files["s1_tif"]) as ds:
        assert np.allclose(ds.read(1), db[:256, :256], atol=1e-4)
    record = json.loads((tmp_path / "out/ROIs1868_summer/.sen12_scene_0.json").read_text())
    assert record["s1"]["name"] == "s1.tif"
