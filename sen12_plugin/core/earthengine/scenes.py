"""ROIs x seasons -> availability check -> S1/S2 scene pair on disk, or a dropped ROI with its reason.

Also the batch-export and preview helpers that reuse the same recipe images.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import layout, recipe
from ..errors import Cancelled, InputError
from ..fsutil import atomic_path, ensure_writable_dir, output_error
from ..rois import Roi, coverage_problem
from ..seasons import Season
from . import graph, require_ee, retry
from .graph import S1_DTYPE, S1_NODATA, S2_DTYPE, S2_NODATA
from .tiling import PixelGrid, roi_grid
from .transport import (
    DEFAULT_CONCURRENCY,
    DownloadRequest,
    Fetch,
    RetryPolicy,
    compute_pixels,
    download_images,
)


@dataclass(frozen=True)
class ScenePair:
    roi: Roi
    season: Season
    s1: Path
    s2: Path
    s1_ids: tuple = ()
    s2_ids: tuple = ()


@dataclass(frozen=True)
class DroppedRequest:
    roi: Roi
    season: Season
    reason: str


@dataclass
class FetchResult:
    scenes: list = field(default_factory=list)
    dropped: list = field(default_factory=list)


def scene_paths(output: Path, roi: Roi, season: Season, dataset_name: str | None = None) -> tuple:
    """``OUTPUT/{dataset}/scenes/s1_{id}.tif`` and ``s2_{id}.tif`` (dataset as in the SEN1-2 layout)."""
    folder = Path(output) / layout.dataset_name(season.name, roi.seed, dataset_name) / "scenes"
    return folder / f"s1_{roi.id}.tif", folder / f"s2_{roi.id}.tif"


def record_path(s1: Path, roi: Roi) -> Path:
    """``scene_{id}.json`` beside the scene: what made it, and the image ids."""
    return s1.with_name(f"scene_{roi.id}.json")


def scene_files(s1: Path, s2: Path, roi: Roi) -> list:
    """Every file one scene pair owns: the two scenes, their record, their scene check
    (``scene_{id}_qc.json``, named by the quality algorithms) and unfinished tiles."""
    return [s1, s2, record_path(s1, roi), s1.with_name(f"scene_{roi.id}_qc.json"),
            s1.with_name(s1.name + ".tiles"), s2.with_name(s2.name + ".tiles")]


def scene_identity(roi: Roi, season: Season, options: graph.RecipeOptions, grid: PixelGrid) -> dict:
    """What makes a scene pair: ROI geometry, dates, recipe options, grid, types and no-data."""
    return {
        "recipe_version": recipe.RECIPE_VERSION, "roi": roi.id,
        "ring": [[round(x, 7), round(y, 7)] for x, y in roi.ring],
        "season": season.name, "start": str(season.start), "end": str(season.end),
        "options": asdict(options),
        "grid": {"crs": grid.crs, "transform": list(grid.transform), "width": grid.width, "height": grid.height},
        "s1": {"dtype": S1_DTYPE, "nodata": S1_NODATA}, "s2": {"dtype": S2_DTYPE, "nodata": S2_NODATA},
    }


def _describe(identity: dict | None) -> str:
    if not identity:
        return "files without a record of what made them"
    xs = [p[0] for p in identity["ring"]]
    ys = [p[1] for p in identity["ring"]]
    changed = {k: v for k, v in identity["options"].items() if v != asdict(graph.RecipeOptions()).get(k)}
    return (f"ROI {identity['roi']} around {sum(xs) / len(xs):.4f}, {sum(ys) / len(ys):.4f}, "
            f"{identity['start']} to {identity['end']}, grid {identity['grid']['crs']} "
            f"{identity['grid']['width']} x {identity['grid']['height']} px, "
            f"options {changed or 'as the paper'}, recipe {identity['recipe_version']}")


def refuse_duplicate_ids(requests: list, dataset_name: str | None = None) -> None:
    """Two different ROIs with one id would share one scene folder entry: refused."""
    seen: dict = {}
    for roi, season in requests:
        key = (layout.dataset_name(season.name, roi.seed, dataset_name), roi.id)
        other = seen.setdefault(key, roi)
        if other is not roi and list(other.ring) != list(roi.ring):
            raise InputError(
                f"ROI id {roi.id} is used by two different ROIs in {key[0]}; scenes are stored by id, so "
                "give every ROI its own id.")


def _prior(roi: Roi, s1: Path, s2: Path, identity: dict, overwrite: bool) -> dict | None:
    """The record of the scene already there if it has this identity; None when there is none.

    Another identity stops the run with both named, unless ``overwrite``: then exactly this
    scene's files are removed.
    """
    present = [f for f in scene_files(s1, s2, roi) if f.exists()]
    if not present:
        return None
    try:
        old = json.loads(record_path(s1, roi).read_text())
    except (OSError, ValueError):
        old = None
    if isinstance(old, dict) and old.get("identity") == identity:
        return old
    if not overwrite:
        previous = old.get("identity") if isinstance(old, dict) else None
        raise InputError(
            f"{s1.parent} already holds scene {roi.id} made from {_describe(previous)}; this run asks for "
            f"{_describe(identity)}. Choose another output folder or dataset name, or set OVERWRITE to "
            "replace that scene.")
    try:
        for path in present:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    except OSError as exc:
        raise output_error(exc, path) from exc
    return None


def check_availability(roi: Roi, season: Season, options: graph.RecipeOptions,
                       policy: RetryPolicy | None = None, cancelled: Callable[[], bool] | None = None) -> tuple:
    """Image counts and ids for the ROI and season, and why it must be dropped (or None)."""
    info = retry.call(graph.availability(roi, season, options).getInfo, policy, cancelled)
    reasons = []
    if not info.get("s1"):
        reasons.append(f"no Sentinel-1 GRD IW {'+'.join(options.s1_bands)} image")
    if not info.get("s2"):
        reasons.append(f"no Sentinel-2 image with at most {options.max_cloud:g} % cloud")
    reason = " and ".join(reasons)
    if reason:
        reason = f"{reason} between {season.start} and {season.end}"
    return info, reason or None


def _write_record(path: Path, identity: dict, info: dict, complete: bool) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps({
            "roi": identity["roi"], "season": identity["season"], "start": identity["start"],
            "end": identity["end"], "utm_epsg": int(identity["grid"]["crs"].split(":")[1]),
            "grid": identity["grid"]["transform"], "width": identity["grid"]["width"],
            "height": identity["grid"]["height"], "s1_ids": list(info.get("s1_ids", [])),
            "s2_ids": list(info.get("s2_ids", [])), "complete": complete, "identity": identity,
        }, indent=1))


def fetch_scene_pairs(
    requests: Iterable,
    output,
    options: graph.RecipeOptions = graph.RecipeOptions(),
    *,
    dataset_name: str | None = None,
    fetch: Fetch = compute_pixels,
    concurrency: int = DEFAULT_CONCURRENCY,
    policy: RetryPolicy | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    log: Callable[[str], None] = lambda message: None,
    overwrite: bool = False,
) -> FetchResult:
    """Check availability, then download both scenes of every kept ROI and season, all tiles in one pool.

    A ROI outside Sentinel-2 coverage or without images is dropped with its reason. A scene
    already made from the same inputs is kept (resume); one made from other inputs stops the
    run (or, with ``overwrite``, is replaced).
    """
    output = ensure_writable_dir(output)
    requests = list(requests)
    refuse_duplicate_ids(requests, dataset_name)
    unique = {}
    for roi, season in requests:  # the same ROI and season twice is one request
        unique.setdefault((roi.id, roi.seed, season.name), (roi, season))
    requests = list(unique.values())
    result = FetchResult()
    todo = []
    for roi, season in requests:
        problem = coverage_problem(roi)
        if problem:
            result.dropped.append(DroppedRequest(roi, season, problem))
            log(f"ROI {roi.id}, {season.name}: dropped, {problem}")
            continue
        s1, s2 = scene_paths(output, roi, season, dataset_name)
        grid = roi_grid(roi)
        identity = scene_identity(roi, season, options, grid)
        prior = _prior(roi, s1, s2, identity, overwrite)
        if prior and prior.get("complete") and s1.exists() and s2.exists():
            result.scenes.append(ScenePair(roi, season, s1, s2, tuple(prior.get("s1_ids", ())),
                                           tuple(prior.get("s2_ids", ()))))
            log(f"ROI {roi.id}, {season.name}: already downloaded with the same inputs")
            continue
        todo.append((roi, season, s1, s2, grid, identity))

    def ask(item):
        return check_availability(item[0], item[1], options, policy, cancelled)

    with ThreadPoolExecutor(max_workers=max(1, min(8, concurrency, len(todo) or 1))) as pool:
        answers = list(pool.map(ask, todo))
    if cancelled and cancelled():
        raise Cancelled("Fetching cancelled; finished scenes are kept and a re-run resumes.")
    jobs, kept = [], []
    for (roi, season, s1, s2, grid, identity), (info, reason) in zip(todo, answers):
        if reason:
            result.dropped.append(DroppedRequest(roi, season, reason))
            log(f"ROI {roi.id}, {season.name}: dropped, {reason}")
            continue
        s1.parent.mkdir(parents=True, exist_ok=True)
        _write_record(record_path(s1, roi), identity, info, complete=False)
        jobs += [DownloadRequest(graph.s1_download(roi, season, options), grid, options.s1_bands, S1_DTYPE, S1_NODATA, s1),
                 DownloadRequest(graph.s2_download(roi, season, options), grid, options.s2_bands, S2_DTYPE, S2_NODATA, s2)]
        kept.append((roi, season, s1, s2, identity, info))
    if progress:
        progress(0.05)
    download_images(jobs, fetch, concurrency=concurrency, policy=policy, cancelled=cancelled,
                    progress=(lambda f: progress(0.05 + 0.95 * f)) if progress else None)
    for roi, season, s1, s2, identity, info in kept:
        _write_record(record_path(s1, roi), identity, info, complete=True)
        result.scenes.append(ScenePair(roi, season, s1, s2, tuple(info.get("s1_ids", ())),
                                       tuple(info.get("s2_ids", ()))))
        log(f"ROI {roi.id}, {season.name}: {s1.name} and {s2.name} written")
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

# Operation states (REST reference, OperationMetadata.State) in the task words the Code Editor
# uses (ee/_cloud_api_utils.py, TASK_TO_OPERATION_STATE).
TASK_STATES = {"PENDING": "READY", "RUNNING": "RUNNING", "CANCELLING": "CANCEL_REQUESTED",
               "SUCCEEDED": "COMPLETED", "CANCELLED": "CANCELLED", "FAILED": "FAILED"}


def start_exports(roi: Roi, season: Season, options: graph.RecipeOptions, *, destination: str = "drive",
                  folder: str = "sen12", bucket: str | None = None, dataset_name: str | None = None,
                  policy: RetryPolicy | None = None, cancelled: Callable[[], bool] | None = None) -> list:
    """Start ``Export.image.toDrive`` (or ``toCloudStorage``) tasks for both scenes; their task ids.

    Same pinned grid, types and no-data as downloads; the GeoTIFF carries the no-data tag
    (``formatOptions.noData``).
    """
    ee = require_ee()
    if destination not in ("drive", "gcs"):
        raise InputError(f"Export destination {destination!r}: use drive or gcs.")
    if destination == "gcs" and not bucket:
        raise InputError("Cloud Storage export needs a bucket name.")
    grid = roi_grid(roi)
    dataset = layout.dataset_name(season.name, roi.seed, dataset_name)
    ids = []
    for sensor, image, nodata in (("s1", graph.s1_download(roi, season, options), S1_NODATA),
                                  ("s2", graph.s2_download(roi, season, options), S2_NODATA)):
        common = dict(image=image, description=f"{dataset}_{sensor}_{roi.id}", fileNamePrefix=f"{dataset}_{sensor}_{roi.id}",
                      crs=grid.crs, crsTransform=list(grid.transform),
                      dimensions=f"{grid.width}x{grid.height}", fileFormat="GeoTIFF", maxPixels=10**13,
                      formatOptions={"cloudOptimized": True, "noData": float(nodata)})
        if destination == "drive":
            task = ee.batch.Export.image.toDrive(folder=folder, **common)
        else:
            task = ee.batch.Export.image.toCloudStorage(bucket=bucket, **common)
        # The task carries a request id, so a retried start cannot start it twice (ee/batch.py, Task.start).
        retry.call(task.start, policy, cancelled)
        ids.append(task.id)
    return ids


def export_status(policy: RetryPolicy | None = None, cancelled: Callable[[], bool] | None = None) -> list:
    """The user's export tasks (all pages), newest first: id, description, state, error."""
    ee = require_ee()
    operations = retry.call(ee.data.listOperations, policy, cancelled)
    rows = []
    for op in operations:
        meta = op.get("metadata", {})
        state = meta.get("state", "")
        rows.append({"id": op.get("name", "").rsplit("/", 1)[-1], "description": meta.get("description", ""),
                     "state": TASK_STATES.get(state, state or "UNKNOWN"),
                     "error": op.get("error", {}).get("message", "")})
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
    stats = retry.call(image.select(vis["bands"]).reduceRegion(
        ee.Reducer.percentile([lo_q, hi_q]), graph.roi_geometry(roi), 100, bestEffort=True).getInfo)
    lows = [max(vis["min"], stats.get(f"{b}_p{int(lo_q)}", vis["min"]) or vis["min"]) for b in vis["bands"]]
    highs = [min(vis["max"], stats.get(f"{b}_p{int(hi_q)}", vis["max"]) or vis["max"]) for b in vis["bands"]]
    return {"bands": vis["bands"], "min": lows, "max": highs}


def preview_url(image, vis: dict) -> str:
    """An XYZ tile URL for the image, as the Earth Engine plugin for QGIS shows it."""
    return retry.call(lambda: image.getMapId(vis))["tile_fetcher"].url_format
