"""One code in two releases: each RVU component, the conversion factor and the payment, old -> new."""
from __future__ import annotations

from decimal import Decimal

from intents.catalog import Catalog
from intents.models import CodeRecord, Release
from intents.pricing import NATIONAL, Gpci, cents, locality_payment

PERCENT = Decimal("0.1")


def chronological(release: Release) -> tuple:
    return (release.year, release.quarter, 1 if release.source == "imported" else 0)


def pick_releases(catalog: Catalog, code: str, current: str, years: list[int]) -> tuple[Release, Release] | None:
    """(old, new) for `code`: the years the question names, else `current` and the release before it.

    For a named year the newest release of that year is taken; None when fewer than two releases
    of the code are loaded (or the named years are not).
    """
    have = sorted((catalog.releases[name] for name in catalog.records.get(code, {})), key=chronological)
    if len(have) < 2:
        return None

    def newest_of(year: int) -> Release | None:
        of_year = [r for r in have if r.year == year]
        return of_year[-1] if of_year else None

    named = sorted(set(years))
    if len(named) >= 2:
        old, new = newest_of(named[0]), newest_of(named[-1])
        return (old, new) if old and new else None
    now = catalog.releases[current]
    if len(named) == 1 and named[0] != now.year:
        other = newest_of(named[0])
        if other is None:
            return None
        return (other, now) if chronological(other) < chronological(now) else (now, other)
    earlier = [r for r in have if chronological(r) < chronological(now)]
    # Year over year means the previous year when there is one, else the previous quarter.
    previous_years = [r for r in earlier if r.year < now.year]
    if previous_years or earlier:
        return (previous_years or earlier)[-1], now
    later = [r for r in have if chronological(r) > chronological(now)]
    return (now, later[-1]) if later else None


def change(old: Decimal | None, new: Decimal | None) -> dict:
    out = {"old": _num(old), "new": _num(new), "change": None, "percent": None}
    if old is not None and new is not None:
        out["change"] = _num(new - old)
        if old != 0:
            out["percent"] = float(((new - old) / old * 100).quantize(PERCENT))
    return out


def compare_records(old: CodeRecord, old_release: Release, new: CodeRecord, new_release: Release,
                    gpci: Gpci = NATIONAL) -> dict:
    """Components, conversion factor and payment (rounded to the cent before comparing), old -> new."""
    rows = {
        "work_rvu": change(old.work, new.work),
        "pe_rvu_nonfacility": change(None if old.nonfac_na else old.pe_nonfac, None if new.nonfac_na else new.pe_nonfac),
        "pe_rvu_facility": change(None if old.fac_na else old.pe_fac, None if new.fac_na else new.pe_fac),
        "mp_rvu": change(old.mp, new.mp),
        "total_rvu_nonfacility": change(None if old.nonfac_na else old.total_nonfac,
                                        None if new.nonfac_na else new.total_nonfac),
        "total_rvu_facility": change(None if old.fac_na else old.total_fac, None if new.fac_na else new.total_fac),
        "conversion_factor": change(old_release.conversion_factor, new_release.conversion_factor),
    }
    old_pay = [cents(a) for a in locality_payment(old, gpci, old_release.conversion_factor)]
    new_pay = [cents(a) for a in locality_payment(new, gpci, new_release.conversion_factor)]
    rows["payment_nonfacility"] = change(old_pay[0], new_pay[0])
    rows["payment_facility"] = change(old_pay[1], new_pay[1])
    out = {
        "from": {"release": old_release.name, "year": old_release.year, "label": old_release.label,
                 "status": old.status, "payable": old.payable},
        "to": {"release": new_release.name, "year": new_release.year, "label": new_release.label,
               "status": new.status, "payable": new.payable},
        "changes": rows,
    }
    if new_release.qp_conversion_factor:
        qp = [cents(a) for a in locality_payment(new, gpci, new_release.qp_conversion_factor)]
        out["to"].update(qp_conversion_factor=float(new_release.qp_conversion_factor),
                         qp_payment_nonfacility=_num(qp[0]), qp_payment_facility=_num(qp[1]))
    return out


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
