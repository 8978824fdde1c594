"""make bench: the extractor against a naive baseline and a lower bound, on one scene pair.

Builds an S1 (float32 dB) / S2 (3 x uint16) pair of SIZE x SIZE px as tiled, deflate-compressed
GeoTIFFs (as the download step writes them), then times, each in its own process:
- project: sen12_plugin's extractor end to end (PNG pairs + patch index), both cores;
- naive:   per patch, a rasterio windowed read of both scenes and a PIL PNG save, one process;
- bound:   read both scenes once, then only encode and write every patch PNG (the project's
           encoder and settings), on both cores.
Prints pairs per second, ratios and peak resident memory, and writes build/bench.json.
A second project run on a 2x larger scene shows memory does not grow with scene size.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH = ROOT / "build" / "bench"

from sen12_plugin.core import png, recipe  # noqa: E402


def make_scene(size: int, folder: Path) -> tuple[Path, Path]:
    """A pair with smooth structure plus speckle-like noise, so PNGs compress like real data."""
    import rasterio
    from rasterio.transform import from_origin

    folder.mkdir(parents=True, exist_ok=True)
    s1_path, s2_path = folder / f"s1_{size}.tif", folder / f"s2_{size}.tif"
    if s1_path.exists() and s2_path.exists():
        return s1_path, s2_path
    common = dict(driver="GTiff", width=size, height=size, crs="EPSG:32632",
                  transform=from_origin(600000, 5400000, 10, 10), tiled=True, blockxsize=512,
                  blockysize=512, compress="deflate", BIGTIFF="IF_SAFER")
    rng = np.random.default_rng(42)
    x = np.arange(size, dtype=np.float32)
    with rasterio.open(s1_path.with_suffix(".part"), "w", count=1, dtype="float32", predictor=3,
                       nodata=np.nan, **common) as s1, \
         rasterio.open(s2_path.with_suffix(".part"), "w", count=3, dtype="uint16", predictor=2,
                       nodata=0, **common) as s2:
        for top in range(0, size, 512):
            h = min(512, size - top)
            y = np.arange(top, top + h, dtype=np.float32)[:, None]
            field = np.sin(x / 97.0) * np.cos(y / 131.0) + 0.5 * np.sin((x + 2 * y) / 53.0)
            win = rasterio.windows.Window(0, top, size, h)
            s1.write((-14 + 5 * field + rng.normal(0, 2.5, (h, size))).astype(np.float32)[None], window=win)
            bands = [800 + k * 150 + 500 * field + rng.normal(0, 60, (h, size)) for k in range(3)]
            s2.write(np.clip(np.stack(bands), 1, 10000).astype(np.uint16), window=win)
    s1_path.with_suffix(".part").rename(s1_path)
    s2_path.with_suffix(".part").rename(s2_path)
    return s1_path, s2_path


def peak_rss_mb(workers: int = 0) -> float:
    """This process' peak RSS plus ``workers`` times the largest worker's (they run together)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers * children) / 1024.0


def run_project(s1: Path, s2: Path, out: Path) -> dict:
    from sen12_plugin.core.extract import ExtractOptions, _worker_count, extract_scene_pair
    from sen12_plugin.core.index import update_patch_index

    opts = ExtractOptions(season="summer", scene=0, seed=1868)
    t0 = time.perf_counter()
    result = extract_scene_pair(s1, s2, out, opts)
    update_patch_index(result, "summer", 1868)
    seconds = time.perf_counter() - t0
    return {"pairs": len(result.records), "seconds": seconds,
            "peak_rss_mb": peak_rss_mb(_worker_count(opts.workers))}


def run_naive(s1: Path, s2: Path, out: Path) -> dict:
    import rasterio
    from PIL import Image
    from rasterio.windows import Window

    size, stride = recipe.PATCH_SIZE, recipe.PATCH_STRIDE
    t0 = time.perf_counter()
    pairs = 0
    (out / "s1").mkdir(parents=True, exist_ok=True)
    (out / "s2").mkdir(parents=True, exist_ok=True)
    with rasterio.open(s1) as a, rasterio.open(s2) as b:
        for row in range(0, a.height - size + 1, stride):
            for col in range(0, a.width - size + 1, stride):
                win = Window(col, row, size, size)
                vv = a.read(1, window=win)
                rgb = b.read([1, 2, 3], window=win)
                if np.isnan(vv).any() or (rgb == 0).all(axis=0).any():
                    continue
                g = ((np.clip(vv, -25, 0) + 25) / 25 * 255 + 0.5).astype(np.uint8)
                c = (np.clip(rgb, 0, 10000) / 10000 * 255 + 0.5).astype(np.uint8).transpose(1, 2, 0)
                pairs += 1
                Image.fromarray(g).save(out / "s1" / f"p{pairs}.png")  # Pillow's defaults
                Image.fromarray(c).save(out / "s2" / f"p{pairs}.png")
    return {"pairs": pairs, "seconds": time.perf_counter() - t0, "peak_rss_mb": peak_rss_mb()}


_BOUND: dict = {}


def _encode_rows(job: tuple[int, int, str]) -> int:
    start, stop, out = job
    g, c = _BOUND["g"], _BOUND["c"]
    size, stride = recipe.PATCH_SIZE, recipe.PATCH_STRIDE
    cols = (g.shape[1] - size) // stride + 1
    n = 0
    for r in range(start, stop):
        for k in range(cols):
            y, x = r * stride, k * stride
            png.write_png(f"{out}/s1_{r}_{k}.png", g[y:y + size, x:x + size])
            png.write_png(f"{out}/s2_{r}_{k}.png", c[y:y + size, x:x + size])
            n += 1
    return n


def run_bound(s1: Path, s2: Path, out: Path) -> dict:
    import rasterio

    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with rasterio.open(s1) as a, rasterio.open(s2) as b:
        _BOUND["g"] = ((np.clip(a.read(1), -25, 0) + 25) * (255 / 25) + 0.5).astype(np.uint8)
        _BOUND["c"] = np.dstack([(np.clip(b.read(i), 0, 10000) * (255 / 10000) + 0.5).astype(np.uint8)
                                 for i in (1, 2, 3)])
    rows = (_BOUND["g"].shape[0] - recipe.PATCH_SIZE) // recipe.PATCH_STRIDE + 1
    workers = os.cpu_count() or 1
    chunks = [(r, min(r + 2, rows), str(out)) for r in range(0, rows, 2)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:  # fork: shares the scenes
        pairs = sum(pool.map(_encode_rows, chunks))
    return {"pairs": pairs, "seconds": time.perf_counter() - t0, "peak_rss_mb": peak_rss_mb(workers)}


RUNNERS = {"project": run_project, "naive": run_naive, "bound": run_bound}


def measure(kind: str, s1: Path, s2: Path) -> dict:
    """Run one variant in a fresh process so its peak memory is its own."""
    out = BENCH / f"out_{kind}"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, __file__, "--run", kind, str(s1), str(s2), str(out)],
                          capture_output=True, text=True, check=True)
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10980)
    parser.add_argument("--no-double", action="store_true", help="skip the 2x larger project run")
    parser.add_argument("--only", default="project,naive,bound", help=argparse.SUPPRESS)
    parser.add_argument("--run", nargs=4, metavar=("KIND", "S1", "S2", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        kind, s1, s2, out = args.run
        print(json.dumps(RUNNERS[kind](Path(s1), Path(s2), Path(out))))
        return 0

    print(f"building a {args.size} x {args.size} scene pair (cached in {BENCH}) ...", flush=True)
    s1, s2 = make_scene(args.size, BENCH)
    results = {kind: measure(kind, s1, s2) for kind in args.only.split(",")}
    if len(results) < 3:  # a partial run for profiling: figures only
        print(json.dumps(results, indent=1))
        return 0
    for r in results.values():
        r["pairs_per_s"] = r["pairs"] / r["seconds"]
    figures = {
        "size": args.size,
        "pairs": results["project"]["pairs"],
        "project_pairs_per_s": round(results["project"]["pairs_per_s"], 1),
        "naive_pairs_per_s": round(results["naive"]["pairs_per_s"], 1),
        "bound_pairs_per_s": round(results["bound"]["pairs_per_s"], 1),
        "speedup_vs_naive": round(results["project"]["pairs_per_s"] / results["naive"]["pairs_per_s"], 2),
        "time_vs_bound": round(results["project"]["seconds"] / results["bound"]["seconds"], 2),
        "project_peak_rss_mb": round(results["project"]["peak_rss_mb"], 1),
        "naive_peak_rss_mb": round(results["naive"]["peak_rss_mb"], 1),
        "bound_peak_rss_mb": round(results["bound"]["peak_rss_mb"], 1),
        "seconds": {k: round(r["seconds"], 2) for k, r in results.items()},
        "cpu_count": os.cpu_count(),
        "png_deflate": f"{png.DEFLATE} level {png.LEVEL}, filter Up",
    }
    if not args.no_double:
        big = args.size * 2
        print(f"building a {big} x {big} scene pair for the memory check ...", flush=True)
        b1, b2 = make_scene(big, BENCH)
        double = measure("project", b1, b2)
        figures["double"] = {"size": big, "pairs": double["pairs"],
                             "project_pairs_per_s": round(double["pairs"] / double["seconds"], 1),
                             "project_peak_rss_mb": round(double["peak_rss_mb"], 1)}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(figures, indent=2))
    print(f"scene {args.size} x {args.size}: {figures['pairs']} patch pairs")
    for kind in ("project", "naive", "bound"):
        print(f"{kind:8s} {figures[kind + '_pairs_per_s']:8.1f} pairs/s  "
              f"{figures['seconds'][kind]:7.1f} s  peak RSS {figures[kind + '_peak_rss_mb']:7.1f} MB")
    if "double" in figures:
        d = figures["double"]
        print(f"project at {d['size']} x {d['size']}: {d['project_pairs_per_s']} pairs/s, "
              f"peak RSS {d['project_peak_rss_mb']} MB")
    print(f"speedup vs naive: {figures['speedup_vs_naive']}x")
    print(f"time vs bound:    {figures['time_vs_bound']}x")
    print(f"project peak RSS: {figures['project_peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
