"""One retry policy and one error classifier for every Earth Engine call.

The client turns an HTTP error into ``EEException(message)`` raised inside the handler of the
``googleapiclient.errors.HttpError`` (ee/data.py, ``_execute_cloud_call`` and
``_translate_cloud_exception``), so the HTTP status, the error body
``{"error": {"code", "message", "status"}}`` and the ``Retry-After`` header are still reachable
through ``__context__``. Errors are classified by those first and by their text last.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..errors import Cancelled, Sen12Error
from ..i18n import _

T = TypeVar("T")

# Longest silence a request may have before it counts as stalled (ee.data.setDeadline). Earth
# Engine ends interactive computations itself after five minutes ("Computation timed out.",
# guide "processing_environments"), so a deadline must be shorter to be of use.
DEFAULT_DEADLINE_S = 180.0
SERVICE_LIMIT_S = 300.0


class TransportError(Sen12Error):
    """An Earth Engine call failed for good; the message says why and what to do."""


class RetryableError(TransportError):
    """Worth another try later (429, 5xx, network, a stalled request)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QuotaError(RetryableError):
    """The project's quota or rate limit: wait, do not split, do not sign in again."""


class DeadlineError(RetryableError):
    """No answer within the request deadline: a slow computation rather than a lost answer is
    likely, so the transport asks for smaller tiles instead of the same one again."""


class TooLargeError(TransportError):
    """The request asked too much at once (memory, computation time): split it."""


class AuthError(TransportError):
    """The sign-in or the project was refused."""


@dataclass
class RetryPolicy:
    """Full-jitter exponential backoff, about a minute in all, honouring Retry-After."""

    max_attempts: int = 10
    base_delay: float = 1.0
    max_delay: float = 30.0
    budget: float = 60.0  # seconds of waiting, summed over the retries of one call

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """The wait before try ``attempt + 1`` (attempt counts from 1)."""
        jitter = random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))
        if retry_after is not None:  # the service said when: no earlier, a little jitter after
            return retry_after + random.uniform(0, min(self.base_delay, retry_after or self.base_delay))
        return jitter


@dataclass(frozen=True)
class ServiceAnswer:
    """What an HTTP error carried: status code, the error body's status and message, Retry-After."""

    code: int | None
    status: str
    message: str
    retry_after: float | None
    reason: str = ""  # the ErrorInfo reason in the body's details (SERVICE_DISABLED, CONSUMER_INVALID, ...)


def _http_error(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if hasattr(exc, "resp") and hasattr(exc, "content"):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def service_answer(exc: BaseException) -> ServiceAnswer:
    http = _http_error(exc)
    if http is None:
        return ServiceAnswer(None, "", str(exc), None)
    code = int(getattr(http.resp, "status", 0) or 0) or None
    status, message, reason = "", str(exc), ""
    try:
        body = json.loads(http.content.decode("utf-8"))["error"]
        status, message = str(body.get("status", "")), str(body.get("message", message))
        reason = next((str(d.get("reason", "")) for d in body.get("details") or []
                       if isinstance(d, dict) and str(d.get("@type", "")).endswith("google.rpc.ErrorInfo")), "")
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    retry_after = None
    try:
        retry_after = max(0.0, float(http.resp.get("retry-after")))
    except (TypeError, ValueError, AttributeError):
        pass
    return ServiceAnswer(code, status, message, retry_after, reason)


_NETWORK_TYPES = ("ServerNotFoundError", "RelativeURIError", "HttpLib2Error", "RemoteDisconnected",
                  "ConnectionError", "ReadTimeout", "ConnectTimeout", "IncompleteRead", "ProtocolError")


def _is_network(exc: BaseException) -> bool:
    return isinstance(exc, (OSError, ConnectionError, TimeoutError)) or type(exc).__name__ in _NETWORK_TYPES


def _split_text(low: str) -> bool:
    return ("memory limit" in low or "computation timed out" in low
            or "total request size" in low or "too many pixels" in low)


def classify(exc: BaseException) -> TransportError:
    """A retryable, quota, split, auth or final error, with a sentence the user can act on."""
    if isinstance(exc, TransportError):
        return exc
    answer = service_answer(exc)
    code, status, text = answer.code, answer.status.upper(), answer.message
    low = text.lower()
    if code == 401 or status == "UNAUTHENTICATED":
        return AuthError(_("Earth Engine no longer accepts the sign-in ({text}). Sign in again.").format(
                             text=text))
    quota = (code == 429 or status == "RESOURCE_EXHAUSTED" or "quota" in low or "rate limit" in low
             or "too many concurrent" in low or "too many requests" in low)
    if quota and "memory limit" not in low:
        if any(w in low for w in ("per day", "per month", "daily", "monthly")):  # will not clear in a minute
            return TransportError(
                _("Earth Engine's quota for the project is used up for now ({text}). Retrying would only be "
                  "refused again: run again when the quota resets (or with a higher tier); finished work is "
                  "kept.").format(text=text))
        return QuotaError(_("Earth Engine quota or rate limit: {text}").format(text=text), answer.retry_after)
    if code == 403 or status == "PERMISSION_DENIED":
        return AuthError(
            _("Earth Engine refused the project ({text}). Check that the Cloud project is registered for Earth "
              "Engine and that your account or service account may use it.").format(text=text))
    if _split_text(low):  # the transport splits the tile; anywhere else this is the sentence shown
        return TooLargeError(_("Earth Engine could not finish the computation ({text}). Smaller requests may "
                               "work: a smaller ROI, or batch export.").format(text=text))
    if "payload size" in low or "request payload" in low:
        return TransportError(
            _("Earth Engine refused the request as too big to send ({text}); use a smaller ROI or batch export.").format(
                text=text))
    if code is not None and (code >= 500 or code == 408) or status in ("INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED"):
        return RetryableError(_("Earth Engine answered {code} {status}: {text}").format(
                                  code=code, status=status, text=text).strip(), answer.retry_after)
    if code == 404 or status == "NOT_FOUND" or "not found" in low or "does not exist" in low:
        return TransportError(_("Earth Engine does not know the requested data: {text}").format(text=text))
    if code is not None:
        return TransportError(_("Earth Engine could not compute the request: {text}").format(text=text))
    if type(exc).__module__.startswith("google.auth"):  # the token endpoint (google-auth's own errors)
        if getattr(exc, "retryable", False) or type(exc).__name__ == "TransportError":
            return RetryableError(_("the sign-in service did not answer: {text}").format(text=text))
        return AuthError(_("Earth Engine no longer accepts the sign-in ({text}). Sign in again.").format(
                             text=text))
    if _is_network(exc):  # no HTTP answer at all: network gone, dropped, or no answer in time
        if "timeout" in type(exc).__name__.lower() or "timed out" in low:
            return DeadlineError(_("no answer within the deadline: {value}").format(
                                     value=text or type(exc).__name__))
        return RetryableError(_("network error: {text}").format(text=text or type(exc).__name__))
    if any(w in low for w in ("internal error", "unavailable", "backend error", "try again", "deadline")):
        return RetryableError(text)
    if any(w in low for w in ("unauthenticated", "invalid authentication", "invalid_grant")):
        return AuthError(_("Earth Engine no longer accepts the sign-in ({text}). Sign in again.").format(
                             text=text))
    if any(w in low for w in ("permission_denied", "not registered", "caller does not have")):
        return AuthError(_("Earth Engine refused the project ({text}). Check that it is registered for Earth "
                           "Engine.").format(text=text))
    return TransportError(_("Earth Engine could not compute the request: {text}").format(text=text))


def wait(seconds: float, cancelled: Callable[[], bool] | None) -> None:
    """Sleep, waking every 50 ms to honour ``cancelled``."""
    end = time.monotonic() + seconds
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled(_("Cancelled while waiting to retry Earth Engine."))
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(0.05, left))


def gave_up(attempts: int, error: TransportError) -> TransportError:
    if isinstance(error, QuotaError):
        return QuotaError(
            _("Earth Engine kept refusing for quota after {attempts} tries ({error}). Wait a while or lower "
              "the number of parallel requests, then run again; finished work is kept.").format(
                attempts=attempts, error=error))
    return TransportError(
        _("Earth Engine kept failing after {attempts} tries ({error}). Run again later; finished work is kept "
          "and a re-run continues.").format(attempts=attempts, error=error))


def call(fn: Callable[[], T], policy: RetryPolicy | None = None,
         cancelled: Callable[[], bool] | None = None) -> T:
    """``fn()`` with the retry policy: retry 429/5xx/network, raise anything else classified."""
    policy = policy or RetryPolicy()
    waited = 0.0
    for attempt in range(1, policy.max_attempts + 1):
        if cancelled is not None and cancelled():
            raise Cancelled("Cancelled.")
        try:
            return fn()
        except (Sen12Error, Cancelled) as exc:
            if not isinstance(exc, RetryableError):
                raise
            error: TransportError = exc
        except Exception as exc:  # noqa: BLE001 - classified right here
            error = classify(exc)
            if not isinstance(error, RetryableError):
                raise error from exc
        pause = policy.delay(attempt, error.retry_after)
        if attempt == policy.max_attempts or waited + pause > policy.budget:
            raise gave_up(attempt, error)
        wait(pause, cancelled)
        waited += pause
    raise AssertionError("unreachable")

