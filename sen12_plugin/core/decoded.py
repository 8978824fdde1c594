"""The decoded scene, kept between the extractor's two passes so that no pixel is decoded twice.

Pass 1 decodes the covered area once, in tile-aligned pieces, and writes what pass 2 needs into
named planes (the no-data mask, the unstretched 8-bit values, the raw values the patch checks
and GeoTIFF patches use); pass 2 cuts patches from the planes. The planes live:

- in shared memory (``multiprocessing.shared_memory``) when they fit the in-memory budget
  (``ExtractOptions.memory_budget_mb``); Python's resource tracker frees the segment when the
  last process holding it ends, so not even a kill -9 leaves it behind;
- else in an uncompressed scratch file inside OUTPUT (``.sen12-scratch-{pid}-{n}.bin``), memory
  mapped piece by piece, so memory stays flat on any scene size. Its space is reserved up front
  after a free-space check (a shortfall is refused with a sentence), it is removed when the scene
  ends (success, failure or cancel), and the next extraction into the folder sweeps one left by
  a killed run (it holds the folder's lock, so no other process can still be using it).

A ``DecodedScene`` is a small picklable handle: workers attach with :meth:`DecodedScene.open`.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import OutputError
from .fsutil import output_error
from .i18n import _

SCRATCH_PREFIX = ".sen12-scratch-"
SHARED_PREFIX = "sen12-"  # + pid: tests and people can tell whose segment it is
DEFAULT_MEMORY_BUDGET_MB = 512  # a 2560 px ROI pair needs ~100 MB, a full 10980 px tile ~1.8 GB
FREE_SPACE_MARGIN = 0.1  # the patch files need room too
_ALIGN = 64
_counter = itertools.count()


@dataclass(frozen=True)
class Plane:
    name: str
    dtype: str
    shape: tuple[int, ...]
    offset: int

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape)) * np.dtype(self.dtype).itemsize


def layout_planes(specs: Sequence[tuple[str, str, tuple[int, ...]]]) -> tuple[tuple[Plane, ...], int]:
    """Planes packed one after another (64-byte aligned); their total size in bytes."""
    planes, offset = [], 0
    for name, dtype, shape in specs:
        plane = Plane(name, np.dtype(dtype).str, tuple(int(s) for s in shape), offset)
        planes.append(plane)
        offset += -(-plane.nbytes // _ALIGN) * _ALIGN
    return tuple(planes), max(offset, 1)


@dataclass(frozen=True)
class DecodedScene:
    """Where a scene's decoded planes are: a shared-memory segment or a scratch file."""

    planes: tuple[Plane, ...]
    nbytes: int
    shared_name: str | None = None
    path: str | None = None

    @property
    def in_memory(self) -> bool:
        return self.shared_name is not None

    def plane(self, name: str) -> Plane | None:
        return next((p for p in self.planes if p.name == name), None)

    @contextmanager
    def open(self, writable: bool = True) -> Iterator[dict[str, np.ndarray]]:
        """The planes as arrays for the duration of a job, then unmapped (memory stays flat).

        The caller must not keep views of them beyond the ``with`` block (do the work in a function
        called inside it, return copies).
        """
        if self.in_memory:
            from multiprocessing import shared_memory

            segment = shared_memory.SharedMemory(self.shared_name)
            arrays = {p.name: np.ndarray(p.shape, p.dtype, segment.buf, p.offset) for p in self.planes}
            try:
                yield arrays
            finally:
                arrays.clear()
                _close_quietly(segment)
            return
        mode = "r+" if writable else "r"
        arrays = {p.name: _random_access(np.memmap(self.path, p.dtype, mode, p.offset, p.shape)) for p in self.planes}
        try:
            yield arrays
        finally:
            arrays.clear()  # the last reference to each map: unmapped here


def _random_access(plane: np.memmap) -> np.memmap:
    """No read-ahead or fault-around on the map: a job's resident pages are the ones it touches
    (a block is a narrow window of long rows; by default the kernel maps 64 KB around each touch)."""
    import mmap

    advice = getattr(mmap, "MADV_RANDOM", None)
    if advice is not None and getattr(plane, "_mmap", None) is not None:
        try:
            plane._mmap.madvise(advice)  # noqa: SLF001 - numpy keeps the map there
        except (OSError, ValueError):
            pass
    return plane


def _close_quietly(segment) -> None:
    try:
        segment.close()
    except BufferError:  # a view outlived the job: the mapping goes with it
        pass


class SceneStore:
    """Owns one scene's planes in this (the parent) process: allocates them, and removes them on close."""

    def __init__(self, specs: Sequence[tuple[str, str, tuple[int, ...]]], output_dir: str | Path,
                 budget_mb: float) -> None:
        planes, nbytes = layout_planes(specs)
        self._segment = None
        self._path: Path | None = None
        if nbytes <= budget_mb * (1 << 20):
            from multiprocessing import shared_memory

            self._segment = shared_memory.SharedMemory(
                f"{SHARED_PREFIX}{os.getpid()}-{next(_counter)}", create=True, size=nbytes)
            self.scene = DecodedScene(planes, nbytes, shared_name=self._segment.name)
        else:
            self._path = _reserve_scratch(Path(output_dir), nbytes, budget_mb)
            self.scene = DecodedScene(planes, nbytes, path=str(self._path))

    def __enter__(self) -> SceneStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._segment is not None:
            self._segment.close()
            self._segment.unlink()
            self._segment = None
        if self._path is not None:
            try:
                self._path.unlink()
            except FileNotFoundError:
                pass
            self._path = None


def _reserve_scratch(folder: Path, nbytes: int, budget_mb: float) -> Path:
    """A scratch file of ``nbytes`` inside ``folder``, its blocks reserved, or OutputError."""
    from .fsutil import ConfinedWriter

    free = shutil.disk_usage(folder).free
    needed = int(nbytes * (1 + FREE_SPACE_MARGIN))
    if free < needed:
        raise OutputError(
            _("This scene's decoded pixels need {value:,.0f} MB of scratch space in {folder} while it is cut "
              "(it is over the in-memory budget of {budget_mb:,.0f} MB), and only {value2:,.0f} MB are free "
              "there: free some space, raise the in-memory budget, or clip the scene.").format(
                value=nbytes / 2**20, folder=folder, budget_mb=budget_mb, value2=free / 2**20)
        )
    path = ConfinedWriter(folder).target(f"{SCRATCH_PREFIX}{os.getpid()}-{next(_counter)}.bin")
    try:
        with open(path, "xb") as fh:
            fh.truncate(nbytes)
            if hasattr(os, "posix_fallocate"):  # reserve the blocks: a full disk fails here, not as SIGBUS later
                os.posix_fallocate(fh.fileno(), 0, nbytes)
    except OSError as exc:
        try:
            path.unlink()
        except OSError:
            pass
        raise output_error(exc, path) from exc
    return path


def sweep_scratch(folder: str | Path) -> int:
    """Remove scratch files a killed run left in ``folder``; how many.

    Call it holding the folder's extraction lock: no other process or thread can be using them then.
    """
    from .fsutil import ConfinedWriter

    writer, removed = ConfinedWriter(folder), 0
    for path in Path(folder).glob(SCRATCH_PREFIX + "*"):
        try:
            removed += bool(writer.remove(path.name))
        except (OSError, OutputError):
            pass
    return removed
