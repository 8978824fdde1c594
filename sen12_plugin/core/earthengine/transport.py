"""The one place that downloads pixels: tiles in parallel, retried, resumable, then one COG.

Each tile of the ROI's pinned grid is fetched with ``ee.data.computePixels`` (explicit CRS and
``crsTransform``), several at a time, retried with exponential backoff on 429/5xx and network
faults, split in four on "memory limit exceeded", and kept in ``<scene>.tif.tiles/`` as it
arrives, so a re-run fetches only the missing tiles. When all are there they are mosaicked
into one tiled, compressed, cloud-optimized GeoTIFF with no-data set, written atomically: a
partial scene never looks finished.
"""

from __future__ import annotations

import random
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ..errors import Cancelled, OutputError, Sen12Error
from ..fsutil import atomic_path, output_error
from . import require_ee
from .tiling import PixelGrid, Tile, plan_tiles, split_tile, tile_side

Fetch = Callable[[object, PixelGrid, Sequence[str]], bytes]


class TransportError(Sen12Error):
    """A download failed for good; the message says why and what to do."""


class RetryableError(TransportError):
    pass


class TooLargeError(TransportError):
    pass


class AuthError(TransportError):
    pass


@dataclass(frozen=True)
class DownloadRequest:
    image: object  # ee.Image
    grid: PixelGrid
    bands: tuple[str, ...]
    dtype: str  # of the bands as requested
    nodata: float | int
    path: Path


@dataclass
class RetryPolicy:
    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int) -> float:
        """Exponential backoff with full jitter (attempt counts from 1)."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


_RETRY_WORDS = ("too many", "rate limit", "resource_exhausted", "internal error", "unavailable",
                "deadline", "try again", "backend error", "timed out", "timeout")
_SPLIT_WORDS = ("memory limit", "too large", "payload size", "total request size", "exceeds the limit")
_AUTH_WORDS = ("unauthenticated", "invalid authentication", "permission_denied", "not registered",
               "caller does not have", "invalid_grant")
_QUOTA_WORDS = ("quota",)


def classify(exc: BaseException) -> TransportError:
    """Turn whatever the client raised into a retryable, split, auth or final error."""
    status = None
    context = exc.__context__ or exc.__cause__
    resp = getattr(context, "resp", None) or getattr(exc, "resp", None)
    if resp is not None:
        status = int(getattr(resp, "status", 0) or 0)
    text = str(exc)
    low = text.lower()
    if any(w in low for w in _SPLIT_WORDS):
        return TooLargeError(text)
    if status in (401, 403) or any(w in low for w in _AUTH_WORDS):
        return AuthError(
            f"Earth Engine refused the request ({text}). Sign in again, and check that the "
            "project is registered for Earth Engine."
        )
    if status == 429 or (status and status >= 500) or any(w in low for w in _RETRY_WORDS + _QUOTA_WORDS):
        return RetryableError(text)
    if isinstance(exc, (OSError, ConnectionError, TimeoutError)) or type(exc).__name__ in (
        "ServerNotFoundError", "RelativeURIError", "HttpLib2Error", "RemoteDisconnected",
    ):
        return RetryableError(f"network error: {text or type(exc).__name__}")
    if "not found" in low or "does not exist" in low or "not exist" in low:
        return TransportError(f"Earth Engine does not know the requested data: {text}")
    return TransportError(f"Earth Engine could not compute the image: {text}")


def compute_pixels(image, grid: PixelGrid, bands: Sequence[str]) -> bytes:
    """One GeoTIFF tile from ``ee.data.computePixels`` on the given grid."""
    ee = require_ee()
    a, b, c, d, e, f = grid.transform
    return ee.data.computePixels({
        "expression": image,
        "fileFormat": "GEO_TIFF",
        "bandIds": list(bands),
        "grid": {
            "dimensions": {"width": grid.width, "height": grid.height},
            "affineTransform": {"scaleX": a, "shearX": b, "translateX": c,
                                "shearY": d, "scaleY": e, "translateY": f},
            "crsCode": grid.crs,
        },
    })


class _Run:
    def __init__(self, req: DownloadRequest, fetch: Fetch, policy: RetryPolicy,
                 cancelled: Callable[[], bool] | None) -> None:
        self.req, self.fetch, self.policy = req, fetch, policy
        self.cancelled = cancelled or (lambda: False)
        self.stop = threading.Event()
        self.tiles_dir = req.path.with_name(req.path.name + ".tiles")

    def is_stopped(self) -> bool:
        if self.cancelled():
            self.stop.set()
        return self.stop.is_set()

    def tile_path(self, tile: Tile) -> Path:
        return self.tiles_dir / f"{tile.name}_{tile.width}x{tile.height}.tif"

    def done_tiles(self) -> list[Path]:
        return sorted(self.tiles_dir.glob("tile_*.tif"))

    def fetch_tile(self, tile: Tile) -> list[Tile]:
        """Fetch one tile with retries; returns the sub-tiles to fetch instead, if it was too large."""
        for attempt in range(1, self.policy.max_attempts + 1):
            if self.is_stopped():
                return []
            try:
                data = self.fetch(self.req.image, self.req.grid.window(
                    tile.col_off, tile.row_off, tile.width, tile.height), self.req.bands)
                self._store(tile, data)
                return []
            except TransportError as exc:
                error = exc
            except OutputError:
                raise
            except Exception as exc:  # noqa: BLE001 - classified right here
                error = classify(exc)
            if isinstance(error, TooLargeError):
                if tile.width <= 64 or tile.height <= 64:
                    raise TransportError(f"Earth Engine ran out of memory even for a {tile.width} px tile: {error}")
                return split_tile(tile)
            if not isinstance(error, RetryableError):
                raise error
            if attempt == self.policy.max_attempts:
                raise TransportError(
                    f"Earth Engine kept failing after {attempt} tries ({error}). If it says quota, "
                    "wait and run again, or use batch export; finished tiles are kept and a re-run "
                    "fetches only the missing ones."
                )
            deadline = time.monotonic() + self.policy.delay(attempt)
            while time.monotonic() < deadline and not self.is_stopped():
                time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        return []

    def _store(self, tile: Tile, data: bytes) -> None:
        from rasterio.io import MemoryFile

        try:
            with MemoryFile(data) as mem, mem.open() as ds:
                ok = (ds.width, ds.height) == (tile.width, tile.height)
        except Exception:  # noqa: BLE001 - any unreadable answer is a bad tile
            ok = False
        if not ok:
            raise RetryableError(f"Earth Engine sent an unreadable or wrong-sized tile for {tile.name}")
        with atomic_path(self.tile_path(tile)) as tmp:
            tmp.write_bytes(data)


def download_image(
    req: DownloadRequest,
    fetch: Fetch = compute_pixels,
    *,
    workers: int = 4,
    policy: RetryPolicy | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_request_bytes: int | None = None,
) -> Path:
    """Download one image on its pinned grid to ``req.path`` (a COG); resumes unfinished runs.

    Raises:
        Cancelled: ``cancelled()`` became true (returns within about a second; tiles kept).
        TransportError / AuthError: Earth Engine failed for good; the message says why.
        OutputError: the disk is full or the folder not writable.
    """
    if req.path.exists():
        return req.path
    run = _Run(req, fetch, policy or RetryPolicy(), cancelled)
    try:
        run.tiles_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, run.tiles_dir) from exc
    side = tile_side(len(req.bands), req.dtype, *(() if max_request_bytes is None else (max_request_bytes,)))
    todo = [t for t in plan_tiles(req.grid, side) if not _covered(run, t)]
    total = len(todo) or 1
    finished = 0
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="sen12-ee")
    pending: dict[Future, Tile] = {}
    try:
        queue = list(todo)
        while queue or pending:
            while queue and len(pending) < max(1, workers):
                tile = queue.pop(0)
                pending[pool.submit(run.fetch_tile, tile)] = tile
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            if run.is_stopped():
                raise Cancelled("Download cancelled; finished tiles are kept and a re-run resumes.")
            for future in done:
                pending.pop(future)
                parts = future.result()
                if parts:
                    total += len(parts) - 1
                    queue.extend(parts)
                else:
                    finished += 1
                if progress:
                    progress(min(0.95, 0.95 * finished / total))
    except BaseException:
        run.stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    _mosaic(run)
    shutil.rmtree(run.tiles_dir, ignore_errors=True)
    if progress:
        progress(1.0)
    return req.path


def _covered(run: _Run, tile: Tile) -> bool:
    """Whether a finished tile (or the quarters it was split into) already covers ``tile``."""
    if run.tile_path(tile).exists():
        return True
    area = 0
    for path in run.done_tiles():
        row, col, w, h = _tile_box(path)
        if tile.row_off <= row < tile.row_off + tile.height and tile.col_off <= col < tile.col_off + tile.width:
            area += w * h
    return area >= tile.width * tile.height


def _tile_box(path: Path) -> tuple[int, int, int, int]:
    _, row, col, size = path.stem.split("_")
    w, h = size.split("x")
    return int(row), int(col), int(w), int(h)


def _mosaic(run: _Run) -> None:
    import numpy as np
    import rasterio
    from rasterio.shutil import copy as rio_copy
    from rasterio.windows import Window

    req = run.req
    grid = req.grid
    profile = dict(driver="GTiff", width=grid.width, height=grid.height, count=len(req.bands),
                   dtype=req.dtype, crs=grid.crs, transform=rasterio.Affine(*grid.transform),
                   nodata=req.nodata, tiled=True, blockxsize=512, blockysize=512,
                   compress="deflate", BIGTIFF="IF_SAFER")
    staging = req.path.with_name(req.path.name + ".staging")
    try:
        with rasterio.open(staging, "w", **profile) as dst:
            dst.descriptions = tuple(req.bands)
            for path in run.done_tiles():
                row, col, w, h = _tile_box(path)
                with rasterio.open(path) as src:
                    data = src.read(out_dtype=req.dtype, masked=True)
                    filled = np.ma.filled(data, req.nodata)
                    dst.write(filled, window=Window(col, row, w, h))
        with atomic_path(req.path) as tmp:
            rio_copy(staging, tmp, driver="COG", compress="DEFLATE",
                     predictor="2" if req.dtype != "float32" else "3", BIGTIFF="IF_SAFER")
    except OSError as exc:
        raise output_error(exc, req.path) from exc
    finally:
        staging.unlink(missing_ok=True)
