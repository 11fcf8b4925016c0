"""Fixtures for the tips tests: a database (SQLite file, or a PostgreSQL schema), the mock Slack
Web API, and a controlled clock (every run names its instant)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from slack_sdk import WebClient

from bot.config import Settings, load_settings
from bot.tips.api import handle_tips_command
from bot.tips.runner import Outcome, run_due
from intents.answer import Answerer, build_answerer
from intents.storage import open_engine
from tests.mock_slack_api import MockSlackApi


class Crash(BaseException):
    """Stands in for the process dying: no `except Exception` in the bot catches it."""


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass
class TipsEnv:
    settings: Settings
    engine: object
    api: object  # tests.mock_slack_api.MockSlackApi
    answerer: Answerer
    backend: str

    def client(self) -> WebClient:
        return WebClient(token=self.settings.slack_bot_token, base_url=self.settings.slack_api_url)

    def command(self, text: str, channel: str = "C1", user: str = "U1", team: str = "T1") -> str:
        return handle_tips_command(self.settings, self.engine, self.client(), team, channel, user, text)

    def run(self, instant: str, **options) -> list[Outcome]:
        return run_due(self.settings, self.engine, at(instant), answerer=self.answerer, **options)

    def tips_posted(self, channel: str | None = None) -> list:
        """chat.postMessage calls that carried a tip (not the notes to people)."""
        return [c for c in self.api.calls_to("chat.postMessage")
                if (c.body.get("metadata") or {}).get("event_type") == "rvubot_tip"
                and (channel is None or c.body.get("channel") == channel)]

    def notes_to(self, user: str) -> list:
        return [c for c in self.api.calls_to("chat.postMessage") if c.body.get("channel") == user]


def settings_for(url: str, api_url: str, data_dir) -> Settings:
    return load_settings({"DATABASE_URL": url, "SLACK_API_URL": api_url, "SLACK_BOT_TOKEN": "xoxb-test",
                          "RVUBOT_DATA": str(data_dir)})


@pytest.fixture(scope="session")
def _session_slack_api():
    server = MockSlackApi().start()
    yield server
    server.stop()


@pytest.fixture
def slack_api(_session_slack_api):
    """The shared mock Slack Web API, one server for the session (stopping one takes half a
    second), emptied of calls and queued answers before each test."""
    _session_slack_api.reset()
    yield _session_slack_api
    _session_slack_api.reset()


@pytest.fixture(scope="session")
def shipped_answerer() -> Answerer:
    """Answers from the shipped facts and curated knowledge (no import needed)."""
    return build_answerer(None)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tips.db'}"
    return request.getfixturevalue("pg_url")


def _env(url, slack_api, shipped_answerer, tmp_path) -> TipsEnv:
    settings = settings_for(url, slack_api.api_url, tmp_path / "data")
    engine = open_engine(settings.database_url)
    return TipsEnv(settings, engine, slack_api, shipped_answerer, engine.dialect.name)


@pytest.fixture
def tips(db_url, slack_api, shipped_answerer, tmp_path):
    """On SQLite and on PostgreSQL (when RVUBOT_TEST_POSTGRES_URL is set)."""
    env = _env(db_url, slack_api, shipped_answerer, tmp_path)
    yield env
    env.engine.dispose()


@pytest.fixture
def tips_sqlite(slack_api, shipped_answerer, tmp_path):
    env = _env(f"sqlite:///{tmp_path / 'tips.db'}", slack_api, shipped_answerer, tmp_path)
    yield env
    env.engine.dispose()
