"""Inputs are checked for what they claim to be: S2 bands B4/B3/B2, S1 float dB, sane sizes, readable files."""

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN, write_s1, write_s2
from PIL import Image
from rasterio.transform import from_origin

from sen12_plugin.core import recipe
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, describe_pair, extract_scene_pair
from sen12_plugin.core.inputs import parse_band_numbers
from sen12_plugin.core.preprocess import scale_to_8bit
from sen12_plugin.core.quality import check_scene_files

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo

OPTS = ExtractOptions(season="summer", scene=0, seed=1868, workers=1, stretch="none", thresholds=None)
PATCH = "ROIs1868_summer/{s}_0/ROIs1868_summer_{s}_0_p1.png"


def write_raster(path, data, dtype, descriptions=None, **extra):
    data = np.asarray(data).astype(dtype)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                       dtype=dtype, crs=CRS, transform=from_origin(*ORIGIN, 10, 10), **extra) as ds:
        ds.write(data)
        if descriptions:
            ds.descriptions = descriptions
    return path


def good_s1(tmp_path, side=300):
    return write_s1(tmp_path / "s1.tif", np.random.default_rng(0).uniform(-22, -3, (side, side)))


def banded_s2(count, side=300):
    """Band k holds values around k * 600: each band is recognisable in the PNG."""
    rng = np.random.default_rng(1)
    return np.stack([rng.integers(k * 600, k * 600 + 300, (side, side)) for k in range(1, count + 1)])


def s2_png(out):
    return np.asarray(Image.open(out / PATCH.format(s="s2")))


@pytest.mark.parametrize("count, rgb", [(13, (4, 3, 2)), (12, (4, 3, 2)), (4, (3, 2, 1))])
def test_unnamed_s2_is_read_in_sentinel2_band_order(tmp_path, count, rgb):
    data = banded_s2(count)
    s2 = write_raster(tmp_path / "s2.tif", data, "uint16")
    result = extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out", OPTS)
    png = s2_png(tmp_path / "out")
    for channel, band in enumerate(rgb):
        assert np.array_equal(png[..., channel], scale_to_8bit(data[band - 1, :256, :256], recipe.S2_DN_RANGE))
    assert any("no band names" in m and "B4, B3, B2 are bands " + ", ".join(map(str, rgb)) in m
               for m in result.messages)


def test_named_s2_bands_are_found_by_name_in_any_order(tmp_path):
    data = banded_s2(5)
    s2 = write_raster(tmp_path / "s2.tif", data, "uint16", descriptions=("B8", "B02", "B3", "B11", "B4"))
    extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out", OPTS)
    png = s2_png(tmp_path / "out")
    assert np.array_equal(png[..., 0], scale_to_8bit(data[4, :256, :256], recipe.S2_DN_RANGE))
    assert np.array_equal(png[..., 2], scale_to_8bit(data[1, :256, :256], recipe.S2_DN_RANGE))


GDAL_10M = tuple(f"{b}, central wavelength {w} nm" for b, w in (("B4", 665), ("B3", 560), ("B2", 490), ("B8", 842)))


@pytest.mark.parametrize("descriptions, colours, rgb", [
    (GDAL_10M, None, (1, 2, 3)),  # gdal_translate of the SENTINEL2 driver's 10 m subdataset: B4 B3 B2 B8
    (("B2 (490 nm)", "B3 (560 nm)", "B4 (665 nm)"), None, (3, 2, 1)),
    (("B02_10m", "B03_10m", "B04_10m", "B08_10m"), None, (3, 2, 1)),
    (("Blue", "Green", "Red"), None, (3, 2, 1)),
    (("NIR", "Red", "Green", "Blue"), None, (2, 3, 4)),
    (None, ("blue", "green", "red"), (3, 2, 1)),  # no names, but the colour interpretation says BGR
    (None, ("red", "green", "blue", "undefined"), (1, 2, 3)),  # an RGB(N) export, not the B2 B3 B4 B8 order
], ids=["gdal-sentinel2", "wavelength", "suffix", "colour-words", "nir-first", "colorinterp-bgr", "colorinterp-rgbn"])
def test_s2_bands_are_taken_from_every_name_or_colour_the_file_gives(tmp_path, descriptions, colours, rgb):
    """The file says which band is which: that wins over the band-count order. Before, only a bare
    ``B4``/``B04`` counted as a name: GDAL's own ``B4, central wavelength 665 nm`` or ``Blue``,
    ``Green``, ``Red`` fell back to an order and the run said "no band names" (red and blue swapped)."""
    from rasterio.enums import ColorInterp

    data = banded_s2(len(descriptions or colours))
    s2 = write_raster(tmp_path / "s2.tif", data, "uint16", descriptions=descriptions)
    if colours:
        with rasterio.open(s2, "r+") as ds:
            ds.colorinterp = [ColorInterp[c] for c in colours]
    pair, messages = describe_pair(good_s1(tmp_path), s2)
    assert pair.s2_rgb == rgb, messages
    assert not any("no band names" in m for m in messages), messages
    extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out", OPTS)
    png = s2_png(tmp_path / "out")
    for channel, band in enumerate(rgb):
        assert np.array_equal(png[..., channel], scale_to_8bit(data[band - 1, :256, :256], recipe.S2_DN_RANGE))


def test_s2_whose_names_are_no_sentinel2_bands_says_so_and_which_order_it_took(tmp_path):
    s2 = write_raster(tmp_path / "s2.tif", banded_s2(3), "uint16", descriptions=("layer_1", "layer_2", "layer_3"))
    _pair, messages = describe_pair(good_s1(tmp_path), s2)
    assert any("layer_1" in m and "B4, B3, B2 are bands 1, 2, 3" in m for m in messages), messages


def test_unnamed_s2_with_an_unknown_band_count_asks_for_band_numbers(tmp_path):
    s2 = write_raster(tmp_path / "s2.tif", banded_s2(5), "uint16")
    with pytest.raises(InputError, match="give the band numbers of B4, B3, B2"):
        extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out", OPTS)
    data = banded_s2(5)
    result = extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out",
                                ExtractOptions(**{**OPTS.__dict__, "s2_bands": (5, 4, 3)}))
    assert result.written == 1
    assert np.array_equal(s2_png(tmp_path / "out")[..., 0], scale_to_8bit(data[4, :256, :256], recipe.S2_DN_RANGE))


def test_s2_named_without_the_rgb_bands_is_refused(tmp_path):
    s2 = write_raster(tmp_path / "s2.tif", banded_s2(3), "uint16", descriptions=("B8", "B11", "B12"))
    with pytest.raises(InputError, match="without B4, B3, B2"):
        describe_pair(good_s1(tmp_path), s2)


@pytest.mark.parametrize("text, expected", [("4,3,2", (4, 3, 2)), (" 5; 4 3 ", (5, 4, 3)), ("", None)])
def test_band_numbers_parse(text, expected):
    assert parse_band_numbers(text) == expected


@pytest.mark.parametrize("text", ["4,3", "a,b,c", "0,1,2", "4,3,2,1"])
def test_bad_band_numbers_are_refused(text):
    with pytest.raises(InputError, match="B4, B3 and B2"):
        parse_band_numbers(text)


@pytest.mark.parametrize("dtype", ["uint8", "int16", "uint16"])
def test_integer_s1_is_refused(tmp_path, dtype):
    s1 = write_raster(tmp_path / "s1.tif", np.full((1, 300, 300), 200), dtype)
    s2 = write_s2(tmp_path / "s2.tif", banded_s2(3))
    with pytest.raises(InputError, match=f"holds {dtype} values"):
        extract_scene_pair(s1, s2, tmp_path / "out", OPTS)
    with pytest.raises(InputError, match="dB"):
        check_scene_files(s1, s2)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.png"))


def test_s2_picked_as_s1_is_refused(tmp_path):
    s2 = write_s2(tmp_path / "s2.tif", banded_s2(3))
    with pytest.raises(InputError, match="Is it the S2 scene"):
        extract_scene_pair(s2, s2, tmp_path / "out", OPTS)


def test_float_s1_that_is_neither_db_nor_linear_is_refused(tmp_path):
    s1 = write_raster(tmp_path / "s1.tif", np.random.default_rng(2).uniform(100, 6000, (1, 300, 300)), "float32")
    with pytest.raises(InputError, match="neither"):
        describe_pair(s1, write_s2(tmp_path / "s2.tif", banded_s2(3)))


def test_linear_power_s1_is_converted_to_db_with_a_warning(tmp_path):
    db = np.random.default_rng(3).uniform(-22, -3, (300, 300)).astype(np.float32)
    linear = (10 ** (db / 10)).astype(np.float32)
    s1 = write_s1(tmp_path / "s1.tif", linear)
    result = extract_scene_pair(s1, write_s2(tmp_path / "s2.tif", banded_s2(3)), tmp_path / "out",
                                ExtractOptions(**{**OPTS.__dict__, "formats": ("png", "tif")}))
    assert any("linear power" in m and "converted to dB" in m for m in result.messages)
    png = np.asarray(Image.open(tmp_path / "out" / PATCH.format(s="s1")))
    expected = scale_to_8bit(db[:256, :256], recipe.S1_DB_RANGE)
    assert np.abs(png.astype(int) - expected).max() <= 1
    assert 100 < png.mean() < 230  # not all white
    with rasterio.open(tmp_path / "out" / PATCH.format(s="s1").replace(".png", ".tif")) as ds:
        assert np.allclose(ds.read(1), db[:256, :256], atol=1e-3)  # the GeoTIFF patch holds dB too


def test_truncated_geotiff_gives_a_sentence(tmp_path):
    s1 = write_s1(tmp_path / "s1.tif", np.random.default_rng(4).uniform(-22, -3, (600, 600)))
    s2 = write_s2(tmp_path / "s2.tif", banded_s2(3, 600))
    data = s2.read_bytes()
    s2.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt|not a raster GDAL can read"):
        extract_scene_pair(s1, s2, tmp_path / "out", OPTS)
    with pytest.raises(InputError, match="truncated or corrupt|not a raster GDAL can read"):
        check_scene_files(s1, s2)


def test_huge_declared_raster_is_refused_at_once(tmp_path):
    big = 200_000
    for name, count, dtype in (("s1", 1, "float32"), ("s2", 3, "uint16")):
        with rasterio.open(tmp_path / f"{name}.tif", "w", driver="GTiff", width=big, height=big, count=count,
                           dtype=dtype, crs=CRS, transform=from_origin(*ORIGIN, 10, 10), tiled=True,
                           sparse_ok=True, BIGTIFF="YES"):
            pass
    with pytest.raises(InputError, match="200000 x 200000 px .* the limit is"):
        describe_pair(tmp_path / "s1.tif", tmp_path / "s2.tif")


@pytest.mark.parametrize("crs, origin, res, words", [
    ("EPSG:4326", ORIGIN, 10, "cannot be longitude and latitude"),  # UTM metres tagged as degrees
    (CRS, (13.5, 45.2), 0.0001, "look like degrees"),  # degrees tagged as UTM metres
], ids=["metres-tagged-4326", "degrees-tagged-utm"])
def test_a_crs_tag_the_coordinates_contradict_is_refused(tmp_path, crs, origin, res, words):
    """Coordinates that cannot exist in the CRS they are tagged with: the tag is wrong, and patches
    with that georeference (and their footprints in the index) would be wrong. Before, both ran with
    a warning about pixel sizes and wrote georeferenced patches at impossible places."""
    for role in ("s1", "s2"):
        data = (np.random.default_rng(0).uniform(-22, -3, (1, 300, 300)) if role == "s1" else banded_s2(3))
        with rasterio.open(tmp_path / f"{role}.tif", "w", driver="GTiff", width=300, height=300, count=len(data),
                           dtype="float32" if role == "s1" else "uint16", crs=crs,
                           transform=from_origin(*origin, res, res)) as ds:
            ds.write(data.astype(ds.dtypes[0]))
    with pytest.raises(InputError, match=words):
        describe_pair(tmp_path / "s1.tif", tmp_path / "s2.tif")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("description, name", [("Amplitude_VV", "s1.tif"), ("VV", "S1A_IW_GRDH_20170613_VV_amplitude.tif")],
                         ids=["snap-band-name", "file-name"])
def test_s1_that_says_it_is_amplitude_is_refused(tmp_path, description, name):
    """Amplitude (SNAP's Amplitude_VV: the square root of intensity, uncalibrated) is no backscatter
    power: 10 log10 of it halves every dB value. Before, it passed as "linear power" and was
    converted, the patches a stretched half of the true range."""
    db = np.random.default_rng(0).uniform(-22, -3, (300, 300))
    s1 = write_raster(tmp_path / name, np.sqrt(10 ** (db / 10))[None], "float32", descriptions=(description,))
    s2 = write_s2(tmp_path / "s2.tif", banded_s2(3))
    with pytest.raises(InputError, match="amplitude"):
        describe_pair(s1, s2)
    with pytest.raises(InputError, match="amplitude"):
        extract_scene_pair(s1, s2, tmp_path / "out", OPTS)
    assert not list((tmp_path / "out").rglob("*.png"))


def test_a_no_data_tag_inside_the_measured_values_is_refused(tmp_path):
    """S2 tagged no-data 1000 while 1000 is an ordinary digital number of it: every patch holds some
    pixels of exactly 1000, so every patch was dropped "for no-data" from a scene without a hole.
    Now refused, with the evidence; a tag whose pixels form a filled area stays no-data."""
    rng = np.random.default_rng(2)
    data = rng.integers(200, 3000, (3, 300, 300))
    s2 = write_raster(tmp_path / "s2.tif", data, "uint16", descriptions=("B4", "B3", "B2"), nodata=1000)
    with pytest.raises(InputError, match="no-data tag 1000, .* measured values"):
        describe_pair(good_s1(tmp_path), s2)
    filled = np.where(data == 1000, 1001, data)
    filled[:, :, :40] = 1000  # a real fill: a block of the tagged value, absent from the data
    s2 = write_raster(tmp_path / "s2b.tif", filled, "uint16", descriptions=("B4", "B3", "B2"), nodata=1000)
    _pair, messages = describe_pair(good_s1(tmp_path), s2)
    result = extract_scene_pair(good_s1(tmp_path), s2, tmp_path / "out", ExtractOptions(
        **{**OPTS.__dict__, "patch_size": 100, "stride": 100}))
    assert result.written == 6 and result.dropped_nodata == 3


def test_an_s1_no_data_tag_inside_its_rounded_db_values_is_refused(tmp_path):
    db = np.round(np.random.default_rng(0).uniform(-22, -3, (1, 300, 300)))
    s1 = write_raster(tmp_path / "s1.tif", db, "float32", nodata=-10)
    with pytest.raises(InputError, match="no-data tag -10"):
        extract_scene_pair(s1, write_s2(tmp_path / "s2.tif", banded_s2(3)), tmp_path / "out", OPTS)
