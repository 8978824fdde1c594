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


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """A modal dialog nobody answers blocks a headless test run for ever: every one fails the test
    at once instead, naming itself. Tests that mean to answer one patch the dock's own ask-method."""
    from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def refuse(kind):
        def opened(*args, **kwargs):
            raise AssertionError(f"a modal {kind} was opened in a test; patch the method that asks")
        return opened

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("exec", "exec_"):
        if hasattr(QMessageBox, name):
            monkeypatch.setattr(QMessageBox, name, refuse("QMessageBox"))
    for name in ("getOpenFileName", "getOpenFileNames", "getExistingDirectory", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, refuse(f"QFileDialog.{name}"))
    for name in ("getText", "getInt", "getItem"):
        monkeypatch.setattr(QInputDialog, name, refuse(f"QInputDialog.{name}"))
