"""What a raster, folder or product on disk is: Sentinel-1, Sentinel-2, or neither, and why.

Clues, strongest first: the plugin's own scene files (``s1_4.tif`` beside ``scene_4.json``),
GDAL's product drivers (SENTINEL2; SAFE for raw Sentinel-1), band descriptions (``VV``, ``B4``),
file names (``..._VV.tif``, ``..._B04.jp2``, ``S1A_``/``S2B_``), product metadata, and last the
data type and band count. Raw GRD in radar geometry (no geotransform, only GCPs) is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from .. import inputs
from ..i18n import N_, _
from ..scene_files import SceneFiles
from . import dates

S1_DESCRIPTION = re.compile(r"(?<![A-Z])(VV|VH|HH|HV)(?![A-Z])")
S1_POL_NAME = re.compile(r"(?:^|[_.\-])(VV|VH)(?:[_.\-]|$)", re.IGNORECASE)
S1_NAME = re.compile(r"^S1[ABCD]_|_GRD[HM]?_", re.IGNORECASE)
S2_NAME = re.compile(r"^S2[ABCD]_|MSIL1C|MSIL2A", re.IGNORECASE)
BAND_FILE = re.compile(r"^(?P<prefix>.*?)[_\-]?(?P<band>B(?:0[1-9]|1[0-2]|8A))(?P<suffix>[_.\-][^/]*)?\.(?:jp2|tif|tiff)$",
                       re.IGNORECASE)
RADAR_ADVICE = (N_("terrain-correct it first (SNAP: Radiometric > Calibrate, then Terrain Correction, in dB), "
                   "or fetch the scene from Earth Engine with this plugin"))


@dataclass(frozen=True)
class Scene:
    """One input as recognised: its role, why, and what dating and pairing need."""

    source: str  # as given: a file, a folder, a zip, or a GDAL dataset name
    role: str | None  # "s1", "s2", or None when not recognised
    reason: str  # what gave the role away, or why there is none (a sentence part)
    kind: str = "raster"  # "raster", "s2_product" (SAFE/zip) or "s2_bands" (one file per band)
    acquired: date | None = None
    date_from: str = ""  # "metadata", "file name" or "scene JSON"
    season: str | None = None  # from the plugin's scene JSON
    seed: int | None = None
    scene: int | None = None
    bounds: tuple[float, float, float, float] | None = None  # lon/lat west, south, east, north
    band_files: dict[str, str] = field(default_factory=dict)  # "B4" -> file, for s2_bands
    polarisations: tuple[str, ...] = ()  # S1: per band "VV", "VH" or "" where unknown
    name: str = ""
    guessed: bool = False  # the role is a guess from band types alone: an input given as the other sensor wins

    @property
    def label(self) -> str:
        return self.name or Path(self.source.rstrip("/")).name or self.source


def band_name(text: str) -> str | None:
    """``B04``/``b4``/``B4, central wavelength 665 nm``/``Red`` -> ``B4``; None if not a Sentinel-2 band.

    The extractor's own reader of band names (``inputs.band_label``): what recognises a file as S2
    is what chooses its bands.
    """
    return inputs.band_label(text) or None


def open_quietly(name: str):
    """A GDAL dataset, or None; GDAL's own error text stays out of the user's message bar."""
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return gdal.Open(str(name))
    finally:
        gdal.PopErrorHandler()


def wgs84_bounds(ds) -> tuple[float, float, float, float] | None:
    from osgeo import osr

    gt, wkt = ds.GetGeoTransform(can_return_null=True), ds.GetProjection()
    if gt is None or not wkt:
        return None
    src = osr.SpatialReference()
    src.ImportFromWkt(wkt)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for srs in (src, dst):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs84 = osr.CoordinateTransformation(src, dst)
    xs, ys = [], []
    for px, py in ((0, 0), (ds.RasterXSize, 0), (0, ds.RasterYSize), (ds.RasterXSize, ds.RasterYSize),
                   (ds.RasterXSize / 2, 0), (ds.RasterXSize / 2, ds.RasterYSize)):
        x, y, _unused = to_wgs84.TransformPoint(gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5])
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def product_metadata_file(folder: Path) -> Path | None:
    """The Sentinel-2 product metadata in a SAFE folder (compact or the older long naming)."""
    for pattern in ("MTD_MSIL1C.xml", "MTD_MSIL2A.xml", "*MTD_SAFL1C*.xml", "*MTD_SAFL2A*.xml"):
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
    return None


def band_files_in(folder: Path) -> dict[str, dict[str, str]]:
    """Per-band files in ``folder`` grouped by their common name part: {prefix: {"B4": path}}."""
    groups: dict[str, dict[str, str]] = {}
    for path in sorted(folder.iterdir()):
        match = BAND_FILE.match(path.name)
        if match and path.is_file():
            band = band_name(match.group("band"))
            groups.setdefault(match.group("prefix") + (match.group("suffix") or ""), {})[band] = str(path)
    return groups


def recognise(source: str | Path) -> Scene:
    """Recognise one input; never raises for a bad input (the reason says what is wrong)."""
    text = str(source)
    if text.upper().startswith("SENTINEL2_L"):  # a subdataset, as QGIS shows a SAFE's layers
        text = text.split(":", 1)[1].rsplit(":", 2)[0]
    zipped = re.match(r"^/vsizip/+(.*?\.zip)(?:/|$)", text, re.IGNORECASE)
    if zipped:
        text = "/" + zipped.group(1).lstrip("/") if text.startswith("/vsizip//") else zipped.group(1)
    path = Path(text)
    if path.is_dir():
        scene = _recognise_folder(path)
    elif path.suffix.lower() == ".zip":
        scene = _recognise_zip(path)
    else:
        scene = _recognise_raster(path)
    scene = replace(scene, source=text) if scene.source != text else scene
    if scene.role is None:
        return scene
    return with_date(scene)


def _recognise_folder(folder: Path) -> Scene:
    meta = product_metadata_file(folder)
    if meta is not None:
        return _s2_product(meta, folder)
    if (folder / "manifest.safe").exists() and (folder / "measurement").is_dir():
        return Scene(str(folder), None, _("a Sentinel-1 SAFE product in radar geometry: {RADAR_ADVICE}").format(
                                            RADAR_ADVICE=_(RADAR_ADVICE)))
    groups = {k: v for k, v in band_files_in(folder).items() if {"B4", "B3", "B2"} <= set(v)}
    if len(groups) == 1:
        (prefix, files), = groups.items()
        return _band_group(folder, prefix, files)
    if len(groups) > 1:
        return Scene(str(folder), None, _("{n_groups} sets of per-band files ({value}): give one product's "
                                          "folder or one band file").format(
                                            n_groups=len(groups), value=', '.join(sorted(groups))))
    return Scene(str(folder), None, _("a folder with neither a Sentinel-2 product (MTD_MSIL1C.xml or "
                                      "MTD_MSIL2A.xml) nor per-band files (*_B04, *_B03, *_B02)"))


def _recognise_zip(path: Path) -> Scene:
    if path.name.upper().startswith("S1"):
        return Scene(str(path), None, _("a Sentinel-1 product in radar geometry: {RADAR_ADVICE}").format(
                                          RADAR_ADVICE=_(RADAR_ADVICE)))
    ds = open_quietly(str(path))
    if ds is None or ds.GetDriver().ShortName != "SENTINEL2":
        return Scene(str(path), None, _("a zip file that GDAL's SENTINEL2 driver does not open (keep the "
                                        "product's own name, S2A_MSIL1C_...zip)"))
    return _s2_product(path, path, ds)


def _s2_product(meta: Path, shown: Path, ds=None) -> Scene:
    ds = ds or open_quietly(str(meta))
    if ds is None or ds.GetDriver().ShortName != "SENTINEL2":
        return Scene(str(shown), None, _("GDAL's SENTINEL2 driver cannot read {name}").format(name=meta.name))
    level = ds.GetMetadataItem("PROCESSING_LEVEL") or "Sentinel-2"
    bounds = None
    subs = ds.GetMetadata("SUBDATASETS") or {}
    first = subs.get("SUBDATASET_1_NAME")
    if first:
        sub = open_quietly(first)
        bounds = wgs84_bounds(sub) if sub is not None else None
    return Scene(str(shown), "s2", _("Sentinel-2 {level} product (GDAL SENTINEL2 driver)").format(level=level), "s2_product",
                 bounds=bounds, name=shown.name)


def _band_group(folder: Path, prefix: str, files: dict[str, str]) -> Scene:
    ds = open_quietly(files["B4"])
    bounds = wgs84_bounds(ds) if ds is not None else None
    if bounds is None:
        return Scene(str(folder), None, _("{name} is not a georeferenced raster").format(
                                            name=Path(files['B4']).name))
    bands = ", ".join(b for b in sorted(files, key=_band_order))
    return Scene(str(folder), "s2", _("per-band Sentinel-2 files ({bands})").format(bands=bands), "s2_bands", bounds=bounds,
                 band_files=files, name=prefix.strip("_-") or folder.name)


def _band_order(band: str) -> tuple[int, str]:
    from .. import recipe

    return (recipe.S2_BANDS_ALL.index(band), band) if band in recipe.S2_BANDS_ALL else (99, band)


def _recognise_raster(path: Path) -> Scene:
    if not path.is_file():
        return Scene(str(path), None, _("no such file"))
    ds = open_quietly(str(path))
    if ds is None:
        return Scene(str(path), None, _("not a raster GDAL can read"))
    driver = ds.GetDriver().ShortName
    if driver == "SENTINEL2":  # MTD_MSIL1C.xml: the product is the SAFE folder around it
        return _s2_product(path, path.parent if path.suffix.lower() == ".xml" else path, ds)
    if driver == "SAFE" or (ds.GetGeoTransform(can_return_null=True) is None and ds.GetGCPCount()):
        return Scene(str(path), None, _("Sentinel-1 GRD in radar geometry (only GCPs, no map grid): "
                                        "{RADAR_ADVICE}").format(RADAR_ADVICE=_(RADAR_ADVICE)))
    bounds = wgs84_bounds(ds)
    if bounds is None:
        return Scene(str(path), None, _("not georeferenced (no coordinate system or geotransform)"))
    own = SceneFiles.parse(path)
    if own is not None and own.downloaded:
        return Scene(str(path), "s1" if path == own.s1 else "s2", _("scene downloaded by this plugin"), bounds=bounds)
    descriptions = [(ds.GetRasterBand(i + 1).GetDescription() or "").upper() for i in range(ds.RasterCount)]
    dtype = ds.GetRasterBand(1).DataType
    is_float = dtype in (6, 7)  # GDT_Float32, GDT_Float64
    s2_bands = [band_name(d) for d in descriptions]
    if {"B4", "B3", "B2"} <= set(s2_bands):
        return Scene(str(path), "s2", _("band descriptions B4, B3, B2"), bounds=bounds)
    pols = tuple(m.group(1) if m else "" for m in map(S1_DESCRIPTION.search, descriptions))
    if any(pols):
        named = "VV" if "VV" in pols else next(p for p in pols if p)
        return Scene(str(path), "s1", _("band description {named}").format(named=named), bounds=bounds, polarisations=pols)
    single = BAND_FILE.match(path.name)
    if single and ds.RasterCount == 1:
        groups = band_files_in(path.parent)
        files = groups.get(single.group("prefix") + (single.group("suffix") or ""), {})
        missing = [b for b in ("B4", "B3", "B2") if b not in files]
        if missing:
            return Scene(str(path), None, _("a single Sentinel-2 band; {value} not found beside it").format(
                                              value=', '.join(missing)))
        return replace(_band_group(path.parent, single.group("prefix"), files), source=str(path))
    name_s1 = S1_POL_NAME.search(path.name) or S1_NAME.search(path.name)
    name_s2 = S2_NAME.search(path.name)
    if name_s1 and not name_s2:
        pols = (name_s1.group(1).upper(),) if name_s1.re is S1_POL_NAME and ds.RasterCount == 1 else ()
        return Scene(str(path), "s1", _("file name ({name})").format(name=name_s1.group(0).strip('_.-')), bounds=bounds,
                     polarisations=pols)
    if name_s2 and not name_s1 and ds.RasterCount >= 3:
        return Scene(str(path), "s2", _("file name ({value}), {RasterCount} bands").format(
                                          value=name_s2.group(0).strip('_.-'), RasterCount=ds.RasterCount),
                     bounds=bounds)
    mission = " ".join(str(v) for v in (ds.GetMetadata() or {}).values()).upper()
    if "SENTINEL-1" in mission and not is_float and dtype == 1:
        return Scene(str(path), None, _("8-bit image of Sentinel-1: the patches need backscatter in dB or "
                                        "linear power"))
    if "SENTINEL-1" in mission:
        return Scene(str(path), "s1", _("metadata names Sentinel-1"), bounds=bounds)
    if "SENTINEL-2" in mission and ds.RasterCount >= 3:
        return Scene(str(path), "s2", _("metadata names Sentinel-2"), bounds=bounds)
    if is_float and ds.RasterCount <= 2:
        return Scene(str(path), "s1", _("{RasterCount} floating-point band(s), taken for S1 backscatter").format(
                                          RasterCount=ds.RasterCount),
                     bounds=bounds, guessed=True)
    if dtype == 2 and ds.RasterCount >= 3:  # GDT_UInt16: Sentinel-2 digital numbers
        order = _("B4, B3, B2 in this order") if ds.RasterCount == 3 else _("bands in Sentinel-2 order")
        return Scene(str(path), "s2", _("{RasterCount} 16-bit bands, taken for S2 ({order})").format(
                                          RasterCount=ds.RasterCount, order=order), bounds=bounds, guessed=True)
    if dtype == 1:
        return Scene(str(path), None, _("an 8-bit image (a picture or a basemap), not Sentinel backscatter or "
                                        "reflectance"))
    return Scene(str(path), None, _("{RasterCount} band(s) of type {value} without a band description or file "
                                    "name that says Sentinel-1 (VV/VH) or Sentinel-2 (B04...)").format(
                                      RasterCount=ds.RasterCount, value=_type_name(dtype)))


def _type_name(dtype: int) -> str:
    from osgeo import gdal

    return gdal.GetDataTypeName(dtype)


def with_date(scene):
    """The scene with its acquisition date (or JSON season) filled in, where one is known."""
    path = Path(scene.source)
    files = SceneFiles.parse(path) if path.is_file() else None
    info = (files.read_record() or None) if files is not None else None
    if info:
        season = info.get("season") if isinstance(info.get("season"), str) else None
        seed = info.get("seed") if isinstance(info.get("seed"), int) else None
        roi = info.get("roi") if isinstance(info.get("roi"), int) else None
        return replace(scene, season=season, seed=seed, scene=roi, date_from="scene JSON",
                       acquired=dates.parse_date(info.get("start")) if season is None else None)
    candidates = [scene.source]
    if scene.kind == "s2_bands":
        candidates = list(scene.band_files.values())[:1]
    elif scene.kind == "s2_product" and path.is_dir():
        candidates = [str(product_metadata_file(path))]
    for name in candidates:
        ds = open_quietly(name)
        if ds is None:
            continue
        items = {k.upper(): v for k, v in (ds.GetMetadata() or {}).items()}
        for key in dates.METADATA_KEYS:
            day = dates.parse_date(items.get(key, ""))
            if day:
                return replace(scene, acquired=day, date_from="metadata")
    names = [path.name, path.parent.name] + [Path(f).name for f in scene.band_files.values()][:1]
    for name in names:
        day = dates.parse_date(name)
        if day:
            return replace(scene, acquired=day, date_from="file name")
    return scene


# ----- many inputs at once ---------------------------------------------------------------------------

SCAN_SUFFIXES = (".tif", ".tiff", ".jp2", ".vrt", ".img", ".zip")
SCAN_LIMIT = 500  # scenes from one pick: more is a folder of patches or an archive, not a job's inputs
PATCH_FOLDER = re.compile(r"^(s1|s2|lc)_\d+$")  # this plugin's patch folders: thousands of patch files


def gather(paths, limit: int = SCAN_LIMIT) -> list[Scene]:
    """Each scene among the picked files and folders once, recognised (unusable ones with their reason).

    A picked file is the scene it belongs to: band files of one folder are one scene, a product's
    metadata file is its product. A picked folder that is no product is searched below for
    products (SAFE folders and zips), band folders and rasters; this plugin's own patch and
    working folders (``s1_4``, ``_sources``, hidden ones) are left out.
    """
    found: dict[object, Scene] = {}

    def add(scene: Scene) -> None:
        if len(found) < limit:
            found.setdefault(_scene_key(scene), scene)

    for given in paths:
        path = Path(str(given))
        if path.is_dir():
            before = len(found)
            _scan(path, add, depth=0)
            if len(found) == before:  # nothing under it: the folder's own reason
                found.setdefault(("folder", str(path)), recognise(path))
        else:
            add(_as_its_scene(recognise(path)))
    return list(found.values())


def _as_its_scene(scene: Scene) -> Scene:
    """A picked product metadata file or band file as its product or band folder, so the scene is the
    same input however it was picked."""
    source = Path(scene.source)
    if scene.kind == "s2_product" and source.is_file() and source.suffix.lower() == ".xml":
        return replace(scene, source=str(source.parent))
    if scene.kind == "s2_bands" and source.is_file():
        folder = _recognise_folder(source.parent)
        if folder.kind == "s2_bands" and folder.band_files == scene.band_files:
            return replace(scene, source=str(source.parent))
    return scene


def _scene_key(scene: Scene):
    if scene.kind == "s2_bands":
        return ("bands", tuple(sorted(scene.band_files.values())))
    source = Path(scene.source)
    return ("path", str(source.resolve()) if source.exists() else str(source))


def _scan(folder: Path, add, depth: int) -> None:
    scene = _recognise_folder(folder)
    if scene.kind == "s2_product" or _(RADAR_ADVICE) in scene.reason:  # a product: its files are not scenes of their own
        add(with_date(scene) if scene.role else scene)
        return
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    grouped: set[str] = set()
    for prefix, files in band_files_in(folder).items():
        if {"B4", "B3", "B2"} <= set(files):
            add(with_date(_band_group(folder, prefix, files)))
            grouped.update(files.values())
    for child in children:
        if child.is_file() and child.suffix.lower() in SCAN_SUFFIXES and str(child) not in grouped:
            add(recognise(child))
    if depth < 8:
        for child in children:
            if child.is_dir() and not child.name.startswith(("_", ".")) and not PATCH_FOLDER.match(child.name):
                _scan(child, add, depth + 1)
