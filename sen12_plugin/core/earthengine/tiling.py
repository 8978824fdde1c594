"""Pure arithmetic: the ROI's pinned pixel grid and tiles that fit Earth Engine's request limits.

Every tile is requested with an explicit CRS and ``crsTransform`` on one grid per ROI, the same
for S1 and S2, so the two scenes are co-registered pixel for pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import recipe
from ..crs import WGS84, transformer
from ..errors import InputError
from ..grid import Affine, window_transform
from ..i18n import _
from ..roi import Roi

# computePixels refuses a request whose uncompressed size is over 48 MiB, counted as
# width x height x sum(bytes per band + 1) -- the service adds one mask byte per band -- and any
# side over 32768 px (REST reference, projects.image.computePixels; "Total request size (N
# bytes) must be less than or equal to 50331648 bytes."). Tiles keep 10 % below the limit.
MAX_REQUEST_BYTES = 50331648
REQUEST_HEADROOM = 1.10
MAX_REQUEST_SIDE = 32768
DTYPE_BYTES = {"uint8": 1, "int8": 1, "uint16": 2, "int16": 2, "uint32": 4, "int32": 4, "float32": 4, "float64": 8}

# The latency model tiles are planned with (the same as `make bench-download`'s): a fixed cost
# per request, a cost per megapixel, and the client's own work per request, which runs one
# request at a time (measured: 10-25 ms on a loaded 2-core machine).
REQUEST_OVERHEAD_S = 2.0
SECONDS_PER_MEGAPIXEL = 1.0
CLIENT_SECONDS_PER_REQUEST = 0.01
MIN_TILE_PIXELS = 256 * 256  # below this the fixed cost per request dominates: never cut finer to fill the pool


@dataclass(frozen=True)
class PixelGrid:
    """A north-up grid: ``crs`` (EPSG code), origin at the top-left corner, square pixels.

    Earth Engine's request grid (an EPSG code and a ``crsTransform``); its affine arithmetic is
    ``grid.window_transform``, the one the patch grid uses.
    """

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
    def transform(self) -> Affine:
        """Affine (a, b, c, d, e, f) as rasterio and Earth Engine's ``crsTransform`` order it."""
        return (self.scale, 0.0, self.x0, 0.0, -self.scale, self.y0)

    def window(self, col_off: int, row_off: int, width: int, height: int) -> PixelGrid:
        _unused, _unused, x0, _unused, _unused, y0 = window_transform(self.transform, col_off, row_off)
        return PixelGrid(self.crs_epsg, x0, y0, width, height, self.scale)


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
    to_utm = transformer(WGS84, roi.utm_epsg)
    pts = to_utm.TransformPoints([(x, y) for x, y in roi.ring])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    # A ring that went through WGS84 comes back within millimetres: snap with a 0.05 px tolerance.
    x0 = math.floor(min(xs) / scale + 0.05) * scale
    x1 = math.ceil(max(xs) / scale - 0.05) * scale
    y0 = math.floor(min(ys) / scale + 0.05) * scale
    y1 = math.ceil(max(ys) / scale - 0.05) * scale
    return PixelGrid(roi.utm_epsg, x0, y1, round((x1 - x0) / scale), round((y1 - y0) / scale), scale)


def request_bytes(width: int, height: int, bands: int, dtype: str) -> int:
    """computePixels' size of a request, with the mask byte the service counts per band."""
    return width * height * bands * (DTYPE_BYTES[dtype] + 1)


def max_tile_pixels(bands: int, dtype: str, max_bytes: int = MAX_REQUEST_BYTES) -> int:
    """The most pixels one request may hold, 10 % under the limit."""
    if bands <= 0:
        raise InputError(_("A request needs at least one band."))
    return int(max_bytes / REQUEST_HEADROOM) // (bands * (DTYPE_BYTES[dtype] + 1))


def _split(length: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` (offset, size) pieces of ``length`` whose sizes differ by at most one."""
    base, extra = divmod(length, parts)
    pieces, offset = [], 0
    for k in range(parts):
        size = base + (1 if k < extra else 0)
        pieces.append((offset, size))
        offset += size
    return pieces


def plan_tiles(grid: PixelGrid, max_pixels: int, pieces: int = 1) -> list[Tile]:
    """Equal tiles (sizes differ by at most a pixel) covering ``grid``, row by row.

    At least ``pieces`` tiles, none over ``max_pixels`` or MAX_REQUEST_SIDE, as square as the
    counts allow -- never a full tile plus a sliver.
    """
    if max_pixels <= 0:
        raise InputError(_("Tile size must be positive."))
    need = max(pieces, math.ceil(grid.width * grid.height / max_pixels), 1)
    best = None
    for rows in range(1, min(grid.height, need) + 1):
        cols = min(grid.width, math.ceil(need / rows))
        tile_h, tile_w = math.ceil(grid.height / rows), math.ceil(grid.width / cols)
        if tile_w * tile_h > max_pixels or max(tile_w, tile_h) > MAX_REQUEST_SIDE:
            continue
        score = (rows * cols, max(tile_w / tile_h, tile_h / tile_w))
        if best is None or score < best[0]:
            best = (score, rows, cols)
    if best is None:  # a grid one pixel thick, or a tiny budget: strips
        rows, cols = min(grid.height, need), 1
    else:
        _unused, rows, cols = best
    tiles = []
    for row, height in _split(grid.height, rows):
        for col, width in _split(grid.width, cols):
            tiles.append(Tile(len(tiles), col, row, width, height))
    return tiles


def tile_seconds(tile: Tile, overhead: float = REQUEST_OVERHEAD_S, per_mp: float = SECONDS_PER_MEGAPIXEL) -> float:
    return overhead + per_mp * tile.width * tile.height / 1e6


def makespan(durations: list[float], slots: int) -> float:
    """Longest-first list scheduling of ``durations`` on ``slots`` parallel slots."""
    import heapq

    finish = [0.0] * max(1, slots)
    for duration in sorted(durations, reverse=True):
        heapq.heapreplace(finish, finish[0] + duration)
    return max(finish)


def plan_fetch(scenes: list, concurrency: int, max_bytes: int = MAX_REQUEST_BYTES) -> list:
    """Tiles for several images fetched through one pool of ``concurrency`` requests.

    ``scenes`` holds (grid, band count, dtype) per image. Each image gets a share of the tiles
    proportional to its pixels; the total is the one whose longest-first schedule under the
    planning latency model ends first: enough tiles to keep every slot busy to the end, not so
    many that the fixed cost per request dominates (one wave of unequal tiles leaves slots
    idle; many tiny ones pay the fixed cost again and again).
    """
    if not scenes:
        return []
    slots = max(1, concurrency)
    total = sum(grid.width * grid.height for grid, _unused, _unused in scenes)
    best = None
    for quarters in range(1, 33):  # from a quarter of the slots to eight waves
        target = total / max(1, slots * quarters // 4)
        plans = [plan_tiles(grid, max_tile_pixels(bands, dtype, max_bytes),
                            max(1, min(round(grid.width * grid.height / target),
                                       grid.width * grid.height // MIN_TILE_PIXELS)))
                 for grid, bands, dtype in scenes]
        tiles = [t for plan in plans for t in plan]
        estimate = makespan([tile_seconds(t) for t in tiles], slots) + CLIENT_SECONDS_PER_REQUEST * len(tiles)
        if best is None or estimate < best[0] - 1e-9:
            best = (estimate, plans)
    return best[1]


def split_tile(tile: Tile) -> list[Tile]:
    """Four quarters of a tile (for 'memory limit exceeded'); indexes are set by the caller."""
    w1, h1 = max(1, tile.width // 2), max(1, tile.height // 2)
    parts = []
    for dr, h in ((0, h1), (h1, tile.height - h1)):
        for dc, w in ((0, w1), (w1, tile.width - w1)):
            if w > 0 and h > 0:
                parts.append(Tile(-1, tile.col_off + dc, tile.row_off + dr, w, h))
    return parts
