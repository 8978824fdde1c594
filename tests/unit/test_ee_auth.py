"""Sign-in words and inputs, and the Earth Engine bad-input cases that need no server."""

import functools
import json
import random

import pytest

from sen12_plugin.core import rois
from sen12_plugin.core.earthengine import auth, retry
from sen12_plugin.core.earthengine.retry import (
    AuthError,
    QuotaError,
    RetryableError,
    RetryPolicy,
    TooLargeError,
    TransportError,
    classify,
)
from sen12_plugin.core.errors import Cancelled, CoverageError, InputError


@functools.lru_cache(maxsize=1)
def _pem() -> str:
    """One RSA key for the module (making one takes a while)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def service_account_key(path):
    pem = _pem()
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "p", "private_key_id": "k", "private_key": pem,
        "client_email": "sen12@p.iam.gserviceaccount.com", "client_id": "1",
        "token_uri": "http://127.0.0.1:9/token"}))
    return path


def test_service_account_key_files_are_accepted(tmp_path):
    creds = auth.credentials_for(auth.SignIn("p", str(service_account_key(tmp_path / "key.json"))))
    assert creds.service_account_email == "sen12@p.iam.gserviceaccount.com"


@pytest.mark.parametrize("content,words", [
    ("{}", "client_email, private_key, token_uri missing"),
    ("not json", "it is not JSON"),
    ("[1, 2]", "not a service-account key file"),
    (None, "token_uri missing"),  # a key without token_uri (issue 12)
    ("no-private-key", "private_key missing"),
    ("user", "not a service-account key"),
    ("broken-key", "private key cannot be read"),
])
def test_malformed_key_files_give_a_sentence(tmp_path, content, words):
    path = service_account_key(tmp_path / "key.json")
    info = json.loads(path.read_text())
    if content is None:
        del info["token_uri"]
    elif content == "no-private-key":
        info["private_key"] = ""
    elif content == "user":
        info["type"] = "authorized_user"
    elif content == "broken-key":
        info["private_key"] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
    path.write_text(json.dumps(info) if content in (None, "no-private-key", "user", "broken-key") else content)
    with pytest.raises(auth.SignInError, match=words) as caught:
        auth.credentials_for(auth.SignIn("p", str(path)))
    assert str(path) in str(caught.value) and "Traceback" not in str(caught.value)


def test_a_changed_key_file_is_a_new_session(tmp_path):
    key = service_account_key(tmp_path / "key.json")
    before = auth.SignIn("p", str(key)).fingerprint()
    assert auth.SignIn("p", str(key)).fingerprint() == before
    info = json.loads(key.read_text())
    info["client_email"] = "other@p.iam.gserviceaccount.com"
    key.write_text(json.dumps(info) + " ")
    assert auth.SignIn("p", str(key)).fingerprint() != before


def test_no_project_is_explained():
    with pytest.raises(auth.SignInError, match="No Google Cloud project"):
        auth.initialize(auth.SignIn(""), credentials=object())


@pytest.mark.parametrize("text,words", [
    ("Earth Engine API has not been used in project 123 before or it is disabled", "API is not enabled"),
    ("Caller does not have required permission to use project p", "may not use the Cloud project"),
    ("Not signed up for Earth Engine or project is not registered.", "not registered for Earth Engine"),
    ("Permission denied on resource project p.", "There is no Cloud project"),
    ("invalid_grant: Token has been expired or revoked.", "Sign in again"),
    ("Please authorize access to your Earth Engine account by running earthengine authenticate",
     "not signed in"),
])
def test_sign_in_failures_have_clear_words(text, words):
    assert words in str(auth.explain(Exception(text), "p"))


def http_error(code, status, message, retry_after=None):
    """What the client raises for an HTTP error: EEException with the HttpError as context
    (ee/data.py, _execute_cloud_call)."""
    import ee
    import httplib2
    from googleapiclient.errors import HttpError

    headers = {"status": code, **({"retry-after": str(retry_after)} if retry_after is not None else {})}
    body = json.dumps({"error": {"code": code, "message": message, "status": status}}).encode()
    try:
        raise HttpError(httplib2.Response(headers), body)
    except HttpError:
        try:
            raise ee.EEException(message)
        except ee.EEException as translated:
            return translated


@pytest.mark.parametrize("code,status,message,kind", [
    (429, "RESOURCE_EXHAUSTED", "Too many concurrent aggregations.", QuotaError),
    (403, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Compute requests'.", QuotaError),
    (403, "PERMISSION_DENIED", "Project 'projects/x' not found or deleted.", AuthError),
    (401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", AuthError),
    (500, "INTERNAL", "An internal error has occurred.", RetryableError),
    (503, "UNAVAILABLE", "The service is currently unavailable.", RetryableError),
    (400, "INVALID_ARGUMENT", "Computation timed out.", TooLargeError),
    (400, "INVALID_ARGUMENT", "User memory limit exceeded.", TooLargeError),
    (400, "INVALID_ARGUMENT", "Request payload size exceeds the limit: 10485760 bytes.", TransportError),
    (400, "INVALID_ARGUMENT", 'Invalid JSON payload received. Unknown name "x": Cannot find field.', TransportError),
    (400, "INVALID_ARGUMENT", "ImageCollection.load: ImageCollection asset 'X' not found.", TransportError),
])
def test_errors_are_classified_by_status_first(code, status, message, kind):
    error = classify(http_error(code, status, message))
    assert type(error) is kind, error


def test_quota_and_sign_in_are_told_apart_and_retry_after_is_kept():
    quota = classify(http_error(403, "RESOURCE_EXHAUSTED", "Quota exceeded.", retry_after=7))
    assert "Sign in" not in str(quota) and "quota" in str(quota).lower() and quota.retry_after == 7
    denied = classify(http_error(403, "PERMISSION_DENIED", "Caller does not have required permission"))
    assert "registered" in str(denied) and "quota" not in str(denied).lower()
    assert "Sign in again" in str(classify(http_error(401, "UNAUTHENTICATED", "Request had invalid authentication")))


@pytest.mark.parametrize("text,kind", [  # no HTTP answer: the words are all there is
    ("Too many concurrent aggregations.", QuotaError),
    ("An internal error has occurred.", RetryableError),
    ("User memory limit exceeded.", TooLargeError),
    ("Computation timed out.", TooLargeError),
    ("Total request size (60000000 bytes) must be less than or equal to 50331648 bytes.", TooLargeError),
    ("ImageCollection.load: ImageCollection asset 'COPERNICUS/NOPE' not found.", TransportError),
])
def test_errors_without_a_status_are_classified_by_text(text, kind):
    assert type(classify(Exception(text))) is kind
    assert type(classify(TimeoutError("read timed out"))) is retry.DeadlineError  # retried, or split by the transport
    assert type(classify(ConnectionResetError("reset"))) is RetryableError


def test_retry_policy_is_about_a_minute_of_full_jitter_and_honours_retry_after():
    policy = RetryPolicy()
    random.seed(1)
    means = [sum(policy.delay(a) for _ in range(2000)) / 2000 for a in range(1, policy.max_attempts + 1)]
    assert 40 < sum(means) and policy.budget == 60  # the budget, not the attempts, ends it
    assert all(0 <= policy.delay(3) <= 4 for _ in range(100))  # full jitter: 0 .. 2^(n-1)
    assert all(7 <= policy.delay(1, retry_after=7) <= 8 for _ in range(100))


def test_retrying_stops_when_cancelled():
    calls = []

    def failing():
        calls.append(1)
        raise TimeoutError("timed out")

    with pytest.raises(Cancelled):  # cancelled during the first wait, not after a minute
        retry.call(failing, RetryPolicy(base_delay=30), cancelled=lambda: bool(calls))
    assert len(calls) == 1


def test_earth_engine_modules_import_on_python_3_9():
    """No ``X | Y`` evaluated at import time (a TypeError on Python 3.9, QGIS 3.22-3.32 on Windows)."""
    import ast
    from pathlib import Path

    import sen12_plugin.core.earthengine as package

    for path in Path(package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        annotations = {id(n.annotation) for n in ast.walk(tree) if isinstance(n, (ast.AnnAssign, ast.arg))}
        annotations |= {id(n.returns) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        inside = set()
        for n in ast.walk(tree):
            if id(n) in annotations:
                inside |= {id(m) for m in ast.walk(n)}
        unions = [n.lineno for n in ast.walk(tree)
                  if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) and id(n) not in inside
                  and any(isinstance(side, (ast.Name, ast.Subscript, ast.Attribute, ast.Constant))
                          and not isinstance(getattr(side, "value", None), int) for side in (n.left, n.right))]
        assert "from __future__ import annotations" in path.read_text() or path.name == "__init__.py"
        assert unions == [], f"{path.name}: runtime X | Y on lines {unions}"


@pytest.mark.needs_osgeo
def test_antimeridian_outside_coverage_and_huge_rois_are_refused():
    with pytest.raises(CoverageError, match="antimeridian"):
        rois.roi_from_ring(1, [(179.9, -17.0), (-179.9, -17.0), (-179.9, -16.9), (179.9, -16.9)])
    # a square whose edges were densified (sen12:sample_rois, QGIS' transform) jumps from +180 to -180
    # in the middle of an edge: it "crosses itself" in the plane, but what it does is cross the
    # antimeridian, and that is the sentence (before: "redraw it or fix it with 'Fix geometries'")
    ring = rois.square_roi(1, 179.99, -16.5, 3.84).ring
    with pytest.raises(CoverageError, match="antimeridian"):
        rois.roi_from_ring(1, ring)
    with pytest.raises(CoverageError, match="outside Sentinel-2 coverage"):
        rois.roi_from_ring(1, [(10, 84.5), (10.1, 84.5), (10.1, 84.6), (10, 84.6)])
    with pytest.raises(InputError, match="batch export"):
        rois.roi_from_ring(1, [(0, 10), (3, 10), (3, 13), (0, 13)])
