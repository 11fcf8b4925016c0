"""The bot's own state in the database: Slack installations and OAuth state (slack_sdk's
SQLAlchemy stores), the bot token to use for a workspace, the Slack events already answered,
and people's and channels' preferences (a default locality)."""
from __future__ import annotations

import time

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Column, Float, MetaData, String, Table, and_, delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.config import Settings

OAUTH_STATE_SECONDS = 600


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    store = SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "single-workspace", engine=engine)
    store.metadata.create_all(engine)
    return store


def oauth_state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    store = SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=engine)
    store.metadata.create_all(engine)
    return store


def bot_token_for(settings: Settings, engine: Engine, team_id: str | None, enterprise_id: str | None = None) -> str | None:
    """The bot token for a workspace: its OAuth installation, else SLACK_BOT_TOKEN (single workspace)."""
    if settings.slack_client_id:
        bot = installation_store(settings, engine).find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is not None:
            return bot.bot_token
    return settings.slack_bot_token or None


# -- Slack event receipts: one answer per event, however often Slack retries it ----------------

EVENT_MEMORY_SECONDS = 24 * 3600  # Slack retries for minutes; a day is plenty
PREFERENCE_NAMES = ("locality",)
SCOPES = ("user", "channel")

metadata = MetaData()

event_receipts = Table(
    "slack_event_receipts", metadata,
    # The primary key is what makes two instances (or two retries racing) unable to both answer.
    Column("event_id", String(64), primary_key=True),
    Column("received_at", Float, nullable=False, index=True),
)

preferences = Table(
    "slack_preferences", metadata,
    Column("team_id", String(32), primary_key=True),
    Column("scope", String(8), primary_key=True),  # "user" or "channel"
    Column("scope_id", String(32), primary_key=True),
    Column("name", String(32), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("updated_at", Float, nullable=False),
)


def ensure_tables(engine: Engine) -> None:
    """Create the bot's own tables (event receipts, preferences) if they are missing."""
    metadata.create_all(engine)


def claim_event(engine: Engine, event_id: str, now: float | None = None) -> bool:
    """True the first time an event id is seen (this process should answer it), False after."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        conn.execute(delete(event_receipts).where(event_receipts.c.received_at < now - EVENT_MEMORY_SECONDS))
    try:
        with engine.begin() as conn:
            conn.execute(insert(event_receipts).values(event_id=event_id[:64], received_at=now))
    except IntegrityError:
        return False
    return True


def _check(scope: str, name: str) -> None:
    if scope not in SCOPES:
        raise ValueError(f"unknown preference scope {scope!r}")
    if name not in PREFERENCE_NAMES:
        raise ValueError(f"unknown preference {name!r}")


def _key(team_id: str, scope: str, scope_id: str, name: str):
    return and_(preferences.c.team_id == (team_id or ""), preferences.c.scope == scope,
                preferences.c.scope_id == scope_id, preferences.c.name == name)


def get_preference(engine: Engine, team_id: str, scope: str, scope_id: str, name: str = "locality") -> str | None:
    _check(scope, name)
    with engine.connect() as conn:
        return conn.execute(select(preferences.c.value).where(_key(team_id, scope, scope_id, name))).scalar()


def set_preference(engine: Engine, team_id: str, scope: str, scope_id: str, value: str, name: str = "locality") -> None:
    _check(scope, name)
    now = time.time()
    for _attempt in range(2):  # a concurrent insert of the same key makes the first try fail
        try:
            with engine.begin() as conn:
                updated = conn.execute(update(preferences).where(_key(team_id, scope, scope_id, name))
                                       .values(value=value, updated_at=now)).rowcount
                if not updated:
                    conn.execute(insert(preferences).values(team_id=team_id or "", scope=scope, scope_id=scope_id,
                                                            name=name, value=value, updated_at=now))
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not store the preference")


def clear_preference(engine: Engine, team_id: str, scope: str, scope_id: str, name: str = "locality") -> bool:
    """Forget a preference; True if there was one."""
    _check(scope, name)
    with engine.begin() as conn:
        return bool(conn.execute(delete(preferences).where(_key(team_id, scope, scope_id, name))).rowcount)


def preferred_locality(engine: Engine, team_id: str, user_id: str | None, channel_id: str | None) -> str | None:
    """The locality a question should be priced for: the asker's own, else the channel's."""
    for scope, scope_id in (("user", user_id), ("channel", channel_id)):
        if scope_id:
            value = get_preference(engine, team_id, scope, scope_id)
            if value:
                return value
    return None
