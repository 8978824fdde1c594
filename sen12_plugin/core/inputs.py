"""Is the input what it claims to be? S1 in dB (float), S2 bands B4, B3, B2, a sane size.

Sentinel-2 bands are found by their names (band descriptions ``B4``/``B04``...); a file without
names is read by the Sentinel-2 band order for its band count (``recipe.S2_BAND_ORDERS``: 13 or
12 bands in band-number order, 4 bands B2 B3 B4 B8, 3 bands B4 B3 B2), with a message saying so;
any other file needs the band numbers from the user.

Sentinel-1 must be floating-point backscatter in dB. Integer S1 (a rendered 8-bit picture, raw
DN) is refused. A float S1 whose values are almost all >= 0 with a median <= 1 is linear power:
it is converted to dB (10 log10) with a warning. Anything else that is not mostly negative (a
float S2 picked as S1) is refused. S1 with more than two bands is refused (VV, VH at most).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import recipe
from .errors import InputError
from .i18n import _
from .names import check_seed, whole_number

S1_DB, S1_LINEAR = "db", "linear"
# SNAP's band names before calibration (Amplitude_VV, Intensity_VV), in a band description or file
# name: values that are no calibrated backscatter; Sigma0_VV (power) and Sigma0_VV_db are.
S1_UNCALIBRATED = re.compile(r"(?<![A-Za-z])(amplitude|intensity)(?![A-Za-z])", re.IGNORECASE)
SAMPLE_GRID, SAMPLE_WINDOW = 8, 32  # value checks read 8 x 8 windows of 32 px: cheap on any size
LINEAR_MAX_NEGATIVE = 0.01  # dB backscatter is mostly negative; linear power never is
LINEAR_MAX_MEDIAN = 1.0


def _name(path) -> str:
    return Path(str(path)).name


def read_errors() -> tuple[type[BaseException], ...]:
    """What rasterio raises on a file it cannot read (the classes differ between versions)."""
    from rasterio import errors

    found = [errors.RasterioError, errors.RasterioIOError]
    try:
        from rasterio._err import CPLE_BaseError

        found.append(CPLE_BaseError)
    except ImportError:  # pragma: no cover - another rasterio layout
        pass
    return tuple(found)


def read_error(role: str, path, exc: Exception) -> InputError:
    """The sentence for a raster that opens but cannot be read (truncated, corrupt tiles)."""
    return InputError(
        _("The {role} scene {value} cannot be read ({exc}); the file is truncated or corrupt: download or "
          "export it again.").format(role=role, value=_name(path), exc=exc)
    )


def check_size(ds, role: str, path) -> None:
    pixels = int(ds.width) * int(ds.height)
    if pixels > recipe.MAX_SCENE_PIXELS:
        raise InputError(
            _("The {role} scene {value} is {width} x {height} px ({value2:,.0f} Mpx); the limit is "
              "{value3:,.0f} Mpx (a 200 km ROI at 10 m is 400 Mpx). Clip it to the ROI first (Raster > "
              "Extraction > Clip raster by extent).").format(
                role=role, value=_name(path), width=ds.width, height=ds.height, value2=pixels / 1e6, value3=recipe.MAX_SCENE_PIXELS / 1e6)
        )


def parse_band_numbers(text: str | None) -> tuple[int, int, int] | None:
    """``"4,3,2"`` -> (4, 3, 2); empty -> None; anything else: InputError."""
    if text is None or not str(text).strip():
        return None
    parts = [p for p in re.split(r"[\s,;]+", str(text).strip()) if p]
    if len(parts) != 3 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise InputError(_("S2 band numbers {text!r}: give the numbers of B4, B3 and B2, e.g. 4,3,2.").format(
                             text=text))
    return int(parts[0]), int(parts[1]), int(parts[2])


# A Sentinel-2 band code anywhere in a description, as a word: ``B4``, ``B04``, ``b8a``, GDAL's
# SENTINEL2 driver's ``B4, central wavelength 665 nm``, ``B04_10m``, ``Red (B4)``; never ``Band 4``
# (a band index) nor ``AB12``.
S2_BAND_CODE = re.compile(r"(?<![A-Z0-9])B0?(1[0-2]|[1-9]|8A)(?![0-9A-Z])")
# Colour words a tool writes for the 10 m bands (QGIS, ArcGIS, ENVI exports of an RGB(N) stack).
S2_COLOUR_WORDS = {"RED": "B4", "GREEN": "B3", "BLUE": "B2", "NIR": "B8", "NEAR INFRARED": "B8",
                   "NEAR-INFRARED": "B8", "NEARINFRARED": "B8"}
S2_COLOUR_INTERPRETATION = {"red": "B4", "green": "B3", "blue": "B2"}  # GDAL's colour interpretation


def band_label(description: str | None) -> str:
    """The Sentinel-2 band a band description names (``B4``, ``B8A``), "" when it names none.

    The one reader of S2 band names: recognising an input and choosing its bands read names alike.
    """
    text = (description or "").strip().upper()
    match = S2_BAND_CODE.search(text)
    if match:
        return f"B{match.group(1)}"
    return S2_COLOUR_WORDS.get(re.sub(r"[\s_]+", " ", text), "")


def s2_band_labels(descriptions: Sequence[str | None],
                   colours: Sequence[str | None] | None = None) -> tuple[list[str], str]:
    """Each band's Sentinel-2 name from the file's own evidence, and which evidence it was.

    The band descriptions first; else GDAL's colour interpretation when it says red, green and
    blue once each (a file written as RGB says which band is red, as a band-count order cannot).
    """
    labels = [band_label(d) for d in descriptions]
    if any(labels):
        return labels, "names"
    found = [S2_COLOUR_INTERPRETATION.get(str(c or "").lower(), "") for c in (colours or ())]
    if all(found.count(b) == 1 for b in recipe.S2_BANDS):
        return found, "colours"
    return [""] * len(labels), ""


def s2_rgb_bands(count: int, descriptions: Sequence[str | None], path,
                 requested: Sequence[int] | None = None,
                 colours: Sequence[str | None] | None = None) -> tuple[tuple[int, ...], str | None]:
    """1-based band numbers of B4, B3, B2 and, when they were not named, how they were chosen.

    ``colours``: the bands' colour interpretation (rasterio's ``ColorInterp`` names).

    Raises:
        InputError: requested numbers outside the file, named bands without B4/B3/B2, or an
            unnamed file whose band count has no Sentinel-2 order.
    """
    name = _name(path)
    if requested:
        bad = [b for b in requested if not 1 <= b <= count]
        if len(requested) != 3 or bad:
            raise InputError(_("S2 band numbers {value}: the S2 scene {name} has bands 1 to {count}.").format(
                                 value=list(requested), name=name, count=count))
        return tuple(requested), None
    labels, evidence = s2_band_labels(descriptions, colours)
    if all(b in labels for b in recipe.S2_BANDS):
        bands = tuple(labels.index(b) + 1 for b in recipe.S2_BANDS)
        if evidence == "colours":
            return bands, _("The S2 scene {name} has no band descriptions; its colour interpretation says red, green, "
                            "blue are bands {value}: taken as B4, B3, B2.").format(
                                name=name, value=', '.join(map(str, bands)))
        return bands, None
    if any(labels):
        raise InputError(
            _("The S2 scene {name} names its bands {value}, without {value2}: give the band numbers of B4, B3, "
              "B2 (S2_BANDS of sen12:extract_patches, e.g. 4,3,2).").format(
                name=name, value=', '.join(label or '?' for label in labels), value2=', '.join(recipe.S2_BANDS))
        )
    given = [str(d).strip() for d in descriptions if d and str(d).strip()]
    order = recipe.S2_BAND_ORDERS.get(count)
    if order is None:
        raise InputError(
            _("The S2 scene {name} has {count} band(s) without names: give the band numbers of B4, B3, B2 "
              "(e.g. 4,3,2), or use a file with 3, 4, 12 or 13 Sentinel-2 bands.").format(
                name=name, count=count)
        )
    bands = tuple(order.index(b) + 1 for b in recipe.S2_BANDS)
    if given:  # names that are no Sentinel-2 band: said as they are, not as "no names"
        return bands, (
            _("The S2 scene {name} names its bands {value3}, none a Sentinel-2 band: its {count} bands were read "
              "in the Sentinel-2 order {value}, so B4, B3, B2 are bands {value2}. If that is wrong, give the "
              "band numbers.").format(name=name, value3=', '.join(given), count=count, value=' '.join(order),
                                      value2=', '.join(map(str, bands))))
    return bands, (
        _("The S2 scene {name} has no band names: its {count} bands were read in the Sentinel-2 order {value}, "
          "so B4, B3, B2 are bands {value2}. If that is wrong, give the band numbers.").format(
            name=name, count=count, value=' '.join(order), value2=', '.join(map(str, bands)))
    )


def s1_scale(ds, path, band: int = 1) -> tuple[str, str | None]:
    """``db`` or ``linear`` (converted to dB by the reader), with a warning for linear; ``band``: VV.

    Raises:
        InputError: integer S1, more than two bands, or values that are neither dB nor linear.
    """
    check_s1_header(ds, path, band)
    return s1_scale_of(sample_values(ds, band, "S1", path), path)


def check_s1_band_count(ds, path) -> None:
    if ds.count > 2:
        raise InputError(
            _("The S1 scene {value} has {count} bands; a Sentinel-1 scene has VV (and VH). Is it the S2 scene?").format(
                value=_name(path), count=ds.count)
        )


def check_s1_header(ds, path, band: int = 1) -> None:
    """What the header alone says against an S1 scene: more than two bands, integer values.

    Raises:
        InputError: saying which, and what to do.
    """
    name = _name(path)
    check_s1_band_count(ds, path)
    description = (ds.descriptions[band - 1] if ds.descriptions else None) or ""
    said = S1_UNCALIBRATED.search(description) or S1_UNCALIBRATED.search(Path(str(path)).stem)
    if said:
        raise InputError(
            _("The S1 scene {name} says it holds {what} ({where}): uncalibrated {what} is no backscatter power, "
              "and 10 log10 of an amplitude halves every dB value. Calibrate it to Sigma0 (SNAP: Radiometric > "
              "Calibrate, then Terrain Correction, in dB) or fetch the scene from Earth Engine.").format(
                name=name, what=said.group(1).lower(), where=description or _("its file name")))
    dtype = np.dtype(ds.dtypes[band - 1])
    if dtype.kind != "f":
        raise InputError(
            _("The S1 scene {name} holds {name2} values; the recipe needs VV backscatter in dB as floating "
              "point (about -25..0). Integer S1 is a rendered picture or raw DN: export the float dB band "
              "again.").format(name=name, name2=dtype.name)
        )


def s1_scale_of(values: np.ndarray, path) -> tuple[str, str | None]:
    """``db`` or ``linear`` from the valid S1 values of the sample windows (``sample_windows``).

    Raises:
        InputError: values that are neither dB nor linear.
    """
    name = _name(path)
    if values.size == 0 or (values < 0).mean() >= LINEAR_MAX_NEGATIVE:
        return S1_DB, None
    median = float(np.median(values))
    if median <= LINEAR_MAX_MEDIAN:
        return S1_LINEAR, (
            _("The S1 scene {name} looks like linear power (no negative values, median {median:.3g}): it was "
              "converted to dB (10 log10) before clipping to -25..0 dB.").format(name=name, median=median)
        )
    raise InputError(
        _("The S1 scene {name} has no negative values and a median of {median:.3g}: that is neither "
          "backscatter in dB (mostly -25..0) nor linear power (mostly below 1). Is it the right file?").format(
            name=name, median=median)
    )


def sample_windows(width: int, height: int) -> list[tuple[int, int, int]]:
    """The value checks' windows: (row, column, side), a SAMPLE_GRID x SAMPLE_GRID grid over the scene."""
    side = min(SAMPLE_WINDOW, width, height)
    rows = np.unique(np.linspace(0, height - side, SAMPLE_GRID).astype(int))
    cols = np.unique(np.linspace(0, width - side, SAMPLE_GRID).astype(int))
    return [(int(r), int(c), side) for r in rows for c in cols]


def valid_values(values: np.ndarray, nodata: float | None) -> np.ndarray:
    """Finite values other than the declared no-data, as float64 (what a masked read keeps)."""
    values = values.astype(np.float64).ravel()
    keep = np.isfinite(values)
    if nodata is not None and not np.isnan(nodata):
        keep &= values != nodata
    return values[keep]


def sample_values(ds, band: int, role: str, path) -> np.ndarray:
    """Valid values of one band from a grid of small windows spread over the scene.

    Windows, not a decimated read: GDAL would decode every tile for a decimated read, these touch
    at most SAMPLE_GRID^2 tiles on any scene size.
    """
    from rasterio.windows import Window

    parts = []
    try:
        for r, c, side in sample_windows(ds.width, ds.height):
            data = ds.read(band, window=Window(c, r, side, side), masked=True)
            parts.append(np.ma.compressed(data).astype(np.float64))
    except read_errors() as exc:
        raise read_error(role, path, exc) from None
    values = np.concatenate(parts) if parts else np.empty(0)
    return values[np.isfinite(values)]


def to_db(linear: np.ndarray) -> np.ndarray:
    """10 log10 of linear power; zero power becomes very low dB (clipped to the range later)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (10.0 * np.log10(np.maximum(linear, 1e-10))).astype(np.float32)


def check_count(value: int, what: str, limit: int = recipe.MAX_ROI_COUNT) -> int:
    """A count of work items within 0..limit, else InputError (unbounded work never starts)."""
    if not 0 <= value <= limit:
        raise InputError(_("{what} {value} is out of range: use 0 to {limit:,} (the paper used {LAND_COUNT} "
                           "land and {URBAN_COUNT} urban points per seed).").format(
                             what=what, value=value, limit=limit, LAND_COUNT=recipe.LAND_COUNT, URBAN_COUNT=recipe.URBAN_COUNT))
    return value


def roi_row(values: dict, row: int) -> tuple[int, int | None, str | None]:
    """``id``, ``seed`` and ``season`` of one ROI layer row, checked; missing ones are None.

    ``id`` defaults to the row number; ``season`` may be empty (the chosen seasons apply) or a
    season name in any case. Anything else is an InputError for that row.
    """
    raw_id, raw_seed, raw_season = values.get("id"), values.get("seed"), values.get("season")
    where = _("ROI layer row {value}").format(value=row + 1)
    roi_id = row if raw_id in (None, "") else whole_number(raw_id, f"{where}: id")
    if roi_id < 0:
        raise InputError(_("{where}: id {roi_id} is negative; use 0 or more.").format(
                             where=where, roi_id=roi_id))
    seed = None if raw_seed in (None, "") else check_seed(raw_seed, f"{where}: seed")
    season = None
    if raw_season not in (None, ""):
        season = str(raw_season).strip().lower()
        if season not in recipe.SEASON_NAMES:
            raise InputError(
                _("{where}: season {raw_season!r} is not a season: use {value}, or leave it empty for the "
                  "chosen seasons.").format(
                    where=where, raw_season=raw_season, value=', '.join(recipe.SEASON_NAMES))
            )
    return roi_id, seed, season


def roi_row_lenient(values: dict, row: int) -> tuple[int, int | None, str | None]:
    """What can be read of a refused row, to list it: its id (else the row number), seed, season."""
    out = []
    for key, default, parse in (("id", row, lambda v: whole_number(v, "id")),
                                ("seed", None, check_seed), ("season", None, str)):
        try:
            value = values.get(key)
            out.append(default if value in (None, "") else parse(value))
        except InputError:
            out.append(default)
    return out[0], out[1], out[2]
