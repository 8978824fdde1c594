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
SCENES_LAYER = "scenes"  # one row per extracted scene: counts before the patch checks, scene QC
SCENE_FIELDS = (
    ("dataset", "str"), ("season", "str"), ("seed", "int"), ("scene", "int"), ("grid_positions", "int"),
    ("dropped_nodata", "int"), ("patches", "int"), ("s1_source", "str"), ("s2_source", "str"),
    ("scene_qc_status", "str"), ("scene_qc_reasons", "str"),
)
MEASURES = ("nodata", "cloud", "colour", "seam")
FIELDS = (
    ("dataset", "str"), ("season", "str"), ("seed", "int"), ("scene", "int"), ("patch", "int"),
    ("row", "int"), ("col", "int"), ("s1_path", "str"), ("s2_path", "str"),
    ("s1_tif", "str"), ("s2_tif", "str"), ("crs", "str"),
    *((m, "real") for m in MEASURES), ("qc_status", "str"), ("qc_reasons", "str"),
    ("decision", "str"),  # the analyst's: "", "accept" or "reject"; survives re-runs
)
OGR_TYPES = {"int": "OFTInteger", "real": "OFTReal", "str": "OFTString"}


def index_path(output_dir: str | Path) -> Path:
    return Path(output_dir) / recipe.PATCH_INDEX_NAME


def update_patch_index(result: ExtractResult, season: str, seed: int | None,
                       sources: tuple[str, str] = ("", ""), scene_qc: tuple[str, str] = ("", "")) -> Path:
    """Write the result's patch pairs into the folder's index, replacing its scene's old rows.

    The analyst's review decisions for the scene's patches are carried over.
    """
    from osgeo import ogr, osr

    target = index_path(result.output_dir)
    with atomic_path(target, keep_extension=True) as tmp:
        if target.exists():
            shutil.copyfile(target, tmp)
            ds = ogr.Open(str(tmp), 1)
            if ds is None or ds.GetLayerByName(LAYER) is None:
                raise OutputError(f"{target} is not a patch index; move it away and run again.")
            layer = ds.GetLayerByName(LAYER)
            _add_missing_fields(layer, FIELDS)  # an index written by an older version
            layer.SetAttributeFilter(f"dataset = '{result.dataset}' AND scene = {int(result.scene)}")
            decisions = {f.GetField("patch"): f.GetField("decision") for f in layer if f.GetField("decision")}
            layer.ResetReading()
            stale = [f.GetFID() for f in layer]
            layer.SetAttributeFilter(None)
            for fid in stale:
                layer.DeleteFeature(fid)
        else:
            decisions = {}
            ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
            if ds is None:
                raise OutputError(f"Cannot create the patch index {target}.")
            wgs84 = osr.SpatialReference()
            wgs84.ImportFromEPSG(4326)
            layer = ds.CreateLayer(LAYER, wgs84, ogr.wkbPolygon)
            for name, kind in FIELDS:
                layer.CreateField(ogr.FieldDefn(name, getattr(ogr, OGR_TYPES[kind])))
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
                "crs": crs_label, "qc_status": rec.qc_status, "qc_reasons": rec.qc_reasons,
                "decision": decisions.get(rec.number), **{m: rec.measures.get(m) for m in MEASURES},
            }
            _set_values(feat, values)
            if layer.CreateFeature(feat) != 0:
                raise OutputError(f"Cannot write to the patch index {target} (is the disk full?).")
        _write_scene_row(ds, result, season, seed, sources, scene_qc)
        ds.CommitTransaction()
        ds = None  # close before the rename
    return target


def _crs_label(srs) -> str:
    code = srs.GetAuthorityCode(None)
    name = srs.GetAuthorityName(None)
    return f"{name}:{code}" if code and name else srs.ExportToProj4()


def _set_values(feat, values: dict) -> None:
    for key, value in values.items():
        if value is None:
            feat.SetFieldNull(key)
        else:
            feat.SetField(key, value)


def _add_missing_fields(layer, fields) -> None:
    from osgeo import ogr

    defn = layer.GetLayerDefn()
    have = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    for name, kind in fields:
        if name not in have:
            layer.CreateField(ogr.FieldDefn(name, getattr(ogr, OGR_TYPES[kind])))


def _write_scene_row(ds, result: ExtractResult, season: str, seed: int | None,
                     sources: tuple[str, str], scene_qc: tuple[str, str]) -> None:
    from osgeo import ogr

    layer = ds.GetLayerByName(SCENES_LAYER)
    if layer is None:
        layer = ds.CreateLayer(SCENES_LAYER, None, ogr.wkbNone)
    _add_missing_fields(layer, SCENE_FIELDS)
    layer.SetAttributeFilter(f"dataset = '{result.dataset}' AND scene = {int(result.scene)}")
    for fid in [f.GetFID() for f in layer]:
        layer.DeleteFeature(fid)
    layer.SetAttributeFilter(None)
    feat = ogr.Feature(layer.GetLayerDefn())
    values = {"dataset": result.dataset, "season": season, "seed": seed, "scene": result.scene,
              "grid_positions": len(result.grid), "dropped_nodata": result.dropped_nodata,
              "patches": len(result.records), "s1_source": sources[0], "s2_source": sources[1],
              "scene_qc_status": scene_qc[0], "scene_qc_reasons": scene_qc[1]}
    _set_values(feat, values)
    layer.CreateFeature(feat)


def read_rows(index: str | Path, layer_name: str = LAYER) -> list[dict]:
    """Every row of a layer of the index as a dict (no geometry)."""
    from osgeo import ogr

    ds = ogr.Open(str(index))
    if ds is None:
        return []
    layer = ds.GetLayerByName(layer_name)
    if layer is None:
        return []
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    rows = []
    for feat in layer:
        row = {n: feat.GetField(n) for n in names}
        row["fid"] = feat.GetFID()
        rows.append(row)
    return rows
