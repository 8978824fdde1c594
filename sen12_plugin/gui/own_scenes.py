"""The dock's side of the analyst's own scenes: add files and products as layers, extract the pairs
the pairing table confirms, and a base map to draw ROIs on.

Shared by the scenes, extract and ROI sections (``gui/sections``); recognising and resolving files
lives in ``core.sources``, extraction in ``core.pipeline``.
"""

from __future__ import annotations

import math

from qgis.core import Qgis, QgsCoordinateTransform, QgsProject, QgsRasterLayer

from ..core import pipeline, recipe, sources
from ..core.errors import InputError
from ..qgis_support import WGS84, xyz_layer
from ..translation import plural, tr
from . import layers
from .layers import PROP
from .pairing import PairingDialog, visible_layer_scenes

OSM_NAME = "OpenStreetMap"
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"  # QGIS' own default XYZ connection


def has_own_layers(project: QgsProject) -> bool:
    """A visible file-based raster the plugin did not load itself: it needs the pairing table."""
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        if (node.isVisible() and isinstance(layer, QgsRasterLayer) and layer.providerType() == "gdal"
                and not layers.is_label_layer(layer)
                and (layer.customProperty(PROP + "sensor") not in ("s1", "s2") or layer.customProperty(PROP + "own"))):
            return True
    return False


def add_own_scenes(dock, paths: list[str]) -> list[QgsRasterLayer]:
    """Each scene among the picked files and folders (``sources.gather``: a parent folder is searched
    for products, band folders and rasters) as a styled layer; the rest refused with the reason."""
    added, refused = [], []
    try:
        output = dock.output_folder() / "patches"
    except InputError as exc:
        dock.error(str(exc))
        return []
    for scene in sources.gather(paths):
        try:
            raster, _notes = sources.extraction_input(scene, output)
        except InputError as exc:
            refused.append(str(exc).rstrip("."))
            continue
        layer = QgsRasterLayer(raster, scene.label, "gdal")
        if not layer.isValid():
            refused.append(tr("{}: QGIS cannot show it").format(scene.label))
            continue
        if scene.kind != "raster":  # the VRT shows B4 B3 B2; extraction reads the product itself
            layer.setCustomProperty(PROP + "product", scene.source)
        (layers.style_s1 if scene.role == "s1" else layers.style_s2)(layer)
        layers.add_to_plugin_group(QgsProject.instance(), layer)
        added.append(layer)
    text = plural(len(added), tr("{} scene added"), tr("{} scenes added"))
    if added:
        text = tr("{}: {}").format(text, ", ".join(lyr.name() for lyr in added))
    if refused:
        dock.report(tr("{}; {}:").format(text, plural(len(refused), tr("{} not added"), tr("{} not added"))),
                    Qgis.MessageLevel.Warning if added else Qgis.MessageLevel.Critical, refused)
    else:
        dock.report(text + ".", Qgis.MessageLevel.Success)
    return added


def extract_own(dock, choice, confirm_pairs) -> None:
    """Pairs from every visible raster layer, confirmed in the table (``confirm_pairs(dialog)``),
    then extracted in the background with the extract section's ``choice``."""
    dialog = PairingDialog(visible_layer_scenes(QgsProject.instance()), choice.dataset_name, dock,
                           output=choice.output, scene_roots=[choice.output.parent])  # the working folder: its downloads hold numbers too
    if not dialog.pairs:
        dock.error(tr("No S1/S2 pair among the visible layers. {}").format(dialog.problem.text()))
        return
    if not confirm_pairs(dialog):
        return
    chosen = dialog.chosen()
    layer_ids = {item.scene.source: item.layer.id() for item in dialog.items}
    output = choice.output
    pair_of_job = {}

    def make_jobs():  # the table's columns onto the plan's choices; the plan decides
        given = [(pair.s1, pair.s2, choice.plan_choices(season=pair.season or None, seed=pair.seed, scene=pair.scene,
                                                        dataset_name=pair.dataset_name or None,
                                                        s1_bands=pair.s1_bands or None, s2_units=pair.s2_units))
                 for pair in chosen]
        jobs, refused = pipeline.plan_jobs(given, output, choice.labels)
        by_source = {(pair.s1, pair.s2): pair for pair in chosen}
        for job in jobs:
            pair_of_job[id(job)] = by_source[(job.plan.s1_source, job.plan.s2_source)]
        return jobs, [(dialog.label_of(s2), why) for s2, why in refused]

    def extracted(outcome):
        tag_for_review([(pair_of_job[id(job)], scene.result.dataset)
                        for job, scene in zip(outcome.extracted, outcome.scenes)], layer_ids)
        for job, scene in zip(outcome.extracted, outcome.scenes):  # own scenes have no group: beside their S2
            s2_layer = QgsProject.instance().mapLayer(layer_ids.get(pair_of_job[id(job)].s2, ""))
            layers.add_extracted_labels(QgsProject.instance(), scene.result, output, above=s2_layer)

    dock.extract.run_extraction(tr("Extracting SEN1-2 patches from your scenes"), make_jobs, choice, extracted)


def tag_for_review(done_pairs, layer_ids: dict[str, str]) -> None:
    """Mark the extracted layers with their dataset and scene, so review mode toggles S1/S2 (they
    stay the analyst's own layers: the next extraction still shows the table)."""
    project = QgsProject.instance()
    for pair, dataset in done_pairs:
        for sensor, source in (("s1", pair.s1), ("s2", pair.s2)):
            layer = project.mapLayer(layer_ids.get(source, ""))
            if layer is not None:
                for key, value in (("own", "1"), ("sensor", sensor), ("roi", pair.scene), ("dataset", dataset)):
                    layer.setCustomProperty(PROP + key, value)


def add_base_map(dock) -> None:
    """OpenStreetMap under everything; with Earth Engine signed in, the season's S2 mosaic around the view."""
    from ..core.earthengine import auth

    project = QgsProject.instance()
    if not project.mapLayersByName(OSM_NAME):
        osm = xyz_layer(OSM_URL, OSM_NAME)
        project.addMapLayer(osm, False)
        project.layerTreeRoot().addLayer(osm)  # last in the tree: drawn below every other layer
    if not auth.signed_in():
        dock.message(tr("OpenStreetMap added. Sign in to Earth Engine to add the season's Sentinel-2 mosaic too."))
        return
    try:
        season = dock.season.chosen_seasons()[0]
        roi = view_roi(dock.iface.mapCanvas())
    except InputError as exc:
        dock.error(str(exc))
        return
    options, sign_in = dock.season.recipe_options(), dock.earthengine.sign_in_value()

    def work(progress, cancelled):
        from ..core.earthengine import exports, graph

        auth.ensure_session(sign_in, cancelled)
        return exports.preview_url(graph.s2_image(roi, season, options), exports.preview_vis("s2", options))

    def done(url):
        layer = xyz_layer(url, tr("S2 {} {} mosaic (Earth Engine preview)").format(season.name, season.year))
        project.addMapLayer(layer, False)
        root = project.layerTreeRoot()
        osm = root.findLayer(project.mapLayersByName(OSM_NAME)[0].id()) if project.mapLayersByName(OSM_NAME) else None
        root.insertLayer(root.children().index(osm) if osm is not None else len(root.children()), layer)
        dock.message(tr("OpenStreetMap and the {} Sentinel-2 mosaic around the view added.").format(season.name))

    dock.run_task(tr("Preparing the Sentinel-2 base map"), work, done, kind="base_map")


def view_roi(canvas):
    """A square ROI around the view's centre, as wide as the view (within the recipe's limits)."""
    from ..core import rois

    extent = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), WGS84,
                                    QgsProject.instance()).transformBoundingBox(canvas.extent())
    lon, lat = extent.center().x(), max(-80.0, min(80.0, extent.center().y()))
    width_km = extent.width() * 111.32 * math.cos(math.radians(lat))
    return rois.square_roi(0, lon, lat, max(recipe.ROI_SIZE_KM, min(recipe.ROI_MAX_SIZE_KM, width_km)), kind="view")
