"""Seasons: the paper's four meteorological seasons for any year, or a custom date range."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from . import recipe
from .errors import InputError
from .i18n import _
from .names import check_name


@dataclass(frozen=True)
class Season:
    """A named date range, both ends inclusive.

    Earth Engine's ``filterDate`` end is exclusive: use :attr:`end_exclusive` there.
    """

    name: str
    start: date
    end: date

    @property
    def end_exclusive(self) -> date:
        return self.end + timedelta(days=1)

    @property
    def year(self) -> int:
        """The year the season's data belong to (for the Copernicus attribution)."""
        return self.end.year


def paper_season(name: str, year: int = recipe.PAPER_YEAR) -> Season:
    """One of the paper's four seasons, shifted to ``year`` (winter starts in December before).

    Raises:
        InputError: ``name`` is not winter, spring, summer or fall.
    """
    try:
        (sm, sd), (em, ed), offset = recipe.SEASON_DAYS[name]
    except KeyError:
        raise InputError(
            _("Unknown season {name!r}: use one of {value}.").format(
                name=name, value=', '.join(recipe.SEASON_NAMES))
        ) from None
    if (em, ed) == (2, 28):
        ed = calendar.monthrange(year, 2)[1]
    return Season(name, date(year + offset, sm, sd), date(year, em, ed))


def paper_seasons(year: int = recipe.PAPER_YEAR) -> list[Season]:
    return [paper_season(name, year) for name in recipe.SEASON_NAMES]


def season_for_seed(seed: int, year: int = recipe.PAPER_YEAR) -> Season:
    """The season the paper pairs with ``seed`` (1158 spring ... 2017 winter)."""
    try:
        return paper_season(recipe.SEED_SEASONS[seed], year)
    except KeyError:
        raise InputError(
            _("Seed {seed} has no season in the paper; give a season explicitly.").format(seed=seed)
        ) from None


def custom_season(start: date, end: date, name: str | None = None) -> Season:
    """A custom date range; its default name is ``YYYYMMDD-YYYYMMDD`` (safe in file names)."""
    if end < start:
        raise InputError(_("The season ends ({end}) before it starts ({start}).").format(end=end, start=start))
    label = check_name(name or f"{start:%Y%m%d}-{end:%Y%m%d}", _("Season name"))
    return Season(label, start, end)
