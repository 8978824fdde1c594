"""Each check on rasters with one known defect: it flags exactly that, and passes the clean one."""

from dataclasses import replace

import numpy as np
import pytest
from helpers import write_s1, write_s2

from sen12_plugin.core import quality
from sen12_plugin.core.qa_evidence import SPECTRAL, Evidence
from sen12_plugin.core.quality import REJECT, REVIEW, Thresholds

SWIR = Evidence(SPECTRAL, "bands", (("B3", 1), ("B8", 2), ("B11", 3)))

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


def swir(rgb, cloudy):
    """B3, B8 and B11 for the spectral tests: vegetation (NIR bright, SWIR moderate), cloud bright in SWIR."""
    b11 = np.where(cloudy, 3800.0, 0.8 * rgb[1].astype(np.float32) + 400)
    return {"B3": rgb[1].astype(np.float32), "B8": np.full(rgb.shape[1:], 3000.0), "B11": b11}


def kinds(verdict):
    return set(verdict.kinds)


def test_clean_scene_passes():
    s1, rgb, invalid = clean_pair()
    v = quality.check(s1, rgb, invalid)
    assert v.status == "pass", v.reasons
    assert v.measures["cloud_or_snow"] == 0 and v.measures["nodata"] == 0
    assert "cloud" not in v.measures  # RGB alone says nothing of cloud as such


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
    v = quality.check(s1, rgb, invalid, qa=swir(rgb, blob), evidence=SWIR)
    assert kinds(v) == {"cloud"} and v.status == REJECT
    assert 0.06 < v.measures["cloud"] < 0.08 and v.measures["snow"] == 0
    assert "cloud (spectral" in v.reasons[0]
    # RGB alone cannot tell a cloud from snow: the same blob is "cloud or snow", for review
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"cloud_or_snow"} and v.status == REVIEW
    assert 0.06 < v.measures["cloud_or_snow"] < 0.08 and "cloud or snow" in v.reasons[0]


def test_a_snow_field_is_snow_not_cloud():
    s1, rgb, invalid = clean_pair()
    y, x = np.mgrid[0:N, 0:N]
    field = (y - 200) ** 2 + (x - 150) ** 2 < 60 ** 2
    rgb[:, field] = np.array([5200, 5300, 5400])[:, None]
    qa = swir(rgb, np.zeros_like(field))
    qa["B11"][field] = 600  # snow is dark in SWIR: NDSI 0.8
    v = quality.check(s1, rgb, invalid, qa=qa, evidence=SWIR)
    assert v.status == "pass" and v.measures["cloud"] == 0 and 0.06 < v.measures["snow"] < 0.08
    v = quality.check(s1, rgb, invalid, replace(Thresholds(), snow_review=0.05), qa=qa, evidence=SWIR)
    assert kinds(v) == {"snow"} and v.status == REVIEW and "snow (NDSI)" in v.reasons[0]


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
    blob = (y - 100) ** 2 + (x - 100) ** 2 < 40 ** 2
    rgb[:, blob] = 6000  # ~3 % cloud
    qa = swir(rgb, blob)
    assert quality.check(s1, rgb, invalid, qa=qa, evidence=SWIR).status == REVIEW
    assert quality.check(s1, rgb, invalid, replace(Thresholds(), cloud_review=0.05), qa=qa, evidence=SWIR).status == "pass"
    assert quality.check(s1, rgb, invalid, replace(Thresholds(), cloud_reject=0.02), qa=qa, evidence=SWIR).status == REJECT


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
    cloudy = np.zeros(rgb.shape[1:], bool)
    cloudy[50:120, 50:120] = True
    v = quality.check_patch(s1, rgb, qa=swir(rgb, cloudy), evidence=SWIR)
    assert kinds(v) == {"cloud"} and v.status == REJECT
    v = quality.check_patch(s1, rgb)
    assert kinds(v) == {"cloud_or_snow"} and v.status == REVIEW


@pytest.mark.parametrize("shift", [0, 3])
def test_s1_s2_offset_is_measured_to_a_fraction_of_a_pixel(shift):
    from sen12_plugin.core.coregistration import s1_s2_offset

    rng = np.random.default_rng(2)
    y, x = np.mgrid[0:N, 0:N].astype(np.float32)
    fields = (np.sin(x / 13.0) > 0.3) ^ (np.cos(y / 17.0 + x / 40.0) > 0)  # edges in every direction
    s2 = np.where(fields, 2500.0, 700.0) + rng.normal(0, 40, (N, N))
    s1 = np.where(fields, -16.0, -8.0) + rng.normal(0, 2.5, (N, N))  # reversed contrast, speckle
    s1 = np.roll(s1, shift, axis=1)  # the ground appears `shift` px further east in S1
    offset = s1_s2_offset(s1, s2, np.ones((N, N), bool))
    assert offset.measured and abs(offset.col - shift) < 0.3 and abs(offset.row) < 0.3, offset
    flat = s1_s2_offset(rng.normal(-10, 2.5, (N, N)), np.full((N, N), 900.0), np.ones((N, N), bool))
    assert not flat.measured  # nothing to align: not measurable, never a guess
