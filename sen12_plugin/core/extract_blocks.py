"""The extractor's two passes, each a list of worker jobs over one decoded scene (``decoded``).

Pass 1 (``decode_job``) decodes a tile-aligned piece of the covered area once, stores the no-data
mask, the unstretched 8-bit values and (for the checks and GeoTIFF patches) the raw values in
the scene's planes, and counts the 8-bit values for the per-scene stretch. Pass 2
(``patch_job``) cuts a block of patch rows x patch columns from the planes, drops patches with a
no-data pixel in either sensor, checks the rest and writes PNG (and on request GeoTIFF) pairs
atomically; it decodes nothing. Jobs are picklable values: they run in worker processes (the
GIL would bind threads on the per-patch Python work).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import layout, recipe, resume
from .decoded import DecodedScene
from .errors import Cancelled
from .fsutil import ConfinedWriter
from .grid import PatchGrid, PatchPosition
from .i18n import _
from .png import write_png
from .preprocess import BandPipeline, byte_histogram
from .qa_evidence import Evidence
from .quality import (
    PATCH_SAMPLING,
    SCENE_CHECK_MAX_SIDE,
    AreaSums,
    Thresholds,
    Verdict,
    centre_window,
    check_patch,
    scene_verdict,
)
from .raster_pair import PairReader, RasterPair, decimated_positions, s1_sample, s2_sample
from .resume import Ledger, Made
from .workers import stop_requested

Span = tuple[int, int]  # [start, stop) in patch rows or patch columns
Window = tuple[int, int, int, int]  # top, bottom, left, right in pixels
BLOCK_COLS = 16  # patch columns per block where a scene is too wide for whole rows (~2 k px)
BLOCK_BYTES = 16 << 20  # a block's share of the planes, at most: memory flat on any scene size (a ROI's
# patch row is ~10 MB; a full tile's is cut in columns, so its blocks hold no more than a ROI's)
PIECE_COLS = 1024  # pixels across a decoded piece, at most: memory flat on any scene width (a ROI's pieces are as wide)
MIN_PIECE_ROWS = 256  # striped files (one row per block) are still decoded in useful pieces
JOBS_PER_WORKER = 8  # enough jobs that no worker waits long at the end of a pass


@dataclass(frozen=True)
class PatchRecord:
    """One kept patch pair: where it is, its files and its check."""

    position: PatchPosition
    files: dict[str, str]  # "s1_png" -> relative path, ...
    qc_status: str = "pass"
    qc_reasons: str = ""
    measures: dict[str, float] = field(default_factory=dict)
    label_counts: tuple[tuple[int, int], ...] = ()  # (class id, pixels) of the label patch; () without labels
    qc_flags: str = ""  # the reasons' kinds (``quality.REASONS``), comma-separated: "cloud,seam"
    made: dict[str, Made] = field(default_factory=dict)  # "s1_png" -> its size and checksum, as written

    @property
    def label_coverage(self) -> float | None:
        """The share of the label patch's pixels that carry a class (None without labels)."""
        if not self.label_counts:
            return None
        total = sum(n for _unused, n in self.label_counts)
        return sum(n for i, n in self.label_counts if i != 0) / total if total else 0.0


def covered(grid: PatchGrid) -> tuple[int, int]:
    """Pixel rows and columns the patches cover (from the top-left corner)."""
    return (grid.rows - 1) * grid.stride + grid.size, (grid.cols - 1) * grid.stride + grid.size


def _stop_if_asked() -> None:
    if stop_requested():
        raise Cancelled(_("Stopped: another block failed or the run was cancelled."))


def pipelines(luts: np.ndarray | None) -> list[BandPipeline]:
    """S1 VV, S2 B4, B3, B2: raw values -> stretched 8 bit (``luts`` None: no stretch yet)."""
    ranges = [recipe.S1_DB_RANGE] + [recipe.S2_DN_RANGE] * 3
    return [BandPipeline(r, None if luts is None else luts[i]) for i, r in enumerate(ranges)]


def _spans(count: int, parts: int) -> list[Span]:
    """``count`` items in ``parts`` nearly equal consecutive spans."""
    parts = max(1, min(parts, count))
    edges = [count * k // parts for k in range(parts + 1)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if b > a]


# ----- the decoded scene's planes ---------------------------------------------------------


def plane_specs(pair: RasterPair, grid: PatchGrid, formats, thresholds) -> list[tuple[str, str, tuple[int, ...]]]:
    """What pass 2 needs of the scene: mask, 8-bit values, raw values for the checks and GeoTIFF patches."""
    h, w = grid.height, grid.width
    specs = [("invalid", "|b1", (h, w)), ("s1_u8", "|u1", (h, w)), ("s2_u8", "|u1", (3, h, w))]
    tif = "tif" in formats
    if tif or thresholds is not None:
        specs.append(("s1_raw", "float32", (pair.s1_count if tif else 1, h, w)))
        specs.append(("s2_raw", pair.s2_dtype, (pair.s2_count if tif else 3, h, w)))
    if thresholds is not None and pair.evidence.bands:  # the QA evidence the checks rest on (``qa_evidence``)
        specs.append(("qa", "float32", (len(pair.evidence.bands), h, w)))
    return specs


def s2_bands_to_read(pair: RasterPair, formats) -> tuple[int, ...] | None:
    """Every S2 band for GeoTIFF patches, else B4, B3, B2 (None)."""
    return tuple(range(1, pair.s2_count + 1)) if "tif" in formats else None


# ----- pass 1: decode once ----------------------------------------------------------------


@dataclass(frozen=True)
class DecodeJob:
    pair: RasterPair
    decoded: DecodedScene
    window: Window
    covered: tuple[int, int]  # pixel rows and columns the patches cover: the histograms count these
    s2_bands: tuple[int, ...] | None = None  # None: B4, B3, B2


def plan_pieces(pair: RasterPair, grid: PatchGrid, workers: int) -> list[Window]:
    """The scene in pieces of whole S2 tiles (no tile is decoded twice), largest first.

    The whole scene, not only the covered area: the edge tiles are decoded whole anyway, and
    the S1 value checks' windows reach the scene's edge.
    """
    height, width = grid.height, grid.width
    tile_h, tile_w = (max(1, int(t)) for t in pair.tile)
    band = tile_h * -(-MIN_PIECE_ROWS // tile_h)
    rows = [(t, min(t + band, height)) for t in range(0, height, band)]
    if tile_w >= width:  # strips: a narrower piece would decode whole strips anyway
        cols = [(0, width)]
    else:
        across = -(-width // tile_w)
        parts = -(-across * tile_w // PIECE_COLS)
        while len(rows) * parts < JOBS_PER_WORKER * workers // 2 and parts < across:
            parts += 1
        cols = [(a * tile_w, min(b * tile_w, width)) for a, b in _spans(across, parts)]
    pieces = [(t, b, left, right) for t, b in rows for left, right in cols]
    return sorted(pieces, key=lambda p: -(p[1] - p[0]) * (p[3] - p[2]))


def decode_job(job: DecodeJob) -> tuple[np.ndarray, np.ndarray | None]:
    """Decode one piece into the planes.

    Returns:
        The histograms (4 x 256: S1 VV, S2 B4, B3, B2) of its valid 8-bit values inside the
        covered area, and the S1 and S2 sample values while their checks are still open (else None).
    """
    _stop_if_asked()
    top, bottom, left, right = job.window
    with PairReader(job.pair, job.s2_bands) as reader:
        s1, s2, invalid = reader.read(top, bottom, left, right)
        rgb, s1_nodata = reader.rgb, reader.s1.nodata
        qa = reader.read_evidence(top, bottom, left, right) if job.decoded.plane("qa") else None
    pair = job.pair
    sample = (s1_sample(s1, s1_nodata, job.window, pair.grid) if pair.s1_units_pending else None,
              s2_sample(s2, rgb, job.window, pair.grid, pair.s2_nodata) if pair.s2_units_pending else None)
    with job.decoded.open() as planes:
        return _store(planes, job, s1, s2, invalid, rgb, qa), sample


def _store(planes: dict, job: DecodeJob, s1: np.ndarray, s2: np.ndarray, invalid: np.ndarray,
           rgb: list[int], qa: dict[str, np.ndarray] | None) -> np.ndarray:
    top, bottom, left, right = job.window
    rows, cols = slice(top, bottom), slice(left, right)
    counted = (slice(0, max(0, job.covered[0] - top)), slice(0, max(0, job.covered[1] - left)))
    bands = pipelines(None)
    valid = None if not invalid[counted].any() else ~invalid[counted]  # None: all valid, no masked copy
    planes["invalid"][rows, cols] = invalid
    hist = np.zeros((4, 256), dtype=np.int64)
    u8 = bands[0](s1[0])
    planes["s1_u8"][rows, cols] = u8
    hist[0] = byte_histogram(u8[counted], valid)
    for i, k in enumerate(rgb):
        u8 = bands[1 + i](s2[k])
        planes["s2_u8"][i, rows, cols] = u8
        hist[1 + i] = byte_histogram(u8[counted], valid)
    if "s1_raw" in planes:
        raw = planes["s1_raw"]
        raw[:, rows, cols] = s1[: raw.shape[0]]
        planes["s2_raw"][:, rows, cols] = s2
    if qa is not None:  # the QA evidence bands the checks rest on, in the evidence's order
        for k, (name, _unused) in enumerate(job.pair.evidence.bands):
            planes["qa"][k, rows, cols] = qa[name]
    return hist


# ----- pass 2: patches --------------------------------------------------------------------


@dataclass(frozen=True)
class PatchJob:
    decoded: DecodedScene
    grid: PatchGrid
    rows: Span
    cols: Span
    luts: np.ndarray  # (4, 256)
    out_dir: str
    dataset: str
    scene: int
    formats: tuple[str, ...]
    thresholds: Thresholds | None = None
    rgb: tuple[int, ...] = (0, 1, 2)  # positions of B4, B3, B2 among the raw S2 bands
    label_path: str | None = None  # the scene's label on its grid (label_raster); None: no label patches
    drop_unlabeled: bool = False  # drop a pair whose label patch has no class at all
    evidence: Evidence = Evidence()  # the QA evidence whose bands the "qa" plane holds
    made: dict = field(default_factory=dict)  # relative path -> what runs of this identity recorded making
    ledger: str | None = None  # the run's ledger folder (``resume.Ledger``), relative to ``out_dir``

    def relpaths(self, number: int) -> dict[str, str]:
        kinds = layout.PATCH_KINDS if self.label_path else layout.SENSORS
        return {
            f"{kind}_{ext}": layout.patch_relpath(self.dataset, kind, self.scene, number, ext)
            for ext in self.formats
            for kind in kinds
        }


@dataclass
class BlockResult:
    """What one block of pass 2 did."""

    records: list[PatchRecord] = field(default_factory=list)
    written: int = 0
    skipped: int = 0
    dropped_nodata: int = 0
    dropped_unlabeled: int = 0
    redone: list[str] = field(default_factory=list)  # files there that were not what was recorded
    unrecorded: list[str] = field(default_factory=list)  # files there with no record at all


def plan_blocks(grid: PatchGrid, workers: int, bytes_per_pixel: int = 16) -> list[tuple[Span, Span]]:
    """Blocks of patch rows across the whole scene: enough for all workers, small enough for flat memory.

    A block holds whole pixel rows of the planes in memory anyway (the kernel maps each touched
    page's neighbours too, and a row of a full tile is ~40 KB), so blocks are as wide as the
    scene and as tall as ``BLOCK_BYTES`` allows; columns are split only where one patch row
    alone would exceed it.
    """
    rows_px = BLOCK_BYTES // max(1, grid.width * bytes_per_pixel)
    by_memory = max(1, (rows_px - grid.size) // grid.stride + 1) if rows_px >= grid.size else 1
    by_balance = max(1, grid.rows // max(1, JOBS_PER_WORKER * workers))
    per_row = min(8, by_memory, by_balance)
    too_wide = grid.size * grid.width * bytes_per_pixel > BLOCK_BYTES
    col_spans = _spans(grid.cols, -(-grid.cols // BLOCK_COLS)) if too_wide else [(0, grid.cols)]
    row_spans = _spans(grid.rows, -(-grid.rows // per_row))
    return [(r, c) for r in row_spans for c in col_spans]


@dataclass(frozen=True)
class SceneCheckJob:
    """The scene check (``quality.scene_verdict``) from the decoded planes: no file is read again."""

    decoded: DecodedScene
    pair: RasterPair
    thresholds: Thresholds
    rgb: tuple[int, ...] = (0, 1, 2)  # positions of B4, B3, B2 among the raw S2 bands

    @staticmethod
    def possible(pair: RasterPair) -> bool:
        """The planes hold exactly what ``check_scene_files`` would read: one grid, no overviews
        (a decimated read would take them), no separate QA evidence (read resampled)."""
        return not pair.warp_s1 and not pair.overviews and not pair.evidence.bands


PICK_ROWS = 32  # decimated rows picked per mapping of the planes: a scratch file's pages stay few (~5 MB at 10980 px)


def scene_check_job(job: SceneCheckJob) -> Verdict:
    def decimated() -> tuple:
        rows, cols = decimated_positions(job.pair.grid, SCENE_CHECK_MAX_SIDE)
        scene = None
        for start in range(0, len(rows), PICK_ROWS):  # every picked row touches its whole row of pages
            with job.decoded.open(writable=False) as planes:
                part = _pick(planes, rows[start:start + PICK_ROWS], cols, job.rgb)
            if scene is None:  # filled in place: no second copy of the decimated scene
                scene = tuple(np.empty(p.shape[:-2] + (len(rows), len(cols)), p.dtype) for p in part)
            for whole, piece in zip(scene, part):
                whole[..., start:start + piece.shape[-2], :] = piece
        return scene + ({},)

    def centre() -> tuple:
        top, bottom, left, right = centre_window(job.pair.grid)
        with job.decoded.open(writable=False) as planes:
            return _pick(planes, np.arange(top, bottom), np.arange(left, right), job.rgb)

    return scene_verdict(decimated, centre, job.pair.evidence, job.thresholds, job.pair.grid)


def _pick(planes: dict, rows: np.ndarray, cols: np.ndarray, rgb: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """S1 dB, RGB and no-data at ``rows`` x ``cols`` of the planes (copies: the planes are unmapped after)."""
    pick = np.ix_(rows, cols)
    s2 = planes["s2_raw"]
    return planes["s1_raw"][0][pick], np.stack([s2[k][pick] for k in rgb]), planes["invalid"][pick]


def pass2_job(job):
    """Pass 2's jobs: patch blocks, and the scene check beside them."""
    return scene_check_job(job) if isinstance(job, SceneCheckJob) else patch_job(job)


def describe_block(job) -> str:
    if isinstance(job, SceneCheckJob):
        return _("the scene check")
    if isinstance(job, DecodeJob):
        top, bottom, left, right = job.window
        return _("pixel rows {top}..{value}, columns {left}..{value2}").format(
                   top=top, value=bottom - 1, left=left, value2=right - 1)
    return _("patch rows {value}..{value2}, columns {value3}..{value4}").format(
               value=job.rows[0], value2=job.rows[1] - 1, value3=job.cols[0], value4=job.cols[1] - 1)


def patch_job(job: PatchJob) -> BlockResult:
    """Cut and write the patches (and label patches) of one block."""
    _stop_if_asked()
    with job.decoded.open(writable=False) as planes:
        return _cut_block(job, planes)


def _cut_block(job: PatchJob, planes: dict) -> BlockResult:
    grid, out, size = job.grid, ConfinedWriter(job.out_dir), job.grid.size
    top, left = job.rows[0] * grid.stride, job.cols[0] * grid.stride
    bottom, right = (job.rows[1] - 1) * grid.stride + size, (job.cols[1] - 1) * grid.stride + size
    area = (slice(top, bottom), slice(left, right))
    invalid = planes["invalid"][area]
    s1_u8 = job.luts[0].take(planes["s1_u8"][area])  # the stretch, once per pixel of the block
    s2_u8 = np.empty((bottom - top, right - left, 3), dtype=np.uint8)
    for i in range(3):
        s2_u8[..., i] = job.luts[1 + i].take(planes["s2_u8"][(i, *area)])
    s1_raw, s2_raw = planes.get("s1_raw"), planes.get("s2_raw")
    labels = _read_label(job.label_path, (top, bottom, left, right))
    qa_plane = planes.get("qa")
    qa_names = [name for name, _unused in job.evidence.bands]
    rgb = list(job.rgb) if s2_raw is not None and list(job.rgb) != list(range(s2_raw.shape[0])) else None
    areas, k = None, PATCH_SAMPLING
    if job.thresholds is not None and grid.stride % k == 0:  # every patch's subsample on the block's lattice
        lattice = (slice(None), slice(top, bottom, k), slice(left, right, k))
        block_rgb = s2_raw[lattice]
        areas = AreaSums(block_rgb if rgb is None else block_rgb[rgb],
                         {n: qa_plane[(i, *lattice[1:])] for i, n in enumerate(qa_names)}, job.evidence, job.thresholds)
    sub = len(range(0, size, k))
    parked = os.path.lexists(os.path.join(out.base, layout.REJECTED_DIR))  # none parked (usual): no look-up per patch
    done = BlockResult()
    ledger = Ledger(job.ledger, out) if job.ledger else None
    made: dict[str, Made] = {}  # relative path -> as written or found intact, for the run's ledger
    try:
        for r in range(*job.rows):
            _stop_if_asked()
            for pos in grid.row_positions(r)[job.cols[0]:job.cols[1]]:
                y, x = pos.row_off - top, pos.col_off - left
                local = (slice(y, y + size), slice(x, x + size))
                if invalid[local].any():
                    done.dropped_nodata += 1
                    continue
                label = None if labels is None else labels[local]
                if label is not None and job.drop_unlabeled and not label.any():
                    done.dropped_unlabeled += 1
                    continue
                files = job.relpaths(pos.number)
                targets = {key: out.target(rel) for key, rel in files.items()}  # inside OUTPUT, or refused
                state = {key: resume.check(targets[key], job.made.get(rel, ())) for key, rel in files.items()}
                kept = {key: found for key, (status, found) in state.items() if status == resume.KEPT}
                counts = () if label is None else _class_counts(label)
                scene_area = (slice(pos.row_off, pos.row_off + size), slice(pos.col_off, pos.col_off + size))
                if job.thresholds is None:
                    record = PatchRecord(pos, files, "", label_counts=counts)  # checks off: not checked
                else:
                    rgb_raw = s2_raw[(slice(None), *scene_area)]
                    qa = {} if qa_plane is None else {n: qa_plane[(k, *scene_area)] for k, n in enumerate(qa_names)}
                    area = None if areas is None else areas.patch(y // k, x // k, sub, sub)
                    verdict = check_patch(s1_raw[(0, *scene_area)], rgb_raw if rgb is None else rgb_raw[rgb],
                                          job.thresholds, qa, job.evidence, area)
                    record = PatchRecord(pos, files, verdict.status, "; ".join(verdict.reasons),
                                         verdict.measures, counts, verdict.flags)
                todo = [key for key in files if key not in kept]
                if todo and parked and all(out.target(f"{layout.REJECTED_DIR}/{rel}").exists() for rel in files.values()):
                    todo = []  # rejected and parked by apply_review: remembered, never written back
                    kept = {key: next(iter(job.made[rel])) for key, rel in files.items() if job.made.get(rel)}
                for key in todo:
                    status = state[key][0]
                    if status in (resume.CHANGED, resume.UNRECORDED):
                        (done.redone if status == resume.CHANGED else done.unrecorded).append(files[key])
                    with out.atomic(targets[key]) as tmp:
                        if key == "s1_png":
                            write_png(tmp, s1_u8[local])
                        elif key == "s2_png":
                            write_png(tmp, s2_u8[local])
                        elif key == "lc_png":  # 8-bit class ids, one grey channel
                            write_png(tmp, np.ascontiguousarray(label))
                        elif key == "lc_tif":
                            _write_tif(tmp, label[None], grid, pos)
                        else:
                            raw = s1_raw if key == "s1_tif" else s2_raw
                            _write_tif(tmp, raw[(slice(None), *scene_area)], grid, pos)
                        kept[key] = Made.of(tmp)
                made.update({files[key]: found for key, found in kept.items()})
                done.records.append(replace(record, made=kept))
                if todo:
                    done.written += 1
                else:
                    done.skipped += 1
    finally:  # also when stopped: a re-run keeps what this block finished
        if ledger is not None:
            ledger.write(f"rows{job.rows[0]}-{job.rows[1]}_cols{job.cols[0]}-{job.cols[1]}", made)
    return done


def _read_label(path: str | None, window: Window) -> np.ndarray | None:
    """The block's window of the scene's label raster (one read per block), None without labels."""
    if path is None:
        return None
    import rasterio
    from rasterio.windows import Window as RasterWindow

    top, bottom, left, right = window
    with rasterio.open(path) as ds:
        return ds.read(1, window=RasterWindow(left, top, right - left, bottom - top))


def _class_counts(label: np.ndarray) -> tuple[tuple[int, int], ...]:
    counts = np.bincount(label.ravel(), minlength=1)
    return tuple((int(i), int(counts[i])) for i in np.flatnonzero(counts))


def _write_tif(path: Path, data: np.ndarray, grid: PatchGrid, pos: PatchPosition) -> None:
    import rasterio

    profile = dict(
        driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=data.dtype.name, crs=grid.raster.crs_wkt, transform=rasterio.Affine(*grid.transform(pos)),
        compress="deflate", predictor=2 if data.dtype.kind in "ui" else 3,
    )
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.ascontiguousarray(data))
