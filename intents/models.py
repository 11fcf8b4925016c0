"""The plain data that crosses module boundaries."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

PAYABLE_STATUSES = frozenset("ART")


@dataclass(frozen=True)
class Release:
    """One fee-schedule release: shipped facts or an operator's import."""

    name: str  # e.g. "RVU25D"
    year: int
    quarter: str  # "A".."D" (January..October)
    conversion_factor: Decimal
    qp_conversion_factor: Decimal | None = None
    released: str = ""  # date CMS released it, as printed in the file
    source: str = "imported"  # "imported" or "shipped"
    has_localities: bool = False

    @property
    def order(self) -> tuple:
        # The operator's imports are the deployment's source of truth and outrank our shipped
        # facts (a fallback so the bot answers before any import); within each, newest first.
        return (1 if self.source == "imported" else 0, self.year, self.quarter)

    @property
    def label(self) -> str:
        months = {"A": "January", "B": "April", "C": "July", "D": "October"}
        return f"{self.name} ({self.year} {months.get(self.quarter, self.quarter)} release)"


@dataclass(frozen=True, slots=True)
class CodeRecord:
    """One PPRRVU row (a code, or a code with its 26/TC/53 modifier) in one release."""

    code: str
    modifier: str
    status: str
    work: Decimal
    pe_nonfac: Decimal
    pe_fac: Decimal
    mp: Decimal
    total_nonfac: Decimal
    total_fac: Decimal
    nonfac_na: bool
    fac_na: bool
    pctc: str
    global_days: str
    mult_proc: str
    bilat: str
    asst: str
    co_surg: str
    team: str
    endo_base: str
    conversion_factor: Decimal
    release: str
    description: str = ""  # the operator's imported descriptor; never shipped
    img_family: str = ""
    supervision: str = ""

    @property
    def payable(self) -> bool:
        return self.status in PAYABLE_STATUSES

    @property
    def is_add_on(self) -> bool:
        return self.global_days == "ZZZ"


@dataclass(frozen=True)
class Knowledge:
    """Our curated words for one code (data/knowledge)."""

    code: str
    title: str
    plain: str
    when_used: str
    doc_tip: str
    synonyms: tuple[str, ...] = ()
    lay_terms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()


@dataclass(frozen=True)
class CodeRef:
    """A code as the user wrote it, with an optional modifier."""

    code: str
    modifier: str = ""

    def __str__(self) -> str:
        return f"{self.code}-{self.modifier}" if self.modifier else self.code


@dataclass(frozen=True)
class Query:
    """What the parser understood of a question."""

    text: str
    intent: str
    codes: tuple[CodeRef, ...] = ()
    subject: str = ""  # the words left to search on
    wants_add_on: bool = False
    zip_code: str = ""
    place: str = ""  # locality or state words ("manhattan", "texas")
    year_over_year: bool = False


@dataclass
class Answer:
    """Plain data: what the bot says, before any rendering."""

    intent: str
    question: str
    codes: list[str] = field(default_factory=list)
    facts: dict[str, dict] = field(default_factory=dict)
    items: list[dict] = field(default_factory=list)  # per code, what templates show
    suggestions: list[dict] = field(default_factory=list)  # {"code", "title"} did-you-mean / picker
    specialties: list[dict] = field(default_factory=list)  # {"name", "codes"} for "who bills"
    release: str = ""
    confident: bool = True  # False: the words fit several codes about equally, or only loosely
    # What the reader must be told besides the figures, as data for the templates to word:
    # {"kind": "unknown_codes", "codes": [...]}, {"kind": "no_match", "subject": ...}, ...
    notices: list[dict] = field(default_factory=list)
