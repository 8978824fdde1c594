from datetime import date

import pytest

from sen12_plugin.core import layout, recipe, seasons
from sen12_plugin.core.errors import InputError
from sen12_plugin.core.grid import PatchGrid, RasterGrid, window_transform


def test_paper_seasons_2017_match_the_paper():
    got = {s.name: (s.start, s.end) for s in seasons.paper_seasons(2017)}
    assert got == {
        "winter": (date(2016, 12, 1), date(2017, 2, 28)),
        "spring": (date(2017, 3, 1), date(2017, 5, 30)),
        "summer": (date(2017, 6, 1), date(2017, 8, 31)),
        "fall": (date(2017, 9, 1), date(2017, 11, 30)),
    }


def test_other_year_shifts_and_winter_follows_leap_years():
    winter = seasons.paper_season("winter", 2020)
    assert (winter.start, winter.end) == (date(2019, 12, 1), date(2020, 2, 29))
    assert winter.end_exclusive == date(2020, 3, 1)
    assert seasons.paper_season("fall", 2021).start == date(2021, 9, 1)


def test_seed_seasons_and_custom_range():
    assert seasons.season_for_seed(1868).name == "summer"
    custom = seasons.custom_season(date(2020, 4, 1), date(2020, 4, 30))
    assert custom.name == "20200401-20200430"
    with pytest.raises(InputError, match="ends"):
        seasons.custom_season(date(2020, 5, 1), date(2020, 4, 1))
    with pytest.raises(InputError, match="Unknown season"):
        seasons.paper_season("monsoon")


def raster(width, height, transform=(10.0, 0.0, 400000.0, 0.0, -10.0, 5000000.0)):
    return RasterGrid(width, height, "EPSG:32633", transform)


@pytest.mark.parametrize("w,h,size,stride,rows,cols", [
    (2560, 2560, 256, 128, 19, 19), (600, 520, 256, 128, 3, 3), (256, 256, 256, 128, 1, 1),
    (120, 120, 60, 30, 3, 3),
])
def test_grid_arithmetic(w, h, size, stride, rows, cols):
    grid = PatchGrid(raster(w, h), size, stride)
    assert (grid.rows, grid.cols, len(grid)) == (rows, cols, rows * cols)
    numbers = [p.number for p in grid]
    assert numbers == list(range(1, rows * cols + 1))
    last = list(grid)[-1]
    assert last.row_off + size <= h and last.col_off + size <= w


@pytest.mark.parametrize("size,stride", [(0, 128), (-256, 128), (256, 0), (256, -1)])
def test_grid_rejects_non_positive(size, stride):
    with pytest.raises(InputError, match="positive"):
        PatchGrid(raster(1000, 1000), size, stride)


def test_grid_rejects_scene_smaller_than_a_patch():
    with pytest.raises(InputError, match="smaller than one patch"):
        PatchGrid(raster(200, 300), 256, 128)


def test_patch_window_transform_and_footprint_follow_the_scene_affine():
    grid = PatchGrid(raster(600, 520), 256, 128)
    pos = grid.position(1, 2)
    assert grid.window(pos) == (256, 128, 256, 256)
    assert grid.transform(pos) == (10.0, 0.0, 402560.0, 0.0, -10.0, 4998720.0)
    ring = grid.footprint(pos)
    assert ring == [(402560.0, 4998720.0), (405120.0, 4998720.0), (405120.0, 4996160.0),
                    (402560.0, 4996160.0), (402560.0, 4998720.0)]
    # A rotated grid (b, d not 0): the window's origin moves along both axes.
    assert window_transform((1.0, 0.5, 100.0, 0.25, -1.0, 200.0), 4, 2) == (1.0, 0.5, 105.0, 0.25, -1.0, 199.0)


def test_earth_engine_grid_windows_match_the_shared_affine():
    from sen12_plugin.core.earthengine.tiling import PixelGrid

    grid = PixelGrid(32632, 600010.0, 5400000.0, 2560, 2560)
    window = grid.window(300, 700, 256, 128)
    assert (window.x0, window.y0, window.width, window.height) == (603010.0, 5393000.0, 256, 128)
    assert window.transform == window_transform(grid.transform, 300, 700)

def test_layout_names_and_s2_twin():
    name = layout.dataset_name("spring", seed=1158)
    assert name == "ROIs1158_spring"
    rel = layout.patch_relpath(name, "s1", 7, 12)
    assert rel == "ROIs1158_spring/s1_7/ROIs1158_spring_s1_7_p12.png"
    assert layout.s2_twin(rel) == "ROIs1158_spring/s2_7/ROIs1158_spring_s2_7_p12.png"
    assert layout.dataset_name("summer") == f"{recipe.CUSTOM_DATASET_NAME}_summer"
    assert layout.dataset_name("summer", name="alps") == "alps_summer"
    with pytest.raises(InputError):
        layout.dataset_name("summer", name="../evil")
