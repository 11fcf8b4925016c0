"""The Web API client every listener uses: our API base URL, and patience with rate limits."""
from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from bot.config import Settings

RATE_LIMIT_RETRIES = 3  # each waits for Slack's Retry-After
TIMEOUT_SECONDS = 15


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    return WebClient(
        token=token or None,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
                        ConnectionErrorRetryHandler(max_retry_count=1)],
    )
