"""`/rvu tips ...`, App Home's summary, `rvubot tips run-due` and the scheduler thread."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from bot import cli
from bot.tips import channels
from bot.tips.api import home_summary, start_scheduler

T0 = "2025-06-13T13:00:00+00:00"


def test_on_uses_defaults_and_the_persons_time_zone(tips_sqlite):
    tips = tips_sqlite
    reply = tips.command("on")
    [lookup] = tips.api.calls_to("users.info")
    assert lookup.body["user"] == "U1"
    saved = channels.get(tips.engine, "T1", "C1")
    assert (saved.enabled, saved.post_time, saved.tz, saved.specialty, saved.enabled_by) == (
        True, "09:00", "America/New_York", "", "U1")  # the mock's users.info says New York
    assert "09:00 America/New_York, weekdays, all specialties" in reply


def test_on_with_explicit_settings(tips_sqlite):
    tips = tips_sqlite
    reply = tips.command("on 7:30pm Europe/Berlin mon,wed,fri peds")
    saved = channels.get(tips.engine, "T1", "C1")
    assert (saved.post_time, saved.tz, saved.weekdays, saved.specialty) == ("19:30", "Europe/Berlin", 0b10101, "Pediatrics")
    assert "Mon, Wed, Fri" in reply and "Pediatrics" in reply
    assert tips.api.calls_to("users.info") == []  # a zone was given


def test_zone_falls_back_to_utc_when_slack_cannot_say(tips_sqlite):
    tips = tips_sqlite
    tips.api.queue("users.info", {"ok": False, "error": "missing_scope"})
    tips.command("on 08:00")
    assert channels.get(tips.engine, "T1", "C1").tz == "UTC"


def test_off_show_and_on_again_keeps_settings(tips_sqlite):
    tips = tips_sqlite
    assert "not on" in tips.command("")
    tips.command("on 08:15 UTC cardiology")
    assert "off" in tips.command("off")
    shown = tips.command("")
    assert "off in this channel" in shown and "08:15 UTC" in shown
    assert [o.action for o in tips.run(T0)] == []  # no enabled channel
    tips.command("on", user="U2")
    saved = channels.get(tips.engine, "T1", "C1")
    assert (saved.enabled, saved.post_time, saved.specialty, saved.enabled_by) == (True, "08:15", "Cardiology", "U2")


def test_bad_input_is_explained_and_user_text_escaped(tips_sqlite):
    tips = tips_sqlite
    reply = tips.command("on <!channel> stuff")
    assert "&lt;!channel&gt;" in reply and "<!channel>" not in reply
    assert "Did you mean Cardiology?" in tips.command("on cardiolgy")
    assert "time zone" in tips.command("on 9:00 Mars/Olympus")
    assert "couldn't read the time" in tips.command("on 27:00")
    assert channels.get(tips.engine, "T1", "C1") is None  # nothing saved from bad input


def test_home_summary_lists_the_workspaces_channels(tips_sqlite):
    tips = tips_sqlite
    tips.command("on 09:00 America/New_York", channel="C1")
    tips.command("on 10:00 UTC daily dermatology", channel="C2")
    tips.command("on", channel="C9", team="T2")
    tips.command("off", channel="C2")
    tips.run(T0)
    rows = home_summary(tips.settings, tips.engine, "T1")
    assert [r["channel_id"] for r in rows] == ["C1", "C2"]
    c1, c2 = rows
    assert (c1["time"], c1["tz"], c1["days"], c1["specialty"], c1["enabled"], c1["problem"]) == (
        "09:00", "America/New_York", "weekdays", "all specialties", True, "")
    assert c1["last_date"] == "2025-06-13" and c1["last_code"]
    assert (c2["days"], c2["specialty"], c2["enabled"]) == ("every day", "Dermatology", False)


def test_cli_run_due_prints_what_it_did(tips_sqlite, monkeypatch, capsys):
    tips = tips_sqlite
    tips.command("on 09:00 America/New_York")
    monkeypatch.setenv("DATABASE_URL", tips.settings.database_url)
    monkeypatch.setenv("SLACK_API_URL", tips.settings.slack_api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.delenv("SLACK_CLIENT_ID", raising=False)
    assert cli.main(["tips", "run-due", "--at", "2025-06-13T09:00:00-04:00"]) == 0
    out = capsys.readouterr().out
    assert "T1 C1 2025-06-13 posted" in out
    assert cli.main(["tips", "run-due", "--at", "2025-06-13T09:00:00-04:00"]) == 0
    assert "skipped" in capsys.readouterr().out
    assert len(tips.tips_posted()) == 1


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01T00:00:00Z", "2025-06-13T09:00:00"])
def test_cli_run_due_rejects_an_invalid_instant(value, capsys):
    assert cli.main(["tips", "run-due", "--at", value]) == 2
    assert "--at" in capsys.readouterr().err


def test_scheduler_thread_posts_due_tips_and_stops(tips_sqlite):
    tips = tips_sqlite
    tips.command("on 00:00 UTC daily")  # due at any time of the day
    stop = threading.Event()
    thread = start_scheduler(replace(tips.settings, tips_interval_seconds=1), tips.engine, stop)
    try:
        assert len(tips.api.wait_for("pins.add", 1, timeout=20)) == 1
    finally:
        stop.set()
        thread.join(timeout=20)
    assert not thread.is_alive()
    assert len(tips.tips_posted()) == 1


def test_settings_reply_names_the_next_tip(tips_sqlite):
    from bot.tips.slash import handle
    from tests.tips.conftest import at

    tips = tips_sqlite
    friday_morning = at("2025-06-13T12:00:00+00:00")  # 08:00 in New York
    reply = handle(tips.settings, tips.engine, None, "T1", "C1", "U1", "on 09:00 America/New_York", now=friday_morning)
    assert "Next tip: today at 09:00 America/New_York" in reply
    tips.run(T0)
    reply = handle(tips.settings, tips.engine, None, "T1", "C1", "U1", "", now=at("2025-06-13T13:05:00+00:00"))
    assert "Next tip: Mon 16 Jun at 09:00 America/New_York" in reply
