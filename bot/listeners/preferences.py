"""`/rvu locality …`: a person's or a channel's default locality for pricing."""
from __future__ import annotations

import logging

from bot.deps import Deps
from bot.replies import notice
from bot.slack_text import parse_locality
from bot.store import clear_preference, get_preference, set_preference

log = logging.getLogger(__name__)
UNKNOWN = frozenset({"unknown", "unknown_zip"})


def locality_reply(deps: Deps, team_id: str, user_id: str | None, channel_id: str | None, rest: str) -> dict:
    request = parse_locality(rest)
    if request is None:
        return notice("locality_invalid")
    scope_id = channel_id if request.scope == "channel" else user_id
    if not scope_id:
        return notice("locality_invalid")
    if request.action == "set":
        place = _resolve(deps, request.value)
        if place is not None and getattr(place, "problem", "") in UNKNOWN:
            candidates = list(getattr(place, "candidates", ()))[:5]
            return notice("locality_unknown", value=request.value, candidates=candidates)
        set_preference(deps.engine, team_id, request.scope, scope_id, request.value)
        return notice("locality_set", scope=request.scope, value=request.value, where=_where(place),
                      unchecked=place is None)
    if request.action == "clear":
        existed = clear_preference(deps.engine, team_id, request.scope, scope_id)
        return notice("locality_cleared", scope=request.scope, existed=existed)
    current = get_preference(deps.engine, team_id, request.scope, scope_id)
    return notice("locality_show", scope=request.scope, value=current)


def _resolve(deps: Deps, value: str):
    """What the pricing extension makes of a place (None: no locality data loaded, or no such
    extension). Checked before storing, so a typo is caught now rather than at every question."""
    for extension in deps.answerer.extensions:
        resolve = getattr(extension, "resolve", None)
        if callable(resolve):
            try:
                return resolve(deps.answerer.catalog, value)
            except Exception:  # a check that fails must not stop people from saving a setting
                log.exception("checking a locality failed")
                return None
    return None


def _where(place) -> list[str]:
    localities = getattr(place, "localities", ()) or ()
    return [f"{loc.name} ({loc.state})" for loc in localities][:3]
