"""The patch index: ``OUTPUT/patch_index.gpkg``, one WGS84 footprint per patch pair.

Each run replaces the rows of its own dataset and scene and keeps every other row, so one index
covers every scene extracted into the folder. A scene's update is one SQLite transaction on the
file in place (GeoPackage is SQLite): a crash mid-write leaves the previous state, and the cost
of adding a scene does not grow with the index. Whole-dataset reads go through SQLite directly
with bound parameters, which is what keeps them fast at SEN1-2 size (282,384 rows).

The module is a little over 300 lines on purpose: it is the one owner of the file's schema, so
its writes and its reads stay together.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import recipe, resume, vocab
from .crs import WGS84, crs_label, spatial_reference, transformer
from .dataset import DatasetRef
from .errors import InputError, OutputError
from .fsutil import ConfinedWriter
from .i18n import _
from .labels import counts_text
from .qc_reasons import REASONS

LAYER = "patches"
SCENES_LAYER = "scenes"  # one row per extracted scene: counts before the patch checks, scene QC
SCENE_FIELDS = (
    ("dataset", "str"), ("season", "str"), ("seed", "int64"), ("scene", "int"), ("grid_positions", "int"),
    ("dropped_nodata", "int"), ("patches", "int"), ("s1_source", "str"), ("s2_source", "str"),
    ("scene_qc_status", "str"), ("scene_qc_reasons", "str"),
    ("label_source", "str"), ("dropped_unlabeled", "int"),  # labels (issue 21): their source in words
    ("scene_qc_flags", "str"), ("scene_qc_evidence", "str"), ("offset_row", "real"), ("offset_col", "real"),
)
# One column per measure; snow, shadow and cloud_or_snow are NULL where the evidence has none.
MEASURES = ("nodata", "cloud", "colour", "seam", "snow", "shadow", "cloud_or_snow")
FIELDS = (
    ("dataset", "str"), ("season", "str"), ("seed", "int64"), ("scene", "int"), ("patch", "int"),
    ("row", "int"), ("col", "int"), ("s1_path", "str"), ("s2_path", "str"),
    ("s1_tif", "str"), ("s2_tif", "str"), ("crs", "str"),
    *((m, "real") for m in MEASURES), ("qc_status", "str"), ("qc_reasons", "str"),
    ("qc_flags", "str"),  # the reasons' kinds, comma-separated (quality.REASONS): the queue filters by them
    ("decision", "str"),  # the analyst's: "", "accept" or "reject"; survives re-runs
    # the label patch (issue 21): its paths, the share of pixels with a class, pixels per class id
    ("lc_path", "str"), ("lc_tif", "str"), ("lc_coverage", "real"), ("lc_classes", "str"),
    # each patch file's size and SHA-256 as written (resume.encode): a re-run keeps only files that match
    ("file_checksums", "str"),
)
FILE_COLUMNS = {"s1_png": "s1_path", "s2_png": "s2_path", "s1_tif": "s1_tif", "s2_tif": "s2_tif",
                "lc_png": "lc_path", "lc_tif": "lc_tif"}  # a patch file's kind -> the column of its path
OGR_TYPES = {"int": "OFTInteger", "int64": "OFTInteger64", "real": "OFTReal", "str": "OFTString"}  # seeds reach 2^32-1
# Attribute indexes (the GeoPackage's R-tree is the spatial one): a scene's rows by its integer
# id, and the review queue's filter and order.
ATTRIBUTE_INDEXES = (
    f"CREATE INDEX IF NOT EXISTS {LAYER}_scene_idx ON {LAYER} (scene, dataset, patch)",
    f"CREATE INDEX IF NOT EXISTS {LAYER}_queue_idx ON {LAYER} (qc_status, decision)",
    f"CREATE INDEX IF NOT EXISTS {SCENES_LAYER}_scene_idx ON {SCENES_LAYER} (scene, dataset)",
)


def index_path(output_dir: str | Path) -> Path:
    return Path(output_dir) / recipe.PATCH_INDEX_NAME


def update_patch_index(result, season: str, seed: int | None,
                       sources: tuple[str, str] = ("", ""), scene_qc: tuple[str, str] = ("", "")) -> Path:
    """Write the result's patch pairs into the folder's index, replacing its scene's old rows.

    One transaction: the scene's old rows go (by feature id), the new ones come in, and the
    analyst's review decisions for the scene's patches are carried over.

    Raises:
        OutputError: the file is not a patch index, or cannot be written.
    """
    from osgeo import ogr

    writer = ConfinedWriter(result.output_dir)
    target = writer.target(index_path(result.output_dir))  # a symlinked index is refused, not written
    if not target.exists():
        _create_index(writer, target)
    ds = _open_for_update(target)
    try:
        patches = ds.GetLayerByName(LAYER)
        scenes = ds.GetLayerByName(SCENES_LAYER)
        features = _features(patches.GetLayerDefn(), result, season, seed)
        features.append(_scene_feature(scenes.GetLayerDefn(), result, season, seed, sources, scene_qc))
        cannot = OutputError(_("Cannot write to the patch index {target} (is the disk full, or another program "
                               "writing it?).").format(target=target))
        if ds.StartTransaction() != ogr.OGRERR_NONE:
            raise cannot
        try:
            decisions = _delete_scene_rows(patches, result.dataset, result.scene, "patch", target)
            _delete_scene_rows(scenes, result.dataset, result.scene)
            for feat in features[:-1]:
                decision = decisions.get(feat.GetField("patch"))
                if decision:
                    feat.SetField("decision", decision)
                if patches.CreateFeature(feat) != ogr.OGRERR_NONE:
                    raise cannot
            if scenes.CreateFeature(features[-1]) != ogr.OGRERR_NONE:
                raise cannot
        except BaseException:
            ds.RollbackTransaction()
            raise
        if ds.CommitTransaction() != ogr.OGRERR_NONE:
            raise cannot
    finally:
        ds = None  # closing writes the layer extent and feature count
    return target


def forget_scene_rows(output_dir: str | Path, dataset: str, scene: int) -> int:
    """Delete the scene's rows (patches and scene row, with the analyst's decisions) from the index."""
    from osgeo import ogr

    path = ConfinedWriter(output_dir).target(index_path(output_dir))
    if not path.exists():
        return 0
    ds = ogr.Open(str(path), 1)
    if ds is None:
        raise OutputError(unusable_index(path))
    removed = 0
    for name in (LAYER, SCENES_LAYER):
        layer = ds.GetLayerByName(name)
        if layer is None:
            continue
        # rows are matched here and deleted by feature id: no text ever goes into a filter
        fids = [f.GetFID() for f in layer if f.GetField("dataset") == dataset and f.GetField("scene") == int(scene)]
        ds.StartTransaction()
        for fid in fids:
            layer.DeleteFeature(fid)
        ds.CommitTransaction()
        removed += len(fids) if name == LAYER else 0
    ds = None
    return removed


def _create_index(writer: ConfinedWriter, target: Path) -> None:
    """A new, empty index; built beside the target and renamed, so no half-made file is left."""
    from osgeo import ogr

    with writer.atomic(target, keep_extension=True) as tmp:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
        if ds is None:
            raise OutputError(_("Cannot create the patch index {target}.").format(target=target))
        layer = ds.CreateLayer(LAYER, spatial_reference(WGS84), ogr.wkbPolygon)
        _add_missing_fields(layer, FIELDS)
        _add_missing_fields(ds.CreateLayer(SCENES_LAYER, None, ogr.wkbNone), SCENE_FIELDS)
        _create_attribute_indexes(ds)
        ds = None


def _open_for_update(target: Path):
    """The index opened for writing, upgraded to this version's columns and indexes."""
    from osgeo import ogr

    ds = ogr.Open(str(target), 1)
    if ds is None or ds.GetDriver().GetName() != "GPKG" or ds.GetLayerByName(LAYER) is None:
        raise OutputError(unusable_index(target))
    _add_missing_fields(ds.GetLayerByName(LAYER), FIELDS)  # an index written by an older version
    scenes = ds.GetLayerByName(SCENES_LAYER)
    if scenes is None:
        scenes = ds.CreateLayer(SCENES_LAYER, None, ogr.wkbNone)
    _add_missing_fields(scenes, SCENE_FIELDS)
    for layer, fields in ((ds.GetLayerByName(LAYER), FIELDS), (scenes, SCENE_FIELDS)):
        _widen_int64_fields(layer, fields, target)
    _create_attribute_indexes(ds)
    return ds


CLAMPED_INT32 = 2**31 - 1  # what OGR writes (with a warning only) for a larger value in a 32-bit field


def _widen_int64_fields(layer, fields, target: Path) -> None:
    """Widen the 64-bit columns an older version made 32-bit (``seed``), and repair the seeds it clamped.

    OGR stores 2^31 and above in a 32-bit column as 2147483647 with nothing but a warning on
    stderr, so each seeded row past 2^31 named another seed. A seeded dataset is named by its
    seed (``ROIs{seed}_{season}``), so a clamped seed is taken back from the row's dataset name.
    """
    from osgeo import ogr

    defn = layer.GetLayerDefn()
    for name, kind in fields:
        i = defn.GetFieldIndex(name)
        if kind != "int64" or i < 0 or defn.GetFieldDefn(i).GetType() != ogr.OFTInteger:
            continue
        if layer.AlterFieldDefn(i, ogr.FieldDefn(name, ogr.OFTInteger64), ogr.ALTER_TYPE_FLAG) != ogr.OGRERR_NONE:
            raise OutputError(_("The patch index {target} holds {name} as a 32-bit column (an older version) and "
                                "cannot be upgraded; it is kept as it is. Check that it is writable and not open "
                                "elsewhere, then run again.").format(target=target, name=name))
        if name == "seed":
            _repair_clamped_seeds(layer)
        defn = layer.GetLayerDefn()


def _repair_clamped_seeds(layer) -> None:
    layer.SetAttributeFilter(f"seed = {CLAMPED_INT32}")
    repaired = []
    for feat in layer:
        ref = DatasetRef.try_parse(feat.GetField("dataset") or "")
        if ref is not None and ref.seed is not None and ref.seed != CLAMPED_INT32:
            feat.SetField("seed", ref.seed)
            repaired.append(feat)
    layer.SetAttributeFilter(None)
    for feat in repaired:
        layer.SetFeature(feat)


def unusable_index(path: Path, detail: str = "") -> str:
    """Why an index cannot be opened, in words that never advise moving a healthy index away.

    A GeoPackage (SQLite) that another program holds (QGIS editing it, a sync tool, an open
    transaction) is healthy: moving it would lose every decision. Only a file that is no SQLite
    database at all is called "not a patch index".
    """
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as exc:
        return _("Cannot read the patch index {path} ({value}): check its permissions and run again.").format(
                   path=path, value=exc.strerror or exc)
    if head != b"SQLite format 3\x00":
        return (_("{path} is not a patch index (not a GeoPackage){value}; rename or remove that file, then run "
                  "again (a new index is made).").format(path=path, value=': ' + detail if detail else ''))
    busy = "locked" in detail.lower() or "busy" in detail.lower() or _busy(path)
    if busy:
        return (_("The patch index {path} is in use by another program (an edit session in QGIS, a sync tool): "
                  "save or close it there and run again. The index itself is kept as it is.").format(
                    path=path))
    return (_("The patch index {path} cannot be opened{value}; it is kept as it is. Check that it is a patch "
              "index of this plugin and not open elsewhere, then run again.").format(
                path=path, value=' (' + detail + ')' if detail else ''))


def _busy(path: Path) -> bool:
    try:
        con = sqlite3.connect(str(path), timeout=0.5)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.rollback()
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except sqlite3.Error:
        return False
    return False


def _create_attribute_indexes(ds) -> None:
    for statement in ATTRIBUTE_INDEXES:
        ds.ExecuteSQL(statement)


def _delete_scene_rows(layer, dataset: str, scene: int, key: str | None = None, target: Path | None = None) -> dict:
    """Delete one scene's rows by feature id; their decisions by ``key`` (patch number), normalised.

    The filter holds only the integer scene id (indexed); the dataset name is compared here, so
    no text is ever spliced into SQL. A decision outside the vocabulary stops the update: carried
    over blindly it would count as accept.
    """
    layer.SetAttributeFilter(f"scene = {int(scene)}")
    stale, decisions = [], {}
    for feat in layer:
        if feat.GetField("dataset") != dataset:
            continue
        stale.append(feat.GetFID())
        if key and feat.GetField("decision"):
            where = _("Index row {value} ({dataset} scene {scene} patch {value2}) in {target}").format(
                        value=feat.GetFID(), dataset=dataset, scene=scene, value2=feat.GetField(key), target=target)
            decided = vocab.decision(feat.GetField("decision"), where)
            if decided:
                decisions[feat.GetField(key)] = decided
    layer.SetAttributeFilter(None)
    for fid in stale:
        if layer.DeleteFeature(fid) != 0:
            raise OutputError(_("Cannot delete the old rows of a scene from the patch index."))
    return decisions


def _features(defn, result, season: str, seed: int | None) -> list:
    """One OGR feature per patch record, footprint in WGS84 (built before the transaction)."""
    from osgeo import ogr

    grid = result.grid
    to_wgs84 = transformer(grid.raster.crs_wkt, WGS84)
    label = crs_label(grid.raster.crs_wkt)
    features = []
    for rec in result.records:
        pos = rec.position
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y, *_unused in to_wgs84.TransformPoints(grid.footprint(pos)):
            ring.AddPoint_2D(x, y)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        feat = ogr.Feature(defn)
        feat.SetGeometry(poly)
        _set_values(feat, {
            "dataset": result.dataset, "season": season, "seed": seed, "scene": result.scene,
            "patch": pos.number, "row": pos.row, "col": pos.col,
            "s1_path": rec.files.get("s1_png"), "s2_path": rec.files.get("s2_png"),
            "s1_tif": rec.files.get("s1_tif"), "s2_tif": rec.files.get("s2_tif"),
            "crs": label, "qc_status": rec.qc_status, "qc_reasons": rec.qc_reasons,
            "qc_flags": getattr(rec, "qc_flags", ""),
            "decision": None, **{m: _finite(rec.measures.get(m)) for m in MEASURES},
            "lc_path": rec.files.get("lc_png"), "lc_tif": rec.files.get("lc_tif"),
            "lc_coverage": rec.label_coverage, "lc_classes": counts_text(rec.label_counts) if rec.label_counts else None,
            "file_checksums": resume.encode(rec.made) if rec.made else None,
        })
        features.append(feat)
    return features


def _finite(value):
    """NaN (a measure that could not be taken) is stored as NULL."""
    return None if value is None or value != value else value


def _set_values(feat, values: dict) -> None:
    defn = feat.GetDefnRef()
    for key, value in values.items():
        i = defn.GetFieldIndex(key)  # by index: OGR's by-name lookup walks every field in Python
        if value is None:
            feat.SetFieldNull(i)
        else:
            feat.SetField(i, value)


def _add_missing_fields(layer, fields) -> None:
    from osgeo import ogr

    defn = layer.GetLayerDefn()
    have = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    for name, kind in fields:
        if name not in have:
            layer.CreateField(ogr.FieldDefn(name, getattr(ogr, OGR_TYPES[kind])))


def _scene_feature(defn, result, season: str, seed: int | None,
                   sources: tuple[str, str], scene_qc: tuple):
    """``scene_qc``: (status, reasons) and optionally the verdict's flags, evidence and measures."""
    from osgeo import ogr

    defaults = ("", "", "", "", {})
    _unused, _unused, flags, evidence, measures = tuple(scene_qc) + defaults[len(scene_qc):]
    feat = ogr.Feature(defn)
    _set_values(feat, {
        "dataset": result.dataset, "season": season, "seed": seed, "scene": result.scene,
        "grid_positions": len(result.grid), "dropped_nodata": result.dropped_nodata,
        "patches": len(result.records), "s1_source": sources[0], "s2_source": sources[1],
        "scene_qc_status": scene_qc[0], "scene_qc_reasons": scene_qc[1],
        "label_source": result.label.source if result.label is not None else None,
        "dropped_unlabeled": result.dropped_unlabeled, "scene_qc_flags": flags,
        "scene_qc_evidence": evidence, "offset_row": _finite(measures.get("offset_row")),
        "offset_col": _finite(measures.get("offset_col")),
    })
    return feat


# ----- fast reads (SQLite, bound parameters) --------------------------------------------------


def connect(index: str | Path) -> sqlite3.Connection | None:
    """A SQLite connection to an existing index (None when there is none).

    Opened for writing where allowed, so a journal left by a killed writer is rolled back
    before the first read. A plain path, not a URI: a network share's URI is not one SQLite takes.
    """
    path = Path(index)
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(str(path), timeout=30)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise InputError(unusable_index(path, str(exc))) from None
    return con


def _table_columns(con: sqlite3.Connection, table: str) -> tuple[list[str], str | None]:
    """Attribute columns of a layer's table, and the name of its integer primary key."""
    known = con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()
    if known is None:
        return [], None
    geometry = {r[0] for r in con.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (table,))}
    columns, key = [], None
    for _cid, name, _type, _notnull, _default, pk in con.execute(
            "SELECT * FROM pragma_table_info(?)", (table,)):
        if pk:
            key = name
        elif name not in geometry:
            columns.append(name)
    return columns, key


def _quote(name: str) -> str:
    """An SQL identifier (a column name read from the file's own schema)."""
    return '"' + name.replace('"', '""') + '"'


def read_rows(index: str | Path, layer_name: str = LAYER, columns: tuple[str, ...] | None = None) -> list[dict]:
    """Every row of a layer of the index as a dict with its ``fid`` (no geometry).

    Args:
        index: the ``patch_index.gpkg``.
        layer_name: ``patches`` or ``scenes``.
        columns: only these columns (those the file has), for whole-dataset steps that need few.
    """
    con = connect(index)
    if con is None:
        return []
    try:
        names, key = _table_columns(con, layer_name)
        if key is None:
            return []
        if columns is not None:
            names = [n for n in names if n in columns]
        sql = f"SELECT {', '.join([_quote(key)] + [_quote(n) for n in names])} FROM {_quote(layer_name)}"
        out_names = ["fid"] + names
        return [dict(zip(out_names, row)) for row in con.execute(sql)]
    finally:
        con.close()


def review_queue(index: str | Path, only_flagged: bool = True, reason: str | None = None) -> list[int]:
    """Feature ids to review, by dataset, scene and patch.

    With ``only_flagged``, the patches the checks did not pass and nobody has decided on yet
    (all patches when there are none). With ``reason`` (one of ``quality.REASONS``: cloud,
    snow, shadow, seam, colour, ...), only patches flagged for it, decided or not, and none
    when there are none.

    Raises:
        InputError: an unknown reason, or a file that is not a patch index.
    """
    _known_reason(reason)
    con = connect(index)
    if con is None:
        return []
    try:
        names, key = _table_columns(con, LAYER)
        if key is None:
            return []
        if reason is not None:
            if "qc_flags" not in names:  # an index written before reasons had kinds
                return []
            # ',' || flags || ',' LIKE '%,cloud,%': a whole kind, never a part of another; bound parameter
            return [r[0] for r in con.execute(
                f"SELECT {_quote(key)} FROM {LAYER} WHERE (',' || COALESCE(qc_flags, '') || ',') LIKE ?"
                " ORDER BY dataset, scene, patch", (f"%,{reason},%",))]
        rows = con.execute(f"SELECT {_quote(key)}, qc_status, decision FROM {LAYER} ORDER BY dataset, scene, patch")
        everything, flagged = [], []
        for fid, qc_status, decision in rows:
            everything.append(fid)
            if only_flagged and vocab.needs_review(qc_status, decision):
                flagged.append(fid)
        return flagged or everything
    except sqlite3.Error as exc:
        raise InputError(_("{index} is not a patch index ({exc}).").format(index=index, exc=exc)) from None
    finally:
        con.close()


def scene_made(output_dir: str | Path, dataset: str, scene: int) -> dict[str, set]:
    """What the index records of a scene's patch files: relative path -> {``resume.Made``} (none
    for rows an older version wrote, which recorded no checksums)."""
    con = connect(index_path(output_dir))
    if con is None:
        return {}
    try:
        names, _key = _table_columns(con, LAYER)
        columns = [c for c in FILE_COLUMNS.values() if c in names]
        if "file_checksums" not in names or not columns:
            return {}
        sql = (f"SELECT dataset, file_checksums, {', '.join(_quote(c) for c in columns)} FROM {LAYER} "
               "WHERE scene = ?")
        found: dict[str, set] = {}
        for row in con.execute(sql, (int(scene),)):
            if row[0] != dataset:
                continue
            paths = dict(zip(columns, row[2:]))
            for kind, made in resume.decode(row[1]).items():
                path = paths.get(FILE_COLUMNS.get(kind, ""))
                if path:
                    found.setdefault(path, set()).add(made)
        return found
    except sqlite3.Error as exc:
        raise InputError(unusable_index(index_path(output_dir), str(exc))) from None
    finally:
        con.close()


def _known_reason(reason: str | None) -> None:
    if reason is not None and reason not in REASONS:
        raise InputError(_("Unknown review reason {reason!r}: use one of {value}.").format(
                             reason=reason, value=', '.join(REASONS)))


def flagged_for(qc_flags: str | None, reason: str) -> bool:
    """Whether a row's ``qc_flags`` (``cloud,seam``) holds the whole kind ``reason``."""
    return reason in (qc_flags or "").split(",")


def queue_of_rows(rows, only_flagged: bool = True, reason: str | None = None) -> list:
    """``review_queue`` for rows read another way (a filtered or converted layer's features): dicts
    with ``fid``, ``dataset``, ``scene``, ``patch``, ``qc_status``, ``decision`` and ``qc_flags``;
    the same order and the same filter.

    Raises:
        InputError: an unknown reason.
    """
    _known_reason(reason)
    rows = sorted(rows, key=lambda r: (r["dataset"], r["scene"], r["patch"]))
    if reason is not None:
        return [r["fid"] for r in rows if flagged_for(r.get("qc_flags"), reason)]
    flagged = [r for r in rows if vocab.needs_review(r.get("qc_status"), r.get("decision"))] if only_flagged else []
    return [r["fid"] for r in flagged or rows]


def reasons_in_queue(index: str | Path) -> dict[str, int]:
    """How many patches each reason flagged (the review filter's choices, with their counts)."""
    rows = read_rows(index, LAYER, ("qc_flags",))
    counts = {kind: sum(1 for row in rows if flagged_for(row.get("qc_flags"), kind)) for kind in REASONS}
    return {k: n for k, n in counts.items() if n}
