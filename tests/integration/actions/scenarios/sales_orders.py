"""Scenarios for sales orders and quotes.

Reads map the seed of every division (totals add up, references exist); writes go through
the unified model and read back equal with their lines; Exact's locks (a complete order, a
closed quote) and the quote workflow (accept, reject) come back typed with Exact's words.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exactbridge.errors import RecordLocked
from exactbridge.model.orders import (
    Quote,
    QuoteLine,
    QuoteStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
)
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario
from tests.integration.actions.scenarios.sales_support import (
    create_document,
    every_division,
    pick_seed,
)
from tests.integration.mappers.sales_support import NIL

# --- sales orders -----------------------------------------------------------------------


async def _new_order(h: Harness, reference: str) -> SalesOrder:
    """An open order of two lines, created through the unified model."""
    picks = await pick_seed(h)
    draft = SalesOrder(
        id=NIL,
        division=h.division,
        customer_id=picks.customer,
        issue_date=date(2026, 6, 22),
        delivery_date=date(2026, 7, 1),
        description="Scenario order",
        your_reference=reference,
        line_items=[
            SalesOrderLine(item_id=picks.item, quantity=Decimal(4), unit_price=Decimal("12.5")),
            SalesOrderLine(
                item_id=picks.other_item, quantity=Decimal(1), net_unit_price=Decimal(30)
            ),
        ],
    )
    created: SalesOrder = await create_document(h, "sales_orders", draft)
    return created


@scenario("sales_orders", "read")
async def sales_orders_read(h: Harness) -> None:
    await check_read(h, "sales_orders")
    orders = await every_division(h, "sales_orders")
    assert all(o.status is not None for o in orders)


@scenario("sales_orders", "create")
async def sales_orders_create(h: Harness) -> None:
    created = await _new_order(h, "SO-SCEN-1")
    assert created.number is not None
    assert created.line_items is not None
    assert [line.net_amount for line in created.line_items] == [Decimal(50), Decimal(30)]
    assert created.line_items[0].tax_code == (await pick_seed(h)).item_vat


@scenario("sales_orders", "update")
async def sales_orders_update(h: Harness) -> None:
    created = await _new_order(h, "SO-SCEN-2")
    change = {"description": "Scenario order, amended", "delivery_date": date(2026, 7, 3)}
    updated = await h.actions.update("sales_orders", h.division, created.id, change)
    assert_has(updated, change)
    assert updated.line_items == created.line_items
    complete = next(o for o in await h.all("sales_orders") if o.status is SalesOrderStatus.COMPLETE)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.update("sales_orders", h.division, complete.id, {"description": "late"})
    assert refused.value.exact_message.endswith("Status: Complete")


@scenario("sales_orders", "delete")
async def sales_orders_delete(h: Harness) -> None:
    created = await _new_order(h, "SO-SCEN-3")
    await h.actions.delete("sales_orders", h.division, created.id)
    assert await h.gone("sales_orders", created.id)
    partial = next(o for o in await h.all("sales_orders") if o.status is SalesOrderStatus.PARTIAL)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("sales_orders", h.division, partial.id)
    assert refused.value.exact_message.endswith("Status: Partial")
    assert not await h.gone("sales_orders", partial.id)


# --- quotes -----------------------------------------------------------------------------


async def _new_quote(h: Harness, reference: str) -> Quote:
    """A draft quote of two lines, created through the unified model."""
    picks = await pick_seed(h)
    draft = Quote(
        id=NIL,
        division=h.division,
        customer_id=picks.customer,
        issue_date=date(2026, 6, 23),
        expiry_date=date(2026, 7, 23),
        description="Scenario quote",
        your_reference=reference,
        line_items=[
            QuoteLine(item_id=picks.item, quantity=Decimal(2), unit_price=Decimal(40)),
            QuoteLine(item_id=picks.other_item, quantity=Decimal(5), unit_price=Decimal(8)),
        ],
    )
    created: Quote = await create_document(h, "quotes", draft)
    return created


@scenario("quotes", "read")
async def quotes_read(h: Harness) -> None:
    await check_read(h, "quotes")
    quotes = await every_division(h, "quotes")
    for quote in quotes:
        closed = quote.status in {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED}
        assert (quote.closed_date is not None) is closed, quote.id


@scenario("quotes", "create")
async def quotes_create(h: Harness) -> None:
    created = await _new_quote(h, "Q-SCEN-1")
    assert (created.status, created.version) == (QuoteStatus.DRAFT, 1)
    assert created.line_items is not None
    assert created.line_items[0].tax_code == (await pick_seed(h)).item_vat


@scenario("quotes", "update")
async def quotes_update(h: Harness) -> None:
    created = await _new_quote(h, "Q-SCEN-2")
    change = {"description": "Scenario quote, revised", "expected_close_date": date(2026, 7, 10)}
    updated = await h.actions.update("quotes", h.division, created.id, change)
    assert_has(updated, change)
    assert updated.line_items == created.line_items


@scenario("quotes", "delete")
async def quotes_delete(h: Harness) -> None:
    created = await _new_quote(h, "Q-SCEN-3")
    await h.actions.delete("quotes", h.division, created.id)
    assert await h.gone("quotes", created.id)
    accepted = next(q for q in await h.all("quotes") if q.status is QuoteStatus.ACCEPTED)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("quotes", h.division, accepted.id)
    assert refused.value.exact_message.endswith("Status: Accepted")
    assert not await h.gone("quotes", accepted.id)


@scenario("quotes", "accept")
async def quotes_accept(h: Harness) -> None:
    created = await _new_quote(h, "Q-SCEN-4")
    accepted = await h.actions.perform("quotes", "accept", h.division, quote_id=created.id)
    assert accepted.status is QuoteStatus.ACCEPTED
    assert accepted.closed_date == h.clock.now().date()
    with pytest.raises(RecordLocked) as refused:
        await h.actions.update("quotes", h.division, created.id, {"description": "too late"})
    assert "Status" in refused.value.exact_message
    with pytest.raises(RecordLocked):
        await h.actions.perform("quotes", "reject", h.division, quote_id=created.id)


@scenario("quotes", "reject")
async def quotes_reject(h: Harness) -> None:
    created = await _new_quote(h, "Q-SCEN-5")
    rejected = await h.actions.perform("quotes", "reject", h.division, quote_id=created.id)
    assert rejected.status is QuoteStatus.REJECTED
    assert rejected.closed_date is not None
    with pytest.raises(RecordLocked) as refused:
        await h.actions.perform("quotes", "accept", h.division, quote_id=created.id)
    assert refused.value.exact_message.startswith("Not allowed")
