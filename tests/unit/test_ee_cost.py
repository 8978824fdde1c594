"""Cost before commitment: the plan measured with Earth Engine's computation profiles, the budget, export EECU.

The real client against the fake, which answers profiles as the live service does (see
fake_earthengine/server.py, PROFILE_REQUEST_HEADER).
"""

import json
from dataclasses import replace

import pytest
from fake_earthengine import server as fake

from sen12_plugin.core import pipeline, rois, seasons
from sen12_plugin.core.earthengine import cost, exports, graph, scenes, transport
from sen12_plugin.core.earthengine.cost import BudgetExceeded, CostOptions, eecu_seconds_of
from sen12_plugin.core.earthengine.retry import RetryPolicy
from sen12_plugin.core.earthengine.tiling import roi_grid
from sen12_plugin.core.errors import InputError

pytestmark = pytest.mark.needs_osgeo  # ROIs and their UTM grids go through osr

FAST = RetryPolicy(max_attempts=5, base_delay=0.01)
SUMMER = seasons.paper_season("summer")
CONCURRENCY = 8  # two tiles per image: more requests than kinds


def two_rois(n=2):
    # 5.12 km: 512 x 512 px, so each image is cut into several tiles at this concurrency
    return [(rois.square_roi(i, 11.0 + 0.2 * i, 48.0, 5.12, seed=7), SUMMER) for i in range(1, n + 1)]


def expected_tiles(requests, concurrency=CONCURRENCY):
    images = []
    for roi, _ in requests:
        grid = roi_grid(roi)
        images += [(grid, ("VV",), "float32"), (grid, ("B4", "B3", "B2"), "uint16"),
                   (grid, ("cs", "cs_cdf", "provenance"), "float32")]  # the S2 mosaic's QA (issue 20)
    return cost.work_of(images, concurrency)


def fake_eecu(fake_ee, work):
    fixed, per_mp = fake_ee.eecu_model
    return sum(fixed + per_mp * w.pixels * w.bands / 1e6 for w in work)


def fetch(requests, tmp_path, concurrency=CONCURRENCY, **kwargs):
    plans, lines = [], []
    result = scenes.fetch_scene_pairs(requests, tmp_path / "out", concurrency=concurrency, policy=FAST,
                                      on_plan=plans.append, log=lines.append, **kwargs)
    return result, plans, lines


def test_profile_text_reads_as_the_sum_of_its_eecu_column():
    # as the live service prints it (geetools docs, usage/profile), with a CurrMem column and a '-' row
    text = (" EECU·s PeakMem Count  Description\n  0.263     59k     6  Algorithm Image.reduceRegions\n"
            "  0.198    567k    87  Loading assets: projects/google/charts_feature_example\n"
            "      -     352    72  Reprojecting pixels from GEOGCS[\"GCS_North_American_1983\"]\n")
    assert eecu_seconds_of(text) == pytest.approx(0.461)
    assert eecu_seconds_of(" EECU·s CurrMem PeakMem Count  Description\n  1.500  1k  2.0M  3  x\n") == 1.5
    assert eecu_seconds_of("") == 0.0
    with pytest.raises(cost.ProfileError, match="EECU column"):
        eecu_seconds_of("Count Description\n3 x\n")


def test_the_fake_profiles_pixel_calls_only_when_asked(ee_client, fake_ee):
    fake_ee.synthetic = True
    roi = rois.square_roi(1, 11.0, 48.0, 2.56)
    image, window = graph.s2_download(roi, SUMMER), roi_grid(roi).window(0, 0, 100, 200)
    transport.compute_pixels(image, window, ["B4", "B3", "B2"])
    assert fake_ee.profiles == {}  # not asked: no profile
    ids = []
    with ee_client.data.profiling(ids.append):
        transport.compute_pixels(image, window, ["B4", "B3", "B2"])
        fake_ee.inject("pixels", fake.INTERNAL)
        with pytest.raises(ee_client.EEException):
            ee_client.data.computePixels({"expression": image, "fileFormat": "GEO_TIFF", "bandIds": ["B4"],
                                          "grid": {"dimensions": {"width": 10, "height": 10},
                                                   "affineTransform": {"scaleX": 10, "shearX": 0, "translateX": 0,
                                                                       "shearY": 0, "scaleY": -10, "translateY": 0},
                                                   "crsCode": window.crs}})
    assert len(ids) == 1  # the failed call carried none
    text = cost.read_profiles(ids, FAST)
    assert text.splitlines()[0] == fake.PROFILE_TABLE_HEADER
    assert "Loading assets: COPERNICUS/S2_HARMONIZED" in text and "\n      -" in text
    assert eecu_seconds_of(text) == pytest.approx(0.05 + 0.4 * 100 * 200 * 3 / 1e6, abs=2e-3)


def test_the_plan_comes_from_the_first_requests_profiles(ee_client, fake_ee, tmp_path):
    fake_ee.synthetic = True
    requests = two_rois()
    work = expected_tiles(requests)
    result, plans, lines = fetch(requests, tmp_path)
    [plan] = plans
    assert result.plan == plan and len(result.scenes) == 2
    assert (plan.scenes, plan.requests, plan.concurrency) == (2, len(work), CONCURRENCY) and len(work) > 4
    assert fake_ee.served == len(work)
    assert plan.megabytes == pytest.approx(2 * 512 * 512 * (4 + 3 * 2 + 3 * 4) / 1e6)
    # measured on the first answers (one of each kind at least), extrapolated by pixels to every request
    assert plan.probe_requests >= 2 and set(plan.eecu_seconds_per_megapixel) == {"VV", "B4,B3,B2", "cs,cs_cdf,provenance"}
    assert plan.eecu_hours == pytest.approx(fake_eecu(fake_ee, work) / 3600, rel=0.05)
    assert result.eecu_seconds == pytest.approx(fake_eecu(fake_ee, work), rel=0.01)  # all answers, measured
    assert plan.expected_seconds > 0 and plan.download_megabytes > 0
    text = plan.summary()
    assert "2 scene pair(s)" in text and f"{len(work)} request(s)" in text and "an estimate" in text
    assert "Community tier's 150 EECU-hours a month" in text
    stored = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert stored["requests"] == len(work) and stored["summary"] == text and stored["tier_eecu_hours"] == 150
    assert text in lines and any("This download used" in line for line in lines)


def test_the_tier_is_the_users_choice(ee_client, fake_ee, tmp_path):
    fake_ee.synthetic = True
    _, [plan], _ = fetch(two_rois()[:1], tmp_path, costs=CostOptions(tier="partner"))
    assert plan.tier_eecu_hours == 100000 and "Partner tier's 100,000 EECU-hours" in plan.summary()
    assert CostOptions(tier="contributor").tier == "Contributor"  # as auth.SignIn.tier spells it
    assert "commercial project, billed by use" in replace(plan, tier="commercial").summary()
    with pytest.raises(InputError, match="tier 'gold'"):
        CostOptions(tier="gold")
    with pytest.raises(InputError, match="positive"):
        CostOptions(budget_eecu_hours=-1)


def test_a_budget_stops_before_the_bulk_and_a_rerun_resumes(ee_client, fake_ee, tmp_path):
    fake_ee.synthetic = True
    fake_ee.eecu_model = (1.0, 50.0)  # about 100 EECU-seconds in all
    requests = two_rois()
    work = expected_tiles(requests)
    with pytest.raises(BudgetExceeded, match="more than the budget of 0.001 EECU-hours, so it stopped before the bulk"):
        fetch(requests, tmp_path, costs=CostOptions(budget_eecu_hours=0.001))
    assert fake_ee.served == 3  # the first request of each kind (S1, S2, S2 QA), nothing more
    plan = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert plan["budget_eecu_hours"] == 0.001 and plan["eecu_hours"] > 0.001
    result, [resumed], _ = fetch(requests, tmp_path, costs=CostOptions(budget_eecu_hours=1.0))
    assert len(result.scenes) == 2 and all(p.s1.exists() and p.s2.exists() for p in result.scenes)
    assert fake_ee.served == len(work)  # the re-run fetched only what was missing
    assert resumed.requests == len(work) - 3


def test_a_rerun_under_the_same_budget_stops_before_any_request(ee_client, fake_ee, tmp_path):
    """A re-run that would still pass the budget is told so from the rates the last run measured on
    this folder (plan.json), not by paying for new first requests each time: re-running under a
    small budget must not download the scenes a few tiles a run."""
    fake_ee.synthetic = True
    fake_ee.eecu_model = (1.0, 50.0)
    requests = two_rois()
    small = CostOptions(budget_eecu_hours=0.001)
    with pytest.raises(BudgetExceeded):
        fetch(requests, tmp_path, costs=small)
    assert fake_ee.served == 3
    with pytest.raises(BudgetExceeded, match="measured by an earlier run on this folder.*before any request"):
        fetch(requests, tmp_path, costs=small)
    assert fake_ee.served == 3  # no pixels asked for again
    plan = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert plan["eecu_hours"] > 0.001 and plan["eecu_seconds_per_megapixel"]  # a third run knows it too
    result, _, _ = fetch(requests, tmp_path, costs=CostOptions(budget_eecu_hours=1.0))
    assert len(result.scenes) == 2 and fake_ee.served == len(expected_tiles(requests))


def test_the_sen1_2_size_figures_count_what_a_download_asks_for(ee_client, tmp_path):
    """ee-smoke's and the README's SEN1-2-size cost rest on sen12_size_work: it must be the requests a
    download of 503 such scenes makes (the S2 mosaic's QA included), as REQUEST_ONLY's plan counts them."""
    n = 20  # more images than requests in flight: tiled as in a big run (few images are cut finer)
    requests = [(rois.square_roi(i, 11.0, 44.0 + 0.3 * i, 25.6, seed=7), SUMMER) for i in range(n)]
    assert {(roi_grid(r).width, roi_grid(r).height) for r, _ in requests} == {(2560, 2560)}
    scenes.write_requests(requests, tmp_path, concurrency=40)
    some = json.loads((tmp_path / "plan.json").read_text())
    work = cost.sen12_size_work()
    assert len(work) / cost.SEN12_SCENE_PAIRS == some["requests"] / n
    assert sum(w.megabytes for w in work) / cost.SEN12_SCENE_PAIRS == pytest.approx(some["megabytes"] / n)


def test_a_budget_stops_the_run_when_the_measured_use_passes_it(ee_client, fake_ee, tmp_path):
    """The first answers are cheap, the later ones dear: the estimate passes, the tally stops the run."""
    fake_ee.synthetic = True
    fake_ee.eecu_of = lambda n, pixels, bands: 0.001 if n <= 3 else 60.0  # the probes (one per kind) cheap
    requests = two_rois(4)
    work = expected_tiles(requests, 2)  # one tile per image, two at a time: the tally comes every two answers
    with pytest.raises(BudgetExceeded, match="has used .* more than the budget of 0.02 EECU-hours"):
        fetch(requests, tmp_path, 2, costs=CostOptions(budget_eecu_hours=0.02))  # 72 EECU-seconds
    assert 3 < fake_ee.served < len(work)
    fake_ee.eecu_of = None
    result, _, _ = fetch(requests, tmp_path, 2)
    assert len(result.scenes) == 4 and fake_ee.served <= len(work) + 1  # at most one tile in flight fetched twice


def test_without_profiles_the_compute_is_not_measured_and_a_budget_refuses(ee_client, fake_ee, tmp_path):
    fake_ee.synthetic = True
    fake_ee.send_profiles = False
    result, [plan], _ = fetch(two_rois()[:1], tmp_path)
    assert plan.eecu_hours is None and "Compute: not measured: Earth Engine sent no computation profile" in plan.summary()
    assert len(result.scenes) == 1
    with pytest.raises(BudgetExceeded, match="compute cannot be measured"):
        fetch(two_rois()[1:], tmp_path, costs=CostOptions(budget_eecu_hours=5))


def test_plan_only_stops_after_the_first_requests_and_the_download_resumes_from_them(ee_client, fake_ee, tmp_path):
    fake_ee.synthetic = True
    requests = two_rois()
    # 12 parallel requests: every image (S1, S2, S2 QA of two scenes) comes in two tiles, so the
    # first requests finish no image
    work = expected_tiles(requests, 12)
    result, [plan], _ = fetch(requests, tmp_path, 12, costs=CostOptions(plan_only=True))
    assert result.scenes == [] and plan.requests == len(work) and fake_ee.served == 3
    written = [p for r, s in requests for p in scenes.scene_files(tmp_path / "out", r, s).all_files()
               if p.suffix == ".tif" and p.exists()]
    assert not written, written
    done, _, _ = fetch(requests, tmp_path, 12)
    assert len(done.scenes) == 2 and fake_ee.served == len(work)


def test_request_only_writes_the_plan_and_contacts_nothing(fake_ee, tmp_path):
    arctic = rois.square_roi(3, 20.0, 85.5, 2.56)
    requests = two_rois() + [(arctic, SUMMER)]
    pipeline.write_requests(requests, tmp_path, graph.RecipeOptions(), concurrency=CONCURRENCY,
                            costs=CostOptions(tier="contributor"))
    plan = json.loads((tmp_path / "plan.json").read_text())
    work = expected_tiles(two_rois())
    assert (plan["scenes"], plan["requests"]) == (2, len(work))  # the arctic ROI is outside coverage
    assert plan["megabytes"] == pytest.approx(sum(w.megabytes for w in work))
    assert plan["eecu_hours"] is None and "measured with Earth Engine's computation profiles" in plan["summary"]
    assert "planning latency model" in plan["summary"] and plan["tier_eecu_hours"] == 1000
    assert fake_ee.log == []


def test_exports_report_their_eecu_from_the_task_metadata_when_done(ee_client, fake_ee):
    fake_ee.export_eecu_seconds = 4321.0
    roi = rois.square_roi(1, 11.0, 48.0, 2.56)
    exports.start_exports(roi, SUMMER, graph.RecipeOptions(), policy=FAST)
    rows = exports.export_status(FAST)
    assert {r["state"] for r in rows} == {"RUNNING"} and {r["eecu_seconds"] for r in rows} == {None}
    rows = exports.export_status(FAST)
    assert {r["state"] for r in rows} == {"COMPLETED"} and {r["eecu_seconds"] for r in rows} == {4321.0}


def test_profiles_that_cannot_be_read_leave_a_download_without_budget_alone(ee_client, fake_ee, tmp_path):
    from sen12_plugin.core.earthengine.retry import TransportError

    def unreadable(ids):
        raise TransportError("Earth Engine could not compute the request: Profile.getProfiles is unavailable")

    fake_ee.synthetic = True
    roi, _ = two_rois()[0]
    grid = roi_grid(roi)
    reqs = [transport.DownloadRequest(graph.s1_download(roi, SUMMER), grid, ("VV",), "float32", -9999.0,
                                      tmp_path / "s1_1.tif", graph.S1_VALID),
            transport.DownloadRequest(graph.s2_download(roi, SUMMER), grid, ("B4", "B3", "B2"), "uint16", 0,
                                      tmp_path / "s2_1.tif", graph.S2_VALID)]
    meter = cost.Meter(CostOptions(), scenes=1, concurrency=CONCURRENCY, read=unreadable)
    transport.download_images(reqs, concurrency=CONCURRENCY, policy=FAST, meter=meter)
    assert all(r.path.exists() for r in reqs)
    assert meter.plan.eecu_hours is None and "profiles could not be read" in meter.plan.summary()
    assert meter.finish() == 0.0 and "unavailable" in meter.unreadable
    budgeted = cost.Meter(CostOptions(budget_eecu_hours=1), scenes=1, concurrency=CONCURRENCY, read=unreadable)
    for r in reqs:
        r.path.unlink()
    with pytest.raises(BudgetExceeded, match="compute cannot be measured"):
        transport.download_images(reqs, concurrency=CONCURRENCY, policy=FAST, meter=budgeted)


def test_a_rerun_waits_for_the_image_the_stopped_run_was_still_assembling(ee_client, fake_ee, tmp_path, monkeypatch):
    """A stopped run leaves a COG being written to finish; a re-run at once must not assemble it a second time.

    The stopped run's mosaic removes the tiles when it ends, so a second mosaic of the same image,
    started meanwhile, found its tiles gone (CI, stop 24: "tile_0_0_512x512.tif: No such file").
    """
    import threading
    import time

    slow_mosaic, mosaicking = transport._mosaic, threading.Event()

    def mosaic(scene):
        mosaicking.set()
        time.sleep(0.4)  # a big image takes seconds; the re-run starts meanwhile
        slow_mosaic(scene)

    monkeypatch.setattr(transport, "_mosaic", mosaic)
    fake_ee.synthetic = True
    fake_ee.eecu_model = (1.0, 50.0)
    requests = two_rois()
    # one ROI small enough that a first request is a whole image, which then is assembled at once
    requests[0] = (rois.square_roi(1, 11.2, 48.0, 1.28, seed=7), SUMMER)
    with pytest.raises(BudgetExceeded):
        fetch(requests, tmp_path, costs=CostOptions(budget_eecu_hours=0.001))
    assert mosaicking.is_set()  # the stopped run was still assembling when it returned
    result, _, _ = fetch(requests, tmp_path, costs=CostOptions(budget_eecu_hours=1.0))
    assert len(result.scenes) == 2 and all(p.s1.exists() and p.s2.exists() for p in result.scenes)
