"""The request builder and the scene-files value: one owner each for what both faces use."""

import json
from datetime import date

import pytest

from sen12_plugin.core import recipe
from sen12_plugin.core.dataset import DatasetRef
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.requests import RoiRow, SeasonChoice, build_requests, parse_date_range
from sen12_plugin.core.scene_files import SceneFiles, SceneKey, scenes_in_folder

# ROIs are checked with GDAL's ogr.
pytestmark = pytest.mark.needs_osgeo

SQUARE = [(11.0, 48.0), (11.05, 48.0), (11.05, 48.05), (11.0, 48.05)]
OTHER = [(12.0, 48.0), (12.05, 48.0), (12.05, 48.05), (12.0, 48.05)]


def row(n, ring=SQUARE, **values):
    return RoiRow(n, values, ring)


def test_a_rois_own_season_wins_and_the_others_get_every_chosen_season():
    plan = build_requests([row(0, id=3, seed=1158, season="Spring"), row(1, OTHER, id=4)],
                          SeasonChoice(2019, ("summer", "fall")))
    assert [(r.id, r.seed, s.name, s.start.year) for r, s in plan.requests] == [
        (3, 1158, "spring", 2019), (4, None, "summer", 2019), (4, None, "fall", 2019)]
    assert plan.refused == []


def test_custom_dates_replace_the_chosen_seasons_but_not_a_rois_own():
    plan = build_requests([row(0, id=0), row(1, OTHER, id=1, season="winter")],
                          SeasonChoice(2017, (), (date(2018, 5, 1), date(2018, 5, 31))))
    assert [(r.id, s.name, str(s.start)) for r, s in plan.requests] == [
        (0, "20180501-20180531", "2018-05-01"), (1, "winter", "2016-12-01")]


def test_bad_rows_are_refused_with_a_sentence_and_the_others_go_on():
    plan = build_requests([
        row(0, id="north-3"), row(1, id=5, season="monsoon"), RoiRow(2, {"id": 6}, None, "The polygon has 2 parts"),
        row(3, OTHER, id=7, seed=-1), row(4, id=8)], SeasonChoice())
    assert [r.id for r, _ in plan.requests] == [8] * len(recipe.SEASON_NAMES)
    reasons = [r.reason for r in plan.refused]
    assert "'north-3' is not a whole number" in reasons[0]
    assert "season 'monsoon' is not a season" in reasons[1]
    assert reasons[2] == "ROI layer row 3: The polygon has 2 parts"
    assert "out of range" in reasons[3]
    assert [r.roi_id for r in plan.refused] == [0, 5, 6, 7]


def test_one_id_for_two_shapes_refuses_both_rows_but_one_shape_twice_is_fine():
    plan = build_requests([row(0, id=1), row(1, OTHER, id=1), row(2, id=2, season="summer"),
                           row(3, id=2, season="winter")], SeasonChoice())
    assert [r.reason.startswith("ROI id 1 appears twice") for r in plan.refused] == [True, True]
    assert "features 1 and 2" in plan.refused[0].reason
    assert [(r.id, s.name) for r, s in plan.requests] == [(2, "summer"), (2, "winter")]


def test_a_seeded_roi_is_its_seed_and_id_so_every_seed_may_number_from_zero():
    """sample_rois numbers ROIs per seed: id 0 of seed 1158 and id 0 of seed 1868 are two ROIs
    (two dataset folders), not one id given to two shapes."""
    plan = build_requests([row(0, id=0, seed=1158, season="spring"), row(1, OTHER, id=0, seed=1868, season="summer"),
                           row(2, id=1, seed=1158, season="spring"), row(3, OTHER, id=1, seed=1158, season="spring")],
                          SeasonChoice())
    assert [(r.id, r.seed, s.name) for r, s in plan.requests] == [(0, 1158, "spring"), (0, 1868, "summer")]
    assert len(plan.refused) == 2 and all("seed 1158" in r.reason for r in plan.refused)


def test_no_rows_or_no_season_is_an_error_not_an_empty_run():
    with pytest.raises(InputError, match="ROI layer is empty"):
        build_requests([], SeasonChoice())
    with pytest.raises(InputError, match="at least one season"):
        build_requests([row(0, id=0)], SeasonChoice(names=()))
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        parse_date_range("2017-06-01", "June 30")
    with pytest.raises(InputError, match="ends .* before it starts"):
        parse_date_range("2017-06-30", "2017-06-01")


def test_scene_files_name_every_side_file_and_parse_names_back(tmp_path):
    files = SceneFiles.in_output(tmp_path, "ROIs1158_spring", 4)
    folder = tmp_path / "ROIs1158_spring" / "scenes"
    assert (files.s1, files.s2, files.record, files.scene_check) == (
        folder / "s1_4.tif", folder / "s2_4.tif", folder / "scene_4.json", folder / "scene_4_qc.json")
    assert files.tiles("s2") == folder / "s2_4.tif.tiles"
    assert SceneFiles.parse(files.s2) == files and SceneFiles.parse(folder / "notes_4.tif") is None
    export = SceneFiles.parse(tmp_path / "ROIs1868_summer_s2_7.tif")
    assert (export.dataset, export.scene, export.s1.name) == ("ROIs1868_summer", 7, "ROIs1868_summer_s1_7.tif")
    with pytest.raises(InputError):
        SceneFiles.in_output(tmp_path, "../escape", 1)


def test_a_downloaded_scene_keeps_its_seed_and_season_from_the_record(tmp_path):
    """Loading downloaded scenes from a folder lost the seed: records did not carry it (older ones still do not)."""
    files = SceneFiles.in_output(tmp_path, "ROIs2017_winter", 2)
    files.folder.mkdir(parents=True)
    for path in (files.s1, files.s2):
        path.write_bytes(b"")
    files.record.write_text(json.dumps({"roi": 2, "season": "winter", "start": "2016-12-01"}))
    (files.folder / "s1_9.tif").write_bytes(b"")  # no S2 twin: not a pair
    assert scenes_in_folder(tmp_path) == [files]
    assert files.key() == SceneKey.of(DatasetRef("winter", 2017), 2) and files.downloaded
    assert files.download_meta() == {"start": "2016-12-01"}
    files.record.write_text("{damaged")
    assert files.key() == SceneKey.of(DatasetRef("winter", 2017), 2)  # from the names


def test_a_scene_keeps_its_own_dataset_name_when_extracted(tmp_path):
    """Scenes downloaded as alps_summer went to custom_summer when the dock's name field said custom."""
    from helpers import scene_pair

    from sen12_plugin.core.plan import Choices, plan_extraction

    for folder, name, expected in (("alps_summer", "custom", "alps_summer"), ("ROIs1158_spring", "x", "ROIs1158_spring")):
        files = SceneFiles.in_output(tmp_path, folder, 3)
        files.folder.mkdir(parents=True)
        s1, s2, *_ = scene_pair(files.folder, 300, 300)
        s1.rename(files.s1), s2.rename(files.s2)
        plan = plan_extraction(str(files.s1), str(files.s2), tmp_path / "out", Choices(dataset_name=name))
        assert (plan.dataset.folder, plan.scene) == (expected, 3)
        assert any(f"folder name {folder}" in r.text for r in plan.reasons)
