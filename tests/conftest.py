import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pytest  # noqa: E402


@pytest.fixture()
def fake_ee():
    """The fake Earth Engine service, started and stopped around one test."""
    from fake_earthengine.server import FakeEarthEngine

    server = FakeEarthEngine().start()
    yield server
    server.stop()


@pytest.fixture()
def ee_key(fake_ee, tmp_path):
    """A service-account key file whose token endpoint is the fake's."""
    return fake_ee.service_account_key(tmp_path / "service-account.json")


@pytest.fixture()
def ee_client(fake_ee, ee_key):
    """The real earthengine-api client, signed in to the fake service with a service account."""
    import ee

    from sen12_plugin.core.earthengine import auth

    auth.initialize(auth.SignIn(project="test-project", service_account_key=str(ee_key), url=fake_ee.url))
    yield ee
    ee.Reset()
    auth._live_session = None
