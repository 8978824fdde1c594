"""Nothing an extraction writes leaves OUTPUT: patches, index, lock, records, splits, card and
overwrite deletes all go through one writer that refuses symbolic links leading elsewhere; the
lock also stops a second extraction from another thread of the same process."""

import threading

import pytest
from helpers import scene_pair

from sen12_plugin.core.errors import InputError, OutputError
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.extract_job import extract_into_dataset
from sen12_plugin.core.fsutil import ConfinedWriter
from sen12_plugin.core.identity import LOCK_NAME, output_lock
from sen12_plugin.core.splits import make_splits

pytestmark = pytest.mark.needs_osgeo
DATASET = "ROIs1868_summer"


@pytest.fixture()
def world(tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.txt").write_text("the user's own file")
    out = tmp_path / "out"
    out.mkdir()
    return s1, s2, out, outside


def extract(s1, s2, out, **kw):
    return extract_into_dataset(s1, s2, out, ExtractOptions(season="summer", scene=4, seed=1868, workers=1,
                                                            thresholds=None), **kw)


def listing(folder):
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes() if p.is_file() else b"") for p in folder.rglob("*"))


def test_a_symlinked_dataset_folder_is_refused(world):
    s1, s2, out, outside = world
    (out / DATASET).symlink_to(outside, target_is_directory=True)
    before = listing(outside)
    with pytest.raises(OutputError, match="outside the output folder"):
        extract(s1, s2, out)
    assert listing(outside) == before


def test_a_symlinked_index_is_refused_and_its_target_untouched(world):
    s1, s2, out, outside = world
    (out / "patch_index.gpkg").symlink_to(outside / "precious.txt")
    with pytest.raises(OutputError, match="symbolic link"):
        extract(s1, s2, out)
    assert (outside / "precious.txt").read_text() == "the user's own file"


def test_a_symlinked_lock_file_is_refused_and_not_truncated(world):
    s1, s2, out, outside = world
    (out / LOCK_NAME).symlink_to(outside / "precious.txt")
    with pytest.raises(OutputError, match="symbolic link"):
        extract(s1, s2, out)
    assert (outside / "precious.txt").read_text() == "the user's own file"


def test_a_symlinked_record_is_refused(world):
    s1, s2, out, outside = world
    (out / DATASET).mkdir()
    (out / DATASET / ".sen12_scene_4.json").symlink_to(outside / "precious.txt")
    with pytest.raises(OutputError, match="symbolic link"):
        extract(s1, s2, out)
    assert (outside / "precious.txt").read_text() == "the user's own file"


def test_overwrite_never_deletes_behind_a_symlinked_scene_folder(world, tmp_path):
    s1, s2, out, outside = world
    extract(s1, s2, out)
    other = tmp_path / "other"
    other.mkdir()
    b1, b2, *_ = scene_pair(other, 300, 300, seed=3)
    victims = outside / "s1_4"
    victims.mkdir()
    (victims / f"{DATASET}_s1_4_p1.png").write_bytes(b"not a patch")
    for f in (out / DATASET / "s1_4").iterdir():
        f.unlink()
    (out / DATASET / "s1_4").rmdir()
    (out / DATASET / "s1_4").symlink_to(victims, target_is_directory=True)
    with pytest.raises(OutputError, match="outside the output folder"):
        extract(b1, b2, out, overwrite=True)
    assert (victims / f"{DATASET}_s1_4_p1.png").read_bytes() == b"not a patch"


def test_splits_and_card_do_not_write_through_links(world):
    s1, s2, out, outside = world
    extract(s1, s2, out)
    (out / "splits").symlink_to(outside, target_is_directory=True)
    with pytest.raises(OutputError, match="outside the output folder"):
        make_splits(out, "scene", (1.0, 0.0, 0.0))
    assert not (outside / "scene").exists()


def test_the_lock_holds_against_another_thread_of_this_process(world):
    _, _, out, _ = world
    errors, inside, release = [], threading.Event(), threading.Event()

    def holder():
        with output_lock(out):
            with output_lock(out):  # re-entrant in its own thread
                inside.set()
                release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert inside.wait(10)
        try:
            with output_lock(out):
                pass
        except InputError as exc:
            errors.append(str(exc))
    finally:
        release.set()
        thread.join()
    assert errors and "Another extraction is writing here" in errors[0] and "another task of this QGIS" in errors[0]
    with output_lock(out):  # released: free again
        pass


def test_the_writer_refuses_every_way_out(tmp_path):
    root = tmp_path / "root"
    (root / "inside").mkdir(parents=True)
    (root / "link_in").symlink_to(root / "inside", target_is_directory=True)
    writer = ConfinedWriter(root)
    assert writer.target("link_in/a.txt") == (root / "inside" / "a.txt").resolve()  # a link that stays inside
    for bad in ("../x.txt", str(tmp_path / "x.txt"), "inside/../../x.txt", ".."):
        with pytest.raises(OutputError, match="Refused to write"):
            writer.target(bad)
    (root / "out_link").symlink_to(tmp_path)
    with pytest.raises(OutputError):
        writer.write_text("out_link/x.txt", "no")
    assert not (tmp_path / "x.txt").exists()
