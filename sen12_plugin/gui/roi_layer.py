"""The ROI layer: a GeoPackage layer in the project, one row per ROI (id, seed, season, kind, status)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeature,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import rois
from ..core.errors import InputError
from ..core.requests import RequestPlan, SeasonChoice, build_requests
from ..qgis_support import WGS84, make_fields, roi_rows
from ..qt_compat import FIELD_INT, FIELD_STRING
from ..translation import tr
from . import layers

LAYER_NAME = "SEN1-2 ROIs"
ROLE = layers.ROLE
FIELDS = (("id", FIELD_INT), ("seed", FIELD_INT), ("season", FIELD_STRING),
          ("kind", FIELD_STRING), ("status", FIELD_STRING))


def roi_fields() -> QgsFields:
    return make_fields(FIELDS)


def find_roi_layer(project: QgsProject) -> QgsVectorLayer | None:
    for layer in project.mapLayers().values():
        if layer.customProperty(ROLE) == "rois" and layer.isValid():
            return layer
    return None


def ensure_roi_layer(project: QgsProject, folder: Path) -> QgsVectorLayer:
    """The project's ROI layer; creates ``folder/sen12_rois.gpkg`` the first time."""
    layer = find_roi_layer(project)
    if layer is not None:
        return layer
    path = Path(folder) / "sen12_rois.gpkg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = "rois"
        writer = QgsVectorFileWriter.create(str(path), roi_fields(), QgsWkbTypes.Type.Polygon, WGS84,
                                            project.transformContext(), options)
        if writer.hasError() != QgsVectorFileWriter.WriterError.NoError:
            raise InputError(tr("Cannot create the ROI layer {}: {}").format(path, writer.errorMessage()))
        del writer  # closes the file
    layer = QgsVectorLayer(f"{path}|layername=rois", LAYER_NAME, "ogr")
    if not layer.isValid():
        raise InputError(tr("Cannot open the ROI layer {}.").format(path))
    symbol = layer.renderer().symbol()
    symbol.setColor(symbol.color().fromRgb(220, 60, 40, 60))
    symbol.symbolLayer(0).setStrokeColor(symbol.color().fromRgb(220, 60, 40))
    layers.add_to_plugin_group(project, layer, "rois")
    return layer


def next_id(layer: QgsVectorLayer) -> int:
    ids = [f["id"] for f in layer.getFeatures() if isinstance(f["id"], int)]
    return max(ids) + 1 if ids else 0


def add_rois(layer: QgsVectorLayer, items: list[rois.Roi], status: str = "new") -> int:
    features = []
    for roi in items:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(roi.wkt()))
        feature.setAttribute("id", roi.id)
        feature.setAttribute("seed", roi.seed)
        feature.setAttribute("season", roi.season)
        feature.setAttribute("kind", roi.kind)
        feature.setAttribute("status", status)
        features.append(feature)
    ok, _ = layer.dataProvider().addFeatures(features)
    if not ok:
        raise InputError(tr("Cannot add ROIs to {}: is the layer read-only?").format(layer.name()))
    layer.updateExtents()
    layer.triggerRepaint()
    return len(features)


def request_plan(layer: QgsVectorLayer, choice: SeasonChoice) -> RequestPlan:
    """The layer's rows x the chosen seasons (``core.requests``): bad rows refused with the reason,
    as Processing refuses them; InputError only when nothing can be asked (no rows, no season)."""
    return build_requests(roi_rows(layer.getFeatures(), layer.fields().names(), layer.crs()), choice)
