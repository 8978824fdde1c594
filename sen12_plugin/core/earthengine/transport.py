"""The one place that downloads pixels: every tile of every image through one pool, then COGs.

Each image is cut into equal tiles on its ROI's pinned grid (explicit CRS and ``crsTransform``)
and fetched with ``ee.data.computePixels``. All tiles of all images of a fetch share one pool of
``concurrency`` threads, longest first, so the project's concurrent-request quota stays busy to
the end. How many requests are in flight follows the project (:class:`AdaptiveLimit`): it starts
at ``concurrency`` (Earth Engine's default of 40), halves when the service refuses for quota and
grows back by one at a time, so a legacy project's 20 works without a failed run. Each try
follows the one retry policy (:mod:`.retry`); a tile the service finds too big or too slow
("User memory limit exceeded.", "Computation timed out.", or no answer within the request
deadline) is split in four rather than asked again. A cancelled or failed run shuts the
connections of its requests, so its threads are free at once, not at the deadline. Tiles are
checked (size, type, grid, no-data) and kept in
``<scene>.tif.tiles/`` with the plan and each tile's size and checksum (``core.resume``, the
extraction's resume rule too), so a re-run fetches only what is missing or not what was stored,
and only for the same request (image, grid, bands). A finished image
is mosaicked into a tiled, compressed, cloud-optimized GeoTIFF, written atomically.

No-data: the graph fills masked pixels with the project's value (graph.with_nodata), but Earth
Engine tags each GeoTIFF with a no-data value of the tile's type whatever the graph did: -inf
for floats, 0 for unsigned and the minimum for signed integers (geedim's live test
tests/integration.py::test_ee_geotiff_nodata, geedim/image.py ``_nodata_vals``, Google issue
350528377). So a tile's pixels equal to its tag, to the fill asked for, or NaN are no-data, and
the finished scene holds the project's value there; only a tag that real pixels of the sensor
can take is refused (it would hide real data or pass masked pixels as real).
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from .. import resume
from ..errors import Cancelled, Sen12Error
from ..fsutil import atomic_path, output_error
from ..i18n import N_, _
from ..jobs import JobRunner, failure_sentence
from . import require_ee, retry
from .retry import DeadlineError, QuotaError, RetryableError, RetryPolicy, TooLargeError, TransportError
from .tiling import MAX_REQUEST_BYTES, PixelGrid, Tile, plan_fetch, split_tile

Fetch = Callable[[object, PixelGrid, Sequence[str]], bytes]

# Earth Engine's default limit of concurrent interactive requests per project (Earth Engine
# quota documentation); lower it when the project is shared with other work.
DEFAULT_CONCURRENCY = 40
MIN_SPLIT_SIDE = 64
CANCELLED_TEXT = N_("Download cancelled; finished tiles are kept and a re-run resumes.")

# Images being assembled, by path, across runs: a stopped run leaves its COG to finish (and then
# removes the tiles), so a re-run of the same image waits for it rather than assembling it twice.
_ASSEMBLING: dict[Path, Future] = {}
_ASSEMBLING_LOCK = threading.Lock()


@dataclass(frozen=True)
class DownloadRequest:
    image: object  # ee.Image, cast to ``dtype`` and unmasked to ``nodata`` (graph.download_image)
    grid: PixelGrid
    bands: tuple
    dtype: str
    nodata: Union[float, int]
    path: Path
    valid: tuple | None = None  # (lowest, highest) value real pixels can take; None: every finite value


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


class AdaptiveLimit:
    """How many requests may be in flight: additive increase, multiplicative decrease.

    Starts at ``ceiling`` (the setting); a quota refusal halves it, once per round (a refusal of
    a request sent before the last cut does not cut again, as TCP's congestion window); after
    as many successes in a row as the limit it grows by one, up to the ceiling. A request waits
    for a free slot (cancellable) before each try, retries included, so a try that was refused
    does not hold a slot while it waits.
    """

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, int(ceiling))
        self.current = self.ceiling
        self.lowest = self.ceiling
        self.in_flight = 0
        self.refusals = 0
        self._successes = 0
        self._last_cut = float("-inf")
        self._changed = threading.Condition()

    @contextmanager
    def slot(self, stopped: Callable[[], bool] = lambda: False) -> Iterator[float]:
        """Hold one of the ``current`` slots for one try; yields when the try started."""
        with self._changed:
            while self.in_flight >= self.current:
                if stopped():
                    raise Cancelled(_(CANCELLED_TEXT))
                self._changed.wait(0.05)
            self.in_flight += 1
        try:
            yield time.monotonic()
        finally:
            with self._changed:
                self.in_flight -= 1
                self._changed.notify_all()

    def refused(self, started: float) -> None:
        """The try sent at ``started`` was refused for quota."""
        with self._changed:
            self.refusals += 1
            if started > self._last_cut:
                self.current = max(1, self.current // 2)
                self.lowest = min(self.lowest, self.current)
                self._last_cut = time.monotonic()
                self._successes = 0

    def succeeded(self) -> None:
        with self._changed:
            self._successes += 1
            if self._successes >= self.current and self.current < self.ceiling:
                self.current += 1
                self._successes = 0
                self._changed.notify_all()


class RequestGroup:
    """The requests of one run, so that a cancel or a failure can end them at once.

    A thread marks itself with :meth:`enter` before its requests; each HTTP connection notes the
    group of the thread that sends on it (:func:`http_adapter`). :meth:`release` shuts those
    connections' sockets: a thread blocked waiting for an answer returns at once (with a network
    error the retry loop turns into ``Cancelled``), instead of at the request deadline.
    """

    def enter(self) -> None:
        _sender.group = self

    def release(self) -> None:
        with _connections_lock:
            mine = [c for c in _connections if getattr(c, "sen12_group", None) is self]
        for connection in mine:
            sock = getattr(connection, "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed


_sender = threading.local()
_connections: weakref.WeakSet = weakref.WeakSet()
_connections_lock = threading.Lock()


def http_adapter(connections: int):
    """A requests adapter keeping one connection per parallel request (requests keeps 10 by
    default) whose connections note the :class:`RequestGroup` that sends on them."""
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Noted:
        def request(self, *args, **kwargs):
            self.sen12_group = getattr(_sender, "group", None)
            with _connections_lock:
                _connections.add(self)
            return super().request(*args, **kwargs)

    class NotedHTTP(Noted, HTTPConnection):
        pass

    class NotedHTTPS(Noted, HTTPSConnection):
        pass

    class NotedHTTPPool(HTTPConnectionPool):
        ConnectionCls = NotedHTTP

    class NotedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = NotedHTTPS

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": NotedHTTPPool, "https": NotedHTTPSPool}

    return Adapter(pool_connections=4, pool_maxsize=max(10, connections))


def _same_value(a: float, b: float) -> bool:
    return a == b or (a != a and b != b)  # NaN equals NaN here


def tag_problem(tag, req: DownloadRequest) -> str | None:
    """Why a tile's no-data tag cannot be one more no-data marker, or None when it can."""
    if tag is None:
        return None
    tag = float(tag)
    if tag != tag or _same_value(tag, float(req.nodata)) or tag in (float("inf"), float("-inf")):
        return None
    low, high = req.valid if req.valid is not None else (float("-inf"), float("inf"))
    if not low <= tag <= high:
        return None
    where = f"{low:g} to {high:g}" if req.valid is not None else _("any finite value")
    return (_("Earth Engine marked no-data as {tag} in a tile of {name}, a value its pixels really take "
              "({where}), so masked pixels cannot be told from real ones; the tile is refused. Run again later "
              "or use batch export (sen12:export_scenes).").format(tag=tag, name=req.path.name, where=where))


def to_project_nodata(data, tag, nodata):
    """``data`` with every no-data marker (the tile's tag, NaN) set to the project's ``nodata``, in place."""
    import numpy as np

    if data.dtype.kind == "f":
        data[np.isnan(data)] = nodata
    if tag is not None and not _same_value(float(tag), float(nodata)) and float(tag) == float(tag):
        data[data == tag] = nodata
    return data


class _Scene:
    """One image being downloaded: its tile plan (kept on disk) and the tiles that arrived."""

    def __init__(self, req: DownloadRequest) -> None:
        self.req = req
        self.tiles_dir = req.path.with_name(req.path.name + ".tiles")
        self.plan_path = self.tiles_dir / "plan.json"
        self.made = resume.Ledger(self.tiles_dir / "made")  # each stored tile's size and checksum
        self.request = _request_identity(req)
        self.tiles: list[Tile] = []
        self.redone = 0  # tiles on disk that were not what was stored: fetched again
        self.lock = threading.Lock()
        self.outstanding = 0

    def start(self, planned: list[Tile]) -> list[Tile]:
        """Reuse the plan of an unfinished run (its tiles fit together), else this one; the tiles to fetch."""
        try:
            self.tiles_dir.mkdir(parents=True, exist_ok=True)
            if self.plan_path.exists():
                kept = json.loads(self.plan_path.read_text())
                stored = [Tile(-1, *t) for t in kept["tiles"]]
                if kept.get("request") == self.request and self._covers_grid(stored):
                    planned = stored
                else:  # tiles of another request (image, grid, bands) or an older version: none can be used
                    shutil.rmtree(self.tiles_dir)
                    self.tiles_dir.mkdir(parents=True)
        except OSError as exc:
            raise output_error(exc, self.tiles_dir) from exc
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable plan: start over with this one
        self.tiles = planned
        self._save_plan()
        made = self.made.read()  # a tile is kept only when it is what was stored (resume.check)
        state = {t: resume.check(self.tile_path(t), made.get(self.tile_path(t).name, ()))[0] for t in self.tiles}
        todo = [t for t in self.tiles if state[t] != resume.KEPT]
        self.redone = sum(state[t] in (resume.CHANGED, resume.UNRECORDED) for t in todo)
        self.outstanding = len(todo)
        return todo

    def _covers_grid(self, tiles: list[Tile]) -> bool:
        grid = self.req.grid
        inside = all(t.col_off >= 0 and t.row_off >= 0 and t.col_off + t.width <= grid.width
                     and t.row_off + t.height <= grid.height for t in tiles)
        return inside and sum(t.width * t.height for t in tiles) == grid.width * grid.height

    def _save_plan(self) -> None:
        with atomic_path(self.plan_path) as tmp:
            tmp.write_text(json.dumps({"request": self.request,
                                       "tiles": [[t.col_off, t.row_off, t.width, t.height] for t in self.tiles]}))

    def replace(self, tile: Tile, parts: list[Tile]) -> None:
        with self.lock:
            self.tiles = [t for t in self.tiles if (t.col_off, t.row_off, t.width, t.height)
                          != (tile.col_off, tile.row_off, tile.width, tile.height)] + parts
            self._save_plan()
            self.outstanding += len(parts) - 1

    def tile_path(self, tile: Tile) -> Path:
        return self.tiles_dir / f"{tile.name}_{tile.width}x{tile.height}.tif"

    def store(self, tile: Tile, data: bytes) -> None:
        """Keep a tile that is what was asked for; refuse one that is not."""
        self.check(tile, data)
        with atomic_path(self.tile_path(tile)) as tmp:
            tmp.write_bytes(data)
        self.made.write(self.tile_path(tile).stem, {self.tile_path(tile).name: resume.Made.of_bytes(data)})

    def check(self, tile: Tile, data: bytes) -> None:
        from rasterio.io import MemoryFile

        req = self.req
        try:
            with MemoryFile(data) as mem, mem.open() as ds:
                size, count, dtypes, nodata = (ds.width, ds.height), ds.count, ds.dtypes, ds.nodata
                transform, epsg = tuple(ds.transform)[:6], ds.crs.to_epsg() if ds.crs else None
        except Exception:  # noqa: BLE001 - any unreadable answer is a broken transfer
            raise RetryableError(_("Earth Engine sent an unreadable tile for {name}").format(name=tile.name)) from None
        if size != (tile.width, tile.height):
            raise RetryableError(_("Earth Engine sent a {value} x {value2} px tile for a {width} x {height} px "
                                   "request").format(
                                     value=size[0], value2=size[1], width=tile.width, height=tile.height))
        if count != len(req.bands) or any(d != req.dtype for d in dtypes):
            raise TransportError(
                _("Earth Engine sent {count} band(s) of {value} for {name} where {n_bands} band(s) of {dtype} "
                  "were asked; the tile is refused.").format(
                    count=count, value=', '.join(sorted(set(dtypes))), name=req.path.name, n_bands=len(req.bands), dtype=req.dtype))
        problem = tag_problem(nodata, req)
        if problem:
            raise TransportError(problem)
        window = req.grid.window(tile.col_off, tile.row_off, tile.width, tile.height)
        if epsg != req.grid.crs_epsg or any(abs(a - b) > 1e-6 for a, b in zip(transform, window.transform)):
            raise TransportError(
                _("Earth Engine sent a tile of {name} on another grid (EPSG:{epsg}, {transform}) than asked "
                  "({crs}, {transform2}); the tile is refused.").format(
                    name=req.path.name, epsg=epsg, transform=transform, crs=window.crs, transform2=window.transform))


def _request_identity(req: DownloadRequest) -> str:
    """What the tiles on disk must have been fetched for: the image's expression (serialized by
    the client, no request) and the grid, bands, type and no-data asked."""
    try:
        image = req.image.serialize()
    except Exception:  # noqa: BLE001 - not an ee object (a test's stand-in): its type stands for it
        image = type(req.image).__name__
    grid = req.grid
    return resume.request_identity({"image": image, "grid": [grid.crs_epsg, grid.x0, grid.y0, grid.width,
                                                             grid.height, grid.scale],
                                    "bands": list(req.bands), "dtype": req.dtype, "nodata": req.nodata})


def _fetch_tile(scene: _Scene, tile: Tile, fetch: Fetch, policy: RetryPolicy,
                stopped: Callable[[], bool], limit: AdaptiveLimit | None = None) -> list[Tile]:
    """Fetch and keep one tile; the quarters to fetch instead if it was too big or too slow."""
    req = scene.req
    window = req.grid.window(tile.col_off, tile.row_off, tile.width, tile.height)
    limit = limit or AdaptiveLimit(1 << 30)
    splittable = min(tile.width, tile.height) >= 2 * MIN_SPLIT_SIDE

    def attempt() -> None:
        with limit.slot(stopped) as started:
            try:
                data = fetch(req.image, window, req.bands)
            except Exception as exc:  # noqa: BLE001 - classified right here
                error = retry.classify(exc)
                if isinstance(error, QuotaError):
                    limit.refused(started)
                if isinstance(error, DeadlineError) and splittable:  # it would be as slow again
                    raise TooLargeError(_("no answer within the request deadline ({error})").format(
                                            error=error)) from exc
                raise error from exc
        limit.succeeded()
        scene.store(tile, data)

    try:
        retry.call(attempt, policy, stopped)
    except TooLargeError as exc:
        if min(tile.width, tile.height) < 2 * MIN_SPLIT_SIDE:
            raise TransportError(
                _("Earth Engine could not compute even a {width} x {height} px tile ({exc}). Try again later "
                  "or use batch export.").format(width=tile.width, height=tile.height, exc=exc)) from None
        return split_tile(tile)
    return []


_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def request_pool(workers: int) -> ThreadPoolExecutor:
    """The session's pool of request threads, kept between fetches (threads are slow to start
    on a busy machine); each fetch limits itself to its own concurrency."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < workers:
            if _pool is not None:
                _pool.shutdown(wait=False)  # its threads end when their requests do
            _pool_size = max(workers, DEFAULT_CONCURRENCY)
            _pool = ThreadPoolExecutor(max_workers=_pool_size, thread_name_prefix="sen12-ee")
        return _pool


def _defines_nodata(req: DownloadRequest) -> None:
    from .graph import defines_nodata

    if not defines_nodata(req.image, req.dtype, req.nodata):
        raise TransportError(
            _("The request for {name} does not cast to {dtype} and fill masked pixels with {nodata}; its "
              "masked pixels could not be told from real ones, so it is not sent.").format(
                name=req.path.name, dtype=req.dtype, nodata=req.nodata))


def download_images(
    reqs: Sequence[DownloadRequest],
    fetch: Fetch = compute_pixels,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    policy: RetryPolicy | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    max_request_bytes: int = MAX_REQUEST_BYTES,
    assemble: bool = True,
    adaptive: AdaptiveLimit | None = None,
    meter=None,
    log: Callable[[str], None] | None = None,
) -> list[Path]:
    """Download images on their pinned grids through one pool; resumes unfinished runs.

    ``concurrency`` is where the number of requests in flight starts and its ceiling; pass
    ``adaptive`` to read how it moved (``lowest``, ``refusals``) afterwards.
    ``log``: told of stored tiles that are fetched again.
    ``meter`` (a :class:`.cost.Meter`) measures the first requests and makes the run's plan; with
    its ``plan_first`` those requests run alone and the plan is decided on (budget, plan only)
    before any other starts.

    Raises:
        Cancelled: ``cancelled()`` became true (returns within about a second; tiles kept).
        TransportError / AuthError / QuotaError: Earth Engine failed for good; the message says why.
        OutputError: the disk is full or the folder not writable.
    """
    policy = policy or RetryPolicy()
    concurrency = max(1, int(concurrency))
    _wait_for_assembly_of(reqs)
    scenes = [_Scene(r) for r in reqs if not r.path.exists()]
    for scene in scenes:
        _defines_nodata(scene.req)
    plans = plan_fetch([(s.req.grid, len(s.req.bands), s.req.dtype) for s in scenes], concurrency, max_request_bytes)
    queue = [(s, t) for s, plan in zip(scenes, plans) for t in s.start(plan)]
    for scene in scenes:
        if scene.redone and log is not None:
            log(_("{name}: {n} stored tile(s) were not what was fetched (another size or checksum: truncated, "
                  "emptied or replaced) and are fetched again.").format(name=scene.req.path.name, n=scene.redone))
    queue.sort(key=lambda item: -item[1].width * item[1].height)  # longest first
    first, queue, fetch = _metered(queue, meter, fetch)
    runner = JobRunner(cancelled, progress, cancel_text=_(CANCELLED_TEXT), failure=_failure, poll=0.1)
    assembler = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sen12-cog")
    mosaics: list[Future] = []
    limit = adaptive if adaptive is not None else AdaptiveLimit(concurrency)
    group = RequestGroup()

    def assemble_scene(scene: _Scene) -> Future:
        future = runner.start(assembler, _mosaic, scene, _assembling)
        with _ASSEMBLING_LOCK:
            _ASSEMBLING[scene.req.path] = future
        future.add_done_callback(lambda done, path=scene.req.path: _assembled(path, done))
        return future

    def fetch_tile(scene: _Scene, tile: Tile) -> list[Tile]:
        group.enter()
        return _fetch_tile(scene, tile, fetch, policy, runner.stopped, limit)

    def fetched(job: tuple[_Scene, Tile], parts: list[Tile]) -> list[tuple[_Scene, Tile]]:
        scene, tile = job
        if parts:  # too big or too slow: its quarters go first
            scene.replace(tile, parts)
            return [(scene, p) for p in parts]
        scene.outstanding -= 1
        if not scene.outstanding and assemble:
            mosaics.append(assemble_scene(scene))
        if meter is not None:
            meter.tile_done()  # the plan once every kind was answered; the budget
        return []

    try:
        with runner:
            mosaics += [assemble_scene(s) for s in scenes if assemble and not s.outstanding]
            if first:  # the first requests alone, then the plan decides
                runner.run(request_pool(concurrency), fetch_tile, first, limit=concurrency, share=(0.0, 0.05),
                           describe=_fetching, then=fetched)
                meter.make_plan()
                if meter.options.plan_only:
                    queue = []
            runner.run(request_pool(concurrency), fetch_tile, queue, limit=concurrency,
                       share=(0.05 if first else 0.0, 0.85 if first else 0.9), describe=_fetching, then=fetched)
            runner.wait(mosaics, share=(0.9, 0.09))
    except BaseException:
        group.release()  # requests still waiting for an answer end now, their threads with them
        assembler.shutdown(wait=False, cancel_futures=True)  # a COG being written is left to finish
        raise
    assembler.shutdown(wait=True)
    if progress:
        progress(1.0)
    return [r.path for r in reqs]


def _wait_for_assembly_of(reqs: Sequence[DownloadRequest]) -> None:
    """Let images an earlier, stopped run is still assembling finish (or fail) first."""
    with _ASSEMBLING_LOCK:
        running = [_ASSEMBLING[r.path] for r in reqs if r.path in _ASSEMBLING]
    for future in running:
        try:
            future.result()
        except BaseException:  # noqa: BLE001 - its run reported it; this run starts the image anew
            pass


def _assembled(path: Path, future: Future) -> None:
    with _ASSEMBLING_LOCK:
        if _ASSEMBLING.get(path) is future:
            del _ASSEMBLING[path]


def _metered(queue: list, meter, fetch: Fetch) -> tuple[list, list, Fetch]:
    """The first requests (one of each kind, first in the queue) and the rest; ``fetch`` measured.

    Without ``plan_first`` the first requests just lead the one queue (no list of its own).
    """
    if meter is None or not queue:
        return [], queue, fetch
    probes = set(meter.begin([(s.req.bands, t.width * t.height, s.req.dtype) for s, t in queue]))
    ordered = [job for i, job in enumerate(queue) if i in probes] + [job for i, job in enumerate(queue) if i not in probes]
    if meter.plan_first:
        return ordered[:len(probes)], ordered[len(probes):], meter.wrap(fetch)
    return [], ordered, meter.wrap(fetch)


def _fetching(job: tuple[_Scene, Tile]) -> str:
    return f"{job[1].name} of {job[0].req.path.name}"


def _assembling(scene: _Scene) -> str:
    return scene.req.path.name


def _failure(exc: BaseException, what: str) -> Sen12Error:
    return failure_sentence(exc, what, _("finished tiles are kept and a re-run resumes."), TransportError)


def download_image(req: DownloadRequest, fetch: Fetch = compute_pixels, *, workers: int = DEFAULT_CONCURRENCY,
                   **kwargs) -> Path:
    """One image (see :func:`download_images`)."""
    return download_images([req], fetch, concurrency=workers, **kwargs)[0]


def _mosaic(scene: _Scene) -> None:
    import rasterio
    from rasterio.shutil import copy as rio_copy
    from rasterio.windows import Window

    req = scene.req
    grid = req.grid
    profile = dict(driver="GTiff", width=grid.width, height=grid.height, count=len(req.bands),
                   dtype=req.dtype, crs=grid.crs, transform=rasterio.Affine(*grid.transform),
                   nodata=req.nodata, tiled=True, blockxsize=512, blockysize=512,
                   compress="deflate", BIGTIFF="IF_SAFER")
    staging = req.path.with_name(req.path.name + ".staging")
    try:
        with rasterio.open(staging, "w", **profile) as dst:
            dst.descriptions = tuple(req.bands)
            for tile in scene.tiles:
                with rasterio.open(scene.tile_path(tile)) as src:
                    data = to_project_nodata(src.read(), src.nodata, req.nodata)
                    dst.write(data, window=Window(tile.col_off, tile.row_off, tile.width, tile.height))
        with atomic_path(req.path) as tmp:
            rio_copy(staging, tmp, driver="COG", compress="DEFLATE",
                     predictor="2" if req.dtype != "float32" else "3", BIGTIFF="IF_SAFER")
    except OSError as exc:
        raise output_error(exc, req.path) from exc
    finally:
        staging.unlink(missing_ok=True)
    shutil.rmtree(scene.tiles_dir, ignore_errors=True)
