"""Label patches as the third file of each pair: same grid, same numbers, same drops; index, splits, card."""

import json

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN, set_decision, write_s1, write_s2
from PIL import Image
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.warp import transform_geom
from test_labels import gdal_nearest, polygon_features, write_classes

from sen12_plugin.core import layout, review, splits
from sen12_plugin.core.card import write_dataset_card
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.grid import RasterGrid
from sen12_plugin.core.index import SCENES_LAYER, index_path, read_rows
from sen12_plugin.core.labels import RasterLabels, VectorLabels, read_class_map

pytestmark = pytest.mark.needs_osgeo

H, W = 520, 600


def scene(folder, seed=0, nodata_corner=True):
    """A textured pair with a no-data corner (the top-right patch positions are dropped)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:H, 0:W].astype(np.float32)
    field = np.sin(x / 23.0) * np.cos(y / 31.0)
    s1 = (-12 + 3 * field + rng.normal(0, 1.5, (H, W))).astype(np.float32)
    rgb = np.clip(np.stack([960 + 300 * field, 900 + 300 * field, 820 + 300 * field])
                  + rng.normal(0, 40, (3, H, W)), 1, 9000).astype(np.uint16)
    if nodata_corner:
        rgb[:, :40, 300:340] = 0  # S2 no-data: the two top patches touching it are dropped
    folder.mkdir(parents=True, exist_ok=True)
    return write_s1(folder / "s1.tif", s1), write_s2(folder / "s2.tif", rgb)


def options(**kw):
    return ExtractOptions(**{"season": "summer", "scene": 4, "dataset_name": "alps", "workers": 1, "thresholds": None,
                             **kw})


def landuse():
    return VectorLabels.from_geojson("landuse", polygon_features(), "EPSG:4326", "cls")


def test_label_patches_equal_rasterize_on_each_patch_grid_with_the_pairs_numbers_and_drops(tmp_path):
    s1, s2 = scene(tmp_path / "in")
    out = tmp_path / "out"
    done = extract_into_dataset(s1, s2, out, options(formats=("png", "tif")), labels=landuse())
    result = done.result
    assert result.dropped_nodata == 2 and len(result.records) == 7  # p2 and p3 touch the no-data
    ids = {c.name: c.id for c in read_class_map(out / "alps_summer" / "class_map.json")}
    assert ids == {"field": 1, "forest": 2, "water": 3}
    shapes = [(transform_geom("EPSG:4326", CRS, f["geometry"]), ids[f["properties"]["cls"]])
              for f in polygon_features()]
    rows = {r["patch"]: r for r in read_rows(index_path(out))}
    for rec in result.records:
        n = rec.position.number
        lc = out / layout.patch_relpath("alps_summer", "lc", 4, n)
        assert rec.files["lc_png"] == layout.twin(rec.files["s1_png"], "lc") == rows[n]["lc_path"]
        with Image.open(lc) as image:
            mode, png = image.mode, np.asarray(image)
        assert mode == "L" and png.dtype == np.uint8 and png.shape == (256, 256)
        transform = rasterio.Affine(*result.grid.transform(rec.position))
        expected = rasterize(shapes, out_shape=(256, 256), transform=transform, fill=0, dtype="uint8")
        assert np.array_equal(png, expected), n
        with rasterio.open(out / rec.files["lc_tif"]) as t, rasterio.open(out / rec.files["s1_tif"]) as s:
            assert (t.crs, t.transform, t.dtypes) == (s.crs, s.transform, ("uint8",))
            assert np.array_equal(t.read(1), png)
        counts = np.bincount(png.ravel(), minlength=4)
        assert rows[n]["lc_coverage"] == pytest.approx(1 - counts[0] / png.size)
        assert json.loads(rows[n]["lc_classes"]) == {str(i): int(c) for i, c in enumerate(counts) if c}
    kept = {r.position.number for r in result.records}
    for kind in ("s1", "s2", "lc"):
        names = {int(p.stem.rsplit("_p", 1)[1]) for p in (out / "alps_summer" / f"{kind}_4").glob("*.png")}
        assert names == kept  # same numbers, same gaps
    scene_row = read_rows(index_path(out), SCENES_LAYER)[0]
    assert scene_row["label_source"] == "vector layer landuse (field 'cls', pixel centres)"
    assert (out / "alps_summer" / "label_rasters" / "lc_4.tif").is_file()


def test_a_public_sen12_loader_still_reads_the_pairs(tmp_path):
    s1, s2 = scene(tmp_path / "in")
    out = tmp_path / "out"
    extract_into_dataset(s1, s2, out, options(), labels=landuse())

    def sen12_loader(root):  # as public SEN1-2 loaders do: glob s1_*/, the S2 twin by replacing s1_
        pairs = []
        for s1_dir in sorted(root.glob("*/s1_*")):
            for s1_png in sorted(s1_dir.glob("*.png")):
                s2_png = str(s1_png).replace("s1_", "s2_")
                pairs.append((np.asarray(Image.open(s1_png)), np.asarray(Image.open(s2_png))))
        return pairs

    pairs = sen12_loader(out)
    assert len(pairs) == len(read_rows(index_path(out)))
    assert all(a.shape == (256, 256) and b.shape == (256, 256, 3) for a, b in pairs)
    assert (out / "alps_summer" / "lc_4").is_dir()  # the labels are there, beside the pairs


def test_all_unlabeled_pairs_are_dropped_only_on_request(tmp_path):
    s1, s2 = scene(tmp_path / "in", nodata_corner=False)
    x, y = ORIGIN
    pond = {"type": "Polygon", "coordinates": [[(x + 100, y - 100), (x + 900, y - 100), (x + 900, y - 900),
                                                (x + 100, y - 900), (x + 100, y - 100)]]}
    labels = VectorLabels.from_geojson("ponds", [{"geometry": pond, "properties": {"c": "water"}}], CRS, "c")
    kept = extract_into_dataset(s1, s2, tmp_path / "all", options(), labels=labels).result
    assert len(kept.records) == 9 and kept.dropped_unlabeled == 0
    dropped = extract_into_dataset(s1, s2, tmp_path / "drop", options(drop_unlabeled=True), labels=labels).result
    assert [r.position.number for r in dropped.records] == [1] and dropped.dropped_unlabeled == 8
    assert read_rows(index_path(tmp_path / "drop"), SCENES_LAYER)[0]["dropped_unlabeled"] == 8
    card = json.loads(write_dataset_card(tmp_path / "drop")[0].read_text())
    assert card["counts"]["dropped_unlabeled"] == 8


def test_a_class_raster_becomes_label_patches_as_gdals_nearest_warp(tmp_path):
    s1, s2 = scene(tmp_path / "in")
    rng = np.random.default_rng(9)
    classes = rng.integers(1, 4, (200, 200))
    raster = write_classes(tmp_path / "classes.tif", classes, "EPSG:32632", from_origin(870013.3, 5005417.1, 30, 30),
                           nodata=255)
    out = tmp_path / "out"
    result = extract_into_dataset(s1, s2, out, options(), labels=RasterLabels(str(raster))).result
    with rasterio.open(s2) as ds:
        grid = RasterGrid(ds.width, ds.height, ds.crs.to_wkt(), tuple(ds.transform)[:6])
    expected = gdal_nearest(raster, grid, 255)
    for rec in result.records:
        pos = rec.position
        png = np.asarray(Image.open(out / rec.files["lc_png"]))
        assert np.array_equal(png, expected[pos.row_off:pos.row_off + 256, pos.col_off:pos.col_off + 256])


def test_labels_are_part_of_the_scenes_identity_and_move_with_their_pair(tmp_path):
    s1, s2 = scene(tmp_path / "in")
    out = tmp_path / "out"
    first = extract_into_dataset(s1, s2, out, options(), labels=landuse()).result
    again = extract_into_dataset(s1, s2, out, options(), labels=landuse()).result
    assert again.written == 0 and again.skipped == len(first.records)
    buffered = VectorLabels.from_geojson("landuse", polygon_features(), "EPSG:4326", "cls", buffer_m=20)
    with pytest.raises(InputError, match="labels vector layer landuse .* -> vector layer landuse .*buffer 20 m"):
        extract_into_dataset(s1, s2, out, options(), labels=buffered)
    with pytest.raises(InputError, match="labels None -> vector layer"):
        extract_into_dataset(s1, s2, tmp_path / "plain", options())  # a scene cut without labels first
        extract_into_dataset(s1, s2, tmp_path / "plain", options(), labels=landuse())
    set_decision(out, "alps_summer", 4, first.records[0].position.number, "reject")
    moved = review.apply_review(out)
    assert moved.moved_out == 3  # S1, S2 and the label patch
    assert (out / layout.REJECTED_DIR / first.records[0].files["lc_png"]).is_file()
    replaced = extract_into_dataset(s1, s2, out, options(), labels=buffered, overwrite=True).result
    assert replaced.written == len(replaced.records)
    assert not (out / layout.REJECTED_DIR / first.records[0].files["lc_png"]).exists()  # old labels went


def test_splits_keep_the_triplet_and_the_card_gives_class_shares_and_the_class_map(tmp_path):
    out = tmp_path / "out"
    for n in range(3):
        s1, s2 = scene(tmp_path / f"in{n}", seed=n)
        extract_into_dataset(s1, s2, out, options(scene=n), labels=landuse())
    (out / "alps_summer" / "lc_2" / "alps_summer_lc_2_p5.png").unlink()  # a triplet without its label
    made = splits.make_splits(out, "scene", (0.34, 0.33, 0.33), leaks="report")  # its scenes share one ground
    sizes = made.sizes
    assert any("alps_summer_lc_2_p5.png not on disk" in s for s in made.skipped)
    rows = {r["s1_path"]: r for r in read_rows(index_path(out))}
    for split in sizes:
        for line in (out / "splits" / "scene" / f"{split}.txt").read_text().split():
            assert (out / layout.twin(line, "lc")).is_file() and rows[line]["lc_path"] == layout.twin(line, "lc")
    json_path, md_path = write_dataset_card(out)
    labels = json.loads(json_path.read_text())["labels"]
    assert labels["datasets"]["alps_summer"]["sources"] == ["vector layer landuse (field 'cls', pixel centres)"]
    assert [(c["id"], c["name"]) for c in labels["datasets"]["alps_summer"]["classes"]] == [
        (1, "field"), (2, "forest"), (3, "water")]
    shares = labels["class_share_by_split"]["scene"]
    for split, size in sizes.items():
        if size:
            assert sum(shares[split].values()) == pytest.approx(1, abs=1e-5)
            assert set(shares[split]) <= {"unlabeled", "field", "forest", "water"}
    md = md_path.read_text()
    assert "## Labels" in md and "| 3 | water |" in md and "#" in md.split("| 3 | water |")[1].split("\n")[0]
    assert "Pixel share per class and split (split by scene)" in md
