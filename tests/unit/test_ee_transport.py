"""The real earthengine-api client over HTTP against the fake Earth Engine service."""

import errno
import threading
import time

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from sen12_plugin.core import rois, seasons
from sen12_plugin.core.earthengine import auth, graph
from sen12_plugin.core.earthengine.scenes import fetch_scene_pairs
from sen12_plugin.core.earthengine.tiling import plan_tiles, roi_grid, tile_side
from sen12_plugin.core.earthengine.transport import (
    DownloadRequest,
    RetryPolicy,
    TransportError,
    download_image,
)
from sen12_plugin.core.errors import Cancelled, OutputError

# Every test here builds ROIs and their UTM grids through GDAL's osr.
pytestmark = pytest.mark.needs_osgeo

FAST = RetryPolicy(max_attempts=4, base_delay=0.01)
SMALL_TILES = 128 * 128 * 4  # bytes: forces 128 px tiles for one float32 band


@pytest.fixture()
def roi():
    return rois.square_roi(3, 11.5, 48.1, 5.12, seed=1868, season="summer")  # 512 x 512 px


@pytest.fixture()
def sources(fake_ee, roi, tmp_path):
    """S1 and S2 test rasters on the ROI's grid (with a margin), registered with the fake."""
    grid = roi_grid(roi)
    rng = np.random.default_rng(7)
    h, w = grid.height + 20, grid.width + 20
    transform = from_origin(grid.x0 - 100, grid.y0 + 100, 10, 10)
    s1 = rng.uniform(-30, 5, (1, h, w)).astype(np.float32)
    s2 = rng.integers(1, 9000, (3, h, w)).astype(np.uint16)
    for name, data in (("s1", s1), ("s2", s2)):
        path = tmp_path / f"src_{name}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=data.shape[0],
                           dtype=data.dtype.name, crs=grid.crs, transform=transform) as ds:
            ds.write(data)
        fake_ee.sources[name] = path
    return {"s1": s1[:, 10:-10, 10:-10], "s2": s2[:, 10:-10, 10:-10]}


def s1_request(roi, path):
    image = graph.s1_image(roi, seasons.paper_season("summer"))
    return DownloadRequest(image, roi_grid(roi), ("VV",), "float32", -9999.0, path)


def read(path):
    """Pixels and the dataset's properties (read while it is open)."""
    with rasterio.open(path) as ds:
        props = type("Props", (), dict(
            crs=ds.crs, transform=ds.transform, nodata=ds.nodata, profile=dict(ds.profile),
            compression=ds.compression, shape=ds.shape, dtypes=ds.dtypes,
            structure=ds.tags(ns="IMAGE_STRUCTURE"), block_shapes=ds.block_shapes))
        return ds.read(), props


def test_tiles_fit_the_request_limits():
    assert tile_side(1, "float32") == 2816  # 2896 px rounded down to 256
    assert tile_side(13, "uint16") == 1024
    grid = roi_grid(rois.square_roi(0, 11.5, 48.1, 25.6))
    tiles = plan_tiles(grid, 1024)
    assert (grid.width, grid.height) == (2560, 2560) and len(tiles) == 9
    assert sum(t.width * t.height for t in tiles) == 2560 * 2560


def test_tiled_download_reassembles_bit_exactly(ee_client, fake_ee, sources, roi, tmp_path):
    path = tmp_path / "s1.tif"
    download_image(s1_request(roi, path), workers=3, policy=FAST, max_request_bytes=SMALL_TILES)
    data, ds = read(path)
    assert np.array_equal(data, sources["s1"])
    assert len(fake_ee.calls("computePixels")) == 16  # 512 / 128 squared
    assert ds.crs.to_epsg() == roi.utm_epsg and ds.transform.a == 10 and ds.nodata == -9999
    # A cloud-optimized GeoTIFF is always tiled. Not profile["tiled"]: rasterio 1.4 guesses it from the
    # block width and says False when one 512 px tile spans the whole 512 px scene.
    assert ds.structure.get("LAYOUT") == "COG" and ds.block_shapes == [(512, 512)]
    assert ds.compression.name.lower() == "deflate"
    assert ds.transform.c % 10 == 0 and ds.transform.f % 10 == 0
    grids = {(b["grid"]["crsCode"], b["grid"]["affineTransform"]["scaleX"]) for b in fake_ee.calls("computePixels")}
    assert grids == {(f"EPSG:{roi.utm_epsg}", 10)}  # every tile pinned to one grid
    assert not path.with_name("s1.tif.tiles").exists()


def test_429_and_500_are_retried_then_succeed(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.failures = [429, 500, 429, 503]
    path = tmp_path / "s1.tif"
    download_image(s1_request(roi, path), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    assert np.array_equal(read(path)[0], sources["s1"])
    assert len(fake_ee.calls("computePixels")) == 16 + 4


def test_persistent_failure_is_a_clear_error_and_nothing_looks_finished(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.fail_always = 500
    path = tmp_path / "s1.tif"
    with pytest.raises(TransportError, match="kept failing after 4 tries"):
        download_image(s1_request(roi, path), workers=2, policy=FAST)
    assert not path.exists() and not list(tmp_path.glob("*.part"))


def test_memory_limit_splits_tiles_instead_of_retrying(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.too_large_over_px = 200 * 200
    path = tmp_path / "s1.tif"
    download_image(s1_request(roi, path), workers=2, policy=FAST)
    assert np.array_equal(read(path)[0], sources["s1"])
    sizes = {b["grid"]["dimensions"]["width"] for b in fake_ee.calls("computePixels")}
    assert sizes == {512, 256, 128}


def test_cancel_stops_within_a_second(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.delay = 3.0
    path = tmp_path / "s1.tif"
    flag = threading.Event()
    outcome = {}

    def run():
        try:
            download_image(s1_request(roi, path), workers=2, policy=FAST,
                           max_request_bytes=SMALL_TILES, cancelled=flag.is_set)
        except Cancelled as exc:
            outcome["error"] = exc
        outcome["at"] = time.monotonic()

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    flag.set()
    cancelled_at = time.monotonic()
    worker.join(5)
    assert isinstance(outcome.get("error"), Cancelled)
    assert outcome["at"] - cancelled_at < 1.0
    assert not path.exists()


def test_resume_fetches_only_missing_tiles(ee_client, fake_ee, sources, roi, tmp_path):
    path = tmp_path / "s1.tif"
    fake_ee.failures = [0] * 6 + [500] * 100  # six tiles arrive, then the service breaks
    with pytest.raises(TransportError):
        download_image(s1_request(roi, path), workers=1, policy=FAST, max_request_bytes=SMALL_TILES)
    assert len(list(path.with_name("s1.tif.tiles").glob("tile_*.tif"))) == 6
    fake_ee.failures = []
    fake_ee.log.clear()
    download_image(s1_request(roi, path), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    assert len(fake_ee.calls("computePixels")) == 10
    assert np.array_equal(read(path)[0], sources["s1"])


def test_full_disk_is_an_output_error(ee_client, fake_ee, sources, roi, tmp_path, monkeypatch):
    def no_space(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pathlib.Path.write_bytes", no_space)
    with pytest.raises(OutputError, match="disk is full"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)


def test_unknown_collection_is_a_clear_error(ee_client, fake_ee, roi, tmp_path):
    with pytest.raises(TransportError, match="does not know"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)


def test_auth_failure_gives_the_sign_in_message(fake_ee):
    from google.oauth2.credentials import Credentials

    fake_ee.reject_auth = True
    with pytest.raises(auth.SignInError, match="Sign in again"):
        auth.initialize(auth.SignIn(project="test-project", url=fake_ee.url),
                        credentials=Credentials(token="stale"))


def test_fetch_scene_pairs_drops_empty_seasons_and_downloads_co_registered_pairs(
        ee_client, fake_ee, sources, roi, tmp_path):
    empty_roi = rois.square_roi(9, 12.5, 48.1, 5.12, seed=1868, season="summer")
    fake_ee.counts = lambda body: (
        {"s1": 2, "s2": 0, "s1_ids": ["a", "b"], "s2_ids": []} if "12.5" in str(body)[:0] + _lon(body)
        else {"s1": 1, "s2": 1, "s1_ids": ["S1A_x"], "s2_ids": ["T32UPU_y"]})
    summer = seasons.paper_season("summer")
    south = rois.square_roi(11, 0.0, -70.0, 5.12, seed=1868, season="summer")
    result = fetch_scene_pairs([(roi, summer), (empty_roi, summer), (south, summer)], tmp_path / "out",
                               policy=FAST)
    assert [(d.roi.id, d.reason.split(" between")[0]) for d in result.dropped] == [
        (9, "no Sentinel-2 image with at most 1 % cloud"),
        (11, result.dropped[1].reason)]
    assert result.dropped[1].reason.startswith("outside Sentinel-2 coverage")
    pair = result.scenes[0]
    assert pair.s1 == tmp_path / "out/ROIs1868_summer/scenes/s1_3.tif" and pair.s2_ids == ("T32UPU_y",)
    (_, ds1), (s2, ds2) = read(pair.s1), read(pair.s2)
    assert ds1.transform == ds2.transform and ds1.shape == ds2.shape  # co-registered
    assert np.array_equal(s2, sources["s2"]) and ds2.dtypes == ("uint16",) * 3
    fake_ee.log.clear()
    again = fetch_scene_pairs([(roi, summer)], tmp_path / "out", policy=FAST)
    assert again.scenes[0].s1 == pair.s1 and fake_ee.calls("computePixels") == []  # resumed


def _lon(body) -> str:
    """The ROI's first longitude in a value:compute request (which ROI is asked about)."""
    import json
    text = json.dumps(body)
    return "12.5" if "[12.4" in text or "[12.5" in text else ""


def test_network_gone_mid_download_is_retried_then_a_clear_error(ee_client, fake_ee, sources, roi, tmp_path):
    path = tmp_path / "s1.tif"
    fake_ee.delay = 0.2
    stopper = threading.Timer(0.5, fake_ee.go_offline)  # the service disappears while tiles are in flight
    stopper.start()
    with pytest.raises(TransportError, match="kept failing|network"):
        download_image(s1_request(roi, path), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    stopper.join()
    assert not path.exists()
