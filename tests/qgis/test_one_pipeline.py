"""One pipeline: the same scenes through the dock and through Processing give the same dataset.

Every column of every index row (patches and scenes), the splits and the dataset card must be
equal; the dock-made card carries the Earth Engine ids, dates and the scene check (it once did not).
"""

import json

import numpy as np
import rasterio
from qgis import processing
from qgis.core import QgsProject
from rasterio.transform import from_origin
from test_dock import plugin, wait_for_tasks  # noqa: F401 - the dock fixture

from sen12_plugin.core.index import SCENES_LAYER, index_path, read_rows
from sen12_plugin.core.scene_files import SceneFiles


def downloaded_scene(root, scene, seed=1158, season="spring", size=520):
    """A scene pair as fetch_scenes leaves it, with its record (dates and image ids)."""
    files = SceneFiles.in_output(root, f"ROIs{seed}_{season}", scene)
    files.folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(scene)
    transform = from_origin(600000 + scene * 10000, 5300000, 10, 10)
    s2 = np.clip(rng.normal([[[1000]], [[900]], [[800]]], 150, (3, size, size)), 100, 4000)
    s2[:, :40, :40] = 0  # a no-data corner: dropped patches and a scene-check reason
    for path, data, dtype, nodata in ((files.s1, rng.uniform(-20, -5, (1, size, size)), "float32", -9999),
                                      (files.s2, s2, "uint16", 0)):
        with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=len(data), dtype=dtype,
                           crs="EPSG:32632", transform=transform, nodata=nodata) as ds:
            ds.write(data.astype(dtype))
    files.record.write_text(json.dumps({
        "roi": scene, "seed": seed, "season": season, "start": "2017-03-01", "end": "2017-05-30",
        "s1_ids": [f"S1A_{scene}"], "s2_ids": [f"T32UPU_{scene}"], "complete": True}))
    return files


def dataset(folder):
    rows = {name: sorted((tuple(sorted((k, v) for k, v in r.items() if k != "fid")) for r in read_rows(
        index_path(folder), name)), key=repr) for name in ("patches", SCENES_LAYER)}
    splits = {p.name: p.read_text() for p in sorted((folder / "splits" / "scene").glob("*.txt"))}
    return rows, splits, json.loads((folder / "dataset_card.json").read_text())


def test_dock_and_processing_make_the_same_dataset(plugin, qgis_processing, tmp_path):  # noqa: F811
    scenes = tmp_path / "scenes"
    pairs = [downloaded_scene(scenes, n) for n in (2, 5)]

    plugin.dock.folder.setFilePath(str(scenes))
    plugin.dock.scenes.load_scenes()
    plugin.dock.extract.extract_visible()
    wait_for_tasks()
    plugin.dock.review.publish()
    wait_for_tasks()
    by_dock = dataset(scenes / "patches")

    out = tmp_path / "processing" / "patches"
    for files in pairs:
        processing.run("sen12:extract_patches", {"S1": str(files.s1), "S2": str(files.s2), "OUTPUT": str(out),
                                                 "SEED": 1158, "SCENE_ID": files.scene})
    processing.run("sen12:apply_review", {"FOLDER": str(out)})
    processing.run("sen12:make_splits", {"FOLDER": str(out), "BY": 0})
    processing.run("sen12:dataset_card", {"FOLDER": str(out)})
    by_processing = dataset(out)

    rows, splits, card = by_dock
    assert len(rows["patches"]) > 0 and len(rows["scenes"]) == 2 and splits["train.txt"]
    assert by_dock == by_processing
    scene = card["scenes"][0]
    assert scene["s2_image_ids"] == ["T32UPU_2"] and scene["start"] == "2017-03-01"
    assert scene["scene_check"] in ("review", "reject") and "no-data" in scene["scene_check_reasons"]
    assert card["attribution"].startswith("Contains modified Copernicus Sentinel data 2017")
    assert QgsProject.instance().mapLayersByName("Patch index")
