"""Labels on the scene's pinned grid: features rasterized and class rasters resampled as GDAL does."""

import numpy as np
import pytest
import rasterio
from helpers import CRS, ORIGIN
from rasterio.features import rasterize
from rasterio.transform import from_origin
from rasterio.warp import transform_geom

from sen12_plugin.core import label_raster
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.grid import PatchGrid, RasterGrid
from sen12_plugin.core.label_raster import build_scene_label
from sen12_plugin.core.labels import ClassMap, LabelClass, RasterLabels, VectorLabels, vector_class_ids

pytestmark = pytest.mark.needs_osgeo

GRID = RasterGrid(600, 520, rasterio.crs.CRS.from_string(CRS).to_wkt(), tuple(from_origin(*ORIGIN, 10, 10))[:6])


def utm_to_wgs84(ring):
    return transform_geom(CRS, "EPSG:4326", {"type": "Polygon", "coordinates": [ring]})


def polygon_features():
    """Irregular polygons (one overlapping two others) drawn in UTM, handed over in WGS84."""
    x, y = ORIGIN[0] + 3.7, ORIGIN[1] - 1.3  # vertices off the pixel corners (a vertex on a corner is ambiguous)
    rings = {
        "water": [(x + 37, y - 41), (x + 2210, y - 160), (x + 2630, y - 2950), (x + 505, y - 3333), (x + 37, y - 41)],
        "forest": [(x + 2900, y - 900), (x + 5900, y - 700), (x + 5500, y - 5100), (x + 3100, y - 4700),
                   (x + 4100, y - 2500), (x + 2900, y - 900)],
        "field": [(x + 1800, y - 2000), (x + 3600, y - 2100), (x + 3300, y - 4100), (x + 1500, y - 3900),
                  (x + 1800, y - 2000)],
    }
    return [{"geometry": utm_to_wgs84(ring), "properties": {"cls": name}} for name, ring in rings.items()]


@pytest.fixture(params=["whole", "strips"])
def strips(request, monkeypatch):
    """The scene labelled in one go, and in strips of 37 rows (as large scenes are): the same pixels."""
    if request.param == "strips":
        monkeypatch.setattr(label_raster, "STRIP_PIXELS", 37 * GRID.width)


def test_polygons_in_another_crs_equal_rasterize_on_each_patch_grid(tmp_path, strips):
    features = polygon_features()
    source = VectorLabels.from_geojson("landuse", features, "EPSG:4326", "cls")
    label = build_scene_label(source, GRID, tmp_path / "lc_4.tif")
    ids = {c.name: c.id for c in label.classes}
    assert ids == {"field": 1, "forest": 2, "water": 3}  # text classes numbered in value order
    with rasterio.open(label.path) as ds:
        scene = ds.read(1)
        assert ds.crs.to_string() == CRS and tuple(ds.transform)[:6] == GRID.transform
    patches = PatchGrid(GRID, 256, 128)
    shapes = [(transform_geom("EPSG:4326", CRS, f["geometry"]), ids[f["properties"]["cls"]]) for f in features]
    for pos in patches:
        expected = rasterize(shapes, out_shape=(256, 256), transform=rasterio.Affine(*patches.transform(pos)),
                             fill=0, dtype="uint8")
        got = scene[pos.row_off:pos.row_off + 256, pos.col_off:pos.col_off + 256]
        assert np.array_equal(got, expected), pos
    assert set(np.unique(scene)) == {0, 1, 2, 3}
    assert any("different classes" in m and "last feature" in m for m in label.messages)  # field overlaps both

    touched = build_scene_label(VectorLabels.from_geojson("landuse", features, "EPSG:4326", "cls", all_touched=True),
                                GRID, tmp_path / "touched.tif")
    with rasterio.open(touched.path) as ds:
        all_touched = ds.read(1)
    expected = rasterize(shapes, out_shape=(520, 600), transform=rasterio.Affine(*GRID.transform), fill=0,
                         dtype="uint8", all_touched=True)
    assert np.array_equal(all_touched, expected)
    assert np.count_nonzero(all_touched) > np.count_nonzero(scene)


def test_a_line_with_a_buffer_in_metres_labels_the_pixel_centres_within_it(tmp_path):
    x, y = ORIGIN
    line = {"type": "LineString", "coordinates": [(x + 100, y - 500), (x + 900, y - 500)]}  # on a pixel edge
    source = VectorLabels.from_geojson("roads", [{"geometry": line, "properties": {"kind": 7}}], CRS, "kind",
                                       buffer_m=10)
    label = build_scene_label(source, GRID, tmp_path / "lc.tif")
    with rasterio.open(label.path) as ds:
        data = ds.read(1)
    rows, cols = np.nonzero(data)
    # centres 5 m from the line are inside, 15 m outside; the round caps reach centres 5 m past each end
    assert set(rows) == {49, 50} and (cols.min(), cols.max()) == (9, 90) and len(rows) == 2 * 82
    assert set(data[data > 0]) == {7}  # whole numbers 1..255 are their own class ids
    degrees = RasterGrid(60, 60, rasterio.crs.CRS.from_epsg(4326).to_wkt(), (0.001, 0, 13.0, 0, -0.001, 45.0))
    with pytest.raises(InputError, match="buffer of 10 m needs a scene grid in metres"):
        build_scene_label(source, degrees, tmp_path / "deg.tif")


def write_classes(path, data, crs, transform, nodata=None, dtype="uint8"):
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0], count=1,
                       dtype=dtype, crs=crs, transform=transform, nodata=nodata) as ds:
        ds.write(data.astype(dtype), 1)
    return path


def gdal_nearest(path, grid: RasterGrid, nodata):
    from osgeo import gdal

    a, _, c, _, e, f = grid.transform
    out = gdal.Warp("", str(path), format="MEM", dstSRS=grid.crs_wkt, width=grid.width, height=grid.height,
                    outputBounds=(c, f + e * grid.height, c + a * grid.width, f), resampleAlg="near",
                    errorThreshold=0, dstNodata=nodata)
    data = out.GetRasterBand(1).ReadAsArray()
    return np.where(data == nodata, 0, data) if nodata is not None else data


def test_a_class_raster_in_another_crs_equals_gdals_nearest_warp(tmp_path, strips):
    rng = np.random.default_rng(5)
    data = rng.integers(1, 6, (260, 240))
    data[:20, :30] = 255  # no-data becomes unlabeled
    # UTM 32N, 20 m pixels, shifted by a fraction of a pixel: every scene pixel is a real resampling
    path = write_classes(tmp_path / "classes.tif", data, "EPSG:32632", from_origin(870013.3, 5005417.1, 20, 20),
                         nodata=255)
    label = build_scene_label(RasterLabels(str(path)), GRID, tmp_path / "lc.tif")
    with rasterio.open(label.path) as ds:
        got = ds.read(1)
    expected = gdal_nearest(path, GRID, 255)
    assert np.array_equal(got, expected)
    assert 0 < np.count_nonzero(got == 0) < got.size and set(np.unique(got)) <= {0, 1, 2, 3, 4, 5}
    assert [c.id for c in label.classes] == [1, 2, 3, 4, 5] and label.classes.name(3) == "class 3"


def test_class_rasters_that_are_not_class_ids_are_refused(tmp_path):
    transform = from_origin(*ORIGIN, 10, 10)
    zeros = np.ones((520, 600))
    zeros[5:9, 5:9] = 0
    path = write_classes(tmp_path / "zero.tif", zeros, CRS, transform, nodata=255)
    with pytest.raises(InputError, match="uses 0 as a class"):
        build_scene_label(RasterLabels(str(path)), GRID, tmp_path / "a.tif")
    fractions = write_classes(tmp_path / "ndvi.tif", np.full((520, 600), 0.37), CRS, transform, dtype="float32")
    with pytest.raises(InputError, match="whole class ids"):
        build_scene_label(RasterLabels(str(fractions)), GRID, tmp_path / "b.tif")
    known = ClassMap((LabelClass(10, "Tree cover", "#006400"),))
    other = write_classes(tmp_path / "other.tif", np.full((520, 600), 20), CRS, transform)
    with pytest.raises(InputError, match=r"values \[20\] that are not classes"):
        build_scene_label(RasterLabels(str(other), classes=known, title="ESA WorldCover"), GRID, tmp_path / "c.tif")
    assert not list(tmp_path.glob("*.tif.*"))  # nothing half-written is left


def test_class_ids_from_field_values():
    cmap, ids, messages = vector_class_ids([3, 1, 3, None, 200])
    assert ids == {1: 1, 3: 3, 200: 200} and [c.id for c in cmap] == [1, 3, 200]
    assert any("without a class value" in m for m in messages)
    cmap, ids, messages = vector_class_ids([0, 1, 2])  # 0 marks unlabeled: numbered in order instead
    assert ids == {0: 1, 1: 2, 2: 3} and any("value order" in m for m in messages)
    known = ClassMap((LabelClass(1, "water", "#0000ff"), LabelClass(2, "forest", "#00ff00")))
    cmap, ids, _ = vector_class_ids(["urban", "forest"], known)
    assert ids == {"forest": 2, "urban": 3} and cmap.get(2).colour == "#00ff00"  # the dataset's ids are kept
    with pytest.raises(InputError, match="already uses class 1 for 'water'"):
        known.merged(ClassMap((LabelClass(1, "lake", "#000000"),)), "ROIs1868_summer")
    with pytest.raises(InputError, match="at most 255 classes"):
        vector_class_ids([f"c{i}" for i in range(300)])
    assert ClassMap.from_json(known.to_json()) == known


def test_curved_geometries_are_labelled_as_their_linear_approximation(tmp_path):
    """A CurvePolygon and a MultiSurface (GeoPackage and GML layers hold them) burn as GDAL's
    linear approximation of them; they used to stop the run (GeoJSON has no curves)."""
    from osgeo import ogr

    x, y = ORIGIN[0] + 1500.0, ORIGIN[1] - 1500.0
    circle = ogr.CreateGeometryFromWkt(f"CURVEPOLYGON(CIRCULARSTRING({x - 800} {y},{x + 800} {y},{x - 800} {y}))")
    surface = ogr.CreateGeometryFromWkt(
        f"MULTISURFACE(CURVEPOLYGON(CIRCULARSTRING({x + 1700} {y - 2000},{x + 2900} {y - 2000},{x + 1700} {y - 2000})))")
    source = VectorLabels("curves", GRID.crs_wkt, (bytes(circle.ExportToWkb()), bytes(surface.ExportToWkb())),
                          ("pond", "lake"))
    label = build_scene_label(source, GRID, tmp_path / "lc.tif")
    ids = {c.name: c.id for c in label.classes}
    with rasterio.open(label.path) as ds:
        scene = ds.read(1)
    linear = [(json_geometry(g.GetLinearGeometry()), ids[name]) for g, name in ((circle, "pond"), (surface, "lake"))]
    expected = rasterize(linear, out_shape=scene.shape, transform=rasterio.Affine(*GRID.transform), fill=0, dtype="uint8")
    assert np.array_equal(scene, expected) and (scene == ids["pond"]).sum() > 20000


def json_geometry(geometry):
    import json

    return json.loads(geometry.ExportToJson())


def test_a_label_layer_without_crs_is_refused_with_a_sentence(tmp_path):
    source = VectorLabels.from_geojson("landuse", polygon_features(), "EPSG:4326", "cls")
    from dataclasses import replace

    with pytest.raises(InputError, match="has no coordinate reference system"):
        build_scene_label(replace(source, crs_wkt=""), GRID, tmp_path / "lc.tif")


def test_a_label_layer_elsewhere_says_it_does_not_overlap_and_is_not_transformed_feature_by_feature(
        tmp_path, monkeypatch):
    """A layer of 3000 features none of which is near the scene: each is skipped by its envelope
    (not transformed: 100 000 features took 5.6 s a scene), and the user reads why the labels are empty."""
    from osgeo import ogr

    far = [{"geometry": {"type": "Polygon", "coordinates": [[(x, 10.0), (x + 0.001, 10.0), (x + 0.001, 10.001),
                                                            (x, 10.0)]]}, "properties": {"cls": "field"}}
           for x in np.linspace(100.0, 101.0, 3000)]
    source = VectorLabels.from_geojson("elsewhere", far, "EPSG:4326", "cls")
    transforms = []
    real = ogr.Geometry.Transform
    monkeypatch.setattr(ogr.Geometry, "Transform", lambda self, *a: transforms.append(1) or real(self, *a))
    label = build_scene_label(source, GRID, tmp_path / "lc.tif")
    assert len(transforms) == 0
    assert any("does not overlap this scene; check its CRS (EPSG:4326)" in m for m in label.messages), label.messages
    # features on the scene are still labelled (and the layer overlaps: no such message)
    near = VectorLabels.from_geojson("landuse", polygon_features() + far, "EPSG:4326", "cls")
    transforms.clear()
    label = build_scene_label(near, GRID, tmp_path / "lc2.tif")
    assert len(transforms) == 3 and not any("does not overlap" in m for m in label.messages)


def test_a_class_raster_elsewhere_or_all_nodata_says_so(tmp_path):
    """A class raster that does not reach the scene (or holds only no-data over it) gives all-unlabeled
    label patches: the run says which of the two, instead of labels that are silently empty."""
    far = write_classes(tmp_path / "far.tif", np.full((50, 50), 3), "EPSG:32632", from_origin(300000, 4000000, 30, 30),
                        nodata=255)
    label = build_scene_label(RasterLabels(str(far)), GRID, tmp_path / "a.tif")
    assert any("far.tif does not overlap this scene; check its CRS (EPSG:32632)" in m for m in label.messages), \
        label.messages
    holes = np.full((520, 600), 255)
    holes[0, 0] = 255
    empty = write_classes(tmp_path / "empty.tif", holes, CRS, from_origin(*ORIGIN, 10, 10), nodata=255)
    label = build_scene_label(RasterLabels(str(empty)), GRID, tmp_path / "b.tif")
    assert any("empty.tif holds only no-data (255) over this scene" in m for m in label.messages), label.messages
    assert not any("does not overlap" in m for m in label.messages)


def test_nan_nodata_in_a_float_class_raster_is_unlabeled(tmp_path):
    data = np.full((520, 600), 2.0, dtype="float32")
    data[100:200, 50:90] = np.nan
    path = write_classes(tmp_path / "f.tif", data, CRS, from_origin(*ORIGIN, 10, 10), nodata=np.nan, dtype="float32")
    label = build_scene_label(RasterLabels(str(path)), GRID, tmp_path / "lc.tif")
    with rasterio.open(label.path) as ds:
        got = ds.read(1)
    assert (got[100:200, 50:90] == 0).all() and np.count_nonzero(got == 2) == got.size - 100 * 40


def features_with(values):
    x, y = ORIGIN
    square = {"type": "Polygon", "coordinates": [[(x + 5, y - 5), (x + 95, y - 5), (x + 95, y - 95), (x + 5, y - 5)]]}
    return [{"geometry": square, "properties": {"f": v}} for v in values]


@pytest.mark.parametrize("values, why", [
    ([round(12.5 + 0.37 * i, 2) for i in range(30)], "fractional numbers such as 12.5"),  # an area, a height
    ([float(i) + 0.5 for i in range(3)], "fractional numbers such as 0.5"),
    (list(range(1, 41)), "each of its 40 features has a value of its own"),  # the fid
    ([f"Parcel {i} north of the creek" for i in range(60)] + ["Parcel 1 north of the creek"], "61 features"),
])
def test_a_field_that_is_no_class_is_refused_with_a_sentence(values, why):
    """Labels are a closed set of classes; a measurement or an identifier chosen as class field would
    make one class per value: refused before any pixel is burnt, with the field named."""
    with pytest.raises(InputError, match="field 'f' of parcels") as refused:
        VectorLabels.from_geojson("parcels", features_with(values), CRS, "f")
    assert why in str(refused.value)


def test_a_closed_set_of_classes_passes_even_when_small_or_numeric():
    VectorLabels.from_geojson("p", features_with(["water", "forest"]), CRS, "f")  # two features, two classes
    VectorLabels.from_geojson("p", features_with([1.0, 2.0, 2.0, 3.0]), CRS, "f")  # whole numbers as reals
    VectorLabels.from_geojson("p", features_with([i % 7 + 1 for i in range(300)]), CRS, "f")
    VectorLabels.from_geojson("p", features_with([None] * 50 + ["water"]), CRS, "f")
