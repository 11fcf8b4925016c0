"""Answer -> words: plain text (CLI, JSON `text`, notification fallback) and Slack Block Kit."""
from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from intents.facts import load_indicators
from intents.models import Answer

SECTION_BREAK = "\x1e"  # parse.clean() strips control characters, so no user text holds it
MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_TEXT = 3900  # Slack truncates message `text` past 4,000 characters


def escape_mrkdwn(value) -> str:
    """Slack's three control characters; after this no text can ping @channel or a user."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@lru_cache(maxsize=2)
def _environment(mrkdwn: bool) -> Environment:
    env = Environment(loader=PackageLoader("bot", "templates"), trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=False, autoescape=False)
    env.filters["e"] = escape_mrkdwn if mrkdwn else (lambda v: str(v))
    env.filters["b"] = (lambda v: f"*{v}*") if mrkdwn else (lambda v: str(v))
    env.filters["ordinal"] = ordinal
    env.globals["BR"] = SECTION_BREAK
    env.globals["modifier_meanings"] = load_indicators()["modifiers"]  # data/indicators.yaml
    return env


def render_template(name: str, mrkdwn: bool = False, **context) -> str:
    return _environment(mrkdwn).get_template(name).render(**context)


def _sections(answer: Answer, mrkdwn: bool) -> list[str]:
    raw = render_template("answer.j2", mrkdwn=mrkdwn, answer=answer)
    sections = []
    for part in raw.split(SECTION_BREAK):
        part = re.sub(r"\n{3,}", "\n\n", part)
        if part.strip():
            sections.append(part.strip())
    return sections


def render_notices(answer: Answer) -> list[str]:
    """Each notice of an answer as one plain sentence (for the JSON `notes`)."""
    module = _environment(False).get_template("_notices.j2").module
    return [str(module.notice(n)).strip() for n in answer.notices]


def render_text(answer: Answer) -> str:
    """Plain text a person reads in a terminal (no mrkdwn markers, nothing escaped)."""
    text = "\n\n".join(_sections(answer, mrkdwn=False))
    return re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)


def render_blocks(answer: Answer) -> tuple[list[dict], str]:
    """Block Kit blocks within Slack's limits, and the plain `text` fallback for notifications."""
    blocks: list[dict] = []
    header = headline(answer)
    if header:
        blocks.append({"type": "header", "text": {"type": "plain_text", "text": _cut(header, MAX_HEADER), "emoji": False}})
    for section in _sections(answer, mrkdwn=True):
        for chunk in _split(section, MAX_SECTION):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": chunk}})
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[:MAX_BLOCKS - 1] + [{"type": "context", "elements": [
            {"type": "mrkdwn", "text": "Answer shortened to fit one Slack message; ask about fewer codes for the rest."}]}]
    return blocks, fallback_text(answer)


def headline(answer: Answer) -> str:
    if answer.intent in ("help", "unknown") or not answer.items:
        return ""
    if len(answer.items) > 1 and answer.intent == "compare":
        return "Compare " + " · ".join(i["code"] for i in answer.items)
    item = answer.items[0]
    title = item.get("title") or item.get("descriptor") or ""
    label = item["code"] + (f"-{item['asked_modifier']}" if item.get("asked_modifier") else "")
    return f"{label} — {title}" if title else label


def fallback_text(answer: Answer) -> str:
    """One line or so for notifications; mrkdwn-escaped because Slack parses it too."""
    return escape_mrkdwn(_cut(render_text(answer), MAX_TEXT))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _split(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    chunks, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) + 1 > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks
