"""Scene numbers of the analyst's own pairs (issue 23, finding 1): the next free number of a dataset,
from the index and the folders on disk; a taken number refused with the free one named; the same
files recognised as the scene they made, so a run resumes instead of copying them."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from helpers import write_s1, write_s2

from sen12_plugin.core import pipeline
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.plan import Choices
from sen12_plugin.core.scene_numbers import OwnPair, SceneNumbers

pytest.importorskip("osgeo")  # the index and the extraction
SIZE = 128
RNG = np.random.default_rng(5)


def own_pair(folder, tag="a"):
    folder.mkdir(parents=True, exist_ok=True)
    return (write_s1(folder / f"S1A_{tag}_20170612_VV.tif", RNG.uniform(-22, -3, (SIZE, SIZE))),
            write_s2(folder / f"S2A_{tag}_20170613.tif", RNG.integers(300, 3000, (3, SIZE, SIZE))))


def extract(s1, s2, out, **choices):
    base = dict(season="summer", patch_size=64, stride=64, thresholds=None)
    jobs, refused = pipeline.plan_jobs([(str(s1), str(s2), Choices(**{**base, **choices}))], out)
    if refused:
        raise InputError(refused[0][1])
    pipeline.extract_scenes(jobs, out)
    return jobs[0].plan


def a_download(root, dataset, roi):
    scenes = root / dataset / "scenes"
    scenes.mkdir(parents=True, exist_ok=True)
    for sensor in ("s1", "s2"):
        (scenes / f"{sensor}_{roi}.tif").write_bytes(b"")


def test_the_next_free_number_skips_downloads_patches_and_index_rows(tmp_path):
    out = tmp_path / "work" / "patches"
    a_download(tmp_path / "work", "custom_summer", 0)  # a drawn ROI's download, beside the patches folder
    (tmp_path / "work" / "custom_summer" / "scenes" / "s1_2.tif.tiles").mkdir()  # an unfinished one
    s1, s2 = own_pair(tmp_path / "mine")
    extract(s1, s2, out, scene=1)  # index rows, patch folders and its record
    numbers = SceneNumbers.read(out, [tmp_path / "work"])
    rows = numbers.number([OwnPair("x1.tif", "x2.tif", "summer"), OwnPair("y1.tif", "y2.tif", "summer"),
                           OwnPair("z1.tif", "z2.tif", "summer", name="alps")])
    assert [(r.scene, r.dataset) for r in rows] == [(3, "custom_summer"), (4, "custom_summer"), (0, "alps_summer")]
    assert not any(r.problem for r in rows)


def test_a_taken_number_is_refused_with_the_free_one_and_no_advice_that_deletes(tmp_path):
    out = tmp_path / "work" / "patches"
    a_download(tmp_path / "work", "custom_summer", 0)
    refused = SceneNumbers.read(out, [tmp_path / "work"]).number([OwnPair("x1.tif", "x2.tif", "summer", scene=0)])[0]
    assert "custom_summer scene 0 is taken by the downloaded ROI 0: use 1" in refused.problem
    assert not any(word in refused.problem.lower() for word in ("overwrite", "replace"))
    two = SceneNumbers.read(out).number([OwnPair("x1.tif", "x2.tif", "summer", scene=5),
                                         OwnPair("y1.tif", "y2.tif", "summer", scene=5)])
    assert not two[0].problem and "Two pairs would both be custom_summer scene 5" in two[1].problem


def test_the_same_files_again_are_the_scene_they_made(tmp_path):
    out = tmp_path / "patches"
    s1, s2 = own_pair(tmp_path / "mine")
    extract(s1, s2, out, dataset_name="alps", scene=2)
    numbers = SceneNumbers.read(out)
    again = numbers.number([OwnPair(str(s1), str(s2), "summer", name="alps")])[0]
    assert (again.scene, again.problem) == (2, "") and "alps_summer scene 2" in again.note
    other = numbers.number([OwnPair(str(s1), str(s2), "summer")])[0]  # given under the default name
    assert other.same_as.folder == "alps_summer" and other.same_scene == 2
    assert "dataset name alps" in other.problem and "scene number 2" in other.problem
    moved = numbers.number([OwnPair(str(s1), str(s2), "summer", name="alps", scene=3)])[0]
    assert "scene number 2 to resume" in moved.problem
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in (s1, s2):  # copied without keeping the times: the sampled content still knows them
        shutil.copyfile(path, copy / path.name)
        os.utime(copy / path.name, ns=(1, 1))
    assert SceneNumbers.read(out).same_scene(str(copy / s1.name), str(copy / s2.name))[1] == 2
    s2_other = own_pair(tmp_path / "other", "b")[1]
    assert SceneNumbers.read(out).same_scene(str(s1), str(s2_other)) is None


def test_without_a_number_the_plan_takes_the_next_free_one_and_the_same_files_resume(tmp_path):
    """The Processing face (SCENE_ID empty) decides through the same core: no more "else 0"."""
    out = tmp_path / "patches"
    first = own_pair(tmp_path / "one", "a")
    second = own_pair(tmp_path / "two", "b")
    assert extract(*first, out).scene == 0
    assert extract(*second, out).scene == 1
    again = extract(*first, out)
    assert again.scene == 0 and any("it resumes" in r.text for r in again.reasons)
    assert sorted(p.name for p in (out / "custom_summer").iterdir() if p.is_dir()) == ["s1_0", "s1_1", "s2_0", "s2_1"]


def test_a_drawn_roi_id_is_free_in_every_season_of_its_dataset(tmp_path):
    out = tmp_path / "work" / "patches"
    a_download(tmp_path / "work", "custom_summer", 0)
    a_download(tmp_path / "work", "custom_fall", 2)
    a_download(tmp_path / "work", "alps_fall", 1)
    a_download(tmp_path / "work", "ROIs1158_spring", 1)  # seeded ROIs are another dataset group
    numbers = SceneNumbers.read(out, [tmp_path / "work"])
    assert numbers.free_roi_id(None) == 1 and numbers.free_roi_id(None, 2) == 3
    assert numbers.free_roi_id("alps") == 0 and numbers.free_roi_id("alps", 1) == 2


def test_a_record_of_an_older_version_is_matched_by_the_files_read(tmp_path):
    import json

    out = tmp_path / "patches"
    s1, s2 = own_pair(tmp_path / "mine")
    extract(s1, s2, out, scene=4)
    record = out / "custom_summer" / ".sen12_scene_4.json"
    data = json.loads(record.read_text())
    del data["plan"]["given"]  # written before the inputs as given were recorded
    record.write_text(json.dumps(data))
    assert SceneNumbers.read(out).same_scene(str(s1), str(s2))[1] == 4
    assert SceneNumbers.read(out).same_scene(str(s1), str(own_pair(tmp_path / "b", "b")[1])) is None
