"""Review decisions, splits and the dataset card on a small dataset extracted in the test."""

import json

import numpy as np
import pytest
from helpers import set_decision, write_s1, write_s2

from sen12_plugin.core import review, splits
from sen12_plugin.core.card import write_dataset_card
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.index import index_path, read_rows, update_patch_index

# Every test here writes or reads the patch index through GDAL's ogr.
pytestmark = pytest.mark.needs_osgeo


def scene(folder, seed, cloud=False):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:384, 0:384].astype(np.float32)
    field = np.sin(x / 23.0) * np.cos(y / 31.0)
    s1 = (-12 + 3 * field + rng.normal(0, 1.5, (384, 384))).astype(np.float32)
    base = 900 + 300 * field
    rgb = np.clip(np.stack([base + 60, base, base - 80]) + rng.normal(0, 40, (3, 384, 384)), 1, 9000)
    bands = np.concatenate([rgb, np.full((1, 384, 384), 3000.0), 0.8 * rgb[1:2] + 400])  # + B8, B11
    if cloud:
        bands[:, :128, :128] = 6500  # a cloud over the top-left patch, bright in SWIR too
    folder.mkdir(parents=True, exist_ok=True)
    # B11 is there: a cloud is told from snow
    s2 = write_s2(folder / "s2.tif", bands.astype(np.uint16), names=("B4", "B3", "B2", "B8", "B11"))
    return write_s1(folder / "s1.tif", s1), s2


def extract(out, s1, s2, scene, season="summer"):
    opts = ExtractOptions(season=season, scene=scene, dataset_name="alps", workers=1)
    result = extract_scene_pair(s1, s2, out, opts)
    update_patch_index(result, season, None, (str(s1), str(s2)), ("pass", ""))
    return result


@pytest.fixture()
def dataset(tmp_path):
    out = tmp_path / "out"
    for n, season in ((1, "summer"), (2, "summer"), (3, "winter"), (1, "winter")):
        s1, s2 = scene(tmp_path / f"scene{n}{season}", n, cloud=(n == 1 and season == "summer"))
        extract(out, s1, s2, n, season)
    return out


def rows(out):
    return read_rows(index_path(out))


def test_patch_checks_land_in_the_index(dataset):
    r = {(x["dataset"], x["scene"], x["patch"]): x for x in rows(dataset)}
    assert len(r) == 4 * 4
    cloudy = r[("alps_summer", 1, 1)]
    assert cloudy["qc_status"] == "reject" and "cloud" in cloudy["qc_reasons"] and cloudy["cloud"] > 0.2
    assert r[("alps_summer", 2, 1)]["qc_status"] == "pass" and r[("alps_summer", 2, 1)]["cloud"] == 0


def test_decisions_persist_and_change_what_is_exported(dataset, tmp_path):
    set_decision(dataset, "alps_summer", 2, 3, "reject")
    s1, s2 = tmp_path / "scene2summer/s1.tif", tmp_path / "scene2summer/s2.tif"
    extract(dataset, s1, s2, 2)  # a re-run keeps the decision
    decided = [x for x in rows(dataset) if x["decision"]]
    assert [(x["scene"], x["patch"], x["decision"]) for x in decided] == [(2, 3, "reject")]
    moved = review.apply_review(dataset)
    assert moved.moved_out == 4  # two pairs (auto-rejected cloud, analyst-rejected) x S1/S2 PNG
    assert not (dataset / "alps_summer/s1_2/alps_summer_s1_2_p3.png").exists()
    assert (dataset / "_rejected/alps_summer/s1_2/alps_summer_s1_2_p3.png").exists()
    set_decision(dataset, "alps_summer", 1, 1, "accept")  # overrule the cloud check
    back = review.apply_review(dataset)
    assert back.restored == 2 and (dataset / "alps_summer/s2_1/alps_summer_s2_1_p1.png").exists()


def test_splits_are_deterministic_and_disjoint(dataset):
    for by in ("scene", "roi", "season"):  # the fixture's scenes lie on one ground: a leak, reported
        sizes = splits.make_splits(dataset, by, (0.5, 0.25, 0.25), seed=3, leaks="report")
        lists = {s: (dataset / "splits" / by / f"{s}.txt").read_text().split() for s in splits.SPLITS}
        assert splits.make_splits(dataset, by, (0.5, 0.25, 0.25), seed=3, leaks="report") == sizes
        assert {s: (dataset / "splits" / by / f"{s}.txt").read_text().split() for s in splits.SPLITS} == lists
        assert sum(sizes.sizes.values()) == 15  # the auto-rejected cloud patch is left out
        keys = {s: {splits.group_key(r, by) for r in rows(dataset) if r["s1_path"] in lists[s]} for s in lists}
        assert not (keys["train"] & keys["val"]) and not (keys["train"] & keys["test"]) and not (keys["val"] & keys["test"])
    roi_keys = {splits.group_key(r, "roi") for r in rows(dataset)}
    assert roi_keys == {"alps/1", "alps/2", "alps/3"}  # ROI 1 in summer and winter is one group
    with pytest.raises(InputError):
        splits.make_splits(dataset, "scene", (0.5, 0.5, 0.5))


def test_dataset_card_counts_match_the_files(dataset):
    set_decision(dataset, "alps_winter", 3, 2, "reject")
    review.apply_review(dataset)
    json_path, md_path = write_dataset_card(dataset)
    card = json.loads(json_path.read_text())
    pngs = list(dataset.glob("alps_*/s1_*/*.png"))
    assert card["counts"]["pairs_on_disk"] == len(pngs) == 14
    assert card["counts"]["grid_positions"] == 16 and card["counts"]["after_nodata"] == 16
    assert (card["counts"]["auto_reject"], card["counts"]["decided_reject"], card["counts"]["final_reject"]) == (1, 1, 2)
    assert card["attribution"] == "Contains modified Copernicus Sentinel data 2017"
    assert card["recipe"]["sentinel2"]["collection"] == "COPERNICUS/S2_HARMONIZED"
    assert len(card["scenes"]) == 4 and "Contains modified Copernicus Sentinel data" in md_path.read_text()


def test_index_card_and_review_queue_report_by_reason(dataset):
    from sen12_plugin.core.card import build_card
    from sen12_plugin.core.index import reasons_in_queue, review_queue

    r = {(x["dataset"], x["scene"], x["patch"]): x for x in rows(dataset)}
    cloudy = r[("alps_summer", 1, 1)]
    assert cloudy["qc_flags"] == "cloud" and cloudy["snow"] == 0
    card = build_card(dataset)
    assert card["counts"]["flagged_by_reason"]["cloud"] == 1
    assert set(card["counts"]["flagged_by_reason"]) >= {"cloud", "snow", "shadow", "seam", "colour", "offset"}
    assert review_queue(index_path(dataset), reason="cloud") == [cloudy["fid"]]
    assert review_queue(index_path(dataset), reason="seam") == []
    assert reasons_in_queue(index_path(dataset)) == {"cloud": 1}
    with pytest.raises(InputError, match="Unknown review reason"):
        review_queue(index_path(dataset), reason="cloud' OR 1=1 --")
