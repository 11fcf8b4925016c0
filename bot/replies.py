"""Questions asked in Slack -> Answers -> Slack messages (Block Kit + plain `text` fallback).

The wording lives in templates (the core's answer templates, plus bot/templates/slack_*.j2);
this module decides which pieces a message has: the answer, a picker of likely codes, "Show
more", "Share in channel".
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from bot.deps import Deps
from bot.render import MAX_BLOCKS, SECTION_BREAK, escape_mrkdwn, render_blocks, render_template
from bot.slack_text import locality_options, question_text, split_release
from bot.store import preferred_locality
from intents.models import Answer

PAGE = 5  # codes shown at first; "Show more" adds as many again
VALUE_LIMIT = 2000  # Slack's limit on a button's value
QUESTION_IN_VALUE = 1000  # the core reads 500 characters of a question; keep the rest out of buttons
OPTION_TEXT = 75  # Slack's limit on a select option's text
PICKER_SIZE = 10
SLACK_ID = re.compile(r"^[UWBCDG][A-Z0-9]{2,}$")

SHARE_ACTION = "rvu_share"
PICK_ACTION = "rvu_pick"
MORE_ACTION = "rvu_more"


@dataclass(frozen=True)
class Asked:
    """A question as it was asked: what buttons carry so a click repeats the same answer."""

    question: str
    release: str | None = None
    options: dict[str, str] = field(default_factory=dict)  # zip_code / locality for the answerer
    shown: int = PAGE

    def to_value(self) -> str:
        question = self.question[:QUESTION_IN_VALUE]
        while True:
            value = json.dumps({"q": question, "r": self.release, "o": self.options, "n": self.shown},
                               ensure_ascii=False, separators=(",", ":"))
            if len(value) < VALUE_LIMIT:
                return value
            question = question[: len(question) // 2]

    @classmethod
    def from_value(cls, value: str) -> "Asked":
        """Raises ValueError for anything that is not a value we made."""
        data = json.loads(value or "")
        if not isinstance(data, dict) or not isinstance(data.get("q"), str):
            raise ValueError("not an rvubot button value")
        release = data.get("r")
        options = data.get("o") or {}
        shown = data.get("n", PAGE)
        if release is not None and not isinstance(release, str):
            raise ValueError("bad release")
        if not isinstance(options, dict) or not all(
                k in ("zip_code", "locality") and isinstance(v, str) for k, v in options.items()):
            raise ValueError("bad options")
        if not isinstance(shown, int) or not 1 <= shown <= 500:
            raise ValueError("bad page size")
        return cls(data["q"][:QUESTION_IN_VALUE], release, options, shown)


def asked_from_text(deps: Deps, text: str, team_id: str | None, user_id: str | None,
                    channel_id: str | None, bot_user_id: str | None = None) -> Asked:
    """What a person typed (Slack markup and all) with their or the channel's default locality."""
    release, question = split_release(question_text(text, bot_user_id), deps.answerer.catalog.releases)
    place = preferred_locality(deps.engine, team_id or "", user_id, channel_id)
    return Asked(question, release, locality_options(place))


def ask(deps: Deps, asked: Asked) -> Answer:
    release = asked.release or deps.settings.release or None
    return deps.answerer.answer(asked.question, release=release, **asked.options)


# -- messages ----------------------------------------------------------------------------------

def is_ambiguous(answer: Answer) -> bool:
    return not answer.confident and len(answer.suggestions) > 1


def answer_message(answer: Answer, asked: Asked, *, ephemeral: bool, echo: bool = False,
                   sharer: str | None = None) -> dict:
    """The Slack message for an answer: {"text": fallback, "blocks": [...]}.

    ephemeral: only the asker sees it, so it gets "Share in channel".
    echo: start with the question as asked (slash command replies, shared answers).
    sharer: the user id of whoever shared it.
    """
    top = [_context(render_template("slack_asked.j2", mrkdwn=True, question=asked.question, release=asked.release,
                                    place=_place(asked), sharer=sharer if sharer and SLACK_ID.match(sharer) else None))
           ] if echo or sharer else []
    if is_ambiguous(answer):
        return _picker_message(answer, asked, top)

    page = _page(answer, asked.shown)
    blocks, text = render_blocks(page)
    elements = []
    if len(answer.items) > asked.shown:
        label = render_template("slack_label.j2", kind="more", left=len(answer.items) - asked.shown, page=PAGE)
        elements.append(_button(label, MORE_ACTION, replace(asked, shown=asked.shown + PAGE).to_value()))
    others = [s for s in answer.suggestions if s["code"] not in answer.facts]
    if others and answer.intent in ("find_code", "specialty", "unknown"):
        label = "did_you_mean" if answer.intent == "unknown" else "other_codes"
        elements.append(_select(others, asked, render_template("slack_label.j2", kind=label)))
    if ephemeral:
        elements.append(_button(render_template("slack_label.j2", kind="share"), SHARE_ACTION, asked.to_value(),
                                style="primary"))
    bottom = [{"type": "actions", "elements": elements}] if elements else []
    return {"text": text, "blocks": _fit(top, blocks, bottom)}


def _picker_message(answer: Answer, asked: Asked, top: list[dict]) -> dict:
    intro = render_template("slack_picker.j2", mrkdwn=True, answer=answer, question=asked.question)
    picker = _select(answer.suggestions, asked, render_template("slack_label.j2", kind="pick"))
    blocks = top + [_section(intro), {"type": "actions", "elements": [picker]}]
    return {"text": intro, "blocks": blocks}


def notice(kind: str, **context) -> dict:
    """A short message in the bot's own words (bot/templates/slack_notice.j2)."""
    text = render_template("slack_notice.j2", mrkdwn=True, kind=kind, **context).strip()
    return {"text": text, "blocks": [_section(text)]}


def help_message() -> dict:
    sections = _template_sections("slack_help.j2")
    return {"text": escape_mrkdwn(render_template("help.j2").strip()), "blocks": [_section(s) for s in sections]}


def plain_reply(text: str) -> dict:
    """Text someone else already wrote as mrkdwn (the tips package's replies)."""
    text = (text or "").strip() or " "
    return {"text": text[:3900], "blocks": [_section(chunk) for chunk in _chunks(text, 2900)][:MAX_BLOCKS]}


# -- Block Kit pieces --------------------------------------------------------------------------

def _template_sections(name: str, **context) -> list[str]:
    raw = render_template(name, mrkdwn=True, **context)
    return [part.strip() for part in raw.split(SECTION_BREAK) if part.strip()]


def _page(answer: Answer, shown: int) -> Answer:
    if len(answer.items) <= shown:
        return answer
    items = answer.items[:shown]
    codes = [item["code"] for item in items]
    return replace(answer, items=items, codes=codes, facts={c: answer.facts[c] for c in codes if c in answer.facts})


def _fit(top: list[dict], blocks: list[dict], bottom: list[dict]) -> list[dict]:
    room = MAX_BLOCKS - len(top) - len(bottom)
    if len(blocks) > room:
        blocks = blocks[: room - 1] + [_context(render_template("slack_label.j2", kind="shortened"))]
    return top + blocks + bottom


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text.strip()[:3000]}]}


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "text": {"type": "plain_text", "text": label.strip()[:75]},
              "action_id": action_id, "value": value}
    if style:
        button["style"] = style
    return button


def _select(suggestions: list[dict], asked: Asked, placeholder: str) -> dict:
    options = []
    for s in suggestions[:PICKER_SIZE]:
        label = s["code"] + (f" — {s['title']}" if s.get("title") else "")
        if len(label) > OPTION_TEXT:
            label = label[: OPTION_TEXT - 1].rstrip() + "…"
        value = json.dumps({"c": s["code"], "r": asked.release}, separators=(",", ":"))[:150]
        options.append({"text": {"type": "plain_text", "text": label}, "value": value})
    return {"type": "static_select", "action_id": PICK_ACTION,
            "placeholder": {"type": "plain_text", "text": placeholder.strip()[:150]}, "options": options}


def _place(asked: Asked) -> str:
    if "zip_code" in asked.options:
        return "ZIP " + asked.options["zip_code"]
    return asked.options.get("locality", "")


def _chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [" "]


def picked(value: str) -> tuple[str, str | None]:
    """The code (and release) a picker option stands for; ValueError if it is not ours."""
    data = json.loads(value or "")
    code = data.get("c") if isinstance(data, dict) else None
    release = data.get("r") if isinstance(data, dict) else None
    if not isinstance(code, str) or not re.fullmatch(r"[0-9A-Z]{5}", code) or not (
            release is None or isinstance(release, str)):
        raise ValueError("not an rvubot picker option")
    return code, release
