"""The real BigEarthNet Sentinel-1/-2 samples that ``make demo`` fetches (PyPI bigearthnet-common 2.8.0).

Fetched once into build/demo/downloads (pip download, never committed) and shared with the demo.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def bigearthnet_folder() -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import demo
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    try:
        return demo.fetch_bigearthnet(ROOT / "build" / "demo" / "downloads")
    except subprocess.CalledProcessError as exc:  # no route to PyPI: say so instead of a traceback
        pytest.skip(f"BigEarthNet samples could not be fetched from PyPI ({exc})")


def s2_folder(root: Path, name: str) -> Path:
    return root / "BigEarthNet-S2-Example" / name


def s1_vv(root: Path, s2_name: str) -> Path:
    """The VV file of the S1 patch that BigEarthNet pairs with ``s2_name``."""
    import json

    for meta in sorted((root / "BigEarthNet-S1-Example").glob("*/*_labels_metadata.json")):
        if json.loads(meta.read_text())["corresponding_s2_patch"] == s2_name:
            return next(meta.parent.glob("*_VV.tif"))
    raise LookupError(s2_name)


def truth_lists(root: Path) -> dict[str, set[str]]:
    """BigEarthNet's own lists from the same wheel: S2 patch names with seasonal snow, and with
    cloud or cloud shadow (``patches_with_seasonal_snow.csv``, ``patches_with_cloud_and_shadow.csv``)."""
    import bz2
    import zipfile

    wheel = next(root.parent.glob("bigearthnet_common-2.8.0-*.whl"))
    lists = {}
    with zipfile.ZipFile(wheel) as zf:
        for kind, member in (("snow", "patches_with_seasonal_snow.csv.bz2"),
                             ("cloud", "patches_with_cloud_and_shadow.csv.bz2")):
            text = bz2.decompress(zf.read(f"bigearthnet_common/{member}")).decode()
            lists[kind] = {line.split(",")[0].strip() for line in text.splitlines() if line.strip()}
    return lists


def s2_names(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "BigEarthNet-S2-Example").iterdir() if p.is_dir())
