"""Deterministic train / validation / test lists, split by scene, ROI or season (never across).

Each group key is hashed with a seed, groups are ordered by the hash and cut at the fractions,
so the same dataset and seed always give the same lists, and a group never spans two splits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .dataset import DatasetRef
from .errors import InputError
from .fsutil import ConfinedWriter
from .i18n import _, ngettext
from .review import read_patch_rows, root_guards, row_label, trusted_paths
from .vocab import ACCEPT

KEYS = ("scene", "roi", "season")
SPLITS = ("train", "val", "test")


def group_key(row: dict, by: str) -> str:
    ref = DatasetRef.parse(row["dataset"])
    if by == "scene":
        return f"{ref.folder}/{row['scene']}"
    if by == "roi":  # the same ROI in several seasons (drawn ROIs) stays in one split
        return f"{ref.group}/{row['scene']}"
    if by == "season":
        return ref.season
    raise InputError(_("Split by {by!r}: use one of {value}.").format(by=by, value=', '.join(KEYS)))


@dataclass
class SplitResult:
    """The lists' sizes, and every accepted row left out with the reason."""

    sizes: dict = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = ", ".join(f"{split} {n}" for split, n in self.sizes.items())
        return text + (_("; {n_skipped} index row(s) skipped").format(n_skipped=len(self.skipped)) if self.skipped else "")


def usable_rows(root: Path) -> tuple[list[dict], list[str]]:
    """Accepted rows whose PNGs (two, three with a label) are the layout's paths inside ``root`` and exist;
    the others, in words."""
    checked = read_patch_rows(root, columns=("s1_path", "s2_path", "s1_tif", "s2_tif", "lc_path", "lc_tif", "season"))
    guards = root_guards(root)
    rows, skipped = [], list(checked.refused)
    for row in checked.rows:
        if row["final"] != ACCEPT:
            continue
        if not (row.get("s1_path") and row.get("s2_path")):
            skipped.append(_("{value}: no PNG paths; skipped.").format(value=row_label(row)))
            continue
        try:
            trusted_paths(root, row, guards)
        except InputError as exc:
            skipped.append(str(exc))
            continue
        # a pair with a label patch is a triplet: listed only when its label is there too
        missing = [row[k] for k in ("s1_path", "s2_path", "lc_path") if row.get(k) and not (root / row[k]).is_file()]
        if missing:
            skipped.append(_("{value}: {value2} not on disk (moved or deleted); skipped.").format(
                               value=row_label(row), value2=', '.join(missing)))
            continue
        rows.append(row)
    return rows, skipped


def make_splits(output_dir: str | Path, by: str = "scene", fractions=(0.8, 0.1, 0.1), seed: int = 0) -> SplitResult:
    """Write ``OUTPUT/splits/{by}/{train,val,test}.txt`` (S1 PNG paths, one per line); their sizes.

    Only accepted pairs whose files are where the layout puts them, inside the folder, are listed;
    every other accepted row is named in ``skipped``.
    """
    if len(fractions) != 3 or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise InputError(_("Split fractions must be three non-negative numbers that add up to 1."))
    if by not in KEYS:
        raise InputError(_("Split by {by!r}: use one of {value}.").format(by=by, value=', '.join(KEYS)))
    root = Path(output_dir).resolve()
    rows, skipped = usable_rows(root)
    if not rows:
        detail = (ngettext(" ({n} row skipped: {first})", " ({n} rows skipped: {first})", len(skipped)).format(
        n=len(skipped), first=skipped[0]) if skipped else "")
        raise InputError(_("No accepted patch pairs in {output_dir}: extract (and review) first{detail}.").format(
                             output_dir=output_dir, detail=detail))
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(group_key(row, by), []).append(row["s1_path"])
    order = sorted(groups, key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest())
    total = sum(len(v) for v in groups.values())
    bounds = (fractions[0] * total, (fractions[0] + fractions[1]) * total)
    lists: dict[str, list[str]] = {s: [] for s in SPLITS}
    done = 0
    for key in order:
        split = "train" if done < bounds[0] else "val" if done < bounds[1] else "test"
        lists[split].extend(sorted(groups[key]))
        done += len(groups[key])
    writer = ConfinedWriter(root)
    for split, paths in lists.items():
        writer.write_text(f"splits/{by}/{split}.txt", "".join(p + "\n" for p in paths))
    return SplitResult({s: len(p) for s, p in lists.items()}, skipped)
