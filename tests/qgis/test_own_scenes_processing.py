"""sen12:extract_patches on the analyst's own files: SAFE folder and zip, per-band folder, dates."""

import numpy as np
import processing
import pytest
from helpers import write_s1
from qgis.core import QgsProcessingException, QgsProcessingFeedback
from sentinel_products import make_safe, zip_safe
from test_qgis_process import profile_home, qgis_process  # noqa: F401 - a throw-away QGIS profile

from sen12_plugin.core import sources


class Log(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802
        self.lines.append(info)


def run(params, log=None):
    defaults = {"PATCH_SIZE": 60, "STRIDE": 60, "FORMATS": [0, 1], "SCENE_ID": 3}
    return processing.run("sen12:extract_patches", {**defaults, **params}, feedback=log or Log())


def s1_db(path, size=120):
    s1 = write_s1(path, np.random.default_rng(2).uniform(-20, -2, (size, size)))
    import rasterio

    with rasterio.open(s1, "r+") as ds:
        ds.descriptions = ("VV",)
    return s1


@pytest.mark.parametrize("zipped", [False, True])
def test_safe_product_as_s2_and_the_season_from_its_date(sen12_provider, tmp_path, zipped):
    safe = make_safe(tmp_path / "mine", size=120)
    product = zip_safe(safe) if zipped else safe
    out, log = tmp_path / "dataset", Log()
    result = run({"S1": str(s1_db(tmp_path / "s1.tif")), "S2": str(product), "OUTPUT": str(out)}, log)
    assert result["PATCH_COUNT"] == 4
    tifs = sorted((out / "custom_summer" / "s2_3").glob("*.tif"))
    assert len(tifs) == 4 and not list(product.parent.glob("*.vrt"))
    import rasterio

    with rasterio.open(tifs[0]) as ds, rasterio.open(sources.extraction_input(sources.recognise(product), out)[0]) as vrt:
        np.testing.assert_array_equal(ds.read(), vrt.read(window=((0, 60), (0, 60))))
    text = "\n".join(log.lines)
    assert "Sentinel-2 Level-1C product" in text and "Season summer from the S2 acquisition date 2017-06-13" in text


def test_all_bands_option_writes_13_band_geotiff_patches(sen12_provider, tmp_path):
    safe = make_safe(tmp_path / "mine", size=120)
    out = tmp_path / "dataset"
    run({"S1": str(s1_db(tmp_path / "s1.tif")), "S2": str(safe), "OUTPUT": str(out), "ALL_S2_BANDS": True})
    import rasterio

    with rasterio.open(next((out / "custom_summer" / "s2_3").glob("*.tif"))) as ds:
        assert ds.count == 13


def test_bigearthnet_band_folder_as_s2_without_a_season(sen12_provider, tmp_path):
    from bigearthnet import bigearthnet_folder, s1_vv, s2_folder

    root = bigearthnet_folder()
    name = "S2B_MSIL2A_20170924T93020_69_24"
    out = tmp_path / "dataset"
    result = run({"S1": str(s1_vv(root, name)), "S2": str(s2_folder(root, name)), "OUTPUT": str(out),
                  "DATASET_NAME": "bigearthnet"})
    assert result["PATCH_COUNT"] == 4 and (out / "bigearthnet_fall" / "s1_3").is_dir()


def test_raw_radar_geometry_and_missing_dates_are_refused(sen12_provider, tmp_path):
    import rasterio
    from rasterio.control import GroundControlPoint

    grd = tmp_path / "s1a-iw-grd-vv.tiff"
    gcps = [GroundControlPoint(r, c, 13 + c / 1e3, 48 + r / 1e3, 0) for r in (0, 99) for c in (0, 99)]
    with rasterio.open(grd, "w", driver="GTiff", width=100, height=100, count=1, dtype="uint16", gcps=gcps,
                       crs="EPSG:4326") as ds:
        ds.write(np.ones((1, 100, 100), dtype="uint16"))
    safe = make_safe(tmp_path / "mine", size=120)
    with pytest.raises(QgsProcessingException, match="terrain-correct it first"):
        run({"S1": str(grd), "S2": str(safe), "OUTPUT": str(tmp_path / "o")})
    from helpers import write_s2

    s2 = write_s2(tmp_path / "s2.tif", np.ones((3, 120, 120)))
    with pytest.raises(QgsProcessingException, match="Give a SEASON"):
        run({"S1": str(s1_db(tmp_path / "s1.tif")), "S2": str(s2), "OUTPUT": str(tmp_path / "o")})
    with pytest.raises(QgsProcessingException, match="are S1 and S2 swapped"):
        run({"S1": str(safe), "S2": str(s1_db(tmp_path / "s1b.tif")), "OUTPUT": str(tmp_path / "o"), "SEASON": "summer"})


def test_qgis_process_takes_a_zipped_safe_and_finds_the_season(profile_home, tmp_path):  # noqa: F811
    product = zip_safe(make_safe(tmp_path / "mine", size=120))
    s1 = s1_db(tmp_path / "S1A_IW_GRDH_1SDV_20170613T165043_VV_TC.tif")
    out = qgis_process(profile_home, "run", "sen12:extract_patches", "--", f"S1={s1}", f"S2={product}",
                       f"OUTPUT={tmp_path / 'dataset'}", "SCENE_ID=1", "PATCH_SIZE=60", "STRIDE=60")
    assert "Season summer from the S2 acquisition date 2017-06-13" in out
    assert len(list((tmp_path / "dataset" / "custom_summer" / "s1_1").glob("*.png"))) == 4
