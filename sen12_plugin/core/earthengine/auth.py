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
from . import require_ee, retry
from .retry import DEFAULT_DEADLINE_S
from .transport import DEFAULT_CONCURRENCY

EE_URL_ENV = "SEN12_EE_URL"  # another Earth Engine endpoint (a proxy, or the tests' fake service)

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
    deadline_s: float = DEFAULT_DEADLINE_S  # longest silence of one request before it is retried
    connections: int = DEFAULT_CONCURRENCY  # kept-alive connections (one per parallel request)

    def fingerprint(self) -> tuple:
        """What makes a live session reusable: these settings and the key file as it is now."""
        key = None
        if self.service_account_key:
            try:
                stat = Path(self.service_account_key).stat()
                key = (str(Path(self.service_account_key).resolve()), stat.st_size, stat.st_mtime_ns)
            except OSError:
                key = (self.service_account_key, None, None)
        return (self.project, key, self.url, self.deadline_s, self.connections)


def sign_in_for(project: str, key_file: str | None = None, connections: int = DEFAULT_CONCURRENCY) -> SignIn:
    """The sign-in for a project and an optional key file, at the endpoint ``SEN12_EE_URL`` names (if set)."""
    import os

    return SignIn(project.strip(), key_file or None, os.environ.get(EE_URL_ENV) or None, connections=connections)


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
        info = read_key_file(key)
        try:
            return ee.ServiceAccountCredentials(info["client_email"], key_data=json.dumps(info))
        except Exception as exc:  # noqa: BLE001 - google-auth's words are for developers
            raise SignInError(f"{key} is not a usable service-account key file: the private key "
                              f"cannot be read ({type(exc).__name__}). Download a new key for the "
                              "service account in the Cloud console.") from None
    try:
        credentials = ee.data.get_persistent_credentials()
    except Exception as exc:  # the client raises EEException with its own advice
        raise SignInError(NOT_SIGNED_IN) from exc
    if credentials is None:
        raise SignInError(NOT_SIGNED_IN)
    return credentials


KEY_FIELDS = ("type", "client_email", "private_key", "token_uri")


def read_key_file(key: Path) -> dict:
    """The key file's fields, or a sentence saying what is wrong with it."""
    try:
        info = json.loads(key.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SignInError(f"Cannot read the service-account key file {key}: {exc.strerror or exc}.") from None
    except ValueError:
        raise SignInError(f"{key} is not a service-account key file (it is not JSON).") from None
    if not isinstance(info, dict):
        raise SignInError(f"{key} is not a service-account key file (JSON with 'client_email').")
    missing = [f for f in KEY_FIELDS if not isinstance(info.get(f), str) or not info.get(f)]
    if missing:
        raise SignInError(
            f"{key} is not a complete service-account key file: {', '.join(missing)} missing. Download "
            "a new JSON key for the service account in the Cloud console (IAM > Service accounts > Keys).")
    if info["type"] != "service_account":
        raise SignInError(f"{key} holds {info['type']!r} credentials, not a service-account key.")
    return info


_live_session: tuple | None = None  # fingerprint of the sign-in the client runs, if any


def ensure_session(sign_in: SignIn) -> None:
    """Initialise for ``sign_in`` unless the client already runs a session for exactly it."""
    if _live_session is not None and _live_session == sign_in.fingerprint():
        return
    initialize(sign_in)


def signed_in() -> bool:
    """Whether the client runs a live session (the dock offers Earth Engine layers then)."""
    return _live_session is not None


def saved_sign_in(sign_in: SignIn) -> str | None:
    """What an Earth Engine step would sign in with by itself (each step calls ``ensure_session``):
    ``"key"`` (a service-account key file that exists), ``"google"`` (the client's stored
    sign-in, ``ee.Authenticate``'s credentials file), or None. Reads no credential."""
    if sign_in.service_account_key and Path(sign_in.service_account_key).is_file():
        return "key"
    try:
        from ee import oauth  # the client's own path for its credentials file (ee/oauth.py)

        return "google" if Path(oauth.get_credentials_path()).is_file() else None
    except ImportError:
        return None


def initialize(sign_in: SignIn, credentials=None) -> None:
    """``ee.Initialize`` for the project; raises SignInError with the reason in plain words."""
    global _live_session
    ee = require_ee()
    if not sign_in.project and not sign_in.service_account_key:
        raise SignInError(NO_PROJECT)
    credentials = credentials if credentials is not None else credentials_for(sign_in)
    _live_session = None
    ee.data.setMaxRetries(0)
    try:  # the deadline for the sign-in's own requests too (setDeadline needs a live client)
        ee.data._get_state().deadline_ms = int(sign_in.deadline_s * 1000)
    except AttributeError:
        pass
    try:  # the discovery document and algorithm list: retried like every other call
        retry.call(lambda: ee.Initialize(credentials=credentials, project=sign_in.project or None, url=sign_in.url))
    except Exception as exc:
        raise explain(exc, sign_in.project) from exc
    # Every call goes through the plugin's one retry policy (retry.call), which classifies,
    # honours Retry-After and can be cancelled; the client's own retries would sleep unseen.
    ee.data.setMaxRetries(0)
    # No answer within the deadline ends the request (requests' read timeout, ee/data.py
    # setDeadline); the retry policy then tries again. The client's default is no deadline.
    ee.data.setDeadline(int(sign_in.deadline_s * 1000))
    _keep_connections(ee, sign_in.connections)
    _live_session = sign_in.fingerprint()


def _keep_connections(ee, connections: int) -> None:
    """One kept-alive connection per parallel request (requests keeps 10 by default)."""
    from requests.adapters import HTTPAdapter

    session = getattr(ee.data._get_state(), "requests_session", None)  # the client's own session
    if session is not None:
        for prefix in ("https://", "http://"):
            session.mount(prefix, HTTPAdapter(pool_connections=4, pool_maxsize=max(10, connections)))


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
