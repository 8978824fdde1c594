"""How far S1 is off S2 on the ground, measured per scene, in pixels.

SAR and optical brightness do not correlate (a bright field in S2 can be dark in S1), but their
edges sit in the same places: field borders, shores, roads, forest edges. So the two scenes are
compared as maps of gradient magnitude (S1 smoothed first, speckle would be all edges), each
normalised, and the shift that best aligns them is the peak of their cross-correlation,
refined to a fraction of a pixel by a Gaussian fit through the peak and its neighbours. Users
report 2-3 px S1/S2 offsets in Earth Engine data (zhu-xlab/SSL4EO-S12 #22, #24; torchgeo
#2345); the paper's manual inspection could not see them in a 256 px patch either.

A scene with too little structure (snow, open water, one field) has no clear peak: the offset is
then "not measurable" (NaN), never a guess. A scene whose whole aligns clearly at one shift while
its halves disagree is not measurable either, but says so (``halves_disagree``, with the whole's
shift): something is off there (a large or uneven offset), and the scene check sends it to review.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SHIFT = 8  # px searched either way
MIN_PEAK = 0.15  # normalised correlation of the peak: below, the edges do not match at all
MIN_PEAK_RATIO = 1.25  # the peak vs the best correlation away from it: a unique answer
# A whole-scene peak this strong is a real alignment even where the halves disagree (BigEarthNet's
# scenes: 0.33..0.68 where the halves confirm it, 0.21..0.29 where a snowy or dark winter scene has
# no reliable structure): then the scene is sent to review instead of passing as "not measurable".
STRONG_PEAK = 0.3
EXCLUDE = 4  # px around the peak that belong to it (the edge maps are smoothed: the peak is broad)


@dataclass(frozen=True)
class Offset:
    """S1 relative to S2: the ground appears ``col`` px further east and ``row`` px further south
    in S1 (NaN when not measurable); ``peak`` is the correlation at the best shift."""

    row: float
    col: float
    peak: float
    whole: tuple[float, float] | None = None  # the whole scene's shift (row, col) when its halves disagree

    @property
    def halves_disagree(self) -> bool:
        """The whole scene aligns clearly at ``whole``, but its halves do not agree with it."""
        return self.whole is not None

    @property
    def measured(self) -> bool:
        return bool(np.isfinite(self.row) and np.isfinite(self.col))

    @property
    def magnitude(self) -> float:
        return float(np.hypot(self.row, self.col))


NOT_MEASURABLE = Offset(float("nan"), float("nan"), float("nan"))


ERODED = 3  # px: the valid area's edge, and a part's own border, whose features do not count
ORIENTATIONS = 8  # channels of oriented gradients (0..180 degrees: edge polarity differs between SAR and optical)


def _features(image: np.ndarray, valid: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Channel features of oriented gradients (Ye et al., CFOG, 2019): per orientation the
    gradient's projection, without sign (a field bright in S2 may be dark in S1), smoothed,
    scaled to a mean magnitude of 1; (channels, h, w) float32, and the pixels inside the valid
    area (3 px in from its edge) whose features count."""
    from scipy import ndimage

    filled = np.where(valid, image, np.nanmedian(np.where(valid, image, np.nan)) if valid.any() else 0.0)
    smooth = ndimage.gaussian_filter(filled.astype(np.float32), sigma)
    gy, gx = ndimage.sobel(smooth, 0), ndimage.sobel(smooth, 1)
    inside = ndimage.binary_erosion(valid, iterations=ERODED)
    angles = np.arange(ORIENTATIONS) * np.pi / ORIENTATIONS
    channels = np.stack([ndimage.gaussian_filter(np.abs(gx * np.cos(a) + gy * np.sin(a)), 1.0) for a in angles])
    norm = np.sqrt((channels ** 2).sum(axis=0)) + 1e-9
    return channels / norm.mean(), inside


def _centred(features: tuple[np.ndarray, np.ndarray], part) -> np.ndarray | None:
    """A part of the scene's features, zero-mean over its inside pixels; None without structure.
    (A part's features are the whole's cut out: its borders are the whole's pixels, and the
    window below takes them to zero anyway. Scaling does not change the normalised correlation.)
    Its inside is the whole's without the part's own 3 px border: exactly the valid area eroded
    within the part, as when a part was measured from its own pixels (else a sliver of valid
    pixels along the cut, which the part alone would not count, could outvote the other halves)."""
    channels, inside = features[0][(slice(None), *part)], features[1][part].copy()
    inside[:ERODED], inside[-ERODED:], inside[:, :ERODED], inside[:, -ERODED:] = False, False, False, False
    if inside.sum() < 64:
        return None
    channels = np.where(inside, channels - channels[:, inside].mean(axis=1)[:, None, None], np.float32(0.0))
    return channels if channels.std() > 0 else None


def _subpixel(left: float, centre: float, right: float) -> float:
    """Vertex of a Gaussian (log-parabola) through three samples; a parabola where any is <= 0."""
    if min(left, centre, right) > 0:
        left, centre, right = np.log(left), np.log(centre), np.log(right)
    denom = left - 2 * centre + right
    return 0.0 if denom >= 0 else float(np.clip(0.5 * (left - right) / denom, -0.5, 0.5))


AGREE = 1.0  # px: halves of the scene that agree with the whole


def s1_s2_offset(s1_db: np.ndarray, s2_brightness: np.ndarray, valid: np.ndarray,
                 max_shift: int = MAX_SHIFT) -> Offset:
    """The S1-to-S2 offset of two co-gridded arrays (S1 in dB, S2 any brightness, e.g. the mean
    of its bands) over the pixels ``valid`` in both.

    The answer must be the scene's, not one feature's: the four halves (top, bottom, left,
    right) are measured too, and at least two of them, and most of those measurable, must agree
    with the whole within ``AGREE`` px; otherwise the offset is not measurable (a road or a shore
    can match at a wrong shift, but not in every half).
    """
    h, w = s1_db.shape
    if min(h, w) < 4 * max_shift:
        return NOT_MEASURABLE
    a = _features(s1_db, valid, sigma=1.5)  # once for the whole scene: its halves are cut from them
    with np.errstate(divide="ignore", invalid="ignore"):
        b = _features(np.log(np.maximum(s2_brightness.astype(np.float64), 1.0)), valid, sigma=0.7)
    whole = _offset(a, b, (slice(0, h), slice(0, w)), max_shift)
    if not whole.measured:
        return whole
    halves = ((slice(0, h // 2), slice(0, w)), (slice(h // 2, h), slice(0, w)),
              (slice(0, h), slice(0, w // 2)), (slice(0, h), slice(w // 2, w)))
    parts = [_offset(a, b, k, max_shift) for k in halves]
    measured = [o for o in parts if o.measured]
    agree = [o for o in measured if abs(o.row - whole.row) <= AGREE and abs(o.col - whole.col) <= AGREE]
    if len(agree) >= 2 and 2 * len(agree) > len(measured):
        return whole
    return Offset(float("nan"), float("nan"), whole.peak,
                  (whole.row, whole.col) if whole.peak >= STRONG_PEAK else None)


def _offset(s1_features: tuple, s2_features: tuple, part: tuple[slice, slice], max_shift: int) -> Offset:
    """The offset measured on ``part`` (rows, columns) of the scene's features."""
    h, w = (p.stop - p.start for p in part)
    if min(h, w) < 4 * max_shift:
        return NOT_MEASURABLE
    a, b = _centred(s1_features, part), _centred(s2_features, part)
    if a is None or b is None:
        return NOT_MEASURABLE
    from scipy import fft

    window = np.outer(np.hanning(h), np.hanning(w)).astype(np.float32)  # the scene's borders are no edge
    a, b = a * window, b * window  # float32: single-precision transforms, twice as fast, the same peak
    # Zero-padded by at least max_shift on each side (no shift wraps round), to a length the FFT is fast at.
    shape = tuple(fft.next_fast_len(n + 2 * max_shift, real=True) for n in (h, w))
    spectrum = (fft.rfft2(a, shape) * np.conj(fft.rfft2(b, shape))).sum(axis=0)
    corr = fft.irfft2(spectrum, shape)
    corr = np.roll(corr, (max_shift, max_shift), axis=(0, 1))[: 2 * max_shift + 1, : 2 * max_shift + 1]
    corr = corr / (np.sqrt((a * a).sum() * (b * b).sum()) + 1e-12)  # corr[k + max_shift]: S1 moved by k
    r, c = np.unravel_index(int(np.argmax(corr)), corr.shape)
    peak = float(corr[r, c])
    if not (0 < r < corr.shape[0] - 1 and 0 < c < corr.shape[1] - 1) or peak < MIN_PEAK:
        return Offset(float("nan"), float("nan"), peak)
    away = corr.copy()
    away[max(0, r - EXCLUDE): r + EXCLUDE + 1, max(0, c - EXCLUDE): c + EXCLUDE + 1] = -np.inf
    if peak < MIN_PEAK_RATIO * max(float(away.max()), 1e-6):
        return Offset(float("nan"), float("nan"), peak)
    row = r - max_shift + _subpixel(corr[r - 1, c], peak, corr[r + 1, c])
    col = c - max_shift + _subpixel(corr[r, c - 1], peak, corr[r, c + 1])
    return Offset(float(row), float(col), peak)
