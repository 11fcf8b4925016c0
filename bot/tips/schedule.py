"""When a channel's tip is due, on the channel's own wall clock.

A tip is due on a selected weekday once the local time reaches HH:MM; the posts table then
holds at most one tip per local date. So on the spring-forward day a 02:30 tip (a time that
does not exist) goes out at 03:00, and on the fall-back day the repeated 01:30 finds the day
already taken.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.tips.channels import EVERY_DAY, WEEKDAYS, ChannelTips

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKENDS = 0b1100000


def as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("an instant needs a time zone or UTC offset")
    return moment.astimezone(timezone.utc)


def local_time(tips: ChannelTips, now: datetime) -> datetime:
    return as_utc(now).astimezone(ZoneInfo(tips.tz))


def day_selected(weekdays: int, day: date) -> bool:
    return bool(weekdays >> day.weekday() & 1)


def due_date(tips: ChannelTips, now: datetime) -> str | None:
    """The local date whose tip is due at `now`, or None when nothing is due yet today."""
    local = local_time(tips, now)
    hour, minute = tips.hour_minute
    if not day_selected(tips.weekdays, local.date()):
        return None
    if local.time() < time(hour, minute):
        return None
    return local.date().isoformat()


def start_of_day_epoch(tips: ChannelTips, local_date: str) -> int:
    """The first instant of `local_date` in the channel's zone (no tip for it can be older)."""
    day = date.fromisoformat(local_date)
    return int(datetime.combine(day, time(0, 0), ZoneInfo(tips.tz)).timestamp())


def next_post(tips: ChannelTips, now: datetime, posted_today: bool) -> tuple[date, bool]:
    """(local date of the next tip, True when it is due right now)."""
    local = local_time(tips, now)
    hour, minute = tips.hour_minute
    today = local.date()
    if day_selected(tips.weekdays, today) and not posted_today:
        if local.time() >= time(hour, minute):
            return today, True
        return today, False
    for ahead in range(1, 8):
        day = today + timedelta(days=ahead)
        if day_selected(tips.weekdays, day):
            return day, False
    return today, False  # no day selected; the command never saves that


def days_text(weekdays: int) -> str:
    if weekdays == EVERY_DAY:
        return "every day"
    if weekdays == WEEKDAYS:
        return "weekdays"
    if weekdays == WEEKENDS:
        return "weekends"
    return ", ".join(name for i, name in enumerate(DAY_NAMES) if weekdays >> i & 1)
