"""One plan per extraction: raw inputs and the analyst's choices in, every decision with its evidence out.

:func:`plan_extraction` is the only place that decides, for one S1/S2 pair, what the faces
(the Processing algorithm, the dock's two extraction paths, the pairing table) used to decide
each in its own way:

- what the inputs are (``sources``: rasters, SAFE products, per-band folders; VRTs in OUTPUT);
- how the pixels are read (``raster_pair.assess_pair``): band roles, units and type, no-data,
  the processing-baseline offset, the grid;
- the dates of both sensors (a gap over ``max_days_apart`` is refused unless allowed) and the
  date range the scene stands for;
- the season, the seed and so the dataset (:class:`DatasetRef`), and the scene number, each a
  bounded value.

The result is a frozen :class:`ExtractPlan` with a :class:`Reason` for each decision, or
:class:`PlanRefused` with every sentence that stops it. The faces map their widgets or
parameters onto :class:`Choices`, show the reasons, and hand the plan to
``pipeline.extract_plans``; none of them decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import inputs, recipe, sources
from .dataset import DatasetRef
from .decoded import DEFAULT_MEMORY_BUDGET_MB
from .errors import InputError
from .extract import FORMATS, ExtractOptions
from .i18n import _
from .identity import check_dataset_patch_size
from .names import check_name, check_scene_number, check_seed, whole_number
from .pixel_evidence import Reason, parse_s1_bands
from .quality import Thresholds
from .raster_pair import PixelChoices, RasterPair, assess_pair
from .scene_files import SceneFiles, SceneKey
from .scene_numbers import OwnPair, SceneNumbers, given_identity
from .seasons import paper_season

MAX_DAYS_APART = 30  # S1 and S2 of one pair: the ground may change between them
MAX_PATCH_SIDE = 8192

MAX_MEMORY_BUDGET_MB = 1 << 20  # 1 TB: any larger number is a typing slip


@dataclass(frozen=True)
class Choices:
    """What the analyst chose, as the widgets or parameters hold it (raw: the plan checks it).

    Empty values mean "from the evidence": ``season`` from the seed, the scene record or the
    acquisition date; ``seed`` and ``scene`` from the scene record.
    """

    season: str | None = None
    seed: object = None
    scene: object = None
    dataset_name: str | None = None
    patch_size: object = recipe.PATCH_SIZE
    stride: object = recipe.PATCH_STRIDE
    formats: tuple[str, ...] = ("png",)
    stretch: str = "percentile"
    thresholds: Thresholds | None = Thresholds()
    s2_bands: object = None  # "4,3,2" (B4, B3, B2) or a tuple
    s1_bands: object = None  # "VH,VV": the S1 file's bands in file order
    s2_units: str = ""  # "", "dn", "reflectance"
    s2_offset: str = "auto"  # "auto", "subtract", "none"
    all_s2_bands: bool = False
    max_days_apart: object = MAX_DAYS_APART
    allow_date_gap: bool = False
    workers: int = 0
    drop_unlabeled: bool = False
    memory_budget_mb: float = DEFAULT_MEMORY_BUDGET_MB  # the decoded scene in memory up to this, else a scratch file


@dataclass(frozen=True)
class SceneDates:
    """When each sensor saw the ground, and the date range the scene stands for."""

    s1: date | None = None
    s2: date | None = None
    s1_from: str = ""  # "metadata", "file name", "scene JSON"
    s2_from: str = ""
    start: date | None = None
    end: date | None = None
    range_from: str = ""  # what the range is: the download's dates, the acquisition dates, the season

    @property
    def days_apart(self) -> int | None:
        return abs((self.s1 - self.s2).days) if self.s1 and self.s2 else None

    def record(self) -> dict:
        def text(day: date | None) -> str | None:
            return day.isoformat() if day else None

        return {"s1": text(self.s1), "s2": text(self.s2), "s1_from": self.s1_from, "s2_from": self.s2_from,
                "start": text(self.start), "end": text(self.end), "range_from": self.range_from,
                "days_apart": self.days_apart}


@dataclass(frozen=True)
class ExtractPlan:
    """Everything one extraction will do, decided: run it with ``pipeline.extract_plans``."""

    s1_source: str  # as the analyst gave it
    s2_source: str
    output: str
    pair: RasterPair  # the rasters opened (a VRT in OUTPUT/_sources for products) and how
    dataset: DatasetRef
    scene: int
    options: ExtractOptions
    dates: SceneDates
    reasons: tuple[Reason, ...]
    download: dict = field(default_factory=dict)  # image ids and dates of a scene this plugin downloaded
    notes: tuple[str, ...] = ()  # what recognising the inputs found (for the log)

    @property
    def s1_path(self) -> str:
        return self.pair.s1_path

    @property
    def s2_path(self) -> str:
        return self.pair.s2_path

    @property
    def warnings(self) -> list[str]:
        return [r.text for r in self.reasons if r.warning]

    @property
    def label(self) -> str:
        return f"{self.dataset.folder} scene {self.scene}"

    def record(self) -> dict:
        """The plan as the scene's identity record keeps it (the card reads it back)."""
        from dataclasses import asdict

        options = self.options
        return {
            "dataset": self.dataset.folder, "season": self.dataset.season, "seed": self.dataset.seed,
            "name": self.dataset.name, "year": self.dataset.year, "scene": self.scene,
            "sources": {"s1": Path(self.s1_source).name, "s2": Path(self.s2_source).name},
            # the inputs as given (a product folder, not its VRT): the same files again resume this scene
            "given": {"s1": given_identity(self.s1_source, sampled=True),
                      "s2": given_identity(self.s2_source, sampled=True)},
            "patch_size": options.patch_size, "stride": options.stride, "stretch": options.stretch,
            "stretch_percentiles": list(recipe.STRETCH_PERCENTILES) if options.stretch == "percentile" else None,
            "formats": list(options.formats),
            "thresholds": asdict(options.thresholds) if options.thresholds is not None else None,
            "bands": {"s1": ["VV"] + (["VH"] if len(self.pair.s1_bands) > 1 else []),
                      "s2_rgb": list(recipe.S2_BANDS), "s2_band_numbers": list(self.pair.s2_rgb)},
            "dates": self.dates.record(),
            "reasons": [{"topic": r.topic, "text": r.text, "warning": r.warning} for r in self.reasons],
        }


class PlanRefused(InputError):
    """The plan cannot be made; ``sentences`` says every reason found."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = [s for s in sentences if s]
        super().__init__(" ".join(self.sentences))


# ----- the plan -----------------------------------------------------------------------------


def plan_extraction(s1: str, s2: str, output: str | Path, choices: Choices = Choices()) -> ExtractPlan:
    """The plan for one S1/S2 pair given as the analyst gives it (layer sources, files, folders).

    Raises:
        PlanRefused: with the sentences that stop it (unusable input, ambiguous bands, a date gap,
            an unknown season, a number out of range).
    """
    refusals: list[str] = []
    reasons: list[Reason] = []

    def attempt(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            refusals.append(str(exc))
            return None

    patch_size = attempt(_bounded, choices.patch_size, "Patch size", 1, MAX_PATCH_SIDE)
    stride = attempt(_bounded, choices.stride, "Stride", 1, MAX_PATCH_SIDE)
    formats = attempt(_formats, choices.formats)
    stretch = choices.stretch if choices.stretch in recipe.STRETCH_MODES else None
    if stretch is None:
        refusals.append(_("Stretch {stretch!r}: use one of {value}.").format(
                            stretch=choices.stretch, value=', '.join(recipe.STRETCH_MODES)))
    s2_bands = attempt(_s2_band_numbers, choices.s2_bands)
    s1_names = attempt(parse_s1_bands, choices.s1_bands)
    budget = attempt(_bounded, choices.memory_budget_mb, _("In-memory budget of the decoded scene (MB)"), 0,
                     MAX_MEMORY_BUDGET_MB)
    max_days = attempt(_bounded, choices.max_days_apart, _("Largest gap between the S1 and S2 dates (days)"), 0, 3660)
    resolved = attempt(sources.resolve_pair, s1, s2, output, bool(choices.all_s2_bands and formats and "tif" in formats))
    if resolved is None:
        raise PlanRefused(refusals)

    record = _scene_record(resolved.s1_scene, resolved.s2_scene)
    known = _known_scene(resolved)
    dates = _dates(resolved.s1_scene, resolved.s2_scene, record)
    reasons += _date_reasons(dates, max_days, choices.allow_date_gap, refusals)
    seed = attempt(_seed, choices.seed, resolved, known, reasons)
    season = attempt(_season, choices.season, seed, resolved, known, reasons)
    scene = attempt(_scene_number, choices.scene, resolved, record, known, reasons)
    dataset = None
    if season is not None and (seed is not None or choices.seed in (None, "")):
        dataset = attempt(_dataset, season, seed, choices.dataset_name, known, dates, reasons)
    if scene is UNNUMBERED:
        scene = attempt(_own_number, s1, s2, output, dataset, reasons) if dataset is not None else None
    pixels = PixelChoices(
        s2_bands=s2_bands, s1_bands=s1_names,
        s1_polarisations=resolved.s1_scene.polarisations if resolved.s1_scene else (),
        s1_recorded=_recorded_s1_bands(record), s2_units=(choices.s2_units or "").strip().lower(),
        s2_offset=(choices.s2_offset or "auto").strip().lower(),
        s2_acquired=dates.s2, s2_hints=_names(s2, resolved.s2_scene), s2_offset_done=resolved.s2_offset_done,
        patch_size=patch_size or recipe.PATCH_SIZE)
    if dataset is not None and scene is not None and patch_size is not None:  # before any pixel is read
        attempt(check_dataset_patch_size, output, dataset.folder, scene, patch_size)
    assessed = attempt(assess_pair, resolved.s1_path, resolved.s2_path, pixels, False)  # the rest in pass 1
    if refusals or assessed is None or None in (patch_size, stride, formats, stretch, dataset, scene, budget):
        raise PlanRefused(refusals)
    pair, pixel_reasons = assessed
    options = ExtractOptions(
        season=dataset.season, scene=scene, seed=dataset.seed, dataset_name=dataset.name, patch_size=patch_size,
        stride=stride, formats=formats, stretch=stretch, workers=choices.workers, thresholds=choices.thresholds,
        s2_bands=s2_bands, s1_bands=s1_names, drop_unlabeled=choices.drop_unlabeled,
        memory_budget_mb=budget)
    download = SceneFiles.parse(resolved.s1_path).download_meta() if SceneFiles.parse(resolved.s1_path) else {}
    return ExtractPlan(str(s1), str(s2), str(output), pair, dataset, scene, options, dates,
                       tuple(pixel_reasons + reasons), download, tuple(resolved.messages))


def plan_pairs(pairs: Sequence[tuple[str, str, Choices]], output: str | Path) -> list[ExtractPlan | PlanRefused]:
    """A plan (or its refusal) for each pair, each with its own choices; two plans writing one
    scene of one dataset are both refused (one would replace the other's patches)."""
    planned: list[ExtractPlan | PlanRefused] = []
    for s1, s2, choices in pairs:
        try:
            planned.append(plan_extraction(s1, s2, output, choices))
        except PlanRefused as refused:
            planned.append(refused)
    seen: dict[tuple[str, int], int] = {}
    for n, plan in enumerate(planned):
        if isinstance(plan, ExtractPlan):
            first = seen.setdefault((plan.dataset.folder, plan.scene), n)
            if first != n:
                clash = (_("Two pairs would both be {label} (S2 {name} and {name2}): give one another scene "
                           "number.").format(
                             label=plan.label, name=Path(plan.s2_source).name, name2=Path(planned[first].s2_source).name))
                planned[n] = PlanRefused([clash])
                if isinstance(planned[first], ExtractPlan):
                    planned[first] = PlanRefused([clash])
    return planned


# ----- the decisions ------------------------------------------------------------------------


def _bounded(value: object, what: str, lo: int, hi: int) -> int:
    number = whole_number(value, what)
    if not lo <= number <= hi:
        kind = _("a positive whole number") if lo == 1 else "a whole number"
        raise InputError(_("{what} {number} is out of range: use {kind} from {lo} to {hi}.").format(
                             what=what, number=number, kind=kind, lo=lo, hi=hi))
    return number


def _formats(value) -> tuple[str, ...]:
    formats = tuple(value or ())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(_("Unknown output format(s) {bad}: use png and/or tif.").format(bad=bad))
    return formats


def _s2_band_numbers(value) -> tuple[int, ...] | None:
    if value is None or isinstance(value, str):
        return inputs.parse_band_numbers(value)
    return inputs.parse_band_numbers(",".join(str(v) for v in value))


def _scene_record(*scenes) -> dict:
    """The download's record of the pair (``scene_{n}.json``), {} for the analyst's own files."""
    for scene in scenes:
        files = SceneFiles.parse(scene.source) if scene is not None else None
        if files is not None and files.downloaded:
            return files.read_record()
    return {}


def _recorded_s1_bands(record: dict) -> tuple[str, ...] | None:
    bands = (record.get("options") or {}).get("s1_bands") if isinstance(record.get("options"), dict) else None
    if isinstance(bands, (list, tuple)) and bands and all(isinstance(b, str) for b in bands):
        return tuple(b.upper() for b in bands)
    return None


def _names(given: str, scene) -> tuple[str, ...]:
    names = [Path(str(given).rstrip("/")).name]
    if scene is not None:
        names += [Path(f).name for f in scene.band_files.values()][:1]
    return tuple(names)


def _iso(text) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except (TypeError, ValueError):
        return None


def _dates(s1, s2, record: dict) -> SceneDates:
    if record:
        start, end = _iso(record.get("start")), _iso(record.get("end"))
        return SceneDates(start=start, end=end, range_from=_("the download's date range (mosaics of it)"),
                          s1_from="scene JSON", s2_from="scene JSON")
    d1, d2 = (s.acquired if s is not None else None for s in (s1, s2))
    known = [d for d in (d1, d2) if d]
    return SceneDates(d1, d2, s1.date_from if d1 else "", s2.date_from if d2 else "",
                      min(known) if known else None, max(known) if known else None,
                      _("the acquisition dates") if known else "")


def _date_reasons(dates: SceneDates, max_days: int | None, allowed: bool, refusals: list[str]) -> list[Reason]:
    if dates.range_from.startswith("the download"):
        return [Reason("dates", _("Mosaics of {start}..{end} (the download's date range).").format(
                                    start=dates.start, end=dates.end))]
    if dates.s1 is None or dates.s2 is None:
        missing = " and ".join(s for s, d in (("S1", dates.s1), ("S2", dates.s2)) if d is None)
        return [Reason("dates", _("No acquisition date for {missing} in metadata or file names: the pair's "
                                  "dates are unknown and cannot be checked against each other.").format(
                                    missing=missing), True)]
    gap = dates.days_apart
    text = (_("S1 acquired {s1} ({s1_from}), S2 {s2} ({s2_from}): {gap} day(s) apart").format(
                s1=dates.s1, s1_from=dates.s1_from, s2=dates.s2, s2_from=dates.s2_from, gap=gap))
    if max_days is not None and gap > max_days:
        if not allowed:
            refusals.append(_("{text}, more than {max_days}: the ground may have changed between them. Pick "
                              "scenes closer in time, or allow the gap (ALLOW_DATE_GAP; in the dock, 'Allow "
                              "S1/S2 dates far apart').").format(text=text, max_days=max_days))
            return []
        return [Reason("dates", _("{text}, more than {max_days}, allowed as you asked.").format(
                                    text=text, max_days=max_days), True)]
    return [Reason("dates", _("{text}.").format(text=text))]


def _known_scene(resolved) -> tuple[SceneKey | None, str]:
    """The dataset and scene the files themselves belong to: a download's record, else the name of
    the dataset folder they sit in (``ROIs1158_spring/scenes/s1_4.tif``); and where that came from."""
    for scene in (resolved.s1_scene, resolved.s2_scene):
        files = SceneFiles.parse(scene.source) if scene is not None else None
        if files is None:
            continue
        key = files.key()
        if key.ref is not None:
            return key, (_("the scene record") if files.downloaded else _("the scene's folder name {folder}").format(
                                                                         folder=key.folder))
    return None, ""


def _seed(given: object, resolved, known, reasons: list[Reason]) -> int | None:
    key, where = known
    found = resolved.seed if resolved.seed is not None else (key.seed if key is not None else None)
    where = _("the scene record") if resolved.seed is not None else where
    return _given_or_found("seed", given, found, where, check_seed, reasons, _Said(
        _("Seed {seed} as you gave it; {where} says {found}."), _("Seed {seed} as you gave it."),
        _("Seed {seed} from {where} (the ROIs the scene was made for)."), _("Seed in {where}")))


@dataclass(frozen=True)
class _Said:
    """The sentences of one number the analyst may give and the files may say (``{seed}``/``{scene}``)."""

    differs: str  # given, and the files say another: a warning
    given: str
    found: str  # from the files
    found_what: str  # what a bad number from the files is called in the refusal


def _given_or_found(kind: str, given: object, found: int | None, where: str, check, reasons: list[Reason],
                    said: _Said) -> int | None:
    """The number the analyst gave (a warning when the files say another), else the one the files
    say (checked as strictly), else None; the reason goes to ``reasons``."""
    if given not in (None, ""):
        number = check(given)
        differs = found is not None and found != number
        text = said.differs if differs else said.given
        reasons.append(Reason(kind, text.format(**{kind: number}, where=where, found=found), differs))
        return number
    if found is None:
        return None
    number = check(found, said.found_what.format(where=where))
    reasons.append(Reason(kind, said.found.format(**{kind: number}, where=where)))
    return number


def _season(given: str | None, seed: int | None, resolved, known, reasons: list[Reason]) -> str:
    key, where = known
    text = (given or "").strip()
    evident = resolved.season or (key.season if key is not None else None)
    if text:
        season = text.lower() if text.lower() in recipe.SEASON_NAMES else text
        check_name(season, _("Season"))
        seeded = recipe.SEED_SEASONS.get(seed) if seed is not None else None
        other = next((s for s in (evident, seeded) if s and s != season), None)
        note = _("; the scene's record, folder, dates or seed say {other}").format(other=other) if other else ""
        reasons.append(Reason("season", _("Season {season} as you gave it{note}.").format(
                                            season=season, note=note), bool(note)))
        return season
    if seed is not None and seed in recipe.SEED_SEASONS:
        reasons.append(Reason("season", _("Season {value}: the paper's season of seed {seed}.").format(
                                            value=recipe.SEED_SEASONS[seed], seed=seed)))
        return recipe.SEED_SEASONS[seed]
    if resolved.season:
        reasons.append(Reason("season", resolved.season_note))
        return resolved.season
    if key is not None:
        reasons.append(Reason("season", _("Season {season} from {where}.").format(season=key.season, where=where)))
        return key.season
    raise InputError(_("Give a SEASON (e.g. summer): {season_note}.").format(season_note=resolved.season_note))


def _scene_number(given: object, resolved, record: dict, known, reasons: list[Reason]) -> int | object:
    key, where = known
    found = next((s.scene for s in (resolved.s2_scene, resolved.s1_scene) if s is not None and s.scene is not None),
                 record.get("roi") if isinstance(record.get("roi"), int) else None)
    if found is None and key is not None:
        found = key.scene
    else:
        where = _("the scene record")
    scene = _given_or_found("scene", given, found, where, check_scene_number, reasons, _Said(
        _("Scene number {scene} as you gave it; {where} says ROI {found}."), _("Scene number {scene} as you gave it."),
        _("Scene number {scene}: the ROI id in {where}."), _("Scene number in {where}")))
    return UNNUMBERED if scene is None else scene


UNNUMBERED = object()  # no number given or recorded: the dataset's next free one (``_own_number``)


def _own_number(s1: str, s2: str, output, dataset: DatasetRef, reasons: list[Reason]) -> int:
    """The scene these inputs made in ``output`` before (it resumes), else the dataset's next free number."""
    numbered = SceneNumbers.read(output).number(
        [OwnPair(str(s1), str(s2), dataset.season, dataset.seed, dataset.name)])[0]
    if numbered.problem:  # the same files made a scene of another dataset
        raise InputError(numbered.problem)
    reasons.append(Reason("scene", _("Scene number {scene}: none given, and no scene record or file name gives "
                                     "one; {note}.").format(scene=numbered.scene, note=numbered.note)))
    return numbered.scene


def _dataset(season: str, seed: int | None, name: str | None, known, dates: SceneDates,
             reasons: list[Reason]) -> DatasetRef:
    key, where = known
    year = _season_year(season, dates)
    own = key.ref.name if key is not None and key.ref.seed is None and seed is None else None
    asked = name or recipe.CUSTOM_DATASET_NAME
    if own and own != asked:
        reasons.append(Reason("dataset", _("Dataset name {own!r} from {where} (not {asked!r}), so its patches "
                                           "stay with its dataset.").format(own=own, where=where, asked=asked)))
        name = own
    ref = DatasetRef.make(season, seed, name, year)
    ignored = (_(" (the dataset name {name!r} applies only to ROIs without a seed)").format(name=name)
               if seed is not None and name and name not in (recipe.CUSTOM_DATASET_NAME, ref.group) else "")
    text = (_("Dataset {folder} (seed {seed}, season {season}){ignored}.") if seed is not None
            else _("Dataset {folder} (name {name!r}, season {season}){ignored}."))
    reasons.append(Reason("dataset", text.format(folder=ref.folder, seed=seed, name=ref.name, season=season,
                                                 ignored=ignored)))
    return ref


def _season_year(season: str, dates: SceneDates) -> int | None:
    """The year the season's dates belong to (winter: the year it ends in)."""
    day = dates.end or dates.s2 or dates.s1
    if day is None or season not in recipe.SEASON_NAMES:
        return day.year if day else None
    for year in (day.year, day.year + 1):
        span = paper_season(season, year)
        if span.start <= day <= span.end:
            return year
    return day.year


def with_choices(plan: ExtractPlan, **changes) -> ExtractPlan:
    """A plan with other run settings (workers, thresholds): nothing that changes a decision."""
    return replace(plan, options=replace(plan.options, **changes))
