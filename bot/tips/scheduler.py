"""The background loop of `rvubot serve`: run the due tips once a minute."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.tips.runner import NOT_DUE, SKIPPED, run_due
from intents.answer import Answerer, build_answerer
from intents.storage import StorageError, list_releases

log = logging.getLogger(__name__)


@dataclass
class AnswererCache:
    """One Answerer for the loop, rebuilt when an import changes the releases in the database."""

    engine: Engine
    _answerer: Answerer | None = None
    _key: tuple = field(default_factory=tuple)

    def get(self) -> Answerer:
        try:
            key = tuple(sorted((r["name"], str(r.get("imported_at"))) for r in list_releases(self.engine)))
        except StorageError:
            key = self._key
        if self._answerer is None or key != self._key:
            self._answerer, self._key = build_answerer(self.engine), key
        return self._answerer


def start(settings: Settings, engine: Engine, stop_event: threading.Event,
          now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> threading.Thread:
    thread = threading.Thread(target=loop, args=(settings, engine, stop_event, now), name="rvubot-tips", daemon=True)
    thread.start()
    return thread


def loop(settings: Settings, engine: Engine, stop_event: threading.Event, now: Callable[[], datetime]) -> None:
    answerers = AnswererCache(engine)
    interval = max(int(settings.tips_interval_seconds), 1)
    while not stop_event.is_set():
        try:
            for outcome in run_due(settings, engine, now(), answerer=answerers.get):
                if outcome.action not in (NOT_DUE, SKIPPED):
                    log.info("tips: %s", outcome.line())
        except Exception:  # keep the loop alive: the next minute may well work
            log.exception("tips run failed")
        # Wake on the minute (or interval) boundary, so HH:MM tips go out at HH:MM.
        stop_event.wait(interval - time.time() % interval)
