"""ROIs x seasons -> availability check -> S1/S2 scene pair on disk, or a dropped ROI with its reason.

Also the batch-export and preview helpers that reuse the same recipe images.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import layout, recipe
from ..errors import InputError
from ..fsutil import atomic_path, ensure_writable_dir, output_error
from ..i18n import _
from ..jobs import JobRunner
from ..labels import LabelProduct
from ..rois import Roi, coverage_problem
from ..scene_files import SceneFiles
from ..seasons import Season
from . import cost, graph, land_cover, retry
from .graph import S1_DTYPE, S1_NODATA, S2_DTYPE, S2_NODATA
from .retry import RetryPolicy
from .tiling import PixelGrid, roi_grid
from .transport import DEFAULT_CONCURRENCY, DownloadRequest, Fetch, compute_pixels, download_images


@dataclass(frozen=True)
class ScenePair:
    roi: Roi
    season: Season
    files: SceneFiles
    s1_ids: tuple = ()
    s2_ids: tuple = ()

    @property
    def s1(self) -> Path:
        return self.files.s1

    @property
    def s2(self) -> Path:
        return self.files.s2


@dataclass(frozen=True)
class DroppedRequest:
    roi: Roi
    season: Season
    reason: str


@dataclass
class FetchResult:
    scenes: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    plan: cost.Plan | None = None  # None when nothing was left to fetch
    eecu_seconds: float = 0.0  # the compute this run used, by Earth Engine's computation profiles


def scene_files(output: Path, roi: Roi, season: Season, dataset_name: str | None = None) -> SceneFiles:
    """``OUTPUT/{dataset}/scenes/``: where the ROI's scene pair for the season goes."""
    return SceneFiles.in_output(output, layout.dataset_name(season.name, roi.seed, dataset_name), roi.id)


def scene_identity(roi: Roi, season: Season, options: graph.RecipeOptions, grid: PixelGrid) -> dict:
    """What makes a scene pair: ROI geometry, dates, recipe options, grid, types and no-data."""
    return {
        "recipe_version": recipe.RECIPE_VERSION, "roi": roi.id,
        "ring": [[round(x, 7), round(y, 7)] for x, y in roi.ring],
        "season": season.name, "start": str(season.start), "end": str(season.end),
        "options": asdict(options),
        "grid": {"crs": grid.crs, "transform": list(grid.transform), "width": grid.width, "height": grid.height},
        "s1": {"dtype": S1_DTYPE, "nodata": S1_NODATA}, "s2": {"dtype": S2_DTYPE, "nodata": S2_NODATA},
    }


def _describe(identity: dict | None) -> str:
    if not identity:
        return _("files without a record of what made them")
    xs = [p[0] for p in identity["ring"]]
    ys = [p[1] for p in identity["ring"]]
    changed = {k: v for k, v in identity["options"].items() if v != asdict(graph.RecipeOptions()).get(k)}
    return (_("ROI {roi} around {value:.4f}, {value2:.4f}, {start} to {end}, grid {crs} {width} x {height} px, "
              "options {value3}, recipe {recipe_version}").format(
                roi=identity['roi'], value=sum(xs) / len(xs), value2=sum(ys) / len(ys), start=identity['start'], end=identity['end'], crs=identity['grid']['crs'], width=identity['grid']['width'], height=identity['grid']['height'], value3=changed or _("as the paper"), recipe_version=identity['recipe_version']))


def refuse_duplicate_ids(requests: list, dataset_name: str | None = None) -> None:
    """Two different ROIs with one id would share one scene folder entry: refused."""
    seen: dict = {}
    for roi, season in requests:
        key = (layout.dataset_name(season.name, roi.seed, dataset_name), roi.id)
        other = seen.setdefault(key, roi)
        if other is not roi and list(other.ring) != list(roi.ring):
            raise InputError(
                _("ROI id {id} is used by two different ROIs in {value}; scenes are stored by id, so give "
                  "every ROI its own id.").format(id=roi.id, value=key[0]))


def _prior(files: SceneFiles, identity: dict, overwrite: bool) -> dict | None:
    """The record of the scene already there if it has this identity; None when there is none.

    Another identity stops the run with both named, unless ``overwrite``: then exactly this
    scene's files are removed.
    """
    present = [f for f in files.all_files() if f.exists()]
    if not present:
        return None
    old = files.read_record() or None
    if old is not None and old.get("identity") == identity:
        return old
    if not overwrite:
        previous = old.get("identity") if isinstance(old, dict) else None
        raise InputError(
            _("{folder} already holds scene {scene} made from {value}; this run asks for {value2}. Choose "
              "another output folder or dataset name, or set OVERWRITE to replace that scene.").format(
                folder=files.folder, scene=files.scene, value=_describe(previous), value2=_describe(identity)))
    try:
        for path in present:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    except OSError as exc:
        raise output_error(exc, path) from exc
    return None


def check_availability(roi: Roi, season: Season, options: graph.RecipeOptions,
                       policy: RetryPolicy | None = None, cancelled: Callable[[], bool] | None = None) -> tuple:
    """Image counts and ids for the ROI and season, and why it must be dropped (or None)."""
    info = retry.call(graph.availability(roi, season, options).getInfo, policy, cancelled)
    reasons = []
    if not info.get("s1"):
        reasons.append(_("no Sentinel-1 GRD IW {value} image").format(value='+'.join(options.s1_bands)))
    if not info.get("s2"):
        reasons.append(_("no Sentinel-2 image with at most {max_cloud:g} % cloud").format(
                           max_cloud=options.max_cloud))
    reason = " and ".join(reasons)
    if reason:
        reason = _("{reason} between {start} and {end}").format(reason=reason, start=season.start, end=season.end)
    return info, reason or None


def _write_record(path: Path, identity: dict, seed: int | None, info: dict, complete: bool) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps({
            "roi": identity["roi"], "seed": seed, "season": identity["season"], "start": identity["start"],
            "end": identity["end"], "utm_epsg": int(identity["grid"]["crs"].split(":")[1]),
            "grid": identity["grid"]["transform"], "width": identity["grid"]["width"],
            "height": identity["grid"]["height"], "s1_ids": list(info.get("s1_ids", [])),
            "s2_ids": list(info.get("s2_ids", [])), "complete": complete, "identity": identity,
        }, indent=1))


def fetch_scene_pairs(
    requests: Iterable,
    output,
    options: graph.RecipeOptions = graph.RecipeOptions(),
    *,
    dataset_name: str | None = None,
    fetch: Fetch = compute_pixels,
    concurrency: int = DEFAULT_CONCURRENCY,
    policy: RetryPolicy | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    log: Callable[[str], None] = lambda message: None,
    overwrite: bool = False,
    labels: LabelProduct | None = None,
    costs: cost.CostOptions | None = None,
    on_plan: Callable[[cost.Plan], None] | None = None,
) -> FetchResult:
    """Check availability, then download both scenes of every kept ROI and season, all tiles in one pool.

    A ROI outside Sentinel-2 coverage or without images is dropped with its reason. A scene
    already made from the same inputs is kept (resume); one made from other inputs stops the
    run (or, with ``overwrite``, is replaced). ``labels``: a land-cover product fetched with
    every scene into ``lc_N.tif`` through the same pool (``land_cover``). The run's plan
    (:mod:`.cost`) is made on its first requests, logged, written to ``OUTPUT/plan.json`` and
    given to ``on_plan``; a budget in ``costs`` stops the run with :class:`.cost.BudgetExceeded`
    (tiles kept, a re-run resumes); ``costs.plan_only`` stops once the plan is made.
    """
    output = ensure_writable_dir(output)
    requests = list(requests)
    refuse_duplicate_ids(requests, dataset_name)
    unique = {}
    for roi, season in requests:  # the same ROI and season twice is one request
        unique.setdefault((roi.id, roi.seed, season.name), (roi, season))
    requests = list(unique.values())
    result = FetchResult()
    todo, label_jobs = [], []
    for roi, season in requests:
        problem = coverage_problem(roi)
        if problem:
            result.dropped.append(DroppedRequest(roi, season, problem))
            log(_("ROI {id}, {season}: dropped, {problem}").format(id=roi.id, season=season.name, problem=problem))
            continue
        files = scene_files(output, roi, season, dataset_name)
        grid = roi_grid(roi)
        identity = scene_identity(roi, season, options, grid)
        prior = _prior(files, identity, overwrite)
        if prior and prior.get("complete") and files.exists():
            result.scenes.append(ScenePair(roi, season, files, tuple(prior.get("s1_ids", ())),
                                           tuple(prior.get("s2_ids", ()))))
            log(_("ROI {id}, {name}: already downloaded with the same inputs").format(
                    id=roi.id, name=season.name))
            label_jobs.append((roi, season, files, grid))
            continue
        todo.append((roi, season, files, grid, identity))

    def ask(item):
        return check_availability(item[0], item[1], options, policy, cancelled)

    cancel_text = _("Fetching cancelled; finished scenes are kept and a re-run resumes.")
    with ThreadPoolExecutor(max_workers=max(1, min(8, concurrency, len(todo) or 1))) as pool, \
            JobRunner(cancelled, cancel_text=cancel_text) as runner:
        answers = runner.run(pool, ask, [(item,) for item in todo],
                             describe=lambda job: _("the availability of ROI {id} {name}").format(
                                                      id=job[0][0].id, name=job[0][1].name))
    jobs, kept = [], []
    for (roi, season, files, grid, identity), (info, reason) in zip(todo, answers):
        if reason:
            result.dropped.append(DroppedRequest(roi, season, reason))
            log(_("ROI {id}, {season}: dropped, {problem}").format(id=roi.id, season=season.name, problem=reason))
            continue
        files.folder.mkdir(parents=True, exist_ok=True)
        _write_record(files.record, identity, roi.seed, info, complete=False)
        jobs += [DownloadRequest(graph.s1_download(roi, season, options), grid, options.s1_bands, S1_DTYPE, S1_NODATA,
                                 files.s1, graph.S1_VALID),
                 DownloadRequest(graph.s2_download(roi, season, options), grid, options.s2_bands, S2_DTYPE, S2_NODATA,
                                 files.s2, graph.S2_VALID),
                 # the S2 mosaic's QA on the same grid: Cloud Score+ and provenance (quality checks' evidence)
                 DownloadRequest(graph.s2_qa_download(roi, season, options), grid, graph.QA_BANDS, graph.QA_DTYPE,
                                 graph.QA_NODATA, files.qa, graph.QA_VALID)]
        kept.append((roi, season, files, identity, info))
        label_jobs.append((roi, season, files, grid))
    labelled = []  # scenes whose labels are missing (also scenes fetched before without them)
    for roi, season, files, grid in label_jobs if labels is not None else ():
        request = land_cover.label_request(roi, season, labels, files, grid, overwrite)
        if request is not None:
            jobs.append(request)
            labelled.append((roi, season, files, grid))
    if progress:
        progress(0.05)

    def planned(plan: cost.Plan) -> None:
        cost.write_plan(plan, output)
        log(plan.summary())
        if on_plan is not None:
            on_plan(plan)

    costs = costs or cost.CostOptions()
    meter = cost.Meter(costs, scenes=sum(not (k[2].s1.exists() and k[2].s2.exists()) for k in kept),
                       concurrency=concurrency, on_plan=planned, policy=policy, cancelled=cancelled,
                       known_rates=cost.measured_rates(output))
    download_images(jobs, fetch, concurrency=concurrency, policy=policy, cancelled=cancelled, meter=meter,
                    progress=(lambda f: progress(0.05 + 0.95 * f)) if progress else None, log=log)
    result.plan, result.eecu_seconds = meter.plan, meter.finish()
    if meter.plan is not None and not costs.plan_only:
        log(_("This download used {eecu_seconds:.3g} EECU-seconds ({value:.3g} EECU-hours) by Earth Engine's "
              "computation profiles").format(
                eecu_seconds=result.eecu_seconds, value=result.eecu_seconds / 3600)
            + (_("; {unmeasured} answer(s) came without a profile").format(unmeasured=meter.unmeasured) if meter.unmeasured else "")
            + (_("; some profiles could not be read ({unreadable}), so this is less than it used").format(
                   unreadable=meter.unreadable)
               if meter.unreadable else "") + ".")
    if costs.plan_only:
        return result
    for roi, season, files, identity, info in kept:
        _write_record(files.record, identity, roi.seed, info, complete=True)
        result.scenes.append(ScenePair(roi, season, files, tuple(info.get("s1_ids", ())),
                                       tuple(info.get("s2_ids", ()))))
        log(_("ROI {id}, {name}: {name2} and {name3} written").format(
                id=roi.id, name=season.name, name2=files.s1.name, name3=files.s2.name))
    for roi, season, files, grid in labelled:
        log(land_cover.finish_labels(roi, season, labels, files, grid))
    return result


def write_requests(requests: Iterable[tuple[Roi, Season]], output: str | Path,
                   options: graph.RecipeOptions = graph.RecipeOptions(), *,
                   concurrency: int = DEFAULT_CONCURRENCY, costs: cost.CostOptions | None = None,
                   labels: LabelProduct | None = None) -> Path:
    """``OUTPUT/requests.json``: every request's expression graph (and its labels'), and ``OUTPUT/plan.json``:
    the plan of downloading the requests inside Sentinel-2 coverage (compute unmeasured); contacts nothing."""
    records, images, scenes = [], [], 0
    for roi, season in requests:
        record = graph.request_record(roi, season, options, labels)
        grid = roi_grid(roi)
        record["grid"] = {"crs": grid.crs, "crsTransform": list(grid.transform),
                          "width": grid.width, "height": grid.height}
        record["dropped"] = coverage_problem(roi)
        records.append(record)
        if not record["dropped"]:
            scenes += 1
            images += graph.scene_images(grid, options, labels)
    folder = ensure_writable_dir(output)
    target = folder / "requests.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps({"recipe_version": recipe.RECIPE_VERSION, "requests": records}, indent=1))
    cost.write_plan(cost.static_plan(cost.work_of(images, concurrency), scenes, concurrency,
                                     costs or cost.CostOptions()), folder)
    return target
