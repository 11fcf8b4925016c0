"""The Slack app: one factory that wires settings, the answering core and the database into Bolt."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.deps import CONTEXT_KEY, Deps
from bot.listeners import register_listeners
from bot.listeners.errors import apologise
from bot.slack_retry import web_client
from bot.store import ensure_tables, installation_store, oauth_state_store
from intents.answer import Answerer

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
LISTENER_THREADS = 8


class SetupError(Exception):
    """The settings cannot make a working app (a missing token or secret)."""


def build_app(settings: Settings, answerer: Answerer, engine: Engine, *, socket_mode: bool | None = None,
              token_verification: bool = True) -> App:
    """A Bolt app answering from `answerer`, keeping its state in `engine`'s database.

    Multi-workspace (OAuth install, tokens from the installation store) when SLACK_CLIENT_ID is
    set, else one workspace with SLACK_BOT_TOKEN. Socket Mode apps need no signing secret.
    Listeners run after the ack (process_before_response=False), so Slack hears back at once.
    """
    socket_mode = bool(settings.slack_app_token) if socket_mode is None else socket_mode
    if not socket_mode and not settings.slack_signing_secret:
        raise SetupError("SLACK_SIGNING_SECRET is not set (needed to verify requests in HTTP mode)")
    ensure_tables(engine)
    common = dict(
        name="rvubot",
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=not socket_mode,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="rvubot-listener"),
    )
    if settings.slack_client_id:
        if not settings.slack_client_secret:
            raise SetupError("SLACK_CLIENT_SECRET is not set (needed with SLACK_CLIENT_ID for OAuth installs)")
        oauth = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(settings.slack_scopes),
            redirect_uri=settings.slack_redirect_uri or None,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            installation_store=installation_store(settings, engine),
            state_store=oauth_state_store(engine),
        )
        app = App(client=web_client(settings), oauth_settings=oauth, **common)
        app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked forget the workspace
    else:
        if not settings.slack_bot_token:
            raise SetupError("SLACK_BOT_TOKEN is not set (or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth)")
        app = App(client=web_client(settings, settings.slack_bot_token), token_verification_enabled=token_verification,
                  **common)

    deps = Deps(settings=settings, answerer=answerer, engine=engine)

    def provide_deps(context, next):
        context[CONTEXT_KEY] = deps
        return next()

    app.use(provide_deps)
    app.error(apologise)
    register_listeners(app)
    return app
