from __future__ import annotations

from bot.listeners.events.app_home_opened import publish_home
from bot.listeners.events.app_mention import answer_mention


def register(app) -> None:
    app.event("app_mention")(answer_mention)
    app.event("app_home_opened")(publish_home)
