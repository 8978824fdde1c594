"""A ROI: the value, and how one is made (a square around a point, a user's polygon), with its checks.

Sampling many ROIs over land and urban areas lives in ``rois``, which also re-exports these names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import recipe
from .crs import WGS84, transformer
from .errors import CoverageError, InputError
from .i18n import _

Ring = tuple[tuple[float, float], ...]
EARTH_KM_PER_DEG = 111.32


@dataclass(frozen=True)
class Roi:
    """A region of interest: one scene per season will be requested for it.

    Attributes:
        id: scene number; the ROI's index in its seed's sample, or a user-given number.
        ring: closed WGS84 ring, (lon, lat) pairs.
        utm_epsg: EPSG code of the UTM zone its scenes are written in.
        seed: the sampling seed, or None for drawn or layer ROIs.
        season: the season name it belongs to, if any.
        kind: ``land``, ``urban``, ``drawn`` or ``layer``.
    """

    id: int
    ring: Ring
    utm_epsg: int
    seed: int | None = None
    season: str | None = None
    kind: str = "drawn"

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        lons = [p[0] for p in self.ring]
        lats = [p[1] for p in self.ring]
        return min(lons), min(lats), max(lons), max(lats)

    @property
    def center(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bbox
        return (x0 + x1) / 2, (y0 + y1) / 2

    def wkt(self) -> str:
        return "POLYGON((" + ", ".join(f"{x:.8f} {y:.8f}" for x, y in self.ring) + "))"


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the standard UTM zone (WGS 84) that holds the point."""
    zone = min(max(int(math.floor((lon + 180.0) / 6.0)) + 1, 1), 60)
    return (32600 if lat >= 0 else 32700) + zone


def square_roi(
    roi_id: int,
    lon: float,
    lat: float,
    size_km: float = recipe.ROI_SIZE_KM,
    *,
    seed: int | None = None,
    season: str | None = None,
    kind: str = "land",
) -> Roi:
    """A square of ``size_km`` around the point in its UTM zone, corners on the 10 m grid."""
    if not 0 < size_km <= recipe.ROI_MAX_SIZE_KM:
        raise InputError(
            _("ROI size {size_km} km is out of range: use more than 0 and at most {ROI_MAX_SIZE_KM:g} km.").format(
                size_km=size_km, ROI_MAX_SIZE_KM=recipe.ROI_MAX_SIZE_KM)
        )
    epsg = utm_epsg(lon, lat)
    to_utm = transformer(WGS84, epsg)
    x, y, _unused = to_utm.TransformPoint(lon, lat)
    step = recipe.SCALE_M
    half = round(size_km * 1000 / 2 / step) * step
    cx, cy = round(x / step) * step, round(y / step) * step
    return Roi(roi_id, _box_ring(epsg, (cx - half, cy - half, cx + half, cy + half)), epsg, seed, season, kind)


def _box_ring(epsg: int, box: tuple[float, float, float, float]) -> Ring:
    """A UTM box as a closed WGS84 ring, its edges densified so the ring follows the projected box."""
    x0, y0, x1, y1 = box
    n = 8
    edge = [(x0 + (x1 - x0) * i / n, y1) for i in range(n)]
    edge += [(x1, y1 - (y1 - y0) * i / n) for i in range(n)]
    edge += [(x1 - (x1 - x0) * i / n, y0) for i in range(n)]
    edge += [(x0, y0 + (y1 - y0) * i / n) for i in range(n)]
    to_wgs = transformer(epsg, WGS84)
    ring = tuple((round(p[0], 8), round(p[1], 8)) for p in to_wgs.TransformPoints(edge))
    return ring + (ring[0],)


def utm_box(roi: Roi, step: float = recipe.SCALE_M) -> tuple[float, float, float, float]:
    """The ROI's bounds in its UTM zone snapped outward to the ``step`` grid: x0, y0, x1, y1 in metres.

    A ring that went through WGS84 comes back within millimetres: snapped with a 0.05 px tolerance
    (as the download grid is), so a box ring gives its own box back.
    """
    pts = transformer(WGS84, roi.utm_epsg).TransformPoints([(x, y) for x, y in roi.ring])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (math.floor(min(xs) / step + 0.05) * step, math.floor(min(ys) / step + 0.05) * step,
            math.ceil(max(xs) / step - 0.05) * step, math.ceil(max(ys) / step - 0.05) * step)


def utm_zone_name(epsg: int) -> str:
    """``32632`` -> ``32N``, ``32733`` -> ``33S`` (WGS 84 UTM zones)."""
    return f"{epsg % 100}{'N' if epsg // 100 == 326 else 'S'}"


def utm_box_roi(roi_id: int, ring: Sequence[tuple[float, float]], *, kind: str = "drawn",
                season: str | None = None, min_side_m: float = recipe.PATCH_SIZE * recipe.SCALE_M) -> Roi:
    """What the analyst drew, on any map, as the box on the 10 m grid of its UTM zone that covers it.

    Scenes are downloaded on that grid, north-up in the zone: a shape drawn on a web map is
    rotated there (about 2 degrees in central Europe), and the grid's corners outside it would be
    no-data, dropping every patch position on the edges. The box keeps all of them. The polygon
    is checked as ``roi_from_ring`` checks one; a box with a side shorter than ``min_side_m``
    (one patch) is refused with a sentence.
    """
    drawn = roi_from_ring(roi_id, ring, kind=kind, season=season)
    pts = transformer(WGS84, drawn.utm_epsg).TransformPoints([(x, y) for x, y in drawn.ring])
    step = recipe.SCALE_M
    box = (math.floor(min(p[0] for p in pts) / step) * step, math.floor(min(p[1] for p in pts) / step) * step,
           math.ceil(max(p[0] for p in pts) / step) * step, math.ceil(max(p[1] for p in pts) / step) * step)
    width, height = box[2] - box[0], box[3] - box[1]
    if min(width, height) < min_side_m:
        raise InputError(
            _("ROI {roi_id} covers {value:.2f} x {value2:.2f} km: a ROI must hold at least one patch, "
              "{value3:.2f} x {value3:.2f} km ({value4:.0f} px at {step} m). Draw it larger.").format(
                roi_id=roi_id, value=width / 1000, value2=height / 1000, value3=min_side_m / 1000, value4=min_side_m / step, step=step)
        )
    return Roi(roi_id, _box_ring(drawn.utm_epsg, box), drawn.utm_epsg, None, season, kind)


def coverage_problem(roi: Roi) -> str | None:
    """Why the ROI cannot have Sentinel-2 scenes, or None when it can."""
    lo, hi = recipe.S2_COVERAGE_LAT
    _unused, lat0, _unused, lat1 = roi.bbox
    if lat0 < lo or lat1 > hi:
        return (
            _("outside Sentinel-2 coverage: it reaches latitude {value:.2f}, Sentinel-2 covers {value2:g}°S to "
              "{hi:g}°N").format(value=lat0 if lat0 < lo else lat1, value2=abs(lo), hi=hi)
        )
    x0, _unused, x1, _unused = roi.bbox
    if x1 - x0 > 180:
        return _("crosses the antimeridian (180°): split it into one ROI on each side")
    return None


def roi_from_ring(
    roi_id: int,
    ring: Sequence[tuple[float, float]],
    *,
    kind: str = "drawn",
    season: str | None = None,
) -> Roi:
    """A ROI from a user's WGS84 polygon (drawn or from a layer), checked before any request.

    Raises:
        InputError: the polygon is not closed, has no area, crosses itself or is too large.
        CoverageError: it lies outside Sentinel-2 coverage or crosses the antimeridian.
    """
    from osgeo import ogr

    pts = [(float(x), float(y)) for x, y in ring]
    if len(pts) >= 2 and pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(pts) < 4:
        raise InputError(_("ROI {roi_id}: a polygon needs at least three corners.").format(roi_id=roi_id))
    if any(abs(b[0] - a[0]) > 180 for a, b in zip(pts, pts[1:])):  # +180 to -180 between two corners
        raise CoverageError(_("ROI {roi_id}: {problem}.").format(
            roi_id=roi_id, problem=_("crosses the antimeridian (180°): split it into one ROI on each side")))
    geom = ogr.CreateGeometryFromWkt(
        "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in pts) + "))"
    )
    if geom is None:
        raise InputError(_("ROI {roi_id}: the coordinates do not form a polygon.").format(roi_id=roi_id))
    if not geom.IsValid():
        if geom.Buffer(0).GetArea() <= 0:
            raise InputError(_("ROI {roi_id}: the polygon has no area; draw it again.").format(roi_id=roi_id))
        raise InputError(
            _("ROI {roi_id}: the polygon crosses itself; redraw it or fix it with 'Fix geometries'.").format(
                roi_id=roi_id)
        )
    if geom.GetArea() <= 0:
        raise InputError(_("ROI {roi_id}: the polygon has no area; draw it again.").format(roi_id=roi_id))
    centroid = geom.Centroid().GetPoint_2D(0)
    roi = Roi(roi_id, tuple(pts), utm_epsg(*centroid), None, season, kind)
    problem = coverage_problem(roi)
    if problem:
        raise CoverageError(_("ROI {roi_id}: {problem}.").format(roi_id=roi_id, problem=problem))
    x0, y0, x1, y1 = roi.bbox
    coslat = math.cos(math.radians((y0 + y1) / 2))
    width_km = (x1 - x0) * EARTH_KM_PER_DEG * coslat
    height_km = (y1 - y0) * EARTH_KM_PER_DEG
    if max(width_km, height_km) > recipe.ROI_MAX_SIZE_KM:
        raise InputError(
            _("ROI {roi_id} spans {value:.0f} km; the limit is {ROI_MAX_SIZE_KM:g} km per side for interactive "
              "downloads. Split it into smaller ROIs, or use batch export (sen12:export_scenes).").format(
                roi_id=roi_id, value=max(width_km, height_km), ROI_MAX_SIZE_KM=recipe.ROI_MAX_SIZE_KM)
        )
    return roi
