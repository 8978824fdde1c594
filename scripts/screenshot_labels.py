"""Run inside QGIS desktop (qgis --code): labels through the dock, as an analyst makes them; two PNGs.

The demo's own BigEarthNet scenes are added as the analyst's own (S2 band folders through the
dock, S1 VV files as plain layers), the demo's traced land-cover layer (WGS84, styled by class) is
chosen as the dock's label layer, and *Extract from visible scene pairs* runs (the pairing table
accepted as proposed). Then:

- ``docs/screenshot_labels.png``: a scene with the label layer the dock loaded right above the
  analyst's S2, styled by the dataset's class map (its classes in the layer tree);
- ``docs/screenshot_review_labels.png``: review mode on one of its patches, S1, S2 and the label
  patch side by side in the dock, and L pressed: the labels on the canvas too.

Started by ``make screenshots`` (and ``make screenshots-labels``) under xvfb-run in a throw-away
profile with the plugin enabled; needs ``make demo`` first (the BigEarthNet samples and the
traced labels). Writes the dock's dataset into ``build/demo/patches``.
"""

import os
import sys
from pathlib import Path

import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget
from qgis.utils import iface

ROOT = Path(os.environ["SEN12_ROOT"])
DEMO = ROOT / "build" / "demo"
OUT = ROOT / "docs"
BIGEARTHNET = DEMO / "downloads" / "BigEarthNet"
SHOWN_S2 = "S2B_MSIL2A_20180204T94161_57_38"  # winter: snow, vegetation and unlabeled land in one scene
sys.path.insert(0, str(ROOT / "scripts"))

from demo import PATCH_SIZE, STRIDE, styled_labels  # noqa: E402

from sen12_plugin.gui import layers, own_scenes  # noqa: E402

project = QgsProject.instance()
window = iface.mainWindow()
window.resize(1500, 900)
for name in ("Browser", "ProcessingToolbox"):
    panel = window.findChild(QDockWidget, name)
    if panel is not None:
        panel.hide()
project.addMapLayer(QgsVectorLayer("/usr/share/qgis/resources/data/world_map.gpkg|layername=countries", "Countries", "ogr"))

plugin = qgis.utils.plugins["sen12_plugin"]
plugin.actions[0].setChecked(True)  # the toolbar button opens the dock
dock = plugin.dock
dock.folder.setFilePath(str(DEMO))
window.resizeDocks([dock], [560], Qt.Orientation.Horizontal)  # the extract section's rows on one line each


def prepare():
    for path in sorted((BIGEARTHNET / "BigEarthNet-S1-Example").glob("*/*_VV.tif")):
        project.addMapLayer(QgsRasterLayer(str(path), path.stem, "gdal"))
    folders = sorted(p for p in (BIGEARTHNET / "BigEarthNet-S2-Example").iterdir() if p.is_dir())
    own_scenes.add_own_scenes(dock, [str(p) for p in folders])
    traced = styled_labels(DEMO / "labels" / "traced_landcover.gpkg")
    project.addMapLayer(traced)
    project.layerTreeRoot().findLayer(traced.id()).setItemVisibilityChecked(False)  # the rasterized labels show it
    section = dock.extract
    section.dataset_name.setText("bigearthnet")
    section.patch_size.setValue(PATCH_SIZE)
    section.stride.setValue(STRIDE)
    section.overwrite.setChecked(True)  # a dataset an earlier run made with other settings is replaced
    section.label_layer.setLayer(traced)
    section.label_field.setField("class")
    section.confirm_pairs = lambda dialog: True  # the pairing table as proposed (screenshot.py shows it)
    for other in (dock.rois, dock.season, dock.earthengine, dock.scenes):
        other.setCollapsed(True)
    section.extract_visible()
    QTimer.singleShot(1000, wait)


def wait():
    if QgsApplication.taskManager().countActiveTasks():
        QTimer.singleShot(300, wait)
        return
    show_scene_labels()
    QTimer.singleShot(3000, save_labels)


def shown_nodes():
    """The shown scene's S2 layer node and the label layer the dock put right above it."""
    s2 = project.layerTreeRoot().findLayer(project.mapLayersByName(SHOWN_S2)[0].id())
    siblings = s2.parent().children()
    above = siblings[siblings.index(s2) - 1]
    assert layers.is_label_layer(above.layer()), "the dock put no label layer above the S2"
    return s2, above


def show_scene_labels():
    s2, label = shown_nodes()
    for node in project.layerTreeRoot().findLayers():
        node.setExpanded(False)
        if isinstance(node.layer(), QgsRasterLayer):
            node.setItemVisibilityChecked(node in (s2, label))
    index = project.mapLayersByName("Patch index")
    if index:
        project.layerTreeRoot().findLayer(index[0].id()).setItemVisibilityChecked(False)
    group = project.layerTreeRoot().findGroup(layers.ROOT_GROUP)
    group.setExpanded(True)
    view = iface.layerTreeView()
    view.setExpanded(view.node2index(group), True)  # the view follows the node only once it is shown
    label.setExpanded(True)  # the paletted renderer's classes as the legend
    view.setExpanded(view.node2index(label), True)
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(label.layer().crs())
    extent = label.layer().extent()
    extent.grow(extent.width() * 0.1)
    canvas.setExtent(extent)
    canvas.refreshAllLayers()


def save_labels():
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "screenshot_labels.png"))
    s2, label = shown_nodes()
    dataset, scene = label.layer().customProperty(layers.PROP + "dataset"), label.layer().customProperty(layers.PROP + "roi")
    index = project.mapLayersByName("Patch index")[0]
    project.layerTreeRoot().findLayer(index.id()).setItemVisibilityChecked(True)
    dock.review.review_layer.setLayer(index)
    dock.review.queue.setCurrentIndex(dock.review.queue.findData("all"))  # every patch, the shown scene's too
    dock.extract.setCollapsed(True)  # the review's thumbnails in view
    iface.messageBar().clearWidgets()
    dock.review.start_review()
    session = dock.review.review_session
    for _step in range(len(session.fids)):  # to a patch of the shown scene, as N would
        feature = session.current()
        if feature["dataset"] == dataset and str(feature["scene"]) == str(scene):
            break
        session.next()
    session.toggle_labels()  # L: the scene's labels on the canvas too
    QTimer.singleShot(2500, save_review_labels)


def save_review_labels():
    window.grab().save(str(OUT / "screenshot_review_labels.png"))
    dock.review.stop_review()
    project.clear()  # QGIS 3.22 can crash tearing down a tree with an active layer at exit
    QApplication.instance().exit(0)


QTimer.singleShot(3000, prepare)
