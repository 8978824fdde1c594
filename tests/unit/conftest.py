"""Unit tests run without QGIS, also in the Python matrix (``make test-compat``).

The matrix has venvs with PyPI's rasterio, which bundles its own GDAL; Debian's GDAL bindings
(``osgeo``) must not load beside it, so those venvs have no ``osgeo``. They set
``SEN12_WITHOUT_OSGEO=1`` and tests marked ``needs_osgeo`` are skipped there, by name, in the
summary. Anywhere else a missing ``osgeo`` is a failure, never a silent skip.
"""

import os

import pytest

WITHOUT_OSGEO = os.environ.get("SEN12_WITHOUT_OSGEO") == "1"


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_osgeo: uses GDAL's Python bindings (ogr/osr), directly or through the core")


def pytest_collection_modifyitems(config, items):
    if not WITHOUT_OSGEO:
        return
    skip = pytest.mark.skip(reason="needs osgeo; this venv has PyPI rasterio with its own GDAL (SEN12_WITHOUT_OSGEO=1)")
    for item in items:
        if item.get_closest_marker("needs_osgeo"):
            item.add_marker(skip)
