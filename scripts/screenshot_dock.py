"""Run inside QGIS desktop (qgis --code): the dock as an analyst meets it (issue 23); PNGs in docs/.

Started by ``make screenshots-dock`` under xvfb-run in a throw-away profile with the plugin
enabled (SEN12_LOCALE=de_DE in that profile for the German dock). The Earth Engine answering is
the project's fake (tests/fake_earthengine) on 127.0.0.1 with the download benchmark's latency
model, so a download runs long enough to be seen running.
"""

import os
import sys
import tempfile
from pathlib import Path

import qgis.utils
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QEvent, QPoint, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QPushButton
from qgis.utils import iface

ROOT = Path(os.environ["SEN12_ROOT"])
OUT = Path(os.environ.get("SEN12_SHOTS", ROOT / "docs"))
GERMAN = os.environ.get("SEN12_LOCALE", "").startswith("de")
sys.path.insert(0, str(ROOT / "tests"))

from fake_earthengine.server import FakeEarthEngine  # noqa: E402

from sen12_plugin.core import rois  # noqa: E402
from sen12_plugin.gui import roi_layer  # noqa: E402

project = QgsProject.instance()
window = iface.mainWindow()
window.resize(1500, 900)
for name in ("Browser", "ProcessingToolbox"):
    panel = window.findChild(QDockWidget, name)
    if panel is not None:
        panel.hide()
work = Path(tempfile.mkdtemp(prefix="sen12-dock-shot-"))
fake = FakeEarthEngine().start()
fake.synthetic = True
fake.latency = (2.0, 1.0)
key = fake.service_account_key(work / "service-account.json")
os.environ["SEN12_EE_URL"] = fake.url
plugin = qgis.utils.plugins["sen12_plugin"]
plugin.actions[0].setChecked(True)
dock = plugin.dock
dock.folder.setFilePath(str(work / "project"))
dock.earthengine.project_edit.setText("test-project")
dock.earthengine.key_file.setFilePath(str(key))
canvas = iface.mapCanvas()


def grab(name):
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / name))


def shot_german():
    for section in (dock.season, dock.scenes, dock.review):
        section.setCollapsed(True)
    canvas.setExtent(QgsRectangle(5, 44, 15, 50))
    QTimer.singleShot(2000, lambda: (grab("screenshot_dock_de.png"), QApplication.instance().exit(0)))


def shot_drawn_roi():
    """A rectangle drawn on a web-mercator map: the dashed outline as drawn, the ROI its UTM box."""
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    dock.earthengine.sign_in()  # signed in, the base map adds the fake's Sentinel-2 mosaic tiles
    QTimer.singleShot(3000, base_map)


def base_map():
    canvas.setExtent(QgsRectangle(1_250_000, 6_110_000, 1_320_000, 6_160_000))
    dock.rois.add_base_map()
    QTimer.singleShot(3000, draw)


def mouse(kind, point):
    pixel = canvas.getCoordinateTransform().transform(point)
    return QgsMapMouseEvent(canvas, kind, QPoint(round(pixel.x()), round(pixel.y())), Qt.MouseButton.LeftButton,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def draw():
    tool = dock.rois.rect_tool
    dock.rois.use_tool(tool)
    a, b = QgsPointXY(1_265_000, 6_150_000), QgsPointXY(1_300_000, 6_122_000)
    tool.canvasPressEvent(mouse(QEvent.Type.MouseButtonPress, a))
    tool.canvasMoveEvent(mouse(QEvent.Type.MouseMove, b))
    tool.canvasReleaseEvent(mouse(QEvent.Type.MouseButtonRelease, b))
    canvas.setExtent(QgsRectangle(1_250_000, 6_110_000, 1_320_000, 6_160_000))
    canvas.refreshAllLayers()
    QTimer.singleShot(3000, lambda: (grab("screenshot_drawn_roi.png"), shot_download()))


def shot_download():
    """A download running: the task in the dock with its progress bar, Download reads Cancel."""
    layer = dock.roi_layer()
    roi_layer.add_rois(layer, [rois.square_roi(100 + i, 8.0 + 1.2 * i, 46.5, seed=None, kind="drawn")
                               for i in range(3)])
    for name, check in dock.season.season_checks.items():
        check.setChecked(name == "summer")
    for section in (dock.rois, dock.season, dock.scenes, dock.extract, dock.review):
        section.setCollapsed(True)
    dock.earthengine.confirm_big_job = lambda sentence: True  # the analyst says Yes to the count
    dock.earthengine.findChild(QPushButton, "download").click()
    QTimer.singleShot(9000, lambda: (grab("screenshot_dock_download.png"), cancel()))


def cancel():
    task = dock.running[0] if dock.running else None
    if task is not None:
        dock.cancel_task(task)
    QTimer.singleShot(500, wait_then_exit)


def wait_then_exit():
    if QgsApplication.taskManager().countActiveTasks():
        QTimer.singleShot(500, wait_then_exit)
        return
    fake.stop()
    project.clear()
    QApplication.instance().exit(0)


QTimer.singleShot(4000, shot_german if GERMAN else shot_drawn_roi)
