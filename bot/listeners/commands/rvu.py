from __future__ import annotations

import time

from bot.deps import deps_of
from bot.listeners.preferences import locality_reply
from bot.listeners.tips import tips_reply
from bot.replies import answer_message, ask, asked_from_text, help_message, notice
from bot.slack_text import MAX_MESSAGE, is_oversized, parse_slash, question_text


def handle_rvu(ack, command, context, client, respond, logger):
    """`/rvu …`: acknowledged at once, then answered through response_url, only to the asker
    (which works in DMs and private channels the bot is not in)."""
    ack()
    started = time.monotonic()
    deps = deps_of(context)
    text = command.get("text") or ""
    team_id, user_id, channel_id = context.team_id or "", command.get("user_id"), command.get("channel_id")
    kind = "oversized"
    try:
        if is_oversized(text):
            message = notice("oversized", length=len(text), limit=MAX_MESSAGE)
        else:
            slash = parse_slash(question_text(text))
            kind = slash.kind
            if kind == "help":
                message = help_message()
            elif kind == "tips":
                message = tips_reply(deps, client, team_id, channel_id, user_id, slash.rest, logger)
            elif kind == "locality":
                message = locality_reply(deps, team_id, user_id, channel_id, slash.rest)
            else:
                asked = asked_from_text(deps, text, team_id, user_id, channel_id)
                answer = ask(deps, asked)
                kind = answer.intent
                message = answer_message(answer, asked, ephemeral=True, echo=True)
    except Exception:
        logger.exception("/rvu failed team=%s channel=%s", team_id, channel_id)
        message, kind = notice("failure"), "failure"
    respond(response_type="ephemeral", **message)
    logger.info("answered /rvu team=%s channel=%s kind=%s in %.0f ms", team_id, channel_id, kind,
                (time.monotonic() - started) * 1000)
