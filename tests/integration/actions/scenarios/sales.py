"""Scenarios for invoices and credit notes.

Reads map the seed of every division through `Actions.list` (both Exact tables) and check
what every sales document keeps: totals are the lines plus VAT to the cent, credit notes
carry negative amounts, and what a document names exists. Writes go through the unified
model and read back equal, lines included; a finalized invoice is booked, printed and final
(its update and delete come back as `RecordLocked` with Exact's words).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from exactbridge.client import F, Query
from exactbridge.errors import NotFound, RecordLocked
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
from tests.integration.actions.scenarios.sales_support import (
    create_document,
    every_division,
    pick_seed,
)
from tests.integration.mappers.sales_support import NIL
from tests.support.rows import client_rows


async def _lowest_sales_journal(h: Harness) -> str:
    query = Query("financial/Journals").select("Code").where(F("Type") == 20)
    rows = await client_rows(h.actions.client, h.division, query)
    return min((str(row["Code"]).strip() for row in rows), key=int)


async def _new_invoice(h: Harness, reference: str) -> Invoice:
    """An open invoice of two lines, created through the unified model."""
    picks = await pick_seed(h)
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
    created: Invoice = await create_document(h, "invoices", draft)
    return created


# --- invoices ---------------------------------------------------------------------------


@scenario("invoices", "read")
async def invoices_read(h: Harness) -> None:
    await check_read(h, "invoices")
    invoices = await every_division(h, "invoices")
    assert {i.source for i in invoices} == {InvoiceSource.SALES_INVOICE, InvoiceSource.SALES_ENTRY}
    for invoice in invoices:
        assert isinstance(invoice, Invoice)
        assert invoice.total_amount is not None
        assert invoice.total_amount >= 0, invoice.id


@scenario("invoices", "create")
async def invoices_create(h: Harness) -> None:
    created = await _new_invoice(h, "PO-SCEN-1")
    assert (created.status, created.type, created.source) == (
        InvoiceStatus.OPEN,
        InvoiceType.INVOICE,
        InvoiceSource.SALES_INVOICE,
    )
    assert created.journal_code == await _lowest_sales_journal(h)
    assert created.line_items is not None
    assert created.line_items[0].tax_code == (await pick_seed(h)).item_vat
    assert [line.net_amount for line in created.line_items] == [Decimal("59.85"), Decimal(135)]
    assert await h.actions.get("invoices", h.division, created.id) == created


@scenario("invoices", "update")
async def invoices_update(h: Harness) -> None:
    created = await _new_invoice(h, "PO-SCEN-2")
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
    created = await _new_invoice(h, "PO-SCEN-3")
    await h.actions.delete("invoices", h.division, created.id)
    assert await h.gone("invoices", created.id)
    final = await _new_invoice(h, "PO-SCEN-4")
    await h.actions.perform("invoices", "finalize", h.division, invoice_id=final.id)
    with pytest.raises(RecordLocked) as refused:
        await h.actions.delete("invoices", h.division, final.id)
    assert "processed" in refused.value.exact_message
    assert not await h.gone("invoices", final.id)


@scenario("invoices", "finalize")
async def invoices_finalize(h: Harness) -> None:
    created = await _new_invoice(h, "PO-SCEN-5")
    assert created.number is None
    final = await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)
    assert final.status is InvoiceStatus.PROCESSED
    assert final.number is not None
    assert final.number.isdecimal()
    assert final.line_items == created.line_items
    query = Query("financialtransaction/TransactionLines").where(F("EntryID") == final.id)
    booked = await client_rows(h.actions.client, h.division, query)
    assert sum(Decimal(str(row["AmountDC"])) for row in booked) == 0, "the booking balances"
    debit = [row for row in booked if row["Account"] == final.customer_id]
    assert [(Decimal(str(row["AmountDC"])), str(row["InvoiceNumber"])) for row in debit] == [
        (final.total_amount, final.number)
    ], "the customer is debited the invoice total under its number"
    with pytest.raises(RecordLocked):
        await h.actions.perform("invoices", "finalize", h.division, invoice_id=created.id)


@scenario("invoices", "pdf")
async def invoices_pdf(h: Harness) -> None:
    created = await _new_invoice(h, "PO-SCEN-6")
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
    credit_notes = await every_division(h, "credit_notes")
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
    picks = await pick_seed(h)
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
    created = await create_document(h, "credit_notes", draft)
    assert created.type is CreditNoteType.CREDIT_NOTE
    assert created.total_excluding_tax == Decimal(-25)
    assert created.total_amount is not None
    assert created.total_amount < 0
    assert await h.gone("invoices", created.id), "a credit note is not an invoice"
    assert created.id in {c.id for c in await h.all("credit_notes")}
