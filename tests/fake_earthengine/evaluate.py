"""Enough of Earth Engine's expression evaluation to serve the right pixels, types and masks.

The serialized graph (ee/serializer.py, Cloud API form) is walked from its result. Supported:
``ImageCollection.load`` (a registered source raster per collection), ``Collection.filter``
(filters are not applied: the source stands for the filtered mosaic), ``Collection.map`` with
``Image.select`` (unknown band names fail as on the service), ``ImageCollection.mosaic``,
``Image.select``, ``Image.clip`` (pixels whose centre is outside the polygon are masked),
``Image.unmask`` (value and ``sameFootprint``), ``Image.constant`` and the ``Image.toX``
casts. Anything else is refused with the function's name, so a new call cannot slip through
unexamined.

Cloud Score+ (``GOOGLE/CLOUD_SCORE_PLUS/V1/S2_HARMONIZED``, bands ``cs`` and ``cs_cdf``) joined to
S2 by ``system:index`` (``Join.saveFirst`` + ``Join.apply`` with ``Filter.equals``), read back with
``Element.get``, and a provenance band made from ``Image.date``/``Date.difference`` with
``Image.constant``/``Image.rename``, masked by the image's own footprint (``Image.updateMask`` with
``Image.select(0).mask()``), all attached by ``Image.addBands`` inside ``Collection.map`` before
``mosaic()``: their pixels follow :func:`cloud_score_world`, a formula of the pixel's map
coordinates (two acquisitions, the later on top where its footprint is), so a test can say what
a correct request must get, pixel for pixel.

Masks are per band and ``mosaic()`` composites them band by band, as Earth Engine does: "Composites
all the images in a collection, using the mask" and "Prioritizes images last to first and fills
invalid pixels with preceding valid pixels" (developers.google.com/earth-engine/apidocs/
ee-imagecollection-mosaic); "Masks are band-specific" (.../ee-image-updatemask). An
``ee.Image.constant`` is valid everywhere ("Generates an image containing a constant value
everywhere", .../ee-image-constant), so a constant band added to each image without the image's
mask wins the mosaic everywhere from the top image: the fake serves exactly that
(:func:`mosaic_world`), so a graph that forgets the mask gets the later acquisition's provenance
over the earlier one's pixels, as it would on the live service.

Types: S2 collections are uint16 as in the catalog; a mosaic of ``COPERNICUS/S1_GRD`` is served
as float64 unless the graph casts it (the catalog does not promise a type, so the fake takes the
widest plausible one). Masked pixels: the REST reference does not say how a GeoTIFF from
``computePixels`` encodes them; :func:`render` fills what is still masked with the value the
server asks for (the tag of the tile's type, as the live service does, see server.py
``SERVICE_NODATA``; or an untagged 0, a valid-looking 0 dB or 0 DN, when a test asks for no tag).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .schema import BadRequest

S1_BANDS_BY_COUNT = {1: ["VV"], 2: ["VV", "VH"]}
S2_ALL = ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12"]
S2_BANDS_BY_COUNT = {3: ["B4", "B3", "B2"], 12: [b for b in S2_ALL if b != "B10"], 13: S2_ALL}
COLLECTIONS = {"COPERNICUS/S1_GRD": "s1", "COPERNICUS/S2_HARMONIZED": "s2", "COPERNICUS/S2_SR_HARMONIZED": "s2",
               "GOOGLE/CLOUD_SCORE_PLUS/V1/S2_HARMONIZED": "cloudscore"}
NATIVE_DTYPE = {"s1": "float64", "s2": "uint16", "cloudscore": "float32"}
# Land cover, served synthetically anywhere (land_cover below) with the catalog's bands and class
# codes: ESA_WorldCover_v200 (band Map, codes 10..100, uint8) and GOOGLE_DYNAMICWORLD_V1 (nine
# class probabilities and label 0..8; the fake gives only label pixels meaning).
LAND_COVER = {"ESA/WorldCover/v200": "worldcover", "GOOGLE/DYNAMICWORLD/V1": "dynamicworld"}
LAND_COVER_BANDS = {"worldcover": ["Map"], "dynamicworld": [
    "water", "trees", "grass", "flooded_vegetation", "crops", "shrub_and_scrub", "built", "bare", "snow_and_ice",
    "label"]}
WORLDCOVER_CODES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)
COLLECTIONS.update(LAND_COVER)
NATIVE_DTYPE.update({"worldcover": "uint8", "dynamicworld": "uint8"})
CASTS = {"Image.toFloat": "float32", "Image.toDouble": "float64", "Image.toUint16": "uint16",
         "Image.toInt16": "int16", "Image.toByte": "uint8", "Image.toUint8": "uint8", "Image.toInt32": "int32",
         "Image.toInt8": "int8", "Image.toUint32": "uint32", "Image.toInt64": "int64", "Image.toLong": "int64"}


@dataclass(frozen=True)
class Img:
    """An image as the fake knows it: where its pixels come from and what was done to them."""

    sensor: str
    bands: tuple
    dtype: str
    ops: tuple = field(default=())  # ("clip", ring) / ("unmask", value, same_footprint) / ("cast", dtype)
    links: tuple = ()  # (property, Collection) saved on each image by a join
    qa: tuple = ()  # bands served by cloud_score_world (cs, cs_cdf, provenance)
    everywhere: tuple = ()  # bands valid at every pixel of each image (a constant not masked by the footprint)


@dataclass(frozen=True)
class Collection:
    sensor: str
    bands: tuple
    links: tuple = ()
    qa: tuple = ()
    everywhere: tuple = ()


@dataclass(frozen=True)
class Mask:
    """``Image.mask()`` of some bands: the image's footprint, or everywhere (a constant's)."""

    everywhere: bool


CLOUD_SCORE = "GOOGLE/CLOUD_SCORE_PLUS/V1/S2_HARMONIZED"
CLOUD_SCORE_BANDS = ("cs", "cs_cdf")
PROVENANCE_EPOCH = "2015-06-23"
# The fake's two S2 acquisitions of every season, minutes after PROVENANCE_EPOCH (10 days apart).
ACQUISITION_MINUTES = (1_051_200.0, 1_065_600.0)


def footprint(acquisition: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Where an acquisition has pixels: the earlier everywhere, the later on the bands
    (x + y / 4) mod 4 km < 2 km (slanted edges, as an orbit's)."""
    if acquisition == 0:
        return np.ones(np.broadcast(x, y).shape, bool)
    return np.mod(x + 0.25 * y, 4000.0) < 2000.0


def acquisition_band(acquisition: int, band: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """One acquisition's QA band (its values; where it has no pixels its mask says so)."""
    x, y = np.broadcast_arrays(x, y)
    if band == "provenance":
        return np.full(x.shape, ACQUISITION_MINUTES[acquisition])
    # mostly clear (the synthetic world is cloud-free), with small clouds of ~300 m every 5 km
    cloud = np.exp(-((np.mod(x, 5000.0) - 2500.0) ** 2 + (np.mod(y, 5000.0) - 2500.0) ** 2) / (2 * 150.0 ** 2))
    if acquisition == 1:
        cs = 0.8 + 0.15 * np.sin(x / 700.0) * np.cos(y / 900.0) - 0.7 * cloud
    else:
        cs = 0.85 + 0.1 * np.cos(x / 500.0) - 0.7 * cloud
    if band == "cs":
        return cs
    return np.clip(cs + 0.05 * np.cos(y / 300.0), 0.0, 1.0)  # cs_cdf


def mosaic_world(band: str, x: np.ndarray, y: np.ndarray, everywhere: bool = False) -> np.ndarray:
    """``mosaic()`` of the two acquisitions for one band: the last valid pixel wins, band by band
    (see the module note). ``everywhere``: the band is valid on all of each image (a constant
    without the footprint's mask), so the top image's value is everywhere."""
    x, y = np.broadcast_arrays(x, y)
    out = np.full(x.shape, np.nan)
    for acquisition in range(len(ACQUISITION_MINUTES)):  # earliest first: later images go on top
        valid = np.ones(x.shape, bool) if everywhere else footprint(acquisition, x, y)
        out = np.where(valid, acquisition_band(acquisition, band, x, y), out)
    return out


def cloud_score_world(band: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fake's Cloud Score+ and provenance of the S2 mosaic at map coordinates (pixel centres),
    as a correct request gets them: each band from the image the mosaic takes the pixel from.

    The mosaic shows the later acquisition on its footprint, the earlier one elsewhere. Scores are
    smooth in space and differ per acquisition, so a score taken from the wrong image shows.
    """
    return mosaic_world(band, x, y)


def source_for(sources: dict, sensor: str, crs: str | None = None):
    """The registered raster of ``sensor`` (one path, or several in different CRSs: the one in ``crs``)."""
    import rasterio

    entry = sources.get(sensor)
    paths = entry if isinstance(entry, (list, tuple)) else [entry] if entry else []
    if crs is None or len(paths) <= 1:
        return paths[0] if paths else None
    for path in paths:
        with rasterio.open(path) as src:
            if src.crs.to_string() == crs:
                return path
    return paths[0]


def source_bands(sensor: str, path: Path | None) -> list:
    """Band names of a registered source: its band descriptions, else by count."""
    if sensor in LAND_COVER_BANDS:
        return LAND_COVER_BANDS[sensor]
    if sensor == "cloudscore":
        return list(CLOUD_SCORE_BANDS)
    if path is None:
        return S1_BANDS_BY_COUNT[2] if sensor == "s1" else S2_ALL
    import rasterio

    with rasterio.open(path) as src:
        if all(src.descriptions):
            return list(src.descriptions)
        table = S1_BANDS_BY_COUNT if sensor == "s1" else S2_BANDS_BY_COUNT
        return table.get(src.count, [f"b{i + 1}" for i in range(src.count)])


class Evaluator:
    def __init__(self, expression: dict, sources: dict, synthetic: bool) -> None:
        self.values = expression["values"]
        self.result = expression["result"]
        self.sources = sources
        self.synthetic = synthetic
        self.loaded: list = []

    def run(self):
        return self.node(self.values[self.result], {})

    def node(self, n: dict, scope: dict):
        kind, value = next(iter(n.items()))
        if kind == "valueReference":
            return self.node(self.values[value], scope)
        if kind in ("constantValue", "integerValue"):
            return value
        if kind == "arrayValue":
            return [self.node(v, scope) for v in value.get("values", [])]
        if kind == "dictionaryValue":
            return {k: self.node(v, scope) for k, v in value.get("values", {}).items()}
        if kind == "argumentReference":
            return scope[value]
        if kind == "functionDefinitionValue":
            return ("fn", value["argumentNames"], value["body"])
        return self.call(value["functionName"], value.get("arguments", {}), scope)

    def call(self, name: str, args: dict, scope: dict):
        lazy = {"Collection.map"}
        a = args if name in lazy else {k: self.node(v, scope) for k, v in args.items()}
        if name == "ImageCollection.load":
            sensor = COLLECTIONS.get(a["id"])
            self.loaded.append(a["id"])
            if sensor is None or (sensor not in self.sources and not self.synthetic
                                  and sensor not in LAND_COVER_BANDS and sensor != "cloudscore"):
                raise BadRequest(f"ImageCollection.load: ImageCollection asset '{a['id']}' not found "
                                 "(does not exist or caller does not have access).")
            return Collection(sensor, tuple(source_bands(sensor, source_for(self.sources, sensor))))
        if name == "Collection.filter":
            return a["collection"]
        if name == "Collection.map":
            collection = self.node(args["collection"], scope)
            fn = self.node(args["baseAlgorithm"], scope)
            probe = self.node(self.values[fn[2]] if isinstance(fn[2], str) else fn[2],
                              {fn[1][0]: Img(collection.sensor, collection.bands, NATIVE_DTYPE[collection.sensor],
                                             links=collection.links, qa=collection.qa,
                                             everywhere=collection.everywhere)})
            return Collection(collection.sensor, probe.bands, collection.links, probe.qa, probe.everywhere)
        if name == "ImageCollection.mosaic":
            c = a["collection"]
            return Img(c.sensor, c.bands, NATIVE_DTYPE[c.sensor], qa=c.qa, everywhere=c.everywhere)
        if name == "Join.saveFirst":  # ee/join.py: the first match saved on each primary element
            return ("join", a["matchKey"], a.get("outer", False))
        if name == "Join.apply":
            join, condition = a["join"], a["condition"]
            fields = condition[1] if isinstance(condition, tuple) else {}
            if join[0] != "join" or condition[0] != "Filter.equals" or fields.get("leftField") != "system:index" \
                    or fields.get("rightField") != "system:index":
                raise BadRequest("fake Earth Engine joins only by Filter.equals on system:index")
            primary, secondary = a["primary"], a["secondary"]
            return replace(primary, links=primary.links + ((join[1], secondary),))
        if name == "Element.get":
            image, prop = a["object"], a["property"]
            for key, linked in getattr(image, "links", ()):
                if key == prop:  # the joined image, scoring this image (same system:index)
                    return Img(linked.sensor, linked.bands, NATIVE_DTYPE[linked.sensor])
            raise BadRequest(f"Element.get: property '{prop}' is not set on this image")
        if name == "Image.addBands":
            dst, src = a["dstImg"], a["srcImg"]
            if src.sensor == "cloudscore":
                added = src.bands
            elif src.sensor == "constant" and src.bands == ("provenance",):
                if src.ops[0][1] != ("minutes since", PROVENANCE_EPOCH):
                    raise BadRequest("fake Earth Engine: provenance must be minutes since " + PROVENANCE_EPOCH)
                added = src.bands
            else:
                raise BadRequest("fake Earth Engine adds Cloud Score+ and provenance bands only")
            return replace(dst, bands=dst.bands + added, qa=dst.qa + added,
                           everywhere=dst.everywhere + tuple(b for b in added if b in src.everywhere))
        if name == "Image.date":
            return ("date", a["image"])
        if name == "Date":
            return ("date-constant", a["value"])
        if name == "Date.difference":
            if a["start"] != ("date-constant", PROVENANCE_EPOCH) or a["unit"] != "minute" or a["date"][0] != "date":
                raise BadRequest("fake Earth Engine: Date.difference of an image date only")
            return ("minutes since", PROVENANCE_EPOCH)
        if name == "Image.rename":
            image, names = a["input"], a["names"]
            if len(names) != len(image.bands):
                raise BadRequest("Image.rename: the number of names must match the bands")
            renamed = dict(zip(image.bands, names))
            return replace(image, bands=tuple(names), everywhere=tuple(renamed[b] for b in image.everywhere))
        if name == "reduce.mode":  # ImageCollection.mode(): the most common value per pixel (ee/imagecollection.py)
            c = a["collection"]
            return Img(c.sensor, c.bands, NATIVE_DTYPE[c.sensor], (("reduce", "mode"),))
        if name == "Image.add":
            value = a["image2"]
            if not (isinstance(value, Img) and value.sensor == "constant"):
                raise BadRequest("fake Earth Engine adds constants only")
            return replace(a["image1"], ops=a["image1"].ops + (("add", value.ops[0][1]),))
        if name == "Image.select":
            image, wanted = a["input"], a["bandSelectors"]
            picked = []
            for band in wanted:  # a name, or a band's index (ee.Image.select takes both)
                if isinstance(band, int) and 0 <= band < len(image.bands):
                    picked.append(image.bands[band])
                elif band not in image.bands:
                    raise BadRequest(f"Image.select: Pattern '{band}' did not match any bands.")
                else:
                    picked.append(band)
            return replace(image, bands=tuple(picked), everywhere=tuple(b for b in image.everywhere if b in picked))
        if name == "Image.mask":  # the mask of the image's bands (ee.Image.mask without an argument)
            image = a["image"]
            if len(image.bands) != 1:
                raise BadRequest("fake Earth Engine takes the mask of one band only")
            return Mask(everywhere=image.bands[0] in image.everywhere)
        if name == "Image.updateMask":
            image, mask = a["image"], a["mask"]
            if not isinstance(mask, Mask):
                raise BadRequest("fake Earth Engine updates masks with an image's own mask only")
            return image if mask.everywhere else replace(image, everywhere=())
        if name == "Image.clip":
            return replace(a["input"], ops=a["input"].ops + (("clip", a["geometry"]),))
        if name == "Image.unmask":
            value = a.get("value", 0)
            value = value if not isinstance(value, Img) else value.ops[0][1]
            same = a.get("sameFootprint", True)
            return replace(a["input"], ops=a["input"].ops + (("unmask", value, same),))
        if name == "Image.constant":  # valid everywhere (see the module note)
            return Img("constant", ("constant",), "float64", (("constant", a["value"]),), everywhere=("constant",))
        if name in CASTS:
            return replace(a["value"], dtype=CASTS[name], ops=a["value"].ops + (("cast", CASTS[name]),))
        if name in ("Image.reproject", "Image.clipToBoundsAndScale"):
            return a.get("image", a.get("input"))  # batch exports pin the grid this way (ee/batch.py)
        if name == "Image.visualize":
            return replace(a["image"], bands=("vis-red", "vis-green", "vis-blue"), dtype="uint8")
        if name == "GeometryConstructors.Polygon":
            return ("polygon", a["coordinates"])
        if name.startswith(("Filter.", "DateRange", "Feature", "Projection")) or name in (
                "Collection.size", "AggregateFeatureCollection.array", "Image.projection", "GeometryConstructors.Rectangle",
                "Projection.translate", "Projection.scale"):
            return (name, a)
        raise BadRequest(f"fake Earth Engine cannot evaluate {name}")


def textured_world(sensor: str, bands: list, transform, w: int, h: int) -> np.ndarray:
    """A synthetic planet for ROIs anywhere (sampled ROIs have no registered source): the value of
    a pixel is a function of its map coordinates only, so tiles of one scene fit together, S1 and
    S2 share their structure (fields, a river) and every scene has texture to stretch and check."""
    cols = np.arange(w) + 0.5
    rows = np.arange(h) + 0.5
    x = transform.c + transform.a * cols[None, :]
    y = transform.f + transform.e * rows[:, None]
    fields = np.sin(x / 310.0) * np.cos(y / 470.0) + 0.5 * np.sin((x + y) / 190.0)
    ix, iy = np.floor(x / 10).astype(np.int64), np.floor(y / 10).astype(np.int64)
    noise = ((ix * 73856093) ^ (iy * 19349663)) % 1000 / 1000.0  # per-pixel speckle, deterministic
    if sensor == "s1":
        return np.stack([-14.0 + 4.0 * fields + 3.0 * (noise - 0.5) - 3.0 * i for i, _ in enumerate(bands)])
    return np.stack([1400.0 + 500.0 * fields + 300.0 * noise + 60.0 * (i % 5) for i, _ in enumerate(bands)])


def worldcover_map(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fake's WorldCover: a class code per pixel centre (map coordinates), blocks of 170 x 230 m."""
    cell = np.floor(x / 170.0).astype(np.int64) + 3 * np.floor(y / 230.0).astype(np.int64)
    return np.asarray(WORLDCOVER_CODES)[cell % len(WORLDCOVER_CODES)]


def dynamic_world_labels(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The fake's Dynamic World: ``label`` (0..8) of each of the season's three images per pixel
    centre. Two images agree; the last one, on top of a mosaic, says otherwise, so only the mode
    of the season gives ``season_label``."""
    base = season_label(x, y)
    return np.stack([base, base, (base + 4) % 9])


def season_label(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The mode of the fake Dynamic World's labels over its images: what a correct request gets."""
    return (np.floor(x / 150.0).astype(np.int64) + 2 * np.floor(y / 190.0).astype(np.int64)) % 9


def land_cover(image: Img, transform, w: int, h: int) -> np.ndarray:
    """Land-cover pixels (one band) at the pixel centres of the grid."""
    cols, rows = np.arange(w) + 0.5, np.arange(h) + 0.5
    x = transform.c + transform.a * cols[None, :] + 0 * rows[:, None]
    y = transform.f + transform.e * rows[:, None] + 0 * cols[None, :]
    if image.sensor == "worldcover":
        return worldcover_map(x, y)[None].astype("float64")
    stack = dynamic_world_labels(x, y)
    if ("reduce", "mode") in image.ops:
        votes = (stack[:, None] == np.arange(9)[None, :, None, None]).sum(axis=0)
        return votes.argmax(axis=0)[None].astype("float64")
    return stack[-1][None].astype("float64")  # mosaic: the last image on top


def render(image: Img, grid: dict, sources: dict, bands: list, masked_fill: float = 0,
           texture: bool = False) -> np.ndarray:
    """The pixels of ``image`` on ``grid`` as the service would encode them (``texture``: the
    textured synthetic world where no source is registered, else a constant scene)."""
    import rasterio
    from rasterio.features import geometry_mask
    from rasterio.warp import transform_geom
    from rasterio.windows import Window

    w, h = grid["dimensions"]["width"], grid["dimensions"]["height"]
    t = grid["affineTransform"]
    transform = rasterio.Affine(t["scaleX"], t.get("shearX", 0), t["translateX"],
                                t.get("shearY", 0), t["scaleY"], t["translateY"])
    path = source_for(sources, image.sensor, grid["crsCode"])
    if image.qa and set(bands) <= set(image.qa):
        cols, rows = np.arange(w) + 0.5, np.arange(h) + 0.5
        x = transform.c + transform.a * cols[None, :] + 0 * rows[:, None]
        y = transform.f + transform.e * rows[:, None] + 0 * cols[None, :]
        data = np.stack([mosaic_world(b, x, y, b in image.everywhere) for b in bands]).astype("float64")
        valid = np.ones((h, w), bool)
    elif image.qa and set(bands) & set(image.qa):
        raise BadRequest("fake Earth Engine serves QA bands or S2 bands in one request, not both")
    elif image.sensor in LAND_COVER_BANDS:
        if bands != [LAND_COVER_BANDS[image.sensor][-1]]:
            raise BadRequest(f"fake Earth Engine serves only the class band of {image.sensor}, not {bands}")
        data = land_cover(image, transform, w, h)
        valid = np.ones((h, w), bool)
    elif path is None and texture:
        data = textured_world(image.sensor, bands, transform, w, h)
        valid = np.ones((h, w), bool)
    elif path is None:  # synthetic (benchmark): a constant scene, every pixel valid
        data = np.full((len(bands), h, w), 7, dtype="float64")
        valid = np.ones((h, w), bool)
    else:
        with rasterio.open(path) as src:
            names = source_bands(image.sensor, path)
            col = round((t["translateX"] - src.transform.c) / src.transform.a)
            row = round((t["translateY"] - src.transform.f) / src.transform.e)
            window = Window(col, row, w, h)
            data = np.stack([src.read(names.index(b) + 1, window=window, boundless=True, fill_value=0)
                             for b in bands]).astype("float64")
            valid = src.read_masks(1, window=window, boundless=True) > 0
            if src.nodata is not None:
                valid &= (data != src.nodata).all(axis=0)
    dtype = NATIVE_DTYPE.get(image.sensor, "float64")
    for op in image.ops:
        if op[0] == "clip":
            ring = op[1][1]
            shape = transform_geom("EPSG:4326", grid["crsCode"], {"type": "Polygon", "coordinates": ring})
            valid &= ~geometry_mask([shape], (h, w), transform)
        elif op[0] == "unmask":
            data[:, ~valid] = op[1]
            valid[:] = True
        elif op[0] == "add":
            data = data + op[1]
        elif op[0] == "cast":
            dtype = op[1]
            info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
            if info is not None:  # Earth Engine clamps to the target range
                data = np.clip(np.round(data), info.min, info.max)
    data[:, ~valid] = masked_fill
    return data.astype(dtype)
