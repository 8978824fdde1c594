"""The patch extractor: a co-registered S1/S2 scene pair -> SEN1-2 patch pairs on disk.

Scenes are streamed in strips of patch rows (never whole in memory). Pass 1 builds 8-bit
histograms for the per-scene stretch; pass 2 cuts patches, drops any with a no-data pixel in
either sensor, and writes PNG (and on request GeoTIFF) pairs atomically. Both passes split
the scene into blocks of patch rows and columns that run in worker processes (the GIL would bind threads
on the per-patch Python work). A re-run skips patch pairs whose files all exist.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import layout, recipe
from .errors import Cancelled, InputError
from .fsutil import atomic_path, ensure_writable_dir
from .grid import PatchGrid
from .png import write_png
from .preprocess import BandPipeline, byte_histogram, lut_for_histogram
from .quality import Thresholds, check_patch

FORMATS = ("png", "tif")
INLINE_MAX_PATCHES = 400  # small scenes: worker start-up would cost more than it saves

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExtractOptions:
    """How to cut one scene pair and how to name it (SEN1-2 layout)."""

    season: str
    scene: int
    seed: int | None = None
    dataset_name: str | None = None  # for ROIs without a seed; default "custom"
    patch_size: int = recipe.PATCH_SIZE
    stride: int = recipe.PATCH_STRIDE
    formats: tuple[str, ...] = ("png",)
    stretch: str = "percentile"
    workers: int = 0  # 0: one per CPU core
    thresholds: Thresholds | None = Thresholds()  # patch checks; None turns them off

    @property
    def dataset(self) -> str:
        return layout.dataset_name(self.season, self.seed, self.dataset_name)


@dataclass(frozen=True)
class PatchRecord:
    number: int
    row: int
    col: int
    row_off: int
    col_off: int
    files: dict[str, str]  # "s1_png" -> relative path, ...
    qc_status: str = "pass"
    qc_reasons: str = ""
    measures: dict[str, float] = field(default_factory=dict)


@dataclass
class ExtractResult:
    output_dir: Path
    dataset: str
    scene: int
    grid: PatchGrid
    crs_wkt: str
    transform: tuple[float, ...]  # affine a, b, c, d, e, f of the scene grid
    records: list[PatchRecord] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    dropped_nodata: int = 0
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Scene:
    """What a worker needs to open the pair on the common grid (picklable)."""

    s1_path: str
    s2_path: str
    width: int
    height: int
    crs_wkt: str
    transform: tuple[float, ...]
    resample_s1: bool
    s2_rgb: tuple[int, ...]  # 1-based band indexes of B4, B3, B2
    s1_nodata: float | None
    s2_nodata: float | None


def _open(path: str | Path, role: str):
    import rasterio
    from rasterio.errors import RasterioIOError

    if not Path(path).is_file():
        raise InputError(f"The {role} scene {path} does not exist.")
    try:
        return rasterio.open(path)
    except RasterioIOError as exc:
        raise InputError(f"The {role} scene {path} is not a raster GDAL can read ({exc}).") from None


def _rgb_bands(ds) -> tuple[int, ...]:
    names = [(d or "").upper() for d in ds.descriptions]
    if all(b in names for b in recipe.S2_BANDS):
        return tuple(names.index(b) + 1 for b in recipe.S2_BANDS)
    return (1, 2, 3)


def describe_pair(s1_path: str | Path, s2_path: str | Path) -> tuple[_Scene, list[str]]:
    """Check the pair and fix the common grid (the S2 grid); messages say what was adapted.

    Raises:
        InputError: a file is missing or not a raster, has too few bands, or the scenes do
            not overlap.
    """
    from rasterio.coords import disjoint_bounds
    from rasterio.warp import transform_bounds

    messages = []
    with _open(s1_path, "S1") as s1, _open(s2_path, "S2") as s2:
        if s2.count < 3:
            raise InputError(
                f"The S2 scene {s2_path} has {s2.count} band(s); it needs B4, B3, B2 (3 bands)."
            )
        if s1.crs is None or s2.crs is None:
            raise InputError("Both scenes must be georeferenced (a CRS and a geotransform).")
        same_grid = (
            s1.crs == s2.crs and s1.transform.almost_equals(s2.transform) and s1.shape == s2.shape
        )
        if not same_grid:
            s1_bounds = transform_bounds(s1.crs, s2.crs, *s1.bounds)
            if disjoint_bounds(s1_bounds, s2.bounds):
                raise InputError(
                    f"The S1 scene {s1_path} and the S2 scene {s2_path} do not overlap: "
                    "pick the two scenes of the same ROI."
                )
            messages.append(
                f"S1 and S2 grids differ: S1 was resampled (bilinear) onto the S2 grid "
                f"({s2.width} x {s2.height} px, {s2.crs})."
            )
        scene = _Scene(
            str(s1_path), str(s2_path), s2.width, s2.height, s2.crs.to_wkt(),
            tuple(s2.transform)[:6], not same_grid, _rgb_bands(s2), s1.nodata, s2.nodata,
        )
    return scene, messages


class _Reader:
    """Reads row ranges of the pair on the common grid, with validity masks."""

    def __init__(self, scene: _Scene, s2_bands: Sequence[int]) -> None:
        import rasterio
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        self.scene = scene
        self.s2_bands = list(s2_bands)
        self._s1_file = rasterio.open(scene.s1_path)
        self.s1 = self._s1_file
        if scene.resample_s1:
            self.s1 = WarpedVRT(
                self._s1_file, crs=scene.crs_wkt, transform=rasterio.Affine(*scene.transform),
                width=scene.width, height=scene.height, resampling=Resampling.bilinear,
                nodata=np.nan if self._s1_file.nodata is None else self._s1_file.nodata,
                dtype="float32",
            )
        self.s2 = rasterio.open(scene.s2_path)

    def close(self) -> None:
        for ds in {id(d): d for d in (self.s1, self._s1_file, self.s2)}.values():
            ds.close()

    def read(self, top: int, bottom: int, left: int, right: int):
        from rasterio.windows import Window

        win = Window(left, top, right - left, bottom - top)
        s1 = self.s1.read(window=win, out_dtype="float32")
        s2 = self.s2.read(self.s2_bands, window=win)
        invalid = ~np.isfinite(s1).all(axis=0)
        nodata1 = self.s1.nodata
        if nodata1 is not None and not np.isnan(nodata1):
            invalid |= (s1 == nodata1).any(axis=0)
        nodata2 = self.scene.s2_nodata
        if nodata2 is None:
            invalid |= (s2 == 0).all(axis=0)  # Earth Engine writes masked S2 pixels as 0
        elif np.isnan(nodata2):
            invalid |= ~np.isfinite(s2).all(axis=0)
        else:
            invalid |= (s2 == nodata2).any(axis=0)
        return s1, s2, invalid


Span = tuple[int, int]  # [start, stop) in patch rows or patch columns
BLOCK_COLS = 16  # patch columns per block: ~2 k px wide, so memory does not grow with the scene


def _blocks(grid: PatchGrid, workers: int) -> list[tuple[Span, Span]]:
    """Blocks of patch rows x patch columns: enough for all workers, small enough for constant memory."""
    per_row = max(1, min(8, -(-grid.rows // max(1, workers * 4))))
    rows = [(r, min(r + per_row, grid.rows)) for r in range(0, grid.rows, per_row)]
    cols = [(c, min(c + BLOCK_COLS, grid.cols)) for c in range(0, grid.cols, BLOCK_COLS)]
    return [(r, c) for r in rows for c in cols]


def _histogram_span(grid: PatchGrid, span: Span, count: int) -> Span:
    """Pixels a block counts for the histograms: blocks tile the covered area without overlap."""
    covered = (count - 1) * grid.stride + grid.size
    return span[0] * grid.stride, covered if span[1] == count else span[1] * grid.stride


# ----- pass 1: histograms -----------------------------------------------------------------


def _histogram_job(scene: _Scene, grid: PatchGrid, rows: Span, cols: Span) -> np.ndarray:
    """Histograms (4 x 256: S1 VV, S2 B4, B3, B2) of the block's 8-bit values, valid pixels only."""
    reader = _Reader(scene, scene.s2_rgb)
    try:
        pipelines = _pipelines(None)
        top, bottom = _histogram_span(grid, rows, grid.rows)
        left, right = _histogram_span(grid, cols, grid.cols)
        hist = np.zeros((4, 256), dtype=np.int64)
        for start in range(top, bottom, grid.size):
            s1, s2, invalid = reader.read(start, min(start + grid.size, bottom), left, right)
            valid = ~invalid
            hist[0] += byte_histogram(pipelines[0](s1[0]), valid)
            for b in range(3):
                hist[1 + b] += byte_histogram(pipelines[1 + b](s2[b]), valid)
        return hist
    finally:
        reader.close()


def _pipelines(luts: np.ndarray | None) -> list[BandPipeline]:
    ranges = [recipe.S1_DB_RANGE] + [recipe.S2_DN_RANGE] * 3
    return [BandPipeline(r, None if luts is None else luts[i]) for i, r in enumerate(ranges)]


# ----- pass 2: patches --------------------------------------------------------------------


@dataclass(frozen=True)
class _PatchJob:
    scene: _Scene
    grid: PatchGrid
    rows: Span
    cols: Span
    luts: np.ndarray  # (4, 256)
    out_dir: str
    dataset: str
    scene_id: int
    formats: tuple[str, ...]
    thresholds: Thresholds | None = None


def _relpaths(job: _PatchJob, number: int) -> dict[str, str]:
    return {
        f"{sensor}_{ext}": layout.patch_relpath(job.dataset, sensor, job.scene_id, number, ext)
        for ext in job.formats
        for sensor in layout.SENSORS
    }


@dataclass(frozen=True)
class _Strip:
    """Pixel rows [top, bottom) of the pair: raw values, no-data mask and 8-bit values."""

    top: int
    s1: np.ndarray  # (bands, h, w) float32 dB
    s2: np.ndarray  # (bands, h, w) raw S2
    invalid: np.ndarray  # (h, w) no-data in either sensor
    s1_u8: np.ndarray  # (h, w)
    s2_u8: np.ndarray  # (h, w, 3) RGB

    @property
    def bottom(self) -> int:
        return self.top + self.invalid.shape[0]

    @classmethod
    def read(cls, reader, pipelines, rgb, top: int, bottom: int, left: int, right: int) -> _Strip:
        s1, s2, invalid = reader.read(top, bottom, left, right)
        s2_u8 = np.dstack([pipelines[1 + b](s2[i]) for b, i in enumerate(rgb)])
        return cls(top, s1, s2, invalid, pipelines[0](s1[0]), s2_u8)

    def tail(self, top: int) -> _Strip:
        k = top - self.top
        return _Strip(top, self.s1[:, k:], self.s2[:, k:], self.invalid[k:], self.s1_u8[k:],
                      self.s2_u8[k:])

    def extend(self, below: _Strip) -> _Strip:
        return _Strip(
            self.top,
            np.concatenate([self.s1, below.s1], axis=1),
            np.concatenate([self.s2, below.s2], axis=1),
            np.concatenate([self.invalid, below.invalid]),
            np.concatenate([self.s1_u8, below.s1_u8]),
            np.concatenate([self.s2_u8, below.s2_u8]),
        )


def _patch_job(job: _PatchJob) -> tuple[list[PatchRecord], int, int, int]:
    """Cut and write the patches of one block; returns records, written, skipped, dropped."""
    want_tif = "tif" in job.formats
    reader = _Reader(job.scene, range(1, _band_count(job.scene.s2_path) + 1) if want_tif else job.scene.s2_rgb)
    rgb = [reader.s2_bands.index(b) for b in job.scene.s2_rgb]
    pipelines = _pipelines(job.luts)
    grid, out = job.grid, Path(job.out_dir)
    left = job.cols[0] * grid.stride
    right = (job.cols[1] - 1) * grid.stride + grid.size
    records: list[PatchRecord] = []
    written = skipped = dropped = 0
    strip: _Strip | None = None  # rolling window of pixel rows: only new rows are read
    try:
        for r in range(*job.rows):
            top = r * grid.stride
            bottom = top + grid.size
            if strip is not None and strip.top < top < strip.bottom:
                strip = strip.tail(top).extend(
                    _Strip.read(reader, pipelines, rgb, strip.bottom, bottom, left, right))
            else:
                strip = _Strip.read(reader, pipelines, rgb, top, bottom, left, right)
            s1_raw, s2_raw, invalid, s1_u8, s2_u8 = strip.s1, strip.s2, strip.invalid, strip.s1_u8, strip.s2_u8
            for pos in grid.row_positions(r)[job.cols[0]:job.cols[1]]:
                c0, c1 = pos.col_off - left, pos.col_off - left + grid.size
                if invalid[:, c0:c1].any():
                    dropped += 1
                    continue
                files = _relpaths(job, pos.number)
                record = PatchRecord(pos.number, pos.row, pos.col, pos.row_off, pos.col_off, files)
                if job.thresholds is not None:
                    verdict = check_patch(s1_raw[0][:, c0:c1], s2_raw[rgb][:, :, c0:c1], job.thresholds)
                    record = PatchRecord(pos.number, pos.row, pos.col, pos.row_off, pos.col_off, files,
                                         verdict.status, "; ".join(verdict.reasons), verdict.measures)
                records.append(record)
                if all((out / p).exists() for p in files.values()):
                    skipped += 1
                    continue
                for key, rel in files.items():
                    target = out / rel
                    if target.exists():
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with atomic_path(target) as tmp:
                        if key == "s1_png":
                            write_png(tmp, s1_u8[:, c0:c1])
                        elif key == "s2_png":
                            write_png(tmp, s2_u8[:, c0:c1])
                        else:
                            data = s1_raw if key == "s1_tif" else s2_raw
                            _write_tif(tmp, data[:, :, c0:c1], job.scene, pos)
                written += 1
    finally:
        reader.close()
    return records, written, skipped, dropped


def _band_count(path: str) -> int:
    import rasterio

    with rasterio.open(path) as ds:
        return ds.count


def _write_tif(path: Path, data: np.ndarray, scene: _Scene, pos) -> None:
    import rasterio
    from rasterio.windows import Window, transform

    window = Window(pos.col_off, pos.row_off, data.shape[2], data.shape[1])
    profile = dict(
        driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=data.dtype.name, crs=scene.crs_wkt,
        transform=transform(window, rasterio.Affine(*scene.transform)),
        compress="deflate", predictor=2 if data.dtype.kind in "ui" else 3,
    )
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)


# ----- orchestration ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _python_executable() -> str | None:
    """An interpreter that loads the same numpy as this process, for worker processes.

    Inside QGIS, ``sys.executable`` may be the QGIS binary or an unrelated ``python3`` found on
    PATH; a worker started with the wrong one cannot load this process' packages.
    """
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable] if Path(sys.executable).name.startswith("python") else []
    for prefix in (sys.base_exec_prefix, sys.exec_prefix, "/usr"):
        candidates += [str(Path(prefix) / "bin" / f"python{version}"), str(Path(prefix) / "python.exe")]
    for candidate in dict.fromkeys(candidates):
        if not Path(candidate).is_file():
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import numpy; print(numpy.__file__)"],
                capture_output=True, text=True, timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0 and probe.stdout.strip() == np.__file__:
            return candidate
    return None


WORKER_GDAL_CACHE_MB = 128  # a block's tiles (two tile rows of ~2 k px) with room to spare


def _init_worker() -> None:
    """Cap GDAL's block cache (default: 5 % of RAM per process) so memory stays constant."""
    os.environ["GDAL_CACHEMAX"] = str(WORKER_GDAL_CACHE_MB)


def _worker_count(requested: int) -> int:
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


@contextmanager
def _worker_pool(workers: int, jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """One pool of worker processes for both passes (starting workers costs a second or so);
    None runs inline (one worker, one job, or no interpreter for workers: slower but correct)."""
    python = _python_executable() if workers > 1 and jobs > 1 else None
    if python is None:
        yield None
        return
    ctx = multiprocessing.get_context("spawn")
    ctx.set_executable(python)
    with ProcessPoolExecutor(max_workers=min(workers, jobs), mp_context=ctx, initializer=_init_worker) as pool:
        yield pool


def _run_jobs(
    fn, jobs: list, pool: ProcessPoolExecutor | None, progress: Progress | None, cancelled: IsCancelled | None,
    share: tuple[float, float],
) -> list:
    """Run ``fn`` over ``jobs`` in the pool (inline without one); results in job order."""
    results: list = [None] * len(jobs)
    start, span = share
    if pool is None:
        for i, job in enumerate(jobs):
            if cancelled and cancelled():
                raise Cancelled("Extraction cancelled; finished patch pairs are kept.")
            results[i] = fn(*job) if isinstance(job, tuple) else fn(job)
            if progress:
                progress(start + span * (i + 1) / len(jobs))
        return results
    pending: dict[Future, int] = {
        (pool.submit(fn, *job) if isinstance(job, tuple) else pool.submit(fn, job)): i
        for i, job in enumerate(jobs)
    }
    done_count = 0
    while pending:
        done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if cancelled and cancelled():
            for f in pending:
                f.cancel()
            raise Cancelled("Extraction cancelled; finished patch pairs are kept.")
        for f in done:
            results[pending.pop(f)] = f.result()
            done_count += 1
            if progress:
                progress(start + span * done_count / len(jobs))
    return results


def extract_scene_pair(
    s1_path: str | Path,
    s2_path: str | Path,
    output_dir: str | Path,
    options: ExtractOptions,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ExtractResult:
    """Cut one S1/S2 scene pair into SEN1-2 patch pairs under ``output_dir``.

    Args:
        s1_path: Sentinel-1 GeoTIFF (band 1: VV in dB).
        s2_path: Sentinel-2 GeoTIFF (B4, B3, B2, or bands named so).
        output_dir: root folder; the dataset folder ``ROIs{seed}_{season}`` goes inside.
        options: naming, patch size, stride, formats, stretch, workers.
        progress: called with the fraction done (0..1).
        cancelled: polled; when it returns True the run stops, keeping finished pairs.

    Returns:
        What was written, skipped (already there) and dropped (no-data), with one record per
        kept patch pair.

    Raises:
        InputError: unusable scenes or parameters. OutputError: the folder cannot be written.
        Cancelled: ``cancelled()`` became true.
    """
    bad = [f for f in options.formats if f not in FORMATS]
    if bad or not options.formats:
        raise InputError(f"Unknown output format(s) {bad}: use png and/or tif.")
    dataset = options.dataset
    scene, messages = describe_pair(s1_path, s2_path)
    grid = PatchGrid(scene.width, scene.height, options.patch_size, options.stride)
    out = ensure_writable_dir(output_dir)
    workers = 1 if len(grid) <= INLINE_MAX_PATCHES else _worker_count(options.workers)
    blocks = _blocks(grid, workers)

    with _worker_pool(workers, len(blocks)) as pool:
        if options.stretch == "none":
            luts = np.tile(np.arange(256, dtype=np.uint8), (4, 1))
        else:
            hists = _run_jobs(_histogram_job, [(scene, grid, r, c) for r, c in blocks], pool,
                              progress, cancelled, (0.0, 0.2))
            total = np.sum(hists, axis=0)
            luts = np.stack([lut_for_histogram(h, options.stretch) for h in total])

        jobs = [
            _PatchJob(scene, grid, r, c, luts, str(out), dataset, options.scene, tuple(options.formats),
                      options.thresholds)
            for r, c in blocks
        ]
        result = ExtractResult(out, dataset, options.scene, grid, scene.crs_wkt, scene.transform,
                               messages=messages)
        for records, written, skipped, dropped in _run_jobs(
            _patch_job, jobs, pool, progress, cancelled, (0.2, 0.8)
        ):
            result.records += records
            result.written += written
            result.skipped += skipped
            result.dropped_nodata += dropped
    return result


def patch_count(width: int, height: int, size: int = recipe.PATCH_SIZE,
                stride: int = recipe.PATCH_STRIDE) -> int:
    """Patch positions the grid arithmetic predicts for a scene (before no-data drops)."""
    return len(PatchGrid(width, height, size, stride))

