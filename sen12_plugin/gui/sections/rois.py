"""1. ROIs: draw a rectangle or polygon, take selected polygons of a layer, or sample seeded ROIs."""

from __future__ import annotations

from dataclasses import replace

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsProject, QgsVectorLayer, QgsWkbTypes
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from ...core import names, pipeline, recipe, rois
from ...core.errors import InputError
from ...core.scene_numbers import SceneNumbers
from ...qgis_support import drawn_roi, qgis_world_map, roi_from_geometry
from ...settings import Sen12Settings
from ...translation import plural, tr
from .. import own_scenes, roi_layer
from ..map_tools import PolygonTool, RectangleTool
from .base import Section
from .extract import PATCHES_FOLDER


class RoisSection(Section):
    def __init__(self, dock) -> None:
        super().__init__(tr("1. ROIs"), dock)
        canvas = dock.iface.mapCanvas()
        self.rect_tool, self.poly_tool = RectangleTool(canvas), PolygonTool(canvas)
        self.size_label = QLabel("")
        for tool in (self.rect_tool, self.poly_tool):
            tool.roiDrawn.connect(self.add_drawn_roi)
            tool.sizeChanged.connect(self.size_label.setText)
        form = self.form
        form.addRow(self.row(self.button(tr("Draw rectangle"), lambda: self.use_tool(self.rect_tool), "drawRectangle"),
                             self.button(tr("Draw polygon"), lambda: self.use_tool(self.poly_tool), "drawPolygon")))
        form.addRow(self.button(tr("Add a base map (OpenStreetMap; S2 mosaic when signed in)"),
                                self.add_base_map, "addBaseMap", task="base_map"))
        form.addRow(tr("Size while drawing:"), self.size_label)
        self.source_layer = QgsMapLayerComboBox()
        self.source_layer.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        form.addRow(tr("Layer:"), self.source_layer)
        form.addRow(self.button(tr("Add selected features as ROIs"), self.add_selected_features, "addSelected"))
        self.seeds_edit = QLineEdit(",".join(str(s) for s in recipe.PAPER_SEEDS))
        form.addRow(tr("Seeds:"), self.seeds_edit)
        self.land_count = QSpinBox(maximum=10000, value=recipe.LAND_COUNT)
        self.urban_count = QSpinBox(maximum=10000, value=recipe.URBAN_COUNT)
        self.roi_size = QDoubleSpinBox(minimum=0.1, maximum=recipe.ROI_MAX_SIZE_KM, value=recipe.ROI_SIZE_KM)
        self.roi_size.setSuffix(" km")
        form.addRow(tr("Per seed:"), self.row(QLabel(tr("land")), self.land_count, QLabel(tr("urban")),
                                              self.urban_count, self.roi_size))
        form.addRow(self.button(tr("Sample seeded ROIs"), self.sample_rois, "sampleRois", task="sample"))

    def load_settings(self, settings: Sen12Settings) -> None:
        self.seeds_edit.setText(settings.seeds)
        self.land_count.setValue(settings.land_count)
        self.urban_count.setValue(settings.urban_count)
        self.roi_size.setValue(settings.roi_size_km)

    def store_settings(self, settings: Sen12Settings) -> None:
        settings.seeds = self.seeds_edit.text()
        settings.land_count, settings.urban_count = self.land_count.value(), self.urban_count.value()
        settings.roi_size_km = self.roi_size.value()

    def use_tool(self, tool) -> None:
        self.dock.iface.mapCanvas().setMapTool(tool)

    def add_base_map(self) -> None:
        own_scenes.add_base_map(self.dock)

    def add_drawn_roi(self, geometry) -> None:
        """The covering UTM box of what was drawn becomes a ROI, said with its size; a shape
        smaller than one patch (at the extract section's patch size) is refused."""
        project = QgsProject.instance()
        existing = roi_layer.find_roi_layer(project)
        min_side_m = self.dock.extract.patch_size.value() * recipe.SCALE_M
        try:  # the shape is checked before a folder is asked for
            roi = drawn_roi(geometry, self.dock.iface.mapCanvas().mapSettings().destinationCrs(),
                            roi_layer.next_id(existing) if existing else 0, min_side_m)
            layer = self.dock.roi_layer()
        except InputError as exc:
            self.dock.error(str(exc))
            return
        roi = replace(roi, id=self.free_roi_id(roi_layer.next_id(layer)))
        roi_layer.add_rois(layer, [roi])
        x0, y0, x1, y1 = rois.utm_box(roi)
        self.dock.report(tr("ROI {} added: {:.2f} x {:.2f} km on the 10 m grid of UTM zone {}, the box that covers "
                            "what you drew.").format(roi.id, (x1 - x0) / 1000, (y1 - y0) / 1000,
                                                     rois.utm_zone_name(roi.utm_epsg)), Qgis.MessageLevel.Success)

    def free_roi_id(self, at_least: int) -> int:
        """A drawn ROI's id from ``at_least`` (the ROI layer's next) that no scene of its dataset holds
        in the working folder (downloads, own scenes' patches, the index): it becomes the scene number."""
        try:
            folder = self.dock.output_folder()
        except InputError:
            return at_least
        try:
            return SceneNumbers.read(folder / PATCHES_FOLDER, [folder]).free_roi_id(
                self.dock.extract.dataset_name.text().strip() or None, at_least)
        except InputError:  # a dataset name the extraction will refuse with its sentence
            return at_least

    def add_selected_features(self) -> None:
        source = self.source_layer.currentLayer()
        if not isinstance(source, QgsVectorLayer) or source.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
            self.dock.error(tr("Pick a polygon layer: ROIs are polygons."))
            return
        selected = source.selectedFeatures()
        if not selected:
            self.dock.error(tr("Select one or more polygons in {} first.").format(source.name()))
            return
        try:
            layer = self.dock.roi_layer()
        except InputError as exc:
            self.dock.error(str(exc))
            return
        first = roi_layer.next_id(layer)
        added, problems = [], []
        for n, feature in enumerate(selected):
            try:
                added.append(roi_from_geometry(feature.geometry(), source.crs(), first + n, "layer"))
            except InputError as exc:
                problems.append(str(exc))
        if added:
            roi_layer.add_rois(layer, added)
        headline = plural(len(added), tr("{} ROI added"), tr("{} ROIs added"))
        if problems:
            self.dock.report(tr("{} from {}; {}:").format(headline, source.name(), plural(
                len(problems), tr("{} polygon refused"), tr("{} polygons refused"))),
                Qgis.MessageLevel.Warning if added else Qgis.MessageLevel.Critical, problems)
        else:
            self.dock.report(tr("{} from {}.").format(headline, source.name()), Qgis.MessageLevel.Success)

    def sample_rois(self) -> None:
        try:
            seeds = names.parse_seeds(self.seeds_edit.text())
        except InputError as exc:
            self.dock.error(str(exc))
            return
        try:
            layer = self.dock.roi_layer()  # the folder is known (or asked for) before the work starts
        except InputError as exc:
            self.dock.error(str(exc))
            return
        values = dict(land_fallback=qgis_world_map(), land_count=self.land_count.value(),
                      urban_count=self.urban_count.value(), size_km=self.roi_size.value())

        def work(progress, cancelled):
            return pipeline.sample_rois(seeds, **values, progress=progress, cancelled=cancelled)

        def done(result):
            roi_layer.add_rois(layer, result.kept, status="sampled")
            text = tr("{}, {} (overlap or outside Sentinel-2 coverage).").format(
                plural(len(result.kept), tr("{} ROI sampled"), tr("{} ROIs sampled")),
                plural(len(result.dropped), tr("{} dropped"), tr("{} dropped")))
            try:  # what that means for a download: the count before anyone starts one
                requests = roi_layer.request_plan(layer, self.dock.season.season_choice()).requests
                text += " " + plural(len(requests), tr("A download of the ROI layer now asks for {} scene pair."),
                                     tr("A download of the ROI layer now asks for {} scene pairs."))
            except InputError:
                pass
            self.dock.report(text, Qgis.MessageLevel.Success if result.kept else Qgis.MessageLevel.Warning)

        self.dock.run_task(tr("Sampling SEN1-2 ROIs"), work, done, kind="sample")
