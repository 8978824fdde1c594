"""The SEN1-2 recipe as Earth Engine expressions, one S1 and one S2 image per ROI and season.

Sentinel-1: ``COPERNICUS/S1_GRD``, instrument mode IW, polarisation VV, band VV, the season's
dates (end exclusive), the ROI's bounds, ``mosaic()`` then ``clip(roi)``. Sentinel-2: the
harmonized L1C collection, ``CLOUDY_PIXEL_PERCENTAGE <= 1``, bands B4, B3, B2, same dates and
bounds, ``mosaic()`` then ``clip(roi)``. Options beyond the paper are off by default.

Pixel types and no-data are fixed in the graph, never left to the service: S1 is cast to
float32 (dB) and S2 to uint16 (digital numbers); every download and export fills masked pixels
(outside the ROI or without an image) with the sensor's no-data value first (``unmask`` with
``sameFootprint=false``), so a masked pixel can never arrive as a plausible 0 dB or 0 DN.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from .. import recipe
from ..errors import InputError
from ..i18n import _
from ..rois import Roi
from ..seasons import Season
from . import require_ee

ORBITS = ("both", "ASCENDING", "DESCENDING")
S1_DTYPE, S1_NODATA = "float32", -9999.0  # far below any backscatter in dB
S2_DTYPE, S2_NODATA = "uint16", 0  # Sentinel-2 products use 0 as no-data themselves
# The values real pixels of each sensor can take (inclusive). Earth Engine tags its GeoTIFFs with
# a no-data value of its own choosing (the tile type's, see transport.py); a tag inside this range
# could not be told from a real pixel, so it is refused. S1: log-scaled backscatter (10 log10 of
# sigma0) stays far within +-100 dB; S2: every digital number but 0, the products' own no-data.
S1_VALID = (-100.0, 100.0)
S2_VALID = (1, 65535)
# Land-cover labels (labels.LabelProduct): 8-bit class ids, 0 for unlabeled (masked) pixels.
LABEL_DTYPE, LABEL_NODATA = "uint8", 0
LABEL_VALID = (1, 255)
# The S2 mosaic's QA (``s2_N_qa.tif``): Cloud Score+ cs and cs_cdf (0..1, 1 clear) of the very image
# each pixel came from, and provenance: that image's acquisition time in minutes since Sentinel-2A's
# launch (tiles of one datatake share it: no seam between them). float32 holds those minutes exactly.
CLOUD_SCORE_COLLECTION = "GOOGLE/CLOUD_SCORE_PLUS/V1/S2_HARMONIZED"
CLOUD_SCORE_BANDS = ("cs", "cs_cdf")
QA_BANDS = (*CLOUD_SCORE_BANDS, "provenance")
QA_DTYPE, QA_NODATA = "float32", -1.0
QA_VALID = (0.0, 1.0e7)
PROVENANCE_EPOCH = "2015-06-23"
_CASTS = {"float32": "toFloat", "uint16": "toUint16", "uint8": "toUint8"}
S2_LEVELS = ("L1C", "L2A")


@dataclass(frozen=True)
class RecipeOptions:
    """Switches beyond the paper; the defaults are the paper's recipe."""

    dual_pol: bool = False  # VV and VH (SEN12MS)
    all_s2_bands: bool = False  # all 13 bands (SEN12MS)
    s2_level: str = "L1C"  # or L2A surface reflectance
    max_cloud: float = recipe.S2_MAX_CLOUD_PERCENT
    orbit: str = "both"

    def __post_init__(self) -> None:
        if self.s2_level not in S2_LEVELS:
            raise InputError(_("Sentinel-2 level {s2_level!r}: use L1C or L2A.").format(
                                 s2_level=self.s2_level))
        if self.orbit not in ORBITS:
            raise InputError(_("Orbit {orbit!r}: use both, ASCENDING or DESCENDING.").format(orbit=self.orbit))
        if not 0 <= self.max_cloud <= 100:
            raise InputError(_("Cloud threshold {max_cloud} % must be within 0..100.").format(
                                 max_cloud=self.max_cloud))

    @property
    def s1_bands(self) -> tuple[str, ...]:
        return recipe.S1_BANDS_DUAL if self.dual_pol else recipe.S1_BANDS

    @property
    def s2_bands(self) -> tuple[str, ...]:
        bands = recipe.S2_BANDS_ALL if self.all_s2_bands else recipe.S2_BANDS
        if self.s2_level == "L2A":
            bands = tuple(b for b in bands if b != "B10")  # L2A has no cirrus band B10
        return bands

    @property
    def s2_collection(self) -> str:
        return recipe.S2_SR_COLLECTION if self.s2_level == "L2A" else recipe.S2_COLLECTION


def roi_geometry(roi: Roi):
    ee = require_ee()
    return ee.Geometry.Polygon([list(map(list, roi.ring))], None, False)


def s1_collection(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    ee = require_ee()
    region = roi_geometry(roi)
    col = (
        ee.ImageCollection(recipe.S1_COLLECTION)
        .filterDate(season.start.isoformat(), season.end_exclusive.isoformat())
        .filterBounds(region)
        .filter(ee.Filter.eq("instrumentMode", recipe.S1_INSTRUMENT_MODE))
    )
    for band in options.s1_bands:
        col = col.filter(ee.Filter.listContains("transmitterReceiverPolarisation", band))
    if options.orbit != "both":
        col = col.filter(ee.Filter.eq("orbitProperties_pass", options.orbit))
    return col.select(list(options.s1_bands))


def s2_collection(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    ee = require_ee()
    region = roi_geometry(roi)
    return (
        ee.ImageCollection(options.s2_collection)
        .filterDate(season.start.isoformat(), season.end_exclusive.isoformat())
        .filterBounds(region)
        .filter(ee.Filter.lte(recipe.S2_CLOUD_PROPERTY, options.max_cloud))
        .select(list(options.s2_bands))
    )


def mosaic(collection, roi: Roi):
    """``mosaic()`` (last image on top) then ``clip(roi)``, as the paper did."""
    return collection.mosaic().clip(roi_geometry(roi))


def s1_image(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """The S1 mosaic in dB, as float32 (the service would otherwise pick the type)."""
    return mosaic(s1_collection(roi, season, options), roi).toFloat()


def s2_image(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """The S2 mosaic as uint16: the L1C/L2A digital numbers fit."""
    return mosaic(s2_collection(roi, season, options), roi).toUint16()


def s2_with_qa(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """The S2 collection with, on each image before any ``mosaic()``, its Cloud Score+ bands and
    its provenance band, so a mosaic of it takes them from the image it takes the pixel from.

    Cloud Score+ images carry the ``system:index`` of the Sentinel-2 image they score (Earth
    Engine catalog, GOOGLE/CLOUD_SCORE_PLUS/V1/S2_HARMONIZED: "can be linked ... by
    system:index"); they are joined on it (``Join.saveFirst``; images without a score are
    dropped, which the catalog says does not happen for the harmonized collection).
    """
    ee = require_ee()
    region = roi_geometry(roi)
    scores = (ee.ImageCollection(CLOUD_SCORE_COLLECTION)
              .filterDate(season.start.isoformat(), season.end_exclusive.isoformat())
              .filterBounds(region))
    joined = ee.Join.saveFirst("cloud_score").apply(
        s2_collection(roi, season, options), scores,
        ee.Filter.equals(leftField="system:index", rightField="system:index"))

    def attach(image):
        image = ee.Image(image)
        score = ee.Image(image.get("cloud_score")).select(list(CLOUD_SCORE_BANDS))
        minutes = image.date().difference(ee.Date(PROVENANCE_EPOCH), "minute")
        # A constant is valid everywhere (ee.Image.constant) and mosaic() takes, band by band, the
        # top valid pixel: unmasked, the top image's minutes would win outside its footprint too.
        footprint = image.select(0).mask()
        provenance = ee.Image.constant(minutes).rename("provenance").toFloat().updateMask(footprint)
        return image.addBands(score).addBands(provenance)

    return ee.ImageCollection(joined).map(attach)


def s2_qa_download(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """What downloads ask for beside the S2 mosaic: its QA bands (``QA_BANDS``), float32, no-data -1."""
    qa = mosaic(s2_with_qa(roi, season, options).select(list(QA_BANDS)), roi).toFloat()
    return with_nodata(qa, QA_DTYPE, QA_NODATA)


def with_nodata(image, dtype: str, nodata: float):
    """``image`` with masked pixels filled by ``nodata`` (inside and outside its footprint), cast to ``dtype``."""
    return getattr(image.unmask(nodata, False), _CASTS[dtype])()


def scene_images(grid, options: RecipeOptions = RecipeOptions(), labels=None) -> list[tuple]:
    """What a scene's download fetches on its ``grid``, as (grid, bands, dtype): S1, S2, the S2
    mosaic's QA and, with a label product, its labels. Plans count from this (REQUEST_ONLY, the
    SEN1-2-size estimate), so what they count is what a download asks for."""
    images = [(grid, options.s1_bands, S1_DTYPE), (grid, options.s2_bands, S2_DTYPE), (grid, QA_BANDS, QA_DTYPE)]
    return images + ([(grid, (labels.band,), LABEL_DTYPE)] if labels is not None else [])


def s1_download(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """What downloads and exports ask for: the S1 mosaic, float32, no-data -9999."""
    return with_nodata(s1_image(roi, season, options), S1_DTYPE, S1_NODATA)


def s2_download(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """What downloads and exports ask for: the S2 mosaic, uint16, no-data 0."""
    return with_nodata(s2_image(roi, season, options), S2_DTYPE, S2_NODATA)


def label_image(roi: Roi, season: Season, product):
    """A land-cover product on the ROI as class ids (``labels.LabelProduct``), clipped like the mosaics.

    Dynamic World: ``mode()`` of ``label`` over the season's images on the ROI (the most common
    class per pixel, ee reduce.mode), so the labels follow the season the S2 mosaic shows;
    its label + 1 is the class id (label 0 is water, id 0 stays unlabeled). WorldCover: its one
    map (``mosaic()`` of the collection), codes 10..100 as class ids.
    """
    ee = require_ee()
    region = roi_geometry(roi)
    collection = ee.ImageCollection(product.collection)
    if product.seasonal:
        collection = collection.filterDate(season.start.isoformat(), season.end_exclusive.isoformat())
        image = collection.filterBounds(region).select([product.band]).mode()
    else:
        image = collection.select([product.band]).mosaic()
    if product.offset:
        image = image.add(product.offset)
    return image.clip(region)


def label_download(roi: Roi, season: Season, product):
    """What downloads ask for: the labels as uint8 class ids, 0 where nothing is known."""
    return with_nodata(label_image(roi, season, product), LABEL_DTYPE, LABEL_NODATA)


def defines_nodata(image, dtype: str, nodata: float) -> bool:
    """Whether ``image`` is the cast to ``dtype`` of ``unmask(nodata, sameFootprint=false)``.

    Read from the expression object itself (``func`` and ``args`` of ee.ComputedObject), so the
    check costs nothing per request.
    """
    def call(obj, name):
        func = getattr(obj, "func", None)
        try:
            signature = func.getSignature()["name"] if func is not None else None
        except Exception:  # noqa: BLE001 - not an algorithm call
            return None
        return obj.args if signature == name else None

    cast = call(image, "Image." + _CASTS.get(dtype, "?"))
    unmask = call(cast.get("value"), "Image.unmask") if cast else None
    if not unmask:
        return False
    value = unmask.get("value")
    constant = call(value, "Image.constant")
    value = constant.get("value") if constant else value
    number = getattr(value, "_number", value)  # an ee.Number wraps the constant it was made from
    try:
        return float(number) == float(nodata) and unmask.get("sameFootprint") is False
    except (TypeError, ValueError):
        return False


def availability(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions()):
    """One ``ee.Dictionary`` with the number of S1 and S2 images that match (one request)."""
    ee = require_ee()
    return ee.Dictionary({
        "s1": s1_collection(roi, season, options).size(),
        "s2": s2_collection(roi, season, options).size(),
        "s1_ids": s1_collection(roi, season, options).aggregate_array("system:index"),
        "s2_ids": s2_collection(roi, season, options).aggregate_array("system:index"),
    })


def serialize(obj: Any) -> dict:
    """The expression graph exactly as the client sends it (Cloud API form)."""
    ee = require_ee()
    return json.loads(ee.serializer.toJSON(obj, for_cloud_api=True))


def request_record(roi: Roi, season: Season, options: RecipeOptions = RecipeOptions(), labels=None) -> dict:
    """Everything needed to review or replay one ROI-season request (for requests.json).

    ``labels``: a ``labels.LabelProduct`` fetched with the scenes, whose graph is added.
    """
    record = {
        "roi": roi.id, "seed": roi.seed, "kind": roi.kind, "season": season.name,
        "start": season.start.isoformat(), "end": season.end.isoformat(),
        "utm_epsg": roi.utm_epsg, "options": asdict(options),
        "availability": serialize(availability(roi, season, options)),
        "s1": serialize(s1_download(roi, season, options)),
        "s2": serialize(s2_download(roi, season, options)),
        "s2_qa": serialize(s2_qa_download(roi, season, options)),
    }
    if labels is not None:
        record["labels"] = {"product": labels.key, "band": labels.band,
                            "graph": serialize(label_download(roi, season, labels))}
    return record
