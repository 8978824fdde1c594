"""Pure arithmetic: the ROI's pinned pixel grid and tiles that fit Earth Engine's request limits.

Every tile is requested with an explicit CRS and ``crsTransform`` on one grid per ROI, the same
for S1 and S2, so the two scenes are co-registered pixel for pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import recipe
from ..errors import InputError
from ..rois import Roi, _transformer

# computePixels answers at most 48 MiB and 32768 px a side; keep a margin for the GeoTIFF
# container and for bands wider than their nominal type.
MAX_REQUEST_BYTES = 32 * 1024 * 1024
MAX_REQUEST_SIDE = 32768
TILE_ALIGN = 256
DTYPE_BYTES = {"uint8": 1, "uint16": 2, "int16": 2, "float32": 4, "float64": 8}


@dataclass(frozen=True)
class PixelGrid:
    """A north-up grid: ``crs`` (EPSG code), origin at the top-left corner, square pixels."""

    crs_epsg: int
    x0: float
    y0: float  # top edge
    width: int
    height: int
    scale: float = recipe.SCALE_M

    @property
    def crs(self) -> str:
        return f"EPSG:{self.crs_epsg}"

    @property
    def transform(self) -> tuple[float, float, float, float, float, float]:
        """Affine (a, b, c, d, e, f) as rasterio and Earth Engine's ``crsTransform`` order it."""
        return (self.scale, 0.0, self.x0, 0.0, -self.scale, self.y0)

    def window(self, col_off: int, row_off: int, width: int, height: int) -> PixelGrid:
        return PixelGrid(self.crs_epsg, self.x0 + col_off * self.scale, self.y0 - row_off * self.scale,
                         width, height, self.scale)


@dataclass(frozen=True)
class Tile:
    index: int
    col_off: int
    row_off: int
    width: int
    height: int

    @property
    def name(self) -> str:
        return f"tile_{self.row_off}_{self.col_off}"


def roi_grid(roi: Roi, scale: float = recipe.SCALE_M) -> PixelGrid:
    """The ROI's UTM bounds snapped outward to the ``scale`` grid (multiples of ``scale``)."""
    to_utm = _transformer(4326, roi.utm_epsg)
    pts = to_utm.TransformPoints([(x, y) for x, y in roi.ring])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    # A ring that went through WGS84 comes back within millimetres: snap with a 0.05 px tolerance.
    x0 = math.floor(min(xs) / scale + 0.05) * scale
    x1 = math.ceil(max(xs) / scale - 0.05) * scale
    y0 = math.floor(min(ys) / scale + 0.05) * scale
    y1 = math.ceil(max(ys) / scale - 0.05) * scale
    return PixelGrid(roi.utm_epsg, x0, y1, round((x1 - x0) / scale), round((y1 - y0) / scale), scale)


def tile_side(bands: int, dtype: str, max_bytes: int = MAX_REQUEST_BYTES) -> int:
    """The largest square side (a multiple of 256 px, or of 64 below that) under ``max_bytes``."""
    if bands <= 0:
        raise InputError("A request needs at least one band.")
    per_pixel = bands * DTYPE_BYTES[dtype]
    side = int(math.sqrt(max_bytes / per_pixel))
    align = TILE_ALIGN if side >= TILE_ALIGN else 64
    return max(64, min(side // align * align, MAX_REQUEST_SIDE))


def plan_tiles(grid: PixelGrid, side: int) -> list[Tile]:
    """Tiles of at most ``side`` x ``side`` px covering the grid, row by row."""
    if side <= 0:
        raise InputError("Tile side must be positive.")
    tiles = []
    for row in range(0, grid.height, side):
        for col in range(0, grid.width, side):
            tiles.append(Tile(len(tiles), col, row, min(side, grid.width - col), min(side, grid.height - row)))
    return tiles


def split_tile(tile: Tile) -> list[Tile]:
    """Four quarters of a tile (for 'memory limit exceeded'); indexes are set by the caller."""
    w1, h1 = max(1, tile.width // 2), max(1, tile.height // 2)
    parts = []
    for dr, h in ((0, h1), (h1, tile.height - h1)):
        for dc, w in ((0, w1), (w1, tile.width - w1)):
            if w > 0 and h > 0:
                parts.append(Tile(-1, tile.col_off + dc, tile.row_off + dr, w, h))
    return parts
