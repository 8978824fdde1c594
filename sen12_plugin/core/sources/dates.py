"""Dates in metadata and names, and which of the recipe's seasons a date falls in.

``recognise.with_date`` applies them to a scene, most trusted source first: the plugin's scene
record, product metadata (``METADATA_KEYS``), then a date in the file or folder name
(``S1A_IW_GRDH_1SDV_20170613T165043_...``).
"""

from __future__ import annotations

import re
from datetime import date

from .. import recipe
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
