"""The dock as an analyst meets it (issue 23): one test per numbered finding of the walk-through.

Each test clicks through the real dock in pytest-qgis and fails on the code the walk-through met.
"""

import tempfile
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QEvent
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


def draw_rectangle(dock, canvas, crs=WGS84, extent=(11.0, 48.0, 11.4, 48.3), corners=((100, 100), (300, 250))):
    canvas.setDestinationCrs(crs)
    canvas.resize(600, 600)
    canvas.setExtent(QgsRectangle(*extent))
    tool = dock.rois.rect_tool
    dock.rois.use_tool(tool)
    (x0, y0), (x1, y1) = corners
    tool.canvasPressEvent(mouse(canvas, QEvent.Type.MouseButtonPress, x0, y0))
    tool.canvasMoveEvent(mouse(canvas, QEvent.Type.MouseMove, x1, y1))
    tool.canvasReleaseEvent(mouse(canvas, QEvent.Type.MouseButtonRelease, x1, y1))


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
