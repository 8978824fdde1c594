"""The files of one scene pair, and their names parsed back: the one owner of scene file names.

A scene pair fetched from Earth Engine lives in ``OUTPUT/{dataset}/scenes/``:

- ``s1_{scene}.tif`` and ``s2_{scene}.tif``: the two mosaics;
- ``scene_{scene}.json``: the record of what made them (ROI, dates, options, grid, image ids);
- ``scene_{scene}_qc.json``: the stored scene check;
- ``s1_{scene}.tif.tiles/``, ``s2_{scene}.tif.tiles/``: tiles of an unfinished download.

Batch exports cannot make folders, so Earth Engine names them ``{dataset}_s1_{scene}.tif``; the
same value describes both (``prefix``). The scene number is ``scene`` throughout; a ROI's id
becomes a scene number when its scenes are fetched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .dataset import DatasetRef
from .errors import InputError
from .i18n import _
from .names import check_name, whole_number

SCENES_DIR = "scenes"
SENSORS = ("s1", "s2")
LABEL = "lc"  # a land-cover product fetched with the scene, on its grid (labels.LabelProduct)
RASTER_NAME = re.compile(
    r"^(?:(?P<dataset>[A-Za-z0-9][A-Za-z0-9._-]*)_)?(?P<sensor>s1|s2)_(?P<scene>\d+)\.tif$")


@dataclass(frozen=True)
class SceneKey:
    """Which dataset and scene a scene pair belongs to.

    ``ref`` is None for scene files in a folder that is no dataset and carry no record (the
    analyst's own files named like downloads); ``folder`` names the folder they were found in.
    """

    ref: DatasetRef | None
    scene: int
    folder: str = ""

    @classmethod
    def of(cls, ref: DatasetRef, scene: int) -> SceneKey:
        return cls(ref, whole_number(scene, _("Scene number")), ref.folder)

    @classmethod
    def from_folder(cls, folder: str, scene: int) -> SceneKey:
        """The key of a scene in a folder named like a dataset (a layer property, an index row)."""
        return cls(DatasetRef.try_parse(folder), whole_number(scene, _("Scene number")), folder)

    @property
    def dataset(self) -> str:
        return self.ref.folder if self.ref is not None else self.folder

    @property
    def season(self) -> str:
        return self.ref.season if self.ref is not None else ""

    @property
    def seed(self) -> int | None:
        return self.ref.seed if self.ref is not None else None

    @property
    def label(self) -> str:
        return f"{self.dataset} · ROI {self.scene}"


@dataclass(frozen=True)
class SceneFiles:
    """Paths of one scene pair and its side files; ``prefix`` is ``{dataset}_`` for batch-export names."""

    folder: Path
    scene: int
    prefix: str = ""

    @classmethod
    def in_output(cls, output: str | Path, dataset: str, scene: int) -> SceneFiles:
        """Where a download puts the scene: ``OUTPUT/{dataset}/scenes/``."""
        return cls(Path(output) / check_name(dataset, _("Dataset name")) / SCENES_DIR,
                   whole_number(scene, _("Scene number")))

    @classmethod
    def parse(cls, path: str | Path) -> SceneFiles | None:
        """The scene pair an ``s1_``/``s2_`` raster belongs to, or None for another name."""
        p = Path(path)
        match = RASTER_NAME.match(p.name)
        if not match:
            return None
        dataset = match.group("dataset")
        return cls(p.parent, int(match.group("scene")), f"{dataset}_" if dataset else "")

    def raster(self, sensor: str) -> Path:
        if sensor not in (*SENSORS, LABEL):
            raise ValueError(sensor)
        return self.folder / f"{self.prefix}{sensor}_{self.scene}.tif"

    @property
    def s1(self) -> Path:
        return self.raster("s1")

    @property
    def s2(self) -> Path:
        return self.raster("s2")

    @property
    def label(self) -> Path:
        """``lc_{scene}.tif``: the scene's land-cover labels, when they were fetched with it."""
        return self.raster(LABEL)

    @property
    def label_record(self) -> Path:
        """``lc_{scene}.json``: which product the labels are and what made them."""
        return self.folder / f"{self.prefix}lc_{self.scene}.json"

    def read_label_record(self) -> dict:
        try:
            data = json.loads(self.label_record.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def record(self) -> Path:
        """``scene_{scene}.json``: what made the pair (written by the download)."""
        return self.folder / f"{self.prefix}scene_{self.scene}.json"

    @property
    def scene_check(self) -> Path:
        """``scene_{scene}_qc.json``: the stored scene check."""
        return self.folder / f"{self.prefix}scene_{self.scene}_qc.json"

    @property
    def qa(self) -> Path:
        """``s2_{scene}_qa.tif``: the S2 mosaic's QA raster (Cloud Score+ and provenance, same grid)."""
        return self.s2.with_name(self.s2.stem + "_qa.tif")

    def tiles(self, sensor: str) -> Path:
        """The folder of tiles an unfinished download keeps."""
        raster = self.qa if sensor == "qa" else self.raster(sensor)
        return raster.with_name(raster.name + ".tiles")

    def all_files(self) -> list[Path]:
        """Every file the pair owns (to replace it whole)."""
        return [self.s1, self.s2, self.qa, self.record, self.scene_check, self.tiles("s1"), self.tiles("s2"),
                self.tiles("qa"), self.label, self.label_record, self.tiles(LABEL)]

    def exists(self) -> bool:
        return self.s1.is_file() and self.s2.is_file()

    @property
    def downloaded(self) -> bool:
        """The pair came from this plugin's download (its record is there)."""
        return self.record.is_file()

    @property
    def dataset(self) -> str:
        if self.prefix:
            return self.prefix[:-1]
        return self.folder.parent.name if self.folder.name == SCENES_DIR else self.folder.name

    def read_record(self) -> dict:
        """The download's record, or {} when there is none or it is damaged."""
        try:
            data = json.loads(self.record.read_text())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def download_meta(self) -> dict:
        """Dates and Earth Engine image ids of a downloaded pair, for the dataset card; {} else."""
        data = self.read_record()
        meta = {k: data[k] for k in ("start", "end", "s1_ids", "s2_ids") if k in data}
        identity = data.get("identity") if isinstance(data.get("identity"), dict) else {}
        if isinstance(identity.get("options"), dict):  # what was asked of Earth Engine (level, cloud, ...)
            meta["options"] = identity["options"]
        return meta

    def key(self) -> SceneKey:
        """Dataset and scene: the folder's name, with the season and seed the download recorded."""
        found = DatasetRef.try_parse(self.dataset)
        record = self.read_record()
        season, seed = record.get("season"), record.get("seed")
        if isinstance(season, str) and season:
            if isinstance(seed, bool) or not isinstance(seed, int):  # older records carry no seed
                seed = found.seed if found is not None else None
            name = found.name if found is not None and seed is None else None
            try:
                found = DatasetRef.make(season, seed, name)
            except InputError:  # a damaged record: the folder's name stands
                pass
        return SceneKey(found, self.scene, self.dataset)


def scenes_in_folder(folder: str | Path) -> list[SceneFiles]:
    """Scene pairs under ``folder`` (downloads and batch exports), each S1 with its S2 twin."""
    found = []
    for s1 in sorted(Path(folder).rglob("*s1_*.tif")):
        files = SceneFiles.parse(s1)
        if files is not None and files.s1 == s1 and files.s2.is_file():
            found.append(files)
    return found
