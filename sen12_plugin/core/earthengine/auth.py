"""Sign-in and project: the earthengine-api's own flows, failures in words a user can act on.

Credentials stay in the user's profile: the OAuth token where ``ee.Authenticate`` keeps it
(the client's credentials file), a service-account key file where the user keeps it. The
plugin stores only the project id and the key file's path (QGIS settings), never a token, and
never logs either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Cancelled, InputError, Sen12Error
from ..i18n import N_, _
from . import require_ee, retry
from .retry import DEFAULT_DEADLINE_S, SERVICE_LIMIT_S
from .transport import DEFAULT_CONCURRENCY

EE_URL_ENV = "SEN12_EE_URL"  # another Earth Engine endpoint (a proxy, or the tests' fake service)

class SignInError(Sen12Error):
    """Earth Engine refused or could not check the sign-in."""


NOT_SIGNED_IN = (
    N_("You are not signed in to Earth Engine. Use 'Sign in' (it opens Google's sign-in page), or choose a "
       "service-account key file.")
)
NO_PROJECT = (
    N_("No Google Cloud project is set. Enter the id of a Cloud project registered for Earth Engine "
       "(https://code.earthengine.google.com/register).")
)
# The first-run checklist, one sentence per step that can fail: the project exists, the Earth
# Engine API is enabled in it, the account may use it, it is registered for Earth Engine.
NO_SUCH_PROJECT = (
    N_("There is no Cloud project {project!r}, or your account cannot see it. Enter the project's id (not its "
       "name or number) as https://console.cloud.google.com/projectselector2/home/dashboard lists it, or "
       "create a project at https://console.cloud.google.com/projectcreate.")
)
API_DISABLED = (
    N_("The Earth Engine API is not enabled in the Cloud project {project!r}. Enable it at "
       "https://console.cloud.google.com/apis/library/earthengine.googleapis.com?project={project}, wait a few "
       "minutes, then sign in again.")
)
NO_ACCESS = (
    N_("Your account may not use the Cloud project {project!r}. Ask its owner for the Service Usage Consumer "
       "role and an Earth Engine role (https://developers.google.com/earth-engine/guides/access), or use a "
       "project of your own.")
)
NOT_REGISTERED = (
    N_("The Cloud project {project!r} is not registered for Earth Engine. Register it at "
       "https://code.earthengine.google.com/register?project={project} (noncommercial use is free within its "
       "tier's monthly quota), then sign in again.")
)
EXPIRED = N_("Your Earth Engine sign-in has expired or was revoked. Sign in again.")
NO_BROWSER = (
    N_("No web browser could be opened for Google's sign-in page. Run 'earthengine authenticate' in a "
       "terminal, or choose a service-account key file.")
)
SIGN_IN_TIMED_OUT = (
    N_("Google's sign-in page did not answer within {minutes:g} minutes. Sign in again and finish it in the "
       "browser, or choose a service-account key file.")
)
SIGN_IN_REFUSED = N_("Google's sign-in page answered '{error}', so Earth Engine was not signed in. Sign in "
                     "again.")

# Earth Engine's noncommercial quota tiers (guide "noncommercial_tiers"); the service does not
# say a project's tier, so it is the user's setting, Community by default.
NONCOMMERCIAL_TIERS = ("Community", "Contributor", "Partner")
DEFAULT_TIER = "Community"
COMMERCIAL_TIER = "commercial"
# projects.getConfig registrationState (REST reference, ProjectConfig.RegistrationState)
REGISTRATION_TEXT = {
    "REGISTERED_NOT_COMMERCIALLY": N_("registered for noncommercial use"),
    "REGISTERED_COMMERCIALLY": N_("registered for commercial use"),
    "": N_("registration not reported"),
}
SIGN_IN_TIMEOUT_S = 300.0  # the browser page: five minutes to sign in


@dataclass(frozen=True)
class ProjectStatus:
    """What sign-in found out about the Cloud project: its id, registrationState and tier."""

    project: str
    registration: str  # REGISTERED_NOT_COMMERCIALLY / REGISTERED_COMMERCIALLY, "" when not reported
    tier: str  # a noncommercial tier (the user's setting) or "commercial"

    @property
    def commercial(self) -> bool:
        return self.registration == "REGISTERED_COMMERCIALLY"

    def details(self) -> str:
        tier = "commercial plan" if self.commercial else f"{self.tier} tier"
        return f"{_(REGISTRATION_TEXT.get(self.registration, self.registration))}, {tier}"

    def describe(self) -> str:
        return f"project {self.project}, {self.details()}"


@dataclass(frozen=True)
class SignIn:
    """What the user chose: a project and, optionally, a service-account key file."""

    project: str
    service_account_key: str | None = None
    url: str | None = None  # another Earth Engine endpoint (tests use a local one)
    deadline_s: float = DEFAULT_DEADLINE_S  # longest silence of one request before it is retried
    connections: int = DEFAULT_CONCURRENCY  # kept-alive connections (one per parallel request)
    tier: str = DEFAULT_TIER  # the noncommercial tier the user says the project has (not part of the session)

    def __post_init__(self) -> None:
        if not 1 <= self.deadline_s < SERVICE_LIMIT_S:
            raise InputError(
                _("A request deadline of {deadline_s:g} s: use 1 s or more and below the {SERVICE_LIMIT_S:g} s "
                  "after which Earth Engine ends an interactive computation itself.").format(
                    deadline_s=self.deadline_s, SERVICE_LIMIT_S=SERVICE_LIMIT_S))

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


def sign_in_for(project: str, key_file: str | None = None, connections: int = DEFAULT_CONCURRENCY,
                deadline_s: float = DEFAULT_DEADLINE_S, tier: str = DEFAULT_TIER) -> SignIn:
    """The sign-in for a project and an optional key file, at the endpoint ``SEN12_EE_URL`` names (if set)."""
    import os

    return SignIn(project.strip(), key_file or None, os.environ.get(EE_URL_ENV) or None, deadline_s=deadline_s,
                  connections=connections, tier=tier or DEFAULT_TIER)


def project_problem(exc: BaseException, project: str | None) -> SignInError | None:
    """The checklist sentence for a refused project, by the answer's ErrorInfo reason first and
    its words last (the live answers: tests/fake_earthengine/server.py PROJECT_REFUSALS); None
    when the error is not about the project."""
    answer = retry.service_answer(exc)
    reason, low = answer.reason, f"{answer.message} {exc}".lower()
    if reason == "SERVICE_DISABLED" or "has not been used in project" in low or "it is disabled" in low:
        return SignInError(_(API_DISABLED).format(project=project))
    if "not registered" in low or "not signed up for earth engine" in low:
        return SignInError(_(NOT_REGISTERED).format(project=project))
    if reason == "USER_PROJECT_DENIED" or "does not have required permission to use project" in low:
        return SignInError(_(NO_ACCESS).format(project=project))
    if (reason == "CONSUMER_INVALID" or "permission denied on resource project" in low
            or "project" in low and ("not found or deleted" in low or "does not exist" in low)):
        return SignInError(_(NO_SUCH_PROJECT).format(project=project))
    if answer.status.upper() == "PERMISSION_DENIED" or "permission_denied" in low:
        return SignInError(_(NO_ACCESS).format(project=project))
    return None


def explain(exc: Exception, project: str | None) -> SignInError:
    """Map a client error to one of the messages above (or keep its own words)."""
    text = str(exc)
    low = text.lower()
    problem = project_problem(exc, project)
    if problem is not None:
        return problem
    refresh_failed = any(type(e).__name__ == "RefreshError" for e in (exc, exc.__cause__, exc.__context__))
    if (refresh_failed or "invalid_grant" in low or "expired" in low or "revoked" in low
            or "unauthenticated" in low or "invalid authentication" in low):
        return SignInError(_(EXPIRED))
    if "please authorize access" in low or "credentials" in low and "not" in low:
        return SignInError(_(NOT_SIGNED_IN))
    if "no project" in low or "project must be" in low:
        return SignInError(_(NO_PROJECT))
    return SignInError(_("Earth Engine sign-in failed: {text}").format(text=text))


def credentials_for(sign_in: SignIn):
    """Service-account credentials from a key file, or the client's stored OAuth credentials."""
    ee = require_ee()
    if sign_in.service_account_key:
        key = Path(sign_in.service_account_key)
        info = read_key_file(key)
        try:
            return ee.ServiceAccountCredentials(info["client_email"], key_data=json.dumps(info))
        except Exception as exc:  # noqa: BLE001 - google-auth's words are for developers
            raise SignInError(_("{key} is not a usable service-account key file: the private key cannot be "
                                "read ({name}). Download a new key for the service account in the Cloud "
                                "console.").format(key=key, name=type(exc).__name__)) from None
    try:
        credentials = ee.data.get_persistent_credentials()
    except Exception as exc:  # the client raises EEException with its own advice
        raise SignInError(_(NOT_SIGNED_IN)) from exc
    if credentials is None:
        raise SignInError(_(NOT_SIGNED_IN))
    return credentials


KEY_FIELDS = ("type", "client_email", "private_key", "token_uri")


def read_key_file(key: Path) -> dict:
    """The key file's fields, or a sentence saying what is wrong with it."""
    try:
        info = json.loads(key.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SignInError(_("Cannot read the service-account key file {key}: {value}.").format(
                              key=key, value=exc.strerror or exc)) from None
    except ValueError:
        raise SignInError(_("{key} is not a service-account key file (it is not JSON).").format(key=key)) from None
    if not isinstance(info, dict):
        raise SignInError(_("{key} is not a service-account key file (JSON with 'client_email').").format(
                              key=key))
    missing = [f for f in KEY_FIELDS if not isinstance(info.get(f), str) or not info.get(f)]
    if missing:
        raise SignInError(
            _("{key} is not a complete service-account key file: {value} missing. Download a new JSON key for "
              "the service account in the Cloud console (IAM > Service accounts > Keys).").format(
                key=key, value=', '.join(missing)))
    if info["type"] != "service_account":
        raise SignInError(_("{key} holds {type!r} credentials, not a service-account key.").format(
                              key=key, type=info['type']))
    return info


_live_session: tuple | None = None  # fingerprint of the sign-in the client runs, if any
_registration = ""  # the live session's project registrationState


def ensure_session(sign_in: SignIn, cancelled: Callable[[], bool] | None = None) -> ProjectStatus:
    """Initialise for ``sign_in`` unless the client already runs a session for exactly it."""
    if _live_session is not None and _live_session == sign_in.fingerprint():
        return _status(sign_in, _registration)
    return initialize(sign_in, cancelled=cancelled)


def _status(sign_in: SignIn, registration: str) -> ProjectStatus:
    tier = COMMERCIAL_TIER if registration == "REGISTERED_COMMERCIALLY" else sign_in.tier
    return ProjectStatus(sign_in.project, registration, tier)


def check_project(sign_in: SignIn, cancelled: Callable[[], bool] | None = None) -> ProjectStatus:
    """The project's registration (``projects/{project}/config``, ee.data.getProjectConfig); raises
    SignInError with what to do when it is not registered or not usable.

    A service that does not answer the call at all (an older endpoint) leaves the registration
    unreported rather than stopping work that the project can do.
    """
    ee = require_ee()
    get_config = getattr(ee.data, "getProjectConfig", None)
    if get_config is None:
        return _status(sign_in, "")
    try:
        config = retry.call(get_config, cancelled=cancelled)
    except retry.AuthError as exc:
        raise project_problem(exc, sign_in.project) or explain(exc, sign_in.project) from exc
    except retry.TransportError:
        return _status(sign_in, "")
    state = str((config or {}).get("registrationState") or "")
    if state == "NOT_REGISTERED":
        raise SignInError(_(NOT_REGISTERED).format(project=sign_in.project))
    return _status(sign_in, state if state in REGISTRATION_TEXT else "")


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


def initialize(sign_in: SignIn, credentials=None, cancelled: Callable[[], bool] | None = None) -> ProjectStatus:
    """``ee.Initialize`` for the project, then its registration; raises SignInError with the reason
    and what to do in plain words (no project, no such project, API disabled, no access, not
    registered, sign-in expired). ``cancelled``: checked before every try and in every wait
    between retries, so a cancel ends a sign-in that the service keeps refusing."""
    global _live_session, _registration
    ee = require_ee()
    if not sign_in.project and not sign_in.service_account_key:
        raise SignInError(_(NO_PROJECT))
    credentials = credentials if credentials is not None else credentials_for(sign_in)
    _live_session = None
    ee.data.setMaxRetries(0)
    try:  # the deadline for the sign-in's own requests too (setDeadline needs a live client)
        ee.data._get_state().deadline_ms = int(sign_in.deadline_s * 1000)
    except AttributeError:
        pass
    try:  # the discovery document and algorithm list: retried like every other call
        retry.call(lambda: ee.Initialize(credentials=credentials, project=sign_in.project or None, url=sign_in.url),
                   cancelled=cancelled)
    except Cancelled:
        raise
    except Exception as exc:
        raise explain(exc, sign_in.project) from exc
    # Every call goes through the plugin's one retry policy (retry.call), which classifies,
    # honours Retry-After and can be cancelled; the client's own retries would sleep unseen.
    ee.data.setMaxRetries(0)
    # No answer within the deadline ends the request (requests' read timeout, ee/data.py
    # setDeadline); the retry policy then tries again. The client's default is no deadline.
    ee.data.setDeadline(int(sign_in.deadline_s * 1000))
    _keep_connections(ee, sign_in.connections)
    status = check_project(sign_in, cancelled)
    _live_session, _registration = sign_in.fingerprint(), status.registration
    return status


def _keep_connections(ee, connections: int) -> None:
    """One kept-alive connection per parallel request, each one a cancelled run can shut
    (transport.http_adapter)."""
    from .transport import http_adapter

    session = getattr(ee.data._get_state(), "requests_session", None)  # the client's own session
    if session is not None:
        for prefix in ("https://", "http://"):
            replaced = session.adapters.get(prefix)
            session.mount(prefix, http_adapter(connections))
            if replaced is not None:  # its kept-alive sockets, else left to the garbage collector:
                replaced.close()  # a ResourceWarning "unclosed socket" in QGIS' log on every sign-in


def authenticate(cancelled: Callable[[], bool] | None = None, timeout_s: float = SIGN_IN_TIMEOUT_S,
                 open_browser: Callable[[str], bool] | None = None) -> None:
    """Google's sign-in page in the browser, answered on a loopback port (the client's own
    "localhost" flow: its PKCE verifier, authorization URL and token exchange, ee/oauth.py), so it
    can be cancelled and gives up after ``timeout_s``; the token stays where the client keeps it.

    ``ee.Authenticate`` would block without end on ``handle_request`` (or ask for a code on
    stdin) in QGIS, so the wait for the page's answer is the plugin's.
    """
    import http.server
    import time
    import urllib.parse
    import webbrowser

    require_ee()
    from ee import oauth

    answer: dict = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            answer.update({k: v[0] for k, v in query.items() if k in ("code", "error")})
            text = (_("Signed in to Earth Engine; you can close this page and return to QGIS.") if "code" in answer
                    else _("Earth Engine was not signed in; return to QGIS."))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, *args):
            pass

    try:  # the client's port first; any free one if it is taken (loopback redirects take any port)
        server = http.server.HTTPServer(("localhost", oauth.DEFAULT_LOCAL_PORT), Callback)
    except OSError:
        server = http.server.HTTPServer(("localhost", 0), Callback)
    server.timeout = 0.1
    redirect = f"http://localhost:{server.server_address[1]}"
    pkce = oauth._nonce_table("code_verifier")
    url = oauth.get_authorization_url(pkce["code_challenge"], oauth.SCOPES, redirect)
    deadline = time.monotonic() + timeout_s
    try:
        if not (open_browser or webbrowser.open)(url):
            raise SignInError(_(NO_BROWSER))
        while not answer:
            if cancelled is not None and cancelled():
                raise Cancelled(_("Sign-in cancelled."))
            if time.monotonic() > deadline:
                raise SignInError(_(SIGN_IN_TIMED_OUT).format(minutes=timeout_s / 60))
            server.handle_request()  # returns after server.timeout without a request
    finally:
        server.server_close()
    if "code" not in answer:
        raise SignInError(_(SIGN_IN_REFUSED).format(error=answer.get("error", "no code")))
    try:
        oauth._obtain_and_write_token(answer["code"], pkce["code_verifier"], oauth.SCOPES, redirect)
    except Exception as exc:
        raise explain(exc, None) from exc


def interactive_sign_in(sign_in: SignIn, cancelled: Callable[[], bool] | None = None,
            timeout_s: float = SIGN_IN_TIMEOUT_S) -> ProjectStatus:
    """What the dock's 'Sign in' does: the browser page when there is no key file and no stored
    sign-in, then the session and the project's checks."""
    if not sign_in.service_account_key:
        try:
            credentials_for(sign_in)
        except SignInError:
            authenticate(cancelled, timeout_s)
    return initialize(sign_in, cancelled=cancelled)


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
        raise SignInError(_("Cannot build requests offline: {path} is missing from earthengine-api.").format(
                              path=path))
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
