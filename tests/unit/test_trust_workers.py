"""Worker processes die with their parent, and the first failed block stops the others with one sentence."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN, write_s1
from rasterio.transform import from_origin

from sen12_plugin.core.errors import InputError
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.workers import NO_PDEATHSIG_ENV, release_idle_pool

# Extraction, the patch index and ROIs go through GDAL's osgeo (ogr/osr), also in worker processes.
pytestmark = pytest.mark.needs_osgeo

ROOT = Path(__file__).resolve().parents[2]
SIDE = 1536
OPTS = ExtractOptions(season="summer", scene=0, seed=1868, workers=2, patch_size=32, stride=32, thresholds=None)


def children_of(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def big_pair(folder: Path, compress_s2: bool = False):
    rng = np.random.default_rng(0)
    s1 = write_s1(folder / "s1.tif", rng.uniform(-22, -3, (SIDE, SIDE)))
    s2 = folder / "s2.tif"
    with rasterio.open(s2, "w", driver="GTiff", width=SIDE, height=SIDE, count=3, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10), tiled=True, blockxsize=128, blockysize=128,
                       compress="deflate" if compress_s2 else None) as ds:
        ds.write(rng.integers(1, 6000, (3, SIDE, SIDE)).astype("uint16"))
        ds.descriptions = ("B4", "B3", "B2")
    return s1, s2


RUN = """
import sys
sys.path.insert(0, sys.argv[1])
from sen12_plugin.core.extract import ExtractOptions, extract_scene_pair
from sen12_plugin.core.workers import NO_PDEATHSIG_ENV
opts = ExtractOptions(season="summer", scene=0, seed=1868, workers=2, patch_size=32, stride=32, thresholds=None)
extract_scene_pair(sys.argv[2], sys.argv[3], sys.argv[4], opts)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("watch_only", [False, True], ids=["death-signal", "parent-watch-only"])
def test_workers_die_when_the_extraction_is_killed(tmp_path, watch_only):
    s1, s2 = big_pair(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, **({NO_PDEATHSIG_ENV: "1"} if watch_only else {})}
    parent = subprocess.Popen([sys.executable, "-c", RUN, str(ROOT), str(s1), str(s2), str(out)], env=env)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(workers) < 2:
            # the pool's workers (the spawn machinery may add a resource tracker: not a worker)
            workers = {p for p in children_of(parent.pid)
                       if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="ignore")}
            time.sleep(0.05)
        assert len(workers) >= 2, "the extraction did not start worker processes"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(p) for p in workers):
            time.sleep(0.1)
        assert not any(alive(p) for p in workers), "worker processes outlived the killed extraction"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in children_of(parent.pid):
            os.kill(pid, signal.SIGKILL)


def corrupt_one_tile(path: Path, xblock: int, yblock: int) -> None:
    from osgeo import gdal

    ds = gdal.Open(str(path))
    band = ds.GetRasterBand(1)
    offset = int(band.GetMetadataItem(f"BLOCK_OFFSET_{xblock}_{yblock}", "TIFF"))
    size = int(band.GetMetadataItem(f"BLOCK_SIZE_{xblock}_{yblock}", "TIFF"))
    ds = None
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(os.urandom(size))


def test_a_corrupt_tile_stops_every_block_with_one_sentence(tmp_path):
    s1, s2 = big_pair(tmp_path, compress_s2=True)
    corrupt_one_tile(s2, 6, 6)
    out = tmp_path / "out"
    with pytest.raises(InputError) as info:
        extract_scene_pair(s1, s2, out, OPTS)
    text = str(info.value)
    assert "s2.tif" in text and "truncated or corrupt" in text and "Traceback" not in text
    # The input check samples the scene and may meet the tile first: a refusal before any block
    # parks the healthy pool for the next run (by design); failed blocks shut it down.
    release_idle_pool()
    assert not children_of(os.getpid()) - {p for p in children_of(os.getpid())
                                           if b"resource_tracker" in Path(f"/proc/{p}/cmdline").read_bytes()}
