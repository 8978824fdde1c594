"""Atomic file writes: a temp file beside the target, then a rename, so no file looks finished early."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, OutputError

PART_SUFFIX = ".part"


@contextmanager
def atomic_path(target: str | Path, keep_extension: bool = False) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces ``target``, on failure it is removed.

    The temp name ends in ``.part`` so no loader globbing ``*.png`` picks it up; drivers that
    insist on their extension (GeoPackage) get ``name.part.gpkg`` with ``keep_extension``.
    """
    target = Path(target)
    if keep_extension:
        tmp = target.with_name(target.stem + PART_SUFFIX + target.suffix)
    else:
        tmp = target.with_name(target.name + PART_SUFFIX)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise output_error(exc, target) from exc
    except BaseException:
        _remove(tmp)
        raise


def output_error(exc: OSError, path: Path) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError(
            f"The disk is full while writing {path}. Free some space and run again: "
            "finished files are kept and skipped."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"Cannot write {path}: permission denied. Choose another output folder.")
    return OutputError(f"Cannot write {path}: {exc.strerror or exc}.")


def ensure_writable_dir(folder: str | Path) -> Path:
    """Create ``folder`` if needed and prove it is writable, or raise OutputError."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".sen12-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise output_error(exc, folder) from exc
    return folder


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def inside_root(root: str | Path, relative: str, what: str = "path") -> Path:
    """``root / relative`` resolved, or InputError when it would leave ``root``.

    For every path read from a file (an index, a manifest): a shared or crafted file must not
    make the plugin read, move or overwrite anything outside the folder it was given.
    """
    return Path(RootGuard(root).check(relative, what))


class RootGuard:
    """``inside_root`` for many paths under one root (a whole index): each folder is resolved
    once, since resolving every file's full path costs more than the rest of a 282k-row pass."""

    def __init__(self, root: str | Path):
        self.base = str(Path(root).resolve())
        self._folders: dict[str, str] = {}

    def check(self, relative: str, what: str = "path") -> str:
        if not relative or os.path.isabs(relative) or "\\" in relative:
            raise InputError(f"The {what} {relative!r} is not a path inside {self.base}; the row is skipped.")
        parent, _, name = relative.rpartition("/")
        folder = self._folders.get(parent)
        if folder is None:  # a symlinked or ../ folder is resolved here, once
            folder = os.path.realpath(os.path.join(self.base, parent)) if parent else self.base
            self._folders[parent] = folder
        target = os.path.join(folder, name)
        if name in ("", ".", "..") or os.path.islink(target):
            target = os.path.realpath(target)
        if target != self.base and not target.startswith(self.base.rstrip(os.sep) + os.sep):
            raise InputError(f"The {what} {relative!r} leads outside {self.base}; the row is skipped.")
        return target
