"""Scene pairs written with rasterio for the tests: known values, known no-data, real GeoTIFFs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

ORIGIN = (400000.0, 5000000.0)  # UTM 33N, metres
CRS = "EPSG:32633"


def write_s1(path: Path, data: np.ndarray, res: float = 10.0, nodata=None, origin=ORIGIN) -> Path:
    data = np.asarray(data, dtype=np.float32)
    if data.ndim == 2:
        data = data[None]
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype="float32", crs=CRS, transform=from_origin(*origin, res, res), nodata=nodata,
        tiled=True, blockxsize=128, blockysize=128,
    ) as ds:
        ds.write(data)
    return path


def write_s2(path: Path, data: np.ndarray, nodata=None, origin=ORIGIN, names=("B4", "B3", "B2")) -> Path:
    """S2 bands named ``names`` (B4, B3, B2 by default; the first ``count`` of them)."""
    data = np.asarray(data, dtype=np.uint16)
    with rasterio.open(
        path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype="uint16", crs=CRS, transform=from_origin(*origin, 10, 10), nodata=nodata,
        tiled=True, blockxsize=128, blockysize=128,
    ) as ds:
        ds.write(data)
        ds.descriptions = tuple(names)[: data.shape[0]]
    return path


def scene_pair(folder: Path, height: int = 520, width: int = 600, seed: int = 0):
    """A random but valid S1 (-30..5 dB) / S2 (1..6000) pair on one 10 m grid."""
    rng = np.random.default_rng(seed)
    s1 = rng.uniform(-30, 5, (height, width)).astype(np.float32)
    s2 = rng.integers(1, 6000, (3, height, width)).astype(np.uint16)
    return write_s1(folder / "s1.tif", s1), write_s2(folder / "s2.tif", s2), s1, s2


def set_decision(output_dir, dataset: str, scene: int, patch: int, decision: str) -> None:
    """Write one analyst decision into the index, as the review mode does from QGIS (tests only)."""
    from osgeo import ogr

    from sen12_plugin.core.index import LAYER, index_path

    ds = ogr.Open(str(index_path(output_dir)), 1)
    layer = ds.GetLayerByName(LAYER)
    hits = [f for f in layer if (f.GetField("dataset"), f.GetField("scene"), f.GetField("patch")) == (dataset, scene, patch)]
    assert hits, f"no patch {patch} of scene {scene} in {dataset}"
    for feat in hits:
        feat.SetField("decision", decision)
        layer.SetFeature(feat)
    ds = None
