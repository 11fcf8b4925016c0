"""The Answerer extension that prices an answer where the user practises, with the modifier they
named, and against another release: adds `locality`, `modifier_adjustment` and `year_over_year`
facts to each item (DESIGN §2: component by component, rounded only for display)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.engine import Engine

from intents.catalog import Catalog
from intents.locality import STATE_NAMES, Locality, LocalityBook, Place, load_book
from intents.models import Answer, CodeRecord, Query, Release
from intents.modifiers import Rule, adjusted_payment, rule_for
from intents.parse import YEAR_RE
from intents.pricing import NATIONAL, cents, locality_payment
from intents.year_over_year import chronological, compare_records, pick_releases

LOCAL_INTENTS = frozenset(("payment", "describe", "rvu", "compare", "find_code", "specialty"))
OFF = frozenset(("", "off", "none", "national", "clear"))
RVU_PLACES = Decimal("0.0001")


@dataclass
class PaymentContext:
    """Callable as an Answerer extension: (query, answer, answerer, release=None, **options)."""

    engine: Engine | None
    _books: dict[str, LocalityBook] = field(default_factory=dict, repr=False)

    def __call__(self, query: Query, answer: Answer, answerer, release: str | None = None, **options) -> None:
        if not answer.items:
            return
        catalog: Catalog = answerer.catalog
        for item in answer.items:
            rule = self._modifier_rule(catalog, item)
            if rule is not None:
                item["modifier_adjustment"] = _rule_facts(rule, *self._national_amounts(catalog, item, rule))
        request = _place_request(query, options)
        if request and answer.intent in LOCAL_INTENTS:
            text, source = request
            self._locate(catalog, answer, text, source, query)
        if query.year_over_year:
            years = [int(y) for y in YEAR_RE.findall(query.text)]
            for item in answer.items:
                item["year_over_year"] = self._year_over_year(catalog, item, years)

    # -- where ---------------------------------------------------------------------------------

    def resolve(self, catalog: Catalog, text: str) -> Place | None:
        """What a place names, in the newest release that has localities (None: none imported).

        For settings such as a user's or channel's default locality: check it before storing it.
        """
        loaded = sorted((r for r in catalog.releases.values() if r.has_localities), key=chronological, reverse=True)
        if not loaded or self.engine is None:
            return None
        return self.book(loaded[0].name).resolve(text)

    def book(self, release: str) -> LocalityBook:
        if release not in self._books:
            self._books[release] = load_book(self.engine, release)
        return self._books[release]

    def gpci_release(self, catalog: Catalog, rvu_release: str) -> Release | None:
        """The RVU release's own GPCIs, else the newest not newer than it, else the newest loaded."""
        rel = catalog.releases[rvu_release]
        if rel.has_localities:
            return rel
        loaded = sorted((r for r in catalog.releases.values() if r.has_localities), key=chronological, reverse=True)
        older = [r for r in loaded if chronological(r) <= chronological(rel)]
        return (older or loaded or [None])[0]

    def _locate(self, catalog: Catalog, answer: Answer, text: str, source: str, query: Query) -> None:
        gpci_rel = self.gpci_release(catalog, answer.items[0]["release"])
        if gpci_rel is None or self.engine is None:
            for item in answer.items:
                item["locality"] = {"asked": text, "source": source, "problem": "no_data", "localities": []}
            return
        place = self.book(gpci_rel.name).resolve(text)
        if place.problem == "unknown" and source == "question" and (_said_for(query, text) or _among_peers(answer, query)):
            return  # "for a new patient", "peers in cardiology": words that name no place were not meant as one
        for item in answer.items:
            item["locality"] = self._locality_facts(catalog, item, place, source, gpci_rel)

    def _locality_facts(self, catalog: Catalog, item: dict, place: Place, source: str, gpci_rel: Release) -> dict:
        rvu_rel = catalog.releases[item["release"]]
        rows = catalog.records[item["code"]][rvu_rel.name]
        row = rows.get(item["modifier"]) or rows.get("") or next(iter(rows.values()))
        rule = self._modifier_rule(catalog, item)
        out = {
            "asked": place.asked, "source": source, "kind": place.kind, "problem": place.problem,
            "candidates": list(place.candidates), "state": place.state, "state_name": _state_name(place.state),
            "zip": None if place.zip is None else {
                "zip": place.zip.zip, "state": place.zip.state, "locality_id": place.zip.locality_id,
                "rural": place.zip.rural, "split": place.zip.split},
            "gpci_release": gpci_rel.name, "gpci_year": gpci_rel.year, "gpci_label": gpci_rel.label,
            "rvu_release": rvu_rel.name, "rvu_year": rvu_rel.year,
            "gpci_older": chronological(gpci_rel) < chronological(rvu_rel) and gpci_rel.name != rvu_rel.name,
            "gpci_differs": gpci_rel.name != rvu_rel.name,
            "conversion_factor": float(rvu_rel.conversion_factor),
            "qp_conversion_factor": float(rvu_rel.qp_conversion_factor) if rvu_rel.qp_conversion_factor else None,
            "payable": row.payable,
            "localities": [self._priced(catalog, item, row, rows, rule, loc, rvu_rel) for loc in place.localities],
        }
        single = place.single
        if single is not None:
            first = out["localities"][0]
            out.update({k: first[k] for k in ("id", "mac", "locality_number", "name", "state", "gpci", "rvu",
                                               "payment_nonfacility", "payment_facility")})
            for k in ("qp_payment_nonfacility", "qp_payment_facility", "modifier_payment_nonfacility",
                      "modifier_payment_facility"):
                if k in first:
                    out[k] = first[k]
        return out

    def _priced(self, catalog: Catalog, item: dict, row: CodeRecord, rows: dict, rule: Rule | None,
                loc: Locality, rel: Release) -> dict:
        g = loc.gpci
        nonfac, fac = locality_payment(row, g, rel.conversion_factor)
        out = {
            "id": loc.id, "mac": loc.mac, "locality_number": loc.number, "name": loc.name, "state": loc.state,
            "counties": loc.counties,
            "gpci": {"work": float(g.work), "pe": float(g.pe), "mp": float(g.mp)},
            # Geographically adjusted RVUs, each component times its GPCI: DESIGN §2, shown so a
            # reader can check the arithmetic.
            "rvu": {
                "work": _rvu(row.work * g.work), "pe_nonfacility": _rvu(row.pe_nonfac * g.pe),
                "pe_facility": _rvu(row.pe_fac * g.pe), "mp": _rvu(row.mp * g.mp),
                "total_nonfacility": _rvu(row.work * g.work + row.pe_nonfac * g.pe + row.mp * g.mp),
                "total_facility": _rvu(row.work * g.work + row.pe_fac * g.pe + row.mp * g.mp),
            },
            "payment_nonfacility": _money(nonfac), "payment_facility": _money(fac),
        }
        if rel.qp_conversion_factor:
            qp = locality_payment(row, g, rel.qp_conversion_factor)
            out.update(qp_payment_nonfacility=_money(qp[0]), qp_payment_facility=_money(qp[1]))
        if rule is not None and rule.priced:
            base, endo = self._rule_rows(catalog, item, rule)
            adjusted = adjusted_payment(rule, base, rows, endo, g, rel.conversion_factor)
            out.update(modifier_payment_nonfacility=_money(adjusted[0]), modifier_payment_facility=_money(adjusted[1]))
        return out

    # -- how (modifiers) -----------------------------------------------------------------------

    def _modifier_rule(self, catalog: Catalog, item: dict) -> Rule | None:
        modifier = item.get("asked_modifier") or ""
        if not modifier:
            return None
        rows = catalog.records[item["code"]][item["release"]]
        base = rows.get("") or next(iter(rows.values()))
        return rule_for(modifier, base, rows)

    def _rule_rows(self, catalog: Catalog, item: dict, rule: Rule) -> tuple[CodeRecord, dict | None]:
        rows = catalog.records[item["code"]][item["release"]]
        base = rows.get("") or next(iter(rows.values()))
        endo = catalog.records.get(rule.endo_base, {}).get(item["release"]) if rule.endo_base else None
        return base, endo

    def _national_amounts(self, catalog: Catalog, item: dict, rule: Rule) -> tuple[dict, dict | None]:
        if not rule.priced:
            return {}, None
        rel = catalog.releases[item["release"]]
        rows = catalog.records[item["code"]][rel.name]
        base, endo = self._rule_rows(catalog, item, rule)
        nonfac, fac = adjusted_payment(rule, base, rows, endo, NATIONAL, rel.conversion_factor)
        amounts = {"payment_nonfacility": _money(nonfac), "payment_facility": _money(fac),
                   "conversion_factor": float(rel.conversion_factor)}
        qp = None
        if rel.qp_conversion_factor:
            qp_nonfac, qp_fac = adjusted_payment(rule, base, rows, endo, NATIONAL, rel.qp_conversion_factor)
            qp = {"qp_payment_nonfacility": _money(qp_nonfac), "qp_payment_facility": _money(qp_fac),
                  "qp_conversion_factor": float(rel.qp_conversion_factor)}
        if rule.endo_base:
            amounts["endo_base_loaded"] = endo is not None and "" in endo
        return amounts, qp

    # -- when (year over year) -----------------------------------------------------------------

    def _year_over_year(self, catalog: Catalog, item: dict, years: list[int]) -> dict:
        code = item["code"]
        loaded = sorted((catalog.releases[r] for r in catalog.records.get(code, {})), key=chronological)
        pair = pick_releases(catalog, code, item["release"], years)
        if pair is None:
            return {"available": False, "years": sorted(set(years)), "loaded": [r.name for r in loaded],
                    "loaded_years": sorted({r.year for r in loaded})}
        old_rel, new_rel = pair
        old_row, new_row = (_row(catalog, code, rel.name, item["modifier"]) for rel in (old_rel, new_rel))
        out = compare_records(old_row, old_rel, new_row, new_rel)
        out["available"] = True
        local = item.get("locality") or {}
        if local.get("id"):
            loc = self._locality_by_id(catalog, local)
            if loc is not None:
                there = compare_records(old_row, old_rel, new_row, new_rel, loc.gpci)
                out["locality"] = {"id": loc.id, "name": loc.name, "state": loc.state,
                                   "gpci_release": local["gpci_release"], "gpci_year": local["gpci_year"],
                                   "payment_nonfacility": there["changes"]["payment_nonfacility"],
                                   "payment_facility": there["changes"]["payment_facility"]}
        return out

    def _locality_by_id(self, catalog: Catalog, local: dict) -> Locality | None:
        return self.book(local["gpci_release"]).localities.get(local["id"])


def _row(catalog: Catalog, code: str, release: str, modifier: str) -> CodeRecord:
    rows = catalog.records[code][release]
    return rows.get(modifier) or rows.get("") or next(iter(rows.values()))


def _place_request(query: Query, options: dict) -> tuple[str, str] | None:
    """The question's own place wins; else a default (Slack setting, `--zip`, `--locality`)."""
    if query.zip_code:
        return query.zip_code, "question"
    if query.place:
        return query.place, "question"
    for key in ("zip_code", "locality"):
        value = str(options.get(key) or "").strip()
        if value.lower() not in OFF:
            return value, "default"
    return None


def _said_for(query: Query, place: str) -> bool:
    return bool(re.search(rf"\bfor\s+(?:the\s+|a\s+|an\s+)?{re.escape(place)}\W*$", query.text.lower()))


def _among_peers(answer: Answer, query: Query) -> bool:
    return answer.intent == "compare" and bool(re.search(r"\b(rank\w*|peers?|among|stacks?)\b", query.text.lower()))


def _rule_facts(rule: Rule, amounts: dict, qp: dict | None) -> dict:
    out = {
        "modifier": rule.modifier, "label": rule.label, "indicator_column": rule.column, "indicator": rule.indicator,
        "outcome": rule.kind, "priced": rule.priced, "reason": rule.reason, "source": rule.source,
        "percent": None if rule.percent is None else float(rule.percent), "method": rule.method,
        "endo_base": rule.endo_base,
    }
    out.update(amounts)
    if qp:
        out.update(qp)
    return out


def _state_name(code: str) -> str:
    return STATE_NAMES.get(code, "").title()


def _money(value: Decimal | None) -> float | None:
    rounded = cents(value)
    return None if rounded is None else float(rounded)


def _rvu(value: Decimal) -> float:
    return float(value.quantize(RVU_PLACES))
