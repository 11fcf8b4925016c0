"""`rvubot serve` as an operator runs it: a real process, stopped with SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.slack.harness import BOT_USER, SECRET, eventually, sign

ROOT = Path(__file__).resolve().parents[2]
SECRET_QUESTION = "what is 96406 for patient Jane Roe born 1950-01-02"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(tmp_path, slack_api, **env) -> subprocess.Popen:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    base.update({"RVUBOT_DATA": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}",
                 "SLACK_API_URL": slack_api.api_url, "LOG_LEVEL": "INFO", "HOST": "127.0.0.1",
                 "PYTHONPATH": str(ROOT)})
    base.update(env)
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], cwd=ROOT, env=base,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
        pytest.fail(f"rvubot serve did not stop on SIGTERM:\n{err[-2000:]}")
    return process.returncode, err


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def test_serve_http_answers_and_stops_cleanly_without_logging_questions(tmp_path, slack_api):
    port = free_port()
    process = serve(tmp_path, slack_api, PORT=str(port), SLACK_BOT_TOKEN="xoxb-serve", SLACK_SIGNING_SECRET=SECRET)
    try:
        assert eventually(lambda: healthy(port) or process.poll() is not None, timeout=30) and process.poll() is None
        body = ('{"type": "event_callback", "event_id": "EvServe1", "team_id": "T0001", "event": {"type": '
                f'"app_mention", "user": "U0ALICE", "text": "<@{BOT_USER}> {SECRET_QUESTION}", "channel": "C0CHAN",'
                ' "ts": "1700000000.000100"}}')
        request = urllib.request.Request(f"http://127.0.0.1:{port}/slack/events", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json", **sign(body)})
        with urllib.request.urlopen(request, timeout=10) as resp:
            assert resp.status == 200
        [post] = slack_api.wait_for("chat.postMessage", timeout=15)
        assert post.body["thread_ts"] == "1700000000.000100"
    finally:
        code, log = stop(process)
    assert code == 0, log[-2000:]
    assert "answered mention" in log  # INFO logging is on...
    assert "Jane Roe" not in log and "96406" not in log  # ...and never carries what was asked


def test_serve_uses_socket_mode_when_an_app_token_is_set(tmp_path, slack_api):
    # The mock hands out a WebSocket URL nobody listens on: enough to see the mode chosen.
    slack_api.queue("apps.connections.open", {"ok": True, "url": "ws://127.0.0.1:9/link"})
    process = serve(tmp_path, slack_api, SLACK_APP_TOKEN="xapp-1-test", SLACK_BOT_TOKEN="xoxb-serve")
    try:
        [opened] = slack_api.wait_for("apps.connections.open", timeout=30)[:1]
        assert opened.headers.get("Authorization") == "Bearer xapp-1-test"
    finally:
        code, log = stop(process)
    assert code == 0, log[-2000:]


def test_serve_without_a_signing_secret_says_what_is_missing(tmp_path, slack_api):
    process = serve(tmp_path, slack_api, SLACK_BOT_TOKEN="xoxb-serve")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "SLACK_SIGNING_SECRET" in err and "Traceback" not in err


def test_serve_starts_the_tips_scheduler_and_stops_it_on_shutdown(tmp_path, slack_api, monkeypatch):
    """serve() hands the tips package a stop event, and sets it when the server stops."""
    import threading

    from bot import server as server_module
    from bot.tips import api as tips_api
    from tests.slack.harness import settings_for

    started = {}

    def fake_scheduler(settings, engine, stop_event):
        thread = threading.Thread(target=stop_event.wait, daemon=True)
        thread.start()
        started.update(thread=thread, stop=stop_event)
        return thread

    servers = []
    real_http_server = server_module.http_server

    def capture(app, settings, host=None, port=None):
        servers.append(real_http_server(app, settings, host="127.0.0.1", port=0))
        return servers[-1]

    monkeypatch.setattr(tips_api, "start_scheduler", fake_scheduler)
    monkeypatch.setattr(server_module, "http_server", capture)
    settings = settings_for(tmp_path, slack_api)
    result = []
    runner = threading.Thread(target=lambda: result.append(server_module.serve(settings)), daemon=True)
    runner.start()
    assert eventually(lambda: servers and servers[0].started, timeout=30)
    assert not started["stop"].is_set()
    servers[0].should_exit = True
    runner.join(timeout=20)
    assert result == [0]
    assert started["stop"].is_set() and not started["thread"].is_alive()


def test_tips_scheduler_not_available_or_broken_does_not_stop_serving(monkeypatch, caplog):
    import threading

    from bot.server import start_tips
    from bot.tips import api as tips_api

    def not_yet(*_args):
        raise NotImplementedError

    def broken(*_args):
        raise RuntimeError("tips table missing")

    monkeypatch.setattr(tips_api, "start_scheduler", not_yet)
    assert start_tips(None, None, threading.Event()) is None
    monkeypatch.setattr(tips_api, "start_scheduler", broken)
    assert start_tips(None, None, threading.Event()) is None
    assert "tips scheduler failed" in caplog.text
