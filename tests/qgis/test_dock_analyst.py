"""The dock as an analyst meets it (issue 23): one test per numbered finding of the walk-through.

Each test clicks through the real dock in pytest-qgis and fails on the code the walk-through met.
"""

import tempfile
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from test_dock import messages, mouse, plugin, wait_for_tasks  # noqa: F401 - the dock fixture

import sen12_plugin
from sen12_plugin.gui import roi_layer

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


@pytest.fixture()
def bare_plugin(qgis_iface, qgis_new_project):
    """The plugin in a new, unsaved project that has no working folder yet."""
    qgis_iface.messageBar().clear_messages()
    p = sen12_plugin.classFactory(qgis_iface)
    p.initGui()
    p.actions[0].setChecked(True)
    yield p
    p.unload()


def draw_rectangle(dock, canvas, crs=WGS84, extent=(11.0, 48.0, 11.4, 48.3), corners=None):
    """Press, drag and release the rectangle tool from one map corner (in ``crs``) to the other;
    by default across the middle half of ``extent``. Returns the two corners as drawn."""
    from qgis.core import QgsPointXY

    canvas.setDestinationCrs(crs)
    canvas.setExtent(QgsRectangle(*extent))  # the test canvas is hidden and small: map corners give the pixels
    if corners is None:
        x0, y0, x1, y1 = extent
        corners = ((x0 + (x1 - x0) / 4, y1 - (y1 - y0) / 4), (x1 - (x1 - x0) / 4, y0 + (y1 - y0) / 4))
    to_pixels = canvas.getCoordinateTransform()
    (px0, py0), (px1, py1) = ((round(p.x()), round(p.y())) for p in (to_pixels.transform(QgsPointXY(*c)) for c in corners))
    tool = dock.rois.rect_tool
    dock.rois.use_tool(tool)
    tool.canvasPressEvent(mouse(canvas, QEvent.Type.MouseButtonPress, px0, py0))
    tool.canvasMoveEvent(mouse(canvas, QEvent.Type.MouseMove, px1, py1))
    tool.canvasReleaseEvent(mouse(canvas, QEvent.Type.MouseButtonRelease, px1, py1))
    return [to_pixels.toMapCoordinates(px, py) for px, py in ((px0, py0), (px1, py1))]


def test_2_the_working_folder_and_every_choice_belong_to_the_project(bare_plugin, qgis_canvas, qgis_iface, tmp_path,
                                                                     monkeypatch):
    """Finding 2: no hidden /tmp folder; the folder and the season choices are kept with the project,
    and a new project does not reuse the last one's ROIs."""
    dock = bare_plugin.dock
    hidden = Path(tempfile.gettempdir()) / "sen12" / "sen12_rois.gpkg"
    existed = hidden.exists()
    asked = []
    monkeypatch.setattr(dock, "ask_folder", lambda: asked.append("asked") or "", raising=False)
    draw_rectangle(dock, qgis_canvas)  # the analyst cancels the folder question
    assert asked == ["asked"] and roi_layer.find_roi_layer(QgsProject.instance()) is None
    assert any("working folder" in m for m in messages(qgis_iface, 2))
    assert hidden.exists() == existed, "the ROI layer went to a hidden temporary folder"

    monkeypatch.setattr(dock, "ask_folder", lambda: asked.append("asked") or str(tmp_path / "job"), raising=False)
    draw_rectangle(dock, qgis_canvas)
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert layer is not None and Path(layer.source().split("|")[0]).parent == tmp_path / "job"
    assert len(asked) == 2  # asked once for this project, not again
    for name, check in dock.season.season_checks.items():
        check.setChecked(name == "summer")
    dock.extract.patch_size.setValue(128)

    project_file = tmp_path / "alps.qgz"
    assert QgsProject.instance().write(str(project_file))
    QgsProject.instance().clear()  # File > New: the recipe's defaults, no folder, no old ROIs
    assert dock.folder.filePath() == "" and all(c.isChecked() for c in dock.season.season_checks.values())
    assert roi_layer.find_roi_layer(QgsProject.instance()) is None

    assert QgsProject.instance().read(str(project_file))
    assert Path(dock.folder.filePath()) == tmp_path / "job"
    assert [n for n, c in dock.season.season_checks.items() if c.isChecked()] == ["summer"]
    assert dock.extract.patch_size.value() == 128
    assert roi_layer.find_roi_layer(QgsProject.instance()).featureCount() == 1


def test_2_a_saved_project_proposes_a_folder_beside_its_file(bare_plugin, qgis_canvas, qgis_iface, tmp_path):
    """Finding 2: a saved project without a folder gets one beside its file, and says so."""
    assert QgsProject.instance().write(str(tmp_path / "delta.qgz"))
    draw_rectangle(bare_plugin.dock, qgis_canvas)
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert Path(layer.source().split("|")[0]) == tmp_path / "delta_sen12" / "sen12_rois.gpkg"
    assert any(str(tmp_path / "delta_sen12") in m for m in messages(qgis_iface, 0))


def click(button):
    """A real mouse click on a dock button (QTest), as the analyst's."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def dock_button(dock, name):
    from qgis.PyQt.QtWidgets import QPushButton

    return dock.findChild(QPushButton, name)


def load_long_scene(dock, folder, size=2600):
    from test_dock import write_scene_folder

    write_scene_folder(folder, 7, size=size)
    dock.folder.setFilePath(str(folder))
    dock.scenes.load_scenes()
    dock.extract.format_checks["tif"].setChecked(True)


def test_3_a_double_click_on_extract_starts_one_task_and_a_second_start_is_refused(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 3: double-clicking Extract (or Download) started two tasks racing in one folder."""
    dock = plugin.dock
    load_long_scene(plugin.dock, tmp_path / "scenes", size=1300)
    button = dock_button(dock, "extractVisible")
    click(button)
    click(button)  # the second click of a double-click
    assert len(dock.running) == 1 and button.text() == "Cancel"
    dock.extract.extract_visible()  # any other way of starting a second one
    assert len(dock.running) == 1
    assert any("still running" in m for m in messages(qgis_iface, 1))
    wait_for_tasks(60)
    assert not messages(qgis_iface, 2), messages(qgis_iface, 2)
    assert button.text() == "Extract from visible scene pairs" and dock.running == []
    assert (tmp_path / "scenes" / "patches" / "ROIs1158_spring" / "s1_7").is_dir()


def test_10_the_dock_shows_progress_and_cancels_and_says_how_it_will_sign_in(plugin, qgis_iface, tmp_path, ee_key):  # noqa: F811
    """Finding 10: progress and Cancel in the dock itself; no "Not signed in" while a saved key
    makes every Earth Engine step work."""
    import time

    from qgis.PyQt.QtCore import QCoreApplication
    from qgis.PyQt.QtWidgets import QApplication, QProgressBar

    dock = plugin.dock
    load_long_scene(plugin.dock, tmp_path / "scenes")
    button = dock_button(dock, "extractVisible")
    click(button)
    row = dock.task_panel.rows[id(dock.running[0])]
    assert not dock.task_panel.isHidden() and row.label.text() == "Extracting SEN1-2 patches"
    assert isinstance(row.bar, QProgressBar) and button.text() == "Cancel"
    end = time.monotonic() + 30
    while row.bar.value() == 0 and time.monotonic() < end:  # the bar follows the task
        QCoreApplication.processEvents()
        time.sleep(0.02)
    assert row.bar.value() > 0
    time.sleep(QApplication.doubleClickInterval() / 1000)
    click(button)  # now it is the Cancel
    wait_for_tasks(30)
    assert dock.running == [] and dock.task_panel.isHidden() and button.text() == "Extract from visible scene pairs"
    assert any("Cancelled" in m for m in messages(qgis_iface, 0)) and not messages(qgis_iface, 2)

    dock.earthengine.key_file.setFilePath(str(ee_key))
    assert "signs in with the key file" in dock.earthengine.signin_state.text()


def write_scenes(root, rois, size=300, seed=1158, season="spring", holed=()):
    """Downloaded-looking scene pairs (with their record; ``seed`` None: drawn ROIs, ``custom_{season}``);
    ``holed`` ones lack S2 in their top third, which the scene check rejects."""
    import json

    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    folder = root / (f"ROIs{seed}_{season}" if seed is not None else f"custom_{season}") / "scenes"
    folder.mkdir(parents=True, exist_ok=True)
    for roi in rois:
        rng = np.random.default_rng(roi)
        s2 = np.clip(rng.normal([[[1000]], [[900]], [[800]]], 150, (3, size, size)), 100, 4000)
        if roi in holed:
            s2[:, : size // 3, :] = 0
        for name, data in (("s1", rng.uniform(-20, -5, (1, size, size))), ("s2", s2)):
            dtype = "float32" if name == "s1" else "uint16"
            with rasterio.open(folder / f"{name}_{roi}.tif", "w", driver="GTiff", width=size, height=size,
                               count=len(data), dtype=dtype, crs="EPSG:32632", nodata=None if name == "s1" else 0,
                               transform=from_origin(600000 + roi * 10000, 5300000, 10, 10)) as ds:
                ds.write(data.astype(dtype))
        (folder / f"scene_{roi}.json").write_text(json.dumps({"roi": roi, "seed": seed, "season": season}))
    return folder


def bar_buttons(iface):
    from qgis.PyQt.QtWidgets import QPushButton

    return iface.messageBar().findChildren(QPushButton, "messageAction")


def bar_texts(iface):
    return [item.text() for item in iface.messageBar().items()]


def test_4_nothing_made_is_a_warning_that_says_why_in_one_grouped_message(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 4: "0 patch pairs from 0 of 6 scene pairs" in green with six identical errors."""
    dock = plugin.dock
    write_scenes(tmp_path / "scenes", (1, 2, 3), size=120)  # BigEarthNet-sized: smaller than one patch
    dock.folder.setFilePath(str(tmp_path / "scenes"))
    dock.scenes.load_scenes()
    qgis_iface.messageBar().clear_messages()
    dock.extract.extract_visible()
    wait_for_tasks()
    assert not messages(qgis_iface, 3), messages(qgis_iface, 3)  # no green for nothing
    warnings = messages(qgis_iface, 1)
    assert len(warnings) == 1 and not messages(qgis_iface, 2)  # one message for the run
    assert "No patch pair was made from 3 scene pairs" in warnings[0] and "smaller than one patch" in warnings[0]
    assert warnings[0].count("smaller than one patch") == 1  # the three identical reasons read as one
    assert all(f"ROIs1158_spring scene {n}" in warnings[0] for n in (1, 2, 3))


def test_4_a_download_that_made_nothing_says_why_and_a_rejected_scene_is_its_own_warning(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 4: "0 scene pairs downloaded." with no reason; the scene check's reject under "5 more"."""
    from sen12_plugin.core import pipeline, rois
    from sen12_plugin.core.earthengine.scenes import DroppedRequest
    from sen12_plugin.core.quality import Verdict
    from sen12_plugin.core.scene_files import SceneFiles
    from sen12_plugin.core.seasons import paper_season

    roi = rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02), (11.0, 48.02)])
    nothing = pipeline.FetchOutcome(dropped=[DroppedRequest(roi, paper_season("summer"), "no Sentinel-2 image with at most 1 % cloud")])
    plugin.dock.earthengine.report_download(nothing)
    assert not messages(qgis_iface, 3)
    assert any("No scene pair was downloaded" in m and "no Sentinel-2 image" in m for m in messages(qgis_iface, 1))

    qgis_iface.messageBar().clear_messages()
    folder = write_scenes(tmp_path, (4, 5))
    scenes = []
    for n, verdict in ((4, Verdict("reject", ["40% no-data"])), (5, Verdict("pass"))):
        files = SceneFiles(folder, n)
        scenes.append(pipeline.FetchedScene(files, files.key(), verdict))
    plugin.dock.earthengine.report_download(pipeline.FetchOutcome(scenes=scenes))
    assert any(m.endswith("2 scene pairs downloaded and loaded.") for m in messages(qgis_iface, 3))
    rejected = [m for m in messages(qgis_iface, 1) if "rejects 1 scene pair" in m]
    assert rejected and "ROIs1158_spring · ROI 4" in rejected[0] and "s1_4.tif" not in rejected[0]


def test_4_publish_asks_before_unseen_rejects_and_says_what_it_did_with_a_button_to_the_card(
        plugin, qgis_iface, tmp_path, monkeypatch):  # noqa: F811
    """Finding 4: publish said "splits {'train': 4, ...}" (a dict), offered no way to the card, and
    moved the checks' rejects nobody had looked at without a word."""
    from helpers import set_decision
    from osgeo import ogr

    from sen12_plugin.core.index import LAYER, index_path
    from sen12_plugin.gui.sections import review as review_section

    dock = plugin.dock
    write_scenes(tmp_path / "scenes", (4,), size=520)
    dock.folder.setFilePath(str(tmp_path / "scenes"))
    dock.scenes.load_scenes()
    dock.extract.extract_visible()
    wait_for_tasks()
    out = tmp_path / "scenes" / "patches"
    set_decision(out, "ROIs1158_spring", 4, 1, "reject")
    ds = ogr.Open(str(index_path(out)), 1)  # the checks reject patch 2; nobody decides on it
    layer = ds.GetLayerByName(LAYER)
    for feature in layer:
        if feature.GetField("patch") == 2:
            feature.SetField("qc_status", "reject")
            layer.SetFeature(feature)
    ds = None
    asked = []
    monkeypatch.setattr(dock.review, "confirm_automatic_rejects", lambda n: asked.append(n) or "review", raising=False)
    dock.review.publish()
    wait_for_tasks()
    assert asked == [1] and not (out / "dataset_card.md").exists()  # nothing moved unseen
    assert dock.review.review_session is not None  # the analyst looks first
    dock.review.stop_review()

    monkeypatch.setattr(dock.review, "confirm_automatic_rejects", lambda n: "apply", raising=False)
    qgis_iface.messageBar().clear_messages()
    dock.review.publish()
    wait_for_tasks()
    text = next(t for t in bar_texts(qgis_iface) if t.startswith("Published"))
    assert "7 patch pairs kept" in text and "2 moved to _rejected (1 by your review, 1 by the checks)" in text
    assert "Splits by scene: train 7, val 0, test 0." in text and "{" not in text
    opened = []
    monkeypatch.setattr(review_section.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    button = bar_buttons(qgis_iface)[-1]
    assert button.text() == "Open the dataset card"
    click(button)
    assert opened == [str(out / "dataset_card.md")]


def test_12_a_scene_the_check_rejects_is_skipped_unless_extracted_anyway(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 12: the scene check's "reject" changed nothing (the scene was still extracted)."""
    dock = plugin.dock
    write_scenes(tmp_path / "scenes", (4, 5), size=520, holed=(5,))
    dock.folder.setFilePath(str(tmp_path / "scenes"))
    dock.scenes.load_scenes()
    dock.extract.extract_visible()
    wait_for_tasks()
    out = tmp_path / "scenes" / "patches" / "ROIs1158_spring"
    assert (out / "s1_4").is_dir() and not (out / "s1_5").exists()
    rejected = next(t for t in bar_texts(qgis_iface) if "rejects 1 scene pair" in t)
    assert "no-data" in rejected and "ROIs1158_spring scene 5" in rejected
    click(bar_buttons(qgis_iface)[-1])  # Extract anyway
    wait_for_tasks()
    assert (out / "s1_5").is_dir()


def test_12_a_cancel_the_user_asked_for_is_reported_as_cancelled_not_failed(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 12: a cancel the user asked for was shown as "Task failed" in red."""
    load_long_scene(plugin.dock, tmp_path / "scenes")
    plugin.dock.extract.extract_visible()
    task = plugin.dock.running[0]
    while task.status() != task.TaskStatus.Running:  # the analyst cancels a task that runs
        QCoreApplication.processEvents()
    ended = []
    task.taskTerminated.connect(lambda: ended.append("failed"))
    task.taskCompleted.connect(lambda: ended.append("completed"))
    plugin.dock.cancel_task(task)
    wait_for_tasks(30)
    assert ended == ["completed"] and not messages(qgis_iface, 2)
    assert any(m.startswith("SEN1-2:Cancelled: Extracting SEN1-2 patches.") for m in messages(qgis_iface, 0))


def test_13_counts_read_right_and_loading_twice_says_they_were_there(plugin, qgis_iface, tmp_path):  # noqa: F811
    """Finding 13: "1 scene pairs"; "Load scenes from folder" said scenes were loaded that were already there."""
    write_scenes(tmp_path / "scenes", (4,))
    plugin.dock.folder.setFilePath(str(tmp_path / "scenes"))
    plugin.dock.scenes.load_scenes()
    assert messages(qgis_iface, 3)[-1] == "SEN1-2:1 scene pair loaded."
    plugin.dock.scenes.load_scenes()
    assert messages(qgis_iface, 0)[-1] == "SEN1-2:0 scene pairs loaded; 1 was already in the project."


WEB_MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")
BAVARIA_3857 = (1_270_000, 6_120_000, 1_300_000, 6_150_000)


def test_5_a_rectangle_drawn_on_a_web_map_becomes_its_utm_footprint_on_the_10_m_grid(plugin, qgis_canvas, qgis_iface):  # noqa: F811
    """Finding 5: a rectangle drawn on a web-mercator base map was rotated ~2 degrees in UTM, so the
    pinned download grid had no-data corners: 9 of 25 patch positions dropped, said only in the card."""
    from osgeo import ogr

    from sen12_plugin.core.crs import WGS84 as CORE_WGS84
    from sen12_plugin.core.crs import transformer
    from sen12_plugin.core.earthengine.tiling import roi_grid

    dock = plugin.dock
    drawn = draw_rectangle(dock, qgis_canvas, WEB_MERCATOR, BAVARIA_3857)
    assert any("on the 10 m grid of UTM zone 32N, the box that covers what you drew" in m and " km" in m
               for m in messages(qgis_iface, 3))
    (roi, _season), *_ = dock.earthengine.requests()  # the ROI as a download asks for it
    grid = roi_grid(roi)
    utm = transformer(CORE_WGS84, grid.crs_epsg)
    polygon = ogr.CreateGeometryFromWkt("POLYGON((" + ", ".join(
        f"{x} {y}" for x, y, _ in utm.TransformPoints(list(roi.ring))) + "))")
    x1, y0 = grid.x0 + grid.width * 10, grid.y0 - grid.height * 10
    for x, y in ((grid.x0, grid.y0), (x1, grid.y0), (x1, y0), (grid.x0, y0)):  # every grid corner is in the ROI
        assert polygon.Buffer(0.05).Contains(ogr.CreateGeometryFromWkt(f"POINT({x} {y})")), (x, y)
    for corner in drawn:  # and the ROI covers what was drawn
        x, y, _ = utm.TransformPoint(*transformer(3857, CORE_WGS84).TransformPoint(corner.x(), corner.y())[:2])
        assert grid.x0 <= x <= x1 and y0 <= y <= grid.y0
    assert dock.rois.rect_tool.drawn.numberOfVertices() > 0  # the drawn outline stays beside its footprint


def test_6_a_drag_smaller_than_one_patch_is_no_roi(plugin, qgis_canvas, qgis_iface):  # noqa: F811
    """Finding 6: a tiny drag was accepted as a "0.0 x 0.0 km" ROI."""
    x0, y0 = 1_280_000, 6_130_000
    draw_rectangle(plugin.dock, qgis_canvas, WEB_MERCATOR, (x0, y0, x0 + 600, y0 + 600),
                   ((x0 + 200, y0 + 200), (x0 + 300, y0 + 260)))
    assert any("must hold at least one patch, 2.56 x 2.56 km" in m for m in messages(qgis_iface, 2))
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert layer is None or layer.featureCount() == 0


def extract_one_scene(dock, folder, rois=(4,), size=520):
    write_scenes(folder, rois, size=size)
    dock.folder.setFilePath(str(folder))
    dock.scenes.load_scenes()
    dock.extract.extract_visible()
    wait_for_tasks()
    return QgsProject.instance().mapLayersByName("Patch index")[0]


def test_7_review_goes_through_flagged_or_all_keeps_its_key_help_and_restores_the_layers(plugin, tmp_path):  # noqa: F811
    """Finding 7: the queue held only flagged patches, the key help vanished once review started, and
    S1 stayed hidden after Stop (the next pairing then said no S1 overlaps)."""
    from helpers import set_decision
    from osgeo import ogr

    from sen12_plugin.core.index import LAYER, index_path

    dock = plugin.dock
    index = extract_one_scene(dock, tmp_path / "scenes")
    out = tmp_path / "scenes" / "patches"
    ds = ogr.Open(str(index_path(out)), 1)
    layer = ds.GetLayerByName(LAYER)
    for feature in layer:  # every patch passed but one
        feature.SetField("qc_status", "review" if feature.GetField("patch") == 3 else "pass")
        layer.SetFeature(feature)
    ds = None
    set_decision(out, "ROIs1158_spring", 4, 1, "accept")
    index.reload()
    help_text = dock.review.key_help.text()
    dock.review.start_review()
    assert len(dock.review.review_session.fids) == 1  # flagged first: patch 3
    dock.review.queue.setCurrentIndex(dock.review.queue.findData("all"))
    dock.review.start_review()
    session = dock.review.review_session
    assert len(session.fids) == index.featureCount() == 9
    session.next()
    assert dock.review.key_help.text() == help_text and "N next" in help_text and not dock.review.key_help.isHidden()
    assert "2/9" in dock.review.review_state.text()
    root = QgsProject.instance().layerTreeRoot()
    scene_nodes = {n.layer().customProperty("sen12/sensor"): n for n in root.findLayers()
                   if n.layer().customProperty("sen12/sensor") in ("s1", "s2")}
    session.toggle()  # T: S1 shown, S2 hidden
    assert scene_nodes["s1"].itemVisibilityChecked() and not scene_nodes["s2"].itemVisibilityChecked()
    dock.review.stop_review()
    assert scene_nodes["s1"].itemVisibilityChecked() and scene_nodes["s2"].itemVisibilityChecked()


def test_8_rois_and_patch_index_lie_above_the_scenes_inside_the_plugins_group(plugin, qgis_canvas, tmp_path):  # noqa: F811
    """Finding 8: the patch index and the ROIs landed under the scenes, invisible."""
    from sen12_plugin.gui import layers

    dock = plugin.dock
    dock.folder.setFilePath(str(tmp_path / "scenes"))
    draw_rectangle(dock, qgis_canvas)  # the ROI layer first, as an analyst starts
    extract_one_scene(dock, tmp_path / "scenes")
    order = [n.layer().name() if hasattr(n, "layer") else n.name()
             for n in QgsProject.instance().layerTreeRoot().findLayers()]
    assert order.index("Patch index") < order.index("SEN1-2 ROIs") < order.index("S2 ROI 4 spring")
    group = QgsProject.instance().layerTreeRoot().findGroup(layers.ROOT_GROUP)
    assert {n.layer().name() for n in group.findLayers()} >= {"Patch index", "SEN1-2 ROIs", "S1 ROI 4 spring"}


def test_12_the_index_is_outlines_and_a_reopened_project_offers_it_for_review(plugin, tmp_path):  # noqa: F811
    """Finding 12: the patch index loaded with an opaque random fill that hid the imagery under
    review; a reopened project offered "Countries" as the patch index."""
    from qgis.core import QgsApplication, QgsVectorLayer

    dock = plugin.dock
    countries = QgsVectorLayer(QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg|layername=countries",
                               "Countries", "ogr")
    QgsProject.instance().addMapLayer(countries)
    index = extract_one_scene(dock, tmp_path / "scenes")
    renderer = index.renderer()
    assert renderer.type() == "categorizedSymbol" and len(renderer.categories()) == 5
    assert all(c.symbol().symbolLayer(0).brushStyle() == 0 for c in renderer.categories())  # Qt.NoBrush
    project_file = tmp_path / "review.qgz"
    assert QgsProject.instance().write(str(project_file))
    QgsProject.instance().clear()
    assert QgsProject.instance().read(str(project_file))
    assert dock.review.review_layer.currentLayer().name() == "Patch index"


def test_12_a_big_download_says_how_many_scene_pairs_before_it_starts(plugin, qgis_iface, monkeypatch):  # noqa: F811
    """Finding 12: sampling 503 seeded ROIs x 4 seasons started without a word of how many downloads that is."""
    from sen12_plugin.core import rois

    dock = plugin.dock
    dock.rois.seeds_edit.setText("1970")
    dock.rois.land_count.setValue(6)
    dock.rois.urban_count.setValue(0)
    dock.rois.sample_rois()
    wait_for_tasks()
    sampled = roi_layer.find_roi_layer(QgsProject.instance()).featureCount()
    assert any(f"now asks for {sampled} scene pair" in m for m in messages(qgis_iface, 3))
    roi_layer.add_rois(dock.roi_layer(), [rois.roi_from_ring(n, [(11.0 + n, 48.0), (11.03 + n, 48.0), (11.03 + n, 48.02),
                                                                  (11.0 + n, 48.02)]) for n in range(100, 102)])
    asked = []
    monkeypatch.setattr(dock.earthengine, "confirm_big_job", lambda sentence: asked.append(sentence) or False,
                        raising=False)
    dock.earthengine.download()  # the two drawn ROIs x four seasons, and the sampled ones in their own season
    assert len(asked) == 1 and dock.running == []  # asked first; "No" starts nothing
    assert f"{sampled + 2} ROIs x 4 seasons ({sampled + 8} ROI-seasons) downloads {sampled + 8} scene pairs" in asked[0]
    assert "megapixels of each sensor" in asked[0]


def test_6_cancel_ends_a_sign_in_the_service_keeps_refusing(plugin, qgis_iface, fake_ee, ee_key, monkeypatch):  # noqa: F811
    """Finding 6: Cancel was ignored during sign-in retries (37 s after cancel, then a raw network
    traceback)."""
    import time

    from fake_earthengine.server import UNAVAILABLE

    from sen12_plugin.core.earthengine import auth

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    monkeypatch.setattr(auth, "_live_session", None)
    fake_ee.fault_always["algorithms"] = UNAVAILABLE  # ee.Initialize is refused with 503, again and again
    dock = plugin.dock
    dock.earthengine.project_edit.setText("test-project")
    dock.earthengine.key_file.setFilePath(str(ee_key))
    button = dock_button(dock, "signIn")
    click(button)
    task = dock.running[0]
    end = time.monotonic() + 20
    while task.status() != task.TaskStatus.Running and time.monotonic() < end:
        QCoreApplication.processEvents()
    time.sleep(1.5)  # a few refusals and waits of the retry policy
    started = time.monotonic()
    dock.cancel_task(task)
    wait_for_tasks(30)
    assert time.monotonic() - started < 5, "the sign-in went on after Cancel"
    assert any(m.startswith("SEN1-2:Cancelled: Signing in to Earth Engine") for m in messages(qgis_iface, 0))
    assert not messages(qgis_iface, 2) and not auth.signed_in()


def test_13_earth_engine_steps_leave_no_unclosed_connection_warnings(plugin, fake_ee, ee_key, monkeypatch):  # noqa: F811
    """Finding 13: unclosed-connection warnings flooded the Python log on every Earth Engine call."""
    import gc
    import warnings

    from sen12_plugin.core import rois
    from sen12_plugin.core.earthengine import auth

    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    monkeypatch.setattr(auth, "_live_session", None)
    dock = plugin.dock
    dock.earthengine.project_edit.setText("test-project")
    dock.earthengine.key_file.setFilePath(str(ee_key))
    roi_layer.add_rois(dock.roi_layer(), [rois.roi_from_ring(0, [(11.0, 48.0), (11.03, 48.0), (11.03, 48.02),
                                                                  (11.0, 48.02)])])
    for name, check in dock.season.season_checks.items():
        check.setChecked(name == "summer")
    gc.collect()  # sockets earlier tests left for the collector warn now, not inside the record
    ours = f"('127.0.0.1', {fake_ee.url.rsplit(':', 1)[1]})"  # connections to this test's fake only
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            for _ in range(2):  # sign in again (another session), then steps on it
                monkeypatch.setattr(auth, "_live_session", None)
                dock.earthengine.sign_in()
                wait_for_tasks()
                dock.earthengine.check_availability()
                wait_for_tasks()
                dock.earthengine.refresh_tasks()
                wait_for_tasks()
            gc.collect()
        assert not [str(w.message) for w in seen if issubclass(w.category, ResourceWarning) and ours in str(w.message)]
    finally:
        import ee

        ee.Reset()
        auth._live_session = None


@pytest.fixture()
def dock_in(qgis_iface, qgis_new_project, tmp_path):
    """``dock_in("de_DE")``: the plugin in a new project under that QGIS locale (set back afterwards)."""
    from qgis.core import QgsSettings

    from sen12_plugin.settings import PROJECT_SCOPE

    settings, started = QgsSettings(), []
    old = settings.value("locale/userLocale", "")

    def start(locale):
        while started:  # one plugin at a time (one Processing provider)
            started.pop().unload()
        settings.setValue("locale/userLocale", locale)
        QgsProject.instance().writeEntry(PROJECT_SCOPE, "folder", str(tmp_path / "work"))
        p = sen12_plugin.classFactory(qgis_iface)
        p.initGui()
        p.actions[0].setChecked(True)
        started.append(p)
        return p.dock

    yield start
    for p in started:
        p.unload()
    settings.setValue("locale/userLocale", old)


def test_11_the_german_dock_speaks_german_for_the_core_too_and_keeps_its_width(dock_in, qgis_canvas, qgis_iface, tmp_path):
    """Finding 11: every sentence from the core (errors, pairing reasons) stayed English, and so did
    combo values; the dock grew from 532 to 685 px minimum width in German."""
    import numpy as np
    import rasterio
    from qgis.core import QgsRasterLayer
    from rasterio.transform import from_origin

    from sen12_plugin.gui.pairing import PairingDialog, visible_layer_scenes

    english = dock_in("en_US")
    english_width = english.minimumSizeHint().width()
    dock = dock_in("de_DE")
    assert dock.minimumSizeHint().width() == english_width  # one width in every language
    body = dock.widget().widget()
    assert body.minimumSizeHint().width() <= dock.widget().minimumWidth()  # and German fits in it
    orbit = [dock.season.orbit.itemText(i) for i in range(dock.season.orbit.count())]
    assert orbit == ["beide", "aufsteigend", "absteigend"] and dock.season.recipe_options().orbit == "both"
    assert dock.review.split_by.itemText(0) == "Szene" and dock.review.split_by.currentData() == "scene"

    x0, y0 = 1_280_000, 6_130_000  # a drag smaller than one patch: the core's sentence, in German
    draw_rectangle(dock, qgis_canvas, WEB_MERCATOR, (x0, y0, x0 + 600, y0 + 600), ((x0 + 200, y0 + 200), (x0 + 300, y0 + 260)))
    assert any("muss mindestens einen Patch fassen" in m for m in messages(qgis_iface, 2)), messages(qgis_iface, 2)

    photo = tmp_path / "holiday.tif"  # a pairing reason, in German
    with rasterio.open(photo, "w", driver="GTiff", width=64, height=64, count=3, dtype="uint8", crs="EPSG:32632",
                       transform=from_origin(600000, 5300000, 10, 10)) as ds:
        ds.write(np.zeros((3, 64, 64), dtype="uint8"))
    QgsProject.instance().addMapLayer(QgsRasterLayer(str(photo), "Holiday photo", "gdal"))
    dialog = PairingDialog(visible_layer_scenes(QgsProject.instance()), "custom")
    why = [dialog.layer_table.item(r, 3).text() for r in range(dialog.layer_table.rowCount())]
    assert any("8-Bit-Bild" in w for w in why), why


def pair_column(dialog, title):
    """The pairing table's column with this header (the table's own words, as the analyst reads them)."""
    table = dialog.pair_table
    titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert title in titles, f"the pairing table has no {title!r} column: {titles}"
    return titles.index(title)


def add_own_pair(dock, folder):
    """A SAFE product added with the dock and a terrain-corrected S1 file opened as a layer (both
    written once: a second call adds the same files again)."""
    from sentinel_products import make_safe
    from test_own_scenes_dock import add_layer, s1_vv

    from sen12_plugin.gui import own_scenes

    safe = next((folder / "mine").glob("*.SAFE"), None) or make_safe(folder / "mine", size=120)
    s1 = folder / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif"
    assert own_scenes.add_own_scenes(dock, [str(safe)])
    add_layer(s1 if s1.exists() else s1_vv(s1), "My S1 (SNAP)")
    return safe


def test_1_an_own_pair_takes_the_next_free_scene_number_and_the_same_files_resume_their_scene(
        plugin, qgis_iface, tmp_path, monkeypatch):  # noqa: F811
    """Finding 1: own pair 0 clashed with the downloaded ROI 0 in custom_summer; the error said "choose
    another scene number" with no such field, and advised an overwrite that deletes that scene's patches
    and decisions; the same pair added again another day became a second copy under a new number."""
    from qgis.PyQt.QtWidgets import QDialog

    dock = plugin.dock
    work = tmp_path / "work"
    write_scenes(work, (0,), size=120, seed=None, season="summer")  # a drawn ROI's download: custom_summer ROI 0
    dock.extract.patch_size.setValue(60)
    dock.extract.stride.setValue(60)
    dock.scenes.load_scenes()
    dock.extract.extract_visible()
    wait_for_tasks()
    out = work / "patches"
    downloaded = sorted((out / "custom_summer" / "s1_0").iterdir())
    assert len(downloaded) == 4
    QgsProject.instance().removeAllMapLayers()  # another day: only the analyst's own files are open
    add_own_pair(dock, tmp_path)
    shown = []

    def confirm(dialog):
        scene = pair_column(dialog, "Scene")
        number = dialog.pair_table.cellWidget(0, scene)
        shown.append((number.value(), dialog.pair_table.item(0, pair_column(dialog, "Match")).text()))
        if len(shown) == 1:  # the analyst tries the downloaded ROI's number
            number.setValue(0)
            dialog.accept()
            assert dialog.result() != QDialog.DialogCode.Accepted
            said = dialog.problem.text()
            assert "custom_summer scene 0" in said and "downloaded ROI 0" in said and "use 1" in said, said
            assert not any(word in said.lower() for word in ("replace", "overwrite")), said
            number.setValue(1)
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.problem.text()
        return True

    monkeypatch.setattr(dock.extract, "confirm_pairs", confirm)
    dock.extract.extract_visible()
    wait_for_tasks()
    assert shown[0][0] == 1  # the next free number in custom_summer: 0 is the downloaded ROI
    assert sorted((out / "custom_summer" / "s1_0").iterdir()) == downloaded
    assert len(list((out / "custom_summer" / "s1_1").iterdir())) == 4

    QgsProject.instance().removeAllMapLayers()  # the same files added again, another day
    add_own_pair(dock, tmp_path)
    qgis_iface.messageBar().clear_messages()
    dock.extract.extract_visible()
    wait_for_tasks()
    assert shown[1][0] == 1 and "custom_summer scene 1" in shown[1][1], shown  # recognised: it resumes
    assert not (out / "custom_summer" / "s1_2").exists()
    said = " ".join(messages(qgis_iface, 1) + messages(qgis_iface, 3))
    assert "4 patch pairs from 1 of 1" in said and "same inputs and settings as before" in said, said


def band_folder(folder, prefix="T33TWN_20170613T101031", origin=(400000.0, 5000000.0), size=60):
    """One Sentinel-2 scene as per-band files (``{prefix}_B02.tif`` ...), as BigEarthNet and many tools write it."""
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    for band in ("B02", "B03", "B04", "B08"):
        with rasterio.open(folder / f"{prefix}_{band}.tif", "w", driver="GTiff", width=size, height=size, count=1,
                           dtype="uint16", crs="EPSG:32633", transform=from_origin(*origin, 10, 10)) as ds:
            ds.write(rng.integers(200, 3000, (1, size, size)).astype("uint16"))
    return folder


def test_9_one_folder_dialog_adds_every_product_band_folder_and_s1_file_under_it(plugin, tmp_path, monkeypatch):  # noqa: F811
    """Finding 9: one file dialog per band folder and per S1 file (12 dialogs for 6 pairs)."""
    from sentinel_products import make_safe
    from test_own_scenes_dock import s1_vv

    from sen12_plugin.gui.sections import scenes as scenes_module

    parent = tmp_path / "downloads"
    safes = [make_safe(parent / "june", size=60), make_safe(parent / "july", size=60, stamp="20170712T101031")]
    bands = band_folder(parent / "tiles" / "T33TWN_20170613")
    s1_vv(parent / "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif")
    (parent / "radar").mkdir()
    s1_vv(parent / "radar" / "S1B_IW_GRDH_1SDV_20170711T050000_VV.tif")
    (parent / "notes.txt").write_text("not a scene")
    asked = []
    monkeypatch.setattr(scenes_module.QFileDialog, "getExistingDirectory",
                        lambda *a, **k: asked.append("folder") or str(parent))
    dock_button(plugin.dock, "addOwnFolder").click()
    assert asked == ["folder"]  # one dialog for everything under it
    names = sorted(layer.name() for layer in QgsProject.instance().mapLayers().values())
    assert names == sorted([safes[0].name, safes[1].name, "T33TWN_20170613T101031",
                            "S1A_IW_GRDH_1SDV_20170612T050000_VV.tif", "S1B_IW_GRDH_1SDV_20170711T050000_VV.tif"]), names

    several = []  # several files at once, band files of one folder among them: one scene per folder
    QgsProject.instance().removeAllMapLayers()
    picked = sorted(str(p) for p in bands.glob("*_B0[234].tif")) + [str(safes[0] / "MTD_MSIL1C.xml")]
    monkeypatch.setattr(scenes_module.QFileDialog, "getOpenFileNames",
                        lambda *a, **k: several.append("files") or (picked, ""))
    dock_button(plugin.dock, "addOwnFiles").click()
    assert several == ["files"]
    names = sorted(layer.name() for layer in QgsProject.instance().mapLayers().values())
    assert names == sorted(["T33TWN_20170613T101031", safes[0].name]), names


def test_9_the_pairing_dialog_fits_its_columns_and_can_be_resized(plugin, tmp_path):  # noqa: F811
    """Finding 9: the pairing table was too small to show its own columns."""
    from qgis.PyQt.QtWidgets import QApplication

    from sen12_plugin.gui.pairing import PairingDialog, visible_layer_scenes

    add_own_pair(plugin.dock, tmp_path)
    dialog = PairingDialog(visible_layer_scenes(QgsProject.instance()), "custom")
    dialog.show()
    QApplication.processEvents()
    try:
        for title in ("Scene", "S1 bands", "S2 units"):
            pair_column(dialog, title)
        screen = QApplication.primaryScreen().availableGeometry()
        assert dialog.frameGeometry().width() <= screen.width() and dialog.frameGeometry().height() <= screen.height()
        for table in (dialog.pair_table, dialog.layer_table):
            content = table.horizontalHeader().length()
            if content + 80 <= screen.width():  # room on the screen: every column shows whole
                assert content <= table.viewport().width(), "columns cut off"
            else:  # a small screen: the dialog takes its width
                assert dialog.width() >= 0.9 * screen.width()
        assert dialog.isSizeGripEnabled()
        before = dialog.size()
        dialog.resize(before.width() + 200, before.height() + 100)
        QApplication.processEvents()
        assert dialog.width() == before.width() + 200
    finally:
        dialog.close()


def test_1_a_drawn_roi_takes_an_id_no_scene_of_its_dataset_holds(plugin, qgis_canvas, tmp_path):  # noqa: F811
    """Finding 1, the other way round: own scene 1 sits in custom_fall, so the next drawn ROI (id 0 or 1
    by the ROI layer alone) would download onto a number a scene of its dataset holds, and clash."""
    from helpers import scene_pair

    from sen12_plugin.core import pipeline
    from sen12_plugin.core.plan import Choices

    dock = plugin.dock
    work = tmp_path / "work"
    write_scenes(work, (0,), size=120, seed=None, season="summer")  # custom_summer ROI 0, downloaded
    (tmp_path / "mine").mkdir()
    s1, s2, _s1, _s2 = scene_pair(tmp_path / "mine", 128, 128)
    jobs, refused = pipeline.plan_jobs([(str(s1), str(s2), Choices(season="fall", scene=1, patch_size=64, stride=64,
                                                                   thresholds=None))], work / "patches")
    assert not refused
    pipeline.extract_scenes(jobs, work / "patches")  # an own scene: custom_fall scene 1
    draw_rectangle(dock, qgis_canvas)
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    assert [f["id"] for f in layer.getFeatures()] == [2]  # free in every season of custom
    dock.extract.dataset_name.setText("alps")  # another dataset: only the layer's own ids count
    draw_rectangle(dock, qgis_canvas)
    assert sorted(f["id"] for f in layer.getFeatures()) == [2, 3]
