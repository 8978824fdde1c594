"""Review mode: step through patches (or scenes) of the patch index from the keyboard.

N / Right: next, P / Left: previous, A: accept, R: reject, T: toggle S1 / S2, L: the scene's labels
on the canvas. The canvas zooms to the patch footprint, the patch's own files (S1, S2 and its
label patch in the class colours) are shown side by side, and every decision is written into the
index at once (so it survives a restart and the next `apply review` moves the files accordingly).
"""

from __future__ import annotations

from qgis.core import QgsCoordinateTransform, QgsFeatureRequest, QgsProject, QgsVectorLayer, QgsWkbTypes
from qgis.gui import QgsRubberBand
from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QKeySequence

try:  # Qt6 moved QShortcut to QtGui
    from qgis.PyQt.QtGui import QShortcut
except ImportError:
    from qgis.PyQt.QtWidgets import QShortcut

from ..core import vocab
from ..core.index import LAYER, queue_of_rows, review_queue
from ..qgis_support import plain
from ..translation import tr
from .layers import LABEL_SENSOR, PROP

KEYS = (("N", "next"), ("Right", "next"), ("P", "previous"), ("Left", "previous"),
        ("A", "accept"), ("R", "reject"), ("T", "toggle"), ("L", "toggle_labels"))


def _queue(layer: QgsVectorLayer, only_flagged: bool, reason: str | None = None) -> list[int]:
    """Feature ids in review order: in SQL when the layer is a whole patch index (fast at 282k
    rows), else by reading every feature (a filtered or converted layer). ``reason``: only the
    patches flagged for it (``core.quality.REASONS``), as ``core.index.review_queue``."""
    parts = layer.dataProvider().dataSourceUri().split("|")
    whole_index = f"layername={LAYER}" in parts[1:] and not layer.subsetString()
    if layer.providerType() == "ogr" and parts[0].lower().endswith(".gpkg") and whole_index:
        return review_queue(parts[0], only_flagged, reason)
    has_flags = "qc_flags" in layer.fields().names()
    rows = [{"fid": f.id(), "dataset": f["dataset"], "scene": f["scene"], "patch": f["patch"],
             "qc_status": plain(f["qc_status"]), "decision": plain(f["decision"]),
             "qc_flags": plain(f["qc_flags"]) if has_flags else ""} for f in layer.getFeatures()]
    return queue_of_rows(rows, only_flagged, reason)


class ReviewSession(QObject):
    """One pass over an index layer; ``only_flagged`` visits patches the checks did not pass first."""

    changed = pyqtSignal(str)  # a line describing the current patch
    patch_shown = pyqtSignal(object)  # the current patch's index row (dict): its S1, S2 and label paths

    def __init__(self, iface, layer: QgsVectorLayer, only_flagged: bool = True, reason: str | None = None) -> None:
        super().__init__()
        self.iface, self.layer = iface, layer
        fields = layer.fields().names()
        if "decision" not in fields or "qc_status" not in fields:
            raise ValueError(tr("{} is not a patch index (no qc_status / decision fields).").format(layer.name()))
        self.fids = _queue(layer, only_flagged, reason)
        self.position = 0
        self.decision_index = fields.index("decision")
        self.shortcuts: list[QShortcut] = []
        self.showing_s1 = False
        self.showing_labels = False
        self.visibility_before: dict[str, bool] = {}  # layer id -> shown before the review touched it
        # An outline, not a selection: the selection's fill would hide the patch under review.
        self.outline = QgsRubberBand(iface.mapCanvas(), QgsWkbTypes.GeometryType.PolygonGeometry)
        self.outline.setColor(QColor(0, 0, 0, 0))
        self.outline.setFillColor(QColor(0, 0, 0, 0))
        self.outline.setStrokeColor(QColor(255, 40, 40))
        self.outline.setWidth(3)

    def start(self) -> None:
        window = self.iface.mainWindow()
        for key, action in KEYS:
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(getattr(self, action))
            self.shortcuts.append(shortcut)
        self.show()

    def stop(self) -> None:
        """The keys are released and every layer the review showed or hid is as it was before."""
        self.outline.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.shortcuts = []
        root = QgsProject.instance().layerTreeRoot()
        for layer_id, visible in self.visibility_before.items():
            node = root.findLayer(layer_id)
            if node is not None:
                node.setItemVisibilityChecked(visible)
        self.visibility_before = {}

    def current(self):
        if not self.fids:
            return None
        return next(self.layer.getFeatures(QgsFeatureRequest(self.fids[self.position])), None)

    def show(self) -> None:
        feature = self.current()
        if feature is None:
            self.changed.emit(tr("Nothing to review."))
            return
        canvas = self.iface.mapCanvas()
        scene_layers = self._scene_layers(feature)
        if scene_layers:  # north-up in the scene's own UTM zone
            canvas.setDestinationCrs(next(iter(scene_layers.values())).crs())
        transform = QgsCoordinateTransform(self.layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        box = transform.transformBoundingBox(feature.geometry().boundingBox())
        box.grow(max(box.width(), box.height()) * 0.25)
        canvas.setExtent(box)
        self.outline.setToGeometry(feature.geometry(), self.layer)
        canvas.refresh()
        self._show_sensor()
        names = self.layer.fields().names()
        self.patch_shown.emit({name: plain(feature[name]) for name in ("dataset", "scene", "patch", "s1_path",
                                                                       "s2_path", "lc_path") if name in names})
        self.changed.emit(tr("{}/{}: {} scene {} p{} - {} {}{}").format(
            self.position + 1, len(self.fids), feature["dataset"], feature["scene"], feature["patch"],
            feature["qc_status"], feature["qc_reasons"] or "",
            tr(" - decided: {}").format(feature["decision"]) if feature["decision"] else ""))

    def _scene_layers(self, feature):
        found = {}
        for layer in QgsProject.instance().mapLayers().values():
            if (layer.customProperty(PROP + "dataset") == feature["dataset"]
                    and str(layer.customProperty(PROP + "roi")) == str(feature["scene"])):
                found[layer.customProperty(PROP + "sensor")] = layer
        return found

    def _show_sensor(self) -> None:
        feature = self.current()
        layers = self._scene_layers(feature) if feature else {}
        root = QgsProject.instance().layerTreeRoot()
        images = [sensor for sensor in layers if sensor != LABEL_SENSOR]
        for sensor, layer in layers.items():
            node = root.findLayer(layer.id())
            if node is None:
                continue
            self.visibility_before.setdefault(layer.id(), node.itemVisibilityChecked())
            if sensor == LABEL_SENSOR:
                node.setItemVisibilityChecked(self.showing_labels)
            else:
                node.setItemVisibilityChecked(sensor == ("s1" if self.showing_s1 else "s2") or len(images) == 1)

    def next(self) -> None:
        if self.fids:
            self.position = min(self.position + 1, len(self.fids) - 1)
            self.show()

    def previous(self) -> None:
        if self.fids:
            self.position = max(self.position - 1, 0)
            self.show()

    def toggle(self) -> None:
        self.showing_s1 = not self.showing_s1
        self._show_sensor()

    def toggle_labels(self) -> None:
        self.showing_labels = not self.showing_labels
        self._show_sensor()

    def decide(self, decision: str) -> None:
        feature = self.current()
        if feature is None:
            return
        decision = vocab.decision(decision)  # only the vocabulary's words reach the index
        # Straight to the GeoPackage: the decision is on disk before the next key press.
        if not self.layer.dataProvider().changeAttributeValues({feature.id(): {self.decision_index: decision}}):
            raise OSError(tr("Cannot write the decision into {}.").format(self.layer.source()))
        self.layer.triggerRepaint()
        self.next() if self.position < len(self.fids) - 1 else self.show()

    def accept(self) -> None:
        self.decide("accept")

    def reject(self) -> None:
        self.decide("reject")
