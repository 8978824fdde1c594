"""Run inside QGIS desktop (qgis --code): load the demo's outputs, open the toolbox, save PNGs.

Started by ``make screenshots`` under xvfb-run in a throw-away profile with the plugin enabled.
"""

import os
from pathlib import Path

from qgis.core import QgsProject, QgsRasterLayer, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
from qgis.utils import iface

ROOT = Path(os.environ["SEN12_ROOT"])
DEMO = ROOT / "build" / "demo"
OUT = ROOT / "docs"
project = QgsProject.instance()
window = iface.mainWindow()
window.resize(1400, 850)

rois = QgsVectorLayer(str(DEMO / "rois.gpkg"), "SEN1-2 ROIs (sampled)", "ogr")
rois.renderer().symbol().setColor(rois.renderer().symbol().color().fromRgb(220, 60, 40))
rois.renderer().symbol().symbolLayer(0).setStrokeColor(rois.renderer().symbol().color().fromRgb(220, 60, 40))
rois.renderer().symbol().symbolLayer(0).setStrokeWidth(0.8)
world = QgsVectorLayer("/usr/share/qgis/resources/data/world_map.gpkg|layername=countries", "Countries", "ogr")
project.addMapLayer(world)
project.addMapLayer(rois)

toolbox = window.findChild(QDockWidget, "ProcessingToolbox")
if toolbox is not None:
    toolbox.show()
    toolbox.raise_()
    from qgis.PyQt.QtWidgets import QLineEdit

    for edit in toolbox.findChildren(QLineEdit):
        edit.setText("sen12")
        break


def shot_world():
    iface.mapCanvas().setExtent(QgsRectangle(-180, -60, 180, 85))
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(3000, save_world)


def save_world():
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "screenshot_rois.png"))
    scene = next((DEMO / "scenes").glob("S2A_MSIL2A_20170613T101031_87_48_B4B3B2.tif"))
    s2 = QgsRasterLayer(str(scene), "S2 scene 0 (B4 B3 B2)")
    index = QgsVectorLayer(str(DEMO / "dataset" / "patch_index.gpkg") + "|layername=patches",
                           "Patch index", "ogr")
    symbol = index.renderer().symbol()
    symbol.setColor(symbol.color().fromRgb(0, 0, 0, 0))
    symbol.symbolLayer(0).setStrokeColor(symbol.color().fromRgb(255, 230, 0))
    symbol.symbolLayer(0).setStrokeWidth(0.6)
    project.addMapLayer(s2)
    project.addMapLayer(index)
    rois.setOpacity(0.0)
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(s2.crs())
    extent = s2.extent()
    extent.grow(extent.width() * 0.1)
    canvas.setExtent(extent)
    canvas.refreshAllLayers()
    QTimer.singleShot(3000, save_scene)


def save_scene():
    window.grab().save(str(OUT / "screenshot_patches.png"))
    QApplication.instance().exit(0)


QTimer.singleShot(4000, shot_world)
