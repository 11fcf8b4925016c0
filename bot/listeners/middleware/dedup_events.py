from __future__ import annotations

from slack_bolt import BoltResponse

from bot.deps import deps_of
from bot.store import claim_event


def dedup_events(body, context, next, logger):
    """Slack re-sends an event it thinks went unanswered; answer each event id once, across
    retries and across instances (the database's unique key decides), and ack the rest."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not claim_event(deps_of(context).engine, str(event_id)):
        logger.info("event %s already handled; skipping a retry", event_id)
        return BoltResponse(status=200, body="")
    return next()
