"""Query -> Answer: look the codes up, search the words, gather the facts each intent needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from intents.catalog import Catalog, load_catalog
from intents.facts import code_facts, load_indicators, peer_rows
from intents.knowledge import DATA_DIR, load_abbreviations, load_specialties
from intents.models import Answer, Query
from intents.parse import parse
from intents.payment_context import PaymentContext
from intents.search import SearchIndex, build_index
from intents.text import Normaliser

FIND_LIMIT = 5
CONFIDENT = 0.75  # below this best search score the answer says it is unsure and offers choices
NO_MATCH = 0.55  # below this there is no answer, only "did you mean"
TIE = 0.005  # top hits this close: the question did not say which variant


@dataclass
class Answerer:
    catalog: Catalog
    index: SearchIndex
    indicators: dict
    specialties: dict[str, str]
    extensions: list = field(default_factory=list)  # callables (query, answer, answerer) -> None

    def known(self, code: str) -> bool:
        return code.upper() in self.catalog.records

    def answer(self, question: str, release: str | None = None, **options) -> Answer:
        query = parse(question, self.known)
        return self.answer_query(query, release, **options)

    def answer_query(self, query: Query, release: str | None = None, **options) -> Answer:
        answer = Answer(intent=query.intent, question=query.text)
        if release and release not in self.catalog.releases:
            answer.intent = "unknown"
            answer.notices.append({"kind": "no_such_release", "release": release,
                                   "loaded": [r.name for r in self.catalog.newest_first()]})
            return answer
        if query.intent == "help":
            return answer
        if query.codes:
            self._answer_codes(query, answer, release)
        else:
            self._answer_words(query, answer, release)
        if answer.items:
            self._add_summaries(answer)
        for extension in self.extensions:
            extension(query, answer, self, release=release, **options)
        return answer

    def _answer_codes(self, query: Query, answer: Answer, release: str | None) -> None:
        unknown = []
        for ref in query.codes:
            facts = code_facts(self.catalog, self.indicators, ref.code, ref.modifier, release)
            if facts is None:
                unknown.append(ref.code)
                continue
            answer.codes.append(ref.code)
            answer.facts[ref.code] = facts
            answer.items.append(facts)
        if unknown:
            if release and any(code in self.catalog.records for code in unknown):
                answer.notices.append({"kind": "not_in_release", "codes": unknown, "release": release})
            else:
                answer.notices.append({"kind": "unknown_codes", "codes": unknown})
            for code in unknown:
                for similar in self.index.similar_codes(code):
                    answer.suggestions.append(self._suggestion(similar))
        if not answer.items:
            answer.intent = "unknown"
            return
        if not release:
            newest = max(self.catalog.releases.values(), key=lambda r: (r.year, r.quarter))
            for item in answer.items:
                if item["release"] != newest.name and newest.name not in self.catalog.records.get(item["code"], {}):
                    answer.notices.append({"kind": "missing_from_newest", "code": item["code"],
                                           "newest": newest.name, "used": item["release"]})

    def _answer_words(self, query: Query, answer: Answer, release: str | None) -> None:
        hits = self.index.search(query.subject, limit=FIND_LIMIT * 2, wants_add_on=query.wants_add_on)
        hits = [h for h in hits if self.catalog.release_for(h.code, release)][:FIND_LIMIT]
        if not hits:
            answer.intent = "unknown"
            answer.notices.append({"kind": "no_match", "subject": query.subject})
            return
        best = hits[0]
        for hit in hits:
            answer.suggestions.append(self._suggestion(hit.code, hit.score))
        if best.score < NO_MATCH:
            # Only near misses are worth offering; a list of random codes helps nobody.
            answer.suggestions = [s for s in answer.suggestions if s["score"] >= NO_MATCH - 0.1]
            answer.intent = "unknown"
            answer.notices.append({"kind": "unsure", "subject": query.subject})
            return
        answer.codes = [h.code for h in hits]
        if best.score < CONFIDENT or (len(hits) > 1 and best.score - hits[1].score < TIE):
            answer.confident = False
        take = [best]
        if answer.intent == "specialty":
            take = [h for h in hits if h.score >= best.score - 0.08][:3]
        for hit in take:
            facts = code_facts(self.catalog, self.indicators, hit.code, "", release)
            answer.facts[hit.code] = facts
            answer.items.append(facts)

    def _add_summaries(self, answer: Answer) -> None:
        """What every answer with codes carries, however the codes were found."""
        answer.release = answer.items[0]["release"]
        if answer.intent == "compare" and len(answer.items) == 1:
            item = answer.items[0]
            item["peers"] = peer_rows(self.catalog, item["code"], item["release"])
        if answer.intent == "specialty":
            answer.specialties = _specialty_summary(answer.items)

    def _suggestion(self, code: str, score: float | None = None) -> dict:
        know = self.catalog.knowledge.get(code)
        record = self.catalog.record(code)
        out = {"code": code, "title": know.title if know else self.catalog.description(code),
               "curated": know is not None, "status": record.status if record else ""}
        if score is not None:
            out["score"] = score
        return out


def _specialty_summary(items: list[dict]) -> list[dict]:
    summary: dict[str, list[str]] = {}
    for item in items:
        for name in item.get("specialties", []):
            summary.setdefault(name, []).append(item["code"])
    return [{"name": name, "codes": codes} for name, codes in summary.items()]


def build_answerer(engine: Engine | None, data_dir: Path = DATA_DIR) -> Answerer:
    """Load everything once (catalog, search index); the Answerer then serves many questions."""
    catalog = load_catalog(engine, data_dir)
    shorthand, lay = load_abbreviations(data_dir)
    index = build_index(catalog, Normaliser(shorthand, lay))
    answerer = Answerer(catalog, index, load_indicators(data_dir), load_specialties(data_dir))
    answerer.extensions.append(PaymentContext(engine))  # locality, modifiers, year over year
    return answerer
