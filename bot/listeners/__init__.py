"""Every Slack listener, wired by `register_listeners(app)`; nothing registers itself on import."""
from __future__ import annotations

from bot.listeners import actions, commands, events, messages, middleware


def register_listeners(app) -> None:
    middleware.register(app)  # first: a retried event must stop before any listener runs
    events.register(app)
    messages.register(app)
    commands.register(app)
    actions.register(app)
