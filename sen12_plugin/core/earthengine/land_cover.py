"""Land-cover labels fetched with a scene: ESA WorldCover or Dynamic World as ``lc_N.tif``.

The labels go through the same transport as S1 and S2 (tiles on the scene's pinned grid, one
pool, resume) and sit beside them: ``lc_{scene}.tif`` (uint8 class ids, 0 unlabeled) and
``lc_{scene}.json`` (the product, its class map from the catalog, what made the file). Their
identity is their own (product, ROI, grid, and for Dynamic World the season's dates), so labels
can be added to scenes fetched before without fetching S1 and S2 again; labels made from other
inputs stop the run unless asked to overwrite, like the scenes.
"""

from __future__ import annotations

import json
import shutil

import numpy as np

from .. import recipe
from ..errors import InputError
from ..fsutil import atomic_path, output_error
from ..i18n import _
from ..labels import LabelProduct
from ..rois import Roi
from ..scene_files import LABEL, SceneFiles
from ..seasons import Season
from . import graph
from .tiling import PixelGrid
from .transport import DownloadRequest


def label_identity(roi: Roi, season: Season, product: LabelProduct, grid: PixelGrid) -> dict:
    dates = {"start": str(season.start), "end": str(season.end)} if product.seasonal else {}
    return {"recipe_version": recipe.RECIPE_VERSION, "product": product.key, "collection": product.collection,
            "band": product.band, "roi": roi.id, "ring": [[round(x, 7), round(y, 7)] for x, y in roi.ring], **dates,
            "grid": {"crs": grid.crs, "transform": list(grid.transform), "width": grid.width, "height": grid.height}}


def _write_record(files: SceneFiles, identity: dict, product: LabelProduct, complete: bool, **extra) -> None:
    with atomic_path(files.label_record) as tmp:
        tmp.write_text(json.dumps({"product": product.key, "title": product.title, "collection": product.collection,
                                   "band": product.band, "notes": product.notes, "complete": complete,
                                   **product.classes.to_json(), **extra, "identity": identity}, indent=1))


def label_request(roi: Roi, season: Season, product: LabelProduct, files: SceneFiles, grid: PixelGrid,
                  overwrite: bool) -> DownloadRequest | None:
    """The download of the scene's labels; None when ``lc_N.tif`` already holds them.

    Raises:
        InputError: the scene has labels made from other inputs (another product, ROI, grid or
            season) and ``overwrite`` is off.
    """
    identity = label_identity(roi, season, product, grid)
    record = files.read_label_record()
    if record.get("identity") == identity and record.get("complete") and files.label.is_file():
        return None
    if record.get("identity") != identity:  # tiles of other labels must not be mixed in
        if files.label.is_file() and not overwrite:
            raise InputError(
                _("{label} holds {value} for other inputs; this run asks for {title} of ROI {id} {name}. Set "
                  "OVERWRITE to replace them, or choose another output folder.").format(
                    label=files.label, value=record.get('title') or _("labels without a record of what made "
                                                                      "them"), title=product.title, id=roi.id, name=season.name))
        try:
            files.label.unlink(missing_ok=True)
            shutil.rmtree(files.tiles(LABEL), ignore_errors=True)
        except OSError as exc:
            raise output_error(exc, files.label) from exc
    files.folder.mkdir(parents=True, exist_ok=True)
    _write_record(files, identity, product, complete=False)
    return DownloadRequest(graph.label_download(roi, season, product), grid, (product.band,), graph.LABEL_DTYPE,
                           graph.LABEL_NODATA, files.label, graph.LABEL_VALID)


def finish_labels(roi: Roi, season: Season, product: LabelProduct, files: SceneFiles, grid: PixelGrid) -> str:
    """Record the downloaded labels as complete; what they hold, in words."""
    import rasterio

    with rasterio.open(files.label) as ds:
        counts = np.zeros(256, dtype=np.int64)
        for _unused, window in ds.block_windows(1):
            counts += np.bincount(ds.read(1, window=window).ravel(), minlength=256)
    present = {int(i): int(counts[i]) for i in np.flatnonzero(counts)}
    _write_record(files, label_identity(roi, season, product, grid), product, complete=True,
                  pixels={str(k): v for k, v in present.items()})
    labelled = sum(n for i, n in present.items() if i) / max(1, int(counts.sum()))
    text = (_("ROI {id}, {name}: {name2} written ({title}, {labelled:.1%} labelled, {n_items} classes)").format(
                id=roi.id, name=season.name, name2=files.label.name, title=product.title, labelled=labelled, n_items=len([i for i in present if i])))
    if not labelled:
        text += (_("; no pixel has a class: {collection} has nothing here").format(
                     collection=product.collection)
                 + (_(" in this season") if product.seasonal else ""))
    return text
