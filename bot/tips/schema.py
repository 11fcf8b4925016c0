"""The tips tables, in the bot's own database (SQLite by default, PostgreSQL when instances share one).

Instants are stored as whole seconds since the epoch (UTC): they compare the same way on every
database, and nothing here needs sub-second precision.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, Column, Integer, MetaData, String, Table, Text, UniqueConstraint,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, ProgrammingError

metadata = MetaData()

# One row per channel that asked for tips (kept when tips are turned off, so "on" remembers).
channels = Table(
    "tip_channels", metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("enabled", Boolean, nullable=False),
    Column("post_time", String(5), nullable=False),  # "HH:MM", channel-local wall clock
    Column("tz", String(64), nullable=False),  # IANA name
    Column("weekdays", Integer, nullable=False),  # bit 0 = Monday ... bit 6 = Sunday
    Column("specialty", String(80), nullable=False),  # canonical name; "" = all specialties
    Column("enabled_by", String(32), nullable=False),  # user id, told once about problems
    Column("problem", Text, nullable=False),  # what stops tips here ("" = none)
    Column("problem_notified", Boolean, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
)

# Each channel's own shuffled pass through its codes.
cycles = Table(
    "tip_cycles", metadata,
    Column("team_id", String(32), primary_key=True),
    Column("channel_id", String(32), primary_key=True),
    Column("specialty", String(80), nullable=False),  # the pool the order was drawn from
    Column("round", Integer, nullable=False),  # which pass (part of the shuffle seed)
    Column("codes", Text, nullable=False),  # the shuffled order, space-separated
    Column("position", Integer, nullable=False),  # index of the next code to use
)

# One row per channel per local day: the claim that makes a tip happen exactly once.
# state: claimed (nothing known to be posted) -> posted (message_ts known) -> pinned;
# or pin_failed (posted, cannot pin) / abandoned (not posted, gave up for the day).
posts = Table(
    "tip_posts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", String(32), nullable=False),
    Column("channel_id", String(32), nullable=False),
    Column("local_date", String(10), nullable=False),  # ISO date in the channel's time zone
    Column("code", String(8), nullable=False),
    Column("state", String(12), nullable=False),
    Column("claim_token", String(32), nullable=False),  # the run working on it
    Column("lease_until", BigInteger, nullable=False),  # others keep off until then
    Column("retry_at", BigInteger, nullable=False),  # 0, or not before this (429 / 5xx)
    Column("attempts", Integer, nullable=False),
    Column("in_flight", Boolean, nullable=False),  # a chat.postMessage was sent, answer not recorded
    Column("needs_check", Boolean, nullable=False),  # an attempt may have posted: look before posting
    Column("message_ts", String(32), nullable=False),
    Column("claimed_at", BigInteger, nullable=False),
    Column("posted_at", BigInteger),
    Column("pinned_at", BigInteger),
    Column("unpinned_at", BigInteger),
    Column("error", Text, nullable=False),
    UniqueConstraint("team_id", "channel_id", "local_date", name="uq_tip_posts_channel_day"),
)

CLAIMED, POSTED, PINNED, PIN_FAILED, ABANDONED = "claimed", "posted", "pinned", "pin_failed", "abandoned"
FINAL_STATES = frozenset({PINNED, PIN_FAILED, ABANDONED})


def ensure_tables(engine: Engine) -> None:
    """Create the tips tables if missing. Two processes starting together on an empty
    PostgreSQL database can both try to create them; the loser's error is harmless."""
    try:
        metadata.create_all(engine)
    except (IntegrityError, ProgrammingError):
        metadata.create_all(engine)
