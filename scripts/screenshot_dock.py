"""Run inside QGIS desktop (qgis --code): the dock as an analyst meets it (issue 23); PNGs in docs/.

Started by ``make screenshots-dock`` under xvfb-run in a throw-away profile with the plugin
enabled (SEN12_LOCALE=de_DE in that profile for the German dock; SEN12_DOCK_SHOT=own for the
analyst's own scenes: the pairing table with its scene numbers, then the publish message). The Earth Engine answering is
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
OWN = os.environ.get("SEN12_DOCK_SHOT") == "own"
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


def when_idle(then, delay=500):
    """``then()`` once no task runs any more."""
    if QgsApplication.taskManager().countActiveTasks():
        QTimer.singleShot(delay, lambda: when_idle(then, delay))
        return
    QTimer.singleShot(delay, then)


def shot_own():
    """A drawn ROI's download (custom_summer ROI 0) extracted, one own pair extracted (scene 1), then
    three own pairs picked as one parent folder: the table shows the pair it resumes, the next free
    number, and a typed number the download holds, refused with its sentence."""
    import json

    import numpy as np
    import rasterio
    from helpers import write_s1
    from rasterio.transform import from_origin
    from sentinel_products import make_safe

    folder = work / "project"
    scenes = folder / "custom_summer" / "scenes"
    scenes.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for sensor, data in (("s1", rng.uniform(-20, -5, (1, 240, 240))), ("s2", rng.normal(1000, 150, (3, 240, 240)))):
        dtype = "float32" if sensor == "s1" else "uint16"
        with rasterio.open(scenes / f"{sensor}_0.tif", "w", driver="GTiff", width=240, height=240, count=len(data),
                           dtype=dtype, crs="EPSG:32632", transform=from_origin(640000, 5200000, 10, 10)) as ds:
            ds.write(data.astype(dtype))
    (scenes / "scene_0.json").write_text(json.dumps({"roi": 0, "seed": None, "season": "summer"}))
    mine = work / "my_scenes"
    for n, (s1_day, s2_day) in enumerate((("20170612", "20170613"), ("20170711", "20170712"), ("20170730", "20170801"))):
        make_safe(mine / "optical", size=240, stamp=f"{s2_day}T101031", seed=n)
        (mine / "radar").mkdir(parents=True, exist_ok=True)
        write_s1(mine / "radar" / f"S1A_IW_GRDH_1SDV_{s1_day}T050000_VV.tif",
                 np.random.default_rng(n).uniform(-20, -3, (240, 240)))
    dock.extract.patch_size.setValue(120)
    dock.extract.stride.setValue(120)
    dock.scenes.load_scenes()
    dock.extract.extract_visible()
    when_idle(lambda: first_own_pair(mine))


def remove_scenes():
    """The scene layers out of the project (the patch index stays, for review and publish)."""
    from qgis.core import QgsRasterLayer

    project.removeMapLayers([lyr.id() for lyr in project.mapLayers().values() if isinstance(lyr, QgsRasterLayer)])


def first_own_pair(mine):
    from sen12_plugin.gui import own_scenes

    remove_scenes()
    safe = sorted((mine / "optical").glob("*.SAFE"))[0]
    own_scenes.add_own_scenes(dock, [str(safe), str(sorted((mine / "radar").glob("*.tif"))[0])])
    dock.extract.confirm_pairs = lambda dialog: True  # the table's proposal as it is: scene 1
    dock.extract.extract_visible()
    when_idle(lambda: pairing_table(mine))


def pairing_table(mine):
    from sen12_plugin.gui import own_scenes
    from sen12_plugin.gui.pairing import PairingDialog, visible_layer_scenes

    remove_scenes()
    iface.messageBar().clearWidgets()
    own_scenes.add_own_scenes(dock, [str(mine)])  # one folder: three products and three S1 files under it
    choice = dock.extract.choice()
    dialog = PairingDialog(visible_layer_scenes(project), choice.dataset_name, window, output=choice.output,
                           scene_roots=[choice.output.parent])
    dialog.show()
    last = dialog.pair_table.rowCount() - 1
    dialog.pair_table.cellWidget(last, dialog.SCENE).setValue(0)  # the analyst types the downloaded ROI's number
    dialog.accept()  # refused, with the sentence under the table
    QTimer.singleShot(2000, lambda: (dialog.grab().save(str(OUT / "screenshot_pairing_numbers.png")),
                                     dialog.close(), publish()))


def publish():
    """The analyst rejected one patch in review; publish says what was kept, moved and split, with
    the button that opens the card (the map on the own scene with the index's outlines)."""
    from helpers import set_decision
    from qgis.core import QgsRasterLayer, QgsVectorLayer

    index = next((lyr for lyr in project.mapLayers().values() if isinstance(lyr, QgsVectorLayer)
                  and lyr.source().split("|")[0].endswith("patch_index.gpkg")), None)
    if index is not None:
        dock.review.review_layer.setLayer(index)
        set_decision(Path(index.source().split("|")[0]).parent, "custom_summer", 1, 2, "reject")
    scene = next((lyr for lyr in project.mapLayers().values() if isinstance(lyr, QgsRasterLayer)
                  and lyr.name().startswith("S2A_MSIL1C_20170613")), None)
    if scene is not None:
        canvas.setDestinationCrs(scene.crs())
        canvas.setExtent(scene.extent().buffered(300))
    for node in project.layerTreeRoot().findLayers():  # S2 in colour under the index's outlines
        if node.layer().name().startswith("S1A_"):
            node.setItemVisibilityChecked(False)
    layers_panel = window.findChild(QDockWidget, "Layers")
    if layers_panel is not None:
        layers_panel.hide()  # the message bar gets the window's width
    window.resize(1700, 900)  # the publish sentence on one line
    dock.review.confirm_automatic_rejects = lambda count: "apply"
    iface.messageBar().clearWidgets()
    for section in (dock.rois, dock.season, dock.earthengine, dock.scenes, dock.extract):
        section.setCollapsed(True)
    dock.review.publish()
    when_idle(lambda: QTimer.singleShot(1500, lambda: (grab("screenshot_publish.png"), wait_then_exit())))


QTimer.singleShot(4000, shot_german if GERMAN else shot_own if OWN else shot_drawn_roi)
