"""The patch extractor: a co-registered S1/S2 scene pair -> SEN1-2 patch pairs on disk.

This module holds the options, the result and the orchestration; ``raster_pair`` reads and
checks the pair, ``extract_blocks`` does the work. Scenes are streamed in strips of patch rows
(never whole in memory). Pass 1 builds 8-bit histograms for the per-scene stretch; pass 2 cuts
patches, drops any with a no-data pixel in either sensor, and writes PNG (and on request
GeoTIFF) pairs atomically. Both passes split the scene into blocks of patch rows and columns
that run in worker processes. A re-run with the same inputs and settings (``identity``) skips
patch pairs whose files all exist; other inputs stop the run unless asked to overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from . import recipe
from .dataset import DatasetRef
from .errors import InputError
from .extract_blocks import PatchJob, PatchRecord, describe_block, histogram_job, patch_job, plan_blocks
from .fsutil import ensure_writable_dir
from .grid import PatchGrid
from .identity import output_lock, prepare_scene, run_identity
from .label_patches import label_identity, prepare_scene_label
from .labels import LabelSource, SceneLabel
from .names import check_scene_number
from .preprocess import lut_for_histogram
from .quality import Thresholds
from .raster_pair import PixelChoices, RasterPair, assess_pair, describe_pair
from .workers import run_jobs, worker_count

__all__ = ["FORMATS", "ExtractOptions", "ExtractResult", "PatchRecord", "describe_pair", "extract_scene_pair"]
_worker_count = worker_count  # scripts/bench.py reads it here
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
    s2_bands: tuple[int, ...] | None = None  # 1-based B4, B3, B2 when the file does not name them
    drop_unlabeled: bool = False  # with labels: drop pairs whose label patch has no class at all

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
    grid: PatchGrid  # carries the scene's CRS and affine
    records: list[PatchRecord] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    dropped_nodata: int = 0
    messages: list[str] = field(default_factory=list)
    label: SceneLabel | None = None  # the scene's label on its grid, when label patches were cut
    dropped_unlabeled: int = 0


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
) -> ExtractResult:
    """Cut one S1/S2 scene pair, named and set up by ``options``, into SEN1-2 patch pairs under ``output_dir``.

    For a known pair (tests, scripts): its pixels are assessed with nothing said about them
    (``raster_pair.assess_pair``). The faces plan first (``core.plan.plan_extraction``), which
    also establishes season, seed, dataset, scene number and dates, and run the plan.

    Args:
        s1_path: Sentinel-1 GeoTIFF (VV in dB, or linear power).
        s2_path: Sentinel-2 GeoTIFF (B4, B3, B2, or bands named so).
        output_dir: root folder; the dataset folder ``ROIs{seed}_{season}`` goes inside.
        options: naming, patch size, stride, formats, stretch, workers.
        progress: called with the fraction done (0..1).
        cancelled: polled; when it returns True the run stops, keeping finished pairs.
        overwrite: replace the scene when it was made from other inputs or settings (see
            ``identity``); off, such a re-run stops with an InputError naming both.
        labels: a label source: each pair gets its label patch, cut from the label put on the
            pair's grid (``label_patches``); None: pairs only.

    Returns:
        What was written, skipped (already there) and dropped (no-data), with one record per
        kept patch pair.

    Raises:
        InputError: unusable scenes or parameters, another identity without ``overwrite``, or
            another extraction writing into the folder. OutputError: the folder cannot be
            written. Cancelled: ``cancelled()`` became true.
    """
    pair, reasons = assess_pair(s1_path, s2_path, PixelChoices(
        s2_bands=tuple(options.s2_bands) if options.s2_bands else None, patch_size=options.patch_size))
    return extract_pair(pair, output_dir, options, [r.text for r in reasons if r.warning], progress=progress,
                        cancelled=cancelled, overwrite=overwrite, labels=labels)


def extract_pair(pair: RasterPair, output_dir: str | Path, options: ExtractOptions, messages: list[str], *,
                 plan: dict | None = None, progress: Progress | None = None, cancelled: IsCancelled | None = None,
                 overwrite: bool = False, labels: LabelSource | None = None) -> ExtractResult:
    """Cut an assessed pair (``RasterPair``: every pixel decision taken) under ``output_dir``.

    ``plan``: the extraction plan's record (``ExtractPlan.record``), kept in the scene's identity
    record for resume and the dataset card.
    """
    bad = [f for f in options.formats if f not in FORMATS]
    if bad or not options.formats:
        raise InputError(f"Unknown output format(s) {bad}: use png and/or tif.")
    scene = check_scene_number(options.scene)
    dataset = options.dataset
    grid = PatchGrid(pair.grid, options.patch_size, options.stride)
    if len(grid) > recipe.MAX_PATCHES_PER_SCENE:
        raise InputError(
            f"{options.patch_size} px patches at stride {options.stride} make {len(grid):,} patch positions "
            f"on this {grid.width} x {grid.height} px scene; the limit is {recipe.MAX_PATCHES_PER_SCENE:,}. "
            "Use larger patches or a larger stride."
        )
    out = ensure_writable_dir(output_dir)
    messages = list(messages)
    with output_lock(out):
        identity = run_identity(pair, options, label_identity(labels, options.drop_unlabeled), plan)
        messages += prepare_scene(out, dataset, scene, identity, overwrite)
        label = prepare_scene_label(out, dataset, scene, labels, pair.grid) if labels is not None else None
        return _extract(pair, grid, out, dataset, options, messages, progress, cancelled, label)


def _extract(pair: RasterPair, grid: PatchGrid, out: Path, dataset: str, options: ExtractOptions,
             messages: list[str], progress: Progress | None, cancelled: IsCancelled | None,
             label: SceneLabel | None = None) -> ExtractResult:
    workers = 1 if len(grid) <= INLINE_MAX_PATCHES else worker_count(options.workers)
    blocks = plan_blocks(grid, workers)

    if options.stretch == "none":
        luts = np.tile(np.arange(256, dtype=np.uint8), (4, 1))
    else:
        hists = run_jobs(histogram_job, [(pair, grid, r, c) for r, c in blocks], workers,
                         progress, cancelled, (0.0, 0.2), describe_block)
        total = np.sum(hists, axis=0)
        luts = np.stack([lut_for_histogram(h, options.stretch) for h in total])

    jobs = [
        PatchJob(pair, grid, r, c, luts, str(out), dataset, options.scene, tuple(options.formats),
                 options.thresholds, str(label.path) if label else None, options.drop_unlabeled)
        for r, c in blocks
    ]
    result = ExtractResult(out, dataset, options.scene, grid, messages=messages + (label.messages if label else []),
                           label=label)
    for block in run_jobs(patch_job, jobs, workers, progress, cancelled, (0.2, 0.8), describe_block):
        result.records += block.records
        result.written += block.written
        result.skipped += block.skipped
        result.dropped_nodata += block.dropped_nodata
        result.dropped_unlabeled += block.dropped_unlabeled
    return result
