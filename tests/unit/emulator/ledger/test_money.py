"""Cent rounding is decimal and half-up, whatever binary floats would say."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.emulator.ledger.money import cents, sum_cents, to_float, vat_excluded, vat_included


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2.675, "2.68"), (1.005, "1.01"), (-1.005, "-1.01"), (0.125, "0.13"), (None, "0.00"),
     (10, "10.00"), ("3.14159", "3.14")],
)  # fmt: skip
def test_cents_round_half_up_on_the_decimal_value(value: object, expected: str) -> None:
    assert cents(value) == Decimal(expected)  # type: ignore[arg-type]


def test_vat_on_amounts_excluding_and_including_vat() -> None:
    assert vat_excluded(Decimal("100.01"), 0.21) == Decimal("21.00")
    assert vat_excluded(Decimal("10.50"), 0.09) == Decimal("0.95")  # 0.945 rounds up
    assert vat_included(Decimal("121.00"), 0.21) == Decimal("21.00")
    assert vat_excluded(Decimal("100"), None) == Decimal("0.00")


def test_sums_and_floats() -> None:
    assert sum_cents([0.1, 0.2, 0.3]) == Decimal("0.60")
    assert to_float(Decimal("-0.00")) == 0.0
    assert str(to_float(Decimal("-0.00"))) == "0.0"


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2), st.sampled_from([0.06, 0.09, 0.21])
)
def test_net_plus_vat_splits_back_into_the_same_parts(net: Decimal, rate: float) -> None:
    vat = vat_excluded(net, rate)
    assert abs(vat - net * Decimal(str(rate))) <= Decimal("0.005")
    assert cents(net + vat) - vat == net
