"""The dock in a QGIS interface (pytest-qgis): drawing, picking, sampling, loading, extracting, unloading."""

import json
import time

import numpy as np
import pytest
import rasterio
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsMultiBandColorRenderer,
    QgsProject,
    QgsRectangle,
    QgsSingleBandGrayRenderer,
    QgsVectorLayer,
)
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QPoint, Qt
from rasterio.transform import from_origin

import sen12_plugin
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.scene_files import scenes_in_folder
from sen12_plugin.gui import layers, roi_layer

WEB_MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


def wait_for_tasks(timeout=60.0):
    manager = QgsApplication.taskManager()
    end = time.monotonic() + timeout
    while manager.countActiveTasks() and time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    QCoreApplication.processEvents()
    assert manager.countActiveTasks() == 0, "tasks still running"


@pytest.fixture()
def plugin(qgis_iface, qgis_new_project, tmp_path, monkeypatch):
    from sen12_plugin.settings import PROJECT_SCOPE
    QgsProject.instance().writeEntry(PROJECT_SCOPE, "folder", str(tmp_path / "work"))  # the project's folder
    qgis_iface.messageBar().clear_messages()
    p = sen12_plugin.classFactory(qgis_iface)
    p.initGui()
    p.actions[0].setChecked(True)  # the toolbar button opens the dock
    yield p
    p.unload()


def messages(iface, level):
    return iface.messageBar().get_messages(level)


def mouse(canvas, kind, x, y, button=Qt.MouseButton.LeftButton):
    return QgsMapMouseEvent(canvas, kind, QPoint(x, y), button, button, Qt.KeyboardModifier.NoModifier)


def test_dock_opens_and_closes(plugin):
    # The test main window is never shown, so ask whether the dock itself is hidden.
    assert plugin.dock is not None and not plugin.dock.isHidden()
    plugin.actions[0].setChecked(False)
    assert plugin.dock.isHidden()
    plugin.actions[0].setChecked(True)
    assert not plugin.dock.isHidden()


def test_drawing_a_rectangle_adds_a_roi_in_wgs84(plugin, qgis_canvas):
    qgis_canvas.setDestinationCrs(WEB_MERCATOR)
    qgis_canvas.resize(600, 600)
    qgis_canvas.setExtent(QgsRectangle(1_270_000, 6_120_000, 1_300_000, 6_150_000))  # Bavaria
    tool = plugin.dock.rois.rect_tool
    plugin.dock.rois.use_tool(tool)
    tool.canvasPressEvent(mouse(qgis_canvas, QEvent.Type.MouseButtonPress, 100, 100))
    tool.canvasMoveEvent(mouse(qgis_canvas, QEvent.Type.MouseMove, 300, 250))
    assert "km" in plugin.dock.rois.size_label.text()
    tool.canvasReleaseEvent(mouse(qgis_canvas, QEvent.Type.MouseButtonRelease, 300, 250))
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    feats = list(layer.getFeatures())
    assert len(feats) == 1 and feats[0]["kind"] == "drawn" and layer.crs().authid() == "EPSG:4326"
    to_map = qgis_canvas.getCoordinateTransform()
    corner_a, corner_b = to_map.toMapCoordinates(100, 100), to_map.toMapCoordinates(300, 250)
    expected = QgsGeometry.fromRect(QgsRectangle(corner_a, corner_b))
    expected.transform(QgsCoordinateTransform(WEB_MERCATOR, layer.crs(), QgsProject.instance()))
    assert feats[0].geometry().boundingBox().contains(expected.boundingBox())  # the UTM box that covers it


def test_drawing_a_self_crossing_polygon_is_refused(plugin, qgis_canvas, qgis_iface):
    qgis_canvas.setDestinationCrs(WEB_MERCATOR)
    qgis_canvas.setExtent(QgsRectangle(1_270_000, 6_120_000, 1_300_000, 6_150_000))
    tool = plugin.dock.rois.poly_tool
    for x, y in ((100, 100), (300, 300), (300, 100), (100, 300)):  # a bow tie
        tool.canvasReleaseEvent(mouse(qgis_canvas, QEvent.Type.MouseButtonRelease, x, y))
    tool.canvasReleaseEvent(mouse(qgis_canvas, QEvent.Type.MouseButtonRelease, 0, 0, Qt.MouseButton.RightButton))
    assert any("crosses itself" in m for m in messages(qgis_iface, Qgis.MessageLevel.Critical))
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert layer is None or layer.featureCount() == 0


def test_selected_feature_becomes_a_roi_and_points_are_refused(plugin, qgis_iface):
    polygons = QgsVectorLayer("Polygon?crs=EPSG:3857", "fields", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromRect(QgsRectangle(1_280_000, 6_130_000, 1_285_000, 6_134_000)))
    polygons.dataProvider().addFeature(f)
    QgsProject.instance().addMapLayer(polygons)
    polygons.selectAll()
    plugin.dock.rois.source_layer.setLayer(polygons)
    plugin.dock.rois.add_selected_features()
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert [f["kind"] for f in layer.getFeatures()] == ["layer"]
    points = QgsVectorLayer("Point?crs=EPSG:4326", "wells", "memory")
    QgsProject.instance().addMapLayer(points)
    plugin.dock.rois.source_layer.setLayer(points)
    plugin.dock.rois.add_selected_features()
    assert any("polygon layer" in m for m in messages(qgis_iface, Qgis.MessageLevel.Critical))


def test_sampling_fills_the_roi_layer_in_the_background(plugin):
    plugin.dock.rois.seeds_edit.setText("1970")
    plugin.dock.rois.land_count.setValue(12)
    plugin.dock.rois.urban_count.setValue(3)
    plugin.dock.rois.sample_rois()
    wait_for_tasks()
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    feats = list(layer.getFeatures())
    assert 10 <= len(feats) <= 15 and {f["season"] for f in feats} == {"fall"} and {f["seed"] for f in feats} == {1970}


def write_scene_folder(root, roi, size=300, seed=1158, season="spring"):
    folder = root / f"ROIs{seed}_{season}" / "scenes"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(roi)
    for name, count, dtype, data in (
        ("s1", 1, "float32", rng.uniform(-20, -5, (1, size, size))),
        ("s2", 3, "uint16", np.clip(rng.normal([[[1000]], [[900]], [[800]]], 150, (3, size, size)), 100, 4000)),
    ):
        with rasterio.open(folder / f"{name}_{roi}.tif", "w", driver="GTiff", width=size, height=size, count=count,
                           dtype=dtype, crs="EPSG:32632", transform=from_origin(600000 + roi * 10000, 5300000, 10, 10)) as ds:
            ds.write(data.astype(dtype))
    (folder / f"scene_{roi}.json").write_text(json.dumps({"roi": roi, "seed": seed, "season": season}))


def test_scenes_load_styled_in_groups(plugin, tmp_path):
    write_scene_folder(tmp_path / "scenes", 4)
    plugin.dock.folder.setFilePath(str(tmp_path / "scenes"))
    plugin.dock.scenes.load_scenes()
    root = QgsProject.instance().layerTreeRoot()
    group = root.findGroup(layers.ROOT_GROUP).findGroup("ROIs1158_spring · ROI 4 · spring")
    assert group is not None
    by_name = {n.layer().name(): n.layer() for n in group.findLayers()}
    s1, s2 = by_name["S1 ROI 4 spring"], by_name["S2 ROI 4 spring"]
    assert isinstance(s1.renderer(), QgsSingleBandGrayRenderer)
    ce = s1.renderer().contrastEnhancement()
    assert (ce.minimumValue(), ce.maximumValue()) == (-25, 0)
    assert isinstance(s2.renderer(), QgsMultiBandColorRenderer)
    assert 100 <= s2.renderer().redContrastEnhancement().minimumValue() < s2.renderer().redContrastEnhancement().maximumValue() <= 4000


def test_extraction_runs_only_on_visible_pairs(plugin, tmp_path, qgis_iface):
    scenes = tmp_path / "scenes"
    for roi in (4, 5):
        write_scene_folder(scenes, roi)
    plugin.dock.folder.setFilePath(str(scenes))
    plugin.dock.scenes.load_scenes()
    root = QgsProject.instance().layerTreeRoot()
    hidden = root.findGroup(layers.ROOT_GROUP).findGroup("ROIs1158_spring · ROI 5 · spring")
    s1_of_5 = [n for n in hidden.findLayers() if n.layer().name().startswith("S1")][0]
    s1_of_5.setItemVisibilityChecked(False)
    plugin.dock.extract.extract_visible()
    wait_for_tasks()
    out = scenes / "patches" / "ROIs1158_spring"
    assert (out / "s1_4").is_dir() and not (out / "s1_5").exists()
    assert any("only S2 is visible" in m for m in messages(qgis_iface, Qgis.MessageLevel.Warning))
    assert QgsProject.instance().mapLayersByName("Patch index")[0].featureCount() == 1


def test_no_visible_pair_is_explained(plugin, qgis_iface):
    plugin.dock.extract.extract_visible()
    assert any("No visible scene pair" in m for m in messages(qgis_iface, Qgis.MessageLevel.Critical))


def start_long_extraction(plugin, folder):
    """A 2600 px scene pair, PNG and GeoTIFF: long enough to act while it runs; how it ended."""
    write_scene_folder(folder, 7, size=2600)
    plugin.dock.folder.setFilePath(str(folder))
    plugin.dock.scenes.load_scenes()
    plugin.dock.extract.format_checks["tif"].setChecked(True)
    plugin.dock.extract.extract_visible()
    task = plugin.dock.running[0]
    end = time.monotonic() + 30
    while task.status() != task.TaskStatus.Running and time.monotonic() < end:  # act on a task that runs
        QCoreApplication.processEvents()
    ended = []
    task.taskTerminated.connect(lambda: ended.append("terminated"))
    task.taskCompleted.connect(lambda: ended.append("completed"))
    return ended


def test_long_extraction_can_be_cancelled_and_ui_stays_responsive(plugin, tmp_path):
    ended = start_long_extraction(plugin, tmp_path / "scenes")
    slowest = 0.0
    for _ in range(20):  # the main thread keeps handling events while the task works
        t0 = time.monotonic()
        QCoreApplication.processEvents()
        slowest = max(slowest, time.monotonic() - t0)
        time.sleep(0.01)
    assert slowest < 0.5
    plugin.dock.cancel_all()
    wait_for_tasks(30)
    assert ended == ["completed"]  # a cancel the user asked for is no failure (QGIS would say "Task failed")
    assert any(m.startswith("SEN1-2:Cancelled") for m in messages(plugin.iface, Qgis.MessageLevel.Info))
    assert not messages(plugin.iface, Qgis.MessageLevel.Critical)
    assert not list((tmp_path / "scenes").rglob("*.part"))


def test_unload_removes_every_trace(qgis_iface, qgis_new_project, monkeypatch):
    added, removed = [], []
    monkeypatch.setattr(qgis_iface, "addToolBarIcon", lambda a: added.append(("toolbar", a)), raising=False)
    monkeypatch.setattr(qgis_iface, "removeToolBarIcon", lambda a: removed.append(("toolbar", a)), raising=False)
    monkeypatch.setattr(qgis_iface, "addPluginToRasterMenu", lambda m, a: added.append(("menu", a)), raising=False)
    monkeypatch.setattr(qgis_iface, "removePluginRasterMenu", lambda m, a: removed.append(("menu", a)), raising=False)
    p = sen12_plugin.classFactory(qgis_iface)
    p.initGui()
    p.show_dock(True)
    dock = p.dock
    p.unload()
    key = lambda item: (item[0], id(item[1]))  # noqa: E731
    assert sorted(added, key=key) == sorted(removed, key=key) and len(added) == 5
    assert QgsApplication.processingRegistry().providerById("sen12") is None
    assert p.dock is None and p.actions == [] and dock.parent() is not None  # handed back for deletion


def test_german_translation_loads(qgis_iface, qgis_new_project):
    from qgis.core import QgsSettings

    from sen12_plugin.plugin import translation_file
    from sen12_plugin.translation import tr

    assert translation_file("de_DE").exists(), "run make setup: it compiles i18n/*.qm"
    settings = QgsSettings()
    old = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "de_DE")
    try:
        p = sen12_plugin.classFactory(qgis_iface)
        assert p.translator is not None
        assert tr("Sign in") == "Anmelden" and tr("Draw polygon") == "Polygon zeichnen"
        p.initGui()
        assert p.actions[1].text() == "SEN1-2-ROIs ziehen…"
        p.unload()
        assert tr("Sign in") == "Sign in"  # translator removed on unload
    finally:
        settings.setValue("locale/userLocale", old)


def test_review_mode_steps_decides_and_persists(plugin, tmp_path, qgis_canvas, qgis_iface):
    from sen12_plugin.core.index import index_path, read_rows

    scenes = tmp_path / "scenes"
    write_scene_folder(scenes, 4, size=520)
    plugin.dock.folder.setFilePath(str(scenes))
    plugin.dock.scenes.load_scenes()
    plugin.dock.extract.extract_visible()
    wait_for_tasks()
    index_layer = QgsProject.instance().mapLayersByName("Patch index")[0]
    assert plugin.dock.review.review_layer.currentLayer() == index_layer
    plugin.dock.review.start_review()
    session = plugin.dock.review.review_session
    assert len(session.shortcuts) == 8 and session.fids
    first = session.current()
    canvas_box = QgsCoordinateTransform(qgis_canvas.mapSettings().destinationCrs(), index_layer.crs(),
                                        QgsProject.instance()).transformBoundingBox(qgis_canvas.extent())
    assert canvas_box.contains(first.geometry().boundingBox())
    next(s for s in session.shortcuts if s.key().toString() == "R").activated.emit()  # keyboard: reject
    assert session.position == min(1, len(session.fids) - 1)
    session.toggle()  # T: show S1 instead of S2
    s1_node = [n for n in QgsProject.instance().layerTreeRoot().findLayers() if n.layer().name().startswith("S1")][0]
    assert s1_node.isVisible()
    plugin.dock.review.stop_review()
    out = scenes / "patches"
    decided = [(r["patch"], r["decision"]) for r in read_rows(index_path(out)) if r["decision"]]
    assert decided == [(first["patch"], "reject")]  # on disk at once, survives a restart
    plugin.dock.review.publish()
    wait_for_tasks()
    assert (out / "dataset_card.md").exists() and (out / "splits/scene/train.txt").exists()
    assert not (out / index_layer.getFeature(first.id())["s1_path"]).exists()


def test_download_from_the_dock_loads_checked_scene_pairs(plugin, ee_client, ee_key, fake_ee, tmp_path, monkeypatch):
    from sen12_plugin.core import rois
    from sen12_plugin.core.earthengine.tiling import roi_grid

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    roi = rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02), (11.0, 48.02)])
    grid = roi_grid(roi)
    rng = np.random.default_rng(1)
    for name, count, dtype, data in (("s1", 1, "float32", rng.normal(-12, 2, (1, grid.height, grid.width))),
                                     ("s2", 3, "uint16", rng.normal(900, 60, (3, grid.height, grid.width)))):
        path = tmp_path / f"src_{name}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=grid.width, height=grid.height, count=count, dtype=dtype,
                           crs=grid.crs, transform=from_origin(grid.x0, grid.y0, 10, 10)) as ds:
            ds.write(data.astype(dtype))
        fake_ee.sources[name] = path
    roi_layer.add_rois(plugin.dock.roi_layer(), [roi])
    plugin.dock.earthengine.project_edit.setText("test-project")
    plugin.dock.earthengine.key_file.setFilePath(str(ee_key))  # the strict fake accepts only its own tokens
    for name, check in plugin.dock.season.season_checks.items():
        check.setChecked(name == "summer")
    plugin.dock.earthengine.download()
    wait_for_tasks()
    group = QgsProject.instance().layerTreeRoot().findGroup(layers.ROOT_GROUP)
    assert group is not None and [g.name() for g in group.children()] == ["SEN1-2 ROIs", "custom_summer · ROI 0 · summer"]
    assert len(group.findGroup("custom_summer · ROI 0 · summer").findLayers()) == 2
    folder = tmp_path / "work" / "custom_summer" / "scenes"
    assert (folder / "s1_0.tif").exists() and (folder / "scene_0_qc.json").exists()


def test_exported_scenes_load_from_a_folder(plugin, tmp_path):
    """Batch exports land flat, named like ROIs1868_summer_s1_7.tif: they load the same way."""
    write_scene_folder(tmp_path / "tmp", 7, seed=1868, season="summer")
    flat = tmp_path / "drive"
    flat.mkdir()
    for sensor in ("s1", "s2"):
        (tmp_path / f"tmp/ROIs1868_summer/scenes/{sensor}_7.tif").rename(flat / f"ROIs1868_summer_{sensor}_7.tif")
    pairs = scenes_in_folder(flat)
    assert [(k.dataset, k.scene, k.season, k.seed) for k in (f.key() for f in pairs)] == [
        ("ROIs1868_summer", 7, "summer", 1868)]
    plugin.dock.folder.setFilePath(str(flat))
    plugin.dock.scenes.load_scenes()
    assert QgsProject.instance().layerTreeRoot().findGroup(layers.ROOT_GROUP).findGroup("ROIs1868_summer · ROI 7 · summer")


def test_closing_the_project_cancels_running_tasks(plugin, tmp_path):
    ended = start_long_extraction(plugin, tmp_path / "scenes")
    QgsProject.instance().clear()
    wait_for_tasks(30)
    assert ended == ["completed"] and plugin.dock.running == []


def test_custom_dates_replace_the_ticked_seasons(plugin):
    from datetime import date

    from qgis.PyQt.QtCore import QDate

    from sen12_plugin.core import rois

    roi_layer.add_rois(plugin.dock.roi_layer(), [
        rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02), (11.0, 48.02)]),
        rois.roi_from_ring(1, [(12.0, 48.0), (12.03, 48.0), (12.03, 48.02), (12.0, 48.02)], season="winter")])
    assert len(plugin.dock.earthengine.requests()) == 4 + 1  # four ticked seasons, and ROI 1's own season
    plugin.dock.season.custom_dates.setChecked(True)
    plugin.dock.season.custom_start.setDate(QDate(2020, 4, 1))
    plugin.dock.season.custom_end.setDate(QDate(2020, 4, 30))
    got = [(r.id, s.name, s.start) for r, s in plugin.dock.earthengine.requests()]
    assert got == [(0, "20200401-20200430", date(2020, 4, 1)), (1, "winter", date(2016, 12, 1))]
    plugin.dock.season.custom_end.setDate(QDate(2020, 3, 1))
    with pytest.raises(Exception, match="ends"):
        plugin.dock.earthengine.requests()


@pytest.mark.parametrize("error", [
    InputError("ROI 3 has 2 parts: use one polygon per ROI."),
    MemoryError(),
    OSError(28, "No space left on device", "/data/out/s1_3.tif"),
    ValueError("a bug"),
], ids=["core", "memory", "file", "bug"])
def test_a_failing_dock_task_says_what_processing_says(plugin, qgis_iface, error):
    from qgis.core import QgsProcessingException

    from sen12_plugin.processing.base import Sen12Algorithm

    def fail(progress, cancelled):
        raise error

    plugin.dock.run_task("failing step", fail, lambda result: None)
    wait_for_tasks()
    with pytest.raises(QgsProcessingException) as caught:
        Sen12Algorithm.run_core(fail, None, None)
    sentence = caught.value.args[0]
    assert "Traceback" not in sentence and sentence.endswith(".")
    assert any(m.endswith(sentence) for m in messages(qgis_iface, Qgis.MessageLevel.Critical)), sentence


def test_each_section_keeps_its_choices_across_a_restart(plugin, qgis_iface, tmp_path):
    from qgis.PyQt.QtCore import QDate

    from sen12_plugin.core.earthengine.graph import ORBITS, S2_LEVELS, RecipeOptions
    from sen12_plugin.core.splits import KEYS
    from sen12_plugin.gui.dock import Sen12Dock

    dock = plugin.dock
    combo_items = lambda combo: [combo.itemText(i) for i in range(combo.count())]  # noqa: E731
    assert combo_items(dock.season.s2_level) == list(S2_LEVELS) and combo_items(dock.season.orbit) == list(ORBITS)
    assert combo_items(dock.review.split_by) == list(KEYS)
    dock.season.year.setValue(2019)
    dock.season.s2_level.setCurrentText("L2A")
    dock.season.orbit.setCurrentText("DESCENDING")
    dock.season.max_cloud.setValue(12.5)
    dock.season.dual_pol.setChecked(True)
    dock.earthengine.project_edit.setText(" my-project ")
    dock.folder.setFilePath(str(tmp_path / "alps"))
    dock.extract.dataset_name.setText("alps")
    dock.save_settings()
    again = Sen12Dock(qgis_iface)
    try:
        assert (again.season.year.value(), again.season.s2_level.currentText(), again.season.orbit.currentText(),
                again.season.max_cloud.value(), again.season.dual_pol.isChecked(), again.season.all_bands.isChecked()
                ) == (2019, "L2A", "DESCENDING", 12.5, True, False)
        assert again.season.custom_start.date() == QDate(2019, 6, 1)
        assert again.earthengine.project_edit.text() == "my-project"
        assert again.folder.filePath() == str(tmp_path / "alps") and again.extract.dataset_name.text() == "alps"
        assert again.season.recipe_options() == RecipeOptions(dual_pol=True, s2_level="L2A", max_cloud=12.5,
                                                              orbit="DESCENDING")
    finally:
        again.deleteLater()


def test_bad_roi_rows_are_reported_and_the_others_requested(plugin, qgis_iface):
    from sen12_plugin.core import rois

    layer = plugin.dock.roi_layer()
    roi_layer.add_rois(layer, [rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02), (11.0, 48.02)])])
    junk = QgsFeature(layer.fields())
    junk.setGeometry(QgsGeometry.fromWkt("POLYGON((12 48, 12.03 48, 12.03 48.02, 12 48.02, 12 48))"))
    junk.setAttributes([None, 5, -3, "monsoon", "layer", "new"])  # fid, id, seed, season, kind, status
    assert layer.dataProvider().addFeature(junk)
    for name, check in plugin.dock.season.season_checks.items():
        check.setChecked(name == "summer")
    got = plugin.dock.earthengine.requests()
    assert [(roi.id, season.name) for roi, season in got] == [(0, "summer")]
    warnings = " ".join(messages(qgis_iface, Qgis.MessageLevel.Warning))
    assert "ROI rows left out" in warnings and ("monsoon" in warnings or "-3" in warnings)
