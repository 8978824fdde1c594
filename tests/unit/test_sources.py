"""The analyst's own scenes: SAFE folders and zips, per-band files, S1 GeoTIFFs, dates, pairing."""

import os

import pytest

if os.environ.get("SEN12_WITHOUT_OSGEO") == "1":  # the PyPI-rasterio venvs of make test-compat
    pytest.skip("needs osgeo (GDAL's SENTINEL2 driver through osgeo)", allow_module_level=True)

import json
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import rasterio
from helpers import write_s1, write_s2
from rasterio.control import GroundControlPoint
from sentinel_products import make_safe, zip_safe

from sen12_plugin.core import sources
from sen12_plugin.core.errors import InputError


@pytest.fixture()
def safe(tmp_path):
    return make_safe(tmp_path / "downloads")


def test_the_test_safe_opens_with_gdals_sentinel2_driver(safe):
    info = json.loads(subprocess.run(["gdalinfo", "-json", str(safe / "MTD_MSIL1C.xml")],
                                     capture_output=True, text=True, check=True).stdout)
    assert info["driverShortName"] == "SENTINEL2"
    subs = [v for k, v in info["metadata"]["SUBDATASETS"].items() if k.endswith("_DESC")]
    assert subs[0].startswith("Bands B2, B3, B4, B8 with 10m resolution")


def read_jp2(safe, band):
    with rasterio.open(next(safe.rglob(f"*_{band}.jp2"))) as ds:
        return ds.read(1)


def test_safe_folder_gives_b4_b3_b2_in_a_vrt_inside_output(safe, tmp_path):
    before = sorted(p.name for p in safe.parent.rglob("*"))
    scene = sources.recognise(safe)
    assert (scene.role, scene.kind, scene.acquired, scene.date_from) == ("s2", "s2_product", date(2017, 6, 13), "metadata")
    path, messages = sources.extraction_input(scene, tmp_path / "out")
    assert path.startswith(str(tmp_path / "out" / sources.SOURCES_FOLDER)) and "SENTINEL2 driver" in messages[0]
    with rasterio.open(path) as ds:
        assert ds.descriptions == ("B4", "B3", "B2") and ds.res == (10.0, 10.0) and ds.crs.to_epsg() == 32633
        for i, band in enumerate(("B04", "B03", "B02"), start=1):
            np.testing.assert_array_equal(ds.read(i), read_jp2(safe, band))
    assert sorted(p.name for p in safe.parent.rglob("*")) == before  # nothing written beside the product


def test_all_bands_option_resamples_20_and_60_m_bands_to_10_m(safe, tmp_path):
    path, _ = sources.extraction_input(sources.recognise(safe), tmp_path / "out", all_bands=True)
    with rasterio.open(path) as ds:
        assert ds.descriptions == ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12")
        assert ds.shape == (60, 60)
        b5 = ds.read(5).astype(float)
    native = read_jp2(safe, "B05").astype(float)  # 30 x 30 px at 20 m
    assert abs(b5.mean() - native.mean()) < 0.02 * native.mean()


def test_zip_and_subdataset_names_open_the_same_product(safe, tmp_path):
    subdataset = f"SENTINEL2_L1C:{safe}/MTD_MSIL1C.xml:10m:EPSG_32633"
    from_sub = sources.recognise(subdataset)
    assert from_sub.role == "s2" and from_sub.label == safe.name
    zipped = zip_safe(safe)
    scene = sources.recognise(zipped)
    assert (scene.role, scene.kind, scene.acquired) == ("s2", "s2_product", date(2017, 6, 13))
    in_zip = sources.recognise(f"SENTINEL2_L1C:/vsizip/{zipped}/{safe.name}/MTD_MSIL1C.xml:10m:EPSG_32633")
    assert (in_zip.source, in_zip.kind) == (str(zipped), "s2_product")  # a layer QGIS opened from the zip
    path, _ = sources.extraction_input(scene, tmp_path / "out")
    with rasterio.open(path) as ds:
        assert ds.descriptions == ("B4", "B3", "B2") and ds.read().any()


def test_a_vrt_is_rewritten_only_when_it_changes(safe, tmp_path):
    scene = sources.recognise(safe)
    path, _ = sources.extraction_input(scene, tmp_path / "out")
    stamp = (tmp_path / "out" / sources.SOURCES_FOLDER / path.rsplit("/", 1)[-1]).stat().st_mtime_ns
    again, _ = sources.extraction_input(scene, tmp_path / "out")
    assert again == path and (tmp_path / "out" / sources.SOURCES_FOLDER / path.rsplit("/", 1)[-1]).stat().st_mtime_ns == stamp


def test_s1_in_db_and_in_linear_power_are_recognised_by_description(tmp_path):
    rng = np.random.default_rng(1)
    db = write_s1(tmp_path / "mine_db.tif", rng.uniform(-25, 0, (50, 50)))
    linear = write_s1(tmp_path / "export.tif", 10 ** (rng.uniform(-25, 0, (50, 50)) / 10))
    for path in (db, linear):
        with rasterio.open(path, "r+") as ds:
            ds.descriptions = ("VV",)
        scene = sources.recognise(path)
        assert (scene.role, scene.reason) == ("s1", "band description VV")


def test_s1_by_file_name_and_its_date(tmp_path):
    path = write_s1(tmp_path / "S1B_IW_GRDH_1SDV_20171203T052213_VV_TC.tif", np.full((20, 20), -10.0))
    scene = sources.recognise(path)
    assert (scene.role, scene.acquired, scene.date_from) == ("s1", date(2017, 12, 3), "file name")
    assert sources.season_for_date(scene.acquired).name == "winter"
    assert sources.season_for_date(scene.acquired).end == date(2018, 2, 28)  # December opens 2018's winter


def test_raw_grd_in_radar_geometry_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "s1a-iw-grd-vv-20170613t165043.tiff"
    gcps = [GroundControlPoint(row, col, 13.0 + col / 1000, 48.0 + row / 1000, 0)
            for row in (0, 99) for col in (0, 99)]
    with rasterio.open(path, "w", driver="GTiff", width=100, height=100, count=1, dtype="uint16",
                       gcps=gcps, crs="EPSG:4326") as ds:
        ds.write(np.ones((1, 100, 100), dtype="uint16"))
    scene = sources.recognise(path)
    assert scene.role is None
    assert "radar geometry" in scene.reason and "SNAP" in scene.reason and "Earth Engine" in scene.reason
    with pytest.raises(InputError, match="terrain-correct"):
        sources.extraction_input(scene, tmp_path / "out")


def test_pictures_and_unknown_rasters_are_not_taken_for_scenes(tmp_path):
    with rasterio.open(tmp_path / "photo.tif", "w", driver="GTiff", width=10, height=10, count=3, dtype="uint8",
                       crs="EPSG:32633", transform=rasterio.transform.from_origin(0, 0, 10, 10)) as ds:
        ds.write(np.zeros((3, 10, 10), dtype="uint8"))
    assert "8-bit image" in sources.recognise(tmp_path / "photo.tif").reason
    (tmp_path / "notes.txt").write_text("hello")
    assert sources.recognise(tmp_path / "notes.txt").reason == "not a raster GDAL can read"
    assert sources.recognise(tmp_path).role is None


def test_plugin_downloads_take_season_seed_and_roi_from_the_scene_json(tmp_path):
    s1, s2 = write_s1(tmp_path / "s1_7.tif", np.full((20, 20), -8.0)), write_s2(tmp_path / "s2_7.tif", np.ones((3, 20, 20)))
    (tmp_path / "scene_7.json").write_text(json.dumps({"roi": 7, "seed": 1868, "season": "summer"}))
    pairs, left = sources.pair_scenes([sources.recognise(s1), sources.recognise(s2)])
    assert not left and [(p.season, p.seed, p.scene) for p in pairs] == [("summer", 1868, 7)]


def test_dates_and_the_season_table():
    assert sources.parse_date("S2B_MSIL2A_20170924T93020_69_24") == date(2017, 9, 24)
    assert sources.parse_date("13-JUN-2017 16:50:43.123") == date(2017, 6, 13)
    assert sources.parse_date("2019-02-29") is None and sources.parse_date("no date") is None
    assert [sources.season_for_date(date(2017, m, 15)).name for m in (1, 4, 7, 10)] == ["winter", "spring", "summer", "fall"]
    assert sources.season_for_date(date(2017, 5, 31)) is None  # the paper's spring ends on 30 May


def test_pairing_prefers_the_closest_date_among_overlapping_scenes(tmp_path):
    far = write_s2(tmp_path / "S2A_MSIL1C_20170801T100000_x.tif", np.ones((3, 20, 20)))
    near = write_s2(tmp_path / "S2A_MSIL1C_20170610T100000_x.tif", np.ones((3, 20, 20)))
    elsewhere = write_s2(tmp_path / "S2A_MSIL1C_20170612T100000_y.tif", np.ones((3, 20, 20)), origin=(900000.0, 5000000.0))
    s1 = write_s1(tmp_path / "S1A_IW_GRDH_20170612T050000_VV.tif", np.full((20, 20), -9.0))
    pairs, left = sources.pair_scenes([sources.recognise(p) for p in (far, near, elsewhere, s1)])
    assert [(p.s1.label, p.s2.label, p.season, p.days_apart) for p in pairs] == [
        (s1.name, near.name, "summer", 2)]
    reasons = {scene.label: reason for scene, reason in left}
    assert reasons[far.name] == "every overlapping Sentinel-1 scene pairs with one closer in date"
    assert reasons[elsewhere.name] == "no Sentinel-1 scene overlaps it"


@pytest.fixture(scope="module")
def bigearthnet():
    from bigearthnet import bigearthnet_folder

    return bigearthnet_folder()


def test_bigearthnet_band_files_stack_into_b4_b3_b2(bigearthnet, tmp_path):
    from bigearthnet import s2_folder

    folder = s2_folder(bigearthnet, "S2A_MSIL2A_20170613T101031_87_48")
    for given in (folder, next(folder.glob("*_B04.tif"))):  # the folder, or one band file of it
        scene = sources.recognise(given)
        assert (scene.role, scene.kind, scene.acquired) == ("s2", "s2_bands", date(2017, 6, 13))
    path, messages = sources.extraction_input(scene, tmp_path / "out")
    assert "per-band files" in messages[0]
    with rasterio.open(path) as ds:
        assert ds.descriptions == ("B4", "B3", "B2") and ds.shape == (120, 120)
        for i, band in enumerate(("B04", "B03", "B02"), start=1):
            with rasterio.open(next(folder.glob(f"*_{band}.tif"))) as native:
                np.testing.assert_array_equal(ds.read(i), native.read(1))
                assert ds.transform == native.transform and ds.crs == native.crs


def test_bigearthnet_pairs_are_found_by_footprint_and_date(bigearthnet):
    from bigearthnet import s1_vv

    s2_folders = sorted(p for p in (bigearthnet / "BigEarthNet-S2-Example").iterdir() if p.is_dir())
    s1_files = sorted((bigearthnet / "BigEarthNet-S1-Example").glob("*/*_VV.tif"))
    scenes = [sources.recognise(p) for p in s2_folders + s1_files]
    assert [s.role for s in scenes] == ["s2"] * 6 + ["s1"] * 6
    pairs, left = sources.pair_scenes(scenes)
    assert not left and len(pairs) == 6
    for pair in pairs:  # BigEarthNet's own pairing, found from the rasters alone
        assert pair.s1.source == str(s1_vv(bigearthnet, Path(pair.s2.source).name))
    assert sorted({p.season for p in pairs}) == ["fall", "summer", "winter"]


def test_s1_vv_is_found_in_any_band_and_vh_alone_is_refused(tmp_path):
    from sen12_plugin.core.plan import Choices, plan_extraction

    rng = np.random.default_rng(4)
    vh_vv = write_s1(tmp_path / "dual.tif", np.stack([rng.uniform(-30, -15, (20, 20)), rng.uniform(-15, -5, (20, 20))]))
    with rasterio.open(vh_vv, "r+") as ds:
        ds.descriptions = ("VH", "VV")
    s2 = write_s2(tmp_path / "S2A_MSIL1C_20170613T100000_x.tif", rng.integers(1, 6000, (3, 20, 20)))
    plan = plan_extraction(str(vh_vv), str(s2), tmp_path / "out", Choices(seed=1868, patch_size=16, stride=16))
    assert plan.pair.s1_bands == (2, 1) and any("VV is band 2" in r.text for r in plan.reasons)
    vh = write_s1(tmp_path / "S1A_IW_GRDH_20170613T050000_VH.tif", np.full((20, 20), -20.0))
    with pytest.raises(InputError, match="holds VH only"):
        sources.resolve_pair(str(vh), str(s2), tmp_path / "out")
    vv = write_s1(tmp_path / "S1A_IW_GRDH_20170613T050000_VV.tif", np.full((20, 20), -9.0))
    pairs, left = sources.pair_scenes([sources.recognise(p) for p in (vh, s2, vv)])  # VV pairs, not VH
    assert [p.s1.label for p in pairs] == [vv.name]
    assert [(s.label, reason) for s, reason in left] == [(vh.name, "VH only: SEN1-2 pairs VV")]


def test_scenes_in_other_crss_pair_by_their_ground_footprint(tmp_path):
    from rasterio.warp import calculate_default_transform, reproject

    s2 = write_s2(tmp_path / "S2A_MSIL1C_20170613T100000_x.tif", np.ones((3, 60, 60)))
    s1_utm = write_s1(tmp_path / "utm_VV.tif", np.full((60, 60), -9.0))
    with rasterio.open(s1_utm) as src:
        transform, width, height = calculate_default_transform(src.crs, "EPSG:4326", src.width, src.height, *src.bounds)
        with rasterio.open(tmp_path / "S1A_20170615_VV_wgs84.tif", "w", driver="GTiff", width=width, height=height,
                           count=1, dtype="float32", crs="EPSG:4326", transform=transform) as dst:
            reproject(rasterio.band(src, 1), rasterio.band(dst, 1))
    pairs, _ = sources.pair_scenes([sources.recognise(tmp_path / "S1A_20170615_VV_wgs84.tif"), sources.recognise(s2)])
    assert len(pairs) == 1 and pairs[0].overlap > 0.9 and pairs[0].days_apart == 2


def test_products_of_baseline_04_are_shifted_back_like_the_harmonized_collection(tmp_path):
    safe = make_safe(tmp_path / "downloads", stamp="20230715T101031", offset=-1000)
    native = read_jp2(safe, "B04").astype(int)
    scene = sources.recognise(zip_safe(safe))  # the offset is read from the XML inside the zip
    path, messages = sources.extraction_input(scene, tmp_path / "out")
    assert any("offset of -1000 was applied" in m for m in messages)
    with rasterio.open(path) as ds:
        np.testing.assert_array_equal(ds.read(1), np.clip(native - 1000, 0, None))


def test_a_day_outside_the_season_table_asks_for_a_season_without_refusing_the_pair(tmp_path):
    s1 = write_s1(tmp_path / "S1A_IW_GRDH_1SDV_20170531T050000_VV.tif", np.full((20, 20), -9.0))
    s2 = write_s2(tmp_path / "S2A_MSIL1C_20170531T100000_x.tif", np.ones((3, 20, 20)))
    pair = sources.resolve_pair(str(s1), str(s2), tmp_path / "out")
    assert pair.season is None and "2017-05-31 falls in none of the paper's seasons" in pair.season_note


def test_two_band_folders_of_one_name_get_two_vrts(tmp_path):
    """Two tiles' band folders whose files share a prefix (/data/a/IMG_DATA/T33TWN_..._B04.tif and
    /data/b/IMG_DATA/T33TWN_..._B04.tif): each gets its own VRT in OUTPUT/_sources. Before, both
    were written to one name, so the first pair was cut from the second pair's bands."""
    folders = []
    for k, where in enumerate(("a", "b")):
        folder = tmp_path / where / "IMG_DATA"
        folder.mkdir(parents=True)
        for band in ("B02", "B03", "B04"):
            write_s2(folder / f"T33TWN_20170613T101031_{band}.tif", np.full((1, 64, 64), 1000 + 1000 * k), names=(band,))
        folders.append(folder)
    out = tmp_path / "out"
    paths = [sources.extraction_input(sources.recognise(f), out)[0] for f in folders]
    assert paths[0] != paths[1] and all(Path(p).parent == out / "_sources" for p in paths)
    for k, path in enumerate(paths):
        with rasterio.open(path) as ds:
            assert int(ds.read(1).max()) == 1000 + 1000 * k
    again = sources.extraction_input(sources.recognise(folders[0]), out)[0]
    assert again == paths[0]  # the same folder keeps its VRT (resume)
