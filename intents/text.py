"""Turning descriptors and questions into comparable search tokens."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

TOKEN_RE = re.compile(r"[a-z0-9_]+(?:[&+][a-z0-9_]+)*")
STOPWORDS = frozenset("a an the of for and or to in on by per at as is are be any its into from".split())
NEGATIONS = frozenset(("without", "no", "non"))
NOT_NEGATABLE = frozenset(("with", "and", "or", "&"))


@dataclass(frozen=True)
class Normaliser:
    """Expands shorthand (in CMS descriptors and in questions) and lay phrases (in questions).

    A question becomes groups of alternatives: a word and what it abbreviates count as one
    concept, so "min" and "minute" are matched once, not twice. A word after "without"/"no"
    becomes "no_<word>", so "without biopsy" never matches a biopsy code.
    """

    shorthand: dict[str, str]
    lay_terms: dict[str, str]

    def __post_init__(self):
        # Shorthand with punctuation inside ("o/p", "x-ray", "c+") must be replaced before the
        # text is split into words, or its pieces would be looked up instead.
        punctuated = sorted((k for k in self.shorthand if not TOKEN_RE.fullmatch(k)), key=len, reverse=True)
        pattern = "|".join(re.escape(k) for k in punctuated if k not in ("w/", "w/o"))
        object.__setattr__(self, "_punctuated", re.compile(rf"(?<![a-z0-9])({pattern})(?![a-z0-9])") if pattern else None)
        object.__setattr__(self, "_placeholders", {_placeholder(k): self.shorthand[k] for k in punctuated})
        object.__setattr__(self, "_lay_phrases", sorted(self.lay_terms, key=len, reverse=True))

    def groups(self, text: str, lay: bool = False) -> list[tuple[str, ...]]:
        text = text.lower()
        lay_extra: list[tuple[str, list[str]]] = []
        if lay:
            taken: list[str] = []
            for phrase in self._lay_phrases:  # longest first; a phrase inside a longer match is skipped
                if _contains_phrase(text, phrase) and not any(phrase in longer for longer in taken):
                    taken.append(phrase)
                    value = self.lay_terms[phrase]
                    lay_extra.append((phrase, [stem(w) for w in TOKEN_RE.findall(value) if w not in STOPWORDS]))
        text = re.sub(r"\bw/o\b", " without ", text)
        text = re.sub(r"\bw/(?=\s|[a-z]|$)", " with ", text)
        if self._punctuated is not None:
            text = self._punctuated.sub(lambda m: f" {_placeholder(m.group(1))} ", text)
        text = text.replace("/", " / ").replace("-", " ")
        out: list[list[str]] = []
        negate = False
        for raw in _split_unknown(TOKEN_RE.findall(text), self.shorthand):
            if raw in NEGATIONS:
                negate = True
                out.append([raw])
                continue
            if raw in STOPWORDS and raw not in NOT_NEGATABLE:
                continue
            if raw in NOT_NEGATABLE:
                negate = False
                if raw == "with":
                    out.append([raw])
                continue
            group = [stem(raw)]
            expansion = self.shorthand.get(raw) or self._placeholders.get(raw)
            if expansion:
                words = [w for w in TOKEN_RE.findall(expansion) if w not in STOPWORDS and w not in NEGATIONS]
                group.extend(stem(w) for w in words)
            if negate:
                group = [f"no_{t}" for t in group]
                negate = False
            out.append(list(dict.fromkeys(group)))
        for phrase, words in lay_extra:
            phrase_tokens = {stem(w) for w in TOKEN_RE.findall(phrase)}
            for group in out:
                if group[0] in phrase_tokens:
                    group.extend(w for w in words if w not in group)
        return [tuple(g) for g in out]

    def tokens(self, text: str, lay: bool = False) -> list[str]:
        return [t for group in self.groups(text, lay) for t in group]


def _placeholder(key: str) -> str:
    return "x_" + re.sub(r"[^a-z0-9]", "_", key)


def _split_unknown(tokens: list[str], shorthand: dict[str, str]) -> list[str]:
    """'xm&slctn' is no key, but its parts are: split &-joined words we do not know whole."""
    out = []
    for token in tokens:
        if "&" in token and token not in shorthand:
            out.extend(p for p in token.split("&") if p)
        else:
            out.append(token)
    return out


def _contains_phrase(text: str, phrase: str) -> bool:
    index = text.find(phrase)
    while index >= 0:
        before = index == 0 or not text[index - 1].isalnum()
        end = index + len(phrase)
        after = end == len(text) or not text[end].isalnum()
        if before and after:
            return True
        index = text.find(phrase, index + 1)
    return False


@lru_cache(maxsize=65536)  # a pure function over a small vocabulary; start-up calls it ~130,000 times
def stem(word: str) -> str:
    """A light plural/verb-form folding: enough that 'injections' meets 'injection'."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        return word[:-1]
    return word
