"""Download speed against a latency model: `make bench-download`.

The fake Earth Engine service (tests/fake_earthengine, in its own process) answers
``computePixels`` after ``fixed + per_mp x megapixels`` seconds and refuses (429) more than
``cap`` requests in flight, as a project's concurrent-request quota does. The real client
downloads, through the plugin's transport, one 25.6 km ROI pair (S1 2560 x 2560 float32,
S2 3 x 2560 x 2560 uint16) and then twenty pairs in one fetch (all tiles share one pool).

Ideal time for the model: no schedule can beat ``fixed + per_mp x W / cap`` (all work spread
over every slot), nor ``(n_min x fixed + per_mp x W) / cap`` where ``n_min`` is the fewest
requests the 48 MiB request limit allows; the ideal is the larger. Reported: time / ideal
(lower is better; goal <= 1.25). Timed is the download of every tile (requests, checks, tiles
on disk); assembling the COGs afterwards is local work, timed and reported on its own. Each
case starts after an untimed warm-up of 40 small requests (threads and connections up, as in a
QGIS session after its first fetch); its time is reported too. The timed download is measured as
a real one is (sen12_plugin.core.earthengine.cost.Meter: every request profiled, the plan made
from the first answers): the plan's expected time is printed beside the measured one (goal:
within 20 %).
Synthetic scenes are constant and fully valid, so the fake's own CPU stays small on 2 cores.
Writes build/bench_download.json.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sen12_plugin.core import rois, seasons  # noqa: E402
from sen12_plugin.core.earthengine import auth, cost, graph  # noqa: E402
from sen12_plugin.core.earthengine.tiling import (  # noqa: E402
    REQUEST_OVERHEAD_S,
    SECONDS_PER_MEGAPIXEL,
    max_tile_pixels,
    plan_fetch,
    roi_grid,
)
from sen12_plugin.core.earthengine.transport import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    DownloadRequest,
    RetryPolicy,
    download_images,
)

SUMMER = seasons.paper_season("summer")


def pair_requests(n: int, folder: Path) -> list:
    reqs = []
    for i in range(n):
        roi = rois.square_roi(i, 9.5 + 0.4 * (i % 5), 47.0 + 0.4 * (i // 5), 25.6, seed=1)
        grid = roi_grid(roi)
        reqs += [DownloadRequest(graph.s1_download(roi, SUMMER), grid, ("VV",), graph.S1_DTYPE, graph.S1_NODATA,
                                 folder / f"s1_{i}.tif"),
                 DownloadRequest(graph.s2_download(roi, SUMMER), grid, ("B4", "B3", "B2"), graph.S2_DTYPE,
                                 graph.S2_NODATA, folder / f"s2_{i}.tif")]
    return reqs


def ideal_seconds(reqs: list, fixed: float, per_mp: float, cap: int) -> float:
    work = sum(r.grid.width * r.grid.height for r in reqs) / 1e6
    fewest = sum(math.ceil(r.grid.width * r.grid.height / max_tile_pixels(len(r.bands), r.dtype)) for r in reqs)
    return max(fixed + per_mp * work / cap, (fewest * fixed + per_mp * work) / cap)


def run_case(pairs: int, args, workdir: Path) -> dict:
    key = workdir / f"key_{pairs}.json"
    server = subprocess.Popen(
        [sys.executable, "-m", "fake_earthengine", "--key", str(key), "--fixed", str(args.fixed),
         "--per-mp", str(args.per_mp), "--cap", str(args.cap)],
        cwd=ROOT / "tests", stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = json.loads(server.stdout.readline())["url"]
        auth.initialize(auth.SignIn("test-project", str(key), url, connections=args.concurrency))
        folder = workdir / f"pairs_{pairs}"
        folder.mkdir()
        # Warm-up, not timed: 40 small requests at once start the session's request threads and
        # connections, as an earlier fetch in the same QGIS session leaves them (both are kept).
        warm = [DownloadRequest(r.image, r.grid.window(0, 0, 256, 256), r.bands, r.dtype, r.nodata,
                                folder / f"warm_{n}.tif") for n, r in enumerate(pair_requests(20, folder))]
        started = time.perf_counter()
        download_images(warm[:args.concurrency], concurrency=args.concurrency, assemble=False)
        cold = time.perf_counter() - started
        reqs = pair_requests(pairs, folder)
        tiles = sum(len(p) for p in plan_fetch([(r.grid, len(r.bands), r.dtype) for r in reqs], args.concurrency))
        meter = cost.Meter(cost.CostOptions(), scenes=pairs, concurrency=args.concurrency)
        started = time.perf_counter()
        download_images(reqs, concurrency=args.concurrency, policy=RetryPolicy(), assemble=False, meter=meter)
        seconds = time.perf_counter() - started
        used = meter.finish()  # not timed: the profiles of every answer, counted after the download
        plan = meter.plan
        assembly = None
        if pairs == 1:
            started = time.perf_counter()
            download_images(reqs, concurrency=args.concurrency, assemble=True)  # tiles are there: COGs only
            assembly = time.perf_counter() - started
    finally:
        server.stdin.close()
        stats = json.loads(server.stdout.readline() or "{}")
        server.wait(timeout=30)
    ideal = ideal_seconds(reqs, args.fixed, args.per_mp, args.cap)
    return {"pairs": pairs, "tiles": tiles, "seconds": round(seconds, 3), "ideal_seconds": round(ideal, 3),
            "vs_ideal": round(seconds / ideal, 3), "assembly_seconds": assembly and round(assembly, 3),
            "warm_up_seconds": round(cold, 3),
            "plan_expected_seconds": round(plan.expected_seconds, 3),
            "plan_vs_measured": round(plan.expected_seconds / seconds, 3),
            "plan_time_basis": plan.time_basis, "plan_eecu_hours": plan.eecu_hours,
            "measured_eecu_hours": used / 3600, "plan_summary": plan.summary(), **stats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixed", type=float, default=REQUEST_OVERHEAD_S, help="model: seconds per request")
    parser.add_argument("--per-mp", type=float, default=SECONDS_PER_MEGAPIXEL, help="model: seconds per megapixel")
    parser.add_argument("--cap", type=int, default=40, help="model: concurrent requests the project may run")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="the plugin's setting")
    parser.add_argument("--pairs", type=int, default=20, help="ROI pairs in the big fetch")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench_download.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sen12-bench-") as tmp:
        one = run_case(1, args, Path(tmp))
        many = run_case(args.pairs, args, Path(tmp))
    report = {
        "model": {"seconds_per_request": args.fixed, "seconds_per_megapixel": args.per_mp,
                  "concurrency_cap": args.cap},
        "concurrency": args.concurrency,
        "one_pair": one, "twenty_pairs": many,
        "one_pair_vs_ideal": one["vs_ideal"], "twenty_pairs_vs_ideal": many["vs_ideal"],
        "one_pair_plan_vs_measured": one["plan_vs_measured"], "twenty_pairs_plan_vs_measured": many["plan_vs_measured"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1))
    for name, case in (("one pair", one), (f"{args.pairs} pairs", many)):
        print(f"{name:>9}: {case['tiles']:4d} tiles  {case['seconds']:7.2f} s  ideal {case['ideal_seconds']:6.2f} s  "
              f"time/ideal {case['vs_ideal']:.2f}  (peak {case.get('peak_in_flight')} in flight, "
              f"{case.get('rejected')} refused by the cap)")
        print(f"{'':>9}  plan's estimate {case['plan_expected_seconds']:6.2f} s beside the measured "
              f"{case['seconds']:.2f} s: {100 * (case['plan_vs_measured'] - 1):+.0f} % (goal: within 20 %); "
              f"compute {case['plan_eecu_hours']:.3g} EECU-hours by the plan, {case['measured_eecu_hours']:.3g} "
              "measured (the fake's stand-in rate, not Google's)")
    print(f"COG assembly of one pair (local, not in the ratio): {one['assembly_seconds']:.2f} s")
    print(f"model: {args.fixed} s per request + {args.per_mp} s per megapixel, cap {args.cap}; "
          f"concurrency {args.concurrency}. Goal: time/ideal <= 1.25. Wrote {args.out}")


if __name__ == "__main__":
    main()
