"""Scenes as layers: a group per ROI and season, S1 grey -25..0 dB, S2 RGB with the recipe's stretch.

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
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
)

from ..core import recipe
from ..core.scene_files import SceneKey
from ..translation import tr

ROOT_GROUP = "SEN1-2 scenes"
PROP = "sen12/"


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


def scene_group(project: QgsProject, key: SceneKey) -> QgsLayerTreeGroup:
    root = project.layerTreeRoot()
    top = root.findGroup(ROOT_GROUP) or root.insertGroup(0, ROOT_GROUP)
    name = f"{key.label} · {key.season}"
    return top.findGroup(name) or top.addGroup(name)


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
