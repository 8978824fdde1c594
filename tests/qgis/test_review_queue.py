"""The review mode's queue comes from the GeoPackage in SQL; it must match reading every feature."""

import sys
from pathlib import Path

from qgis.core import QgsFeatureRequest, QgsVectorLayer

from sen12_plugin.core.index import index_path, update_patch_index
from sen12_plugin.gui.review import _queue

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench_scale import synthetic_result  # noqa: E402
from helpers import set_decision
from test_dock import plugin  # noqa: F401 - the dock fixture


def test_sql_queue_matches_the_feature_by_feature_queue(tmp_path, qgis_app):
    out = tmp_path / "out"
    out.mkdir()
    for scene, dataset in ((3, "ROIs1868_summer"), (1, "ROIs1868_summer"), (2, "ROIs1158_spring")):
        update_patch_index(synthetic_result(out, dataset, scene, 60), "summer", 1868)
    set_decision(out, "ROIs1868_summer", 1, 3, "reject")
    layer = QgsVectorLayer(f"{index_path(out)}|layername=patches", "index", "ogr")
    assert layer.isValid()
    memory = layer.materialize(QgsFeatureRequest())
    for only_flagged in (True, False):
        fast = _queue(layer, only_flagged)
        slow = _queue(memory, only_flagged)  # a memory layer: the feature-by-feature path
        keys = [(f["dataset"], f["scene"], f["patch"]) for f in (layer.getFeature(i) for i in fast)]
        slow_keys = [(f["dataset"], f["scene"], f["patch"]) for f in (memory.getFeature(i) for i in slow)]
        assert keys == slow_keys
    assert len(_queue(layer, False)) == 180
    flagged = [layer.getFeature(i) for i in _queue(layer, True)]
    assert flagged and all(f["qc_status"] != "pass" and not f["decision"] for f in flagged)
    layer.setSubsetString("scene = 1")  # a filtered layer: only what it shows
    assert {layer.getFeature(i)["scene"] for i in _queue(layer, False)} == {1}


def flagged_index(out):
    """Three scenes whose non-passing patches are flagged cloud, cloud and seam, or offset in turn."""
    from dataclasses import replace

    out.mkdir()
    kinds = ("cloud", "cloud,seam", "offset")
    for scene, dataset in ((3, "ROIs1868_summer"), (1, "ROIs1868_summer"), (2, "ROIs1158_spring")):
        result = synthetic_result(out, dataset, scene, 60)
        result.records = [replace(r, qc_flags="" if r.qc_status == "pass" else kinds[k % 3])
                          for k, r in enumerate(result.records)]
        update_patch_index(result, "summer", 1868)
    return QgsVectorLayer(f"{index_path(out)}|layername=patches", "index", "ogr")


def test_the_reason_filter_is_the_cores_on_both_paths(tmp_path, qgis_app):
    from sen12_plugin.core.index import reasons_in_queue

    layer = flagged_index(tmp_path / "out")
    memory = layer.materialize(QgsFeatureRequest())
    counts = reasons_in_queue(index_path(tmp_path / "out"))
    assert set(counts) == {"cloud", "seam", "offset"} and counts["cloud"] > counts["seam"] > 0
    for reason, n in counts.items():
        fast = [layer.getFeature(i) for i in _queue(layer, True, reason)]
        slow = [memory.getFeature(i) for i in _queue(memory, True, reason)]
        assert len(fast) == n and [(f["scene"], f["patch"]) for f in fast] == [(f["scene"], f["patch"]) for f in slow]
        assert all(reason in f["qc_flags"].split(",") for f in slow)
    assert _queue(memory, True, "colour") == []  # a reason nobody was flagged for: nothing, not everything


def test_the_dock_offers_the_reasons_in_the_index_and_reviews_by_one(tmp_path, plugin, monkeypatch):  # noqa: F811
    from qgis.core import QgsProject

    from sen12_plugin.gui import review as review_mode

    layer = flagged_index(tmp_path / "out")
    QgsProject.instance().addMapLayer(layer)
    section = plugin.dock.review
    section.review_layer.setLayer(layer)
    offered = [section.reason.itemData(i) for i in range(section.reason.count())]
    assert offered == [None, "cloud", "seam", "offset"]
    section.reason.setCurrentIndex(offered.index("seam"))
    seen = {}
    monkeypatch.setattr(review_mode.ReviewSession, "start", lambda self: seen.update(fids=list(self.fids)))
    section.start_review()
    assert seen["fids"] == _queue(layer, True, "seam") and seen["fids"]
    section.review_session = None
