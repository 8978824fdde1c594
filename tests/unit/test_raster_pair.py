"""The scene check and extraction read the pair through one reader: the same bands, grid and no-data."""

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN, write_s1
from rasterio.transform import from_origin
from rasterio.vrt import WarpedVRT

from sen12_plugin.core import recipe
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.quality import check_scene_files

pytestmark = pytest.mark.needs_osgeo

N = 300


def texture(seed=0):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:N, 0:N].astype(np.float32)
    field = np.sin(x / 23.0) * np.cos(y / 31.0) + 0.5 * np.sin((x + y) / 17.0)
    return field, rng


def land_s1(tmp_path, seed=0):
    field, rng = texture(seed)
    return write_s1(tmp_path / "s1.tif", -12 + 3 * field + rng.normal(0, 1.5, (N, N)))


def thirteen_band_s2(path, named=True, edit=None):
    """All 13 Sentinel-2 bands, land-like; ``edit(bands)`` changes some of them by name."""
    field, rng = texture(1)
    bands = {name: 900 + 60 * k + 300 * field + rng.normal(0, 40, (N, N))
             for k, name in enumerate(recipe.S2_BANDS_ALL)}
    if edit:
        edit(bands)
    data = np.clip(np.stack([bands[b] for b in recipe.S2_BANDS_ALL]), 1, 10000).astype(np.uint16)
    with rasterio.open(path, "w", driver="GTiff", width=N, height=N, count=13, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(data)
        if named:
            ds.descriptions = recipe.S2_BANDS_ALL
    return path


def cloud_in_every_band(bands):
    """A cloud (~8 % of the scene): bright and white in B4, B3, B2, bright in SWIR too (B11, B12)."""
    y, x = np.mgrid[0:N, 0:N]
    blob = (y - 150) ** 2 + (x - 150) ** 2 < 50 ** 2
    for b in bands:
        bands[b][blob] = {"B11": 4000, "B12": 3000}.get(b, 6000)


def colour_shift_in_b1(bands):
    """B1 three times brighter: wrong only for a check that reads bands 1..3 as RGB."""
    bands["B1"] = bands["B1"] * 3.2


@pytest.mark.parametrize("named", [True, False], ids=["named", "band-order"])
def test_scene_check_judges_b4_b3_b2_of_a_13_band_s2(tmp_path, named):
    s1 = land_s1(tmp_path)
    cloudy = thirteen_band_s2(tmp_path / "cloudy.tif", named, cloud_in_every_band)
    v = check_scene_files(s1, cloudy)
    assert v.status == "reject" and 0.07 < v.measures["cloud"] < 0.1, v.reasons
    shifted = thirteen_band_s2(tmp_path / "shifted.tif", named, colour_shift_in_b1)
    v = check_scene_files(s1, shifted)
    assert v.status == "pass", v.reasons


def warped_s1_pair(tmp_path):
    """S2 on a 10 m grid; S1 at 20 m, 600 m further east, its top third no-data (-9999)."""
    field, rng = texture(2)
    s1 = (-12 + rng.normal(0, 1.5, (150, 150))).astype(np.float32)
    s1[:50] = -9999
    s1_path = write_s1(tmp_path / "s1.tif", s1, res=20.0, nodata=-9999, origin=(ORIGIN[0] + 600, ORIGIN[1]))
    s2 = np.clip(np.stack([900 + 300 * field + rng.normal(0, 40, (N, N))] * 3), 1, 10000).astype(np.uint16)
    with rasterio.open(tmp_path / "s2.tif", "w", driver="GTiff", width=N, height=N, count=3, dtype="uint16",
                       crs=CRS, transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(s2)
        ds.descriptions = ("B4", "B3", "B2")
    return s1_path, tmp_path / "s2.tif"


def nodata_on_the_s2_grid(s1_path, s2_path):
    """What extraction sees: S1 warped (bilinear) onto the S2 grid by GDAL, no-data or outside S1."""
    with rasterio.open(s1_path) as s1, rasterio.open(s2_path) as s2, WarpedVRT(
            s1, crs=s2.crs, transform=s2.transform, width=s2.width, height=s2.height,
            resampling=rasterio.enums.Resampling.bilinear, nodata=-9999, dtype="float32") as vrt:
        data = vrt.read(1)
    return float(((data == -9999) | ~np.isfinite(data)).mean())


def test_scene_check_sees_s1_warped_onto_the_s2_grid(tmp_path):
    s1, s2 = warped_s1_pair(tmp_path)
    expected = nodata_on_the_s2_grid(s1, s2)
    assert abs(expected - (60 * N + 240 * 100) / N ** 2) < 0.01  # west strip outside S1 + its no-data rows
    v = check_scene_files(s1, s2)
    assert v.measures["nodata"] == pytest.approx(expected, abs=0.002), v.reasons
    decimated = check_scene_files(s1, s2, max_side=100)  # every 3rd pixel of the warped grid
    assert decimated.measures["nodata"] == pytest.approx(expected, abs=0.01)
    result = extract_scene_pair(s1, s2, tmp_path / "out", ExtractOptions(
        season="summer", scene=0, seed=1868, patch_size=20, stride=20, workers=1, thresholds=None))
    # 20 px patches: the kept ones lie where the mask is clean; every dropped one touches it.
    kept = {(r.position.row, r.position.col) for r in result.records}
    assert all(row >= 5 and col >= 3 for row, col in kept)
    assert result.dropped_nodata == len(result.grid) - len(kept) > 0


def test_a_verdict_stored_by_the_older_scene_check_is_redone(tmp_path):
    """A downloaded scene's stored verdict from before the warped read is not trusted again."""
    import json
    from dataclasses import asdict

    from sen12_plugin.core.identity import source_identity
    from sen12_plugin.core.quality import Thresholds, stored_or_new_scene_check
    from sen12_plugin.core.scene_files import SceneFiles

    s1, s2 = warped_s1_pair(tmp_path)
    s1, s2 = s1.rename(tmp_path / "s1_0.tif"), s2.rename(tmp_path / "s2_0.tif")
    (tmp_path / "scene_0.json").write_text("{}")  # downloaded by the plugin: verdicts are stored
    old_key = {"s1": source_identity(s1), "s2": source_identity(s2), "thresholds": asdict(Thresholds()),
               "s2_bands": None}
    SceneFiles.parse(s1).scene_check.write_text(json.dumps({"key": json.loads(json.dumps(old_key)), "status": "pass",
                                             "reasons": [], "measures": {"nodata": 0.33}}))
    v = stored_or_new_scene_check(s1, s2, Thresholds())
    assert v.status == "reject" and v.measures["nodata"] > 0.4
    assert json.loads(SceneFiles.parse(s1).scene_check.read_text())["status"] == "reject"


@pytest.mark.parametrize("fill, linear", [(-9999.0, False), (0.0, True)], ids=["dB -9999", "linear 0"])
def test_an_untagged_s1_fill_is_never_blended_into_the_pixels_beside_it(tmp_path, fill, linear):
    """S1 half a pixel off the S2 grid, its west 128 columns an untagged fill: the bilinear warp must
    leave the fill out of the kernel. Before, GDAL averaged -9999 (or linear 0) with the first
    valid column, a value no test for the fill caught: -5009 dB kept in patches, or a column 3 dB
    too dark in linear power."""
    from sen12_plugin.core.raster_pair import PairReader, PixelChoices, assess_pair

    rng = np.random.default_rng(3)
    db = rng.uniform(-20, -5, (N, N)).astype(np.float32)
    data = 10 ** (db / 10) if linear else db.copy()
    data[:, :128] = fill
    s1 = write_s1(tmp_path / "s1.tif", data, origin=(ORIGIN[0] + 5, ORIGIN[1]))  # 5 m east: warped
    s2 = tmp_path / "s2.tif"
    with rasterio.open(s2, "w", driver="GTiff", width=N, height=N, count=3, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(rng.uniform(300, 3000, (3, N, N)).astype(np.uint16))
        ds.descriptions = ("B4", "B3", "B2")
    pair, reasons = assess_pair(s1, s2, PixelChoices())
    assert pair.warp_s1 and pair.s1_fill == fill and pair.s1_linear == linear
    with PairReader(pair) as reader:
        s1_db, _s2, invalid = reader.read(0, N, 0, N)
    valid = s1_db[0][~invalid]
    # every kept pixel is a mix of real dB values only: within their range (linear mixes within it too)
    assert valid.min() >= -20.5 and valid.max() <= -4.5, valid.min()
    # S2 column 128 lies between S1 columns 127 (fill) and 128 (data): never a blend with the fill
    column = s1_db[0, :, 128][~invalid[:, 128]]
    assert np.all(np.abs(column - db[:, 128][~invalid[:, 128]]) < 1e-3) or column.size == 0
    assert invalid[:, :128].all()


def _s2_here(path):
    with rasterio.open(path, "w", driver="GTiff", width=N, height=N, count=3, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(np.random.default_rng(5).uniform(300, 3000, (3, N, N)).astype(np.uint16))
        ds.descriptions = ("B4", "B3", "B2")
    return path


def test_an_s1_that_covers_part_of_the_s2_scene_says_how_much(tmp_path):
    """S1 over the east half of S2 only: the run says S1 covers 50 % of the scene (patches outside are
    dropped for no-data); an overlap narrower than one patch is refused, since no pair can be cut.
    Before, both ran: the second ended with 0 pairs, every position "dropped for no-data"."""
    from sen12_plugin.core.errors import InputError
    from sen12_plugin.core.raster_pair import PixelChoices, assess_pair

    s2 = _s2_here(tmp_path / "s2.tif")
    db = np.random.default_rng(6).uniform(-20, -5, (N, N))
    half = write_s1(tmp_path / "half.tif", db, origin=(ORIGIN[0] + 1500, ORIGIN[1]))
    _pair, reasons = assess_pair(half, s2, PixelChoices(patch_size=100))
    assert any("covers 50 % of the S2 scene" in r.text and r.warning for r in reasons), [r.text for r in reasons]
    sliver = write_s1(tmp_path / "sliver.tif", db, origin=(ORIGIN[0] + 2500, ORIGIN[1]))  # 50 px of overlap
    with pytest.raises(InputError, match="50 x 300 px of the S2 scene.*smaller than one 100 px patch"):
        assess_pair(sliver, s2, PixelChoices(patch_size=100))
