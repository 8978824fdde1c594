"""Golden tests of the request graphs, built by the real earthengine-api (initialised offline
with the algorithm list it ships) and compared with what the recipe says."""

import json
from datetime import date

import pytest

from sen12_plugin.core import rois, seasons
from sen12_plugin.core.earthengine import auth, graph
from sen12_plugin.core.earthengine.scenes import write_requests
from sen12_plugin.core.errors import InputError

# Every test here builds ROIs and their UTM grids through GDAL's osr.
pytestmark = pytest.mark.needs_osgeo

RING = [(11.0, 48.0), (11.1, 48.0), (11.1, 48.1), (11.0, 48.1)]


def render(graph_json: dict) -> str:
    """A compact, readable form of a serialized expression graph: calls and constants."""
    values = graph_json["values"]

    def node(n):
        if "valueReference" in n:
            return node(values[n["valueReference"]])
        if "constantValue" in n:
            return json.dumps(n["constantValue"])
        if "arrayValue" in n:
            return "[" + ", ".join(node(v) for v in n["arrayValue"]["values"]) + "]"
        if "dictionaryValue" in n:
            return "{" + ", ".join(f"{k}: {node(v)}" for k, v in sorted(n["dictionaryValue"]["values"].items())) + "}"
        if "argumentReference" in n:
            return n["argumentReference"]
        if "functionDefinitionValue" in n:
            f = n["functionDefinitionValue"]
            return f"fn({', '.join(f['argumentNames'])}) -> {node(values[f['body']])}"
        call = n["functionInvocationValue"]
        args = ", ".join(f"{k}={node(v)}" for k, v in sorted(call["arguments"].items()))
        return f"{call['functionName']}({args})"

    return node(values[graph_json["result"]])


@pytest.fixture(scope="module")
def offline():
    auth.initialize_offline()
    import ee
    yield
    ee.Reset()


@pytest.fixture()
def roi():
    return rois.roi_from_ring(5, RING, season="summer")


REGION = ('GeometryConstructors.Polygon(coordinates=[[[11.0, 48.0], [11.1, 48.0], [11.1, 48.1], '
          '[11.0, 48.1], [11.0, 48.0]]], geodesic=false)')


def test_s1_graph_is_the_papers_recipe(offline, roi):
    got = render(graph.serialize(graph.s1_image(roi, seasons.paper_season("summer"))))
    expected = (  # cast to float32 in the graph: the pixel type is never left to the service
        f"Image.toFloat(value=Image.clip(geometry={REGION}, input=ImageCollection.mosaic(collection=Collection.map("
        "baseAlgorithm=fn(_MAPPING_VAR_0_0) -> Image.select(bandSelectors=[\"VV\"], input=_MAPPING_VAR_0_0), "
        "collection=Collection.filter(collection=Collection.filter(collection=Collection.filter(collection="
        "Collection.filter(collection=ImageCollection.load(id=\"COPERNICUS/S1_GRD\"), "
        "filter=Filter.dateRangeContains(leftValue=DateRange(end=\"2017-09-01\", start=\"2017-06-01\"), "
        "rightField=\"system:time_start\")), "
        f"filter=Filter.intersects(leftField=\".all\", rightValue=Feature(geometry={REGION}))), "
        "filter=Filter.equals(leftField=\"instrumentMode\", rightValue=\"IW\")), "
        "filter=Filter.listContains(leftField=\"transmitterReceiverPolarisation\", rightValue=\"VV\"))))))"
    )
    assert got == expected


def test_downloads_and_exports_fill_masked_pixels_then_cast(offline, roi):
    """Masked pixels (outside the ROI, no image) become the sensor's no-data, inside and outside the footprint."""
    s1 = render(graph.serialize(graph.s1_download(roi, seasons.paper_season("summer"))))
    s2 = render(graph.serialize(graph.s2_download(roi, seasons.paper_season("summer"))))
    assert s1.startswith("Image.toFloat(value=Image.unmask(input=Image.toFloat(value=Image.clip(")
    assert s1.endswith(", sameFootprint=false, value=Image.constant(value=-9999.0)))")
    assert s2.startswith("Image.toUint16(value=Image.unmask(input=Image.toUint16(value=Image.clip(")
    assert s2.endswith(", sameFootprint=false, value=Image.constant(value=0)))")
    summer = seasons.paper_season("summer")
    assert graph.defines_nodata(graph.s1_download(roi, summer), "float32", graph.S1_NODATA)
    assert not graph.defines_nodata(graph.s1_image(roi, summer), "float32", graph.S1_NODATA)
    assert not graph.defines_nodata(graph.s1_download(roi, summer), "float32", 0)
    assert not graph.defines_nodata(graph.s2_download(roi, summer), "float32", 0)


def test_s2_graph_is_the_papers_recipe(offline, roi):
    got = render(graph.serialize(graph.s2_image(roi, seasons.paper_season("winter", 2017))))
    assert got.startswith(f"Image.toUint16(value=Image.clip(geometry={REGION}, input=ImageCollection.mosaic(")
    assert 'ImageCollection.load(id="COPERNICUS/S2_HARMONIZED")' in got
    assert 'DateRange(end="2017-03-01", start="2016-12-01")' in got  # Feb 28 inclusive -> Mar 1
    # ee.Filter.lte(...) is sent as not(greaterThan(...)): cloud <= 1 %
    assert 'Filter.not(filter=Filter.greaterThan(leftField="CLOUDY_PIXEL_PERCENTAGE", rightValue=1.0))' in got
    assert 'bandSelectors=["B4", "B3", "B2"]' in got


def test_options_beyond_the_paper(offline, roi):
    opts = graph.RecipeOptions(dual_pol=True, all_s2_bands=True, s2_level="L2A", max_cloud=10,
                               orbit="DESCENDING")
    s1 = render(graph.serialize(graph.s1_image(roi, seasons.paper_season("fall"), opts)))
    s2 = render(graph.serialize(graph.s2_image(roi, seasons.paper_season("fall"), opts)))
    assert 'bandSelectors=["VV", "VH"]' in s1 and 'rightValue="VH"' in s1
    assert 'Filter.equals(leftField="orbitProperties_pass", rightValue="DESCENDING")' in s1
    assert 'id="COPERNICUS/S2_SR_HARMONIZED"' in s2 and "rightValue=10" in s2
    assert '"B12"' in s2 and '"B10"' not in s2
    with pytest.raises(InputError):
        graph.RecipeOptions(s2_level="L3")


def test_availability_is_one_request_counting_both_sensors(offline, roi):
    got = render(graph.serialize(graph.availability(roi, seasons.paper_season("spring"))))
    assert got.startswith("{s1: Collection.size(") and ", s2: Collection.size(" in got
    assert got.count("Collection.size(") == 2 and 's1_ids: AggregateFeatureCollection.array(' in got and 'DateRange(end="2017-05-31", start="2017-03-01")' in got


def test_request_only_writes_requests_json_without_network(offline, roi, tmp_path):
    custom = seasons.custom_season(date(2020, 4, 1), date(2020, 4, 30))
    path = write_requests([(roi, seasons.paper_season("summer")), (roi, custom)], tmp_path)
    data = json.loads(path.read_text())
    assert [r["season"] for r in data["requests"]] == ["summer", "20200401-20200430"]
    first = data["requests"][0]
    assert first["grid"]["crs"] == "EPSG:32632" and first["grid"]["crsTransform"][0] == 10
    assert 'ImageCollection.load(id="COPERNICUS/S1_GRD")' in render(first["s1"])
    assert render(first["s1"]).startswith("Image.toFloat(value=Image.unmask(")  # what is downloaded
    assert 'DateRange(end="2020-05-01", start="2020-04-01")' in render(data["requests"][1]["s2"])
