"""Label patches as the third file of each pair: the extraction's label step, and what the index,
splits and card read back.

Before the patches are cut, the scene's label is put on the pair's grid once
(``label_raster``) as ``{dataset}/label_rasters/lc_{scene}.tif`` and the dataset's class map
``{dataset}/class_map.json`` is extended by the scene's classes (an id never changes meaning).
The patch job then writes ``{dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png`` (and ``.tif``)
beside the pair, with the same numbers and drops; a pair whose label is all unlabeled can be
dropped on request. A scene fetched from Earth Engine with a land-cover product brings its own
``lc_N.tif``: extraction uses it when no other label source is given.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .labels import (
    LABEL_RASTERS_DIR,
    ClassMap,
    LabelSource,
    RasterLabels,
    SceneLabel,
    class_map_path,
    class_map_text,
    counts_of,
    product,
    read_class_map,
    read_sources,
)


def label_identity(labels: LabelSource | None, drop_unlabeled: bool) -> dict | None:
    """What about the labels shapes the patch files (part of the scene's identity); None without labels."""
    if labels is None:
        return None
    found = {"source": labels.describe(), **labels.identity(), "drop_unlabeled": bool(drop_unlabeled)}
    if isinstance(labels, RasterLabels):
        from .identity import source_identity

        found["file"] = source_identity(labels.path)
    return found


def label_raster_path(output_dir: str | Path, dataset: str, scene: int) -> Path:
    return Path(output_dir) / dataset / LABEL_RASTERS_DIR / f"lc_{int(scene)}.tif"


def prepare_scene_label(output_dir: str | Path, dataset: str, scene: int, labels: LabelSource, grid) -> SceneLabel:
    """The scene's label on ``grid`` (the pair's) and the dataset's class map extended by its classes.

    Raises:
        InputError: the source cannot be labels on this grid, or a class id would change meaning
            in the dataset.
    """
    from .fsutil import ConfinedWriter
    from .label_raster import build_scene_label

    writer = ConfinedWriter(output_dir)  # a linked dataset folder is refused, never written through
    map_path = writer.target(class_map_path(output_dir, dataset))
    known = read_class_map(map_path)
    raster = writer.target(label_raster_path(output_dir, dataset, scene))
    writer.mkdir(raster.parent)
    label = build_scene_label(labels, grid, raster, known)
    merged = (known or ClassMap()).merged(label.classes, dataset)
    writer.write_text(map_path, class_map_text(merged, [*read_sources(map_path), label.source]))
    return label


def downloaded_labels(s1_path: str | Path) -> RasterLabels | None:
    """The land-cover raster ``fetch_scenes`` stored beside this scene (``lc_N.tif``), else None."""
    from .scene_files import SceneFiles

    files = SceneFiles.parse(s1_path)
    if files is None or not files.label.is_file():
        return None
    record = files.read_label_record()
    found = product(record.get("product")) if isinstance(record.get("product"), str) else None
    if found is None:
        return None
    return RasterLabels(str(files.label), classes=found.classes, title=f"{found.title}, Earth Engine {found.collection}")


def scene_label_raster(s1_path: str | Path, output_dir: str | Path | None, dataset: str, scene: int):
    """A scene's label raster and its classes, for showing it: the land cover fetched with the
    scene, else the one an extraction into ``output_dir`` put on its grid; None without labels."""
    fetched = downloaded_labels(s1_path)
    if fetched is not None:
        return Path(fetched.path), fetched.classes
    if output_dir is None:
        return None
    raster = label_raster_path(output_dir, dataset, scene)
    try:
        classes = read_class_map(class_map_path(output_dir, dataset))
    except Exception:  # noqa: BLE001 - a damaged map: nothing to show
        classes = None
    return (raster, classes) if raster.is_file() and classes is not None else None


def patch_preview(root: str | Path, row: Mapping):
    """The label patch of an index row in its classes' colours, (h, w, 3) uint8; None without one."""
    import rasterio

    rel = row.get("lc_path")
    if not rel:
        return None
    from .fsutil import inside_root

    try:
        path = inside_root(root, rel, "label patch")
        classes = read_class_map(class_map_path(root, str(row.get("dataset")))) or ClassMap()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a PNG has no georeference, and needs none here
            with rasterio.open(path) as ds:
                return classes.colourize(ds.read(1))
    except Exception:  # noqa: BLE001 - a missing or moved file shows no preview, never fails the review
        return None


# ----- what the index, splits and card read back -------------------------------------------


def dataset_class_maps(root: Path, datasets: Iterable[str]) -> dict[str, tuple[ClassMap, list[str]]]:
    """Each dataset's class map and label sources, for the datasets that have one."""
    found = {}
    for dataset in sorted(set(datasets)):
        path = class_map_path(root, dataset)
        try:
            classes = read_class_map(path)
        except Exception:  # noqa: BLE001 - a damaged map is left out of the card, not fatal to it
            classes = None
        if classes is not None:
            found[dataset] = (classes, read_sources(path))
    return found


def split_class_shares(rows: Iterable[Mapping], split_lists: Mapping[str, Iterable[str]],
                       maps: Mapping[str, tuple[ClassMap, list[str]]]) -> dict[str, dict[str, float]]:
    """Each split's share of label pixels per class name (``unlabeled`` included), from the index rows.

    ``split_lists``: split name -> S1 paths (the lines of ``splits/{by}/{split}.txt``).
    """
    by_path = {r.get("s1_path"): r for r in rows if r.get("s1_path") and r.get("lc_classes")}
    shares = {}
    for split, paths in split_lists.items():
        pixels: Counter = Counter()
        for path in paths:
            row = by_path.get(path)
            if row is None:
                continue
            classes = maps.get(row.get("dataset"), (ClassMap(), []))[0]
            for class_id, n in counts_of(row.get("lc_classes")).items():
                pixels[classes.name(class_id)] += n
        total = sum(pixels.values())
        shares[split] = {name: round(n / total, 6) for name, n in sorted(pixels.items())} if total else {}
    return shares


def card_labels(root: Path, patches: list[dict]) -> dict | None:
    """The card's label part: each dataset's sources and class map, and each split's class shares.

    Splits are read from ``splits/{by}/{split}.txt`` as ``make_splits`` wrote them; None when no
    patch of the index has a label.
    """
    from .splits import SPLITS

    labelled = [p for p in patches if p.get("lc_path")]
    maps = dataset_class_maps(root, (p.get("dataset") for p in labelled))
    if not labelled:
        return None
    shares = {}
    for folder in sorted(p for p in (root / "splits").glob("*") if p.is_dir()):
        lists = {}
        for split in SPLITS:
            try:
                lists[split] = (folder / f"{split}.txt").read_text().split()
            except OSError:
                continue
        shares[folder.name] = split_class_shares(labelled, lists, maps)
    return {
        "patches": "{dataset}/lc_{scene}/{dataset}_lc_{scene}_p{n}.png: 8-bit class ids, 0 unlabeled",
        "label_patches": len(labelled),
        "mean_coverage": round(sum(p.get("lc_coverage") or 0 for p in labelled) / len(labelled), 4),
        "datasets": {d: {"sources": sources, "classes": classes.to_json()["classes"]}
                     for d, (classes, sources) in maps.items()},
        "class_share_by_split": shares,
    }


def card_markdown(section: dict | None) -> list[str]:
    """The card's label part as Markdown lines (none without labels)."""
    if not section:
        return []
    lines = ["## Labels", "", "{label_patches} label patches ({patches}); on average {mean_coverage:.1%} of "
                                "a patch's pixels carry a class.".format(
                                  label_patches=section['label_patches'], patches=section['patches'], mean_coverage=section['mean_coverage']), ""]
    for dataset, info in section["datasets"].items():
        lines += [f"### {dataset}", "", "Label source: " + ("; ".join(info["sources"]) or "unknown"), "",
                  "| id | class | colour | source value |", "|---|---|---|---|",
                  *('| {id} | {name} | <span style="color:{colour}">&#9632;</span> `{colour}` | {value} |'.format(
                        id=c['id'], name=c['name'], colour=c['colour'], value=c['value']) for c in info["classes"]), ""]
    for by, shares in section["class_share_by_split"].items():
        names = sorted({n for split in shares.values() for n in split})
        splits = list(shares)
        lines += [f"### Pixel share per class and split (split by {by})", "",
                  "| class | " + " | ".join(splits) + " |", "|---|" + "---|" * len(splits),
                  *(f"| {n} | " + " | ".join(f"{shares[s].get(n, 0):.1%}" if shares[s] else "-" for s in splits) + " |"
                    for n in names), ""]
    return lines
