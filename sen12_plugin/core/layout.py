"""SEN1-2 paths and names: ``ROIs{seed}_{season}/s1_{scene}/ROIs{seed}_{season}_s1_{scene}_p{n}.png``.

Hand-drawn ROIs have no seed: their dataset takes a name the user gives (default ``custom``).
The S2 twin of any S1 path is the path with ``s1_`` replaced by ``s2_``, as loaders expect; a
label patch, when there are labels, is the third twin: ``lc_`` in place of ``s1_``.
"""

from __future__ import annotations

from pathlib import Path

from .dataset import DatasetRef

SENSORS = ("s1", "s2")
LABEL = "lc"  # label patches: 8-bit class ids, the third file of a pair (issue 21)
PATCH_KINDS = (*SENSORS, LABEL)
REJECTED_DIR = "_rejected"  # rejected pairs, same layout below it: nothing is deleted


def dataset_name(season: str, seed: int | None = None, name: str | None = None) -> str:
    """The folder name of the dataset (see :class:`DatasetRef`, which builds it)."""
    return DatasetRef.make(season, seed, name).folder


def patch_relpath(dataset: str, sensor: str, scene: int, number: int, ext: str = "png") -> str:
    """Path of one patch relative to the output folder, with forward slashes."""
    if sensor not in PATCH_KINDS:
        raise ValueError(sensor)
    return f"{dataset}/{sensor}_{scene}/{dataset}_{sensor}_{scene}_p{number}.{ext}"


def s2_twin(s1_path: str | Path) -> str:
    """The S2 path that pairs with an S1 patch path."""
    return twin(s1_path, "s2")


def twin(s1_path: str | Path, kind: str) -> str:
    """The ``kind`` (s2, lc) path that goes with an S1 patch path."""
    p = Path(s1_path)
    return str(p.parent.with_name(p.parent.name.replace("s1_", f"{kind}_", 1)) / p.name.replace("_s1_", f"_{kind}_", 1))
