"""Every number and name of the SEN1-2 recipe, in one place.

Source: Schmitt, Hughes, Zhu, "The SEN1-2 Dataset for Deep Learning in SAR-Optical Data
Fusion", ISPRS Annals IV-1, 2018 (arXiv:1807.01569). Values marked (SEN12MS) come from its
successor; (ours) are this project's choices where the paper is silent.
"""

from __future__ import annotations

RECIPE_VERSION = "1.0"
PAPER_CITATION = (
    "M. Schmitt, L. H. Hughes, X. X. Zhu: The SEN1-2 Dataset for Deep Learning in SAR-Optical "
    "Data Fusion. ISPRS Annals IV-1, 141-146, 2018. arXiv:1807.01569"
)

# --- ROIs (paper) ---
SEED_SEASONS: dict[int, str] = {1158: "spring", 1868: "summer", 1970: "fall", 2017: "winter"}
PAPER_SEEDS: tuple[int, ...] = tuple(SEED_SEASONS)
LAND_COUNT = 100
URBAN_COUNT = 50
ROI_SIZE_KM = 25.6  # (ours) 2560 x 2560 px at 10 m
ROI_MAX_SIZE_KM = 200.0  # (ours) larger ROIs need batch export, not interactive requests
S2_COVERAGE_LAT = (-56.0, 84.0)  # Sentinel-2 acquisition latitudes (paper)
URBAN_RADIUS_KM = 10.0  # (ours) offline urban mask: discs around Natural Earth cities

# --- Seasons (paper): (name, start month/day, end month/day, year offset of the start) ---
PAPER_YEAR = 2017
SEASON_NAMES: tuple[str, ...] = ("winter", "spring", "summer", "fall")
SEASON_DAYS: dict[str, tuple[tuple[int, int], tuple[int, int], int]] = {
    "winter": ((12, 1), (2, 28), -1),  # Feb end follows leap years
    "spring": ((3, 1), (5, 30), 0),  # the paper writes 30 May
    "summer": ((6, 1), (8, 31), 0),
    "fall": ((9, 1), (11, 30), 0),
}

# --- Sentinel-1 (paper) ---
S1_COLLECTION = "COPERNICUS/S1_GRD"
S1_INSTRUMENT_MODE = "IW"
S1_BANDS: tuple[str, ...] = ("VV",)
S1_BANDS_DUAL: tuple[str, ...] = ("VV", "VH")  # (SEN12MS)

# --- Sentinel-2 (paper) ---
S2_COLLECTION = "COPERNICUS/S2_HARMONIZED"
S2_SR_COLLECTION = "COPERNICUS/S2_SR_HARMONIZED"
S2_CLOUD_PROPERTY = "CLOUDY_PIXEL_PERCENTAGE"
S2_MAX_CLOUD_PERCENT = 1.0
S2_BANDS: tuple[str, ...] = ("B4", "B3", "B2")
S2_BANDS_ALL: tuple[str, ...] = (
    "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12",
)
# (ours) how a Sentinel-2 file without band names is read, by its band count: all 13 bands
# (L1C), the 12 of L2A (no B10), the four 10 m bands in band-number order, or the RGB export.
S2_BAND_ORDERS: dict[int, tuple[str, ...]] = {
    13: S2_BANDS_ALL,
    12: tuple(b for b in S2_BANDS_ALL if b != "B10"),
    4: ("B2", "B3", "B4", "B8"),
    3: S2_BANDS,
}

# --- Export (paper) ---
SCALE_M = 10

# --- Preprocessing (SEN12MS practice; each band on its own) ---
S1_DB_RANGE = (-25.0, 0.0)
S2_DN_RANGE = (0.0, 10000.0)
OUTPUT_MAX = 255
STRETCH_PERCENTILES = (2.0, 98.0)  # (ours) per band and scene, on valid pixels
STRETCH_MODES: tuple[str, ...] = ("percentile", "none")

# --- Input limits (ours): a 200 km ROI at 10 m is 400 Mpx; larger is a mistake or needs tiling ---
MAX_SCENE_PIXELS = 1_000_000_000
MAX_PATCHES_PER_SCENE = 1_000_000  # a 20000 px scene at 32 px patches is 390 000
MAX_ROI_COUNT = 10_000  # points per seed and kind: ~13 s of sampling a seed; the paper used 100 + 50

# --- Patches (paper) ---
PATCH_SIZE = 256
PATCH_STRIDE = 128
CUSTOM_DATASET_NAME = "custom"  # (ours) for ROIs without a seed

# --- Layout of the released dataset ---
DATASET_PATTERN = "ROIs{seed}_{season}"
PATCH_INDEX_NAME = "patch_index.gpkg"

# --- Attribution ---
ATTRIBUTION = "Contains modified Copernicus Sentinel data {year}"
