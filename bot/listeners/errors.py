"""What happens when a listener raises after Slack was acknowledged."""
from __future__ import annotations

from bot.replies import notice


def apologise(error, body, respond, logger):
    """Log the failure (its type and trace, never the message text) and, where Slack gave us a
    response_url, tell the person something went wrong instead of leaving them waiting."""
    logger.error("listener failed: %s", error.__class__.__name__, exc_info=error)
    if respond is not None and body.get("response_url"):
        try:
            respond(replace_original=False, **notice("failure"))
        except Exception:  # the apology is best effort; the failure is already logged
            logger.warning("could not tell the user about the failure")
