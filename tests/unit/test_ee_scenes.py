"""fetch_scene_pairs, exports and previews end to end: the real client against the strict fake."""

import json

import numpy as np
import pytest
import rasterio
from fake_earthengine import server as fake
from rasterio.transform import from_origin

from sen12_plugin.core import rois, seasons
from sen12_plugin.core.earthengine import auth, exports, graph, scenes
from sen12_plugin.core.earthengine.retry import RetryPolicy
from sen12_plugin.core.earthengine.scenes import fetch_scene_pairs
from sen12_plugin.core.earthengine.tiling import roi_grid
from sen12_plugin.core.errors import InputError

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo

FAST = RetryPolicy(max_attempts=5, base_delay=0.01)
SUMMER = seasons.paper_season("summer")


def add_sources(fake_ee, tmp_path, *items):
    """Source rasters (S1 float32, S2 uint16) covering each ROI's grid, one per UTM zone."""
    expected = {}
    for roi in items:
        grid = roi_grid(roi)
        rng = np.random.default_rng(roi.id)
        for name, count, dtype, nodata in (("s1", 1, "float32", -32768), ("s2", 3, "uint16", 65535)):
            data = (rng.uniform(-25, 0, (count, grid.height, grid.width)) if name == "s1"
                    else rng.integers(1, 9000, (count, grid.height, grid.width))).astype(dtype)
            data[:, :8, :8] = nodata  # a corner without an image
            path = tmp_path / f"{name}_{roi.id}.tif"
            with rasterio.open(path, "w", driver="GTiff", width=grid.width, height=grid.height, count=count,
                               dtype=dtype, crs=grid.crs, nodata=nodata,
                               transform=from_origin(grid.x0, grid.y0, 10, 10)) as ds:
                ds.write(data)
            fake_ee.sources.setdefault(name, []).append(path)
            out = data.copy()
            out[:, :8, :8] = -9999 if name == "s1" else 0
            expected[(roi.id, name)] = out
    return expected


def read(path):
    with rasterio.open(path) as ds:
        return ds.read(), ds.crs, ds.transform, ds.shape, ds.dtypes, ds.nodata


def by_roi(body) -> int:
    """Which ROI a value:compute asks about: its longitude (ROI 1 sits west of 12 deg E)."""
    return 1 if "[11.9" in json.dumps(body) else 2


def test_fetch_two_utm_zones_with_faults_on_every_call(ee_client, fake_ee, tmp_path):
    west = rois.square_roi(1, 11.95, 48.1, 2.56, seed=7)  # UTM 32N
    east = rois.square_roi(2, 12.05, 48.1, 2.56, seed=7)  # UTM 33N
    empty = rois.square_roi(3, 11.5, 47.0, 2.56, seed=7)
    south = rois.square_roi(4, 0.0, -70.0, 2.56, seed=7)  # outside Sentinel-2 coverage
    expected = add_sources(fake_ee, tmp_path, west, east)
    fake_ee.counts = lambda body: ({"s1": 1, "s2": 0, "s1_ids": ["a"], "s2_ids": []} if "[11.4" in json.dumps(body)
                                   else {"s1": 2, "s2": 1, "s1_ids": ["S1A_x", "S1B_y"], "s2_ids": [f"T{by_roi(body)}"]})
    fake_ee.inject("compute", fake.QUOTA, fake.DROP, fake.INTERNAL)
    fake_ee.inject("pixels", fake.UNAVAILABLE, fake.DROP, fake.QUOTA_403, fake.MEMORY, fake.TIMED_OUT)
    result = fetch_scene_pairs([(west, SUMMER), (east, SUMMER), (empty, SUMMER), (south, SUMMER)],
                               tmp_path / "out", policy=FAST, concurrency=6)
    assert sorted((d.roi.id, d.reason.split(" between")[0].split(" (")[0]) for d in result.dropped) == [
        (3, "no Sentinel-2 image with at most 1 % cloud"), (4, result.dropped[0].reason)]
    assert result.dropped[0].reason.startswith("outside Sentinel-2 coverage")
    crs = {}
    for pair in result.scenes:
        s1, crs1, t1, shape1, dtypes1, nodata1 = read(pair.s1)
        s2, crs2, t2, shape2, dtypes2, nodata2 = read(pair.s2)
        assert crs1 == crs2 and t1 == t2 and shape1 == shape2  # the pair is co-registered exactly
        assert dtypes1 == ("float32",) and nodata1 == -9999 and dtypes2 == ("uint16",) * 3 and nodata2 == 0
        assert np.array_equal(s1, expected[(pair.roi.id, "s1")]) and np.array_equal(s2, expected[(pair.roi.id, "s2")])
        crs[pair.roi.id] = crs1.to_epsg()
        assert pair.s2_ids == (f"T{pair.roi.id}",)
    assert crs == {1: 32632, 2: 32633}
    assert all(not fake_ee.faults[e] for e in ("compute", "pixels"))  # every injected fault was met


def test_sign_in_survives_faults_on_the_token_and_algorithm_calls(fake_ee, ee_key):
    fake_ee.inject("token", fake.UNAVAILABLE)
    fake_ee.inject("algorithms", fake.INTERNAL, fake.DROP)
    auth.initialize(auth.SignIn("test-project", str(ee_key), fake_ee.url))
    assert not fake_ee.faults["token"] and not fake_ee.faults["algorithms"]


def test_resume_by_identity_and_overwrite(ee_client, fake_ee, tmp_path):
    roi = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    neighbour = rois.square_roi(6, 11.6, 48.1, 2.56, seed=9)
    add_sources(fake_ee, tmp_path, roi, neighbour)
    out = tmp_path / "out"
    first = fetch_scene_pairs([(roi, SUMMER), (neighbour, SUMMER)], out, policy=FAST)
    folder = first.scenes[0].s1.parent
    (folder / "notes.txt").write_text("mine")  # something of the user's
    fake_ee.log.clear()
    again = fetch_scene_pairs([(roi, SUMMER)], out, policy=FAST)
    assert again.scenes[0].s1 == first.scenes[0].s1 and fake_ee.calls("computePixels") == []
    moved = rois.square_roi(5, 11.9, 48.3, 2.56, seed=9)  # same id, another place
    with pytest.raises(InputError, match="already holds scene 5 made from ROI 5 around 11.4") as caught:
        fetch_scene_pairs([(moved, SUMMER)], out, policy=FAST)
    assert "asks for ROI 5 around 11.8" in str(caught.value) and "OVERWRITE" in str(caught.value)
    cloudier = graph.RecipeOptions(max_cloud=20)
    with pytest.raises(InputError, match="max_cloud"):
        fetch_scene_pairs([(roi, SUMMER)], out, cloudier, policy=FAST)
    neighbour_before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*_6*")}
    replaced = fetch_scene_pairs([(roi, SUMMER)], out, cloudier, policy=FAST, overwrite=True)
    record = json.loads((folder / "scene_5.json").read_text())
    assert record["identity"]["options"]["max_cloud"] == 20 and record["complete"]
    assert replaced.scenes[0].s1.exists() and (folder / "notes.txt").read_text() == "mine"
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*_6*")} == neighbour_before


def test_files_without_a_record_are_not_taken_as_done(ee_client, fake_ee, tmp_path):
    roi = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    s1 = scenes.scene_files(tmp_path, roi, SUMMER).s1
    s1.parent.mkdir(parents=True)
    s1.write_bytes(b"someone's file")
    with pytest.raises(InputError, match="files without a record"):
        fetch_scene_pairs([(roi, SUMMER)], tmp_path, policy=FAST)
    assert s1.read_bytes() == b"someone's file"


def test_duplicate_roi_ids_are_refused(ee_client, fake_ee, tmp_path):
    a = rois.square_roi(5, 11.5, 48.1, 2.56, seed=9)
    b = rois.square_roi(5, 12.5, 48.1, 2.56, seed=9)
    with pytest.raises(InputError, match="ROI id 5 is used by two different ROIs"):
        fetch_scene_pairs([(a, SUMMER), (b, SUMMER)], tmp_path, policy=FAST)
    assert fake_ee.calls("value:compute") == []


def test_exports_carry_no_data_and_report_real_states_across_pages(ee_client, fake_ee):
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    fake_ee.inject("export", fake.QUOTA, fake.INTERNAL)
    fake_ee.inject("operations", fake.DROP)
    ids = exports.start_exports(roi, SUMMER, graph.RecipeOptions(), policy=FAST)
    fake_ee.export_outcome = "FAILED"
    ids += exports.start_exports(roi, seasons.paper_season("fall"), graph.RecipeOptions(), policy=FAST)
    assert ids == ["OP1", "OP2", "OP3", "OP4"]
    bodies = fake_ee.calls("image:export")
    options = [b["fileExportOptions"]["geoTiffOptions"]["noData"]["floatValue"] for b in bodies]
    assert options[-2:] == [-9999.0, 0.0]
    assert all('"Image.unmask"' in json.dumps(b["expression"]) for b in bodies)
    seen = [exports.export_status(policy=FAST) for _ in range(3)]  # four tasks, two per page
    assert len(fake_ee.calls("/operations")) >= 6
    states = [{r["id"]: r["state"] for r in rows} for rows in seen]
    assert states[0] == {"OP1": "RUNNING", "OP2": "RUNNING", "OP3": "RUNNING", "OP4": "RUNNING"}
    assert states[1] == {"OP1": "COMPLETED", "OP2": "COMPLETED", "OP3": "FAILED", "OP4": "FAILED"}
    assert [r["error"] for r in seen[2] if r["id"] == "OP3"] == ["Export failed: the fake was told to fail it."]


def test_preview_survives_faults_on_maps(ee_client, fake_ee):
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    fake_ee.inject("maps", fake.UNAVAILABLE, fake.DROP)
    url = exports.preview_url(graph.s1_image(roi, SUMMER), exports.preview_vis("s1"))
    assert url.startswith(fake_ee.url + "/v1/projects/test-project/maps/") and not fake_ee.faults["maps"]


def test_stalls_on_any_call_are_ended_by_the_deadline(fake_ee, ee_key):
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    fake_ee.inject("algorithms", fake.stall(60))
    auth.initialize(auth.SignIn("test-project", str(ee_key), fake_ee.url, deadline_s=1.0))
    fake_ee.inject("compute", fake.stall(60))
    fake_ee.inject("operations", fake.stall(60))
    info, reason = scenes.check_availability(roi, SUMMER, graph.RecipeOptions(), FAST)
    assert reason is None and info["s1"] == 3
    assert exports.export_status(policy=FAST) == []
    assert not any(fake_ee.faults.values())


def test_map_tiles_need_the_token_and_take_faults(ee_client, fake_ee):
    """The preview's XYZ tiles are fetched by QGIS, not the client; the fake serves them like the rest."""
    import urllib.error
    import urllib.request

    url = f"{fake_ee.url}/v1/projects/test-project/maps/map1/tiles/3/4/2"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code == 401
    token = next(iter(fake_ee.tokens))
    fake_ee.inject("tiles", fake.UNAVAILABLE)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=5)
    assert failed.value.code == 503
    assert urllib.request.urlopen(request, timeout=5).read()[:4] == b"\x89PNG"


@pytest.mark.parametrize("textured", [True, False], ids=["textured", "benchmark"])
def test_the_s2_mosaics_qa_is_fetched_beside_it_and_equals_the_fakes_formula(ee_client, fake_ee, tmp_path, textured):
    """Cloud Score+ (cs, cs_cdf) of the image each pixel came from, and the provenance band, on
    the S2 grid as s2_N_qa.tif: pixel for pixel what the fake's formula says. Also in the
    benchmark mode (constant S1/S2 scenes): its QA is the formula too, so bench runs exercise the
    checks (cloud from Cloud Score+, the seam where provenance changes) instead of a constant 7."""
    from fake_earthengine.evaluate import cloud_score_world

    from sen12_plugin.core import quality

    fake_ee.synthetic, fake_ee.textured = True, textured  # the fake's synthetic collections, anywhere
    roi = rois.square_roi(7, 11.5, 48.1, 2.56, seed=9)
    result = fetch_scene_pairs([(roi, SUMMER)], tmp_path / "out", policy=FAST)
    files = result.scenes[0].files
    qa, crs, transform, shape, dtypes, nodata = read(files.qa)
    s2 = read(files.s2)
    assert (crs, transform, shape) == s2[1:4] and dtypes == ("float32",) * 3 and nodata == -1
    with rasterio.open(files.qa) as ds:
        assert ds.descriptions == ("cs", "cs_cdf", "provenance")
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]] + 0.5
    x, y = transform.c + transform.a * cols, transform.f + transform.e * rows
    inside = qa[2] != -1  # clipped to the ROI polygon: outside is no-data
    assert inside.mean() > 0.9
    for k, band in enumerate(("cs", "cs_cdf", "provenance")):
        expected = cloud_score_world(band, x, y).astype(np.float32)
        np.testing.assert_array_equal(qa[k][inside], expected[inside])
    assert len(np.unique(qa[2][inside])) == 2  # two acquisitions meet in this ROI
    pixels = [c for c in fake_ee.calls("computePixels") if "cs_cdf" in json.dumps(c)]
    assert pixels, "the QA was asked for in its own computePixels requests"
    if not textured:
        return  # the benchmark's S1 is a constant 7, which the input checks refuse as no dB: nothing to judge
    # the scene check rests on it: Cloud Score+ evidence, the seam where provenance changes
    verdict = quality.check_scene_files(files.s1, files.s2)
    assert verdict.evidence == "Cloud Score+"
    assert np.isclose(verdict.measures["cloud"], float((qa[0][inside] < 0.6).mean()), atol=0.01)
