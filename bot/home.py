"""App Home: how to ask, the data loaded, the reader's locality, and the workspace's daily tips."""
from __future__ import annotations

import logging

from bot.deps import Deps
from bot.render import SECTION_BREAK, escape_mrkdwn, render_template
from bot.replies import SLACK_ID
from bot.store import get_preference
from bot.tips import api as tips_api

log = logging.getLogger(__name__)


def home_view(deps: Deps, team_id: str, user_id: str) -> dict:
    context = {
        "releases": deps.answerer.catalog.newest_first(),
        "pinned": deps.settings.release,
        "locality": get_preference(deps.engine, team_id or "", "user", user_id),
        "tips": tips_rows(deps, team_id),
    }
    raw = render_template("home.j2", mrkdwn=True, **context)
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": "RVU bot"}}]
    for part in raw.split(SECTION_BREAK):
        if part.strip():
            if len(blocks) > 1:
                blocks.append({"type": "divider"})
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": part.strip()[:3000]}})
    return {"type": "home", "blocks": blocks[:100]}


def tips_rows(deps: Deps, team_id: str) -> list[dict] | None:
    """The tips package's summary, made safe to show; None when tips are not available."""
    try:
        summary = tips_api.home_summary(deps.settings, deps.engine, team_id)
    except NotImplementedError:
        return None
    except Exception:  # App Home must still open when the tips store misbehaves
        log.exception("tips summary failed for team %s", team_id)
        return None
    rows = []
    for entry in summary or []:
        channel_id = str(entry.get("channel_id") or "")
        days = entry.get("days") or ""
        rows.append({
            # Our own markup only for a real channel id; anything else is shown as text.
            "channel": f"<#{channel_id}>" if SLACK_ID.match(channel_id) else escape_mrkdwn(channel_id or "?"),
            "time": str(entry.get("time") or ""),
            "tz": str(entry.get("tz") or ""),
            "days": ", ".join(map(str, days)) if isinstance(days, (list, tuple)) else str(days),
            "specialty": str(entry.get("specialty") or ""),
            "enabled": bool(entry.get("enabled", True)),
            "problem": str(entry.get("problem") or ""),
        })
    return rows
