"""What a failed Slack call means for a tip: wait and retry, retry but look first, or stop for the day."""
from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

RATE_LIMITED = "rate_limited"  # Slack did not act on the call; try again after Retry-After
UNCERTAIN = "uncertain"  # 5xx, timeout, lost connection: the call may or may not have taken effect
REFUSED = "refused"  # Slack answered with an error: nothing happened, and retrying today won't help

DEFAULT_RETRY_SECONDS = 60
MAX_BACKOFF_SECONDS = 30 * 60
SLACK_SERVER_ERRORS = frozenset({"internal_error", "fatal_error", "service_unavailable", "request_timeout"})


@dataclass(frozen=True)
class Failure:
    kind: str
    error: str  # Slack's error code, or the exception's class name
    retry_after: int = 0  # seconds
    needed_scope: str = ""


def classify(exc: Exception, attempts: int = 1) -> Failure:
    if not isinstance(exc, SlackApiError):
        return Failure(UNCERTAIN, exc.__class__.__name__, backoff(attempts))
    response = exc.response
    status = getattr(response, "status_code", 200)
    data = response.data if isinstance(getattr(response, "data", None), dict) else {}
    error = str(data.get("error") or f"http_{status}")
    if status == 429 or error == "ratelimited":
        return Failure(RATE_LIMITED, error, _retry_after(getattr(response, "headers", None) or {}))
    if status >= 500 or error in SLACK_SERVER_ERRORS:
        return Failure(UNCERTAIN, error, backoff(attempts))
    return Failure(REFUSED, error, needed_scope=str(data.get("needed") or ""))


def backoff(attempts: int) -> int:
    """1, 2, 4 ... minutes between uncertain attempts, at most half an hour."""
    return min(DEFAULT_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def _retry_after(headers: dict) -> int:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            value = value[0] if isinstance(value, list) else value
            try:
                return max(int(float(value)), 1)
            except (TypeError, ValueError):
                break
    return DEFAULT_RETRY_SECONDS


def error_of(exc: Exception) -> str:
    if isinstance(exc, SlackApiError) and isinstance(getattr(exc.response, "data", None), dict):
        return str(exc.response.data.get("error") or "")
    return ""
