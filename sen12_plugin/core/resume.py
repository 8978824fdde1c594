"""What a run made, and whether a file on disk is still that: the one resume rule of downloads and extraction.

Each file a run writes is recorded with its size and the SHA-256 of its content (``Made``). A
re-run keeps a file only when a record says exactly that file was made (same size, same
checksum); a file that is there but differs (truncated, emptied, replaced) is made again, and a
file no record speaks for is never trusted. Existence alone proves nothing: a half-copied or
hand-replaced file exists too.

The records are written as the work goes into a ledger folder, one small JSON file per piece of
work (a download's tile, an extraction's block of patch rows), each written atomically, so a
stopped or failed run resumes from what it finished and two workers never write one file:

- downloads: ``<scene>.tif.tiles/made/`` beside the tiles and their ``plan.json``, which also
  holds the request's identity (``request_identity``): tiles of another request are never reused;
- extraction: ``OUTPUT/{dataset}/.sen12_scene_{n}.made/`` until the patch index holds the
  scene's records (its ``file_checksums`` column, ``encode``/``decode``), then removed.

Every record of the same identity counts (the identity record and the plan decide that): any
run with the same inputs and settings made the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .fsutil import ConfinedWriter, atomic_path, output_error

CHUNK = 1 << 20

KEPT = "kept"  # the file is one a record says was made
MISSING = "missing"
CHANGED = "changed"  # there, but no record of its size and checksum: truncated, emptied, replaced
UNRECORDED = "unrecorded"  # there, and no record at all (an older version, or a record lost)


@dataclass(frozen=True)
class Made:
    """A file as it was written: its size in bytes and the SHA-256 of its content."""

    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | Path) -> Made:
        """The record of ``path`` as it is now (OSError when it cannot be read)."""
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                digest.update(chunk)
            size = f.tell()
        return cls(size, digest.hexdigest())

    @classmethod
    def of_bytes(cls, data: bytes) -> Made:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    def as_list(self) -> list:
        return [self.size, self.sha256]

    @classmethod
    def from_list(cls, value) -> Made | None:
        """The record written by ``as_list``; None for anything else (a record that says nothing)."""
        if (isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[0], int)
                and not isinstance(value[0], bool) and isinstance(value[1], str) and len(value[1]) == 64):
            return cls(value[0], value[1])
        return None


def check(path: str | Path, records: Iterable[Made]) -> tuple[str, Made | None]:
    """What ``path`` is against its ``records``: (``KEPT``, the record it matches), (``MISSING``, None),
    (``CHANGED``, None) or (``UNRECORDED``, None). The size is compared first; the content is read
    only when a record has that size."""
    records = set(records)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return MISSING, None
    except OSError:
        return CHANGED, None  # unreadable: made again (the write says why, if it cannot)
    if not records:
        return UNRECORDED, None
    if all(r.size != size for r in records):
        return CHANGED, None
    try:
        now = Made.of(path)
    except OSError:
        return CHANGED, None
    return (KEPT, now) if now in records else (CHANGED, None)


def encode(files: dict[str, Made]) -> str:
    """The records of one patch's files for the index (``{"s1_png": [size, sha256], ...}``)."""
    return json.dumps({key: made.as_list() for key, made in sorted(files.items())}, separators=(",", ":"))


def decode(text: str | None) -> dict[str, Made]:
    """``encode``'s records back; {} for an empty, older or unreadable value (nothing is trusted)."""
    try:
        value = json.loads(text) if text else {}
    except (TypeError, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    found = {key: Made.from_list(item) for key, item in value.items() if isinstance(key, str)}
    return {key: made for key, made in found.items() if made is not None}


class Ledger:
    """A folder of records, one JSON file per piece of work: ``{name: [size, sha256]}``.

    ``writer``: the confined writer of the OUTPUT it lies in (extraction); None: written beside
    the download it belongs to.
    """

    def __init__(self, folder: str | Path, writer: ConfinedWriter | None = None) -> None:
        self.folder = Path(folder)
        self._writer = writer

    def write(self, piece: str, records: dict[str, Made]) -> None:
        """Record what one piece of work made (replacing that piece's earlier file)."""
        if not records:
            return
        text = json.dumps({name: made.as_list() for name, made in sorted(records.items())}, separators=(",", ":"))
        target = self.folder / f"{piece}.json"
        if self._writer is not None:
            self._writer.write_text(target, text)
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, self.folder) from exc
        with atomic_path(target) as tmp:
            tmp.write_text(text)

    def read(self) -> dict[str, set[Made]]:
        """Every record of every piece, by name (a file unreadable or of another shape says nothing)."""
        found: dict[str, set[Made]] = {}
        folder = self._writer.target(self.folder) if self._writer is not None else self.folder
        if not folder.is_dir():
            return found
        for path in sorted(folder.glob("*.json")):
            try:
                value = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            for name, item in (value.items() if isinstance(value, dict) else ()):
                made = Made.from_list(item)
                if made is not None:
                    found.setdefault(name, set()).add(made)
        return found

    def remove(self) -> None:
        """Delete the ledger (its records are kept elsewhere now, or are of files removed)."""
        folder = self._writer.target(self.folder) if self._writer is not None else self.folder
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if self._writer is not None:
                self._writer.remove(path)
            else:
                path.unlink(missing_ok=True)
        try:
            folder.rmdir()
        except OSError:
            pass  # a file appeared meanwhile: the next run reads it


def merged(*sources: dict[str, Iterable[Made]]) -> dict[str, frozenset[Made]]:
    """The records of several ledgers (the index's, a run's), by name."""
    out: dict[str, set[Made]] = {}
    for source in sources:
        for name, records in source.items():
            out.setdefault(name, set()).update(records)
    return {name: frozenset(records) for name, records in out.items()}


def request_identity(values: dict) -> str:
    """A short fingerprint of what a download asks for (image, grid, bands, type, no-data): the
    tiles on disk are reused only for the same request."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()
