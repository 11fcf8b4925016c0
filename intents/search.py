"""The search index: people's words -> codes, built once at start-up over the whole catalog."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from intents.catalog import Catalog
from intents.text import Normaliser

# How much a word counts, by where it sits: our curated names beat the CMS shorthand.
WEIGHTS = {"title": 3.0, "synonym": 3.0, "abbreviation": 3.0, "lay": 2.6, "descriptor": 2.0, "plain": 0.7}
CURATED_DESCRIPTOR = 1.4
MAX_WEIGHT = 3.0
RERANK = 60
NOT_VALID = frozenset("DFGHI")  # deleted or not valid for Medicare
# Words that name opposite variants of one service: a code whose title says the other side
# of a pair the question names is the wrong variant, however well the rest matches.
CONTRASTS = (
    ("new", "established"), ("initial", "subsequent"), ("simple", "complicated"), ("simple", "complex"),
    ("unilateral", "bilateral"), ("diagnostic", "screening"), ("open", "laparoscopic"),
    ("complete", "limited"), ("reducible", "incarcerated"), ("with", "without"), ("first", "additional"),
    ("single", "multiple"), ("adult", "child"), ("outpatient", "inpatient"), ("local", "general"),
)
CONTRAST_PENALTY = 0.10


@dataclass(frozen=True)
class Hit:
    code: str
    score: float


@dataclass
class SearchIndex:
    normaliser: Normaliser
    codes: list[str]
    phrases: list[list[tuple[str, ...]]]
    prior: list[float]
    add_on: list[bool]
    postings: dict[str, list[tuple[int, float]]]
    idf: dict[str, float]
    by_initial: dict[str, list[str]] = field(default_factory=dict)

    def search(self, text: str, limit: int = 5, wants_add_on: bool = False) -> list[Hit]:
        groups = [self._correct(g) for g in self.normaliser.groups(text, lay=True)]
        if not groups:
            return []
        # Each concept counts once: by its best-matching alternative, in each document. A word
        # no code knows still counts (at half a rare word's weight): "fax machine" is not a
        # good match for a code that only mentions a machine.
        unknown_idf = 0.5 * math.log(1 + len(self.codes))
        total_idf = sum(max((self.idf.get(t, 0.0) for t in g), default=0.0) or unknown_idf for g in groups) or 1.0
        scores: dict[int, float] = defaultdict(float)
        for group in groups:
            best: dict[int, float] = {}
            for token in group:
                idf = self.idf.get(token)
                if idf is None:
                    continue
                for doc, weight in self.postings[token]:
                    value = idf * weight
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                scores[doc] += value
        if not scores:
            return []
        top = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:RERANK]
        primary = [g[0] for g in groups]
        query = {t for g in groups for t in g}
        query_text = " ".join(primary)
        ranked = []
        for doc, raw in top:
            coverage = raw / (MAX_WEIGHT * total_idf)
            phrase_score, precision = 0.0, 0.0
            for phrase in self.phrases[doc]:
                if not phrase:
                    continue
                score = fuzz.token_set_ratio(query_text, " ".join(phrase)) / 100
                overlap = len(query & set(phrase)) / len(set(phrase))
                if score + overlap > phrase_score + precision:
                    phrase_score, precision = score, overlap
            value = 0.55 * coverage + 0.30 * phrase_score + 0.15 * min(precision, 1.0) + self.prior[doc]
            title = set(self.phrases[doc][0]) if self.phrases[doc] else set()
            for a, b in CONTRASTS:
                if (a in query and b in title and a not in title) or (b in query and a in title and b not in title):
                    value -= CONTRAST_PENALTY
            if self.add_on[doc]:
                value += 0.06 if wants_add_on else -0.08
            ranked.append(Hit(self.codes[doc], round(value, 4)))
        ranked.sort(key=lambda h: (-h.score, h.code))
        return ranked[:limit]

    def _correct(self, group: tuple[str, ...]) -> tuple[str, ...]:
        """Replace a word we have never seen by the closest word we have (typos)."""
        token = group[0]
        if token in self.idf or len(token) < 4 or token.isdigit() or token.startswith("no_") or len(group) > 1:
            return group
        choices = self.by_initial.get(token[0], [])
        match = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=80)
        return (match[0],) if match else group

    def similar_codes(self, code: str, limit: int = 3) -> list[str]:
        """Real codes that differ from a mistyped one by one or two characters."""
        matches = process.extract(code, self.codes, scorer=Levenshtein.distance, score_cutoff=1, limit=50)
        ranked = sorted(matches, key=lambda m: (m[1], -self.prior[m[2]], m[0]))
        return [m[0] for m in ranked[:limit]]


def build_index(catalog: Catalog, normaliser: Normaliser) -> SearchIndex:
    codes, doc_weights, phrases, prior, add_on = [], [], [], [], []
    for code in sorted(catalog.records):
        record = catalog.record(code)
        if record is None:
            continue  # only modifier rows (no base row) in every release
        know = catalog.knowledge.get(code)
        fields: list[tuple[str, str]] = []
        if know:
            fields += [("title", know.title)] + [("synonym", s) for s in know.synonyms]
            fields += [("abbreviation", a) for a in know.abbreviations] + [("lay", l) for l in know.lay_terms]
            fields += [("plain", know.plain)]
        description = catalog.description(code)
        if description:
            fields.append(("descriptor", description))
        if not fields:
            continue
        weights: dict[str, float] = {}
        doc_phrases = []
        for kind, text in fields:
            tokens = normaliser.tokens(text)
            weight = CURATED_DESCRIPTOR if (kind == "descriptor" and know) else WEIGHTS[kind]
            for token in tokens:
                if weight > weights.get(token, 0.0):
                    weights[token] = weight
            if kind != "plain":
                doc_phrases.append(tuple(tokens))
        weights[code.lower()] = MAX_WEIGHT
        codes.append(code)
        doc_weights.append(weights)
        phrases.append(doc_phrases)
        prior.append(_prior(record, bool(know)))
        text = " ".join(t for _k, t in fields).lower()
        add_on.append(record.is_add_on or "each additional" in text or "addl" in text or "add-on" in text)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for doc, weights in enumerate(doc_weights):
        for token, weight in weights.items():
            postings[token].append((doc, weight))
    n = len(codes) or 1
    idf = {t: math.log(1 + n / len(p)) for t, p in postings.items()}
    by_initial: dict[str, list[str]] = defaultdict(list)
    for token in idf:
        if len(token) >= 4 and not token.isdigit():
            by_initial[token[0]].append(token)
    return SearchIndex(normaliser, codes, phrases, prior, add_on, dict(postings), idf, dict(by_initial))


def _prior(record, curated: bool) -> float:
    value = 0.0
    if curated:
        value += 0.08
    if record.payable:
        value += 0.04
    if record.status in NOT_VALID:
        value -= 0.10
    return value
