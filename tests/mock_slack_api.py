"""A local stand-in for the Slack Web API: an HTTP server on 127.0.0.1 that records every call.

Point the bot at it with SLACK_API_URL=<server.url>/api/. Every request is recorded with its
method name (e.g. "chat.postMessage"), parsed body and headers. Responses default to a
plausible {"ok": true, ...}; a test can queue its own (status, headers, body) per method, e.g.
a 429 with Retry-After before a success. Requests to /response/<anything> stand in for Slack's
response_url and are recorded under the method name "response_url".
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Call:
    method: str
    body: dict
    headers: dict
    path: str
    at: float = field(default_factory=time.time)


class MockSlackApi:
    def __init__(self):
        self.calls: list[Call] = []
        self._queued: dict[str, list[tuple[int, dict, dict]]] = {}
        self._lock = threading.Lock()
        self._counter = 0
        handler = self._handler_class()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> "MockSlackApi":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "hook") -> str:
        return f"{self.url}/response/{name}"

    # -- test helpers --------------------------------------------------------------------
    def queue(self, method: str, body: dict, status: int = 200, headers: dict | None = None) -> None:
        """The next call to `method` gets this response (then the default again)."""
        with self._lock:
            self._queued.setdefault(method, []).append((status, headers or {}, body))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        return self.calls_to(method)

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._queued.clear()

    # -- default answers -----------------------------------------------------------------
    def _default(self, method: str, body: dict) -> dict:
        self._counter += 1
        ts = f"{int(time.time())}.{self._counter:06d}"
        if method == "auth.test":
            return {"ok": True, "url": "https://example.slack.com/", "team": "Example", "user": "rvubot",
                    "team_id": "T0001", "user_id": "U0BOT", "bot_id": "B0BOT"}
        if method in ("chat.postMessage", "chat.postEphemeral"):
            return {"ok": True, "channel": body.get("channel"), "ts": ts,
                    "message": {"text": body.get("text"), "ts": ts, "bot_id": "B0BOT"}}
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method == "oauth.v2.access":
            return {"ok": True, "app_id": "A0001", "authed_user": {"id": "U0INSTALLER"},
                    "scope": "chat:write,commands", "token_type": "bot", "access_token": "xoxb-installed-token",
                    "bot_user_id": "U0BOT", "team": {"id": "T0INSTALL", "name": "Installed Team"},
                    "enterprise": None, "is_enterprise_install": False}
        if method == "team.info":
            return {"ok": True, "team": {"id": "T0001", "name": "Example"}}
        if method == "users.info":
            return {"ok": True, "user": {"id": body.get("user"), "tz": "America/New_York", "tz_offset": -18000}}
        return {"ok": True}

    def _handler_class(self):
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args):  # keep test output clean
                pass

            def _read_body(self) -> dict:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    try:
                        return json.loads(raw or "{}")
                    except json.JSONDecodeError:
                        return {"_raw": raw}
                parsed = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(raw).items()}
                for key in ("blocks", "attachments", "view"):
                    if isinstance(parsed.get(key), str):
                        try:
                            parsed[key] = json.loads(parsed[key])
                        except json.JSONDecodeError:
                            pass
                return parsed

            def _handle(self):
                path = urlparse(self.path).path
                body = self._read_body() if self.command == "POST" else {
                    k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                if path.startswith("/response/"):
                    method = "response_url"
                else:
                    method = path.rsplit("/", 1)[-1]
                with mock._lock:
                    mock.calls.append(Call(method, body, dict(self.headers), path))
                    queued = mock._queued.get(method)
                    response = queued.pop(0) if queued else None
                if response is None:
                    response = (200, {}, mock._default(method, body))
                status, headers, payload = response
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for key, value in headers.items():
                    self.send_header(key, str(value))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_GET = _handle

        return Handler
