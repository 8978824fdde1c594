import subprocess
import sys

import numpy as np
import pytest

from sen12_plugin.core import masks, recipe, rois
from sen12_plugin.core.errors import CoverageError, InputError


@pytest.fixture(scope="module")
def land():
    return masks.default_land_mask()


@pytest.fixture(scope="module")
def cities():
    return masks.default_city_points()


@pytest.fixture(scope="module")
def paper_sample(land, cities):
    return rois.sample_rois(recipe.PAPER_SEEDS, land, cities)


@pytest.mark.needs_osgeo
def test_sampling_is_deterministic_per_seed_and_differs_across_seeds(land, cities):
    a = rois.sample_seed(1158, land, cities, land_count=20, urban_count=5)
    b = rois.sample_seed(1158, land, cities, land_count=20, urban_count=5)
    c = rois.sample_seed(1868, land, cities, land_count=20, urban_count=5)
    assert a == b
    assert {r.center for r in a}.isdisjoint({r.center for r in c})
    assert [r.id for r in a] == list(range(25))
    assert [r.kind for r in a] == ["land"] * 20 + ["urban"] * 5
    assert {r.season for r in a} == {"spring"} and {r.season for r in c} == {"summer"}


@pytest.mark.needs_osgeo
def test_fixed_first_roi_of_seed_1158(land, cities):
    """Pins the stream: a change here means every user's ROIs moved."""
    first = rois.sample_seed(1158, land, cities, land_count=1, urban_count=0)[0]
    lon, lat = first.center
    assert (round(lon, 2), round(lat, 2), first.utm_epsg) == (27.14, 28.99, 32635)


@pytest.mark.needs_osgeo
def test_paper_sample_counts_and_ids(paper_sample):
    total = len(paper_sample.kept) + len(paper_sample.dropped)
    assert total == len(recipe.PAPER_SEEDS) * (recipe.LAND_COUNT + recipe.URBAN_COUNT)
    for seed in recipe.PAPER_SEEDS:
        ids = sorted(r.id for r in paper_sample.kept + [d.roi for d in paper_sample.dropped] if r.seed == seed)
        assert ids == list(range(150))
    assert len(paper_sample.kept) > 400
    assert all(d.reason for d in paper_sample.dropped)


@pytest.mark.needs_osgeo
def test_no_kept_roi_overlaps_another(paper_sample):
    from osgeo import ogr

    geoms = [ogr.CreateGeometryFromWkt(r.wkt()) for r in paper_sample.kept]
    envelopes = np.array([g.GetEnvelope() for g in geoms])  # minx, maxx, miny, maxy
    for i, g in enumerate(geoms):
        near = np.flatnonzero(
            (envelopes[:, 0] <= envelopes[i, 1]) & (envelopes[:, 1] >= envelopes[i, 0])
            & (envelopes[:, 2] <= envelopes[i, 3]) & (envelopes[:, 3] >= envelopes[i, 2]))
        assert [j for j in near if j != i and g.Intersects(geoms[j])] == []


@pytest.mark.needs_osgeo
def test_no_kept_roi_lies_in_the_sea_or_outside_coverage(paper_sample):
    from osgeo import ogr

    ds = ogr.Open(str(masks.LAND_50M))
    layer = ds.GetLayer(0)
    feature = layer.GetNextFeature()
    land = feature.GetGeometryRef()  # tested by GEOS, independently of the numpy test
    parts = [land.GetGeometryRef(i).Clone() for i in range(land.GetGeometryCount())]
    envelopes = [p.GetEnvelope() for p in parts]
    lo, hi = recipe.S2_COVERAGE_LAT
    for roi in paper_sample.kept:
        lon, lat = roi.center
        point = ogr.CreateGeometryFromWkt(f"POINT ({lon} {lat})")
        on_land = any(
            e[0] <= lon <= e[1] and e[2] <= lat <= e[3] and p.Contains(point)
            for p, e in zip(parts, envelopes))
        assert on_land, f"ROI {roi.id} of seed {roi.seed} is in the sea"
        assert lo <= roi.bbox[1] and roi.bbox[3] <= hi


@pytest.mark.needs_osgeo
def test_outside_coverage_dropped_with_reason(paper_sample):
    reasons = [d.reason for d in paper_sample.dropped if d.reason.startswith("outside")]
    assert reasons and all("56°S to 84°N" in r for r in reasons)
    assert any(r.startswith("overlaps ROI") for r in (d.reason for d in paper_sample.dropped))


@pytest.mark.needs_osgeo
def test_square_roi_size_and_grid(land):
    roi = rois.square_roi(0, 11.5, 48.1, 25.6)
    assert roi.utm_epsg == 32632
    x0, y0, x1, y1 = roi.bbox
    assert 0.33 < x1 - x0 < 0.36 and 0.22 < y1 - y0 < 0.24
    with pytest.raises(InputError):
        rois.square_roi(0, 11.5, 48.1, 0)


@pytest.mark.needs_osgeo
def test_user_polygons_are_checked():
    ok = rois.roi_from_ring(3, [(11.0, 48.0), (11.2, 48.0), (11.2, 48.2), (11.0, 48.2)])
    assert ok.utm_epsg == 32632 and ok.ring[0] == ok.ring[-1]
    with pytest.raises(InputError, match="crosses itself"):
        rois.roi_from_ring(1, [(11.0, 48.0), (11.2, 48.2), (11.2, 48.0), (11.0, 48.2)])
    with pytest.raises(InputError, match="no area"):
        rois.roi_from_ring(1, [(11.0, 48.0), (11.1, 48.0), (11.2, 48.0)])
    with pytest.raises(CoverageError, match="outside Sentinel-2 coverage"):
        rois.roi_from_ring(1, [(0, -70), (1, -70), (1, -69), (0, -69)])
    with pytest.raises(InputError, match="limit"):
        rois.roi_from_ring(1, [(0, 10), (5, 10), (5, 15), (0, 15)])


def test_core_imports_neither_qgis_nor_qt():
    code = (
        "import sys, pkgutil, importlib, sen12_plugin.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'sen12_plugin.core.'): importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'PyQt6', 'sip')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.needs_osgeo  # the UTM transform (core.crs) is GDAL's osr
def test_a_drawn_shape_becomes_the_utm_box_on_the_10_m_grid_that_covers_it():
    """A rectangle drawn on a web map is rotated in UTM; its ROI is the covering box, axis-aligned
    in the zone, corners on the 10 m grid, so the download grid has no corner outside the ROI."""
    from sen12_plugin.core.crs import WGS84, transformer

    web = transformer(3857, WGS84)
    corners = [(1_270_000, 6_120_000), (1_290_000, 6_120_000), (1_290_000, 6_135_000), (1_270_000, 6_135_000)]
    drawn = [tuple(p[:2]) for p in web.TransformPoints(corners)]
    roi = rois.utm_box_roi(3, drawn)
    assert roi.utm_epsg == 32632 and rois.utm_zone_name(roi.utm_epsg) == "32N"
    x0, y0, x1, y1 = rois.utm_box(roi)
    assert all(v % 10 == 0 for v in (x0, y0, x1, y1))
    to_utm = transformer(WGS84, 32632)
    for x, y, _ in to_utm.TransformPoints(list(roi.ring)):  # every vertex on the box's edges
        assert min(abs(x - x0), abs(x - x1)) < 0.01 or min(abs(y - y0), abs(y - y1)) < 0.01
    for x, y, _ in to_utm.TransformPoints(drawn):  # and the box covers what was drawn
        assert x0 <= x <= x1 and y0 <= y <= y1
    # 20 x 15 km of web map are 13.4 x 10.0 km on the ground at 48 N; rotated ~2 degrees, the box is wider
    assert 13_600 < x1 - x0 < 13_800 and 10_200 < y1 - y0 < 10_500


@pytest.mark.needs_osgeo
@pytest.mark.parametrize("side_deg", [1e-6, 0.01])
def test_a_drawn_roi_smaller_than_one_patch_is_refused(side_deg):
    ring = [(11.0, 48.0), (11.0 + side_deg, 48.0), (11.0 + side_deg, 48.0 + side_deg), (11.0, 48.0 + side_deg)]
    with pytest.raises(InputError, match="at least one patch, 2.56 x 2.56 km"):
        rois.utm_box_roi(0, ring)
