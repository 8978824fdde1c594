"""A strict fake Earth Engine REST service on 127.0.0.1 for the real earthengine-api client.

At least as strict as the real service where the plugin could go wrong, each rule grounded in
the REST reference (developers.google.com/earth-engine/reference/rest/v1) or the client's source:

- Paths: the production ``v1`` API. The client fetches ``$discovery/rest?version=v1``
  (ee/_cloud_api_utils.py, build_cloud_resource; ``VERSION`` defaults to v1); the discovery
  document earthengine-api ships for its tests is v1alpha, so it is served rewritten to v1 and
  only ``/v1/`` paths answer.
- OAuth: access tokens only from the fake token endpoint (``/token``, the JWT-bearer grant a
  service-account key's ``token_uri`` names, signature checked against the generated key);
  every API call needs ``Authorization: Bearer <issued token>``, else 401 UNAUTHENTICATED.
  Only the configured project computes (path and ``X-Goog-User-Project``); other projects get
  the live service's 403 PERMISSION_DENIED answers (``PROJECT_REFUSALS``, each from a public
  trace): not registered, Earth Engine API disabled, no permission, no such project.
- ``projects.getConfig`` (REST reference v1/projects/getConfig, ``GET v1/{name=projects/*/config}``,
  answering a ProjectConfig with ``registrationState``: NOT_REGISTERED,
  REGISTERED_NOT_COMMERCIALLY or REGISTERED_COMMERCIALLY). The discovery document earthengine-api
  ships lacks it, so it is added to the one served; ``ee.data.getProjectConfig`` calls it.
- Bodies validated field by field (schema.py); computePixels limits from its reference page:
  at most 50331648 bytes counted as width x height x sum(bytes per band + 1) and 32768 px a side.
- Pixels from evaluating the expression (evaluate.py): the collection, bands and type asked
  for. GeoTIFFs carry the no-data tag of their type whatever the graph did, and still-masked
  pixels hold that tag, as the live service answers (see ``SERVICE_NODATA``).
- Limits that follow the project: ``concurrency_cap`` computePixels in flight at once (40 by
  default on the live service, 20 for legacy projects), more get 429 "Too many concurrent
  aggregations."; with ``compute_s_per_mpx`` a tile whose computation would pass the 5 minutes
  of an interactive request gets "Computation timed out." (see ``FakeEarthEngine.__init__``).
- Faults on every endpoint, in order: status answers (429 with Retry-After, 500, 503,
  "Computation timed out.", "User memory limit exceeded."), a stall, a dropped connection.
- Computation profiles: a request sent with the profiling header is answered with a profile id,
  and ``Profile.getProfiles`` turns ids into the EECU table the live service prints (see
  ``PROFILE_REQUEST_HEADER``).
- Export operations advance PENDING -> RUNNING -> SUCCEEDED (or FAILED) one step per look (a
  finished one reports its ``batchEecuUsageSeconds``), and ``operations.list`` pages (``pageSize``/``pageToken``/``nextPageToken``, REST reference
  projects.operations.list).
"""

from __future__ import annotations

import functools
import io
import json
import re
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np

from . import schema
from .evaluate import LAND_COVER_BANDS, Evaluator, render
from .schema import BadRequest

MAX_REQUEST_BYTES = 50331648
MAX_SIDE = 32768
DTYPE_BYTES = {"uint8": 1, "int8": 1, "int16": 2, "uint16": 2, "int32": 4, "uint32": 4, "int64": 8,
               "float32": 4, "float64": 8}
PROJECT = "test-project"

# The no-data tag the live service puts in a computePixels / getDownloadUrl GeoTIFF, by the tile's
# type, whatever the graph did (a graph that unmasks to -9999 and casts to float32 gets float32
# pixels of -9999 in a file tagged -inf). Grounded in geedim's live integration test
# tests/integration.py::test_ee_geotiff_nodata (computePixels for every type, asserting
# ``ds.nodata == _nodata_vals[dtype]``), geedim/image.py ``_nodata_vals`` and its note, and Google
# issue 350528377 (issuetracker.google.com/issues/350528377): -inf for floats, 0 for unsigned
# integers, the type's minimum for signed ones. Masked pixels hold the tag (geedim/image.py
# ``nodata``: "Masked pixel value used by Earth Engine when exporting").
SERVICE_NODATA = {"uint8": 0, "uint16": 0, "uint32": 0, "int8": -128, "int16": -32768, "int32": -2 ** 31,
                  "float32": float("-inf"), "float64": float("-inf")}
# geedim/image.py, the note under _nodata_vals: "EE provides an int64 ee.Image (via
# ee.Image.getDownloadUrl() or ee.data.computePixels()) as float64 with nodata advertised as -inf
# but actually zero".
INT64_AS = ("float64", float("-inf"), 0.0)  # served type, tag, what masked pixels hold
SERVICE_TAG = "as the service"  # FakeEarthEngine.nodata_tag: tag by type, as above


# Computation profiles. While ee.data.profiling(hook) is active in the calling thread, the client
# sends "X-Earth-Engine-Computation-Profiling: 1" with every Cloud API call (ee/data.py,
# _make_request_headers) -- the raw resource computePixels uses included, since
# _install_cloud_api_resource gives both resources response_inspector=_handle_profiling_response
# -- and hands the hook the id in the "X-Earth-Engine-Computation-Profile" response header, "even
# if the response is an error" (_handle_profiling_response; ee/tests/data_test.py,
# DoCloudProfileStubHttp, stubs that header on value:compute). The hidden algorithm
# Profile.getProfiles(ids, format='text', maxEntries=200) (ee/tests/algorithms.json), evaluated
# through value:compute, turns ids into the text ee.profilePrinting prints (ee/_helpers.py): a
# header " EECU·s PeakMem Count  Description" and one row per entry, "-" where an entry has no
# EECU figure; entries of several profiles with one description are merged (values summed).
# That table's shape is geetools' (geetools/ee_profiler.py parses it so; its
# tests/test_Profiler.py asserts those columns against the live service; sample output in the
# geetools docs, usage/profile). Failed computations report no metrics (Earth Engine guide
# "computation_overview", Metrics for failed requests): errors here carry no profile.
PROFILE_REQUEST_HEADER = "X-Earth-Engine-Computation-Profiling"
PROFILE_RESPONSE_HEADER = "X-Earth-Engine-Computation-Profile"
PROFILE_TABLE_HEADER = " EECU·s PeakMem Count  Description"


def _ee_tests_dir() -> Path:
    import ee

    return Path(ee.__file__).parent / "tests"


@dataclass(frozen=True)
class Fault:
    kind: str  # "status", "stall" or "drop"
    code: int = 0
    status: str = ""
    message: str = ""
    retry_after: float | None = None
    seconds: float = 0.0


QUOTA = Fault("status", 429, "RESOURCE_EXHAUSTED", "Too many concurrent aggregations.", retry_after=1)
INTERNAL = Fault("status", 500, "INTERNAL", "An internal error has occurred.")
UNAVAILABLE = Fault("status", 503, "UNAVAILABLE", "The service is currently unavailable.")
# The client shows only the message (ee/data.py, _translate_cloud_exception); both arrive as 400,
# so a classifier that trusts the status alone would call them final.
TIMED_OUT = Fault("status", 400, "INVALID_ARGUMENT", "Computation timed out.")
MEMORY = Fault("status", 400, "INVALID_ARGUMENT", "User memory limit exceeded.")
DROP = Fault("drop")
QUOTA_403 = Fault("status", 403, "RESOURCE_EXHAUSTED",
                  "Quota exceeded for quota metric 'Compute requests' of service 'earthengine.googleapis.com'.")


# What the live service answers for a project that cannot compute, by the project's state: the
# message, and the ErrorInfo reason in the body's details. Public traces, all from
# ``GET v1/projects/{p}/algorithms`` (ee.Initialize): "not registered"
# (healthysustainablecities/global-indicators#547), "API disabled" (the same thread and
# gee-community/qgis-earthengine-plugin#322, reason SERVICE_DISABLED), "no permission"
# (nasaharvest/street2sat#51, the Service Usage Consumer role), "no such project" (Google's API
# front end for an unknown consumer project, reason CONSUMER_INVALID; google-gemini/gemini-cli#1808).
PROJECT_REFUSALS = {
    "not_registered": ("Project {p} is not registered to use Earth Engine. Visit "
                       "https://code.earthengine.google.com/register?project={p} to register your project. See "
                       "https://developers.google.com/earth-engine/guides/access for more details.", None),
    "api_disabled": ("Google Earth Engine API has not been used in project {p} before or it is disabled. Enable it by "
                     "visiting https://console.developers.google.com/apis/api/earthengine.googleapis.com/overview?"
                     "project={p} then retry. If you enabled this API recently, wait a few minutes for the action "
                     "to propagate to our systems and retry.", "SERVICE_DISABLED"),
    "no_access": ("Caller does not have required permission to use project {p}. Grant the caller the "
                  "roles/serviceusage.serviceUsageConsumer role, or a custom role with the serviceusage.services.use "
                  "permission, by visiting https://console.developers.google.com/iam-admin/iam/project?project={p} "
                  "and then retry. Propagation of the new permission may take a few minutes.", "USER_PROJECT_DENIED"),
    "missing": ("Permission denied on resource project {p}.", "CONSUMER_INVALID"),
}
# projects.getConfig, REST reference (ProjectConfig.RegistrationState).
REGISTRATION_STATES = ("NOT_REGISTERED", "REGISTERED_NOT_COMMERCIALLY", "REGISTERED_COMMERCIALLY")


def stall(seconds: float = 300.0) -> Fault:
    """A connection that accepts the request and says nothing for ``seconds``, then closes."""
    return Fault("stall", seconds=seconds)


def _fits(value: float, dtype: str) -> bool:
    """Whether a ``dtype`` pixel can hold ``value`` exactly (GDAL refuses a nodata outside the type)."""
    if np.dtype(dtype).kind == "f":
        return True
    info = np.iinfo(dtype)
    return float(value).is_integer() and info.min <= value <= info.max


_RSA_KEY = None
ENDPOINTS = ("token", "algorithms", "config", "compute", "pixels", "maps", "tiles", "export", "operations")


class FakeEarthEngine:
    def __init__(self, project: str = PROJECT) -> None:
        self.project = project
        self.registration = "REGISTERED_NOT_COMMERCIALLY"  # the project's registrationState (getConfig)
        # Other projects, by the refusal the live service gives them (PROJECT_REFUSALS); any
        # project not listed here is "missing". A not-registered project still answers getConfig.
        self.other_projects = {"unregistered-project": "not_registered", "api-disabled-project": "api_disabled",
                               "no-access-project": "no_access"}
        self.sources: dict[str, Path] = {}  # "s1" / "s2" -> GeoTIFF the pixels are cut from
        self.synthetic = False  # serve constant scenes when no source is registered (benchmark)
        self.textured = False  # with synthetic: serve evaluate.textured_world instead (end-to-end tests)
        self.counts: Callable[[dict], dict] = lambda body: {
            "s1": 3, "s2": 2, "s1_ids": ["S1A_a", "S1A_b", "S1B_c"], "s2_ids": ["20170601T1", "20170615T2"]}
        self.faults: dict[str, list[Fault]] = {e: [] for e in ENDPOINTS}
        self.fault_always: dict[str, Fault] = {}
        self.too_large_over_px: int | None = None  # "User memory limit exceeded." above this tile size
        # The tag: SERVICE_TAG (by type, as the live service; the default), None (no tag: masked
        # pixels arrive as an untagged, plausible 0) or a number (masked pixels hold it).
        self.nodata_tag: float | str | None = SERVICE_TAG
        self.masked_fill: float | None = None  # what still-masked pixels hold; None: as the tag says
        self.export_outcome = "SUCCEEDED"
        self.export_eecu_seconds = 1234.5  # batchEecuUsageSeconds of a finished export
        # EECU-seconds of one computePixels: per request, per megapixel and band; or
        # eecu_of(n, pixels, bands) with n counting computePixels answers from 1 (a cost that changes).
        self.eecu_model: tuple[float, float] = (0.05, 0.4)
        self.eecu_of: Callable[[int, int, int], float] | None = None
        self.send_profiles = True  # False: the profile header never comes back (a service that has none)
        self.profiles: dict[str, list[tuple]] = {}  # id -> [(description, EECU-s or None, peak bytes, count)]
        self.page_size = 2
        self.latency: tuple[float, float] | None = None  # (seconds per request, seconds per megapixel)
        # computePixels in flight at once per project; more get 429 RESOURCE_EXHAUSTED "Too many
        # concurrent aggregations." without Retry-After, the service's words for it (public trace
        # sepal-contrib/se.plan#102). Earth Engine's default is 40, legacy projects have 20
        # (guide "usage", concurrent interactive requests).
        self.concurrency_cap: int | None = None
        self.refused_for_concurrency = 0
        # Interactive requests must finish within 5 minutes, else 400 "Computation timed out."
        # (guide "processing_environments"). With a compute model (seconds per megapixel) a tile
        # that would take longer is refused at once (the live service answers after its 5 min).
        self.compute_s_per_mpx: float | None = None
        self.interactive_limit_s = 300.0
        self.log: list[tuple[str, str, dict]] = []
        self.operations: dict[str, dict] = {}
        self.tokens: set[str] = set()
        self.refuse_grants = False
        self._public_keys: dict[str, bytes] = {}
        self._in_flight = 0
        self.peak_in_flight = 0
        self.served = 0  # computePixels answered with pixels
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._templates: dict[tuple, bytes] = {}
        self._template_lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    # ----- lifecycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeEarthEngine:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out as written, no 40 ms ACK wait

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # many parallel clients, as the real front end takes

        self._httpd = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def go_offline(self) -> None:
        """The network disappears: open connections are dropped, new ones are refused."""
        self.stop()

    def stop(self) -> None:
        self._closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def calls(self, kind: str) -> list[dict]:
        return [body for method, path, body in self.log if kind in path]

    def inject(self, endpoint: str, *faults: Fault) -> None:
        assert endpoint in ENDPOINTS, endpoint
        with self._lock:
            self.faults[endpoint].extend(faults)

    # ----- credentials -------------------------------------------------------------------
    def service_account_key(self, path: Path, email: str = "sen12@test-project.iam.gserviceaccount.com") -> Path:
        """A new service-account key file whose ``token_uri`` is this fake's token endpoint."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        global _RSA_KEY
        if _RSA_KEY is None:  # one key per test session: generating one takes a while
            _RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key = _RSA_KEY
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
        self._public_keys[email] = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        path.write_text(json.dumps({
            "type": "service_account", "project_id": self.project, "private_key_id": "k1",
            "private_key": pem, "client_email": email, "client_id": "1",
            "token_uri": self.url + "/token"}))
        return path

    def revoke_tokens(self) -> None:
        """The sign-in is revoked: issued tokens stop working and no new one is granted."""
        self.tokens.clear()
        self.refuse_grants = True

    # ----- dispatch ----------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        if self._closing.is_set():  # stopped or offline: kept-alive connections die too
            return self._drop(handler)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        parts = urlsplit(handler.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/token":
            return self._guarded(handler, "token", lambda: self._token(handler, raw))
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            return self._error(handler, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        with self._lock:
            self.log.append((method, handler.path, body))
        if path.endswith("/$discovery/rest") or path == "/$discovery/rest":
            if query.get("version") != ["v1"]:  # the fake serves the production API only
                return self._error(handler, 404, "NOT_FOUND", f"No discovery document for {query.get('version')}")
            return self._json(handler, 200, self._discovery())
        match = re.fullmatch(r"/v1/projects/([^/:]+)/(.+)", path)
        if not match:
            return self._error(handler, 404, "NOT_FOUND", f"Method not found: {path}")
        auth = handler.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
            return self._error(handler, 401, "UNAUTHENTICATED",
                               "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                               "login cookie or other valid authentication credential.")
        rest = match.group(2)
        for project in (match.group(1), handler.headers.get("X-Goog-User-Project")):
            if project and project != self.project:
                state = self.other_projects.get(project, "missing")
                if state == "not_registered" and method == "GET" and rest == "config":
                    config = functools.partial(self._config, handler, project, "NOT_REGISTERED")
                    return self._guarded(handler, "config", config)
                return self._project_refused(handler, project, state)
        routes = [
            ("GET", r"config", "config", lambda: self._config(handler, self.project, self.registration)),
            ("GET", r"algorithms", "algorithms", lambda: self._raw(
                handler, 200, (_ee_tests_dir() / "algorithms.json").read_bytes(), "application/json")),
            ("POST", r"value:compute", "compute", lambda: self._compute_value(handler, body)),
            ("POST", r"image:computePixels", "pixels", lambda: self._compute_pixels(handler, body)),
            ("POST", r"maps", "maps", lambda: self._create_map(handler, body)),
            ("GET", r"maps/[^/]+/tiles/\d+/\d+/\d+", "tiles", lambda: self._raw(handler, 200, _png_bytes(), "image/png")),
            ("POST", r"image:export", "export", lambda: self._export(handler, body)),
            ("GET", r"operations", "operations", lambda: self._list_operations(handler, query)),
            ("GET", r"operations/[^/:]+", "operations", lambda: self._get_operation(handler, rest)),
        ]
        for verb, pattern, endpoint, answer in routes:
            if verb == method and re.fullmatch(pattern, rest):
                return self._guarded(handler, endpoint, answer)
        return self._error(handler, 404, "NOT_FOUND", f"Method not found: {method} {path}")

    def _guarded(self, handler, endpoint: str, answer: Callable[[], None]) -> None:
        """Answer, unless a fault is due for this endpoint."""
        with self._lock:
            queue = self.faults[endpoint]
            fault = queue.pop(0) if queue else self.fault_always.get(endpoint)
        if fault is None:
            try:
                return answer()
            except BadRequest as exc:
                return self._error(handler, 400, "INVALID_ARGUMENT", str(exc))
        if fault.kind == "drop":
            return self._drop(handler)
        if fault.kind == "stall":
            self._closing.wait(fault.seconds)
            return self._drop(handler)
        headers = {"Retry-After": str(int(fault.retry_after))} if fault.retry_after is not None else {}
        return self._error(handler, fault.code, fault.status, fault.message, headers)

    def _project_refused(self, handler, project: str, state: str) -> None:
        message, reason = PROJECT_REFUSALS[state]
        message = message.format(p=project)
        details = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                    "domain": "googleapis.com", "metadata": {"service": "earthengine.googleapis.com",
                                                             "consumer": f"projects/{project}"}}] if reason else None
        return self._error(handler, 403, "PERMISSION_DENIED", message, details=details)

    def _config(self, handler, project: str, state: str) -> None:
        """projects.getConfig: a ProjectConfig (REST reference), name and registrationState."""
        assert state in REGISTRATION_STATES + ("REGISTRATION_STATE_UNSPECIFIED",), state
        return self._json(handler, 200, {"name": f"projects/{project}/config", "registrationState": state})

    # ----- endpoints ---------------------------------------------------------------------
    def _token(self, handler, raw: bytes) -> None:
        """The OAuth token endpoint for the JWT-bearer grant (RFC 7523), as google-auth calls it."""
        from google.auth import jwt

        form = parse_qs(raw.decode())
        if self.refuse_grants:
            return self._json(handler, 400, {"error": "invalid_grant", "error_description": "Token has been revoked."})
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return self._json(handler, 400, {"error": "unsupported_grant_type"})
        try:
            assertion = form["assertion"][0]
            issuer = jwt.decode(assertion, verify=False)["iss"]
            # google-auth signs for Google's token endpoint whatever token_uri says
            # (google/oauth2/service_account.py, _make_authorization_grant_assertion).
            jwt.decode(assertion, certs=self._public_keys[issuer],
                       audience=["https://oauth2.googleapis.com/token", self.url + "/token"])
        except Exception:  # noqa: BLE001 - any bad assertion is an invalid grant
            return self._json(handler, 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        with self._lock:
            token = f"fake-token-{len(self.tokens) + 1}-{time.monotonic_ns()}"
            self.tokens.add(token)
        return self._json(handler, 200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    def _compute_value(self, handler, body: dict) -> None:
        schema.check(body, schema.COMPUTE_VALUE)
        if "expression" not in body:
            raise BadRequest("expression is required.")
        if _root_function(body["expression"]) == "Profile.getProfiles":
            return self._get_profiles(handler, body["expression"])
        evaluator = Evaluator(body["expression"], self.sources, True)
        _ = [evaluator.call("ImageCollection.load", {"id": {"constantValue": cid}}, {})
             for cid in _collection_ids(body["expression"])]  # an unknown collection fails here
        profile = self._profile(handler, body["expression"], self.eecu_model[0])
        return self._json(handler, 200, {"result": self.counts(body)}, profile)

    def _compute_pixels(self, handler, body: dict) -> None:
        arrived = time.monotonic()
        schema.check(body, schema.COMPUTE_PIXELS)
        if body.get("fileFormat") != "GEO_TIFF":
            raise BadRequest(f"fake Earth Engine serves fileFormat GEO_TIFF only, not {body.get('fileFormat')}")
        grid = body.get("grid") or {}
        for part in ("dimensions", "affineTransform", "crsCode"):
            if part not in grid:
                raise BadRequest(f"grid.{part} is required for a pinned grid.")
        w, h = grid["dimensions"].get("width", 0), grid["dimensions"].get("height", 0)
        if not (0 < w <= MAX_SIDE and 0 < h <= MAX_SIDE):
            raise BadRequest(f"Grid dimensions {w}x{h} must be within 1..{MAX_SIDE} pixels on each side.")
        image = Evaluator(body["expression"], self.sources, self.synthetic).run()
        bands = body.get("bandIds") or list(image.bands)
        unknown = [b for b in bands if b not in image.bands]
        if unknown:
            raise BadRequest(f"Band id(s) {', '.join(unknown)} not found; the image has {', '.join(image.bands)}.")
        size = w * h * len(bands) * (DTYPE_BYTES[image.dtype] + 1)
        if size > MAX_REQUEST_BYTES:
            raise BadRequest(f"Total request size ({size} bytes) must be less than or equal to {MAX_REQUEST_BYTES} bytes.")
        if self.too_large_over_px and w * h > self.too_large_over_px:
            raise BadRequest("User memory limit exceeded.")
        if self.compute_s_per_mpx is not None and self.compute_s_per_mpx * w * h / 1e6 > self.interactive_limit_s:
            raise BadRequest("Computation timed out.")
        if not self._enter():
            return self._error(handler, 429, "RESOURCE_EXHAUSTED", "Too many concurrent aggregations.")
        try:
            data = self._geotiff(image, grid, bands, w, h)
            if self.latency:  # the model is the whole answer time: the fake's own work counts in it
                model = self.latency[0] + self.latency[1] * w * h / 1e6
                self._closing.wait(max(0.0, model - (time.monotonic() - arrived)))
        finally:
            self._leave()
        with self._lock:
            self.served += 1
            served = self.served
        eecu = (self.eecu_of(served, w * h, len(bands)) if self.eecu_of is not None
                else self.eecu_model[0] + self.eecu_model[1] * w * h * len(bands) / 1e6)
        return self._raw(handler, 200, data, "image/tiff", self._profile(handler, body["expression"], eecu))

    def _enter(self) -> bool:
        with self._lock:
            if self.concurrency_cap is not None and self._in_flight >= self.concurrency_cap:
                self.refused_for_concurrency += 1
                return False
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
            return True

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _geotiff(self, image, grid: dict, bands: list, w: int, h: int) -> bytes:
        textured = image.sensor not in self.sources and self.textured
        # The QA (Cloud Score+ and provenance) follows evaluate.cloud_score_world in every mode,
        # the benchmark's too: a constant QA would leave the checks nothing to measure.
        qa = bool(image.qa) and set(bands) <= set(image.qa)
        if image.sensor not in self.sources and not textured and image.sensor not in LAND_COVER_BANDS and not qa:
            return self._synthetic_geotiff(image, grid, bands, w, h)
        dtype, tag, masked = self.encoding(image.dtype)
        data = render(image, grid, self.sources, bands, masked, texture=textured)
        return _encode(data.astype(dtype), grid, tag)

    def encoding(self, dtype: str) -> tuple:
        """The type a tile of ``dtype`` is served as, its no-data tag, and what masked pixels hold."""
        # The live service's tag always fits the tile's type (SERVICE_NODATA); a numeric tag a type
        # cannot hold (-9999 for uint16) is that type's service tag, not a tile the encoder cannot write.
        if self.nodata_tag == SERVICE_TAG or (self.nodata_tag is not None and not _fits(self.nodata_tag, dtype)):
            served, tag, masked = INT64_AS if dtype == "int64" else (dtype, SERVICE_NODATA[dtype], SERVICE_NODATA[dtype])
        else:
            served, tag, masked = dtype, self.nodata_tag, 0 if self.nodata_tag is None else self.nodata_tag
        return served, tag, masked if self.masked_fill is None else self.masked_fill

    def _synthetic_geotiff(self, image, grid: dict, bands: list, w: int, h: int) -> bytes:
        """A constant scene, every pixel valid (benchmark): encoded once per shape, then only the
        tie point (two little-endian doubles GDAL writes into ModelTiepointTag) is rewritten."""
        t = grid["affineTransform"]
        dtype, tag, _ = self.encoding(image.dtype)
        key = (tuple(bands), w, h, dtype, tag, grid["crsCode"], t["scaleX"], t["scaleY"])
        with self._template_lock:  # one thread encodes a shape, the others wait for it
            template = self._templates.get(key)
            if template is None:
                data = np.full((len(bands), h, w), 7, dtype=dtype)
                dummy = {**grid, "affineTransform": {**t, "translateX": _TIE_X, "translateY": _TIE_Y}}
                template = _encode(data, dummy, tag)
                assert template.count(struct.pack("<dd", _TIE_X, _TIE_Y)) == 1
                self._templates[key] = template
        return template.replace(struct.pack("<dd", _TIE_X, _TIE_Y), struct.pack("<dd", t["translateX"], t["translateY"]))

    def _create_map(self, handler, body: dict) -> None:
        schema.check(body, schema.EARTH_ENGINE_MAP)
        Evaluator(body["expression"], self.sources, True).run()
        return self._json(handler, 200, {"name": f"projects/{self.project}/maps/map{len(self.calls('/maps'))}"})

    def _export(self, handler, body: dict) -> None:
        schema.check(body, schema.EXPORT_IMAGE)
        Evaluator(body["expression"], self.sources, True).run()
        options = body.get("fileExportOptions") or {}
        if not (options.get("driveDestination") or options.get("cloudStorageDestination")):
            raise BadRequest("fileExportOptions needs a destination.")
        with self._lock:
            name = f"projects/{self.project}/operations/OP{len(self.operations) + 1}"
            op = {"name": name, "done": False, "metadata": {
                "@type": "type.googleapis.com/google.earthengine.v1.OperationMetadata",
                "state": "PENDING", "description": body.get("description", ""), "type": "EXPORT_IMAGE"},
                "_steps": ["PENDING", "RUNNING", self.export_outcome], "_body": body}
            self.operations[name] = op
        return self._json(handler, 200, _public(op))

    def _advance(self, op: dict) -> dict:
        steps = op["_steps"]
        index = min(steps.index(op["metadata"]["state"]) + 1, len(steps) - 1)
        op["metadata"]["state"] = steps[index]
        if index == len(steps) - 1:
            op["done"] = True
            self._report_batch_eecu(op)
            if steps[index] == "FAILED":
                op["error"] = {"code": 3, "message": "Export failed: the fake was told to fail it."}
        return _public(op)

    def _list_operations(self, handler, query: dict) -> None:
        size = min(int(query.get("pageSize", ["1000"])[0]), self.page_size)
        start = int(query.get("pageToken", ["0"])[0] or 0)
        with self._lock:
            names = sorted(self.operations, reverse=True)[start:start + size]
            page = {"operations": [self._advance(self.operations[n]) for n in names]}
        if start + size < len(self.operations):
            page["nextPageToken"] = str(start + size)
        return self._json(handler, 200, page)

    def _get_operation(self, handler, rest: str) -> None:
        name = f"projects/{self.project}/{rest}"
        if name not in self.operations:
            return self._error(handler, 404, "NOT_FOUND", f"Operation {name} not found.")
        with self._lock:
            return self._json(handler, 200, self._advance(self.operations[name]))

    # ----- computation profiles (see PROFILE_REQUEST_HEADER) ------------------------------
    def _profile(self, handler, expression: dict, eecu: float) -> dict:
        """The profile header of a successful answer, when the client asked for one."""
        if handler.headers.get(PROFILE_REQUEST_HEADER) != "1" or not self.send_profiles:
            return {}
        loads = [f"Loading assets: {cid}" for cid in _collection_ids(expression)] or ["Loading assets"]
        rows = [(d, 0.3 * eecu / len(loads), 350_000, 4) for d in loads]
        rows += [(f"Algorithm {_root_function(expression) or 'Image.load'}", 0.55 * eecu, 2_400_000, 16),
                 ("(plumbing)", 0.15 * eecu, 180_000, 120), ("Reprojecting pixels", None, 59_000, 12)]
        with self._lock:
            profile_id = f"fake-profile-{len(self.profiles) + 1}"
            self.profiles[profile_id] = rows
        return {PROFILE_RESPONSE_HEADER: profile_id}

    def _get_profiles(self, handler, expression: dict) -> None:
        args = expression["values"][expression["result"]]["functionInvocationValue"].get("arguments", {})
        ids = args.get("ids", {}).get("constantValue")
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise BadRequest("Profile.getProfiles: ids must be a non-empty list of profile IDs.")
        form = args.get("format", {}).get("constantValue", "text")
        if form != "text":  # the plugin reads the text ee.profilePrinting prints; the fake serves that only
            raise BadRequest(f"fake Earth Engine serves Profile.getProfiles format 'text' only, not {form!r}")
        with self._lock:
            unknown = [i for i in ids if i not in self.profiles]
            if unknown:
                raise BadRequest(f"Unknown profile ID(s): {', '.join(unknown)}")
            merged: dict[str, list] = {}
            for profile_id in ids:
                for description, eecu, peak, count in self.profiles[profile_id]:
                    entry = merged.setdefault(description, [None, 0, 0])
                    if eecu is not None:
                        entry[0] = (entry[0] or 0.0) + eecu
                    entry[1], entry[2] = max(entry[1], peak), entry[2] + count
        rows = sorted(merged.items(), key=lambda item: -(item[1][0] or 0.0))
        lines = [PROFILE_TABLE_HEADER] + [
            f"{'-' if eecu is None else f'{eecu:.3f}':>7} {_memory_text(peak):>7} {count:5d}  {description}"
            for description, (eecu, peak, count) in rows]
        return self._json(handler, 200, {"result": "\n".join(lines) + "\n"})

    def _report_batch_eecu(self, op: dict) -> None:
        """A finished export's compute: OperationMetadata.batchEecuUsageSeconds (REST reference,
        OperationMetadata; the client maps it to batch_eecu_usage_seconds in
        ee/_cloud_api_utils.py, convert_operation_to_task)."""
        if op["metadata"]["state"] == "SUCCEEDED":
            op["metadata"]["batchEecuUsageSeconds"] = self.export_eecu_seconds

    # ----- answers -----------------------------------------------------------------------
    def _discovery(self) -> dict:
        text = (_ee_tests_dir() / "cloud_api_discovery_document.json").read_text()
        doc = json.loads(text.replace("v1alpha", "v1"))
        # projects.getConfig as the live v1 discovery document has it (REST reference
        # v1/projects/getConfig; the shipped test document predates it).
        doc["resources"]["projects"].setdefault("methods", {})["getConfig"] = {
            "id": "earthengine.projects.getConfig", "path": "v1/{+name}", "flatPath": "v1/projects/{projectsId}/config",
            "httpMethod": "GET", "parameterOrder": ["name"], "response": {"$ref": "ProjectConfig"},
            "parameters": {"name": {"location": "path", "required": True, "type": "string",
                                    "pattern": "^projects/[^/]+/config$"}},
            "scopes": ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/earthengine"]}
        doc["schemas"]["ProjectConfig"] = {"id": "ProjectConfig", "type": "object", "properties": {
            "name": {"type": "string"}, "registrationState": {"type": "string", "enum": [
                "REGISTRATION_STATE_UNSPECIFIED", *REGISTRATION_STATES]},
            "maxConcurrentExports": {"type": "integer", "format": "int32"}}}
        doc["rootUrl"] = self.url + "/"
        doc["baseUrl"] = self.url + "/"
        return doc

    def _json(self, handler, status: int, payload, headers: dict | None = None) -> None:
        self._raw(handler, status, json.dumps(payload).encode(), "application/json", headers)

    def _error(self, handler, status: int, code: str, message: str, headers: dict | None = None,
               details: list | None = None) -> None:
        error = {"code": status, "message": message, "status": code, **({"details": details} if details else {})}
        self._json(handler, status, {"error": error}, headers)

    def _raw(self, handler, status: int, data: bytes, content_type: str, headers: dict | None = None) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                handler.send_header(key, value)
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (its deadline) or the fake is stopping

    @staticmethod
    def _drop(handler) -> None:
        handler.close_connection = True
        try:
            handler.connection.shutdown(2)
        except OSError:
            pass


_TIE_X, _TIE_Y = 123456.78125, 7654321.4375  # placeholders no real grid uses


def _encode(data: np.ndarray, grid: dict, nodata) -> bytes:
    import rasterio
    from rasterio.io import MemoryFile

    t = grid["affineTransform"]
    profile = dict(driver="GTiff", width=data.shape[2], height=data.shape[1], count=data.shape[0],
                   dtype=data.dtype.name, crs=grid["crsCode"], compress="deflate", nodata=nodata,
                   transform=rasterio.Affine(t["scaleX"], t.get("shearX", 0), t["translateX"],
                                             t.get("shearY", 0), t["scaleY"], t["translateY"]))
    with MemoryFile() as mem:
        with mem.open(**profile) as dst:
            dst.write(data)
        return mem.read()


def _public(op: dict) -> dict:
    return {k: v for k, v in op.items() if not k.startswith("_")}


def _root_function(expression: dict) -> str | None:
    """The name of the function an expression's result invokes (None for a constant)."""
    node = expression.get("values", {}).get(expression.get("result"), {})
    return (node.get("functionInvocationValue") or {}).get("functionName")


def _memory_text(peak: int) -> str:
    """Bytes as the profile table prints them: 352, 59k, 1.0M."""
    for size, suffix in ((10 ** 9, "G"), (10 ** 6, "M"), (10 ** 3, "k")):
        if peak >= size:
            return f"{peak / size:.1f}{suffix}" if peak < 10 * size else f"{peak // size}{suffix}"
    return str(peak)


def _collection_ids(expression: dict) -> list:
    """The ids of every ``ImageCollection.load`` in an expression."""
    ids = []

    def walk(node):
        if isinstance(node, dict):
            call = node.get("functionInvocationValue")
            if call and call.get("functionName") == "ImageCollection.load":
                ids.append(call["arguments"]["id"].get("constantValue"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(expression)
    return ids


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((256, 256, 3), 128, dtype=np.uint8)).save(buf, format="PNG")
    return buf.getvalue()
