"""ROI sampling: seeded points over land and urban areas, a square around each, overlap removal.

The ROI value and its checks live in ``roi``; its names are re-exported here, where the faces
have always found them.

Sampling follows the paper: per seed, points from a uniform spatial distribution (uniform by
area on the sphere), 100 over land and 50 over urban areas; a square around each point; ROIs
outside Sentinel-2 coverage and ROIs that overlap an earlier one are dropped with a reason.
A ROI's id is its index in its seed's sample (land first, then urban), so dropped ROIs leave
gaps, as scene numbers in the released dataset do.

The random stream is numpy's legacy ``RandomState`` (Mersenne Twister), whose output numpy
keeps frozen across versions and machines (NEP 19): same seed, same ROIs, everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Callable, Union

import numpy as np

from . import recipe
from .errors import Cancelled, InputError
from .i18n import _
from .masks import PolygonMask
from .roi import (
    EARTH_KM_PER_DEG,
    Ring,
    Roi,
    coverage_problem,
    roi_from_ring,
    square_roi,
    utm_box,
    utm_box_roi,
    utm_epsg,
    utm_zone_name,
)

__all__ = ["DroppedRoi", "Ring", "Roi", "SampleResult", "UrbanSource", "coverage_problem", "remove_overlaps",
           "roi_from_ring", "sample_points_in_mask", "sample_points_near", "sample_rois", "sample_seed",
           "square_roi", "utm_box", "utm_box_roi", "utm_epsg", "utm_zone_name"]
_BATCH = 4096  # fixed, so the stream of candidates does not depend on the count asked
Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
_PROBE_BATCHES = 20  # after this many batches the hit rate says whether the count can be reached at all


def _hopeless(found: int, count: int, batches_done: int, batches_max: int) -> bool:
    """The hit rate so far cannot reach ``count`` in the batches left (or nothing hit at all)."""
    if batches_done < _PROBE_BATCHES or found >= count:
        return False
    if found == 0:
        return True
    return (count - found) * batches_done / found > (batches_max - batches_done)


@dataclass(frozen=True)
class DroppedRoi:
    roi: Roi
    reason: str


@dataclass
class SampleResult:
    kept: list[Roi] = field(default_factory=list)
    dropped: list[DroppedRoi] = field(default_factory=list)


def _uniform_sphere(rng: np.random.RandomState, n: int) -> tuple[np.ndarray, np.ndarray]:
    lon = rng.uniform(-180.0, 180.0, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    return lon, lat


def _batches(bound: int, found: Callable[[], int], count: int, progress: Progress | None,
             cancelled: IsCancelled | None) -> Iterator[int]:
    """The batch numbers of one sampling loop: at most ``bound``, ended early once ``count`` points are
    found or the hit rate says they never will be; the cancel heard and the progress told at each."""
    for n in range(bound):
        if progress is not None:
            progress(min(1.0, found() / count) if count else 1.0)
        if found() >= count or _hopeless(found(), count, n, bound):
            return  # a bound, not a spin: a mask too small says so after a few batches
        if cancelled is not None and cancelled():
            raise Cancelled(_("ROI sampling cancelled; nothing was added."))
        yield n


def sample_points_in_mask(
    rng: np.random.RandomState, mask: PolygonMask, count: int, *,
    progress: Progress | None = None, cancelled: IsCancelled | None = None,
) -> list[tuple[float, float]]:
    """``count`` points uniform by area over the sphere, kept where ``mask`` contains them."""
    points: list[tuple[float, float]] = []
    for _n in _batches(10_000, points.__len__, count, progress, cancelled):
        lon, lat = _uniform_sphere(rng, _BATCH)
        hit = mask.contains(lon, lat)
        points.extend(zip(lon[hit].tolist(), lat[hit].tolist()))
    if len(points) < count:
        raise InputError(_("The mask {source} is too small to place {count} points.").format(
                             source=mask.source, count=count))
    return points[:count]


def sample_points_near(
    rng: np.random.RandomState,
    centres: np.ndarray,
    count: int,
    radius_km: float,
    within: PolygonMask | None = None,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[tuple[float, float]]:
    """``count`` points, each uniform in a disc of ``radius_km`` around a random centre.

    With ``within`` (the land mask), points that fall outside it (in the sea) are redrawn; urban
    centres in the sea are refused after a few batches, not after minutes.
    """
    points: list[tuple[float, float]] = []
    for _n in _batches(1000, points.__len__, count, progress, cancelled):
        idx = rng.randint(0, len(centres), _BATCH)
        r = radius_km * np.sqrt(rng.uniform(0.0, 1.0, _BATCH))
        theta = rng.uniform(0.0, 2 * np.pi, _BATCH)
        lat = centres[idx, 1] + r * np.cos(theta) / EARTH_KM_PER_DEG
        coslat = np.maximum(np.cos(np.radians(centres[idx, 1])), 1e-6)
        lon = centres[idx, 0] + r * np.sin(theta) / (EARTH_KM_PER_DEG * coslat)
        lon = (lon + 180.0) % 360.0 - 180.0
        keep = within.contains(lon, lat) if within is not None else np.ones(_BATCH, bool)
        points.extend(zip(lon[keep].tolist(), lat[keep].tolist()))
    if len(points) < count:
        raise InputError(_("Could place only {n_points} of {count} urban points on land: the urban centres lie "
                           "(almost) all outside the land mask (in the sea?). Check the urban layer and its "
                           "CRS, or lower URBAN_COUNT.").format(n_points=len(points), count=count))
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
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[Roi]:
    """The raw sample of one seed (before coverage and overlap checks): land, then urban."""
    if land_count < 0 or urban_count < 0:
        raise InputError(_("ROI counts must be zero or more."))
    rng = np.random.RandomState(seed)
    season = season or recipe.SEED_SEASONS.get(seed)
    land_share = land_count / max(1, land_count + urban_count)
    land_pts = sample_points_in_mask(rng, land, land_count, progress=_part(progress, 0.0, land_share),
                                     cancelled=cancelled) if land_count else []
    urban_progress = _part(progress, land_share, 1.0 - land_share)
    if not urban_count:
        urban_pts = []
    elif isinstance(urban, PolygonMask):
        urban_pts = sample_points_in_mask(rng, urban, urban_count, progress=urban_progress, cancelled=cancelled)
    else:
        urban_pts = sample_points_near(rng, urban, urban_count, recipe.URBAN_RADIUS_KM, land,
                                       progress=urban_progress, cancelled=cancelled)
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
            result.dropped.append(DroppedRoi(roi, _("overlaps ROI {roi}").format(roi=_label(other))))
            continue
        result.kept.append(roi)
        boxes = np.vstack([boxes, b])
    return result


def _label(roi: Roi) -> str:
    return _("{id} of seed {seed}").format(id=roi.id, seed=roi.seed) if roi.seed is not None else str(roi.id)


def sample_rois(
    seeds: Sequence[int] = recipe.PAPER_SEEDS,
    land: PolygonMask | None = None,
    urban: UrbanSource | None = None,
    *,
    land_count: int = recipe.LAND_COUNT,
    urban_count: int = recipe.URBAN_COUNT,
    size_km: float = recipe.ROI_SIZE_KM,
    season_of: Callable[[int], str | None] = recipe.SEED_SEASONS.get,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> SampleResult:
    """Sample every seed, then drop ROIs outside coverage or overlapping an earlier one.

    Overlaps are removed across all seeds, so no two scenes of the dataset overlap.
    ``progress`` is told the fraction done; ``cancelled`` is asked before every batch of points.

    Raises:
        Cancelled: ``cancelled()`` became true. InputError: a count a mask cannot give.
    """
    from .masks import default_city_points, default_land_mask

    land = land if land is not None else default_land_mask()
    urban = urban if urban is not None else default_city_points()
    raw: list[Roi] = []
    for n, seed in enumerate(seeds):
        raw += sample_seed(
            seed, land, urban, land_count=land_count, urban_count=urban_count,
            size_km=size_km, season=season_of(seed), progress=_part(progress, n / len(seeds), 1 / len(seeds)),
            cancelled=cancelled,
        )
    result = remove_overlaps(raw)
    if progress is not None:
        progress(1.0)
    return result


def _part(progress: Progress | None, start: float, span: float) -> Progress | None:
    """``progress`` for one part of the work, which tells its own fraction (0..1)."""
    if progress is None:
        return None
    return lambda fraction: progress(start + span * fraction)
