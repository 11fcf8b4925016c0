"""Slack errors, crashes and lost channels: never a second tip for a day, never a lost pin."""
from __future__ import annotations

import pytest

from bot.tips import posts
from bot.tips.api import home_summary
from tests.tips.conftest import Crash

T0 = "2025-06-13T13:00:00+00:00"  # Friday 09:00 in New York


def _enable(tips, channel="C1"):
    tips.command("on 09:00 America/New_York", channel=channel)


def _row(tips, channel="C1", day="2025-06-13"):
    return posts.find(tips.engine, "T1", channel, day)


def test_429_then_success_waits_for_retry_after_and_posts_once(tips):
    _enable(tips)
    tips.api.queue("chat.postMessage", {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "120"})

    [first] = tips.run(T0)
    assert first.action == "waiting", first.line()
    assert _row(tips).state == "claimed"
    assert [o.action for o in tips.run("2025-06-13T13:01:00+00:00")] == ["waiting"]  # Retry-After not over
    assert len(tips.api.calls_to("chat.postMessage")) == 1

    [done] = tips.run("2025-06-13T13:02:00+00:00")
    assert done.action == "posted", done.line()
    attempts = tips.tips_posted()
    assert len(attempts) == 2  # the refused one and the one that went out
    assert attempts[0].body["metadata"] == attempts[1].body["metadata"]  # same day, same code
    [pin] = tips.api.calls_to("pins.add")
    assert pin.body["timestamp"] == _row(tips).message_ts
    # A 429 proves nothing was posted: no history check was needed.
    assert tips.api.calls_to("conversations.history") == []


def test_500_then_success_looks_for_the_post_before_posting_again(tips):
    _enable(tips)
    tips.api.queue("chat.postMessage", {"ok": False, "error": "internal_error"}, status=500)
    assert [o.action for o in tips.run(T0)] == ["waiting"]
    assert _row(tips).needs_check

    [done] = tips.run("2025-06-13T13:01:00+00:00")
    assert done.action == "posted", done.line()
    [check] = tips.api.calls_to("conversations.history")
    assert check.body["channel"] == "C1"
    assert len(tips.tips_posted()) == 2
    assert _row(tips).state == "pinned"


def test_500_that_did_post_is_adopted_not_posted_again(tips):
    _enable(tips)
    tips.api.queue("chat.postMessage", {"ok": False, "error": "internal_error"}, status=503)
    tips.run(T0)
    [attempt] = tips.tips_posted()
    # Slack did post it after all: the channel's history holds the message with our metadata.
    tips.api.queue("conversations.history", {"ok": True, "messages": [
        {"type": "message", "ts": "1749819600.000100", "text": "someone else", "user": "U9"},
        {"type": "message", "ts": "1749819601.000200", "bot_id": "B0BOT", "metadata": attempt.body["metadata"]},
    ], "has_more": False})

    [done] = tips.run("2025-06-13T13:01:00+00:00")
    assert done.action == "adopted", done.line()
    assert len(tips.tips_posted()) == 1
    [pin] = tips.api.calls_to("pins.add")
    assert pin.body["timestamp"] == "1749819601.000200"
    assert _row(tips).state == "pinned"


def test_a_yesterdays_tip_in_history_is_not_mistaken_for_todays(tips):
    _enable(tips)
    tips.api.queue("chat.postMessage", {"ok": False, "error": "internal_error"}, status=500)
    tips.run(T0)
    [attempt] = tips.tips_posted()
    yesterday = {"event_type": "rvubot_tip",
                 "event_payload": dict(attempt.body["metadata"]["event_payload"], date="2025-06-12")}
    tips.api.queue("conversations.history", {"ok": True, "messages": [{"ts": "1.2", "metadata": yesterday}]})
    [done] = tips.run("2025-06-13T13:01:00+00:00")
    assert done.action == "posted"
    assert len(tips.tips_posted()) == 2


def test_crash_after_post_before_pin_ends_with_exactly_one_tip_pinned(tips):
    _enable(tips)

    def crash(**_info):
        raise Crash("process died between chat.postMessage and pins.add")

    with pytest.raises(Crash):
        tips.run(T0, hooks={"before_pin": crash})
    assert len(tips.tips_posted()) == 1
    assert tips.api.calls_to("pins.add") == []
    assert _row(tips).state == "posted"

    [finish] = tips.run("2025-06-13T13:01:00+00:00")  # the next minute's run
    assert finish.action == "pinned", finish.line()
    assert len(tips.tips_posted()) == 1
    [pin] = tips.api.calls_to("pins.add")
    assert pin.body["timestamp"] == _row(tips).message_ts
    assert _row(tips).state == "pinned"
    assert [o.action for o in tips.run("2025-06-13T13:02:00+00:00")] == ["skipped"]
    assert len(tips.api.calls_to("pins.add")) == 1


def test_crash_before_the_ts_was_recorded_finds_the_post_in_history(tips):
    _enable(tips)
    seen = {}

    def crash(ts, **_info):
        seen["ts"] = ts
        raise Crash("process died before recording the message ts")

    with pytest.raises(Crash):
        tips.run(T0, hooks={"after_post": crash})
    [post] = tips.tips_posted()
    assert _row(tips).state == "claimed" and _row(tips).in_flight

    # Within the claim's lease the day is left alone: that run might still be alive.
    assert [o.action for o in tips.run("2025-06-13T13:01:00+00:00")] == ["skipped"]
    tips.api.queue("conversations.history", {"ok": True, "messages": [
        {"ts": seen["ts"], "bot_id": "B0BOT", "metadata": post.body["metadata"]}]})
    [done] = tips.run("2025-06-13T13:10:00+00:00")
    assert done.action == "adopted", done.line()
    assert len(tips.tips_posted()) == 1
    [pin] = tips.api.calls_to("pins.add")
    assert pin.body["timestamp"] == seen["ts"]


def test_crash_before_post_posts_after_checking_history(tips):
    _enable(tips)

    def crash(**_info):
        raise Crash("process died before chat.postMessage")

    with pytest.raises(Crash):
        tips.run(T0, hooks={"before_post": crash})
    assert tips.tips_posted() == []
    [done] = tips.run("2025-06-13T13:10:00+00:00")
    assert done.action == "posted", done.line()
    assert len(tips.api.calls_to("conversations.history")) == 1
    assert len(tips.tips_posted()) == 1


def test_history_unreadable_skips_the_day_rather_than_risk_a_duplicate(tips):
    _enable(tips)
    tips.api.queue("chat.postMessage", {"ok": False, "error": "internal_error"}, status=500)
    tips.run(T0)
    tips.api.queue("conversations.history", {"ok": False, "error": "missing_scope", "needed": "channels:history"})
    [outcome] = tips.run("2025-06-13T13:05:00+00:00")
    assert outcome.action == "failed"
    assert len(tips.tips_posted()) == 1  # only the uncertain attempt
    assert _row(tips).state == "abandoned"
    [note] = tips.notes_to("U1")
    assert "channels:history" in note.body["text"]
    # The next day is a new day.
    [monday] = tips.run("2025-06-16T13:00:00+00:00")
    assert monday.action == "posted"


def test_pin_rate_limited_finishes_later_without_posting_again(tips):
    _enable(tips)
    tips.api.queue("pins.add", {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "30"})
    [first] = tips.run(T0)
    assert first.action == "waiting"
    [done] = tips.run("2025-06-13T13:01:00+00:00")
    assert done.action == "pinned", done.line()
    assert len(tips.tips_posted()) == 1
    assert len(tips.api.calls_to("pins.add")) == 2


def test_channel_the_bot_was_removed_from(tips):
    _enable(tips, "C1")
    _enable(tips, "C2")
    tips.api.queue("chat.postMessage", {"ok": False, "error": "not_in_channel"})  # C1 comes first
    outcomes = {o.channel_id: o for o in tips.run(T0)}
    assert outcomes["C1"].action == "failed"
    assert outcomes["C2"].action == "posted"  # the others keep their schedule
    assert [p.body["channel"] for p in tips.tips_posted()] == ["C1", "C2"]
    assert len(tips.api.calls_to("pins.add")) == 1
    [note] = tips.notes_to("U1")
    assert "<#C1>" in note.body["text"] and "invite" in note.body["text"]
    summary = {row["channel_id"]: row for row in home_summary(tips.settings, tips.engine, "T1")}
    assert "invite" in summary["C1"]["problem"] and summary["C2"]["problem"] == ""

    # Still removed on Monday: tried again, but the person is not told twice.
    tips.api.queue("chat.postMessage", {"ok": False, "error": "not_in_channel"})
    outcomes = {o.channel_id: o for o in tips.run("2025-06-16T13:00:00+00:00")}
    assert outcomes["C1"].action == "failed" and outcomes["C2"].action == "posted"
    assert len(tips.notes_to("U1")) == 1

    # Invited back: Tuesday's tip goes out and the problem is cleared.
    outcomes = {o.channel_id: o for o in tips.run("2025-06-17T13:00:00+00:00")}
    assert outcomes["C1"].action == "posted"
    summary = {row["channel_id"]: row for row in home_summary(tips.settings, tips.engine, "T1")}
    assert summary["C1"]["problem"] == ""


def test_missing_pin_scope_posts_reports_once_and_keeps_going(tips):
    _enable(tips)
    tips.api.queue("pins.add", {"ok": False, "error": "missing_scope", "needed": "pins:write"})
    [outcome] = tips.run(T0)
    assert outcome.action == "posted" and "not pinned" in outcome.detail
    assert _row(tips).state == "pin_failed"
    [note] = tips.notes_to("U1")
    assert "pins:write" in note.body["text"]
    assert [o.action for o in tips.run("2025-06-13T13:30:00+00:00")] == ["skipped"]
    assert len(tips.tips_posted()) == 1

    tips.api.queue("pins.add", {"ok": False, "error": "missing_scope", "needed": "pins:write"})
    tips.run("2025-06-16T13:00:00+00:00")
    assert len(tips.notes_to("U1")) == 1


def test_no_token_for_the_workspace(tips, tmp_path):
    from dataclasses import replace

    _enable(tips)
    tips.settings = replace(tips.settings, slack_bot_token="")
    [outcome] = tips.run(T0)
    assert outcome.action == "failed" and "token" in outcome.detail
    assert tips.api.calls_to("chat.postMessage") == []
    assert "token" in home_summary(tips.settings, tips.engine, "T1")[0]["problem"]
