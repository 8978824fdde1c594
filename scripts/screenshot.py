"""Run inside QGIS desktop (qgis --code): the plugin's dock over the demo's ROIs and scenes; PNGs.

Started by ``make screenshots`` under xvfb-run in a throw-away profile with the plugin enabled.
"""

import os
from pathlib import Path

import qgis.utils
from qgis.core import QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QLineEdit
from qgis.utils import iface

ROOT = Path(os.environ["SEN12_ROOT"])
DEMO = ROOT / "build" / "demo"
OUT = ROOT / "docs"
project = QgsProject.instance()
window = iface.mainWindow()
window.resize(1500, 900)

world = QgsVectorLayer("/usr/share/qgis/resources/data/world_map.gpkg|layername=countries", "Countries", "ogr")
project.addMapLayer(world)
rois = QgsVectorLayer(str(DEMO / "rois.gpkg"), "SEN1-2 ROIs (seeds 1158, 1868, 1970, 2017)", "ogr")
symbol = rois.renderer().symbol()
symbol.setColor(symbol.color().fromRgb(220, 60, 40))
symbol.symbolLayer(0).setStrokeColor(symbol.color().fromRgb(220, 60, 40))
symbol.symbolLayer(0).setStrokeWidth(0.8)
project.addMapLayer(rois)

browser = window.findChild(QDockWidget, "Browser")
if browser is not None:
    browser.hide()
toolbox = window.findChild(QDockWidget, "ProcessingToolbox")
if toolbox is not None:
    toolbox.show()
    for edit in toolbox.findChildren(QLineEdit):
        edit.setText("sen12")
        break

plugin = qgis.utils.plugins["sen12_plugin"]
plugin.actions[0].setChecked(True)  # the toolbar button opens the dock
dock = plugin.dock
dock.folder.setFilePath(str(DEMO / "scenes"))


def shot_world():
    iface.mapCanvas().setExtent(QgsRectangle(-180, -60, 180, 85))
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(3000, save_world)


def save_world():
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "screenshot_rois.png"))
    if toolbox is not None:
        toolbox.hide()
    dock.load_scenes()  # as a user would: the dock's "Load scenes from folder"
    index = QgsVectorLayer(str(DEMO / "dataset" / "patch_index.gpkg") + "|layername=patches", "Patch index", "ogr")
    sym = index.renderer().symbol()
    sym.setColor(sym.color().fromRgb(0, 0, 0, 0))
    sym.symbolLayer(0).setStrokeColor(sym.color().fromRgb(255, 230, 0))
    sym.symbolLayer(0).setStrokeWidth(0.6)
    project.addMapLayer(index, False)
    project.layerTreeRoot().insertLayer(0, index)
    layer = next(lyr for lyr in project.mapLayers().values() if lyr.name() == "S2 ROI 0 summer")
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    extent = layer.extent()
    extent.grow(extent.width() * 0.15)
    canvas.setExtent(extent)
    canvas.refreshAllLayers()
    QTimer.singleShot(3000, save_scene)


def save_scene():
    window.grab().save(str(OUT / "screenshot_dock.png"))
    from qgis.gui import QgsCollapsibleGroupBox

    for box in dock.findChildren(QgsCollapsibleGroupBox)[:4]:
        box.setCollapsed(True)  # show the extract and review sections
    index = project.mapLayersByName("Patch index")[0]
    dock.review_layer.setLayer(index)
    dock.start_review()  # as the analyst would; then R (reject) on the first flagged patch
    QTimer.singleShot(2500, save_review)


def save_review():
    window.grab().save(str(OUT / "screenshot_review.png"))
    dock.stop_review()
    QApplication.instance().exit(0)


QTimer.singleShot(4000, shot_world)
