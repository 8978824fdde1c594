"""Atomic file writes: a temp file beside the target, then a rename, so no file looks finished early."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError, OutputError
from .i18n import _

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
            _("The disk is full while writing {path}. Free some space and run again: finished files are kept "
              "and skipped.").format(path=path)
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(_("Cannot write {path}: permission denied. Choose another output folder.").format(
                               path=path))
    return OutputError(_("Cannot write {path}: {problem}.").format(path=path, problem=exc.strerror or exc))


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
            raise InputError(_("The {what} {relative!r} is not a path inside {base}; the row is skipped.").format(
                                 what=what, relative=relative, base=self.base))
        parent, _unused, name = relative.rpartition("/")
        folder = self._folders.get(parent)
        if folder is None:  # a symlinked or ../ folder is resolved here, once
            folder = os.path.realpath(os.path.join(self.base, parent)) if parent else self.base
            self._folders[parent] = folder
        target = os.path.join(folder, name)
        if name in ("", ".", "..") or os.path.islink(target):
            target = os.path.realpath(target)
        if target != self.base and not target.startswith(self.base.rstrip(os.sep) + os.sep):
            raise InputError(_("The {what} {relative!r} leads outside {base}; the row is skipped.").format(
                                 what=what, relative=relative, base=self.base))
        return target


class ConfinedWriter:
    """Every write, rename and delete under one output folder goes through here.

    A path is taken only when it resolves inside ``root``: a symlinked dataset folder, index,
    record or lock file that leads elsewhere is refused with a sentence, and nothing is written
    there. Parent folders are resolved once each (a scene's patches share one), so the check costs
    one ``lstat`` per file. Picklable: the extractor's worker processes write through a copy.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.base = os.path.realpath(self.root)
        self._folders: dict[str, str] = {}
        self._made: set[Path] = set()  # folders this writer made: one mkdir each, not one per file

    def __getstate__(self) -> dict:
        return {"root": self.root, "base": self.base, "_folders": {}, "_made": set()}

    def _inside(self, real: str) -> bool:
        return real == self.base or real.startswith(self.base.rstrip(os.sep) + os.sep)

    def _refuse(self, path, why: str) -> OutputError:
        return OutputError(_("Refused to write {path}: {why}, outside the output folder {base}. Nothing was "
                             "written there; remove the link or choose another output folder.").format(
                               path=path, why=why, base=self.base))

    def target(self, path: str | Path) -> Path:
        """The real path to write for ``path`` (relative to the root, or absolute under it).

        Raises:
            OutputError: it leads outside the root (``..``, an absolute path elsewhere, a symbolic link).
        """
        p = Path(path)
        if not p.is_absolute():
            p = self.root / p
        parent, name = str(p.parent), p.name
        if name in ("", ".", ".."):
            raise self._refuse(path, _("not a file or folder name"))
        folder = self._folders.get(parent)
        if folder is None:
            folder = os.path.realpath(parent)
            self._folders[parent] = folder
        real = os.path.join(folder, name)
        if os.path.islink(real):
            linked = os.path.realpath(real)
            if not self._inside(linked):
                raise self._refuse(path, _("it is a symbolic link to {linked}").format(linked=linked))
            real = linked
        if not self._inside(real):
            raise self._refuse(path, _("it resolves to {real}").format(real=real))
        return Path(real)

    def mkdir(self, path: str | Path) -> Path:
        """Create a folder (and its parents) inside the root; the real folder."""
        real = self.target(path)
        try:
            real.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, real) from exc
        return self.target(path)  # created meanwhile as a link elsewhere: refused here

    @contextmanager
    def atomic(self, path: str | Path, keep_extension: bool = False) -> Iterator[Path]:
        """``atomic_path`` for a target inside the root; its folder is created."""
        real = self.target(path)
        if str(real.parent) != self.base and real.parent not in self._made:
            self._made.add(self.mkdir(real.parent))
        with atomic_path(real, keep_extension) as tmp:
            yield tmp

    def write_text(self, path: str | Path, text: str) -> Path:
        with self.atomic(path) as tmp:
            tmp.write_text(text)
        return self.target(path)

    def remove(self, path: str | Path) -> bool:
        """Delete a file (a link itself, never what it points to); False when there was none."""
        p = Path(path) if Path(path).is_absolute() else self.root / path
        real = Path(os.path.join(self.target(p.parent), p.name)) if os.path.islink(p) else self.target(p)
        try:
            real.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise output_error(exc, real) from exc
        return True

    def replace(self, source: str | Path, destination: str | Path) -> None:
        """Rename ``source`` to ``destination``, both inside the root."""
        src, dst = self.target(source), self.target(destination)
        self.mkdir(dst.parent)
        try:
            os.replace(src, dst)
        except OSError as exc:
            raise output_error(exc, dst) from exc

    def open_lock_file(self, path: str | Path) -> int:
        """A file descriptor for the lock file: never through a link (a lock truncates its file)."""
        real = self.target(path)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            return os.open(real, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise self._refuse(path, _("it is a symbolic link")) from None
            raise output_error(exc, real) from exc
