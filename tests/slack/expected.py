"""Figures the tests expect, read from the official CMS file with the csv module (not our importer)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tests.cms_files import cms_path, read_pprrvu_csv


def national_payment(code: str) -> tuple[str, str]:
    """("$121.95", "$42.70"): non-facility and facility national payment in RVU25D."""
    path = cms_path("rvu25d") / "PPRRVU2025_Oct.csv"
    for row in read_pprrvu_csv(path):
        if row["HCPCS"] == code and not row["MOD"]:
            cf = Decimal(row["CONV FACTOR"])
            return tuple(f"${(Decimal(row[col]) * cf).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
                         for col in ("NON-FACILITY TOTAL", "FACILITY TOTAL"))
    raise KeyError(code)
