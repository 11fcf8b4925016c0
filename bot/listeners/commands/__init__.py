from __future__ import annotations

from bot.listeners.commands.rvu import handle_rvu


def register(app) -> None:
    app.command("/rvu")(handle_rvu)
