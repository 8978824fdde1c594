"""The dataset card: ``dataset_card.json`` and ``dataset_card.md`` in the output folder.

Recipe and its version, collections, the Earth Engine image ids of each mosaic (when the
scenes came from ``fetch_scenes``), dates, ROIs, counts before and after each check, the
thresholds, the tool's version, the citation and the Copernicus attribution.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path, PureWindowsPath

from . import recipe, vocab
from .errors import Sen12Error
from .fsutil import ConfinedWriter
from .i18n import _
from .identity import identity_path, read_identity
from .index import SCENES_LAYER, index_path, read_rows
from .label_patches import card_labels, card_markdown
from .names import whole_number
from .qc_reasons import REASONS
from .quality import Thresholds
from .review import REJECTED_DIR, read_patch_rows, root_guards, trusted_paths
from .seasons import paper_season


def _tool_version() -> str:
    try:
        from .. import __version__

        return __version__
    except ImportError:  # pragma: no cover - core used without the plugin package
        return "unknown"


def _scene_record(root: Path, dataset, scene) -> dict:
    """The scene's identity record (what made its patches, and the plan it ran), {} when there is none.

    Read from inside the dataset folder only: no path from the index is followed.
    """
    try:
        record = read_identity(identity_path(root, dataset, whole_number(scene, _("Scene number"))))
    except Sen12Error:
        return {}
    return record or {}


def _scene_meta(root: Path, dataset, scene) -> dict:
    """Dates and Earth Engine image ids recorded at extraction (the scene's identity record)."""
    meta = _scene_record(root, dataset, scene).get("download")
    return meta if isinstance(meta, dict) else {}


def _settings(record: dict) -> dict:
    """What the run that made a scene used, from its record (never the recipe's constants)."""
    plan = record.get("plan") if isinstance(record.get("plan"), dict) else {}
    out = {k: record.get(k) for k in ("patch_size", "stride", "stretch", "formats") if record.get(k) is not None}
    if out.get("stretch") == "percentile":
        out["stretch_percentiles"] = list(recipe.STRETCH_PERCENTILES)
    for key in ("thresholds", "bands"):
        if plan.get(key) is not None or record.get(key) is not None:
            out[key] = plan.get(key) if plan.get(key) is not None else record.get(key)
    return out


def _source(record: dict) -> dict:
    """Where the scene's pixels came from: the Earth Engine collections and filters its download
    asked for (its record), or the analyst's own files; never the paper's recipe by default."""
    meta = record.get("download") if isinstance(record.get("download"), dict) else {}
    if not meta:
        return {"kind": "own files"} if record else {"kind": "not recorded"}
    options = meta.get("options") if isinstance(meta.get("options"), dict) else None
    if options is None:  # a download recorded before its options were: only the collections are known
        return {"kind": "earthengine", "s1_collection": recipe.S1_COLLECTION, "s2_collection": "not recorded"}
    level = options.get("s2_level", "L1C")
    return {"kind": "earthengine", "s1_collection": recipe.S1_COLLECTION,
            "s2_collection": recipe.S2_SR_COLLECTION if level == "L2A" else recipe.S2_COLLECTION,
            "s2_level": level, "max_cloud_percent": options.get("max_cloud", recipe.S2_MAX_CLOUD_PERCENT),
            "orbit": options.get("orbit", "both"),
            "s1_bands": list(recipe.S1_BANDS_DUAL if options.get("dual_pol") else recipe.S1_BANDS),
            "all_s2_bands": bool(options.get("all_s2_bands"))}


def _source_text(source) -> str:
    if not isinstance(source, dict):
        return str(source)
    if source.get("kind") != "earthengine":
        return source.get("kind", "")
    text = f"Earth Engine `{source['s1_collection']}` and `{source['s2_collection']}`"
    if "max_cloud_percent" in source:
        text += (f" ({source['s2_level']}, cloud <= {source['max_cloud_percent']:g} %, orbit {source['orbit']}, "
                 f"S1 {'+'.join(source['s1_bands'])})")
    return text


def _input_warnings(record: dict) -> list[str]:
    """What the plan converted or assumed about the scene's inputs (linear power to dB, reflectance
    times 10000, a resampled S1, a fill taken as no-data, a band order assumed), as it said it."""
    plan = record.get("plan") if isinstance(record.get("plan"), dict) else {}
    reasons = plan.get("reasons") if isinstance(plan.get("reasons"), list) else []
    return [r["text"] for r in reasons if isinstance(r, dict) and r.get("warning") and isinstance(r.get("text"), str)]


def _conversions(record: dict) -> list[str]:
    """What the extraction did to the scene's values, from the decisions its identity records (the
    pixels as they were finally read, after the decode decided S1's units)."""
    pixels = record.get("pixels") if isinstance(record.get("pixels"), dict) else {}
    out = []
    if pixels.get("s1_linear"):
        out.append("S1 linear power converted to dB (10 log10)")
    if pixels.get("s2_scale") not in (None, 1, 1.0):
        out.append(f"S2 reflectance times {pixels['s2_scale']:g} to digital numbers")
    if pixels.get("s2_offset"):
        out.append(f"S2 processing-baseline offset {pixels['s2_offset']:g} subtracted")
    if pixels.get("warp_s1"):
        out.append("S1 resampled (bilinear) onto the S2 grid")
    for sensor in ("s1", "s2"):
        if pixels.get(f"{sensor}_fill") is not None:
            out.append(f"{sensor.upper()} untagged edge value {pixels[f'{sensor}_fill']:g} taken as no-data")
    return out


def _one(values: list):
    """The value every scene shares, else "varies" (None without any)."""
    found = [v for v in values if v is not None]
    if not found:
        return None
    return found[0] if all(v == found[0] for v in found) else "varies (see scenes)"


def _file_name(source) -> str | None:
    """Only the file name of a source: the card never carries the user's folders."""
    return PureWindowsPath(str(source)).name if source else None


def _pair_on_disk(root: Path, row: dict, guards) -> bool:
    """Both PNGs of a row exist, for rows whose paths are the layout's paths inside ``root``."""
    try:
        paths = trusted_paths(root, row, guards)
    except Sen12Error:
        return False
    return bool(row.get("s1_path") and row.get("s2_path")) and all((root / p).exists() for p in paths[:2])


def _flags(text) -> list[str]:
    return [k for k in (text or "").split(",") if k]


def _by_reason(flag_texts) -> dict[str, int]:
    counts = Counter(k for text in flag_texts for k in _flags(text))
    return {kind: counts.get(kind, 0) for kind in REASONS if kind != "input" or counts.get(kind)}


MEASURED_SHARE = 0.01  # a patch "has" snow, cloud or shadow from 1 % of its pixels on
SURFACE_MEASURES = ("cloud", "cloud_or_snow", "snow", "shadow")  # measured per patch; snow is kept, not flagged


def _measured_by_reason(patches) -> dict[str, int]:
    """Patches whose measure of each surface kind is at least ``MEASURED_SHARE``, flagged or not:
    snow never flags by default (it is kept), so only this says how much of a dataset is snow."""
    return {kind: sum(1 for p in patches if (p.get(kind) or 0.0) >= MEASURED_SHARE) for kind in SURFACE_MEASURES}


def build_card(output_dir: str | Path, thresholds: Thresholds | None = None) -> dict:
    root = Path(output_dir)
    checked = read_patch_rows(root)
    patches = checked.rows
    scenes = read_rows(index_path(root), SCENES_LAYER)
    finals = Counter(p["final"] for p in patches)
    guards = root_guards(root)
    on_disk = sum(1 for p in patches if _pair_on_disk(root, p, guards))
    years = set()
    scene_list = []
    for s in scenes:
        record = _scene_record(root, s.get("dataset"), s.get("scene"))
        meta = record.get("download") if isinstance(record.get("download"), dict) else {}
        plan = record.get("plan") if isinstance(record.get("plan"), dict) else {}
        planned = plan.get("dates") if isinstance(plan.get("dates"), dict) else {}
        season = s.get("season") or ""
        # the dates the pixels were acquired (a download's range, else the plan's acquisition dates);
        # the paper's season table only where nothing recorded them
        start = meta.get("start") or planned.get("start") or ""
        end = meta.get("end") or planned.get("end") or ""
        season_range = ""
        year = plan.get("year") or (int(end[:4]) if end else None)
        try:
            span = paper_season(season, year or recipe.PAPER_YEAR)
            season_range = f"{span.start.isoformat()}..{span.end.isoformat()}"
            if not start and not plan:  # an old record: the season's dates, as before
                start, end = span.start.isoformat(), span.end.isoformat()
        except Exception:  # noqa: BLE001 - a custom season name
            pass
        if end:
            years.add(int(end[:4]))
        scene_list.append({
            "dataset": s["dataset"], "scene": s["scene"], "roi": s["scene"], "seed": s.get("seed"),
            "season": season, "start": start, "end": end, "season_range": season_range,
            "acquired": {"s1": planned.get("s1"), "s2": planned.get("s2")} if planned.get("s1") or planned.get("s2")
            else None, "settings": _settings(record), "s1_source": _file_name(s.get("s1_source")),
            "s2_source": _file_name(s.get("s2_source")), "s1_image_ids": meta.get("s1_ids", []),
            "s2_image_ids": meta.get("s2_ids", []), "grid_positions": s.get("grid_positions"),
            "dropped_nodata": s.get("dropped_nodata"), "patch_pairs": s.get("patches"),
            "source": _source(record), "conversions": _conversions(record),
            "input_warnings": _input_warnings(record),
            "label_source": s.get("label_source") or None, "dropped_unlabeled": s.get("dropped_unlabeled") or 0,
            "scene_check": s.get("scene_qc_status") or "not run", "scene_check_reasons": s.get("scene_qc_reasons") or "",
            "scene_check_flags": _flags(s.get("scene_qc_flags")), "evidence": s.get("scene_qc_evidence") or "",
            "s1_s2_offset_px": None if s.get("offset_col") is None else
            {"east": round(s["offset_col"], 2), "south": round(s.get("offset_row") or 0.0, 2)},
            # the check ran, found no clear and confirmed alignment (too little structure, or halves
            # that disagree: then a reason says so): not measurable, never a guess
            "s1_s2_offset": "not run" if not s.get("scene_qc_status") else
            "measured" if s.get("offset_col") is not None else "not measurable",
        })
    counts = {
        "scenes": len(scenes),
        "grid_positions": sum(s.get("grid_positions") or 0 for s in scenes),
        "dropped_nodata": sum(s.get("dropped_nodata") or 0 for s in scenes),
        "dropped_unlabeled": sum(s.get("dropped_unlabeled") or 0 for s in scenes),
        "after_nodata": len(patches),
        "auto_pass": sum(p["qc_status"] == vocab.PASS for p in patches),
        "auto_review": sum(p["qc_status"] == vocab.REVIEW for p in patches),
        "auto_reject": sum(p["qc_status"] == vocab.REJECT for p in patches),
        "decided_accept": sum(p["decision"] == vocab.ACCEPT for p in patches),
        "decided_reject": sum(p["decision"] == vocab.REJECT for p in patches),
        "final_accept": finals.get("accept", 0),
        "final_reject": finals.get("reject", 0),
        "pairs_on_disk": on_disk,
        # patches (automatic checks) and scenes flagged per reason; one patch can count under several
        "flagged_by_reason": _by_reason(p.get("qc_flags") for p in patches),
        "scenes_by_reason": _by_reason(s.get("scene_qc_flags") for s in scenes),
        "measured_by_reason": _measured_by_reason(patches),  # patches with >= 1 % of it, flagged or kept
        "rows_skipped": len(checked.refused),
    }
    year_text = ", ".join(str(y) for y in sorted(years)) or str(recipe.PAPER_YEAR)
    return {
        "name": root.name,
        "tool": {"name": "SEN1-2 Patch Builder (QGIS plugin)", "version": _tool_version()},
        "recipe": {
            "version": recipe.RECIPE_VERSION, "citation": recipe.PAPER_CITATION,
            "sentinel1": {"collection": recipe.S1_COLLECTION, "instrument_mode": recipe.S1_INSTRUMENT_MODE,
                          "bands": list(recipe.S1_BANDS), "db_range": list(recipe.S1_DB_RANGE)},
            "sentinel2": {"collection": recipe.S2_COLLECTION, "max_cloud_percent": recipe.S2_MAX_CLOUD_PERCENT,
                          "bands": list(recipe.S2_BANDS), "dn_range": list(recipe.S2_DN_RANGE)},
            "mosaic": "mosaic() then clip(roi), 10 m", "stretch_percentiles": list(recipe.STRETCH_PERCENTILES),
            "patch_size": recipe.PATCH_SIZE, "stride": recipe.PATCH_STRIDE,  # the paper's; "run" holds this one's
        },
        "run": {**{key: _one([sc["settings"].get(key) for sc in scene_list])
                   for key in ("patch_size", "stride", "stretch", "stretch_percentiles", "formats", "bands")},
                "sources": _one([sc["source"] for sc in scene_list])},
        # the thresholds the scenes' checks ran with; "checks off" when none ran (never the defaults)
        "thresholds": (_one(judged) if (judged := [sc["settings"]["thresholds"] for sc in scene_list
                                                   if sc["settings"].get("thresholds") is not None])
                       else "checks off" if scene_list else asdict(thresholds or Thresholds())),
        "checks_off_scenes": [f"{sc['dataset']} scene {sc['scene']}" for sc in scene_list
                              if sc["settings"].get("thresholds") is None and sc["scene_check"] == "not run"],
        "counts": counts,
        "rejected_files_folder": REJECTED_DIR,
        "scenes": scene_list,
        "labels": card_labels(root, patches),
        "skipped_rows": checked.refused,
        "attribution": recipe.ATTRIBUTION.format(year=year_text),
        "licence": "SEN1-2 recipe: CC-BY (cite the paper). Copernicus Sentinel data: free and open.",
    }


def _offset_text(offset, state: str = "measured") -> str:
    if offset is None:
        return "not measurable" if state == "not measurable" else "not measured"
    return f"{offset['east']:+.1f} east, {offset['south']:+.1f} south"


def write_dataset_card(output_dir: str | Path, thresholds: Thresholds | None = None) -> tuple[Path, Path]:
    card = build_card(output_dir, thresholds)
    root = Path(output_dir)
    json_path, md_path = root / "dataset_card.json", root / "dataset_card.md"
    writer = ConfinedWriter(root)
    writer.write_text(json_path, json.dumps(card, indent=1))
    c = card["counts"]
    lines = [
        f"# Dataset card: {card['name']}", "",
        f"Built with {card['tool']['name']} {card['tool']['version']}, recipe {card['recipe']['version']} "
        f"after {card['recipe']['citation']}.", "",
        f"**{card['attribution']}.** {card['licence']}", "",
        "## Recipe (the paper's; what this run used is below)", "",
        f"- Sentinel-1: `{card['recipe']['sentinel1']['collection']}`, {card['recipe']['sentinel1']['instrument_mode']}, "
        f"{', '.join(card['recipe']['sentinel1']['bands'])}, clipped to {card['recipe']['sentinel1']['db_range']} dB",
        f"- Sentinel-2: `{card['recipe']['sentinel2']['collection']}`, cloud <= {card['recipe']['sentinel2']['max_cloud_percent']} %, "
        f"{', '.join(card['recipe']['sentinel2']['bands'])}, clipped to {card['recipe']['sentinel2']['dn_range']}",
        f"- {card['recipe']['mosaic']}",
        "", "## This run (from the scenes' records)", "",
        f"- patch size {card['run']['patch_size']} px, stride {card['run']['stride']} px",
        f"- stretch {card['run']['stretch']}" + (f" ({card['run']['stretch_percentiles']} percentiles per band and scene)"
                                                  if isinstance(card['run']['stretch_percentiles'], list) else ""),
        f"- formats {card['run']['formats']}; bands {card['run']['bands']}",
        f"- sources: {_source_text(card['run']['sources'])}",
        "", "## Counts", "",
        "| step | count |", "|---|---|",
        f"| scenes | {c['scenes']} |",
        f"| patch positions on the grid | {c['grid_positions']} |",
        f"| dropped for no-data | {c['dropped_nodata']} |",
        *([f"| dropped for an all-unlabeled label patch | {c['dropped_unlabeled']} |"] if c["dropped_unlabeled"] else []),
        f"| patch pairs after the no-data check | {c['after_nodata']} |",
        f"| automatic checks: pass / review / reject | {c['auto_pass']} / {c['auto_review']} / {c['auto_reject']} |",
        f"| analyst decisions: accept / reject | {c['decided_accept']} / {c['decided_reject']} |",
        f"| final: accepted / rejected | {c['final_accept']} / {c['final_reject']} |",
        f"| pairs on disk in the dataset folders | {c['pairs_on_disk']} |",
        "", "## Flagged by reason", "",
        f"Measured: patches with at least {MEASURED_SHARE:.0%} of their pixels of it, flagged or not (snow is "
        "kept: it is measured, not flagged, unless a snow threshold is set).", "",
        "| reason | patches flagged | scenes flagged | patches measured |", "|---|---|---|---|",
        *(f"| {kind} | {n} | {c['scenes_by_reason'].get(kind, 0)} | {c['measured_by_reason'].get(kind, '-')} |"
          for kind, n in c["flagged_by_reason"].items()),
        f"| index rows skipped (see below) | {c['rows_skipped']} | | |",
        "", "## Thresholds", "", *([f"- `{k}`: {v}" for k, v in card["thresholds"].items()] if isinstance(
            card["thresholds"], dict) else [f"- {card['thresholds']}"]),
        *([f"- checks off for: {', '.join(card['checks_off_scenes'])}"] if card["checks_off_scenes"] and isinstance(
            card["thresholds"], dict) else []),
        "", "## Scenes", "", "| dataset | scene | season | dates | patch pairs | scene check | evidence | S1/S2 offset (px) | S2 images |",
        "|---|---|---|---|---|---|---|---|---|",
        *(f"| {s['dataset']} | {s['scene']} | {s['season']} | {s['start']}..{s['end']} | {s['patch_pairs']} | "
          f"{s['scene_check']}{' (' + ', '.join(s['scene_check_flags']) + ')' if s['scene_check_flags'] else ''} | "
          f"{s['evidence'] or '-'} | {_offset_text(s['s1_s2_offset_px'], s['s1_s2_offset'])} | {', '.join(s['s2_image_ids']) or '-'} |"
          for s in card["scenes"]),
        "", "## Where each scene came from, and what was converted", "",
        *(f"- {s['dataset']} scene {s['scene']}: {_source_text(s['source'])}"
          + "".join(f"\n  - {w}" for w in s["conversions"] + s["input_warnings"]) for s in card["scenes"]),
        "", *card_markdown(card["labels"]),
        *(["## Index rows skipped", "", *(f"- {text}" for text in card["skipped_rows"]), ""]
          if card["skipped_rows"] else []),
    ]
    writer.write_text(md_path, "\n".join(lines))
    return json_path, md_path
