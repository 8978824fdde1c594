"""Sign-in words and inputs, and the Earth Engine bad-input cases that need no server."""

import json

import pytest

from sen12_plugin.core import rois
from sen12_plugin.core.earthengine import auth
from sen12_plugin.core.earthengine.transport import RetryableError, TooLargeError, TransportError, classify
from sen12_plugin.core.errors import CoverageError, InputError


def service_account_key(path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "p", "private_key_id": "k", "private_key": pem,
        "client_email": "sen12@p.iam.gserviceaccount.com", "client_id": "1",
        "token_uri": "http://127.0.0.1:9/token"}))
    return path


def test_service_account_key_files_are_accepted(tmp_path):
    creds = auth.credentials_for(auth.SignIn("p", str(service_account_key(tmp_path / "key.json"))))
    assert creds.service_account_email == "sen12@p.iam.gserviceaccount.com"
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(auth.SignInError, match="not a service-account key file"):
        auth.credentials_for(auth.SignIn("p", str(tmp_path / "bad.json")))


def test_no_project_is_explained():
    with pytest.raises(auth.SignInError, match="No Google Cloud project"):
        auth.initialize(auth.SignIn(""), credentials=object())


@pytest.mark.parametrize("text,words", [
    ("Earth Engine API has not been used in project 123 before or it is disabled", "not registered"),
    ("Caller does not have required permission to use project p", "not registered"),
    ("invalid_grant: Token has been expired or revoked.", "Sign in again"),
    ("Please authorize access to your Earth Engine account by running earthengine authenticate",
     "not signed in"),
])
def test_sign_in_failures_have_clear_words(text, words):
    assert words in str(auth.explain(Exception(text), "p"))


@pytest.mark.parametrize("text,kind", [
    ("Too many concurrent aggregations.", RetryableError),
    ("Quota exceeded for quota metric 'Requests'", RetryableError),
    ("An internal error has occurred.", RetryableError),
    ("User memory limit exceeded.", TooLargeError),
    ("Total request size (60000000 bytes) must be less than or equal to 50331648 bytes.", TooLargeError),
    ("ImageCollection.load: ImageCollection asset 'COPERNICUS/NOPE' not found.", TransportError),
])
def test_errors_are_classified(text, kind):
    assert type(classify(Exception(text))) is kind


@pytest.mark.needs_osgeo
def test_antimeridian_outside_coverage_and_huge_rois_are_refused():
    with pytest.raises(CoverageError, match="antimeridian"):
        rois.roi_from_ring(1, [(179.9, -17.0), (-179.9, -17.0), (-179.9, -16.9), (179.9, -16.9)])
    with pytest.raises(CoverageError, match="outside Sentinel-2 coverage"):
        rois.roi_from_ring(1, [(10, 84.5), (10.1, 84.5), (10.1, 84.6), (10, 84.6)])
    with pytest.raises(InputError, match="batch export"):
        rois.roi_from_ring(1, [(0, 10), (3, 10), (3, 13), (0, 13)])
