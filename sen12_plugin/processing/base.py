"""What the algorithms share: naming, icon, core errors turned into Processing errors."""

from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProject,
    QgsWkbTypes,
)

from ..core import rois
from ..core.errors import InputError, Sen12Error
from ..translation import tr

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")


def make_fields(spec) -> QgsFields:
    """QgsFields from (name, type) pairs: the one place that spells how a table is built."""
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, kind))
    return fields


class Sen12Algorithm(QgsProcessingAlgorithm):
    """Base: group, icon, help; ``run_core`` turns a core error into a message the user can act on."""

    def group(self) -> str:
        return tr("SEN1-2")

    def groupId(self) -> str:  # noqa: N802
        return "sen12"

    def icon(self):
        from ..plugin import plugin_icon

        return plugin_icon()

    def createInstance(self):  # noqa: N802
        return type(self)()

    @staticmethod
    def run_core(fn, *args, **kwargs):
        """Call a core function; every error reaches the user as a sentence, never a traceback."""
        try:
            return fn(*args, **kwargs)
        except Sen12Error as exc:
            raise QgsProcessingException(str(exc)) from exc
        except QgsProcessingException:
            raise
        except MemoryError:
            raise QgsProcessingException(tr(
                "Out of memory: close other programs, or use a smaller scene or fewer workers.")) from None
        except OSError as exc:
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            raise QgsProcessingException(tr(
                "A file could not be read or written{}: {}. Check the path, the permissions and the free "
                "space, then run again.").format(where, exc.strerror or exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a bug: a sentence for the user, the traceback in the log
            import traceback

            from qgis.core import Qgis, QgsMessageLog

            QgsMessageLog.logMessage(traceback.format_exc(), "SEN1-2", Qgis.MessageLevel.Critical)
            raise QgsProcessingException(tr(
                "Unexpected error ({}: {}). The details are in the log panel (SEN1-2); please report "
                "them.").format(type(exc).__name__, exc)) from exc


def plain(value):
    """A feature attribute as Python sees it: QGIS' NULL becomes None."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    return value


def qgis_world_map() -> str:
    """QGIS' own Natural Earth countries, the offline fallback land mask."""
    return QgsApplication.pkgDataPath() + "/resources/data/world_map.gpkg"


def source_rings(source, context) -> list[list[list[tuple[float, float]]]]:
    """Every polygon of a feature source as WGS84 rings (outer first), for a core mask."""
    transform = QgsCoordinateTransform(source.sourceCrs(), WGS84, context.transformContext())
    polygons = []
    for feature in source.getFeatures():
        geom = feature.geometry()
        if geom.isEmpty() or geom.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
            continue
        geom.transform(transform)
        parts = geom.asMultiPolygon() if geom.isMultipart() else [geom.asPolygon()]
        for part in parts:
            polygons.append([[(p.x(), p.y()) for p in ring] for ring in part])
    return polygons


def source_points(source, context) -> list[tuple[float, float]]:
    transform = QgsCoordinateTransform(source.sourceCrs(), WGS84, context.transformContext())
    points = []
    for feature in source.getFeatures():
        geom = feature.geometry()
        if geom.isEmpty():
            continue
        geom.transform(transform)
        point = geom.centroid().asPoint() if geom.type() != QgsWkbTypes.GeometryType.PointGeometry else geom.asPoint()
        points.append((point.x(), point.y()))
    return points


def wgs84_ring(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, context=None) -> list[tuple[float, float]]:
    """The outer ring in WGS84 of a one-part polygon in any CRS (drawn or from a layer)."""
    if geometry is None or geometry.isEmpty():
        raise InputError("The polygon has no area; draw it again.")
    if geometry.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
        raise InputError("A ROI must be a polygon: pick a polygon layer or draw a polygon.")
    geometry = QgsGeometry(geometry)
    geometry.transform(QgsCoordinateTransform(crs, WGS84, QgsProject.instance().transformContext() if context is None else context.transformContext()))
    parts = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
    if len(parts) != 1 or not parts[0]:
        raise InputError(f"The polygon has {len(parts)} parts: use one polygon per ROI.")
    return [(p.x(), p.y()) for p in parts[0][0]]


def roi_from_geometry(geometry: QgsGeometry, crs: QgsCoordinateReferenceSystem, roi_id: int,
                      kind: str = "drawn", season: str | None = None, context=None) -> rois.Roi:
    """A checked ROI from a polygon in any CRS (drawn or from a layer)."""
    try:
        ring = wgs84_ring(geometry, crs, context)
    except InputError as exc:
        raise InputError(f"ROI {roi_id}: {exc}") from None
    return rois.roi_from_ring(roi_id, ring, kind=kind, season=season)
