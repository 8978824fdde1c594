"""Sign-in and project: the earthengine-api's own flows, failures in words a user can act on.

Credentials stay in the user's profile: the OAuth token where ``ee.Authenticate`` keeps it
(the client's credentials file), a service-account key file where the user keeps it. The
plugin stores only the project id and the key file's path (QGIS settings), never a token, and
never logs either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import Sen12Error
from . import require_ee


class SignInError(Sen12Error):
    """Earth Engine refused or could not check the sign-in."""


NOT_SIGNED_IN = (
    "You are not signed in to Earth Engine. Use 'Sign in' (it opens Google's sign-in page), or "
    "choose a service-account key file."
)
NO_PROJECT = (
    "No Google Cloud project is set. Enter the id of a Cloud project registered for Earth Engine "
    "(https://code.earthengine.google.com/register)."
)
NOT_REGISTERED = (
    "The Cloud project {project!r} is not registered for Earth Engine, or your account may not "
    "use it. Register it at https://code.earthengine.google.com/register or pick another project."
)
EXPIRED = "Your Earth Engine sign-in has expired or was revoked. Sign in again."


@dataclass(frozen=True)
class SignIn:
    """What the user chose: a project and, optionally, a service-account key file."""

    project: str
    service_account_key: str | None = None
    url: str | None = None  # another Earth Engine endpoint (tests use a local one)


def explain(exc: Exception, project: str | None) -> SignInError:
    """Map a client error to one of the messages above (or keep its own words)."""
    text = str(exc)
    low = text.lower()
    if "project" in low and ("not registered" in low or "has not been used" in low
                             or "not found" in low and "project" in low):
        return SignInError(NOT_REGISTERED.format(project=project))
    if "caller does not have required permission" in low or "permission_denied" in low:
        return SignInError(NOT_REGISTERED.format(project=project))
    refresh_failed = any(type(e).__name__ == "RefreshError" for e in (exc, exc.__cause__, exc.__context__))
    if (refresh_failed or "invalid_grant" in low or "expired" in low or "revoked" in low
            or "unauthenticated" in low or "invalid authentication" in low):
        return SignInError(EXPIRED)
    if "please authorize access" in low or "credentials" in low and "not" in low:
        return SignInError(NOT_SIGNED_IN)
    if "no project" in low or "project must be" in low:
        return SignInError(NO_PROJECT)
    return SignInError(f"Earth Engine sign-in failed: {text}")


def credentials_for(sign_in: SignIn):
    """Service-account credentials from a key file, or the client's stored OAuth credentials."""
    ee = require_ee()
    if sign_in.service_account_key:
        key = Path(sign_in.service_account_key)
        try:
            email = json.loads(key.read_text())["client_email"]
        except (OSError, ValueError, KeyError):
            raise SignInError(
                f"{key} is not a service-account key file (JSON with 'client_email')."
            ) from None
        return ee.ServiceAccountCredentials(email, str(key))
    try:
        credentials = ee.data.get_persistent_credentials()
    except Exception as exc:  # the client raises EEException with its own advice
        raise SignInError(NOT_SIGNED_IN) from exc
    if credentials is None:
        raise SignInError(NOT_SIGNED_IN)
    return credentials


_live_session: SignIn | None = None  # the sign-in the client is initialised with, if any


def ensure_session(sign_in: SignIn) -> None:
    """Initialise for ``sign_in`` unless the client already runs a live session for its project."""
    live = _live_session
    if live is not None and live.project == sign_in.project and (sign_in.url is None or live.url == sign_in.url):
        return
    initialize(sign_in)


def signed_in() -> bool:
    """Whether the client runs a live session (the dock offers Earth Engine layers then)."""
    return _live_session is not None


def initialize(sign_in: SignIn, credentials=None) -> None:
    """``ee.Initialize`` for the project; raises SignInError with the reason in plain words."""
    global _live_session
    ee = require_ee()
    if not sign_in.project and not sign_in.service_account_key:
        raise SignInError(NO_PROJECT)
    credentials = credentials if credentials is not None else credentials_for(sign_in)
    _live_session = None
    try:
        ee.Initialize(credentials=credentials, project=sign_in.project or None, url=sign_in.url)
    except Exception as exc:
        raise explain(exc, sign_in.project) from exc
    # The transport retries with its own backoff (and splits tiles on memory errors); the
    # client's built-in retries would sleep unseen and delay cancel.
    ee.data.setMaxRetries(0)
    _live_session = sign_in


def authenticate() -> None:
    """Start the client's own sign-in flow (a browser page); the token stays in the profile."""
    ee = require_ee()
    try:
        ee.Authenticate(force=True)
    except Exception as exc:
        raise explain(exc, None) from exc


def initialize_offline() -> None:
    """Initialise the client without a network, with the algorithm list earthengine-api ships.

    Enough to build and serialize expressions (``REQUEST_ONLY``, golden tests); any call to
    the server fails. A later :func:`initialize` replaces it.
    """
    global _live_session
    ee = require_ee()
    from ee import _cloud_api_utils, deprecation

    _live_session = None
    path = Path(ee.__file__).parent / "tests" / "algorithms.json"
    if not path.exists():
        raise SignInError(f"Cannot build requests offline: {path} is missing from earthengine-api.")
    algorithms = _cloud_api_utils.convert_algorithms(json.loads(path.read_text(encoding="utf-8")))
    ee.Reset()
    saved = ee.data.getAlgorithms, ee.data._install_cloud_api_resource, deprecation._FetchDataCatalogStac
    ee.data.getAlgorithms = lambda: algorithms
    ee.data._install_cloud_api_resource = lambda: None
    deprecation._FetchDataCatalogStac = lambda: {}
    try:
        ee.Initialize(None, "", project="offline")
    finally:
        ee.data.getAlgorithms, ee.data._install_cloud_api_resource, deprecation._FetchDataCatalogStac = saved
