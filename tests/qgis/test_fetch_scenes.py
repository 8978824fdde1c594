"""sen12:fetch_scenes through processing.run, with the real client against the fake service."""

import json

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from rasterio.transform import from_origin

from sen12_plugin.core import rois
from sen12_plugin.core.earthengine import cost
from sen12_plugin.core.earthengine.tiling import roi_grid


def roi_layer(*items):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:integer&field=seed:integer&field=season:string",
                           "rois", "memory")
    for roi_id, seed, season, roi in items:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(roi.wkt()))
        f.setAttributes([roi_id, seed, season])
        layer.dataProvider().addFeature(f)
    return layer


@pytest.fixture()
def scene_sources(fake_ee, tmp_path):
    """Source rasters for two ROIs in different UTM zones (32N and 33N)."""
    west = rois.square_roi(4, 11.95, 48.1, 2.56, seed=1158, season="spring")
    east = rois.square_roi(5, 12.05, 48.1, 2.56, seed=1158, season="spring")
    for roi in (west, east):
        grid = roi_grid(roi)
        for name, count, dtype in (("s1", 1, "float32"), ("s2", 3, "uint16")):
            path = tmp_path / f"{name}_{roi.id}.tif"
            data = (np.arange(grid.width * grid.height * count) % 5000 + 1).reshape(count, grid.height, grid.width)
            if name == "s1":
                data = data % 25 - 25.0  # backscatter in dB, as Earth Engine delivers it
            with rasterio.open(path, "w", driver="GTiff", width=grid.width, height=grid.height, count=count,
                               dtype=dtype, crs=grid.crs, transform=from_origin(grid.x0, grid.y0, 10, 10)) as ds:
                ds.write(data.astype(dtype))
            fake_ee.sources.setdefault(name, []).append(path)
    return west, east


def test_fetch_scenes_downloads_pairs_and_lists_dropped(sen12_provider, ee_client, ee_key, fake_ee, scene_sources,
                                                        tmp_path, monkeypatch):
    from fake_earthengine import server as fake

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    fake_ee.inject("compute", fake.QUOTA)
    fake_ee.inject("pixels", fake.INTERNAL, fake.DROP)
    arctic = rois.square_roi(6, 20.0, 85.5, 2.56)
    west, east = scene_sources
    layer = roi_layer((4, 1158, "spring", west), (5, 1158, "spring", east), (6, 1158, "spring", arctic))
    params = {"ROIS": layer, "PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key),
              "OUTPUT": str(tmp_path / "out"), "DROPPED": "memory:"}
    result = processing.run("sen12:fetch_scenes", params)
    assert result["SCENE_COUNT"] == 2
    epsg = []
    for roi_id in (4, 5):
        s1 = tmp_path / f"out/ROIs1158_spring/scenes/s1_{roi_id}.tif"
        with rasterio.open(s1) as ds, rasterio.open(s1.with_name(f"s2_{roi_id}.tif")) as ds2:
            assert ds.crs == ds2.crs and ds.transform == ds2.transform and ds.shape == ds2.shape
            assert ds.dtypes == ("float32",) and ds.nodata == -9999 and ds2.count == 3 and ds2.nodata == 0
            epsg.append(ds.crs.to_epsg())
    assert epsg == [32632, 32633]
    dropped = list(result["DROPPED"].getFeatures())
    assert [(f["id"], f["season"]) for f in dropped] == [(6, "spring")]
    assert "outside Sentinel-2 coverage" in dropped[0]["reason"]
    meta = json.loads((tmp_path / "out/ROIs1158_spring/scenes/scene_4.json").read_text())
    assert meta["s2_ids"] == ["20170601T1", "20170615T2"] and meta["complete"] and meta["seed"] == 1158
    qc = json.loads((tmp_path / "out/ROIs1158_spring/scenes/scene_4_qc.json").read_text())
    assert qc["status"] in ("pass", "review", "reject") and "cloud" in qc["measures"]
    assert qc["evidence"] == "Cloud Score+"  # the QA fetched beside the mosaic (s2_4_qa.tif) is the evidence
    assert (tmp_path / "out/ROIs1158_spring/scenes/s2_4_qa.tif").is_file()
    # The same ROI id moved elsewhere: refused with both named, replaced only with OVERWRITE.
    moved = rois.square_roi(4, 11.9, 48.2, 2.56, seed=1158, season="spring")
    params["ROIS"] = roi_layer((4, 1158, "spring", moved))
    with pytest.raises(QgsProcessingException, match="already holds scene 4 .* OVERWRITE"):
        processing.run("sen12:fetch_scenes", params)
    assert processing.run("sen12:fetch_scenes", {**params, "OVERWRITE": True})["SCENE_COUNT"] == 1


def test_duplicate_ids_and_bad_ids_in_the_layer_are_refused(sen12_provider, fake_ee, tmp_path):
    a = rois.roi_from_ring(1, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    b = rois.roi_from_ring(1, [(12.0, 48.0), (12.05, 48.0), (12.05, 48.05), (12.0, 48.05)])
    # One id, two shapes: both rows refused (which one was meant cannot be told), nothing contacted.
    twice = processing.run("sen12:fetch_scenes", {"ROIS": roi_layer((1, None, None, a), (1, None, None, b)),
                                                  "PROJECT": "test-project", "OUTPUT": str(tmp_path / "x"),
                                                  "DROPPED": "memory:"})
    reasons = [f["reason"] for f in twice["DROPPED"].getFeatures()]
    assert len(reasons) == 2 and all("ROI id 1 appears twice in the ROI layer" in r for r in reasons)
    assert twice["SCENE_COUNT"] == 0 and not (tmp_path / "x").exists()
    # The same ROI twice, one row per season, is two requests, not a duplicate.
    same = processing.run("sen12:fetch_scenes", {
        "ROIS": roi_layer((1, None, "summer", a), (1, None, "winter", a)), "REQUEST_ONLY": True,
        "OUTPUT": str(tmp_path / "z")})
    assert [r["season"] for r in json.loads(open(same["REQUESTS"]).read())["requests"]] == ["summer", "winter"]
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:string", "rois", "memory")
    f = QgsFeature(layer.fields())
    f.setGeometry(QgsGeometry.fromWkt(a.wkt()))
    f.setAttributes(["north-3"])
    layer.dataProvider().addFeature(f)
    # A junk id refuses that row with a sentence; the other rows would go on (issue 12).
    junk = processing.run("sen12:fetch_scenes", {"ROIS": layer, "REQUEST_ONLY": True, "OUTPUT": str(tmp_path / "y"),
                                                 "DROPPED": "memory:"})
    assert json.loads(open(junk["REQUESTS"]).read())["requests"] == []
    [row] = junk["DROPPED"].getFeatures()
    assert "'north-3' is not a whole number" in row["reason"]
    assert fake_ee.log == []


def test_request_only_contacts_nothing(sen12_provider, fake_ee, tmp_path):
    roi = rois.roi_from_ring(1, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    layer = roi_layer((1, None, None, roi))
    result = processing.run("sen12:fetch_scenes", {
        "ROIS": layer, "SEASONS": [1, 2], "REQUEST_ONLY": True, "OUTPUT": str(tmp_path / "req"), "TIER": 1})
    data = json.loads(open(result["REQUESTS"]).read())
    assert [r["season"] for r in data["requests"]] == ["spring", "summer"]
    plan = json.loads(open(result["PLAN"]).read())  # the plan too, as far as it is known without contact
    grid = roi_grid(roi)
    images = [(grid, ("VV",), "float32"), (grid, ("B4", "B3", "B2"), "uint16"),
              (grid, ("cs", "cs_cdf", "provenance"), "float32")]  # S1, S2 and the S2 mosaic's QA
    tiles = len(cost.work_of(images * 2, 40))
    assert (plan["scenes"], plan["requests"], plan["tier"], plan["eecu_hours"]) == (2, tiles, "Contributor", None)
    assert plan["megabytes"] > 0 and "not measured" in plan["summary"]
    assert fake_ee.log == []


def test_the_plan_is_logged_before_the_bulk_and_a_budget_stops_the_run(sen12_provider, ee_client, ee_key, fake_ee,
                                                                       scene_sources, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):
        lines: list = []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    fake_ee.eecu_model = (1.0, 100.0)
    west, east = scene_sources
    params = {"ROIS": roi_layer((4, 1158, "spring", west), (5, 1158, "spring", east)), "PROJECT": "test-project",
              "SERVICE_ACCOUNT_KEY": str(ee_key), "OUTPUT": str(tmp_path / "out"), "BUDGET_EECU_HOURS": 0.0001}
    with pytest.raises(QgsProcessingException, match="more than the budget of 0.0001 EECU-hours"):
        processing.run("sen12:fetch_scenes", params, feedback=Log())
    assert fake_ee.served == 3 and any(line.startswith("Plan: 2 scene pair(s)") for line in Log.lines)  # S1, S2, QA
    result = processing.run("sen12:fetch_scenes", {**params, "BUDGET_EECU_HOURS": 0}, feedback=Log())
    assert result["SCENE_COUNT"] == 2 and result["EECU_HOURS_USED"] > 0
    plan = json.loads(open(result["PLAN"]).read())
    assert result["EECU_HOURS_ESTIMATE"] == plan["eecu_hours"] > 0 and plan["budget_eecu_hours"] is None


def test_custom_dates_reach_processing_as_in_the_dock(sen12_provider, fake_ee, tmp_path):
    """START_DATE/END_DATE replace SEASONS (once only the dock knew custom dates); a ROI's own season still wins."""
    a = rois.roi_from_ring(1, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    b = rois.roi_from_ring(2, [(12.0, 48.0), (12.05, 48.0), (12.05, 48.05), (12.0, 48.05)])
    result = processing.run("sen12:fetch_scenes", {
        "ROIS": roi_layer((1, None, None, a), (2, None, "winter", b)), "START_DATE": "2018-05-01",
        "END_DATE": "2018-05-31", "REQUEST_ONLY": True, "OUTPUT": str(tmp_path / "req")})
    data = json.loads(open(result["REQUESTS"]).read())["requests"]
    assert [(r["roi"], r["season"], r["start"], r["end"]) for r in data] == [
        (1, "20180501-20180531", "2018-05-01", "2018-05-31"), (2, "winter", "2016-12-01", "2017-02-28")]
    with pytest.raises(QgsProcessingException, match="YYYY-MM-DD"):
        processing.run("sen12:fetch_scenes", {"ROIS": roi_layer((1, None, None, a)), "START_DATE": "2018-05-01",
                                              "REQUEST_ONLY": True, "OUTPUT": str(tmp_path / "x")})
    assert fake_ee.log == []


def test_missing_earthengine_api_is_explained(sen12_provider, tmp_path, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "ee", None)  # import ee -> ImportError
    roi = rois.roi_from_ring(1, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    with pytest.raises(QgsProcessingException, match="earthengine-api"):
        processing.run("sen12:fetch_scenes", {"ROIS": roi_layer((1, None, None, roi)), "PROJECT": "p",
                                              "OUTPUT": str(tmp_path / "x")})


def test_invalid_roi_geometry_is_dropped_with_reason(sen12_provider, tmp_path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:integer", "rois", "memory")
    f = QgsFeature(layer.fields())
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((11 48, 11.1 48.1, 11.1 48, 11 48.1, 11 48))"))
    f.setAttributes([8])
    layer.dataProvider().addFeature(f)
    result = processing.run("sen12:fetch_scenes", {"ROIS": layer, "REQUEST_ONLY": True,
                                                   "OUTPUT": str(tmp_path / "r"), "DROPPED": "memory:"})
    reasons = [f["reason"] for f in result["DROPPED"].getFeatures()]
    assert len(reasons) == 1 and "crosses itself" in reasons[0]


def test_preview_adds_tile_layers(sen12_provider, ee_client, ee_key, fake_ee, tmp_path, monkeypatch, qgis_new_project):

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    result = processing.run("sen12:preview_mosaics", {
        "ROIS": roi_layer((2, None, "summer", roi)), "PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key)})
    assert len(result["OUTPUT"]) == 2
    assert len(fake_ee.calls("/maps")) == 2
    # The client folds the visualisation into the expression: S1 grey -25..0 dB, S2 0..10000.
    s1, s2 = (json.dumps(b["expression"]) for b in fake_ee.calls("/maps"))
    assert "Image.visualize" in s1 and '"constantValue": -25' in s1 and '"VV"' in s1
    assert "Image.visualize" in s2 and '"constantValue": 10000' in s2 and '"B4"' in s2


def test_exports_start_and_report_status(sen12_provider, ee_client, ee_key, fake_ee, monkeypatch):
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    started = processing.run("sen12:export_scenes", {
        "ROIS": roi_layer((2, None, "fall", roi)), "PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key),
        "OUTPUT": "memory:"})
    assert [(f["task"], f["state"]) for f in started["OUTPUT"].getFeatures()] == [("OP1", "RUNNING"), ("OP2", "RUNNING")]
    body = fake_ee.calls("image:export")[0]
    assert body["description"] == "custom_fall_s1_2"
    expression = json.dumps(body["expression"])  # the pinned grid travels in the expression
    assert '"Image.reproject"' in expression and '"EPSG:32632"' in expression
    assert '"crsTransform": {"constantValue": [10, 0.0, ' in expression and '"Image.unmask"' in expression
    assert body["fileExportOptions"]["geoTiffOptions"]["noData"] == {"floatValue": -9999.0}
    status = processing.run("sen12:export_status", {"PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key),
                                                    "OUTPUT": "memory:"})
    assert [f["state"] for f in status["OUTPUT"].getFeatures()] == ["COMPLETED", "COMPLETED"]
    # the compute each finished task used, from its metadata (batchEecuUsageSeconds)
    assert [f["eecu_seconds"] for f in status["OUTPUT"].getFeatures()] == [fake_ee.export_eecu_seconds] * 2
