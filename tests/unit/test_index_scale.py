"""The patch index at dataset scale: updates in place, one transaction per scene, crash-safe."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sen12_plugin.core.index import connect, index_path, read_rows, review_queue, update_patch_index

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench_scale import synthetic_result  # noqa: E402
from helpers import set_decision  # noqa: E402

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo


def scene_rows(out, dataset, scene):
    return sorted((r["patch"], r["qc_status"], r["decision"]) for r in read_rows(index_path(out))
                  if r["dataset"] == dataset and r["scene"] == scene)


def run_child(code: str, out: Path) -> subprocess.Popen:
    """A Python process that writes to the index in ``out``; the tests kill it mid-write."""
    prelude = f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'scripts')!r}]\nout = {str(out)!r}\n"
    return subprocess.Popen([sys.executable, "-c", prelude + textwrap.dedent(code)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_scene_update_is_in_place_and_keeps_other_rows_and_decisions(tmp_path):
    out = tmp_path / "my data #1?x=%20"  # a folder name that must not be read as URI syntax
    out.mkdir()
    for scene in (1, 2, 3):
        update_patch_index(synthetic_result(out, "ROIs1868_summer", scene, 20), "summer", 1868)
    inode = index_path(out).stat().st_ino
    set_decision(out, "ROIs1868_summer", 2, 5, "reject")
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 2, 12, status_offset=3), "summer", 1868)
    assert index_path(out).stat().st_ino == inode  # written in place, not copied and renamed
    rows = read_rows(index_path(out))
    assert len(rows) == 20 + 12 + 20
    assert [(r["patch"], r["decision"]) for r in rows if r["decision"]] == [(5, "reject")]
    assert len(read_rows(index_path(out), "scenes")) == 3
    assert not list(out.glob("*.part*"))


def test_a_dataset_name_is_compared_never_spliced_into_sql(tmp_path):
    """A name with quotes and SQL in it replaces only its own rows."""
    out = tmp_path / "out"
    out.mkdir()
    update_patch_index(synthetic_result(out, "plain_summer", 4, 10), "summer", None)
    odd = "x' OR '1'='1"
    update_patch_index(synthetic_result(out, odd, 4, 6), "summer", None)
    update_patch_index(synthetic_result(out, odd, 4, 3), "summer", None)
    rows = read_rows(index_path(out))
    assert sorted((r["dataset"], r["patch"]) for r in rows) == (
        [("plain_summer", p) for p in range(1, 11)] + [(odd, p) for p in (1, 2, 3)])


def test_the_index_has_its_spatial_and_review_indexes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 1, 8), "summer", 1868)
    con = sqlite3.connect(index_path(out))
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT fid FROM patches WHERE scene = 1"))
    con.close()
    assert {"rtree_patches_geom", "patches_scene_idx", "patches_queue_idx", "scenes_scene_idx"} <= names
    assert "patches_scene_idx" in plan


def test_review_queue_lists_undecided_flagged_patches_in_order(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for scene in (2, 1):
        update_patch_index(synthetic_result(out, "ROIs1868_summer", scene, 40), "summer", 1868)
    rows = {r["fid"]: r for r in read_rows(index_path(out))}
    flagged = [f for f, r in rows.items() if r["qc_status"] != "pass"]
    set_decision(out, "ROIs1868_summer", rows[flagged[0]]["scene"], rows[flagged[0]]["patch"], "accept")
    queue = review_queue(index_path(out))
    assert set(queue) == set(flagged[1:]) and queue
    keys = [(rows[f]["scene"], rows[f]["patch"]) for f in queue]
    assert keys == sorted(keys)
    assert len(review_queue(index_path(out), only_flagged=False)) == 80


def test_a_kill_mid_transaction_leaves_the_previous_state(tmp_path):
    """The writer dies after deleting the scene's rows and inserting new ones, before the commit."""
    out = tmp_path / "out"
    out.mkdir()
    for scene in (1, 2):
        update_patch_index(synthetic_result(out, "ROIs1868_summer", scene, 30), "summer", 1868)
    set_decision(out, "ROIs1868_summer", 2, 7, "reject")
    before = read_rows(index_path(out))
    child = run_child("""
        import os, signal
        from pathlib import Path
        from osgeo import ogr
        from sen12_plugin.core import index
        from bench_scale import synthetic_result
        create, calls = ogr.Layer.CreateFeature, []
        def create_then_die(layer, feat):  # inside the transaction: old rows deleted, 64 new ones in
            calls.append(1)
            if len(calls) == 65:
                print("writing", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            return create(layer, feat)
        ogr.Layer.CreateFeature = create_then_die
        index.update_patch_index(synthetic_result(Path(out), "ROIs1868_summer", 2, 128, 5), "summer", 1868)
    """, out)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == -signal.SIGKILL and "writing" in stdout, stderr
    assert Path(str(index_path(out)) + "-journal").exists()  # the hot journal of the open transaction
    assert read_rows(index_path(out)) == before
    con = connect(index_path(out))
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 2, 30, 5), "summer", 1868)  # and it goes on
    assert scene_rows(out, "ROIs1868_summer", 2)[6] == (7, scene_rows(out, "ROIs1868_summer", 2)[6][1], "reject")


def test_a_kill_at_any_moment_leaves_one_committed_state(tmp_path):
    """A writer rewriting one scene over and over is killed from outside: each scene stays whole."""
    out = tmp_path / "out"
    out.mkdir()
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 1, 128), "summer", 1868)
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 2, 64), "summer", 1868)
    child = run_child("""
        from pathlib import Path
        from sen12_plugin.core.index import update_patch_index
        from bench_scale import synthetic_result
        for k in range(100000):
            update_patch_index(synthetic_result(Path(out), "ROIs1868_summer", 1, 128, k), "summer", 1868)
            print(k, flush=True)
    """, out)
    assert child.stdout.readline()  # at least one full update done
    time.sleep(0.35)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)
    rows = read_rows(index_path(out))
    first = sorted((r["patch"], r["qc_status"]) for r in rows if r["scene"] == 1)
    assert [p for p, _ in first] == list(range(1, 129))
    offsets = [k for k in range(20) if [s for _, s in first] == [
        r.qc_status for r in synthetic_result(out, "x", 1, 128, k).records]]
    assert offsets, "scene 1 mixes two updates"
    assert len([r for r in rows if r["scene"] == 2]) == 64
    assert len(read_rows(index_path(out), "scenes")) == 2


def test_a_file_that_is_not_an_index_is_refused_with_a_sentence(tmp_path):
    from sen12_plugin.core.errors import InputError, OutputError

    out = tmp_path / "out"
    out.mkdir()
    index_path(out).write_text("not a geopackage")
    with pytest.raises(OutputError, match="not a patch index"):
        update_patch_index(synthetic_result(out, "ROIs1868_summer", 1, 4), "summer", 1868)
    with pytest.raises(InputError, match="not a patch index"):
        read_rows(index_path(out))
    assert index_path(out).read_text() == "not a geopackage"


def _narrow_seed_columns(index: Path) -> None:
    """Make the index as an older version wrote it: ``seed`` a 32-bit column (GeoPackage MEDIUMINT)."""
    from osgeo import ogr

    ds = ogr.Open(str(index), 1)
    for name in ("patches", "scenes"):
        layer = ds.GetLayerByName(name)
        i = layer.GetLayerDefn().GetFieldIndex("seed")
        assert layer.AlterFieldDefn(i, ogr.FieldDefn("seed", ogr.OFTInteger), ogr.ALTER_TYPE_FLAG) == 0
    ds = None


@pytest.mark.parametrize("seed", [2**31, 3_000_000_000, 2**32 - 1])
def test_an_old_index_with_a_32_bit_seed_column_is_widened_and_its_clamped_seeds_repaired(tmp_path, seed):
    """An older version's index holds ``seed`` as a 32-bit column: OGR clamps 2^31 and above to
    2147483647 with only a warning on stderr, so every seeded row past 2^31 names another seed.
    The one writer of the schema widens the column and takes the clamped seeds back from the
    dataset's own name (a seeded dataset is named by its seed)."""
    out = tmp_path / "out"
    out.mkdir()
    dataset = f"ROIs{seed}_summer"
    update_patch_index(synthetic_result(out, "ROIs1868_summer", 1, 4), "summer", 1868)
    _narrow_seed_columns(index_path(out))
    from osgeo import ogr

    ds = ogr.Open(str(index_path(out)), 1)  # a clamped row, as the older version left it
    layer = ds.GetLayerByName("patches")
    feat = ogr.Feature(layer.GetLayerDefn())
    for key, value in {"dataset": dataset, "season": "summer", "seed": seed, "scene": 9, "patch": 1}.items():
        feat.SetField(key, value)
    layer.CreateFeature(feat)
    ds = None
    update_patch_index(synthetic_result(out, dataset, 2, 3), "summer", seed)
    rows = read_rows(index_path(out))
    assert sorted({(r["dataset"], r["seed"]) for r in rows}) == [("ROIs1868_summer", 1868), (dataset, seed)]
    assert {(r["dataset"], r["seed"]) for r in read_rows(index_path(out), "scenes")} == {
        ("ROIs1868_summer", 1868), (dataset, seed)}
    con = sqlite3.connect(str(index_path(out)))
    declared = {row[1]: row[2] for row in con.execute("SELECT * FROM pragma_table_info('patches')")}
    con.close()
    assert declared["seed"] == "INTEGER"  # 64-bit in GeoPackage
