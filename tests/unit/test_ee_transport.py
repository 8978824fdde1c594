"""The real earthengine-api client over HTTP against the strict fake Earth Engine service."""

import errno
import threading
import time

import numpy as np
import pytest
import rasterio
from fake_earthengine import server as fake
from rasterio.transform import from_origin

from sen12_plugin.core import rois, seasons
from sen12_plugin.core.earthengine import auth, graph
from sen12_plugin.core.earthengine.retry import AuthError, RetryPolicy, TransportError
from sen12_plugin.core.earthengine.tiling import (
    MAX_REQUEST_BYTES,
    PixelGrid,
    max_tile_pixels,
    plan_fetch,
    plan_tiles,
    request_bytes,
    roi_grid,
)
from sen12_plugin.core.earthengine.transport import DownloadRequest, download_image, download_images
from sen12_plugin.core.errors import Cancelled, InputError, OutputError

# Every test here builds ROIs and their UTM grids through GDAL's osr.
pytestmark = pytest.mark.needs_osgeo

FAST = RetryPolicy(max_attempts=4, base_delay=0.01)
SMALL_TILES = int(128 * 128 * 5 * 1.1) + 8  # bytes: 128 x 128 px tiles for one float32 band
HOLE = (slice(300, 340), slice(50, 90))  # rows, cols of the scene without data


@pytest.fixture()
def roi():
    return rois.square_roi(3, 11.5, 48.1, 5.12, seed=1868, season="summer")  # 512 x 512 px


@pytest.fixture()
def sources(fake_ee, roi, tmp_path):
    """S1 and S2 test rasters on the ROI's grid (with a margin and a hole without data)."""
    grid = roi_grid(roi)
    rng = np.random.default_rng(7)
    h, w = grid.height + 20, grid.width + 20
    transform = from_origin(grid.x0 - 100, grid.y0 + 100, 10, 10)
    s1 = rng.uniform(-30, 5, (1, h, w)).astype(np.float32)
    s2 = rng.integers(1, 9000, (3, h, w)).astype(np.uint16)
    for name, data, nodata in (("s1", s1, -32768.0), ("s2", s2, 65535)):
        data[:, 10 + HOLE[0].start:10 + HOLE[0].stop, 10 + HOLE[1].start:10 + HOLE[1].stop] = nodata
        path = tmp_path / f"src_{name}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=w, height=h, count=data.shape[0], nodata=nodata,
                           dtype=data.dtype.name, crs=grid.crs, transform=transform) as ds:
            ds.write(data)
        fake_ee.sources[name] = path
    return {"s1": s1[:, 10:-10, 10:-10], "s2": s2[:, 10:-10, 10:-10]}


def s1_request(roi, path, image=None):
    image = image if image is not None else graph.s1_download(roi, seasons.paper_season("summer"))
    return DownloadRequest(image, roi_grid(roi), ("VV",), "float32", -9999.0, path, graph.S1_VALID)


def s2_request(roi, path):
    image = graph.s2_download(roi, seasons.paper_season("summer"))
    return DownloadRequest(image, roi_grid(roi), ("B4", "B3", "B2"), "uint16", 0, path, graph.S2_VALID)


def read(path):
    """Pixels and the dataset's properties (read while it is open)."""
    with rasterio.open(path) as ds:
        props = type("Props", (), dict(
            crs=ds.crs, transform=ds.transform, nodata=ds.nodata, profile=dict(ds.profile),
            compression=ds.compression, shape=ds.shape, dtypes=ds.dtypes,
            structure=ds.tags(ns="IMAGE_STRUCTURE"), block_shapes=ds.block_shapes))
        return ds.read(), props


def expected(source, nodata):
    out = source.copy()
    out[:, HOLE[0], HOLE[1]] = nodata
    return out


def test_tiles_are_equal_and_fit_the_request_limit_with_the_mask_byte():
    grid = PixelGrid(32632, 0, 0, 2560, 2560)
    for bands, dtype in ((1, "float32"), (3, "uint16"), (13, "uint16"), (2, "float32")):
        tiles = plan_tiles(grid, max_tile_pixels(bands, dtype))
        assert sum(t.width * t.height for t in tiles) == 2560 * 2560
        assert max(t.width for t in tiles) - min(t.width for t in tiles) <= 1  # no 2304 + 256 sliver
        assert max(t.height for t in tiles) - min(t.height for t in tiles) <= 1
        assert all(request_bytes(t.width, t.height, bands, dtype) * 1.1 <= MAX_REQUEST_BYTES for t in tiles)
    # 2560 x 2560 x 3 x (2 + 1) bytes = 59 MB: over the limit, so two halves, not 2304 + 256
    assert [(t.width, t.height) for t in plan_tiles(grid, max_tile_pixels(3, "uint16"))] == [(1280, 2560)] * 2
    # one pair fills the 40-request pool with 40 equal tiles
    plans = plan_fetch([(grid, 1, "float32"), (grid, 3, "uint16")], 40)
    assert [len(p) for p in plans] == [20, 20]


def test_tiled_download_reassembles_bit_exactly_with_no_data_where_masked(ee_client, fake_ee, sources, roi, tmp_path):
    path = tmp_path / "s1.tif"
    download_image(s1_request(roi, path), workers=3, policy=FAST, max_request_bytes=SMALL_TILES)
    data, ds = read(path)
    assert np.array_equal(data, expected(sources["s1"], -9999.0))
    assert len(fake_ee.calls("computePixels")) == 16  # 512 / 128 squared
    assert ds.crs.to_epsg() == roi.utm_epsg and ds.transform.a == 10 and ds.nodata == -9999
    # A cloud-optimized GeoTIFF is always tiled. Not profile["tiled"]: rasterio 1.4 guesses it from the
    # block width and says False when one 512 px tile spans the whole 512 px scene.
    assert ds.dtypes == ("float32",) and ds.structure.get("LAYOUT") == "COG" and ds.block_shapes == [(512, 512)]
    assert ds.compression.name.lower() == "deflate"
    assert ds.transform.c % 10 == 0 and ds.transform.f % 10 == 0
    grids = {(b["grid"]["crsCode"], b["grid"]["affineTransform"]["scaleX"]) for b in fake_ee.calls("computePixels")}
    assert grids == {(f"EPSG:{roi.utm_epsg}", 10)}  # every tile pinned to one grid
    assert not path.with_name("s1.tif.tiles").exists()


def test_s2_arrives_as_uint16_with_zero_no_data(ee_client, fake_ee, sources, roi, tmp_path):
    data, ds = read(download_image(s2_request(roi, tmp_path / "s2.tif"), policy=FAST))
    assert ds.dtypes == ("uint16",) * 3 and ds.nodata == 0
    assert np.array_equal(data, expected(sources["s2"], 0))


def test_a_request_without_no_data_is_not_sent(ee_client, fake_ee, sources, roi, tmp_path):
    """Without unmask the service would send masked pixels as a plausible 0 dB."""
    bare = graph.s1_image(roi, seasons.paper_season("summer"))
    with pytest.raises(TransportError, match="could not be told from real ones"):
        download_image(s1_request(roi, tmp_path / "s1.tif", bare), policy=FAST)
    assert fake_ee.calls("computePixels") == []


SERVICE_MARKED = (slice(100, 104), slice(200, 204))  # rows, cols the service itself marks no-data


def mark_in_source(fake_ee, value):
    """Pixels of the S1 source the service sends as ``value`` although the graph filled nothing there
    (NaN from a computation, or the dtype's own no-data marker)."""
    with rasterio.open(fake_ee.sources["s1"], "r+") as ds:
        data = ds.read()
        data[:, 10 + SERVICE_MARKED[0].start:10 + SERVICE_MARKED[0].stop,
             10 + SERVICE_MARKED[1].start:10 + SERVICE_MARKED[1].stop] = value
        ds.write(data)


def s1_expected(sources):
    out = expected(sources["s1"], -9999.0)
    out[:, SERVICE_MARKED[0], SERVICE_MARKED[1]] = -9999.0
    return out


@pytest.mark.parametrize("tag, marked", [
    (None, np.nan),  # no tag: NaN pixels are no-data all the same
    (fake.SERVICE_TAG, -np.inf),  # as the live service: float32 tagged -inf, whatever the graph filled
    (fake.SERVICE_TAG, np.nan),
    (-9999.0, np.nan),  # the fill the graph asked for as the tag
])
def test_no_data_as_the_service_marks_it_becomes_the_projects_no_data(ee_client, fake_ee, sources, roi, tmp_path,
                                                                       tag, marked):
    fake_ee.nodata_tag = tag
    mark_in_source(fake_ee, marked)
    path = download_image(s1_request(roi, tmp_path / "s1.tif"), workers=2, policy=FAST,
                          max_request_bytes=SMALL_TILES)
    data, ds = read(path)
    assert ds.nodata == -9999.0 and not np.isnan(data).any() and np.isfinite(data).all()
    assert np.array_equal(data, s1_expected(sources))


def test_s2_tagged_zero_as_the_service_does_keeps_zero_no_data(ee_client, fake_ee, sources, roi, tmp_path):
    assert fake_ee.nodata_tag is fake.SERVICE_TAG  # the fake's default is the live service's encoding
    data, ds = read(download_image(s2_request(roi, tmp_path / "s2.tif"), policy=FAST))
    assert ds.nodata == 0 and np.array_equal(data, expected(sources["s2"], 0))


def test_a_numeric_tag_the_tiles_type_cannot_hold_is_the_services_tag_of_that_type(ee_client, fake_ee, sources, roi,
                                                                                   tmp_path):
    """The fake's tag knob set for S1 (-9999) must not break S2 tiles (uint16 cannot hold it): the live
    service's tag always fits the tile's type, so such tiles get the type's tag, not a dropped connection."""
    fake_ee.nodata_tag = -9999.0
    assert fake_ee.encoding("uint16") == ("uint16", 0, 0) and fake_ee.encoding("float32")[1] == -9999.0
    data, ds = read(download_image(s2_request(roi, tmp_path / "s2.tif"), policy=FAST))
    assert ds.nodata == 0 and np.array_equal(data, expected(sources["s2"], 0))


@pytest.mark.parametrize("request_for, tag, words", [
    (s1_request, 0.0, "marked no-data as 0.0 in a tile of s1.tif, a value its pixels really take"),
    (s2_request, 1000, "marked no-data as 1000.0 in a tile of s2.tif, a value its pixels really take"),
])
def test_a_no_data_tag_that_collides_with_real_values_is_refused(ee_client, fake_ee, sources, roi, tmp_path,
                                                                 request_for, tag, words):
    fake_ee.nodata_tag = tag
    req = request_for(roi, tmp_path / f"{request_for.__name__[:2]}.tif")
    with pytest.raises(TransportError, match=words):
        download_image(req, policy=FAST)
    assert not req.path.exists()


def test_a_tile_of_another_type_is_refused(ee_client, fake_ee, sources, roi, tmp_path):
    as_uint16 = graph.with_nodata(graph.s1_image(roi, seasons.paper_season("summer")), "uint16", 0)
    req = DownloadRequest(as_uint16, roi_grid(roi), ("VV",), "float32", -9999.0, tmp_path / "s1b.tif")
    with pytest.raises(TransportError, match="not sent"):  # the graph does not cast to what is expected
        download_image(req, policy=FAST)


def test_a_band_the_image_lacks_is_a_clear_error(ee_client, fake_ee, sources, roi, tmp_path):
    """A VV-only source has no VH: the service refuses, as the real one does."""
    image = graph.s1_download(roi, seasons.paper_season("summer"), graph.RecipeOptions(dual_pol=True))
    req = DownloadRequest(image, roi_grid(roi), ("VV", "VH"), "float32", -9999.0, tmp_path / "s1.tif")
    with pytest.raises(TransportError, match="Pattern 'VH' did not match"):
        download_image(req, policy=FAST)


@pytest.mark.parametrize("faults", [
    [fake.QUOTA, fake.INTERNAL, fake.UNAVAILABLE, fake.DROP],
    [fake.QUOTA_403, fake.DROP],
])
def test_faults_are_retried_then_succeed(ee_client, fake_ee, sources, roi, tmp_path, faults):
    fake_ee.inject("pixels", *faults)
    path = tmp_path / "s1.tif"
    started = time.monotonic()
    download_image(s1_request(roi, path), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))
    assert len(fake_ee.calls("computePixels")) == 16 + len(faults)
    if fake.QUOTA in faults:
        assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured


def test_a_stalled_request_is_ended_by_the_deadline_and_retried(fake_ee, ee_key, sources, roi, tmp_path):
    auth.initialize(auth.SignIn("test-project", str(ee_key), fake_ee.url, deadline_s=1.0))
    fake_ee.inject("pixels", fake.stall(120))
    started = time.monotonic()
    path = download_image(s1_request(roi, tmp_path / "s1.tif"), workers=2, policy=FAST)
    assert time.monotonic() - started < 15
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))


def test_persistent_failure_is_a_clear_error_and_nothing_looks_finished(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.fault_always["pixels"] = fake.INTERNAL
    path = tmp_path / "s1.tif"
    with pytest.raises(TransportError, match="kept failing after 4 tries"):
        download_image(s1_request(roi, path), workers=2, policy=FAST)
    assert not path.exists() and not list(tmp_path.glob("*.part"))


def test_quota_that_never_clears_says_quota_not_sign_in(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.fault_always["pixels"] = fake.QUOTA_403
    with pytest.raises(TransportError, match="quota") as caught:
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)
    assert "Sign in" not in str(caught.value)


@pytest.mark.parametrize("fault", [fake.MEMORY, fake.TIMED_OUT])
def test_memory_limit_and_computation_timeout_split_tiles(ee_client, fake_ee, sources, roi, tmp_path, fault):
    fake_ee.inject("pixels", fault)
    path = tmp_path / "s1.tif"
    download_image(s1_request(roi, path), workers=1, policy=FAST)
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))
    sizes = [b["grid"]["dimensions"]["width"] for b in fake_ee.calls("computePixels")]
    assert sizes == [512, 256, 256, 256, 256]  # one worker: one tile, split in four


def test_quota_and_payload_errors_never_split(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.inject("pixels", fake.QUOTA)
    download_image(s1_request(roi, tmp_path / "a.tif"), workers=1, policy=FAST)
    assert [b["grid"]["dimensions"]["width"] for b in fake_ee.calls("computePixels")] == [512, 512]
    fake_ee.log.clear()
    fake_ee.inject("pixels", fake.Fault("status", 400, "INVALID_ARGUMENT",
                                        "Request payload size exceeds the limit: 10485760 bytes."))
    with pytest.raises(TransportError, match="too big to send"):
        download_image(s1_request(roi, tmp_path / "b.tif"), workers=1, policy=FAST)
    assert len(fake_ee.calls("computePixels")) == 1


def test_the_fake_refuses_what_the_service_refuses(ee_client, fake_ee, sources, roi):
    """Field names, enums, grid parts and the documented size limit: 400 INVALID_ARGUMENT, final."""
    import ee

    image = graph.s1_download(roi, seasons.paper_season("summer"))
    base = {"expression": image, "bandIds": ["VV"], "fileFormat": "GEO_TIFF", "grid": {
        "dimensions": {"width": 256, "height": 256}, "crsCode": "EPSG:32632",
        "affineTransform": {"scaleX": 10, "shearX": 0, "translateX": 0, "shearY": 0, "scaleY": -10, "translateY": 0}}}
    cases = [
        ({"grid": {**base["grid"], "dimension": {}}}, 'Unknown name "dimension"'),
        ({"grid": {k: v for k, v in base["grid"].items() if k != "crsCode"}}, "grid.crsCode is required"),
        ({"grid": {**base["grid"], "dimensions": {"width": 40000, "height": 10}}}, "32768"),
        ({"grid": {**base["grid"], "dimensions": {"width": 4000, "height": 4000}}},
         r"Total request size \(80000000 bytes\) must be less than or equal to 50331648 bytes"),
    ]
    for change, words in cases:
        with pytest.raises(ee.EEException, match=words):
            ee.data.computePixels({**base, **change})
    with pytest.raises(ee.EEException, match="Invalid value at 'file_format'"):
        ee.data.getMapId({"image": image, "format": "TIFF"})  # an ImageFileFormat that does not exist


def test_the_fake_tags_geotiffs_by_type_as_the_service_does(ee_client, fake_ee, sources, roi):
    """Without a cast S1 arrives as float64; masked pixels carry the tag of the tile's type (geedim's live
    test_ee_geotiff_nodata): -inf for floats, the minimum for signed integers, 0 for unsigned ones; int64 comes
    back as float64 tagged -inf with masked pixels 0. Without a tag, masked pixels arrive as a plausible 0."""
    import ee
    from rasterio.io import MemoryFile

    grid = roi_grid(roi)
    body = {"bandIds": ["VV"], "fileFormat": "GEO_TIFF", "grid": {
        "dimensions": {"width": grid.width, "height": grid.height}, "crsCode": grid.crs,
        "affineTransform": dict(zip(("scaleX", "shearX", "translateX", "shearY", "scaleY", "translateY"),
                                    grid.transform))}}
    mosaic = graph.mosaic(graph.s1_collection(roi, seasons.paper_season("summer")), roi)

    def served(image):
        with MemoryFile(ee.data.computePixels({**body, "expression": image})) as mem, mem.open() as ds:
            return ds.dtypes[0], ds.nodata, ds.read(1)

    cases = ((mosaic, "float64", -np.inf, -np.inf), (mosaic.toFloat(), "float32", -np.inf, -np.inf),
             (mosaic.toInt16(), "int16", -32768, -32768), (mosaic.toInt32(), "int32", -2 ** 31, -2 ** 31),
             (mosaic.toInt64(), "float64", -np.inf, 0))
    for image, dtype, tag, masked in cases:
        got_dtype, got_tag, data = served(image)
        assert (got_dtype, got_tag) == (dtype, tag)
        assert (data[HOLE] == masked).all() and (data != masked).mean() > 0.95
    fake_ee.nodata_tag = None
    got_dtype, got_tag, data = served(mosaic.toFloat())
    assert got_tag is None and (data[HOLE] == 0).all()


def test_cancel_stops_within_a_second(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.latency = (3.0, 0.0)
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
    assert len(_six_tiles_then_a_failure(fake_ee, s1_request(roi, path))) == 6
    download_image(s1_request(roi, path), workers=2, policy=FAST)  # another budget: the stored plan wins
    assert len(fake_ee.calls("computePixels")) == 10
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))


def _six_tiles_then_a_failure(fake_ee, request):
    """A run that stored six of the image's sixteen tiles, then failed."""
    original = fake_ee._compute_pixels
    served = []

    def six_then_broken(handler, body):
        if len(served) >= 6:
            return fake_ee._error(handler, 500, "INTERNAL", "An internal error has occurred.")
        served.append(1)
        return original(handler, body)

    fake_ee._compute_pixels = six_then_broken
    with pytest.raises(TransportError):
        download_image(request, workers=1, policy=FAST, max_request_bytes=SMALL_TILES)
    fake_ee._compute_pixels = original
    fake_ee.log.clear()
    return sorted(request.path.with_name(request.path.name + ".tiles").glob("tile_*.tif"))


@pytest.mark.parametrize("how", ["truncated", "emptied", "another tile's file"])
def test_resume_fetches_a_damaged_tile_again(ee_client, fake_ee, sources, roi, tmp_path, how):
    """A tile that is there counted as fetched, whatever it held: a truncated one broke the mosaic."""
    path = tmp_path / "s1.tif"
    tiles = _six_tiles_then_a_failure(fake_ee, s1_request(roi, path))
    data = tiles[0].read_bytes()
    tiles[0].write_bytes({"truncated": data[: len(data) // 2], "emptied": b""}.get(how, tiles[1].read_bytes()))
    told = []
    download_image(s1_request(roi, path), workers=2, policy=FAST, log=told.append)
    assert len(fake_ee.calls("computePixels")) == 10 + 1
    assert any("1 stored tile(s) were not what was fetched" in m for m in told)
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))


def test_tiles_of_another_request_are_never_reused(ee_client, fake_ee, sources, roi, tmp_path):
    """Tiles kept for one image (here: summer) fitted the grid of another (winter) of the same size,
    and were mosaicked into it."""
    path = tmp_path / "s1.tif"
    _six_tiles_then_a_failure(fake_ee, s1_request(roi, path))
    winter = graph.s1_download(roi, seasons.paper_season("winter"))
    download_image(s1_request(roi, path, winter), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    assert len(fake_ee.calls("computePixels")) == 16  # every tile of the winter image, none of summer's


def test_full_disk_is_an_output_error(ee_client, fake_ee, sources, roi, tmp_path, monkeypatch):
    def no_space(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pathlib.Path.write_bytes", no_space)
    with pytest.raises(OutputError, match="disk is full"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)


def test_unknown_collection_is_a_clear_error(ee_client, fake_ee, roi, tmp_path):
    with pytest.raises(TransportError, match="does not know"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)


def test_sign_in_needs_the_fakes_own_token_and_project(fake_ee, ee_key):
    from google.oauth2.credentials import Credentials

    with pytest.raises(auth.SignInError, match="Sign in again"):  # a token the service never issued
        auth.initialize(auth.SignIn(project="test-project", url=fake_ee.url), credentials=Credentials(token="stale"))
    with pytest.raises(auth.SignInError, match="not registered for Earth Engine"):
        auth.initialize(auth.SignIn("unregistered-project", str(ee_key), fake_ee.url))
    with pytest.raises(auth.SignInError, match="There is no Cloud project"):
        auth.initialize(auth.SignIn("no-such-project", str(ee_key), fake_ee.url))
    auth.initialize(auth.SignIn("test-project", str(ee_key), fake_ee.url))  # the right key and project


def test_revoked_sign_in_mid_run_says_sign_in_again(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.revoke_tokens()
    with pytest.raises(AuthError, match="Sign in again"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)


def test_network_gone_mid_download_is_retried_then_a_clear_error(ee_client, fake_ee, sources, roi, tmp_path):
    path = tmp_path / "s1.tif"
    fake_ee.latency = (0.2, 0.0)
    stopper = threading.Timer(0.5, fake_ee.go_offline)  # the service disappears while tiles are in flight
    stopper.start()
    with pytest.raises(TransportError, match="kept failing|network"):
        download_image(s1_request(roi, path), workers=2, policy=FAST, max_request_bytes=SMALL_TILES)
    stopper.join()
    assert not path.exists()


def test_all_images_share_one_pool(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.latency = (1.0, 0.0)
    reqs = [s1_request(roi, tmp_path / "a" / "s1.tif"), s2_request(roi, tmp_path / "a" / "s2.tif")]
    (tmp_path / "a").mkdir()
    download_images(reqs, concurrency=8, policy=FAST)
    assert fake_ee.peak_in_flight == 8  # four tiles of each image at once
    assert all(r.path.exists() for r in reqs)


# ----- limits that follow the project ---------------------------------------------------------

TINY_TILES = int(64 * 64 * 5 * 1.1) + 8  # bytes: 64 x 64 px tiles for one float32 band (64 per scene)


def test_adaptive_limit_halves_once_per_round_and_grows_back_one_by_one():
    from sen12_plugin.core.earthengine.transport import AdaptiveLimit

    limit = AdaptiveLimit(40)
    with limit.slot() as sent_before_the_cut:
        pass
    limit.refused(time.monotonic())
    limit.refused(sent_before_the_cut)  # the same round: no second cut
    assert (limit.current, limit.lowest, limit.refusals) == (20, 20, 2)
    for _ in range(20):
        limit.succeeded()
    assert limit.current == 21  # one more after as many successes as the limit
    for _ in range(1000):
        limit.succeeded()
    assert limit.current == 40  # never above the setting


def test_a_legacy_projects_20_requests_work_without_a_failed_run(ee_client, fake_ee, sources, roi, tmp_path):
    """Concurrency starts at the default 40; the project allows 20 (legacy): the service refuses
    what is beyond, the transport halves and then probes back, and every tile arrives."""
    from sen12_plugin.core.earthengine.transport import AdaptiveLimit

    fake_ee.concurrency_cap = 20
    fake_ee.latency = (1.0, 0.0)
    limit = AdaptiveLimit(40)
    paths = [tmp_path / "s1.tif"]
    download_images([s1_request(roi, p) for p in paths], concurrency=40, policy=FAST,
                    max_request_bytes=TINY_TILES, adaptive=limit)
    assert all(np.array_equal(read(p)[0], expected(sources["s1"], -9999.0)) for p in paths)
    tiles = 64
    assert fake_ee.served == tiles and limit.lowest <= 20
    # the refusals are at most the first round beyond 20 (sent before the first 429 came back) and a
    # probe now and then, not one request in two all along
    assert fake_ee.refused_for_concurrency == limit.refusals <= (40 - 20) + 4


def test_a_request_past_the_deadline_is_split_not_asked_again(fake_ee, ee_key, sources, roi, tmp_path):
    auth.initialize(auth.SignIn("test-project", str(ee_key), fake_ee.url, deadline_s=1.0))
    fake_ee.latency = (0.0, 8.0)  # 8 s per megapixel: 512 x 512 px takes 2 s, 256 x 256 px 0.5 s
    path = download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))
    assert [b["grid"]["dimensions"]["width"] for b in fake_ee.calls("computePixels")] == [512, 256, 256, 256, 256]


def test_the_request_deadline_is_a_setting_below_the_services_five_minutes():
    assert auth.SignIn("p", deadline_s=120).deadline_s == 120
    with pytest.raises(InputError, match="below the 300 s"):
        auth.SignIn("p", deadline_s=300)


def test_the_fake_times_out_computations_past_five_minutes_and_the_tile_is_split(ee_client, fake_ee, sources, roi,
                                                                                   tmp_path):
    fake_ee.compute_s_per_mpx = 2000  # 512 x 512 px: 524 s, past the limit; 256 x 256 px: 131 s
    path = download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)
    assert np.array_equal(read(path)[0], expected(sources["s1"], -9999.0))
    assert [b["grid"]["dimensions"]["width"] for b in fake_ee.calls("computePixels")] == [512, 256, 256, 256, 256]


def test_a_cancelled_run_lets_go_of_its_request_threads_within_seconds(ee_client, fake_ee, sources, roi, tmp_path):
    from sen12_plugin.core.earthengine.transport import compute_pixels

    fake_ee.latency = (30.0, 0.0)  # every answer takes half a minute
    inside = []
    lock = threading.Lock()

    def counted(*args):
        with lock:
            inside.append(1)
        try:
            return compute_pixels(*args)
        finally:
            with lock:
                inside.pop()

    flag = threading.Event()
    threading.Timer(0.7, flag.set).start()
    with pytest.raises(Cancelled):
        download_image(s1_request(roi, tmp_path / "s1.tif"), counted, workers=4, policy=FAST,
                       max_request_bytes=SMALL_TILES, cancelled=flag.is_set)
    cancelled_at = time.monotonic()
    while inside and time.monotonic() - cancelled_at < 10:
        time.sleep(0.05)
    assert not inside and time.monotonic() - cancelled_at < 3


def test_a_quota_for_the_day_is_not_retried(ee_client, fake_ee, sources, roi, tmp_path):
    fake_ee.fault_always["pixels"] = fake.Fault(
        "status", 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Compute requests' and limit "
        "'Compute requests per day' of service 'earthengine.googleapis.com'.")
    with pytest.raises(TransportError, match="used up for now"):
        download_image(s1_request(roi, tmp_path / "s1.tif"), workers=1, policy=FAST)
    assert len(fake_ee.calls("computePixels")) == 1
