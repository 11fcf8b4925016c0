"""Question -> Query: which intent, which codes (with modifiers and ranges), what words to search."""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from intents.models import CodeRef, Query

MAX_QUESTION = 500  # characters we read; the rest of a pasted essay is ignored
MAX_RANGE = 60

MODIFIERS = ("26", "TC", "53", "25", "59", "50", "51", "52", "57", "24", "58", "78", "79", "76", "77",
             "80", "81", "82", "AS", "62", "66", "LT", "RT", "XS", "XU", "XE", "XP", "GA", "GY", "GZ", "KX",
             "33", "95", "FS", "FT", "QW", "PT", "GT", "GC", "AI")
_MOD = "|".join(MODIFIERS)
CODE_RE = re.compile(
    rf"(?<![\w$.])([0-9]{{4}}[0-9FTUftu]|[A-Va-v][0-9]{{4}})"
    rf"(?:(?:\s*-\s*|\s+mod(?:ifier)?\s*|\s+)({_MOD})\b|(?:\s*-\s*)({_MOD})(?![0-9]))?",
)
RANGE_RE = re.compile(r"(?<![\w$])(\d{5})\s*(?:-|–|to|through|thru)\s*(\d{5})(?!\d)")
ZIP_RE = re.compile(r"\bzip(?:\s*code)?\s*:?\s*(\d{5})(?:-\d{4})?\b|\bin\s+(\d{5})(?:-\d{4})?\b", re.I)
YEAR_RE = re.compile(r"\b(20\d\d)\b")
LOCALITY_ID_RE = re.compile(r"(?<![\w$.-])(\d{5})-(\d{2})(?![\w-])")  # MAC-locality, e.g. 13202-01

INTENT_PATTERNS = (
    ("help", re.compile(r"^\s*(help|\?|usage|commands|how do (i|you) use (this|you|the bot)|what can you do)\b")),
    ("compare", re.compile(r"\b(vs\.?|versus|compare[sd]?|comparison|comparing|difference between|differences?|"
                           r"rank(s|ed|ing)?|peers?|stack(s)? up|side by side|what changed|changes? (in|for|from)|"
                           r"year over year|yoy)\b")),
    ("global_period", re.compile(r"\bglobal\b|\bpost-?op(erative)? (days|period)\b|\bfollow-?up (days|period)\b")),
    ("specialty", re.compile(r"\bwho\s+(bills?|does|do|performs?|uses?|codes?|can bill|typically|usually|would)\b|"
                             r"\bwhich\s+(doctors?|physicians?|providers?|specialt(y|ies)|clinicians?)\b|"
                             r"\bwhat\s+(specialt(y|ies)|kind of doctors?|type of doctors?|doctors?|providers?)\b|"
                             r"\bspecialt(y|ies)\b")),
    ("usage", re.compile(r"\bwhen\s+(is|are|was|should|do|does|can|would|to|might|must)\b|"
                         r"\bhow\s+(do|should|can)\s+(i|we|you)\s+(bill|code|use|report)\b|\bhow to (bill|use|report)\b|"
                         r"\b(requirements?|documentation|document|criteria)\b")),
    ("rvu", re.compile(r"\b(w?rvus?|relative values?|work values?|work units?|total units)\b")),
    ("payment", re.compile(r"\b(pay|pays|paid|payment|payments|reimburse\w*|rates?|allowed|allowable|fees?|"
                           r"prices?|pricing|cost|costs|worth|dollars?|how much)\b|\$")),
    ("find_code", re.compile(r"\b(code|codes|cpt|hcpcs)\s+(for|to use for|of)\b|\b(what|which)\s+(cpt\s+)?code\b|"
                             r"\bhow (do i|to|should i) code\b")),
    ("describe", re.compile(r"\b(what\s+is|what's|whats|what\s+are|what\s+does|describe|explain|tell me about|"
                            r"define|definition|meaning|means|info|information|details?|look ?up)\b")),
)

# Words that carry the intent or politeness, not the service: dropped before searching.
TRIGGER_WORDS = frozenset("""
what whats what's is are was the a an of for does do did doing how much many me tell about describe
explain define definition meaning info information detail details cpt hcpcs code codes who bill bills
billed billing which doctor doctors physician physicians provider providers specialty specialties use
uses used when should can would i we you get gets rvu rvus wrvu wrvus relative value values work unit
units pay pays paid payment reimburse reimburses reimbursed reimbursement rate rates allowed allowable
amount fee fees price prices pricing cost costs worth dollar dollars global period days post-op postop
compare compared compares vs vs. versus rank ranks ranking among peer peers against please pls thanks
bot rvubot typically usually perform performs performed look up lookup give show find need there to it
in on kind type report our my this that by difference differences between be
""".split())
SETTING_WORDS = re.compile(r"\b(facility|non-?facility|office|hospital|asc|inpatient|outpatient|setting)\b")
ADD_ON_WORDS = re.compile(r"\b(additional|add-?on|addl|each additional|extra|subsequent|each add'?l)\b")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Normalise what a person typed: Unicode forms, control characters, Slack markup, length."""
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL.sub(" ", text)
    text = re.sub(r"<[@#!][^>]*>", " ", text)  # Slack mentions and channel links
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return " ".join(text.split())[:MAX_QUESTION]


def parse(text: str, known: Callable[[str], bool] = lambda _c: True) -> Query:
    """Understand one question. `known` tells whether a five-character token is a real code."""
    question = clean(text)
    lower = question.lower()
    if not lower.strip(" ?!."):
        return Query(text=question, intent="help")

    codes: list[CodeRef] = []
    spans: list[tuple[int, int]] = []
    locality_id = ""
    for match in LOCALITY_ID_RE.finditer(question):
        if not known(match.group(1)):
            locality_id = match.group(0)
            spans.append(match.span())
            break

    zip_code = ""
    zip_match = ZIP_RE.search(question)
    if zip_match and not (locality_id and zip_match.end() > spans[0][0] >= zip_match.start()):
        candidate = zip_match.group(1) or zip_match.group(2)
        if zip_match.group(1) or not known(candidate):
            zip_code = candidate
    for match in RANGE_RE.finditer(question):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last and last - first <= MAX_RANGE:
            for number in range(first, last + 1):
                code = f"{number:05d}"
                if known(code) or code in (match.group(1), match.group(2)):
                    codes.append(CodeRef(code))
            spans.append(match.span())
    for match in CODE_RE.finditer(question):
        if any(a <= match.start() < b for a, b in spans):
            continue
        code = match.group(1).upper()
        if code == zip_code or YEAR_RE.fullmatch(code) and not known(code):
            continue
        modifier = (match.group(2) or match.group(3) or "").upper()
        codes.append(CodeRef(code, modifier))
        spans.append(match.span())
    codes = list(dict.fromkeys(codes))

    intent = _intent(lower, codes)
    if intent == "help":
        return Query(text=question, intent="help")
    place = _place(lower, question, bool(codes)) if intent in ("payment", "rvu", "describe", "compare") and not zip_code else ""
    place = locality_id or place
    subject = _subject(question, spans, intent)
    if place and not locality_id:
        subject = re.sub(rf"(^|\s){re.escape(place)}$", "", subject).strip()  # the place is not the service
    wants_add_on = bool(ADD_ON_WORDS.search(lower))
    years = YEAR_RE.findall(lower)
    year_over_year = bool(re.search(r"\b(changed?|changes|year over year|yoy|from \d{4}|last year)\b", lower)) or len(set(years)) >= 2
    if (zip_code or place) and intent in ("rvu", "describe"):
        intent = "payment"  # a place only matters for money
    if intent in ("describe", "help") and not codes and subject:
        intent = "find_code"
    elif intent not in ("help",) and not codes and not subject:
        intent = "help" if intent in ("describe", "find_code") else intent
    return Query(text=question, intent=intent, codes=tuple(codes), subject=subject,
                 wants_add_on=wants_add_on, zip_code=zip_code, place=place, year_over_year=year_over_year)


def _intent(lower: str, codes: list[CodeRef]) -> str:
    found = [name for name, pattern in INTENT_PATTERNS if pattern.search(lower)]
    if "help" in found and not codes:
        return "help"
    found = [f for f in found if f != "help"]
    if "compare" in found:
        return "compare"
    if len({c.code for c in codes}) >= 2 and not set(found) & {"global_period", "specialty", "usage", "rvu", "payment"}:
        return "compare"
    for name in ("global_period", "specialty", "usage", "rvu", "payment", "find_code", "describe"):
        if name in found:
            if name == "describe" and not codes:
                return "find_code"
            return name
    return "describe" if codes else "find_code"


def _place(lower: str, question: str = "", has_codes: bool = True) -> str:
    # "for" names a place only after a code ("99214 rate for manhattan"); without one, the words
    # after it are the service ("rvus for cataract surgery").
    prepositions = "in|for|at|near" if has_codes else "in|at|near"
    match = re.search(rf"\b(?:{prepositions})\s+([a-z][a-z .,'-]{{1,60}})$", lower.rstrip("?!. "))
    if not match:
        return ""
    words = match.group(1).strip(" ,.")
    if SETTING_WORDS.search(words) or re.search(r"\b(20\d\d|medicare|rvus?|dollars?|qp|apms?|rates?)\b", words):
        return ""
    if len(words) == 2 and not re.search(rf"\b{re.escape(words.upper())}\W*$", question):
        return ""  # a two-letter place is a state code only when written as one ("in TX", not "for me")
    return re.sub(r"^(the|a)\s+", "", words)


def _subject(question: str, spans: list[tuple[int, int]], intent: str) -> str:
    text = question
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + " " + text[b:]
    lower = text.lower()
    if intent == "payment":
        lower = re.sub(r"\bmedicare\b", " ", lower)
    lower = re.sub(r"\bzip(\s*code)?\s*:?\s*\d{5}(-\d{4})?\b", " ", lower)
    tokens = re.findall(r"[\w&/+'-]+", lower)
    words = [w.strip("'-") for w in tokens if w.strip("'-") and w not in TRIGGER_WORDS and w not in ("/", "'s", "s")]
    return " ".join(words)
