"""First post and pin, the next day's swap of pins, weekends, and what a tip says."""
from __future__ import annotations

from bot.render import escape_mrkdwn
from bot.tips import posts
from intents.facts import code_facts

# 2025-06-13 is a Friday; New York is on EDT (UTC-4), so 09:00 local is 13:00Z.
FRIDAY_0859 = "2025-06-13T12:59:00+00:00"
FRIDAY_0900 = "2025-06-13T13:00:00+00:00"


def test_first_post_and_pin(tips):
    tips.command("on 09:00 America/New_York")

    early = tips.run(FRIDAY_0859)
    assert [o.action for o in early] == ["not-due"]
    assert tips.api.calls_to("chat.postMessage") == []

    [outcome] = tips.run(FRIDAY_0900)
    assert outcome.action == "posted", outcome.line()
    [post] = tips.tips_posted("C1")
    assert post.body["metadata"]["event_payload"]["date"] == "2025-06-13"
    code = post.body["metadata"]["event_payload"]["code"]
    assert outcome.code == code
    [pin] = tips.api.calls_to("pins.add")
    assert pin.body["channel"] == "C1"
    row = posts.find(tips.engine, "T1", "C1", "2025-06-13")
    assert row.state == "pinned" and pin.body["timestamp"] == row.message_ts
    assert tips.api.calls_to("pins.remove") == []

    # Later runs the same day do nothing.
    for instant in ("2025-06-13T13:01:00+00:00", "2025-06-13T20:00:00+00:00", "2025-06-14T03:59:00+00:00"):
        assert [o.action for o in tips.run(instant)] in (["skipped"], ["not-due"])
    assert len(tips.tips_posted()) == 1
    assert len(tips.api.calls_to("pins.add")) == 1


def test_tip_shows_curated_words_and_the_answer_cores_figures(tips):
    tips.command("on 09:00 America/New_York")
    tips.run(FRIDAY_0900)
    [post] = tips.tips_posted()
    code = post.body["metadata"]["event_payload"]["code"]
    know = tips.answerer.catalog.knowledge[code]
    facts = code_facts(tips.answerer.catalog, tips.answerer.indicators, code)

    header = post.body["blocks"][0]
    assert header["type"] == "header" and header["text"]["text"].startswith(f"Code of the day: {code}")
    assert know.title in header["text"]["text"]
    mrkdwn = "\n".join(b["text"]["text"] for b in post.body["blocks"] if b["type"] == "section")
    assert escape_mrkdwn(know.plain) in mrkdwn
    assert escape_mrkdwn(know.doc_tip) in mrkdwn
    assert f"work {facts['work_rvu']:.2f}" in mrkdwn
    if facts["payable"] and not facts["nonfacility_na"]:
        assert f"${facts['payment_nonfacility']:,.2f}" in mrkdwn
    assert f"{know.title}" in post.body["text"] or escape_mrkdwn(know.title) in post.body["text"]
    assert "<" not in post.body["text"].replace("&lt;", "")


def test_next_day_unpins_previous_and_pins_new(tips):
    tips.command("on 09:00 America/New_York")
    tips.run(FRIDAY_0900)
    [first] = tips.api.calls_to("pins.add")

    [outcome] = tips.run("2025-06-16T13:00:00+00:00")  # Monday 09:00 EDT
    assert outcome.action == "posted"
    monday, friday = posts.find(tips.engine, "T1", "C1", "2025-06-16"), posts.find(tips.engine, "T1", "C1", "2025-06-13")
    pins = tips.api.calls_to("pins.add")
    assert [p.body["timestamp"] for p in pins] == [first.body["timestamp"], monday.message_ts]
    [unpin] = tips.api.calls_to("pins.remove")
    assert unpin.body == {"channel": "C1", "timestamp": friday.message_ts} or (
        unpin.body["channel"] == "C1" and unpin.body["timestamp"] == friday.message_ts)
    assert friday.unpinned_at is not None and monday.unpinned_at is None
    assert monday.code != friday.code
    # The unpin comes after the new pin: the channel is never without a tip.
    calls = [c.method for c in tips.api.calls if c.method in ("pins.add", "pins.remove")]
    assert calls == ["pins.add", "pins.add", "pins.remove"]


def test_weekend_skip(tips):
    tips.command("on 09:00 America/New_York")  # weekdays by default
    tips.run(FRIDAY_0900)
    for day in ("2025-06-14", "2025-06-15"):  # Saturday, Sunday
        for hour in ("13:00", "18:00", "23:59"):
            assert [o.action for o in tips.run(f"{day}T{hour}:00+00:00")] == ["not-due"]
    assert len(tips.tips_posted()) == 1
    assert tips.api.calls_to("pins.remove") == []

    tips.run("2025-06-16T13:00:00+00:00")  # Monday
    assert [p.body["metadata"]["event_payload"]["date"] for p in tips.tips_posted()] == ["2025-06-13", "2025-06-16"]


def test_selected_days_only(tips):
    tips.command("on 07:00 UTC mon,wed")
    dates = []
    for day in range(16, 23):  # Monday 16 June .. Sunday 22 June 2025
        for outcome in tips.run(f"2025-06-{day}T07:00:00+00:00"):
            if outcome.action == "posted":
                dates.append(outcome.local_date)
    assert dates == ["2025-06-16", "2025-06-18"]


def test_channels_are_independent(tips):
    tips.command("on 09:00 America/New_York", channel="C1")
    tips.command("on 09:00 Europe/Paris", channel="C2")
    tips.command("on 09:00 Asia/Tokyo", channel="C3", team="T2")
    tips.run("2025-06-13T07:00:00+00:00")  # 09:00 in Paris, 16:00 in Tokyo, 03:00 in New York
    assert sorted(p.body["channel"] for p in tips.tips_posted()) == ["C2", "C3"]
    tips.run(FRIDAY_0900)
    assert sorted(p.body["channel"] for p in tips.tips_posted()) == ["C1", "C2", "C3"]
