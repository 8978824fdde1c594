"""A scene's label on its pinned grid: features rasterized, class rasters resampled nearest.

The whole scene grid is labelled once (in strips, never whole in memory) and written as a uint8
GeoTIFF beside the dataset; the patch job then cuts label patches from it with the same windows
as the S1/S2 patches, so overlapping patches agree pixel for pixel and every label patch equals
the label rasterized on that patch's own grid.

- Vector features go to the grid's CRS (OGR, x/y order), are grown by the buffer in metres
  (the grid must be in metres then), and are burnt with ``rasterio.features.rasterize``: the
  pixel-centre rule (a pixel is labelled when its centre is inside a polygon), or GDAL's
  all-touched rule on request; lines and points without a buffer burn the pixels GDAL's line and
  point rules give. Where features of different classes overlap, the last in layer order wins,
  and the run says how many pixels that concerns. (All-touched leaves one case to rounding: a
  vertex exactly on a pixel corner may or may not touch the pixel diagonal to it.)
- Class rasters are warped nearest onto the grid with GDAL's exact transformer (no
  approximation, so a pixel takes the source value under its centre). No-data becomes 0.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np

from .crs import crs_label, spatial_reference, transformer
from .errors import InputError
from .fsutil import atomic_path
from .grid import RasterGrid
from .i18n import _
from .labels import (
    MAX_CLASS_ID,
    UNLABELED,
    ClassMap,
    LabelClass,
    LabelSource,
    RasterLabels,
    SceneLabel,
    VectorLabels,
    palette_colour,
    vector_class_ids,
)

STRIP_PIXELS = 4_000_000  # pixels per strip: ~4 MB of labels, ~48 MB for the overlap check


def build_scene_label(source: LabelSource, grid: RasterGrid, target: str | Path,
                      known: ClassMap | None = None) -> SceneLabel:
    """Label the whole ``grid`` from ``source`` into the uint8 GeoTIFF ``target`` (written atomically).

    Args:
        source: the features or the class raster.
        grid: the scene's pinned grid (the S2 grid of the pair).
        target: where the scene's label raster goes.
        known: the dataset's class map so far; text classes keep the ids it gives them.

    Raises:
        InputError: the source cannot be put on the grid as labels (see the sentence).
    """
    target = Path(target)
    if isinstance(source, VectorLabels):
        classes, counts, messages = _rasterize(source, grid, target, known)
    elif isinstance(source, RasterLabels):
        classes, counts, messages = _resample(source, grid, target)
    else:  # pragma: no cover - a programming error
        raise TypeError(type(source))
    labelled = int(counts[1:].sum())
    summary = _("Labels from {value}: {value2:.1%} of the scene labelled, {n_items} of {n_classes} "
                "classes present.").format(
                  value=source.describe(), value2=labelled / max(1, int(counts.sum())), n_items=len([c for c in classes if counts[c.id]]), n_classes=len(classes))
    return SceneLabel(target, classes, source.describe(), source.identity(), messages, summary)


def _strips(grid: RasterGrid):
    rows = max(1, STRIP_PIXELS // max(1, grid.width))
    for top in range(0, grid.height, rows):
        yield top, min(rows, grid.height - top)


def _profile(grid: RasterGrid) -> dict:
    import rasterio

    return dict(driver="GTiff", width=grid.width, height=grid.height, count=1, dtype="uint8",
                   crs=grid.crs_wkt, transform=rasterio.Affine(*grid.transform), tiled=True, blockxsize=256,
                   blockysize=256, compress="deflate", BIGTIFF="IF_SAFER")


def _write_colours(dst, classes: ClassMap) -> None:
    """The class colours as the GeoTIFF's colour table, so any GIS shows the classes."""
    table = {UNLABELED: (0, 0, 0, 0)}
    for c in classes:
        h = c.colour.lstrip("#")
        table[c.id] = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 255)
    dst.write_colormap(1, table)


# ----- vector ---------------------------------------------------------------------------------


def _metric(grid: RasterGrid) -> bool:
    srs = spatial_reference(grid.crs_wkt)
    return bool(srs.IsProjected()) and abs(srs.GetLinearUnits() - 1.0) < 1e-9


def grid_shapes(source: VectorLabels, grid: RasterGrid, known: ClassMap | None = None):
    """The features in the grid's CRS (buffered) as GeoJSON with their class ids and envelopes.

    Returns (shapes, class map, messages); shapes are (geometry in pixel coordinates, id, (first row, last row)).
    """
    from osgeo import ogr

    if source.buffer_m and not _metric(grid):
        raise InputError(_("A label buffer of {buffer_m:g} m needs a scene grid in metres; this scene's grid "
                           "is not. Set the buffer to 0, or use scenes in a projected CRS (UTM).").format(
                             buffer_m=source.buffer_m))
    if not (source.crs_wkt or "").strip():
        raise InputError(_("The label layer {name} has no coordinate reference system, so where its features "
                           "lie is unknown. Set its CRS (in QGIS: Layer Properties > Source) and run again.").format(
                             name=source.name))
    classes, ids, messages = vector_class_ids(source.values, known, dict(source.colours))
    to_grid = transformer(source.crs_wkt, grid.crs_wkt)
    window = _scene_window(source, grid)
    shapes, unreadable, empty_lines, labelled, outside = [], 0, 0, 0, 0
    for wkb, value in zip(source.geometries, source.values):
        class_id = ids.get(value) if value not in (None, "") else None
        if class_id is None:
            continue
        labelled += 1
        geometry = ogr.CreateGeometryFromWkb(wkb)
        if geometry is None or geometry.IsEmpty():
            unreadable += 1
            continue
        if window is not None and not _meets(geometry.GetEnvelope(), window):
            outside += 1  # far from the scene: not transformed at all (large layers, many scenes)
            continue
        if geometry.HasCurveGeometry():  # CurvePolygon, MultiSurface, ...: GeoJSON and GDAL's burn need lines
            geometry = geometry.GetLinearGeometry()
        if geometry is None or geometry.Transform(to_grid) != 0:
            unreadable += 1
            continue
        if source.buffer_m:
            geometry = geometry.Buffer(source.buffer_m)
        elif ogr.GT_Flatten(geometry.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
            empty_lines += 1
        shape = _in_pixels(json.loads(geometry.ExportToJson()), grid, class_id)
        if shape[2][1] < 0 or shape[2][0] > grid.height:
            outside += 1
        shapes.append(shape)
    if labelled and outside + unreadable >= labelled:
        messages.append(_("The label layer {name} does not overlap this scene; check its CRS ({value}): the "
                          "scene's label patches are all unlabeled.").format(
                            name=source.name, value=crs_label(source.crs_wkt)))
    if unreadable:
        messages.append(_("{unreadable} label feature(s) have no geometry that reaches the scene's CRS; they "
                          "are skipped.").format(unreadable=unreadable))
    if empty_lines:
        messages.append(_("{empty_lines} label feature(s) are lines or points without a buffer: they burn the "
                          "pixels GDAL's line and point rules give (set a buffer in metres to give them a "
                          "width).").format(empty_lines=empty_lines))
    return shapes, classes, messages


def _scene_window(source: VectorLabels, grid: RasterGrid):
    """The scene (grown by the buffer) as (min x, max x, min y, max y) in the layer's CRS, with a
    margin; None where its outline does not transform (then every feature is looked at)."""
    a, _unused, c, _unused, e, f = grid.transform[:6]
    x0, x1 = sorted((c, c + a * grid.width))
    y0, y1 = sorted((f, f + e * grid.height))
    grow = source.buffer_m + 2 * max(abs(a), abs(e))
    x0, x1, y0, y1 = x0 - grow, x1 + grow, y0 - grow, y1 + grow
    steps = np.linspace(0.0, 1.0, 33)
    outline = ([(x0 + t * (x1 - x0), y0) for t in steps] + [(x0 + t * (x1 - x0), y1) for t in steps]
               + [(x0, y0 + t * (y1 - y0)) for t in steps] + [(x1, y0 + t * (y1 - y0)) for t in steps])
    try:
        points = np.array(transformer(grid.crs_wkt, source.crs_wkt).TransformPoints(outline))[:, :2]
    except Exception:  # noqa: BLE001 - an outline outside the layer CRS's area of use
        return None
    if not np.isfinite(points).all():
        return None
    (px0, py0), (px1, py1) = points.min(axis=0), points.max(axis=0)
    if px1 - px0 > 180 and spatial_reference(source.crs_wkt).IsGeographic():
        return None  # across the antimeridian: no simple window
    mx, my = 0.01 * (px1 - px0), 0.01 * (py1 - py0)
    return px0 - mx, px1 + mx, py0 - my, py1 + my


def _meets(envelope, window) -> bool:
    """Whether an OGR envelope (min x, max x, min y, max y) meets the window."""
    return not (envelope[1] < window[0] or envelope[0] > window[1] or envelope[3] < window[2] or envelope[2] > window[3])


def _in_pixels(geometry: dict, grid: RasterGrid, class_id: int):
    """A GeoJSON geometry in the grid's pixel coordinates (column, row), its id and its row span.

    Burning in pixel coordinates makes the labels independent of how the scene is cut into
    strips: a strip only shifts the rows by a whole number, which is exact in floating point,
    whereas a strip's own geotransform would round each vertex a little differently (and GDAL's
    all-touched rule then differs where an edge meets a pixel corner).
    """
    import rasterio

    inverse = ~rasterio.Affine(*grid.transform)
    rows: list[float] = []

    def convert(coords):
        if coords and isinstance(coords[0], (int, float)):
            col, row = inverse * (coords[0], coords[1])
            rows.append(row)
            return [col, row]
        return [convert(c) for c in coords]

    if geometry["type"] == "GeometryCollection":
        parts = [_in_pixels(g, grid, class_id) for g in geometry["geometries"]]
        span = (min(p[2][0] for p in parts), max(p[2][1] for p in parts)) if parts else (0.0, -1.0)
        return {"type": "GeometryCollection", "geometries": [p[0] for p in parts]}, class_id, span
    converted = {"type": geometry["type"], "coordinates": convert(geometry["coordinates"])}
    return converted, class_id, (min(rows), max(rows)) if rows else (0.0, -1.0)


def _rasterize(source: VectorLabels, grid: RasterGrid, target: Path, known: ClassMap | None):
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning
    from rasterio.features import MergeAlg, rasterize

    shapes, classes, messages = grid_shapes(source, grid, known)
    counts = np.zeros(MAX_CLASS_ID + 1, dtype=np.int64)
    conflicts = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp, rasterio.open(tmp, "w", **_profile(grid)) as dst, warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # pixel coordinates: no georeference, on purpose
        for top, height in _strips(grid):
            chosen = [(g, i) for g, i, (r0, r1) in shapes if r0 <= top + height + 1 and r1 >= top - 1]
            out = np.zeros((height, grid.width), dtype=np.uint8)
            transform = rasterio.Affine(1.0, 0.0, 0.0, 0.0, 1.0, float(top))  # strip row = pixel row - top
            if chosen:
                burn = dict(out_shape=out.shape, transform=transform, all_touched=source.all_touched)
                out = rasterize(chosen, fill=UNLABELED, dtype="uint8", **burn)
                if len({i for _unused, i in chosen}) > 1:  # classes overlap where the ids under a pixel vary
                    n = rasterize(((g, 1) for g, _unused in chosen), merge_alg=MergeAlg.add, dtype="int32", **burn)
                    s1 = rasterize(chosen, merge_alg=MergeAlg.add, dtype="int32", **burn)
                    s2 = rasterize(((g, i * i) for g, i in chosen), merge_alg=MergeAlg.add, dtype="int32", **burn)
                    conflicts += int(np.count_nonzero(n.astype(np.int64) * s2 != s1.astype(np.int64) ** 2))
            dst.write(out, 1, window=rasterio.windows.Window(0, top, grid.width, height))
            counts += np.bincount(out.ravel(), minlength=MAX_CLASS_ID + 1)
        _write_colours(dst, classes)
    if conflicts:
        messages.append(_("{conflicts} pixel(s) lie under label features of different classes; there the last "
                          "feature in the layer's order wins (GDAL's rule). Fix the overlaps in the layer if "
                          "that is not meant.").format(conflicts=conflicts))
    return classes, counts, messages


# ----- raster ---------------------------------------------------------------------------------


def _file_classes(path: str, band: int, values: np.ndarray) -> ClassMap:
    """Names and colours for the values present: the file's category names and colour table, else defaults."""
    from osgeo import gdal

    ds = gdal.Open(path)
    b = ds.GetRasterBand(band) if ds is not None else None
    names = (b.GetCategoryNames() or []) if b is not None else []
    table = b.GetRasterColorTable() if b is not None else None
    classes = []
    for v in (int(x) for x in values if 1 <= x <= MAX_CLASS_ID):
        name = names[v] if v < len(names) and names[v] else f"class {v}"
        colour = palette_colour(v)
        if table is not None and v < table.GetCount():
            r, g, bl, *_unused = table.GetColorEntry(v)
            colour = f"#{r:02x}{g:02x}{bl:02x}"
        classes.append(LabelClass(v, name, colour, v))
    ds = None
    return ClassMap(tuple(classes))


def _resample(source: RasterLabels, grid: RasterGrid, target: Path):
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.errors import RasterioIOError
    from rasterio.vrt import WarpedVRT

    name = Path(source.path).name
    try:
        src = rasterio.open(source.path)
    except RasterioIOError as exc:
        raise InputError(_("The label raster {path} is not a raster GDAL can read ({exc}).").format(
                             path=source.path, exc=exc)) from None
    messages: list[str] = []
    counts = np.zeros(MAX_CLASS_ID + 1, dtype=np.int64)
    with src:
        if src.crs is None:
            raise InputError(_("The label raster {name} has no CRS: it cannot be put on the scene's grid.").format(
                                 name=name))
        if not 1 <= source.band <= src.count:
            raise InputError(_("The label raster {name} has {count} band(s); band {band} does not exist.").format(
                                 name=name, count=src.count, band=source.band))
        nodata = src.nodatavals[source.band - 1]
        # tolerance: the largest error GDAL's approximate transformer may make, in pixels; rasterio
        # refuses 0 (no transformer is made), 1e-9 px is exact in effect
        vrt = WarpedVRT(src, crs=grid.crs_wkt, transform=rasterio.Affine(*grid.transform), width=grid.width,
                        height=grid.height, resampling=Resampling.nearest, tolerance=1e-9)
        staging = target.with_name(target.name + ".staging")
        target.parent.mkdir(parents=True, exist_ok=True)
        zeros_as_class = valid_pixels = 0
        try:
            with vrt, rasterio.open(staging, "w", **_profile(grid)) as dst:
                for top, height in _strips(grid):
                    window = rasterio.windows.Window(0, top, grid.width, height)
                    data = vrt.read(source.band, window=window)
                    valid = vrt.read_masks(source.band, window=window) > 0
                    if nodata is not None:
                        valid &= ~(np.isnan(data) if np.isnan(nodata) else data == nodata)
                    values = data[valid]
                    valid_pixels += int(values.size)
                    if values.size and (values.min() < 0 or values.max() > MAX_CLASS_ID
                                        or not np.array_equal(values, np.round(values))):
                        raise InputError(
                            _("The label raster {name} holds values from {value:g} to {value2:g}; label "
                              "patches hold whole class ids 0..{MAX_CLASS_ID} (0 unlabeled). Reclassify it "
                              "first.").format(
                                name=name, value=values.min(), value2=values.max(), MAX_CLASS_ID=MAX_CLASS_ID))
                    if nodata is not None and nodata != 0:
                        zeros_as_class += int(np.count_nonzero(values == 0))
                    out = np.where(valid, data, 0).astype(np.uint8)
                    dst.write(out, 1, window=window)
                    counts += np.bincount(out.ravel(), minlength=MAX_CLASS_ID + 1)
            if zeros_as_class:
                raise InputError(
                    _("The label raster {name} uses 0 as a class ({zeros_as_class} pixels on this scene; its "
                      "no-data is {nodata:g}). Label patches keep 0 for unlabeled pixels: recode that class to "
                      "1..{MAX_CLASS_ID}.").format(
                        name=name, zeros_as_class=zeros_as_class, nodata=nodata, MAX_CLASS_ID=MAX_CLASS_ID))
            if not valid_pixels:
                messages.append(_no_label_here(src, grid, name, nodata))
            present = np.flatnonzero(counts[1:]) + 1
            classes = source.classes if source.classes is not None else _file_classes(source.path, source.band, present)
            unknown = [int(v) for v in present if classes.get(int(v)) is None]
            if unknown:
                raise InputError(_("The label raster {name} holds values {unknown} that are not classes of "
                                   "{value}.").format(name=name, unknown=unknown, value=source.describe()))
            if nodata is None and counts[0] and source.classes is None:
                messages.append(_("{name} declares no no-data: its value 0 (and the area it does not cover) is "
                                  "read as unlabeled.").format(name=name))
            with rasterio.open(staging, "r+") as dst:
                _write_colours(dst, classes)
            with atomic_path(target) as tmp:
                staging.replace(tmp)
        finally:
            staging.unlink(missing_ok=True)
    return classes, counts, messages


def _no_label_here(src, grid: RasterGrid, name: str, nodata) -> str:
    """Why a class raster gives the scene no valid pixel: it lies elsewhere, or is no-data here."""
    from rasterio.warp import transform_bounds

    a, _unused, c, _unused, e, f = grid.transform[:6]
    x0, x1 = sorted((c, c + a * grid.width))
    y0, y1 = sorted((f, f + e * grid.height))
    try:
        bx0, by0, bx1, by1 = transform_bounds(src.crs, grid.crs_wkt, *src.bounds, densify_pts=21)
        meets = np.isfinite([bx0, by0, bx1, by1]).all() and bx0 < x1 and bx1 > x0 and by0 < y1 and by1 > y0
    except Exception:  # noqa: BLE001 - bounds outside the scene CRS's area of use: far away
        meets = False
    if not meets:
        return _("The label raster {name} does not overlap this scene; check its CRS ({crs}): the scene's label "
                 "patches are all unlabeled.").format(name=name, crs=crs_label(src.crs.to_wkt()))
    return _("The label raster {name} holds only no-data ({nodata}) over this scene: the scene's label patches "
             "are all unlabeled.").format(name=name, nodata="none declared" if nodata is None else f"{nodata:g}")
