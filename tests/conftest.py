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
def ee_client(fake_ee):
    """The real earthengine-api client, initialised against the fake service."""
    import ee
    from google.oauth2.credentials import Credentials

    from sen12_plugin.core.earthengine import auth

    auth.initialize(auth.SignIn(project="test-project", url=fake_ee.url),
                    credentials=Credentials(token="test-token"))
    yield ee
    ee.Reset()
