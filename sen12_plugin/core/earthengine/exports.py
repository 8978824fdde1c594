"""Batch exports (``Export.image.toDrive``/``toCloudStorage``) and map-tile previews of the recipe's images."""

from __future__ import annotations

from collections.abc import Callable

from .. import layout, recipe
from ..errors import InputError
from ..i18n import _
from ..rois import Roi
from ..seasons import Season
from . import graph, require_ee, retry
from .graph import S1_NODATA, S2_NODATA
from .retry import RetryPolicy
from .tiling import roi_grid

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
        raise InputError(_("Export destination {destination!r}: use drive or gcs.").format(
                             destination=destination))
    if destination == "gcs" and not bucket:
        raise InputError(_("Cloud Storage export needs a bucket name."))
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
    """The user's export tasks (all pages), newest first: id, description, state, error, and
    ``eecu_seconds``: the compute a task used, which Earth Engine reports in the operation's
    metadata as ``batchEecuUsageSeconds`` (REST reference, OperationMetadata; the client's task
    status calls it ``batch_eecu_usage_seconds``, ee/_cloud_api_utils.py), None until it is known."""
    ee = require_ee()
    operations = retry.call(ee.data.listOperations, policy, cancelled)
    rows = []
    for op in operations:
        meta = op.get("metadata", {})
        state = meta.get("state", "")
        rows.append({"id": op.get("name", "").rsplit("/", 1)[-1], "description": meta.get("description", ""),
                     "state": TASK_STATES.get(state, state or "UNKNOWN"),
                     "error": op.get("error", {}).get("message", ""),
                     "eecu_seconds": _number(meta.get("batchEecuUsageSeconds"))})
    return rows


def _number(value) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


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
