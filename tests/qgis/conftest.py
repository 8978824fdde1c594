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


@pytest.fixture(autouse=True)
def fresh_plugin_settings(qgis_app):
    """Every test starts from the plugin's default settings: a key file or a ticked option saved
    by the dock in one test (they live in the QGIS profile) must not leak into the next."""
    from qgis.core import QgsSettings

    from sen12_plugin.settings import Sen12Settings

    Sen12Settings().save()
    QgsSettings().setValue("locale/userLocale", "")  # English, unless a test asks for another language
    yield
