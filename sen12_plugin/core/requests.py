"""The request builder: ROI layer rows x seasons (or custom dates) -> (ROI, season) requests.

One owner for what the dock and every Earth Engine algorithm ask for: a row's checked id, seed
and season; a ROI's own season wins over the chosen ones; a ROI is its seed and id (the dataset
folder ``ROIs{seed}_{season}`` holds the seed, the scene number is the id), so one (seed, id) may
not stand for two shapes, while every seed numbers its sample from 0. A bad row is refused with a sentence and the others go on, in both
faces alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from . import inputs, recipe, rois, seasons
from .errors import InputError, Sen12Error
from .i18n import _


@dataclass(frozen=True)
class RoiRow:
    """One ROI layer row as the QGIS layer read it.

    ``values`` holds ``id``, ``seed``, ``season`` and ``kind`` as read (QGIS NULL as None);
    ``ring`` is the polygon's outer ring in WGS84, or None with ``problem`` saying why.
    """

    number: int  # 0-based feature number, for messages ("ROI layer row 3")
    values: dict
    ring: Sequence[tuple[float, float]] | None
    problem: str | None = None


@dataclass(frozen=True)
class SeasonChoice:
    """The seasons asked for: paper seasons by name in a year, or one custom date range."""

    year: int = recipe.PAPER_YEAR
    names: tuple[str, ...] = recipe.SEASON_NAMES
    custom: tuple[date, date] | None = None

    def seasons(self) -> list[seasons.Season]:
        """Raises InputError when nothing is chosen or the dates are reversed."""
        if self.custom is not None:
            return [seasons.custom_season(*self.custom)]
        if not self.names:
            raise InputError(_("Choose at least one season."))
        return [seasons.paper_season(name, self.year) for name in self.names]

    def describe(self) -> str:
        if self.custom is not None:
            return f"{self.custom[0]}..{self.custom[1]}"
        return ",".join(self.names)


@dataclass(frozen=True)
class RefusedRow:
    """A row that cannot be requested: what could be read of it, and why."""

    roi_id: int
    seed: int | None
    season: str
    reason: str


@dataclass
class RequestPlan:
    requests: list[tuple[rois.Roi, seasons.Season]] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)


def parse_date_range(start: str, end: str) -> tuple[date, date]:
    """Custom dates from two ``YYYY-MM-DD`` texts, checked (both given, first before last)."""
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        raise InputError(_("Custom dates {start!r} to {end!r}: give both the first and the last day as "
                           "YYYY-MM-DD (e.g. 2017-06-01 and 2017-08-31).").format(start=start, end=end)) from None
    seasons.custom_season(first, last)  # the same checks as the season itself
    return first, last


def _shape(ring) -> tuple:
    return tuple((round(x, 7), round(y, 7)) for x, y in ring)


def build_requests(rows: Iterable[RoiRow], choice: SeasonChoice) -> RequestPlan:
    """Every valid row x its season(s); refused rows with the reason.

    Rows that give one (seed, id) to two different shapes are all refused: scenes are stored by
    seed and id, and which of them was meant cannot be told. Sampled ROIs of different seeds share
    ids (each seed's sample numbers from 0) and are different ROIs.

    Raises:
        InputError: there are no rows at all, or no season is chosen.
    """
    chosen = choice.seasons()
    rows = list(rows)
    if not rows:
        raise InputError(_("The ROI layer is empty: draw, pick or sample ROIs first."))
    plan, checked, shapes = RequestPlan(), [], {}
    for row in rows:
        try:
            roi_id, seed, own = inputs.roi_row(row.values, row.number)
            if row.ring is None:
                raise InputError(_("ROI layer row {value}: {value2}").format(
                                     value=row.number + 1, value2=row.problem or _('no polygon')))
            shapes.setdefault((seed, roi_id), {}).setdefault(_shape(row.ring), row.number)
            checked.append((row, roi_id, seed, own, None))
        except Sen12Error as exc:
            checked.append((row, None, None, None, exc))
    for row, roi_id, seed, own, problem in checked:
        try:
            if problem is not None:
                raise problem
            same = shapes[(seed, roi_id)]
            if len(same) > 1:
                features = " and ".join(str(n + 1) for n in sorted(same.values()))
                which = _("ROI id {roi_id} of seed {seed}").format(roi_id=roi_id, seed=seed) if seed is not None else _("ROI id {roi_id}").format(roi_id=roi_id)
                raise InputError(
                    _("{which} appears twice in the ROI layer with different shapes (features {features}); "
                      "scenes are stored by seed and id, so give every ROI its own id.").format(
                        which=which, features=features))
            roi = replace(rois.roi_from_ring(roi_id, list(row.ring), kind=row.values.get("kind") or "layer",
                                             season=own), seed=seed)
        except Sen12Error as exc:
            report_id, report_seed, _unused = inputs.roi_row_lenient(row.values, row.number)
            plan.refused.append(RefusedRow(report_id, report_seed, str(row.values.get("season") or choice.describe()),
                                           str(exc)))
            continue
        for season in [seasons.paper_season(own, choice.year)] if own else chosen:
            plan.requests.append((roi, season))
    return plan
