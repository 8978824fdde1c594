"""The S1/S2 scene pair as both extraction and the scene check read it: one reader.

``describe_pair`` opens and checks the pair (``inputs``: size, S2 bands B4/B3/B2 by name or band
order, S1 in dB or linear) and fixes the common grid, the S2 grid. ``PairReader`` reads it on
that grid: S1 warped (bilinear) onto the S2 grid when the grids differ, S1 in dB, and one
validity mask (no-data in either sensor). Extraction reads windows at full resolution; the
scene check reads the whole scene decimated, so both judge the same pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from . import inputs, pixel_evidence, qa_evidence, recipe
from .errors import InputError
from .grid import RasterGrid
from .i18n import _
from .pixel_evidence import Reason
from .qa_evidence import Evidence


@dataclass(frozen=True)
class PixelChoices:
    """What the analyst said about the pixels, and what the names and records say (for the evidence)."""

    s2_bands: tuple[int, ...] | None = None  # 1-based B4, B3, B2 when the file does not name them
    s1_bands: tuple[str, ...] | None = None  # the S1 file's bands in order ("VH", "VV")
    s1_polarisations: tuple[str, ...] = ()  # from descriptions or the file name (core.sources)
    s1_recorded: tuple[str, ...] | None = None  # the download's record
    s2_units: str = ""  # "", "dn" or "reflectance"
    s2_offset: str = "auto"  # "auto", "subtract" or "none"
    s2_acquired: date | None = None
    s2_hints: tuple[str, ...] = ()  # names that may carry a processing baseline (_N0400_)
    s2_offset_done: bool = False  # a product VRT that applied the offset already
    patch_size: int | None = None  # the patches to cut; None: none are (the scene check)


@dataclass(frozen=True)
class RasterPair:
    """A checked pair and its common grid (picklable: worker processes reopen the files)."""

    s1_path: str
    s2_path: str
    grid: RasterGrid  # the S2 grid
    warp_s1: bool  # the S1 grid differs: S1 is resampled onto the S2 grid
    s2_rgb: tuple[int, ...]  # 1-based band numbers of B4, B3, B2
    s2_count: int
    s2_nodata: float | None
    s1_linear: bool = False  # linear power: the reader converts it to dB
    tile: tuple[int, int] = (512, 512)  # the S2 file's block (rows, columns): decoding goes tile by tile
    s1_count: int = 1
    s2_dtype: str = "uint16"
    evidence: Evidence = Evidence()  # what the quality checks rest on (``qa_evidence``)
    s1_units_pending: bool = False  # dB or linear is decided from the decoded pixels (``decide_s1_units``)
    overviews: bool = False  # either file has overviews (a decimated read then takes them)
    s1_bands: tuple[int, ...] = (1,)  # 1-based S1 bands read, VV first
    s1_fill: float | None = None  # an untagged fill value found along the S1 edges
    s2_fill: float | None = None  # the same for S2 (the same value in B4, B3 and B2)
    s2_scale: float = 1.0  # 10000 for reflectance 0..1
    s2_offset: float = 0.0  # 1000 for values that still hold ESA's baseline 04.00 offset
    s2_units_pending: bool = False  # integer S2: "not an 8-bit picture" is checked on the decoded samples

    @property
    def s2_converted(self) -> bool:
        return self.s2_scale != 1.0 or self.s2_offset != 0.0


def _open(path: str | Path, role: str):
    import rasterio
    from rasterio.errors import RasterioIOError

    if not Path(path).is_file():
        raise InputError(_("The {role} scene {path} does not exist.").format(role=role, path=path))
    try:
        ds = rasterio.open(path)
    except RasterioIOError as exc:
        raise InputError(_("The {role} scene {path} is not a raster GDAL can read ({exc}).").format(
                             role=role, path=path, exc=exc)) from None
    try:
        inputs.check_size(ds, role, path)
    except InputError:
        ds.close()
        raise
    return ds


def describe_pair(s1_path: str | Path, s2_path: str | Path, s2_bands: Sequence[int] | None = None,
                  s1_values: bool = True, s1_bands: Sequence[str] | None = None) -> tuple[RasterPair, list[str]]:
    """``assess_pair`` with only the band numbers or names said; its warnings as messages."""
    pair, reasons = assess_pair(s1_path, s2_path, PixelChoices(
        s2_bands=tuple(s2_bands) if s2_bands else None, s1_bands=tuple(s1_bands) if s1_bands else None), s1_values)
    return pair, [r.text for r in reasons if r.warning]


def assess_pair(s1_path: str | Path, s2_path: str | Path, choices: PixelChoices,
                s1_values: bool = True) -> tuple[RasterPair, list[Reason]]:
    """Decide, from the pixels and the names, how to read the pair; every decision with its reason.

    ``s1_values`` False (the extractor): on a common grid, whether S1 is dB or linear power is
    left open (``s1_units_pending``) and decided from the same sample windows as they are decoded
    anyway (``decide_s1_units``); likewise "integer S2 is no 8-bit picture" (``s2_units_pending``,
    ``check_s2_samples``). Nothing else here reads more than the header, except what only pixels
    can tell: the edges of an untagged raster (fill), a float S2 (reflectance or digital numbers),
    an S2 dated after ESA's baseline 04.00 (the offset).

    Raises:
        InputError: a file is missing, not a raster, too large, not what its role needs (see
            ``inputs`` and ``pixel_evidence``), or the scenes do not overlap.
    """
    from rasterio.coords import disjoint_bounds
    from rasterio.warp import transform_bounds

    reasons: list[Reason] = []
    with _open(s1_path, "S1") as s1, _open(s2_path, "S2") as s2:
        s1_name, s2_name = Path(s1_path).name, Path(s2_path).name
        if s2.count < 3:
            raise InputError(
                _("The S2 scene {s2_path} has {count} band(s); it needs B4, B3, B2 (3 bands).").format(
                    s2_path=s2_path, count=s2.count)
            )
        colours = [c.name for c in s2.colorinterp]
        rgb, how = inputs.s2_rgb_bands(s2.count, s2.descriptions, s2_path, choices.s2_bands, colours)
        bands = ", ".join(map(str, rgb))
        reasons.append(Reason("S2 bands", how, True) if how else Reason("S2 bands", (
            _("S2 {name}: B4, B3, B2 are bands {bands} (as you gave them).") if choices.s2_bands
            else _("S2 {name}: B4, B3, B2 are bands {bands} (by their names).")).format(name=s2_name, bands=bands)))
        inputs.check_s1_band_count(s1, s1_path)
        s1_bands, why = pixel_evidence.s1_band_order(s1.count, s1_path, choices.s1_polarisations, choices.s1_bands,
                                                     choices.s1_recorded)
        reasons.append(why)
        same_grid = (
            s1.crs == s2.crs and s1.transform.almost_equals(s2.transform) and s1.shape == s2.shape
        )
        s1_pending = not s1_values and same_grid and s1.crs is not None
        if s1_pending:
            inputs.check_s1_header(s1, s1_path, s1_bands[0])
            scale, warning = inputs.S1_DB, None
            reasons.append(Reason("S1 units", _("S1 {s1_name}: floating point; dB or linear power is told from "
                                                "the decoded pixels (linear is converted, with a warning).").format(
                                                  s1_name=s1_name)))
        else:
            scale, warning = inputs.s1_scale(s1, s1_path, s1_bands[0])
            reasons.append(Reason("S1 units", warning, True) if warning else Reason(
                "S1 units", _("S1 {s1_name}: floating-point backscatter in dB (mostly negative).").format(
                                s1_name=s1_name)))
        s1_fill = s2_fill = None
        if s1.nodata is None:
            s1_fill, why = pixel_evidence.edge_fill(s1, s1_bands[:1], "S1", s1_path)
            reasons.append(why or Reason("no-data", _("S1 {s1_name}: no no-data tag and no fill along its "
                                                      "edges; NaN is taken as no-data.").format(
                                                        s1_name=s1_name)))
        else:
            pixel_evidence.check_nodata_tag(s1, s1_bands[:1], "S1", s1_path)
            reasons.append(Reason("no-data", _("S1 {s1_name}: no-data tag {nodata:g} (and NaN).").format(
                                                 s1_name=s1_name, nodata=s1.nodata)))
        s2_scale, why, s2_pending = pixel_evidence.s2_scale(s2, s2_path, rgb, choices.s2_units, s1_values)
        reasons.append(why)
        if s2.nodata is None:
            s2_fill, why = pixel_evidence.edge_fill(s2, rgb, "S2", s2_path, skip=(0.0,))
            reasons.append(why or Reason("no-data", _("S2 {s2_name}: no no-data tag; pixels at 0 in every band "
                                                      "(and NaN) are taken as no-data.").format(
                                                        s2_name=s2_name)))
        else:
            pixel_evidence.check_nodata_tag(s2, rgb, "S2", s2_path)
            reasons.append(Reason("no-data", _("S2 {s2_name}: no-data tag {nodata:g} (and NaN).").format(
                                                 s2_name=s2_name, nodata=s2.nodata)))
        s2_offset = 0.0
        if not choices.s2_offset_done:
            s2_offset, why = pixel_evidence.baseline_offset(s2, s2_path, rgb, s2_scale, choices.s2_acquired,
                                                            (*choices.s2_hints, s2_name), choices.s2_offset)
            reasons += [why] if why else []
        if s1.crs is None or s2.crs is None:
            raise InputError(_("Both scenes must be georeferenced (a CRS and a geotransform)."))
        pixel_evidence.check_coordinates(s1, "S1", s1_path)
        pixel_evidence.check_coordinates(s2, "S2", s2_path)
        reasons += pixel_evidence.grid_reasons(s2, "S2", s2_path, choices.patch_size or recipe.PATCH_SIZE)
        if not same_grid:
            s1_bounds = transform_bounds(s1.crs, s2.crs, *s1.bounds)
            if disjoint_bounds(s1_bounds, s2.bounds):
                raise InputError(
                    _("The S1 scene {s1_path} and the S2 scene {s2_path} do not overlap: pick the two scenes "
                      "of the same ROI.").format(s1_path=s1_path, s2_path=s2_path)
                )
            reasons.append(Reason("grid",
                _("S1 and S2 grids differ: S1 was resampled (bilinear) onto the S2 grid ({width} x {height} "
                  "px, {crs}).").format(width=s2.width, height=s2.height, crs=s2.crs), True))
            reasons += _coverage(s1_bounds, s2, choices.patch_size)
        else:
            reasons.append(Reason("grid", _("S1 and S2 share one grid ({width} x {height} px, {crs}).").format(
                                              width=s2.width, height=s2.height, crs=s2.crs)))
        grid = RasterGrid(s2.width, s2.height, s2.crs.to_wkt(), tuple(s2.transform)[:6])
        labels, _evidence = inputs.s2_band_labels(s2.descriptions, colours)
        if not any(labels) and not choices.s2_bands:
            labels = list(recipe.S2_BAND_ORDERS.get(s2.count, ()))
        converted = s2_scale != 1.0 or bool(s2_offset)
        pair = RasterPair(str(s1_path), str(s2_path), grid, not same_grid, rgb, s2.count, s2.nodata,
                          scale == inputs.S1_LINEAR, tuple(s2.block_shapes[0]), len(s1_bands),
                          "uint16" if converted else np.result_type(*s2.dtypes).name,
                          evidence=qa_evidence.find(s2_path, labels), s1_units_pending=s1_pending,
                          s1_bands=s1_bands, s1_fill=s1_fill, s2_fill=s2_fill, s2_scale=s2_scale,
                          s2_offset=s2_offset, s2_units_pending=s2_pending,
                          overviews=bool(s1.overviews(1) or s2.overviews(1)))
    return pair, reasons


def _coverage(s1_bounds, s2, patch_size: int | None) -> list[Reason]:
    """How much of the S2 scene S1's footprint covers (its bounds on the S2 grid), said when not all;
    an overlap smaller than one patch is refused: no pair can be cut, only "dropped for no-data"
    (``patch_size`` None: no patches are cut, as in the scene check).

    Raises:
        InputError: the overlap is narrower or lower than one patch.
    """
    left, bottom, right, top = s2.bounds
    width = max(0.0, min(right, s1_bounds[2]) - max(left, s1_bounds[0]))
    height = max(0.0, min(top, s1_bounds[3]) - max(bottom, s1_bounds[1]))
    share = width * height / ((right - left) * (top - bottom))
    if share >= 0.999:
        return []
    cols, rows = int(round(width / abs(s2.res[0]))), int(round(height / abs(s2.res[1])))
    if patch_size is not None and (cols < patch_size or rows < patch_size):
        raise InputError(
            _("The S1 scene covers only {cols} x {rows} px of the S2 scene {name}, smaller than one {patch_size} px "
              "patch: no patch pair can be cut. Pick the S1 scene of the same ROI, or a smaller patch "
              "size.").format(cols=cols, rows=rows, name=Path(s2.name).name, patch_size=patch_size))
    return [Reason("grid", _("S1 covers {share:.0f} % of the S2 scene {name} ({cols} x {rows} px): patch positions "
                             "outside it are dropped for no-data.").format(
                               share=100 * share, name=Path(s2.name).name, cols=cols, rows=rows), True)]


def settle_pair(pair: RasterPair) -> RasterPair:
    """The pair with the checks left for the decode (``*_units_pending``) done now, from the sample
    windows: for readers that do not decode the whole scene (the scene check's decimated read)."""
    from dataclasses import replace

    if not (pair.s1_units_pending or pair.s2_units_pending):
        return pair
    with _open(pair.s1_path, "S1") as s1, _open(pair.s2_path, "S2") as s2:
        if pair.s1_units_pending:
            scale, _warning = inputs.s1_scale(s1, pair.s1_path, pair.s1_bands[0])
            pair = replace(pair, s1_linear=scale == inputs.S1_LINEAR, s1_units_pending=False)
        if pair.s2_units_pending:
            values = np.concatenate([inputs.sample_values(s2, b, "S2", pair.s2_path) for b in pair.s2_rgb])
            pixel_evidence.check_digital_numbers(values, pair.s2_path, pair.s2_dtype)
            pair = replace(pair, s2_units_pending=False)
    return pair


def s2_sample(s2: np.ndarray, rgb: Sequence[int], window: tuple[int, int, int, int], grid: RasterGrid,
              nodata: float | None) -> np.ndarray:
    """The valid S2 B4, B3, B2 values of the value checks' windows inside a decoded piece (as ``s1_sample``)."""
    top, bottom, left, right = window
    parts = []
    for r, c, side in inputs.sample_windows(grid.width, grid.height):
        r0, r1, c0, c1 = max(r, top), min(r + side, bottom), max(c, left), min(c + side, right)
        if r0 < r1 and c0 < c1:
            for i in rgb:
                parts.append(inputs.valid_values(s2[i, r0 - top:r1 - top, c0 - left:c1 - left], nodata))
    return np.concatenate(parts) if parts else np.empty(0)


def check_s2_samples(pair: RasterPair, samples: Sequence[np.ndarray]) -> RasterPair:
    """The pair with "integer S2 is digital numbers" confirmed on its decoded samples.

    Raises:
        InputError: the values look like an 8-bit picture in a wider type (``pixel_evidence``).
    """
    from dataclasses import replace

    values = np.concatenate([np.asarray(v, dtype=np.float64) for v in samples]) if samples else np.empty(0)
    pixel_evidence.check_digital_numbers(values, pair.s2_path, pair.s2_dtype)
    return replace(pair, s2_units_pending=False)


def s1_sample(s1: np.ndarray, s1_nodata: float | None, window: tuple[int, int, int, int],
              grid: RasterGrid) -> np.ndarray:
    """The valid S1 (band 1, as stored) values of the value checks' windows inside a decoded piece.

    ``window``: the piece's top, bottom, left, right; on a common grid the S1 file's pixels are
    the piece's, so the union over all pieces is exactly what ``inputs.sample_values`` reads.
    """
    top, bottom, left, right = window
    parts = []
    for r, c, side in inputs.sample_windows(grid.width, grid.height):
        r0, r1, c0, c1 = max(r, top), min(r + side, bottom), max(c, left), min(c + side, right)
        if r0 < r1 and c0 < c1:
            parts.append(inputs.valid_values(s1[0, r0 - top:r1 - top, c0 - left:c1 - left], s1_nodata))
    return np.concatenate(parts) if parts else np.empty(0)


def decide_s1_units(pair: RasterPair, samples: Sequence[np.ndarray]) -> tuple[RasterPair, str | None]:
    """The pair with S1's units decided from the decoded sample values, and the warning for linear.

    Raises:
        InputError: the values are neither dB nor linear power (``inputs.s1_scale_of``).
    """
    from dataclasses import replace

    values = np.concatenate([np.asarray(v, dtype=np.float64) for v in samples]) if samples else np.empty(0)
    scale, warning = inputs.s1_scale_of(values, pair.s1_path)
    return replace(pair, s1_linear=scale == inputs.S1_LINEAR, s1_units_pending=False), warning


def decimated_positions(grid: RasterGrid, max_side: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns a nearest-neighbour decimated read (``PairReader.read_decimated``) takes.

    GDAL's rule for a file without overviews (gcore/rasterio.cpp, ``GDALRasterBand::IRasterIO``):
    source index = int((i + 0.5) * size / out_size + 1e-10), at most size - 1; a test holds it
    against GDAL's own read.
    """
    factor = max(1, int(np.ceil(max(grid.width, grid.height) / max_side)))
    out_h, out_w = max(1, grid.height // factor), max(1, grid.width // factor)
    rows = np.minimum(((np.arange(out_h) + 0.5) * (grid.height / out_h) + 1e-10).astype(np.int64), grid.height - 1)
    cols = np.minimum(((np.arange(out_w) + 0.5) * (grid.width / out_w) + 1e-10).astype(np.int64), grid.width - 1)
    return rows, cols


def invalid_mask(s1: np.ndarray, s1_nodata: float | None, s2: np.ndarray, s2_nodata: float | None,
                 s1_fill: float | None = None, s2_fill: float | None = None,
                 s2_rgb: Sequence[int] | None = None) -> np.ndarray:
    """No-data in either sensor, per pixel, from (bands, h, w) arrays as read.

    S1: not finite, its declared no-data in any band, or its edge fill in VV (band 0). S2: not
    finite in any band (an untagged float file's holes), its declared no-data in any band;
    without one, 0 in every band (Earth Engine writes masked S2 pixels as 0), and its edge fill
    in every one of ``s2_rgb`` (positions among the bands read).
    """
    invalid = ~np.isfinite(s1).all(axis=0)
    if s1_nodata is not None and not np.isnan(s1_nodata):
        invalid |= (s1 == s1_nodata).any(axis=0)
    if s1_fill is not None:
        invalid |= s1[0] == s1_fill
    if s2.dtype.kind == "f":
        invalid |= ~np.isfinite(s2).all(axis=0)
    if s2_nodata is None:
        invalid |= (s2 == 0).all(axis=0)
    elif not np.isnan(s2_nodata):
        invalid |= (s2 == s2_nodata).any(axis=0)
    if s2_fill is not None:
        rgb = s2[list(s2_rgb)] if s2_rgb is not None else s2
        invalid |= (rgb == s2_fill).all(axis=0)
    return invalid


def to_digital_numbers(s2: np.ndarray, scale: float, offset: float) -> np.ndarray:
    """S2 values as the recipe's uint16 digital numbers: reflectance times 10000, ESA's offset removed."""
    values = np.nan_to_num(s2.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if scale != 1.0:
        values *= scale
    if offset:
        values -= offset
    return np.clip(np.rint(values), 0, 65535).astype(np.uint16)


class PairReader:
    """Reads the pair on the common grid: S1 (dB, float32), S2 bands ``s2_bands``, no-data mask.

    ``s2_bands``: 1-based S2 bands to read, B4, B3, B2 by default.
    """

    def __init__(self, pair: RasterPair, s2_bands: Sequence[int] | None = None) -> None:
        import rasterio
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        self.pair = pair
        self.s2_bands = list(pair.s2_rgb if s2_bands is None else s2_bands)
        self._s1_file = rasterio.open(pair.s1_path)
        self.s1 = self._s1_file
        if pair.warp_s1:
            grid = pair.grid
            # Every value the pair takes for no-data (the tag, else the fill found along the edges,
            # else NaN) is the warp's source no-data: left out of the bilinear kernel, never averaged
            # into the valid pixels beside it (-9999 next to -12 dB would give -5005 dB, kept).
            tagged = self._s1_file.nodata
            src_nodata = tagged if tagged is not None else pair.s1_fill if pair.s1_fill is not None else np.nan
            self.s1 = WarpedVRT(
                self._s1_file, crs=grid.crs_wkt, transform=rasterio.Affine(*grid.transform),
                width=grid.width, height=grid.height, resampling=Resampling.bilinear,
                src_nodata=src_nodata, nodata=np.nan if tagged is None else tagged,
                dtype="float32",
            )
        self.s2 = rasterio.open(pair.s2_path)
        self._evidence = qa_evidence.EvidenceReader(pair.evidence, pair.grid)

    def __enter__(self) -> PairReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for ds in {id(d): d for d in (self.s1, self._s1_file, self.s2)}.values():
            ds.close()
        self._evidence.close()

    @property
    def rgb(self) -> list[int]:
        """Positions of B4, B3, B2 among the S2 bands read."""
        return [self.s2_bands.index(b) for b in self.pair.s2_rgb]

    def read(self, top: int, bottom: int, left: int, right: int):
        """Pixel rows [top, bottom) and columns [left, right) at full resolution: s1, s2, invalid."""
        from rasterio.windows import Window

        return self._read(window=Window(left, top, right - left, bottom - top))

    def read_decimated(self, max_side: int):
        """The whole scene, every k-th pixel (nearest) so no side exceeds ``max_side``: s1, s2, invalid."""
        grid = self.pair.grid
        factor = max(1, int(np.ceil(max(grid.width, grid.height) / max_side)))
        shape = (max(1, grid.height // factor), max(1, grid.width // factor))
        return self._read(out_shape=shape)

    def read_evidence(self, top: int, bottom: int, left: int, right: int) -> dict[str, np.ndarray]:
        """The QA evidence bands of the window, by name ({} when the evidence is the RGB itself)."""
        from rasterio.windows import Window

        return self._evidence.read(window=Window(left, top, right - left, bottom - top))

    def read_evidence_decimated(self, max_side: int) -> dict[str, np.ndarray]:
        grid = self.pair.grid
        factor = max(1, int(np.ceil(max(grid.width, grid.height) / max_side)))
        return self._evidence.read(out_shape=(max(1, grid.height // factor), max(1, grid.width // factor)))

    def _read(self, window=None, out_shape=None):
        from rasterio.enums import Resampling

        sizes = {} if out_shape is None else {"resampling": Resampling.nearest}
        s1_bands = list(self.pair.s1_bands)
        try:
            s1 = self.s1.read(s1_bands, window=window, out_dtype="float32",
                              out_shape=out_shape and (len(s1_bands), *out_shape), **sizes)
        except inputs.read_errors() as exc:
            raise inputs.read_error("S1", self.pair.s1_path, exc) from None
        try:
            s2 = self.s2.read(self.s2_bands, window=window, out_shape=out_shape and (len(self.s2_bands), *out_shape),
                              **sizes)
        except inputs.read_errors() as exc:
            raise inputs.read_error("S2", self.pair.s2_path, exc) from None
        pair = self.pair
        invalid = invalid_mask(s1, self.s1.nodata, s2, pair.s2_nodata, pair.s1_fill, pair.s2_fill, self.rgb)
        if pair.s1_linear:
            s1 = inputs.to_db(s1)
        if pair.s2_converted:
            s2 = to_digital_numbers(s2, pair.s2_scale, pair.s2_offset)
        return s1, s2, invalid
