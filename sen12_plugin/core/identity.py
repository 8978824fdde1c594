"""What made a scene's patches, and who is writing into an output folder.

Each extracted scene records its identity in ``OUTPUT/{dataset}/.sen12_scene_{scene}.json``: the
two source files (name, size, modification time and a SHA-256 of three 1 MiB samples: start,
middle, end) and every setting that changes the patch files (patch size, stride, stretch,
formats, S2 band numbers, recipe version). A re-run with the same identity resumes (finished
pairs are skipped); with another identity it stops and names both, unless the user asks to
overwrite, which removes exactly that scene's patch files (also under ``_rejected/``) and its
index rows first. A scene folder with patches but no record (an older version) counts as another
identity.

A lock file (``OUTPUT/.sen12-extraction.lock``, an OS lock that dies with its process) makes a
second extraction into the same folder stop at once instead of corrupting the first.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from . import layout, recipe
from .errors import InputError
from .fsutil import ConfinedWriter
from .i18n import N_, _
from .index import forget_scene_rows
from .names import check_name
from .resume import Ledger

SAMPLE_BYTES = 1 << 20
LOCK_NAME = ".sen12-extraction.lock"
DOWNLOAD_LOCK_NAME = ".sen12-download.lock"
SETTINGS = ("patch_size", "stride", "stretch", "formats", "s2_bands", "pixels", "recipe_version", "labels")
OPTIONAL_SETTINGS = ("pixels",)  # records of older versions lack them: compared only when both have them


def real_files(path: str | Path) -> list[str]:
    """The files a VRT stands in front of (band files, a product's JP2s), itself left out; [] for a plain file.

    A VRT in ``OUTPUT/_sources`` does not change when a band file behind it is replaced, so the
    identity of a scene made from a product or band folder must be that of these files.
    """
    if Path(path).suffix.lower() != ".vrt":
        return []
    import re

    from osgeo import gdal

    found: list[str] = []
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Open(str(path))
        names = list(ds.GetFileList() or []) if ds is not None else []
        text = Path(path).read_text(errors="replace")
        for source in re.findall(r"<SourceFilename[^>]*>([^<]+)</SourceFilename>", text):
            source = source.replace("&amp;", "&")
            if not Path(source).is_file():  # a driver's dataset name (SENTINEL2_L1C:...): its own files
                sub = gdal.Open(source)
                names += list(sub.GetFileList() or []) if sub is not None else []
    finally:
        gdal.PopErrorHandler()
    own = os.path.realpath(path)
    for name in names:
        if os.path.realpath(name) != own and Path(name).is_file() and name not in found:
            found.append(name)
    return sorted(found)


def source_identity(path: str | Path) -> dict:
    """Name, size, modification time and a sampled content hash of a source file, and of every
    real file behind it when it is a VRT (``parts``)."""
    found = _file_identity(path)
    parts = real_files(path)
    if parts:
        found["parts"] = [_file_identity(part) for part in parts]
    return found


def _file_identity(path: str | Path) -> dict:
    p = Path(path)
    try:
        stat = p.stat()
        digest = hashlib.sha256()
        with open(p, "rb") as f:
            for offset in sorted({0, max(0, stat.st_size // 2 - SAMPLE_BYTES // 2),
                                  max(0, stat.st_size - SAMPLE_BYTES)}):
                f.seek(offset)
                digest.update(f.read(SAMPLE_BYTES))
    except OSError as exc:
        raise InputError(_("Cannot read {path}: {problem}.").format(path=p, problem=exc.strerror or exc)) from None
    return {"name": p.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256_sampled": digest.hexdigest()}


def pixel_decisions(pair) -> dict:
    """How the pair's pixels are read (``RasterPair``): a change changes every patch."""
    return {"s1_bands": list(pair.s1_bands), "s1_linear": pair.s1_linear, "s1_fill": pair.s1_fill,
            "s2_rgb": list(pair.s2_rgb), "s2_fill": pair.s2_fill, "s2_scale": pair.s2_scale,
            "s2_offset": pair.s2_offset, "warp_s1": pair.warp_s1}


def run_identity(pair, options, labels: dict | None = None, plan: dict | None = None) -> dict:
    """The identity of one extraction: its sources and the settings that shape the files.

    ``pair``: the assessed ``RasterPair``. ``labels``: the label source's identity
    (``label_patches.label_identity``), None without labels. ``plan``: the plan's record (its
    decisions, reasons and dates; for the card, not compared).
    """
    return {
        "labels": labels,
        "s1": source_identity(pair.s1_path), "s2": source_identity(pair.s2_path),
        "patch_size": options.patch_size, "stride": options.stride, "stretch": options.stretch,
        "formats": sorted(options.formats),
        "s2_bands": list(options.s2_bands) if options.s2_bands else None,
        "pixels": pixel_decisions(pair),
        "thresholds": asdict(options.thresholds) if options.thresholds is not None else None,
        "recipe_version": recipe.RECIPE_VERSION,
        "download": download_meta(pair.s1_path),  # for the card; not part of the comparison
        "plan": plan,  # for the card; not part of the comparison
    }


def download_meta(s1_path: str | Path) -> dict:
    """Dates and Earth Engine image ids of a scene this plugin downloaded (its record), else {}."""
    from .scene_files import SceneFiles

    files = SceneFiles.parse(s1_path)
    return files.download_meta() if files is not None else {}


def identity_path(output_dir: str | Path, dataset: str, scene: int) -> Path:
    return Path(output_dir) / check_name(dataset, _("Dataset name")) / f".sen12_scene_{int(scene)}.json"


def made_ledger(output_dir: str | Path, dataset: str, scene: int) -> Ledger:
    """What this scene's runs wrote, as they went (``resume``), until the patch index holds it."""
    folder = f"{check_name(dataset, _('Dataset name'))}/.sen12_scene_{int(scene)}.made"
    return Ledger(folder, ConfinedWriter(output_dir))


def read_identity(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _describe_source(src: dict) -> str:
    when = datetime.fromtimestamp(src.get("mtime_ns", 0) / 1e9, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{src.get('name')} ({src.get('size')} bytes, modified {when})"


def differences(old: dict, new: dict) -> list[str]:
    """What differs between two identities, in words."""
    out = []
    for role in ("s1", "s2"):
        a, b = old.get(role) or {}, new.get(role) or {}
        if all(a.get(k) == b.get(k) for k in ("name", "size", "mtime_ns")) and \
                a.get("sha256_sampled") != b.get("sha256_sampled"):  # same name, size and time: say what differs
            out.append(_("{role} source {name}: its content changed (same size and modification time, another "
                         "checksum)").format(role=role.upper(), name=b.get("name")))
        elif _changed(a, b):
            out.append(f"{role.upper()} source {_describe_source(a)} -> {_describe_source(b)}")
        old_parts = {part.get("name"): part for part in a.get("parts") or []}
        for part in b.get("parts") or []:
            before = old_parts.pop(part.get("name"), None)
            if before is None or _changed(before, part):
                out.append(f"{role.upper()} file behind {b.get('name')}: "
                           f"{_describe_source(before) if before else 'none'} -> {_describe_source(part)}")
        out += [_("{value} file behind {value2}: {value3} -> gone").format(
                    value=role.upper(), value2=b.get('name'), value3=_describe_source(gone))
                for gone in old_parts.values() if b.get("parts") is not None]
    for key in SETTINGS:
        if key in OPTIONAL_SETTINGS and key not in old:
            continue
        if old.get(key) != new.get(key):
            a, b = (_describe_setting(key, d.get(key)) for d in (old, new))
            out.append(f"{key.replace('_', ' ')} {a} -> {b}" if a != b else f"{key.replace('_', ' ')} {a} (changed)")
    return out


def _changed(a: dict, b: dict) -> bool:
    """Another size or content; the modification time counts only where the hash samples part of the
    file. A file hashed whole (a VRT in ``_sources``) is the same file when only its time changed:
    QGIS writes statistics into a VRT it shows, and the VRT written again has the same text."""
    if a.get("size") != b.get("size") or a.get("sha256_sampled") != b.get("sha256_sampled"):
        return True
    hashed_whole = isinstance(b.get("size"), int) and b["size"] <= SAMPLE_BYTES
    return not hashed_whole and a.get("mtime_ns") != b.get("mtime_ns")


def _describe_setting(key: str, value) -> str:
    if key == "labels" and isinstance(value, dict):  # a label source's identity carries its own words
        return str(value.get("source"))
    return str(value)


def scene_files(output_dir: str | Path, dataset: str, scene: int) -> list[Path]:
    """Every patch file of the scene, live and under ``_rejected/`` (also unfinished ``.part`` files).

    Each scene folder is first checked to be inside ``output_dir`` (a symlinked dataset or scene
    folder is refused), so an overwrite can never delete files behind a link.
    """
    writer = ConfinedWriter(output_dir)
    found = []
    for base in ("", layout.REJECTED_DIR + "/"):
        for sensor in layout.PATCH_KINDS:
            folder = writer.target(f"{base}{dataset}/{sensor}_{int(scene)}")
            if folder.is_dir():
                found += sorted(folder.glob(f"{dataset}_{sensor}_{int(scene)}_p*"))
    return found


def check_dataset_patch_size(output_dir: str | Path, dataset: str, scene: int, patch_size: int) -> None:
    """Refuse a scene whose patch size differs from the dataset's other scenes (their records): a
    dataset's patches are read as one array, and its splits list them side by side.

    Raises:
        InputError: naming the dataset's size and its scenes.
    """
    folder = Path(output_dir) / check_name(dataset, _("Dataset name"))
    others: dict[int, list[str]] = {}
    for path in sorted(folder.glob(".sen12_scene_*.json")) if folder.is_dir() else []:
        record = read_identity(path) or {}
        size = record.get("patch_size")
        number = path.stem[len(".sen12_scene_"):]
        if isinstance(size, int) and size != patch_size and number != str(int(scene)):
            others.setdefault(size, []).append(number)
    for size, scenes in sorted(others.items()):
        raise InputError(
            _("{dataset} holds {size} px patches (scene {scenes}); scene {scene} would add {patch_size} px patches "
              "to it, and a dataset's patches are read as one array. Use patch size {size}, or another output "
              "folder (or dataset name) for {patch_size} px patches.").format(
                dataset=dataset, size=size, scenes=", ".join(sorted(scenes, key=int)), scene=int(scene),
                patch_size=patch_size))


def prepare_scene(output_dir: str | Path, dataset: str, scene: int, identity: dict, overwrite: bool) -> list[str]:
    """Make the scene folder ready for a run with ``identity``; what was done, in words.

    Raises:
        InputError: the scene was made with another identity and ``overwrite`` is off.
        OutputError: old files or the record cannot be removed or written, or lead outside the folder.
    """
    writer = ConfinedWriter(output_dir)
    if isinstance(identity.get("patch_size"), int):
        check_dataset_patch_size(output_dir, dataset, scene, identity["patch_size"])
    record = writer.target(identity_path(output_dir, dataset, scene))
    old = read_identity(record) if record.exists() else None
    files = scene_files(output_dir, dataset, scene)
    if old is not None and not differences(old, identity):
        if old != json.loads(json.dumps(identity)):  # what is not compared (thresholds, the plan) is this run's
            writer.write_text(record, json.dumps(identity, indent=1))
        return [_("{dataset} scene {scene}: same inputs and settings as before, finished patch pairs are kept.").format(
                    dataset=dataset, scene=scene)]
    messages = []
    if old is not None or files:
        what = ("; ".join(differences(old, identity)) if old is not None
                else _("the folder holds patches with no record of what made them (an older version or another "
                       "tool)"))
        if not overwrite:
            raise InputError(
                _("{dataset} scene {scene} in {output_dir} was made from other inputs or settings: {what}. Set "
                  "OVERWRITE (in the dock: 'Replace scenes made from other inputs') to replace that scene, or "
                  "choose another scene number or output folder.").format(
                    dataset=dataset, scene=scene, output_dir=output_dir, what=what)
            )
        for path in files:
            writer.remove(path)
        made_ledger(output_dir, dataset, scene).remove()  # records of the files just removed
        rows = forget_scene_rows(output_dir, dataset, scene)
        messages.append(_("{dataset} scene {scene}: replaced ({what}); removed {n_files} old files and {rows} "
                          "index rows.").format(
                            dataset=dataset, scene=scene, what=what, n_files=len(files), rows=rows))
    else:  # no record, no files: index rows of this scene (and their decisions) are about pixels gone
        made_ledger(output_dir, dataset, scene).remove()
        rows = forget_scene_rows(output_dir, dataset, scene)
        if rows:
            messages.append(_("{dataset} scene {scene}: its files were gone; removed its {rows} old index rows.").format(
                                dataset=dataset, scene=scene, rows=rows))
    writer.write_text(record, json.dumps(identity, indent=1))
    return messages


# ----- the output lock --------------------------------------------------------------------

_held: dict[str, list[int]] = {}  # folder and lock name -> [thread id, depth] of this process' holder
_held_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


BUSY = {
    LOCK_NAME: N_("Another extraction is writing here ({folder}, {holder}): wait until it has finished, or "
                  "choose another output folder."),
    DOWNLOAD_LOCK_NAME: N_("Another download is writing here ({folder}, {holder}): wait until it has finished, "
                           "or choose another folder."),
}


@contextmanager
def output_lock(output_dir: str | Path, name: str = LOCK_NAME) -> Iterator[None]:
    """Hold the folder's extraction lock (``name``: or its download lock), or raise InputError at once.

    Re-entrant in the thread that holds it (an extraction checks, cuts and indexes under one
    lock); another thread of the same process is refused like another process: two tasks of one
    QGIS (a dock run and a Processing run) must not write into one folder at once, and whether
    the OS lock tells two threads apart depends on the platform, so this process' holder is
    known here. The lock file is opened through the confined writer: a link is never followed
    (a lock truncates its file).
    """
    key = str(Path(output_dir).resolve() / name)
    me = threading.get_ident()
    with _held_guard:
        held = _held.get(key)
        if held is not None and held[0] != me:
            raise InputError(_(BUSY[name]).format(folder=output_dir, holder=_("another task of this QGIS")))
        reentrant = held is not None
        if reentrant:
            held[1] += 1
        else:
            _held[key] = [me, 1]
    if reentrant:
        try:
            yield
        finally:
            with _held_guard:
                _held[key][1] -= 1
        return
    try:
        fd = ConfinedWriter(output_dir).open_lock_file(name)
    except BaseException:
        with _held_guard:
            _held.pop(key, None)
        raise
    try:
        if not _try_lock(fd):
            try:
                holder = os.read(fd, 200).decode(errors="replace").strip() or "unknown process"
            except OSError:  # Windows locks are mandatory: the holder's note cannot be read
                holder = "another process"
            raise InputError(_(BUSY[name]).format(folder=output_dir, holder=holder))
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} on {socket.gethostname()}".encode())
        yield
    finally:
        with _held_guard:
            _held.pop(key, None)
        os.close(fd)  # closing releases the OS lock
