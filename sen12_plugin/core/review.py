"""Review decisions: the analyst's accept / reject in the index wins over the automatic status;
``apply_review`` makes the folders follow the decisions (rejected pairs moved out, not deleted)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import layout
from .errors import InputError
from .fsutil import RootGuard, output_error
from .index import index_path, read_rows
from .names import check_name, whole_number
from .quality import REJECT

REJECTED_DIR = layout.REJECTED_DIR
DECISIONS = ("", "accept", "reject")


def final_status(qc_status: str | None, decision: str | None) -> str:
    """``accept`` or ``reject``: the analyst's decision, else the automatic one (review counts as kept)."""
    if decision in ("accept", "reject"):
        return decision
    return "reject" if qc_status == REJECT else "accept"


@dataclass
class ReviewResult:
    kept: int = 0
    moved_out: int = 0
    restored: int = 0
    refused: list[str] = field(default_factory=list)  # index rows whose paths were not trusted


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
    dataset = check_name(row.get("dataset"), "Dataset name in the index")
    scene = whole_number(row.get("scene"), "Scene number in the index")
    patch = whole_number(row.get("patch"), "Patch number in the index")
    inside, inside_rejected = guards or root_guards(root)
    paths = []
    for key, (sensor, ext) in PATH_KEYS.items():
        rel = row.get(key)
        if not rel:
            continue
        if rel != layout.patch_relpath(dataset, sensor, scene, patch, ext):
            raise InputError(f"Index row {row.get('fid')}: {key} {rel!r} is not the path of "
                             f"{dataset} scene {scene} patch {patch}; the row is skipped.")
        inside.check(rel, f"{key} of index row {row.get('fid')}")
        inside_rejected.check(rel, f"{key} of index row {row.get('fid')}")
        paths.append(rel)
    return paths


def apply_review(output_dir: str | Path) -> ReviewResult:
    """Move the files of rejected pairs to ``_rejected/`` (same layout) and bring back re-accepted ones.

    Rows whose paths are not the layout's paths inside the folder are refused (listed in
    ``refused``), never followed.
    """
    root = Path(output_dir).resolve()
    result = ReviewResult()
    guards = root_guards(root)
    for row in read_rows(index_path(root)):
        try:
            paths = trusted_paths(root, row, guards)
        except InputError as exc:
            result.refused.append(str(exc))
            continue
        rejected = final_status(row.get("qc_status"), row.get("decision")) == "reject"
        for rel in paths:
            live, parked = root / rel, root / REJECTED_DIR / rel
            src, dst = (live, parked) if rejected else (parked, live)
            if src.exists():
                try:
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(src, dst)
                except OSError as exc:
                    raise output_error(exc, dst) from exc
                if rejected:
                    result.moved_out += 1
                else:
                    result.restored += 1
        result.kept += 0 if rejected else 1
    return result
