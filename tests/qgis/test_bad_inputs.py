"""The sweep: bad inputs to every Processing algorithm give a clear QgsProcessingException (or a
correct result), and nothing outside the temporary OUTPUT changes."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import processing
import pytest
import rasterio
from helpers import CRS, ORIGIN, scene_pair
from osgeo import ogr
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from rasterio.transform import from_origin

from sen12_plugin.core import rois

ROOT = Path(__file__).resolve().parents[2]
ROI = rois.square_roi(4, 11.5, 48.1, 2.56, seed=1158, season="spring")


def raster(path, data, dtype, descriptions=None):
    data = np.asarray(data).astype(dtype)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                       dtype=dtype, crs=CRS, transform=from_origin(*ORIGIN, 10, 10)) as ds:
        ds.write(data)
        if descriptions:
            ds.descriptions = descriptions
    return str(path)


class World:
    """Inputs beside (not inside) the OUTPUT folder; the sweep checks they stay untouched."""

    def __init__(self, root: Path) -> None:
        rng = np.random.default_rng(0)
        self.root = root
        self.inputs = root / "inputs"
        self.inputs.mkdir()
        self.out = root / "work" / "out"
        s1, s2, *_ = scene_pair(self.inputs, 300, 300)
        self.s1, self.s2 = str(s1), str(s2)
        other = self.inputs / "other"
        other.mkdir()
        b1, b2, *_ = scene_pair(other, 300, 300, seed=5)
        self.other_s1, self.other_s2 = str(b1), str(b2)
        self.s1_uint8 = raster(self.inputs / "s1_uint8.tif", np.full((1, 300, 300), 200), "uint8")
        db = rng.uniform(-22, -3, (1, 300, 300))
        self.s1_linear = raster(self.inputs / "s1_linear.tif", 10 ** (db / 10), "float32")
        self.s2_13 = raster(self.inputs / "s2_13.tif", rng.integers(1, 6000, (13, 300, 300)), "uint16")
        self.s2_5 = raster(self.inputs / "s2_5.tif", rng.integers(1, 6000, (5, 300, 300)), "uint16")
        big = self.inputs / "huge"
        big.mkdir()
        for name, count, dtype in (("s1", 1, "float32"), ("s2", 3, "uint16")):
            with rasterio.open(big / f"{name}.tif", "w", driver="GTiff", width=200_000, height=200_000,
                               count=count, dtype=dtype, crs=CRS, transform=from_origin(*ORIGIN, 10, 10),
                               tiled=True, sparse_ok=True, BIGTIFF="YES"):
                pass
        self.huge_s1, self.huge_s2 = str(big / "s1.tif"), str(big / "s2.tif")
        wide = self.inputs / "wide"
        wide.mkdir()
        w1, w2, *_ = scene_pair(wide, 1100, 1000)
        self.big_s1, self.big_s2 = str(w1), str(w2)
        trunc = self.inputs / "truncated"
        trunc.mkdir()
        t1, t2, *_ = scene_pair(trunc, 600, 600)
        data = Path(t2).read_bytes()
        Path(t2).write_bytes(data[: len(data) * 2 // 3])
        self.trunc_s1, self.trunc_s2 = str(t1), str(t2)
        self.victim = self.inputs / "victim.txt"
        self.victim.write_text("the user's own file")
        self.s2_folder = lambda: _band_folder(self)
        # the issue 19 families: units and type, band roles, no-data, offsets, dates, numbers, records
        rgb = ("B4", "B3", "B2")
        self.s2_uint8 = raster(self.inputs / "s2_uint8.tif", rng.integers(0, 255, (3, 300, 300)), "uint8", rgb)
        self.s2_wide8 = raster(self.inputs / "s2_wide8.tif", rng.integers(0, 255, (3, 300, 300)), "uint16", rgb)
        self.s2_reflectance = raster(self.inputs / "s2_refl.tif", rng.uniform(0.02, 0.3, (3, 300, 300)), "float32", rgb)
        holes = rng.uniform(300, 3000, (3, 300, 300))
        holes[:, 5:15, 5:15] = np.nan
        self.s2_nan = raster(self.inputs / "s2_nan.tif", holes, "float32", rgb)
        self.s1_snap = raster(self.inputs / "s1_snap.tif", np.stack([rng.uniform(-28, -20, (300, 300)),
                                                                     rng.uniform(-12, -5, (300, 300))]), "float32")
        wedge = rng.uniform(-22, -3, (1, 300, 300))
        wedge[0, :, :40] = 0.0
        self.s1_wedge = raster(self.inputs / "s1_wedge.tif", wedge, "float32")
        self.s1_january = raster(self.inputs / "S1A_IW_GRDH_1SDV_20170110T050000_VV.tif",
                                 rng.uniform(-22, -3, (1, 300, 300)), "float32")
        self.s2_june = raster(self.inputs / "S2A_MSIL1C_20170615T100000_x.tif",
                              rng.integers(300, 3000, (3, 300, 300)), "uint16", rgb)
        self.s2_offset = raster(self.inputs / "S2B_MSIL2A_20220615T102559_N0400_R108_T32TPT_x.tif",
                                rng.integers(1100, 4000, (3, 300, 300)), "uint16", rgb)
        self.s1_2022 = raster(self.inputs / "S1A_IW_GRDH_1SDV_20220614T050000_VV.tif",
                              rng.uniform(-22, -3, (1, 300, 300)), "float32")

    def snapshot(self) -> dict:
        """Every file and folder outside OUTPUT (and the folders that lead to it), with size and time."""
        found = {}
        for p in sorted(self.root.rglob("*")):
            if p == self.out or self.out in p.parents or p in self.out.parents:
                continue
            stat = p.stat()
            found[p.relative_to(self.root).as_posix()] = (p.is_dir(), 0 if p.is_dir() else stat.st_size,
                                                          0 if p.is_dir() else stat.st_mtime_ns)
        return found

    def extract(self, **params) -> dict:
        base = {"S1": self.s1, "S2": self.s2, "OUTPUT": str(self.out), "SEED": 1868, "SCENE_ID": 4}
        return {**base, **params}

    def linked(self, name: str, target: Path | None = None, **params) -> dict:
        """OUTPUT with ``name`` inside it a symbolic link to the user's own file or folder."""
        self.out.mkdir(parents=True, exist_ok=True)
        target = target or self.victim
        (self.out / name).symlink_to(target, target_is_directory=target.is_dir())
        return self.extract(**params)

    def dataset(self) -> Path:
        processing.run("sen12:extract_patches", self.extract())
        return self.out

    def crafted_index(self) -> Path:
        out = self.dataset()
        ds = ogr.Open(str(out / "patch_index.gpkg"), 1)
        layer = ds.GetLayerByName("patches")
        for feat in layer:
            feat.SetField("s1_path", "../../inputs/victim.txt")
            feat.SetField("decision", "reject")
            layer.SetFeature(feat)
        scenes = ds.GetLayerByName("scenes")
        for feat in scenes:
            feat.SetField("s1_source", "/home/someone/private/s1.tif")
            scenes.SetFeature(feat)
        ds = None
        return out

    def roi_layer(self, *rows) -> QgsVectorLayer:
        layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:string&field=seed:string&field=season:string",
                               "rois", "memory")
        for values in rows:
            f = QgsFeature(layer.fields())
            f.setGeometry(QgsGeometry.fromWkt(ROI.wkt()))
            f.setAttributes(list(values))
            layer.dataProvider().addFeature(f)
        return layer

    def junk_rois(self) -> QgsVectorLayer:
        return self.roi_layer(("abc", "1158", "spring"), ("5", "x", "spring"), ("6", "-1", "spring"),
                              ("7", "1158", "xyz"), ("8", "4294967296", ""))


def fails(pattern):
    return ("raises", pattern)


def check(fn):
    return ("result", fn)


def _written_linear(result, world, feedback_text):
    assert result["WRITTEN"] == 1


def _thirteen_bands(result, world, feedback_text):
    assert result["WRITTEN"] == 1 and "no band names" in feedback_text


def _refused_rows(result, world, feedback_text):
    assert result["MOVED"] == 0 and world.victim.read_text() == "the user's own file"
    assert "the row is skipped" in feedback_text


def _card_without_folders(result, world, feedback_text):
    card = json.loads((world.out / "dataset_card.json").read_text())
    assert [s["s1_source"] for s in card["scenes"]] == ["s1.tif"]
    assert "/home/someone" not in (world.out / "dataset_card.md").read_text()


def _sentences_for_junk_rows(result, world, feedback_text):
    dropped = {f["id"]: f["reason"] for f in result["DROPPED"].getFeatures()}
    assert len(dropped) == 5
    assert "id 'abc' is not a whole number" in dropped[0]
    assert "seed 'x' is not a whole number" in dropped[5]
    assert "out of range" in dropped[6] and "out of range" in dropped[8]
    assert "season 'xyz' is not a season" in dropped[7]
    assert json.loads(Path(result["REQUESTS"]).read_text())["requests"] == []


def _scene_checks_without_side_files(result, world, feedback_text):
    rows = {f["scene"]: (f["status"], f["reasons"]) for f in result["OUTPUT"].getFeatures()}
    assert rows[0][0] in ("pass", "review", "reject") and rows[1] == ("reject", rows[1][1])
    assert "holds uint8 values" in rows[1][1]


def _reflectance(result, world, feedback_text):
    assert result["WRITTEN"] == 1 and "reflectance 0..1, converted" in feedback_text


def _one_dropped(result, world, feedback_text):
    assert result["DROPPED_NODATA"] == 1 and result["WRITTEN"] == 0


def _written_one(result, world, feedback_text):
    assert result["WRITTEN"] == 1 and "VV is band 2" in feedback_text


def _wedge(result, world, feedback_text):
    assert result["DROPPED_NODATA"] == 1 and "exactly 0" in feedback_text


def _offset(result, world, feedback_text):
    assert result["WRITTEN"] == 1 and "+1000 offset is still in" in feedback_text


def _seeded_dataset(result, world, feedback_text):
    assert (world.out / "ROIs1868_summer" / "s1_7").is_dir() and not list(world.out.glob("custom_*"))


def _damaged(w, how) -> dict:
    """OUTPUT after a finished extraction whose one patch PNG was then damaged; the same extraction again."""
    processing.run("sen12:extract_patches", w.extract())
    patch = w.out / "ROIs1868_summer/s1_4/ROIs1868_summer_s1_4_p1.png"
    data = patch.read_bytes()
    patch.write_bytes({"truncated": data[: len(data) // 2], "emptied": b""}.get(how, data[::-1]))
    return w.extract()


def _written_again(result, world, feedback_text):
    assert (result["WRITTEN"], result["SKIPPED"]) == (1, 0) and "were written again" in feedback_text


BOWTIE = "POLYGON((0 40, 30 60, 30 40, 0 60, 0 40))"  # crosses itself at (15, 50)
EUROPE = "POLYGON((-10 35, 40 35, 40 70, -10 70, -10 35))"
FLAT = "POLYGON((0 40, 10 40, 20 40, 0 40))"
METRES = "POLYGON((500000 5000000, 510000 5000000, 510000 5010000, 500000 5000000))"


def _polygons(*wkts) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "mask", "memory")
    for wkt in wkts:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        layer.dataProvider().addFeature(feature)
    return layer


def _sample(**params) -> dict:
    return {"SEEDS": "1158", "LAND_COUNT": 5, "URBAN_COUNT": 0, "ROI_SIZE_KM": 2.0, "OUTPUT": "memory:", **params}


def _next_algorithm_runs():
    """The crash came on the algorithm after: run one."""
    after = processing.run("sen12:sample_rois", _sample(LAND_MASK=_polygons(EUROPE)))
    assert after["OUTPUT"].featureCount() > 0


def _made_valid(result, world, feedback_text):
    assert result["OUTPUT"].featureCount() > 0 and "were made valid" in feedback_text
    _next_algorithm_runs()


def _left_out(result, world, feedback_text):
    assert result["OUTPUT"].featureCount() > 0 and "were left out" in feedback_text
    _next_algorithm_runs()


CASES = [
    ("extract_patches", "season with ../", lambda w: w.extract(SEASON="x/../../../somewhere"), fails("Season")),
    ("extract_patches", "season with a quote", lambda w: w.extract(SEASON="summer' OR '1'='1"), fails("Season")),
    ("extract_patches", "dataset name with ../", lambda w: w.extract(SEED=None, SEASON="summer", DATASET_NAME="../x"),
     fails("Dataset name")),
    ("extract_patches", "seed below 0", lambda w: w.extract(SEED=-1, SEASON="summer"), fails("Seed -1 is out of range")),
    ("extract_patches", "seed 2^32", lambda w: w.extract(SEED=2**32, SEASON="summer"), fails("out of range")),
    ("extract_patches", "uint8 S1", lambda w: w.extract(S1=w.s1_uint8), fails("holds uint8 values")),
    ("extract_patches", "S2 picked as S1", lambda w: w.extract(S1=w.s2), fails("Is it the S2 scene|are S1 and S2 swapped")),
    ("extract_patches", "linear S1", lambda w: w.extract(S1=w.s1_linear), check(_written_linear)),
    ("extract_patches", "13-band S2 without names", lambda w: w.extract(S2=w.s2_13), check(_thirteen_bands)),
    ("extract_patches", "5-band S2 without names", lambda w: w.extract(S2=w.s2_5), fails("give the band numbers")),
    ("extract_patches", "S2 band numbers outside the file", lambda w: w.extract(S2=w.s2_5, S2_BANDS="9,4,3"),
     fails("has bands 1 to 5")),
    ("extract_patches", "S2 band numbers not numbers", lambda w: w.extract(S2_BANDS="red"), fails("e.g. 4,3,2")),
    ("extract_patches", "truncated GeoTIFF", lambda w: w.extract(S1=w.trunc_s1, S2=w.trunc_s2),
     fails("truncated or corrupt|Could not load|not a raster")),
    ("extract_patches", "200000 x 200000 px declared", lambda w: w.extract(S1=w.huge_s1, S2=w.huge_s2),
     fails("the limit is")),
    ("extract_patches", "1 px patches at stride 1", lambda w: w.extract(S1=w.big_s1, S2=w.big_s2, PATCH_SIZE=1,
                                                                        STRIDE=1), fails("patch positions .* the limit is")),
    ("extract_patches", "another pair, same scene id", lambda w: (w.dataset(), w.extract(S1=w.other_s1, S2=w.other_s2))[1],
     fails("made from other inputs .* OVERWRITE")),
    ("extract_patches", "another patch size", lambda w: (w.dataset(), w.extract(PATCH_SIZE=128))[1],
     fails("patch size 256 -> 128")),
    ("extract_patches", "index is a link to a user's file", lambda w: w.linked("patch_index.gpkg"),
     fails("symbolic link")),
    ("extract_patches", "lock file is a link to a user's file", lambda w: w.linked(".sen12-extraction.lock"),
     fails("symbolic link")),
    ("extract_patches", "dataset folder is a link to a user's folder", lambda w: w.linked("ROIs1868_summer", w.inputs),
     fails("outside the output folder")),
    ("extract_patches", "sources folder is a link", lambda w: w.linked("_sources", w.inputs, S2=w.s2_folder()),
     fails("outside the output folder")),
    ("extract_patches", "S2 already 8-bit", lambda w: w.extract(S2=w.s2_uint8), fails("8-bit values: a rendered picture")),
    ("extract_patches", "S2 8-bit in a 16-bit file", lambda w: w.extract(S2=w.s2_wide8),
     fails("8-bit picture stored in a wider type")),
    ("extract_patches", "S2 reflectance 0-1", lambda w: w.extract(S2=w.s2_reflectance), check(_reflectance)),
    ("extract_patches", "NaN holes in an untagged float S2", lambda w: w.extract(S2=w.s2_nan), check(_one_dropped)),
    ("extract_patches", "unnamed two-band S1 (SNAP's VH, VV)", lambda w: w.extract(S1=w.s1_snap),
     fails("2 bands without names.*S1_BANDS")),
    ("extract_patches", "unnamed two-band S1 named", lambda w: w.extract(S1=w.s1_snap, S1_BANDS="VH,VV"),
     check(_written_one)),
    ("extract_patches", "0 dB fill wedge in an untagged S1", lambda w: w.extract(S1=w.s1_wedge), check(_wedge)),
    ("extract_patches", "S1 from January with S2 from June", lambda w: w.extract(S1=w.s1_january, S2=w.s2_june),
     fails("156 day.*more than 30")),
    ("extract_patches", "2022 L2A raster with the +1000 offset in", lambda w: w.extract(S1=w.s1_2022, S2=w.s2_offset),
     check(_offset)),
    ("extract_patches", "band folder with B02 at 20 m", lambda w: w.extract(S2=_band_folder(w, coarse="B02")),
     fails("must share one grid")),
    ("extract_patches", "SCENE_ID 2^31", lambda w: w.extract(SCENE_ID=2**31), fails("Scene number 2147483648 is out of range")),
    ("extract_patches", "a downloaded ROI's seed", lambda w: _downloaded(w), check(_seeded_dataset)),
    ("apply_review", "index paths leaving the dataset", lambda w: {"FOLDER": str(w.crafted_index())},
     check(_refused_rows)),
    ("apply_review", "not a folder", lambda w: {"FOLDER": str(w.victim)}, fails("is not a folder")),
    ("make_splits", "no index", lambda w: (w.out.mkdir(parents=True), {"FOLDER": str(w.out)})[1],
     fails("No accepted patch pairs")),
    ("make_splits", "shares above 1", lambda w: {"FOLDER": str(w.dataset()), "TRAIN": 0.9, "VAL": 0.5},
     fails("add up to 1")),
    ("dataset_card", "index with absolute sources", lambda w: {"FOLDER": str(w.crafted_index())},
     check(_card_without_folders)),
    ("check_scenes", "user's own rasters", lambda w: _scene_folder(w), check(_scene_checks_without_side_files)),
    ("sample_rois", "seed below 0", lambda w: {"SEEDS": "-1", "OUTPUT": "memory:"}, fails("Seed -1 is out of range")),
    ("sample_rois", "seed 2^32", lambda w: {"SEEDS": "4294967296", "OUTPUT": "memory:"}, fails("out of range")),
    ("sample_rois", "seeds not numbers", lambda w: {"SEEDS": "spring", "OUTPUT": "memory:"}, fails("whole numbers")),
    ("sample_rois", "LAND_COUNT huge", lambda w: {"SEEDS": "1158", "LAND_COUNT": 10_000_000, "OUTPUT": "memory:"},
     fails("LAND_COUNT 10000000 is out of range")),
    # resume families: a patch PNG that is there counted as done, whatever it held
    *(("extract_patches", f"re-run over a patch {how}", lambda w, how=how: _damaged(w, how), check(_written_again))
      for how in ("truncated", "emptied", "swapped for other bytes of its size")),
    # the mask families: QGIS crashed on the next algorithm after a self-intersecting land mask
    ("sample_rois", "self-intersecting land mask", lambda w: _sample(LAND_MASK=_polygons(BOWTIE, EUROPE)),
     check(_made_valid)),
    ("sample_rois", "self-intersecting urban polygons", lambda w: _sample(URBAN_MASK=_polygons(BOWTIE), URBAN_COUNT=3),
     check(_made_valid)),
    ("sample_rois", "land mask with a polygon without area", lambda w: _sample(LAND_MASK=_polygons(FLAT, EUROPE)),
     check(_left_out)),
    ("sample_rois", "land mask of polygons without area only", lambda w: _sample(LAND_MASK=_polygons(FLAT)),
     fails("holds no polygon")),
    ("sample_rois", "land mask in metres labelled WGS84", lambda w: _sample(LAND_MASK=_polygons(EUROPE, METRES)),
     fails("outside longitude -180..180 .*CRS")),
    ("fetch_scenes", "junk id, seed and season in the ROI layer",
     lambda w: {"ROIS": w.junk_rois(), "REQUEST_ONLY": True, "OUTPUT": str(w.out), "DROPPED": "memory:"},
     check(_sentences_for_junk_rows)),
]


def _band_folder(w, coarse: str = "") -> str:
    """A folder of per-band files (B02, B03, B04) cut from the test's S2: extraction writes a VRT for it.

    ``coarse``: that band at 20 m (half the pixels over the same ground)."""
    folder = w.inputs / ("bands" + coarse)
    folder.mkdir(exist_ok=True)
    with rasterio.open(w.s2) as src:
        for i, band in enumerate(("B04", "B03", "B02"), start=1):
            data = src.read(i)[None]
            if band == coarse:
                with rasterio.open(folder / f"T32TPT_20170615_{band}.tif", "w", driver="GTiff", width=150, height=150,
                                   count=1, dtype="uint16", crs=CRS, transform=from_origin(*ORIGIN, 20, 20)) as ds:
                    ds.write(data[:, ::2, ::2])
            else:
                raster(folder / f"T32TPT_20170615_{band}.tif", data, "uint16")
    return str(folder)


def _downloaded(w) -> dict:
    """A scene pair as fetch_scenes leaves it in OUTPUT (with its record; the scene check is kept beside
    it); extracted into the same OUTPUT with no SEED and no SCENE_ID given."""
    folder = w.out / "ROIs1868_summer" / "scenes"
    folder.mkdir(parents=True)
    for name, src in (("s1_7.tif", w.s1), ("s2_7.tif", w.s2)):
        (folder / name).write_bytes(Path(src).read_bytes())
    (folder / "scene_7.json").write_text(json.dumps({"roi": 7, "seed": 1868, "season": "summer",
                                                     "start": "2017-06-01", "end": "2017-08-31"}))
    return w.extract(S1=str(folder / "s1_7.tif"), S2=str(folder / "s2_7.tif"), SEED=None, SCENE_ID=None)




def _scene_folder(w):
    """A folder of the user's own scenes named like downloads, one of them an 8-bit S1: inputs, not OUTPUT."""
    folder = w.inputs / "scenes"
    folder.mkdir()
    for name, src in (("s1_0.tif", w.s1), ("s2_0.tif", w.s2), ("s1_1.tif", w.s1_uint8), ("s2_1.tif", w.s2)):
        (folder / name).write_bytes(Path(src).read_bytes())
    return {"FOLDER": str(folder), "OUTPUT": "memory:"}


class Feedback(QgsProcessingFeedback):
    """Keeps every message the algorithm reports."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def reportError(self, text, fatalError=False):  # noqa: N802, N803
        self.lines.append(text)
        super().reportError(text, fatalError)

    def pushWarning(self, text):  # noqa: N802
        self.lines.append(text)
        super().pushWarning(text)

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)
        super().pushInfo(text)

    def text(self):
        return "\n".join(self.lines)


@pytest.fixture(autouse=True)
def no_gdal_side_files():
    """QGIS computes statistics for every raster layer it opens, and GDAL stores them beside the
    file (``.aux.xml``): QGIS' behaviour for any layer, which users can turn off with
    GDAL_PAM_ENABLED=NO. Turned off here, so the sweep checks what the plugin itself writes."""
    from osgeo import gdal

    old = gdal.GetConfigOption("GDAL_PAM_ENABLED")
    gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")
    yield
    gdal.SetConfigOption("GDAL_PAM_ENABLED", old)


def run_case(world, alg, build, expect):
    params = build(world)
    before = world.snapshot()
    feedback = Feedback()
    kind, what = expect
    if kind == "raises":
        with pytest.raises(QgsProcessingException, match=what) as info:
            processing.run(f"sen12:{alg}", params, feedback=feedback)
        assert "Traceback" not in str(info.value) and len(str(info.value)) < 600
    else:
        result = processing.run(f"sen12:{alg}", params, feedback=feedback)
        what(result, world, feedback.text())
    assert world.snapshot() == before, "something outside OUTPUT changed"


@pytest.mark.parametrize("alg, label, build, expect", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_bad_input(sen12_provider, tmp_path, alg, label, build, expect):
    run_case(World(tmp_path), alg, build, expect)


HOLD_LOCK = """
import sys, time
sys.path.insert(0, sys.argv[1])
from sen12_plugin.core.identity import output_lock
with output_lock(sys.argv[2]):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_bad_input_second_extraction_at_once(sen12_provider, tmp_path):
    world = World(tmp_path)
    world.out.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(ROOT), str(world.out)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        run_case(world, "extract_patches", lambda w: w.extract(), fails("Another extraction is writing here"))
    finally:
        holder.kill()
        holder.wait()


def test_bad_input_second_extraction_in_this_qgis(sen12_provider, tmp_path):
    """The dock's task and a toolbox run in one QGIS: the OS lock alone let the second one in."""
    import threading

    from sen12_plugin.core.identity import output_lock

    world = World(tmp_path)
    world.out.mkdir(parents=True)
    holding, release = threading.Event(), threading.Event()

    def dock_task():
        with output_lock(world.out):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=dock_task)
    thread.start()
    try:
        assert holding.wait(10)
        run_case(world, "extract_patches", lambda w: w.extract(), fails("Another extraction is writing here"))
    finally:
        release.set()
        thread.join()


EE_CASES = [
    ("preview_mosaics", lambda w: {"ROIS": w.junk_rois(), "PROJECT": "test-project"},
     lambda result, w, text: result["OUTPUT"] == [] and "is not a season" in text),
    ("export_scenes", lambda w: {"ROIS": w.junk_rois(), "PROJECT": "test-project", "OUTPUT": "memory:"},
     lambda result, w, text: result["OUTPUT"].featureCount() == 0 and "is not a whole number" in text),
    ("fetch_scenes", lambda w: {"ROIS": w.junk_rois(), "PROJECT": "test-project", "OUTPUT": str(w.out),
                                "DROPPED": "memory:"},
     lambda result, w, text: result["SCENE_COUNT"] == 0 and result["DROPPED"].featureCount() == 5),
    ("export_status", lambda w: {"PROJECT": "test-project", "OUTPUT": "memory:"},
     lambda result, w, text: result["OUTPUT"] is not None),
]


@pytest.mark.parametrize("alg, build, verify", EE_CASES, ids=[c[0] for c in EE_CASES])
def test_bad_input_earth_engine(sen12_provider, ee_client, ee_key, fake_ee, tmp_path, monkeypatch, alg, build, verify):
    """Against the loopback fake service only: nothing here may reach Google."""
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    # The strict fake accepts only tokens made from its own service-account key.
    build = (lambda make: lambda w: {**make(w), "SERVICE_ACCOUNT_KEY": str(ee_key)})(build)

    def checked(result, world, text):
        assert verify(result, world, text) is not False

    run_case(World(tmp_path), alg, build, check(checked))


def test_the_sweep_covers_every_algorithm(sen12_provider):
    covered = {c[0] for c in CASES} | {c[0] for c in EE_CASES}
    assert {a.name() for a in sen12_provider.algorithms()} <= covered


def test_library_errors_become_sentences():
    from sen12_plugin.processing.base import Sen12Algorithm

    def broken_disk():
        raise PermissionError(13, "Permission denied", "/x/y.png")

    def bug():
        raise KeyError("band")

    with pytest.raises(QgsProcessingException, match=r"could not be read or written \(/x/y.png\): Permission denied"):
        Sen12Algorithm.run_core(broken_disk)
    with pytest.raises(QgsProcessingException, match="Unexpected error \\(KeyError: 'band'\\).*log panel"):
        Sen12Algorithm.run_core(bug)
