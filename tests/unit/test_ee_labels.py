"""Land cover fetched with the scenes (WorldCover, Dynamic World) and cut into label patches.

The fake serves both products synthetically with the catalog's class codes (evaluate.land_cover);
the label patches must equal its formula at every pixel centre of every patch.
"""

import json

import numpy as np
import pytest
import rasterio
from fake_earthengine import evaluate
from PIL import Image
from rasterio.features import geometry_mask
from rasterio.warp import transform_geom

from sen12_plugin.core import rois, seasons
from sen12_plugin.core.earthengine.retry import RetryPolicy
from sen12_plugin.core.earthengine.scenes import fetch_scene_pairs, write_requests
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.labels import DYNAMIC_WORLD, WORLDCOVER, read_class_map

pytestmark = pytest.mark.needs_osgeo

FAST = RetryPolicy(max_attempts=5, base_delay=0.01)
SUMMER = seasons.paper_season("summer")


@pytest.fixture()
def world(fake_ee):
    fake_ee.synthetic = fake_ee.textured = True  # S1 and S2 from the fake's textured planet
    return fake_ee


def expected_classes(product, transform, shape):
    """The fake's class ids at the pixel centres of a grid."""
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]] + 0.5
    x, y = transform.c + transform.a * cols, transform.f + transform.e * rows
    if product is WORLDCOVER:
        return evaluate.worldcover_map(x, y)
    return evaluate.season_label(x, y) + 1  # Dynamic World label + 1: 0 stays unlabeled


@pytest.mark.parametrize("product", [WORLDCOVER, DYNAMIC_WORLD], ids=lambda p: p.key)
def test_land_cover_is_fetched_on_the_scene_grid_and_cut_into_label_patches(ee_client, world, tmp_path, product):
    roi = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    result = fetch_scene_pairs([(roi, SUMMER)], tmp_path / "scenes", policy=FAST, labels=product)
    files = result.scenes[0].files
    asked = {tuple(body["bandIds"]) for body in world.calls("computePixels")}
    assert (product.band,) in asked  # through the same transport, its own band
    with rasterio.open(files.label) as lc, rasterio.open(files.s2) as s2:
        assert (lc.crs, lc.transform, lc.shape, lc.dtypes) == (s2.crs, s2.transform, s2.shape, ("uint8",))
        labels, transform = lc.read(1), lc.transform
    ring = transform_geom("EPSG:4326", files_crs(files), {"type": "Polygon", "coordinates": [roi.ring]})
    inside = ~geometry_mask([ring], labels.shape, transform)  # pixel centres inside the ROI (clip)
    expected = expected_classes(product, transform, labels.shape)
    assert np.array_equal(labels[inside], expected[inside]) and not labels[~inside].any()
    record = files.read_label_record()
    assert record["complete"] and record["product"] == product.key and record["collection"] == product.collection
    assert {c["id"] for c in record["classes"]} >= set(np.unique(expected).tolist())

    out = tmp_path / "dataset"
    options = ExtractOptions(season="summer", scene=5, seed=9, workers=1, thresholds=None)
    done = extract_into_dataset(files.s1, files.s2, out, options)  # no label source given: lc_5.tif
    assert done.result.records and done.result.label is not None
    for rec in done.result.records:
        png = np.asarray(Image.open(out / rec.files["lc_png"]))
        patch = rasterio.Affine(*done.result.grid.transform(rec.position))
        assert np.array_equal(png, expected_classes(product, patch, png.shape)), rec.position.number
    classes = read_class_map(out / "ROIs9_summer" / "class_map.json")
    assert classes.get(product.classes.classes[0].id) == product.classes.classes[0]  # the catalog's names, colours
    assert product.collection in done.result.label.source


def files_crs(files):
    with rasterio.open(files.s1) as ds:
        return ds.crs.to_string()


def test_labels_join_scenes_fetched_before_and_other_labels_stop_the_run(ee_client, world, tmp_path):
    roi = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    out = tmp_path / "scenes"
    files = fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST).scenes[0].files
    assert not files.label.exists()
    before = {p: p.stat().st_mtime_ns for p in (files.s1, files.s2)}
    world.log.clear()
    fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST, labels=WORLDCOVER)
    assert {tuple(b["bandIds"]) for b in world.calls("computePixels")} == {("Map",)}  # S1, S2 kept
    assert files.label.is_file() and {p: p.stat().st_mtime_ns for p in before} == before
    world.log.clear()
    fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST, labels=WORLDCOVER)
    assert world.calls("computePixels") == []  # resumed: nothing to fetch
    with pytest.raises(InputError, match="holds ESA WorldCover v200 .* this run asks for Dynamic World"):
        fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST, labels=DYNAMIC_WORLD)
    fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST, labels=DYNAMIC_WORLD, overwrite=True)
    assert files.read_label_record()["product"] == "dynamicworld"
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_requests_json_holds_the_label_graph(tmp_path):
    from sen12_plugin.core.earthengine import auth

    auth.initialize_offline()
    roi = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    path = write_requests([(roi, SUMMER)], tmp_path, labels=DYNAMIC_WORLD)
    record = json.loads(path.read_text())["requests"][0]
    text = json.dumps(record["labels"]["graph"])
    assert record["labels"]["product"] == "dynamicworld" and record["labels"]["band"] == "label"
    for part in ("GOOGLE/DYNAMICWORLD/V1", "reduce.mode", "Image.add", "Image.toUint8", "2017-06-01", "2017-09-01"):
        assert part in text
