"""make bench-scale: the index side of a SEN1-2-size dataset (282,384 patch pairs in one folder).

Grows a dataset scene by scene through the project's own ``update_patch_index`` (real
GeoPackage writes; the patch files themselves are empty, only their names matter here), then
times each whole-dataset step at full size, each in its own process so its peak memory is its
own: the review queue, loading the index as a QGIS layer, stepping the review mode, apply_review,
make_splits and the dataset card. Writes build/bench_scale.json with ``add_scene_ratio`` (time
to add scene 2,000 / scene 10) and ``steps_s`` (seconds per whole-dataset step).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sen12_plugin.core import layout  # noqa: E402
from sen12_plugin.core.extract import ExtractResult, PatchRecord  # noqa: E402
from sen12_plugin.core.grid import PatchGrid, RasterGrid  # noqa: E402
from sen12_plugin.core.index import read_rows  # noqa: E402

SEN12_PAIRS = 282_384
SCENE_PATCHES = 128
GROW_SCENES = 2_000  # the add-scene figures: scene 10 against scene 2,000
WINDOW = 20  # adds timed at each end, medians (one add is a few ms: noisy alone)
UTM_32N = ('PROJCS["WGS 84 / UTM zone 32N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
           'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
           'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],'
           'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],'
           'AUTHORITY["EPSG","32632"]]')
STATUSES = ("pass",) * 17 + ("review", "review", "reject")  # 85 % pass, as the checks give on real data


def synthetic_result(out: Path, dataset: str, scene: int, patches: int = SCENE_PATCHES,
                     status_offset: int = 0) -> ExtractResult:
    """An extraction result as the extractor returns it: ``patches`` records on a SEN1-2 grid."""
    x0, y0 = 300_000 + (scene % 40) * 25_000, 5_500_000 - (scene // 40) * 25_000
    side = 256 + 128 * 15  # 16 x 16 positions, 256 px every 128 px
    grid = PatchGrid(RasterGrid(side, side, UTM_32N, (10.0, 0.0, x0, 0.0, -10.0, y0)))
    records = []
    for k in range(patches):
        pos = grid.position(k // grid.cols, k % grid.cols)
        status = STATUSES[(scene * 7 + k + status_offset) % len(STATUSES)]
        files = {f"{s}_png": layout.patch_relpath(dataset, s, scene, pos.number) for s in layout.SENSORS}
        records.append(PatchRecord(pos, files, status,
                                   "" if status == "pass" else "cloud 0.31 > 0.2",
                                   {"nodata": 0.0, "cloud": 0.31 if status != "pass" else 0.0,
                                    "colour": 12.5, "seam": 0.0}))
    return ExtractResult(out, dataset, scene, grid, records, written=patches)


def touch_files(out: Path, result: ExtractResult) -> None:
    """Empty patch files where the extractor would write them (apply_review and the card stat them)."""
    folders = set()
    for rec in result.records:
        for rel in rec.files.values():
            path = out / rel
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.touch()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def grow(out: Path, pairs: int, grow_scenes: int) -> dict:
    """Add scenes until the index holds ``pairs`` rows, timing ``update_patch_index``.

    The early figure comes from a copy of the index as it was at scene 10, which gets its
    scenes 11, 12, ... alternately with the full index's scenes 2,001, 2,002, ... (A B A B), so
    both see the same load on a shared machine.
    """
    from sen12_plugin.core.index import index_path, update_patch_index

    shutil.rmtree(out, ignore_errors=True)
    early = out / "_early"  # holds only an index: the early adds need no patch files
    early.mkdir(parents=True)
    seasons = ("spring", "summer", "fall", "winter")

    def add(folder: Path, scene: int, n: int = SCENE_PATCHES, files: bool = True) -> float:
        season, seed = seasons[scene % 4], 1000 + scene % 7
        result = synthetic_result(folder, layout.dataset_name(season, seed), scene, n)
        if files:
            touch_files(folder, result)
        t0 = time.perf_counter()
        update_patch_index(result, season, seed, (f"/scenes/s1_{scene}.tif", f"/scenes/s2_{scene}.tif"),
                           ("pass", ""))
        return time.perf_counter() - t0

    scene, early_s, late_s = 0, [], []
    while scene * SCENE_PATCHES < pairs:
        scene += 1
        if scene == 10:
            shutil.copyfile(index_path(out), index_path(early))
        n = min(SCENE_PATCHES, pairs - (scene - 1) * SCENE_PATCHES)
        if grow_scenes < scene <= grow_scenes + WINDOW:
            early_s.append(add(early, 10 + scene - grow_scenes, files=False))
            late_s.append(add(out, scene, n))
        else:
            add(out, scene, n)
        if scene % 250 == 0:
            print(f"  {scene} scenes, {scene * SCENE_PATCHES} rows", flush=True)
    shutil.rmtree(early)
    ratio = statistics.median(late_s) / statistics.median(early_s)
    return {"scenes": scene, "rows": pairs,
            "add_scene_10_ms": round(statistics.median(early_s) * 1000, 2),
            "add_scene_late_ms": round(statistics.median(late_s) * 1000, 2),
            "add_scene_late_at": grow_scenes, "add_scene_ratio": round(ratio, 2),
            "add_scene_ms_spread": {"early": [round(min(early_s) * 1000, 1), round(max(early_s) * 1000, 1)],
                                    "late": [round(min(late_s) * 1000, 1), round(max(late_s) * 1000, 1)]}}


def decide_some(out: Path, every: int = 97) -> int:
    """Analyst decisions on every ``every``-th row (what review leaves behind), in one statement.

    Through GDAL: the GeoPackage's R-tree triggers call its SQL functions.
    """
    from osgeo import ogr

    ds = ogr.Open(str(out / "patch_index.gpkg"), 1)
    ds.ExecuteSQL("UPDATE patches SET decision = CASE WHEN fid % 2 THEN 'reject' ELSE 'accept' END "
                  f"WHERE fid % {int(every)} = 0")
    ds = None
    return sum(1 for r in read_rows(out / "patch_index.gpkg", columns=("decision",)) if r["decision"])


# ----- whole-dataset steps, each run in a fresh process --------------------------------------


def step_review_queue(out: Path) -> dict:
    from sen12_plugin.core.index import index_path, review_queue

    t0 = time.perf_counter()
    fids = review_queue(index_path(out))
    return {"seconds": time.perf_counter() - t0, "queue": len(fids)}


def step_apply_review(out: Path) -> dict:
    from sen12_plugin.core.review import apply_review

    t0 = time.perf_counter()
    r = apply_review(out)
    return {"seconds": time.perf_counter() - t0, "moved_out": r.moved_out, "restored": r.restored, "kept": r.kept}


def step_make_splits(out: Path) -> dict:
    from sen12_plugin.core.splits import make_splits

    t0 = time.perf_counter()
    sizes = make_splits(out, "scene")
    return {"seconds": time.perf_counter() - t0, **sizes.sizes}


def step_dataset_card(out: Path) -> dict:
    from sen12_plugin.core.card import write_dataset_card

    t0 = time.perf_counter()
    write_dataset_card(out)
    card = json.loads((out / "dataset_card.json").read_text())
    return {"seconds": time.perf_counter() - t0, "pairs_on_disk": card["counts"]["pairs_on_disk"]}


class _Iface:
    """The two things the review mode asks of QGIS' interface, on a real (off-screen) map canvas."""

    def __init__(self) -> None:
        from qgis.gui import QgsMapCanvas
        from qgis.PyQt.QtWidgets import QMainWindow

        self.window = QMainWindow()
        self.canvas = QgsMapCanvas(self.window)

    def mapCanvas(self):  # noqa: N802 - QGIS' name
        return self.canvas

    def mainWindow(self):  # noqa: N802 - QGIS' name
        return self.window


def step_qgis_review(out: Path) -> dict:
    """Load the index as a QGIS layer, start the review mode, step and decide as an analyst does."""
    from qgis_headless import start_qgis

    app, _provider = start_qgis()
    from qgis.core import QgsProject, QgsVectorLayer

    from sen12_plugin.gui.review import ReviewSession

    t0 = time.perf_counter()
    layer = QgsVectorLayer(f"{out / 'patch_index.gpkg'}|layername=patches", "Patch index", "ogr")
    QgsProject.instance().addMapLayer(layer)
    count, extent = layer.featureCount(), layer.extent()
    load_s = time.perf_counter() - t0
    assert layer.isValid() and count > 0 and not extent.isEmpty()
    iface = _Iface()
    iface.canvas.setLayers([layer])
    t0 = time.perf_counter()
    session = ReviewSession(iface, layer)
    session.start()
    start_s = time.perf_counter() - t0
    steps = []
    for k in range(30):
        t0 = time.perf_counter()
        session.reject() if k % 3 == 0 else session.next()
        app.processEvents()
        steps.append(time.perf_counter() - t0)
    render_patch_s = _render(iface.canvas.mapSettings())  # what the analyst sees: one patch zoomed in
    session.stop()
    settings = iface.canvas.mapSettings()
    settings.setExtent(iface.canvas.fullExtent())
    render_all_s = _render(settings)  # every footprint at once
    return {"seconds": load_s, "load_layer_s": load_s, "review_start_s": start_s,
            "render_patch_view_s": render_patch_s, "render_whole_index_s": render_all_s,
            "review_next_s": statistics.median(steps), "review_next_max_s": max(steps),
            "queue": len(session.fids), "features": count}


def _render(settings) -> float:
    from qgis.core import QgsMapRendererSequentialJob
    from qgis.PyQt.QtCore import QSize

    settings.setOutputSize(QSize(1000, 700))
    t0 = time.perf_counter()
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return time.perf_counter() - t0


STEPS = {"review_queue": step_review_queue, "qgis_review": step_qgis_review, "apply_review": step_apply_review,
         "make_splits": step_make_splits, "dataset_card": step_dataset_card}


def measure(step: str, out: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "scripts"))
    done = subprocess.run([sys.executable, __file__, "--step", step, str(out)], capture_output=True, text=True,
                          env=env)
    if done.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=SEN12_PAIRS, help="rows in the final index")
    parser.add_argument("--grow-scenes", type=int, default=GROW_SCENES, help="the late add-scene figure's scene")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench_scale")
    parser.add_argument("--keep", action="store_true", help="keep the dataset folder afterwards")
    parser.add_argument("--reuse", action="store_true", help="time the steps on a kept folder (no growing)")
    parser.add_argument("--step", nargs=2, metavar=("STEP", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        result = STEPS[args.step[0]](Path(args.step[1]))
        print(json.dumps({**result, "peak_rss_mb": round(peak_rss_mb(), 1)}))
        return 0
    fits = args.pairs // SCENE_PATCHES - WINDOW  # a small trial run: the late figure comes earlier
    if args.grow_scenes > fits:
        args.grow_scenes = fits
        print(f"(--pairs {args.pairs}: the late add-scene figure is taken at scene {fits})")
    if args.grow_scenes < 20:
        parser.error(f"--pairs must cover at least {(20 + WINDOW) * SCENE_PATCHES} patch pairs")

    kept = args.out / "grown.json"
    if args.reuse and kept.exists():
        grown = json.loads(kept.read_text())
    else:
        print(f"growing a dataset to {args.pairs} patch pairs in {args.out} ...", flush=True)
        t0 = time.perf_counter()
        grown = grow(args.out, args.pairs, args.grow_scenes)
        grown["grow_wall_s"] = round(time.perf_counter() - t0, 1)
        grown["decisions"] = decide_some(args.out)
        grown["index_mb"] = round((args.out / "patch_index.gpkg").stat().st_size / 2**20, 1)
        kept.write_text(json.dumps(grown))
    steps = {name: measure(name, args.out) for name in STEPS}
    figures = {
        **grown,
        "add_scene_ratio": grown["add_scene_ratio"],
        "steps_s": {
            "review_queue": round(steps["review_queue"]["seconds"], 3),
            "load_index_layer": round(steps["qgis_review"]["load_layer_s"], 3),
            "review_start": round(steps["qgis_review"]["review_start_s"], 3),
            "review_next_patch": round(steps["qgis_review"]["review_next_s"], 4),
            "render_patch_view": round(steps["qgis_review"]["render_patch_view_s"], 3),
            "render_whole_index": round(steps["qgis_review"]["render_whole_index_s"], 2),
            "apply_review": round(steps["apply_review"]["seconds"], 2),
            "make_splits": round(steps["make_splits"]["seconds"], 2),
            "dataset_card": round(steps["dataset_card"]["seconds"], 2),
        },
        "peak_rss_mb": {name: s["peak_rss_mb"] for name, s in steps.items()},
        "details": steps,
        "cpu_count": os.cpu_count(),
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench_scale.json").write_text(json.dumps(figures, indent=2))
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)
    print(f"{grown['rows']} rows in {grown['scenes']} scenes; index {grown['index_mb']} MB")
    print(f"add a scene to 10 scenes: {grown['add_scene_10_ms']} ms, to {grown['add_scene_late_at']} scenes: "
          f"{grown['add_scene_late_ms']} ms (medians of {WINDOW}, interleaved) -> add_scene_ratio "
          f"{figures['add_scene_ratio']} (goal <= 1.5)")
    for name, seconds in figures["steps_s"].items():
        print(f"{name:18s} {seconds:8.3f} s")
    print("peak RSS MB: " + ", ".join(f"{k} {v}" for k, v in figures["peak_rss_mb"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
