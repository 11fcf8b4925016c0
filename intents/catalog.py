"""Every code in every release we know: the shipped facts plus the operator's imports."""
from __future__ import annotations

import csv
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from statistics import median

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from intents import storage
from intents.categories import category_of
from intents.knowledge import DATA_DIR, load_yaml, load_knowledge
from intents.models import CodeRecord, Knowledge, Release
from intents.reference import decimal_or_none

DECIMAL_FIELDS = ("work", "pe_nonfac", "pe_fac", "mp", "total_nonfac", "total_fac", "conversion_factor")
FACT_COLUMNS = [c for c in storage.RVU_COLUMNS if c != "description"]


@dataclass(frozen=True)
class CategoryStats:
    name: str
    count: int
    median_work: Decimal
    max_work: Decimal
    max_code: str
    sorted_work: tuple[Decimal, ...] = field(repr=False)

    def percentile(self, work: Decimal) -> int:
        """Share of payable codes in the category whose work RVU is at or below `work`."""
        return round(100 * bisect_right(self.sorted_work, work) / self.count) if self.count else 0


@dataclass
class Catalog:
    releases: dict[str, Release]
    records: dict[str, dict[str, dict[str, CodeRecord]]]  # code -> release -> modifier -> row
    knowledge: dict[str, Knowledge]
    engine: Engine | None = None
    _cache: dict = field(default_factory=dict, repr=False)  # derived views, computed on first use

    def newest_first(self) -> list[Release]:
        key = tuple(self.releases)
        cached = self._cache.get(("order", key))
        if cached is None:
            cached = self._cache[("order", key)] = sorted(self.releases.values(), key=lambda r: r.order, reverse=True)
        return cached

    def release_for(self, code: str, release: str | None = None) -> Release | None:
        """The release that answers for `code`: the named one, else the newest that has it."""
        by_release = self.records.get(code, {})
        if release:
            return self.releases.get(release) if release in by_release else None
        for rel in self.newest_first():
            if rel.name in by_release:
                return rel
        return None

    def record(self, code: str, modifier: str = "", release: str | None = None) -> CodeRecord | None:
        rel = self.release_for(code, release)
        return self.records[code][rel.name].get(modifier) if rel else None

    def modifiers(self, code: str, release: str) -> list[str]:
        return sorted(self.records.get(code, {}).get(release, {}))

    def other_releases(self, code: str, release: str) -> list[Release]:
        return [r for r in self.newest_first() if r.name != release and r.name in self.records.get(code, {})]

    def description(self, code: str) -> str:
        """The operator's imported descriptor (AMA text, never shipped), newest first."""
        for rel in self.newest_first():
            row = self.records.get(code, {}).get(rel.name, {}).get("")
            if row is not None and row.description:
                return row.description
        return ""

    def category_stats(self, code: str, release: str) -> CategoryStats:
        name = category_of(code)
        key = (name, release)
        if key not in self._cache:
            works = []
            best = ("", Decimal(0))
            for other, by_release in self.records.items():
                row = by_release.get(release, {}).get("")
                if row is not None and row.payable and category_of(other) == name:
                    works.append(row.work)
                    if row.work > best[1]:
                        best = (other, row.work)
            works.sort()
            self._cache[key] = CategoryStats(name, len(works), Decimal(median(works)) if works else Decimal(0),
                                             best[1], best[0], tuple(works))
        return self._cache[key]

    def peers(self, code: str, release: str, limit: int = 6) -> list[CodeRecord]:
        """Codes of the same family (same first four characters, same category), payable."""
        families = self._cache.get("families")
        if families is None:
            families = self._cache["families"] = {}
            for other in sorted(self.records):
                families.setdefault(other[:4], []).append(other)
        out = []
        for other in families.get(code[:4], []):
            if category_of(other) == category_of(code):
                row = self.records[other].get(release, {}).get("")
                if row is not None and row.payable:
                    out.append(row)
        if len(out) > limit:
            i = next((n for n, r in enumerate(out) if r.code == code), 0)
            start = max(0, min(i - limit // 2, len(out) - limit))
            out = out[start:start + limit]
        return out


def load_catalog(engine: Engine | None, data_dir: Path = DATA_DIR) -> Catalog:
    catalog = Catalog(releases={}, records={}, knowledge=load_knowledge(data_dir), engine=engine)
    _load_shipped(catalog, data_dir / "facts")
    if engine is not None:
        _load_imported(catalog, engine)
    return catalog


_DECIMAL_POSITIONS = tuple(i for i, n in enumerate(storage.RVU_COLUMNS) if n in DECIMAL_FIELDS)
_NA_POSITIONS = tuple(i for i, n in enumerate(storage.RVU_COLUMNS) if n in ("nonfac_na", "fac_na"))


def _record(values: list, release: str) -> CodeRecord:
    """A CodeRecord from text values in storage.RVU_COLUMNS order (database row or shipped CSV)."""
    for i in _DECIMAL_POSITIONS:
        values[i] = Decimal(values[i] or "0")
    for i in _NA_POSITIONS:
        values[i] = values[i] == "NA"
    fields = dict(zip(storage.RVU_COLUMNS, values))
    for key, value in fields.items():
        if value is None:
            fields[key] = ""
    return CodeRecord(release=release, **fields)


def _add(catalog: Catalog, record: CodeRecord) -> None:
    catalog.records.setdefault(record.code, {}).setdefault(record.release, {})[record.modifier] = record


def _load_shipped(catalog: Catalog, facts_dir: Path) -> None:
    index = facts_dir / "releases.yaml"
    if not index.exists():
        return
    for meta in load_yaml(index.read_text(encoding="utf-8")) or []:
        release = Release(
            name=meta["name"], year=int(meta["year"]), quarter=meta["quarter"],
            conversion_factor=Decimal(str(meta["conversion_factor"])),
            qp_conversion_factor=decimal_or_none(meta.get("qp_conversion_factor") and str(meta["qp_conversion_factor"])),
            released=str(meta.get("released", "")), source="shipped",
        )
        catalog.releases[release.name] = release
        with open(facts_dir / meta["file"], newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(row for row in fh if not row.startswith("#")):
                _add(catalog, _record([row.get(name) for name in storage.RVU_COLUMNS], release.name))


def _load_imported(catalog: Catalog, engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            metas = [dict(r._mapping) for r in conn.execute(select(storage.releases))]
            localities = {r.release for r in conn.execute(select(storage.gpci.c.release).distinct())}
            for meta in metas:
                name = meta["name"]
                # An import replaces our shipped copy of the same release wholesale.
                for by_release in catalog.records.values():
                    by_release.pop(name, None)
                catalog.releases[name] = Release(
                    name=name, year=meta["year"], quarter=meta["quarter"],
                    conversion_factor=Decimal(meta["conversion_factor"]),
                    qp_conversion_factor=decimal_or_none(meta["qp_conversion_factor"]),
                    released=meta["released"] or "", source="imported", has_localities=name in localities,
                )
            columns = [storage.rvu_rows.c.release] + [storage.rvu_rows.c[name] for name in storage.RVU_COLUMNS]
            # Tuples, not mappings: this loop runs ~20,000 times per release at start-up.
            for release, *values in conn.execute(select(*columns)):
                _add(catalog, _record(values, release))
    except SQLAlchemyError as exc:
        raise storage.StorageError(f"cannot read releases from the database: {storage.first_line(exc)}") from exc
    for code in [c for c, by_release in catalog.records.items() if not by_release]:
        del catalog.records[code]


def export_facts(catalog: Catalog, release: str, codes: set[str], out_dir: Path) -> Path:
    """Write the figures (no descriptors) of `codes` in `release` as a shipped-facts CSV."""
    rel = catalog.releases[release]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{release}.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write(f"# Figures from CMS {rel.label}; codes and numbers only (no descriptors).\n")
        writer = csv.DictWriter(fh, FACT_COLUMNS)
        writer.writeheader()
        for code in sorted(codes):
            for modifier, row in sorted(catalog.records.get(code, {}).get(release, {}).items()):
                values = {c: getattr(row, c) for c in FACT_COLUMNS}
                values["nonfac_na"] = "NA" if row.nonfac_na else ""
                values["fac_na"] = "NA" if row.fac_na else ""
                writer.writerow({k: str(v) for k, v in values.items()})
    index = out_dir / "releases.yaml"
    metas = [m for m in (load_yaml(index.read_text()) if index.exists() else []) or [] if m["name"] != release]
    metas.append({"name": rel.name, "year": rel.year, "quarter": rel.quarter,
                  "conversion_factor": str(rel.conversion_factor),
                  "qp_conversion_factor": str(rel.qp_conversion_factor) if rel.qp_conversion_factor else None,
                  "released": rel.released, "file": path.name})
    index.write_text("# Shipped releases: figures for our curated codes, as facts.\n"
                     + yaml.safe_dump(metas, sort_keys=False), encoding="utf-8")
    return path
