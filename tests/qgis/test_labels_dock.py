"""Labels in the dock: the label layer and its field in the extraction section, the scene's label
layer styled by the class map in the scene's group, the review showing the label beside S1 and S2."""

import json

import numpy as np
from qgis.core import QgsFeature, QgsGeometry, QgsPalettedRasterRenderer, QgsProject, QgsVectorLayer
from test_dock import plugin, wait_for_tasks, write_scene_folder  # noqa: F401 - the dock fixture

from sen12_plugin.core.index import index_path, read_rows
from sen12_plugin.gui import layers


def landuse(x0=600000 + 40000, y0=5300000):
    """Water and forest polygons over scene 4 of write_scene_folder, in its UTM zone."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:32632&field=cls:string&field=note:string", "landuse", "memory")
    for cls, (a, b, c, d) in {"water": (100, 200, 2400, 2500), "forest": (2600, 300, 5100, 4900)}.items():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(
            f"POLYGON(({x0 + a} {y0 - b}, {x0 + c} {y0 - b}, {x0 + c} {y0 - d}, {x0 + a} {y0 - d}, {x0 + a} {y0 - b}))"))
        feature.setAttributes([cls, "x"])
        layer.dataProvider().addFeature(feature)
    QgsProject.instance().addMapLayer(layer)
    return layer


def group_layers(name):
    group = QgsProject.instance().layerTreeRoot().findGroup(layers.ROOT_GROUP).findGroup(name)
    return {n.layer().name(): n for n in group.findLayers()}


def test_extraction_with_a_label_layer_shows_styled_labels_and_the_review_shows_them_beside(plugin, tmp_path):  # noqa: F811
    scenes = tmp_path / "scenes"
    write_scene_folder(scenes, 4, size=520)
    dock = plugin.dock
    dock.folder.setFilePath(str(scenes))
    dock.scenes.load_scenes()
    layer = landuse()
    section = dock.extract
    section.label_layer.setLayer(layer)
    assert section.label_field.isEnabled() and [section.label_field.itemText(i)
                                                for i in range(section.label_field.count())] == ["cls", "note"]
    section.label_field.setField("cls")
    section.extract_visible()
    wait_for_tasks()
    out = scenes / "patches"
    rows = read_rows(index_path(out))
    assert rows and all(r["lc_path"] and (out / r["lc_path"]).is_file() for r in rows)
    classes = json.loads((out / "ROIs1158_spring" / "class_map.json").read_text())["classes"]

    nodes = group_layers("ROIs1158_spring · ROI 4 · spring")
    assert set(nodes) == {"Labels ROI 4 spring", "S1 ROI 4 spring", "S2 ROI 4 spring"}
    renderer = nodes["Labels ROI 4 spring"].layer().renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [(c.value, c.color.name(), c.label) for c in renderer.classes()] == [
        (c["id"], c["colour"], f"{c['id']} {c['name']}") for c in classes]

    review = dock.review
    review.start_review()
    session = review.review_session
    assert len(session.shortcuts) == 8
    shown = {key: thumb.pixmap() for key, thumb in review.thumbnails.items()}
    assert all(p is not None and not p.isNull() for p in shown.values())
    image = shown["lc_path"].toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert colours <= {c["colour"] for c in classes} | {"#000000"} and len(colours) > 1
    labels_node = nodes["Labels ROI 4 spring"]
    assert not labels_node.itemVisibilityChecked()  # the canvas shows S2 first
    next(s for s in session.shortcuts if s.key().toString() == "L").activated.emit()
    assert labels_node.itemVisibilityChecked()
    review.stop_review()


def test_a_raster_label_layer_has_no_field_to_choose(plugin, tmp_path):  # noqa: F811
    import rasterio
    from qgis.core import QgsRasterLayer
    from rasterio.transform import from_origin

    path = tmp_path / "classes.tif"
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="uint8", crs="EPSG:32632",
                       transform=from_origin(640000, 5300000, 10, 10)) as ds:
        ds.write(np.ones((1, 10, 10), dtype="uint8"))
    raster = QgsRasterLayer(str(path), "classes")
    QgsProject.instance().addMapLayer(raster)
    section = plugin.dock.extract
    section.label_layer.setLayer(raster)
    assert not section.label_field.isEnabled() and section.label_choice().path == str(path)
    section.label_layer.setLayer(None)
    assert section.label_choice() is None


def test_downloaded_land_cover_loads_styled_with_the_scene(plugin, ee_client, ee_key, fake_ee, tmp_path,  # noqa: F811
                                                          monkeypatch):
    from sen12_plugin.core import rois
    from sen12_plugin.core.labels import DYNAMIC_WORLD
    from sen12_plugin.gui import roi_layer

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    fake_ee.synthetic = fake_ee.textured = True
    roi = rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02), (11.0, 48.02)])
    roi_layer.add_rois(plugin.dock.roi_layer(), [roi])
    ee = plugin.dock.earthengine
    ee.project_edit.setText("test-project")
    ee.key_file.setFilePath(str(ee_key))
    ee.labels.setCurrentIndex(2)  # Dynamic World
    for name, check in plugin.dock.season.season_checks.items():
        check.setChecked(name == "summer")
    ee.download()
    wait_for_tasks()
    assert (tmp_path / "work" / "custom_summer" / "scenes" / "lc_0.tif").is_file()
    nodes = group_layers("custom_summer · ROI 0 · summer")
    renderer = nodes["Labels ROI 0 summer"].layer().renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [(c.value, c.color.name()) for c in renderer.classes()] == [(c.id, c.colour) for c in DYNAMIC_WORLD.classes]


def wgs84_landuse(polygons):
    """A label layer in WGS84 (another CRS than the scenes' UTM grid), polygons given in UTM 33N."""
    from rasterio.warp import transform_geom

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=cls:string", "landuse (WGS84)", "memory")
    for cls, ring in polygons:
        geometry = transform_geom("EPSG:32633", "EPSG:4326", {"type": "Polygon", "coordinates": [ring + ring[:1]]})
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(
            "POLYGON((" + ", ".join(f"{x} {y}" for x, y in geometry["coordinates"][0]) + "))"))
        feature.setAttributes([cls])
        layer.dataProvider().addFeature(feature)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_own_scenes_get_label_patches_and_a_styled_label_layer_beside_their_s2(plugin, tmp_path, monkeypatch):  # noqa: F811
    """The analyst's own SAFE and S1 file through the dock, labels from a layer in another CRS: the
    same core path as downloaded scenes (label patches equal rasterize on each patch's grid), and
    the label layer lands right above the analyst's S2, found by review mode's L."""
    from rasterio.features import rasterize
    from rasterio.transform import from_origin
    from rasterio.warp import transform_geom
    from sentinel_products import make_safe
    from test_own_scenes_dock import add_layer, s1_vv

    from sen12_plugin.gui import own_scenes

    x, y = 400000.0, 5000000.0  # the SAFE's and the S1's origin (UTM 33N, 120 x 120 px at 10 m)
    safe = make_safe(tmp_path / "mine", size=120)
    [s2_layer] = own_scenes.add_own_scenes(plugin.dock, [str(safe)])
    add_layer(s1_vv(tmp_path / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif"), "My S1")
    polygons = [("water", [(x + 33.3, y - 41.7), (x + 700.2, y - 95.1), (x + 520.9, y - 640.3), (x + 60.4, y - 505.5)]),
                ("forest", [(x + 610.7, y - 590.2), (x + 1180.3, y - 620.9), (x + 1150.6, y - 1170.4)])]
    section = plugin.dock.extract
    section.label_layer.setLayer(wgs84_landuse(polygons))
    section.label_field.setField("cls")
    section.patch_size.setValue(60)
    section.stride.setValue(60)
    monkeypatch.setattr(section, "confirm_pairs", lambda dialog: True)
    section.extract_visible()
    wait_for_tasks()

    out = tmp_path / "work" / "patches"
    rows = read_rows(index_path(out))
    assert len(rows) == 4 and all(r["lc_path"] for r in rows)
    classes = json.loads((out / "custom_summer" / "class_map.json").read_text())["classes"]
    ids = {c["name"]: c["id"] for c in classes}
    shapes = [(transform_geom("EPSG:4326", "EPSG:32633", transform_geom("EPSG:32633", "EPSG:4326", {
        "type": "Polygon", "coordinates": [ring + ring[:1]]})), ids[cls]) for cls, ring in polygons]
    from PIL import Image

    for row in rows:
        png = np.asarray(Image.open(out / row["lc_path"]))
        transform = from_origin(x + 600 * row["col"], y - 600 * row["row"], 10, 10)
        assert np.array_equal(png, rasterize(shapes, out_shape=(60, 60), transform=transform, fill=0, dtype="uint8"))

    root = QgsProject.instance().layerTreeRoot()
    label_layers = [n for n in root.findLayers() if n.layer().customProperty("sen12/sensor") == layers.LABEL_SENSOR]
    assert [n.layer().name() for n in label_layers] == ["Labels ROI 0 summer"]
    label_node = label_layers[0]
    renderer = label_node.layer().renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    assert [(c.value, c.color.name()) for c in renderer.classes()] == [(c["id"], c["colour"]) for c in classes]
    s2_node = root.findLayer(s2_layer.id())
    siblings = label_node.parent().children()
    assert s2_node.parent() is label_node.parent() and siblings.index(label_node) + 1 == siblings.index(s2_node)

    index = QgsProject.instance().mapLayersByName("Patch index")[0]
    review = plugin.dock.review
    review.review_layer.setLayer(index)
    review.start_review()
    session = review.review_session
    assert set(session._scene_layers(session.current())) == {"s1", "s2", "lc"}
    assert not review.thumbnails["lc_path"].pixmap().isNull()
    session.toggle_labels()  # L
    assert label_node.itemVisibilityChecked()
    review.stop_review()


def test_a_visible_label_layer_is_no_own_scene(plugin, tmp_path, monkeypatch):  # noqa: F811
    """After an extraction with labels, the scene's label layer is shown; extracting the visible
    pairs again is still the downloaded scenes' run, not the pairing table of the analyst's own."""
    import rasterio
    from qgis.core import Qgis
    from test_dock import messages

    scenes = tmp_path / "scenes"
    write_scene_folder(scenes, 4, size=520)
    with rasterio.open(scenes / "ROIs1158_spring" / "scenes" / "s2_4.tif", "r+") as ds:
        ds.descriptions = ("B4", "B3", "B2")  # as downloads name them: nothing for the run to warn about
    dock = plugin.dock
    dock.folder.setFilePath(str(scenes))
    dock.scenes.load_scenes()
    dock.extract.label_layer.setLayer(landuse())
    dock.extract.label_field.setField("cls")
    plugin.iface.messageBar().clear_messages()
    dock.extract.extract_visible()
    wait_for_tasks()
    # a success: how much is labelled is information (in the message), not a warning
    assert any("patch pairs from 1 of 1" in m and "of the scene labelled, 2 of 2 classes present" in m
               for m in messages(plugin.iface, Qgis.MessageLevel.Success)), messages(plugin.iface, Qgis.MessageLevel.Warning)
    nodes = group_layers("ROIs1158_spring · ROI 4 · spring")
    assert nodes["Labels ROI 4 spring"].isVisible()
    tables = []
    monkeypatch.setattr(dock.extract, "confirm_pairs", lambda dialog: tables.append(dialog) or False)
    plugin.iface.messageBar().clear_messages()
    dock.extract.extract_visible()
    wait_for_tasks()
    assert tables == []
    assert any("patch pairs from 1 of 1" in m for level in (Qgis.MessageLevel.Success, Qgis.MessageLevel.Warning)
               for m in messages(plugin.iface, level))  # the kept pairs' run (a resume says so)


def test_an_identifier_as_class_field_is_refused_in_the_dock(plugin, tmp_path):  # noqa: F811
    """The analyst picks "fid" (every feature its own value) instead of the class field: refused
    with the sentence, nothing runs."""
    from qgis.core import Qgis
    from test_dock import messages

    scenes = tmp_path / "scenes"
    write_scene_folder(scenes, 4, size=300)
    plugin.dock.folder.setFilePath(str(scenes))
    plugin.dock.scenes.load_scenes()
    layer = QgsVectorLayer("Polygon?crs=EPSG:32632&field=fid:integer&field=cls:string", "parcels", "memory")
    for n in range(30):
        feature = QgsFeature(layer.fields())
        x, y = 640000 + 90 * n, 5299900
        feature.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x} {y}, {x + 80} {y}, {x + 80} {y - 80}, {x} {y}))"))
        feature.setAttributes([n + 1, "field" if n % 2 else "meadow"])
        layer.dataProvider().addFeature(feature)
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.extract
    section.label_layer.setLayer(layer)
    section.label_field.setField("fid")
    section.extract_visible()
    assert not plugin.dock.running
    text = " ".join(messages(plugin.iface, Qgis.MessageLevel.Critical))
    assert "'fid' of parcels cannot be the class field: each of its 30 features has a value of its own" in text
    assert not (scenes / "patches").exists()
    section.label_field.setField("cls")  # the class field: runs
    section.extract_visible()
    wait_for_tasks()
    assert read_rows(index_path(scenes / "patches"))
