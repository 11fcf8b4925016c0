"""Turning descriptors and questions into comparable search tokens."""
from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[&+][a-z0-9]+)*")
STOPWORDS = frozenset("a an the of for and or to in on by per at as is are be any its into from".split())


@dataclass(frozen=True)
class Normaliser:
    """Expands shorthand (both in CMS descriptors and in questions) and lay phrases (questions)."""

    shorthand: dict[str, str]
    lay_terms: dict[str, str]

    def _phrase_pattern(self):
        return None

    def tokens(self, text: str, lay: bool = False) -> list[str]:
        text = text.lower()
        if lay:
            extra = [value for phrase, value in self.lay_terms.items() if _contains_phrase(text, phrase)]
            text = " ".join([text, *extra])
        # Shorthand with punctuation inside ("w/o", "o/p", "i&d") must be replaced before tokenising.
        text = re.sub(r"\bw/o\b", " without ", text)
        text = re.sub(r"\bw/(?=\s|[a-z]|$)", " with ", text)
        text = text.replace("/", " / ")
        out: list[str] = []
        for raw in TOKEN_RE.findall(text):
            expansion = self.shorthand.get(raw)
            if expansion:
                out.append(stem(raw))
                out.extend(stem(w) for w in TOKEN_RE.findall(expansion) if w not in STOPWORDS)
            elif raw not in STOPWORDS:
                out.append(stem(raw))
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
