"""The figures an answer uses for one code, as plain JSON-ready data."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path



from intents.catalog import Catalog
from intents.knowledge import DATA_DIR, load_yaml
from intents.models import CodeRecord, Release
from intents.pricing import cents, national_payment


def load_indicators(data_dir: Path = DATA_DIR) -> dict[str, dict[str, str]]:
    raw = load_yaml((data_dir / "indicators.yaml").read_text(encoding="utf-8"))
    return {group: {str(k): v for k, v in values.items()} for group, values in raw.items()}


def money(value: Decimal | None) -> float | None:
    rounded = cents(value)
    return None if rounded is None else float(rounded)


def number(value: Decimal) -> float:
    return float(value)


def record_figures(record: CodeRecord, release: Release) -> dict:
    """RVUs and national payment of one PPRRVU row."""
    nonfac, fac = national_payment(record, release.conversion_factor)
    out = {
        "release": release.name,
        "modifier": record.modifier,
        "status": record.status,
        "work_rvu": number(record.work),
        "pe_rvu_nonfacility": number(record.pe_nonfac),
        "pe_rvu_facility": number(record.pe_fac),
        "mp_rvu": number(record.mp),
        "total_rvu_nonfacility": number(record.total_nonfac),
        "total_rvu_facility": number(record.total_fac),
        "nonfacility_na": record.nonfac_na,
        "facility_na": record.fac_na,
        "global_days": record.global_days,
        "conversion_factor": number(release.conversion_factor),
        "payment_nonfacility": money(nonfac),
        "payment_facility": money(fac),
    }
    if release.qp_conversion_factor:
        qp_nonfac, qp_fac = national_payment(record, release.qp_conversion_factor)
        out.update(qp_conversion_factor=number(release.qp_conversion_factor),
                   qp_payment_nonfacility=money(qp_nonfac), qp_payment_facility=money(qp_fac))
    return out


def code_facts(catalog: Catalog, indicators: dict, code: str, modifier: str = "",
               release_name: str | None = None) -> dict | None:
    """Everything we know of one code in the release that answers for it (None if unknown)."""
    release = catalog.release_for(code, release_name)
    if release is None:
        return None
    rows = catalog.records[code][release.name]
    base = rows.get("") or next(iter(rows.values()))
    row = rows.get(modifier, base) if modifier else base
    know = catalog.knowledge.get(code)
    facts = record_figures(row, release)
    facts.update(
        code=code,
        asked_modifier=modifier,
        modifier_row_used=bool(modifier and modifier in rows),
        release_label=release.label,
        release_source=release.source,
        curated=know is not None,
        title=know.title if know else "",
        plain=know.plain if know else "",
        when_used=know.when_used if know else "",
        doc_tip=know.doc_tip if know else "",
        specialties=list(know.specialties) if know else [],
        descriptor="" if know else catalog.description(code),
        payable=row.payable,
        status_text=indicators["status"].get(row.status, f"Status {row.status}."),
        global_text=indicators["global"].get(row.global_days, f"Global period {row.global_days}."),
        pctc=row.pctc,
        pctc_text=indicators["pctc"].get(row.pctc, ""),
        add_on=row.is_add_on,
        indicators={"multiple_procedure": row.mult_proc, "bilateral": row.bilat, "assistant": row.asst,
                    "co_surgeon": row.co_surg, "team": row.team, "endoscopic_base": row.endo_base},
        components={m: record_figures(r, release) for m, r in sorted(rows.items()) if m},
    )
    if base.payable:
        stats = catalog.category_stats(code, release.name)
        facts["category"] = {
            "name": stats.name, "codes": stats.count, "percentile": stats.percentile(base.work),
            "median_work_rvu": number(stats.median_work), "max_work_rvu": number(stats.max_work),
            "max_code": stats.max_code,
        }
    # The same code in the other loaded releases, each marked newer or older than this one.
    facts["other_releases"] = []
    for other in catalog.other_releases(code, release.name):
        other_rows = catalog.records[code][other.name]
        other_row = other_rows.get(modifier) if modifier in other_rows else (other_rows.get("") or next(iter(other_rows.values())))
        figures = record_figures(other_row, other)
        figures["newer"] = (other.year, other.quarter) > (release.year, release.quarter)
        facts["other_releases"].append(figures)
    return facts


def peer_rows(catalog: Catalog, code: str, release: str) -> list[dict]:
    out = []
    for row in catalog.peers(code, release):
        know = catalog.knowledge.get(row.code)
        out.append({"code": row.code, "title": know.title if know else catalog.description(row.code),
                    "curated": know is not None, "work_rvu": number(row.work),
                    "total_rvu_nonfacility": number(row.total_nonfac), "total_rvu_facility": number(row.total_fac),
                    "payment_nonfacility": money(national_payment(row, catalog.releases[release].conversion_factor)[0])})
    return out
