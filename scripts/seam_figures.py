"""The blind seam measure on real imagery: recall by orientation, false flags, cost per patch.

    python scripts/seam_figures.py [--quick]

The six BigEarthNet pairs that ``make demo`` uses (PyPI bigearthnet-common 2.8.0, 120 px at 10 m),
cut as the demo cuts them (60 px patches at stride 30, 9 per pair). A seam is put in as two
acquisitions of a mosaic leave it: every band on one side of a straight line multiplied by one
factor (35 % brighter or darker), pixel by pixel as a mosaic takes each pixel from one image (an
oblique line is a staircase). Lines at 0 and 90 degrees (rows, columns) and oblique ones (the
swath edges of Sentinel-2 run about 10-15 degrees off north; tile edges of a neighbouring UTM zone
a few degrees off the grid), at positions across the scene. A patch counts as crossed when the
line runs through it for at least half its side and leaves at least 5 % of it on either side.
The same seams with the provenance an Earth Engine mosaic's QA gives (``known_seam``).
False flags: the 45 patches of the five clear pairs as they are (BigEarthNet's own lists: no cloud,
no snow) and every 60 px window at stride 10 of all six scenes (294 windows of real field edges).
Cost: ``check_patch`` on 256 px patches cut from the scenes (mirrored to 360 px), and on 60 px.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PATCH, STRIDE = 60, 30
ANGLES = (0, 90, 4, 12, 20, 33, 45, 58, 70, 78, 86, 102, 135, 160, 168)  # degrees of the line from the rows' direction
FACTORS = (1.35, 1 / 1.35)


def scenes():
    import rasterio
    from bigearthnet import bigearthnet_folder, s1_vv, s2_names, truth_lists

    ben = bigearthnet_folder()
    lists = truth_lists(ben)
    out = {}
    for name in s2_names(ben):
        folder = ben / "BigEarthNet-S2-Example" / name
        bands = []
        for b in ("B04", "B03", "B02"):
            with rasterio.open(next(folder.glob(f"*_{b}.tif"))) as ds:
                bands.append(ds.read(1).astype(np.float64))
        with rasterio.open(s1_vv(ben, name)) as ds:
            s1 = ds.read(1).astype(np.float32)
        kind = "snow" if name in lists["snow"] else "cloud" if name in lists["cloud"] else "clear"
        out[name] = (s1, np.stack(bands), kind)
    return out


def side_of_line(shape, angle_deg, through):
    """Pixels on the far side of a straight line at ``angle_deg`` through point ``through`` (row, col)."""
    a = np.deg2rad(angle_deg)
    rows, cols = np.mgrid[0:shape[0], 0:shape[1]] + 0.5
    normal = (-np.sin(a), np.cos(a))  # the line runs along (cos a, sin a) in (col, row)
    return (cols - through[1]) * normal[0] + (rows - through[0]) * normal[1] > 0


def crossed(side: np.ndarray, top: int, left: int) -> bool:
    part = side[top:top + PATCH, left:left + PATCH]
    share = part.mean()
    if min(share, 1 - share) < 0.05:
        return False
    # length of the line inside: columns it crosses between rows, rows it crosses between columns
    length = max((part[1:] != part[:-1]).any(axis=0).sum(), (part[:, 1:] != part[:, :-1]).any(axis=1).sum())
    return length >= PATCH / 2


def positions():
    return [(r, c) for r in range(0, 120 - PATCH + 1, STRIDE) for c in range(0, 120 - PATCH + 1, STRIDE)]


def check(s1, rgb, provenance=None):
    """The patch check as extraction makes it: RGB evidence, or Earth Engine's QA with ``provenance``."""
    from sen12_plugin.core import quality
    from sen12_plugin.core.qa_evidence import CLOUD_SCORE, Evidence

    pixels = np.clip(rgb, 1, 65535).astype(np.uint16)
    if provenance is None:
        return quality.check_patch(s1, pixels)
    clear = np.full(provenance.shape, 0.9, np.float32)
    evidence = Evidence(CLOUD_SCORE, "qa.tif", (("cs", 1), ("cs_cdf", 2), ("provenance", 3)))
    return quality.check_patch(s1, pixels, qa={"cs": clear, "cs_cdf": clear, "provenance": provenance},
                               evidence=evidence)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer positions per angle")
    args = parser.parse_args()
    data = scenes()
    clear = [n for n, (_, _, kind) in data.items() if kind == "clear"]
    # false flags on the clear patches, and on every 60 px window at stride 10
    false_demo = sum("seam" in check(data[n][0][r:r + PATCH, c:c + PATCH], data[n][1][:, r:r + PATCH, c:c + PATCH]).kinds
                     for n in clear for r, c in positions())
    windows = [(n, r, c) for n in data for r in range(0, 61, 10) for c in range(0, 61, 10)]
    false_windows = [(n[:22], r, c) for n, r, c in windows
                     if "seam" in check(data[n][0][r:r + PATCH, c:c + PATCH], data[n][1][:, r:r + PATCH, c:c + PATCH]).kinds]
    print(f"false seams: {false_demo} of {len(clear) * 9} clear demo patches; "
          f"{len(false_windows)} of {len(windows)} windows (60 px, stride 10, all six scenes) {false_windows[:6]}")
    # recall by orientation
    offsets = (25, 45, 60, 75, 95) if not args.quick else (45, 75)
    total_found = total_crossed = total_known = false_known = 0
    for angle in ANGLES:
        found = n_crossed = known = 0
        for name in clear:
            s1, rgb, _ = data[name]
            for off in offsets:
                a = np.deg2rad(angle)  # the line moved along its normal, off - 60 px from the centre
                through = (60.0 + (off - 60) * np.cos(a), 60.0 - (off - 60) * np.sin(a))
                side = side_of_line(rgb.shape[1:], angle, through)
                for factor in FACTORS:
                    stepped = np.where(side[None], rgb * factor, rgb)
                    for r, c in positions():
                        if not crossed(side, r, c):
                            continue
                        n_crossed += 1
                        found += "seam" in check(s1[r:r + PATCH, c:c + PATCH], stepped[:, r:r + PATCH, c:c + PATCH]).kinds
                    # the same seam in an Earth Engine mosaic, whose QA says where the acquisitions meet
                    provenance = np.where(side, 1065600.0, 1051200.0).astype(np.float32)
                    for r, c in positions():
                        window = (slice(r, r + PATCH), slice(c, c + PATCH))
                        flagged = "seam" in check(s1[window], stepped[(slice(None), *window)], provenance[window]).kinds
                        if crossed(side, r, c):
                            known += flagged
                        elif len(np.unique(provenance[window])) == 1:
                            false_known += flagged
        total_found, total_crossed = total_found + found, total_crossed + n_crossed
        total_known += known
        print(f"angle {angle:3d} deg: found {found:3d} of {n_crossed:3d} crossed patches ({found / max(n_crossed, 1):.0%}); "
              f"with provenance {known:3d} ({known / max(n_crossed, 1):.0%})")
    print(f"all angles: found {total_found} of {total_crossed} ({total_found / max(total_crossed, 1):.0%}); with provenance "
          f"{total_known} ({total_known / max(total_crossed, 1):.0%}), {false_known} flagged among patches of one acquisition")
    # cost per patch
    s1, rgb, _ = data[clear[0]]
    big_rgb = np.pad(rgb, ((0, 0), (120, 120), (120, 120)), mode="symmetric")[:, :256, :256]
    big_s1 = np.pad(s1, ((120, 120), (120, 120)), mode="symmetric")[:256, :256]
    from sen12_plugin.core import quality

    u16 = np.clip(big_rgb, 1, 65535).astype(np.uint16)
    for label, a, b in (("256 px", big_s1, u16), ("60 px", s1[:60, :60], u16[:, :60, :60])):
        reps = 200 if label == "256 px" else 1000
        quality.check_patch(a, b)
        t0 = time.perf_counter()
        for _ in range(reps):
            quality.check_patch(a, b)
        whole = (time.perf_counter() - t0) / reps
        t0 = time.perf_counter()
        for _ in range(reps):
            quality.blind_seam(b, True, 0.1, 0.15, quality.Thresholds())
            quality.blind_seam(a[None], False, 1.5, 1.0, quality.Thresholds())
        seam = (time.perf_counter() - t0) / reps
        rows, cols = np.mgrid[0:b.shape[1], 0:b.shape[2]]
        provenance = np.where(cols > b.shape[2] / 3 + 0.25 * rows, 2.0, 1.0)
        t0 = time.perf_counter()
        for _ in range(reps):
            quality.known_seam(b, provenance, None, quality.Thresholds())
        known = (time.perf_counter() - t0) / reps
        print(f"cost {label}: check_patch {whole * 1e3:.3f} ms/patch, of which the blind seam measure (S2 + S1) "
              f"{seam * 1e3:.3f} ms ({seam / whole:.0%}); the seam where provenance changes {known * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
