"""The patch index: ``OUTPUT/patch_index.gpkg``, one WGS84 footprint per patch pair.

Each run replaces the rows of its own dataset and scene and keeps every other row, so one index
covers every scene extracted into the folder. The file is rewritten atomically.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import recipe
from .errors import OutputError
from .extract import ExtractResult
from .fsutil import atomic_path

LAYER = "patches"
FIELDS = (
    ("dataset", "str"), ("season", "str"), ("seed", "int"), ("scene", "int"), ("patch", "int"),
    ("row", "int"), ("col", "int"), ("s1_path", "str"), ("s2_path", "str"),
    ("s1_tif", "str"), ("s2_tif", "str"), ("crs", "str"),
)


def index_path(output_dir: str | Path) -> Path:
    return Path(output_dir) / recipe.PATCH_INDEX_NAME


def update_patch_index(result: ExtractResult, season: str, seed: int | None) -> Path:
    """Write the result's patch pairs into the folder's index, replacing its scene's old rows."""
    from osgeo import ogr, osr

    target = index_path(result.output_dir)
    with atomic_path(target, keep_extension=True) as tmp:
        if target.exists():
            shutil.copyfile(target, tmp)
            ds = ogr.Open(str(tmp), 1)
            if ds is None or ds.GetLayerByName(LAYER) is None:
                raise OutputError(f"{target} is not a patch index; move it away and run again.")
            layer = ds.GetLayerByName(LAYER)
            layer.SetAttributeFilter(f"dataset = '{result.dataset}' AND scene = {int(result.scene)}")
            stale = [f.GetFID() for f in layer]
            layer.SetAttributeFilter(None)
            for fid in stale:
                layer.DeleteFeature(fid)
        else:
            ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
            if ds is None:
                raise OutputError(f"Cannot create the patch index {target}.")
            wgs84 = osr.SpatialReference()
            wgs84.ImportFromEPSG(4326)
            layer = ds.CreateLayer(LAYER, wgs84, ogr.wkbPolygon)
            for name, kind in FIELDS:
                layer.CreateField(ogr.FieldDefn(name, ogr.OFTInteger if kind == "int" else ogr.OFTString))
        src = osr.SpatialReference()
        src.ImportFromWkt(result.crs_wkt)
        dst = osr.SpatialReference()
        dst.ImportFromEPSG(4326)
        for srs in (src, dst):
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_wgs84 = osr.CoordinateTransformation(src, dst)
        a, b, c, d, e, f = result.transform
        size = result.grid.size
        crs_label = _crs_label(src)
        ds.StartTransaction()
        for rec in result.records:
            corners = [
                (c + a * x + b * y, f + d * x + e * y)
                for x, y in (
                    (rec.col_off, rec.row_off), (rec.col_off + size, rec.row_off),
                    (rec.col_off + size, rec.row_off + size), (rec.col_off, rec.row_off + size),
                )
            ]
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for x, y, *_ in to_wgs84.TransformPoints(corners + corners[:1]):
                ring.AddPoint_2D(x, y)
            poly = ogr.Geometry(ogr.wkbPolygon)
            poly.AddGeometry(ring)
            feat = ogr.Feature(layer.GetLayerDefn())
            feat.SetGeometry(poly)
            values = {
                "dataset": result.dataset, "season": season, "seed": seed, "scene": result.scene,
                "patch": rec.number, "row": rec.row, "col": rec.col,
                "s1_path": rec.files.get("s1_png"), "s2_path": rec.files.get("s2_png"),
                "s1_tif": rec.files.get("s1_tif"), "s2_tif": rec.files.get("s2_tif"),
                "crs": crs_label,
            }
            for key, value in values.items():
                if value is None:
                    feat.SetFieldNull(key)
                else:
                    feat.SetField(key, value)
            if layer.CreateFeature(feat) != 0:
                raise OutputError(f"Cannot write to the patch index {target} (is the disk full?).")
        ds.CommitTransaction()
        ds = None  # close before the rename
    return target


def _crs_label(srs) -> str:
    code = srs.GetAuthorityCode(None)
    name = srs.GetAuthorityName(None)
    return f"{name}:{code}" if code and name else srs.ExportToProj4()
