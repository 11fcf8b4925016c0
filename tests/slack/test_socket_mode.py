"""Socket Mode end to end: a local WebSocket server plays Slack's side of the connection."""
from __future__ import annotations

import json
import queue
import threading

import pytest

from tests.slack.harness import BOT_USER, eventually, settings_for

websockets_server = pytest.importorskip("websockets.sync.server", reason="websockets (test extra) not installed")


class FakeSocketModeServer:
    """Accepts the bot's connection, sends the envelopes a test gives it, collects the acks."""

    def __init__(self):
        self.outgoing: queue.Queue = queue.Queue()
        self.acks: list[dict] = []
        self.server = websockets_server.serve(self._handle, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link"

    def _handle(self, connection):
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A0001"}}))
        while True:
            try:
                envelope = self.outgoing.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:
                return
            self.acks.append(json.loads(message))

    def stop(self):
        self.server.shutdown()


def mention_envelope(envelope_id: str, event_id: str, ts: str, retry: int = 0) -> dict:
    return {"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": retry, "retry_reason": "timeout" if retry else "",
            "payload": {"type": "event_callback", "team_id": "T0001", "api_app_id": "A0001", "event_id": event_id,
                        "event_time": 1700000000,
                        "event": {"type": "app_mention", "user": "U0ALICE", "text": f"<@{BOT_USER}> rvu 99213",
                                  "channel": "C0CHAN", "ts": ts}}}


def test_socket_mode_answers_acks_and_skips_retries(tmp_path, slack_api, answerer_25d):
    from bot.app import build_app
    from bot.server import _run_socket_mode
    from intents.storage import open_engine

    fake = FakeSocketModeServer()
    for _ in range(3):  # reconnects, if any, get the same place
        slack_api.queue("apps.connections.open", {"ok": True, "url": fake.url})
    settings = settings_for(tmp_path, slack_api, SLACK_APP_TOKEN="xapp-1-test", SLACK_SIGNING_SECRET="")
    app = build_app(settings, answerer_25d, open_engine(settings.database_url))
    stop = threading.Event()
    runner = threading.Thread(target=_run_socket_mode, args=(app, settings, stop), daemon=True)
    runner.start()
    try:
        fake.outgoing.put(mention_envelope("env-1", "EvSocket1", "1700000000.000100"))
        [post] = slack_api.wait_for("chat.postMessage", timeout=10)
        assert post.body["thread_ts"] == "1700000000.000100" and "99213" in post.body["text"]
        assert eventually(lambda: any(a.get("envelope_id") == "env-1" for a in fake.acks))
        # Slack's retry of the same event:
        fake.outgoing.put(mention_envelope("env-2", "EvSocket1", "1700000000.000100", retry=1))
        assert eventually(lambda: any(a.get("envelope_id") == "env-2" for a in fake.acks))
        fake.outgoing.put(mention_envelope("env-3", "EvSocket2", "1700000000.000300"))
        posts = slack_api.wait_for("chat.postMessage", 2, timeout=10)
        # The retry (sent before env-3) got no answer of its own.
        assert [p.body["thread_ts"] for p in posts] == ["1700000000.000100", "1700000000.000300"]
    finally:
        stop.set()
        runner.join(timeout=10)
        fake.stop()
    assert not runner.is_alive()
