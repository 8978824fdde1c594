"""The analyst's own layers: which are S1, which S2, how they pair; a small table to check before running.

Every visible raster layer is considered: the plugin's own scene layers by their properties, all
others through ``core.sources.recognise``. The dialog lists the layers (role can be changed) and
the proposed pairs (pair, season, dataset name, scene number, S1 band names and S2 units can be
changed, a pair unticked); layers it cannot use are listed with the reason. Scene numbers come
from ``core.scene_numbers``: the next free one of the pair's dataset on disk, or the scene the
same files made before (it resumes); a number something else holds is refused with a sentence.
The dialog opens as wide as its columns (within the screen) and can be resized.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsLayerTreeLayer,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core import recipe, sources
from ..core.dataset import group_name
from ..core.names import SCENE_RANGE
from ..core.scene_numbers import OwnPair, SceneNumbers
from ..qgis_support import season_label
from ..translation import tr
from .layers import PROP, is_label_layer

ROLES = ("s1", "s2", "")
NAME_CHARS = 24  # of a pair's S1/S2 choice shown: its date and the start of its name (the tooltip holds it all)
MIN_LAST_COLUMN = 160  # px: the reason or match column on a small screen (its tooltip holds it all)
NARROW = {"Dataset name": 110, "Scene": 90, "S1 bands": 90}  # px: short values in line edits and spin boxes
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
    s1_bands: str = ""  # the S1 file's bands in file order as typed ("VH,VV"); "": as the file says
    s2_units: str = ""  # "", "dn" or "reflectance"


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
    """Layers with their role, and the proposed pairs, before the extraction runs.

    ``output``: the folder the patches go to, ``scene_roots``: where downloads are (their ROI ids
    hold scene numbers too); without ``output`` nothing on disk holds a number.
    """

    # the pair table's columns in order (their headers are the translated texts set below)
    COLUMNS = ("Extract", "S1", "S2", "Season", "Dataset name", "Scene", "S1 bands", "S2 units", "Match")
    EXTRACT, S1, S2, SEASON, DATASET, SCENE, S1_BANDS, S2_UNITS, MATCH = range(len(COLUMNS))
    WIDEST_TEXT = 360  # px: longer reasons are cut in the column and whole in their tooltip
    WIDEST_MATCH = 420  # the last column: it takes the width the dialog gains when resized

    def __init__(self, items: list[LayerScene], dataset_name: str | None, parent=None,
                 output: str | Path | None = None, scene_roots=()) -> None:
        super().__init__(parent)
        self.setObjectName("sen12Pairing")
        self.setWindowTitle(tr("SEN1-2: scene pairs to extract"))
        self.setSizeGripEnabled(True)
        self.items = list(items)
        self.dataset_name = dataset_name or recipe.CUSTOM_DATASET_NAME
        self.numbers = SceneNumbers.read(output, scene_roots) if output is not None else SceneNumbers(Path())
        self.edited: set[int] = set()  # rows whose scene number the analyst typed
        self._filling = False
        column = QVBoxLayout(self)
        column.addWidget(QLabel(tr("Visible raster layers (change a role if it was guessed wrong):")))
        self.layer_table = QTableWidget(0, 4)
        self.layer_table.setObjectName("layerTable")
        self.layer_table.setHorizontalHeaderLabels([tr("Layer"), tr("Role"), tr("Date"), tr("Why")])
        column.addWidget(self.layer_table, 2)
        column.addWidget(QLabel(tr("Proposed pairs (by footprint overlap and date):")))
        self.pair_table = QTableWidget(0, len(self.COLUMNS))
        self.pair_table.setObjectName("pairTable")
        self.pair_table.setHorizontalHeaderLabels([tr("Extract"), tr("S1"), tr("S2"), tr("Season"), tr("Dataset name"),
                                                   tr("Scene"), tr("S1 bands"), tr("S2 units"), tr("Match")])
        self.pair_table.horizontalHeaderItem(self.SCENE).setToolTip(tr(
            "The scene number in its dataset: the next free one, or the scene the same files made before "
            "(extracting resumes it)."))
        self.pair_table.horizontalHeaderItem(self.S1_BANDS).setToolTip(tr(
            "The S1 file's bands in file order (e.g. VH,VV) when the file does not name them; empty: as the file says."))
        column.addWidget(self.pair_table, 3)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        column.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        for table in (self.layer_table, self.pair_table):
            table.horizontalHeader().setStretchLastSection(True)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fill_layers()
        self.repair()
        self.fit_to_content()

    def fit_to_content(self) -> None:
        """As wide and tall as both tables' content, within the screen's free area."""
        def needed(table):
            frame = 2 * table.frameWidth()
            width = table.horizontalHeader().length() + table.verticalHeader().width() + frame
            height = table.verticalHeader().length() + table.horizontalHeader().height() + frame
            return width + table.verticalScrollBar().sizeHint().width(), height + table.horizontalScrollBar().sizeHint().height()

        screen = (self.screen() if hasattr(self, "screen") else QApplication.primaryScreen()).availableGeometry()
        margins = self.layout().contentsMargins()
        extra_w = margins.left() + margins.right()
        room = int(screen.width() * 0.95) - extra_w
        for table in (self.layer_table, self.pair_table):  # too wide for the screen: the last column gives way
            excess = needed(table)[0] - room
            last = table.columnCount() - 1
            if excess > 0:
                table.setColumnWidth(last, max(MIN_LAST_COLUMN, table.columnWidth(last) - excess))
                table.setWordWrap(True)  # its text in lines rather than cut
                table.resizeRowsToContents()
        (w1, h1), (w2, h2) = needed(self.layer_table), needed(self.pair_table)
        layout = self.layout()
        layout.setStretchFactor(self.layer_table, h1)  # extra height shared as the rows need it
        layout.setStretchFactor(self.pair_table, h2)
        extra_h = layout.sizeHint().height() - self.layer_table.sizeHint().height() - self.pair_table.sizeHint().height()
        self.resize(min(max(w1, w2) + extra_w, int(screen.width() * 0.95)),
                    min(h1 + h2 + max(extra_h, 0) + 3 * self.fontMetrics().height(), int(screen.height() * 0.9)))

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
        _fit_columns(self.layer_table, self.WIDEST_TEXT)

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
        self._filling = True
        self.edited.clear()
        self.pair_table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            tick = QCheckBox()
            tick.setChecked(True)
            self.pair_table.setCellWidget(row, self.EXTRACT, tick)
            for col, (role, scene) in ((self.S1, ("s1", pair.s1)), (self.S2, ("s2", pair.s2))):
                combo = QComboBox()
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                shown = [_dated(item) for item in by_role[role]]
                combo.setMinimumContentsLength(min(NAME_CHARS, max(len(text) for text in shown)))
                for item, text in zip(by_role[role], shown):
                    combo.addItem(text, item.scene.source)
                    combo.setItemData(combo.count() - 1, item.layer.name(), Qt.ItemDataRole.ToolTipRole)
                combo.setCurrentIndex(next(k for k, i in enumerate(by_role[role]) if i.scene is scene))
                combo.currentIndexChanged.connect(lambda _index: self.renumber())
                self.pair_table.setCellWidget(row, col, combo)
            season = QComboBox()
            season.addItem(UNKNOWN_SEASON, "")
            for name in recipe.SEASON_NAMES:
                season.addItem(season_label(name), name)
            season.setCurrentIndex(max(0, season.findData(pair.season or "")))
            season.currentIndexChanged.connect(lambda _index: self.renumber())
            self.pair_table.setCellWidget(row, self.SEASON, season)
            name = QLineEdit(group_name(pair.seed, self.dataset_name))
            name.setEnabled(pair.seed is None)
            name.textChanged.connect(lambda _text: self.renumber())
            self.pair_table.setCellWidget(row, self.DATASET, name)
            downloaded = self._recorded(pair) is not None
            number = QSpinBox(minimum=SCENE_RANGE[0], maximum=SCENE_RANGE[1], value=pair.scene)
            number.setEnabled(not downloaded)  # a download's number is its ROI id
            number.valueChanged.connect(lambda _value, row=row: self._typed(row))
            self.pair_table.setCellWidget(row, self.SCENE, number)
            bands = QLineEdit()
            known = pair.s1.polarisations
            bands.setPlaceholderText(", ".join(known) if known and all(known) else tr("from the file"))
            bands.setEnabled(not downloaded)
            self.pair_table.setCellWidget(row, self.S1_BANDS, bands)
            units = QComboBox()
            for value, label in (("", tr("from the file")), ("dn", tr("digital numbers")),
                                 ("reflectance", tr("reflectance 0..1"))):
                units.addItem(label, value)
            units.setEnabled(not downloaded)
            self.pair_table.setCellWidget(row, self.S2_UNITS, units)
            self.pair_table.setItem(row, self.MATCH, _cell(pair.note))
        self._filling = False
        self.renumber(first=True)
        _fit_columns(self.pair_table, self.WIDEST_MATCH)
        for col, width in ((self.DATASET, NARROW["Dataset name"]), (self.SCENE, NARROW["Scene"]),
                           (self.S1_BANDS, NARROW["S1 bands"])):
            self.pair_table.setColumnWidth(col, width)
        left = [f"{scene.label}: {reason}" for scene, reason in self.left_out]
        self.not_used = tr("Not used: {}").format("; ".join(left)) if left else ""
        self.problem.setText(self.not_used)

    @staticmethod
    def _recorded(pair) -> int | None:
        """The number a download's record gives the pair (its ROI id), None for the analyst's own files."""
        return next((s.scene for s in (pair.s2, pair.s1) if s.scene is not None), None)

    def _typed(self, row: int) -> None:
        if not self._filling:
            self.edited.add(row)
            self.renumber()

    def _own_pairs(self, typed_everywhere: bool = False) -> list[OwnPair]:
        """The rows as the core's numbering reads them; a number counts as typed where the analyst typed
        it (``typed_everywhere``: every shown number, to check them before the run)."""
        table, rows = self.pair_table, []
        for row, pair in enumerate(self.pairs):
            named = table.cellWidget(row, self.DATASET).text().strip()
            rows.append(OwnPair(table.cellWidget(row, self.S1).currentData(), table.cellWidget(row, self.S2).currentData(),
                                table.cellWidget(row, self.SEASON).currentData() or None, pair.seed,
                                named or None if pair.seed is None else None,
                                table.cellWidget(row, self.SCENE).value() if typed_everywhere or row in self.edited
                                else None, self._recorded(pair)))
        return rows

    def renumber(self, first: bool = False) -> None:
        """Each row's scene number and why, from the core (rows whose number was typed keep it)."""
        if self._filling:
            return
        self._filling = True
        try:
            numbered = self.numbers.number(self._own_pairs())
            if first:  # the same files under another dataset name or season: show that dataset, it resumes
                for row, found in enumerate(numbered):
                    if found.same_as is not None and found.same_as.folder != found.dataset and found.same_as.seed is None:
                        self.pair_table.cellWidget(row, self.DATASET).setText(found.same_as.group)
                        season = self.pair_table.cellWidget(row, self.SEASON)
                        season.setCurrentIndex(max(0, season.findData(found.same_as.season)))
                numbered = self.numbers.number(self._own_pairs())
            for row, (pair, found) in enumerate(zip(self.pairs, numbered)):
                if found.scene is not None and row not in self.edited:
                    self.pair_table.cellWidget(row, self.SCENE).setValue(found.scene)
                note = found.note or (tr("refused, see below the table") if found.problem else
                                      tr("choose a season first") if found.scene is None else "")
                text = tr("scene: {}; {}").format(note, pair.note) if note else pair.note
                self.pair_table.item(row, self.MATCH).setText(text)
                self.pair_table.item(row, self.MATCH).setToolTip(text)
                self.pair_table.cellWidget(row, self.SCENE).setToolTip(note)
            refused = [found.problem for found in numbered if found.problem]
            if refused or not first:  # a typed number refused: said at once, under the table
                self.problem.setText(" ".join(refused) or getattr(self, "not_used", ""))
        finally:
            self._filling = False

    def chosen(self) -> list[ChosenPair]:
        """The ticked pairs as the table shows them now."""
        out, table = [], self.pair_table
        for row, pair in enumerate(self.pairs):
            if not table.cellWidget(row, self.EXTRACT).isChecked():
                continue
            season = table.cellWidget(row, self.SEASON).currentData()
            out.append(ChosenPair(table.cellWidget(row, self.S1).currentData(), table.cellWidget(row, self.S2).currentData(),
                                  season or "", table.cellWidget(row, self.DATASET).text().strip(),
                                  table.cellWidget(row, self.SCENE).value(), pair.seed,
                                  table.cellWidget(row, self.S1_BANDS).text().strip(),
                                  table.cellWidget(row, self.S2_UNITS).currentData() or ""))
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
        ticked = [row for row in range(len(self.pairs)) if self.pair_table.cellWidget(row, self.EXTRACT).isChecked()]
        own = self._own_pairs(typed_everywhere=True)
        problems += [found.problem for found in self.numbers.number([own[row] for row in ticked]) if found.problem]
        return problems

    def label_of(self, source: str) -> str:
        return next((i.layer.name() for i in self.items if i.scene.source == source), source)

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.problem.setText(" ".join(problems))
            return
        super().accept()


def _dated(item: LayerScene) -> str:
    """A layer as a pair's S1/S2 choice shows it: its date first (names put it in their middle)."""
    when = item.scene.acquired
    return f"{when.isoformat()}  {item.layer.name()}" if when else item.layer.name()


def _fit_columns(table: QTableWidget, widest: int) -> None:
    """Columns as wide as their content (text columns at most ``widest`` px; the tooltip holds it all)."""
    table.resizeColumnsToContents()
    for col in range(table.columnCount()):
        if table.cellWidget(0, col) is None and table.columnWidth(col) > widest:
            table.setColumnWidth(col, widest)


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(text)
    return item
