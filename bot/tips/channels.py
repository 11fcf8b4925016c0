"""Per-channel tip settings: read, save, and the one-time problem note."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.tips.schema import channels

DEFAULT_TIME = "09:00"
WEEKDAYS = 0b0011111  # Monday..Friday
EVERY_DAY = 0b1111111


@dataclass(frozen=True)
class ChannelTips:
    team_id: str
    channel_id: str
    enabled: bool
    post_time: str  # "HH:MM"
    tz: str
    weekdays: int
    specialty: str  # "" = all specialties
    enabled_by: str
    problem: str = ""
    problem_notified: bool = False

    @property
    def hour_minute(self) -> tuple[int, int]:
        hour, minute = self.post_time.split(":")
        return int(hour), int(minute)


def _from_row(row) -> ChannelTips:
    return ChannelTips(team_id=row.team_id, channel_id=row.channel_id, enabled=bool(row.enabled),
                       post_time=row.post_time, tz=row.tz, weekdays=row.weekdays, specialty=row.specialty,
                       enabled_by=row.enabled_by, problem=row.problem, problem_notified=bool(row.problem_notified))


def _key(team_id: str, channel_id: str):
    return and_(channels.c.team_id == team_id, channels.c.channel_id == channel_id)


def get(engine: Engine, team_id: str, channel_id: str) -> ChannelTips | None:
    with engine.connect() as conn:
        row = conn.execute(select(channels).where(_key(team_id, channel_id))).first()
    return _from_row(row) if row else None


def enabled_channels(engine: Engine) -> list[ChannelTips]:
    with engine.connect() as conn:
        rows = conn.execute(select(channels).where(channels.c.enabled.is_(True))
                            .order_by(channels.c.team_id, channels.c.channel_id)).all()
    return [_from_row(r) for r in rows]


def team_channels(engine: Engine, team_id: str) -> list[ChannelTips]:
    with engine.connect() as conn:
        rows = conn.execute(select(channels).where(channels.c.team_id == team_id)
                            .order_by(channels.c.channel_id)).all()
    return [_from_row(r) for r in rows]


def save(engine: Engine, tips: ChannelTips, now_epoch: int) -> None:
    values = {"enabled": tips.enabled, "post_time": tips.post_time, "tz": tips.tz, "weekdays": tips.weekdays,
              "specialty": tips.specialty, "enabled_by": tips.enabled_by, "problem": tips.problem,
              "problem_notified": tips.problem_notified, "updated_at": now_epoch}
    with engine.begin() as conn:
        done = conn.execute(update(channels).where(_key(tips.team_id, tips.channel_id)).values(**values)).rowcount
        if not done:
            conn.execute(insert(channels).values(team_id=tips.team_id, channel_id=tips.channel_id, **values))


def set_enabled(engine: Engine, team_id: str, channel_id: str, enabled: bool, now_epoch: int) -> bool:
    with engine.begin() as conn:
        return bool(conn.execute(update(channels).where(_key(team_id, channel_id))
                                 .values(enabled=enabled, updated_at=now_epoch)).rowcount)


def record_problem(engine: Engine, team_id: str, channel_id: str, problem: str) -> bool:
    """Note what stops tips in a channel. True for exactly one caller per problem episode (even
    across processes): that caller tells the person who enabled tips; the others stay quiet."""
    with engine.begin() as conn:
        first = conn.execute(update(channels).where(_key(team_id, channel_id))
                             .where(channels.c.problem_notified.is_(False))
                             .values(problem=problem, problem_notified=True)).rowcount
        if not first:
            conn.execute(update(channels).where(_key(team_id, channel_id)).values(problem=problem))
    return bool(first)


def clear_problem(conn: Connection, team_id: str, channel_id: str) -> None:
    conn.execute(update(channels).where(_key(team_id, channel_id))
                 .where(channels.c.problem != "").values(problem="", problem_notified=False))
