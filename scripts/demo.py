"""make demo: the main job, headless, with no Earth Engine account.

1. sen12:sample_rois with the paper's seeds and counts -> build/demo/rois.gpkg
2. real Sentinel-1/Sentinel-2 pairs from the PyPI package bigearthnet-common 2.8.0 (six
   co-registered S1 VV/VH dB + S2 L2A patches, 120 x 120 px at 10 m), fetched with pip download
3. sen12:extract_patches on each pair as BigEarthNet ships it (S1 VV GeoTIFF, S2 folder of per-band
   files, season from the date) -> build/demo/dataset (SEN1-2 layout + patch_index.gpkg)

The BigEarthNet pairs are smaller than SEN1-2's 256 px patches, so the demo cuts 60 x 60 px
patches at stride 30 and says so. Nothing here is synthetic.

Label patches (issue 21): BigEarthNet's own labels are per patch, not per pixel, so the demo makes
a small vector layer itself: water and vegetation polygons traced from each scene's own
Sentinel-2 bands (NDWI and NDVI thresholds), stored in WGS84 (another CRS than the scenes' UTM
zones), and extract_patches rasterizes it onto each pair's grid as the third patch. They show how
labels ride along; they are not ground truth, and the demo says so.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

from qgis_headless import ROOT, start_qgis

DEMO = ROOT / "build" / "demo"
PACKAGE = "bigearthnet-common==2.8.0"
PATCH_SIZE, STRIDE = 60, 30


def fetch_bigearthnet(target: Path) -> Path:
    """Download the wheel with pip (never committed) and unpack its two example archives."""
    unpacked = target / "BigEarthNet"
    if unpacked.exists():
        return unpacked
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary",
                    ":all:", "-d", str(target), PACKAGE], check=True)
    wheel = next(target.glob("bigearthnet_common-2.8.0-*.whl"))
    tmp = target / "unpacking"
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.endswith("-Example.tar.bz2"):
                zf.extract(name, tmp)
    for archive in tmp.rglob("*.tar.bz2"):
        with tarfile.open(archive) as tf:
            tf.extractall(tmp / "x")
    (tmp / "x").rename(unpacked)
    return unpacked


def scene_pairs(bigearthnet: Path) -> list[dict]:
    """Each BigEarthNet pair as an analyst has it on disk: the S1 VV GeoTIFF (dB) and the S2 folder
    of per-band files (B01 ... B12). sen12:extract_patches stacks B04/B03/B02 itself (a VRT inside
    OUTPUT) and takes the season from the acquisition date in the names: nothing is pre-stacked."""
    pairs = []
    s1_dirs = sorted(d for d in (bigearthnet / "BigEarthNet-S1-Example").iterdir() if d.is_dir())
    for scene, s1_dir in enumerate(s1_dirs):
        meta = json.loads(next(s1_dir.glob("*_labels_metadata.json")).read_text())
        s2_name = meta["corresponding_s2_patch"]
        pairs.append({"scene": scene, "s1": next(s1_dir.glob("*_VV.tif")),
                      "s2": bigearthnet / "BigEarthNet-S2-Example" / s2_name, "name": s2_name})
    return pairs


# What the traced classes are, and the thresholds that make them (NDWI = (B03 - B08) / (B03 + B08),
# NDVI = (B08 - B04) / (B08 + B04), each on the scene's 10 m bands; snow is bright where water is dark).
TRACED_CLASSES = (("water", "#2b7bff", "NDWI > 0, B03 <= 1500"), ("snow", "#b8f4ff", "NDWI > 0, B03 > 1500"),
                  ("dense vegetation", "#1a7f2e", "NDVI > 0.6"), ("sparse vegetation", "#a6d96a", "0.3 < NDVI <= 0.6"))


def trace_labels(pairs: list[dict], target: Path) -> Path:
    """A vector layer of water and vegetation polygons traced from each scene's own S2 bands (WGS84)."""
    import numpy as np
    import rasterio
    from osgeo import ogr, osr
    from rasterio.features import shapes
    from rasterio.warp import transform_geom

    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(target))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    layer = ds.CreateLayer("traced_landcover", wgs84, ogr.wkbPolygon)
    for name, kind in (("class", ogr.OFTString), ("scene", ogr.OFTInteger), ("rule", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for pair in pairs:
        bands = {}
        for band in ("B03", "B04", "B08"):
            with rasterio.open(next(pair["s2"].glob(f"*_{band}.tif"))) as src:
                bands[band], transform, crs = src.read(1).astype("float64"), src.transform, src.crs
        ndwi = (bands["B03"] - bands["B08"]) / np.maximum(bands["B03"] + bands["B08"], 1)
        ndvi = (bands["B08"] - bands["B04"]) / np.maximum(bands["B08"] + bands["B04"], 1)
        wet = ndwi > 0
        classes = np.select([wet & (bands["B03"] <= 1500), wet, ndvi > 0.6, ndvi > 0.3], [1, 2, 3, 4], 0).astype("uint8")
        for geometry, value in shapes(classes, mask=classes > 0, transform=transform):
            name, _colour, rule = TRACED_CLASSES[int(value) - 1]
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(transform_geom(crs, "EPSG:4326", geometry))))
            feature.SetField("class", name)
            feature.SetField("scene", pair["scene"])
            feature.SetField("rule", rule)
            layer.CreateFeature(feature)
    ds = None
    return target


def styled_labels(path: Path):
    """The traced layer styled by its classes: their colours become the class map's."""
    from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory, QgsVectorLayer

    layer = QgsVectorLayer(f"{path}|layername=traced_landcover", "traced land cover", "ogr")
    layer.setRenderer(QgsCategorizedSymbolRenderer("class", [
        QgsRendererCategory(name, QgsFillSymbol.createSimple({"color": colour, "outline_style": "no"}), name)
        for name, colour, _rule in TRACED_CLASSES]))
    return layer


def earth_engine_scenes(rois_path: Path) -> int | None:
    """With EE_PROJECT set and Earth Engine credentials present: fetch and cut three real ROIs.

    Returns the exit code, or None when there are no credentials (the offline demo goes on).
    """
    import os

    project = os.environ.get("EE_PROJECT")
    credentials = Path.home() / ".config" / "earthengine" / "credentials"
    key = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not project or not (credentials.exists() or key):
        return None
    import processing
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    print(f"   Earth Engine credentials found: fetching three ROIs in project {project} ...")
    rois = QgsVectorLayer(str(rois_path), "rois", "ogr")
    few = rois.materialize(QgsFeatureRequest().setLimit(3))
    output = DEMO / "earthengine"
    fetched = processing.run("sen12:fetch_scenes", {
        "ROIS": few, "PROJECT": project, "SERVICE_ACCOUNT_KEY": key or "", "OUTPUT": str(output),
        "DROPPED": "memory:"})
    for f in fetched["DROPPED"].getFeatures():
        print(f"   dropped ROI {f['id']} {f['season']}: {f['reason']}")
    from sen12_plugin.core.scene_files import scenes_in_folder

    total = 0
    for files in scenes_in_folder(output):
        key = files.key()
        res = processing.run("sen12:extract_patches", {
            "S1": str(files.s1), "S2": str(files.s2), "OUTPUT": str(DEMO / "dataset_earthengine"),
            "SEED": key.seed, "SEASON": key.season, "SCENE_ID": key.scene})
        total += res["PATCH_COUNT"]
    print(f"== Done: {total} patch pairs from Earth Engine scenes in {DEMO / 'dataset_earthengine'}")
    return 0


def main() -> int:
    app, provider = start_qgis()
    from qgis.core import QgsProcessingFeedback

    class SeasonLog(QgsProcessingFeedback):
        """Keeps the algorithm's sentence on where the season came from."""

        season = "season unknown"

        def pushInfo(self, info):  # noqa: N802
            if info.startswith("Season "):
                self.season = info.rstrip(".")
    import processing
    from qgis.core import QgsProcessingException, QgsVectorLayer

    DEMO.mkdir(parents=True, exist_ok=True)
    print("== 1. Sampling the paper's ROIs (seeds 1158, 1868, 1970, 2017; 100 land + 50 urban each)")
    rois_path = DEMO / "rois.gpkg"
    for stale in (rois_path, DEMO / "rois_dropped.gpkg"):
        stale.unlink(missing_ok=True)
    result = processing.run("sen12:sample_rois", {
        "OUTPUT": str(rois_path), "DROPPED": str(DEMO / "rois_dropped.gpkg")})
    kept = QgsVectorLayer(result["OUTPUT"], "rois", "ogr")
    dropped = QgsVectorLayer(result["DROPPED"], "dropped", "ogr")
    per_seed = Counter((f["seed"], f["season"]) for f in kept.getFeatures())
    for (seed, season), n in sorted(per_seed.items()):
        print(f"   ROIs{seed}_{season}: {n} ROIs kept")
    reasons = Counter(f["reason"].split(":")[0].split(" ROI")[0] for f in dropped.getFeatures())
    print(f"   dropped: {dict(reasons)}  -> {rois_path}")

    print("== 2. Scenes")
    live = earth_engine_scenes(rois_path)
    if live is not None:
        return live
    print("   No Earth Engine credentials (EE_PROJECT and a sign-in): using real Sentinel samples that")
    print(f"   the PyPI package {PACKAGE} ships (BigEarthNet, Sentinel-1 GRD IW + Sentinel-2 L2A).")
    pairs = scene_pairs(fetch_bigearthnet(DEMO / "downloads"))

    print("== 3. Extracting patch pairs: BigEarthNet scenes are 120 x 120 px, smaller than SEN1-2's")
    print(f"   256 px patches, so this demo cuts {PATCH_SIZE} x {PATCH_SIZE} px at stride {STRIDE}.")
    print("   S1: the VV GeoTIFF; S2: the folder of per-band files; no SEASON: it follows from the date.")
    traced = trace_labels(pairs, DEMO / "labels" / "traced_landcover.gpkg")
    labels = styled_labels(traced)
    print(f"   Labels: {traced} ({labels.featureCount()} polygons, WGS84), made by this demo: traced from each")
    print("   scene's own Sentinel-2 bands (" + "; ".join(f"{n}: {r}" for n, _c, r in TRACED_CLASSES) + ").")
    print("   Not ground truth: they show label patches riding along, lc_{scene}/..._lc_{scene}_p{n}.png.")
    output = DEMO / "dataset"
    total = 0
    for pair in pairs:
        log = SeasonLog()
        try:
            res = processing.run("sen12:extract_patches", {
                "S1": str(pair["s1"]), "S2": str(pair["s2"]), "OUTPUT": str(output),
                "PATCH_SIZE": PATCH_SIZE, "STRIDE": STRIDE,
                "DATASET_NAME": "bigearthnet", "SCENE_ID": pair["scene"], "FORMATS": [0, 1],
                "LABELS": labels, "LABEL_FIELD": "class",
                # a dataset made by an older demo (no labels) is another identity: replace it
                "OVERWRITE": True}, feedback=log)
        except QgsProcessingException as exc:
            print(f"   scene {pair['scene']} ({pair['name']}): FAILED: {exc}")
            return 1
        total += res["PATCH_COUNT"]
        print(f"   scene {pair['scene']} ({pair['name']}): {log.season}; {res['PATCH_COUNT']} "
              f"patch pairs ({res['WRITTEN']} written, {res['SKIPPED']} already there, "
              f"{res['DROPPED_NODATA']} dropped for no-data)")
    index = output / "patch_index.gpkg"
    splits = processing.run("sen12:make_splits", {"FOLDER": str(output), "BY": 0})
    card = processing.run("sen12:dataset_card", {"FOLDER": str(output)})
    card_json = json.loads(Path(card["OUTPUT"]).with_suffix(".json").read_text())
    card_labels = card_json.get("labels") or {}
    counts = card_json["counts"]
    print(f"   checks: {counts['auto_pass']} pass, {counts['auto_review']} review, {counts['auto_reject']} reject; "
          "patches flagged by reason: " + ", ".join(f"{k} {n}" for k, n in counts["flagged_by_reason"].items() if n)
          + "; scenes: " + (", ".join(f"{k} {n}" for k, n in counts["scenes_by_reason"].items() if n) or "none")
          + "; measured (kept): " + ", ".join(f"{k} {n}" for k, n in counts["measured_by_reason"].items() if n))
    for dataset, info in (card_labels.get("datasets") or {}).items():
        print(f"   class map of {dataset} (in the card and {dataset}/class_map.json): "
              + ", ".join(f"{c['id']} {c['name']} {c['colour']}" for c in info["classes"]))
    print(f"== Done: {total} patch pairs (PNG + GeoTIFF) with label patches in {output}")
    print(f"   splits by scene: {Path(splits['OUTPUT']).parent}; dataset card: {card['OUTPUT']}")
    print(f"   patch index: {index} ({QgsVectorLayer(str(index), 'i', 'ogr').featureCount()} footprints)")
    del kept, dropped, labels  # QGIS layers must not outlive exitQgis() (a crash at exit, rc 139)
    from qgis.core import QgsApplication

    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
