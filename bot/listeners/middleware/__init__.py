from __future__ import annotations

from bot.listeners.middleware.dedup_events import dedup_events


def register(app) -> None:
    app.use(dedup_events)
