"""A tip's words and figures: the answer core's facts for one code, through the tip template."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.render import MAX_HEADER, MAX_SECTION, MAX_TEXT, SECTION_BREAK, escape_mrkdwn, render_template
from intents.answer import Answerer
from intents.facts import code_facts

METADATA_EVENT = "rvubot_tip"


@dataclass(frozen=True)
class TipMessage:
    blocks: list[dict]
    text: str  # notification fallback, mrkdwn-escaped


def tip_item(answerer: Answerer, code: str, release: str | None = None) -> dict:
    """What the template shows for one code: its facts, or our curated words alone when no
    loaded release has the code."""
    facts = code_facts(answerer.catalog, answerer.indicators, code, "", release or None)
    if facts is None and release:
        facts = code_facts(answerer.catalog, answerer.indicators, code)
    if facts is not None:
        return dict(facts, has_figures=True)
    know = answerer.catalog.knowledge.get(code)
    return {"code": code, "has_figures": False, "title": know.title if know else "",
            "plain": know.plain if know else "", "doc_tip": know.doc_tip if know else "",
            "asked_modifier": "", "descriptor": ""}


def _sections(item: dict, specialty: str, mrkdwn: bool) -> list[str]:
    raw = render_template("tip.j2", mrkdwn=mrkdwn, item=item, specialty=specialty)
    parts = (re.sub(r"\n{3,}", "\n\n", part).strip() for part in raw.split(SECTION_BREAK))
    return [part for part in parts if part]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_tip(item: dict, specialty: str = "") -> TipMessage:
    header = render_template("tip_header.j2", mrkdwn=False, item=item).strip()
    sections = _sections(item, specialty, mrkdwn=True)
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": _cut(header, MAX_HEADER),
                                                      "emoji": False}}]
    body, footer = sections[:-1], sections[-1:]
    for section in body:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(section, MAX_SECTION)}})
    for line in footer:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(line, MAX_SECTION)}]})
    plain = "\n\n".join([header] + _sections(item, specialty, mrkdwn=False))
    return TipMessage(blocks=blocks, text=escape_mrkdwn(_cut(plain, MAX_TEXT)))


def tip_metadata(team_id: str, channel_id: str, local_date: str, code: str) -> dict:
    """Carried by the posted message so a run that lost track of it can find it again."""
    return {"event_type": METADATA_EVENT,
            "event_payload": {"team": team_id, "channel": channel_id, "date": local_date, "code": code}}


def is_tip_for(message: dict, local_date: str) -> bool:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return metadata.get("event_type") == METADATA_EVENT and payload.get("date") == local_date
