"""ROIs: the value type, seeded sampling over land and urban areas, overlap removal, coverage.

Sampling follows the paper: per seed, points from a uniform spatial distribution (uniform by
area on the sphere), 100 over land and 50 over urban areas; a square around each point; ROIs
outside Sentinel-2 coverage and ROIs that overlap an earlier one are dropped with a reason.
A ROI's id is its index in its seed's sample (land first, then urban), so dropped ROIs leave
gaps, as scene numbers in the released dataset do.

The random stream is numpy's legacy ``RandomState`` (Mersenne Twister), whose output numpy
keeps frozen across versions and machines (NEP 19): same seed, same ROIs, everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Callable, Union

import numpy as np

from . import recipe
from .errors import CoverageError, InputError
from .masks import PolygonMask

Ring = tuple[tuple[float, float], ...]
_EARTH_KM_PER_DEG = 111.32
_BATCH = 4096  # fixed, so the stream of candidates does not depend on the count asked


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


@dataclass(frozen=True)
class DroppedRoi:
    roi: Roi
    reason: str


@dataclass
class SampleResult:
    kept: list[Roi] = field(default_factory=list)
    dropped: list[DroppedRoi] = field(default_factory=list)


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the standard UTM zone (WGS 84) that holds the point."""
    zone = min(max(int(math.floor((lon + 180.0) / 6.0)) + 1, 1), 60)
    return (32600 if lat >= 0 else 32700) + zone


def _transformer(src_epsg: int, dst_epsg: int):
    from osgeo import osr

    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(src_epsg)
    dst.ImportFromEPSG(dst_epsg)
    for srs in (src, dst):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(src, dst)


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
            f"ROI size {size_km} km is out of range: use more than 0 and at most "
            f"{recipe.ROI_MAX_SIZE_KM:g} km."
        )
    epsg = utm_epsg(lon, lat)
    to_utm = _transformer(4326, epsg)
    x, y, _ = to_utm.TransformPoint(lon, lat)
    step = recipe.SCALE_M
    half = round(size_km * 1000 / 2 / step) * step
    cx, cy = round(x / step) * step, round(y / step) * step
    x0, y0, x1, y1 = cx - half, cy - half, cx + half, cy + half
    # Densify the edges so the WGS84 ring follows the projected square closely.
    n = 8
    edge = [(x0 + (x1 - x0) * i / n, y1) for i in range(n)]
    edge += [(x1, y1 - (y1 - y0) * i / n) for i in range(n)]
    edge += [(x1 - (x1 - x0) * i / n, y0) for i in range(n)]
    edge += [(x0, y0 + (y1 - y0) * i / n) for i in range(n)]
    to_wgs = _transformer(epsg, 4326)
    ring = tuple((round(p[0], 8), round(p[1], 8)) for p in to_wgs.TransformPoints(edge))
    ring = ring + (ring[0],)
    return Roi(roi_id, ring, epsg, seed, season, kind)


def coverage_problem(roi: Roi) -> str | None:
    """Why the ROI cannot have Sentinel-2 scenes, or None when it can."""
    lo, hi = recipe.S2_COVERAGE_LAT
    _, lat0, _, lat1 = roi.bbox
    if lat0 < lo or lat1 > hi:
        return (
            f"outside Sentinel-2 coverage: it reaches latitude {lat0 if lat0 < lo else lat1:.2f}, "
            f"Sentinel-2 covers {abs(lo):g}°S to {hi:g}°N"
        )
    x0, _, x1, _ = roi.bbox
    if x1 - x0 > 180:
        return "crosses the antimeridian (180°): split it into one ROI on each side"
    return None


def _uniform_sphere(rng: np.random.RandomState, n: int) -> tuple[np.ndarray, np.ndarray]:
    lon = rng.uniform(-180.0, 180.0, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    return lon, lat


def sample_points_in_mask(
    rng: np.random.RandomState, mask: PolygonMask, count: int
) -> list[tuple[float, float]]:
    """``count`` points uniform by area over the sphere, kept where ``mask`` contains them."""
    points: list[tuple[float, float]] = []
    for _ in range(10_000):
        if len(points) >= count:
            break
        lon, lat = _uniform_sphere(rng, _BATCH)
        hit = mask.contains(lon, lat)
        points.extend(zip(lon[hit].tolist(), lat[hit].tolist()))
    if len(points) < count:
        raise InputError(f"The mask {mask.source} is too small to place {count} points.")
    return points[:count]


def sample_points_near(
    rng: np.random.RandomState,
    centres: np.ndarray,
    count: int,
    radius_km: float,
    within: PolygonMask | None = None,
) -> list[tuple[float, float]]:
    """``count`` points, each uniform in a disc of ``radius_km`` around a random centre.

    With ``within`` (the land mask), points that fall outside it (in the sea) are redrawn.
    """
    points: list[tuple[float, float]] = []
    for _ in range(1000):
        if len(points) >= count:
            break
        idx = rng.randint(0, len(centres), _BATCH)
        r = radius_km * np.sqrt(rng.uniform(0.0, 1.0, _BATCH))
        theta = rng.uniform(0.0, 2 * np.pi, _BATCH)
        lat = centres[idx, 1] + r * np.cos(theta) / _EARTH_KM_PER_DEG
        coslat = np.maximum(np.cos(np.radians(centres[idx, 1])), 1e-6)
        lon = centres[idx, 0] + r * np.sin(theta) / (_EARTH_KM_PER_DEG * coslat)
        lon = (lon + 180.0) % 360.0 - 180.0
        keep = within.contains(lon, lat) if within is not None else np.ones(_BATCH, bool)
        points.extend(zip(lon[keep].tolist(), lat[keep].tolist()))
    if len(points) < count:
        raise InputError("Could not place the urban points on land; check the urban source.")
    return points[:count]


# typing.Union, not `|`: this alias is evaluated at import, and QGIS on Windows runs Python 3.9.
UrbanSource = Union[PolygonMask, np.ndarray]


def sample_seed(
    seed: int,
    land: PolygonMask,
    urban: UrbanSource,
    *,
    land_count: int = recipe.LAND_COUNT,
    urban_count: int = recipe.URBAN_COUNT,
    size_km: float = recipe.ROI_SIZE_KM,
    season: str | None = None,
) -> list[Roi]:
    """The raw sample of one seed (before coverage and overlap checks): land, then urban."""
    if land_count < 0 or urban_count < 0:
        raise InputError("ROI counts must be zero or more.")
    rng = np.random.RandomState(seed)
    season = season or recipe.SEED_SEASONS.get(seed)
    land_pts = sample_points_in_mask(rng, land, land_count) if land_count else []
    if not urban_count:
        urban_pts = []
    elif isinstance(urban, PolygonMask):
        urban_pts = sample_points_in_mask(rng, urban, urban_count)
    else:
        urban_pts = sample_points_near(rng, urban, urban_count, recipe.URBAN_RADIUS_KM, land)
    rois = []
    for i, (lon, lat) in enumerate(land_pts + urban_pts):
        kind = "land" if i < len(land_pts) else "urban"
        rois.append(square_roi(i, lon, lat, size_km, seed=seed, season=season, kind=kind))
    return rois


def remove_overlaps(rois: Iterable[Roi]) -> SampleResult:
    """Keep ROIs in order; drop each one whose bounding box meets a kept one's.

    Bounding boxes contain the squares, so kept ROIs never overlap; ROIs that fail the
    Sentinel-2 coverage test are dropped first, with that reason.
    """
    result = SampleResult()
    boxes = np.empty((0, 4))
    for roi in rois:
        problem = coverage_problem(roi)
        if problem:
            result.dropped.append(DroppedRoi(roi, problem))
            continue
        b = np.asarray(roi.bbox)
        hit = np.flatnonzero(
            (boxes[:, 0] <= b[2]) & (boxes[:, 2] >= b[0]) & (boxes[:, 1] <= b[3]) & (boxes[:, 3] >= b[1])
        )
        if hit.size:
            other = result.kept[int(hit[0])]
            result.dropped.append(DroppedRoi(roi, f"overlaps ROI {_label(other)}"))
            continue
        result.kept.append(roi)
        boxes = np.vstack([boxes, b])
    return result


def _label(roi: Roi) -> str:
    return f"{roi.id} of seed {roi.seed}" if roi.seed is not None else str(roi.id)


def sample_rois(
    seeds: Sequence[int] = recipe.PAPER_SEEDS,
    land: PolygonMask | None = None,
    urban: UrbanSource | None = None,
    *,
    land_count: int = recipe.LAND_COUNT,
    urban_count: int = recipe.URBAN_COUNT,
    size_km: float = recipe.ROI_SIZE_KM,
    season_of: Callable[[int], str | None] = recipe.SEED_SEASONS.get,
) -> SampleResult:
    """Sample every seed, then drop ROIs outside coverage or overlapping an earlier one.

    Overlaps are removed across all seeds, so no two scenes of the dataset overlap.
    """
    from .masks import default_city_points, default_land_mask

    land = land if land is not None else default_land_mask()
    urban = urban if urban is not None else default_city_points()
    raw: list[Roi] = []
    for seed in seeds:
        raw += sample_seed(
            seed, land, urban, land_count=land_count, urban_count=urban_count,
            size_km=size_km, season=season_of(seed),
        )
    return remove_overlaps(raw)


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
        raise InputError(f"ROI {roi_id}: a polygon needs at least three corners.")
    geom = ogr.CreateGeometryFromWkt(
        "POLYGON((" + ", ".join(f"{x!r} {y!r}" for x, y in pts) + "))"
    )
    if geom is None:
        raise InputError(f"ROI {roi_id}: the coordinates do not form a polygon.")
    if not geom.IsValid():
        if geom.Buffer(0).GetArea() <= 0:
            raise InputError(f"ROI {roi_id}: the polygon has no area; draw it again.")
        raise InputError(
            f"ROI {roi_id}: the polygon crosses itself; redraw it or fix it with "
            "'Fix geometries'."
        )
    if geom.GetArea() <= 0:
        raise InputError(f"ROI {roi_id}: the polygon has no area; draw it again.")
    centroid = geom.Centroid().GetPoint_2D(0)
    roi = Roi(roi_id, tuple(pts), utm_epsg(*centroid), None, season, kind)
    problem = coverage_problem(roi)
    if problem:
        raise CoverageError(f"ROI {roi_id}: {problem}.")
    x0, y0, x1, y1 = roi.bbox
    coslat = math.cos(math.radians((y0 + y1) / 2))
    width_km = (x1 - x0) * _EARTH_KM_PER_DEG * coslat
    height_km = (y1 - y0) * _EARTH_KM_PER_DEG
    if max(width_km, height_km) > recipe.ROI_MAX_SIZE_KM:
        raise InputError(
            f"ROI {roi_id} spans {max(width_km, height_km):.0f} km; the limit is "
            f"{recipe.ROI_MAX_SIZE_KM:g} km per side for interactive downloads. Split it into "
            "smaller ROIs, or use batch export (sen12:export_scenes)."
        )
    return roi

