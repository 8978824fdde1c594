"""Resume by identity, not by existence: other inputs stop the run or, with overwrite, replace exactly that scene."""

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import scene_pair, set_decision, write_s1
from PIL import Image

from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.identity import LOCK_NAME, output_lock
from sen12_plugin.core.index import index_path, read_rows, update_patch_index

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo

ROOT = Path(__file__).resolve().parents[2]
OPTS = ExtractOptions(season="summer", scene=4, seed=1868, workers=1, thresholds=None)


def pngs(root):
    return sorted(p for p in root.rglob("*.png"))


def second_pair(tmp_path, seed=9):
    folder = tmp_path / "other"
    folder.mkdir()
    return scene_pair(folder, 520, 600, seed=seed)


def test_another_scene_pair_with_the_same_scene_id_stops_and_names_both(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    first = extract_scene_pair(s1, s2, out, OPTS)
    before = {p: p.read_bytes() for p in pngs(out)}
    b1, b2, *_ = second_pair(tmp_path)
    with pytest.raises(InputError) as info:
        extract_scene_pair(b1, b2, out, OPTS)
    text = str(info.value)
    assert "ROIs1868_summer scene 4" in text and "S1 source s1.tif" in text and "OVERWRITE" in text
    assert {p: p.read_bytes() for p in pngs(out)} == before  # nothing touched
    assert first.written == 9


def test_overwrite_replaces_exactly_that_scene_files_and_rows(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    update_patch_index(extract_scene_pair(s1, s2, out, OPTS), "summer", 1868)
    other_scene = ExtractOptions(season="summer", scene=5, seed=1868, workers=1, thresholds=None)
    update_patch_index(extract_scene_pair(s1, s2, out, other_scene), "summer", 1868)
    set_decision(out, "ROIs1868_summer", 4, 1, "reject")
    set_decision(out, "ROIs1868_summer", 5, 1, "reject")
    scene5 = {p: p.read_bytes() for p in pngs(out / "ROIs1868_summer/s1_5")}
    b1, b2, _, b_s2 = second_pair(tmp_path)
    result = extract_scene_pair(b1, b2, out, OPTS, overwrite=True)
    assert result.written == 9 and result.skipped == 0
    assert any("replaced" in m and "removed 18 old files" in m for m in result.messages)
    update_patch_index(result, "summer", 1868)
    rows = read_rows(index_path(out))
    decisions = {(r["scene"], r["patch"]): r["decision"] for r in rows}
    assert decisions[(4, 1)] is None and decisions[(5, 1)] == "reject"  # an old decision is not carried over
    assert {p: p.read_bytes() for p in pngs(out / "ROIs1868_summer/s1_5")} == scene5
    png = np.asarray(Image.open(out / "ROIs1868_summer/s2_4/ROIs1868_summer_s2_4_p1.png"))
    raw = b_s2[:, :256, :256]
    assert np.corrcoef(png[..., 0].ravel(), raw[0].ravel())[0, 1] > 0.9  # the new scene's pixels


def test_other_patch_size_stops_and_overwrite_leaves_no_mix(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_scene_pair(s1, s2, out, OPTS)
    small = ExtractOptions(season="summer", scene=4, seed=1868, workers=1, thresholds=None, patch_size=128,
                           stride=128)
    with pytest.raises(InputError, match="patch size 256 -> 128"):
        extract_scene_pair(s1, s2, out, small)
    extract_scene_pair(s1, s2, out, small, overwrite=True)
    sizes = {Image.open(p).size for p in pngs(out)}
    assert sizes == {(128, 128)}


def test_same_identity_resumes_and_a_touched_source_does_not(tmp_path):
    s1, s2, s1_data, _ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_scene_pair(s1, s2, out, OPTS)
    again = extract_scene_pair(s1, s2, out, OPTS)
    assert (again.written, again.skipped) == (0, 9)
    write_s1(s1, s1_data + 1)  # same name, same size, other values
    with pytest.raises(InputError, match="S1 source"):
        extract_scene_pair(s1, s2, out, OPTS)


def test_patches_without_a_record_are_not_trusted(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    old = out / "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p1.png"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"made by an older version")
    with pytest.raises(InputError, match="no record of what made them"):
        extract_scene_pair(s1, s2, out, OPTS)
    assert extract_scene_pair(s1, s2, out, OPTS, overwrite=True).written == 9


HOLD_LOCK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from sen12_plugin.core.identity import output_lock
with output_lock(sys.argv[2]):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_a_second_extraction_into_the_same_folder_stops_at_once(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ROOT), str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        start = time.monotonic()
        with pytest.raises(InputError, match=r"Another extraction is writing here .*process \d+"):
            extract_scene_pair(s1, s2, out, OPTS)
        assert time.monotonic() - start < 10
        assert not pngs(out)
    finally:
        holder.kill()
        holder.wait()
    assert extract_scene_pair(s1, s2, out, OPTS).written == 9  # the lock died with its process
    assert (out / LOCK_NAME).exists()


def test_the_lock_is_reentrant_in_one_thread(tmp_path):
    with output_lock(tmp_path), output_lock(tmp_path):
        pass
    with output_lock(tmp_path):
        pass


def test_two_threads_of_one_process_do_not_share_the_lock(tmp_path):
    """Two tasks of one QGIS (the dock and a Processing run) into one folder: the second stops."""
    import threading

    refused = []

    def second_task():
        try:
            with output_lock(tmp_path):
                pass
        except InputError as exc:
            refused.append(str(exc))

    with output_lock(tmp_path):
        other = threading.Thread(target=second_task)
        other.start()
        other.join(10)
    assert refused and "Another extraction is writing here" in refused[0]
    second_task()  # free again once the first has finished
    assert len(refused) == 1


def test_decisions_of_a_deleted_scene_do_not_reach_a_new_one(tmp_path):
    import shutil

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    update_patch_index(extract_scene_pair(s1, s2, out, OPTS), "summer", 1868)
    set_decision(out, "ROIs1868_summer", 4, 1, "reject")
    shutil.rmtree(out / "ROIs1868_summer")  # the user deletes the dataset folder, keeps the index
    b1, b2, *_ = second_pair(tmp_path)
    result = extract_scene_pair(b1, b2, out, OPTS)
    assert any("old index rows" in m for m in result.messages)
    update_patch_index(result, "summer", 1868)
    assert {r["decision"] for r in read_rows(index_path(out))} == {None}


def test_a_dataset_keeps_one_patch_size_across_its_scenes(tmp_path):
    """A second scene into a dataset of 256 px patches with 128 px patches: refused with a sentence
    naming the dataset's size (loaders read a dataset's patches as one array; the splits would list
    both sizes side by side). Before, it was written beside them without a word."""
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_scene_pair(s1, s2, out, OPTS)
    before = pngs(out)
    with pytest.raises(InputError, match=r"ROIs1868_summer holds 256 px patches \(scene 4\)"):
        extract_scene_pair(s1, s2, out, ExtractOptions(**{**OPTS.__dict__, "scene": 5, "patch_size": 128,
                                                          "stride": 128}), overwrite=True)
    assert pngs(out) == before and not (out / "ROIs1868_summer" / "s1_5").exists()
    other = extract_scene_pair(s1, s2, out, ExtractOptions(**{**OPTS.__dict__, "scene": 5, "stride": 256}))
    assert other.written > 0  # another stride keeps the patch size: allowed


def test_a_replaced_source_of_the_same_size_and_time_is_named_as_changed_content(tmp_path):
    import os

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_scene_pair(s1, s2, out, OPTS)
    stat = os.stat(s2)
    _b1, b2, *_ = second_pair(tmp_path)
    s2.write_bytes(b2.read_bytes())
    os.utime(s2, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    with pytest.raises(InputError, match="S2 source s2.tif: its content changed"):
        extract_scene_pair(s1, s2, out, OPTS)


def test_the_plan_refuses_another_patch_size_before_reading_a_pixel(tmp_path):
    from sen12_plugin.core.plan import Choices, PlanRefused, plan_extraction

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_scene_pair(s1, s2, out, OPTS)
    with pytest.raises(PlanRefused, match="holds 256 px patches"):
        plan_extraction(str(s1), str(s2), out, Choices(seed=1868, scene=7, patch_size=64, stride=64))


# ----- a patch is done only when its size and checksum match what was recorded ----------------

P1 = "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p1.png"
P2 = "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p2.png"


def _damage(out, how):
    target = out / P1
    data = target.read_bytes()
    if how == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif how == "emptied":
        target.write_bytes(b"")
    elif how == "same size, other bytes":
        target.write_bytes(bytes(b ^ 0xFF for b in data[:64]) + data[64:])
    else:  # "another patch's file": a valid PNG, the wrong pixels
        target.write_bytes((out / P2).read_bytes())
    return data


def _extract(s1, s2, out, through_index):
    """Through the index (the finished scene's records), or the extractor alone (the run's own ledger)."""
    from sen12_plugin.core.extract_job import extract_into_dataset

    if through_index:
        return extract_into_dataset(s1, s2, out, OPTS).result
    return extract_scene_pair(s1, s2, out, OPTS)


@pytest.mark.parametrize("through_index", [True, False], ids=["index", "ledger"])
@pytest.mark.parametrize("how", ["truncated", "emptied", "same size, other bytes", "another patch's file"])
def test_a_damaged_patch_is_written_again_with_a_warning(tmp_path, how, through_index):
    """A truncated or empty patch PNG counted as done (it existed); so did one replaced by other bytes."""
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    _extract(s1, s2, out, through_index)
    original = _damage(out, how)
    again = _extract(s1, s2, out, through_index)
    assert (again.written, again.skipped) == (1, 8)
    assert (out / P1).read_bytes() == original
    warning = [m for m in again.messages if "written again" in m]
    assert warning and P1 in warning[0]
    assert (_extract(s1, s2, out, through_index).written, 0) == (0, 0)  # and then it is done


def test_the_index_records_the_size_and_checksum_of_every_patch_file(tmp_path):
    import hashlib
    import json

    from sen12_plugin.core.extract_job import extract_into_dataset

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_into_dataset(s1, s2, out, OPTS)
    rows = read_rows(index_path(out))
    assert len(rows) == 9
    for row in rows:
        recorded = json.loads(row["file_checksums"])
        assert set(recorded) == {"s1_png", "s2_png"}
        for kind, column in (("s1_png", "s1_path"), ("s2_png", "s2_path")):
            data = (out / row[column]).read_bytes()
            assert recorded[kind] == [len(data), hashlib.sha256(data).hexdigest()]
    assert not list((out / "ROIs1868_summer").glob(".sen12_scene_4.made"))  # the index holds them now


def test_patch_files_without_any_record_are_written_again_with_a_warning(tmp_path):
    """Same identity, but the index has no checksums (an older version wrote it) and no ledger is left."""
    from osgeo import ogr

    from sen12_plugin.core.extract_job import extract_into_dataset

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "out"
    extract_into_dataset(s1, s2, out, OPTS)
    ds = ogr.Open(str(index_path(out)), 1)
    layer = ds.GetLayerByName("patches")
    for feat in layer:
        feat.SetFieldNull("file_checksums")
        layer.SetFeature(feat)
    ds = None
    again = extract_into_dataset(s1, s2, out, OPTS).result
    assert (again.written, again.skipped) == (9, 0)
    assert any("no record" in m for m in again.messages)
    assert extract_into_dataset(s1, s2, out, OPTS).result.skipped == 9
