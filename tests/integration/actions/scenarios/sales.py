"""Scenarios for invoices, credit notes, sales orders and quotes.

Reads map the seed of every division through `Actions.list` (both Exact tables for invoices
and credit notes) and check what every sales document keeps: totals are the lines plus VAT
to the cent, credit notes carry negative amounts, and what a document names exists. Writes
go through the unified model and read back equal, lines included; refusals of a processed
invoice or a closed quote come back as `RecordLocked` with Exact's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.client import F, Query
from exactbridge.errors import NotFound, RecordLocked
from exactbridge.model import PartyStatus
from exactbridge.model.orders import (
    Quote,
    QuoteLine,
    QuoteStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
)
from exactbridge.model.sales import (
    CreditNote,
    CreditNoteType,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
    InvoiceType,
)
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario
from tests.integration.mappers.sales_support import assert_adds_up

NIL = "00000000-0000-0000-0000-000000000000"


# --- helpers ----------------------------------------------------------------------------


async def _column(h: Harness, division: int, path: str, name: str = "ID") -> set[str]:
    """Every value of one property of an endpoint (codes trimmed)."""
    query = Query(path).select(name)
    return {
        str(row[name]).strip()
        async for envelope in h.actions.client.pages(division, query)
        for row in envelope.rows
    }


@dataclass(frozen=True)
class _References:
    """What a division's sales documents may refer to."""

    accounts: set[str]
    items: set[str]
    journals: set[str]
    tax_codes: set[str]


async def _references(h: Harness, division: int) -> _References:
    return _References(
        accounts=await _column(h, division, "crm/Accounts"),
        items=await _column(h, division, "logistics/Items"),
        journals=await _column(h, division, "financial/Journals", "Code"),
        tax_codes=await _column(h, division, "vat/VATCodes", "Code"),
    )


def _check_document(document: Any, refs: _References) -> None:
    """Adds up to the cent; the customer, items, journal and VAT codes it names exist."""
    assert_adds_up(document, document.line_items)
    assert document.customer_id in refs.accounts, document.id
    assert document.invoice_to_id in {None, *refs.accounts}, document.id
    journal = getattr(document, "journal_code", None)  # invoices and credit notes
    assert journal is None or journal in refs.journals, document.id
    for line in document.line_items:
        assert line.item_id in {None, *refs.items}, document.id
        assert line.tax_code in {None, *refs.tax_codes}, document.id


async def _every_division(h: Harness, resource: str) -> list[Any]:
    """Every record of `resource` in every division, each checked against its division."""
    records: list[Any] = []
    for division in sorted(h.state.store.divisions):
        refs = await _references(h, division)
        mine = [r async for r in h.actions.list(resource, division)]
        for record in mine:
            assert record.division == division
            _check_document(record, refs)
        records.extend(mine)
    return records


@dataclass(frozen=True)
class _Picks:
    customer: str
    item: str
    item_vat: str
    other_item: str


async def _picks(h: Harness) -> _Picks:
    """An active customer and two sales items of the harness division."""
    customer = next(c for c in await h.all("customers") if c.status is PartyStatus.ACTIVE)
    query = Query("logistics/Items").select("ID", "SalesVatCode").where(F("IsSalesItem") == True)  # noqa: E712
    items = [row async for page in h.actions.client.pages(h.division, query) for row in page.rows]
    return _Picks(
        customer=customer.id,
        item=str(items[0]["ID"]),
        item_vat=str(items[0]["SalesVatCode"]).strip(),
        other_item=str(items[1]["ID"]),
    )


def _same_lines(sent: Sequence[Any] | None, got: Sequence[Any] | None) -> None:
    """Every field set on each sent line reads back equal, in order."""
    assert sent is not None
    assert got is not None
    assert len(got) == len(sent)
    for mine, theirs in zip(sent, got, strict=True):
        fields = mine.model_fields_set
        assert theirs.model_dump(include=fields) == mine.model_dump(include=fields)


def _written(draft: Any) -> dict[str, Any]:
    """The header fields a draft set (what must read back equal)."""
    return {name: getattr(draft, name) for name in draft.model_fields_set - {"id", "line_items"}}


async def _lowest_sales_journal(h: Harness) -> str:
    query = Query("financial/Journals").select("Code").where(F("Type") == 20)
    codes = [
        str(row["Code"]).strip()
        async for page in h.actions.client.pages(h.division, query)
        for row in page.rows
    ]
    return min(codes, key=int)


async def _new_invoice(h: Harness, reference: str) -> tuple[Invoice, Invoice]:
    """An open invoice of two lines, created through the unified model: (draft, created)."""
    picks = await _picks(h)
    draft = Invoice(
        id=NIL,
        division=h.division,
        customer_id=picks.customer,
        order_date=date(2026, 6, 20),
        description="Scenario invoice",
        your_reference=reference,
        line_items=[
            InvoiceLine(item_id=picks.item, quantity=Decimal(3), unit_price=Decimal("19.95")),
            InvoiceLine(
                item_id=picks.other_item,
                description="Rush handling",
                quantity=Decimal("1.5"),
                unit_price=Decimal(100),
                discount_percentage=Decimal(10),
            ),
        ],
    )
    return draft, await h.actions.create("invoices", h.division, draft)


# --- invoices ---------------------------------------------------------------------------


@scenario("invoices", "read")
async def invoices_read(h: Harness) -> None:
    await check_read(h, "invoices")
    invoices = await _every_division(h, "invoices")
    assert {i.source for i in invoices} == {InvoiceSource.SALES_INVOICE, InvoiceSource.SALES_ENTRY}
    for invoice in invoices:
        assert isinstance(invoice, Invoice)
        assert invoice.total_amount is not None
        assert invoice.total_amount >= 0, invoice.id


@scenario("invoices", "create")
async def invoices_create(h: Harness) -> None:
    draft, created = await _new_invoice(h, "PO-SCEN-1")
    assert_has(created, _written(draft))
    _same_lines(draft.line_items, created.line_items)
    assert (created.status, created.type, created.source) == (
        InvoiceStatus.OPEN,
        InvoiceType.INVOICE,
        InvoiceSource.SALES_INVOICE,
    )
    assert created.journal_code == await _lowest_sales_journal(h)
    assert created.line_items is not None
    assert created.line_items[0].tax_code == (await _picks(h)).item_vat
    assert [line.net_amount for line in created.line_items] == [Decimal("59.85"), Decimal(135)]
    assert_adds_up(created, created.line_items)
    assert await h.actions.get("invoices", h.division, created.id) == created


@scenario("invoices", "update")
async def invoices_update(h: Harness) -> None:
    _, created = await _new_invoice(h, "PO-SCEN-2")
    change = {"description": "Scenario invoice, corrected", "due_date": date(2026, 8, 1)}
    updated = await h.actions.update("invoices", h.division, created.id, change)
    assert_has(updated, change)
    assert updated.line_items == created.line_items
    await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.update("invoices", h.division, created.id, {"description": "too late"})
    assert "processed" in refused.value.exact_message
    kept = await h.actions.get("invoices", h.division, created.id)
    assert kept.description == change["description"]


@scenario("invoices", "delete")
async def invoices_delete(h: Harness) -> None:
    _, created = await _new_invoice(h, "PO-SCEN-3")
    await h.actions.delete("invoices", h.division, created.id)
    assert await h.gone("invoices", created.id)
    _, final = await _new_invoice(h, "PO-SCEN-4")
    await h.actions.perform("invoices", "finalize", h.division, invoice_id=final.id)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("invoices", h.division, final.id)
    assert "processed" in refused.value.exact_message
    assert not await h.gone("invoices", final.id)


@scenario("invoices", "finalize")
async def invoices_finalize(h: Harness) -> None:
    _, created = await _new_invoice(h, "PO-SCEN-5")
    assert created.number is None
    final = await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)
    assert final.status is InvoiceStatus.PROCESSED
    assert final.number is not None
    assert final.number.isdecimal()
    assert final.line_items == created.line_items
    query = Query("financialtransaction/TransactionLines").where(F("EntryID") == final.id)
    booked = [row async for page in h.actions.client.pages(h.division, query) for row in page.rows]
    assert sum(Decimal(str(row["AmountDC"])) for row in booked) == 0, "the booking balances"
    debit = [row for row in booked if row["Account"] == final.customer_id]
    assert [(Decimal(str(row["AmountDC"])), str(row["InvoiceNumber"])) for row in debit] == [
        (final.total_amount, final.number)
    ], "the customer is debited the invoice total under its number"
    with pytest.raises(RecordLocked):
        await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)


@scenario("invoices", "pdf")
async def invoices_pdf(h: Harness) -> None:
    _, created = await _new_invoice(h, "PO-SCEN-6")
    with pytest.raises(NotFound, match="finalize"):
        await h.actions.perform("invoices", "pdf", h.division, invoice_id=created.id)
    await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)
    pdf = await h.actions.perform("invoices", "pdf", h.division, invoice_id=created.id)
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")


# --- credit notes -----------------------------------------------------------------------


@scenario("credit_notes", "read")
async def credit_notes_read(h: Harness) -> None:
    credit_notes = await _every_division(h, "credit_notes")
    assert credit_notes, "the seed has credit notes"
    for note in credit_notes:
        assert isinstance(note, CreditNote)
        assert note.total_amount is not None
        assert note.total_amount < 0, note.id
        if note.source is InvoiceSource.SALES_INVOICE:
            assert all(line.quantity <= 0 for line in note.line_items or ()), note.id
        assert await replace(h, division=note.division).gone("invoices", note.id)
    for division in sorted({note.division for note in credit_notes}):
        await check_read(replace(h, division=division), "credit_notes")


@scenario("credit_notes", "create")
async def credit_notes_create(h: Harness) -> None:
    picks = await _picks(h)
    draft = CreditNote(
        id=NIL,
        division=h.division,
        customer_id=picks.customer,
        order_date=date(2026, 6, 21),
        description="Scenario credit note",
        your_reference="RMA-SCEN-1",
        line_items=[
            InvoiceLine(item_id=picks.item, quantity=Decimal(-2), unit_price=Decimal("12.5"))
        ],
    )
    created = await h.actions.create("credit_notes", h.division, draft)
    assert_has(created, _written(draft))
    _same_lines(draft.line_items, created.line_items)
    assert created.type is CreditNoteType.CREDIT_NOTE
    assert created.total_excluding_tax == Decimal(-25)
    assert created.total_amount is not None
    assert created.total_amount < 0
    assert_adds_up(created, created.line_items)
    assert await h.gone("invoices", created.id), "a credit note is not an invoice"
    assert created.id in {c.id for c in await h.all("credit_notes")}


# --- sales orders -----------------------------------------------------------------------


async def _new_order(h: Harness, reference: str) -> tuple[SalesOrder, SalesOrder]:
    picks = await _picks(h)
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
    return draft, await h.actions.create("sales_orders", h.division, draft)


@scenario("sales_orders", "read")
async def sales_orders_read(h: Harness) -> None:
    await check_read(h, "sales_orders")
    orders = await _every_division(h, "sales_orders")
    assert all(o.status is not None for o in orders)


@scenario("sales_orders", "create")
async def sales_orders_create(h: Harness) -> None:
    draft, created = await _new_order(h, "SO-SCEN-1")
    assert_has(created, _written(draft))
    _same_lines(draft.line_items, created.line_items)
    assert created.number is not None
    assert created.line_items is not None
    assert [line.net_amount for line in created.line_items] == [Decimal(50), Decimal(30)]
    assert created.line_items[0].tax_code == (await _picks(h)).item_vat
    assert_adds_up(created, created.line_items)


@scenario("sales_orders", "update")
async def sales_orders_update(h: Harness) -> None:
    _, created = await _new_order(h, "SO-SCEN-2")
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
    _, created = await _new_order(h, "SO-SCEN-3")
    await h.actions.delete("sales_orders", h.division, created.id)
    assert await h.gone("sales_orders", created.id)
    partial = next(o for o in await h.all("sales_orders") if o.status is SalesOrderStatus.PARTIAL)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("sales_orders", h.division, partial.id)
    assert refused.value.exact_message.endswith("Status: Partial")
    assert not await h.gone("sales_orders", partial.id)


# --- quotes -----------------------------------------------------------------------------


async def _new_quote(h: Harness, reference: str) -> tuple[Quote, Quote]:
    picks = await _picks(h)
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
    return draft, await h.actions.create("quotes", h.division, draft)


@scenario("quotes", "read")
async def quotes_read(h: Harness) -> None:
    await check_read(h, "quotes")
    quotes = await _every_division(h, "quotes")
    for quote in quotes:
        closed = quote.status in {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED}
        assert (quote.closed_date is not None) is closed, quote.id


@scenario("quotes", "create")
async def quotes_create(h: Harness) -> None:
    draft, created = await _new_quote(h, "Q-SCEN-1")
    assert_has(created, _written(draft))
    _same_lines(draft.line_items, created.line_items)
    assert (created.status, created.version) == (QuoteStatus.DRAFT, 1)
    assert created.line_items is not None
    assert created.line_items[0].tax_code == (await _picks(h)).item_vat
    assert_adds_up(created, created.line_items)


@scenario("quotes", "update")
async def quotes_update(h: Harness) -> None:
    _, created = await _new_quote(h, "Q-SCEN-2")
    change = {"description": "Scenario quote, revised", "expected_close_date": date(2026, 7, 10)}
    updated = await h.actions.update("quotes", h.division, created.id, change)
    assert_has(updated, change)
    assert updated.line_items == created.line_items


@scenario("quotes", "delete")
async def quotes_delete(h: Harness) -> None:
    _, created = await _new_quote(h, "Q-SCEN-3")
    await h.actions.delete("quotes", h.division, created.id)
    assert await h.gone("quotes", created.id)
    accepted = next(q for q in await h.all("quotes") if q.status is QuoteStatus.ACCEPTED)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("quotes", h.division, accepted.id)
    assert refused.value.exact_message.endswith("Status: Accepted")
    assert not await h.gone("quotes", accepted.id)


@scenario("quotes", "accept")
async def quotes_accept(h: Harness) -> None:
    _, created = await _new_quote(h, "Q-SCEN-4")
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
    _, created = await _new_quote(h, "Q-SCEN-5")
    rejected = await h.actions.perform("quotes", "reject", h.division, quote_id=created.id)
    assert rejected.status is QuoteStatus.REJECTED
    assert rejected.closed_date is not None
    with pytest.raises(RecordLocked) as refused:
        await h.actions.perform("quotes", "accept", h.division, quote_id=created.id)
    assert refused.value.exact_message.startswith("Not allowed")
