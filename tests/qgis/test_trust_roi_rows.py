"""ROI layer rows with junk id, seed or season are refused with a sentence, in the dock's path too;
the other rows go on (as in Processing: both read rows through ``core.requests``)."""

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from sen12_plugin.core import inputs, rois
from sen12_plugin.core.requests import SeasonChoice
from sen12_plugin.gui import roi_layer

ROI = rois.square_roi(4, 11.5, 48.1, 2.56)


def layer_with(*rows):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=id:string&field=seed:string&field=season:string"
                           "&field=kind:string", "rois", "memory")
    for values in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(ROI.wkt()))
        f.setAttributes(list(values) + ["layer"])
        layer.dataProvider().addFeature(f)
    return layer


@pytest.mark.parametrize("row, message", [
    (("1", "1158", "xyz"), "season 'xyz' is not a season"),
    (("abc", "1158", "spring"), "id 'abc' is not a whole number"),
    (("1", "x", "spring"), "seed 'x' is not a whole number"),
    (("1", "-1", "spring"), "out of range"),
])
def test_dock_roi_layer_refuses_junk_rows_and_keeps_the_others(row, message):
    good = ("2", "1158", "spring")
    plan = roi_layer.request_plan(layer_with(good, row), SeasonChoice(2017, ("summer",)))
    assert [(roi.id, season.name) for roi, season in plan.requests] == [(2, "spring")]
    assert len(plan.refused) == 1 and message in plan.refused[0].reason


def test_season_in_any_case_and_empty_fields_are_read():
    plan = roi_layer.request_plan(layer_with(("7", "1868", "Summer"), ("8", None, None)), SeasonChoice(2017, ("fall",)))
    assert [(r.id, r.seed, r.season, s.name) for r, s in plan.requests] == [
        (7, 1868, "summer", "summer"), (8, None, None, "fall")]


def test_row_numbers_stand_in_for_missing_ids():
    assert inputs.roi_row({"id": None, "seed": None, "season": ""}, 4) == (4, None, None)
