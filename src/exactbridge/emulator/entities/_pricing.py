"""Prices and amounts of item lines, shared by sales orders and quotations.

A line sells an item: what the caller leaves out comes from the item (description, unit,
VAT code) or, for the VAT code, from the customer. Prices follow Exact's rules as recorded:
`NetPrice` is the price after the line discount; when only `NetPrice` is given, `UnitPrice`
stays 0 (as a real order posted with `NetPrice` only came back); when neither is given, the
item's standard sales price is used. Line amounts exclude VAT; the header's totals add the
VAT of every line. Amounts are rounded to cents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.store import Row

__all__ = ["LinePrice", "Totals", "item_texts", "money", "price_line", "total"]


def money(value: float) -> float:
    """An amount rounded to cents (and `-0.0` made `0.0`)."""
    return round(value, 2) + 0.0  # adding 0.0 turns -0.0 into 0.0


@dataclass(frozen=True, slots=True)
class LinePrice:
    """Everything derived from a line's quantity, prices and VAT code."""

    quantity: float
    unit_price: float
    discount: float
    net_price: float
    amount: float
    vat_code: str | None
    vat_description: str | None
    vat_percentage: float
    vat_amount: float


@dataclass(frozen=True, slots=True)
class Totals:
    """A header's totals: the lines' amounts excluding VAT, their VAT, and both together."""

    net: float
    vat: float

    @property
    def gross(self) -> float:
        """Net plus VAT."""
        return money(self.net + self.vat)


def price_line(ctx: Context, given: Mapping[str, Any], item: Row, customer: Row) -> LinePrice:
    """Price one line from what the caller gave, the item and the customer."""
    vat_code = given.get("VATCode") or item.get("SalesVatCode") or customer.get("SalesVATCode")
    vat = ctx.find("vat/VATCodes", "Code", vat_code) or {}
    percentage = float(vat.get("Percentage") or 0)
    quantity = given.get("Quantity")
    quantity = 1.0 if quantity is None else float(quantity)
    discount = float(given.get("Discount") or 0)
    net_given = given.get("NetPrice")
    unit_price = given.get("UnitPrice")
    if unit_price is None:
        unit_price = 0 if net_given is not None else (item.get("StandardSalesPrice") or 0)
    unit_price = float(unit_price)
    net_price = money(unit_price * (1 - discount)) if net_given is None else float(net_given)
    amount = money(quantity * net_price)
    return LinePrice(
        quantity=quantity,
        unit_price=unit_price,
        discount=discount,
        net_price=net_price,
        amount=amount,
        vat_code=vat_code,
        vat_description=vat.get("Description"),
        vat_percentage=percentage,
        vat_amount=money(amount * percentage),
    )


def item_texts(given: Mapping[str, Any], item: Row) -> dict[str, Any]:
    """Item code and description, and the line's description and unit defaulted from them."""
    unit = (item.get("Unit") or "").strip() or None
    return {
        "ItemCode": item.get("Code"),
        "ItemDescription": item.get("Description"),
        "Description": given.get("Description") or item.get("Description"),
        "UnitCode": given.get("UnitCode") or unit,
        "UnitDescription": item.get("UnitDescription"),
    }


def total(lines: Iterable[Row], amount: str = "AmountFC", vat: str = "VATAmount") -> Totals:
    """The totals of `lines`, reading their amount and VAT fields by name."""
    net = 0.0
    tax = 0.0
    for line in lines:
        net += line.get(amount) or 0
        tax += line.get(vat) or 0
    return Totals(money(net), money(tax))
