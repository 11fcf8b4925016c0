"""Payment modifiers: what 50, 51, 62, 66, 80/81/82/AS do to a code's amount, by its PPRRVU indicator.

The indicator values and the bilateral (150%/100%/per side) and multiple-procedure (50%, endoscopy
family, imaging/therapy/cardiology/ophthalmology) rules are CMS's, from the RVU file layout
(RVU25D.pdf). The percentages for assistants (16%; 85% of that for a PA, NP or CNS) and
co-surgeons (62.5% each) are in the Medicare Claims Processing Manual, Pub. 100-04, chapter 12.
26 and TC have their own PPRRVU rows and need no arithmetic here, only a word when a code has none.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from intents.models import CodeRecord
from intents.pricing import Gpci, locality_payment

LAYOUT = "CMS RVU file layout (RVU25D.pdf)"
MANUAL = "Medicare Claims Processing Manual, Pub. 100-04, ch. 12"


@dataclass(frozen=True)
class Outcome:
    """What one indicator value does to one modifier's payment (its wording: data/indicators.yaml).

    kind: paid (a percentage of the amount), special (a component-wise reduction, see `method`),
    documentation (paid only with documentation), not_paid, not_applicable, by_report.
    """

    kind: str
    percent: Decimal | None = None
    method: str = ""  # endoscopy, imaging, therapy, technical_25, technical_20


@dataclass(frozen=True)
class Family:
    modifiers: tuple[str, ...]
    label: str
    field: str  # CodeRecord attribute holding the indicator
    column: str  # the indicator's column name in the PPRRVU file
    source: str
    outcomes: dict[str, Outcome]


FAMILIES = (
    Family(("50",), "bilateral surgery", "bilat", "BILAT SURG", f"{LAYOUT}; {MANUAL}, §40.7", {
        "0": Outcome("not_applicable"),
        "1": Outcome("paid", Decimal(150)),
        "2": Outcome("paid", Decimal(100)),
        "3": Outcome("paid", Decimal(200)),
        "9": Outcome("not_applicable"),
    }),
    Family(("51",), "multiple procedures", "mult_proc", "MULT PROC", f"{LAYOUT}; {MANUAL}, §40.6", {
        "0": Outcome("paid", Decimal(100)),
        "1": Outcome("paid", Decimal(50)),
        "2": Outcome("paid", Decimal(50)),
        "3": Outcome("special", method="endoscopy"),
        "4": Outcome("special", method="imaging"),
        "5": Outcome("special", method="therapy"),
        "6": Outcome("special", method="technical_25"),
        "7": Outcome("special", method="technical_20"),
        "9": Outcome("not_applicable"),
    }),
    Family(("80", "81", "82", "AS"), "assistant at surgery", "asst", "ASST SURG",
           f"{LAYOUT}; {MANUAL}, §20.4.3 (16%), §§110-120 (85% for PAs, NPs and CNSs)", {
               "0": Outcome("documentation"),
               "1": Outcome("not_paid"),
               "2": Outcome("paid", Decimal(16)),
               "9": Outcome("not_applicable"),
           }),
    Family(("62",), "co-surgeons", "co_surg", "CO-SURG", f"{LAYOUT}; {MANUAL}, §40.8", {
        "0": Outcome("not_paid"),
        "1": Outcome("documentation"),
        "2": Outcome("paid", Decimal("62.5")),
        "9": Outcome("not_applicable"),
    }),
    Family(("66",), "team surgery", "team", "TEAM SURG", f"{LAYOUT}; {MANUAL}, §40.8", {
        "0": Outcome("not_paid"),
        "1": Outcome("by_report"),
        "2": Outcome("by_report"),
        "9": Outcome("not_applicable"),
    }),
)
NON_PHYSICIAN_SHARE = Decimal("0.85")  # AS: 85% of the assistant-at-surgery amount
MULTIPLE_METHODS = {  # (technical cut, professional cut) for the second and later services
    "imaging": (Decimal("0.50"), Decimal("0.05")),
    "technical_25": (Decimal("0.25"), Decimal(0)),
    "technical_20": (Decimal("0.20"), Decimal(0)),
}
COMPONENT_MODIFIERS = ("26", "TC", "53")
PAYMENT_MODIFIERS = frozenset(m for family in FAMILIES for m in family.modifiers) | frozenset(COMPONENT_MODIFIERS)


@dataclass(frozen=True)
class Rule:
    """The rule one modifier follows for one code: what the answer says, and how to price it."""

    modifier: str
    label: str
    column: str  # PPRRVU indicator column ("" for 26/TC/53, which have rows)
    indicator: str
    kind: str  # as Outcome.kind, plus "row" (26/TC/53 priced from its own row) and "contractor"
    source: str
    percent: Decimal | None = None
    method: str = ""
    endo_base: str = ""
    # Why, when not the indicator's documented meaning: "status" (the code is not payable),
    # "undocumented" (an indicator value CMS does not define), "no_component" (26/TC on a code
    # without that row), "contractor" (53 without values), "row" (26/TC/53 with its own row).
    reason: str = ""

    @property
    def priced(self) -> bool:
        return self.kind in ("paid", "special")


def family_of(modifier: str) -> Family | None:
    return next((f for f in FAMILIES if modifier in f.modifiers), None)


def rule_for(modifier: str, record: CodeRecord, rows: dict[str, CodeRecord]) -> Rule | None:
    """The rule for `modifier` on the code whose base row is `record` (None: not a payment modifier)."""
    modifier = modifier.upper()
    if modifier in COMPONENT_MODIFIERS:
        return _component_rule(modifier, record, rows)
    family = family_of(modifier)
    if family is None:
        return None
    indicator = getattr(record, family.field) or ""
    outcome = family.outcomes.get(indicator)
    if outcome is None:
        return Rule(modifier, family.label, family.column, indicator, "not_applicable", family.source,
                    reason="undocumented")
    percent = outcome.percent
    if modifier == "AS" and percent is not None:
        percent = percent * NON_PHYSICIAN_SHARE
    if outcome.kind in ("paid", "special") and not record.payable:
        return Rule(modifier, family.label, family.column, indicator, "not_paid", family.source, reason="status")
    return Rule(modifier, family.label, family.column, indicator, outcome.kind, family.source, percent,
                outcome.method, record.endo_base if outcome.method == "endoscopy" else "")


def _component_rule(modifier: str, record: CodeRecord, rows: dict[str, CodeRecord]) -> Rule:
    label = {"26": "professional component", "TC": "technical component", "53": "discontinued procedure"}[modifier]
    if modifier in rows:
        return Rule(modifier, label, "", "", "row", LAYOUT, reason="row")
    if modifier == "53":
        return Rule(modifier, label, "", "", "contractor", LAYOUT, reason="contractor")
    return Rule(modifier, label, "PCTC IND", record.pctc, "not_applicable", LAYOUT, reason="no_component")


def adjusted_payment(rule: Rule, record: CodeRecord, rows: dict[str, CodeRecord],
                     endo_rows: dict[str, CodeRecord] | None, gpci: Gpci,
                     conversion_factor: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(non-facility, facility) amount under the rule; None where it has no number (or the setting is NA)."""
    if not rule.priced or not record.payable:
        return None, None
    if rule.kind == "paid":
        return _scaled(locality_payment(record, gpci, conversion_factor), rule.percent / 100)
    if rule.method == "endoscopy":
        base = (endo_rows or {}).get("")
        if base is None:
            return None, None
        own = locality_payment(record, gpci, conversion_factor)
        less = locality_payment(base, gpci, conversion_factor)
        return tuple(None if a is None or b is None else max(a - b, Decimal(0)) for a, b in zip(own, less))
    if rule.method == "therapy":
        half = replace(record, pe_nonfac=record.pe_nonfac / 2, pe_fac=record.pe_fac / 2,
                       total_nonfac=record.total_nonfac - record.pe_nonfac / 2,
                       total_fac=record.total_fac - record.pe_fac / 2)
        return locality_payment(half, gpci, conversion_factor)
    return _split_reduction(rule, record, rows, gpci, conversion_factor)


def _split_reduction(rule, record, rows, gpci, cf):
    """Imaging, cardiovascular and ophthalmology cuts fall on the technical and professional parts."""
    technical_cut, professional_cut = MULTIPLE_METHODS[rule.method]
    keep_tc, keep_pc = 1 - technical_cut, 1 - professional_cut
    if record.modifier == "TC" or record.pctc == "3":
        return _scaled(locality_payment(record, gpci, cf), keep_tc)
    if record.modifier == "26" or record.pctc == "2":
        return _scaled(locality_payment(record, gpci, cf), keep_pc)
    if "TC" in rows and "26" in rows:
        tc = _scaled(locality_payment(rows["TC"], gpci, cf), keep_tc)
        pc = _scaled(locality_payment(rows["26"], gpci, cf), keep_pc)
        return tuple(None if a is None or b is None else a + b for a, b in zip(tc, pc))
    return None, None


def _scaled(amounts, factor: Decimal):
    return tuple(None if a is None else a * factor for a in amounts)
