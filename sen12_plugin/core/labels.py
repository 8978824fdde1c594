"""Labels as values: where a scene's label comes from, and the class map id -> name -> colour.

A label patch holds 8-bit class ids, 0 for unlabeled pixels. Its classes come from one source
per run:

- ``VectorLabels``: features of a vector layer (WKB in the layer's CRS) and a class field, text
  or numbers, optionally buffered in metres (lines, points) and burnt with GDAL's all-touched
  rule instead of the pixel-centre rule;
- ``RasterLabels``: a raster of class values in any CRS (resampled nearest onto the grid), e.g.
  the ``lc_N.tif`` that ``fetch_scenes`` stores beside a scene from an Earth Engine product;
- ``LabelProduct``: ESA WorldCover or Dynamic World, fetched with the scenes.

``ClassMap`` is what is written as ``{dataset}/class_map.json``: every class id with its name,
colour and the source value it stands for. One map per dataset: the scenes of a dataset must
agree on what each id means (a later scene may add classes, never rename one).
"""

from __future__ import annotations

import hashlib
import json
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .errors import InputError
from .fsutil import atomic_path
from .i18n import _

UNLABELED = 0
MAX_CLASS_ID = 255
CLASS_MAP_NAME = "class_map.json"
LABEL_RASTERS_DIR = "label_rasters"  # the scene-grid label of each extracted scene: lc_{scene}.tif
# A qualitative palette (Tableau 10, then its light tones) for classes that bring no colour.
PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7",
    "#dbdb8d", "#9edae5",
)


def palette_colour(class_id: int) -> str:
    return PALETTE[(class_id - 1) % len(PALETTE)]


@dataclass(frozen=True)
class LabelClass:
    id: int  # 1..255, the value in the label patches
    name: str
    colour: str  # "#rrggbb"
    value: object = None  # what the source calls it: a field value, a raster value, a catalog code


@dataclass(frozen=True)
class ClassMap:
    """Class ids 1..255 (0 is unlabeled), each with a name and a colour."""

    classes: tuple[LabelClass, ...] = ()

    def __post_init__(self) -> None:
        ids = [c.id for c in self.classes]
        bad = [i for i in ids if not isinstance(i, int) or not 1 <= i <= MAX_CLASS_ID]
        if bad:
            raise InputError(_("Class ids {bad} do not fit: label patches hold ids 1..{MAX_CLASS_ID} (0 is "
                               "unlabeled).").format(bad=bad, MAX_CLASS_ID=MAX_CLASS_ID))
        if len(set(ids)) != len(ids):
            raise InputError(_("The class map gives one id to two classes: {value}.").format(
                                 value=sorted(ids)))
        object.__setattr__(self, "classes", tuple(sorted(self.classes, key=lambda c: c.id)))

    def __len__(self) -> int:
        return len(self.classes)

    def __iter__(self):
        return iter(self.classes)

    def get(self, class_id: int) -> LabelClass | None:
        return next((c for c in self.classes if c.id == class_id), None)

    def name(self, class_id: int) -> str:
        if class_id == UNLABELED:
            return "unlabeled"
        found = self.get(class_id)
        return found.name if found else f"class {class_id}"

    def merged(self, other: ClassMap, where: str = "") -> ClassMap:
        """Both maps' classes; an id with two names is refused (it would mean two things in one dataset)."""
        classes = {c.id: c for c in self.classes}
        for c in other.classes:
            known = classes.get(c.id)
            if known is not None and known.name != c.name:
                raise InputError(
                    _("{value} already uses class {id} for {name!r}; this run would use it for {name2!r}. Give "
                      "every scene of a dataset the same label source and class field, or use another dataset "
                      "name.").format(value=where or 'The dataset', id=c.id, name=known.name, name2=c.name))
            classes.setdefault(c.id, c)
        return ClassMap(tuple(classes.values()))

    def colourize(self, ids):
        """Class ids (h, w) as RGB (h, w, 3) uint8 in the classes' colours; unlabeled and unknown ids black."""
        import numpy as np

        table = np.zeros((MAX_CLASS_ID + 1, 3), dtype=np.uint8)
        for c in self.classes:
            h = c.colour.lstrip("#")
            table[c.id] = (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16))
        return table[np.asarray(ids, dtype=np.uint8)]

    def to_json(self) -> dict:
        return {"unlabeled": UNLABELED, "classes": [
            {"id": c.id, "name": c.name, "colour": c.colour, "value": _json_value(c.value)} for c in self.classes]}

    @classmethod
    def from_json(cls, data: Mapping) -> ClassMap:
        try:
            return cls(tuple(LabelClass(int(c["id"]), str(c["name"]), str(c["colour"]), c.get("value"))
                             for c in data["classes"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(_("A class map needs classes with id, name and colour ({exc}).").format(exc=exc)) from None


def _json_value(value):
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def class_map_path(output_dir: str | Path, dataset: str) -> Path:
    return Path(output_dir) / dataset / CLASS_MAP_NAME


def read_class_map(path: str | Path) -> ClassMap | None:
    """The class map stored at ``path``; None when there is none.

    Raises:
        InputError: the file is there but is not a class map (it would be overwritten blind).
    """
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise InputError(_("{path} is not a class map ({exc}); move it away and run again.").format(
                             path=path, exc=exc)) from None
    if not isinstance(data, dict):
        raise InputError(_("{path} is not a class map; move it away and run again.").format(path=path))
    return ClassMap.from_json(data)


def class_map_text(classes: ClassMap, sources: Sequence[str] = ()) -> str:
    """``class_map.json``'s text: the classes and the label sources that made them."""
    return json.dumps({**classes.to_json(), "sources": sorted(set(sources))}, indent=1)


def write_class_map(path: str | Path, classes: ClassMap, sources: Sequence[str] = ()) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_text(class_map_text(classes, sources))
    return path


def read_sources(path: str | Path) -> list[str]:
    """The label sources a dataset's class map records (for the card); [] when unreadable."""
    try:
        data = json.loads(Path(path).read_text())
        return [str(s) for s in data.get("sources", [])]
    except (OSError, ValueError, AttributeError):
        return []


def counts_text(counts) -> str:
    """A label patch's pixels per class id as the index stores them: ``{"0":120,"3":65416}``."""
    return json.dumps({str(i): int(n) for i, n in counts}, separators=(",", ":"))


def counts_of(text) -> dict[int, int]:
    """:func:`counts_text` read back ({} for an empty or damaged value)."""
    try:
        data = json.loads(text) if text else {}
        return {int(k): int(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (ValueError, TypeError, AttributeError):
        return {}


# ----- vector classes -----------------------------------------------------------------------


def _whole(value) -> int | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return int(value) if float(value).is_integer() else None


def vector_class_ids(values: Sequence, known: ClassMap | None = None,
                     colours: Mapping | None = None) -> tuple[ClassMap, dict, list[str]]:
    """Class ids for the values of a class field: the class map, value -> id, and what was adapted.

    Whole numbers 1..255 are their own ids. Anything else (text, 0, larger or negative numbers)
    is numbered 1..N in value order, keeping the ids a dataset's map already gives to these names,
    and the map records each class's value. Empty values burn nothing; each adaptation is said.

    Raises:
        InputError: more than 255 classes, or a numbered id the dataset's map uses for another class.
    """
    colours = dict(colours or {})
    known = known or ClassMap()
    present = [v for v in values if v is not None and v != ""]
    messages = []
    if len(present) < len(values):
        messages.append(_("{value} feature(s) without a class value stay unlabeled.").format(
                            value=len(values) - len(present)))
    distinct = sorted(set(present), key=lambda v: (isinstance(v, str), v if not isinstance(v, str) else 0, str(v)))
    numbers_as_ids = bool(distinct) and all(_whole(v) is not None and 1 <= _whole(v) <= MAX_CLASS_ID for v in distinct)
    ids: dict = {}
    if numbers_as_ids:
        for v in distinct:
            ids[v] = _whole(v)
    else:
        if len({str(v) for v in distinct}) > MAX_CLASS_ID:
            raise InputError(_("The class field has {n_distinct} different values; label patches hold at most "
                               "{MAX_CLASS_ID} classes (8 bit, 0 is unlabeled). Choose a field with fewer "
                               "classes.").format(n_distinct=len(distinct), MAX_CLASS_ID=MAX_CLASS_ID))
        by_name = {c.name: c.id for c in known}
        free = (i for i in range(1, MAX_CLASS_ID + 1) if i not in {c.id for c in known})
        for v in distinct:
            name = str(v)
            if name not in by_name:
                try:
                    by_name[name] = next(free)
                except StopIteration:
                    raise InputError(_("The dataset's class map has no id left for class {name!r} (at most "
                                       "{MAX_CLASS_ID} classes).").format(
                                         name=name, MAX_CLASS_ID=MAX_CLASS_ID)) from None
            ids[v] = by_name[name]
        if any(not isinstance(v, str) for v in distinct):
            messages.append("Class values " + ", ".join(str(v) for v in distinct[:6])
                            + (" ..." if len(distinct) > 6 else "")
                            + _(" are not all whole numbers 1..{MAX_CLASS_ID} (0 marks unlabeled pixels): the "
                                "classes are numbered in value order; class_map.json gives each class's value.").format(
                                  MAX_CLASS_ID=MAX_CLASS_ID))
    classes = []
    for v, class_id in ids.items():
        before = known.get(class_id)
        colour = colours.get(v) or (before.colour if before else palette_colour(class_id))
        classes.append(LabelClass(class_id, str(v), colour, v))
    return ClassMap(tuple(classes)), ids, messages


# A field where (nearly) every feature has its own value is an identifier or free text, not a closed
# set of classes: burnt as labels it would give one class per feature. Below this many features a
# layer may well be one polygon per class (a small sketch), so it is not judged.
IDENTIFIER_MIN_FEATURES = 20
IDENTIFIER_SHARE = 0.8  # distinct values / features with a value


def not_a_class_field(values: Sequence) -> str | None:
    """Why a field's values are no closed set of classes (a sentence's end), or None when they can be.

    Fractional numbers are a measurement (an area, a height, an NDVI); values nearly all different
    over many features are an identifier or free text (``fid``, a name, a note).
    """
    present = [v for v in values if v is not None and v != ""]
    fractional = sorted({v for v in present if not isinstance(v, bool) and isinstance(v, numbers.Real)
                         and _whole(v) is None}, key=float)
    if fractional:
        return _("it holds fractional numbers such as {value}: a measurement, not a class").format(
                   value=", ".join(f"{v:g}" for v in fractional[:3]))
    distinct = len({(type(v).__name__ if not isinstance(v, numbers.Real) else "n", v) for v in present})
    if len(present) >= IDENTIFIER_MIN_FEATURES and distinct >= IDENTIFIER_SHARE * len(present):
        if distinct == len(present):
            how = _("each of its {n} features has a value of its own").format(n=len(present))
        else:
            how = _("its {n} features have {distinct} different values").format(n=len(present), distinct=distinct)
        return _("{how}: an identifier or free text, not a closed set of classes").format(how=how)
    return None


# ----- sources --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VectorLabels:
    """Features of a vector layer as class labels (picklable: no OGR objects inside)."""

    name: str  # the layer's name, for the card and messages
    crs_wkt: str
    geometries: tuple[bytes, ...]  # WKB, in layer order: where features overlap, the last one wins
    values: tuple  # the class field's value per feature
    field: str = ""
    buffer_m: float = 0.0  # grow every feature by this many metres (lines and points need it)
    all_touched: bool = False  # burn every pixel a feature touches, not only those whose centre it covers
    colours: tuple = ()  # ((value, "#rrggbb"), ...): the layer's own category colours, if any

    def __post_init__(self) -> None:
        if len(self.geometries) != len(self.values):
            raise ValueError(_("one class value per geometry"))
        if not self.buffer_m >= 0:
            raise InputError(_("Label buffer {buffer_m} m: use 0 or more metres.").format(
                                 buffer_m=self.buffer_m))
        why = not_a_class_field(self.values)
        if why:
            raise InputError(_("The field {field!r} of {name} cannot be the class field: {why}. Choose the field "
                               "that names each feature's class (a few values, shared by many features), or "
                               "classify the values into such a field first (field calculator).").format(
                                 field=self.field, name=self.name, why=why))

    @classmethod
    def from_geojson(cls, name: str, features: Sequence[Mapping], crs, field: str, **options) -> VectorLabels:
        """From GeoJSON-like features (``geometry`` and ``properties``) in ``crs`` (EPSG code or WKT)."""
        from osgeo import ogr

        from .crs import spatial_reference

        wkb, values = [], []
        for feature in features:
            geometry = ogr.CreateGeometryFromJson(json.dumps(feature["geometry"]))
            if geometry is None:
                raise InputError(_("Feature {value} of {name} has no readable geometry.").format(
                                     value=len(wkb) + 1, name=name))
            wkb.append(bytes(geometry.ExportToWkb()))
            values.append((feature.get("properties") or {}).get(field))
        return cls(name, spatial_reference(crs).ExportToWkt(), tuple(wkb), tuple(values), field, **options)

    def describe(self) -> str:
        how = [f"field {self.field!r}"] if self.field else []
        if self.buffer_m:
            how.append(f"buffer {self.buffer_m:g} m")
        how.append("all touched" if self.all_touched else "pixel centres")
        return f"vector layer {self.name} ({', '.join(how)})"

    def identity(self) -> dict:
        digest = hashlib.sha256(self.crs_wkt.encode())
        for wkb, value in zip(self.geometries, self.values):
            digest.update(wkb)
            digest.update(repr(value).encode())
        return {"kind": "vector", "name": self.name, "field": self.field, "buffer_m": self.buffer_m,
                "all_touched": self.all_touched, "features": len(self.geometries), "sha256": digest.hexdigest()}


@dataclass(frozen=True)
class RasterLabels:
    """A raster of class values 0..255 (0 unlabeled) in any CRS, resampled nearest onto the grid."""

    path: str
    band: int = 1
    classes: ClassMap | None = None  # what its values mean when known (a catalog product's); else read from the file
    title: str = ""  # e.g. "ESA WorldCover v200 (Earth Engine)"

    def describe(self) -> str:
        return self.title or f"raster {Path(self.path).name} (band {self.band}, nearest)"

    def identity(self) -> dict:
        """The settings part; ``label_patches.label_identity`` adds the file's own identity."""
        return {"kind": "raster", "band": self.band, "title": self.title}


LabelSource = Union[VectorLabels, RasterLabels]


# ----- Earth Engine products -----------------------------------------------------------------


@dataclass(frozen=True)
class LabelProduct:
    """A land-cover product fetched with the scenes, on the same grid, stored as ``lc_N.tif``."""

    key: str
    title: str
    collection: str
    band: str
    offset: int  # added to the product's value to make the class id (0 stays free for unlabeled)
    classes: ClassMap
    seasonal: bool  # the mode over the season's images (Dynamic World) or one map (WorldCover)
    notes: str = ""


def _catalog(rows) -> ClassMap:
    return ClassMap(tuple(LabelClass(code + offset, name, colour, code) for code, offset, name, colour in rows))


# Class codes, names and colours as the Earth Engine catalog lists them (ESA_WorldCover_v200:
# band "Map", class table; GOOGLE_DYNAMICWORLD_V1: band "label", class table).
WORLDCOVER = LabelProduct(
    "worldcover", "ESA WorldCover v200 (10 m, 2021)", "ESA/WorldCover/v200", "Map", 0, _catalog((
        (10, 0, "Tree cover", "#006400"), (20, 0, "Shrubland", "#ffbb22"), (30, 0, "Grassland", "#ffff4c"),
        (40, 0, "Cropland", "#f096ff"), (50, 0, "Built-up", "#fa0000"),
        (60, 0, "Bare / sparse vegetation", "#b4b4b4"), (70, 0, "Snow and ice", "#f0f0f0"),
        (80, 0, "Permanent water bodies", "#0064c8"), (90, 0, "Herbaceous wetland", "#0096a0"),
        (95, 0, "Mangroves", "#00cf75"), (100, 0, "Moss and lichen", "#fae6a0"))),
    seasonal=False, notes="class ids are WorldCover's own codes")
DYNAMIC_WORLD = LabelProduct(
    "dynamicworld", "Dynamic World V1 (10 m, mode of label over the season)", "GOOGLE/DYNAMICWORLD/V1", "label", 1,
    _catalog((
        (0, 1, "water", "#419bdf"), (1, 1, "trees", "#397d49"), (2, 1, "grass", "#88b053"),
        (3, 1, "flooded_vegetation", "#7a87c6"), (4, 1, "crops", "#e49635"), (5, 1, "shrub_and_scrub", "#dfc35a"),
        (6, 1, "built", "#c4281b"), (7, 1, "bare", "#a59b8f"), (8, 1, "snow_and_ice", "#b39fe1"))),
    seasonal=True, notes="class id = Dynamic World label + 1 (label 0 is water; 0 stays unlabeled)")
PRODUCTS: dict[str, LabelProduct] = {p.key: p for p in (WORLDCOVER, DYNAMIC_WORLD)}
PRODUCT_CHOICES: tuple[str | None, ...] = (None, WORLDCOVER.key, DYNAMIC_WORLD.key)  # fetch_scenes' LABELS 0, 1, 2


def product(key: str | None) -> LabelProduct | None:
    if key in (None, ""):
        return None
    if key not in PRODUCTS:
        raise InputError(_("Label product {key!r}: use one of {value}.").format(
                             key=key, value=', '.join(PRODUCTS)))
    return PRODUCTS[key]


@dataclass(frozen=True)
class SceneLabel:
    """A scene's label on its grid: the uint8 raster, its classes and what was adapted on the way."""

    path: Path
    classes: ClassMap
    source: str  # the source in words (the card's "label source")
    identity: dict
    messages: list = field(default_factory=list)  # what was adapted or is amiss: the run warns
    summary: str = ""  # how much of the scene is labelled, with how many classes: information only


__all__ = [
    "CLASS_MAP_NAME", "DYNAMIC_WORLD", "PRODUCTS", "PRODUCT_CHOICES", "UNLABELED", "WORLDCOVER", "ClassMap",
    "LabelClass", "LabelProduct", "LabelSource", "RasterLabels", "SceneLabel", "VectorLabels", "class_map_path",
    "product", "read_class_map", "vector_class_ids", "write_class_map",
]
