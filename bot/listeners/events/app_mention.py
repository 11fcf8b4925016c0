from __future__ import annotations

from bot.deps import deps_of
from bot.listeners.conversation import reply_to_message


def answer_mention(event, context, client, logger):
    """`@bot what is 96406` in a channel: the answer goes in the message's thread."""
    if event.get("bot_id") or event.get("subtype"):
        return  # another bot talking to us; answering could start a loop
    thread_ts = event.get("thread_ts") or event.get("ts")
    reply_to_message(deps_of(context), client, event, context, logger, thread_ts=thread_ts, surface="mention")
