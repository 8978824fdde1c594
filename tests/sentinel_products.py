"""Tiny Sentinel products for the tests, in the layouts the real ones use.

``make_safe`` writes a Sentinel-2 L1C SAFE (compact naming, as distributed since 2016) that GDAL's
SENTINEL2 driver opens like a real one: the product metadata ``MTD_MSIL1C.xml`` with its granule
list, the tile metadata ``MTD_TL.xml`` with the UTM geocoding, and one small JPEG2000 image per
band (10 m bands ``size`` px, 20 m half, 60 m a sixth). The XML holds only the elements the driver
reads; the layout follows GDAL's own test products (autotest/gdrivers/data/sentinel2).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
from osgeo import gdal, osr

BAND_RESOLUTION = {
    "B01": 60, "B02": 10, "B03": 10, "B04": 10, "B05": 20, "B06": 20, "B07": 20, "B08": 10,
    "B8A": 20, "B09": 60, "B10": 60, "B11": 20, "B12": 20,
}

PRODUCT_XML = """<?xml version="1.0" encoding="UTF-8"?>
<n1:Level-1C_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-1C.xsd">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>{start}</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>{start}</PRODUCT_STOP_TIME>
      <PROCESSING_LEVEL>Level-1C</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI1C</PRODUCT_TYPE>
      <PROCESSING_BASELINE>{baseline}</PROCESSING_BASELINE>
      <Datatake datatakeIdentifier="GS2A_{stamp}_000123_N02.04">
        <SPACECRAFT_NAME>Sentinel-2A</SPACECRAFT_NAME>
        <DATATAKE_SENSING_START>{start}</DATATAKE_SENSING_START>
      </Datatake>
      <Query_Options completeSingleTile="true"><PRODUCT_FORMAT>SAFE_COMPACT</PRODUCT_FORMAT></Query_Options>
      <Product_Organisation>
        <Granule_List>
          <Granule granuleIdentifier="{granule}" imageFormat="JPEG2000">
{image_files}
          </Granule>
        </Granule_List>
      </Product_Organisation>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values><SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX></Special_Values>
      <QUANTIFICATION_VALUE unit="none">10000</QUANTIFICATION_VALUE>
{offsets}
    </Product_Image_Characteristics>
  </n1:General_Info>
  <n1:Quality_Indicators_Info><Cloud_Coverage_Assessment>0.0</Cloud_Coverage_Assessment></n1:Quality_Indicators_Info>
</n1:Level-1C_User_Product>
"""

TILE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<n1:Level-1C_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-1C_Tile_Metadata.xsd">
  <n1:General_Info><SENSING_TIME>{start}</SENSING_TIME></n1:General_Info>
  <n1:Geometric_Info>
    <Tile_Geocoding>
      <HORIZONTAL_CS_NAME>WGS84 / UTM zone {zone}N</HORIZONTAL_CS_NAME>
      <HORIZONTAL_CS_CODE>EPSG:{epsg}</HORIZONTAL_CS_CODE>
{sizes}
    </Tile_Geocoding>
  </n1:Geometric_Info>
</n1:Level-1C_Tile_ID>
"""


def make_safe(folder: Path, size: int = 60, origin=(400000.0, 5000000.0), epsg: int = 32633,
              stamp: str = "20170613T101031", tile: str = "T33TWN", seed: int = 0, offset: int = 0,
              classi=None) -> Path:
    """Write ``S2A_MSIL1C_{stamp}_..._{tile}_....SAFE`` under ``folder``; returns the SAFE folder.

    ``offset`` (e.g. -1000) writes the ``RADIO_ADD_OFFSET`` list of processing baseline 04.00.
    ``classi``: (opaque, cirrus, snow) 0/1 arrays at 60 m, written as baseline 04.00's
    ``QI_DATA/MSK_CLASSI_B00.jp2`` (three layers, one byte each).
    """
    safe = folder / f"S2A_MSIL1C_{stamp}_N0205_R022_{tile}_{stamp}.SAFE"
    granule = f"L1C_{tile}_A010315_{stamp}"
    img = safe / "GRANULE" / granule / "IMG_DATA"
    img.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    driver = gdal.GetDriverByName("JP2OpenJPEG")
    mem = gdal.GetDriverByName("MEM")
    for band, res in BAND_RESOLUTION.items():
        n = size * 10 // res
        src = mem.Create("", n, n, 1, gdal.GDT_UInt16)
        src.SetGeoTransform((origin[0], res, 0, origin[1], 0, -res))
        src.SetProjection(srs.ExportToWkt())
        src.GetRasterBand(1).WriteArray(rng.integers(1, 6000, (n, n)).astype(np.uint16))
        driver.CreateCopy(str(img / f"{tile}_{stamp}_{band}.jp2"), src, options=["QUALITY=100", "REVERSIBLE=YES"])
    if classi is not None:
        layers = np.stack([np.asarray(a, dtype=np.uint8) for a in classi])
        qi = img.parent / "QI_DATA"
        qi.mkdir()
        src = mem.Create("", layers.shape[2], layers.shape[1], 3, gdal.GDT_Byte)
        src.SetGeoTransform((origin[0], 60, 0, origin[1], 0, -60))
        src.SetProjection(srs.ExportToWkt())
        for i in range(3):
            src.GetRasterBand(i + 1).WriteArray(layers[i])
        driver.CreateCopy(str(qi / "MSK_CLASSI_B00.jp2"), src, options=["QUALITY=100", "REVERSIBLE=YES"])
    start = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}.000Z"
    files = "\n".join(f"            <IMAGE_FILE>GRANULE/{granule}/IMG_DATA/{tile}_{stamp}_{b}</IMAGE_FILE>"
                      for b in BAND_RESOLUTION)
    offsets = "" if not offset else "      <Radiometric_Offset_List>" + "".join(
        f'<RADIO_ADD_OFFSET band_id="{i}">{offset}</RADIO_ADD_OFFSET>' for i in range(13)) + "</Radiometric_Offset_List>"
    (safe / "MTD_MSIL1C.xml").write_text(PRODUCT_XML.format(
        start=start, stamp=stamp, granule=granule, image_files=files, offsets=offsets,
        baseline="04.00" if offset else "02.04"))
    sizes = "\n".join(
        f'      <Size resolution="{r}"><NROWS>{size * 10 // r}</NROWS><NCOLS>{size * 10 // r}</NCOLS></Size>\n'
        f'      <Geoposition resolution="{r}"><ULX>{origin[0]:.0f}</ULX><ULY>{origin[1]:.0f}</ULY>'
        f'<XDIM>{r}</XDIM><YDIM>-{r}</YDIM></Geoposition>' for r in (10, 20, 60))
    (safe / "GRANULE" / granule / "MTD_TL.xml").write_text(TILE_XML.format(
        start=start, zone=epsg % 100, epsg=epsg, sizes=sizes))
    return safe


def zip_safe(safe: Path) -> Path:
    """The SAFE as the Copernicus Browser ships it: ``NAME.zip`` holding ``NAME.SAFE/``."""
    target = safe.with_suffix(".zip")
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(safe.rglob("*")):
            zf.write(path, path.relative_to(safe.parent).as_posix())
    shutil.rmtree(safe)
    return target
