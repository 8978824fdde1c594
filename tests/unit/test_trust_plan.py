"""One plan per extraction: each example of issue 19 that reached users silently is decided from
evidence here, refused with a sentence or converted with a warning, and the faces only map onto it."""

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN, scene_pair, write_s1, write_s2
from PIL import Image
from rasterio.transform import from_origin

from sen12_plugin.core import pipeline
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.plan import Choices, PlanRefused, plan_extraction

pytestmark = pytest.mark.needs_osgeo
SIZE = 256
RNG = np.random.default_rng(11)


def raster(path, data, dtype, descriptions=None, nodata=None):
    data = np.asarray(data).astype(dtype)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                       dtype=dtype, crs=CRS, transform=from_origin(*ORIGIN, 10, 10), nodata=nodata) as ds:
        ds.write(data)
        if descriptions:
            ds.descriptions = descriptions
    return Path(path)


def good_s1(folder, name="s1.tif"):
    return write_s1(folder / name, RNG.uniform(-22, -3, (SIZE, SIZE)))


def good_s2(folder, name="s2.tif"):
    return write_s2(folder / name, RNG.integers(300, 3000, (3, SIZE, SIZE)))


def run(s1, s2, out, **choices):
    """Plan and extract one pair as the faces do (pipeline.plan_jobs, then extract_scenes)."""
    base = dict(seed=1868, scene=4, patch_size=64, stride=64, thresholds=None)
    jobs, refused = pipeline.plan_jobs([(str(s1), str(s2), Choices(**{**base, **choices}))], out)
    if refused:
        raise InputError(refused[0][1])
    return jobs[0].plan, pipeline.extract_scenes(jobs, out).scenes[0].result


def png(out, result, sensor="s2", number=1):
    return np.asarray(Image.open(out / result.records[0].files[f"{sensor}_png"] if number is None else
                                 out / next(r.files[f"{sensor}_png"] for r in result.records
                                            if r.position.number == number)))


def written(out):
    return sorted(p.name for p in out.rglob("*.png"))


# ----- units and type --------------------------------------------------------------------------


def test_an_s2_already_8_bit_is_refused(tmp_path):
    """It passed every check and became 5 grey levels."""
    s2 = raster(tmp_path / "s2_8bit.tif", RNG.integers(0, 255, (3, SIZE, SIZE)), "uint8", ("B4", "B3", "B2"))
    with pytest.raises(PlanRefused, match="8-bit values: a rendered picture"):
        plan_extraction(str(good_s1(tmp_path)), str(s2), tmp_path / "out", Choices(seed=1868))


def test_an_8_bit_picture_in_a_16_bit_file_is_refused_before_anything_is_written(tmp_path):
    s2 = raster(tmp_path / "s2_wide.tif", RNG.integers(0, 255, (3, SIZE, SIZE)), "uint16", ("B4", "B3", "B2"))
    out = tmp_path / "out"
    with pytest.raises(InputError, match="8-bit picture stored in a wider type"):
        run(good_s1(tmp_path), s2, out)
    assert written(out) == [] and not (out / "ROIs1868_summer").exists()
    plan, result = run(good_s1(tmp_path, "s1b.tif"), s2, out, s2_units="dn")  # the analyst insists: a dark scene
    assert len(result.records) == 16


def test_s2_reflectance_0_1_is_converted_not_black(tmp_path):
    reflectance = RNG.uniform(0.02, 0.3, (3, SIZE, SIZE)).astype("float32")
    s2 = raster(tmp_path / "s2_refl.tif", reflectance, "float32", ("B4", "B3", "B2"))
    out = tmp_path / "out"
    plan, result = run(good_s1(tmp_path), s2, out, formats=("png", "tif"), stretch="none")
    assert plan.pair.s2_scale == 10000 and any("reflectance 0..1, converted" in w for w in plan.warnings)
    assert png(out, result).mean() > 20  # 0.02..0.3 of 10000 is 5..76 of 255; unconverted it was 0
    with rasterio.open(out / result.records[0].files["s2_tif"]) as ds:
        assert ds.dtypes[0] == "uint16" and abs(int(ds.read(1)[0, 0]) - round(reflectance[0, 0, 0] * 10000)) <= 1


def test_an_unnamed_two_band_s1_is_refused_and_named_bands_are_used(tmp_path):
    """SNAP writes VH, VV: band 1 (VH) was cut as VV."""
    vh, vv = RNG.uniform(-28, -20, (SIZE, SIZE)), RNG.uniform(-12, -5, (SIZE, SIZE))
    s1 = write_s1(tmp_path / "snap_dual.tif", np.stack([vh, vv]))
    s2, out = good_s2(tmp_path), tmp_path / "out"
    with pytest.raises(PlanRefused, match="2 bands without names.*S1_BANDS"):
        plan_extraction(str(s1), str(s2), out, Choices(seed=1868))
    plan, result = run(s1, s2, out, s1_bands="VH,VV", stretch="none")
    assert plan.pair.s1_bands == (2, 1)
    grey = png(out, result, "s1").astype(float)
    assert 100 < grey.mean() < 200  # VV (-12..-5 dB) on -25..0: about 135..204; VH would be 0..51


# ----- no-data ---------------------------------------------------------------------------------


def test_nan_holes_in_an_untagged_float_s2_are_no_data(tmp_path):
    values = RNG.uniform(300, 3000, (3, SIZE, SIZE)).astype("float32")
    values[:, 10:20, 10:20] = np.nan  # inside patch 1 only
    s2 = raster(tmp_path / "s2_nan.tif", values, "float32", ("B4", "B3", "B2"))
    plan, result = run(good_s1(tmp_path), s2, tmp_path / "out")
    assert result.dropped_nodata == 1 and 1 not in {r.position.number for r in result.records}


def test_a_0_db_fill_wedge_in_an_untagged_s1_is_no_data(tmp_path):
    db = RNG.uniform(-22, -3, (SIZE, SIZE)).astype("float32")
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    db[cols < (SIZE - rows) // 3] = 0.0  # a wedge along the left edge, as at a swath border
    s1 = write_s1(tmp_path / "s1_wedge.tif", db)
    plan, result = run(s1, good_s2(tmp_path), tmp_path / "out")
    assert plan.pair.s1_fill == 0.0 and any("exactly 0" in w for w in plan.warnings)
    assert result.dropped_nodata == 5  # patches 1, 2, 5, 9 and 13 touch the wedge


def test_a_constant_bright_area_is_not_taken_for_fill(tmp_path):
    values = RNG.integers(300, 3000, (3, SIZE, SIZE))
    values[:, :100, :100] = 6500  # a saturated cloud at the corner: data, not a fill value
    plan, result = run(good_s1(tmp_path), write_s2(tmp_path / "s2c.tif", values), tmp_path / "out")
    assert plan.pair.s2_fill is None and result.dropped_nodata == 0


# ----- the processing-baseline offset -----------------------------------------------------------


def test_a_2022_l2a_raster_with_the_offset_still_in_is_shifted(tmp_path):
    dn = RNG.integers(100, 3000, (3, SIZE, SIZE))
    s2 = write_s2(tmp_path / "S2B_MSIL2A_20220615T102559_N0400_R108_T32TPT_20220615T130000.tif", dn + 1000)
    plan, result = run(good_s1(tmp_path), s2, tmp_path / "out", formats=("png", "tif"), allow_date_gap=True)
    assert plan.pair.s2_offset == 1000 and any("+1000 offset is still in" in w for w in plan.warnings)
    with rasterio.open(tmp_path / "out" / result.records[0].files["s2_tif"]) as ds:
        np.testing.assert_array_equal(ds.read(1), dn[0, :64, :64])


def test_a_2022_raster_without_the_offset_is_left_alone(tmp_path):
    s2 = write_s2(tmp_path / "S2B_MSIL2A_20220615T102559_N0400_R108_T32TPT_x.tif", RNG.integers(100, 3000, (3, SIZE, SIZE)))
    plan = plan_extraction(str(good_s1(tmp_path)), str(s2), tmp_path / "out", Choices(seed=1868, allow_date_gap=True))
    assert plan.pair.s2_offset == 0 and any("nothing subtracted" in r.text for r in plan.reasons)


def test_a_band_folder_with_one_band_at_20_m_is_refused(tmp_path):
    folder = tmp_path / "bands"
    folder.mkdir()
    for band in ("B04", "B03"):
        raster(folder / f"T32TPT_20170615_{band}.tif", RNG.integers(300, 3000, (1, SIZE, SIZE)), "uint16")
    with rasterio.open(folder / "T32TPT_20170615_B02.tif", "w", driver="GTiff", width=SIZE // 2, height=SIZE // 2,
                       count=1, dtype="uint16", crs=CRS, transform=from_origin(*ORIGIN, 20, 20)) as ds:
        ds.write(RNG.integers(300, 3000, (1, SIZE // 2, SIZE // 2)).astype("uint16"))
    with pytest.raises(PlanRefused, match="B4, B3 and B2 must share one grid"):
        plan_extraction(str(good_s1(tmp_path)), str(folder), tmp_path / "out", Choices(seed=1868))


# ----- dates, season, seed, dataset, scene number ----------------------------------------------


def test_s1_from_january_with_s2_from_june_is_refused_unless_allowed(tmp_path):
    s1 = good_s1(tmp_path, "S1A_IW_GRDH_1SDV_20170110T050000_VV.tif")
    s2 = good_s2(tmp_path, "S2A_MSIL1C_20170615T100000_x.tif")
    with pytest.raises(PlanRefused, match="156 day.*more than 30"):
        plan_extraction(str(s1), str(s2), tmp_path / "out", Choices())
    plan = plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(allow_date_gap=True))
    assert plan.dataset.folder == "custom_summer" and any("allowed as you asked" in w for w in plan.warnings)
    assert plan.dates.record()["s1"] == "2017-01-10" and plan.dates.record()["s2"] == "2017-06-15"


def test_scene_numbers_and_seeds_out_of_range_are_refused(tmp_path):
    s1, s2 = good_s1(tmp_path), good_s2(tmp_path)
    with pytest.raises(PlanRefused, match="Scene number 2147483648 is out of range"):
        plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(seed=1868, scene=2**31))
    with pytest.raises(PlanRefused, match="Scene number -1 is out of range"):
        plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(seed=1868, scene=-1))
    with pytest.raises(PlanRefused, match="out of range"):
        plan_extraction(str(s1), str(s2), tmp_path / "out", Choices(seed=2**32, season="summer"))


def test_a_big_seed_reaches_the_index_whole(tmp_path):
    """Seeds from 2^31 on (numpy takes up to 2^32-1) were cut to 32 bits."""
    from sen12_plugin.core.index import index_path, read_rows

    seed = 2**31 + 5
    plan, result = run(good_s1(tmp_path), good_s2(tmp_path), tmp_path / "out", seed=seed, season="summer")
    assert {r["seed"] for r in read_rows(index_path(tmp_path / "out"))} == {seed}
    assert plan.dataset.folder == f"ROIs{seed}_summer"


def test_a_downloaded_scenes_seed_and_number_come_from_its_record(tmp_path):
    """Without SEED, a downloaded ROI's scene landed in custom_*."""
    folder = tmp_path / "work" / "ROIs1868_summer" / "scenes"
    folder.mkdir(parents=True)
    s1, s2, *_ = scene_pair(folder, SIZE, SIZE)
    s1, s2 = s1.rename(folder / "s1_7.tif"), s2.rename(folder / "s2_7.tif")
    (folder / "scene_7.json").write_text(json.dumps({"roi": 7, "seed": 1868, "season": "summer",
                                                     "start": "2017-06-01", "end": "2017-08-31"}))
    plan = plan_extraction(str(s1), str(s2), tmp_path / "out", Choices())
    assert (plan.dataset.folder, plan.scene) == ("ROIs1868_summer", 7)
    assert any("Seed 1868 from the scene record" in r.text for r in plan.reasons)
    assert plan.dates.start.isoformat() == "2017-06-01"


def test_two_pairs_planned_onto_one_scene_are_both_refused(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    given = [(str(good_s1(f)), str(good_s2(f)), Choices(seed=1868, scene=0)) for f in (a, b)]
    jobs, refused = pipeline.plan_jobs(given, tmp_path / "out")
    assert jobs == [] and len(refused) == 2 and all("would both be ROIs1868_summer scene 0" in r for _, r in refused)


def test_every_refusal_is_said_at_once(tmp_path):
    s2 = raster(tmp_path / "s2_8bit.tif", RNG.integers(0, 255, (3, SIZE, SIZE)), "uint8", ("B4", "B3", "B2"))
    with pytest.raises(PlanRefused) as info:
        plan_extraction(str(good_s1(tmp_path)), str(s2), tmp_path / "out", Choices(scene="x", patch_size=0))
    text = str(info.value)
    assert "Patch size 0" in text and "'x' is not a whole number" in text and "Give a SEASON" in text
    assert "8-bit values" in text


def test_the_plan_is_recorded_with_the_scene(tmp_path):
    plan, result = run(good_s1(tmp_path), good_s2(tmp_path), tmp_path / "out", patch_size=128, stride=64)
    record = json.loads((tmp_path / "out/ROIs1868_summer/.sen12_scene_4.json").read_text())
    assert record["plan"]["patch_size"] == 128 and record["plan"]["stride"] == 64
    assert {r["topic"] for r in record["plan"]["reasons"]} >= {"S1 bands", "S2 units", "dataset", "scene"}
    assert record["pixels"]["s1_bands"] == [1]


# ----- the card is written from the records ----------------------------------------------------


def test_the_card_of_a_128_px_run_states_128_and_a_december_scene_its_dates(tmp_path):
    """The card printed the recipe's 256 / 128 / 2-98 % and gave a 2017-12-21 pair 2016-12-01..2017-02-28."""
    from sen12_plugin.core.card import build_card, write_dataset_card

    s1 = good_s1(tmp_path, "S1A_IW_GRDH_1SDV_20171219T050000_VV.tif")
    s2 = good_s2(tmp_path, "S2A_MSIL1C_20171221T100000_x.tif")
    out = tmp_path / "out"
    plan, _result = run(s1, s2, out, seed=None, scene=None, patch_size=128, stride=32, stretch="none",
                        thresholds=None)
    assert plan.dataset.folder == "custom_winter" and plan.dataset.year == 2018
    card = build_card(out)
    assert (card["run"]["patch_size"], card["run"]["stride"], card["run"]["stretch"]) == (128, 32, "none")
    scene = card["scenes"][0]
    assert (scene["start"], scene["end"]) == ("2017-12-19", "2017-12-21")
    assert scene["acquired"] == {"s1": "2017-12-19", "s2": "2017-12-21"}
    assert scene["season_range"] == "2017-12-01..2018-02-28"
    _json, md = write_dataset_card(out)
    text = md.read_text()
    assert "patch size 128 px, stride 32 px" in text and "2017-12-19..2017-12-21" in text
    assert "2016-12-01" not in text


def test_a_healthy_index_held_by_another_program_is_never_called_broken(tmp_path):
    """'not a patch index; move it away' for an index QGIS held open: following it lost every decision."""
    import sqlite3

    from sen12_plugin.core.errors import Sen12Error
    from sen12_plugin.core.index import index_path

    out = tmp_path / "out"
    run(good_s1(tmp_path), good_s2(tmp_path), out)
    holder = sqlite3.connect(str(index_path(out)))
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing it
    try:
        with pytest.raises(Sen12Error) as info:
            run(good_s1(tmp_path, "s1b.tif"), good_s2(tmp_path, "s2b.tif"), out, scene=5)
    finally:
        holder.rollback()
        holder.close()
    text = str(info.value)
    assert "move it away" not in text and "not a patch index" not in text
    assert "in use by another program" in text, text
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "patch_index.gpkg").write_text("not a database")
    with pytest.raises(Sen12Error, match="not a patch index .not a GeoPackage"):
        run(good_s1(tmp_path, "s1c.tif"), good_s2(tmp_path, "s2c.tif"), tmp_path / "junk")


def test_a_replaced_band_file_behind_a_vrt_is_another_identity(tmp_path):
    """The identity hashed the VRT in OUTPUT/_sources: a replaced band file gave 'same inputs as before'."""
    folder = tmp_path / "bands"
    folder.mkdir()
    for band in ("B04", "B03", "B02"):
        raster(folder / f"T32TPT_20170615_{band}.tif", RNG.integers(300, 3000, (1, SIZE, SIZE)), "uint16")
    s1, out = good_s1(tmp_path), tmp_path / "out"
    run(s1, folder, out)
    _plan, again = run(s1, folder, out)  # nothing changed: the same identity resumes
    assert again.skipped == 16 and again.written == 0
    raster(folder / "T32TPT_20170615_B03.tif", RNG.integers(300, 3000, (1, SIZE, SIZE)), "uint16")  # replaced
    with pytest.raises(InputError, match="file behind .*T32TPT_20170615_B03.tif"):
        run(s1, folder, out)


def test_a_rejected_pair_parked_by_apply_review_is_never_written_back(tmp_path):
    from helpers import set_decision

    from sen12_plugin.core.review import apply_review, read_patch_rows

    s1, s2, out = good_s1(tmp_path), good_s2(tmp_path), tmp_path / "out"
    run(s1, s2, out)
    set_decision(out, "ROIs1868_summer", 4, 2, "reject")
    assert apply_review(out).moved_out == 2
    live = out / "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p2.png"
    _plan, again = run(s1, s2, out)  # the same inputs: resume
    assert not live.exists() and (out / "_rejected" / live.relative_to(out)).exists()
    assert again.written == 0
    assert {r["patch"]: r["decision"] for r in read_patch_rows(out).rows if r["decision"]} == {2: "reject"}


# ----- leak-free splits -----------------------------------------------------------------------


def test_the_same_ground_under_two_scene_ids_never_lands_in_two_splits(tmp_path):
    """Split by scene put one ground, extracted as scene 4 and scene 9, into train and test."""
    from sen12_plugin.core import splits

    out = tmp_path / "out"
    for scene in (4, 9, 12):
        folder = tmp_path / f"s{scene}"
        folder.mkdir()
        run(good_s1(folder), good_s2(folder), out, scene=scene)
    with pytest.raises(InputError, match="Leak: .* overlaps or touches .*split by location"):
        splits.make_splits(out, "scene", (0.34, 0.33, 0.33), seed=1)
    made = splits.make_splits(out, "scene", (0.34, 0.33, 0.33), seed=1, leaks="report")
    assert any(s.startswith("Leak:") for s in made.skipped)
    made = splits.make_splits(out, "location", (0.34, 0.33, 0.33), seed=1)
    assert sorted(made.sizes.values()) == [0, 0, 48] and not made.skipped  # one ground: one split


def test_a_report_only_split_says_what_the_split_would_be_and_writes_nothing(tmp_path):
    """Report only: the sizes and every leak and skipped row, as a real split would give them, and
    not a byte under OUTPUT changes (the lists of an earlier split stay as they were)."""
    from sen12_plugin.core import splits

    out = tmp_path / "out"
    for scene in (4, 9):
        folder = tmp_path / f"s{scene}"
        folder.mkdir()
        run(good_s1(folder), good_s2(folder), out, scene=scene)
    written = splits.make_splits(out, "location", (0.5, 0.25, 0.25), seed=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for by in splits.KEYS:
        report = splits.make_splits(out, by, (0.5, 0.25, 0.25), seed=1, report_only=True)
        assert not report.written and sum(report.sizes.values()) == sum(written.sizes.values())
        assert any(s.startswith("Leak:") for s in report.skipped) == (by in ("scene", "roi"))  # reported, not refused
        assert "would" in str(report)
    assert report.sizes == written.sizes
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# ----- no spin over user data --------------------------------------------------------------------


def test_urban_points_in_the_sea_are_refused_at_once_not_after_minutes():
    import time

    from sen12_plugin.core import rois
    from sen12_plugin.core.masks import PolygonMask

    land = PolygonMask([[np.array([[10.0, 45.0], [11.0, 45.0], [11.0, 46.0], [10.0, 46.0], [10.0, 45.0]])]], "land")
    sea = np.array([[-30.0, 0.0], [-140.0, -40.0]])  # Atlantic and Pacific
    started = time.perf_counter()
    with pytest.raises(InputError, match="only 0 of 5 urban points on land"):
        rois.sample_points_near(np.random.RandomState(1), sea, 5, 10.0, land)
    assert time.perf_counter() - started < 5
