"""Each channel works through its own shuffled pass over its specialty's codes."""
from __future__ import annotations

from datetime import date, timedelta

from bot.tips.cycle import CycleState, next_code


def _smallest_specialty(answerer, at_least: int = 4) -> tuple[str, set[str]]:
    """A specialty with few curated codes that have figures (keeps the test short)."""
    counts: dict[str, set[str]] = {}
    for code, know in answerer.catalog.knowledge.items():
        if answerer.catalog.release_for(code) is None:
            continue
        for name in know.specialties:
            counts.setdefault(name, set()).add(code)
    name, codes = min(((n, c) for n, c in counts.items() if len(c) >= at_least), key=lambda nc: (len(nc[1]), nc[0]))
    return name, codes


def _daily_codes(tips, channel: str, days: int) -> list[str]:
    codes = []
    start = date(2025, 6, 2)
    for n in range(days):
        day = start + timedelta(days=n)
        for outcome in tips.run(f"{day.isoformat()}T12:00:00+00:00"):
            if outcome.channel_id == channel and outcome.action == "posted":
                codes.append(outcome.code)
    return codes


def test_specialty_cycle_has_no_repeat_until_exhausted(tips_sqlite):
    tips = tips_sqlite
    name, pool = _smallest_specialty(tips.answerer)
    reply = tips.command(f"on 08:00 UTC daily {name.lower()}")
    assert name in reply
    codes = _daily_codes(tips, "C1", 2 * len(pool) + 1)
    first, second = codes[: len(pool)], codes[len(pool): 2 * len(pool)]
    assert sorted(first) == sorted(pool)  # every code once, none from outside the specialty
    assert sorted(second) == sorted(pool)  # then a fresh pass over the same codes
    assert second[0] != first[-1]  # no back-to-back repeat across passes
    assert codes[-1] in pool


def test_channels_shuffle_differently(tips_sqlite):
    tips = tips_sqlite
    name, pool = _smallest_specialty(tips.answerer, at_least=6)
    for channel in ("C1", "C2"):
        tips.command(f"on 08:00 UTC daily {name}", channel=channel)
    days = len(pool)
    start = date(2025, 6, 2)
    by_channel: dict[str, list[str]] = {"C1": [], "C2": []}
    for n in range(days):
        for outcome in tips.run(f"{(start + timedelta(days=n)).isoformat()}T12:00:00+00:00"):
            by_channel[outcome.channel_id].append(outcome.code)
    assert sorted(by_channel["C1"]) == sorted(by_channel["C2"]) == sorted(pool)
    assert by_channel["C1"] != by_channel["C2"]


def test_changing_specialty_starts_a_pass_over_the_new_codes(tips_sqlite):
    tips = tips_sqlite
    name, pool = _smallest_specialty(tips.answerer)
    tips.command("on 08:00 UTC daily")
    _daily_codes(tips, "C1", 2)
    tips.command(f"on {name}")
    assert tips.command("")  # settings still show
    later = []
    for n in range(len(pool)):
        for outcome in tips.run(f"2025-07-{n + 1:02d}T12:00:00+00:00"):
            later.append(outcome.code)
    assert sorted(later) == sorted(pool)


def test_codes_leaving_the_pool_are_passed_over_and_new_ones_wait():
    state = CycleState("Cardiology", 0, ("A", "B", "C"), 1)
    code, after = next_code(state, ["A", "C", "D"], "Cardiology", "T1", "C1")
    assert code == "C" and after.position == 3  # B left the pool; D waits for the next pass
    code, after = next_code(after, ["A", "C", "D"], "Cardiology", "T1", "C1")
    assert after.round == 1 and sorted(after.codes) == ["A", "C", "D"] and code != "C"
