"""Automatic quality checks: the paper's two manual inspections (scenes, then patches) as measures.

Each measure is a number with a threshold the user can set; a scene or patch gets ``pass``,
``review`` or ``reject`` with the reasons, and each reason has a kind (``REASONS``: cloud, snow,
shadow, seam, colour, offset, ...) that the index, the card and the review queue count and
filter by. Reasons say what and by which evidence (``qa_evidence``), best first:

- cloud, cloud shadow and snow: Cloud Score+ (Earth Engine downloads), the product's SCL (L2A)
  or MSK_CLASSI_B00 (L1C 04.00 on), else spectral tests where B11 is there (snow: NDSI with a
  NIR floor, as MODIS' SNOMAP; cloud: bright and flat in the visible *and* bright in SWIR, where
  snow is dark), else RGB alone: bright and white is "cloud or snow", sent to review and never
  rejected on brightness alone. Snow is its own measure and never rejects by default (winter is
  one of SEN1-2's four seasons);
- no-data fraction (scenes; patches with any no-data are dropped before);
- colour: a band whose mean is far from the others' (a colour-shifted band), the means taken
  over clear pixels and with a dark floor, so low sun on a winter forest is no colour shift;
- seams: where the mosaic's provenance is known (Earth Engine QA), exactly where it changes,
  with the step measured across that line. Otherwise a step along one straight row or column
  that crosses several land covers with one consistent ratio in every band: a field edge is a
  step between two fields (one land cover each side), a seam multiplies everything it crosses;
- S1/S2 co-registration (scenes): the offset in pixels (``coregistration``).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

from . import qa_evidence
from .i18n import N_, _
from .qa_evidence import Evidence
from .qc_reasons import CLOUD, CLOUD_OR_SNOW, COLOUR, INPUT, NODATA, OFFSET, REASONS, SEAM, SHADOW, SNOW  # noqa: F401

PASS, REVIEW, REJECT = "pass", "review", "reject"
STATUSES = (PASS, REVIEW, REJECT)
RGB_ONLY = Evidence()  # no QA evidence: the S2 RGB itself
SCL_CLOUD, SCL_SHADOW, SCL_SNOW = (8, 9, 10), (3,), (11,)


@dataclass(frozen=True)
class Thresholds:
    """Where a measure turns a scene or patch to review, and to reject."""

    nodata_review: float = 0.0  # scene: any no-data at all is worth a look (patches with any are dropped)
    nodata_reject: float = 0.25
    cloud_brightness: float = 2500.0  # S2 DN (0.25 reflectance) in every visible band
    cloud_whiteness: float = 0.15  # mean absolute deviation of the bands / their mean
    cloud_swir: float = 1500.0  # B11 DN a cloud exceeds; snow is dark in SWIR
    cloud_score_clear: float = 0.6  # Cloud Score+ cs below this is not clear (geedim's default mask)
    cloud_review: float = 0.01
    cloud_reject: float = 0.05
    # Spectral tests alone (bright in the visible and in SWIR) also find bright roofs: they reject
    # only where the cloud is one blob of at least this many pixels (25 ha at 10 m, larger than
    # nearly every roof); smaller, it goes to review. Product masks and Cloud Score+ reject as set.
    cloud_blob_px: float = 2500.0
    snow_ndsi: float = 0.4  # NDSI (B3 - B11) / (B3 + B11) above this ...
    snow_nir: float = 1100.0  # ... and B8 above this (water has a high NDSI too, but is dark in NIR)
    snow_review: float = 1.01  # snow share for review; above 1: never (snow is kept)
    shadow_review: float = 0.01
    shadow_reject: float = 0.05
    colour_ratio: float = 2.0  # a band's mean vs the mean of the others, either way
    colour_floor: float = 300.0  # DN added to every mean: dark surfaces have no meaningful ratio
    reflectance_range: tuple[float, float] = (50.0, 5000.0)  # typical land mean DN (clear pixels)
    seam_contrast: float = 3.0  # the step across the line vs its uncertainty (texture along the line)
    seam_consistency: float = 0.9  # share of the line's pieces where the step has the same sign
    seam_min_step: float = 0.10  # S2: 10 % brighter or darker on one side, in every band
    seam_min_step_db: float = 1.5  # S1: step in dB
    seam_diversity: float = 0.15  # S2: spread of ln(brightness) along the line (several land covers)
    seam_diversity_db: float = 1.0  # S1: the same in dB
    # S1/S2 offset in pixels that sends a scene to review. Co-registered data is not aligned to
    # 0 px: Sentinel-2 L1C locates within 11 m at 95.5 % before ESA's GRI refinement (all of
    # SEN1-2's 2016-17 data and BigEarthNet's; 8 m CE95 after April 2021: ESA's data quality
    # reports, summarised by CESBIO's "A first peek at new Sentinel2 geometric processing"), and
    # S1 IW GRD within a few metres (Schubert et al. 2017, Remote Sensing 9, 607). Up to about
    # 1.2 px (12 m) an S1/S2 offset is what the products' specifications allow; review beyond
    # 1.5 px (15 m), which leaves room for the measure's own error (a 3 px shift of S1 is
    # measured within 0.1 px on BigEarthNet's scenes). BigEarthNet's 1.1 px scene passes, its 2.2
    # px scene (the shore visibly about 2 px apart) goes to review as an offset.
    offset_review: float = 1.5


# The thresholds a face offers as parameters, by parameter name (the faces label them).
THRESHOLD_PARAMETERS = {
    "CLOUD_REVIEW": "cloud_review", "CLOUD_REJECT": "cloud_reject", "SNOW_REVIEW": "snow_review",
    "SHADOW_REVIEW": "shadow_review", "SHADOW_REJECT": "shadow_reject", "SEAM_CONTRAST": "seam_contrast",
    "COLOUR_RATIO": "colour_ratio", "OFFSET_REVIEW": "offset_review",
}


def thresholds_with(values: dict, base: Thresholds = Thresholds()) -> Thresholds:
    """``base`` with the thresholds given by parameter name (``THRESHOLD_PARAMETERS``); None keeps
    the default.

    Raises:
        InputError: a name that is no threshold, or a value that is not a number >= 0.
    """
    from dataclasses import replace

    from .errors import InputError

    changes = {}
    for name, value in values.items():
        if name not in THRESHOLD_PARAMETERS:
            raise InputError(_("{name} is no quality threshold (they are: {names}).").format(
                name=name, names=", ".join(THRESHOLD_PARAMETERS)))
        if value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not np.isfinite(number) or number < 0:
            raise InputError(_("{name} must be a number of at least 0, not {value!r}.").format(name=name, value=value))
        changes[THRESHOLD_PARAMETERS[name]] = number
    return replace(base, **changes)


@dataclass
class Verdict:
    status: str = PASS
    reasons: list[str] = field(default_factory=list)
    measures: dict[str, float] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # one of REASONS per flag, in order, no repeats
    evidence: str = ""  # what cloud, snow and shadow rest on ("SCL", "spectral", "RGB", ...)
    reason_kinds: list[str] = field(default_factory=list)  # the kind of each reason, in order

    def flag(self, status: str, reason: str, kind: str = INPUT) -> None:
        if STATUSES.index(status) > STATUSES.index(self.status):
            self.status = status
        self.reasons.append(reason)
        self.reason_kinds.append(kind)
        if kind not in self.kinds:
            self.kinds.append(kind)

    def kind_of_each_reason(self) -> list[str]:
        """The kind of each reason (a verdict made without ``flag``: one kind for all, else input)."""
        if len(self.reason_kinds) == len(self.reasons):
            return list(self.reason_kinds)
        if len(self.kinds) == len(self.reasons):
            return list(self.kinds)
        return [self.kinds[0] if self.kinds else INPUT] * len(self.reasons)

    @property
    def flags(self) -> str:
        """The kinds as the index stores them: ``cloud,seam``."""
        return ",".join(self.kinds)


def nodata_fraction(invalid: np.ndarray) -> float:
    return float(invalid.mean()) if invalid.size else 0.0


def _share(mask: np.ndarray, valid: np.ndarray | None) -> float:
    if valid is None:
        return float(mask.mean()) if mask.size else 0.0
    n = int(valid.sum())
    return float((mask & valid).sum() / n) if n else 0.0


WHITE_ROWS = 256  # rows of a scene judged at once: the temporaries stay a few MB at any size


def bright_white(rgb: np.ndarray, t: Thresholds) -> np.ndarray:
    """Pixels bright in every visible band with a flat spectrum (Fmask's whiteness): cloud or snow."""
    rgb = np.asarray(rgb)
    white = np.empty(rgb.shape[1:], bool)
    for top in range(0, rgb.shape[1], WHITE_ROWS):  # pixel by pixel: rows apart give the same answer
        white[top:top + WHITE_ROWS] = _bright_white_rows(rgb[:, top:top + WHITE_ROWS], t)
    return white


def _bright_white_rows(rgb: np.ndarray, t: Thresholds) -> np.ndarray:
    # Band by band in float32, in the order numpy's mean over the first axis adds them (so the
    # same numbers as ``bands.mean(axis=0)`` and ``abs(bands - mean).mean(axis=0)``, held equal in
    # a test): one plane of temporaries at a time, not three.
    mean = rgb[0].astype(np.float32)
    for band in rgb[1:]:
        mean += band
    mean /= len(rgb)
    spread = np.zeros_like(mean)
    bright = np.ones(mean.shape, bool)  # the darkest band above the brightness: every band above it
    for band in rgb:
        plane = band.astype(np.float32)
        bright &= plane > t.cloud_brightness
        plane -= mean
        spread += np.abs(plane, out=plane)
    spread /= len(rgb)
    spread /= np.maximum(mean, 1.0, out=mean)
    return bright & (spread < t.cloud_whiteness)


def cloud_fraction(rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds) -> float:
    """Share of valid pixels that are bright and white (RGB alone: cloud *or snow*)."""
    return _share(bright_white(rgb, t), valid)


def largest_blob(mask: np.ndarray) -> int:
    """Pixels of the largest 8-connected region of ``mask`` (0 when there is none)."""
    if not mask.any():
        return 0
    from scipy import ndimage

    labels, _unused = ndimage.label(mask, structure=np.ones((3, 3), bool))
    return int(np.bincount(labels.ravel())[1:].max())


def _ndsi(qa: dict) -> np.ndarray:
    b3, b11 = qa["B3"], qa["B11"]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b3 + b11 > 0, (b3 - b11) / (b3 + b11), 0.0)


def _nir(qa: dict) -> np.ndarray:
    return qa["B8"] if "B8" in qa else qa["B8A"]


def surface_masks(rgb: np.ndarray, qa: dict, evidence: Evidence, t: Thresholds) -> dict[str, np.ndarray]:
    """Per-pixel cloud, shadow, snow (or, RGB only, cloud-or-snow) masks from the best evidence."""
    kind = evidence.kind
    if kind == qa_evidence.SCL:
        scl = np.rint(qa["SCL"]).astype(np.int16)
        return {CLOUD: np.isin(scl, SCL_CLOUD), SHADOW: np.isin(scl, SCL_SHADOW), SNOW: np.isin(scl, SCL_SNOW)}
    if kind == qa_evidence.MSK_CLASSI:
        return {CLOUD: (qa["OPAQUE"] > 0) | (qa["CIRRUS"] > 0), SNOW: qa["SNOW"] > 0}
    if kind == qa_evidence.SPECTRAL:
        ndsi = _ndsi(qa)
        snow = (ndsi > t.snow_ndsi) & (_nir(qa) > t.snow_nir)
        cloud = bright_white(rgb, t) & (qa["B11"] > t.cloud_swir) & ~snow
        return {CLOUD: cloud, SNOW: snow}
    if kind == qa_evidence.CLOUD_SCORE:
        cloud = qa["cs"] < t.cloud_score_clear
        return {CLOUD: cloud, SNOW: bright_white(rgb, t) & ~cloud}
    return {CLOUD_OR_SNOW: bright_white(rgb, t)}


EVIDENCE_TEXT = {  # how each reason names its evidence
    (qa_evidence.SCL, CLOUD): "SCL 8, 9, 10", (qa_evidence.SCL, SHADOW): "SCL 3", (qa_evidence.SCL, SNOW): "SCL 11",
    (qa_evidence.MSK_CLASSI, CLOUD): N_("MSK_CLASSI opaque, cirrus"), (qa_evidence.MSK_CLASSI, SNOW): N_("MSK_CLASSI snow"),
    (qa_evidence.SPECTRAL, CLOUD): N_("spectral: bright in visible and SWIR"), (qa_evidence.SPECTRAL, SNOW): "NDSI",
    (qa_evidence.RGB, CLOUD_OR_SNOW): N_("bright and white in RGB; no SWIR band to tell them apart"),
}


def _evidence_text(kind: str, what: str, t: Thresholds) -> str:
    if kind == qa_evidence.CLOUD_SCORE:
        return _("Cloud Score+ cs < {cloud_score_clear:g}").format(cloud_score_clear=t.cloud_score_clear) if what == CLOUD else _("bright, and clear in Cloud Score+")
    return _(EVIDENCE_TEXT[(kind, what)])


def colour_problem(rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds) -> tuple[float, str | None]:
    """The worst band-to-others ratio, and what is wrong if it is out of bounds (``valid`` None: all).

    Ratios are of means plus ``colour_floor``: a dark surface (a low-sun winter forest, water)
    has a small blue mean whose ratio to the others says nothing about the sensor.
    """
    if valid is None:
        means = rgb.reshape(rgb.shape[0], -1).mean(axis=1, dtype=np.float64)
    elif too_few_clear(int(valid.sum()), valid.size):
        return 1.0, None
    else:
        means = np.array([float(b[valid].mean()) for b in rgb])
    return colour_of_means(means, t)


def too_few_clear(clear: int, size: int) -> bool:
    """Almost nothing clear to judge the colour by."""
    return clear < max(16, 0.05 * size)


def colour_of_means(means: np.ndarray, t: Thresholds) -> tuple[float, str | None]:
    """``colour_problem`` from the bands' means over the clear pixels."""
    worst, problem = 1.0, None
    for i, name in enumerate(("B4", "B3", "B2")[: len(means)]):
        others = np.delete(means, i).mean()
        ratio = (means[i] + t.colour_floor) / (others + t.colour_floor)
        score = max(ratio, 1 / max(ratio, 1e-6))
        if score > worst:
            worst = score
            if score > t.colour_ratio:
                problem = (_("band {name} mean {value:.0f} DN vs {others:.0f} in the other bands, {ratio:.1f}x "
                             "with a {colour_floor:.0f} DN floor (colour shift)").format(
                               name=name, value=means[i], others=others, ratio=ratio, colour_floor=t.colour_floor))
    lo, hi = t.reflectance_range
    if problem is None and not (lo <= means.mean() <= hi):
        problem = _("mean reflectance {value:.0f} DN of clear pixels is outside typical land "
                    "({lo:.0f}..{hi:.0f})").format(value=means.mean(), lo=lo, hi=hi)
    return worst, problem


# ----- seams ----------------------------------------------------------------------------

SEAM_WINDOW = 3  # px each side of a known seam (provenance) whose means are compared
SEAM_SEGMENTS = 8  # the line is cut into this many pieces (at least 8 px each)
SEAM_TOGETHER = 0.7  # correlation of the two sides' profiles along the line, in every band


STEP_ROWS = 256  # lines counted at once by ``_step_counts``: a scene check's differences are never whole


def _step_counts(first: np.ndarray, reach: float, along_memory: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per line between neighbouring pixels across ``first`` (pixels along, pixels across): how many
    of its pixel pairs step at least ``reach`` up, and how many down (exact integer counts).

    ``along_memory``: ``first`` is C-ordered, the lines are its columns and the differences are
    counted down them in pieces of rows; else ``first`` is a transposed view and each piece of
    lines is taken down its own rows (also along memory).
    """
    along, across = first.shape
    counts = np.int16 if along < 2 ** 15 else np.int64  # exact, and twice as fast as count_nonzero
    up, down = np.zeros(across - 1, np.int64), np.zeros(across - 1, np.int64)
    if along_memory:
        for top in range(0, along, STEP_ROWS):
            d = first[top:top + STEP_ROWS, 1:] - first[top:top + STEP_ROWS, :-1]
            up += (d >= reach).sum(axis=0, dtype=counts)
            down += (d <= -reach).sum(axis=0, dtype=counts)
    else:
        rows = first.T  # (pixels across, pixels along): line i is between its rows i and i + 1
        for start in range(0, across - 1, STEP_ROWS):
            stop = min(start + STEP_ROWS, across - 1)
            d = rows[start + 1:stop + 1] - rows[start:stop]
            up[start:stop] = (d >= reach).sum(axis=1, dtype=counts)
            down[start:stop] = (d <= -reach).sum(axis=1, dtype=counts)
    return up, down


def blind_seam(bands: np.ndarray, log: bool, min_step: float, diversity: float, t: Thresholds,
               along_step: int = 1) -> tuple[float, str | None]:
    """The strongest straight seam: a step along a whole row or column, crossing several land
    covers, with one consistent ratio (S2: ``log``, ln of DN) or dB step (S1) in every band.

    Per line between two pixel columns (or rows): the step is the median over the line of the
    difference of the neighbours (an edge crossing the line at a few pixels, a road or a hedge,
    moves it little; a seam moves all of it), measured against its uncertainty; its sign must
    hold in every piece of the line; the line must cross several land covers, and the two sides'
    profiles along it must go together (after = before x ratio). Across a field edge each side
    is its own field and they do not. S1 needs longer lines (12 pieces of at least 8 px):
    speckle makes a short S1 line's step noisy, and a hedgerow then reads as a seam.
    The conditions that need no median are checked first, and a line that fails one is dropped
    before the medians (they cost): the same answer as judging every line in full, at a fraction
    of the cost (``scripts/seam_figures.py``).
    """
    segments, min_segments = (SEAM_SEGMENTS, 3) if log else (16, 12)
    data = np.asarray(bands)  # float32 only where picked: a scene check's bands are not copied whole

    def values(img: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Every band's values on the given lines' pixels in float32, as the tests compare them (S2: ln DN)."""
        picked = img[:, :, columns].astype(np.float32)
        if log:  # in place: the same numbers, no second and third copy of a scene check's band
            np.log(np.maximum(picked, np.float32(1.0), out=picked), out=picked)
        return picked

    first_band = values(data[:1], slice(None))[0]
    best, where, step_text = 0.0, None, ""
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for axis, name in ((2, "column"), (1, "row")):
            img = (data if axis == 2 else np.swapaxes(data, 1, 2))[:, ::along_step]
            n_bands, h, w = img.shape
            length = max(8 // along_step, h // segments)
            n_seg = h // length
            if n_seg < min_segments or w < 3:
                continue
            img = img[:, : n_seg * length]
            # Each band's median step is at least half the smallest step, one way: so at least
            # half the line's pixel pairs step that far that way, in every band. The first band
            # is counted on every line, the others only on the lines it leaves. One band alone
            # (S1) must step the whole smallest step (the bands' mean does): its speckle rarely does.
            half, reach = n_seg * length / 2.0, (min_step if n_bands == 1 else 0.5 * min_step)
            if axis == 2:
                first = first_band[::along_step][: n_seg * length]  # (pixels along, pixels across)
            else:  # rows as lines: the differences are taken down the columns, along memory
                first = first_band[:, ::along_step][:, : n_seg * length].T
            up, down = _step_counts(first, reach, axis == 2)
            lines = np.flatnonzero((up >= half) | (down >= half))
            if not lines.size:
                continue
            # The first band's own pieces must carry its way (tested for every band below): checked
            # first on the differences at hand, before any other band is read. Exact: a line the
            # first band drops here fails the test below too (S1's speckle leaves many such lines).
            d1 = first[:, lines + 1] - first[:, lines]  # (pixels along, lines): line i is before pixel i + 1
            up1, down1 = up[lines] >= half, down[lines] >= half
            way1 = np.where(up1 & ~down1, 1.0, np.where(down1 & ~up1, -1.0, 0.0))
            carried1 = np.count_nonzero((d1 * way1).reshape(n_seg, length, lines.size) > 0, axis=1) >= length / 2.0
            lines = lines[(carried1.mean(axis=0) >= t.seam_consistency) | (way1 == 0)]
            if not lines.size:
                continue
            left, right = values(img, lines), values(img, lines + 1)  # (bands, pixels along, lines)
            d = right - left
            up = np.all(np.count_nonzero(d >= reach, axis=1) >= half, axis=0)
            down = np.all(np.count_nonzero(d <= -reach, axis=1) >= half, axis=0)
            keep = np.flatnonzero(up | down)
            if not keep.size:
                continue
            lines, left, right, up, down = lines[keep], left[:, :, keep], right[:, :, keep], up[keep], down[keep]
            dc = np.ascontiguousarray(np.moveaxis(d[:, :, keep], 1, 2))  # (bands, lines, pixels along)
            # Each piece's median steps that way too (in enough pieces): so at least half of the
            # piece's pairs step that way. (A line that counts both ways is left to the medians.)
            way = np.where(up & ~down, 1.0, np.where(down & ~up, -1.0, 0.0))
            signed = (dc * way[None, :, None]).reshape(n_bands, lines.size, n_seg, length)
            carried = np.count_nonzero(signed > 0, axis=3) >= length / 2.0  # (bands, lines, pieces)
            keep = np.flatnonzero(np.all(carried.mean(axis=2) >= t.seam_consistency, axis=0) | (way == 0))
            if not keep.size:
                continue
            lines, dc, left, right = lines[keep], dc[:, keep], left[:, :, keep], right[:, :, keep]
            # Several land covers along the line, and the two sides go together: means only.
            before = left.reshape(n_bands, n_seg, length, lines.size).mean(axis=2)
            after = right.reshape(n_bands, n_seg, length, lines.size).mean(axis=2)
            covers = np.median(np.std(before, axis=1), axis=0)  # land-cover variety along the line
            b0, a0 = before - before.mean(axis=1, keepdims=True), after - after.mean(axis=1, keepdims=True)
            together = (b0 * a0).sum(axis=1) / (np.sqrt((b0 ** 2).sum(axis=1) * (a0 ** 2).sum(axis=1)) + 1e-12)
            keep = np.flatnonzero((covers >= diversity) & np.all(together >= SEAM_TOGETHER, axis=0))
            if not keep.size:
                continue
            lines, dc = lines[keep], dc[:, keep]
            med = np.median(dc, axis=2)
            spread = 1.4826 * np.median(np.abs(dc - med[..., None]), axis=2) / np.sqrt(n_seg)  # of the median
            pieces = np.median(dc.reshape(n_bands, lines.size, n_seg, length), axis=3)
            agree = (np.sign(pieces) == np.sign(med)[..., None]).mean(axis=2)  # one sign all along
            contrast = np.abs(med) / (spread + 1e-6)
            one_sign = np.all(np.sign(med) == np.sign(med[:1]), axis=0)
            ok = (one_sign & np.all(np.abs(med) >= 0.5 * min_step, axis=0) & (np.abs(med).mean(axis=0) >= min_step)
                  & np.all(agree >= t.seam_consistency, axis=0))
            score = np.where(ok, contrast.min(axis=0), 0.0)
            i = int(np.argmax(score))
            if score[i] > best:
                best, where = float(score[i]), f"{name} {int(lines[i]) + 1}"
                step = float(np.mean(med[:, i]))
                step_text = (_("step {step:+.0%}").format(step=np.expm1(step)) if log
                             else _("step {step:+.1f} dB").format(step=step))
    if where and best > t.seam_contrast:
        return best, _("straight step at {where} across several land covers ({step_text} in every band; seam)").format(
                         where=where, step_text=step_text)
    return best, None


def known_seam(rgb: np.ndarray, provenance: np.ndarray, valid: np.ndarray | None, t: Thresholds,
               pixel: int = 1) -> tuple[float, str | None]:
    """A seam where the mosaic's provenance changes: the step measured across that line only.

    The line is where two neighbouring pixels (side by side or one above the other) come from
    two acquisitions, whatever its orientation (a swath edge runs 10-15 degrees off north); the
    step is each band's median log ratio over those pixel pairs (one pair of pixels 10 m apart
    differs by little texture, and the median ignores the few on a field edge), taken from the
    earlier acquisition to the later. Every pair of acquisitions that meet is measured (a mosaic
    of three or more images has a line between each two that touch, whatever their areas); the
    strongest step is the answer.
    """
    ids = np.rint(provenance).astype(np.int64)
    usable = ids >= 0 if valid is None else (ids >= 0) & valid
    firsts, seconds, centres = [], [], []
    for axis in (1, 0):  # pairs side by side, then one above the other
        a = ids[:, :-1] if axis == 1 else ids[:-1]
        b = ids[:, 1:] if axis == 1 else ids[1:]
        ok = (a != b) & (usable[:, :-1] & usable[:, 1:] if axis == 1 else usable[:-1] & usable[1:])
        rows, cols = np.nonzero(ok)
        if not rows.size:
            continue
        other = (rows, cols + 1) if axis == 1 else (rows + 1, cols)
        lo = a[rows, cols] < b[rows, cols]  # orient every pair from the earlier acquisition to the later
        first = (np.where(lo, rows, other[0]), np.where(lo, cols, other[1]))
        second = (np.where(lo, other[0], rows), np.where(lo, other[1], cols))
        firsts.append(first)
        seconds.append(second)
        centres.append(np.stack([(rows + other[0]) / 2.0, (cols + other[1]) / 2.0], axis=1))
    if not firsts:
        return 0.0, None
    first = tuple(np.concatenate([f[k] for f in firsts]) for k in (0, 1))
    second = tuple(np.concatenate([f[k] for f in seconds]) for k in (0, 1))
    centre = np.concatenate(centres)
    meeting = ids[first] * (1 << 32) + ids[second]  # which two acquisitions each pair joins
    data = np.asarray(rgb)
    ratio = (np.log(np.maximum(data[:, second[0], second[1]].astype(np.float32), 1.0))
             - np.log(np.maximum(data[:, first[0], first[1]].astype(np.float32), 1.0)))  # (bands, pairs)
    best, best_where = 0.0, None
    for pair in np.unique(meeting):
        these = meeting == pair
        if these.sum() < 4:
            continue  # they barely touch
        step = abs(float(np.median(ratio[:, these], axis=1).mean()))
        if step > best:
            best, best_where = step, _line_text(centre[these], pixel)
    if best_where is not None and best >= t.seam_min_step:
        return best, _("seam between two acquisitions {best_where} (step {value:.0%}; provenance)").format(
                         best_where=best_where, value=np.expm1(best))
    return best, None


def _line_text(points: np.ndarray, pixel: int) -> str:
    """Where a seam's pixel pairs lie (their centres: row, column): its row or column when it runs
    along the grid, else the line from one end to the other with its angle."""
    rows, cols = points[:, 0], points[:, 1]
    if np.ptp(cols) <= 1.0 and np.ptp(rows) > 1.0:
        return _("at column {n}").format(n=int(np.ceil(np.median(cols))) * pixel)
    if np.ptp(rows) <= 1.0:
        return _("at row {n}").format(n=int(np.ceil(np.median(rows))) * pixel)
    centred = points - points.mean(axis=0)
    direction = np.linalg.svd(centred, full_matrices=False)[2][0]  # (row, column) along the line
    along = centred @ direction
    start, end = points[int(np.argmin(along))], points[int(np.argmax(along))]
    if start[0] > end[0]:
        start, end = end, start
    angle = float(np.degrees(np.arctan2(abs(direction[1]), abs(direction[0]))))  # 0: north-south
    return _("along a line from row {r0}, column {c0} to row {r1}, column {c1} ({angle:.0f} degrees off "
             "north-south)").format(
        r0=int(round(start[0])) * pixel, c0=int(round(start[1])) * pixel, r1=int(round(end[0])) * pixel,
        c1=int(round(end[1])) * pixel, angle=angle)


# ----- the verdicts ---------------------------------------------------------------------


def check(s1: np.ndarray, rgb: np.ndarray, invalid: np.ndarray, t: Thresholds = Thresholds(),
          qa: dict | None = None, evidence: Evidence = RGB_ONLY, pixel_area: float = 1.0) -> Verdict:
    """Measures and verdict for a scene given S1 (dB), S2 RGB (DN), the no-data mask and the
    scene's QA evidence (``qa``: its bands by name, on the same pixels). ``pixel_area``: scene
    pixels per array pixel (a decimated read: the factor squared)."""
    v = Verdict()
    valid = ~invalid
    v.measures["nodata"] = nodata = nodata_fraction(invalid)
    if nodata > t.nodata_reject:
        v.flag(REJECT, _("{nodata:.0%} no-data").format(nodata=nodata), NODATA)
    elif nodata > t.nodata_review:
        v.flag(REVIEW, f"{nodata:.1%} no-data", NODATA)
    return _judge(v, s1, rgb, valid, t, qa or {}, evidence, pixel_area=pixel_area)


def _share_flag(v: Verdict, what: str, share: float, review: float, reject: float | None, text: str) -> None:
    if reject is not None and share > reject:
        v.flag(REJECT, f"{share:.0%} {text}", what)
    elif share > review:
        v.flag(REVIEW, f"{share:.1%} {text}", what)


def _judge(v: Verdict, s1: np.ndarray, rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds,
           qa: dict, evidence: Evidence, pixel: int = 1, full: tuple | None = None,
           area: PatchArea | None = None, pixel_area: float = 1.0) -> Verdict:
    """Cloud, snow, shadow, colour and seam measures and flags (shared by scene and patch checks).

    ``full``: (S1, RGB, provenance) at full resolution for the seam tests, which look across
    lines pixel by pixel (the other measures are shares and means: a subsample serves them).
    ``area``: those shares and means already counted by box sums (``AreaSums``).
    ``pixel_area``: full-resolution pixels per array pixel (blob sizes are in those).
    """
    v.evidence = evidence.label
    masks = surface_masks(rgb, qa, evidence, t) if area is None else None
    shares = area.shares if area is not None else {what: _share(mask, valid) for what, mask in masks.items()}
    names = {CLOUD: _("cloud"), SHADOW: _("cloud shadow"), SNOW: _("snow"), CLOUD_OR_SNOW: _("cloud or snow")}
    for what in (CLOUD, CLOUD_OR_SNOW, SHADOW, SNOW):
        if what not in shares:
            continue
        v.measures[what] = share = shares[what]
        text = f"{names[what]} ({_evidence_text(evidence.kind, what, t)})"
        if what == CLOUD and evidence.kind == qa_evidence.SPECTRAL and share > t.cloud_reject:
            blob = (area.cloud_blob if area is not None else largest_blob(masks[CLOUD] if valid is None else
                                                                          masks[CLOUD] & valid)) * pixel_area
            if blob >= t.cloud_blob_px:
                v.flag(REJECT, _("{share:.0%} {value}; one blob of {blob:.0f} px)").format(
                                   share=share, value=text[:-1], blob=blob), what)
            else:  # bright roofs pass the same tests: never rejected on them alone
                v.flag(REVIEW, _("{share:.1%} {value}; no blob of {cloud_blob_px:.0f} px, could be bright "
                                 "roofs): review").format(
                                   share=share, value=text[:-1], cloud_blob_px=t.cloud_blob_px), what)
        elif what == CLOUD:
            _share_flag(v, what, share, t.cloud_review, t.cloud_reject, text)
        elif what == SHADOW:
            _share_flag(v, what, share, t.shadow_review, t.shadow_reject, text)
        elif what == SNOW:
            _share_flag(v, what, share, t.snow_review, None, text)
        else:  # brightness alone never rejects
            _share_flag(v, what, share, t.cloud_review, None, text + ": review")
    if area is None:
        surface = np.zeros(rgb.shape[1:], bool)
        for mask in masks.values():
            surface |= mask
        clear = ~surface if valid is None else valid & ~surface
        v.measures["colour"], problem = colour_problem(rgb, clear, t)
    elif too_few_clear(area.clear, area.size):
        v.measures["colour"], problem = 1.0, None
    else:
        v.measures["colour"], problem = colour_of_means(np.array(area.clear_means), t)
    if problem:
        v.flag(REVIEW, problem, COLOUR)
    s1_full, rgb_full, provenance = full or (s1, rgb, qa.get("provenance"))
    scores = []
    if provenance is not None:
        score, problem = known_seam(rgb_full, provenance, None if full else valid, t, 1 if full else pixel)
        scores.append(score)
        if problem:
            v.flag(REVIEW, f"S2: {problem}", SEAM)
    along = 1
    sensors = [("S1", s1_full[None], False, t.seam_min_step_db, t.seam_diversity_db)]
    if provenance is None:
        sensors.append(("S2", rgb_full, True, t.seam_min_step, t.seam_diversity))
    for label, bands, log, step, diversity in sensors:
        if valid is not None and not valid.all():  # a scene with no-data: judge the valid rows only
            bands = np.where(valid[None], np.asarray(bands, np.float32), np.float32(np.nan))  # as blind_seam reads them
        score, problem = blind_seam(bands, log, step, diversity, t, along_step=along)
        scores.append(score)
        if problem:
            v.flag(REVIEW, f"{label}: {problem}", SEAM)
    v.measures["seam"] = max(scores) if scores else 0.0
    return v


PATCH_SAMPLING = 4  # shares and means look at every 4th pixel: 16x cheaper, same verdicts


@dataclass(frozen=True)
class PatchArea:
    """What a patch check counts on the patch's subsample, counted by box sums (``AreaSums.patch``)."""

    shares: dict  # surface kind -> share of the subsample's pixels
    clear: int  # subsample pixels under no surface mask
    size: int  # subsample pixels
    clear_means: tuple  # the bands' mean DN over those clear pixels (empty when none)
    cloud_blob: int = 0  # subsample pixels of the largest spectral cloud blob (counted only above cloud_reject)


def _integral(values: np.ndarray) -> np.ndarray:
    """Summed-area table with a zero row and column in front: box sums in four lookups, exact in int64."""
    table = np.zeros((values.shape[0] + 1, values.shape[1] + 1), dtype=np.int64)
    np.cumsum(np.cumsum(values, axis=0, dtype=np.int64), axis=1, out=table[1:, 1:])
    return table


def _box(table: np.ndarray, y: int, x: int, h: int, w: int) -> int:
    return int(table[y + h, x + w] - table[y, x + w] - table[y + h, x] + table[y, x])


class AreaSums:
    """The surface masks and clear pixels' DN of a subsampled area, as box sums.

    Built once for a block of patches whose subsamples lie on the area's lattice (every
    ``PATCH_SAMPLING``-th pixel from the area's corner), then each patch's shares and clear
    means are four lookups each: exactly the counts and means ``check_patch`` makes on the
    patch's own subsample (integers, then one division), at a fraction of the cost.
    """

    def __init__(self, rgb: np.ndarray, qa: dict, evidence: Evidence, t: Thresholds) -> None:
        masks = surface_masks(rgb, qa, evidence, t)
        surface = np.zeros(rgb.shape[1:], bool)
        for mask in masks.values():
            surface |= mask
        clear = ~surface
        self._masks = {what: _integral(mask) for what, mask in masks.items()}
        self._clear = _integral(clear)
        self._bands = [_integral(np.where(clear, band, 0)) for band in rgb]
        self._blob_cloud = masks[CLOUD] if evidence.kind == qa_evidence.SPECTRAL else None
        self._blob_above = t.cloud_reject

    def patch(self, y: int, x: int, h: int, w: int) -> PatchArea:
        """The patch whose subsample is the area's [y, y + h) x [x, x + w)."""
        size = h * w
        clear = _box(self._clear, y, x, h, w)
        means = tuple(_box(b, y, x, h, w) / clear for b in self._bands) if clear else ()
        shares = {what: _box(m, y, x, h, w) / size for what, m in self._masks.items()}
        blob = 0
        if self._blob_cloud is not None and shares[CLOUD] > self._blob_above:  # within the patch, as check_patch
            blob = largest_blob(self._blob_cloud[y:y + h, x:x + w])
        return PatchArea(shares, clear, size, means, blob)


def check_patch(s1: np.ndarray, rgb: np.ndarray, t: Thresholds = Thresholds(), qa: dict | None = None,
                evidence: Evidence = RGB_ONLY, area: PatchArea | None = None) -> Verdict:
    """The patch-level measures (patches with no-data are dropped before): cloud, snow, shadow,
    colour, seam.

    Shares and means on a 4x subsample, seams across lines at full resolution (along the line
    every 2nd pixel), without masks (every pixel is valid): extraction stays bound by decoding
    and encoding. ``area``: the subsample's shares and means from box sums (``AreaSums``).
    """
    k = PATCH_SAMPLING
    qa = qa or {}
    v = Verdict()
    v.measures["nodata"] = 0.0
    small = {} if area is not None else {name: band[::k, ::k] for name, band in qa.items()}
    return _judge(v, s1[::k, ::k], rgb[:, ::k, ::k], None, t, small, evidence, pixel=k,
                  full=(s1, rgb, qa.get("provenance")), area=area, pixel_area=k * k)


def measure_offset(v: Verdict, s1: np.ndarray, rgb: np.ndarray, valid: np.ndarray, t: Thresholds,
                   pixel: float = 1.0) -> None:
    """The S1/S2 co-registration into the scene verdict; above ``offset_review`` px: review."""
    from .coregistration import s1_s2_offset

    offset = s1_s2_offset(s1, rgb.astype(np.float32).mean(axis=0), valid)
    v.measures["offset_row"], v.measures["offset_col"] = offset.row * pixel, offset.col * pixel
    v.measures["offset"] = offset.magnitude * pixel
    if offset.measured and offset.magnitude * pixel > t.offset_review:
        east, south = offset.col * pixel, offset.row * pixel
        v.flag(REVIEW, _("S1 is offset from S2 by {value:.1f} px ({east:+.1f} px east, {south:+.1f} px south; "
                         "gradient correlation, review above {offset_review:g} px)").format(
                           value=offset.magnitude * pixel, east=east, south=south, offset_review=t.offset_review), OFFSET)
    elif offset.halves_disagree:  # a clear answer for the whole that its parts do not confirm: look
        south, east = (c * pixel for c in offset.whole)
        v.flag(REVIEW, _("S1/S2 offset not measurable: the whole scene aligns at {east:+.1f} px east, "
                         "{south:+.1f} px south (gradient correlation {peak:.2f}), but its halves disagree (a "
                         "large or uneven offset?)").format(east=east, south=south, peak=offset.peak), OFFSET)


COREGISTRATION_SIDE = 512  # px of the scene's centre, at full resolution, for the offset (about 5 km)


SCENE_CHECK_MAX_SIDE = 2048  # px: the scene check reads the scene decimated to at most this a side


def check_scene_files(s1_path, s2_path, t: Thresholds = Thresholds(), max_side: int = SCENE_CHECK_MAX_SIDE,
                      s2_bands=None) -> Verdict:
    """Scene check on a decimated read (at most ``max_side`` px a side): memory stays small.

    The pair is read as extraction reads it (``raster_pair``): S2 bands B4, B3, B2 by name or
    band order, S1 in dB and warped onto the S2 grid when the grids differ, the same no-data
    mask, and the scene's QA evidence. The co-registration is measured on the scene's centre at
    full resolution.

    Raises:
        InputError: a file is not a readable raster, too large, not what its role needs, or
            the scenes do not overlap.
    """
    from .raster_pair import PairReader, describe_pair

    pair, _messages = describe_pair(s1_path, s2_path, s2_bands)

    def decimated():
        s1, rgb, invalid = reader.read_decimated(max_side)
        return s1[0], rgb, invalid, reader.read_evidence_decimated(max_side)

    def centre():
        s1_c, rgb_c, invalid_c = reader.read(*centre_window(pair.grid))
        return s1_c[0], rgb_c, invalid_c

    with PairReader(pair) as reader:
        return scene_verdict(decimated, centre, pair.evidence, t, pair.grid)


def centre_window(grid) -> tuple[int, int, int, int]:
    """The scene's centre the co-registration is measured on: top, bottom, left, right."""
    side = min(COREGISTRATION_SIDE, grid.width, grid.height)
    top, left = (grid.height - side) // 2, (grid.width - side) // 2
    return top, top + side, left, left + side


def scene_verdict(decimated, centre, evidence: Evidence, t: Thresholds = Thresholds(), grid=None) -> Verdict:
    """The scene check from its arrays: ``decimated`` (S1 dB, RGB, no-data mask, QA evidence by name)
    at most ``max_side`` px a side, ``centre`` (S1 dB, RGB, no-data mask) at full resolution; each
    a tuple, or a function that reads it (then the decimated scene is let go before the centre is
    read: the co-registration's transients never sit beside it, and memory stays flat from a ROI
    to a full tile). ``grid``: the scene's (its pixels per decimated pixel size the cloud blobs).

    ``check_scene_files`` reads them from the files; the extractor hands over the same pixels from
    the scene it has decoded anyway.
    """
    s1, rgb, invalid, qa = decimated() if callable(decimated) else decimated
    decimated = None  # read by a function here, this is the decimated scene's last reference
    pixel_area = 1.0 if grid is None else grid.width * grid.height / max(s1.size, 1)
    v = check(s1, rgb, invalid, t, qa, evidence, pixel_area)
    s1 = rgb = invalid = qa = None
    s1_c, rgb_c, invalid_c = centre() if callable(centre) else centre
    measure_offset(v, s1_c, rgb_c, ~invalid_c, t)
    return v


# ----- what a scene's verdict means for its patches ------------------------------------

SCENE_WIDE = (OFFSET, INPUT)  # kinds only a scene is measured for: every patch inherits them


def with_scene_flags(status: str, reasons: str, flags: str, scene: Verdict | None) -> tuple[str, str, str]:
    """A patch's (status, reasons, flags) with what its scene's verdict says of every patch.

    Measured only per scene (the S1/S2 offset, an input problem), a flag holds for each of its
    patches: they inherit it. A scene the check rejects (the paper discarded such scenes whole)
    sends each patch to review with the scene's reasons. A scene's review for a measure the
    patch takes itself (cloud, snow, shadow, colour, seam) is left to the patch's own, finer
    measure. Inherited flags never reject a patch: the analyst decides in the review queue.
    """
    if scene is None or not scene.reasons:
        return status, reasons, flags
    pairs = list(zip(scene.reasons, scene.kind_of_each_reason()))
    carried = pairs if scene.status == REJECT else [(r, k) for r, k in pairs if k in SCENE_WIDE]
    if not carried:
        return status, reasons, flags
    kinds = [k for k in flags.split(",") if k]
    kinds += [k for k in dict.fromkeys(k for _unused, k in carried) if k not in kinds]
    prefix = "scene rejected: " if scene.status == REJECT else "scene: "
    text = "; ".join(([reasons] if reasons else []) + [prefix + r for r, _unused in carried])
    return (REVIEW if status == PASS else status), text, ",".join(kinds)


# ----- the stored scene check ------------------------------------------------------------

SCENE_CHECK_VERSION = 4  # 4: each reason's kind, offset not measurable; older verdicts are redone


def _stored_check(s1, s2, thresholds: Thresholds, s2_bands=None):
    """The stored verdict's key and file (None beside the user's own rasters) and the stored verdict
    when it is for the same files, thresholds and bands (else None)."""
    from .identity import source_identity
    from .scene_files import SceneFiles

    qa = qa_evidence.scene_qa_path(s2)
    key = json.loads(json.dumps({"check": SCENE_CHECK_VERSION, "s1": source_identity(s1), "s2": source_identity(s2),
                                 "qa": source_identity(qa) if qa is not None and qa.is_file() else None,
                                 "thresholds": asdict(thresholds), "s2_bands": s2_bands and list(s2_bands)}))
    files = SceneFiles.parse(s1)
    path = files.scene_check if files is not None and files.downloaded else None
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text())
            if data.get("key") == key:
                measures = {k: float("nan") if m is None else m for k, m in dict(data["measures"]).items()}
                return key, path, Verdict(data["status"], list(data["reasons"]), measures,
                                          list(data.get("kinds", [])), str(data.get("evidence", "")),
                                          list(data.get("reason_kinds", [])))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged record: check again
    return key, path, None


def stored_scene_check(s1, s2, thresholds: Thresholds, s2_bands=None) -> Verdict | None:
    """The verdict stored beside a downloaded scene for the same files, thresholds and bands, else None."""
    return _stored_check(s1, s2, thresholds, s2_bands)[2]


def stored_or_new_scene_check(s1, s2, thresholds: Thresholds, s2_bands=None, fresh: Verdict | None = None) -> Verdict:
    """The scene check, reused when stored for the same files, thresholds and bands.

    The verdict is stored (``SceneFiles.scene_check``) only beside scenes this plugin downloaded
    (their record ``scene_{n}.json`` is there): nothing is ever written beside the user's own
    rasters. A scene that fails the input checks (``inputs``) is rejected with the reason.
    ``fresh``: the verdict already made from the same pixels (the extractor's decode), used instead
    of reading the files again when nothing is stored.
    """
    from .errors import InputError
    from .fsutil import atomic_path

    key, path, stored = _stored_check(s1, s2, thresholds, s2_bands)
    if stored is not None:
        return stored
    try:
        verdict = fresh if fresh is not None else check_scene_files(s1, s2, thresholds, s2_bands=s2_bands)
    except InputError as exc:  # not what a scene should be: rejected with the reason, the others go on
        verdict = Verdict(REJECT, [str(exc)], {}, [INPUT])
    if path is not None:
        try:
            with atomic_path(path) as tmp:
                tmp.write_text(json.dumps({"key": key, "status": verdict.status, "reasons": verdict.reasons,
                                           "kinds": verdict.kinds, "reason_kinds": verdict.reason_kinds,
                                           "evidence": verdict.evidence,
                                           "measures": {k: _finite(m) for k, m in verdict.measures.items()}},
                                          indent=1))
        except Exception:  # noqa: BLE001 - a read-only scene folder: the verdict still reaches the index
            pass
    return verdict


def _finite(value: float) -> float | None:
    """JSON has no NaN: a measure that could not be taken is null."""
    return float(value) if value is not None and np.isfinite(value) else None
