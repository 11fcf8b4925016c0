"""The claim rows behind "exactly once": one row per channel per local day.

A run claims the day with an INSERT that the UNIQUE (team, channel, local_date) constraint lets
only one writer win; the loser skips. Every later change is a compare-and-set on the claim
token, so a run that lost its claim (its lease ran out and another run took over) can never
overwrite the newcomer's progress.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from bot.tips.schema import posts


@dataclass(frozen=True)
class PostRow:
    id: int
    team_id: str
    channel_id: str
    local_date: str
    code: str
    state: str
    claim_token: str
    lease_until: int
    retry_at: int
    attempts: int
    in_flight: bool
    needs_check: bool
    message_ts: str
    claimed_at: int
    posted_at: int | None
    pinned_at: int | None
    unpinned_at: int | None
    error: str


def _row(result) -> PostRow:
    values = dict(result._mapping)
    values["in_flight"] = bool(values["in_flight"])
    values["needs_check"] = bool(values["needs_check"])
    return PostRow(**values)


def find(engine: Engine, team_id: str, channel_id: str, local_date: str) -> PostRow | None:
    with engine.connect() as conn:
        result = conn.execute(select(posts).where(and_(
            posts.c.team_id == team_id, posts.c.channel_id == channel_id, posts.c.local_date == local_date))).first()
    return _row(result) if result else None


def by_id(engine: Engine, row_id: int) -> PostRow:
    with engine.connect() as conn:
        return _row(conn.execute(select(posts).where(posts.c.id == row_id)).one())


def claim(engine: Engine, team_id: str, channel_id: str, local_date: str, token: str, now: int, lease: int,
          choose: Callable[[Connection], tuple[str, str, Callable[[Connection], None]]]) -> PostRow | None:
    """Claim the day; None when another run already holds it. `choose(conn)` returns
    (code, state, commit_choice): the code to post, the starting state, and what to write for
    the choice (the cycle's advance). That write shares the claim's transaction, so a lost race
    advances nothing."""
    try:
        with engine.begin() as conn:
            code, state, commit_choice = choose(conn)
            conn.execute(insert(posts).values(
                team_id=team_id, channel_id=channel_id, local_date=local_date, code=code, state=state,
                claim_token=token, lease_until=now + lease, retry_at=0, attempts=0, in_flight=False,
                needs_check=False, message_ts="", claimed_at=now, error=""))
            commit_choice(conn)
    except IntegrityError:
        return None
    return find(engine, team_id, channel_id, local_date)


def take_over(engine: Engine, row: PostRow, token: str, now: int, lease: int) -> PostRow | None:
    """Take an unfinished day from a run that released it or whose lease ran out. A post that
    was in flight when its run stopped may have reached Slack: it must be looked for first."""
    with engine.begin() as conn:
        done = conn.execute(update(posts).where(and_(
            posts.c.id == row.id, posts.c.claim_token == row.claim_token, posts.c.state == row.state))
            .values(claim_token=token, lease_until=now + lease, in_flight=False,
                    needs_check=row.needs_check or row.in_flight)).rowcount
    return by_id(engine, row.id) if done else None


def change(engine: Engine, row: PostRow, **values) -> PostRow | None:
    """Update our claimed row; None when the claim is no longer ours."""
    with engine.begin() as conn:
        done = conn.execute(update(posts).where(and_(posts.c.id == row.id, posts.c.claim_token == row.claim_token))
                            .values(**values)).rowcount
    return by_id(engine, row.id) if done else None


def still_pinned(engine: Engine, row: PostRow) -> list[PostRow]:
    """Earlier tips of the channel that we pinned and have not unpinned yet."""
    with engine.connect() as conn:
        results = conn.execute(select(posts).where(and_(
            posts.c.team_id == row.team_id, posts.c.channel_id == row.channel_id, posts.c.id != row.id,
            posts.c.pinned_at.is_not(None), posts.c.unpinned_at.is_(None))).order_by(posts.c.local_date)).all()
    return [_row(r) for r in results]


def mark_unpinned(engine: Engine, row_id: int, now: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(posts).where(posts.c.id == row_id).values(unpinned_at=now))


def latest(engine: Engine, team_id: str, channel_id: str) -> PostRow | None:
    with engine.connect() as conn:
        result = conn.execute(select(posts).where(and_(posts.c.team_id == team_id, posts.c.channel_id == channel_id))
                              .order_by(posts.c.local_date.desc()).limit(1)).first()
    return _row(result) if result else None

