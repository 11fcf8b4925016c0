from __future__ import annotations

from bot.deps import deps_of
from bot.replies import Asked, answer_message, ask, notice


def show_more(ack, action, body, context, respond, logger):
    """"Show more": the same answer again, with more of its codes, in place of the shorter one."""
    ack()
    try:
        asked = Asked.from_value(action.get("value", ""))
    except ValueError:
        respond(replace_original=False, **notice("stale_button"))
        return
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
    message = answer_message(ask(deps_of(context), asked), asked, ephemeral=ephemeral, echo=ephemeral)
    respond(replace_original=True, **message)
    logger.info("showed more team=%s shown=%d", context.team_id, asked.shown)
