"""ROIs x seasons -> availability check -> S1/S2 scene pair on disk, or a dropped ROI with its reason.

Also the batch-export and preview helpers that reuse the same recipe images.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import layout, recipe
from ..errors import Cancelled, InputError, Sen12Error
from ..fsutil import atomic_path, ensure_writable_dir
from ..rois import Roi, coverage_problem
from ..seasons import Season
from . import graph, require_ee
from .tiling import roi_grid
from .transport import DownloadRequest, Fetch, RetryPolicy, classify, compute_pixels, download_image

S1_NODATA = -9999.0
S2_NODATA = 0


@dataclass(frozen=True)
class ScenePair:
    roi: Roi
    season: Season
    s1: Path
    s2: Path
    s1_ids: tuple[str, ...] = ()
    s2_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class DroppedRequest:
    roi: Roi
    season: Season
    reason: str


@dataclass
class FetchResult:
    scenes: list[ScenePair] = field(default_factory=list)
    dropped: list[DroppedRequest] = field(default_factory=list)


def scene_paths(output: Path, roi: Roi, season: Season, dataset_name: str | None = None) -> tuple[Path, Path]:
    """``OUTPUT/{dataset}/scenes/s1_{id}.tif`` and ``s2_{id}.tif`` (dataset as in the SEN1-2 layout)."""
    folder = Path(output) / layout.dataset_name(season.name, roi.seed, dataset_name) / "scenes"
    return folder / f"s1_{roi.id}.tif", folder / f"s2_{roi.id}.tif"


def check_availability(roi: Roi, season: Season, options: graph.RecipeOptions) -> tuple[dict, str | None]:
    """Image counts and ids for the ROI and season, and why it must be dropped (or None)."""
    try:
        info = graph.availability(roi, season, options).getInfo()
    except Sen12Error:
        raise
    except Exception as exc:  # noqa: BLE001 - classified into words the user can act on
        raise classify(exc) from exc
    reasons = []
    if not info.get("s1"):
        reasons.append(f"no Sentinel-1 GRD IW {'+'.join(options.s1_bands)} image")
    if not info.get("s2"):
        reasons.append(f"no Sentinel-2 image with at most {options.max_cloud:g} % cloud")
    reason = " and ".join(reasons)
    if reason:
        reason = f"{reason} between {season.start} and {season.end}"
    return info, reason or None


def fetch_scene_pairs(
    requests: Iterable[tuple[Roi, Season]],
    output: str | Path,
    options: graph.RecipeOptions = graph.RecipeOptions(),
    *,
    dataset_name: str | None = None,
    fetch: Fetch = compute_pixels,
    workers: int = 4,
    policy: RetryPolicy | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> FetchResult:
    """Check availability, then download both scenes of every kept ROI and season.

    A ROI outside Sentinel-2 coverage or without images is dropped with its reason; scenes that
    are already on disk are kept as they are (resume).
    """
    output = ensure_writable_dir(output)
    requests = list(requests)
    result = FetchResult()
    for i, (roi, season) in enumerate(requests):
        if cancelled and cancelled():
            raise Cancelled("Fetching cancelled; finished scenes are kept and a re-run resumes.")
        share = (i / max(1, len(requests)), 1 / max(1, len(requests)))

        def step(fraction: float, share=share) -> None:
            if progress:
                progress(share[0] + share[1] * fraction)

        problem = coverage_problem(roi)
        if problem:
            result.dropped.append(DroppedRequest(roi, season, problem))
            log(f"ROI {roi.id}, {season.name}: dropped, {problem}")
            continue
        s1_path, s2_path = scene_paths(output, roi, season, dataset_name)
        meta_path = s1_path.with_name(f"scene_{roi.id}.json")
        if s1_path.exists() and s2_path.exists() and meta_path.exists():
            meta = json.loads(meta_path.read_text())
            result.scenes.append(ScenePair(roi, season, s1_path, s2_path,
                                           tuple(meta.get("s1_ids", ())), tuple(meta.get("s2_ids", ()))))
            log(f"ROI {roi.id}, {season.name}: already downloaded")
            continue
        info, reason = check_availability(roi, season, options)
        if reason:
            result.dropped.append(DroppedRequest(roi, season, reason))
            log(f"ROI {roi.id}, {season.name}: dropped, {reason}")
            continue
        s1_path.parent.mkdir(parents=True, exist_ok=True)
        grid = roi_grid(roi)
        jobs = (
            DownloadRequest(graph.s1_image(roi, season, options), grid, options.s1_bands, "float32",
                            S1_NODATA, s1_path),
            DownloadRequest(graph.s2_image(roi, season, options), grid, options.s2_bands, "uint16",
                            S2_NODATA, s2_path),
        )
        for k, job in enumerate(jobs):
            download_image(job, fetch, workers=workers, policy=policy, cancelled=cancelled,
                           progress=lambda f, k=k: step((k + f) / 2))
        with atomic_path(meta_path) as tmp:
            tmp.write_text(json.dumps({
                "roi": roi.id, "seed": roi.seed, "season": season.name, "start": str(season.start),
                "end": str(season.end), "utm_epsg": roi.utm_epsg, "grid": list(grid.transform),
                "width": grid.width, "height": grid.height, "s1_ids": info.get("s1_ids", []),
                "s2_ids": info.get("s2_ids", []),
            }, indent=1))
        result.scenes.append(ScenePair(roi, season, s1_path, s2_path,
                                       tuple(info.get("s1_ids", ())), tuple(info.get("s2_ids", ()))))
        log(f"ROI {roi.id}, {season.name}: {s1_path.name} and {s2_path.name} written")
    return result


def write_requests(requests: Iterable[tuple[Roi, Season]], output: str | Path,
                   options: graph.RecipeOptions = graph.RecipeOptions()) -> Path:
    """``OUTPUT/requests.json``: every request's expression graph; contacts nothing."""
    records = []
    for roi, season in requests:
        record = graph.request_record(roi, season, options)
        grid = roi_grid(roi)
        record["grid"] = {"crs": grid.crs, "crsTransform": list(grid.transform),
                          "width": grid.width, "height": grid.height}
        record["dropped"] = coverage_problem(roi)
        records.append(record)
    target = ensure_writable_dir(output) / "requests.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps({"recipe_version": recipe.RECIPE_VERSION, "requests": records}, indent=1))
    return target


# ----- batch export -----------------------------------------------------------------------

def start_exports(roi: Roi, season: Season, options: graph.RecipeOptions, *, destination: str = "drive",
                  folder: str = "sen12", bucket: str | None = None, dataset_name: str | None = None) -> list[str]:
    """Start ``Export.image.toDrive`` (or ``toCloudStorage``) tasks for both scenes; their ids."""
    ee = require_ee()
    grid = roi_grid(roi)
    dataset = layout.dataset_name(season.name, roi.seed, dataset_name)
    ids = []
    for sensor, image in (("s1", graph.s1_image(roi, season, options)), ("s2", graph.s2_image(roi, season, options))):
        common = dict(image=image, description=f"{dataset}_{sensor}_{roi.id}", fileNamePrefix=f"{dataset}_{sensor}_{roi.id}",
                      crs=grid.crs, crsTransform=list(grid.transform),
                      dimensions=f"{grid.width}x{grid.height}", fileFormat="GeoTIFF", maxPixels=10**13)
        if destination == "drive":
            task = ee.batch.Export.image.toDrive(folder=folder, **common)
        elif destination == "gcs":
            if not bucket:
                raise InputError("Cloud Storage export needs a bucket name.")
            task = ee.batch.Export.image.toCloudStorage(bucket=bucket, **common)
        else:
            raise InputError(f"Export destination {destination!r}: use drive or gcs.")
        try:
            task.start()
        except Exception as exc:  # noqa: BLE001
            raise classify(exc) from exc
        ids.append(task.id or task.operation_name)
    return ids


def export_status() -> list[dict]:
    """The user's export tasks, newest first: id, description, state, error (refresh: call again)."""
    ee = require_ee()
    try:
        operations = ee.data.listOperations()
    except Exception as exc:  # noqa: BLE001
        raise classify(exc) from exc
    rows = []
    for op in operations:
        meta = op.get("metadata", {})
        rows.append({"id": op.get("name", "").rsplit("/", 1)[-1], "description": meta.get("description", ""),
                     "state": meta.get("state", "UNKNOWN"), "error": op.get("error", {}).get("message", "")})
    return rows


# ----- preview ----------------------------------------------------------------------------

def preview_vis(sensor: str, options: graph.RecipeOptions = graph.RecipeOptions()) -> dict:
    """Visualisation that matches the recipe's clip ranges (S1 grey -25..0 dB, S2 RGB 0..10000)."""
    if sensor == "s1":
        lo, hi = recipe.S1_DB_RANGE
        return {"bands": [options.s1_bands[0]], "min": lo, "max": hi}
    lo, hi = recipe.S2_DN_RANGE
    return {"bands": list(recipe.S2_BANDS), "min": lo, "max": hi}


def stretched_vis(image, roi: Roi, sensor: str, options: graph.RecipeOptions = graph.RecipeOptions()) -> dict:
    """The recipe's per-band 2-98 % stretch inside the clip range, computed by Earth Engine."""
    ee = require_ee()
    vis = preview_vis(sensor, options)
    lo_q, hi_q = recipe.STRETCH_PERCENTILES
    stats = image.select(vis["bands"]).reduceRegion(
        ee.Reducer.percentile([lo_q, hi_q]), graph.roi_geometry(roi), 100, bestEffort=True).getInfo()
    lows = [max(vis["min"], stats.get(f"{b}_p{int(lo_q)}", vis["min"]) or vis["min"]) for b in vis["bands"]]
    highs = [min(vis["max"], stats.get(f"{b}_p{int(hi_q)}", vis["max"]) or vis["max"]) for b in vis["bands"]]
    return {"bands": vis["bands"], "min": lows, "max": highs}


def preview_url(image, vis: dict) -> str:
    """An XYZ tile URL for the image, as the Earth Engine plugin for QGIS shows it."""
    try:
        return image.getMapId(vis)["tile_fetcher"].url_format
    except Exception as exc:  # noqa: BLE001
        raise classify(exc) from exc
