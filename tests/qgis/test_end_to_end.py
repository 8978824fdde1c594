"""The paper's job end to end, each step fed by the previous step's real output.

seeded ROIs (sen12:sample_rois, the paper's four seeds, small counts) -> sen12:fetch_scenes (the
real earthengine-api over HTTP against the fake service, which tags GeoTIFFs as the live service
does) -> the scenes as QGIS raster layers -> sen12:extract_patches on those layers -> a review
decision -> sen12:apply_review -> sen12:make_splits -> sen12:dataset_card; and hand-drawn ROIs
through the same chain. The fake serves a textured synthetic planet (evaluate.textured_world) where
no source raster is registered, so ROIs sampled anywhere get real texture.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from helpers import set_decision
from qgis import processing
from qgis.core import QgsFeature, QgsGeometry, QgsRasterLayer, QgsVectorLayer
from test_dock import plugin  # noqa: F401 - the dock fixture

from sen12_plugin.core import recipe, rois
from sen12_plugin.core.earthengine import graph
from sen12_plugin.core.index import index_path, read_rows

WINTER_START = "2016-12-01"  # as filterDate sends it (an ISO date string)
ROI_KM = 3.84  # 384 px: 4 patch positions at 256/128, and a small download


@pytest.fixture()
def textured_ee(fake_ee, monkeypatch):
    fake_ee.synthetic = fake_ee.textured = True
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    return fake_ee


def fetch(layer, out: Path, ee_key) -> dict:
    return processing.run("sen12:fetch_scenes", {
        "ROIS": layer, "PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key), "OUTPUT": str(out / "scenes"),
        "DROPPED": "memory:"})


def scenes_as_layers(folder: Path) -> list[tuple[dict, QgsRasterLayer, QgsRasterLayer]]:
    """Every fetched pair as two QGIS raster layers, with the record the download wrote."""
    pairs = []
    for record in sorted(folder.rglob("scene_*.json")):
        if record.name.endswith("_qc.json"):
            continue
        meta = json.loads(record.read_text())
        s1 = QgsRasterLayer(str(record.with_name(f"s1_{meta['roi']}.tif")), f"S1 {meta['roi']}")
        s2 = QgsRasterLayer(str(record.with_name(f"s2_{meta['roi']}.tif")), f"S2 {meta['roi']}")
        assert s1.isValid() and s2.isValid(), record
        pairs.append((meta, s1, s2))
    return pairs


def extract_review_split_card(pairs, out: Path, **fixed) -> tuple[list[dict], dict]:
    patches = out / "patches"
    for meta, s1, s2 in pairs:
        params = {"S1": s1, "S2": s2, "OUTPUT": str(patches), "SCENE_ID": meta["roi"], **fixed}
        if meta.get("seed") is not None:
            params["SEED"] = meta["seed"]
        else:
            params["SEASON"] = meta["season"]
        result = processing.run("sen12:extract_patches", params)
        assert result["WRITTEN"] > 0, meta
    rows = read_rows(index_path(patches))
    first = rows[0]
    set_decision(patches, first["dataset"], first["scene"], first["patch"], "reject")
    processing.run("sen12:apply_review", {"FOLDER": str(patches)})
    processing.run("sen12:make_splits", {"FOLDER": str(patches), "BY": 0})
    processing.run("sen12:dataset_card", {"FOLDER": str(patches)})
    card = json.loads((patches / "dataset_card.json").read_text())
    listed = "".join(p.read_text() for p in (patches / "splits" / "scene").glob("*.txt"))
    rejected = f"{first['dataset']}_s1_{first['scene']}_p{first['patch']}.png"
    assert rejected not in listed and "_s1_" in listed
    for line in listed.split():  # every listed patch exists, with its S2 twin
        assert (patches / line).is_file() and (patches / line.replace("s1_", "s2_")).is_file(), line
    return rows, card


def test_the_papers_four_seeds_run_from_sampling_to_the_card(sen12_provider, textured_ee, ee_client, ee_key,
                                                            tmp_path):
    sampled = processing.run("sen12:sample_rois", {
        "SEEDS": ",".join(str(s) for s in recipe.PAPER_SEEDS), "LAND_COUNT": 2, "URBAN_COUNT": 1,
        "ROI_SIZE_KM": ROI_KM, "OUTPUT": "memory:"})["OUTPUT"]
    kept = [(f["seed"], f["id"]) for f in sampled.getFeatures()]
    assert {seed for seed, _ in kept} == set(recipe.PAPER_SEEDS)
    assert len({roi_id for _, roi_id in kept}) < len(kept)  # every seed numbers its ROIs from 0

    fetched = fetch(sampled, tmp_path, ee_key)
    assert fetched["SCENE_COUNT"] == len(kept), [f["reason"] for f in fetched["DROPPED"].getFeatures()]
    pairs = scenes_as_layers(tmp_path / "scenes")
    assert sorted((m["seed"], m["roi"]) for m, _, _ in pairs) == sorted(kept)
    for _meta, s1, _ in pairs:  # the finished scene keeps the project's no-data, whatever the tiles carried
        with rasterio.open(s1.source()) as ds:
            assert ds.nodata == graph.S1_NODATA and np.isfinite(ds.read(1)).all()

    rows, card = extract_review_split_card(pairs, tmp_path)
    datasets = {r["dataset"] for r in rows}
    assert datasets == {recipe.DATASET_PATTERN.format(seed=s, season=recipe.SEED_SEASONS[s]) for s in recipe.PAPER_SEEDS}
    for seed, roi_id in kept:  # a scene is its ROI: seed in the folder, id as the scene number
        dataset = recipe.DATASET_PATTERN.format(seed=seed, season=recipe.SEED_SEASONS[seed])
        assert list((tmp_path / "patches" / dataset / f"s1_{roi_id}").glob(f"{dataset}_s1_{roi_id}_p*.png"))
    assert len(card["scenes"]) == len(kept)


def test_hand_drawn_rois_run_the_same_chain(sen12_provider, textured_ee, ee_client, ee_key, tmp_path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:integer&field=seed:integer&field=season:string",
                           "drawn", "memory")
    for roi_id, (lon, lat) in enumerate(((11.5, 48.1), (-3.7, 40.4))):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(rois.square_roi(roi_id, lon, lat, ROI_KM).wkt()))
        feature.setAttributes([roi_id, None, "summer"])
        layer.dataProvider().addFeature(feature)

    assert fetch(layer, tmp_path, ee_key)["SCENE_COUNT"] == 2
    pairs = scenes_as_layers(tmp_path / "scenes")
    rows, card = extract_review_split_card(pairs, tmp_path)
    assert {r["dataset"] for r in rows} == {"custom_summer"} and {r["scene"] for r in rows} == {0, 1}
    assert len(card["scenes"]) == 2


def test_the_dock_runs_the_papers_job_from_sampling_to_the_card(plugin, textured_ee, ee_client, ee_key,  # noqa: F811
                                                                tmp_path, monkeypatch):
    """The analyst's clicks: sample seeded ROIs, download, the scenes load as layers, extract the
    visible pairs, check availability marks every ROI, publish (review, splits, card)."""
    from qgis.core import QgsLayerTreeGroup, QgsProject
    from test_dock import wait_for_tasks

    from sen12_plugin.gui import layers, roi_layer

    dock = plugin.dock
    asked = []  # the analyst answers "yes" to the count of a big job, and moves the checks' rejects
    monkeypatch.setattr(dock.earthengine, "confirm_big_job", lambda sentence: asked.append(sentence) or True)
    monkeypatch.setattr(dock.review, "confirm_automatic_rejects", lambda count: "apply")
    dock.rois.seeds_edit.setText(",".join(str(s) for s in recipe.PAPER_SEEDS))
    dock.rois.land_count.setValue(1)
    dock.rois.urban_count.setValue(1)
    dock.rois.roi_size.setValue(ROI_KM)
    dock.rois.sample_rois()
    wait_for_tasks()
    layer = roi_layer.find_roi_layer(QgsProject.instance())
    kept = sorted((f["seed"], f["id"]) for f in layer.getFeatures())
    assert {seed for seed, _ in kept} == set(recipe.PAPER_SEEDS) and len({i for _, i in kept}) < len(kept)

    # Winter 2016/17 has no Sentinel-2 image under 1 % cloud here: seed 2017's ROIs are dropped,
    # and only they (ROI 0 of seed 2017 is not ROI 0 of seed 1158).
    defaults = textured_ee.counts
    textured_ee.counts = lambda body: {**defaults(body), **({"s2": 0, "s2_ids": []} if WINTER_START in json.dumps(body) else {})}
    dock.earthengine.project_edit.setText("test-project")
    dock.earthengine.key_file.setFilePath(str(ee_key))
    dock.earthengine.check_availability()
    wait_for_tasks()
    status = {(f["seed"], f["id"]): f["status"] for f in layer.getFeatures()}
    assert status == {key: "no data" if key[0] == 2017 else "available" for key in kept}
    kept = [key for key in kept if key[0] != 2017]
    dock.earthengine.download()
    assert asked, "a download of this many ROI-seasons asks first"
    wait_for_tasks(120)
    group = QgsProject.instance().layerTreeRoot().findGroup(layers.ROOT_GROUP)
    loaded = sorted(g.name() for g in group.children() if isinstance(g, QgsLayerTreeGroup) and g.findLayers())
    expected = sorted(f"ROIs{seed}_{recipe.SEED_SEASONS[seed]} · ROI {roi_id} · {recipe.SEED_SEASONS[seed]}"
                      for seed, roi_id in kept)
    assert loaded == expected

    dock.extract.extract_visible()
    wait_for_tasks(120)
    output = dock.output_folder() / "patches" if (dock.output_folder() / "patches").is_dir() else dock.output_folder()
    rows = read_rows(index_path(output))
    assert {(r["dataset"], r["scene"]) for r in rows} == {
        (f"ROIs{seed}_{recipe.SEED_SEASONS[seed]}", roi_id) for seed, roi_id in kept}
    dock.review.publish()
    wait_for_tasks()
    card = json.loads((output / "dataset_card.json").read_text())
    assert len(card["scenes"]) == len(kept)
    assert (output / "splits" / "scene" / "train.txt").read_text().strip()


def test_the_card_names_what_the_download_asked_for(sen12_provider, textured_ee, ee_client, ee_key, tmp_path):
    """Level-2A at 20 % cloud, fetched through the real client: the card names that collection and
    threshold for the scene (its download record), not the paper's S2_HARMONIZED at 1 %."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:integer&field=seed:integer&field=season:string",
                           "drawn", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(rois.square_roi(0, 11.5, 48.1, ROI_KM).wkt()))
    feature.setAttributes([0, None, "summer"])
    layer.dataProvider().addFeature(feature)
    fetched = processing.run("sen12:fetch_scenes", {
        "ROIS": layer, "PROJECT": "test-project", "SERVICE_ACCOUNT_KEY": str(ee_key), "OUTPUT": str(tmp_path / "scenes"),
        "DROPPED": "memory:", "S2_LEVEL": graph.S2_LEVELS.index("L2A"), "MAX_CLOUD": 20})
    assert fetched["SCENE_COUNT"] == 1
    _rows, card = extract_review_split_card(scenes_as_layers(tmp_path / "scenes"), tmp_path)
    source = card["scenes"][0]["source"]
    assert source["kind"] == "earthengine" and source["s2_collection"] == recipe.S2_SR_COLLECTION
    assert source["s2_level"] == "L2A" and source["max_cloud_percent"] == 20
    assert "cloud <= 20" in (tmp_path / "patches" / "dataset_card.md").read_text()
