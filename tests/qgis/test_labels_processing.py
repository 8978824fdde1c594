"""Labels through Processing: sen12:extract_patches' LABELS / LABEL_FIELD / LABEL_BUFFER_M, and
sen12:fetch_scenes' LABELS (Earth Engine land cover on the scene grid) used by extraction."""

import json

import numpy as np
import processing
import pytest
import rasterio
from PIL import Image
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsVectorLayer,
)
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.warp import transform_geom

from sen12_plugin.core import rois
from sen12_plugin.core.index import index_path, read_rows

CRS = "EPSG:32633"
ORIGIN = (400000.0, 5000000.0)


def pair(folder):
    from helpers import scene_pair

    s1, s2, *_ = scene_pair(folder, 520, 600)
    return s1, s2


def polygons_wgs84():
    x, y = ORIGIN
    rings = {"water": [(x + 40, y - 40), (x + 2300, y - 200), (x + 2500, y - 3000), (x + 400, y - 3300)],
             "forest": [(x + 2900, y - 900), (x + 5900, y - 700), (x + 5500, y - 5100), (x + 3100, y - 4700)]}
    return {name: transform_geom(CRS, "EPSG:4326", {"type": "Polygon", "coordinates": [ring + ring[:1]]})
            for name, ring in rings.items()}


def landuse_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=cls:string", "landuse", "memory")
    for name, geometry in polygons_wgs84().items():
        feature = QgsFeature(layer.fields())
        ring = ", ".join(f"{px} {py}" for px, py in geometry["coordinates"][0])
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({ring}))"))
        feature.setAttributes([name])
        layer.dataProvider().addFeature(feature)
    colours = {"water": "#1e64c8", "forest": "#1e7832"}
    layer.setRenderer(QgsCategorizedSymbolRenderer("cls", [
        QgsRendererCategory(name, QgsFillSymbol.createSimple({"color": colour}), name) for name, colour in colours.items()]))
    return layer


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.infos, self.warnings = [], []

    def pushInfo(self, info):  # noqa: N802 - QGIS' name
        self.infos.append(info)

    def pushWarning(self, warning):  # noqa: N802 - QGIS' name
        self.warnings.append(warning)


def test_extract_patches_cuts_label_patches_from_a_vector_layer(sen12_provider, tmp_path):
    s1, s2 = pair(tmp_path)
    out = tmp_path / "out"
    log = Log()
    result = processing.run("sen12:extract_patches", {
        "S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1868, "SCENE_ID": 3, "CHECKS": False,
        "LABELS": landuse_layer(), "LABEL_FIELD": "cls"}, feedback=log)
    assert result["PATCH_COUNT"] == 9 and result["DROPPED_UNLABELED"] == 0
    # how much is labelled is information; nothing was adapted, so nothing about the labels warns
    assert any("of the scene labelled, 2 of 2 classes present" in line for line in log.infos)
    assert not any("label" in line.lower() for line in log.warnings), log.warnings
    classes = json.loads((out / "ROIs1868_summer" / "class_map.json").read_text())["classes"]
    assert [(c["id"], c["name"], c["colour"]) for c in classes] == [(1, "forest", "#1e7832"), (2, "water", "#1e64c8")]
    ids = {"forest": 1, "water": 2}
    shapes = [(transform_geom("EPSG:4326", CRS, g), ids[name]) for name, g in polygons_wgs84().items()]
    for row in read_rows(index_path(out)):
        png = np.asarray(Image.open(out / row["lc_path"]))
        col, row_off = (row["col"] * 128, row["row"] * 128)
        transform = from_origin(ORIGIN[0] + 10 * col, ORIGIN[1] - 10 * row_off, 10, 10)
        assert np.array_equal(png, rasterize(shapes, out_shape=(256, 256), transform=transform, fill=0, dtype="uint8"))

    with pytest.raises(QgsProcessingException, match="Choose the class field of the label layer landuse"):
        processing.run("sen12:extract_patches", {"S1": str(s1), "S2": str(s2), "OUTPUT": str(tmp_path / "o2"),
                                                 "SEED": 1868, "SCENE_ID": 3, "LABELS": landuse_layer()})


def test_extract_patches_takes_a_class_raster_and_drops_unlabeled_pairs_on_request(sen12_provider, tmp_path):
    s1, s2 = pair(tmp_path)
    classes = np.zeros((520, 600), dtype=np.uint8)
    classes[:100, :100] = 4  # only the top-left patch has a class
    path = tmp_path / "classes.tif"
    with rasterio.open(path, "w", driver="GTiff", width=600, height=520, count=1, dtype="uint8", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(classes, 1)
    result = processing.run("sen12:extract_patches", {
        "S1": str(s1), "S2": str(s2), "OUTPUT": str(tmp_path / "out"), "SEED": 1868, "SCENE_ID": 3, "CHECKS": False,
        "LABELS": QgsRasterLayer(str(path), "classes"), "DROP_UNLABELED": True})
    assert result["PATCH_COUNT"] == 1 and result["DROPPED_UNLABELED"] == 8


def test_fetched_land_cover_becomes_the_label_patches(sen12_provider, ee_client, ee_key, fake_ee, tmp_path,
                                                      monkeypatch):
    from fake_earthengine import evaluate
    from test_fetch_scenes import roi_layer

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    fake_ee.synthetic = fake_ee.textured = True
    roi = rois.square_roi(4, 11.95, 48.1, 2.56, seed=1158, season="spring")
    scenes = tmp_path / "scenes"
    processing.run("sen12:fetch_scenes", {"ROIS": roi_layer((4, 1158, "spring", roi)), "PROJECT": "test-project",
                                          "SERVICE_ACCOUNT_KEY": str(ee_key), "OUTPUT": str(scenes), "LABELS": 2})
    folder = scenes / "ROIs1158_spring" / "scenes"
    assert (folder / "lc_4.tif").is_file() and json.loads((folder / "lc_4.json").read_text())["product"] == "dynamicworld"
    out = tmp_path / "patches"
    processing.run("sen12:extract_patches", {"S1": str(folder / "s1_4.tif"), "S2": str(folder / "s2_4.tif"),
                                             "OUTPUT": str(out), "SEED": 1158, "SCENE_ID": 4, "CHECKS": False})
    rows = read_rows(index_path(out))
    assert rows and all(r["lc_path"] for r in rows)
    with rasterio.open(folder / "lc_4.tif") as ds:
        t = ds.transform
    for row in rows:
        png = np.asarray(Image.open(out / row["lc_path"]))
        r, c = np.mgrid[0:256, 0:256] + 0.5
        x = t.c + t.a * (c + row["col"] * 128)
        y = t.f + t.e * (r + row["row"] * 128)
        assert np.array_equal(png, evaluate.season_label(x, y) + 1)


def test_a_measurement_as_class_field_is_refused_before_the_run(sen12_provider, tmp_path):
    s1, s2 = pair(tmp_path)
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=cls:string&field=area_ha:double", "landuse", "memory")
    for name, geometry in polygons_wgs84().items():
        feature = QgsFeature(layer.fields())
        ring = ", ".join(f"{px} {py}" for px, py in geometry["coordinates"][0])
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({ring}))"))
        feature.setAttributes([name, 512.75 if name == "water" else 1093.4])
        layer.dataProvider().addFeature(feature)
    with pytest.raises(QgsProcessingException, match="'area_ha' of landuse cannot be the class field: it holds "
                                                     "fractional numbers such as 512.75"):
        processing.run("sen12:extract_patches", {"S1": str(s1), "S2": str(s2), "OUTPUT": str(tmp_path / "out"),
                                                 "SEED": 1868, "SCENE_ID": 3, "LABELS": layer, "LABEL_FIELD": "area_ha"})
    assert not (tmp_path / "out" / "ROIs1868_summer").exists()
