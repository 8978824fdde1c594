"""The only live check: `make ee-smoke EE_PROJECT=<your Cloud project> [EE_KEY=<key.json>]`.

Talks to the real Earth Engine with your credentials (the client's stored sign-in from
``earthengine authenticate``, or a service-account key file). For one ROI (2.56 km near
Munich, summer 2017) it asks how many images match, downloads one 256 x 256 px tile of each
sensor through the plugin's own transport, and checks what the tests can only assume of the
fake: the project's registration (``projects/{project}/config`` registrationState), the no-data
tag Earth Engine itself puts in one raw S1 and one S2 tile (the fake sends the tags of
tests/fake_earthengine/server.py ``SERVICE_NODATA``; the transport must take them as no-data
markers), pixel type, no-data tag of the finished scenes, transform on the pinned grid, S1/S2 grid
equality and plausible values. Prints every check; exits 1 if one fails. CI never runs it.

``SEN12_EE_URL`` points it at another endpoint (the fake, for a dry run of the script itself).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sen12_plugin.core import rois, seasons  # noqa: E402
from sen12_plugin.core.earthengine import auth, cost, graph, retry, scenes  # noqa: E402
from sen12_plugin.core.earthengine.tiling import roi_grid  # noqa: E402
from sen12_plugin.core.earthengine.transport import (  # noqa: E402
    DownloadRequest,
    compute_pixels,
    download_images,
    tag_problem,
)
from sen12_plugin.core.errors import Sen12Error  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from fake_earthengine.server import SERVICE_NODATA  # noqa: E402 - what the fake assumes of the live service


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", required=True, help="Cloud project registered for Earth Engine")
    parser.add_argument("--key", help="service-account key file (else the stored sign-in)")
    parser.add_argument("--lon", type=float, default=11.55)
    parser.add_argument("--lat", type=float, default=48.14)
    parser.add_argument("--season", default="summer")
    parser.add_argument("--year", type=int, default=2017)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "ee_smoke")
    args = parser.parse_args()
    import numpy as np
    import rasterio

    failures = []

    def check(label: str, ok: bool, detail: str = "") -> None:
        print(f"  {'PASS' if ok else 'FAIL'}  {label}{': ' + detail if detail else ''}")
        if not ok:
            failures.append(label)

    try:
        status = auth.initialize(auth.sign_in_for(args.project, args.key))
        print(f"Signed in to Earth Engine: {status.describe()}.")
        check("project registered for Earth Engine (projects/{project}/config registrationState)",
              status.registration in ("REGISTERED_NOT_COMMERCIALLY", "REGISTERED_COMMERCIALLY"),
              status.registration or "not reported by the service")
        roi = rois.square_roi(0, args.lon, args.lat, 2.56)
        season = seasons.paper_season(args.season, args.year)
        options = graph.RecipeOptions()
        grid = roi_grid(roi)
        info, reason = scenes.check_availability(roi, season, options)
        print(f"Availability {season.start}..{season.end}: {info.get('s1')} S1, {info.get('s2')} S2 image(s).")
        if reason:
            print(f"Cannot test downloads here: {reason}. Try another --season or --lon/--lat.")
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        reqs = [DownloadRequest(graph.s1_download(roi, season, options), grid, options.s1_bands,
                                graph.S1_DTYPE, graph.S1_NODATA, args.out / "s1_0.tif", graph.S1_VALID),
                DownloadRequest(graph.s2_download(roi, season, options), grid, options.s2_bands,
                                graph.S2_DTYPE, graph.S2_NODATA, args.out / "s2_0.tif", graph.S2_VALID)]
        for req in reqs:
            req.path.unlink(missing_ok=True)
            check_raw_tag(req, check)
        meter = cost.Meter(cost.CostOptions(), scenes=1, concurrency=2)
        download_images(reqs, concurrency=2, meter=meter)
        report_cost(meter, check)
    except Sen12Error as exc:
        print(f"Stopped: {exc}")
        return 1
    print(f"Downloaded {grid.width} x {grid.height} px of each sensor into {args.out}; checks:")
    with rasterio.open(reqs[0].path) as s1, rasterio.open(reqs[1].path) as s2:
        for ds, req in ((s1, reqs[0]), (s2, reqs[1])):
            name = req.path.name
            check(f"{name} pixel type", ds.dtypes == (req.dtype,) * len(req.bands), str(ds.dtypes))
            check(f"{name} no-data tag", ds.nodata == req.nodata, str(ds.nodata))
            check(f"{name} transform on the pinned grid", tuple(ds.transform)[:6] == grid.transform,
                  str(tuple(ds.transform)[:6]))
            check(f"{name} CRS", ds.crs.to_epsg() == grid.crs_epsg, str(ds.crs))
        check("S1 and S2 on one grid", s1.crs == s2.crs and s1.transform == s2.transform and s1.shape == s2.shape)
        v1, v2 = s1.read(masked=True), s2.read(masked=True)
        print(f"  info  no-data share: S1 {np.ma.getmaskarray(v1).mean():.1%}, S2 {np.ma.getmaskarray(v2).mean():.1%}")
        check("S1 values are dB", v1.count() > 0 and -60 < float(v1.min()) and float(v1.max()) < 30,
              f"{v1.min()} .. {v1.max()}")
        check("S2 values are digital numbers", v2.count() > 0 and 0 < float(v2.max()) <= 20000,
              f"{v2.min()} .. {v2.max()}")
    print("All checks passed." if not failures else f"{len(failures)} check(s) failed: {', '.join(failures)}")
    return 1 if failures else 0


def check_raw_tag(req: DownloadRequest, check) -> None:
    """One 64 x 64 px tile as Earth Engine sends it: its no-data tag is the one the fake sends for
    the type (geedim's live test_ee_geotiff_nodata says: -inf for floats, 0 for unsigned), and the
    transport can take it as a no-data marker."""
    import math

    from rasterio.io import MemoryFile

    data = retry.call(lambda: compute_pixels(req.image, req.grid.window(0, 0, 64, 64), req.bands))
    with MemoryFile(data) as mem, mem.open() as ds:
        dtype, tag = ds.dtypes[0], ds.nodata
    expected = SERVICE_NODATA.get(dtype)
    same = tag == expected or (tag is not None and expected is not None and math.isnan(tag) and math.isnan(expected))
    name = req.path.name.split("_")[0].upper()
    check(f"{name} tile: Earth Engine's own no-data tag is the one the fake sends", dtype == req.dtype and same,
          f"{dtype}, tagged {tag}; the fake sends {req.dtype} tagged {SERVICE_NODATA.get(req.dtype)}")
    problem = tag_problem(tag, req)
    check(f"{name} tile: the tag is one more no-data marker, not a real value", problem is None, problem or "")


def report_cost(meter: cost.Meter, check) -> None:
    """Whether computePixels answers carry a computation profile (the plan's compute rests on it),
    the rate measured, and what a SEN1-2-size run would need at that rate (an estimate)."""
    plan = meter.plan
    check("computePixels answers carry a computation profile", plan is not None and plan.eecu_hours is not None,
          plan.compute_basis if plan is not None else "no plan")
    if plan is None or plan.eecu_hours is None:
        return
    rates = plan.eecu_seconds_per_megapixel
    print("  info  measured: " + ", ".join(f"{kind} {rate:.3g} EECU-seconds per megapixel" for kind, rate in rates.items()))
    work = cost.sen12_size_work()
    measured = [w for w in work if w.kind in rates]  # the smoke fetches S1 and S2, not the S2 mosaic's QA
    hours = cost.extrapolate_eecu_hours(rates, measured)
    rest = len(work) - len(measured)
    print(f"  info  a SEN1-2-size download ({cost.SEN12_SCENE_PAIRS} scene pairs, {len(work)} requests) would need about "
          f"{hours:.3g} EECU-hours at these rates for its {len(measured)} S1 and S2 requests"
          + (f", plus its {rest} QA requests, not measured here" if rest else "")
          + ": an estimate from two small tiles (caching and other data change it).")


if __name__ == "__main__":
    sys.exit(main())
