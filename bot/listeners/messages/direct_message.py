from __future__ import annotations

from bot.deps import deps_of
from bot.listeners.conversation import reply_to_message


def answer_direct_message(event, context, client, logger):
    """A question in a direct message. Edits, deletions, joins, bots (ourselves included) and
    messages in channels (mentions arrive as app_mention) get no answer."""
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return
    if not event.get("user") or event.get("user") == context.bot_user_id:
        return
    reply_to_message(deps_of(context), client, event, context, logger, thread_ts=event.get("thread_ts"), surface="dm")
