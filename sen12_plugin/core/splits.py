"""Deterministic train / validation / test lists, split by scene, ROI or season (never across).

Each group key is hashed with a seed, groups are ordered by the hash and cut at the fractions,
so the same dataset and seed always give the same lists, and a group never spans two splits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .dataset import DatasetRef
from .errors import InputError
from .fsutil import atomic_path
from .index import index_path, read_rows
from .review import final_status

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
    raise InputError(f"Split by {by!r}: use one of {', '.join(KEYS)}.")


def make_splits(output_dir: str | Path, by: str = "scene", fractions=(0.8, 0.1, 0.1), seed: int = 0) -> dict:
    """Write ``OUTPUT/splits/{by}/{train,val,test}.txt`` (S1 PNG paths, one per line); their sizes."""
    if len(fractions) != 3 or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise InputError("Split fractions must be three non-negative numbers that add up to 1.")
    rows = [r for r in read_rows(index_path(output_dir))
            if final_status(r.get("qc_status"), r.get("decision")) == "accept" and r.get("s1_path")]
    if not rows:
        raise InputError(f"No accepted patch pairs in {output_dir}: extract (and review) first.")
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
    folder = Path(output_dir) / "splits" / by
    folder.mkdir(parents=True, exist_ok=True)
    for split, paths in lists.items():
        with atomic_path(folder / f"{split}.txt") as tmp:
            tmp.write_text("".join(p + "\n" for p in paths))
    return {s: len(p) for s, p in lists.items()}
