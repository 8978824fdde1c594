import numpy as np

from sen12_plugin.core import recipe
from sen12_plugin.core.preprocess import (
    BandPipeline,
    byte_histogram,
    lut_for_histogram,
    percentile_from_histogram,
    scale_to_8bit,
    stretch_lut,
)


def test_s1_clip_and_scale_at_known_inputs():
    values = np.array([-25.0, 0.0, -30.0, 5.0, -12.5], dtype=np.float32)
    assert scale_to_8bit(values, recipe.S1_DB_RANGE).tolist() == [0, 255, 0, 255, 128]


def test_s2_clip_and_scale_at_known_inputs():
    values = np.array([0, 10000, 12000, 5000], dtype=np.uint16)
    assert scale_to_8bit(values, recipe.S2_DN_RANGE).tolist() == [0, 255, 255, 128]


def test_stretch_on_its_own():
    lut = stretch_lut(50, 150)
    assert lut[[0, 50, 100, 150, 255]].tolist() == [0, 0, 128, 255, 255]
    assert stretch_lut(80, 80).tolist() == list(range(256))  # flat band is left alone


def test_percentiles_from_histogram_match_numpy():
    rng = np.random.default_rng(1)
    data = rng.integers(0, 256, 100_000).astype(np.uint8)
    hist = byte_histogram(data)
    for q in (2, 50, 98):
        assert percentile_from_histogram(hist, q) == int(np.percentile(data, q, method="inverted_cdf"))


def test_histogram_counts_only_valid_pixels_and_lut_modes():
    data = np.array([[10, 20], [30, 250]], dtype=np.uint8)
    valid = np.array([[True, True], [True, False]])
    hist = byte_histogram(data, valid)
    assert hist.sum() == 3 and hist[250] == 0
    assert lut_for_histogram(hist, "none").tolist() == list(range(256))
    stretched = lut_for_histogram(hist, "percentile")
    assert stretched[10] == 0 and stretched[30] == 255


def test_uint16_fast_path_equals_generic_path():
    lut = stretch_lut(20, 200)
    raw = np.arange(0, 65536, 7, dtype=np.uint16)
    fast = BandPipeline(recipe.S2_DN_RANGE, lut)(raw)
    generic = lut[scale_to_8bit(raw.astype(np.float32), recipe.S2_DN_RANGE)]
    assert np.array_equal(fast, generic)
