"""Review decisions: the analyst's accept / reject in the index wins over the automatic status;
``apply_review`` makes the folders follow the decisions (rejected pairs moved out, not deleted)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import layout, vocab
from .errors import InputError
from .fsutil import ConfinedWriter, RootGuard
from .i18n import _
from .index import index_path, read_rows
from .names import check_name, whole_number
from .vocab import final_status

REJECTED_DIR = layout.REJECTED_DIR
DECISIONS = ("", *vocab.DECISIONS)


def row_label(row: dict) -> str:
    """How a message names an index row: its feature id and the patch it claims to be."""
    return (_("Index row {value} ({value2} scene {value3} patch {value4})").format(
                value=row.get('fid'), value2=row.get('dataset'), value3=row.get('scene'), value4=row.get('patch')))


@dataclass
class PatchRows:
    """The index's patch rows with their words checked: ``rows`` usable, ``refused`` said in sentences."""

    rows: list[dict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def read_patch_rows(output_dir: str | Path, columns: tuple[str, ...] | None = None) -> PatchRows:
    """Patch rows with ``qc_status`` and ``decision`` normalised and ``final`` added.

    A row whose status or decision is outside the vocabulary is refused, and so are all rows
    that claim the same dataset, scene and patch (one of them would undo the other's decision).
    """
    wanted = None if columns is None else tuple({*columns, "dataset", "scene", "patch", "qc_status", "decision"})
    out = PatchRows()
    by_patch: dict[tuple, list[dict]] = {}
    for row in read_rows(index_path(output_dir), columns=wanted):
        where = row_label(row)
        try:
            row["qc_status"] = vocab.status(row.get("qc_status"), where)
            row["decision"] = vocab.decision(row.get("decision"), where)
        except InputError as exc:
            out.refused.append(_("{exc} The row is skipped.").format(exc=exc))
            continue
        row["final"] = final_status(row["qc_status"], row["decision"])
        by_patch.setdefault((row.get("dataset"), row.get("scene"), row.get("patch")), []).append(row)
    for same in by_patch.values():
        if len(same) == 1:
            out.rows.append(same[0])
            continue
        fids = ", ".join(str(r.get("fid")) for r in same)
        out.refused.append(_("Index rows {fids} are all {value} scene {value2} patch {value3}: keep one "
                             "(delete the others) and run again; these rows are skipped.").format(
                               fids=fids, value=same[0].get('dataset'), value2=same[0].get('scene'), value3=same[0].get('patch')))
    out.rows.sort(key=lambda r: r.get("fid") or 0)
    return out


@dataclass
class ReviewResult:
    kept: int = 0  # patch pairs
    moved_out: int = 0  # files moved into _rejected/
    restored: int = 0  # files brought back from _rejected/
    refused: list[str] = field(default_factory=list)  # index rows whose paths were not trusted
    rejected_by_you: int = 0  # patch pairs out by the analyst's decision
    rejected_by_checks: int = 0  # patch pairs out by the automatic check, never decided
    brought_back: int = 0  # patch pairs whose files came back from _rejected/


def unreviewed_rejects(output_dir: str | Path) -> int:
    """Patch pairs the checks reject that nobody decided on: ``apply_review`` would move them out
    unseen, so a face asks first."""
    rows = read_patch_rows(output_dir, columns=()).rows
    return sum(1 for row in rows if row["final"] == vocab.REJECT and not row["decision"])


PATH_KEYS = {"s1_path": ("s1", "png"), "s2_path": ("s2", "png"), "s1_tif": ("s1", "tif"), "s2_tif": ("s2", "tif"),
             "lc_path": ("lc", "png"), "lc_tif": ("lc", "tif")}  # a label patch moves with its pair


def root_guards(root: Path) -> tuple[RootGuard, RootGuard]:
    """Guards for the dataset folder and its ``_rejected/`` twin, shared by every row of one pass."""
    return RootGuard(root), RootGuard(root / REJECTED_DIR)


def trusted_paths(root: Path, row: dict, guards: tuple[RootGuard, RootGuard] | None = None) -> list[str]:
    """The row's patch paths, each checked to be the SEN1-2 path of its row and inside ``root``.

    Raises:
        InputError: a path is not the one the layout gives for the row's dataset, scene and
            patch, or leads outside ``root`` (a crafted or damaged index).
    """
    dataset = check_name(row.get("dataset"), _("Dataset name in the index"))
    scene = whole_number(row.get("scene"), _("Scene number in the index"))
    patch = whole_number(row.get("patch"), _("Patch number in the index"))
    inside, inside_rejected = guards or root_guards(root)
    paths = []
    for key, (sensor, ext) in PATH_KEYS.items():
        rel = row.get(key)
        if not rel:
            continue
        if rel != layout.patch_relpath(dataset, sensor, scene, patch, ext):
            raise InputError(_("Index row {value}: {key} {rel!r} is not the path of {dataset} scene {scene} "
                               "patch {patch}; the row is skipped.").format(
                                 value=row.get('fid'), key=key, rel=rel, dataset=dataset, scene=scene, patch=patch))
        inside.check(rel, _("{key} of index row {value}").format(key=key, value=row.get('fid')))
        inside_rejected.check(rel, _("{key} of index row {value}").format(key=key, value=row.get('fid')))
        paths.append(rel)
    return paths


def apply_review(output_dir: str | Path) -> ReviewResult:
    """Move the files of rejected pairs to ``_rejected/`` (same layout) and bring back re-accepted ones.

    Rows whose paths are not the layout's paths inside the folder are refused (listed in
    ``refused``), never followed.
    """
    root = Path(output_dir).resolve()
    checked = read_patch_rows(root)
    result = ReviewResult(refused=list(checked.refused))
    writer = ConfinedWriter(root)
    guards = root_guards(root)
    for row in checked.rows:
        try:
            paths = trusted_paths(root, row, guards)
        except InputError as exc:
            result.refused.append(str(exc))
            continue
        rejected = row["final"] == vocab.REJECT
        moved_back = False
        for rel in paths:
            live, parked = rel, f"{REJECTED_DIR}/{rel}"
            src, dst = (live, parked) if rejected else (parked, live)
            if writer.target(src).exists():
                writer.replace(src, dst)
                if rejected:
                    result.moved_out += 1
                else:
                    result.restored += 1
                    moved_back = True
        if rejected:
            result.rejected_by_you += 1 if row["decision"] else 0
            result.rejected_by_checks += 0 if row["decision"] else 1
        else:
            result.kept += 1
            result.brought_back += 1 if moved_back else 0
    return result
