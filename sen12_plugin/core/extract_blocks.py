"""The extractor's two passes over blocks of patch rows x patch columns, each a worker job.

Pass 1 (``histogram_job``) counts the 8-bit values of a block for the per-scene stretch; pass 2
(``patch_job``) cuts the block's patches, drops any with a no-data pixel in either sensor,
checks the rest and writes PNG (and on request GeoTIFF) pairs atomically. Jobs are picklable
values: they run in worker processes (the GIL would bind threads on the per-patch Python work).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import layout, recipe
from .errors import Cancelled
from .fsutil import ConfinedWriter
from .grid import PatchGrid, PatchPosition
from .png import write_png
from .preprocess import BandPipeline, byte_histogram
from .quality import Thresholds, check_patch
from .raster_pair import PairReader, RasterPair
from .workers import stop_requested

Span = tuple[int, int]  # [start, stop) in patch rows or patch columns
BLOCK_COLS = 16  # patch columns per block: ~2 k px wide, so memory does not grow with the scene


@dataclass(frozen=True)
class PatchRecord:
    """One kept patch pair: where it is, its files and its check."""

    position: PatchPosition
    files: dict[str, str]  # "s1_png" -> relative path, ...
    qc_status: str = "pass"
    qc_reasons: str = ""
    measures: dict[str, float] = field(default_factory=dict)
    qc_flags: str = ""  # the reasons' kinds (``quality.REASONS``), comma-separated: "cloud,seam"
    label_counts: tuple[tuple[int, int], ...] = ()  # (class id, pixels) of the label patch; () without labels

    @property
    def label_coverage(self) -> float | None:
        """The share of the label patch's pixels that carry a class (None without labels)."""
        if not self.label_counts:
            return None
        total = sum(n for _, n in self.label_counts)
        return sum(n for i, n in self.label_counts if i != 0) / total if total else 0.0


def plan_blocks(grid: PatchGrid, workers: int) -> list[tuple[Span, Span]]:
    """Blocks of patch rows x patch columns: enough for all workers, small enough for constant memory."""
    per_row = max(1, min(8, -(-grid.rows // max(1, workers * 4))))
    rows = [(r, min(r + per_row, grid.rows)) for r in range(0, grid.rows, per_row)]
    cols = [(c, min(c + BLOCK_COLS, grid.cols)) for c in range(0, grid.cols, BLOCK_COLS)]
    return [(r, c) for r in rows for c in cols]


def _histogram_span(grid: PatchGrid, span: Span, count: int) -> Span:
    """Pixels a block counts for the histograms: blocks tile the covered area without overlap."""
    covered = (count - 1) * grid.stride + grid.size
    return span[0] * grid.stride, covered if span[1] == count else span[1] * grid.stride


def describe_block(job) -> str:
    rows, cols = (job[2], job[3]) if isinstance(job, tuple) else (job.rows, job.cols)
    return f"patch rows {rows[0]}..{rows[1] - 1}, columns {cols[0]}..{cols[1] - 1}"


def _stop_if_asked() -> None:
    if stop_requested():
        raise Cancelled("Stopped: another block failed or the run was cancelled.")


def pipelines(luts: np.ndarray | None) -> list[BandPipeline]:
    """S1 VV, S2 B4, B3, B2: raw values -> stretched 8 bit (``luts`` None: no stretch yet)."""
    ranges = [recipe.S1_DB_RANGE] + [recipe.S2_DN_RANGE] * 3
    return [BandPipeline(r, None if luts is None else luts[i]) for i, r in enumerate(ranges)]


# ----- pass 1: histograms -----------------------------------------------------------------


def histogram_job(pair: RasterPair, grid: PatchGrid, rows: Span, cols: Span) -> np.ndarray:
    """Histograms (4 x 256: S1 VV, S2 B4, B3, B2) of the block's 8-bit values, valid pixels only."""
    with PairReader(pair) as reader:
        bands = pipelines(None)
        top, bottom = _histogram_span(grid, rows, grid.rows)
        left, right = _histogram_span(grid, cols, grid.cols)
        hist = np.zeros((4, 256), dtype=np.int64)
        for start in range(top, bottom, grid.size):
            _stop_if_asked()
            s1, s2, invalid = reader.read(start, min(start + grid.size, bottom), left, right)
            valid = ~invalid
            hist[0] += byte_histogram(bands[0](s1[0]), valid)
            for b in range(3):
                hist[1 + b] += byte_histogram(bands[1 + b](s2[b]), valid)
        return hist


# ----- pass 2: patches --------------------------------------------------------------------


@dataclass(frozen=True)
class PatchJob:
    pair: RasterPair
    grid: PatchGrid
    rows: Span
    cols: Span
    luts: np.ndarray  # (4, 256)
    out_dir: str
    dataset: str
    scene: int
    formats: tuple[str, ...]
    thresholds: Thresholds | None = None
    label_path: str | None = None  # the scene's label on its grid (label_raster); None: no label patches
    drop_unlabeled: bool = False  # drop a pair whose label patch has no class at all

    def relpaths(self, number: int) -> dict[str, str]:
        kinds = layout.PATCH_KINDS if self.label_path else layout.SENSORS
        return {
            f"{kind}_{ext}": layout.patch_relpath(self.dataset, kind, self.scene, number, ext)
            for ext in self.formats
            for kind in kinds
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
    qa: dict = field(default_factory=dict)  # QA evidence bands by name, (h, w) each (read with checks on)

    @property
    def bottom(self) -> int:
        return self.top + self.invalid.shape[0]

    @classmethod
    def read(cls, reader: PairReader, bands, rgb, top: int, bottom: int, left: int, right: int,
             evidence: bool = False) -> _Strip:
        s1, s2, invalid = reader.read(top, bottom, left, right)
        s2_u8 = np.dstack([bands[1 + b](s2[i]) for b, i in enumerate(rgb)])
        qa = reader.read_evidence(top, bottom, left, right) if evidence else {}
        return cls(top, s1, s2, invalid, bands[0](s1[0]), s2_u8, qa)

    def tail(self, top: int) -> _Strip:
        k = top - self.top
        return _Strip(top, self.s1[:, k:], self.s2[:, k:], self.invalid[k:], self.s1_u8[k:],
                      self.s2_u8[k:], {n: b[k:] for n, b in self.qa.items()})

    def extend(self, below: _Strip) -> _Strip:
        return _Strip(
            self.top,
            np.concatenate([self.s1, below.s1], axis=1),
            np.concatenate([self.s2, below.s2], axis=1),
            np.concatenate([self.invalid, below.invalid]),
            np.concatenate([self.s1_u8, below.s1_u8]),
            np.concatenate([self.s2_u8, below.s2_u8]),
            {n: np.concatenate([b, below.qa[n]]) for n, b in self.qa.items()},
        )


@dataclass
class BlockResult:
    """What one block of pass 2 did."""

    records: list[PatchRecord] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    dropped_nodata: int = 0
    dropped_unlabeled: int = 0


def patch_job(job: PatchJob) -> BlockResult:
    """Cut and write the patches (and label patches) of one block."""
    s2_bands = range(1, job.pair.s2_count + 1) if "tif" in job.formats else None
    grid, out = job.grid, ConfinedWriter(job.out_dir)
    left = job.cols[0] * grid.stride
    right = (job.cols[1] - 1) * grid.stride + grid.size
    done = BlockResult()
    strip: _Strip | None = None  # rolling window of pixel rows: only new rows are read
    with PairReader(job.pair, s2_bands) as reader, _LabelReader(job.label_path) as labels:
        rgb, bands = reader.rgb, pipelines(job.luts)
        checked = job.thresholds is not None
        for r in range(*job.rows):
            _stop_if_asked()
            top = r * grid.stride
            bottom = top + grid.size
            if strip is not None and strip.top < top < strip.bottom:
                strip = strip.tail(top).extend(_Strip.read(reader, bands, rgb, strip.bottom, bottom, left, right,
                                                           checked))
            else:
                strip = _Strip.read(reader, bands, rgb, top, bottom, left, right, checked)
            label_strip = labels.read(top, bottom, left, right)
            for pos in grid.row_positions(r)[job.cols[0]:job.cols[1]]:
                c0, c1 = pos.col_off - left, pos.col_off - left + grid.size
                if strip.invalid[:, c0:c1].any():
                    done.dropped_nodata += 1
                    continue
                label = None if label_strip is None else label_strip[:, c0:c1]
                if label is not None and job.drop_unlabeled and not label.any():
                    done.dropped_unlabeled += 1
                    continue
                files = job.relpaths(pos.number)
                counts = () if label is None else _class_counts(label)
                if job.thresholds is None:
                    done.records.append(PatchRecord(pos, files, label_counts=counts))
                else:
                    verdict = check_patch(strip.s1[0][:, c0:c1], strip.s2[rgb][:, :, c0:c1], job.thresholds,
                                          {n: b[:, c0:c1] for n, b in strip.qa.items()}, job.pair.evidence)
                    done.records.append(PatchRecord(pos, files, verdict.status, "; ".join(verdict.reasons),
                                                    verdict.measures, qc_flags=verdict.flags, label_counts=counts))
                if all(out.target(p).exists() for p in files.values()):
                    done.skipped += 1
                    continue
                _write_pair(out, files, strip, c0, c1, grid, pos, label)
                done.written += 1
    return done


class _LabelReader:
    """Windows of the scene's label raster (nothing without one)."""

    def __init__(self, path: str | None) -> None:
        import rasterio

        self.ds = rasterio.open(path) if path else None

    def __enter__(self) -> _LabelReader:
        return self

    def __exit__(self, *exc) -> None:
        if self.ds is not None:
            self.ds.close()

    def read(self, top: int, bottom: int, left: int, right: int) -> np.ndarray | None:
        from rasterio.windows import Window

        return None if self.ds is None else self.ds.read(1, window=Window(left, top, right - left, bottom - top))


def _class_counts(label: np.ndarray) -> tuple[tuple[int, int], ...]:
    counts = np.bincount(label.ravel(), minlength=1)
    return tuple((int(i), int(counts[i])) for i in np.flatnonzero(counts))


def _write_pair(out: ConfinedWriter, files: dict[str, str], strip: _Strip, c0: int, c1: int, grid: PatchGrid,
                pos: PatchPosition, label: np.ndarray | None = None) -> None:
    """The patch's missing files, each written atomically inside the output folder."""
    for key, rel in files.items():
        if out.target(rel).exists():
            continue
        with out.atomic(rel) as tmp:
            if key == "s1_png":
                write_png(tmp, strip.s1_u8[:, c0:c1])
            elif key == "s2_png":
                write_png(tmp, strip.s2_u8[:, c0:c1])
            elif key == "lc_png":  # 8-bit class ids, one grey channel
                write_png(tmp, np.ascontiguousarray(label))
            elif key == "lc_tif":
                _write_tif(tmp, label[None], grid, pos)
            else:
                data = strip.s1 if key == "s1_tif" else strip.s2
                _write_tif(tmp, data[:, :, c0:c1], grid, pos)


def _write_tif(path: Path, data: np.ndarray, grid: PatchGrid, pos: PatchPosition) -> None:
    import rasterio

    profile = dict(
        driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=data.dtype.name, crs=grid.raster.crs_wkt, transform=rasterio.Affine(*grid.transform(pos)),
        compress="deflate", predictor=2 if data.dtype.kind in "ui" else 3,
    )
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
