"""What a scene's pixels and names say about it: band roles, units, no-data fill and offsets.

Each function looks at an open raster (rasterio) and returns a decision with the sentence that
gives its evidence (a :class:`Reason`), or raises InputError with a sentence when the evidence
does not allow a safe decision. ``core.plan`` puts them together for a scene pair; nothing here
writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from . import inputs
from .errors import InputError
from .i18n import _

FILL_RUN = 64  # identical values in a row along a scene edge: a fill, never measured data
FILL_VALUES = (0.0, -9999.0, -999.0, -32768.0, -32767.0, 32767.0, 65535.0)  # what tools write where there is no data
BASELINE_04_DATE = date(2022, 1, 25)  # ESA's processing baseline 04.00: values stored 1000 higher
BASELINE_OFFSET = 1000.0
BASELINE_IN_NAME = re.compile(r"_N(0[4-9]|[1-9]\d)(\d\d)(?:_|$)")  # S2A_MSIL2A_..._N0400_R...
REFLECTANCE_MAX = 1.5  # reflectance 0..1 (bright clouds and snow reach a little above 1)
DN_MIN_MAX = 255.0  # digital numbers of a real scene reach far above 255
S1_BAND_NAMES = ("VV", "VH")
S2_UNITS = ("", "dn", "reflectance")
S2_OFFSETS = ("auto", "subtract", "none")


@dataclass(frozen=True)
class Reason:
    """One decision about a scene, in words: ``topic`` (bands, units, no-data, ...) and its evidence.

    ``warning``: the decision converted or assumed something the analyst should look at.
    """

    topic: str
    text: str
    warning: bool = False


def _name(path) -> str:
    return Path(str(path)).name


def parse_s1_bands(text: str | None) -> tuple[str, ...] | None:
    """``"VH,VV"`` -> ("VH", "VV"): the S1 file's bands in file order; empty -> None."""
    if text is None or not str(text).strip():
        return None
    names = tuple(p.strip().upper() for p in re.split(r"[\s,;]+", str(text).strip()) if p.strip())
    if not names or any(n not in S1_BAND_NAMES for n in names) or len(set(names)) != len(names):
        raise InputError(_("S1 band names {text!r}: give the file's bands in order, each VV or VH once, e.g. "
                           "VV or VH,VV.").format(text=text))
    if "VV" not in names:
        raise InputError(_("S1 band names {text!r}: SEN1-2 patches are VV; the file must have a VV band.").format(
                             text=text))
    return names


def s1_band_order(count: int, path, polarisations: Sequence[str], named: tuple[str, ...] | None,
                  recorded: Sequence[str] | None = None) -> tuple[tuple[int, ...], Reason]:
    """1-based S1 bands to read, VV first, and the evidence.

    Evidence, strongest first: the names the analyst gave, the download's record, the band
    descriptions or file name. One unnamed band is taken as VV (said so); an unnamed two-band
    file is refused: SNAP writes VH, VV and Earth Engine VV, VH, so its order cannot be guessed.
    """
    name = _name(path)
    known = tuple(p or "" for p in polarisations) if polarisations else ()
    if named is not None:
        if len(named) != count:
            raise InputError(_("S1 band names {value}: the S1 scene {name} has {count} band(s).").format(
                                 value=', '.join(named), name=name, count=count))
        if known and len(known) == count and all(known) and tuple(known) != named:
            raise InputError(_("S1 band names {value}: the S1 scene {name} itself names its bands {value2}; "
                               "leave S1_BANDS empty or correct it.").format(
                                 value=', '.join(named), name=name, value2=', '.join(known)))
        order, evidence = named, _("as you named them (S1_BANDS)")
    elif recorded and len(recorded) == count:
        order, evidence = tuple(recorded), _("as the download recorded them")
    elif known and len(known) == count and all(known):
        order, evidence = known, _("by the band descriptions or file name")
    elif count == 1:
        return (1,), Reason("S1 bands", _("S1 {name}: one band without a name, taken as VV (SEN1-2's "
                                          "polarisation; a VH-only scene cannot make SEN1-2 patches).").format(
                                            name=name))
    else:
        raise InputError(
            _("The S1 scene {name} has {count} bands without names: SNAP writes VH, VV and Earth Engine VV, "
              "VH, so which one is VV cannot be told from the file. Name them in file order (S1_BANDS of "
              "sen12:extract_patches, e.g. VH,VV), or give the band descriptions VV and VH to the file.").format(
                name=name, count=count))
    if "VV" not in order:
        raise InputError(_("The S1 scene {name} holds {value} only: SEN1-2 patches are VV.").format(
                             name=name, value=', '.join(order)))
    bands = (order.index("VV") + 1,) + tuple(i + 1 for i, b in enumerate(order) if b != "VV")
    return bands, Reason("S1 bands", _("S1 {name}: bands {value} {evidence}; VV is band {value2}.").format(
                                         name=name, value=', '.join(order), evidence=evidence, value2=bands[0]))


def _lines(ds, band: int) -> list[np.ndarray]:
    """The four edge lines of one band (top, bottom, left, right), as read."""
    from rasterio.windows import Window

    w, h = ds.width, ds.height
    windows = (Window(0, 0, w, 1), Window(0, h - 1, w, 1), Window(0, 0, 1, h), Window(w - 1, 0, 1, h))
    return [ds.read(band, window=win).ravel() for win in windows]


def _longest_runs(stack: np.ndarray) -> dict[tuple, int]:
    """Per value tuple, the longest run of identical columns in a (bands, n) stack."""
    n = stack.shape[1]
    if n == 0:
        return {}
    change = np.any(stack[:, 1:] != stack[:, :-1], axis=0)
    starts = np.concatenate([[0], np.flatnonzero(change) + 1])
    lengths = np.diff(np.concatenate([starts, [n]]))
    found: dict[tuple, int] = {}
    for start, length in zip(starts[lengths >= FILL_RUN], lengths[lengths >= FILL_RUN]):
        value = tuple(float(v) for v in stack[:, start])
        found[value] = max(found.get(value, 0), int(length))
    return found


def _fill_like(value: float, dtype) -> bool:
    """A value tools write for "no data": 0, -9999, the type's extremes (never a measured level)."""
    if value in FILL_VALUES:
        return True
    info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
    return value in (float(info.min), float(info.max))


def edge_fill(ds, bands: Sequence[int], role: str, path, skip: Sequence[float] = ()) -> tuple[float | None, Reason | None]:
    """A constant fill value along the scene's edges (a swath border's wedge), when no tag says it.

    A fill-like value (0, -9999, the type's extremes) that repeats ``FILL_RUN`` times in a row
    along an edge, the same in every band looked at, is a fill: no sensor measures exactly one
    value over 640 m. Other constant runs (a saturated or painted area) stay data. ``skip``:
    values already taken as no-data.
    """
    if ds.width < FILL_RUN and ds.height < FILL_RUN:
        return None, None
    try:
        per_band = [_lines(ds, b) for b in bands]
    except inputs.read_errors() as exc:
        raise inputs.read_error(role, path, exc) from None
    best: dict[float, int] = {}
    for edge in range(4):
        stack = np.stack([lines[edge] for lines in per_band])
        for value, length in _longest_runs(stack).items():
            if len(set(value)) != 1 or not np.isfinite(value[0]) or value[0] in skip or \
                    not _fill_like(value[0], ds.dtypes[bands[0] - 1]):
                continue
            best[value[0]] = max(best.get(value[0], 0), length)
    if not best:
        return None, None
    value, length = max(best.items(), key=lambda kv: kv[1])
    return value, Reason("no-data", _("{role} {value}: no no-data tag, but its edges hold {length} pixels in a "
                                      "row of exactly {value2:g}: taken as no-data fill (patches touching it "
                                      "are dropped).").format(
                                        role=role, value=_name(path), length=length, value2=value),
                         True)


def check_nodata_tag(ds, bands: Sequence[int], role: str, path) -> None:
    """Refuse a no-data tag that is one of the scene's measured values: pixels of exactly that value
    lie scattered among the data (a fill lies in areas), so every patch holding one would be dropped
    "for no-data" from a scene without a hole.

    Tags tools write for "no data" (0, -9999, NaN, the type's extremes: ``FILL_VALUES``) are not
    looked at (they cost nothing to trust and no sensor measures them); for any other tag the value
    checks' windows are read as stored: a tag whose pixels are mostly without a neighbour of the same
    value is measured data.

    Raises:
        InputError: saying which value, the evidence, and how to fix the tag.
    """
    from rasterio.windows import Window

    nodata = ds.nodata
    dtype = ds.dtypes[bands[0] - 1]
    if nodata is None or not np.isfinite(nodata) or _fill_like(float(nodata), dtype):
        return
    hits = isolated = 0
    try:
        for r, c, side in inputs.sample_windows(ds.width, ds.height):
            for band in bands:
                same = ds.read(band, window=Window(c, r, side, side)) == nodata
                if not same.any():
                    continue
                padded = np.pad(same, 1)
                neighbour = padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:]
                hits += int(same.sum())
                isolated += int((same & ~neighbour).sum())
    except inputs.read_errors() as exc:
        raise inputs.read_error(role, path, exc) from None
    if hits >= 3 and isolated > hits / 2:
        raise InputError(
            _("The {role} scene {name} has the no-data tag {nodata:g}, but {isolated} of the {hits} sampled pixels "
              "at {nodata:g} lie alone among measured values: {nodata:g} is one of its measured values, not a fill, "
              "and every patch holding such a pixel would be dropped for no-data. Remove the tag or set the "
              "right one (gdal_edit -unsetnodata, or -a_nodata with the value the holes hold) and run "
              "again.").format(role=role, name=_name(path), nodata=float(nodata), isolated=isolated, hits=hits))


def s2_scale(ds, path, rgb: Sequence[int], forced: str = "", sample_now: bool = True) -> tuple[float, Reason, bool]:
    """The factor that turns the S2 values into the recipe's digital numbers (0..10000), its reason,
    and whether "integer values are no 8-bit picture" is still to be checked on decoded samples
    (``sample_now`` False: the extractor checks them as it decodes them, ``check_digital_numbers``).

    Raises:
        InputError: 8-bit values (a rendered picture: the 0..10000 range cannot come back), or
            values that are neither reflectance (0..1) nor digital numbers.
    """
    name = _name(path)
    dtype = np.dtype(ds.dtypes[rgb[0] - 1])
    if forced not in S2_UNITS:
        raise InputError(_("S2 units {forced!r}: use dn or reflectance (or leave it empty).").format(
                             forced=forced))
    if forced == "reflectance":
        return 10000.0, Reason("S2 units", _("S2 {name}: reflectance 0..1 as you said (S2_UNITS), times 10000.").format(
                                               name=name), True), False
    if forced == "dn":
        return 1.0, Reason("S2 units", _("S2 {name}: digital numbers as you said (S2_UNITS).").format(
                                           name=name)), False
    if dtype in (np.uint8, np.int8):
        raise InputError(
            _("The S2 scene {name} holds 8-bit values: a rendered picture (a PNG/JPEG export or a stretched "
              "copy), not Sentinel-2 digital numbers; its 0..10000 range cannot be recovered. Export the bands "
              "as 16-bit digital numbers (or reflectance) again.").format(name=name))
    if dtype.kind != "f" and not sample_now:
        return 1.0, Reason("S2 units", _("S2 {name}: {name2} digital numbers (checked on the decoded pixels "
                                         "not to be an 8-bit picture).").format(name=name, name2=dtype.name)), True
    values = np.concatenate([inputs.sample_values(ds, b, "S2", path) for b in rgb])
    if dtype.kind != "f":
        check_digital_numbers(values, path, dtype.name)
        return 1.0, Reason("S2 units", _("S2 {name}: {name2} digital numbers.").format(name=name, name2=dtype.name)), False
    if values.size == 0:
        return 1.0, Reason("S2 units", _("S2 {name}: no valid values sampled; read as digital numbers.").format(
                                           name=name), True), False
    high, low = float(np.percentile(values, 99)), float(np.percentile(values, 1))
    if high <= REFLECTANCE_MAX and low >= -0.2:
        return 10000.0, Reason("S2 units", _("S2 {name}: floating point with 99 % of the values at most "
                                             "{high:.3g}: reflectance 0..1, converted to digital numbers "
                                             "(times 10000).").format(name=name, high=high), True), False
    check_digital_numbers(values, path, dtype.name)
    return 1.0, Reason("S2 units", _("S2 {name}: floating point with values up to {high:.4g}: digital numbers.").format(
                                       name=name, high=high)), False


def check_digital_numbers(values: np.ndarray, path, dtype: str) -> None:
    """Refuse S2 values that are an 8-bit picture stored in a wider type (99 % at most 255).

    Raises:
        InputError: saying so, and how to insist (a very dark scene).
    """
    if values.size == 0:
        return
    high = float(np.percentile(values, 99))
    if high <= DN_MIN_MAX:
        raise InputError(
            _("The S2 scene {value} has 99 % of its values at most {high:.3g} ({dtype}): that looks like an "
              "8-bit picture stored in a wider type, not digital numbers (0..10000) or reflectance (0..1). If "
              "these really are digital numbers (a very dark scene), say so with S2_UNITS=dn.").format(
                value=_name(path), high=high, dtype=dtype))


def baseline_offset(ds, path, rgb: Sequence[int], scale: float, acquired: date | None, hints: Sequence[str],
                    forced: str = "auto") -> tuple[float, Reason | None]:
    """How much to subtract from the S2 values: ESA's +1000 of processing baseline 04.00 (2022 on).

    Earth Engine's harmonized collections (the recipe's) have it removed. A raster dated from
    25 January 2022 on, or named with a baseline ``_N0400_`` on, whose valid values are all at
    least 1000 still holds it (dark water and shadow reach far below 1000 without it).
    """
    name = _name(path)
    if forced not in S2_OFFSETS:
        raise InputError(_("S2 offset {forced!r}: use auto, subtract or none.").format(forced=forced))
    if forced == "subtract":
        return BASELINE_OFFSET, Reason("S2 offset", _("S2 {name}: 1000 subtracted as you asked (S2_OFFSET).").format(
                                                        name=name), True)
    if forced == "none":
        return 0.0, None
    baseline = next((m for m in map(BASELINE_IN_NAME.search, hints) if m), None)
    evidence = (_("its name gives processing baseline {value}.{value2}").format(
                    value=baseline.group(1), value2=baseline.group(2)) if baseline else
                _("it was acquired on {acquired}, after ESA's baseline 04.00 ({BASELINE_04_DATE})").format(
                    acquired=acquired, BASELINE_04_DATE=BASELINE_04_DATE)
                if acquired is not None and acquired >= BASELINE_04_DATE else None)
    if evidence is None:
        return 0.0, None
    values = np.concatenate([inputs.sample_values(ds, b, "S2", path) for b in rgb]) * scale
    values = values[values > 0]
    if values.size == 0:
        return 0.0, None
    low = float(np.percentile(values, 0.5))
    if low >= BASELINE_OFFSET:
        return BASELINE_OFFSET, Reason(
            "S2 offset", _("S2 {name}: {evidence}, and its valid values start at {low:.0f}: ESA's +1000 offset "
                           "is still in; 1000 was subtracted (as in Earth Engine's harmonized collection).").format(
                             name=name, evidence=evidence, low=low), True)
    return 0.0, Reason("S2 offset", _("S2 {name}: {evidence}, but values go down to {low:.0f}: no +1000 offset "
                                      "in them (harmonized already); nothing subtracted.").format(
                                        name=name, evidence=evidence, low=low))


DEGREE_LIKE_PIXEL = 0.01  # a pixel under 1 cm in a metre CRS, its corners all within +-180/+-90: degrees


def check_coordinates(ds, role: str, path) -> None:
    """Refuse a grid whose coordinates cannot exist in the CRS it is tagged with: the tag is wrong,
    and the patches' georeference and the index's footprints would be at impossible places.

    A geographic CRS holds longitudes and latitudes (within 180 and 90 degrees); UTM metres tagged
    as EPSG:4326 go far beyond. A metre CRS with sub-centimetre pixels whose corners all lie within
    +-180/+-90 holds degrees tagged as metres (Sentinel pixels are 10 m; no SEN1-2 input is finer).

    Raises:
        InputError: saying which, and how to fix the tag.
    """
    crs = ds.crs
    if crs is None:
        return
    left, bottom, right, top = ds.bounds
    xs, ys = (min(left, right), max(left, right)), (min(bottom, top), max(bottom, top))
    name = _name(path)
    if crs.is_geographic:
        if xs[0] < -360 or xs[1] > 360 or ys[0] < -90.5 or ys[1] > 90.5:
            raise InputError(
                _("The {role} scene {name} is tagged {crs}, but its coordinates {x0:.6g}..{x1:.6g}, {y0:.6g}..{y1:.6g} "
                  "cannot be longitude and latitude: the CRS tag is wrong (projected metres tagged as degrees?). "
                  "Assign the right CRS (Raster > Projections > Assign Projection) and run again.").format(
                    role=role, name=name, crs=crs.to_string(), x0=xs[0], x1=xs[1], y0=ys[0], y1=ys[1]))
        return
    a, b, _c, d, e, _f = tuple(ds.transform)[:6]
    pixel = max(abs(a) + abs(b), abs(d) + abs(e))
    try:
        metres = crs.linear_units_factor[1] == 1.0
    except Exception:  # noqa: BLE001 - a CRS without linear units says nothing here
        metres = False
    if metres and pixel < DEGREE_LIKE_PIXEL and xs[0] >= -180 and xs[1] <= 180 and ys[0] >= -90 and ys[1] <= 90:
        raise InputError(
            _("The {role} scene {name} is tagged {crs} (metres), but its pixels are {pixel:.3g} m and its coordinates "
              "{x0:.6g}..{x1:.6g}, {y0:.6g}..{y1:.6g} look like degrees of longitude and latitude: the CRS tag is "
              "wrong. Assign the right CRS (e.g. EPSG:4326: Raster > Projections > Assign Projection) and run "
              "again.").format(role=role, name=name, crs=crs.to_string(), pixel=pixel, x0=xs[0], x1=xs[1],
                              y0=ys[0], y1=ys[1]))


def grid_reasons(ds, role: str, path, patch_size: int) -> list[Reason]:
    """Warnings for a grid that is not the recipe's: north-up, 10 m pixels in a projected CRS."""
    a, b, _c, d, e, _f = tuple(ds.transform)[:6]
    name, out = _name(path), []
    if b or d:
        out.append(Reason("grid", _("{role} {name}: the grid is rotated (not north-up); patches follow its "
                                    "rows and columns.").format(role=role, name=name), True))
    crs = ds.crs
    if crs is not None and crs.is_geographic:
        out.append(Reason("grid", _("{role} {name}: a geographic CRS (degrees), not metres: the patches do not "
                                    "have 10 m pixels. Reproject to UTM at 10 m for SEN1-2 patches.").format(
                                      role=role, name=name), True))
    elif abs(abs(a) - 10) > 0.05 or abs(abs(e) - 10) > 0.05:
        out.append(Reason("grid", _("{role} {name}: pixels of {value:g} x {value2:g} map units, not 10 m: "
                                    "{patch_size} px patches cover {value3:g} km, not {value4:g} km.").format(
                                      role=role, name=name, value=abs(a), value2=abs(e), patch_size=patch_size, value3=abs(a) * patch_size / 1000, value4=10 * patch_size / 1000), True))
    return out
