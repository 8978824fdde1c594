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
