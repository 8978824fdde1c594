"""One scene pair into a dataset folder: extract, check the scene, update the index, under one lock.

The Processing algorithm and the dock both call :func:`extract_into_dataset`, so the two faces
cannot drift. The folder's lock is held from the identity check to the last index row, so a
second extraction into the same folder stops at once instead of losing a scene.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from .extract import ExtractOptions, ExtractResult, IsCancelled, Progress, extract_scene_pair
from .fsutil import ensure_writable_dir
from .identity import made_ledger, output_lock
from .labels import LabelSource
from .quality import REJECT, Verdict, stored_or_new_scene_check, stored_scene_check, with_scene_flags


@dataclass
class DatasetScene:
    result: ExtractResult
    index: Path | None  # None when the scene was rejected and skipped (nothing indexed)
    scene_qc: tuple  # status, reasons ("", "" without checks), flags, evidence, measures
    verdict: Verdict | None = None  # the scene check (None without checks)
    plan: object = None  # the ExtractPlan it ran, when it ran one

    @property
    def rejected(self) -> bool:
        """Skipped because the scene check rejects it (``skip_rejected``): nothing was cut or indexed."""
        return self.result.rejected


def extract_plan(plan, *, overwrite: bool = False, progress: Progress | None = None,
                 cancelled: IsCancelled | None = None, labels: LabelSource | None = None,
                 skip_rejected: bool = False) -> DatasetScene:
    """Run one ``core.plan.ExtractPlan``: its patches, its scene check and its index rows; the plan
    is recorded with the scene (its identity record) and its warnings lead the result's messages."""
    done = extract_into_dataset(plan.s1_path, plan.s2_path, plan.output, plan.options, overwrite=overwrite,
                                progress=progress, cancelled=cancelled, labels=labels, skip_rejected=skip_rejected,
                                pair=plan.pair, plan=plan.record(), messages=tuple(plan.warnings))
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
    skip_rejected: bool = False,
    pair=None,
    plan: dict | None = None,
    messages: tuple[str, ...] = (),
) -> DatasetScene:
    """Extract the pair (see ``extract_scene_pair``), run the scene check, write the index rows.

    The index records the sources by file name only (datasets are shared; folders are private).
    ``labels`` None: the land cover ``fetch_scenes`` stored beside the scene, if any (no labels else).
    ``skip_rejected``: a scene the check rejects (stored with a download, else made from the
    extraction's own decode before any patch) is not cut; the result says ``rejected``.
    """
    from .index import update_patch_index
    from .label_patches import downloaded_labels

    options.dataset  # noqa: B018 - checks every name before the folder is created
    out = ensure_writable_dir(output_dir)
    with output_lock(out):
        labels = labels if labels is not None else downloaded_labels(s1_path)
        checks = options.thresholds is not None
        stored = stored_scene_check(s1_path, s2_path, options.thresholds, options.s2_bands) if checks else None
        if skip_rejected and stored is not None and stored.status == REJECT:
            return DatasetScene(ExtractResult(out, options.dataset, options.scene, None, rejected=True,
                                              scene_check=stored), None, _scene_qc(stored), stored)
        result = extract_scene_pair(s1_path, s2_path, out, options, progress, cancelled, overwrite=overwrite,
                                    labels=labels, scene_check=checks and stored is None,
                                    skip_if_rejected=skip_rejected and stored is None, pair=pair, plan=plan)
        result.messages[:0] = list(messages)
        started = time.perf_counter()
        verdict = None
        if checks:  # made from the decoded scene, else read from the files here; stored beside downloads
            verdict = stored or stored_or_new_scene_check(s1_path, s2_path, options.thresholds, options.s2_bands,
                                                          fresh=result.scene_check)
        if result.rejected:
            return DatasetScene(result, None, _scene_qc(verdict), verdict)
        _inherit_scene_flags(result, verdict)
        middle = time.perf_counter()
        index = update_patch_index(result, options.season, options.seed,
                                   (Path(s1_path).name, Path(s2_path).name), _scene_qc(verdict))
        made_ledger(out, options.dataset, options.scene).remove()  # the index holds the records now
        result.timings.update(scene_check=result.timings.get("scene_check", 0.0) + middle - started,
                              index=time.perf_counter() - middle)
    return DatasetScene(result, index, _scene_qc(verdict), verdict)


def _inherit_scene_flags(result: ExtractResult, verdict: Verdict | None) -> None:
    """Each patch record with what the scene check says of all its patches (``with_scene_flags``):
    the index, the review queue, the splits and the card then see it per patch."""
    if verdict is None:
        return
    for i, rec in enumerate(result.records):
        status, reasons, flags = with_scene_flags(rec.qc_status, rec.qc_reasons, rec.qc_flags, verdict)
        if (status, reasons, flags) != (rec.qc_status, rec.qc_reasons, rec.qc_flags):
            result.records[i] = replace(rec, qc_status=status, qc_reasons=reasons, qc_flags=flags)


def _scene_qc(verdict: Verdict | None) -> tuple:
    if verdict is None:
        return ("", "")
    return (verdict.status, "; ".join(verdict.reasons), verdict.flags, verdict.evidence, verdict.measures)
