from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.deps import deps_of
from bot.replies import Asked, answer_message, ask, notice

# chat.postMessage errors that mean "not here", where response_url can still post.
NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


def share_answer(ack, action, body, context, client, respond, logger):
    """"Share in channel": the same answer, re-made from the question the button carries (never
    from the message's text, which a person could have altered), posted for everyone."""
    ack()
    deps = deps_of(context)
    try:
        asked = Asked.from_value(action.get("value", ""))
    except ValueError:
        respond(replace_original=False, **notice("stale_button"))
        return
    user_id = (body.get("user") or {}).get("id")
    channel_id = (body.get("channel") or {}).get("id") or context.channel_id
    message = answer_message(ask(deps, asked), asked, ephemeral=False, sharer=user_id)
    try:
        client.chat_postMessage(channel=channel_id, **message)
    except SlackApiError as exc:
        if exc.response.get("error") not in NOT_A_MEMBER:
            raise
        # A DM or private channel the bot is not in: response_url may post there.
        logger.info("share via response_url team=%s channel=%s (%s)", context.team_id, channel_id,
                    exc.response.get("error"))
        respond(response_type="in_channel", replace_original=False, **message)
    respond(delete_original=True)
    logger.info("shared answer team=%s channel=%s", context.team_id, channel_id)
