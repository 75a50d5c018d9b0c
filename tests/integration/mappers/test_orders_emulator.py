"""Sales orders and quotes against the emulator, through the unified model.

The whole seed of both divisions maps; every order and quotation adds up to the cent and
refers to existing customers, items and VAT codes. One order and one quotation are written
through the unified model, read back with their lines, updated and deleted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from exactbridge.mappers.orders import QUOTE_MAP, SALES_ORDER_MAP
from exactbridge.model.orders import (
    ApprovalStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
)
from exactbridge.model.sales import SalesLine
from tests.integration.mappers.sales_support import (
    NIL,
    all_rows,
    assert_adds_up,
    create,
    delete,
    divisions,
    keys,
    one,
    pick,
    update,
    written,
)
from tests.support.emulator import EmulatorClient

ORDERS = "salesorder/SalesOrders"
QUOTATIONS = "crm/Quotations"


def _check_lines(
    lines: list[Any] | None, items: set[str], tax_codes: set[str], document: str
) -> None:
    for line in lines or ():
        assert line.item_id in items, document
        assert line.tax_code in {None, *tax_codes}, document
        assert line.net_amount == (line.quantity * line.net_unit_price).quantize(Decimal("0.01")), (
            document
        )


async def test_the_whole_seed_maps_and_adds_up(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        accounts = await keys(exact, division, "crm/Accounts")
        items = await keys(exact, division, "logistics/Items")
        tax_codes = await keys(exact, division, "vat/VATCodes", "Code")
        orders = await all_rows(exact, division, ORDERS, expand="SalesOrderLines")
        assert orders
        for row in orders:
            order = SALES_ORDER_MAP.from_exact(row, division=division)
            assert order.id == row["OrderID"]
            assert order.status is not None
            assert {order.customer_id, order.invoice_to_id} <= accounts
            assert_adds_up(order, order.line_items)
            _check_lines(order.line_items, items, tax_codes, order.id)
            if order.status is SalesOrderStatus.COMPLETE:
                assert order.delivery_status is order.invoice_status is SalesOrderStatus.COMPLETE
        quotations = await all_rows(exact, division, QUOTATIONS, expand="QuotationLines")
        assert quotations
        for row in quotations:
            quote = QUOTE_MAP.from_exact(row, division=division)
            assert quote.id == row["QuotationID"]
            assert quote.status is not None
            assert {quote.customer_id, quote.invoice_to_id} <= accounts
            assert_adds_up(quote, quote.line_items)
            _check_lines(quote.line_items, items, tax_codes, quote.id)
            closed = quote.status in {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED}
            assert (quote.closed_date is not None) is closed, quote.id


def _same_lines(sent: list[Any] | None, got: list[Any] | None) -> None:
    assert sent is not None
    assert got is not None
    assert len(got) == len(sent)
    for mine, theirs in zip(sent, got, strict=True):
        assert isinstance(mine, SalesLine)
        fields = mine.model_fields_set
        assert theirs.model_dump(include=fields) == mine.model_dump(include=fields)


async def test_sales_order_written_through_the_model(exact: EmulatorClient) -> None:
    division = exact.division
    seed = await pick(exact, division)
    draft = SalesOrder(
        id=NIL,
        division=division,
        customer_id=seed.customer,
        issue_date=date(2026, 6, 22),
        delivery_date=date(2026, 7, 1),
        currency="EUR",
        payment_terms=seed.payment_terms,
        description="Unified order",
        your_reference="PO-UNI-2",
        payment_reference="SO-REF-2",
        notes="Deliver before noon",
        line_items=[
            SalesOrderLine(item_id=seed.item, quantity=Decimal(4), unit_price=Decimal("12.5")),
            SalesOrderLine(
                item_id=seed.item,
                description="Rush handling",
                quantity=Decimal(1),
                net_unit_price=Decimal(30),
                delivery_date=date(2026, 6, 30),
            ),
        ],
    )
    key = await create(exact, division, ORDERS, SALES_ORDER_MAP.to_exact(draft, method="POST"))
    back = SALES_ORDER_MAP.from_exact(
        await one(exact, division, ORDERS, key, expand="SalesOrderLines"), division=division
    )
    fields = written(draft)
    assert back.model_dump(include=fields) == draft.model_dump(include=fields)
    assert (back.status, back.approval_status) == (
        SalesOrderStatus.OPEN,
        ApprovalStatus.APPROVED_AUTOMATICALLY,
    )
    assert back.number is not None  # the next free order number
    _same_lines(draft.line_items, back.line_items)
    assert back.line_items is not None
    assert [line.net_amount for line in back.line_items] == [Decimal(50), Decimal(30)]
    assert back.line_items[0].delivery_date == draft.delivery_date  # the order's by default
    assert_adds_up(back, back.line_items)

    change = {"description": "Unified order, amended", "delivery_date": date(2026, 7, 3)}
    await update(exact, division, ORDERS, key, SALES_ORDER_MAP.to_exact(change, method="PUT"))
    changed = SALES_ORDER_MAP.from_exact(
        await one(exact, division, ORDERS, key, expand="SalesOrderLines"), division=division
    )
    assert changed.model_dump(include=set(change)) == change
    assert changed.total_amount == back.total_amount

    await delete(exact, division, ORDERS, key)
    assert key not in await keys(exact, division, ORDERS, "OrderID")


async def test_quote_written_through_the_model(exact: EmulatorClient) -> None:
    division = exact.division
    seed = await pick(exact, division)
    draft = Quote(
        id=NIL,
        division=division,
        customer_id=seed.customer,
        issue_date=date(2026, 6, 23),
        expiry_date=date(2026, 7, 23),
        expected_close_date=date(2026, 7, 10),
        currency="EUR",
        description="Unified quote",
        your_reference="RFQ-88",
        notes="Prices valid for 30 days",
        line_items=[
            QuoteLine(
                item_id=seed.item,
                quantity=Decimal(10),
                unit_price=Decimal("8.4"),
                discount_percentage=Decimal(5),
            ),
            QuoteLine(item_id=seed.item, description="Set-up", quantity=Decimal(1)),
        ],
    )
    key = await create(exact, division, QUOTATIONS, QUOTE_MAP.to_exact(draft, method="POST"))
    back = QUOTE_MAP.from_exact(
        await one(exact, division, QUOTATIONS, key, expand="QuotationLines"), division=division
    )
    fields = written(draft)
    assert back.model_dump(include=fields) == draft.model_dump(include=fields)
    assert (back.status, back.version, back.closed_date) == (QuoteStatus.DRAFT, 1, None)
    _same_lines(draft.line_items, back.line_items)
    assert back.line_items is not None
    assert back.line_items[0].net_unit_price == Decimal("7.98")  # 8.40 less 5 %
    assert back.line_items[0].net_amount == Decimal("79.8")
    assert back.line_items[1].unit_price is not None  # the item's price when none is given
    assert_adds_up(back, back.line_items)

    change = {"description": "Unified quote, revised", "expiry_date": date(2026, 8, 15)}
    await update(exact, division, QUOTATIONS, key, QUOTE_MAP.to_exact(change, method="PUT"))
    changed = QUOTE_MAP.from_exact(
        await one(exact, division, QUOTATIONS, key, expand="QuotationLines"), division=division
    )
    assert changed.model_dump(include=set(change)) == change
    assert changed.status is QuoteStatus.DRAFT

    await delete(exact, division, QUOTATIONS, key)
