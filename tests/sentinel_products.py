"""Tiny Sentinel products for the tests, in the layouts the real ones use.

``make_safe`` writes a Sentinel-2 L1C SAFE (compact naming, as distributed since 2016) that GDAL's
SENTINEL2 driver opens like a real one: the product metadata ``MTD_MSIL1C.xml`` with its granule
list, the tile metadata ``MTD_TL.xml`` with the UTM geocoding, and one small JPEG2000 image per
band (10 m bands ``size`` px, 20 m half, 60 m a sixth). The XML holds only the elements the driver
reads; the layout follows GDAL's own test products (autotest/gdrivers/data/sentinel2).
``make_safe(level="L2A")`` writes the Level-2A twin (``MTD_MSIL2A.xml``, ``IMG_DATA/R10m|R20m|R60m``
with ``_B02_10m`` names and the scene classification ``_SCL_20m``), after GDAL's
``fake_l2a_MSIL2A`` product.
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

L2A_RESOLUTION = {"B02": 10, "B03": 10, "B04": 10, "B08": 10, "B05": 20, "B06": 20, "B07": 20, "B8A": 20,
                  "B11": 20, "B12": 20, "SCL": 20, "B01": 60, "B09": 60}  # L2A has no B10

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
              classi=None, level: str = "L1C", scl=None, bands=None) -> Path:
    """Write ``S2A_MSIL1C_{stamp}_..._{tile}_....SAFE`` under ``folder``; returns the SAFE folder.

    ``offset`` (e.g. -1000) writes the ``RADIO_ADD_OFFSET`` list of processing baseline 04.00.
    ``classi``: (opaque, cirrus, snow) 0/1 arrays at 60 m, written as baseline 04.00's
    ``QI_DATA/MSK_CLASSI_B00.jp2`` (three layers, one byte each).
    ``level="L2A"``: an ``S2A_MSIL2A_...`` product; ``scl`` its scene classification at 20 m
    (class ids, uint8; default 4, vegetation, everywhere). ``bands``: band name -> array at the
    band's resolution instead of random values.
    """
    l2a = level == "L2A"
    safe = folder / f"S2A_MSI{level}_{stamp}_N0205_R022_{tile}_{stamp}.SAFE"
    granule = f"{level}_{tile}_A010315_{stamp}"
    img = safe / "GRANULE" / granule / "IMG_DATA"
    img.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    driver = gdal.GetDriverByName("JP2OpenJPEG")
    mem = gdal.GetDriverByName("MEM")
    resolutions = L2A_RESOLUTION if l2a else BAND_RESOLUTION
    files = []
    for band, res in resolutions.items():
        n = size * 10 // res
        byte = band == "SCL"
        src = mem.Create("", n, n, 1, gdal.GDT_Byte if byte else gdal.GDT_UInt16)
        src.SetGeoTransform((origin[0], res, 0, origin[1], 0, -res))
        src.SetProjection(srs.ExportToWkt())
        if byte:
            values = np.full((n, n), 4, np.uint8) if scl is None else np.asarray(scl, np.uint8)
        elif bands is not None and band in bands:
            values = np.asarray(bands[band], np.uint16)
        else:
            values = rng.integers(1, 6000, (n, n)).astype(np.uint16)
        src.GetRasterBand(1).WriteArray(values)
        folder_name, name = (f"R{res}m", f"{tile}_{stamp}_{band}_{res}m") if l2a else ("", f"{tile}_{stamp}_{band}")
        (img / folder_name).mkdir(exist_ok=True)
        driver.CreateCopy(str(img / folder_name / f"{name}.jp2"), src, options=["QUALITY=100", "REVERSIBLE=YES"])
        files.append(f"GRANULE/{granule}/IMG_DATA/{folder_name + '/' if folder_name else ''}{name}")
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
    files = "\n".join(f"            <IMAGE_FILE>{f}</IMAGE_FILE>" for f in files)
    offsets = "" if not offset else "      <Radiometric_Offset_List>" + "".join(
        f'<RADIO_ADD_OFFSET band_id="{i}">{offset}</RADIO_ADD_OFFSET>' for i in range(13)) + "</Radiometric_Offset_List>"
    product = PRODUCT_XML.format(start=start, stamp=stamp, granule=granule, image_files=files, offsets=offsets,
                                 baseline="04.00" if offset else "02.04")
    if l2a:  # the Level-2A names of the same elements (GDAL's fake_l2a_MSIL2A/MTD_MSIL2A.xml)
        product = (product.replace("Level-1C_User_Product", "Level-2A_User_Product")
                   .replace("User_Product_Level-1C.xsd", "User_Product_Level-2A.xsd")
                   .replace("<PROCESSING_LEVEL>Level-1C", f"<PRODUCT_URI>{safe.name}</PRODUCT_URI>\n"
                            "      <PROCESSING_LEVEL>Level-2A")
                   .replace("S2MSI1C", "S2MSI2A")
                   .replace('<QUANTIFICATION_VALUE unit="none">10000</QUANTIFICATION_VALUE>',
                            '<QUANTIFICATION_VALUES_LIST><BOA_QUANTIFICATION_VALUE unit="none">10000'
                            '</BOA_QUANTIFICATION_VALUE></QUANTIFICATION_VALUES_LIST>'))
    (safe / f"MTD_MSI{level}.xml").write_text(product)
    sizes = "\n".join(
        f'      <Size resolution="{r}"><NROWS>{size * 10 // r}</NROWS><NCOLS>{size * 10 // r}</NCOLS></Size>\n'
        f'      <Geoposition resolution="{r}"><ULX>{origin[0]:.0f}</ULX><ULY>{origin[1]:.0f}</ULY>'
        f'<XDIM>{r}</XDIM><YDIM>-{r}</YDIM></Geoposition>' for r in (10, 20, 60))
    tile_xml = TILE_XML.format(start=start, zone=epsg % 100, epsg=epsg, sizes=sizes)
    if l2a:
        tile_xml = tile_xml.replace("Level-1C_Tile_ID", "Level-2A_Tile_ID").replace("Level-1C_Tile", "Level-2A_Tile")
    (safe / "GRANULE" / granule / "MTD_TL.xml").write_text(tile_xml)
    return safe


def zip_safe(safe: Path) -> Path:
    """The SAFE as the Copernicus Browser ships it: ``NAME.zip`` holding ``NAME.SAFE/``."""
    target = safe.with_suffix(".zip")
    with zipfile.ZipFile(target, "w") as zf:
        for path in sorted(safe.rglob("*")):
            zf.write(path, path.relative_to(safe.parent).as_posix())
    shutil.rmtree(safe)
    return target
