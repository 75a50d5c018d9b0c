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
from tests.integration.mappers.sales_support import (
    NIL,
    assert_adds_up,
    create_document,
    pick,
    update_document,
)
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, delete, divisions, gone, keys

ORDERS = SALES_ORDER_MAP.spec.path
QUOTATIONS = QUOTE_MAP.spec.path


async def _seeded(exact: EmulatorClient, division: int, rmap: Any) -> list[Any]:
    """Every document of the map's endpoint in the division, read with its lines: each adds
    up, and names existing customers, items and VAT codes."""
    accounts = await keys(exact, division, "crm/Accounts")
    items = await keys(exact, division, "logistics/Items")
    tax_codes = await keys(exact, division, "vat/VATCodes", "Code")
    rows = await all_rows(exact, division, rmap.spec.path, {"$expand": rmap.lines.exact})
    assert rows
    documents = []
    for row in rows:
        document = rmap.from_exact(row, division=division)
        assert document.id == row[rmap.spec.key]
        assert document.status is not None
        assert {document.customer_id, document.invoice_to_id} <= accounts
        assert_adds_up(document, document.line_items)
        for line in document.line_items:
            assert line.item_id in items, document.id
            assert line.tax_code in {None, *tax_codes}, document.id
            net = (line.quantity * line.net_unit_price).quantize(Decimal("0.01"))
            assert line.net_amount == net, document.id
        documents.append(document)
    return documents


async def test_the_whole_seed_maps_and_adds_up(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        for order in await _seeded(exact, division, SALES_ORDER_MAP):
            if order.status is SalesOrderStatus.COMPLETE:
                assert order.delivery_status is order.invoice_status is SalesOrderStatus.COMPLETE
        for quote in await _seeded(exact, division, QUOTE_MAP):
            closed = quote.status in {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED}
            assert (quote.closed_date is not None) is closed, quote.id


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
    key, back = await create_document(exact, division, SALES_ORDER_MAP, draft)
    assert (back.status, back.approval_status) == (
        SalesOrderStatus.OPEN,
        ApprovalStatus.APPROVED_AUTOMATICALLY,
    )
    assert back.number is not None  # the next free order number
    assert back.line_items is not None
    assert [line.net_amount for line in back.line_items] == [Decimal(50), Decimal(30)]
    assert back.line_items[0].delivery_date == draft.delivery_date  # the order's by default

    change = {"description": "Unified order, amended", "delivery_date": date(2026, 7, 3)}
    changed = await update_document(exact, division, SALES_ORDER_MAP, key, change)
    assert changed.total_amount == back.total_amount

    assert await delete(exact, division, ORDERS, key) == 204
    assert await gone(exact, division, ORDERS, key)
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
    key, back = await create_document(exact, division, QUOTE_MAP, draft)
    assert (back.status, back.version, back.closed_date) == (QuoteStatus.DRAFT, 1, None)
    assert back.line_items is not None
    assert back.line_items[0].net_unit_price == Decimal("7.98")  # 8.40 less 5 %
    assert back.line_items[0].net_amount == Decimal("79.8")
    assert back.line_items[1].unit_price is not None  # the item's price when none is given

    change = {"description": "Unified quote, revised", "expiry_date": date(2026, 8, 15)}
    changed = await update_document(exact, division, QUOTE_MAP, key, change)
    assert changed.status is QuoteStatus.DRAFT

    assert await delete(exact, division, QUOTATIONS, key) == 204
    assert await gone(exact, division, QUOTATIONS, key)
