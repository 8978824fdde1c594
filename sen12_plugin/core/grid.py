"""Grids as values: a georeferenced raster grid, and the patch grid laid over it.

``RasterGrid`` carries the CRS and the affine of a scene; ``PatchGrid`` gives each patch its
number, pixel window, affine and footprint corners, for the writer, the index and the tests alike.
The affine arithmetic (``window_transform``) is shared with Earth Engine's download grid
(``earthengine.tiling.PixelGrid``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import recipe
from .errors import InputError
from .i18n import _

# a, b, c, d, e, f as rasterio and Earth Engine's crsTransform order them: x = a*col + b*row + c.
Affine = tuple[float, float, float, float, float, float]


def window_transform(transform: Affine, col_off: float, row_off: float) -> Affine:
    """The affine of a window whose top-left pixel is (``col_off``, ``row_off``)."""
    a, b, c, d, e, f = transform
    x, y = c + a * col_off, f + e * row_off
    if b:  # rotated grids only: a north-up grid's origin stays exactly c + a * col_off
        x += b * row_off
    if d:
        y += d * col_off
    return (a, b, x, d, e, y)


@dataclass(frozen=True)
class RasterGrid:
    """``width`` x ``height`` pixels on the ground: the CRS as WKT and the affine of the top-left corner."""

    width: int
    height: int
    crs_wkt: str
    transform: Affine

    def xy(self, col: float, row: float) -> tuple[float, float]:
        """Map coordinates of a pixel corner (``col``, ``row`` in pixels from the top-left)."""
        a, b, c, d, e, f = self.transform
        return c + a * col + b * row, f + d * col + e * row


@dataclass(frozen=True)
class PatchPosition:
    row: int  # patch row, from the top
    col: int  # patch column, from the left
    number: int  # p{n}: 1-based, row by row from the top-left patch
    row_off: int  # pixel offsets of the window in the scene
    col_off: int


@dataclass(frozen=True)
class PatchGrid:
    """Patches of ``size`` x ``size`` pixels every ``stride`` pixels over the ``raster`` grid.

    Raises:
        InputError: size or stride not positive, or the scene smaller than one patch.
    """

    raster: RasterGrid
    size: int = recipe.PATCH_SIZE
    stride: int = recipe.PATCH_STRIDE

    def __post_init__(self) -> None:
        if self.size <= 0 or self.stride <= 0:
            raise InputError(
                _("Patch size ({size}) and stride ({stride}) must be positive pixels.").format(
                    size=self.size, stride=self.stride)
            )
        if self.width < self.size or self.height < self.size:
            raise InputError(
                _("The scene ({width} x {height} px) is smaller than one patch ({size} x {size} px): use a "
                  "smaller patch size or a larger scene.").format(
                    width=self.width, height=self.height, size=self.size)
            )

    @property
    def width(self) -> int:
        return self.raster.width

    @property
    def height(self) -> int:
        return self.raster.height

    @property
    def rows(self) -> int:
        return (self.height - self.size) // self.stride + 1

    @property
    def cols(self) -> int:
        return (self.width - self.size) // self.stride + 1

    def __len__(self) -> int:
        return self.rows * self.cols

    def number(self, row: int, col: int) -> int:
        return row * self.cols + col + 1

    def position(self, row: int, col: int) -> PatchPosition:
        return PatchPosition(row, col, self.number(row, col), row * self.stride, col * self.stride)

    def row_positions(self, row: int) -> list[PatchPosition]:
        return [self.position(row, c) for c in range(self.cols)]

    def __iter__(self) -> Iterator[PatchPosition]:
        for r in range(self.rows):
            yield from self.row_positions(r)

    def window(self, pos: PatchPosition) -> tuple[int, int, int, int]:
        """The patch's pixel window: column and row offsets, width, height."""
        return pos.col_off, pos.row_off, self.size, self.size

    def transform(self, pos: PatchPosition) -> Affine:
        """The affine of the patch as a raster of its own."""
        return window_transform(self.raster.transform, pos.col_off, pos.row_off)

    def footprint(self, pos: PatchPosition) -> list[tuple[float, float]]:
        """The patch's closed ring (top-left, clockwise) in the grid's CRS, ready to go to WGS84."""
        x0, y0, s = pos.col_off, pos.row_off, self.size
        corners = [self.raster.xy(x, y) for x, y in ((x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s))]
        return corners + corners[:1]
