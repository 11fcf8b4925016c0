"""Facts about conversion factors that the PPRRVU file itself does not carry."""
from __future__ import annotations

from decimal import Decimal

# From 2026 CMS publishes two conversion factors: one for qualifying APM participants (QP)
# and one for everyone else. The non-QP factor is in the PPRRVU file; the QP factor is not.
QP_CONVERSION_FACTORS = {2026: "33.5675"}


def qp_conversion_factor(year: int) -> str | None:
    return QP_CONVERSION_FACTORS.get(year)


def decimal_or_none(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None
