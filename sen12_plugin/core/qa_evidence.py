"""Which evidence a scene has for cloud, snow, shadow and seams, best first, and where it is.

Every check names its evidence, because a reason is only as good as what it rests on:

- ``cloud_score``: the QA raster an Earth Engine download stores beside ``s2_N.tif``
  (``s2_N_qa.tif``): Cloud Score+ ``cs`` and ``cs_cdf`` for the very pixels the mosaic picked,
  and ``provenance``, which image each pixel came from (seams are known exactly);
- ``scl``: the Level-2A scene classification of a product (Sen2Cor: 3 cloud shadow, 8/9 cloud
  medium/high probability, 10 thin cirrus, 11 snow or ice);
- ``msk_classi``: the Level-1C mask ``MSK_CLASSI_B00`` of processing baseline 04.00 on (three
  layers: opaque clouds, cirrus, snow and ice);
- ``spectral``: the bands B3, B8 and B11 are there (a per-band folder, an all-bands file):
  snow by NDSI with a NIR floor, cloud bright in the visible *and* in SWIR;
- ``rgb``: B4, B3, B2 only: a bright white area is "cloud or snow", sent to review, never
  rejected on brightness alone.

Product evidence (SCL, MSK_CLASSI, the bands of a per-band folder) is stacked into a VRT beside
the extraction's S2 VRT (``<stem>.qa.vrt`` inside OUTPUT/_sources), on the S2 grid; ``find``
reads it back from there, so the extractor's workers need nothing but the S2 path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLOUD_SCORE, SCL, MSK_CLASSI, SPECTRAL, RGB = "cloud_score", "scl", "msk_classi", "spectral", "rgb"
KINDS = (CLOUD_SCORE, SCL, MSK_CLASSI, SPECTRAL, RGB)
LABELS = {CLOUD_SCORE: "Cloud Score+", SCL: "SCL", MSK_CLASSI: "MSK_CLASSI", SPECTRAL: "spectral", RGB: "RGB"}
# The band names each kind reads, in the order stored in a QA raster or VRT.
BANDS = {
    CLOUD_SCORE: ("cs", "cs_cdf", "provenance"),
    SCL: ("SCL",),
    MSK_CLASSI: ("OPAQUE", "CIRRUS", "SNOW"),
    SPECTRAL: ("B3", "B8", "B11"),
}
CATEGORICAL = {SCL, MSK_CLASSI}  # resampled nearest; the rest bilinear
SPECTRAL_NIR = ("B8", "B8A")  # B8A stands in for B8 where only 20 m bands are there
QA_VRT_SUFFIX = ".qa.vrt"


@dataclass(frozen=True)
class Evidence:
    """Where one scene's QA evidence is: a raster and the 1-based bands to read (picklable)."""

    kind: str = RGB
    path: str | None = None  # None: the evidence is the S2 RGB itself
    bands: tuple[tuple[str, int], ...] = ()  # ("B11", 12), ...

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def qa_vrt_path(s2_vrt: str | Path) -> Path:
    """The product evidence VRT that belongs to an extraction S2 VRT."""
    p = Path(s2_vrt)
    return p.with_name(p.name[: -len(p.suffix)] + QA_VRT_SUFFIX if p.suffix else p.name + QA_VRT_SUFFIX)


def scene_qa_path(s2_path: str | Path) -> Path | None:
    """``s2_N_qa.tif`` beside a downloaded ``s2_N.tif`` (None for other names)."""
    from .scene_files import SceneFiles

    files = SceneFiles.parse(s2_path)
    return files.qa if files is not None and files.s2 == Path(s2_path) else None


def _named_bands(path: str | Path) -> dict[str, int]:
    import rasterio

    with rasterio.open(path) as ds:
        return {d: i for i, d in enumerate(ds.descriptions, start=1) if d}


def find(s2_path: str | Path, s2_labels: list[str]) -> Evidence:
    """The best evidence there is for the S2 scene ``s2_path`` whose bands are ``s2_labels``
    ("B4", ... or "" per band, as the extractor reads them)."""
    for candidate in (scene_qa_path(s2_path), qa_vrt_path(s2_path)):
        if candidate is None or not candidate.is_file():
            continue
        try:
            named = _named_bands(candidate)
        except Exception:  # noqa: BLE001 - an unreadable QA file: fall back to the bands, never fail the run
            continue
        for kind in (CLOUD_SCORE, SCL, MSK_CLASSI, SPECTRAL):
            wanted = _with_nir(kind, named)
            if wanted and all(b in named for b in wanted):
                return Evidence(kind, str(candidate), tuple((b, named[b]) for b in wanted))
    own = {label: i for i, label in enumerate(s2_labels, start=1) if label}
    wanted = _with_nir(SPECTRAL, own)
    if wanted and all(b in own for b in wanted):
        return Evidence(SPECTRAL, str(s2_path), tuple((b, own[b]) for b in wanted))
    return Evidence(RGB)


def _with_nir(kind: str, named: dict[str, int]) -> tuple[str, ...] | None:
    if kind != SPECTRAL:
        return BANDS[kind]
    nir = next((b for b in SPECTRAL_NIR if b in named), None)
    return ("B3", nir, "B11") if nir else None


class EvidenceReader:
    """The evidence bands on ``grid`` (the S2 grid), as float32 arrays keyed by name.

    A raster on another grid (a 20 m SCL, a 60 m mask) is resampled onto it: nearest for
    classes, bilinear for reflectance and scores. Opened once, read per window.
    """

    def __init__(self, evidence: Evidence, grid) -> None:
        self.evidence = evidence
        self._src = self._ds = None
        if evidence.path is None:
            return
        import rasterio
        from rasterio.enums import Resampling
        from rasterio.vrt import WarpedVRT

        self._src = self._ds = rasterio.open(evidence.path)
        affine = rasterio.Affine(*grid.transform)
        if (self._src.width, self._src.height) != (grid.width, grid.height) or not self._src.transform.almost_equals(affine):
            resampling = Resampling.nearest if evidence.kind in CATEGORICAL else Resampling.bilinear
            self._ds = WarpedVRT(self._src, crs=grid.crs_wkt, transform=affine, width=grid.width,
                                 height=grid.height, resampling=resampling)

    def read(self, window=None, out_shape=None) -> dict[str, np.ndarray]:
        if self._ds is None:
            return {}
        from rasterio.enums import Resampling

        indexes = [i for _, i in self.evidence.bands]
        kwargs = {} if out_shape is None else {"out_shape": (len(indexes), *out_shape), "resampling": Resampling.nearest}
        data = self._ds.read(indexes, window=window, out_dtype="float32", **kwargs)
        return {name: data[k] for k, (name, _) in enumerate(self.evidence.bands)}

    def close(self) -> None:
        for ds in {id(d): d for d in (self._ds, self._src) if d is not None}.values():
            ds.close()


# ----- product evidence: SCL, MSK_CLASSI, per-band files ---------------------------------


def product_qa_sources(scene) -> tuple[str, list[tuple[str, str, int]]] | None:
    """A product's own cloud and snow mask: the kind and its sources (band name, GDAL dataset
    name, band index), or None (the spectral tests then apply, from the product's bands)."""
    if scene.kind != "s2_product":
        return None
    names = _product_files(scene.source)
    scl = next((n for n in names if n.upper().endswith("_SCL_20M.JP2")), None) or next(
        (n for n in names if n.upper().endswith("_SCL_60M.JP2")), None)
    if scl:
        return SCL, [("SCL", scl, 1)]
    classi = next((n for n in names if n.upper().endswith("MSK_CLASSI_B00.JP2")), None)
    if classi:
        return MSK_CLASSI, [(b, classi, i) for i, b in enumerate(BANDS[MSK_CLASSI], start=1)]
    return None


def _product_files(source: str) -> list[str]:
    """GDAL names of the files of a SAFE folder or zip (``/vsizip/...`` inside a zip)."""
    path = Path(source)
    if path.is_file() and path.suffix.lower() == ".xml":
        path = path.parent
    if path.is_dir():
        return [str(p) for p in sorted(path.rglob("*.jp2"))]
    if path.is_file() and path.suffix.lower() == ".zip":
        import zipfile

        with zipfile.ZipFile(path) as zf:
            return [f"/vsizip/{path}/{n}" for n in sorted(zf.namelist()) if n.lower().endswith(".jp2")]
    return []
