import numpy as np
import pytest
import rasterio
from helpers import ORIGIN, scene_pair, write_s1, write_s2
from PIL import Image

from sen12_plugin.core import recipe
from sen12_plugin.core.errors import Cancelled, InputError, OutputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.index import read_rows, update_patch_index
from sen12_plugin.core.preprocess import byte_histogram, lut_for_histogram, scale_to_8bit

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo

OPTS = ExtractOptions(season="summer", scene=4, seed=1868, workers=1)


def all_files(root):
    """The dataset's files (hidden records left out: identity, the run's ledger of what it wrote)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def test_exact_count_and_names(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    result = extract_scene_pair(s1, s2, tmp_path / "out", OPTS)
    assert len(result.grid) == 9 and len(result.records) == 9 and result.written == 9
    expected = sorted(
        f"ROIs1868_summer/{s}_4/ROIs1868_summer_{s}_4_p{n}.png" for s in ("s1", "s2") for n in range(1, 10)
    )
    assert all_files(tmp_path / "out") == expected
    pos = result.records[4].position
    assert (pos.number, pos.row, pos.col, pos.row_off, pos.col_off) == (5, 1, 1, 128, 128)


def test_pixel_values_follow_the_recipe(tmp_path):
    rng = np.random.default_rng(2)
    s1 = rng.uniform(-20, -5, (300, 300)).astype(np.float32)  # inside the clip range: stretchable
    s2 = rng.integers(1, 6000, (3, 300, 300)).astype(np.uint16)
    s1_path, s2_path = write_s1(tmp_path / "s1.tif", s1), write_s2(tmp_path / "s2.tif", s2)
    extract_scene_pair(s1_path, s2_path, tmp_path / "none", ExtractOptions(
        season="summer", scene=0, seed=1868, stretch="none", workers=1))
    png = np.asarray(Image.open(tmp_path / "none/ROIs1868_summer/s1_0/ROIs1868_summer_s1_0_p1.png"))
    assert png.dtype == np.uint8 and png.shape == (256, 256)
    assert np.array_equal(png, scale_to_8bit(s1[:256, :256], recipe.S1_DB_RANGE))
    rgb = np.asarray(Image.open(tmp_path / "none/ROIs1868_summer/s2_0/ROIs1868_summer_s2_0_p1.png"))
    assert rgb.shape == (256, 256, 3)
    assert np.array_equal(rgb[..., 2], scale_to_8bit(s2[2, :256, :256], recipe.S2_DN_RANGE))

    extract_scene_pair(s1_path, s2_path, tmp_path / "pct", ExtractOptions(
        season="summer", scene=0, seed=1868, workers=1))
    lut = lut_for_histogram(byte_histogram(scale_to_8bit(s1, recipe.S1_DB_RANGE)))
    assert lut[0] == 0 and lut[255] == 255 and lut[51] == 0 and lut[204] == 255 and lut[100] < 100  # it stretched
    png = np.asarray(Image.open(tmp_path / "pct/ROIs1868_summer/s1_0/ROIs1868_summer_s1_0_p1.png"))
    assert np.array_equal(png, lut[scale_to_8bit(s1[:256, :256], recipe.S1_DB_RANGE)])


def test_geotiff_patches_keep_values_and_georeference(tmp_path):
    s1_path, s2_path, s1, s2 = scene_pair(tmp_path, 400, 400)
    opts = ExtractOptions(season="spring", scene=2, seed=1158, formats=("png", "tif"), workers=1)
    result = extract_scene_pair(s1_path, s2_path, tmp_path / "out", opts)
    rec = result.records[3]  # row 1, col 1
    with rasterio.open(tmp_path / "out" / rec.files["s1_tif"]) as ds:
        assert ds.dtypes == ("float32",) and ds.crs.to_string() == "EPSG:32633"
        assert ds.transform.c == ORIGIN[0] + 128 * 10 and ds.transform.f == ORIGIN[1] - 128 * 10
        assert np.array_equal(ds.read(1), s1[128:384, 128:384])
    with rasterio.open(tmp_path / "out" / rec.files["s2_tif"]) as ds:
        assert ds.dtypes == ("uint16",) * 3
        assert np.array_equal(ds.read(), s2[:, 128:384, 128:384])


def test_nodata_patches_dropped_in_either_sensor(tmp_path):
    rng = np.random.default_rng(3)
    s1 = rng.uniform(-20, -5, (520, 600)).astype(np.float32)
    s2 = rng.integers(1, 5000, (3, 520, 600)).astype(np.uint16)
    s1[10, 10] = np.nan  # only in patch 1 (row 0, col 0)
    s2[:, 500, 500] = 0  # only in the last patch (row 2, col 2); masked S2 pixel
    write_s1(tmp_path / "s1.tif", s1)
    write_s2(tmp_path / "s2.tif", s2)
    result = extract_scene_pair(tmp_path / "s1.tif", tmp_path / "s2.tif", tmp_path / "out", OPTS)
    assert sorted(r.position.number for r in result.records) == [2, 3, 4, 5, 6, 7, 8]
    assert result.dropped_nodata == 2
    assert not (tmp_path / "out/ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p1.png").exists()


def test_declared_nodata_value_is_respected(tmp_path):
    s1 = np.full((300, 300), -10.0, dtype=np.float32)
    s1[200, 200] = -9999
    write_s1(tmp_path / "s1.tif", s1, nodata=-9999)
    write_s2(tmp_path / "s2.tif", np.full((3, 300, 300), 500))
    result = extract_scene_pair(tmp_path / "s1.tif", tmp_path / "s2.tif", tmp_path / "out", OPTS)
    assert result.records == [] and result.dropped_nodata == 1


def test_resume_after_interrupted_run(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    done = [0.0]

    def cancel_after_first_patch_row():
        return done[0] > 0.3

    with pytest.raises(Cancelled):
        extract_scene_pair(s1, s2, out, OPTS, progress=lambda f: done.__setitem__(0, f),
                           cancelled=cancel_after_first_patch_row)
    partial = all_files(out)
    assert 0 < len(partial) < 18 and not any(p.endswith(".part") for p in partial)
    (out / partial[0]).unlink()
    stale = out / "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p9.png.part"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half a png")
    result = extract_scene_pair(s1, s2, out, OPTS)
    assert result.written + result.skipped == 9
    assert result.written == 9 - (len(partial) - 1) // 2
    assert len([p for p in all_files(out) if p.endswith(".png")]) == 18
    again = extract_scene_pair(s1, s2, out, OPTS)
    assert (again.written, again.skipped) == (0, 9)


def test_different_grids_resample_s1_onto_s2(tmp_path):
    rng = np.random.default_rng(5)
    write_s1(tmp_path / "s1.tif", rng.uniform(-20, -5, (160, 160)), res=20.0)
    write_s2(tmp_path / "s2.tif", rng.integers(1, 5000, (3, 300, 300)))
    result = extract_scene_pair(tmp_path / "s1.tif", tmp_path / "s2.tif", tmp_path / "out", OPTS)
    assert any("resampled" in m for m in result.messages)
    assert len(result.records) == 1


def test_bad_inputs_give_clear_errors_and_no_output(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    out = tmp_path / "out"
    with pytest.raises(InputError, match="does not exist"):
        extract_scene_pair(tmp_path / "missing.tif", s2, out, OPTS)
    text = tmp_path / "notes.txt"
    text.write_text("not a raster")
    with pytest.raises(InputError, match="not a raster"):
        extract_scene_pair(text, s2, out, OPTS)
    far = write_s1(tmp_path / "far.tif", np.zeros((300, 300)), origin=(900000.0, 1000000.0))
    with pytest.raises(InputError, match="do not overlap"):
        extract_scene_pair(far, s2, out, OPTS)
    with pytest.raises(InputError, match="smaller than one patch"):
        extract_scene_pair(s1, s2, out, ExtractOptions(season="summer", scene=0, patch_size=512))
    with pytest.raises(InputError, match="positive"):
        extract_scene_pair(s1, s2, out, ExtractOptions(season="summer", scene=0, stride=0))
    with pytest.raises(OutputError, match="Cannot write"):
        extract_scene_pair(s1, s2, text / "sub", OPTS)
    assert not out.exists()


def test_patch_index_rows_and_rerun_replaces_scene_rows(tmp_path):
    from osgeo import ogr

    s1, s2, *_ = scene_pair(tmp_path, 400, 400)
    out = tmp_path / "out"
    for scene in (1, 2):
        opts = ExtractOptions(season="fall", scene=scene, seed=1970, workers=1)
        update_patch_index(extract_scene_pair(s1, s2, out, opts), "fall", 1970)
    update_patch_index(extract_scene_pair(s1, s2, out, ExtractOptions(
        season="fall", scene=1, seed=1970, workers=1)), "fall", 1970)
    ds = ogr.Open(str(out / "patch_index.gpkg"))
    layer = ds.GetLayerByName("patches")
    assert layer.GetFeatureCount() == 8
    feats = sorted((f["scene"], f["patch"], f["row"], f["col"], f["s1_path"]) for f in layer)
    assert feats[0] == (1, 1, 0, 0, "ROIs1970_fall/s1_1/ROIs1970_fall_s1_1_p1.png")
    assert all((out / f[4]).exists() for f in feats)
    assert not list(out.glob("*.part*"))


def test_worker_processes_give_the_same_files_as_inline(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 1536, 1536)
    inline = extract_scene_pair(s1, s2, tmp_path / "a", ExtractOptions(season="summer", scene=0, workers=1))
    pooled = extract_scene_pair(s1, s2, tmp_path / "b", ExtractOptions(season="summer", scene=0, workers=2))
    assert len(inline.records) == len(pooled.records) == 121
    for rec in inline.records[::17]:
        for rel in rec.files.values():
            assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_column_blocks_cut_and_stretch_like_the_whole_scene(tmp_path):
    """20 patch columns span two column blocks; every patch must match the whole-scene recipe."""
    rng = np.random.default_rng(11)
    s1 = rng.uniform(-22, -3, (288, 672)).astype(np.float32)
    s2 = rng.integers(1, 7000, (3, 288, 672)).astype(np.uint16)
    write_s1(tmp_path / "s1.tif", s1)
    write_s2(tmp_path / "s2.tif", s2)
    opts = ExtractOptions(season="summer", scene=0, seed=1868, patch_size=64, stride=32, workers=1)
    result = extract_scene_pair(tmp_path / "s1.tif", tmp_path / "s2.tif", tmp_path / "out", opts)
    assert result.grid.cols == 20 and len(result.records) == 8 * 20
    assert sorted(r.position.number for r in result.records) == list(range(1, 161))
    lut = lut_for_histogram(byte_histogram(scale_to_8bit(s1, recipe.S1_DB_RANGE)))
    for rec in result.records[::7]:
        png = np.asarray(Image.open(tmp_path / "out" / rec.files["s1_png"]))
        pos = rec.position
        window = s1[pos.row_off:pos.row_off + 64, pos.col_off:pos.col_off + 64]
        assert np.array_equal(png, lut[scale_to_8bit(window, recipe.S1_DB_RANGE)]), pos.number


def test_an_index_from_an_older_version_is_upgraded(tmp_path):
    """An index without the quality columns (version 0.1 layout) gains them; nothing is lost."""
    from osgeo import ogr, osr

    out = tmp_path / "out"
    out.mkdir()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(out / "patch_index.gpkg"))
    layer = ds.CreateLayer("patches", srs, ogr.wkbPolygon)
    for name in ("dataset", "season", "s1_path", "s2_path", "s1_tif", "s2_tif", "crs"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for name in ("seed", "scene", "patch", "row", "col"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTInteger))
    feat = ogr.Feature(layer.GetLayerDefn())
    feat.SetField("dataset", "ROIs1158_spring")
    feat.SetField("scene", 9)
    layer.CreateFeature(feat)
    ds = None
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    update_patch_index(extract_scene_pair(s1, s2, out, OPTS), "summer", 1868)
    rows = read_rows(out / "patch_index.gpkg")
    assert sorted(r["dataset"] for r in rows) == ["ROIs1158_spring", "ROIs1868_summer"]
    assert rows[-1]["qc_status"] in ("pass", "review", "reject")
