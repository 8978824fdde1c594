"""The review mode's queue comes from the GeoPackage in SQL; it must match reading every feature."""

import sys
from pathlib import Path

from qgis.core import QgsFeatureRequest, QgsVectorLayer

from sen12_plugin.core.index import index_path, update_patch_index
from sen12_plugin.gui.review import _queue

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench_scale import synthetic_result  # noqa: E402
from helpers import set_decision


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
