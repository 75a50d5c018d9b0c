"""Reporting balances move by the lines posted and taken back."""

from __future__ import annotations

from decimal import Decimal

from exactbridge.emulator.ledger.balances import apply_delta, deltas


def line(gl: str, amount: float, year: int = 2026, period: int = 6) -> dict[str, object]:
    return {"GLAccount": gl, "AmountDC": amount, "FinancialYear": year, "FinancialPeriod": period}


def test_debits_credits_and_counts_per_account_and_period() -> None:
    changes = deltas([line("a", 121), line("b", -100), line("c", -21), line("a", -5)], 1)
    a = changes[("a", 2026, 6)]
    assert (a.amount, a.debit, a.credit, a.count) == (Decimal(116), Decimal(121), Decimal(5), 2)
    row = apply_delta({}, a)
    assert row == {"Amount": 116.0, "AmountCredit": 5.0, "AmountDebit": 121.0, "Count": 2}


def test_taking_lines_back_returns_to_zero() -> None:
    lines = [line("a", 10.1), line("a", 20.2, period=7)]
    row: dict[str, object] = {}
    for key, delta in deltas(lines, 1).items():
        if key[2] == 6:
            row = apply_delta(row, delta)
    for key, delta in deltas(lines, -1).items():
        if key[2] == 6:
            row = apply_delta(row, delta)
    assert row == {"Amount": 0.0, "AmountCredit": 0.0, "AmountDebit": 0.0, "Count": 0}
