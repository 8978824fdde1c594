"""Automatic quality checks: the paper's two manual inspections (scenes, then patches) as measures.

Each measure is a number with a threshold the user can set; a scene or patch gets ``pass``,
``review`` or ``reject`` with the reasons. Measures:
- no-data fraction (either sensor);
- cloud and haze fraction on S2: bright and white pixels (all of B4, B3, B2 above a brightness
  and a flat spectrum, the "whiteness" of Zhu & Woodcock's Fmask);
- colour sanity: a band whose mean is far from the others' (a colour-shifted band), or means
  far outside typical land reflectance;
- seamlines: straight radiometric steps along a pixel row or column, as mosaicked granules and
  orbits leave them: the step across a line is large, consistent in sign along the line, and
  stands out from the texture around it.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

PASS, REVIEW, REJECT = "pass", "review", "reject"
STATUSES = (PASS, REVIEW, REJECT)


@dataclass(frozen=True)
class Thresholds:
    """Where a measure turns a scene or patch to review, and to reject."""

    nodata_review: float = 0.0  # scene: any no-data at all is worth a look (patches with any are dropped)
    nodata_reject: float = 0.25
    cloud_brightness: float = 2500.0  # S2 DN (0.25 reflectance) in every visible band
    cloud_whiteness: float = 0.15  # mean absolute deviation of the bands / their mean
    cloud_review: float = 0.01
    cloud_reject: float = 0.05
    colour_ratio: float = 2.0  # a band's mean vs the mean of the others, either way
    reflectance_range: tuple[float, float] = (50.0, 5000.0)  # typical land mean DN
    seam_contrast: float = 4.0  # step across the line vs the median step elsewhere
    seam_consistency: float = 0.7  # fraction of the line where the step has one sign
    seam_min_step_db: float = 1.5  # S1 step in dB, S2 step in DN / 100, to count at all


@dataclass
class Verdict:
    status: str = PASS
    reasons: list[str] = field(default_factory=list)
    measures: dict[str, float] = field(default_factory=dict)

    def flag(self, status: str, reason: str) -> None:
        if STATUSES.index(status) > STATUSES.index(self.status):
            self.status = status
        self.reasons.append(reason)


def nodata_fraction(invalid: np.ndarray) -> float:
    return float(invalid.mean()) if invalid.size else 0.0


def cloud_fraction(rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds) -> float:
    """Share of valid pixels (``valid`` None: all) that are bright in every band and spectrally flat."""
    if valid is not None and not valid.any():
        return 0.0
    bands = rgb.astype(np.float32)
    mean = bands.mean(axis=0)
    whiteness = np.abs(bands - mean).mean(axis=0) / np.maximum(mean, 1.0)
    cloudy = (bands.min(axis=0) > t.cloud_brightness) & (whiteness < t.cloud_whiteness)
    return float(cloudy.mean()) if valid is None else float((cloudy & valid).sum() / valid.sum())


def colour_problem(rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds) -> tuple[float, str | None]:
    """The worst band-to-others ratio, and what is wrong if it is out of bounds (``valid`` None: all)."""
    if valid is None:
        means = rgb.reshape(rgb.shape[0], -1).mean(axis=1, dtype=np.float64)
    elif not valid.any():
        return 1.0, None
    else:
        means = np.array([float(b[valid].mean()) for b in rgb])
    worst, problem = 1.0, None
    for i, name in enumerate(("B4", "B3", "B2")[: len(means)]):
        others = np.delete(means, i).mean()
        ratio = means[i] / max(others, 1.0)
        score = max(ratio, 1 / max(ratio, 1e-6))
        if score > worst:
            worst = score
            if score > t.colour_ratio:
                problem = f"band {name} mean {means[i]:.0f} is {ratio:.1f}x the other bands' (colour shift)"
    lo, hi = t.reflectance_range
    if problem is None and not (lo <= means.mean() <= hi):
        problem = f"mean reflectance {means.mean():.0f} DN is outside typical land ({lo:.0f}..{hi:.0f})"
    return worst, problem


def seam_score(band: np.ndarray, valid: np.ndarray | None, min_step: float, t: Thresholds,
               pixel: int = 1) -> tuple[float, str | None]:
    """The strongest straight step along a row or column, relative to the texture elsewhere.

    ``valid`` None means every pixel is valid (the fast path for patches); ``pixel`` is the
    sampling step of ``band``, to report positions in full-resolution pixels.
    """
    best, where = 0.0, None
    data = band.astype(np.float32) if valid is None else np.where(valid, band.astype(np.float32), np.nan)
    mean, fast = (np.mean, True) if valid is None else (np.nanmean, False)
    for axis, name in ((1, "column"), (0, "row")):
        step = np.diff(data, axis=axis)  # step between neighbours across each line
        if not fast and np.isnan(step).all():
            continue
        with np.errstate(invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # lines wholly no-data: NaN, never a candidate
            mean_step = mean(step, axis=1 - axis)  # signed mean step per line
            mean_abs = mean(np.abs(step), axis=1 - axis)
            positive = mean(step > 0, axis=1 - axis) if fast else np.nanmean(
                np.where(np.isnan(step), np.nan, step > 0), axis=1 - axis)
        consistency = np.maximum(positive, 1 - positive)
        baseline = np.nanmedian(np.abs(mean_step)) + 1e-6
        texture = np.nanmedian(mean_abs) + 1e-6
        contrast = np.abs(mean_step) / np.maximum(baseline, texture * 0.25)
        candidates = (np.abs(mean_step) >= min_step) & (consistency >= t.seam_consistency)
        if candidates.any():
            i = int(np.nanargmax(np.where(candidates, contrast, -1)))
            if contrast[i] > best:
                best, where = float(contrast[i]), f"{name} {(i + 1) * pixel}"
    problem = f"straight radiometric step at {where} (seamline, contrast {best:.1f})" if where and best > t.seam_contrast else None
    return best, problem


def check(s1: np.ndarray, rgb: np.ndarray, invalid: np.ndarray, t: Thresholds = Thresholds()) -> Verdict:
    """Measures and verdict for a scene given S1 (dB), S2 RGB (DN) and the no-data mask."""
    v = Verdict()
    valid = ~invalid
    v.measures["nodata"] = nodata = nodata_fraction(invalid)
    if nodata > t.nodata_reject:
        v.flag(REJECT, f"{nodata:.0%} no-data")
    elif nodata > t.nodata_review:
        v.flag(REVIEW, f"{nodata:.1%} no-data")
    return _judge(v, s1, rgb, valid, t)


def _judge(v: Verdict, s1: np.ndarray, rgb: np.ndarray, valid: np.ndarray | None, t: Thresholds,
           pixel: int = 1) -> Verdict:
    """Cloud, colour and seamline measures and flags (shared by scene and patch checks)."""
    v.measures["cloud"] = cloud = cloud_fraction(rgb, valid, t)
    if cloud > t.cloud_reject:
        v.flag(REJECT, f"{cloud:.0%} cloud or haze")
    elif cloud > t.cloud_review:
        v.flag(REVIEW, f"{cloud:.1%} cloud or haze")
    v.measures["colour"], problem = colour_problem(rgb, valid, t)
    if problem:
        v.flag(REVIEW, problem)
    s2_mean = rgb.astype(np.float32).mean(axis=0)
    scores = []
    for label, band, step in (("S1", s1, t.seam_min_step_db), ("S2", s2_mean, t.seam_min_step_db * 100)):
        score, problem = seam_score(band, valid, step, t, pixel=pixel)
        scores.append(score)
        if problem:
            v.flag(REVIEW, f"{label}: {problem}")
    v.measures["seam"] = max(scores)
    return v


PATCH_SAMPLING = 4  # patch checks look at every 4th pixel: 16x cheaper, same verdicts on the tests' defects


def check_patch(s1: np.ndarray, rgb: np.ndarray, t: Thresholds = Thresholds()) -> Verdict:
    """The patch-level measures (patches with no-data are dropped before): cloud, colour, seam.

    Works on a 4x subsample of the patch, without masks (every pixel is valid), so extraction
    stays bound by decoding and encoding.
    """
    k = PATCH_SAMPLING
    v = Verdict()
    v.measures["nodata"] = 0.0
    return _judge(v, s1[::k, ::k], rgb[:, ::k, ::k], None, t, pixel=k)


def check_scene_files(s1_path, s2_path, t: Thresholds = Thresholds(), max_side: int = 2048,
                      s2_bands=None, pair=None) -> Verdict:
    """Scene check on a decimated read (at most ``max_side`` px a side): memory stays small.

    The pair is read as extraction reads it (``raster_pair``): S2 bands B4, B3, B2 by name or
    band order, S1 in dB and warped onto the S2 grid when the grids differ, the same no-data mask.

    Raises:
        InputError: a file is not a readable raster, too large, not what its role needs, or
            the scenes do not overlap.
    """
    from .raster_pair import PairReader, describe_pair

    if pair is None:  # ``pair``: an extraction plan's assessed pair, read as its patches are
        pair, _messages = describe_pair(s1_path, s2_path, s2_bands)
    with PairReader(pair) as reader:
        s1, rgb, invalid = reader.read_decimated(max_side)
    return check(s1[0], rgb, invalid, t)


# ----- the stored scene check ------------------------------------------------------------

SCENE_CHECK_VERSION = 2  # 2: read through raster_pair (warped S1, extraction's no-data mask); older verdicts are redone


def stored_or_new_scene_check(s1, s2, thresholds: Thresholds, s2_bands=None, pair=None) -> Verdict:
    """The scene check, reused when stored for the same files, thresholds and bands.

    The verdict is stored (``SceneFiles.scene_check``) only beside scenes this plugin downloaded
    (their record ``scene_{n}.json`` is there): nothing is ever written beside the user's own
    rasters. A scene that fails the input checks (``inputs``) is rejected with the reason.
    """
    from .errors import InputError
    from .fsutil import atomic_path
    from .identity import pixel_decisions, source_identity
    from .scene_files import SceneFiles

    key = json.loads(json.dumps({"check": SCENE_CHECK_VERSION, "s1": source_identity(s1), "s2": source_identity(s2),
                                 "thresholds": asdict(thresholds), "s2_bands": s2_bands and list(s2_bands),
                                 **({"pixels": pixel_decisions(pair)} if pair is not None else {})}))
    files = SceneFiles.parse(s1)
    ours = files is not None and files.downloaded
    path = files.scene_check if ours else None
    if ours and path.is_file():
        try:
            data = json.loads(path.read_text())
            if data.get("key") == key:
                return Verdict(data["status"], list(data["reasons"]), dict(data["measures"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged record: check again
    try:
        verdict = check_scene_files(s1, s2, thresholds, s2_bands=s2_bands, pair=pair)
    except InputError as exc:  # not what a scene should be: rejected with the reason, the others go on
        verdict = Verdict(REJECT, [str(exc)], {})
    if ours:
        try:
            with atomic_path(path) as tmp:
                tmp.write_text(json.dumps({"key": key, "status": verdict.status, "reasons": verdict.reasons,
                                           "measures": verdict.measures}, indent=1))
        except Exception:  # noqa: BLE001 - a read-only scene folder: the verdict still reaches the index
            pass
    return verdict
