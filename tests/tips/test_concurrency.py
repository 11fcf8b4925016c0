"""Two runs at the same instant against one database post each channel's tip once."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from bot.tips.runner import run_due
from tests.tips.conftest import at

T0 = "2025-06-13T13:00:00+00:00"  # Friday 09:00 in New York
REPO = Path(__file__).resolve().parents[2]


def test_two_runs_racing_for_the_same_claims_post_once(tips):
    """Both runs reach the claim INSERT of every channel together (a barrier holds the first
    until the second arrives); the unique row lets one through per channel."""
    channels = ["C1", "C2", "C3"]
    for channel in channels:
        tips.command("on 09:00 America/New_York", channel=channel)
    barrier = threading.Barrier(2, timeout=30)
    results: list = [None, None]
    errors: list = []

    def run(slot):
        try:
            results[slot] = run_due(tips.settings, tips.engine, at(T0), answerer=tips.answerer,
                                    hooks={"before_claim": lambda **_info: barrier.wait()})
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert Counter(p.body["channel"] for p in tips.tips_posted()) == {c: 1 for c in channels}
    assert Counter(p.body["channel"] for p in tips.api.calls_to("pins.add")) == {c: 1 for c in channels}
    for channel in channels:
        actions = sorted(o.action for outcomes in results for o in outcomes if o.channel_id == channel)
        assert actions == ["posted", "skipped"], actions


def test_two_rvubot_processes_started_together_post_once(tips, tmp_path):
    """Two real `rvubot tips run-due --at ...` processes, started at the same moment."""
    channels = [f"C{n:02d}" for n in range(12)]
    for channel in channels:
        tips.command("on 09:00 America/New_York", channel=channel)
    env = dict(os.environ, DATABASE_URL=tips.settings.database_url, SLACK_API_URL=tips.settings.slack_api_url,
               SLACK_BOT_TOKEN="xoxb-test", RVUBOT_DATA=str(tmp_path / "data"))
    env.pop("SLACK_CLIENT_ID", None)
    command = [sys.executable, "-m", "bot.cli", "tips", "run-due", "--at", T0]
    processes = [subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outputs):
        assert process.returncode == 0, err

    assert Counter(p.body["channel"] for p in tips.tips_posted()) == {c: 1 for c in channels}
    assert Counter(p.body["channel"] for p in tips.api.calls_to("pins.add")) == {c: 1 for c in channels}
    posted_lines = [line for out, _err in outputs for line in out.splitlines() if " posted " in line]
    assert sorted(line.split()[1] for line in posted_lines) == channels
