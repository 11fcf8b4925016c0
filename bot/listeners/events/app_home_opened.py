from __future__ import annotations

from bot.deps import deps_of
from bot.home import home_view


def publish_home(event, context, client, logger):
    if event.get("tab") not in (None, "home"):
        return
    user_id = event.get("user")
    if not user_id:
        return
    client.views_publish(user_id=user_id, view=home_view(deps_of(context), context.team_id or "", user_id))
    logger.info("home published team=%s", context.team_id)
