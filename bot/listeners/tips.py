"""`/rvu tips …`, handed to the tips package (bot/tips/api.py)."""
from __future__ import annotations

from bot.deps import Deps
from bot.replies import notice, plain_reply
from bot.tips import api as tips_api


def tips_reply(deps: Deps, client, team_id: str, channel_id: str, user_id: str, rest: str, logger) -> dict:
    try:
        reply = tips_api.handle_tips_command(deps.settings, deps.engine, client, team_id, channel_id, user_id, rest)
    except NotImplementedError:
        return notice("tips_unavailable")
    return plain_reply(reply)
