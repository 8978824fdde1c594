"""Run inside QGIS desktop (qgis --code): the plugin's dock over the demo's ROIs and scenes, the
pairing table for the analyst's own scenes, review mode; PNGs (the label screenshots:
``screenshot_labels.py``).

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
dock.folder.setFilePath(str(DEMO))
BIGEARTHNET = DEMO / "downloads" / "BigEarthNet"
FIRST_S2 = "S2A_MSIL2A_20170613T101031_87_48"


def shot_world():
    iface.mapCanvas().setExtent(QgsRectangle(-180, -60, 180, 85))
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(3000, save_world)


def save_world():
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "screenshot_rois.png"))
    if toolbox is not None:
        toolbox.hide()
    add_own_scenes()
    index = QgsVectorLayer(str(DEMO / "dataset" / "patch_index.gpkg") + "|layername=patches", "Patch index", "ogr")
    sym = index.renderer().symbol()
    sym.setColor(sym.color().fromRgb(0, 0, 0, 0))
    sym.symbolLayer(0).setStrokeColor(sym.color().fromRgb(255, 230, 0))
    sym.symbolLayer(0).setStrokeWidth(0.6)
    project.addMapLayer(index, False)
    project.layerTreeRoot().insertLayer(0, index)
    layer = project.mapLayersByName(FIRST_S2)[0]
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(layer.crs())
    extent = layer.extent()
    extent.grow(extent.width() * 0.15)
    canvas.setExtent(extent)
    canvas.refreshAllLayers()
    QTimer.singleShot(3000, save_scene)


def add_own_scenes():
    """As an analyst with BigEarthNet on disk: the S2 band folders through the dock's own-scenes
    buttons, the S1 VV GeoTIFFs (and one VH) opened as plain layers."""
    from qgis.core import QgsRasterLayer

    from sen12_plugin.gui import own_scenes

    s1_files = sorted((BIGEARTHNET / "BigEarthNet-S1-Example").glob("*/*_VV.tif"))
    s1_files.append(next(s1_files[0].parent.glob("*_VH.tif")))
    for path in s1_files:
        project.addMapLayer(QgsRasterLayer(str(path), path.stem, "gdal"))
    folders = sorted(p for p in (BIGEARTHNET / "BigEarthNet-S2-Example").iterdir() if p.is_dir())
    own_scenes.add_own_scenes(dock, [str(p) for p in folders])
    for node in project.layerTreeRoot().findLayers():
        node.setExpanded(False)
    for section in (dock.season, dock.earthengine):
        section.setCollapsed(True)  # show the own-scenes buttons and the extract section


def save_scene():
    window.grab().save(str(OUT / "screenshot_dock.png"))
    from sen12_plugin.gui.pairing import PairingDialog, visible_layer_scenes

    dialog = PairingDialog(visible_layer_scenes(project), dock.extract.dataset_name.text() or None, window)
    dialog.resize(1300, 600)
    dialog.show()  # what "Extract from visible scene pairs" shows before it runs
    QTimer.singleShot(1500, lambda: save_pairing(dialog))


def save_pairing(dialog):
    dialog.grab().save(str(OUT / "screenshot_pairing.png"))
    dialog.close()
    dialog.deleteLater()
    for section in (dock.rois, dock.season, dock.earthengine, dock.scenes):
        section.setCollapsed(True)  # show the extract and review sections
    index = project.mapLayersByName("Patch index")[0]
    dock.review.review_layer.setLayer(index)
    dock.review.start_review()  # as the analyst would; then R (reject) on the first flagged patch
    QTimer.singleShot(2500, save_review)


def save_review():
    window.grab().save(str(OUT / "screenshot_review.png"))
    dock.review.stop_review()
    project.clear()  # QGIS 3.22 can crash tearing down a tree with an active layer at exit
    QApplication.instance().exit(0)


QTimer.singleShot(4000, shot_world)
