import pytest
from qgis.core import QgsApplication

from sen12_plugin.processing.provider import Sen12Provider


@pytest.fixture()
def sen12_provider(qgis_processing):
    """The provider registered as the plugin registers it, removed afterwards."""
    provider = Sen12Provider()
    QgsApplication.processingRegistry().addProvider(provider)
    yield provider
    QgsApplication.processingRegistry().removeProvider(provider)
