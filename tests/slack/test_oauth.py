"""Multi-workspace install: the OAuth flow against the mock, installations stored in SQLite and PostgreSQL."""
from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from sqlalchemy import create_engine, text

from bot.store import bot_token_for
from tests.slack.harness import eventually

OAUTH_ENV = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "oauth-client-secret", "SLACK_BOT_TOKEN": ""}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'oauth.db'}"
    return request.getfixturevalue("pg_url")


def install(bot, slack_api) -> None:
    page = bot.request("GET", "/slack/install")
    assert page.status == 200
    cookie = SimpleCookie(page.headers.get("set-cookie") or page.headers.get("Set-Cookie"))
    state = cookie["slack-app-oauth-state"].value
    link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page.text).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["client_id"] == ["111.222"] and query["state"] == [state]
    assert "chat:write" in query["scope"][0] and "commands" in query["scope"][0]
    done = bot.request("GET", "/slack/oauth_redirect?" + urlencode({"code": "code-from-slack", "state": state}),
                       headers={"Cookie": f"slack-app-oauth-state={state}"})
    assert done.status == 200, done.text
    [exchange] = slack_api.calls_to("oauth.v2.access")
    assert exchange.body["code"] == "code-from-slack"


def test_oauth_install_stores_the_installation_and_uses_its_token(run_bot, slack_api, shipped_answerer, database_url):
    bot = run_bot(shipped_answerer, database_url=database_url, **OAUTH_ENV)
    install(bot, slack_api)

    # The installation is in the database, readable by a fresh connection.
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT team_id, bot_token FROM slack_bots")).all()
    assert [tuple(r) for r in rows] == [("T0INSTALL", "xoxb-installed-token")]
    assert bot_token_for(bot.settings, engine, "T0INSTALL") == "xoxb-installed-token"
    engine.dispose()

    # Events from that workspace are answered with its own token.
    assert bot.mention("help", team_id="T0INSTALL").status == 200
    [post] = slack_api.wait_for("chat.postMessage")
    assert post.headers.get("Authorization") == "Bearer xoxb-installed-token"


def test_oauth_redirect_with_a_forged_state_installs_nothing(run_bot, slack_api, shipped_answerer, database_url):
    bot = run_bot(shipped_answerer, database_url=database_url, **OAUTH_ENV)
    bot.request("GET", "/slack/install")
    reply = bot.request("GET", "/slack/oauth_redirect?code=x&state=forged",
                        headers={"Cookie": "slack-app-oauth-state=forged"})
    assert 400 <= reply.status < 500
    assert not slack_api.calls_to("oauth.v2.access")
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM slack_bots")).scalar() == 0
    engine.dispose()


def test_uninstall_forgets_the_workspace(run_bot, slack_api, shipped_answerer, tmp_path):
    url = f"sqlite:///{tmp_path / 'uninstall.db'}"
    bot = run_bot(shipped_answerer, database_url=url, **OAUTH_ENV)
    install(bot, slack_api)
    assert bot.event({"type": "app_uninstalled", "event_ts": "1700000000.1"}, team_id="T0INSTALL").status == 200
    engine = create_engine(url)

    def bots() -> int:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM slack_bots")).scalar()

    assert eventually(lambda: bots() == 0)  # the listener runs after the ack
    engine.dispose()
