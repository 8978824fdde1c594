"""The QGIS helpers both faces need, owned by neither: the dock (gui/) and the Processing
algorithms (processing/) import them from here, and this module imports neither face.

Geometry to ring and ROI, ROI layer rows for the request builder (``core.requests``), table
fields, mask layers to core rings and points, XYZ tile layers, QGIS' world map, the plugin icon,
QGIS' NULL as None, the season names for the user, and the one map from an exception to the
sentence the user reads (``user_sentence``).

Layers: ``core`` <- ``qgis_support`` <- ``gui`` and ``processing`` <- ``plugin``
(tests/unit/test_architecture.py checks it).
"""

from __future__ import annotations

import traceback
from pathlib import Path
from urllib.parse import quote

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsMessageLog,
    QgsProcessingFeatureSource,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from .core import rois
from .core.errors import Cancelled, InputError, Sen12Error
from .translation import tr

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
ICON_PATH = Path(__file__).resolve().parent / "resources" / "icon.svg"
LOG_TAG = "SEN1-2"


def plugin_icon() -> QIcon:
    return QIcon(str(ICON_PATH))


def plain(value):
    """A feature attribute as Python sees it: QGIS' NULL becomes None."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def make_fields(spec) -> QgsFields:
    """QgsFields from (name, type) pairs: the one place that spells how a table is built."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


def qgis_world_map() -> str:
    """QGIS' own Natural Earth countries, the offline fallback land mask."""
    return QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg"


def xyz_layer(url: str, name: str) -> QgsRasterLayer:
    """A map-tile layer ({z}/{x}/{y} URL) through QGIS' WMS provider."""
    return QgsRasterLayer(f"type=xyz&url={quote(url, safe=':/{}')}&zmin=0&zmax=18", name, "wms")


def _to_wgs84(crs: QgsCoordinateReferenceSystem, context=None) -> QgsCoordinateTransform:
    """``context``: a QgsProcessingContext (its transform context), else the project's."""
    transform_context = (QgsProject.instance().transformContext() if context is None
                         else context.transformContext())
    return QgsCoordinateTransform(crs, WGS84, transform_context)


def every_feature(source):
    """Every feature of a source, invalid geometries included: the core establishes each geometry.

    Processing's invalid-geometry check (by default: stop at the first) raises its exception
    from inside the feature iterator; raised through a Python ``for`` loop it left the
    interpreter broken, and QGIS crashed on the next algorithm.
    """
    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(QgsFeatureRequest(), QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
    return source.getFeatures()


def source_rings(source, context) -> list[list[list[tuple[float, float]]]]:
    """Every polygon of a feature source as WGS84 rings (outer first), for a core mask
    (``masks.polygon_mask``, which establishes their geometry)."""
    transform = _to_wgs84(source.sourceCrs(), context)
    polygons = []
    for feature in every_feature(source):
        geom = feature.geometry()
        if geom.isEmpty() or geom.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
            continue
        geom.transform(transform)
        parts = geom.asMultiPolygon() if geom.isMultipart() else [geom.asPolygon()]
        for part in parts:
            polygons.append([[(p.x(), p.y()) for p in ring] for ring in part])
    return polygons


def source_points(source, context) -> list[tuple[float, float]]:
    """Every feature of a source as one WGS84 point (polygons by their centroid), for a core mask."""
    transform = _to_wgs84(source.sourceCrs(), context)
    points = []
    for feature in every_feature(source):
        geom = feature.geometry()
        if geom.isEmpty():
            continue
        geom.transform(transform)
        point = geom.centroid().asPoint() if geom.type() != QgsWkbTypes.GeometryType.PointGeometry else geom.asPoint()
        points.append((point.x(), point.y()))
    return points


def wgs84_ring(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, context=None) -> list[tuple[float, float]]:
    """The outer ring in WGS84 of a one-part polygon in any CRS (drawn, from a layer or a Processing
    source); InputError says what is wrong with another geometry."""
    if geometry is None or geometry.isEmpty():
        raise InputError(tr("The polygon has no area; draw it again."))
    if geometry.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise InputError(tr("A ROI must be a polygon: pick a polygon layer or draw a polygon."))
    geometry = QgsGeometry(geometry)
    geometry.transform(_to_wgs84(crs, context))
    parts = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
    if len(parts) != 1 or not parts[0]:
        raise InputError(tr("The polygon has {} parts: use one polygon per ROI.").format(len(parts)))
    return [(p.x(), p.y()) for p in parts[0][0]]


def roi_from_geometry(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, roi_id: int,
                      kind: str = "drawn", season: str | None = None, context=None) -> rois.Roi:
    """A checked ROI from a polygon in any CRS (drawn or from a layer)."""
    try:
        ring = wgs84_ring(geometry, crs, context)
    except InputError as exc:
        raise InputError(tr("ROI {}: {}").format(roi_id, exc)) from None
    return rois.roi_from_ring(roi_id, ring, kind=kind, season=season)


def drawn_roi(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, roi_id: int, min_side_m: float) -> rois.Roi:
    """A shape drawn on the canvas (in its CRS) as the covering box on the 10 m grid of its UTM
    zone (``rois.utm_box_roi``). The edges are densified first, so the box covers the drawn
    outline itself, which a straight edge on a web map is not in WGS84."""
    try:
        densified = QgsGeometry(geometry).densifyByCount(16) if not geometry.isEmpty() else geometry
        ring = wgs84_ring(densified, crs)
    except InputError as exc:
        raise InputError(tr("ROI {}: {}").format(roi_id, exc)) from None
    return rois.utm_box_roi(roi_id, ring, kind="drawn", min_side_m=min_side_m)


def roi_rows(features, names, crs, context=None):
    """ROI layer features as ``core.requests`` reads them: attributes (NULL as None) and the WGS84
    ring, or the problem with the geometry; the dock's ROI layer and Processing's ROIS alike."""
    from .core.requests import RoiRow

    for n, feature in enumerate(features):
        values = {k: plain(feature[k]) if k in names else None for k in ("id", "seed", "season", "kind")}
        try:
            ring, problem = wgs84_ring(feature.geometry(), crs, context), None
        except Sen12Error as exc:
            ring, problem = None, str(exc)
        yield RoiRow(n, values, ring, problem)


def label_source(layer, field: str = "", buffer_m: float = 0.0, all_touched: bool = False):
    """A layer of the project as the core's label source (``core.labels``); None without a layer.

    A vector layer gives its features (the layer's filter applies) with the values of ``field``
    and, when it is styled by categories of that field, their colours; a raster layer gives its
    file (band 1). Both faces map their widgets or parameters through here.

    Raises:
        InputError: no class field for a vector layer, a field it does not have, or a raster that
            is not a file GDAL reads.
    """
    from .core.labels import RasterLabels, VectorLabels

    if layer is None:
        return None
    if isinstance(layer, QgsRasterLayer):
        if layer.providerType() != "gdal":
            raise InputError(tr("The label layer {} is not a raster file GDAL reads (provider {}).").format(
                layer.name(), layer.providerType()))
        return RasterLabels(layer.source().split("|")[0])
    if not isinstance(layer, QgsVectorLayer):
        raise InputError(tr("The label layer {} is neither a vector nor a raster layer.").format(layer.name()))
    if not field:
        raise InputError(tr("Choose the class field of the label layer {} (LABEL_FIELD).").format(layer.name()))
    index = layer.fields().indexOf(field)
    if index < 0:
        raise InputError(tr("The label layer {} has no field {}.").format(layer.name(), field))
    geometries, values = [], []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        if geometry is None or geometry.isEmpty():
            continue
        geometries.append(bytes(geometry.asWkb()))
        values.append(plain(feature[index]))
    return VectorLabels(layer.name(), layer.crs().toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL),
                        tuple(geometries), tuple(values), field, float(buffer_m), bool(all_touched),
                        category_colours(layer, field))


def category_colours(layer, field: str) -> tuple:
    """((value, "#rrggbb"), ...) of a layer styled by categories of ``field``; () otherwise."""
    renderer = layer.renderer()
    if not isinstance(renderer, QgsCategorizedSymbolRenderer) or renderer.classAttribute() != field:
        return ()
    return tuple((plain(c.value()), c.symbol().color().name()) for c in renderer.categories()
                 if c.symbol() is not None and plain(c.value()) not in (None, ""))


def season_label(name: str) -> str:
    """A season's name for the user; the literal tr() calls put the four names into the .ts."""
    labels = {"winter": tr("winter"), "spring": tr("spring"), "summer": tr("summer"), "fall": tr("fall")}
    return labels.get(name, name)


def user_sentence(exc: BaseException) -> str:
    """What the user reads for an exception: the core's own sentence, or one for memory, files and
    bugs (a bug's traceback goes to the log panel, never to the user)."""
    if isinstance(exc, Cancelled):
        return str(exc) or tr("The task was cancelled; finished outputs are kept.")
    if isinstance(exc, Sen12Error):
        return str(exc)
    if isinstance(exc, MemoryError):
        return tr("Out of memory: close other programs, or use a smaller scene or fewer workers.")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return tr("A file could not be read or written{}: {}. Check the path, the permissions and the free "
                  "space, then run again.").format(where, exc.strerror or exc)
    QgsMessageLog.logMessage("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)), LOG_TAG,
                             Qgis.MessageLevel.Critical)
    return tr("Unexpected error ({}: {}). The details are in the log panel (SEN1-2); please report "
              "them.").format(type(exc).__name__, exc)
