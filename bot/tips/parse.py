"""`/rvu tips ...`: the words after "tips" -> what the person asked for.

    tips                         show this channel's settings
    tips on [HH:MM] [zone] [days] [specialty]
    tips off
    tips help

Words may come in any order: a time (9, 09:00, 9am, 7:30pm), an IANA zone (America/Chicago,
UTC, or ET/CT/MT/PT...), days (weekdays, daily, weekends, mon-fri, mon,wed,fri) and whatever is
left is the specialty ("all" for every specialty).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.tips.channels import EVERY_DAY, WEEKDAYS
from bot.tips.schedule import WEEKENDS

SHOW_WORDS = {"", "show", "status", "settings", "info"}
ON_WORDS = {"on", "start", "enable", "set"}
OFF_WORDS = {"off", "stop", "disable"}
HELP_WORDS = {"help", "?"}
ALL_WORDS = {"all", "any", "every", "everything", "all specialties", "any specialty", "every specialty"}

TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$")
DAY_NUMBERS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
               "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
               "saturday": 5, "sun": 6, "sunday": 6}
DAY_WORDS = {"weekdays": WEEKDAYS, "weekday": WEEKDAYS, "workdays": WEEKDAYS, "daily": EVERY_DAY,
             "everyday": EVERY_DAY, "every-day": EVERY_DAY, "weekends": WEEKENDS, "weekend": WEEKENDS}
# US shorthand people type for a zone; only taken when it is not part of a specialty's name.
ZONE_SHORTHAND = {"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
                  "eastern": "America/New_York", "ct": "America/Chicago", "cst": "America/Chicago",
                  "cdt": "America/Chicago", "central": "America/Chicago", "mt": "America/Denver",
                  "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
                  "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
                  "pacific": "America/Los_Angeles", "akt": "America/Anchorage", "alaska": "America/Anchorage",
                  "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu", "arizona": "America/Phoenix"}


@dataclass(frozen=True)
class TipsRequest:
    action: str  # show | on | off | help | error
    time: str | None = None  # "HH:MM"
    tz: str | None = None
    weekdays: int | None = None
    specialty: str | None = None  # canonical name; "" = all specialties; None = not given
    problem: str = ""  # for action "error": what was not understood (time, zone, specialty, words)
    words: str = ""  # the words not understood, as typed


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def zone_name(word: str) -> str | None:
    """The IANA name for a zone as typed (any case), or None."""
    lowered = word.lower()
    if lowered in ("utc", "gmt", "z"):
        return "UTC"
    name = _zones().get(lowered)
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def _time(word: str, meridiem: str = "") -> str | None:
    match = TIME.match(word.lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or meridiem).replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _days(word: str) -> int | None:
    lowered = word.lower().strip(",")
    if lowered in DAY_WORDS:
        return DAY_WORDS[lowered]
    mask = 0
    for part in filter(None, lowered.split(",")):
        if "-" in part:
            first, _, last = part.partition("-")
            if first not in DAY_NUMBERS or last not in DAY_NUMBERS:
                return None
            start, end = DAY_NUMBERS[first], DAY_NUMBERS[last]
            day = start
            while True:  # ranges may wrap the week: fri-mon
                mask |= 1 << day
                if day == end:
                    break
                day = (day + 1) % 7
        elif part in DAY_NUMBERS:
            mask |= 1 << DAY_NUMBERS[part]
        else:
            return None
    return mask or None


def specialty_name(phrase: str, aliases: dict[str, str], known: set[str]) -> str | None:
    """Canonical specialty for what was typed; "" for all; None when unknown."""
    lowered = " ".join(phrase.lower().split())
    if not lowered or lowered in ALL_WORDS:
        return ""
    if lowered in aliases:
        return aliases[lowered]
    by_lower = {name.lower(): name for name in known}
    return by_lower.get(lowered)


def parse_tips(text: str, aliases: dict[str, str], known: set[str]) -> TipsRequest:
    words = (text or "").split()
    verb = words[0].lower() if words else ""
    if verb in SHOW_WORDS and len(words) <= 1:
        return TipsRequest("show")
    if verb in HELP_WORDS:
        return TipsRequest("help")
    if verb in OFF_WORDS and len(words) == 1:
        return TipsRequest("off")
    if verb not in ON_WORDS:
        return TipsRequest("error", problem="words", words=text.strip())
    return _parse_on(words[1:], aliases, known)


def _parse_on(words: list[str], aliases: dict[str, str], known: set[str]) -> TipsRequest:
    post_time = tz = None
    weekdays = 0
    rest: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        lowered = word.lower()
        if lowered == "every" and following.strip(",") in ("day", "days"):
            weekdays |= EVERY_DAY
            i += 2
            continue
        if post_time is None and TIME.match(lowered):
            meridiem = following if following in ("am", "pm", "a.m.", "p.m.") else ""
            parsed = _time(word, meridiem)
            if parsed is None:
                return TipsRequest("error", problem="time", words=word)
            post_time = parsed
            i += 2 if meridiem else 1
            continue
        if "/" in word or lowered in ("utc", "gmt"):
            tz = zone_name(word)
            if tz is None:
                return TipsRequest("error", problem="zone", words=word)
            i += 1
            continue
        day_mask = _days(word)
        if day_mask is not None:
            weekdays |= day_mask
            i += 1
            continue
        rest.append(word)
        i += 1
    specialty = None
    if rest:
        specialty = specialty_name(" ".join(rest), aliases, known)
        if specialty is None and tz is None:
            # "9am pt cardiology": a zone shorthand, unless it is part of a specialty's name.
            for index, word in enumerate(rest):
                if word.lower() not in ZONE_SHORTHAND:
                    continue
                others = rest[:index] + rest[index + 1:]
                candidate = specialty_name(" ".join(others), aliases, known) if others else None
                if not others or candidate is not None:
                    tz, specialty, rest = ZONE_SHORTHAND[word.lower()], candidate, others
                    break
        if specialty is None and rest:
            return TipsRequest("error", problem="specialty", words=" ".join(rest))
    return TipsRequest("on", time=post_time, tz=tz, weekdays=weekdays or None, specialty=specialty)
