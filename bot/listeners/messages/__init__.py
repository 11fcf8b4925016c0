from __future__ import annotations

from bot.listeners.messages.direct_message import answer_direct_message


def register(app) -> None:
    # Every `message` event, whatever its subtype: an unhandled one would get a 404 and
    # Slack would keep retrying it. The listener decides what deserves an answer.
    app.event("message")(answer_direct_message)
