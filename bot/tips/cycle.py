"""Which code a channel gets: its own shuffled pass through the curated codes of its specialty,
no code twice until the pass is used up."""
from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection

from bot.tips.schema import cycles
from intents.catalog import Catalog


@dataclass(frozen=True)
class CycleState:
    specialty: str
    round: int
    codes: tuple[str, ...]
    position: int


def pool(catalog: Catalog, specialty: str, release: str | None = None) -> list[str]:
    """Curated codes for the specialty ("" = all), sorted. Codes with figures in a loaded release
    come first in line: only when none has figures do tips go out with words alone."""
    wanted = specialty.lower()
    curated = sorted(code for code, know in catalog.knowledge.items()
                     if not wanted or wanted in (s.lower() for s in know.specialties))
    priced = [code for code in curated if catalog.release_for(code, release) is not None]
    return priced or curated


def shuffled(codes: list[str], team_id: str, channel_id: str, round_no: int) -> tuple[str, ...]:
    # Seeded per channel and pass: reproducible, and different channels see different orders.
    order = sorted(codes)
    random.Random(f"{team_id}/{channel_id}/{round_no}").shuffle(order)
    return tuple(order)


def next_code(state: CycleState | None, codes: list[str], specialty: str, team_id: str,
              channel_id: str) -> tuple[str, CycleState]:
    """The code to post and the state after it. Codes that left the pool are passed over;
    codes that joined it wait for the next pass."""
    available = set(codes)
    if state is not None and state.specialty == specialty:
        position = state.position
        while position < len(state.codes) and state.codes[position] not in available:
            position += 1
        if position < len(state.codes):
            code = state.codes[position]
            return code, CycleState(specialty, state.round, state.codes, position + 1)
        round_no = state.round + 1
        last = state.codes[-1] if state.codes else ""
    else:
        round_no = state.round + 1 if state is not None else 0
        last = ""
    order = list(shuffled(codes, team_id, channel_id, round_no))
    if len(order) > 1 and order[0] == last:
        # A new pass must not open with the code that closed the previous one.
        order[0], order[1] = order[1], order[0]
    return order[0], CycleState(specialty, round_no, tuple(order), 1)


def load(conn: Connection, team_id: str, channel_id: str) -> CycleState | None:
    row = conn.execute(select(cycles).where(and_(cycles.c.team_id == team_id,
                                                 cycles.c.channel_id == channel_id))).first()
    if row is None:
        return None
    return CycleState(row.specialty, row.round, tuple(row.codes.split()), row.position)


def save(conn: Connection, team_id: str, channel_id: str, state: CycleState) -> None:
    values = {"specialty": state.specialty, "round": state.round, "codes": " ".join(state.codes),
              "position": state.position}
    done = conn.execute(update(cycles).where(and_(cycles.c.team_id == team_id, cycles.c.channel_id == channel_id))
                        .values(**values)).rowcount
    if not done:
        conn.execute(insert(cycles).values(team_id=team_id, channel_id=channel_id, **values))
