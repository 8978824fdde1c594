"""SEN1-2 paths and names: ``ROIs{seed}_{season}/s1_{scene}/ROIs{seed}_{season}_s1_{scene}_p{n}.png``.

Hand-drawn ROIs have no seed: their dataset takes a name the user gives (default ``custom``).
The S2 twin of any S1 path is the path with ``s1_`` replaced by ``s2_``, as loaders expect.
"""

from __future__ import annotations

from pathlib import Path

from .dataset import DatasetRef

SENSORS = ("s1", "s2")
REJECTED_DIR = "_rejected"  # rejected pairs, same layout below it: nothing is deleted


def dataset_name(season: str, seed: int | None = None, name: str | None = None) -> str:
    """The folder name of the dataset (see :class:`DatasetRef`, which builds it)."""
    return DatasetRef.make(season, seed, name).folder


def patch_relpath(dataset: str, sensor: str, scene: int, number: int, ext: str = "png") -> str:
    """Path of one patch relative to the output folder, with forward slashes."""
    if sensor not in SENSORS:
        raise ValueError(sensor)
    return f"{dataset}/{sensor}_{scene}/{dataset}_{sensor}_{scene}_p{number}.{ext}"


def s2_twin(s1_path: str | Path) -> str:
    """The S2 path that pairs with an S1 patch path."""
    p = Path(s1_path)
    return str(p.parent.with_name(p.parent.name.replace("s1_", "s2_", 1)) / p.name.replace("_s1_", "_s2_", 1))
