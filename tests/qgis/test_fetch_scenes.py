"""sen12:fetch_scenes through processing.run, with the real client against the fake service."""

import json

import numpy as np
import processing
import pytest
import rasterio
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from rasterio.transform import from_origin

from sen12_plugin.core import rois
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
    roi = rois.square_roi(4, 11.5, 48.1, 2.56, seed=1158, season="spring")
    grid = roi_grid(roi)
    for name, count, dtype in (("s1", 1, "float32"), ("s2", 3, "uint16")):
        path = tmp_path / f"{name}.tif"
        data = (np.arange(grid.width * grid.height * count) % 5000 + 1).reshape(count, grid.height, grid.width)
        if name == "s1":
            data = data % 25 - 25.0  # backscatter in dB, as Earth Engine delivers it
        with rasterio.open(path, "w", driver="GTiff", width=grid.width, height=grid.height, count=count,
                           dtype=dtype, crs=grid.crs, transform=from_origin(grid.x0, grid.y0, 10, 10)) as ds:
            ds.write(data.astype(dtype))
        fake_ee.sources[name] = path
    return roi


def test_fetch_scenes_downloads_pairs_and_lists_dropped(sen12_provider, ee_client, fake_ee, scene_sources,
                                                        tmp_path, monkeypatch):
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    arctic = rois.square_roi(6, 20.0, 85.5, 2.56)
    layer = roi_layer((4, 1158, "spring", scene_sources), (6, 1158, "spring", arctic))
    result = processing.run("sen12:fetch_scenes", {
        "ROIS": layer, "PROJECT": "test-project", "OUTPUT": str(tmp_path / "out"), "DROPPED": "memory:"})
    assert result["SCENE_COUNT"] == 1
    s1 = tmp_path / "out/ROIs1158_spring/scenes/s1_4.tif"
    with rasterio.open(s1) as ds, rasterio.open(s1.with_name("s2_4.tif")) as ds2:
        assert ds.transform == ds2.transform and ds2.count == 3
    dropped = list(result["DROPPED"].getFeatures())
    assert [(f["id"], f["season"]) for f in dropped] == [(6, "spring")]
    assert "outside Sentinel-2 coverage" in dropped[0]["reason"]
    meta = json.loads(s1.with_name("scene_4.json").read_text())
    assert meta["s2_ids"] == ["20170601T1", "20170615T2"]
    qc = json.loads(s1.with_name("scene_4_qc.json").read_text())  # the scene check, stored with the scene
    assert qc["status"] in ("pass", "review", "reject") and "cloud" in qc["measures"]


def test_request_only_contacts_nothing(sen12_provider, fake_ee, tmp_path):
    roi = rois.roi_from_ring(1, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    layer = roi_layer((1, None, None, roi))
    result = processing.run("sen12:fetch_scenes", {
        "ROIS": layer, "SEASONS": [1, 2], "REQUEST_ONLY": True, "OUTPUT": str(tmp_path / "req")})
    data = json.loads(open(result["REQUESTS"]).read())
    assert [r["season"] for r in data["requests"]] == ["spring", "summer"]
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


def test_preview_adds_tile_layers(sen12_provider, ee_client, fake_ee, tmp_path, monkeypatch, qgis_new_project):

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    result = processing.run("sen12:preview_mosaics", {
        "ROIS": roi_layer((2, None, "summer", roi)), "PROJECT": "test-project"})
    assert len(result["OUTPUT"]) == 2
    assert len(fake_ee.calls("/maps")) == 2
    # The client folds the visualisation into the expression: S1 grey -25..0 dB, S2 0..10000.
    s1, s2 = (json.dumps(b["expression"]) for b in fake_ee.calls("/maps"))
    assert "Image.visualize" in s1 and '"constantValue": -25' in s1 and '"VV"' in s1
    assert "Image.visualize" in s2 and '"constantValue": 10000' in s2 and '"B4"' in s2


def test_exports_start_and_report_status(sen12_provider, ee_client, fake_ee, monkeypatch):
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    roi = rois.roi_from_ring(2, [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)])
    started = processing.run("sen12:export_scenes", {
        "ROIS": roi_layer((2, None, "fall", roi)), "PROJECT": "test-project", "OUTPUT": "memory:"})
    assert [f["task"] for f in started["OUTPUT"].getFeatures()] == ["OP1", "OP2"]
    body = fake_ee.calls("image:export")[0]
    assert body["description"] == "custom_fall_s1_2"
    expression = json.dumps(body["expression"])  # the pinned grid travels in the expression
    assert '"Image.reproject"' in expression and '"EPSG:32632"' in expression
    assert '"crsTransform": {"constantValue": [10, 0.0, ' in expression
    status = processing.run("sen12:export_status", {"PROJECT": "test-project", "OUTPUT": "memory:"})
    assert [f["state"] for f in status["OUTPUT"].getFeatures()] == ["PENDING", "PENDING"]
