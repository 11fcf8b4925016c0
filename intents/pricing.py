"""The Medicare payment formula (DESIGN §2) and nothing else. Money is Decimal; round on display."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from intents.models import CodeRecord

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Gpci:
    work: Decimal
    pe: Decimal
    mp: Decimal


NATIONAL = Gpci(Decimal(1), Decimal(1), Decimal(1))


def national_payment(record: CodeRecord, conversion_factor: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(non-facility, facility) national amounts; None where the setting is NA or not payable."""
    return locality_payment(record, NATIONAL, conversion_factor)


def locality_payment(record: CodeRecord, gpci: Gpci, conversion_factor: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """(work × GPCIw + PE × GPCIpe + MP × GPCImp) × CF, component by component, per setting."""
    if not record.payable:
        return None, None
    if gpci == NATIONAL:
        # The file's totals are the published sums; using them keeps national figures identical to CMS.
        nonfac = record.total_nonfac * conversion_factor
        fac = record.total_fac * conversion_factor
    else:
        nonfac = (record.work * gpci.work + record.pe_nonfac * gpci.pe + record.mp * gpci.mp) * conversion_factor
        fac = (record.work * gpci.work + record.pe_fac * gpci.pe + record.mp * gpci.mp) * conversion_factor
    return (None if record.nonfac_na else nonfac), (None if record.fac_na else fac)


def cents(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount.quantize(CENT, rounding=ROUND_HALF_UP)
