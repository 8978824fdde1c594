"""The plugin's layers: every one inside the plugin's group, in a fixed order from the top: the
patch index (status-coloured outlines, so the imagery under it stays visible), the ROIs, then
the scenes (a group per ROI and season: S1 grey -25..0 dB, S2 RGB with the recipe's stretch, the
scene's labels in their class map's colours), the analyst's own scenes and previews.

Layers carry their role as custom properties (sensor, ROI, season, seed, dataset), so the
extractor can find the pairs whose layers are visible.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsContrastEnhancement,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsMultiBandColorRenderer,
    QgsPalettedRasterRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
)
from qgis.PyQt.QtGui import QColor

from ..core import recipe
from ..core.label_patches import scene_label_raster
from ..core.labels import class_map_path, read_class_map
from ..core.scene_files import SceneKey
from ..translation import tr

ROOT_GROUP = "SEN1-2"
PROP = "sen12/"
ROLE = PROP + "role"  # "patch_index", "rois"; scenes carry "sensor"
LABEL_SENSOR = "lc"  # the "sensor" property of a scene's label layer
RANKS = {"patch_index": 0, "rois": 1}  # from the top of the plugin's group; everything else below


def style_s1(layer: QgsRasterLayer) -> None:
    renderer = QgsSingleBandGrayRenderer(layer.dataProvider(), 1)
    ce = QgsContrastEnhancement(layer.dataProvider().dataType(1))
    ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
    ce.setMinimumValue(recipe.S1_DB_RANGE[0])
    ce.setMaximumValue(recipe.S1_DB_RANGE[1])
    renderer.setContrastEnhancement(ce)
    layer.setRenderer(renderer)


def style_s2(layer: QgsRasterLayer) -> None:
    """B4 B3 B2 as RGB, each band stretched 2-98 % within 0..10000, as the extractor does."""
    provider = layer.dataProvider()
    renderer = QgsMultiBandColorRenderer(provider, 1, 2, 3)
    lo_q, hi_q = (q / 100 for q in recipe.STRETCH_PERCENTILES)
    for band, setter in ((1, renderer.setRedContrastEnhancement), (2, renderer.setGreenContrastEnhancement),
                         (3, renderer.setBlueContrastEnhancement)):
        low, high = provider.cumulativeCut(band, lo_q, hi_q, layer.extent(), 250000)
        low, high = max(low, recipe.S2_DN_RANGE[0]), min(high, recipe.S2_DN_RANGE[1])
        ce = QgsContrastEnhancement(provider.dataType(band))
        ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
        ce.setMinimumValue(low)
        ce.setMaximumValue(high if high > low else low + 1)
        setter(ce)
    layer.setRenderer(renderer)


def style_labels(layer: QgsRasterLayer, classes) -> None:
    """Class ids in their class map's colours and names (a paletted renderer); unlabeled 0 stays clear."""
    items = [QgsPalettedRasterRenderer.Class(c.id, QColor(c.colour), f"{c.id} {c.name}") for c in classes]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, items))


def plugin_group(project: QgsProject) -> QgsLayerTreeGroup:
    """The plugin's group, on top of the layer tree (created the first time)."""
    root = project.layerTreeRoot()
    return root.findGroup(ROOT_GROUP) or root.insertGroup(0, ROOT_GROUP)


def _rank(node) -> int:
    layer = node.layer() if isinstance(node, QgsLayerTreeLayer) else None
    return RANKS.get(layer.customProperty(ROLE) if layer is not None else None, len(RANKS))


def add_to_plugin_group(project: QgsProject, layer, role: str | None = None) -> None:
    """Add ``layer`` to the project inside the plugin's group, at its rank: the patch index on
    top, then the ROIs, then the rest (newest first), so neither hides under the scenes."""
    if role is not None:
        layer.setCustomProperty(ROLE, role)
    project.addMapLayer(layer, False)
    group = plugin_group(project)
    rank = RANKS.get(role, len(RANKS))
    group.insertLayer(sum(1 for child in group.children() if _rank(child) < rank), layer)


def scene_group(project: QgsProject, key: SceneKey) -> QgsLayerTreeGroup:
    top = plugin_group(project)
    name = f"{key.label} · {key.season}"
    found = top.findGroup(name)
    if found is None:  # below the patch index and the ROIs
        found = top.insertGroup(sum(1 for child in top.children() if _rank(child) < len(RANKS)), name)
    return found


def style_patch_index(layer) -> None:
    """Outlines coloured by where each patch stands, no fill: the imagery under review stays visible."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory

    status = ("CASE WHEN \"decision\" = 'reject' THEN 'rejected' WHEN \"decision\" = 'accept' THEN 'accepted' "
              "WHEN \"qc_status\" = 'reject' THEN 'check_rejects' WHEN \"qc_status\" = 'review' THEN 'to_review' "
              "ELSE 'passed' END")
    categories = []
    for value, colour, label in (("to_review", "255,200,0", tr("to review")),
                                 ("check_rejects", "255,120,0", tr("rejected by the checks")),
                                 ("rejected", "230,30,30", tr("rejected by you")),
                                 ("accepted", "40,200,70", tr("accepted by you")),
                                 ("passed", "230,230,230", tr("passed the checks"))):
        symbol = QgsFillSymbol.createSimple({"style": "no", "outline_color": colour, "outline_width": "0.5"})
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer(status, categories))


def loaded_scene(project: QgsProject, path: Path) -> QgsRasterLayer | None:
    """The scene's layer if the plugin already loaded it into the project."""
    return next((layer for layer in project.mapLayers().values()
                 if layer.customProperty(PROP + "path") == str(path)), None)


def add_scene(project: QgsProject, path: Path, sensor: str, key: SceneKey) -> QgsRasterLayer | None:
    """Load one scene into its group (once), styled for its sensor; None if GDAL cannot read it."""
    layer = loaded_scene(project, path)
    if layer is not None:
        return layer
    layer = QgsRasterLayer(str(path), f"{sensor.upper()} ROI {key.scene} {key.season}", "gdal")
    if not layer.isValid():
        return None
    (style_s1 if sensor == "s1" else style_s2)(layer)
    for name, value in (("sensor", sensor), ("roi", key.scene), ("season", key.season),
                        ("dataset", key.dataset), ("seed", "" if key.seed is None else key.seed),
                        ("path", str(path))):
        layer.setCustomProperty(PROP + name, value)
    project.addMapLayer(layer, False)
    group = scene_group(project, key)
    group.insertLayer(0 if sensor == "s2" else len(group.children()), layer)
    return layer


def add_labels(project: QgsProject, path: Path, classes, key: SceneKey, above=None) -> QgsRasterLayer | None:
    """Load a scene's label raster (once), styled by its class map: on top of the scene's group,
    or, with ``above`` (the analyst's own S2 layer, which has no scene group), right above it."""
    for layer in project.mapLayers().values():
        if layer.customProperty(PROP + "path") == str(path):
            style_labels(layer, classes)  # the class map may have grown since
            layer.triggerRepaint()
            return layer
    layer = QgsRasterLayer(str(path), tr("Labels ROI {} {}").format(key.scene, key.season), "gdal")
    if not layer.isValid():
        return None
    style_labels(layer, classes)
    for name, value in (("sensor", LABEL_SENSOR), ("roi", key.scene), ("season", key.season),
                        ("dataset", key.dataset), ("seed", "" if key.seed is None else key.seed),
                        ("path", str(path))):
        layer.setCustomProperty(PROP + name, value)
    project.addMapLayer(layer, False)
    beside = project.layerTreeRoot().findLayer(above.id()) if above is not None else None
    if beside is not None:
        parent = beside.parent()
        parent.insertLayer(parent.children().index(beside), layer)
    else:
        scene_group(project, key).insertLayer(0, layer)
    return layer


def add_extracted_labels(project: QgsProject, result, output_dir, key: SceneKey | None = None,
                         above=None) -> QgsRasterLayer | None:
    """The label an extraction put on a scene's grid (``ExtractResult.label``) as a layer in the
    dataset's class colours (the map holds every scene's classes), tagged with the dataset and
    scene the patch index names (review mode finds it by them); None when it cut no labels.
    ``key``: the scene layers' own key (downloaded scenes); else the result's dataset and scene."""
    if result.label is None:
        return None
    classes = read_class_map(class_map_path(output_dir, result.dataset)) or result.label.classes
    key = key or SceneKey.from_folder(result.dataset, result.scene)
    return add_labels(project, result.label.path, classes, key, above)


def is_label_layer(layer) -> bool:
    """A scene's label raster loaded by the plugin: shown with the scenes, never a scene itself."""
    return layer is not None and layer.customProperty(PROP + "sensor") == LABEL_SENSOR


def add_scene_labels(project: QgsProject, s1_path, key: SceneKey, output_dir=None) -> QgsRasterLayer | None:
    """The scene's labels as a layer, when it has any (fetched with it, or put on its grid by an extraction)."""
    found = scene_label_raster(s1_path, output_dir, key.dataset, key.scene)
    return add_labels(project, found[0], found[1], key) if found else None


def visible_pairs(project: QgsProject) -> tuple[list[tuple[QgsRasterLayer, QgsRasterLayer, SceneKey]], list[str]]:
    """Scene pairs whose S1 and S2 layers are both visible, and why other visible scenes are skipped."""
    found: dict[SceneKey, dict[str, QgsRasterLayer]] = {}
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if not isinstance(node, QgsLayerTreeLayer) or layer is None or not node.isVisible():
            continue
        sensor = layer.customProperty(PROP + "sensor")
        if sensor not in ("s1", "s2"):
            continue
        key = SceneKey.from_folder(str(layer.customProperty(PROP + "dataset")), layer.customProperty(PROP + "roi"))
        found.setdefault(key, {})[sensor] = layer
    pairs, problems = [], []
    for key, layers in sorted(found.items(), key=lambda kv: (kv[0].dataset, kv[0].scene)):
        if {"s1", "s2"} <= set(layers):
            pairs.append((layers["s1"], layers["s2"], key))
        else:
            have = next(iter(layers))
            problems.append(tr("{} {}: only {} is visible; show its {} twin to extract it").format(
                key.label, key.season, have.upper(), "S2" if have == "s1" else "S1"))
    return pairs, problems
