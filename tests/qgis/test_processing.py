
import numpy as np
import processing
import pytest
from helpers import scene_pair, set_decision, write_s1, write_s2
from qgis.core import QgsProcessingException, QgsVectorLayer


def run_sample(**params):
    defaults = {"SEEDS": "1158", "LAND_COUNT": 30, "URBAN_COUNT": 10, "OUTPUT": "memory:",
                "DROPPED": "memory:"}
    return processing.run("sen12:sample_rois", {**defaults, **params})


def test_sample_rois_writes_the_roi_layer(sen12_provider):
    result = run_sample()
    layer = result["OUTPUT"]
    assert [f.name() for f in layer.fields()][:8] == [
        "id", "seed", "season", "kind", "utm_epsg", "start", "end", "status"]
    assert layer.crs().authid() == "EPSG:4326"
    feats = list(layer.getFeatures())
    dropped = list(result["DROPPED"].getFeatures())
    assert len(feats) + len(dropped) == 40
    assert {f["seed"] for f in feats} == {1158} and {f["season"] for f in feats} == {"spring"}
    assert {f["start"] for f in feats} == {"2017-03-01"} and {f["end"] for f in feats} == {"2017-05-30"}
    assert all(f["reason"] for f in dropped)


def test_sample_rois_is_deterministic_and_seed_dependent(sen12_provider):
    wkts = lambda res: [f.geometry().asWkt(5) for f in res["OUTPUT"].getFeatures()]  # noqa: E731
    assert wkts(run_sample()) == wkts(run_sample())
    assert set(wkts(run_sample(SEEDS="2017"))).isdisjoint(wkts(run_sample()))


def test_paper_defaults_give_non_overlapping_rois(sen12_provider):
    layer = processing.run("sen12:sample_rois", {"OUTPUT": "memory:"})["OUTPUT"]
    feats = list(layer.getFeatures())
    assert len(feats) > 400
    seasons = {f["seed"]: f["season"] for f in feats}
    assert seasons == {1158: "spring", 1868: "summer", 1970: "fall", 2017: "winter"}
    from qgis.core import QgsSpatialIndex
    index = QgsSpatialIndex(layer.getFeatures())
    geoms = {f.id(): f.geometry() for f in feats}
    for fid, geom in geoms.items():
        for other in index.intersects(geom.boundingBox()):
            assert other == fid or not geom.intersects(geoms[other])


def test_sample_rois_bad_seeds(sen12_provider):
    with pytest.raises(QgsProcessingException, match="whole numbers"):
        run_sample(SEEDS="spring")


def test_extract_patches_through_processing(sen12_provider, tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "dataset"
    params = {"S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1970, "SCENE_ID": 12,
              "FORMATS": [0, 1]}
    result = processing.run("sen12:extract_patches", params)
    assert result["PATCH_COUNT"] == 9 and result["WRITTEN"] == 9 and result["SKIPPED"] == 0
    assert (out / "ROIs1970_fall/s1_12/ROIs1970_fall_s1_12_p9.png").is_file()
    assert (out / "ROIs1970_fall/s2_12/ROIs1970_fall_s2_12_p9.tif").is_file()
    index = QgsVectorLayer(result["PATCH_INDEX"], "index", "ogr")
    assert index.isValid() and index.featureCount() == 9
    again = processing.run("sen12:extract_patches", params)
    assert (again["WRITTEN"], again["SKIPPED"]) == (0, 9)
    assert QgsVectorLayer(again["PATCH_INDEX"], "index", "ogr").featureCount() == 9


def test_extract_patches_custom_dataset_name(sen12_provider, tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    result = processing.run("sen12:extract_patches", {
        "S1": str(s1), "S2": str(s2), "OUTPUT": str(tmp_path / "o"), "SEASON": "summer",
        "DATASET_NAME": "alps", "SCENE_ID": 0})
    assert result["PATCH_COUNT"] == 1
    assert (tmp_path / "o/alps_summer/s1_0/alps_summer_s1_0_p1.png").is_file()


@pytest.mark.parametrize("params,message", [
    ({"PATCH_SIZE": 0}, "positive"),
    ({"STRIDE": -5}, "positive"),
    ({"PATCH_SIZE": 1024}, "smaller than one patch"),
    ({"SEED": None, "SEASON": ""}, "Give a SEASON"),
])
def test_extract_patches_bad_parameters(sen12_provider, tmp_path, params, message):
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    base = {"S1": str(s1), "S2": str(s2), "OUTPUT": str(tmp_path / "o"), "SEED": 1158}
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("sen12:extract_patches", {**base, **params})
    assert not (tmp_path / "o" / "patch_index.gpkg").exists()


def test_extract_patches_scenes_that_do_not_overlap(sen12_provider, tmp_path):
    write_s1(tmp_path / "s1.tif", np.zeros((300, 300)), origin=(100000.0, 1000000.0))
    write_s2(tmp_path / "s2.tif", np.ones((3, 300, 300)))
    with pytest.raises(QgsProcessingException, match="do not overlap"):
        processing.run("sen12:extract_patches", {
            "S1": str(tmp_path / "s1.tif"), "S2": str(tmp_path / "s2.tif"),
            "OUTPUT": str(tmp_path / "o"), "SEED": 1158})


def test_make_splits_report_only_says_the_split_and_writes_nothing(sen12_provider, tmp_path):
    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "ds"
    processing.run("sen12:extract_patches", {"S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1868,
                                             "SCENE_ID": 2})
    before = sorted(p for p in out.rglob("*"))
    report = processing.run("sen12:make_splits", {"FOLDER": str(out), "BY": 0, "MODE": 2})
    assert report["OUTPUT"] is None and sorted(p for p in out.rglob("*")) == before
    assert not (out / "splits").exists()
    written = processing.run("sen12:make_splits", {"FOLDER": str(out), "BY": 0, "MODE": 0})
    assert (out / "splits" / "scene" / "train.txt").is_file() and written["OUTPUT"].endswith("train.txt")


def test_quality_algorithms_end_to_end(sen12_provider, tmp_path):
    """Extract with checks, apply a decision, split and write the card, all through Processing."""

    s1, s2, *_ = scene_pair(tmp_path, 520, 600)
    out = tmp_path / "ds"
    res = processing.run("sen12:extract_patches", {
        "S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1868, "SCENE_ID": 2, "CLOUD_REJECT": 0.5})
    index = QgsVectorLayer(res["PATCH_INDEX"], "index", "ogr")
    names = index.fields().names()
    assert {"nodata", "cloud", "colour", "seam", "qc_status", "qc_reasons", "decision"} <= set(names)
    assert not (s1.parent / "s1_qc.json").exists()  # nothing beside the user's own scene
    set_decision(out, "ROIs1868_summer", 2, 5, "reject")
    applied = processing.run("sen12:apply_review", {"FOLDER": str(out)})
    assert applied["MOVED"] >= 2
    sizes = processing.run("sen12:make_splits", {"FOLDER": str(out), "BY": 0, "TRAIN": 1.0, "VAL": 0.0})
    assert len(open(sizes["OUTPUT"]).read().split()) == applied["KEPT"]
    card = processing.run("sen12:dataset_card", {"FOLDER": str(out)})
    assert "Contains modified Copernicus Sentinel data" in open(card["OUTPUT"]).read()
    checks = processing.run("sen12:check_scenes", {"FOLDER": str(tmp_path), "OUTPUT": "memory:"})
    assert checks["OUTPUT"].featureCount() == 0  # s1.tif/s2.tif are not named like downloads


def test_extract_patches_takes_every_quality_threshold_onto_the_core(sen12_provider, tmp_path):
    """OFFSET_REVIEW, SNOW_REVIEW (and the shadow thresholds) are parameters like CLOUD_REVIEW: each
    reaches the core's thresholds (recorded in the dataset card); left out, each is the core's default."""
    from dataclasses import asdict

    from qgis.core import QgsApplication

    from sen12_plugin.core.card import build_card
    from sen12_plugin.core.quality import THRESHOLD_PARAMETERS, Thresholds

    algorithm = QgsApplication.processingRegistry().algorithmById("sen12:extract_patches")
    definitions = {d.name(): d for d in algorithm.parameterDefinitions()}
    defaults = asdict(Thresholds())
    for key, field in THRESHOLD_PARAMETERS.items():
        assert definitions[key].defaultValue() == defaults[field], key
    s1, s2, *_ = scene_pair(tmp_path, 300, 300)
    out = tmp_path / "o"
    processing.run("sen12:extract_patches", {"S1": str(s1), "S2": str(s2), "OUTPUT": str(out), "SEED": 1158,
                                             "OFFSET_REVIEW": 2.5, "SNOW_REVIEW": 0.3, "SHADOW_REJECT": 0.2})
    recorded = build_card(out)["thresholds"]
    assert (recorded["offset_review"], recorded["snow_review"], recorded["shadow_reject"]) == (2.5, 0.3, 0.2)
    assert recorded["cloud_review"] == defaults["cloud_review"]
