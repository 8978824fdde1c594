"""Closed vocabularies: a decision or status in the index is one of its words (case and spaces
forgiven) or the row is refused by name; duplicate rows are refused; splits and the card list only
pairs that are on disk inside the dataset and say what they skipped."""

import json
import os

import pytest

if os.environ.get("SEN12_WITHOUT_OSGEO") == "1":  # the PyPI-rasterio venvs of make test-compat
    pytest.skip("needs osgeo (the patch index through OGR)", allow_module_level=True)

from helpers import scene_pair, set_decision  # noqa: E402
from osgeo import ogr  # noqa: E402

from sen12_plugin.core import review, splits, vocab
from sen12_plugin.core.card import build_card
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.index import LAYER, index_path, review_queue

pytestmark = pytest.mark.needs_osgeo

DATASET = "ROIs1868_summer"


def p(n, sensor="s1"):
    return f"{DATASET}/{sensor}_4/{DATASET}_{sensor}_4_p{n}.png"


@pytest.fixture()
def dataset(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 384, 384)
    out = tmp_path / "out"
    extract_into_dataset(s1, s2, out, ExtractOptions(season="summer", scene=4, seed=1868, workers=1, thresholds=None))
    return out


def train(out, by="scene"):
    return (out / "splits" / by / "train.txt").read_text().split()


@pytest.mark.parametrize("word", ["Reject", " reject", "REJECT", "reject\t"])
def test_a_reject_in_any_case_or_spacing_is_a_reject(dataset, word):
    set_decision(dataset, DATASET, 4, 2, word)
    moved = review.apply_review(dataset)
    assert moved.moved_out == 2 and not (dataset / p(2)).exists()
    made = splits.make_splits(dataset, "scene", (1.0, 0.0, 0.0))
    assert p(2) not in train(dataset) and made.sizes["train"] == 3
    card = build_card(dataset)
    assert card["counts"]["decided_reject"] == 1 and card["counts"]["final_reject"] == 1


@pytest.mark.parametrize("word", ["rejected", "no", "ok", "1"])
def test_a_word_outside_the_vocabulary_is_refused_with_its_row(dataset, word):
    set_decision(dataset, DATASET, 4, 2, word)
    moved = review.apply_review(dataset)
    assert moved.moved_out == 0 and any(f"patch 2): decision {word!r}" in r for r in moved.refused)
    made = splits.make_splits(dataset, "scene", (1.0, 0.0, 0.0))
    assert p(2) not in train(dataset) and made.sizes["train"] == 3
    assert any("patch 2)" in s and "not one of accept, reject" in s for s in made.skipped)
    card = build_card(dataset)
    assert card["counts"]["rows_skipped"] == 1 and "patch 2)" in card["skipped_rows"][0]
    # it needs a look; with the checks off every patch is "not checked" and needs one too
    assert 2 in review_queue(index_path(dataset)) and vocab.needs_review("", "rejected")


def test_an_extraction_refuses_to_carry_an_unknown_decision_over(dataset, tmp_path):
    set_decision(dataset, DATASET, 4, 3, "rejected")
    with pytest.raises(InputError, match=r"scene 4 patch 3\).*decision 'rejected'"):
        extract_into_dataset(tmp_path / "s1.tif", tmp_path / "s2.tif", dataset,
                             ExtractOptions(season="summer", scene=4, seed=1868, workers=1, thresholds=None))
    set_decision(dataset, DATASET, 4, 3, " Reject ")
    extract_into_dataset(tmp_path / "s1.tif", tmp_path / "s2.tif", dataset,
                         ExtractOptions(season="summer", scene=4, seed=1868, workers=1, thresholds=None))
    decided = {r["patch"]: r["decision"] for r in review.read_patch_rows(dataset).rows if r["decision"]}
    assert decided == {3: "reject"}  # carried over in its own word


def test_duplicate_rows_of_one_patch_are_refused(dataset):
    ds = ogr.Open(str(index_path(dataset)), 1)
    layer = ds.GetLayerByName(LAYER)
    original = next(f for f in layer if f.GetField("patch") == 1)
    copy = original.Clone()
    copy.SetFID(-1)
    copy.SetField("decision", "accept")
    original.SetField("decision", "reject")
    layer.SetFeature(original)
    layer.CreateFeature(copy)
    ds = None
    moved = review.apply_review(dataset)
    assert moved.moved_out == 0 and moved.restored == 0
    assert any("are all ROIs1868_summer scene 4 patch 1" in r for r in moved.refused)
    made = splits.make_splits(dataset, "scene", (1.0, 0.0, 0.0))
    assert p(1) not in train(dataset) and made.sizes["train"] == 3


def test_splits_leave_out_pairs_not_on_disk_and_paths_outside_and_say_so(dataset):
    (dataset / p(3, "s2")).unlink()
    ds = ogr.Open(str(index_path(dataset)), 1)
    layer = ds.GetLayerByName(LAYER)
    for feat in layer:
        if feat.GetField("patch") == 4:
            feat.SetField("s1_path", "../../victim.png")
            layer.SetFeature(feat)
    ds = None
    made = splits.make_splits(dataset, "scene", (1.0, 0.0, 0.0))
    assert train(dataset) == [p(1), p(2)]
    assert any("not on disk" in s and "p3" in s for s in made.skipped)
    assert any("'../../victim.png'" in s for s in made.skipped)
    assert "2 index row(s) skipped" in str(made)


def test_the_vocabulary_itself():
    assert vocab.decision(None) == vocab.decision("  ") == ""
    assert vocab.status("PASS ") == "pass" and vocab.final_status("Review", "") == "accept"
    assert vocab.final_status("reject", "Accept") == "accept"
    for bad in ("maybe", 1, b"reject"):
        with pytest.raises(vocab.VocabularyError, match="Index row 7"):
            vocab.final_status("pass", bad, "Index row 7")
    assert vocab.needs_review("pass", "maybe") and not vocab.needs_review(" pass", None)
    assert json.dumps(vocab.DECISIONS) == '["accept", "reject"]'
