"""Each check on rasters with one known defect: it flags exactly that, and passes the clean one."""

from dataclasses import replace

import numpy as np
import pytest
from helpers import write_s1, write_s2

from sen12_plugin.core import quality
from sen12_plugin.core.quality import REJECT, REVIEW, Thresholds

N = 400


def clean_pair(seed=0):
    """Land-like texture: smooth fields plus speckle/noise, no defects."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:N, 0:N].astype(np.float32)
    field = np.sin(x / 23.0) * np.cos(y / 31.0) + 0.5 * np.sin((x + y) / 17.0)
    s1 = (-12 + 3 * field + rng.normal(0, 1.5, (N, N))).astype(np.float32)
    base = 900 + 300 * field
    rgb = np.stack([base + 60, base, base - 80]) + rng.normal(0, 40, (3, N, N))
    return s1, np.clip(rgb, 1, 10000).astype(np.uint16), np.zeros((N, N), bool)


def kinds(verdict):
    text = " ".join(verdict.reasons)
    return {k for k, word in (("nodata", "no-data"), ("cloud", "cloud"), ("colour", "colour"),
                              ("seam", "seamline")) if word in text}


def test_clean_scene_passes():
    s1, rgb, invalid = clean_pair()
    v = quality.check(s1, rgb, invalid)
    assert v.status == "pass", v.reasons
    assert v.measures["cloud"] == 0 and v.measures["nodata"] == 0


def test_nodata_corner_flags_only_nodata():
    s1, rgb, invalid = clean_pair()
    invalid[:60, :60] = True
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"nodata"} and v.status == REVIEW
    invalid[:250, :250] = True
    assert quality.check(s1, rgb, invalid).status == REJECT


def test_bright_cloud_blob_flags_only_cloud():
    s1, rgb, invalid = clean_pair()
    y, x = np.mgrid[0:N, 0:N]
    blob = (y - 200) ** 2 + (x - 150) ** 2 < 60 ** 2  # ~7 % of the scene
    rgb[:, blob] = np.array([5200, 5300, 5400])[:, None]
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"cloud"} and v.status == REJECT
    assert 0.06 < v.measures["cloud"] < 0.08


def test_straight_step_flags_only_a_seamline():
    s1, rgb, invalid = clean_pair()
    s1[:, 230:] += 4.0  # two S1 acquisitions meet at column 230
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"seam"} and v.status == REVIEW
    assert any("column 230" in r for r in v.reasons)
    s1, rgb, invalid = clean_pair()
    rgb[:, 170:, :] += 500  # two S2 granules meet at row 170
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"seam"} and any("S2" in r and "row 170" in r for r in v.reasons)


def test_colour_shifted_band_flags_only_colour():
    s1, rgb, invalid = clean_pair()
    rgb[2] = np.clip(rgb[2].astype(np.float32) * 3.2, 0, 10000).astype(np.uint16)
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"colour"} and "B2" in v.reasons[0]


def test_thresholds_move_the_outcome():
    s1, rgb, invalid = clean_pair()
    y, x = np.mgrid[0:N, 0:N]
    rgb[:, (y - 100) ** 2 + (x - 100) ** 2 < 40 ** 2] = 6000  # ~3 % cloud
    assert quality.check(s1, rgb, invalid).status == REVIEW
    assert quality.check(s1, rgb, invalid, replace(Thresholds(), cloud_review=0.05)).status == "pass"
    assert quality.check(s1, rgb, invalid, replace(Thresholds(), cloud_reject=0.02)).status == REJECT


@pytest.mark.parametrize("defect", ["clean", "cloud"])
def test_scene_check_reads_files(tmp_path, defect):
    s1, rgb, invalid = clean_pair()
    if defect == "cloud":
        rgb[:, 100:200, 100:200] = 7000
    write_s1(tmp_path / "s1.tif", s1)
    write_s2(tmp_path / "s2.tif", rgb)
    v = quality.check_scene_files(tmp_path / "s1.tif", tmp_path / "s2.tif")
    assert (v.status == "pass") == (defect == "clean"), v.reasons


def test_patch_check_flags_the_same_defects_on_a_subsample():
    s1, rgb, _ = clean_pair()
    s1, rgb = s1[:256, :256], rgb[:, :256, :256].copy()
    assert quality.check_patch(s1, rgb).status == "pass"
    stepped = s1.copy()
    stepped[:, 100:] += 4.0
    v = quality.check_patch(stepped, rgb)
    assert kinds(v) == {"seam"} and any("column 100" in r for r in v.reasons)
    rgb[:, 50:120, 50:120] = 6000
    v = quality.check_patch(s1, rgb)
    assert kinds(v) == {"cloud"} and v.status == REJECT
