"""The analyst's own layers: which are S1, which S2, how they pair; a small table to check before running.

Every visible raster layer is considered: the plugin's own scene layers by their properties, all
others through ``core.sources.recognise``. The dialog lists the layers (role can be changed) and
the proposed pairs (pair, season and dataset name can be changed, a pair unticked); layers it
cannot use are listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsLayerTreeLayer,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import recipe, sources
from ..core.dataset import group_name
from ..qgis_support import season_label
from ..translation import tr
from .layers import PROP, is_label_layer

ROLES = ("s1", "s2", "")
ROLE_LABELS = {"s1": "S1", "s2": "S2", "": "—"}
UNKNOWN_SEASON = "?"


@dataclass(frozen=True)
class LayerScene:
    layer: QgsRasterLayer
    scene: sources.Scene
    own: bool  # loaded by the analyst, not by the plugin


@dataclass(frozen=True)
class ChosenPair:
    s1: str  # layer sources, as the extractor's resolve_pair takes them
    s2: str
    season: str
    dataset_name: str
    scene: int  # the scene number
    seed: int | None


def _wgs84_bounds(layer: QgsRasterLayer):
    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    box = transform.transformBoundingBox(layer.extent())
    return box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()


def layer_scene(layer) -> LayerScene:
    """One visible layer as a recognised scene (the plugin's own by its properties)."""
    sensor = layer.customProperty(PROP + "sensor")
    if sensor in ("s1", "s2") and not layer.customProperty(PROP + "own"):
        seed = layer.customProperty(PROP + "seed")
        scene = sources.Scene(layer.source(), sensor, tr("scene loaded by this plugin"),
                              season=str(layer.customProperty(PROP + "season")),
                              seed=int(seed) if seed not in ("", None) else None,
                              scene=int(layer.customProperty(PROP + "roi")), bounds=_wgs84_bounds(layer),
                              name=layer.name())
        return LayerScene(layer, scene, False)
    product = layer.customProperty(PROP + "product")
    if product:  # added from a product or band folder: extraction reads the product, not the preview VRT
        return LayerScene(layer, replace(sources.recognise(product), name=layer.name()), True)
    if not isinstance(layer, QgsRasterLayer) or layer.providerType() != "gdal":
        return LayerScene(layer, sources.Scene(layer.source(), None, tr("web tiles or a service, not a file"),
                                               name=layer.name()), False)
    return LayerScene(layer, replace(sources.recognise(layer.source()), name=layer.name()), True)


def visible_layer_scenes(project: QgsProject) -> list[LayerScene]:
    found = []
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if (isinstance(node, QgsLayerTreeLayer) and node.isVisible() and isinstance(layer, QgsRasterLayer)
                and not is_label_layer(layer)):  # a scene's labels ride along with it, they are no scene
            found.append(layer_scene(layer))
    return found


class PairingDialog(QDialog):
    """Layers with their role, and the proposed pairs, before the extraction runs."""

    def __init__(self, items: list[LayerScene], dataset_name: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("sen12Pairing")
        self.setWindowTitle(tr("SEN1-2: scene pairs to extract"))
        self.items = list(items)
        self.dataset_name = dataset_name or recipe.CUSTOM_DATASET_NAME
        column = QVBoxLayout(self)
        column.addWidget(QLabel(tr("Visible raster layers (change a role if it was guessed wrong):")))
        self.layer_table = QTableWidget(0, 4)
        self.layer_table.setObjectName("layerTable")
        self.layer_table.setHorizontalHeaderLabels([tr("Layer"), tr("Role"), tr("Date"), tr("Why")])
        column.addWidget(self.layer_table)
        column.addWidget(QLabel(tr("Proposed pairs (by footprint overlap and date):")))
        self.pair_table = QTableWidget(0, 6)
        self.pair_table.setObjectName("pairTable")
        self.pair_table.setHorizontalHeaderLabels(
            [tr("Extract"), tr("S1"), tr("S2"), tr("Season"), tr("Dataset name"), tr("Match")])
        column.addWidget(self.pair_table)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        column.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self._fill_layers()
        self.repair()
        self.resize(900, 520)

    # ----- layers ------------------------------------------------------------------------
    def _fill_layers(self) -> None:
        self.layer_table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            scene = item.scene
            self.layer_table.setItem(row, 0, _cell(item.layer.name()))
            role = QComboBox()
            role.addItems([ROLE_LABELS[r] for r in ROLES])
            role.setCurrentIndex(ROLES.index(scene.role or ""))
            role.setEnabled(item.own and scene.bounds is not None)
            role.currentIndexChanged.connect(lambda index, row=row: self.set_role(row, ROLES[index]))
            self.layer_table.setCellWidget(row, 1, role)
            self.layer_table.setItem(row, 2, _cell(str(scene.acquired or scene.season or "")))
            self.layer_table.setItem(row, 3, _cell(scene.reason))
        self.layer_table.resizeColumnsToContents()

    def set_role(self, row: int, role: str) -> None:
        item = self.items[row]
        self.items[row] = replace(item, scene=replace(item.scene, role=role or None, reason=tr("set by you")))
        self.layer_table.item(row, 3).setText(tr("set by you"))
        self.repair()

    # ----- pairs -------------------------------------------------------------------------
    def repair(self) -> None:
        """Propose the pairs again from the layers' current roles."""
        scenes = [i.scene for i in self.items]
        self.pairs, self.left_out = sources.pair_scenes(scenes)
        by_role = {r: [i for i in self.items if i.scene.role == r] for r in ("s1", "s2")}
        self.pair_table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            tick = QCheckBox()
            tick.setChecked(True)
            self.pair_table.setCellWidget(row, 0, tick)
            for col, (role, scene) in enumerate((("s1", pair.s1), ("s2", pair.s2)), start=1):
                combo = QComboBox()
                for item in by_role[role]:
                    combo.addItem(item.layer.name(), item.scene.source)
                combo.setCurrentIndex(next(k for k, i in enumerate(by_role[role]) if i.scene is scene))
                self.pair_table.setCellWidget(row, col, combo)
            season = QComboBox()
            season.addItem(UNKNOWN_SEASON, "")
            for name in recipe.SEASON_NAMES:
                season.addItem(season_label(name), name)
            season.setCurrentIndex(max(0, season.findData(pair.season or "")))
            self.pair_table.setCellWidget(row, 3, season)
            self.pair_table.setCellWidget(row, 4, QLineEdit(group_name(pair.seed, self.dataset_name)))
            self.pair_table.cellWidget(row, 4).setEnabled(pair.seed is None)
            self.pair_table.setItem(row, 5, _cell(pair.note))
        self.pair_table.resizeColumnsToContents()
        left = [f"{scene.label}: {reason}" for scene, reason in self.left_out]
        self.problem.setText(tr("Not used: {}").format("; ".join(left)) if left else "")

    def chosen(self) -> list[ChosenPair]:
        """The ticked pairs as the table shows them now."""
        out = []
        for row, pair in enumerate(self.pairs):
            if not self.pair_table.cellWidget(row, 0).isChecked():
                continue
            season = self.pair_table.cellWidget(row, 3).currentData()
            out.append(ChosenPair(self.pair_table.cellWidget(row, 1).currentData(),
                                  self.pair_table.cellWidget(row, 2).currentData(),
                                  season or "",
                                  self.pair_table.cellWidget(row, 4).text().strip(), pair.scene, pair.seed))
        return out

    def problems(self) -> list[str]:
        chosen = self.chosen()
        problems = []
        if not chosen:
            problems.append(tr("Tick at least one pair."))
        for pair in chosen:
            if not pair.season:
                problems.append(tr("Choose a season for the pair with S2 {}: no date is known.").format(
                    self.label_of(pair.s2)))
            if pair.seed is None and not pair.dataset_name:
                problems.append(tr("Give a dataset name for the pair with S2 {}.").format(self.label_of(pair.s2)))
        if len({(p.s1, p.s2) for p in chosen}) < len(chosen) or len({p.s2 for p in chosen}) < len(chosen):
            problems.append(tr("A scene is in two ticked pairs: each S2 scene pairs once."))
        return problems

    def label_of(self, source: str) -> str:
        return next((i.layer.name() for i in self.items if i.scene.source == source), source)

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.problem.setText(" ".join(problems))
            return
        super().accept()


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(text)
    return item
