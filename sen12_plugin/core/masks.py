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
    """A set of WGS84 polygons (with holes) that answers ``contains(lon, lat)`` for arrays."""

    def __init__(self, polygons: list[list[np.ndarray]], source: str = "") -> None:
        self.source = source
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


def load_polygon_mask(path: str | Path, layer: str | None = None) -> PolygonMask:
    """Read every polygon of a vector file GDAL can open (TopoJSON, GeoPackage, shapefile).

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
            if rings and len(rings[0]) >= 4:
                polygons.append(rings)
    return PolygonMask(polygons, source=str(path))


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
        return load_polygon_mask(LAND_50M)
    if fallback is not None and Path(fallback).exists():
        return load_polygon_mask(fallback, layer="countries")
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
