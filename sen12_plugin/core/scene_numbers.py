"""Scene numbers for the analyst's own pairs: the next free number of a dataset, and the same files
recognised as the scene they already are.

A number is taken in a dataset when anything on disk holds it: rows of the patch index, a patch
folder (``s1_N``, ``s2_N``, ``lc_N``, also under ``_rejected``), an extraction's identity record
(``.sen12_scene_N.json``), or a downloaded scene of that dataset (``{dataset}/scenes/s1_N.tif``,
also unfinished) in the output or in the folders the downloads went to (``scene_roots``). An own
pair gets the lowest number nothing holds; a number the analyst types that something holds is
refused with the free one named (overwriting would delete that scene's patches and decisions).

The same files given again (another day, another layer) are the scene they made: each
extraction records the identity of its inputs as the analyst gave them (``given_identity``:
name, size and modification time of the file, or of every file under a product or band
folder), and a pair whose inputs match a record keeps that scene's dataset and number, so the
run resumes instead of copying the same pixels under a new number (they could then sit in two
splits). Records of older versions lack it; for them the identity of the files read (the S1
file, the S2 file or the files behind its VRT) is compared.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import layout, recipe
from .dataset import DatasetRef
from .errors import InputError
from .i18n import _, ngettext
from .scene_files import SCENES_DIR, SceneFiles

RECORD_PREFIX = ".sen12_scene_"  # identity.identity_path's name: .sen12_scene_{scene}.json
SIDECARS = (".aux.xml", ".ovr")  # GDAL writes statistics and overviews beside band files it reads: not the data


# ----- the identity of an input as the analyst gives it --------------------------------------------


def given_identity(source: str | Path, sampled: bool = False) -> dict:
    """Name, size and modification time of an input as given: a file (``sampled``: with its sampled
    content hash, so a copy is known too), or every file under a folder (a SAFE product, a folder of
    band files), by relative path, GDAL's sidecar files left out. {} for what is neither."""
    path = Path(str(source).rstrip("/"))
    try:
        if path.is_file():
            if sampled:
                from .identity import source_identity

                return {k: v for k, v in source_identity(path).items() if k != "parts"}
            stat = path.stat()
            return {"name": path.name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        if path.is_dir():
            files = []
            for folder, _dirs, names in os.walk(path):
                for name in names:
                    if name.lower().endswith(SIDECARS):
                        continue
                    full = Path(folder) / name
                    stat = full.stat()
                    files.append([full.relative_to(path).as_posix(), stat.st_size, stat.st_mtime_ns])
            return {"name": path.name, "files": sorted(files)}
    except (OSError, InputError):
        return {}
    return {}


def _same_file(recorded: dict, path: Path) -> bool:
    """The file the record describes: same name and size, and same modification time or, where only
    that changed (a copy), the same sampled content."""
    if not isinstance(recorded, dict) or recorded.get("name") != path.name:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    if recorded.get("size") != stat.st_size:
        return False
    if recorded.get("mtime_ns") == stat.st_mtime_ns:
        return True
    if not recorded.get("sha256_sampled"):
        return False
    from .identity import source_identity

    try:
        return source_identity(path).get("sha256_sampled") == recorded["sha256_sampled"]
    except InputError:
        return False


def _same_given(recorded: dict, source: str, folders: dict[str, dict]) -> bool:
    """``folders``: the identities of folders already walked (a product is walked once per table)."""
    if not isinstance(recorded, dict) or not recorded:
        return False
    path = Path(str(source).rstrip("/"))
    if "files" in recorded:
        if recorded.get("name") != path.name:
            return False
        if str(path) not in folders:
            folders[str(path)] = given_identity(path)
        return folders[str(path)] == recorded
    return path.is_file() and _same_file(recorded, path)


def _same_read(recorded: dict, source: str) -> bool:
    """An older record (no ``given``): the file read, or for a product or band folder the files behind
    its VRT, found by name under the folder given."""
    if not isinstance(recorded, dict):
        return False
    path = Path(str(source).rstrip("/"))
    if path.is_file() and recorded.get("name") == path.name:
        return _same_file(recorded, path)
    parts = recorded.get("parts") or []
    if not parts:
        return False
    if path.is_file() and path.suffix.lower() != ".xml":  # only a product's metadata file stands for a folder
        return False
    folder = path if path.is_dir() else path.parent
    by_name: dict[str, list[Path]] = {}
    for found in folder.rglob("*"):
        by_name.setdefault(found.name, []).append(found)
    return all(any(_same_file(part, p) for p in by_name.get(part.get("name"), [])) for part in parts)


# ----- what holds the numbers of a folder's datasets -------------------------------------------------


@dataclass(frozen=True)
class OwnPair:
    """One row of the pairing table as the core needs it (raw: checked here)."""

    s1: str  # the inputs as given: layer sources, files, product folders
    s2: str
    season: str | None
    seed: int | None = None
    name: str | None = None  # the dataset name, for ROIs without a seed
    scene: object = None  # the number the analyst typed; None: propose one
    recorded: int | None = None  # the number the files' own record gives (a download's ROI id): kept


@dataclass(frozen=True)
class Numbered:
    """A pair's scene number and why; ``problem`` is the sentence that refuses it ("" when none)."""

    scene: int | None  # None: no dataset yet (no season, or a name the dataset refuses)
    dataset: str = ""  # the dataset folder
    note: str = ""
    problem: str = ""
    same_as: DatasetRef | None = None  # the dataset of the extracted scene these files already are
    same_scene: int | None = None


@dataclass
class SceneNumbers:
    """The numbers in use in ``output``'s datasets, read once (the table asks again on every edit).

    ``scene_roots``: further folders that hold downloads (``{dataset}/scenes/``), e.g. the working
    folder when the patches go to a folder inside it.
    """

    output: Path
    scene_roots: tuple[Path, ...] = ()
    holders: dict[str, dict[int, list[tuple[int, str]]]] = field(default_factory=dict)  # dataset -> number -> (rank, what)
    records: list[tuple[DatasetRef, int, dict]] = field(default_factory=list)
    _same: dict[tuple[str, str], tuple[DatasetRef, int] | None] = field(default_factory=dict)
    _folders: dict[str, dict] = field(default_factory=dict)  # given_identity of folders walked

    @classmethod
    def read(cls, output: str | Path, scene_roots: Iterable[str | Path] = ()) -> SceneNumbers:
        found = cls(Path(output), tuple(Path(r) for r in scene_roots))
        found._read_index()
        found._read_folders()
        return found

    def _hold(self, dataset: str, scene: int, what: str, rank: int) -> None:
        """``rank``: how telling ``what`` is to the analyst (0 most): a sentence names the first two."""
        held = self.holders.setdefault(dataset, {}).setdefault(int(scene), [])
        if what not in [w for _r, w in held]:
            held.append((rank, what))
            held.sort()

    def held_by(self, dataset: str, scene: int) -> str:
        """What holds ``scene`` in ``dataset``, in words ("" when nothing)."""
        held = [what for _rank, what in self.holders.get(dataset, {}).get(scene, [])]
        return _(" and ").join(held[:2]) + (_(" and more") if len(held) > 2 else "")

    def _read_index(self) -> None:
        from .index import LAYER, SCENES_LAYER, index_path, read_rows

        path = index_path(self.output)
        if not path.is_file():
            return
        try:
            counts: dict[tuple[str, int], int] = {}
            for row in read_rows(path, LAYER, ("dataset", "scene")):
                if isinstance(row.get("dataset"), str) and isinstance(row.get("scene"), int):
                    counts[(row["dataset"], row["scene"])] = counts.get((row["dataset"], row["scene"]), 0) + 1
            for row in read_rows(path, SCENES_LAYER, ("dataset", "scene")):
                if isinstance(row.get("dataset"), str) and isinstance(row.get("scene"), int):
                    counts.setdefault((row["dataset"], row["scene"]), 0)
        except InputError:  # an unusable index: the extraction says so; the folders still count
            return
        for (dataset, scene), n in counts.items():
            self._hold(dataset, scene, ngettext("{n} patch pair in the patch index", "{n} patch pairs in the patch index",
                                                n).format(n=n) if n else _("its row in the patch index"), 1)

    def _read_folders(self) -> None:
        from .identity import read_identity

        for base, rejected in ((self.output, False), (self.output / layout.REJECTED_DIR, True)):
            for folder in _dataset_folders(base):
                for child in folder.iterdir():
                    kind, sep, number = child.name.partition("_")
                    if child.is_dir() and sep and kind in layout.PATCH_KINDS and number.isdigit():
                        where = f"{layout.REJECTED_DIR}/{folder.name}" if rejected else folder.name
                        self._hold(folder.name, int(number), _("patch files in {path}").format(
                                       path=f"{where}/{layout.SENSORS[0]}_{number}"), 2)  # one name for its twins
                    elif not rejected and child.name.startswith(RECORD_PREFIX) and child.suffix == ".json":
                        number = child.name[len(RECORD_PREFIX):-len(".json")]
                        if number.isdigit():
                            self._hold(folder.name, int(number), _("the record of an extraction"), 3)
                            record = read_identity(child)
                            if record is not None:
                                self.records.append((DatasetRef.parse(folder.name), int(number), record))
        for root in (self.output, *self.scene_roots):
            for folder in _dataset_folders(root):
                scenes = folder / SCENES_DIR
                if not scenes.is_dir():
                    continue
                for child in scenes.iterdir():
                    name = child.name[:-len(".tiles")] if child.name.endswith(".tiles") else child.name
                    files = SceneFiles.parse(scenes / name)
                    if files is not None and not files.prefix:
                        self._hold(folder.name, files.scene, _("the downloaded ROI {scene}").format(scene=files.scene), 0)

    # ----- the same files ----------------------------------------------------------------------

    def same_scene(self, s1: str, s2: str) -> tuple[DatasetRef, int] | None:
        """The extracted scene (dataset, number) that was made from these inputs, or None."""
        key = (str(s1), str(s2))
        if key not in self._same:
            self._same[key] = next(((ref, scene) for ref, scene, record in self.records
                                    if _made_from(record, str(s1), str(s2), self._folders)), None)
        return self._same[key]

    # ----- the numbers -------------------------------------------------------------------------

    def free(self, dataset: str, also: Iterable[int] = ()) -> int:
        """The lowest number nothing holds in ``dataset`` (nor ``also``: given to other rows)."""
        taken = set(self.holders.get(dataset, {})) | set(also)
        return next(n for n in range(len(taken) + 1) if n not in taken)

    def free_roi_id(self, name: str | None, at_least: int = 0) -> int:
        """The lowest id from ``at_least`` that no scene holds in any season of the seedless dataset
        ``name`` (default ``custom``): a drawn ROI's id becomes its scene number in every season
        it is downloaded for."""
        group = DatasetRef.make(recipe.SEASON_NAMES[0], None, name).group
        taken: set[int] = set()
        for dataset, numbers in self.holders.items():
            ref = DatasetRef.try_parse(dataset)
            if ref is not None and ref.seed is None and ref.group == group:
                taken.update(numbers)
        return next(n for n in range(at_least, at_least + len(taken) + 1) if n not in taken)

    def number(self, pairs: Sequence[OwnPair]) -> list[Numbered]:
        """Each pair's scene number (typed, recorded, resumed or the next free one), in table order."""
        out: list[Numbered] = []
        given: dict[str, dict[int, int]] = {}  # dataset -> number -> row, as the rows above took them
        for row, pair in enumerate(pairs):
            numbered = self._number_one(pair, given)
            if numbered.scene is not None:
                first = given.setdefault(numbered.dataset, {}).setdefault(numbered.scene, row)
                if first != row and not numbered.problem:
                    numbered = Numbered(numbered.scene, numbered.dataset, numbered.note, _(
                        "Two pairs would both be {dataset} scene {scene}: give this one {free}, the next free "
                        "number.").format(dataset=numbered.dataset, scene=numbered.scene,
                                          free=self.free(numbered.dataset, given[numbered.dataset])),
                        numbered.same_as, numbered.same_scene)
            out.append(numbered)
        return out

    def _number_one(self, pair: OwnPair, given: dict[str, dict[int, int]]) -> Numbered:
        try:
            ref = DatasetRef.make(pair.season, pair.seed, pair.name) if pair.season else None
        except InputError:
            ref = None  # the plan refuses the name with its sentence
        if ref is None:
            return Numbered(None)
        dataset = ref.folder
        if pair.recorded is not None:
            return Numbered(pair.recorded, dataset, _("the ROI id in the scene's record"))
        same = self.same_scene(pair.s1, pair.s2)
        same_ref, same_number = same if same is not None else (None, None)
        typed = _typed(pair.scene)
        if isinstance(typed, str):
            return Numbered(None, dataset, "", typed)
        if same is not None:
            resume = _("same files as {dataset} scene {scene}: it resumes").format(
                         dataset=same_ref.folder, scene=same_number)
            if same_ref == ref and typed in (None, same_number):
                return Numbered(same_number, dataset, resume, "", same_ref, same_number)
            where = (_("scene number {scene}").format(scene=same_number) if same_ref == ref else
                     _("dataset name {name}, season {season} and scene number {scene}").format(
                         name=same_ref.group, season=same_ref.season, scene=same_number))
            return Numbered(typed if typed is not None else self.free(dataset, given.get(dataset, {})), dataset,
                            resume, _("The files of this pair (S2 {s2}) made {dataset2} scene {scene} already: give "
                                      "it {where} to resume that scene; a second copy would put the same pixels in "
                                      "two splits.").format(s2=Path(pair.s2).name, dataset2=same_ref.folder,
                                                            scene=same_number, where=where),
                            same_ref, same_number)
        if typed is None:
            number = self.free(dataset, given.get(dataset, {}))
            return Numbered(number, dataset, _("the next free number in {dataset}").format(dataset=dataset))
        held = self.held_by(dataset, typed)
        if held:
            return Numbered(typed, dataset, "", _(
                "{dataset} scene {scene} is taken by {what}: use {free}, the next free number (or another "
                "dataset name).").format(dataset=dataset, scene=typed, what=held,
                                         free=self.free(dataset, given.get(dataset, {}))))
        return Numbered(typed, dataset, _("as you gave it"))


def _typed(value: object) -> int | None | str:
    """The number the analyst typed, None for none, or the sentence that refuses it."""
    if value in (None, ""):
        return None
    from .names import check_scene_number

    try:
        return check_scene_number(value)
    except InputError as exc:
        return str(exc)


def _made_from(record: dict, s1: str, s2: str, folders: dict[str, dict]) -> bool:
    plan = record.get("plan") if isinstance(record.get("plan"), dict) else {}
    given = plan.get("given") if isinstance(plan.get("given"), dict) else None
    if given is not None:
        return _same_given(given.get("s1"), s1, folders) and _same_given(given.get("s2"), s2, folders)
    return _same_read(record.get("s1"), s1) and _same_read(record.get("s2"), s2)


def _dataset_folders(base: Path) -> list[Path]:
    """The folders under ``base`` named like a dataset (``ROIs1158_spring``, ``alps_summer``)."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
                  and DatasetRef.try_parse(p.name) is not None)
