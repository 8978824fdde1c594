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
from .i18n import _
from .review import read_patch_rows, root_guards, row_label, trusted_paths
from .vocab import ACCEPT

KEYS = ("scene", "roi", "season", "location")  # location: footprints that overlap or touch stay together
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
    written: bool = True  # False: a report only, nothing was written

    def __str__(self) -> str:
        text = ", ".join(f"{split} {n}" for split, n in self.sizes.items())
        text += _("; {n_skipped} index row(s) skipped").format(n_skipped=len(self.skipped)) if self.skipped else ""
        return text if self.written else _("{text} (a report: the lists would be these; nothing was written)").format(
                                              text=text)


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


def footprint_boxes(root: Path) -> dict[int, tuple[float, float, float, float]]:
    """Each patch row's footprint box (min x, max x, min y, max y; WGS84), from the index's R-tree."""
    import sqlite3

    from .index import LAYER, connect, index_path

    con = connect(index_path(root))
    if con is None:
        return {}
    try:
        column = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (LAYER,)).fetchone()
        if column is None:
            return {}
        table = f'"rtree_{LAYER}_{column[0]}"'.replace("'", "")
        return {int(i): (a, b, c, d) for i, a, b, c, d in con.execute(f"SELECT id, minx, maxx, miny, maxy FROM {table}")}
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def connected(boxes: dict[int, tuple[float, float, float, float]]) -> dict[int, int]:
    """Row -> the smallest row of its group of boxes that overlap or touch, directly or through others.

    A sweep along x: only boxes whose x ranges meet are compared, so a dataset of separate scenes
    costs about n log n.
    """
    parent = {i: i for i in boxes}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(boxes, key=lambda i: boxes[i][0])
    active: list[int] = []
    for i in order:
        x0, x1, y0, y1 = boxes[i]
        active = [j for j in active if boxes[j][1] >= x0]  # still reaching this box's left edge
        for j in active:
            if boxes[j][2] <= y1 and y0 <= boxes[j][3]:  # touching counts: <=
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        active.append(i)
    return {i: root(i) for i in boxes}


def make_splits(output_dir: str | Path, by: str = "scene", fractions=(0.8, 0.1, 0.1), seed: int = 0,
                leaks: str = "refuse", report_only: bool = False) -> SplitResult:
    """Write ``OUTPUT/splits/{by}/{train,val,test}.txt`` (S1 PNG paths, one per line); their sizes.

    Only accepted pairs whose files are where the layout puts them, inside the folder, are listed;
    every other accepted row is named in ``skipped``. ``report_only``: the same sizes, skipped rows
    and leaks (reported, whatever ``leaks`` says), and nothing is written.
    """
    if len(fractions) != 3 or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise InputError(_("Split fractions must be three non-negative numbers that add up to 1."))
    if by not in KEYS:
        raise InputError(_("Split by {by!r}: use one of {value}.").format(by=by, value=', '.join(KEYS)))
    root = Path(output_dir).resolve()
    rows, skipped = usable_rows(root)
    if not rows:
        detail = f" ({len(skipped)} row(s) skipped: {skipped[0]})" if skipped else ""
        raise InputError(_("No accepted patch pairs in {output_dir}: extract (and review) first{detail}.").format(
                             output_dir=output_dir, detail=detail))
    if leaks not in ("refuse", "report"):
        raise InputError(_("Leaks {leaks!r}: use refuse or report.").format(leaks=leaks))
    place = connected({fid: box for fid, box in footprint_boxes(root).items()
                       if fid in {r["fid"] for r in rows}})
    groups: dict[str, list[str]] = {}
    split_of_group: dict[str, str] = {}
    for row in rows:
        key = f"place/{place.get(row['fid'], row['fid'])}" if by == "location" else group_key(row, by)
        groups.setdefault(key, []).append(row["s1_path"])
    order = sorted(groups, key=lambda k: hashlib.sha256(f"{seed}:{k}".encode()).hexdigest())
    total = sum(len(v) for v in groups.values())
    bounds = (fractions[0] * total, (fractions[0] + fractions[1]) * total)
    lists: dict[str, list[str]] = {s: [] for s in SPLITS}
    done = 0
    for key in order:
        split = "train" if done < bounds[0] else "val" if done < bounds[1] else "test"
        lists[split].extend(sorted(groups[key]))
        split_of_group[key] = split
        done += len(groups[key])
    found = _leaks(rows, place, by, split_of_group)
    if found and leaks == "refuse" and not report_only:
        raise InputError(_("{value} Splits by {by} would put the same ground in two splits; split by location "
                           "(footprints that overlap or touch stay together), or ask for a report.").format(
                             value=found[0], by=by))
    skipped = skipped + found
    if report_only:
        return SplitResult({s: len(p) for s, p in lists.items()}, skipped, written=False)
    writer = ConfinedWriter(root)
    for split, paths in lists.items():
        writer.write_text(f"splits/{by}/{split}.txt", "".join(p + "\n" for p in paths))
    return SplitResult({s: len(p) for s, p in lists.items()}, skipped)


def _leaks(rows: list[dict], place: dict[int, int], by: str, split_of_group: dict[str, str]) -> list[str]:
    """One sentence per group of overlapping or touching footprints that spans two splits."""
    seen: dict[int, dict[str, dict]] = {}
    for row in rows:
        key = f"place/{place.get(row['fid'], row['fid'])}" if by == "location" else group_key(row, by)
        seen.setdefault(place.get(row["fid"], row["fid"]), {}).setdefault(split_of_group[key], row)
    out = []
    for by_split in seen.values():
        if len(by_split) > 1:
            (a_split, a), (b_split, b) = list(by_split.items())[:2]
            out.append(_("Leak: {dataset} scene {scene} patch {patch} ({a_split}) overlaps or touches "
                         "{dataset2} scene {scene2} patch {patch2} ({b_split}), directly or through "
                         "neighbouring patches.").format(
                           dataset=a['dataset'], scene=a['scene'], patch=a['patch'], a_split=a_split, dataset2=b['dataset'], scene2=b['scene'], patch2=b['patch'], b_split=b_split))
    return out
