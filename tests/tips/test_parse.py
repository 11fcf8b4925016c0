"""The words after `/rvu tips`."""
from __future__ import annotations

import pytest

from bot.tips.parse import parse_tips
from intents.knowledge import load_knowledge, load_specialties

ALIASES = load_specialties()
KNOWN = {name for know in load_knowledge().values() for name in know.specialties}


@pytest.mark.parametrize("text, expected", [
    ("", ("show", None, None, None, None)),
    ("on", ("on", None, None, None, None)),
    ("on 08:30 America/Chicago cardiology", ("on", "08:30", "America/Chicago", None, "Cardiology")),
    ("on 7am PT daily peds", ("on", "07:00", "America/Los_Angeles", 0b1111111, "Pediatrics")),
    ("on 7:30 pm america/new_york mon,wed,fri all", ("on", "19:30", "America/New_York", 0b0010101, "")),
    ("on 12am utc weekends", ("on", "00:00", "UTC", 0b1100000, None)),
    ("on fri-mon 9", ("on", "09:00", None, 0b1110001, None)),
    ("on every day ct surgery", ("on", None, None, 0b1111111, "Cardiothoracic Surgery")),  # ct is not a zone here
    ("on pt", ("on", None, None, None, "Physical Therapy")),
    ("off", ("off", None, None, None, None)),
    ("help", ("help", None, None, None, None)),
])
def test_understood(text, expected):
    request = parse_tips(text, ALIASES, KNOWN)
    assert (request.action, request.time, request.tz, request.weekdays, request.specialty) == expected


@pytest.mark.parametrize("text, problem, words", [
    ("on 24:00", "time", "24:00"),
    ("on 13pm", "time", "13pm"),
    ("on 9 Mars/Olympus", "zone", "Mars/Olympus"),
    ("on 9 basket weaving", "specialty", "basket weaving"),
    ("sometimes", "words", "sometimes"),
])
def test_not_understood(text, problem, words):
    request = parse_tips(text, ALIASES, KNOWN)
    assert (request.action, request.problem, request.words) == ("error", problem, words)
