"""Run inside QGIS desktop (qgis --code): the dock's plan and cost before a download; a PNG.

Started by ``make screenshots`` (and ``make screenshot-plan``) under xvfb-run in a throw-away
profile with the plugin enabled. The Earth Engine answering is the project's fake
(tests/fake_earthengine), started here on 127.0.0.1 with the download benchmark's latency model
(2.0 s per request + 1.0 s per megapixel), so the compute figures are the fake's stand-in rate,
not Google's. Six paper-size ROIs (25.6 km) over the Alps, summer 2017: the dock's *Plan
download* runs the first request of each sensor and shows the plan, as before a real download.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QPushButton
from qgis.utils import iface

ROOT = Path(os.environ["SEN12_ROOT"])
OUT = ROOT / "docs"
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
project.addMapLayer(QgsVectorLayer("/usr/share/qgis/resources/data/world_map.gpkg|layername=countries", "Countries", "ogr"))

work = Path(tempfile.mkdtemp(prefix="sen12-plan-shot-"))
fake = FakeEarthEngine().start()
fake.synthetic = True
fake.latency = (2.0, 1.0)
key = fake.service_account_key(work / "service-account.json")
os.environ["SEN12_EE_URL"] = fake.url

plugin = qgis.utils.plugins["sen12_plugin"]
plugin.actions[0].setChecked(True)  # the toolbar button opens the dock
dock = plugin.dock
dock.folder.setFilePath(str(work / "project"))
roi_layer.add_rois(dock.roi_layer(), [rois.square_roi(i, 8.0 + 1.2 * (i % 3), 46.3 + 0.9 * (i // 3), seed=1868)
                                      for i in range(6)])
section = dock.earthengine
section.project_edit.setText("test-project")
section.key_file.setFilePath(str(key))
section.plan_panel.budget.setValue(5.0)
for name, check in dock.season.season_checks.items():
    check.setChecked(name == "summer")
for other in (dock.rois, dock.scenes, dock.extract, dock.review):
    other.setCollapsed(True)
dock.season.setCollapsed(True)
section.setCollapsed(False)
canvas = iface.mapCanvas()
canvas.setExtent(QgsRectangle(6.5, 45.3, 12.5, 48.3))
canvas.refreshAllLayers()


def plan():
    section.findChild(QPushButton, "planDownload").click()
    QTimer.singleShot(500, wait)


def wait():
    if QgsApplication.taskManager().countActiveTasks():
        QTimer.singleShot(300, wait)
        return
    section.plan_panel.label.setMinimumHeight(section.plan_panel.label.sizeHint().height())
    QTimer.singleShot(1500, save)


def save():
    OUT.mkdir(exist_ok=True)
    window.grab().save(str(OUT / "screenshot_plan.png"))
    print(section.plan_panel.label.text(), flush=True)
    fake.stop()
    project.clear()
    shutil.rmtree(work, ignore_errors=True)  # QGIS 3.22 can crash tearing down a tree with an active layer at exit
    QApplication.instance().exit(0)


QTimer.singleShot(3000, plan)
