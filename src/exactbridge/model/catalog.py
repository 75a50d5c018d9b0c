"""The catalogue: items (`logistics/Items`) and the item groups that classify them.

An item is what invoices, orders and quotations sell or buy: a code, a name, the roles it
plays (sales, purchase, stock), its unit, the sales VAT code and the G/L accounts its
revenue and costs post to. Item groups (`logistics/ItemGroups`, read only in Exact) give new
items their default accounts.

Status. Exact has no blocked flag on items: it takes an item out of use by giving it an end
date (the card's "end" action sets it), and an item serves from its `StartDate` until the
day before its `EndDate`. A record cannot read the clock, so `status` says what Exact
stores: `inactive` once the item has an end date, `active` without one; `is_active_on(day)`
answers for a given day, a future end date included.

Purchase VAT. `logistics/Items` carries only the sales VAT code; the purchase VAT code lives
per supplier in `logistics/SupplierItem`, so it is not part of `Item`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from exactbridge.model._base import CurrencyCode, Money, UnifiedRecord

__all__ = ["Item", "ItemGroup", "ItemStatus", "dated_active"]


class ItemStatus(StrEnum):
    """Whether Exact still offers the item: `inactive` once it has an `EndDate`."""

    ACTIVE = "active"
    INACTIVE = "inactive"


def dated_active(start: date | None, end: date | None, day: date) -> bool:
    """True when a record valid from `start` until the day before `end` is valid on `day`.

    Exact's `EndDate` is the first day a record no longer serves (a cost centre turns
    inactive on it); a missing start or end leaves that side open.
    """
    return (start is None or start <= day) and (end is None or day < end)


class Item(UnifiedRecord):
    """One article or service (`logistics/Items`); read, create, update, delete.

    The role flags read as true or false (a null from Exact as false); in a draft, None
    leaves Exact its default (a new item is a stock item unless told otherwise).
    """

    code: str = Field(description="Exact `Code`, unique per division (e.g. `P1001`).")
    name: str = Field(description="Exact `Description`: the item's name on documents.")
    description: str | None = Field(
        default=None, description="Exact `ExtraDescription`: a longer description."
    )
    item_group_id: str | None = Field(
        default=None,
        description="Exact `ItemGroup` GUID; Exact puts new items in the default group.",
    )
    item_group_code: str | None = Field(
        default=None, description="Exact `ItemGroupCode` (read only)."
    )
    item_group_name: str | None = Field(
        default=None, description="Exact `ItemGroupDescription` (read only)."
    )
    is_sales_item: bool | None = Field(
        default=None, description="Exact `IsSalesItem`: sold on invoices, orders, quotes."
    )
    is_purchase_item: bool | None = Field(
        default=None, description="Exact `IsPurchaseItem`: bought from suppliers."
    )
    is_stock_item: bool | None = Field(
        default=None,
        description="Exact `IsStockItem`: stock is kept; Exact sets it on a create without it.",
    )
    unit: str | None = Field(
        default=None, description="Exact `Unit`: the unit code (`pc`, `uur`), padding trimmed."
    )
    sales_tax_code: str | None = Field(
        default=None, description="Exact `SalesVatCode`, padding trimmed."
    )
    cost_price: Money | None = Field(
        default=None,
        description="Exact `CostPriceStandard`: the standard cost price; set on creation only.",
    )
    cost_price_currency: CurrencyCode | None = Field(
        default=None, description="Exact `CostPriceCurrency`."
    )
    sales_price: Money | None = Field(
        default=None,
        description="Exact `StandardSalesPrice` (read only; prices are kept in price lists).",
    )
    revenue_account_id: str | None = Field(
        default=None, description="Exact `GLRevenue`: the G/L account sales post to."
    )
    cost_account_id: str | None = Field(
        default=None, description="Exact `GLCosts`: the G/L account cost of sales posts to."
    )
    stock_account_id: str | None = Field(
        default=None, description="Exact `GLStock`: the G/L account of the stock value."
    )
    start_date: date | None = Field(
        default=None, description="Exact `StartDate`: first day the item serves."
    )
    end_date: date | None = Field(
        default=None, description="Exact `EndDate`: first day the item no longer serves."
    )
    barcode: str | None = Field(default=None, description="Exact `Barcode` (EAN, say).")
    search_code: str | None = Field(default=None, description="Exact `SearchCode`.")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
    status: ItemStatus = Field(
        default=ItemStatus.ACTIVE,
        description="Derived from Exact `EndDate`: inactive once it is set (read only).",
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_status(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("status") is None:
            ended = data.get("end_date") is not None
            return {**data, "status": ItemStatus.INACTIVE if ended else ItemStatus.ACTIVE}
        return data

    def is_active_on(self, day: date) -> bool:
        """True when Exact lets the item be used on `day` (between its start and end)."""
        return dated_active(self.start_date, self.end_date, day)


class ItemGroup(UnifiedRecord):
    """One item group (`logistics/ItemGroups`); read only: Exact offers no writes."""

    code: str = Field(description="Exact `Code` (e.g. `701`).")
    name: str = Field(description="Exact `Description`.")
    is_default: bool = Field(
        default=False, description="Exact `IsDefault`: the group new items get."
    )
    revenue_account_id: str | None = Field(
        default=None, description="Exact `GLRevenue`: default revenue G/L account of items."
    )
    cost_account_id: str | None = Field(
        default=None, description="Exact `GLCosts`: default cost of sales G/L account."
    )
    stock_account_id: str | None = Field(
        default=None, description="Exact `GLStock`: default stock G/L account."
    )
    purchase_account_id: str | None = Field(
        default=None, description="Exact `GLPurchaseAccount`: default purchase G/L account."
    )
    notes: str | None = Field(default=None, description="Exact `Notes`.")
