"""Money arithmetic the way a bookkeeper does it: decimal cents, halves rounded up.

Amounts arrive and are stored as floats (Exact's `Edm.Double`); every sum and VAT amount is
computed in `Decimal` from the float's shortest decimal text, rounded to cents with
half-up rounding (2.675 is 2.68, not the 2.67 binary floats would give), and only turned
back into a float when written to a row. Entries built this way balance to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

__all__ = ["ZERO", "cents", "sum_cents", "to_float", "vat_excluded", "vat_included"]

ZERO: Final = Decimal("0.00")
_CENT: Final = Decimal("0.01")


def cents(value: float | int | str | Decimal | None) -> Decimal:
    """`value` rounded to cents, half up (None is zero)."""
    if value is None:
        return ZERO
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(_CENT, rounding=ROUND_HALF_UP)


def sum_cents(values: Iterable[float | int | str | Decimal | None]) -> Decimal:
    """The sum of `values`, each rounded to cents first."""
    return sum((cents(value) for value in values), ZERO)


def to_float(value: Decimal) -> float:
    """A cent amount as the float a row stores (`-0.0` becomes `0.0`)."""
    return float(value) + 0.0


def vat_excluded(net: Decimal, percentage: float | None) -> Decimal:
    """VAT on an amount excluding VAT: `net * percentage`, in cents."""
    return cents(net * Decimal(str(percentage or 0)))


def vat_included(gross: Decimal, percentage: float | None) -> Decimal:
    """The VAT inside an amount including VAT: `gross * p / (1 + p)`, in cents."""
    rate = Decimal(str(percentage or 0))
    return cents(gross * rate / (1 + rate))
