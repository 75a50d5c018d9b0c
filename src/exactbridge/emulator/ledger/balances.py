"""`financial/ReportingBalance`: per G/L account and reporting period, the sum of its lines.

Each row holds, for one (G/L account, reporting year, reporting period), the sum of the
`AmountDC` of its transaction lines (`Amount`), the sum of the debit lines (`AmountDebit`),
the sum of the credit lines as a positive number (`AmountCredit`) and how many lines there
are (`Count`). Postings add their lines, reversals (updates, deletes) subtract them; a row
whose count drops to zero goes away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exactbridge.emulator.ledger.money import ZERO, cents, to_float

__all__ = ["BalanceKey", "Delta", "apply_delta", "deltas"]

BalanceKey = tuple[str, int, int]
"""(G/L account, reporting year, reporting period)."""


@dataclass(slots=True)
class Delta:
    """A change to one balance row."""

    amount: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    count: int = 0


def deltas(lines: Iterable[Mapping[str, Any]], sign: int) -> dict[BalanceKey, Delta]:
    """The balance changes of adding (`sign` 1) or removing (`sign` -1) transaction lines."""
    changes: dict[BalanceKey, Delta] = {}
    for line in lines:
        key = (line["GLAccount"], line["FinancialYear"], line["FinancialPeriod"])
        delta = changes.setdefault(key, Delta())
        amount = cents(line.get("AmountDC"))
        delta.amount += sign * amount
        if amount >= 0:
            delta.debit += sign * amount
        else:
            delta.credit -= sign * amount
        delta.count += sign
    return changes


def apply_delta(row: Mapping[str, Any], delta: Delta) -> dict[str, Any]:
    """The amounts and count of a balance `row` after `delta`."""
    return {
        "Amount": to_float(cents(row.get("Amount")) + delta.amount),
        "AmountCredit": to_float(cents(row.get("AmountCredit")) + delta.credit),
        "AmountDebit": to_float(cents(row.get("AmountDebit")) + delta.debit),
        "Count": (row.get("Count") or 0) + delta.count,
    }
