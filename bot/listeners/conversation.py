"""Answering a message (a mention or a DM) in its conversation: shared by both listeners."""
from __future__ import annotations

import time

from bot.deps import Deps
from bot.replies import answer_message, ask, asked_from_text, help_message, notice
from bot.slack_text import MAX_MESSAGE, is_oversized


def reply_to_message(deps: Deps, client, event: dict, context, logger, *, thread_ts: str | None, surface: str) -> None:
    started = time.monotonic()
    channel = event["channel"]
    text = event.get("text") or ""
    try:
        message, intent = _reply(deps, text, event, context)
    except Exception:  # the person still hears from us; the trace stays in the log
        logger.exception("answering a %s failed team=%s channel=%s", surface, context.team_id, channel)
        message, intent = notice("failure"), "failure"
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)  # a failure goes to errors.apologise
    # Never the question itself: it may hold patient details.
    logger.info("answered %s team=%s channel=%s intent=%s in %.0f ms", surface, context.team_id, channel, intent,
                (time.monotonic() - started) * 1000)


def _reply(deps: Deps, text: str, event: dict, context) -> tuple[dict, str]:
    if is_oversized(text):
        return notice("oversized", length=len(text), limit=MAX_MESSAGE), "oversized"
    asked = asked_from_text(deps, text, context.team_id, event.get("user"), event["channel"], context.bot_user_id)
    if not asked.question:
        return help_message(), "help"  # a bare mention: say how to ask
    answer = ask(deps, asked)
    return answer_message(answer, asked, ephemeral=False), answer.intent
