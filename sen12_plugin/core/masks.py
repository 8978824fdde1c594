"""Land and urban masks for ROI sampling: where the data come from and a fast point test.

The paper sampled over Natural Earth 1:50m land masses and urban areas. The land polygons come
from the npm package ``world-atlas`` (``land-50m.json``), fetched by ``make data``; QGIS' own
``world_map.gpkg`` (Natural Earth countries) is the fallback. Offline, urban areas are discs of
``recipe.URBAN_RADIUS_KM`` around the Natural Earth populated places that the PyPI package
``geopandas`` 0.14 ships (``naturalearth_cities``); see the README.

Point-in-polygon runs in numpy (even-odd rule over every ring), so sampling is fast and gives
the same answer on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import InputError
from .i18n import _

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LAND_50M = DATA_DIR / "land-50m.json"
CITIES = DATA_DIR / "naturalearth_cities" / "naturalearth_cities.shp"


@dataclass(frozen=True)
class _Polygon:
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    edges: np.ndarray  # (n, 4): x0, y0, x1, y1 of every edge of every ring


class PolygonMask:
    """A set of WGS84 polygons (with holes) that answers ``contains(lon, lat)`` for arrays.

    Built directly, the polygons are trusted as they are; a user's polygons go through
    :func:`polygon_mask`, which establishes them first (``warnings`` says what it changed).
    """

    def __init__(self, polygons: list[list[np.ndarray]], source: str = "", warnings: tuple[str, ...] = ()) -> None:
        self.source = source
        self.warnings = tuple(warnings)
        self._polygons: list[_Polygon] = []
        for rings in polygons:
            edges = np.concatenate(
                [np.hstack([ring[:-1], ring[1:]]) for ring in rings if len(ring) >= 4]
            )
            outer = rings[0]
            bbox = (outer[:, 0].min(), outer[:, 1].min(), outer[:, 0].max(), outer[:, 1].max())
            self._polygons.append(_Polygon(tuple(float(v) for v in bbox), edges))
        if not self._polygons:
            raise InputError(_("The mask {value} holds no polygon.").format(value=source or '(unnamed)'))

    def __len__(self) -> int:
        return len(self._polygons)

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Whether each point lies inside any polygon (points on an edge may go either way)."""
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        inside = np.zeros(lon.shape, dtype=bool)
        for poly in self._polygons:
            x0, y0, x1, y1 = poly.bbox
            cand = np.flatnonzero(~inside & (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))
            if cand.size:
                inside[cand] = _even_odd(lon[cand], lat[cand], poly.edges)
        return inside


def _even_odd(px: np.ndarray, py: np.ndarray, edges: np.ndarray) -> np.ndarray:
    ex0, ey0, ex1, ey1 = (edges[:, i] for i in range(4))
    result = np.zeros(px.shape, dtype=bool)
    # Chunk points so the (points x edges) temporaries stay small for continent-sized rings.
    step = max(1, 2_000_000 // max(len(edges), 1))
    for s in range(0, len(px), step):
        x = px[s : s + step, None]
        y = py[s : s + step, None]
        crosses = (ey0 > y) != (ey1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = ex0 + (y - ey0) * (ex1 - ex0) / (ey1 - ey0)
        result[s : s + step] = (np.count_nonzero(crosses & (x < x_at), axis=1) % 2) == 1
    return result


def polygon_mask(polygons, source: str) -> PolygonMask:
    """The mask of a user's polygons (lon/lat rings, outer first), each one's geometry established.

    The point test reads rings by the even-odd rule, whatever they are, so an invalid polygon
    would silently become another area: a ring that crosses itself, a ring left open or a hole
    outside its shell is made valid (GEOS' MakeValid, through GDAL) with a warning; a polygon
    without area or with coordinates that are not numbers is left out with a warning;
    coordinates that are no longitude/latitude at all (a layer in metres labelled WGS84) are
    refused with a sentence, as is a mask with no polygon left.

    Raises:
        InputError: coordinates outside -180..180 / -90..90, or no polygon with an area.
    """
    from osgeo import gdal, ogr

    kept: list[list[np.ndarray]] = []
    repaired = left_out = 0
    gdal.PushErrorHandler("CPLQuietErrorHandler")  # GEOS' "Self-intersection at or near ..." notices
    try:
        for number, rings in enumerate(polygons, start=1):
            arrays = [np.asarray(r, dtype=float).reshape(-1, 2) if len(r) else np.empty((0, 2)) for r in rings]
            if not arrays or any(not np.isfinite(a).all() for a in arrays):
                left_out += 1
                continue
            _check_lon_lat(arrays, number, source)
            closed = [a if len(a) and (a[0] == a[-1]).all() else np.vstack([a, a[:1]]) for a in arrays]
            if len(closed[0]) < 4:
                left_out += 1
                continue
            geom = ogr.Geometry(ogr.wkbPolygon)
            for a in closed:
                if len(a) >= 4:
                    geom.AddGeometry(_ogr_ring(a))
            valid = geom.IsValid()
            parts = [p for p in ([geom] if valid else _valid_parts(geom, source, number)) if p.GetArea() > 0]
            if not parts:
                left_out += 1
                continue
            repaired += not valid or any(len(a) != len(c) for a, c in zip(arrays, closed))
            kept += [[np.asarray(p.GetGeometryRef(i).GetPoints(), dtype=float)[:, :2]
                      for i in range(p.GetGeometryCount())] for p in parts]
    finally:
        gdal.PopErrorHandler()
    if not kept:
        raise InputError(_("The mask {value} holds no polygon.").format(value=source or '(unnamed)'))
    warnings = []
    if repaired:
        warnings.append(_("The mask {source}: {n} polygon(s) were not valid (a ring that crosses itself or is left "
                          "open, a hole outside its shell) and were made valid.").format(source=source, n=repaired))
    if left_out:
        warnings.append(_("The mask {source}: {n} polygon(s) without area or with coordinates that are not numbers "
                          "were left out.").format(source=source, n=left_out))
    return PolygonMask(kept, source, tuple(warnings))


def _check_lon_lat(arrays: list[np.ndarray], number: int, source: str) -> None:
    for a in arrays:
        bad = (np.abs(a[:, 0]) > 180.0 + 1e-9) | (np.abs(a[:, 1]) > 90.0 + 1e-9)
        if bad.any():
            x, y = a[np.flatnonzero(bad)[0]]
            raise InputError(_("The mask {source}: polygon {number} has a point at {x:.6g}, {y:.6g}, outside longitude "
                               "-180..180 and latitude -90..90: is the layer's CRS right? Set its CRS to what its "
                               "coordinates are (or reproject it), then run again.").format(
                                 source=source, number=number, x=x, y=y))


def _ogr_ring(points: np.ndarray):
    from osgeo import ogr

    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in points:
        ring.AddPoint_2D(float(x), float(y))
    return ring


def _valid_parts(geom, source: str, number: int) -> list:
    """The polygons of ``geom`` made valid (the lines and points it collapses to have no area)."""
    try:
        fixed = geom.MakeValid()
    except (RuntimeError, AttributeError):  # GDAL without GEOS 3.8
        fixed = None
    if fixed is None:
        raise InputError(_("The mask {source}: polygon {number} is not valid (a ring that crosses itself?) and this "
                           "GDAL cannot repair it. Repair the layer (Processing: Fix geometries), then run "
                           "again.").format(source=source, number=number))
    return _polygons_of(fixed)


def _polygons_of(geom) -> list:
    from osgeo import ogr

    flat = ogr.GT_Flatten(geom.GetGeometryType())
    if flat == ogr.wkbPolygon:
        return [geom]
    if flat in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        return [p for i in range(geom.GetGeometryCount()) for p in _polygons_of(geom.GetGeometryRef(i).Clone())]
    return []


def load_polygon_mask(path: str | Path, layer: str | None = None, *, recipe_data: bool = False) -> PolygonMask:
    """Read every polygon of a vector file GDAL can open (TopoJSON, GeoPackage, shapefile), established
    (:func:`polygon_mask`). ``recipe_data``: the recipe's own land data, read as they are (as the
    paper's sampling read them: repairing them would move every seed's ROIs).

    Raises:
        InputError: the file is missing, unreadable or holds no polygon.
    """
    from osgeo import ogr, osr

    ds = ogr.Open(str(path))
    if ds is None:
        raise InputError(_("Cannot open the mask {path}: is it a vector file GDAL can read?").format(
                             path=path))
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    if lyr is None:
        raise InputError(_("The mask {path} has no layer {layer!r}.").format(path=path, layer=layer))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src_srs = lyr.GetSpatialRef()
    transform = None
    if src_srs is not None and not src_srs.IsSame(wgs84):
        src_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(src_srs, wgs84)
    polygons: list[list[np.ndarray]] = []
    for feature in lyr:
        geom = feature.GetGeometryRef()
        if geom is None:
            continue
        geom = geom.Clone()
        if transform is not None:
            geom.Transform(transform)
        flat = ogr.GT_Flatten(geom.GetGeometryType())
        parts = [geom] if flat == ogr.wkbPolygon else [
            geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())
        ] if flat == ogr.wkbMultiPolygon else []
        for part in parts:
            rings = [
                np.asarray(part.GetGeometryRef(i).GetPoints(), dtype=float)[:, :2]
                for i in range(part.GetGeometryCount())
            ]
            if rings and (len(rings[0]) >= 4 or not recipe_data):
                polygons.append(rings)
    return PolygonMask(polygons, source=str(path)) if recipe_data else polygon_mask(polygons, str(path))


def load_points(path: str | Path) -> np.ndarray:
    """(n, 2) lon/lat of every point feature of a vector file, in file order."""
    from osgeo import ogr

    ds = ogr.Open(str(path))
    if ds is None:
        raise InputError(_("Cannot open the point file {path}.").format(path=path))
    points = [
        feature.GetGeometryRef().GetPoint_2D(0)
        for feature in ds.GetLayer(0)
        if feature.GetGeometryRef() is not None
    ]
    if not points:
        raise InputError(_("The point file {path} holds no point.").format(path=path))
    return np.asarray(points, dtype=float)


def default_land_mask(fallback: str | Path | None = None) -> PolygonMask:
    """Natural Earth 1:50m land (``make data``), else ``fallback`` (e.g. QGIS' world_map.gpkg).

    Raises:
        InputError: neither is available; the message says how to get the data.
    """
    if LAND_50M.exists():
        return load_polygon_mask(LAND_50M, recipe_data=True)
    if fallback is not None and Path(fallback).exists():
        return load_polygon_mask(fallback, layer="countries", recipe_data=True)
    raise InputError(
        _("No land mask: {LAND_50M} is missing. Run 'make data' (or reinstall the plugin zip), or choose a "
          "land polygon layer.").format(LAND_50M=LAND_50M)
    )


def default_city_points() -> np.ndarray:
    """Natural Earth populated places shipped by geopandas 0.14 (fetched by ``make data``)."""
    if not CITIES.exists():
        raise InputError(
            _("No urban mask: {CITIES} is missing. Run 'make data' (or reinstall the plugin zip), or choose an "
              "urban area layer.").format(CITIES=CITIES)
        )
    return load_points(CITIES)
