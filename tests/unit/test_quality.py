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


def test_a_scenes_verdict_reaches_its_patches():
    """What only a scene is measured for (the S1/S2 offset) holds for each of its patches; a rejected
    scene sends each patch to review; a scene's cloud review is left to the patch's own measure."""
    scene = quality.Verdict()
    scene.flag(REVIEW, "1.2% cloud (spectral)", "cloud")
    scene.flag(REVIEW, "S1 is offset from S2 by 2.2 px", "offset")
    assert quality.with_scene_flags("pass", "", "", scene) == ("review", "scene: S1 is offset from S2 by 2.2 px", "offset")
    assert quality.with_scene_flags("reject", "9% cloud (spectral)", "cloud", scene) == (
        "reject", "9% cloud (spectral); scene: S1 is offset from S2 by 2.2 px", "cloud,offset")
    cloudy_only = quality.Verdict()
    cloudy_only.flag(REVIEW, "1.2% cloud (spectral)", "cloud")
    assert quality.with_scene_flags("pass", "", "", cloudy_only) == ("pass", "", "")
    rejected = quality.Verdict()
    rejected.flag(REJECT, "40% no-data", "nodata")
    assert quality.with_scene_flags("pass", "", "", rejected) == ("review", "scene rejected: 40% no-data", "nodata")
    assert quality.with_scene_flags("pass", "", "", quality.Verdict()) == ("pass", "", "")
    assert quality.with_scene_flags("pass", "", "", None) == ("pass", "", "")


def test_a_stored_scene_verdict_keeps_each_reasons_kind(tmp_path):
    """Beside a download the verdict is stored and reused: its patches must still inherit the offset."""
    import json

    from sen12_plugin.core.scene_files import SceneFiles

    files = SceneFiles.in_output(tmp_path, "ROIs1868_summer", 3)
    files.folder.mkdir(parents=True)
    s1, rgb, _ = clean_pair()
    write_s1(files.s1, s1)
    write_s2(files.s2, rgb)
    files.record.write_text(json.dumps({"roi": 3, "season": "summer"}))
    fresh = quality.Verdict()
    fresh.flag(REVIEW, "1.2% cloud (spectral)", "cloud")
    fresh.flag(REVIEW, "S1 is offset from S2 by 2.2 px", "offset")
    quality.stored_or_new_scene_check(files.s1, files.s2, Thresholds(), fresh=fresh)
    stored = quality.stored_scene_check(files.s1, files.s2, Thresholds())
    assert stored is not None and stored.reason_kinds == ["cloud", "offset"]
    assert quality.with_scene_flags("pass", "", "", stored)[2] == "offset"


def cloud_score_qa(provenance):
    """Earth Engine QA of a clear scene: Cloud Score+ high everywhere, and the mosaic's provenance."""
    clear = np.full(provenance.shape, 0.9, np.float32)
    return {"cs": clear, "cs_cdf": clear, "provenance": provenance.astype(np.float32)}


CLOUD_SCORE_QA = Evidence("cloud_score", "qa.tif", (("cs", 1), ("cs_cdf", 2), ("provenance", 3)))


def test_a_known_seam_is_measured_where_the_provenance_changes_only():
    s1, rgb, invalid = clean_pair()
    provenance = np.where(np.arange(N)[None, :] < 230, 1051200.0, 1065600.0) + np.zeros((N, 1))
    stepped = rgb.copy()
    stepped[:, :, 230:] = np.clip(stepped[:, :, 230:] * 1.35, 1, 10000)
    v = quality.check(s1, stepped, invalid, qa=cloud_score_qa(provenance), evidence=CLOUD_SCORE_QA)
    assert kinds(v) == {"seam"} and any(("at column 229 " in r or "at column 230 " in r) and "provenance" in r
                                        for r in v.reasons), v.reasons
    # the same step where the mosaic took one image throughout is a field edge, not a seam
    one = np.full((N, N), 1051200.0)
    assert quality.check(s1, stepped, invalid, qa=cloud_score_qa(one), evidence=CLOUD_SCORE_QA).status == "pass"
    # and two acquisitions that meet without a step are no seam either
    assert quality.check(s1, rgb, invalid, qa=cloud_score_qa(provenance), evidence=CLOUD_SCORE_QA).status == "pass"


def test_every_pair_of_acquisitions_that_meet_is_measured():
    """Three images: the two largest meet without a step; the small third one is 35 % brighter."""
    s1, rgb, invalid = clean_pair()
    provenance = np.full((N, N), 1.0)  # A: the west half
    provenance[:300, 200:] = 2.0  # B: most of the east half
    provenance[300:, 200:] = 3.0  # C: the south-east corner, the smallest
    rgb = rgb.copy()
    rgb[:, 300:, 200:] = np.clip(rgb[:, 300:, 200:] * 1.35, 1, 10000)
    v = quality.check(s1, rgb, invalid, qa=cloud_score_qa(provenance), evidence=CLOUD_SCORE_QA)
    assert kinds(v) == {"seam"} and v.measures["seam"] > 0.25, (v.reasons, v.measures)
    assert any("seam between two acquisitions" in r and "step 3" in r for r in v.reasons), v.reasons


def test_spectral_cloud_rejects_only_as_one_large_blob():
    """Bright roofs pass the bright-in-visible-and-SWIR test too: scattered small bright areas go to
    review, one cloud-sized blob rejects; on a decimated scene read, blobs are sized in scene pixels."""
    from types import SimpleNamespace

    s1, rgb, invalid = clean_pair()
    roofs = np.zeros((N, N), bool)
    for top in range(20, N - 20, 60):
        for left in range(20, N - 20, 60):
            roofs[top:top + 15, left:left + 15] = True  # 36 roofs of 225 px: 5 % of the scene
    rgb = rgb.copy()
    rgb[:, roofs] = np.array([5200, 5300, 5400])[:, None]
    v = quality.check(s1, rgb, invalid, qa=swir(rgb, roofs), evidence=SWIR)
    assert v.measures["cloud"] > 0.05 and v.status == REVIEW and "could be bright roofs" in v.reasons[0], v.reasons
    # the same pixels as a 4x decimated read of a scene four times as wide: each roof is 3600 scene
    # pixels, beyond any roof: cloud, rejected
    centre = (s1[:128, :128], rgb[:, :128, :128], invalid[:128, :128])
    scene = quality.scene_verdict((s1, rgb, invalid, swir(rgb, roofs)), centre, SWIR, Thresholds(),
                                  grid=SimpleNamespace(width=4 * N, height=4 * N))
    assert scene.status == REJECT and "one blob of 3600 px" in scene.reasons[0], scene.reasons


def two_sides(left_profile, right_profile, seed=3):
    """A scene of two land covers meeting at column 200, each varying only along the line (rows)."""
    rng = np.random.default_rng(seed)
    rows = np.arange(N, dtype=np.float32)[:, None]
    left, right = left_profile(rows), right_profile(rows)
    brightness = np.where(np.arange(N)[None, :] < 200, left, right)
    rgb = np.stack([brightness * f for f in (1.05, 1.0, 0.9)]) + rng.normal(0, 15, (3, N, N))
    s1, _, invalid = clean_pair(seed)
    return s1, np.clip(rgb, 1, 10000).astype(np.uint16), invalid


def test_a_step_between_two_single_land_covers_is_a_field_edge_not_a_seam():
    """Both sides vary together along the line (one illumination), yet each is one land cover: the
    line crosses no variety of covers, so a consistent ratio there says nothing of a mosaic seam."""
    gentle = 1 + 0.05 * np.sin(np.arange(N)[:, None] / 20.0)
    s1, rgb, invalid = two_sides(lambda r: 900 * gentle, lambda r: 1300 * gentle)
    v = quality.check(s1, rgb, invalid)
    assert "seam" not in kinds(v), v.reasons
    # the same ratio across a line that crosses many land covers is a seam
    varied = np.exp(0.5 * np.sin(np.arange(N)[:, None] / 9.0) + 0.3 * np.cos(np.arange(N)[:, None] / 23.0))
    s1, rgb, invalid = two_sides(lambda r: 900 * varied, lambda r: 1300 * varied)
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"seam"} and any("S2" in r and "column 200" in r for r in v.reasons), v.reasons


def test_a_step_whose_sides_do_not_go_together_is_a_border_of_parcels_not_a_seam():
    """Parcels of 50 rows along both sides of a road, always brighter on the right, but the right
    side's covers are not the left side's times one ratio: a border of parcels, not one image
    over another. Multiplied by one ratio instead, the same left side gives a seam."""
    blocks = np.repeat(np.arange(N // 50), 50)[:, None]
    left = np.exp(np.array([0, 0.4, -0.3, 0.2, -0.4, 0.3, -0.1, 0.1]))[blocks]
    right = 2.4 * np.exp(np.array([0.3, -0.4, 0.1, -0.3, 0.4, -0.1, 0.2, 0]))[blocks]
    s1, rgb, invalid = two_sides(lambda r: 700 * left, lambda r: 700 * right)
    v = quality.check(s1, rgb, invalid)
    assert "seam" not in kinds(v), v.reasons
    s1, rgb, invalid = two_sides(lambda r: 700 * left, lambda r: 700 * 2.4 * left)
    v = quality.check(s1, rgb, invalid)
    assert kinds(v) == {"seam"} and any("S2" in r and "column 200" in r for r in v.reasons), v.reasons


def test_bright_white_without_swir_brightness_is_not_cloud():
    """The spectral cloud test needs SWIR brightness too: a bright white area dark in B11 and NIR
    (neither cloud nor snow by the tests) is no cloud."""
    s1, rgb, invalid = clean_pair()
    y, x = np.mgrid[0:N, 0:N]
    area = (y - 200) ** 2 + (x - 150) ** 2 < 60 ** 2
    rgb = rgb.copy()
    rgb[:, area] = np.array([5200, 5300, 5400])[:, None]
    qa = swir(rgb, np.zeros_like(area))
    qa["B11"][area] = 1200.0  # below cloud_swir
    qa["B8"][area] = 900.0  # below snow_nir: not snow either
    v = quality.check(s1, rgb, invalid, qa=qa, evidence=SWIR)
    assert v.measures["cloud"] == 0 and v.measures["snow"] == 0, v.measures
    qa["B11"][area] = 3800.0  # bright in SWIR as well: cloud
    assert quality.check(s1, rgb, invalid, qa=qa, evidence=SWIR).measures["cloud"] > 0.06


def test_thresholds_by_parameter_name_refuse_what_is_no_threshold():
    from sen12_plugin.core.errors import InputError

    t = quality.thresholds_with({"OFFSET_REVIEW": 2.0, "SNOW_REVIEW": 0.4, "CLOUD_REVIEW": None})
    assert (t.offset_review, t.snow_review, t.cloud_review) == (2.0, 0.4, Thresholds().cloud_review)
    with pytest.raises(InputError, match="OFFSET_REVEIW is no quality threshold"):
        quality.thresholds_with({"OFFSET_REVEIW": 2.0})
    with pytest.raises(InputError, match="at least 0"):
        quality.thresholds_with({"SNOW_REVIEW": -1})


def test_an_oblique_seam_is_found_where_the_provenance_changes_and_its_line_named():
    """A swath edge runs 10-15 degrees off north-south: where the provenance says two acquisitions
    meet along it, the seam is found at any orientation, the step measured on the pixel pairs the
    line separates (35 %, not the texture of strips beside it), and the line named end to end."""
    s1, rgb, invalid = clean_pair()
    rows, cols = np.mgrid[0:N, 0:N]
    later = cols > 150 + 0.25 * rows  # 14 degrees off north-south
    provenance = np.where(later, 1065600.0, 1051200.0)
    stepped = rgb.copy()
    stepped[:, later] = np.clip(stepped[:, later] * 1.35, 1, 10000)
    v = quality.check(s1, stepped, invalid, qa=cloud_score_qa(provenance), evidence=CLOUD_SCORE_QA)
    assert kinds(v) == {"seam"}, v.reasons
    assert any("along a line from row 0, column 150 to row 399, column 250 (14 degrees off north-south) (step 35%; "
               "provenance)" in r for r in v.reasons), v.reasons
    # a patch it crosses says the same, in the patch's own pixels
    patch = quality.check_patch(s1[:256, :256], stepped[:, :256, :256], qa=cloud_score_qa(provenance[:256, :256]),
                                evidence=CLOUD_SCORE_QA)
    assert kinds(patch) == {"seam"} and any("from row 0, column 150 to row 255, column 214 (14 degrees off north-south) "
                                            "(step 35%" in r for r in patch.reasons), patch.reasons


@pytest.mark.parametrize("dtype", [np.uint16, np.int16, np.float32, np.float64])
def test_bright_white_band_by_band_equals_the_whole_array_formula(dtype):
    """The memory-lean whiteness (one plane of temporaries) is the whole-array formula it replaced,
    pixel for pixel, also at the brightness and whiteness thresholds, and across the row pieces it
    is judged in (a scene check's 1830 rows in pieces of 256)."""
    t = Thresholds()
    rng = np.random.default_rng(7)
    rows = quality.WHITE_ROWS * 2 + 50
    rgb = rng.integers(0, 12000, (3, rows, 130)).astype(dtype)
    level = int(t.cloud_brightness)
    rgb[:, :30] = rng.integers(level - 2, level + 3, (3, 30, 130))  # at the brightness threshold
    base = rng.integers(3000, 9000, (40, 130))
    rgb[:, 40:80] = (base * np.array([1.0, 1 + t.cloud_whiteness, 1 - t.cloud_whiteness])[:, None, None]).astype(dtype)
    edge = quality.WHITE_ROWS - 20  # a white block across a piece boundary
    rgb[:, edge:edge + 40] = (base * np.array([1.0, 1.01, 0.99])[:, None, None]).astype(dtype)
    bands = rgb.astype(np.float32)
    mean = bands.mean(axis=0)
    whiteness = np.abs(bands - mean).mean(axis=0) / np.maximum(mean, 1.0)
    expected = (bands.min(axis=0) > t.cloud_brightness) & (whiteness < t.cloud_whiteness)
    got = quality.bright_white(rgb, t)
    assert expected.any() and (~expected).any()
    np.testing.assert_array_equal(got, expected)
