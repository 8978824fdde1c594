"""Names that become paths or index keys are checked; paths read from an index stay inside the folder."""

import os

import pytest

if os.environ.get("SEN12_WITHOUT_OSGEO") == "1":  # the PyPI-rasterio venvs of make test-compat
    pytest.skip("needs osgeo (the patch index through OGR)", allow_module_level=True)

from helpers import scene_pair
from osgeo import ogr

from sen12_plugin.core import layout, review
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.index import index_path, read_rows, update_patch_index
from sen12_plugin.core.names import check_seed


@pytest.mark.parametrize("season", ["x/../../../somewhere", "sum'mer", "..", "", "a b", "s\\x", "a" * 65])
def test_unsafe_season_is_refused_before_anything_is_written(tmp_path, season):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    with pytest.raises(InputError, match="Season"):
        extract_scene_pair(s1, s2, tmp_path / "out", ExtractOptions(season=season, scene=0, seed=1868, workers=1))
    assert not any(tmp_path.rglob("*.png"))
    assert not any((p / "somewhere").exists() for p in (tmp_path, tmp_path.parent, tmp_path.parent.parent))


@pytest.mark.parametrize("name", ["../up", "it's", "a/b", ".hidden"])
def test_unsafe_dataset_names_are_refused(name):
    with pytest.raises(InputError, match="Dataset name"):
        layout.dataset_name("summer", None, name)


@pytest.mark.parametrize("seed", [-1, 2**32, "12a", 1.5])
def test_seeds_outside_numpy_range_or_not_numbers_are_refused(seed):
    with pytest.raises(InputError, match="Seed"):
        check_seed(seed)
    with pytest.raises(InputError):
        layout.dataset_name("summer", seed)


def test_seed_limits_are_accepted():
    assert check_seed(0) == 0 and check_seed(2**32 - 1) == 2**32 - 1 and check_seed("17") == 17


def _dataset(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    out = tmp_path / "out"
    result = extract_scene_pair(s1, s2, out, ExtractOptions(season="summer", scene=0, seed=1868, workers=1,
                                                            thresholds=None))
    update_patch_index(result, "summer", 1868)
    return out


def _edit_index(out, **values):
    ds = ogr.Open(str(index_path(out)), 1)
    layer = ds.GetLayerByName("patches")
    for feat in layer:
        for key, value in values.items():
            feat.SetField(key, value)
        layer.SetFeature(feat)
    ds = None


def test_apply_review_refuses_index_paths_that_leave_the_dataset(tmp_path):
    out = _dataset(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own file")
    (out / "_rejected").mkdir()
    _edit_index(out, s1_path="../victim.txt", s2_path="../../etc/x", decision="reject")
    result = review.apply_review(out)
    assert victim.read_text() == "the user's own file"  # neither moved in nor overwritten
    assert result.moved_out == 0 and len(result.refused) == len(read_rows(index_path(out)))
    assert "not the path of" in result.refused[0]


def test_apply_review_refuses_a_crafted_dataset_name(tmp_path):
    out = _dataset(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x_s1_0_p1.png").write_text("keep")
    _edit_index(out, dataset="../outside", decision="reject",
                s1_path="../outside/s1_0/../outside_s1_0_p1.png")
    result = review.apply_review(out)
    assert result.refused and "Dataset name" in result.refused[0]
    assert (outside / "x_s1_0_p1.png").read_text() == "keep"


def test_apply_review_still_moves_trusted_rows(tmp_path):
    out = _dataset(tmp_path)
    _edit_index(out, decision="reject")
    result = review.apply_review(out)
    assert result.refused == [] and result.moved_out == 2 * len(read_rows(index_path(out)))
    assert not list((out / "ROIs1868_summer").rglob("*.png"))


def test_apply_review_does_not_follow_a_symlinked_folder_out_of_the_dataset(tmp_path):
    """A shared dataset whose patch folder is a link to somewhere else: the layout's own paths,
    but resolving them leaves the dataset, so those rows are refused and nothing there moves."""
    out = _dataset(tmp_path)
    folder = out / "ROIs1868_summer" / "s1_0"
    outside = tmp_path / "somewhere_else"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    _edit_index(out, decision="reject")
    result = review.apply_review(out)
    assert len(result.refused) == len(read_rows(index_path(out))) and "leads outside" in result.refused[0]
    assert sorted(p.name for p in outside.iterdir()) == before
