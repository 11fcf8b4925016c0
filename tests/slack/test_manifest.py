"""manifest.yml creates the app the code expects: scopes, events, /rvu, interactivity."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.config import DEFAULT_SCOPES

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def test_scopes_cover_what_the_bot_asks_for_at_install():
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert set(DEFAULT_SCOPES) <= scopes
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= scopes


def test_events_match_the_listeners():
    settings = manifest()["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked"} <= events
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith("/slack/events")


def test_slash_command_and_home_tab():
    features = manifest()["features"]
    [command] = features["slash_commands"]
    assert command["command"] == "/rvu" and command["url"].endswith("/slack/events")
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert all(u.endswith("/slack/oauth_redirect") for u in manifest()["oauth_config"]["redirect_urls"])


def test_the_registered_listeners_are_the_ones_the_manifest_subscribes_to(tmp_path):
    from bot.listeners import register_listeners

    class Recorder:
        def __init__(self):
            self.events, self.commands, self.actions = [], [], []

        def use(self, _mw):
            pass

        def event(self, name):
            self.events.append(name)
            return lambda f: f

        def command(self, name):
            self.commands.append(name)
            return lambda f: f

        def action(self, name):
            self.actions.append(name)
            return lambda f: f

    app = Recorder()
    register_listeners(app)
    subscribed = {e.split(".")[0] for e in manifest()["settings"]["event_subscriptions"]["bot_events"]}
    assert set(app.events) <= subscribed
    assert app.commands == ["/rvu"]
