"""Where a practice is: a ZIP code, a locality name, a state or a MAC-locality id -> Medicare
payment localities with their GPCIs, from the imported GPCI, LOCCO and ZIP5 tables."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from intents import storage
from intents.pricing import Gpci

# Postal codes of the states and territories CMS prices, with their names as people write them.
STATE_NAMES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "DC": "district of columbia",
    "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana",
    "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi", "MO": "missouri",
    "MT": "montana", "NE": "nebraska", "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey",
    "NM": "new mexico", "NY": "new york", "NC": "north carolina", "ND": "north dakota", "OH": "ohio",
    "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming",
    "PR": "puerto rico", "VI": "virgin islands",
}
STATE_ALIASES = {"washington dc": "DC", "d.c.": "DC", "dc": "DC", "the district": "DC", "mass": "MA",
                 "calif": "CA", "cali": "CA", "penn": "PA", "jersey": "NJ", "usvi": "VI"}
STATE_BY_NAME = {name: code for code, name in STATE_NAMES.items()} | STATE_ALIASES
# Places people name that CMS files under another name: (county or locality words, state).
NYC = (("new york", "bronx", "kings", "queens", "richmond"), "NY")
PLACE_ALIASES = {"brooklyn": (("kings",), "NY"), "staten island": (("richmond",), "NY"), "the bronx": (("bronx",), "NY"),
                 "long island": (("nassau", "suffolk"), "NY"), "nyc": NYC, "new york city": NYC,
                 "sf": (("san francisco",), "CA"), "bay area": (("san francisco",), "CA")}

LOCALITY_ID = re.compile(r"^(\d{4,5})\s*[-/ ]?\s*(\d{1,2})$")
ZIP = re.compile(r"^(\d{5})(?:-?\d{4})?$")
NEAREST_ZIPS = 5
SPLIT_NEIGHBOURS = 3
FUZZY_ACCEPT = 88  # a single locality name this close to what was typed is taken as meant
FUZZY_MARGIN = 6  # ... when the runner-up is at least this much further away
FUZZY_SUGGEST = 62
MAX_SUGGESTIONS = 5
FILLER = re.compile(r"\b(the|city of|metro(politan)?|area|greater|county|cnty|parish|locality)\b")


@dataclass(frozen=True)
class Locality:
    """One Medicare payment locality: a MAC's locality number, its name and its three GPCIs."""

    mac: str
    number: str
    state: str
    name: str  # as CMS prints it, footnote stars removed
    gpci: Gpci
    area: str = ""  # LOCCO "fee schedule area" (e.g. STATEWIDE)
    counties: str = ""  # LOCCO counties text

    @property
    def id(self) -> str:
        return f"{self.mac}-{self.number}"


@dataclass(frozen=True)
class ZipInfo:
    zip: str
    state: str  # as the ZIP5 file writes it (EK/WK, EM/WM split Kansas and Missouri)
    locality_id: str
    rural: str  # "R" rural, "B" super rural, "" urban
    split: bool  # the ZIP5 plus-four flag: CMS prices parts of this ZIP by ZIP+4


@dataclass(frozen=True)
class Place:
    """What a place resolved to. `problem` is empty when the answer is one locality or a state's list.

    problems: unknown_zip, zip_split (ZIP priced by ZIP+4 across localities), several (a name
    matching several localities), unknown (nothing matched; `candidates` may hold near names).
    """

    asked: str
    kind: str  # zip, id, state, name, county, fuzzy, none
    localities: tuple[Locality, ...] = ()
    problem: str = ""
    candidates: tuple[str, ...] = ()  # nearby ZIP codes or locality names
    zip: ZipInfo | None = None
    state: str = ""  # the state a state question named

    @property
    def single(self) -> Locality | None:
        return self.localities[0] if len(self.localities) == 1 and not self.problem else None


@dataclass
class LocalityBook:
    """The localities of one release; ZIP codes are looked up in the database on demand."""

    release: str
    localities: dict[str, Locality]
    engine: Engine | None = None
    _names: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for loc in self.localities.values():
            for name in _name_forms(loc.name):
                self._names.setdefault(name, []).append(loc.id)

    def in_state(self, state: str) -> list[Locality]:
        """The state's localities, and those CMS says cover part of it (DC's MD/VA suburbs)."""
        own = [loc for loc in self.localities.values() if loc.state == state]
        name = STATE_NAMES.get(state, "").upper()
        shared = [loc for loc in self.localities.values()
                  if loc.state != state and name and re.search(rf"\bIN {re.escape(name)}\b", loc.counties.upper())]
        return sorted(own, key=_rest_last) + shared

    def get(self, mac: str, number: str) -> Locality | None:
        return self.localities.get(f"{mac.zfill(5)}-{number.zfill(2)}")

    def resolve(self, text: str) -> Place:
        """A ZIP, a MAC-locality id, a state (name or code) or a locality/county name."""
        asked = " ".join((text or "").split())
        plain = asked.lower().strip(" ?!.,")
        if not plain:
            return Place(asked, "none", problem="unknown")
        if match := ZIP.match(plain):
            return self.resolve_zip(match.group(1))
        if match := LOCALITY_ID.match(plain):
            loc = self.get(match.group(1), match.group(2))
            if loc:
                return Place(asked, "id", (loc,))
            return Place(asked, "id", problem="unknown", candidates=tuple(
                loc.id for loc in self.localities.values() if loc.mac == match.group(1).zfill(5))[:MAX_SUGGESTIONS])
        state = _state_code(plain)
        if state:
            return self._state_place(asked, state)
        words, state = _split_state(plain)
        if words in PLACE_ALIASES and state in ("", PLACE_ALIASES[words][1]):
            aliases, state = PLACE_ALIASES[words]
            pool = self.in_state(state)
            return self._found(asked, "county", [loc.id for alias in aliases for loc in pool
                                                 if any(_key(c) == alias for c in _county_names(loc.counties))])
        pool = self.in_state(state) if state else list(self.localities.values())
        if state and words in ("", "statewide", "state", "rest of state", "rest of the state", "rest"):
            if words.startswith("rest"):
                rest = [loc for loc in pool if loc.number == "99" or loc.name.startswith("REST OF")]
                if len(rest) == 1:
                    return Place(asked, "name", tuple(rest))
            return self._state_place(asked, state)
        return self._by_name(asked, words, pool)

    def _state_place(self, asked: str, state: str) -> Place:
        locs = tuple(self.in_state(state))
        if not locs:
            return Place(asked, "state", problem="unknown", state=state)
        return Place(asked, "state", locs, state=state)

    def _by_name(self, asked: str, words: str, pool: list[Locality]) -> Place:
        key = _key(words)
        ids = {loc.id for loc in pool}
        exact = [i for i in self._names.get(key, []) if i in ids]
        if exact:
            return self._found(asked, "name", exact)
        tokens = key.split()
        if tokens:
            containing = [loc.id for loc in pool if _contains_words(_key(loc.name), tokens)]
            if containing:
                return self._found(asked, "name", containing)
            in_counties = [loc.id for loc in pool if any(_key(c) == key for c in _county_names(loc.counties))]
            if in_counties:
                return self._found(asked, "county", in_counties)
        return self._fuzzy(asked, key, pool)

    def _fuzzy(self, asked: str, key: str, pool: list[Locality]) -> Place:
        choices = {loc.id: _key(loc.name) for loc in pool}
        choices.update({f"state:{code}": name for code, name in STATE_NAMES.items()} if len(pool) == len(self.localities) else {})
        scored = process.extract(key, choices, scorer=fuzz.WRatio, limit=MAX_SUGGESTIONS + 1) if key else []
        scored = [(name, score, ident) for name, score, ident in scored if score >= FUZZY_SUGGEST]
        if scored and scored[0][1] >= FUZZY_ACCEPT and (len(scored) == 1 or scored[0][1] - scored[1][1] >= FUZZY_MARGIN):
            best = scored[0][2]
            if best.startswith("state:"):
                return self._state_place(asked, best.removeprefix("state:"))
            return Place(asked, "fuzzy", (self.localities[best],))
        names = []
        for _name, _score, ident in scored[:MAX_SUGGESTIONS]:
            if ident.startswith("state:"):
                names.append(STATE_NAMES[ident.removeprefix("state:")].title())
            else:
                loc = self.localities[ident]
                names.append(f"{loc.name} ({loc.state})")
        return Place(asked, "none", problem="unknown", candidates=tuple(names))

    def _found(self, asked: str, kind: str, ids: list[str]) -> Place:
        locs = tuple(self.localities[i] for i in dict.fromkeys(ids))
        return Place(asked, kind, locs, problem="several" if len(locs) > 1 else "")

    def resolve_zip(self, zip_code: str) -> Place:
        rows = self._zip_rows(zip_code[:3])
        mine = [r for r in rows if r["zip"] == zip_code]
        if not mine:
            near = sorted({r["zip"] for r in rows}, key=lambda z: (abs(int(z) - int(zip_code)), z))[:NEAREST_ZIPS]
            return Place(zip_code, "zip", problem="unknown_zip", candidates=tuple(sorted(near)))
        row = mine[0]
        rural = row["rural"] if row["rural"] in ("R", "B") else ""
        info = ZipInfo(zip_code, row["state"], f"{row['mac']}-{row['locality']}", rural, row.get("plus_four") == "1" or len(mine) > 1)
        assigned = [self.get(r["mac"], r["locality"]) for r in mine]
        locs = [loc for loc in assigned if loc is not None]
        if not locs:
            return Place(zip_code, "zip", problem="unknown_zip", zip=info)
        if not info.split:
            return Place(zip_code, "zip", tuple(locs), zip=info)
        # CMS prices a split ZIP by ZIP+4, which is not in the bundle; the localities of the
        # ZIPs around it are where its other addresses can fall.
        nearby = [self.get(r["mac"], r["locality"]) for r in sorted(rows, key=lambda r: abs(int(r["zip"]) - int(zip_code)))]
        others = [loc for loc in dict.fromkeys(nearby) if loc is not None and loc not in locs][:SPLIT_NEIGHBOURS]
        return Place(zip_code, "zip", tuple(locs + others), problem="zip_split", zip=info)

    def _zip_rows(self, prefix: str) -> list[dict]:
        if self.engine is None:
            return []
        table = storage.zip_localities
        query = select(table).where(table.c.release == self.release, table.c.zip.like(f"{prefix}%"))
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise storage.StorageError(f"cannot read ZIP codes: {storage.first_line(exc)}") from exc


def releases_with_localities(engine: Engine | None) -> list[str]:
    if engine is None:
        return []
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(select(storage.gpci.c.release).distinct())]
    except SQLAlchemyError as exc:
        raise storage.StorageError(f"cannot read localities: {storage.first_line(exc)}") from exc


def load_book(engine: Engine, release: str) -> LocalityBook:
    """GPCIs and counties of one release (about a hundred rows each)."""
    try:
        with engine.connect() as conn:
            gpcis = conn.execute(select(storage.gpci).where(storage.gpci.c.release == release)).mappings().all()
            county_rows = conn.execute(select(storage.counties).where(storage.counties.c.release == release)).mappings().all()
    except SQLAlchemyError as exc:
        raise storage.StorageError(f"cannot read localities: {storage.first_line(exc)}") from exc
    counties = {(r["mac"], r["locality"]): r for r in county_rows}
    localities = {}
    for r in gpcis:
        where = counties.get((r["mac"], r["locality"]), {})
        loc = Locality(mac=r["mac"], number=r["locality"], state=r["state"], name=r["name"].rstrip("* ").strip(),
                       gpci=Gpci(Decimal(r["work"]), Decimal(r["pe"]), Decimal(r["mp"])),
                       area=(where.get("area") or "").strip(), counties=(where.get("counties") or "").strip())
        localities[loc.id] = loc
    return LocalityBook(release, localities, engine)


def _key(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"\bst\b\.?", "saint ", text)
    text = re.sub(r"\bft\b\.?", "fort ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(FILLER.sub(" ", text).split())


def _name_forms(name: str) -> set[str]:
    """A name, and its parts people use alone: "SEATTLE (KING CNTY)" -> "seattle", "king"."""
    forms = {_key(name)}
    base = re.sub(r"\(.*?\)", " ", name)
    forms.add(_key(base))
    for part in re.split(r"[/,+-]", base):
        if part.strip() and not re.search(r"\b(SUBURBS?|REST OF)\b", part):
            forms.add(_key(part))
    return {f for f in forms if f}


def _contains_words(haystack: str, tokens: list[str]) -> bool:
    words = haystack.split()
    return all(t in words for t in tokens)


def _county_names(counties: str) -> list[str]:
    text = re.sub(r"\bIN [A-Z ]+?(;|$)", ";", counties.upper())
    return [c.strip() for c in re.split(r"[;,/]|\bAND\b", text) if c.strip() and not c.strip().startswith("ALL ")]


def _state_code(plain: str) -> str:
    if plain.upper() in STATE_NAMES and len(plain) == 2:
        return plain.upper()
    return STATE_BY_NAME.get(re.sub(r"^(the )?(state of )", "", plain), "")


def _split_state(plain: str) -> tuple[str, str]:
    """"houston, tx" -> ("houston", "TX"); "portland oregon" -> ("portland", "OR")."""
    if "," in plain:
        head, tail = plain.rsplit(",", 1)
        state = _state_code(tail.strip())
        if state:
            return head.strip(" ,"), state
    words = plain.split()
    for n in (3, 2, 1):
        if len(words) > n:
            state = _state_code(" ".join(words[-n:]))
            # "rest of new york" names a locality of its own; "new york" at the end of it is part of the name
            if state and not (n >= 1 and words[-n - 1] == "of"):
                return " ".join(words[:-n]), state
    match = re.match(r"^(?:rest of|rest of the state of)\s+(.+)$", plain)
    if match and _state_code(match.group(1)):
        return "rest of state", _state_code(match.group(1))
    return plain, ""


def _rest_last(loc: Locality) -> tuple:
    return (loc.number == "99" or loc.name.startswith("REST OF"), loc.name)
