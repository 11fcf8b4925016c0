"""`rvubot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP served by uvicorn.

HTTP endpoints: POST /slack/events (events, slash commands, interactivity), GET /healthz, and
with SLACK_CLIENT_ID the OAuth install pair GET /slack/install and GET /slack/oauth_redirect.
SIGTERM or SIGINT stop the process cleanly in both modes: requests in flight finish, the tips
scheduler is told to stop.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import threading

import uvicorn
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_sdk.signature import SignatureVerifier

from bot.app import build_app
from bot.config import Settings, load_settings
from bot.tips import api as tips_api
from intents.answer import build_answerer
from intents.storage import open_engine

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few kB; refuse anything far larger
DRAIN_BYTES = 8 * MAX_BODY_BYTES  # past this we do not even read what we refuse
SHUTDOWN_GRACE_SECONDS = 10


class BodyTooLarge(Exception):
    pass


class BoltAsgiHandler(SlackRequestHandler):
    """Bolt's own ASGI adapter, with Bolt's synchronous work moved off the event loop (so one
    slow request never holds up the others) and unparseable payloads answered with a 4xx."""

    def __init__(self, app: App, signing_secret: str):
        super().__init__(app, path=EVENTS_PATH)
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None

    async def _request(self, request: AsgiHttpRequest) -> tuple[str, str, dict] | BoltResponse:
        try:
            body = await request.get_raw_body()
        except BodyTooLarge:
            return BoltResponse(status=413, body="payload too large")
        except UnicodeDecodeError:
            return BoltResponse(status=400, body="payload is not UTF-8")
        return body, request.query_string, request.get_headers()

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        parts = await self._request(request)
        if isinstance(parts, BoltResponse):
            return parts
        return await asyncio.to_thread(self._dispatch, *parts)

    def _dispatch(self, body: str, query: str, headers: dict) -> BoltResponse:
        try:
            bolt_request = BoltRequest(body=body, query=query, headers=headers)
        except ValueError:  # malformed JSON or form payload: Bolt cannot even read it
            if self.verifier is not None and not self.verifier.is_valid_request(body, headers):
                return BoltResponse(status=401, body="")
            return BoltResponse(status=400, body="malformed payload")
        try:
            return self.app.dispatch(bolt_request)
        except Exception:
            log.exception("request failed")
            return BoltResponse(status=500, body="internal error")

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        parts = await self._request(request)
        if isinstance(parts, BoltResponse):
            return parts
        return await asyncio.to_thread(self._oauth, self.app.oauth_flow.handle_installation, *parts)

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        parts = await self._request(request)
        if isinstance(parts, BoltResponse):
            return parts
        return await asyncio.to_thread(self._oauth, self.app.oauth_flow.handle_callback, *parts)

    @staticmethod
    def _oauth(handler, body: str, query: str, headers: dict) -> BoltResponse:
        try:
            return handler(BoltRequest(body=body, query=query, headers=headers))
        except Exception:
            log.exception("OAuth request failed")
            return BoltResponse(status=500, body="internal error")


def asgi_app(app: App, settings: Settings):
    """The ASGI application uvicorn serves: /healthz here, everything else to Bolt."""
    bolt = BoltAsgiHandler(app, settings.slack_signing_secret)

    async def application(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH:
            await _send(send, 200, json.dumps({"ok": True}).encode(), "application/json")
            return
        if scope["type"] == "http":
            length = dict(scope.get("headers") or []).get(b"content-length", b"0")
            if not length.isdigit():
                await _send(send, 400, b"bad content-length", "text/plain")
                return
            if int(length) > MAX_BODY_BYTES:
                if int(length) <= DRAIN_BYTES:  # read it, so the client sees our 413 rather than a reset
                    await _drain(receive)
                await _send(send, 413, b"payload too large", "text/plain")
                return
            receive = _limited(receive)
        await bolt(scope, receive, send)

    return application


async def _drain(receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


def _limited(receive):
    """A body longer than Content-Length said (chunked uploads) still stops at MAX_BODY_BYTES."""
    seen = 0

    async def limited():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY_BYTES:
            raise BodyTooLarge()
        return message

    return limited


async def _send(send, status: int, body: bytes, content_type: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def http_server(app: App, settings: Settings, host: str | None = None, port: int | None = None) -> uvicorn.Server:
    config = uvicorn.Config(
        asgi_app(app, settings),
        host=host or settings.host,
        port=settings.port if port is None else port,
        lifespan="off",
        # Access lines would carry OAuth codes in query strings; our own log says what matters.
        access_log=False,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        proxy_headers=True,
    )
    return uvicorn.Server(config)


def start_tips(settings: Settings, engine, stop: threading.Event):
    try:
        return tips_api.start_scheduler(settings, engine, stop)
    except NotImplementedError:
        log.info("daily tips are not available; no scheduler started")
    except Exception:  # answering questions matters more than tips: keep serving
        log.exception("the tips scheduler failed to start")
    return None


def serve(settings: Settings | None = None) -> int:
    settings = settings or load_settings()
    root = logging.getLogger()
    if root.getEffectiveLevel() > logging.getLevelName(settings.log_level):  # `rvubot -v` stays at DEBUG
        root.setLevel(settings.log_level)
    engine = open_engine(settings.database_url)
    answerer = build_answerer(engine)  # once: every listener shares it
    socket_mode = bool(settings.slack_app_token)
    app = build_app(settings, answerer, engine, socket_mode=socket_mode)
    stop = threading.Event()
    scheduler = start_tips(settings, engine, stop)
    try:
        if socket_mode:
            _run_socket_mode(app, settings, stop)
        else:
            log.info("serving HTTP on %s:%d (%s mode)", settings.host, settings.port,
                     "OAuth" if settings.slack_client_id else "single-workspace")
            server = http_server(app, settings)

            def on_signal(*_args):
                stop.set()
                server.should_exit = True

            # uvicorn catches the signal itself while it runs (stops accepting, drains requests
            # in flight), then re-raises it to the handler it found: ours, so that the process
            # ends through this function's clean-up instead of being killed by the signal.
            with _signals(on_signal):
                server.run()
    finally:
        stop.set()
        if scheduler is not None:
            scheduler.join(timeout=SHUTDOWN_GRACE_SECONDS)
        engine.dispose()
    log.info("stopped")
    return 0


def _run_socket_mode(app: App, settings: Settings, stop: threading.Event) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, settings.slack_app_token)
    with _signals(lambda *_args: stop.set()):
        try:
            handler.connect()
            log.info("connected in Socket Mode")
            stop.wait()
        finally:
            handler.close()


@contextlib.contextmanager
def _signals(handler):
    """SIGTERM and SIGINT call `handler` while inside (only the main thread can set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
