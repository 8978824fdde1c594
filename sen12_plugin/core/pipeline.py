"""The workflow, once: the jobs the dock and the Processing algorithms both run.

1. sample ROIs (:func:`sample_rois`);
2. fetch and check scenes (:func:`check_availability`, :func:`preview_images`,
   :func:`fetch_scenes`, :func:`write_requests`, :func:`start_exports`, :func:`export_status`,
   :func:`check_scenes`);
3. extract, check and index (:func:`extract_scenes`);
4. publish: apply review, splits, card (:func:`publish` or its three steps).

Each takes plain values and ``progress(fraction)`` / ``cancelled()`` callbacks and returns a
typed result; the faces map their widgets or parameters onto these calls and show the results.
Errors are :class:`Sen12Error` sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import inputs, masks, rois
from .card import write_dataset_card
from .errors import Cancelled, InputError
from .extract import ExtractOptions
from .extract_job import DatasetScene, extract_into_dataset, extract_plan
from .fsutil import ensure_writable_dir
from .i18n import _
from .identity import DOWNLOAD_LOCK_NAME, output_lock
from .labels import LabelSource
from .plan import Choices, ExtractPlan, PlanRefused, plan_extraction, plan_pairs
from .quality import Thresholds, Verdict, stored_or_new_scene_check
from .review import ReviewResult, apply_review
from .scene_files import SceneFiles, SceneKey, scenes_in_folder
from .seasons import Season
from .splits import SplitResult, make_splits

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
Log = Callable[[str], None]
Request = tuple  # (rois.Roi, Season)
DEFAULT_THRESHOLDS = Thresholds()


def _quiet(_fraction: float) -> None:
    pass


def _never() -> bool:
    return False


def _each(items: Sequence, progress: Progress | None, cancelled: IsCancelled | None, cancel_text: str):
    """The items one by one: the cancel is checked before each, progress reported after each."""
    progress, cancelled = progress or _quiet, cancelled or _never
    for n, item in enumerate(items):
        if cancelled():
            raise Cancelled(cancel_text)
        yield item
        progress((n + 1) / len(items))


def _share(progress: Progress | None, start: float, span: float) -> Progress:
    progress = progress or _quiet
    return lambda fraction: progress(start + span * fraction)


# ----- 1. ROIs ------------------------------------------------------------------------------


def sample_rois(seeds: Sequence[int], *, land: masks.PolygonMask | None = None, urban=None,
                land_fallback: str | None = None, land_count: int, urban_count: int,
                size_km: float, progress: Progress | None = None,
                cancelled: IsCancelled | None = None) -> rois.SampleResult:
    """The paper's seeded ROIs; ``land``/``urban`` None: Natural Earth (``land_fallback``: QGIS' world map).

    A user's mask comes as ``masks.polygon_mask`` made it (its geometry established, its warnings
    in ``warnings``). Raises Cancelled when ``cancelled()`` becomes true (asked before every batch).
    """
    land_count = inputs.check_count(land_count, "LAND_COUNT")
    urban_count = inputs.check_count(urban_count, "URBAN_COUNT")
    land = land if land is not None else masks.default_land_mask(land_fallback)
    urban = urban if urban is not None else masks.default_city_points()
    return rois.sample_rois(seeds, land, urban, land_count=land_count, urban_count=urban_count, size_km=size_km,
                            progress=progress, cancelled=cancelled)


# ----- 2. Earth Engine ----------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    roi: rois.Roi
    season: Season
    s1_images: int
    s2_images: int
    reason: str | None  # why the ROI-season must be dropped, None when both sensors have images


def check_availability(requests: Sequence[Request], options, sign_in, progress: Progress | None = None,
                       cancelled: IsCancelled | None = None) -> list[Availability]:
    """How many S1 and S2 images each request has, and why a request without images is dropped."""
    from .earthengine import auth, scenes

    auth.ensure_session(sign_in, cancelled)
    found = []
    for roi, season in _each(requests, progress, cancelled, _("Availability check cancelled.")):
        info, reason = scenes.check_availability(roi, season, options, cancelled=cancelled)
        found.append(Availability(roi, season, int(info.get("s1", 0)), int(info.get("s2", 0)), reason))
    return found


def availability_status(found: Sequence[Availability]) -> dict:
    """(seed, id) -> the ROI layer's status: "available", "no data", or "no data in winter, fall"
    when only some of its seasons have images."""
    missing, asked = {}, {}
    for a in found:
        key = (a.roi.seed, a.roi.id)
        asked.setdefault(key, []).append(a.season.name)
        if a.reason:
            missing.setdefault(key, []).append(a.season.name)
    status = {}
    for key, names in asked.items():
        lacking = missing.get(key, [])
        status[key] = ("available" if not lacking else "no data" if len(lacking) == len(names)
                       else "no data in " + ", ".join(lacking))
    return status


@dataclass(frozen=True)
class Preview:
    name: str  # the layer name
    url: str  # XYZ tile URL


def preview_images(requests: Sequence[Request], options, sign_in, *, stretch: bool = False,
                   progress: Progress | None = None, cancelled: IsCancelled | None = None) -> list[Preview]:
    """Map tiles of each request's S1 and S2 mosaic, styled like the recipe (or stretched per scene)."""
    from .earthengine import auth, exports, graph

    auth.ensure_session(sign_in, cancelled)
    previews = []
    for roi, season in _each(requests, progress, cancelled, _("Preview cancelled.")):
        for sensor, image in (("s1", graph.s1_image(roi, season, options)), ("s2", graph.s2_image(roi, season, options))):
            vis = (exports.stretched_vis(image, roi, sensor, options) if stretch
                   else exports.preview_vis(sensor, options))
            previews.append(Preview(f"{sensor.upper()} ROI {roi.id} {season.name} (preview)",
                                    exports.preview_url(image, vis)))
    return previews


@dataclass(frozen=True)
class FetchedScene:
    files: SceneFiles
    key: SceneKey
    check: Verdict | None  # the scene check (None when checks are off)
    s1_ids: tuple = ()
    s2_ids: tuple = ()


@dataclass
class FetchOutcome:
    scenes: list[FetchedScene] = field(default_factory=list)
    dropped: list = field(default_factory=list)  # earthengine.scenes.DroppedRequest: roi, season, reason
    plan: object = None  # earthengine.cost.Plan: made on the first requests; None when nothing was left to fetch
    eecu_seconds: float = 0.0  # the compute the run used, by Earth Engine's computation profiles


def fetch_scenes(requests: Sequence[Request], output: str | Path, options, sign_in, *,
                 dataset_name: str | None = None, concurrency: int | None = None, overwrite: bool = False,
                 thresholds: Thresholds | None = DEFAULT_THRESHOLDS, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None, log: Log | None = None, costs=None,
                 on_plan: Callable | None = None, labels: str | None = None) -> FetchOutcome:
    """Download every request's scene pair (resumable), then run the scene check on each.

    The check is stored beside the scene (``SceneFiles.scene_check``) and reused when nothing changed.
    ``costs`` (``earthengine.cost.CostOptions``: tier, budget, plan only) governs the plan made on
    the first requests, which ``on_plan`` gets before the bulk of the download. ``labels``: a
    land-cover product (``labels.PRODUCTS`` key) fetched with each scene as ``lc_N.tif``.
    """
    from .earthengine import auth, cost, scenes
    from .earthengine.transport import DEFAULT_CONCURRENCY
    from .labels import product

    if not requests:
        return FetchOutcome()  # nothing to ask for: nothing is contacted
    auth.ensure_session(sign_in, cancelled)
    log = log or (lambda message: None)
    with output_lock(ensure_writable_dir(output), DOWNLOAD_LOCK_NAME):  # one download per folder at a time
        fetched = scenes.fetch_scene_pairs(
            requests, output, options, dataset_name=dataset_name, concurrency=concurrency or DEFAULT_CONCURRENCY,
            overwrite=overwrite, progress=_share(progress, 0.0, 0.9), cancelled=cancelled, log=log,
            costs=costs or cost.CostOptions(), on_plan=on_plan, labels=product(labels))
    outcome = FetchOutcome(dropped=list(fetched.dropped), plan=fetched.plan, eecu_seconds=fetched.eecu_seconds)
    cancel_text = _("Scene checks cancelled; the downloaded scenes are kept.")
    for pair in _each(fetched.scenes, _share(progress, 0.9, 0.1), cancelled, cancel_text):
        verdict = None
        if thresholds is not None:
            verdict = stored_or_new_scene_check(pair.s1, pair.s2, thresholds)
            log(_("ROI {id} {name}: scene check {status} {value}").format(
                    id=pair.roi.id, name=pair.season.name, status=verdict.status, value='; '.join(verdict.reasons)))
        key = pair.files.key()
        outcome.scenes.append(FetchedScene(pair.files, key, verdict, pair.s1_ids, pair.s2_ids))
    return outcome


def plan_download(requests: Sequence[Request], output: str | Path, options, sign_in, *,
                  costs=None, **settings) -> FetchOutcome:
    """The download's plan, measured on its first requests, without the bulk (their tiles are kept,
    so the download resumes from them). ``settings`` as :func:`fetch_scenes` takes them."""
    from dataclasses import replace

    from .earthengine import cost

    return fetch_scenes(requests, output, options, sign_in, costs=replace(costs or cost.CostOptions(), plan_only=True),
                        **settings)


def write_requests(requests: Sequence[Request], output: str | Path, options, *, concurrency: int | None = None,
                   costs=None, labels: str | None = None) -> Path:
    """``OUTPUT/requests.json``: the exact expression graph of every request (and of its labels), and
    ``OUTPUT/plan.json``: what downloading them takes, as far as it is known without contacting anything."""
    from .earthengine import auth, cost, scenes
    from .earthengine.transport import DEFAULT_CONCURRENCY
    from .labels import product

    auth.initialize_offline()
    return scenes.write_requests(requests, output, options, concurrency=concurrency or DEFAULT_CONCURRENCY,
                                 costs=costs or cost.CostOptions(), labels=product(labels))


def read_plan(output: str | Path) -> dict:
    """``OUTPUT/plan.json`` as written by :func:`write_requests` or a download."""
    import json

    from .earthengine.cost import PLAN_FILE

    return json.loads((Path(output) / PLAN_FILE).read_text())


def start_exports(requests: Sequence[Request], options, sign_in, *, destination: str = "drive",
                  folder: str = "sen12", bucket: str | None = None, dataset_name: str | None = None,
                  progress: Progress | None = None, cancelled: IsCancelled | None = None,
                  log: Log | None = None) -> list[dict]:
    """Start the batch exports of every request; the started tasks as Earth Engine reports them now."""
    from .earthengine import auth, exports

    auth.ensure_session(sign_in, cancelled)
    log = log or (lambda message: None)
    started = []
    cancel_text = _("Starting exports cancelled; the tasks started so far keep running.")
    for roi, season in _each(requests, progress, cancelled, cancel_text):
        ids = exports.start_exports(roi, season, options, destination=destination, folder=folder, bucket=bucket,
                                    dataset_name=dataset_name, cancelled=cancelled)
        log(f"ROI {roi.id} {season.name}: tasks {', '.join(ids)}")
        started += ids
    status = {row["id"]: row for row in exports.export_status(cancelled=cancelled)}
    return [status.get(i, {"id": i, "description": "", "state": "UNKNOWN", "error": "", "eecu_seconds": None})
            for i in started]


def export_status(sign_in, cancelled: IsCancelled | None = None) -> list[dict]:
    """The user's export tasks, newest first: id, description, state, error, eecu_seconds (once done)."""
    from .earthengine import auth, exports

    auth.ensure_session(sign_in, cancelled)
    return exports.export_status(cancelled=cancelled)


@dataclass(frozen=True)
class SceneCheck:
    files: SceneFiles
    key: SceneKey
    verdict: Verdict


def check_scenes(folder: str | Path, thresholds: Thresholds = DEFAULT_THRESHOLDS, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None) -> list[SceneCheck]:
    """The scene check of every scene pair under ``folder`` (stored beside downloaded ones)."""
    return [SceneCheck(files, files.key(), stored_or_new_scene_check(files.s1, files.s2, thresholds))
            for files in _each(scenes_in_folder(folder), progress, cancelled, _("Scene checks cancelled."))]


# ----- 3. extract, check and index ---------------------------------------------------------


@dataclass(frozen=True)
class ExtractJob:
    s1: str
    s2: str
    options: ExtractOptions
    labels: LabelSource | None = None  # None: the scene's downloaded land cover, if any
    plan: ExtractPlan | None = None  # what the faces run: every decision taken by ``plan_extraction``

    @classmethod
    def of(cls, plan: ExtractPlan, labels: LabelSource | None = None) -> ExtractJob:
        return cls(plan.s1_path, plan.s2_path, plan.options, labels, plan)


def plan_jobs(pairs: Sequence[tuple[str, str, Choices]], output: str | Path,
              labels: LabelSource | None = None) -> tuple[list[ExtractJob], list[tuple[str, str]]]:
    """One job per pair whose plan holds, and (the S2 as given, the sentences) for each refused.

    ``pairs``: S1 and S2 as the analyst gives them (layer sources, files, product folders) with
    the choices for that pair. The faces call this in their background task (planning reads
    the rasters) and show each job's ``plan.reasons``.
    """
    jobs, refused = [], []
    for (_s1, s2, _choices), planned in zip(pairs, plan_pairs(pairs, output)):
        if isinstance(planned, PlanRefused):
            refused.append((s2, str(planned)))
        else:
            jobs.append(ExtractJob.of(planned, labels))
    return jobs, refused




@dataclass
class ExtractOutcome:
    scenes: list[DatasetScene] = field(default_factory=list)
    extracted: list[ExtractJob] = field(default_factory=list)  # the job of each of ``scenes``, in order
    index: Path | None = None
    failed: list[tuple[ExtractJob, str]] = field(default_factory=list)  # with ``keep_going``: why each failed
    rejected: list[tuple[ExtractJob, Verdict]] = field(default_factory=list)  # skipped: the scene check rejects them

    @property
    def patch_pairs(self) -> int:
        return sum(len(s.result.records) for s in self.scenes)


def extract_scenes(jobs: Sequence[ExtractJob], output: str | Path, *, overwrite: bool = False,
                   progress: Progress | None = None, cancelled: IsCancelled | None = None,
                   keep_going: bool = False, skip_rejected: bool = False) -> ExtractOutcome:
    """Extract, check and index every scene pair into ``output`` (see ``extract_into_dataset``).

    ``keep_going``: a pair that cannot be extracted (an InputError: too small, wrong units, ...)
    is listed in ``failed`` with its sentence and the others go on. ``skip_rejected``: a pair the
    scene check rejects (stored with a download, else checked now) is not extracted but listed in
    ``rejected``, so the analyst decides whether to extract it anyway.
    """
    outcome = ExtractOutcome()
    for n, job in enumerate(jobs):
        if cancelled is not None and cancelled():
            raise Cancelled(_("Extraction cancelled; finished scene pairs are kept."))
        try:  # a rejected scene is found before any patch: from its stored check, else its own decode
            share = _share(progress, n / len(jobs), 1 / len(jobs))
            if job.plan is not None:
                done = extract_plan(job.plan, overwrite=overwrite, progress=share, cancelled=cancelled,
                                    labels=job.labels, skip_rejected=skip_rejected)
            else:
                done = extract_into_dataset(job.s1, job.s2, output, job.options, overwrite=overwrite,
                                            progress=share, cancelled=cancelled, labels=job.labels,
                                            skip_rejected=skip_rejected)
        except InputError as exc:
            if not keep_going:
                raise
            outcome.failed.append((job, str(exc)))
            continue
        if done.rejected:
            outcome.rejected.append((job, done.verdict))
            continue
        outcome.scenes.append(done)
        outcome.extracted.append(job)
        outcome.index = done.index
    return outcome


# ----- 4. publish ---------------------------------------------------------------------------


@dataclass
class PublishOutcome:
    review: ReviewResult
    splits: SplitResult
    card: tuple[Path, Path]  # dataset_card.json, dataset_card.md


def publish(folder: str | Path, split_by: str = "scene", fractions=(0.8, 0.1, 0.1), seed: int = 0,
            progress: Progress | None = None) -> PublishOutcome:
    """Apply the review decisions, make the splits and write the dataset card, in that order."""
    progress = progress or _quiet
    moved = apply_review(folder)
    progress(0.6)
    sizes = make_splits(folder, split_by, fractions, seed)
    progress(0.8)
    card = write_dataset_card(folder)
    progress(1.0)
    return PublishOutcome(moved, sizes, card)


__all__ = [
    "Availability", "ExtractJob", "ExtractOutcome", "FetchOutcome", "FetchedScene", "Preview", "PublishOutcome",
    "Choices", "ExtractPlan", "PlanRefused", "SceneCheck", "apply_review", "plan_extraction", "plan_jobs", "check_availability", "check_scenes", "export_status", "extract_scenes",
    "fetch_scenes", "make_splits", "plan_download", "preview_images", "read_plan", "publish", "sample_rois", "start_exports",
    "write_dataset_card", "write_requests",
]
