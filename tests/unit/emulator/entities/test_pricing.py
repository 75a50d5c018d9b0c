"""Amounts and statuses of order and quotation lines (`_pricing`, `salesorder.progress`)."""

from __future__ import annotations

import pytest

from exactbridge.emulator.entities._pricing import Totals, money, total
from exactbridge.emulator.entities.salesorder import progress


@pytest.mark.parametrize(
    ("value", "rounded"), [(0.125, 0.12), (2.675, 2.67), (-0.004, 0.0), (10, 10), (1 / 3, 0.33)]
)
def test_money_rounds_to_cents_without_negative_zero(value: float, rounded: float) -> None:
    assert money(value) == rounded
    assert str(money(-0.001)) == "0.0"


def test_totals_add_the_lines_by_field_name() -> None:
    lines = [
        {"AmountFC": 37.5, "VATAmount": 7.88, "VATAmountFC": 1.0},
        {"AmountFC": 180.0, "VATAmount": 37.8, "VATAmountFC": None},
    ]
    assert total(lines) == Totals(217.5, 45.68)
    assert total(lines).gross == 263.18
    assert total(lines, vat="VATAmountFC") == Totals(217.5, 1.0)
    assert total([]) == Totals(0.0, 0.0)


@pytest.mark.parametrize(
    ("done", "wanted", "status"),
    [(0, 5, 12), (2, 5, 20), (5, 5, 21), (6, 5, 21), (-1, -3, 20), (-3, -3, 21), (0, 0, 12)],
)
def test_line_progress_is_open_partial_or_complete(done: float, wanted: float, status: int) -> None:
    assert progress(done, wanted) == status
