"""The dock's Earth Engine section shows what sign-in found: project, registration and tier."""

import pytest
from qgis.core import Qgis
from test_dock import messages, plugin, wait_for_tasks  # noqa: F401 - the dock fixture

from sen12_plugin.core.earthengine import auth


@pytest.fixture()
def dock(plugin):  # noqa: F811 - the dock fixture
    return plugin.dock


def sign_in_from_the_dock(dock, fake_ee, ee_key, project, monkeypatch):
    monkeypatch.setenv("SEN12_EE_URL", fake_ee.url)
    section = dock.earthengine
    section.project_edit.setText(project)
    section.key_file.setFilePath(str(ee_key))
    section.sign_in()
    wait_for_tasks()
    return section.signin_state.text()


def test_signed_in_shows_project_registration_and_tier(dock, fake_ee, ee_key, monkeypatch, qgis_iface):
    try:
        assert sign_in_from_the_dock(dock, fake_ee, ee_key, "test-project", monkeypatch) == (
            "Signed in, project test-project (registered for noncommercial use, Community tier)")
    finally:
        import ee

        ee.Reset()
        auth._live_session = None


def test_a_project_problem_is_the_sentence_with_its_link(dock, fake_ee, ee_key, monkeypatch, qgis_iface):
    assert sign_in_from_the_dock(dock, fake_ee, ee_key, "api-disabled-project", monkeypatch).startswith("Not signed in")
    shown = " ".join(m for m in messages(qgis_iface, Qgis.MessageLevel.Critical))
    assert "The Earth Engine API is not enabled in the Cloud project 'api-disabled-project'" in shown
    assert "earthengine.googleapis.com?project=api-disabled-project" in shown
