"""ROI sampling over a user's masks: every polygon's geometry established in the core (made valid
with a warning, left out with a warning, or refused with a sentence), and every sampling loop
with progress, cancel and a bound.

The families: a ring that crosses itself, a ring left open, a hole outside its shell, a polygon
without area, coordinates that are not numbers, and coordinates that are no longitude/latitude
(a layer in metres labelled WGS84)."""

import numpy as np
import pytest

from sen12_plugin.core import masks, pipeline, rois
from sen12_plugin.core.errors import Cancelled, InputError

pytestmark = pytest.mark.needs_osgeo

SQUARE = [(10.0, 45.0), (11.0, 45.0), (11.0, 46.0), (10.0, 46.0), (10.0, 45.0)]
BOWTIE = [(0.0, 40.0), (30.0, 60.0), (30.0, 40.0), (0.0, 60.0), (0.0, 40.0)]  # crosses itself at (15, 50)


def ring(points):
    return np.asarray(points, dtype=float)


@pytest.mark.parametrize("label, polygon, inside, outside", [
    ("a ring that crosses itself", [BOWTIE], [(2.0, 50.0), (28.0, 50.0)], [(15.0, 42.0), (15.0, 58.0)]),
    ("a ring left open", [SQUARE[:-1]], [(10.5, 45.5)], [(12.0, 45.5)]),
    ("a hole outside its shell", [SQUARE, [(20.0, 45.0), (21.0, 45.0), (21.0, 46.0), (20.0, 45.0)]],
     [(10.5, 45.5)], [(12.0, 45.5)]),
])
def test_an_invalid_polygon_is_made_valid_with_a_warning(label, polygon, inside, outside):
    mask = masks.polygon_mask([[ring(r) for r in polygon]], "land")
    assert mask.warnings, label
    if label != "a ring left open":
        assert "made valid" in " ".join(mask.warnings)
    lon, lat = np.array(inside + outside).T
    assert mask.contains(lon, lat).tolist() == [True] * len(inside) + [False] * len(outside)


@pytest.mark.parametrize("label, bad", [
    ("a polygon without area", [(10.0, 45.0), (11.0, 45.0), (12.0, 45.0), (10.0, 45.0)]),
    ("a ring of two points", [(10.0, 45.0), (11.0, 45.0)]),
    ("coordinates that are not numbers", [(10.0, 45.0), (np.nan, 45.0), (11.0, 46.0), (10.0, 45.0)]),
])
def test_a_polygon_that_cannot_be_a_mask_is_left_out_with_a_warning_or_refused_alone(label, bad):
    mask = masks.polygon_mask([[ring(SQUARE)], [ring(bad)]], "land")
    assert len(mask) == 1 and "left out" in " ".join(mask.warnings), label
    with pytest.raises(InputError, match="holds no polygon"):
        masks.polygon_mask([[ring(bad)]], "land")


def test_coordinates_that_are_no_longitude_latitude_are_refused_with_a_sentence():
    metres = [(500_000.0, 5_000_000.0), (510_000.0, 5_000_000.0), (510_000.0, 5_010_000.0), (500_000.0, 5_000_000.0)]
    with pytest.raises(InputError, match="outside longitude -180..180.*CRS"):
        masks.polygon_mask([[ring(SQUARE)], [ring(metres)]], "land")


def test_a_mask_file_is_established_too(tmp_path):
    from osgeo import ogr, osr

    path = tmp_path / "land.gpkg"
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("land", wgs84, ogr.wkbPolygon)
    feat = ogr.Feature(layer.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((0 40, 30 60, 30 40, 0 60, 0 40))"))
    layer.CreateFeature(feat)
    ds = None
    mask = masks.load_polygon_mask(path)
    assert "made valid" in " ".join(mask.warnings)
    assert mask.contains(np.array([2.0, 15.0]), np.array([50.0, 42.0])).tolist() == [True, False]


def test_sampling_reports_progress_and_stops_at_cancel():
    land = masks.polygon_mask([[ring(SQUARE)]], "land")
    cities = np.array([[10.5, 45.5]])
    seen = []
    pipeline.sample_rois([1158, 1868], land=land, urban=cities, land_count=3, urban_count=2, size_km=1.0,
                         progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] == 1.0 and all(0.0 <= f <= 1.0 for f in seen)
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        pipeline.sample_rois([1158, 1868, 1970], land=land, urban=cities, land_count=3, urban_count=2, size_km=1.0,
                             cancelled=cancelled)


def test_a_small_mask_is_cancelled_within_a_batch_not_after_its_bound():
    """A mask so small that a seed needs thousands of batches: the cancel is heard at the next batch."""
    import time

    tiny = masks.polygon_mask([[ring([(10.0, 45.0), (10.05, 45.0), (10.05, 45.05), (10.0, 45.0)])]], "tiny")
    started, asked = time.perf_counter(), []
    with pytest.raises(Cancelled):
        rois.sample_points_in_mask(np.random.RandomState(1), tiny, 50, cancelled=lambda: asked.append(1) or len(asked) > 3)
    assert time.perf_counter() - started < 5 and len(asked) == 4
