"""One scene pair into a dataset folder: extract, check the scene, update the index, under one lock.

The Processing algorithm and the dock both run a plan (``core.plan``) through
:func:`extract_plan`, so the two faces cannot drift. The folder's lock is held from the identity
check to the last index row, so a second extraction into the same folder stops at once instead
of losing a scene. :func:`extract_into_dataset` does the same for a known pair named by
``ExtractOptions`` (tests, scripts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .extract import ExtractOptions, ExtractResult, IsCancelled, Progress, extract_pair, pixel_choices
from .fsutil import ensure_writable_dir
from .identity import output_lock
from .labels import LabelSource
from .quality import stored_or_new_scene_check
from .raster_pair import RasterPair, assess_pair


@dataclass
class DatasetScene:
    result: ExtractResult
    index: Path
    scene_qc: tuple  # status, reasons ("", "" without checks), flags, evidence, measures
    plan: object = None  # the ExtractPlan it ran, when it ran one


def extract_plan(plan, *, overwrite: bool = False, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None, labels: LabelSource | None = None) -> DatasetScene:
    """Run one ``ExtractPlan``: its patches, its scene check and its index rows; the plan is recorded."""
    done = _into_dataset(plan.pair, plan.output, plan.options, plan.warnings, plan.record(), overwrite=overwrite,
                         progress=progress, cancelled=cancelled, labels=labels,
                         sources=(Path(plan.s1_source).name, Path(plan.s2_source).name))
    done.plan = plan
    return done


def extract_into_dataset(
    s1_path: str | Path,
    s2_path: str | Path,
    output_dir: str | Path,
    options: ExtractOptions,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    labels: LabelSource | None = None,
) -> DatasetScene:
    """Extract a known pair named by ``options`` (see ``extract_scene_pair``), check it, index it.

    The index records the sources by file name only (datasets are shared; folders are private).
    ``labels`` None: the land cover ``fetch_scenes`` stored beside the scene, if any (no labels else).
    """
    options.dataset  # noqa: B018 - checks every name before anything is opened
    pair, reasons = assess_pair(s1_path, s2_path, pixel_choices(options), s1_values=False)
    return _into_dataset(pair, output_dir, options, [r.text for r in reasons if r.warning], None,
                         overwrite=overwrite, progress=progress, cancelled=cancelled, labels=labels,
                         sources=(Path(s1_path).name, Path(s2_path).name))


def _into_dataset(pair: RasterPair, output_dir, options: ExtractOptions, messages: list[str], plan: dict | None, *,
                  overwrite: bool, progress, cancelled, labels, sources: tuple[str, str]) -> DatasetScene:
    from .index import update_patch_index
    from .label_patches import downloaded_labels

    out = ensure_writable_dir(output_dir)
    with output_lock(out):
        labels = labels if labels is not None else downloaded_labels(pair.s1_path)
        result = extract_pair(pair, out, options, messages, plan=plan, progress=progress, cancelled=cancelled,
                              overwrite=overwrite, labels=labels)
        scene_qc = ("", "")
        if options.thresholds is not None:
            verdict = stored_or_new_scene_check(pair.s1_path, pair.s2_path, options.thresholds, options.s2_bands, pair)
            scene_qc = (verdict.status, "; ".join(verdict.reasons), verdict.flags, verdict.evidence,
                        verdict.measures)
        index = update_patch_index(result, options.season, options.seed, sources, scene_qc)
    return DatasetScene(result, index, scene_qc)
