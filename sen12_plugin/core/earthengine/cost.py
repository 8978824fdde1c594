"""Cost before commitment: what a download will take, measured on its first requests.

A plan holds what is known exactly before anything is fetched (scene pairs, requests, megabytes
of pixels) and what is measured on the first requests and extrapolated to the rest: the time at
the concurrency in force and the compute, in EECU-hours, shown against the project's monthly
quota tier. The compute comes from Earth Engine's own computation profiles: while
``ee.data.profiling(hook)`` is active in a thread, the client asks for a profile with every call
and hands the hook the id from the ``X-Earth-Engine-Computation-Profile`` response header, for
the raw resource ``computePixels`` uses too (ee/data.py, ``_make_request_headers``,
``_handle_profiling_response``, ``_install_cloud_api_resource``); the hidden algorithm
``Profile.getProfiles`` turns ids into the table ``ee.profilePrinting`` prints, whose first
column is EECU-seconds (ee/_helpers.py). A budget stops the run with a sentence; finished tiles
are kept, so a re-run resumes (and counts only what it still has to fetch).

The hook is thread-local, so :class:`Meter` wraps the fetch function each request thread calls;
it records each answer (pixels, seconds, bytes, profile ids) under a lock, and all calls to
``Profile.getProfiles`` happen on the thread that schedules the requests.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError, Sen12Error
from ..fsutil import atomic_path
from ..i18n import _
from . import require_ee, retry
from .auth import COMMERCIAL_TIER, DEFAULT_TIER, NONCOMMERCIAL_TIERS
from .retry import RetryPolicy
from .tiling import (
    CLIENT_SECONDS_PER_REQUEST,
    DTYPE_BYTES,
    MAX_REQUEST_BYTES,
    REQUEST_OVERHEAD_S,
    SECONDS_PER_MEGAPIXEL,
    makespan,
    plan_fetch,
)

# Noncommercial quota tiers, EECU-hours a month (Earth Engine guide "noncommercial_tiers", in
# force from 2026-04-27; a project without a choice is Community). Over the quota a project is
# slowed to a restricted mode. The service does not say a project's tier: it is the user's setting
# (auth.SignIn.tier); a commercially registered project has no monthly tier quota.
TIERS = dict(zip(NONCOMMERCIAL_TIERS, (150.0, 1000.0, 100000.0)))
PROFILE_BATCH = 200  # profile ids per Profile.getProfiles call (its table is merged to 200 rows; sums stay)
PLAN_FILE = "plan.json"


class BudgetExceeded(Sen12Error):
    """The run would use, or has used, more compute than its budget; finished tiles are kept."""


class ProfileError(Sen12Error):
    """A computation profile that cannot be read as EECU figures."""


@dataclass(frozen=True)
class CostOptions:
    """The user's tier and budget; ``plan_only``: stop once the plan is made (tiles kept)."""

    tier: str = DEFAULT_TIER
    budget_eecu_hours: float | None = None
    plan_only: bool = False

    def __post_init__(self) -> None:
        known = {name.lower(): name for name in (*TIERS, COMMERCIAL_TIER)}
        if str(self.tier).lower() not in known:
            raise InputError(_("Earth Engine tier {tier!r}: choose one of {value} (or {COMMERCIAL_TIER} for a "
                               "commercially registered project).").format(
                                 tier=self.tier, value=', '.join(TIERS), COMMERCIAL_TIER=COMMERCIAL_TIER))
        object.__setattr__(self, "tier", known[str(self.tier).lower()])
        if self.budget_eecu_hours is not None and not (self.budget_eecu_hours > 0 and math.isfinite(self.budget_eecu_hours)):
            raise InputError(_("A compute budget of {budget_eecu_hours} EECU-hours: give a positive number (or "
                               "none for no budget).").format(budget_eecu_hours=self.budget_eecu_hours))

    @property
    def plan_first(self) -> bool:
        """Whether the first requests run alone, so the plan is decided on before any more start."""
        return self.plan_only or self.budget_eecu_hours is not None


def budget_from(value: float | None) -> float | None:
    """A budget setting (0 or empty: none) as :class:`CostOptions` takes it."""
    return float(value) if value else None


@dataclass(frozen=True)
class Work:
    """One request: its kind (the bands asked for), pixels, band count and type."""

    kind: str
    pixels: int
    bands: int
    dtype: str

    @property
    def megabytes(self) -> float:
        return self.pixels * self.bands * DTYPE_BYTES[self.dtype] / 1e6


def kind_of(bands: Sequence[str]) -> str:
    return ",".join(bands)


def eecu_seconds_of(profile_text: str) -> float:
    """The EECU-seconds in a ``Profile.getProfiles`` text table: the sum of its first column.

    The table starts with a header `` EECU·s PeakMem Count  Description`` (CurrMem may join) and
    has one row per entry, ``-`` where an entry has no figure (geetools/ee_profiler.py reads it
    so; its tests/test_Profiler.py checks those columns against the live service).
    """
    lines = [line for line in str(profile_text).splitlines() if line.strip()]
    if not lines:
        return 0.0
    if not lines[0].split()[0].upper().startswith("EECU"):
        raise ProfileError(_("Earth Engine's computation profile starts with {value!r}, not with an EECU "
                             "column, so its compute cannot be read.").format(value=lines[0].strip()))
    total = 0.0
    for line in lines[1:]:
        first = line.split()[0]
        if first == "-":
            continue
        try:
            total += float(first)
        except ValueError:
            raise ProfileError(_("Earth Engine's computation profile has a row {value!r} without an EECU "
                                 "figure, so its compute cannot be read.").format(value=line.strip())) from None
    return total


def read_profiles(ids: Sequence[str], policy: RetryPolicy | None = None,
                  cancelled: Callable[[], bool] | None = None) -> str:
    """``Profile.getProfiles(ids)`` as text, as ``ee.profilePrinting`` calls it (a hidden algorithm)."""
    ee = require_ee()
    get_profiles = ee.ApiFunction.lookup("Profile.getProfiles")
    return retry.call(lambda: get_profiles.call(ids=list(ids)).getInfo(), policy, cancelled)


def eecu_seconds_for(ids: Sequence[str], read: Callable[[Sequence[str]], str]) -> float:
    """EECU-seconds of many profiles, ``PROFILE_BATCH`` ids per call."""
    ids = list(ids)
    return sum(eecu_seconds_of(read(ids[i:i + PROFILE_BATCH])) for i in range(0, len(ids), PROFILE_BATCH))


# ----- the plan -----------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _hours(value: float) -> str:
    return f"{value:.3g}"


@dataclass(frozen=True)
class Plan:
    """What a download will take. Exact: scenes, requests, megabytes. Estimates: the rest."""

    scenes: int  # scene pairs to download (not yet on disk)
    requests: int  # computePixels requests still to make
    megabytes: float  # their pixels, uncompressed
    concurrency: int
    expected_seconds: float | None  # the download's time from its start, at ``concurrency``
    time_basis: str  # what the time rests on
    eecu_hours: float | None  # compute of the whole download (estimate), None: not measured
    compute_basis: str  # what the compute rests on, or why there is none
    tier: str = DEFAULT_TIER
    budget_eecu_hours: float | None = None
    download_megabytes: float | None = None  # compressed GeoTIFFs, extrapolated from the first answers
    probe_requests: int = 0  # answers the estimates rest on
    probe_eecu_seconds: float = 0.0  # what those used (measured)
    eecu_seconds_per_megapixel: dict = field(default_factory=dict)  # by kind (bands)
    seconds_model: tuple | None = None  # (seconds per request, per megapixel) fitted on the first answers

    @property
    def tier_eecu_hours(self) -> float | None:
        """The tier's monthly quota; None for a commercial project (billed by use)."""
        return TIERS.get(self.tier)

    @property
    def over_budget(self) -> bool:
        return (self.budget_eecu_hours is not None and self.eecu_hours is not None
                and self.eecu_hours > self.budget_eecu_hours)

    def lines(self) -> list[str]:
        """The plan, one sentence a line: what is exact, the time, the compute (called an estimate), the tier."""
        size = _("{megabytes:,.0f} MB of pixels").format(megabytes=self.megabytes) if self.megabytes >= 1 else _("{megabytes:.2f} MB of pixels").format(
                                                                                     megabytes=self.megabytes)
        if self.download_megabytes is not None:
            size += _(" (about {download_megabytes:,.0f} MB to download)").format(
                        download_megabytes=self.download_megabytes)
        lines = [_("Plan: {scenes} scene pair(s), {requests} request(s), {size}.").format(
                     scenes=self.scenes, requests=self.requests, size=size)]
        if self.expected_seconds is not None:
            lines.append(_("Time: about {value} at {concurrency} parallel requests ({time_basis}).").format(
                             value=_duration(self.expected_seconds), concurrency=self.concurrency, time_basis=self.time_basis))
        quota = self.tier_eecu_hours
        tier = (_("the {tier} tier's {quota:,.0f} EECU-hours a month").format(tier=self.tier, quota=quota) if quota is not None
                else _("a commercial project, billed by use without a monthly tier quota"))
        if self.eecu_hours is None:
            lines.append(_("Compute: {compute_basis}; the project is on {tier}.").format(
                             compute_basis=self.compute_basis, tier=tier))
        else:
            lines.append(_("Compute: about {value} EECU-hours, an estimate ({compute_basis}).").format(
                             value=_hours(self.eecu_hours), compute_basis=self.compute_basis))
            share = 100 * self.eecu_hours / quota if quota is not None else None
            if share is None:
                lines.append(_("The project is {tier}.").format(tier=tier))
            else:
                lines.append(_("That is {share:.2g} % of {tier}.").format(share=share, tier=tier) + (
                    _(" More than the monthly quota: over it Earth Engine slows the project to a restricted "
                      "mode; consider fewer ROIs or another tier.") if share > 100 else ""))
        if self.budget_eecu_hours is not None:
            lines.append(_("Budget: {value} EECU-hours.").format(value=_hours(self.budget_eecu_hours)))
        return lines

    def summary(self) -> str:
        """The plan in sentences, estimates called estimates."""
        return " ".join(self.lines())

    def as_dict(self) -> dict:
        record = asdict(self)
        record["tier_eecu_hours"] = self.tier_eecu_hours
        record["summary"] = self.summary()
        return record


def measured_rates(folder: Path) -> dict:
    """The EECU-seconds per megapixel by kind in ``folder/plan.json`` (an earlier run's), or {}."""
    try:
        rates = json.loads((Path(folder) / PLAN_FILE).read_text()).get("eecu_seconds_per_megapixel") or {}
        return {str(kind): float(rate) for kind, rate in rates.items() if math.isfinite(float(rate)) and rate >= 0}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # none, or unreadable: this run measures its own


def write_plan(plan: Plan, folder: Path) -> Path:
    """``folder/plan.json``."""
    target = Path(folder) / PLAN_FILE
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(plan.as_dict(), indent=1))
    return target


def work_of(images: Sequence[tuple], concurrency: int, max_request_bytes: int = MAX_REQUEST_BYTES) -> list[Work]:
    """The requests a fresh download of ``images`` (grid, bands, dtype) makes: the transport's own tiling."""
    plans = plan_fetch([(grid, len(bands), dtype) for grid, bands, dtype in images], concurrency, max_request_bytes)
    return [Work(kind_of(bands), t.width * t.height, len(bands), dtype)
            for (grid, bands, dtype), tiles in zip(images, plans) for t in tiles]


def static_plan(work: Sequence[Work], scenes: int, concurrency: int, options: CostOptions = CostOptions()) -> Plan:
    """The plan without contacting anything (``REQUEST_ONLY``): time by the planning latency model."""
    seconds = [REQUEST_OVERHEAD_S + SECONDS_PER_MEGAPIXEL * w.pixels / 1e6 for w in work]
    return Plan(
        scenes, len(work), sum(w.megabytes for w in work), concurrency,
        makespan(seconds, concurrency) + CLIENT_SECONDS_PER_REQUEST * len(work) if work else 0.0,
        _("by the planning latency model, {REQUEST_OVERHEAD_S:g} s per request + {SECONDS_PER_MEGAPIXEL:g} s "
          "per megapixel, not measured").format(
            REQUEST_OVERHEAD_S=REQUEST_OVERHEAD_S, SECONDS_PER_MEGAPIXEL=SECONDS_PER_MEGAPIXEL), None,
        _("not measured; it is measured with Earth Engine's computation profiles on the first requests of a run"),
        options.tier, options.budget_eecu_hours)


def sen12_size_work(concurrency: int = 40) -> list[Work]:
    """The requests of a SEN1-2-size download: the paper's 503 ROI-seasons (its four seeds as this
    plugin samples them), each a 2560 x 2560 px scene fetched as a download fetches it (S1 VV, S2
    B4 B3 B2 and the S2 mosaic's QA)."""
    from .graph import scene_images
    from .tiling import PixelGrid

    grid = PixelGrid(32632, 600000.0, 5400000.0, 2560, 2560)
    return work_of(scene_images(grid) * SEN12_SCENE_PAIRS, concurrency)


SEN12_SCENE_PAIRS = 503  # pipeline.sample_rois(recipe.PAPER_SEEDS, 100 land, 50 urban, 25.6 km): 503 kept, 97 dropped


def extrapolate_eecu_hours(rates: dict, work: Sequence[Work]) -> float | None:
    """EECU-hours of ``work`` at measured ``rates`` (EECU-seconds per megapixel, by kind); None if a kind is unmeasured."""
    if not all(w.kind in rates for w in work):
        return None
    return sum(rates[w.kind] * w.pixels / 1e6 for w in work) / 3600


# ----- measuring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    kind: str
    pixels: int
    seconds: float
    nbytes: int
    ids: tuple


def _fit(answers: Sequence[_Answer]) -> tuple[float, float]:
    """Seconds per request and per megapixel by least squares; a constant when all sizes are equal."""
    xs = [a.pixels / 1e6 for a in answers]
    ys = [a.seconds for a in answers]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx < 1e-12:
        return my, 0.0
    slope = max(0.0, sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx)
    return max(0.0, my - slope * mx), slope


def _time_basis(model: tuple[float, float], n: int) -> str:
    per_request, per_mp = model
    fitted = f"{per_request:.2f} s per request" + (f" + {per_mp:.2f} s per megapixel" if per_mp else "")
    return _("{fitted}, measured on the first {n} request(s)").format(fitted=fitted, n=n)


class Meter:
    """Measures a download on its first requests, makes its :class:`Plan` and holds it to its budget.

    The transport calls :meth:`wrap` (the fetch every request thread calls), :meth:`begin` with
    the run's requests, :meth:`make_plan` when :meth:`ready` (or after the first requests when
    ``plan_first``), :meth:`tile_done` after each answer; the caller then :meth:`finish` es.
    """

    def __init__(self, options: CostOptions = CostOptions(), *, scenes: int = 0, concurrency: int = 1,
                 on_plan: Callable[[Plan], None] | None = None, read: Callable[[Sequence[str]], str] | None = None,
                 policy: RetryPolicy | None = None, cancelled: Callable[[], bool] | None = None,
                 known_rates: dict | None = None) -> None:
        self.options = options
        # EECU-seconds per megapixel by kind that an earlier run on this output measured (its
        # plan.json): a budget the rest would pass is told from them before any request, so
        # re-running under a small budget does not buy new first requests, a few tiles a run.
        self.known_rates = dict(known_rates or {})
        self.scenes = scenes
        self.concurrency = max(1, int(concurrency))
        self.on_plan = on_plan
        self._read = read or (lambda ids: read_profiles(ids, policy, cancelled))
        self._lock = threading.Lock()
        self._work: list[Work] = []
        self._probes: list[int] = []
        self._answers: list[_Answer] = []
        self._untallied: list[str] = []  # profile ids whose EECU is not counted yet
        self.used_eecu_seconds = 0.0  # counted so far (measured)
        self.unmeasured = 0  # answers that came without a profile
        self.unreadable = ""  # why profiles could not be counted, if they could not
        self.plan: Plan | None = None
        self._started = 0.0

    @property
    def plan_first(self) -> bool:
        return self.options.plan_first

    # --- the transport's side ---
    def begin(self, requests: Sequence[tuple]) -> list[int]:
        """The run's requests in queue order, as (bands, pixels, dtype); the indexes of its first
        requests (one of each kind)."""
        self._work = [Work(kind_of(bands), pixels, len(bands), dtype) for bands, pixels, dtype in requests]
        self._started = time.perf_counter()
        first: dict[str, int] = {}
        for index, item in enumerate(self._work):
            first.setdefault(item.kind, index)
        self._probes = sorted(first.values())
        self._refuse_by_known_rates()
        return list(self._probes)

    def _refuse_by_known_rates(self) -> None:
        """Over budget by the rates measured before: the plan from them, and stop before any request."""
        budget = self.options.budget_eecu_hours
        eecu_hours = extrapolate_eecu_hours(self.known_rates, self._work) if budget is not None else None
        if eecu_hours is None or eecu_hours <= budget:
            return  # nothing known, or within the budget: this run measures its own first requests
        basis = (_("from Earth Engine's computation profiles measured by an earlier run on this folder, "
                   "extrapolated by pixels"))
        rates = {kind: rate for kind, rate in self.known_rates.items() if kind in {w.kind for w in self._work}}
        self.plan = Plan(self.scenes, len(self._work), sum(w.megabytes for w in self._work), self.concurrency, None,
                         "", eecu_hours, basis, self.options.tier, budget, eecu_seconds_per_megapixel=rates)
        if self.on_plan is not None:
            self.on_plan(self.plan)
        raise BudgetExceeded(
            _("By the plan's estimate the rest of this download needs about {value} EECU-hours ({basis}), more "
              "than the budget of {value2} EECU-hours, so it stopped before any request. The tiles fetched so "
              "far are kept: raise the budget or choose fewer ROIs, then run again to resume.").format(
                value=_hours(eecu_hours), basis=basis, value2=_hours(budget)))

    def wrap(self, fetch: Callable) -> Callable:
        """``fetch`` with each call profiled (the hook lives in the calling thread) and recorded."""
        ee = require_ee()

        def measured(image, grid, bands):
            ids: list[str] = []
            started = time.perf_counter()
            try:
                with ee.data.profiling(ids.append):
                    data = fetch(image, grid, bands)
            except BaseException:
                with self._lock:
                    self._untallied += ids  # an error may still carry a profile (ee/data.py)
                raise
            answer = _Answer(kind_of(bands), grid.width * grid.height, time.perf_counter() - started,
                             len(data), tuple(ids))
            with self._lock:
                self._answers.append(answer)
                self._untallied += ids
                self.unmeasured += not ids
            return data

        return measured

    def ready(self) -> bool:
        """Whether every kind of request has an answer to measure (and no plan is made yet)."""
        with self._lock:
            return self.plan is None and bool(self._work) and {a.kind for a in self._answers} >= {w.kind for w in self._work}

    def tile_done(self) -> None:
        """After each answer (on the scheduling thread): the plan once it can be made; the budget."""
        if not self.plan_first and self.ready():
            self.make_plan()
        if self.options.budget_eecu_hours is not None and self.plan is not None:
            with self._lock:
                due = len(self._untallied) >= min(PROFILE_BATCH, self.concurrency)  # about once a wave
            if due:
                self.tally()
                self.check_budget()

    def make_plan(self) -> Plan:
        """Measure the answers so far, extrapolate to the whole run, announce; over budget: stop."""
        with self._lock:
            answers = list(self._answers)
        tallied = [i for a in answers for i in a.ids]
        rates: dict[str, float] = {}
        measured = 0.0
        basis = ""
        if not answers:
            basis = _("not measured: no request was answered")
        elif any(not a.ids for a in answers):
            basis = (_("not measured: Earth Engine sent no computation profile "
                       "(X-Earth-Engine-Computation-Profile) with the first answers"))
        else:
            try:
                for kind in sorted({a.kind for a in answers}):
                    mine = [a for a in answers if a.kind == kind]
                    eecu = eecu_seconds_for([i for a in mine for i in a.ids], self._read)
                    measured += eecu
                    rates[kind] = eecu / (sum(a.pixels for a in mine) / 1e6)
            except Sen12Error as exc:  # measuring must not end a download that has no budget
                basis = _("not measured: Earth Engine's computation profiles could not be read ({exc})").format(
                            exc=exc)
        if basis:
            rates = {}
        with self._lock:
            done = set(tallied) if rates else set()
            self._untallied = [i for i in self._untallied if i not in done]
            self.used_eecu_seconds += measured if rates else 0.0
        n = len(answers)
        eecu_hours = None
        if rates:
            rest = [w for i, w in enumerate(self._work) if not (self.plan_first and i in self._probes)]
            eecu_hours = (measured * self.plan_first + sum(rates[w.kind] * w.pixels / 1e6 for w in rest)) / 3600
            basis = (_("from Earth Engine's computation profiles of the first {n} request(s), {measured:.3g} "
                       "EECU-seconds, extrapolated by pixels").format(n=n, measured=measured))
        expected, model = None, None
        if answers:
            model = _fit(answers)
            rest = [w for i, w in enumerate(self._work) if not (self.plan_first and i in self._probes)]
            seconds = makespan([model[0] + model[1] * w.pixels / 1e6 for w in rest], self.concurrency) if rest else 0.0
            expected = seconds + CLIENT_SECONDS_PER_REQUEST * len(rest)
            if self.plan_first:
                expected += time.perf_counter() - self._started
        by_size = sum(a.nbytes for a in answers) / max(1, sum(a.pixels for a in answers))
        plan = Plan(
            self.scenes, len(self._work), sum(w.megabytes for w in self._work), self.concurrency, expected,
            _time_basis(model, n) if model else "", eecu_hours, basis, self.options.tier, self.options.budget_eecu_hours,
            by_size * sum(w.pixels for w in self._work) / 1e6 if answers else None, n, measured,
            rates, model)
        self.plan = plan
        if self.on_plan is not None:
            self.on_plan(plan)
        if self.options.budget_eecu_hours is not None:
            if plan.eecu_hours is None:
                raise BudgetExceeded(
                    _("A compute budget of {value} EECU-hours was set, but the compute cannot be measured "
                      "({basis}); nothing more is downloaded. Run without a budget to download anyway; the "
                      "tiles fetched so far are kept.").format(
                        value=_hours(self.options.budget_eecu_hours), basis=basis))
            if plan.over_budget:
                raise BudgetExceeded(
                    _("By the plan's estimate this download needs about {value} EECU-hours ({basis}), more "
                      "than the budget of {value2} EECU-hours, so it stopped before the bulk download. The "
                      "tiles fetched so far are kept: raise the budget or choose fewer ROIs, then run again to "
                      "resume.").format(
                        value=_hours(plan.eecu_hours), basis=basis, value2=_hours(self.options.budget_eecu_hours)))
        return plan

    def tally(self) -> float:
        """Count the EECU of every answer not counted yet; the run's total so far (EECU-seconds).

        Profiles that cannot be read stop a run with a budget (its use could no longer be told);
        without one they are left uncounted and :attr:`unreadable` says why.
        """
        with self._lock:
            ids, self._untallied = self._untallied, []
        if ids:
            try:
                used = eecu_seconds_for(ids, self._read)
            except Sen12Error as exc:
                if self.options.budget_eecu_hours is not None:
                    raise BudgetExceeded(
                        _("A compute budget of {value} EECU-hours was set, but Earth Engine's computation "
                          "profiles could not be read ({exc}), so the use can no longer be told; the download "
                          "stopped. Finished tiles are kept and a re-run resumes.").format(
                            value=_hours(self.options.budget_eecu_hours), exc=exc)) from exc
                self.unreadable = str(exc)
                return self.used_eecu_seconds
            with self._lock:
                self.used_eecu_seconds += used
        return self.used_eecu_seconds

    def check_budget(self) -> None:
        budget = self.options.budget_eecu_hours
        if budget is not None and self.used_eecu_seconds / 3600 > budget:
            raise BudgetExceeded(
                _("This download has used {value} EECU-hours by Earth Engine's computation profiles, more than "
                  "the budget of {value2} EECU-hours, so it stopped. Finished tiles are kept and a re-run "
                  "resumes (each run counts its own use).").format(
                    value=_hours(self.used_eecu_seconds / 3600), value2=_hours(budget)))

    def finish(self) -> float:
        """After the download: its measured compute in EECU-seconds (every profiled answer)."""
        return self.tally()
