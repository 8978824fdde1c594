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
