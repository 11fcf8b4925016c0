from __future__ import annotations

from bot.replies import notice


def unknown_action(ack, action, body, respond, logger):
    """A button we no longer have (an old message, a newer or older version of the bot): ack it
    so Slack shows no error, and say so to the person who clicked."""
    ack()
    logger.info("unknown action %r", str(action.get("action_id", ""))[:64])
    if body.get("response_url"):
        respond(replace_original=False, **notice("stale_button"))
