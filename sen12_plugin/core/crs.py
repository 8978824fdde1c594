"""One CRS helper: GDAL's osr references and transformations, always in x/y (lon/lat) order.

GDAL 3 follows each CRS's own axis order (EPSG:4326 is lat/lon); the whole plugin works in the
traditional GIS order (x = easting or longitude), so every reference is made here with
``OAMS_TRADITIONAL_GIS_ORDER``.
"""

from __future__ import annotations

from typing import Union

WGS84 = 4326

# typing.Union, not `|`: evaluated at import, and QGIS on Windows runs Python 3.9.
Crs = Union[int, str]  # an EPSG code, "EPSG:n", or WKT


def spatial_reference(crs: Crs):
    """An ``osr.SpatialReference`` in x/y order from an EPSG code, ``"EPSG:n"`` or WKT."""
    from osgeo import osr

    srs = osr.SpatialReference()
    text = str(crs).strip()
    if isinstance(crs, int) or text.isdigit():
        srs.ImportFromEPSG(int(text))
    elif text.upper().startswith("EPSG:") and text[5:].isdigit():
        srs.ImportFromEPSG(int(text[5:]))
    else:
        srs.ImportFromWkt(text)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def transformer(src: Crs, dst: Crs):
    """An ``osr.CoordinateTransformation`` from ``src`` to ``dst``, both in x/y order."""
    from osgeo import osr

    return osr.CoordinateTransformation(spatial_reference(src), spatial_reference(dst))


def crs_label(crs: Crs) -> str:
    """``EPSG:32633`` when the CRS has an authority code, else its PROJ string."""
    srs = spatial_reference(crs)
    code = srs.GetAuthorityCode(None)
    name = srs.GetAuthorityName(None)
    return f"{name}:{code}" if code and name else srs.ExportToProj4()
