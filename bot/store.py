"""The bot's own state in the database: Slack installations and OAuth state (slack_sdk's
SQLAlchemy stores), and the bot token to use for a workspace."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

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
