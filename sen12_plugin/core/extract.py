"""The patch extractor: a co-registered S1/S2 scene pair -> SEN1-2 patch pairs on disk.

This module holds the options, the result and the orchestration; ``raster_pair`` reads and
checks the pair, ``extract_blocks`` does the work, ``decoded`` keeps the decoded scene between
the passes, ``workers`` runs the jobs. Pass 1 decodes the covered area exactly once, in
tile-aligned pieces, into the scene's planes (shared memory within the in-memory budget, else a
scratch file inside OUTPUT) and builds the 8-bit histograms for the per-scene stretch; pass 2
cuts patches from the planes, drops any with a no-data pixel in either sensor, and writes PNG
(and on request GeoTIFF) pairs atomically. Both passes and every scene of a run share one pool
of worker processes. A re-run with the same inputs and settings (``identity``) skips patch
pairs whose files all exist; other inputs stop the run unless asked to overwrite.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import numpy as np

from . import extract_blocks, recipe, resume
from .dataset import DatasetRef
from .decoded import DEFAULT_MEMORY_BUDGET_MB, SceneStore, sweep_scratch
from .errors import InputError
from .extract_blocks import (
    DecodeJob,
    PatchJob,
    PatchRecord,
    SceneCheckJob,
    covered,
    decode_job,
    describe_block,
    pass2_job,
    plan_blocks,
    plan_pieces,
    plane_specs,
    s2_bands_to_read,
)
from .fsutil import ensure_writable_dir
from .grid import PatchGrid
from .i18n import _
from .identity import made_ledger, output_lock, prepare_scene, run_identity
from .index import scene_made
from .label_patches import label_identity, prepare_scene_label
from .labels import LabelSource, SceneLabel
from .names import check_scene_number
from .preprocess import lut_for_histogram
from .quality import REJECT, Thresholds, Verdict
from .raster_pair import (
    PixelChoices,
    RasterPair,
    assess_pair,
    check_s2_samples,
    decide_s1_units,
    describe_pair,
)
from .workers import WorkerPool, extraction_pool, worker_count

__all__ = ["FORMATS", "ExtractOptions", "ExtractResult", "PatchRecord", "describe_pair", "extract_scene_pair"]
_worker_count = worker_count  # scripts/bench.py reads it here
FORMATS = ("png", "tif")
INLINE_MAX_PATCHES = 64  # fewer patches: starting workers (~0.2 s, beside the input checks) costs more than it saves

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
    s2_bands: tuple[int, ...] | None = None  # 1-based B4, B3, B2 when the file does not name them
    s1_bands: tuple[str, ...] | None = None  # the S1 file's bands in file order ("VH", "VV") when it does not name them
    drop_unlabeled: bool = False  # with labels: drop pairs whose label patch has no class at all
    memory_budget_mb: float = DEFAULT_MEMORY_BUDGET_MB  # decoded scene in memory up to this, else a scratch file

    @property
    def ref(self) -> DatasetRef:
        return DatasetRef.make(self.season, self.seed, self.dataset_name)

    @property
    def dataset(self) -> str:
        return self.ref.folder


@dataclass
class ExtractResult:
    output_dir: Path
    dataset: str
    scene: int
    grid: PatchGrid | None  # carries the scene's CRS and affine (None: rejected by its stored check)
    records: list[PatchRecord] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    dropped_nodata: int = 0
    messages: list[str] = field(default_factory=list)
    label: SceneLabel | None = None  # the scene's label on its grid, when label patches were cut
    dropped_unlabeled: int = 0
    scene_check: Verdict | None = None  # made from the decoded scene when asked (``scene_check``) and possible
    rejected: bool = False  # ``skip_if_rejected`` and the scene check rejects it: nothing was cut
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase (see ``FIXED_PHASES``)


# ----- orchestration ----------------------------------------------------------------------


def extract_scene_pair(
    s1_path: str | Path,
    s2_path: str | Path,
    output_dir: str | Path,
    options: ExtractOptions,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    overwrite: bool = False,
    labels: LabelSource | None = None,
    scene_check: bool = False,
    skip_if_rejected: bool = False,
    pair: RasterPair | None = None,
    plan: dict | None = None,
) -> ExtractResult:
    """Cut one S1/S2 scene pair into SEN1-2 patch pairs under ``output_dir``.

    ``pair``: the pair as an extraction plan assessed it (``core.plan``: every pixel decision
    taken); None: assessed here with only ``options`` said about it. ``plan``: the plan's record
    (``ExtractPlan.record``), kept in the scene's identity record for resume and the card.

    Args:
        s1_path: Sentinel-1 GeoTIFF (band 1: VV in dB).
        s2_path: Sentinel-2 GeoTIFF (B4, B3, B2, or bands named so).
        output_dir: root folder; the dataset folder ``ROIs{seed}_{season}`` goes inside.
        options: naming, patch size, stride, formats, stretch, workers.
        progress: called with the fraction done (0..1).
        cancelled: polled; when it returns True the run stops, keeping finished pairs.
        overwrite: replace the scene when it was made from other inputs or settings (see
            ``identity``); off, such a re-run stops with an InputError naming both.
        labels: a label source: each pair gets its label patch, cut from the label put on the
            pair's grid (``label_patches``); None: pairs only.
        scene_check: also make the scene check (``quality.scene_verdict``) from the decoded scene,
            beside the patches, into ``ExtractResult.scene_check`` (None where the files must be
            read for it: warped S1, overviews, separate QA evidence).
        skip_if_rejected: make the scene check first (from the decode when possible, else from the
            files) and, when it rejects the scene, cut nothing and touch nothing in the dataset:
            the result says ``rejected`` and holds the verdict.

    Returns:
        What was written, skipped (already there) and dropped (no-data), with one record per
        kept patch pair.

    Raises:
        InputError: unusable scenes or parameters, another identity without ``overwrite``, or
            another extraction writing into the folder. OutputError: the folder cannot be
            written. Cancelled: ``cancelled()`` became true.
    """
    bad = [f for f in options.formats if f not in FORMATS]
    if bad or not options.formats:
        raise InputError(_("Unknown output format(s) {bad}: use png and/or tif.").format(bad=bad))
    check_scene_number(options.scene)
    dataset = options.dataset
    try:
        return _extract_scene_pair(s1_path, s2_path, output_dir, options, progress, cancelled, overwrite, labels,
                                   scene_check, skip_if_rejected, pair, plan)
    except _Unusable as unusable:  # skip_if_rejected: what the scene check says of such a pair
        from .quality import INPUT

        result = ExtractResult(Path(output_dir), dataset, options.scene, None, rejected=True,
                               scene_check=Verdict(REJECT, [str(unusable.error)], {}, [INPUT]))
        return result


class _Unusable(Exception):
    """The pair's own files cannot be used (``describe_pair`` or their decode said why)."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def pixel_choices(options: ExtractOptions) -> PixelChoices:
    """What ``options`` say about a known pair's pixels (nothing else is known about it)."""
    return PixelChoices(s2_bands=tuple(options.s2_bands) if options.s2_bands else None,
                        s1_bands=tuple(options.s1_bands) if options.s1_bands else None, patch_size=options.patch_size)


def _extract_scene_pair(s1_path, s2_path, output_dir, options: ExtractOptions, progress, cancelled, overwrite: bool,
                        labels, scene_check: bool, skip_if_rejected: bool, assessed: RasterPair | None,
                        plan: dict | None) -> ExtractResult:
    dataset = options.dataset
    judged = skip_if_rejected and options.thresholds is not None  # unusable files: rejected, as the check does
    clock = _Clock()
    with extraction_pool(worker_count(options.workers)) as pool:
        if _patch_positions(s2_path, options) > INLINE_MAX_PATCHES:
            pool.warm((extract_blocks.__name__,))  # workers start while the inputs are checked
        try:
            if assessed is None:
                assessed, reasons = assess_pair(s1_path, s2_path, pixel_choices(options), s1_values=False)
                messages = [r.text for r in reasons if r.warning]
            else:
                messages = []  # the plan's warnings come with it (extract_job)
            pair = assessed
        except InputError as exc:
            raise _Unusable(exc) if judged else exc from None
        grid = PatchGrid(pair.grid, options.patch_size, options.stride)
        if len(grid) > recipe.MAX_PATCHES_PER_SCENE:
            raise InputError(
                _("{patch_size} px patches at stride {stride} make {n_grid:,} patch positions on this {width} "
                  "x {height} px scene; the limit is {MAX_PATCHES_PER_SCENE:,}. Use larger patches or a larger "
                  "stride.").format(
                    patch_size=options.patch_size, stride=options.stride, n_grid=len(grid), width=grid.width, height=grid.height, MAX_PATCHES_PER_SCENE=recipe.MAX_PATCHES_PER_SCENE)
            )
        out = ensure_writable_dir(output_dir)
        with output_lock(out):
            sweep_scratch(out)  # left by a killed run: the lock says nobody else uses it
            specs = plane_specs(pair, grid, options.formats, options.thresholds)
            with SceneStore(specs, out, options.memory_budget_mb) as store:  # disk space checked first
                clock.lap("inputs")
                inline = len(grid) <= INLINE_MAX_PATCHES and not pool.started  # small: workers cost more
                try:
                    pair, hists = _decode(pair, grid, options, messages, progress, cancelled, pool, store, inline,
                                          clock)
                except InputError as exc:  # a corrupt tile, S1 neither dB nor linear
                    raise _Unusable(exc) if judged else exc from None
                verdict = None
                if judged:
                    verdict = _scene_check_first(s1_path, s2_path, pair, options, store, pool, inline, cancelled)
                    clock.lap("scene_check")
                    if verdict.status == REJECT:  # nothing in the dataset was touched
                        result = ExtractResult(out, dataset, options.scene, grid, messages=messages,
                                               scene_check=verdict, rejected=True)
                        result.timings = clock.laps
                        return result
                # the inputs are fully checked now: only then is anything in the dataset touched
                identity = run_identity(pair, options, label_identity(labels, options.drop_unlabeled), plan)
                messages += prepare_scene(out, dataset, options.scene, identity, overwrite)
                label = (prepare_scene_label(out, dataset, options.scene, labels, pair.grid)
                         if labels is not None else None)
                ledger = made_ledger(out, dataset, options.scene)  # what runs of this identity wrote
                made = resume.merged(scene_made(out, dataset, options.scene), ledger.read())
                clock.lap("identity")
                result = _cut(pair, grid, out, dataset, options, messages, progress, cancelled, pool, store,
                              inline, hists, label, scene_check and verdict is None and options.thresholds is not None,
                              (made, str(ledger.folder)))
                result.scene_check = result.scene_check or verdict
                clock.lap("cut")
            clock.lap("cleanup")
    result.timings = clock.laps
    return result


class _Clock:
    """Seconds per phase of one scene, for the benchmark's fixed-cost figure (``FIXED_PHASES``)."""

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, phase: str, since: float | None = None) -> None:
        now = time.perf_counter()
        self.laps[phase] = self.laps.get(phase, 0.0) + now - (self._last if since is None else since)
        self._last = now


# What a scene costs besides decoding and cutting (the benchmark's "fixed cost per scene"):
# input checks, lock and store, waiting for workers to start, identity, removing the store;
# ``extract_into_dataset`` adds the scene check's wait and the index.
FIXED_PHASES = ("inputs", "workers_wait", "identity", "cleanup", "scene_check", "index")


def _patch_positions(s2_path, options: ExtractOptions) -> int:
    """Patch positions on the S2 scene from its header alone (0 when it cannot be read: checked later)."""
    import rasterio

    try:
        with rasterio.open(s2_path) as ds:
            rows = (ds.height - options.patch_size) // options.stride + 1
            cols = (ds.width - options.patch_size) // options.stride + 1
    except Exception:  # noqa: BLE001 - describe_pair gives the sentence
        return 0
    return max(0, rows) * max(0, cols)


def _scene_check_first(s1_path, s2_path, pair: RasterPair, options: ExtractOptions, store: SceneStore,
                       pool: WorkerPool, inline: bool, cancelled: IsCancelled | None) -> Verdict:
    """The scene check before any patch: from the decoded scene when it holds the same pixels, else the files."""
    from .quality import INPUT, check_scene_files

    if SceneCheckJob.possible(pair):
        rgb = tuple(b - 1 for b in pair.s2_rgb) if s2_bands_to_read(pair, options.formats) else (0, 1, 2)
        job = SceneCheckJob(store.scene, pair, options.thresholds, rgb)
        return pool.run(pass2_job, [job], None, cancelled, (0.2, 0.0), describe_block, inline=inline)[0]
    try:
        return check_scene_files(s1_path, s2_path, options.thresholds, s2_bands=options.s2_bands)
    except InputError as exc:  # as stored_or_new_scene_check: rejected with the reason
        return Verdict(REJECT, [str(exc)], {}, [INPUT])


def _decode(pair: RasterPair, grid: PatchGrid, options: ExtractOptions, messages: list[str],
            progress: Progress | None, cancelled: IsCancelled | None, pool: WorkerPool, store: SceneStore,
            inline: bool, clock: _Clock) -> tuple[RasterPair, list]:
    """Pass 1: the scene decoded once into the store; S1's units decided from that decode; the histograms."""
    workers = 1 if inline else pool.workers
    s2_bands = s2_bands_to_read(pair, options.formats)
    while True:
        pieces = [DecodeJob(pair, store.scene, window, covered(grid), s2_bands)
                  for window in plan_pieces(pair, grid, workers)]
        started = time.perf_counter()
        decoded = pool.run(decode_job, pieces, progress, cancelled, (0.0, 0.2), describe_block, inline=inline)
        waited = 0.0 if inline else min(max(0.0, (pool.ready_at or started) - started), time.perf_counter() - started)
        clock.lap("decode")
        clock.laps["decode"] -= waited
        clock.laps["workers_wait"] = clock.laps.get("workers_wait", 0.0) + waited
        if pair.s2_units_pending:  # integer S2: no 8-bit picture (refused before anything is written)
            pair = check_s2_samples(pair, [s2 for _unused, (_unused, s2) in decoded])
        if not pair.s1_units_pending:
            return pair, [hist for hist, _unused in decoded]
        pair, warning = decide_s1_units(pair, [s1 for _unused, (s1, _unused) in decoded])
        if warning is None:
            return pair, [hist for hist, _unused in decoded]
        messages.append(warning)  # linear power: decoded again as dB (rare: Earth Engine scenes are dB)


def _cut(pair: RasterPair, grid: PatchGrid, out: Path, dataset: str, options: ExtractOptions,
         messages: list[str], progress: Progress | None, cancelled: IsCancelled | None, pool: WorkerPool,
         store: SceneStore, inline: bool, hists: list, label: SceneLabel | None = None,
         scene_check: bool = False, made: tuple[dict, str | None] = ({}, None)) -> ExtractResult:
    """Pass 2: the stretch from the histograms, then patches cut from the store and written (and,
    asked and possible, the scene check made from the store beside them).

    ``made``: what runs of this identity recorded writing (relative path -> records) and the
    ledger folder this run records into; a file is kept only when it matches a record."""
    workers = 1 if inline else pool.workers
    s2_bands = s2_bands_to_read(pair, options.formats)
    if options.stretch == "none":
        luts = np.tile(np.arange(256, dtype=np.uint8), (4, 1))
    else:
        total = np.sum(hists, axis=0)
        luts = np.stack([lut_for_histogram(h, options.stretch) for h in total])

    rgb = tuple(b - 1 for b in pair.s2_rgb) if s2_bands else (0, 1, 2)
    records, ledger = made
    jobs = [
        PatchJob(store.scene, grid, r, c, luts, str(out), dataset, options.scene, tuple(options.formats),
                 options.thresholds, rgb, str(label.path) if label else None, options.drop_unlabeled,
                 pair.evidence, ledger=ledger)
        for r, c in plan_blocks(grid, workers, store.scene.nbytes // max(1, grid.width * grid.height))
    ]
    if records:  # each block carries the records of its own files only
        jobs = [replace(job, made=_block_records(job, records)) for job in jobs]
    checking = scene_check and SceneCheckJob.possible(pair)
    if checking:  # first, so that it runs beside the blocks rather than after them
        jobs.insert(0, SceneCheckJob(store.scene, pair, options.thresholds, rgb))
    result = ExtractResult(out, dataset, options.scene, grid, messages=messages + (label.messages if label else []),
                           label=label)
    done = pool.run(pass2_job, jobs, progress, cancelled, (0.2, 0.8), describe_block, inline=inline)
    if checking:
        result.scene_check, done = done[0], done[1:]
    redone, unrecorded = [], []
    for block in done:
        result.records += block.records
        result.written += block.written
        result.skipped += block.skipped
        result.dropped_nodata += block.dropped_nodata
        result.dropped_unlabeled += block.dropped_unlabeled
        redone += block.redone
        unrecorded += block.unrecorded
    if redone:
        result.messages.append(_("{n} patch file(s) on disk were not what this scene's records say was written "
                                 "(another size or checksum: truncated, emptied or replaced) and were written "
                                 "again: {names}.").format(n=len(redone), names=_some(redone)))
    if unrecorded:
        result.messages.append(_("{n} patch file(s) on disk had no record of their size and checksum (an older "
                                 "version wrote them, or the record was lost) and were written again: "
                                 "{names}.").format(n=len(unrecorded), names=_some(unrecorded)))
    return result


def _block_records(job: PatchJob, records: dict) -> dict:
    rows = range(*job.rows)
    return {rel: records[rel] for r in rows for pos in job.grid.row_positions(r)[job.cols[0]:job.cols[1]]
            for rel in job.relpaths(pos.number).values() if rel in records}


def _some(paths: list[str], shown: int = 3) -> str:
    return ", ".join(sorted(paths)[:shown]) + (_(" and {n} more").format(n=len(paths) - shown)
                                               if len(paths) > shown else "")
