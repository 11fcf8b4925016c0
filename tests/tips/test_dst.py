"""Daylight-saving days in America/New_York: no day skipped, none doubled. The scheduler's
once-a-minute calls are replayed with a controlled clock across each whole local day."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.tips.conftest import at


def _minutes(start: str, end: str, every_minute_for: timedelta = timedelta(hours=6)):
    """The scheduler's ticks: every minute through the night's clock change and the tip's
    time, then every five minutes (to keep the test quick) until the local day is over."""
    moment, stop = at(start), at(end)
    while moment < stop:
        yield moment
        moment += timedelta(minutes=1 if moment < at(start) + every_minute_for else 5)


def _replay(tips, start: str, end: str) -> list[tuple[datetime, str]]:
    """Run every minute; (instant, local date) of each tip posted."""
    posted = []
    for moment in _minutes(start, end):
        for outcome in tips.run(moment.isoformat()):
            if outcome.action == "posted":
                posted.append((moment, outcome.local_date))
    return posted


def test_spring_forward_sunday_posts_once_though_0230_never_happens(tips):
    # 2025-03-09: at 02:00 EST the clocks jump to 03:00 EDT; 02:30 does not exist that day.
    tips.command("on 02:30 America/New_York daily")
    posted = _replay(tips, "2025-03-09T05:00:00+00:00", "2025-03-10T04:00:00+00:00")  # the whole local day
    assert posted == [(datetime(2025, 3, 9, 7, 0, tzinfo=timezone.utc), "2025-03-09")]  # 03:00 EDT
    assert len(tips.tips_posted()) == 1 and len(tips.api.calls_to("pins.add")) == 1


def test_fall_back_sunday_posts_once_though_0130_happens_twice(tips):
    # 2025-11-02: at 02:00 EDT the clocks go back to 01:00 EST; 01:30 comes twice.
    tips.command("on 01:30 America/New_York daily")
    posted = _replay(tips, "2025-11-02T04:00:00+00:00", "2025-11-03T05:00:00+00:00")
    assert posted == [(datetime(2025, 11, 2, 5, 30, tzinfo=timezone.utc), "2025-11-02")]  # the first 01:30 (EDT)
    assert len(tips.tips_posted()) == 1


def test_weekday_tips_follow_the_local_clock_across_the_change(tips):
    # 09:00 New York is 14:00Z before the change and 13:00Z after it; no weekday is skipped.
    tips.command("on 09:00 America/New_York")
    posted = []
    moment = at("2025-03-07T05:00:00+00:00")  # Friday 00:00 EST before the change .. Tuesday after
    while moment < at("2025-03-12T00:00:00+00:00"):
        for outcome in tips.run(moment.isoformat()):
            if outcome.action == "posted":
                posted.append((moment.strftime("%a %H:%MZ"), outcome.local_date))
        moment += timedelta(minutes=15)
    assert posted == [("Fri 14:00Z", "2025-03-07"), ("Mon 13:00Z", "2025-03-10"), ("Tue 13:00Z", "2025-03-11")]
