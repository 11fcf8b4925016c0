from __future__ import annotations

import pytest

from tests.slack.harness import RunningBot, settings_for


@pytest.fixture(scope="session")
def shipped_answerer():
    """An answerer from what the repository ships (no CMS import): runs everywhere."""
    from intents.answer import build_answerer
    from intents.storage import open_engine

    return build_answerer(open_engine("sqlite://"))


@pytest.fixture
def run_bot(tmp_path, slack_api):
    """Start the real app over HTTP: run_bot(answerer, **env) -> RunningBot (stopped after the test)."""
    from intents.storage import open_engine

    running = []

    def start(answerer, database_url: str | None = None, **env):
        settings = settings_for(tmp_path, slack_api, database_url, **env)
        bot = RunningBot(settings, answerer, open_engine(settings.database_url))
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.stop()
