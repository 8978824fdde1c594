"""make bench: the extractor against a lower bound, GDAL's own route and a naive loop, on one scene pair.

Builds an S1 (float32 dB) / S2 (3 x uint16) pair of SIZE x SIZE px as tiled, deflate-compressed
GeoTIFFs (as the download step writes them), then times, each run in its own process:
- project:      sen12_plugin's extractor end to end (PNG pairs, patch checks, patch index), all cores;
- project_zlib: the same without ``isal`` (a stock QGIS: zlib deflate);
- bound:        decode both scenes once with GDAL (all cores), then only scale to 8 bit and
                encode and write every patch pair with the fastest PNG encoder found here whose
                files are no larger than the project's, on all cores (fork workers);
- gdal:         the route a QGIS user would take: gdal_translate -ot Byte -scale, then
                gdal_retile.py (256 px tiles, 128 px overlap, PNG), both sensors in parallel;
- naive:        per patch, a rasterio windowed read of both scenes and a Pillow PNG save (once).
The contenders run interleaved (A B C D A B C D ...), REPEATS times each; medians and spreads
(min..max) go to build/bench.json. A project run on a 2x larger scene shows memory stays flat.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shlex
import shutil
import statistics
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


# ----- PNG encoders for the bound: the fastest one here whose files are no larger -----------


def encoder_candidates() -> dict:
    """name -> encode(uint8 image) -> PNG bytes, for every encoder importable here."""
    import functools
    import importlib
    import zlib

    cands = {"project": png.encode_png}
    deflaters = {"zlib-1": (zlib, "compress", 1)}
    for module, fn, label, levels in (("isal.isal_zlib", "compress", "isal", (0, 1, 2)),
                                      ("zlib_ng.zlib_ng", "compress", "zlib-ng", (1, 2)),
                                      ("deflate", "zlib_compress", "libdeflate", (1, 2))):
        try:
            lib = importlib.import_module(module)
        except ImportError:
            continue
        deflaters.update({f"{label}-{lv}": (lib, fn, lv) for lv in levels})
    deflaters.pop(f"{png.DEFLATE}-{png.LEVEL}", None)  # that one is the project's own encoder
    for name, (lib, fn, level) in deflaters.items():
        cands[f"up+{name}"] = functools.partial(png.encode_png, deflate=_deflater(getattr(lib, fn), level))
    try:
        import pyspng

        cands["spng"] = lambda im: pyspng.encode(im, compress_level=1)
    except (ImportError, AttributeError):
        pass
    try:
        import fpng  # RGB only: grey patches go in as RGB, so its files are rarely admissible

        cands["fpng"] = lambda im: fpng.from_ndarray(im if im.ndim == 3 else np.dstack([im] * 3))
    except ImportError:
        pass
    return cands


def _deflater(compress, level: int):
    return lambda data: compress(data, level)


def sample_patches(s1: Path, s2: Path, count: int = 24) -> list:
    """Patch pairs (8-bit, as the project writes them) from along the scene's diagonal."""
    import rasterio
    from rasterio.windows import Window

    from sen12_plugin.core.preprocess import BandPipeline, byte_histogram, lut_for_histogram

    size = recipe.PATCH_SIZE
    out = []
    with rasterio.open(s1) as a, rasterio.open(s2) as b:
        step = max(1, (a.width - size) // count)
        for k in range(count):
            win = Window(min(k * step, a.width - size), min(k * step, a.height - size), size, size)
            g = BandPipeline(recipe.S1_DB_RANGE)(a.read(1, window=win))
            c = np.dstack([BandPipeline(recipe.S2_DN_RANGE)(b.read(i, window=win)) for i in (1, 2, 3)])
            out.append((g, c))
    # stretched as the project stretches (tables from the sample itself), which changes how they compress
    luts = [lut_for_histogram(sum(byte_histogram(g if b == 0 else c[..., b - 1]) for g, c in out)) for b in range(4)]
    return [(luts[0][g], np.dstack([luts[1 + i][c[..., i]] for i in range(3)])) for g, c in out]


def choose_bound_encoder(s1: Path, s2: Path) -> tuple[str, dict]:
    """The fastest encoder whose files are no larger than the project's; every candidate's figures."""
    patches = sample_patches(s1, s2)
    table, encoders = {}, {}
    for name, encode in encoder_candidates().items():
        try:
            table[name] = {"bytes": sum(len(encode(g)) + len(encode(c)) for g, c in patches)}
            encoders[name] = encode
        except Exception as exc:  # noqa: BLE001 - an encoder that cannot do this image kind
            table[name] = {"error": str(exc)[:80]}
    best = {name: float("inf") for name in encoders}
    for _ in range(5):  # round-robin, best of 5: a busy moment does not pick the winner
        for name, encode in encoders.items():
            t0 = time.perf_counter()
            for g, c in patches:
                encode(g)
                encode(c)
            best[name] = min(best[name], time.perf_counter() - t0)
    for name, seconds in best.items():
        table[name]["ms_per_pair"] = round(seconds / len(patches) * 1000, 3)
    limit = table["project"]["bytes"]
    admissible = {n: t for n, t in table.items() if "bytes" in t and t["bytes"] <= limit}
    for t in table.values():
        if "bytes" in t:
            t["size_vs_project"] = round(t["bytes"] / limit, 3)
    return min(admissible, key=lambda n: admissible[n]["ms_per_pair"]), table


# ----- the bound --------------------------------------------------------------------------

_BOUND: dict = {}


def _shared_u8(shape: tuple[int, ...]) -> np.ndarray:
    """A uint8 array in anonymous shared memory: fork workers write into it, the parent sees it."""
    import mmap

    return np.frombuffer(mmap.mmap(-1, int(np.prod(shape))), dtype=np.uint8).reshape(shape)


def _decode_rows(rows: tuple[int, int]) -> np.ndarray:
    """Decode pixel rows [r0, r1) of both scenes (whole GeoTIFF tile rows: no tile is decoded
    twice), scale them to 8 bit into the shared arrays; their histograms (4 x 256)."""
    from osgeo import gdal

    from sen12_plugin.core.preprocess import BandPipeline, byte_histogram

    r0, r1 = rows
    a, b = gdal.Open(_BOUND["s1_path"]), gdal.Open(_BOUND["s2_path"])
    width = a.RasterXSize
    s1 = a.GetRasterBand(1).ReadAsArray(0, r0, width, r1 - r0)
    s2 = b.ReadAsArray(0, r0, width, r1 - r0, band_list=[1, 2, 3])
    g = _BOUND["g"][r0:r1]
    g[:] = BandPipeline(recipe.S1_DB_RANGE)(s1)
    hist = [byte_histogram(g)]
    for i in range(3):
        c = _BOUND["c"][r0:r1, :, i]
        c[:] = BandPipeline(recipe.S2_DN_RANGE)(s2[i])
        hist.append(byte_histogram(c))
    return np.stack(hist)


def _stretch_rows(job: tuple[int, int, np.ndarray]) -> None:
    """The per-scene percentile stretch, in place (the project's tables)."""
    r0, r1, luts = job
    g, c = _BOUND["g"], _BOUND["c"]
    g[r0:r1] = luts[0][g[r0:r1]]
    for i in range(3):
        c[r0:r1, :, i] = luts[1 + i][c[r0:r1, :, i]]


def _encode_rows(job: tuple[int, int, str]) -> int:
    start, stop, out = job
    g, c, encode = _BOUND["g"], _BOUND["c"], encoder_candidates()[_BOUND["encoder"]]
    size, stride = recipe.PATCH_SIZE, recipe.PATCH_STRIDE
    cols = (g.shape[1] - size) // stride + 1
    n = 0
    for r in range(start, stop):
        for k in range(cols):
            y, x = r * stride, k * stride
            for name, image in ((f"{out}/s1_{r}_{k}.png", g), (f"{out}/s2_{r}_{k}.png", c)):
                with open(name, "wb") as fh:
                    fh.write(encode(image[y:y + size, x:x + size]))
            n += 1
    return n


def run_bound(s1: Path, s2: Path, out: Path, encoder: str = "project") -> dict:
    """Decode once on all cores (fork workers, one band of whole tile rows each), stretch, encode."""
    from osgeo import gdal

    from sen12_plugin.core.preprocess import lut_for_histogram

    out.mkdir(parents=True, exist_ok=True)
    workers = os.cpu_count() or 1
    t0 = time.perf_counter()
    ds = gdal.Open(str(s2))
    h, w, tile_rows = ds.RasterYSize, ds.RasterXSize, ds.GetRasterBand(1).GetBlockSize()[1]
    ds = None  # no dataset open across the fork
    _BOUND.update(s1_path=str(s1), s2_path=str(s2), g=_shared_u8((h, w)), c=_shared_u8((h, w, 3)),
                  encoder=encoder)
    bands = [(r, min(r + tile_rows, h)) for r in range(0, h, tile_rows)]
    patch_rows = (h - recipe.PATCH_SIZE) // recipe.PATCH_STRIDE + 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:  # fork: workers share the arrays
        hist = np.sum(pool.map(_decode_rows, bands), axis=0)
        decode_s = time.perf_counter() - t0
        luts = np.stack([lut_for_histogram(band) for band in hist])  # sent along: made after the fork
        pool.map(_stretch_rows, [(r0, r1, luts) for r0, r1 in bands])
        pairs = sum(pool.map(_encode_rows, [(r, min(r + 2, patch_rows), str(out))
                                            for r in range(0, patch_rows, 2)]))
    return {"pairs": pairs, "seconds": time.perf_counter() - t0, "decode_s": decode_s, "encoder": encoder,
            "peak_rss_mb": peak_rss_mb(workers)}


# ----- GDAL's own route -------------------------------------------------------------------


def run_gdal(s1: Path, s2: Path, out: Path) -> dict:
    """gdal_translate to 8 bit, then gdal_retile.py to 256 px PNG tiles with 128 px overlap."""
    size, overlap = recipe.PATCH_SIZE, recipe.PATCH_SIZE - recipe.PATCH_STRIDE
    lo1, hi1 = recipe.S1_DB_RANGE
    lo2, hi2 = recipe.S2_DN_RANGE
    chains = {
        "s1": (s1, ["-scale", str(lo1), str(hi1), "0", "255"]),
        "s2": (s2, ["-b", "1", "-b", "2", "-b", "3", "-scale", str(lo2), str(hi2), "0", "255"]),
    }
    t0 = time.perf_counter()
    running = []
    for sensor, (src, args) in chains.items():
        tiles, byte_tif = out / sensor, out / f"{sensor}_8bit.tif"
        tiles.mkdir(parents=True, exist_ok=True)
        src_q, tif_q, tiles_q = (shlex.quote(str(p)) for p in (src, byte_tif, tiles))
        script = (f"gdal_translate -q -ot Byte {' '.join(args)} {src_q} {tif_q} && "
                  f"gdal_retile.py -q -ps {size} {size} -overlap {overlap} -of PNG -targetDir {tiles_q} {tif_q}")
        running.append(subprocess.Popen(["bash", "-c", script]))
    if any(p.wait() != 0 for p in running):
        raise SystemExit("the GDAL route failed")
    seconds = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"pairs": len(list((out / "s1").glob("*.png"))), "seconds": seconds, "peak_rss_mb": 2 * children}


RUNNERS = {"project": run_project, "project_zlib": run_project, "bound": run_bound, "gdal": run_gdal,
           "naive": run_naive}
NO_ISAL = BENCH / "no_isal"  # put first on PYTHONPATH: a stand-in ``isal`` that fails to import


def measure(kind: str, s1: Path, s2: Path, *extra: str) -> dict:
    """Run one contender in a fresh process so its peak memory is its own."""
    out = BENCH / f"out_{kind}"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ)
    if kind == "project_zlib":
        (NO_ISAL / "isal").mkdir(parents=True, exist_ok=True)
        (NO_ISAL / "isal" / "__init__.py").write_text('raise ImportError("a stock QGIS has no isal")\n')
        env["PYTHONPATH"] = os.pathsep.join([str(NO_ISAL), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    done = subprocess.run([sys.executable, __file__, "--run", kind, str(s1), str(s2), str(out), *extra],
                          capture_output=True, text=True, env=env)
    shutil.rmtree(out, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(values: list[float], digits: int = 2) -> dict:
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": [round(v, digits) for v in values]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10980)
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs of each contender")
    parser.add_argument("--no-double", action="store_true", help="skip the 2x larger project run")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive loop (slow)")
    parser.add_argument("--run", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        kind, s1, s2, out, *extra = args.run
        result = RUNNERS[kind](Path(s1), Path(s2), Path(out), *extra)
        if kind.startswith("project"):
            result["png_deflate"] = png.DEFLATE
        print(json.dumps(result))
        return 0

    print(f"building a {args.size} x {args.size} scene pair (cached in {BENCH}) ...", flush=True)
    s1, s2 = make_scene(args.size, BENCH)
    encoder, encoders = choose_bound_encoder(s1, s2)
    print(f"bound's PNG encoder: {encoder} ({encoders[encoder]})", flush=True)
    kinds = ("project", "bound", "gdal", "project_zlib")
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for rep in range(args.repeats):
        for kind in kinds:
            runs[kind].append(measure(kind, s1, s2, *([encoder] if kind == "bound" else [])))
            print(f"  run {rep + 1}/{args.repeats} {kind:12s} {runs[kind][-1]['seconds']:7.2f} s", flush=True)
    assert runs["project_zlib"][0]["png_deflate"] == "zlib", "the zlib run still found isal"
    seconds = {k: [r["seconds"] for r in v] for k, v in runs.items()}
    pairs = runs["project"][0]["pairs"]
    # Ratios per round: the runs of one round are seconds apart, so they share the machine's load.
    vs_bound = [p / b for p, b in zip(seconds["project"], seconds["bound"])]
    vs_gdal = [g / p for p, g in zip(seconds["project"], seconds["gdal"])]
    zlib_cost = [z / p for p, z in zip(seconds["project"], seconds["project_zlib"])]
    med = {k: statistics.median(v) for k, v in seconds.items()}
    figures = {
        "size": args.size,
        "pairs": pairs,
        "repeats": args.repeats,
        "project_pairs_per_s": round(pairs / med["project"], 1),
        "project_zlib_pairs_per_s": round(pairs / med["project_zlib"], 1),
        "bound_pairs_per_s": round(runs["bound"][0]["pairs"] / med["bound"], 1),
        "gdal_pairs_per_s": round(runs["gdal"][0]["pairs"] / med["gdal"], 1),
        "time_vs_bound": round(statistics.median(vs_bound), 2),
        "speedup_vs_gdal": round(statistics.median(vs_gdal), 2),
        "zlib_vs_isal": round(statistics.median(zlib_cost), 2),
        "time_vs_bound_spread": summary(vs_bound),
        "speedup_vs_gdal_spread": summary(vs_gdal),
        "seconds": {k: summary(v) for k, v in seconds.items()},
        "bound_decode_s": summary([r["decode_s"] for r in runs["bound"]]),
        "gdal_tiles": runs["gdal"][0]["pairs"],
        "project_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["project"]), 1),
        "bound_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["bound"]), 1),
        "gdal_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["gdal"]), 1),
        "cpu_count": os.cpu_count(),
        "png_deflate": f"{png.DEFLATE} level {png.LEVEL}, filter Up",
        "bound_encoder": encoder,
        "encoders": encoders,
    }
    if not args.no_naive:
        naive = measure("naive", s1, s2)
        figures.update(naive_pairs_per_s=round(naive["pairs"] / naive["seconds"], 1),
                       speedup_vs_naive=round(naive["seconds"] / med["project"] * pairs / naive["pairs"], 2),
                       naive_peak_rss_mb=round(naive["peak_rss_mb"], 1))
        figures["seconds"]["naive"] = summary([naive["seconds"]])
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
    print(f"scene {args.size} x {args.size}: {pairs} patch pairs; medians of {args.repeats} interleaved runs")
    for kind in ("project", "project_zlib", "bound", "gdal", "naive"):
        if kind in figures["seconds"]:
            t = figures["seconds"][kind]
            print(f"{kind:13s} {t['median']:8.2f} s  (min {t['min']}, max {t['max']})")
    v, g = figures["time_vs_bound_spread"], figures["speedup_vs_gdal_spread"]
    print(f"time vs bound:    {figures['time_vs_bound']}x (spread {v['min']}..{v['max']}; goal <= 1.15)")
    print(f"speedup vs GDAL:  {figures['speedup_vs_gdal']}x (spread {g['min']}..{g['max']}; goal >= 10)")
    print(f"zlib-only path:   {figures['zlib_vs_isal']}x the project's time ({figures['project_zlib_pairs_per_s']} pairs/s)")
    if "speedup_vs_naive" in figures:
        print(f"speedup vs naive: {figures['speedup_vs_naive']}x")
    if "double" in figures:
        d = figures["double"]
        print(f"project at {d['size']} x {d['size']}: {d['project_pairs_per_s']} pairs/s, "
              f"peak RSS {d['project_peak_rss_mb']} MB")
    print(f"project peak RSS: {figures['project_peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
