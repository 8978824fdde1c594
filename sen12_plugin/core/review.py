"""Review decisions: the analyst's accept / reject in the index wins over the automatic status;
``apply_review`` makes the folders follow the decisions (rejected pairs moved out, not deleted)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .fsutil import output_error
from .index import LAYER, index_path, read_rows
from .quality import REJECT

REJECTED_DIR = "_rejected"
DECISIONS = ("", "accept", "reject")


def final_status(qc_status: str | None, decision: str | None) -> str:
    """``accept`` or ``reject``: the analyst's decision, else the automatic one (review counts as kept)."""
    if decision in ("accept", "reject"):
        return decision
    return "reject" if qc_status == REJECT else "accept"


def set_decision(output_dir: str | Path, dataset: str, scene: int, patch: int, decision: str) -> None:
    """Write one decision into the index at once (what the review mode does from QGIS)."""
    from osgeo import ogr

    if decision not in DECISIONS:
        raise InputError(f"Decision {decision!r}: use accept, reject or empty.")
    ds = ogr.Open(str(index_path(output_dir)), 1)
    if ds is None:
        raise InputError(f"No patch index in {output_dir}: extract patches first.")
    layer = ds.GetLayerByName(LAYER)
    layer.SetAttributeFilter(f"dataset = '{dataset}' AND scene = {int(scene)} AND patch = {int(patch)}")
    found = False
    for feat in layer:
        feat.SetField("decision", decision)
        layer.SetFeature(feat)
        found = True
    ds = None
    if not found:
        raise InputError(f"No patch {patch} of scene {scene} in {dataset}.")


@dataclass
class ReviewResult:
    kept: int = 0
    moved_out: int = 0
    restored: int = 0


def apply_review(output_dir: str | Path) -> ReviewResult:
    """Move the files of rejected pairs to ``_rejected/`` (same layout) and bring back re-accepted ones."""
    root = Path(output_dir)
    result = ReviewResult()
    for row in read_rows(index_path(root)):
        paths = [row[k] for k in ("s1_path", "s2_path", "s1_tif", "s2_tif") if row.get(k)]
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
