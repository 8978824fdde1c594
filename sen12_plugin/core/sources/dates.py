"""When a scene was acquired, and which of the recipe's seasons that is.

Sources, most trusted first: the plugin's scene JSON (``scene_4.json`` beside ``s1_4.tif``, as
``fetch_scenes`` writes it, which names the season itself), product metadata (Sentinel-2
``PRODUCT_START_TIME``, SNAP's ``first_line_time``, ...), then a date in the file or folder name
(``S1A_IW_GRDH_1SDV_20170613T165043_...``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from .. import recipe
from ..scene_files import SceneFiles
from ..seasons import Season, paper_season

METADATA_KEYS = (
    "PRODUCT_START_TIME", "DATATAKE_1_DATATAKE_SENSING_START", "SENSING_TIME", "SENSING_START",
    "ACQUISITION_START_TIME", "ACQUISITION_DATE", "FIRST_LINE_TIME", "DATE_ACQUIRED", "START_TIME",
)
ISO_DATE = re.compile(r"(20\d\d)-(\d\d)-(\d\d)")
COMPACT_DATE = re.compile(r"(?<!\d)(20[1-9]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:T\d+)?(?!\d)")
SNAP_DATE = re.compile(r"(\d\d)-([A-Z]{3})-(20\d\d)")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (ISO, compact ``20170613T..`` or SNAP's ``13-JUN-2017``)."""
    text = str(text or "")
    for pattern, order in ((ISO_DATE, (1, 2, 3)), (COMPACT_DATE, (1, 2, 3))):
        for match in pattern.finditer(text):
            try:
                return date(*(int(match.group(i)) for i in order))
            except ValueError:
                continue
    match = SNAP_DATE.search(text.upper())
    if match and match.group(2) in MONTHS:
        try:
            return date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
        except ValueError:
            return None
    return None


def season_for_date(day: date) -> Season | None:
    """The paper's season that holds ``day`` (December opens next year's winter); None for a gap
    day of the table (31 May: the paper's spring ends on 30 May)."""
    for year in (day.year, day.year + 1):
        for name in recipe.SEASON_NAMES:
            season = paper_season(name, year)
            if season.start <= day <= season.end:
                return season
    return None


def scene_json(path: Path) -> dict | None:
    """The record ``fetch_scenes`` writes beside ``s1_N.tif``/``s2_N.tif``, if there is one."""
    files = SceneFiles.parse(path)
    return (files.read_record() or None) if files is not None else None


def with_date(scene):
    """The scene with its acquisition date (or JSON season) filled in, where one is known."""
    from .recognise import open_quietly, product_metadata_file

    path = Path(scene.source)
    info = scene_json(path) if path.is_file() else None
    if info:
        season = info.get("season") if isinstance(info.get("season"), str) else None
        seed = info.get("seed") if isinstance(info.get("seed"), int) else None
        roi = info.get("roi") if isinstance(info.get("roi"), int) else None
        return replace(scene, season=season, seed=seed, scene_id=roi, date_from="scene JSON",
                       acquired=parse_date(info.get("start")) if season is None else None)
    candidates = [scene.source]
    if scene.kind == "s2_bands":
        candidates = list(scene.band_files.values())[:1]
    elif scene.kind == "s2_product" and path.is_dir():
        candidates = [str(product_metadata_file(path))]
    for name in candidates:
        ds = open_quietly(name)
        if ds is None:
            continue
        items = {k.upper(): v for k, v in (ds.GetMetadata() or {}).items()}
        for key in METADATA_KEYS:
            day = parse_date(items.get(key, ""))
            if day:
                return replace(scene, acquired=day, date_from="metadata")
    names = [path.name, path.parent.name] + [Path(f).name for f in scene.band_files.values()][:1]
    for name in names:
        day = parse_date(name)
        if day:
            return replace(scene, acquired=day, date_from="file name")
    return scene
