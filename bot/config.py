"""Every environment variable the bot reads, read in this one place."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    slack_scopes: tuple[str, ...] = ()
    slack_redirect_uri: str = ""
    port: int = 3000
    host: str = "0.0.0.0"
    log_level: str = "INFO"
    tips_interval_seconds: int = 60
    release: str = ""  # pin answers to one release (empty: newest for each code)


DEFAULT_SCOPES = ("app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write",
                  "channels:read", "groups:read", "channels:history", "groups:history", "pins:write", "users:read", "team:read")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    data_dir = Path(env.get("RVUBOT_DATA") or user_data_dir("rvubot", appauthor=False)).expanduser()
    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'rvubot.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url.removeprefix("postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    api_url = env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not api_url.endswith("/"):
        api_url += "/"
    scopes = tuple(s.strip() for s in env.get("SLACK_SCOPES", "").split(",") if s.strip()) or DEFAULT_SCOPES
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        slack_app_token=env.get("SLACK_APP_TOKEN", ""),
        slack_client_id=env.get("SLACK_CLIENT_ID", ""),
        slack_client_secret=env.get("SLACK_CLIENT_SECRET", ""),
        slack_api_url=api_url,
        slack_scopes=scopes,
        slack_redirect_uri=env.get("SLACK_REDIRECT_URI", ""),
        port=int(env.get("PORT") or 3000),
        host=env.get("HOST") or "0.0.0.0",
        log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        tips_interval_seconds=int(env.get("RVUBOT_TIPS_INTERVAL") or 60),
        release=env.get("RVUBOT_RELEASE", ""),
    )
