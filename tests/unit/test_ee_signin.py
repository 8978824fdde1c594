"""Sign-in that says what is wrong: the project checklist against the fake's live-service answers,
the project status the dock shows, and a browser sign-in that can be cancelled and times out."""

import threading
import time
import urllib.parse
import urllib.request

import pytest

from sen12_plugin.core.earthengine import auth
from sen12_plugin.core.errors import Cancelled


@pytest.fixture()
def session():
    """Sign-ins made by a test are ended after it."""
    yield
    import ee

    ee.Reset()
    auth._live_session = None


def sign_in(fake_ee, ee_key, project, **kwargs):
    return auth.initialize(auth.SignIn(project, str(ee_key), fake_ee.url, **kwargs))


@pytest.mark.parametrize("project, words, link", [
    ("no-such-project", "There is no Cloud project 'no-such-project'", "console.cloud.google.com/projectcreate"),
    ("api-disabled-project", "The Earth Engine API is not enabled in the Cloud project 'api-disabled-project'",
     "apis/library/earthengine.googleapis.com?project=api-disabled-project"),
    ("no-access-project", "Your account may not use the Cloud project 'no-access-project'",
     "developers.google.com/earth-engine/guides/access"),
    ("unregistered-project", "The Cloud project 'unregistered-project' is not registered for Earth Engine",
     "code.earthengine.google.com/register?project=unregistered-project"),
])
def test_each_project_problem_says_what_to_do_with_a_link(fake_ee, ee_key, session, project, words, link):
    with pytest.raises(auth.SignInError) as caught:
        sign_in(fake_ee, ee_key, project)
    assert words in str(caught.value) and link in str(caught.value)
    assert not auth.signed_in()


@pytest.mark.parametrize("state, registration, tier, text", [
    ("REGISTERED_NOT_COMMERCIALLY", "REGISTERED_NOT_COMMERCIALLY", "Contributor",
     "project test-project, registered for noncommercial use, Contributor tier"),
    ("REGISTERED_COMMERCIALLY", "REGISTERED_COMMERCIALLY", "commercial",
     "project test-project, registered for commercial use, commercial plan"),
    ("REGISTRATION_STATE_UNSPECIFIED", "", "Contributor",
     "project test-project, registration not reported, Contributor tier"),
])
def test_sign_in_returns_the_projects_registration_and_tier(fake_ee, ee_key, session, state, registration, tier,
                                                            text):
    fake_ee.registration = state
    status = sign_in(fake_ee, ee_key, "test-project", tier="Contributor")
    assert (status.project, status.registration, status.tier) == ("test-project", registration, tier)
    assert status.describe() == text
    assert [p for _, p, _ in fake_ee.log if p.startswith("/v1/projects/test-project/config")]
    again = auth.ensure_session(auth.SignIn("test-project", str(ee_key), fake_ee.url, tier="Contributor"))
    assert again == status  # the live session's status, without asking again
    assert len([p for _, p, _ in fake_ee.log if "/config" in p]) == 1


def test_a_project_the_config_calls_not_registered_stops_before_any_work(fake_ee, ee_key, session):
    fake_ee.registration = "NOT_REGISTERED"  # e.g. access on hold until noncommercial use is verified
    with pytest.raises(auth.SignInError, match="not registered for Earth Engine. Register it at https://"):
        sign_in(fake_ee, ee_key, "test-project")
    assert not auth.signed_in()


def test_a_config_call_that_keeps_failing_does_not_block_work(fake_ee, ee_key, session):
    from fake_earthengine import server as fake

    fake_ee.fault_always["config"] = fake.Fault("status", 404, "NOT_FOUND", "Method not found.")
    status = sign_in(fake_ee, ee_key, "test-project")
    assert status.registration == "" and auth.signed_in()


def test_the_fake_answers_config_as_the_rest_reference(fake_ee, ee_key, session):
    import ee

    sign_in(fake_ee, ee_key, "test-project")
    assert ee.data.getProjectConfig() == {"name": "projects/test-project/config",
                                          "registrationState": "REGISTERED_NOT_COMMERCIALLY"}


def _no_browser_answer(url):
    return True  # a browser opened; nobody signs in


def test_browser_sign_in_can_be_cancelled(monkeypatch):
    flag = threading.Event()
    threading.Timer(0.3, flag.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        auth.authenticate(cancelled=flag.is_set, timeout_s=60, open_browser=_no_browser_answer)
    assert time.monotonic() - started < 2


def test_browser_sign_in_times_out_with_a_sentence():
    started = time.monotonic()
    with pytest.raises(auth.SignInError, match="did not answer within 0.01 minutes"):
        auth.authenticate(timeout_s=0.6, open_browser=_no_browser_answer)
    assert time.monotonic() - started < 3


def test_browser_sign_in_without_a_browser_says_so():
    with pytest.raises(auth.SignInError, match="No web browser could be opened"):
        auth.authenticate(timeout_s=5, open_browser=lambda url: False)


def _answer_in_browser(query):
    """A browser that signs in: it calls the page's loopback redirect with ``query``."""
    def open_browser(url):
        redirect = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["redirect_uri"][0]
        threading.Timer(0.2, lambda: urllib.request.urlopen(f"{redirect}/?{query}").read()).start()
        return True

    return open_browser


def test_browser_sign_in_stores_the_token_the_page_granted(monkeypatch):
    from ee import oauth

    written = {}
    monkeypatch.setattr(oauth, "_obtain_and_write_token",
                        lambda code, verifier, scopes, redirect: written.update(code=code, redirect=redirect))
    auth.authenticate(timeout_s=10, open_browser=_answer_in_browser("code=4/granted&scope=x"))
    assert written["code"] == "4/granted" and written["redirect"].startswith("http://localhost:")


def test_browser_sign_in_refused_on_the_page_says_so():
    with pytest.raises(auth.SignInError, match="answered 'access_denied'"):
        auth.authenticate(timeout_s=10, open_browser=_answer_in_browser("error=access_denied"))

