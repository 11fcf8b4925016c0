"""What people type in Slack -> the question the answering core reads, and what `/rvu` asks for."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MESSAGE = 4000  # characters; a longer message is a paste, not a question
LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
CHANNEL_LINK = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")
RELEASE_PREFIX = re.compile(r"^\s*(?:--)?release[\s=:]+([A-Za-z0-9_.-]{1,20})\b\s*(.*)$", re.I | re.S)
SUBCOMMAND = re.compile(r"^\s*(help|tips|locality)\b\s*(.*)$", re.I | re.S)


def question_text(text: str | None, bot_user_id: str | None = None) -> str:
    """Slack's message markup made plain: our own mention dropped, links to their labels, and
    Slack's three escapes undone. Other mentions (`<@U…>`, `<!channel>`) are left as typed: the
    core ignores them, and anything echoed back is escaped again, so it can never ping."""
    text = text or ""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    text = LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = CHANNEL_LINK.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())


def is_oversized(text: str | None) -> bool:
    return len(text or "") > MAX_MESSAGE


def split_release(question: str, known: set[str] | dict) -> tuple[str | None, str]:
    """`release RVU25D what is 96406` -> ("RVU25D", "what is 96406"); names are matched
    case-insensitively against the loaded releases, and an unknown name is passed on so the
    core can say which releases exist."""
    match = RELEASE_PREFIX.match(question)
    if not match:
        return None, question
    name = match.group(1)
    for real in known:
        if real.lower() == name.lower():
            return real, match.group(2).strip()
    return name.upper(), match.group(2).strip()


@dataclass(frozen=True)
class SlashCommand:
    kind: str  # "help", "tips", "locality" or "question"
    rest: str  # what follows the sub-command (the whole text for a question)


def parse_slash(text: str) -> SlashCommand:
    text = (text or "").strip()
    if not text:
        return SlashCommand("help", "")
    match = SUBCOMMAND.match(text)
    if match:
        kind, rest = match.group(1).lower(), match.group(2).strip()
        if kind != "help" or not rest:
            return SlashCommand(kind, rest)
    return SlashCommand("question", text)


@dataclass(frozen=True)
class LocalityCommand:
    action: str  # "show", "set" or "clear"
    scope: str  # "user" or "channel"
    value: str = ""


LOCALITY_VALUE = re.compile(r"^[\w .,'()/-]{2,60}$")
OFF_WORDS = frozenset({"off", "clear", "none", "national", "reset"})


def parse_locality(rest: str) -> LocalityCommand | None:
    """`10001` · `channel 10001` · `off` · `channel off` · `` (show); None when it can't be used."""
    words = rest.split()
    scope = "user"
    if words and words[0].lower() in ("channel", "here"):
        scope = "channel"
        words = words[1:]
    if not words:
        return LocalityCommand("show", scope)
    value = " ".join(words)
    if value.lower() in OFF_WORDS:
        return LocalityCommand("clear", scope)
    if value.lower().startswith("zip "):
        value = value[4:].strip()
    if not LOCALITY_VALUE.match(value):
        return None
    return LocalityCommand("set", scope, value)


ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")


def locality_options(value: str | None) -> dict[str, str]:
    """A stored locality preference as options for `Answerer.answer`."""
    if not value:
        return {}
    if ZIP.match(value):
        return {"zip_code": value[:5]}
    return {"locality": value}
