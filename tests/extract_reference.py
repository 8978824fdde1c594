"""A pinned, deliberately plain extractor and the test scenes it is compared on.

The engine (``core.extract`` and its blocks, workers and decode buffers) may change how it
reads, shares and schedules the work; the patch files it writes must not change by one byte.
``reference_files`` is the recipe written out the slow, obvious way: the whole covered area
read at once, the histograms, the tables, every patch cut, checked and encoded on its own. It
uses the same encoders (``png.encode_png``; GeoTIFF through rasterio with the engine's
profile), so it is comparable byte for byte on any machine. ``tests/extract_hashes.json`` holds
digests of the files the engine wrote on these scenes before issue 22, which proves the
reference is that engine (for the files; the patch checks changed since, issue 20, and are
compared with ``quality.check_patch`` on each patch, from scratch).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import rasterio
from helpers import CRS, ORIGIN, scene_pair, write_s1, write_s2
from rasterio.transform import from_origin

from sen12_plugin.core import layout, recipe
from sen12_plugin.core.extract import ExtractOptions
from sen12_plugin.core.grid import PatchGrid
from sen12_plugin.core.png import encode_png
from sen12_plugin.core.preprocess import byte_histogram, lut_for_histogram, scale_to_8bit
from sen12_plugin.core.quality import check_patch
from sen12_plugin.core.raster_pair import PairReader, describe_pair

HASHES = Path(__file__).resolve().parent / "extract_hashes.json"


# ----- the scenes -------------------------------------------------------------------------


def _recipe(folder: Path):
    """The paper's settings on the tests' random pair, PNG and GeoTIFF."""
    s1, s2, *_ = scene_pair(folder, 520, 600, seed=0)
    return s1, s2, ExtractOptions(season="summer", scene=4, seed=1868, formats=("png", "tif"), workers=1)


def _pooled_nodata(folder: Path):
    """810 small patches in worker processes; structure so the stretch matters; no-data in both sensors."""
    rng = np.random.default_rng(7)
    h, w = 900, 1000
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    field = np.sin(x / 37.0) * np.cos(y / 53.0)
    s1 = (-14 + 6 * field + rng.normal(0, 2.0, (h, w))).astype(np.float32)
    s1[100:140, 200:260] = np.nan
    s2 = np.clip(np.stack([900 + 150 * k + 700 * field + rng.normal(0, 80, (h, w)) for k in range(3)]), 1, 9000)
    s2[:, 600:610, 40:900] = 0  # masked S2 pixels (no declared no-data: 0 in every band)
    s2[:, 300:900, 950:1000] = np.where(rng.random((3, 600, 50)) < 0.5, 9500, 4000)  # bright, white: "cloud"
    s2[0, 700:900, 0:300] *= 3  # a colour shift
    s1[:, 500:] += 4.0  # a seamline along column 500
    s1_path = write_s1(folder / "s1.tif", s1)
    s2_path = folder / "s2.tif"
    with rasterio.open(s2_path, "w", driver="GTiff", width=w, height=h, count=3, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10), tiled=True, blockxsize=256, blockysize=256,
                       compress="deflate") as ds:
        ds.write(s2.astype(np.uint16))
        ds.descriptions = ("B4", "B3", "B2")
    return s1_path, s2_path, ExtractOptions(season="fall", scene=11, seed=1970, patch_size=64, stride=32,
                                            workers=2)


def _warped_linear(folder: Path):
    """S1 as linear power in the next UTM zone (warped onto S2), four unnamed S2 bands, no stretch."""
    rng = np.random.default_rng(3)
    db = rng.uniform(-24, -2, (1, 460, 460)).astype(np.float32)
    s1 = folder / "s1.tif"
    with rasterio.open(s1, "w", driver="GTiff", width=460, height=460, count=1, dtype="float32",
                       crs="EPSG:32632", transform=from_origin(871000, 5011000, 10, 10), tiled=True,
                       blockxsize=128, blockysize=128) as ds:
        ds.write((10 ** (db / 10)).astype(np.float32))
    s2_values = rng.integers(1, 6000, (4, 400, 400)).astype(np.uint16)  # B2 B3 B4 B8
    s2_values[:, 390:, :] = 0
    s2 = folder / "s2.tif"
    with rasterio.open(s2, "w", driver="GTiff", width=400, height=400, count=4, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10), nodata=0) as ds:
        ds.write(s2_values)
    return s1, s2, ExtractOptions(season="winter", scene=2, dataset_name="alps", patch_size=128, stride=64,
                                  formats=("png", "tif"), stretch="none", workers=1)


def _linear_nodata(folder: Path):
    """S1 as linear power on the S2 grid with a declared no-data value; two S1 bands; GeoTIFF too."""
    rng = np.random.default_rng(5)
    db = rng.uniform(-26, 1, (2, 520, 600)).astype(np.float32)
    linear = (10 ** (db / 10)).astype(np.float32)
    linear[:, 300:320, 100:400] = -9999
    s1 = write_s1(folder / "s1.tif", linear, nodata=-9999)
    s2 = write_s2(folder / "s2.tif", rng.integers(1, 6000, (3, 520, 600)))
    return s1, s2, ExtractOptions(season="spring", scene=0, seed=1158, patch_size=128, stride=64,
                                  formats=("png", "tif"), workers=1, s1_bands=("VV", "VH"))


def _spectral_13_bands(folder: Path):
    """A 13-band L1C-like S2 with band names: the checks take B3, B8 and B11 as their evidence."""
    rng = np.random.default_rng(6)
    h, w = 640, 700
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    field = np.sin(x / 41.0) * np.cos(y / 67.0)
    bands = np.clip(np.stack([1000 + 100 * k + 800 * field + rng.normal(0, 70, (h, w)) for k in range(13)]), 1, 9000)
    bands[:, 200:330, 100:500] = 8000  # bright and white in the visible...
    bands[11, 200:260, 100:500] = 300  # ... dark in SWIR (B11) at the top: snow, cloud below
    names = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12")
    s2 = folder / "s2.tif"
    with rasterio.open(s2, "w", driver="GTiff", width=w, height=h, count=13, dtype="uint16", crs=CRS,
                       transform=from_origin(*ORIGIN, 10, 10), tiled=True, blockxsize=256, blockysize=256) as ds:
        ds.write(bands.astype(np.uint16))
        ds.descriptions = names
    s1 = write_s1(folder / "s1.tif", (-12 + 4 * field + rng.normal(0, 1.5, (h, w))).astype(np.float32))
    return s1, s2, ExtractOptions(season="summer", scene=7, seed=1868, patch_size=64, stride=32, workers=2)


SCENES = {"recipe": _recipe, "pooled_nodata": _pooled_nodata, "warped_linear": _warped_linear,
          "linear_nodata": _linear_nodata, "spectral_13_bands": _spectral_13_bands}


def build(name: str, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    return SCENES[name](folder)


# ----- the reference extractor ------------------------------------------------------------


def _tif_bytes(data: np.ndarray, grid: PatchGrid, pos) -> bytes:
    profile = dict(
        driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
        dtype=data.dtype.name, crs=grid.raster.crs_wkt, transform=rasterio.Affine(*grid.transform(pos)),
        compress="deflate", predictor=2 if data.dtype.kind in "ui" else 3,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.tif"
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(data)
        return path.read_bytes()


def reference_files(s1_path, s2_path, options: ExtractOptions) -> tuple[dict[str, bytes], list[dict]]:
    """Every patch file (relative path -> bytes) and every kept patch's record, the plain way."""
    pair, _ = describe_pair(s1_path, s2_path, options.s2_bands, s1_bands=options.s1_bands)
    grid = PatchGrid(pair.grid, options.patch_size, options.stride)
    covered_h = (grid.rows - 1) * grid.stride + grid.size
    covered_w = (grid.cols - 1) * grid.stride + grid.size
    tif = "tif" in options.formats
    with PairReader(pair, range(1, pair.s2_count + 1) if tif else None) as reader:
        s1, s2, invalid = reader.read(0, covered_h, 0, covered_w)
        rgb = s2[reader.rgb]
        evidence = reader.read_evidence(0, covered_h, 0, covered_w) if options.thresholds is not None else {}
    s1_u8 = scale_to_8bit(s1[0], recipe.S1_DB_RANGE)
    s2_u8 = np.stack([scale_to_8bit(b, recipe.S2_DN_RANGE) for b in rgb])
    valid = ~invalid
    hists = [byte_histogram(s1_u8, valid)] + [byte_histogram(b, valid) for b in s2_u8]
    luts = [lut_for_histogram(h, options.stretch) for h in hists]
    s1_u8 = luts[0][s1_u8]
    s2_u8 = np.dstack([luts[1 + i][b] for i, b in enumerate(s2_u8)])
    files, records = {}, []
    for pos in grid:
        rows = slice(pos.row_off, pos.row_off + grid.size)
        cols = slice(pos.col_off, pos.col_off + grid.size)
        if invalid[rows, cols].any():
            continue
        paths = {f"{sensor}_{ext}": layout.patch_relpath(options.dataset, sensor, options.scene, pos.number, ext)
                 for ext in options.formats for sensor in layout.SENSORS}
        if options.thresholds is None:
            records.append({"patch": pos.number, "status": "pass", "reasons": "", "measures": {}, "flags": ""})
        else:
            qa = {name: band[rows, cols] for name, band in evidence.items()}
            verdict = check_patch(s1[0][rows, cols], rgb[:, rows, cols], options.thresholds, qa, pair.evidence)
            records.append({"patch": pos.number, "status": verdict.status, "reasons": "; ".join(verdict.reasons),
                            "measures": verdict.measures, "flags": verdict.flags})
        for key, rel in paths.items():
            if key == "s1_png":
                files[rel] = encode_png(s1_u8[rows, cols])
            elif key == "s2_png":
                files[rel] = encode_png(s2_u8[rows, cols])
            else:
                data = s1 if key == "s1_tif" else s2
                files[rel] = _tif_bytes(np.ascontiguousarray(data[:, rows, cols]), grid, pos)
    return files, records


# ----- what an extraction wrote -------------------------------------------------------------


def written_files(root: Path) -> dict[str, bytes]:
    """Patch files under ``root`` (relative path -> bytes); bookkeeping files are left out."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix in (".png", ".tif")}


def result_records(result) -> list[dict]:
    return [{"patch": r.position.number, "status": r.qc_status, "reasons": r.qc_reasons, "measures": r.measures,
             "flags": r.qc_flags} for r in sorted(result.records, key=lambda r: r.position.number)]


def digest(files: dict[str, bytes], records: list[dict]) -> dict:
    """Digests of a scene's files (by format) and records, as stored in ``extract_hashes.json``.

    The records' digest is of the patch checks of that time; the checks have changed since
    (issue 20), so only the files' digests still bind.
    """
    out = {}
    for ext in ("png", "tif"):
        h = hashlib.sha256()
        names = sorted(n for n in files if n.endswith("." + ext))
        for name in names:
            h.update(f"{name}\0{hashlib.sha256(files[name]).hexdigest()}\n".encode())
        if names:
            out[ext] = {"files": len(names), "sha256": h.hexdigest()}
    out["records"] = hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()
    return out


def environment() -> dict:
    """What the recorded bytes depend on besides the code: the PNG deflater and GDAL (GeoTIFF deflate)."""
    from osgeo import gdal

    from sen12_plugin.core import png

    return {"png_deflate": png.DEFLATE, "gdal": gdal.__version__}


def with_workers(options: ExtractOptions, workers: int) -> ExtractOptions:
    return replace(options, workers=workers)
