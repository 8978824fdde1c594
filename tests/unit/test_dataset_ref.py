"""The dataset reference: one folder name per dataset, and every folder name read back to it."""

import pytest

from sen12_plugin.core.dataset import DatasetRef
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.scene_files import SceneFiles, SceneKey
from sen12_plugin.core.splits import group_key


@pytest.mark.parametrize("ref, folder", [
    (DatasetRef("spring", 1158), "ROIs1158_spring"),
    (DatasetRef("summer", None, "custom"), "custom_summer"),
    (DatasetRef("summer", None, "my_alps"), "my_alps_summer"),  # a name may hold '_'
    (DatasetRef("20170101-20170301", None, "x.y-z"), "x.y-z_20170101-20170301"),
    (DatasetRef("winter", 4294967295), "ROIs4294967295_winter"),
])
def test_folder_and_parse_are_inverse(ref, folder):
    assert ref.folder == folder
    assert DatasetRef.parse(folder) == ref


def test_make_defaults_and_checks():
    assert DatasetRef.make("summer").folder == "custom_summer"
    assert DatasetRef.make("spring", 1158, "ROIs1158") == DatasetRef("spring", 1158)  # as the table shows it
    assert DatasetRef.make("spring", 1158, "custom") == DatasetRef("spring", 1158)  # names are for seedless ROIs
    with pytest.raises(InputError, match="named by its seed"):
        DatasetRef("spring", 1158, "alps")
    assert DatasetRef.make("spring", 1158, year=2020).year == 2020
    assert DatasetRef.make("spring", 1158, year=2020) == DatasetRef("spring", 1158)  # the year is no part of the name


@pytest.mark.parametrize("args, message", [
    (("summer", None, "ROIs5"), "how seeded ROIs are named"),  # would read back as seed 5
    (("sum_mer", None, "alps"), "no '_' in a season"),  # would read back as dataset alps_sum
    (("summer", None, "a/../b"), "Dataset name"),
    (("summer", None, "x_s1_y"), "s1_"),
    (("summer", 2**32), "out of range"),
])
def test_names_that_would_not_read_back_are_refused(args, message):
    with pytest.raises(InputError, match=message):
        DatasetRef.make(*args)


@pytest.mark.parametrize("folder", ["scenes", "_summer", "alps_", "", "ROIs12_", "a/b_summer", None])
def test_parse_refuses_what_is_no_dataset_folder(folder):
    with pytest.raises(InputError):
        DatasetRef.parse(folder)
    assert DatasetRef.try_parse(folder) is None


def test_split_groups_come_from_the_reference():
    row = {"dataset": "my_alps_summer", "season": "summer", "scene": 3}
    assert group_key(row, "roi") == "my_alps/3"
    assert group_key(row, "season") == "summer"
    assert group_key({"dataset": "ROIs1158_spring", "season": "spring", "scene": 3}, "roi") == "ROIs1158/3"


def test_scene_key_of_a_folder_that_is_no_dataset(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    files = SceneFiles(folder, 0)
    key = files.key()
    assert key.ref is None and key.dataset == "inputs" and key.season == ""
    assert SceneKey.from_folder("alps_summer", "3") == SceneKey(DatasetRef("summer", None, "alps"), 3, "alps_summer")
