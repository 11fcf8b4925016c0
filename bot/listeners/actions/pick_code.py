from __future__ import annotations

from bot.deps import deps_of
from bot.replies import Asked, answer_message, ask, notice, picked
from bot.slack_text import locality_options
from bot.store import preferred_locality


def pick_code(ack, action, body, context, respond, logger):
    """A code chosen from the picker: its answer replaces the picker message."""
    ack()
    deps = deps_of(context)
    try:
        code, release = picked((action.get("selected_option") or {}).get("value", ""))
    except ValueError:
        respond(replace_original=False, **notice("stale_button"))
        return
    user_id = (body.get("user") or {}).get("id")
    channel_id = (body.get("channel") or {}).get("id") or context.channel_id
    place = preferred_locality(deps.engine, context.team_id or "", user_id, channel_id)
    asked = Asked(f"what is {code}", release, locality_options(place))
    ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
    respond(replace_original=True, **answer_message(ask(deps, asked), asked, ephemeral=ephemeral, echo=ephemeral))
    logger.info("picked a code team=%s channel=%s", context.team_id, channel_id)
