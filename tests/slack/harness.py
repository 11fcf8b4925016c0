"""Drive the real Slack app over HTTP, with requests signed exactly as Slack signs them.

The app is the one `rvubot serve` builds (bot.app.build_app + bot.server.http_server: Bolt's
ASGI adapter under uvicorn), listening on 127.0.0.1 on a free port in a background thread, with
SLACK_API_URL pointing at the recording mock Slack Web API.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from bot.app import build_app
from bot.config import load_settings
from bot.server import http_server

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM = "T0001"
BOT_USER = "U0BOT"
_ids = itertools.count(1)


def sign(body: bytes | str, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret."""
    raw = body.encode() if isinstance(body, str) else body
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def settings_for(tmp_path, slack_api, database_url: str | None = None, **env) -> object:
    values = {
        "RVUBOT_DATA": str(tmp_path),
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'bot.db'}",
        "SLACK_API_URL": slack_api.api_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
    }
    values.update(env)
    return load_settings({k: v for k, v in values.items() if v is not None})


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class RunningBot:
    def __init__(self, settings, answerer, engine):
        self.settings = settings
        self.app = build_app(settings, answerer, engine)
        self.server = http_server(self.app, settings, host="127.0.0.1", port=0)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the bot's HTTP server did not start")
            time.sleep(0.01)
        self.port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    # -- raw HTTP ---------------------------------------------------------------------------
    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return Reply(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, dict(err.headers), err.read())

    def post_signed(self, body: str, content_type: str, extra: dict | None = None, **sign_args) -> Reply:
        headers = {"Content-Type": content_type, **sign(body, **sign_args), **(extra or {})}
        return self.request("POST", "/slack/events", body.encode(), headers)

    # -- what Slack sends -------------------------------------------------------------------
    def event(self, event: dict, event_id: str | None = None, team_id: str = TEAM, retry: int | None = None,
              **sign_args) -> Reply:
        body = json.dumps({
            "token": "legacy", "team_id": team_id, "api_app_id": "A0001", "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": team_id, "user_id": BOT_USER, "is_bot": True,
                                "is_enterprise_install": False}],
        })
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post_signed(body, "application/json", extra, **sign_args)

    def mention(self, text: str, channel: str = "C0CHAN", user: str = "U0ALICE", ts: str | None = None, **kw) -> Reply:
        ts = ts or f"{int(time.time())}.{next(_ids):06d}"
        return self.event({"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts,
                           "channel": channel, "event_ts": ts}, **kw)

    def slash(self, text: str, response_url: str, channel: str = "C0CHAN", user: str = "U0ALICE",
              team_id: str = TEAM, **sign_args) -> Reply:
        body = urlencode({
            "token": "legacy", "team_id": team_id, "team_domain": "example", "channel_id": channel,
            "channel_name": "general", "user_id": user, "user_name": "alice", "command": "/rvu", "text": text,
            "api_app_id": "A0001", "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": "123.456.abc",
        })
        return self.post_signed(body, "application/x-www-form-urlencoded", **sign_args)

    def action(self, action: dict, response_url: str, channel: str = "C0CHAN", user: str = "U0ALICE",
               ephemeral: bool = True, team_id: str = TEAM) -> Reply:
        payload = {
            "type": "block_actions", "team": {"id": team_id, "domain": "example"},
            "user": {"id": user, "username": "alice", "team_id": team_id}, "api_app_id": "A0001",
            "token": "legacy", "trigger_id": "123.456.abc", "response_url": response_url,
            "container": {"type": "message", "message_ts": "1700000000.000100", "channel_id": channel,
                          "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "general"}, "actions": [{"block_id": "b1", "action_ts": "1", **action}],
        }
        return self.post_signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def find_action(blocks: list[dict], action_id: str) -> dict | None:
    for block in blocks or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element
    return None


def all_text(body: dict) -> str:
    """Everything a message would show, as one string: the text fallback and every text object
    of its blocks (button values and action ids are not shown to anyone, so they are left out)."""
    shown: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    shown.append(value)
                elif key not in ("value", "action_id", "block_id"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({"text": body.get("text"), "blocks": body.get("blocks")})
    return "\n".join(shown)


def with_env(settings, **changes):
    return replace(settings, **changes)


def eventually(check, timeout: float = 5.0, interval: float = 0.02):
    """Poll `check` until it returns something truthy (work that runs after Slack's ack)."""
    deadline = time.time() + timeout
    while True:
        result = check()
        if result or time.time() > deadline:
            return result
        time.sleep(interval)
