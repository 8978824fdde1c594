"""Preprocessing as the recipe says, each band on its own: clip, scale to 8 bit, stretch.

The stretch is a per-band, per-scene percentile stretch on the 8-bit values. Percentiles of
8-bit data are exact from a 256-bin histogram, so the scene is read in strips and the stretch
is a 256-entry lookup table: constant memory and the same result for every patch.
"""

from __future__ import annotations

import numpy as np

from . import recipe
from .errors import InputError
from .i18n import _


def scale_to_8bit(values: np.ndarray, value_range: tuple[float, float]) -> np.ndarray:
    """Clip to ``value_range`` and scale linearly to 0..255 (uint8), rounding to nearest.

    >>> scale_to_8bit(np.array([-30.0, -25.0, -12.5, 0.0, 3.0]), (-25.0, 0.0)).tolist()
    [0, 0, 128, 255, 255]
    """
    lo, hi = value_range
    out = np.clip(values, lo, hi, dtype=np.float32) if values.dtype == np.float32 else np.clip(
        values.astype(np.float32), lo, hi
    )
    out -= lo
    out *= recipe.OUTPUT_MAX / (hi - lo)
    out += 0.5  # round half up; values are >= 0 here
    with np.errstate(invalid="ignore"):  # NaN (no-data) pixels are masked by the caller
        return out.astype(np.uint8)


def byte_histogram(values: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """Counts of each 8-bit value (256 bins), over ``valid`` pixels only."""
    data = values[valid] if valid is not None else values.ravel()
    return np.bincount(data, minlength=256).astype(np.int64)


def percentile_from_histogram(hist: np.ndarray, q: float) -> int:
    """The smallest value v with at least ``q`` percent of the pixels at or below v."""
    total = int(hist.sum())
    if total == 0:
        return 0
    cumulative = np.cumsum(hist)
    return int(np.searchsorted(cumulative, total * q / 100.0, side="left"))


def stretch_lut(low: int, high: int) -> np.ndarray:
    """256-entry table mapping ``low`` -> 0 and ``high`` -> 255 linearly, clipped."""
    v = np.arange(256, dtype=np.float64)
    if high <= low:
        return v.astype(np.uint8)  # flat band: a stretch would only amplify noise
    return np.clip(np.floor((v - low) * recipe.OUTPUT_MAX / (high - low) + 0.5), 0, 255).astype(
        np.uint8
    )


def lut_for_histogram(hist: np.ndarray, mode: str = "percentile") -> np.ndarray:
    """The stretch table for one band: identity for ``none``, else the percentile stretch."""
    if mode not in recipe.STRETCH_MODES:
        raise InputError(_("Unknown stretch {mode!r}: use one of {value}.").format(
                             mode=mode, value=', '.join(recipe.STRETCH_MODES)))
    if mode == "none":
        return np.arange(256, dtype=np.uint8)
    p_lo, p_hi = recipe.STRETCH_PERCENTILES
    return stretch_lut(percentile_from_histogram(hist, p_lo), percentile_from_histogram(hist, p_hi))


def uint16_table(value_range: tuple[float, float], lut: np.ndarray) -> np.ndarray:
    """Clip, scale and stretch folded into one table over every uint16 value (S2 fast path)."""
    return lut[scale_to_8bit(np.arange(65536, dtype=np.float32), value_range)]


class BandPipeline:
    """Raw band values -> stretched 8-bit values, for one band of one scene."""

    def __init__(self, value_range: tuple[float, float], lut: np.ndarray | None = None) -> None:
        self.value_range = value_range
        self.lut = lut if lut is not None else np.arange(256, dtype=np.uint8)
        self._u16: np.ndarray | None = None

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        if raw.dtype == np.uint16:
            if self._u16 is None:
                self._u16 = uint16_table(self.value_range, self.lut)
            return self._u16[raw]
        return self.lut[scale_to_8bit(raw, self.value_range)]
