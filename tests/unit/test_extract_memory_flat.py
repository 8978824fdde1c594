"""Memory stays flat from a ROI (2560 px) to a full Sentinel-2 tile (10980 px), issue 22.

What a worker holds at once is one decoded piece (pass 1) or one block of patches (pass 2); both
must be no larger on a full tile than on a ROI, so that the peak does not grow with the scene.
(A block of a scratch file also maps whole rows of its pages, measured in ``make bench``.)
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sen12_plugin.core.extract_blocks import plan_blocks, plan_pieces
from sen12_plugin.core.grid import PatchGrid, RasterGrid

BYTES_PER_PIXEL = 15  # the planes with the checks on: mask, 8-bit S1 and RGB, raw S1 dB and RGB


def grid(side: int) -> PatchGrid:
    return PatchGrid(RasterGrid(side, side, "", (10.0, 0.0, 600000.0, 0.0, -10.0, 5400000.0)))


def largest_block_px(side: int) -> int:
    g = grid(side)
    blocks = plan_blocks(g, 2, BYTES_PER_PIXEL)
    return max(((r1 - 1 - r0) * g.stride + g.size) * ((c1 - 1 - c0) * g.stride + g.size)
               for (r0, r1), (c0, c1) in blocks)


def largest_piece_px(side: int) -> int:
    pieces = plan_pieces(SimpleNamespace(tile=(512, 512)), grid(side), 2)
    return max((b - t) * (r - left) for t, b, left, r in pieces)


@pytest.mark.parametrize("side", [10980, 21960])
def test_a_full_tiles_patch_blocks_are_no_larger_than_a_rois(side):
    assert largest_block_px(side) <= 1.1 * largest_block_px(2560)


@pytest.mark.parametrize("side", [10980, 21960])
def test_a_full_tiles_decoded_pieces_are_no_larger_than_a_rois(side):
    assert largest_piece_px(side) <= 1.1 * largest_piece_px(2560)
