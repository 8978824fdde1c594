"""The card carries no folders of the user's and still finds the Earth Engine ids; a quoted season never reaches the index."""

import json

import pytest
from helpers import scene_pair

from sen12_plugin.core.card import build_card
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.index import SCENES_LAYER, index_path, read_rows
from sen12_plugin.core.scene_files import SceneFiles

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo


def downloaded_pair(folder, scene=3):
    """A scene pair as fetch_scenes leaves it: s1_N.tif, s2_N.tif and scene_N.json."""
    folder.mkdir(parents=True)
    s1, s2, *_ = scene_pair(folder, 300, 300)
    s1 = s1.rename(folder / f"s1_{scene}.tif")
    s2 = s2.rename(folder / f"s2_{scene}.tif")
    (folder / f"scene_{scene}.json").write_text(json.dumps(
        {"start": "2017-06-01", "end": "2017-08-31", "s1_ids": ["S1A_a"], "s2_ids": ["T32UPU_y"]}))
    return s1, s2


def test_card_has_ids_and_dates_but_no_source_folders(tmp_path):
    s1, s2 = downloaded_pair(tmp_path / "private" / "scenes")
    out = tmp_path / "out"
    extract_into_dataset(s1, s2, out, ExtractOptions(season="summer", scene=3, seed=1868, workers=1))
    card = build_card(out)
    scene = card["scenes"][0]
    assert scene["s1_source"] == "s1_3.tif" and scene["s2_source"] == "s2_3.tif"
    assert scene["s2_image_ids"] == ["T32UPU_y"] and scene["start"] == "2017-06-01"
    assert str(tmp_path) not in json.dumps(card)
    assert [r["s1_source"] for r in read_rows(index_path(out), SCENES_LAYER)] == ["s1_3.tif"]
    assert SceneFiles.parse(s1).scene_check.exists()  # beside a downloaded scene the check is kept


def test_no_scene_check_file_beside_the_users_own_raster(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    extract_into_dataset(s1, s2, tmp_path / "out", ExtractOptions(season="summer", scene=0, seed=1868, workers=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "s1.tif", "s2.tif"]


def test_a_quoted_season_leaves_every_other_scene_in_the_index(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    out = tmp_path / "out"
    for scene in (1, 2):
        extract_into_dataset(s1, s2, out, ExtractOptions(season="summer", scene=scene, seed=1868, workers=1))
    before = read_rows(index_path(out))
    with pytest.raises(InputError, match="Season"):
        extract_into_dataset(s1, s2, out, ExtractOptions(season="x' OR '1'='1", scene=1, seed=1868, workers=1))
    assert read_rows(index_path(out)) == before and len(before) == 2


def test_the_card_says_where_each_scene_came_from_and_what_was_converted(tmp_path):
    """The card's claims are the run's: a download of Level-2A with 20 % cloud is not "S2_HARMONIZED,
    cloud <= 1 %", an analyst's own linear-power S1 is not an Earth Engine dB mosaic. Before, the
    card printed the paper's collections and cloud threshold as the only recipe, for every scene,
    and no scene said that its S1 had been converted from linear power."""
    import numpy as np
    from helpers import write_s1

    from sen12_plugin.core import pipeline, recipe
    from sen12_plugin.core.card import write_dataset_card
    from sen12_plugin.core.plan import Choices, plan_extraction

    s1, s2 = downloaded_pair(tmp_path / "fetched" / "ROIs1868_summer" / "scenes")
    record = s1.with_name("scene_3.json")
    meta = json.loads(record.read_text())
    meta.update(roi=3, seed=1868, season="summer", identity={"options": {
        "dual_pol": False, "all_s2_bands": False, "s2_level": "L2A", "max_cloud": 20.0, "orbit": "DESCENDING"}})
    record.write_text(json.dumps(meta))
    own = tmp_path / "own"
    own.mkdir()
    own_s1, own_s2, db, _s2 = scene_pair(own, 300, 300, seed=4)
    write_s1(own_s1, 10 ** (np.clip(db, -30, 0) / 10))  # linear power: converted to dB, with a warning
    out = tmp_path / "out"
    plans = [plan_extraction(str(s1), str(s2), out, Choices(scene=3, seed=1868)),
             plan_extraction(str(own_s1), str(own_s2), out, Choices(scene=1, season="summer"))]
    pipeline.extract_scenes([pipeline.ExtractJob.of(p) for p in plans], out)
    json_path, md_path = write_dataset_card(out)
    card = json.loads(json_path.read_text())
    by_scene = {s["scene"]: s for s in card["scenes"]}
    fetched, mine = by_scene[3]["source"], by_scene[1]["source"]
    assert fetched["kind"] == "earthengine" and fetched["s2_collection"] == recipe.S2_SR_COLLECTION
    assert fetched["max_cloud_percent"] == 20.0 and fetched["orbit"] == "DESCENDING"
    assert fetched["s1_collection"] == recipe.S1_COLLECTION
    assert mine == {"kind": "own files"}
    assert by_scene[1]["conversions"] == ["S1 linear power converted to dB (10 log10)"], by_scene[1]
    assert by_scene[3]["conversions"] == [] and by_scene[1]["input_warnings"]  # the plan's own warnings too
    assert card["run"]["sources"] == "varies (see scenes)"
    md = md_path.read_text()
    assert "COPERNICUS/S2_SR_HARMONIZED" in md and "cloud <= 20" in md and "own files" in md
    assert "linear power" in md


def test_the_card_and_index_say_which_checks_judged_the_patches(tmp_path):
    """A resumed run with other thresholds re-judges the patches: the card must name those
    thresholds, not the first run's. A run with the checks off judged nothing: its patches are
    "not checked" (empty status), and the card says the checks were off. Before, the record kept
    the first run's thresholds, and checks-off patches were indexed as "pass" under the recipe's
    default thresholds, which never ran."""
    from dataclasses import replace

    from sen12_plugin.core import pipeline
    from sen12_plugin.core.plan import Choices, plan_extraction
    from sen12_plugin.core.quality import Thresholds

    s1, s2, *_ = scene_pair(tmp_path, 300, 300)

    def run(out, thresholds):
        plan = plan_extraction(str(s1), str(s2), out, Choices(scene=1, season="summer", thresholds=thresholds))
        pipeline.extract_scenes([pipeline.ExtractJob.of(plan)], out)
        return build_card(out)

    out = tmp_path / "checked"
    run(out, Thresholds())
    lenient = replace(Thresholds(), cloud_review=0.5, cloud_reject=0.9)
    card = run(out, lenient)  # resumes: same files, same identity; the checks run again
    assert card["thresholds"]["cloud_review"] == 0.5 and card["scenes"][0]["settings"]["thresholds"]["cloud_review"] == 0.5
    off = tmp_path / "unchecked"
    card = run(off, None)
    assert card["thresholds"] == "checks off"
    assert card["counts"]["auto_pass"] == 0
    assert {r["qc_status"] for r in read_rows(index_path(off))} == {""}
    from sen12_plugin.core.card import write_dataset_card
    assert "checks off" in write_dataset_card(off)[1].read_text()
