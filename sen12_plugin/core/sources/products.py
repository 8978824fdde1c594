"""Sentinel-2 products and per-band files as one virtual raster (GDAL VRT) for the extractor.

A SAFE folder or zip is read through GDAL's SENTINEL2 driver: its 10 m subdataset gives B4, B3,
B2; with ``all_bands`` the 20 m and 60 m bands join them, resampled (bilinear) to the 10 m grid.
Per-band files (``..._B04.tif``, as BigEarthNet ships them) are stacked on the B04 grid. The VRT
goes into a folder of the plugin's (inside OUTPUT), never beside the user's files; it is
rewritten only when its content changes, so a re-run sees the same input.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .. import recipe
from ..errors import InputError
from ..fsutil import ConfinedWriter, ensure_writable_dir
from ..i18n import _
from .recognise import Scene, band_name, open_quietly, product_metadata_file

SOURCES_FOLDER = "_sources"  # inside OUTPUT: the VRTs this module writes


@dataclass(frozen=True)
class _BandSource:
    band: str  # "B4"
    dataset: str  # GDAL name of the source
    index: int  # 1-based band in the source
    width: int
    height: int
    data_type: str
    nodata: float | None
    offset: float = 0.0  # added to every value: -1000 for products of processing baseline 04.00 on
    categorical: bool = False  # classes (SCL, masks): resampled nearest, never blended


def extraction_input(scene: Scene, output: str | Path, all_bands: bool = False) -> tuple[str, list[str]]:
    """The raster path the extractor opens for ``scene``, and what was done to get it.

    Raises:
        InputError: the scene is not recognised, or its bands do not share one grid.
    """
    if scene.role is None:
        raise InputError(_("{label}: {reason}.").format(label=scene.label, reason=scene.reason))
    if scene.kind == "raster":
        return scene.source, []
    vrt, offset = s2_vrt(scene, output, all_bands)
    bands = _("all bands at 10 m") if all_bands else "B4, B3, B2"
    how = _("GDAL's SENTINEL2 driver") if scene.kind == "s2_product" else _("its per-band files")
    notes = [_("S2 {label}: read with {how}, {bands}, as {vrt}.").format(
                 label=scene.label, how=how, bands=bands, vrt=vrt)]
    if offset:
        notes.append(_("S2 {label}: processing baseline 04.00 or later; its offset of {offset:g} was applied, "
                       "as in Earth Engine's harmonized collection the recipe uses.").format(
                         label=scene.label, offset=offset))
    return str(vrt), notes


def s2_vrt(scene: Scene, output: str | Path, all_bands: bool = False) -> tuple[Path, float]:
    """The VRT in ``output/_sources``, and the radiometric offset applied to its bands (0 when none)."""
    if scene.kind == "s2_product":
        grid, sources = _product_sources(scene)
    else:
        grid, sources = _band_file_sources(scene)
    wanted = recipe.S2_BANDS_ALL if all_bands else recipe.S2_BANDS
    missing = [b for b in recipe.S2_BANDS if b not in sources]
    if missing:
        raise InputError(_("{label}: band(s) {value} not found.").format(
                             label=scene.label, value=', '.join(missing)))
    chosen = [sources[b] for b in wanted if b in sources]
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", Path(scene.label).stem)[:120] or "s2"
    # the files behind it in the name: two products or band folders of one name (two tiles' IMG_DATA
    # with the same file prefix) never share a VRT, or one pair would be cut from the other's bands
    behind = hashlib.sha256("\n".join(sorted(_real(src.dataset) for src in sources.values())).encode()).hexdigest()[:8]
    target = f"{SOURCES_FOLDER}/{stem}_{behind}{'_allbands' if all_bands else ''}.vrt"
    _write_qa_vrt(scene, output, target, grid, sources)
    return _write_vrt(output, target, grid, chosen), min((src.offset for src in chosen), default=0.0)


def _real(name: str) -> str:
    """A band source's file as one path wherever it was reached from (a GDAL dataset name as it is)."""
    return os.path.realpath(name) if os.path.exists(name) else name


def _write_qa_vrt(scene: Scene, output: str | Path, s2_vrt: str, grid, sources: dict[str, _BandSource]) -> None:
    """The product's QA evidence as a VRT on the S2 grid beside the S2 VRT (``qa_evidence.find``
    reads it): SCL (L2A) or MSK_CLASSI_B00 (L1C 04.00 on), else B3, B8 and B11 for the spectral
    tests; a stale one is removed."""
    from ..qa_evidence import CATEGORICAL, SPECTRAL_NIR, product_qa_sources, qa_vrt_path

    target = qa_vrt_path(s2_vrt).as_posix()  # inside ``output``, as the S2 VRT
    found = product_qa_sources(scene)
    bands = []
    if found is not None and found[0] in CATEGORICAL:
        for name, dataset, index in found[1]:
            ds = open_quietly(dataset)
            if ds is None:  # a damaged mask: the spectral tests below still apply
                bands = []
                break
            bands.append(replace(_band_source(ds, dataset, index, name), categorical=True))
    if not bands:
        nir = next((b for b in SPECTRAL_NIR if b in sources), None)
        if nir and "B3" in sources and "B11" in sources:
            bands = [sources["B3"], sources[nir], sources["B11"]]
    if bands:
        _write_vrt(output, target, grid, bands)
    else:
        ConfinedWriter(ensure_writable_dir(output)).remove(target)


def _write_vrt(output: str | Path, relative: str, grid, bands: list[_BandSource]) -> Path:
    """Write the VRT inside ``output`` only when its text changes, so a re-run sees the same input."""
    writer = ConfinedWriter(ensure_writable_dir(output))
    target = writer.target(relative)
    text = _vrt_xml(grid, bands)
    if not (target.exists() and target.read_text() == text):
        writer.write_text(target, text)
    return target


def _grid(ds) -> tuple[int, int, tuple[float, ...], str]:
    return ds.RasterXSize, ds.RasterYSize, tuple(ds.GetGeoTransform()), ds.GetProjection()


def _band_source(ds, name: str, index: int, band: str) -> _BandSource:
    from osgeo import gdal

    rb = ds.GetRasterBand(index)
    return _BandSource(band, name, index, ds.RasterXSize, ds.RasterYSize,
                       gdal.GetDataTypeName(rb.DataType), rb.GetNoDataValue())


def _product_sources(scene: Scene):
    path = Path(scene.source)
    meta = product_metadata_file(path) if path.is_dir() else path
    product = open_quietly(str(meta)) if meta else None
    if product is None:
        raise InputError(_("{label}: GDAL's SENTINEL2 driver cannot open it.").format(label=scene.label))
    subs = product.GetMetadata("SUBDATASETS") or {}
    names = [v for k, v in sorted(subs.items()) if k.endswith("_NAME")]
    by_res: dict[str, list[str]] = {}
    for name in names:  # SENTINEL2_L1C:<file>:10m:EPSG_32633
        res, epsg = name.rsplit(":", 2)[-2:]
        by_res.setdefault(res, []).append(name)
    if "10m" not in by_res:
        raise InputError(_("{label}: the product has no 10 m bands.").format(label=scene.label))
    if len(by_res["10m"]) > 1:
        zones = ", ".join(n.rsplit(":", 1)[-1] for n in by_res["10m"])
        raise InputError(_("{label} spans several UTM zones ({zones}): open one tile's product instead.").format(
                             label=scene.label, zones=zones))
    epsg = by_res["10m"][0].rsplit(":", 1)[-1]
    offsets = product_offsets(by_res["10m"][0].split(":", 1)[1].rsplit(":", 2)[0])
    sources: dict[str, _BandSource] = {}
    grid = None
    for res in ("10m", "20m", "60m"):  # finest first: a band found twice keeps its 10 m version
        for name in (n for n in by_res.get(res, []) if n.endswith(epsg)):
            ds = open_quietly(name)
            if ds is None:
                raise InputError(_("{label}: GDAL cannot read its {res} bands (is the product complete?).").format(
                                     label=scene.label, res=res))
            grid = grid or _grid(ds)
            for i in range(1, ds.RasterCount + 1):
                band = band_name(ds.GetRasterBand(i).GetMetadataItem("BANDNAME") or "")
                if band and band not in sources:
                    sources[band] = replace(_band_source(ds, name, i, band), offset=offsets.get(band, 0.0))
    return grid, sources


def product_offsets(metadata_file: str) -> dict[str, float]:
    """RADIO_ADD_OFFSET (L1C) or BOA_ADD_OFFSET (L2A) per band, from the product metadata.

    Products of processing baseline 04.00 on (January 2022) store values 1000 higher; GDAL 3.6
    does not report the offset, so it is read here. ESA's band_id counts B1 ... B12 with B8A ninth.
    """
    from osgeo import gdal

    handle = gdal.VSIFOpenL(metadata_file, "rb")
    if handle is None:
        return {}
    try:
        gdal.VSIFSeekL(handle, 0, 2)
        size = gdal.VSIFTellL(handle)
        gdal.VSIFSeekL(handle, 0, 0)
        text = gdal.VSIFReadL(1, size, handle)
    finally:
        gdal.VSIFCloseL(handle)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return {}
    offsets = {}
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] in ("RADIO_ADD_OFFSET", "BOA_ADD_OFFSET"):
            try:
                offsets[recipe.S2_BANDS_ALL[int(element.get("band_id"))]] = float(element.text)
            except (TypeError, ValueError, IndexError):
                continue
    return offsets


def _band_file_sources(scene: Scene):
    reference = open_quietly(scene.band_files["B4"])
    if reference is None:
        raise InputError(_("{label}: GDAL cannot read {B4}.").format(
                             label=scene.label, B4=scene.band_files['B4']))
    grid = _grid(reference)
    width, height, gt, wkt = grid
    extent = (gt[0], gt[3], gt[0] + width * gt[1], gt[3] + height * gt[5])
    sources = {}
    for band, path in scene.band_files.items():
        ds = open_quietly(path)
        if ds is None:
            raise InputError(_("{label}: GDAL cannot read {path}.").format(label=scene.label, path=path))
        w, h, g, _unused = _grid(ds)
        other = (g[0], g[3], g[0] + w * g[1], g[3] + h * g[5])
        if max(abs(a - b) for a, b in zip(extent, other)) > abs(gt[1]) / 2 or not _same_crs(ds.GetProjection(), wkt):
            raise InputError(_("{name} does not cover the same ground as {name2}: per-band files must come "
                               "from one tile.").format(
                                 name=Path(path).name, name2=Path(scene.band_files['B4']).name))
        if band in recipe.S2_BANDS and (w, h) != (width, height):
            raise InputError(_("{name} has {value:g} m pixels ({w} x {h}), {name2} {value2:g} m ({width} x "
                               "{height}): B4, B3 and B2 must share one grid; resampling one of them would "
                               "blur it against the others. Use the 10 m band files.").format(
                                 name=Path(path).name, value=abs(g[1]), w=w, h=h, name2=Path(scene.band_files['B4']).name, value2=abs(gt[1]), width=width, height=height))
        sources[band] = _band_source(ds, os.path.abspath(path), 1, band)
    return grid, sources


def _same_crs(a: str, b: str) -> bool:
    from osgeo import osr

    sa, sb = osr.SpatialReference(), osr.SpatialReference()
    sa.ImportFromWkt(a)
    sb.ImportFromWkt(b)
    return bool(sa.IsSame(sb))


def _vrt_xml(grid, sources: list[_BandSource]) -> str:
    width, height, gt, wkt = grid
    lines = [f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}">',
             f"  <SRS>{escape(wkt)}</SRS>",
             f"  <GeoTransform>{', '.join(repr(float(v)) for v in gt)}</GeoTransform>"]
    for n, src in enumerate(sources, start=1):
        lines.append(f'  <VRTRasterBand dataType="{src.data_type}" band="{n}">')
        lines.append(f"    <Description>{src.band}</Description>")
        if src.nodata is not None:
            lines.append(f"    <NoDataValue>{src.nodata:g}</NoDataValue>")
        method = "nearest" if src.categorical else "bilinear"
        resampling = f' resampling="{method}"' if (src.width, src.height) != (width, height) else ""
        lines += [
            f"    <ComplexSource{resampling}>",
            f'      <SourceFilename relativeToVRT="0">{escape(src.dataset)}</SourceFilename>',
            f"      <SourceBand>{src.index}</SourceBand>",
            f'      <SrcRect xOff="0" yOff="0" xSize="{src.width}" ySize="{src.height}"/>',
            f'      <DstRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>',
        ]
        if src.offset:  # the output type clamps: values below the offset become 0 (no-data)
            lines.append(f"      <ScaleOffset>{src.offset:g}</ScaleOffset><ScaleRatio>1</ScaleRatio>")
        if src.nodata is not None:
            lines.append(f"      <NODATA>{src.nodata:g}</NODATA>")
        lines += ["    </ComplexSource>", "  </VRTRasterBand>"]
    lines.append("</VRTDataset>")
    return "\n".join(lines) + "\n"
