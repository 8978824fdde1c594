"""The patch grid as a value: positions, windows and patch numbers shared by writer, index, tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import recipe
from .errors import InputError


@dataclass(frozen=True)
class PatchPosition:
    row: int  # patch row, from the top
    col: int  # patch column, from the left
    number: int  # p{n}: 1-based, row by row from the top-left patch
    row_off: int  # pixel offsets of the window in the scene
    col_off: int


@dataclass(frozen=True)
class PatchGrid:
    """Patches of ``size`` x ``size`` pixels every ``stride`` pixels over a ``width`` x ``height`` scene.

    Raises:
        InputError: size or stride not positive, or the scene smaller than one patch.
    """

    width: int
    height: int
    size: int = recipe.PATCH_SIZE
    stride: int = recipe.PATCH_STRIDE

    def __post_init__(self) -> None:
        if self.size <= 0 or self.stride <= 0:
            raise InputError(
                f"Patch size ({self.size}) and stride ({self.stride}) must be positive pixels."
            )
        if self.width < self.size or self.height < self.size:
            raise InputError(
                f"The scene ({self.width} x {self.height} px) is smaller than one patch "
                f"({self.size} x {self.size} px): use a smaller patch size or a larger scene."
            )

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
