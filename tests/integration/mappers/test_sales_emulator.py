"""Sales invoices and credit notes against the emulator, through the unified model.

The whole seed of both divisions is mapped, from `SalesInvoices` and from `SalesEntries`,
rows routed to the invoice or credit-note map by `is_credit_note_row`; every document adds up
to the cent, its sign matches its type, and what it refers to exists. An invoice and a credit
note are then written through the unified model, read back with their lines, updated, and
the invoice is processed (after which it is final).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.errors import WireFormatError
from exactbridge.mappers.sales import (
    CREDIT_NOTE_ENTRY_MAP,
    CREDIT_NOTE_MAP,
    INVOICE_ENTRY_MAP,
    INVOICE_MAP,
    is_credit_note_row,
)
from exactbridge.model.sales import (
    CreditNote,
    CreditNoteType,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
    InvoiceType,
    SalesInvoiceFields,
)
from exactbridge.wire import loads
from tests.integration.mappers.sales_support import (
    NIL,
    assert_adds_up,
    create_document,
    pick,
    read_document,
    update_document,
)
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, divisions, keys, one_row

INVOICES = INVOICE_MAP.spec.path
ENTRIES = INVOICE_ENTRY_MAP.spec.path


@dataclass(frozen=True)
class References:
    """What sales documents of one division may refer to."""

    accounts: set[str]
    items: set[str]
    ledger_accounts: set[str]
    tax_codes: set[str]
    journals: set[str]
    payment_terms: set[str]
    cost_centers: set[str]
    cost_units: set[str]


async def _references(exact: EmulatorClient, division: int) -> References:
    return References(
        accounts=await keys(exact, division, "crm/Accounts"),
        items=await keys(exact, division, "logistics/Items"),
        ledger_accounts=await keys(exact, division, "financial/GLAccounts"),
        tax_codes=await keys(exact, division, "vat/VATCodes", "Code"),
        journals=await keys(exact, division, "financial/Journals", "Code"),
        payment_terms=await keys(exact, division, "cashflow/PaymentConditions", "Code"),
        cost_centers=await keys(exact, division, "hrm/Costcenters", "Code"),
        cost_units=await keys(exact, division, "hrm/Costunits", "Code"),
    )


def _check_references(document: SalesInvoiceFields, refs: References) -> None:
    assert document.customer_id in refs.accounts, document.id
    assert document.invoice_to_id in {None, *refs.accounts}, document.id
    assert document.journal_code in refs.journals, document.id
    assert document.payment_terms in refs.payment_terms, document.id
    for line in document.line_items or ():
        if document.source is InvoiceSource.SALES_INVOICE:
            assert line.item_id in refs.items, document.id
        assert line.ledger_account_id in refs.ledger_accounts, document.id
        assert line.tax_code in {None, *refs.tax_codes}, document.id
        assert line.cost_center in {None, *refs.cost_centers}, document.id
        assert line.cost_unit in {None, *refs.cost_units}, document.id


def _check_sign(document: SalesInvoiceFields) -> None:
    """Credit notes carry Exact's negative amounts (from negative quantities on sales
    invoices), invoices positive ones."""
    assert document.total_amount is not None
    if isinstance(document, CreditNote):
        assert document.total_amount <= 0, document.id
        if document.source is InvoiceSource.SALES_INVOICE:
            quantities = [line.quantity for line in document.line_items or ()]
            assert all(q is not None and q <= 0 for q in quantities), document.id
    else:
        assert document.total_amount >= 0, document.id


async def test_the_whole_seed_maps_and_adds_up(exact: EmulatorClient) -> None:
    maps = (
        (INVOICES, "SalesInvoiceLines", INVOICE_MAP, CREDIT_NOTE_MAP, InvoiceSource.SALES_INVOICE),
        (ENTRIES, "SalesEntryLines", INVOICE_ENTRY_MAP, CREDIT_NOTE_ENTRY_MAP,
         InvoiceSource.SALES_ENTRY),
    )  # fmt: skip
    for division in divisions(exact):
        refs = await _references(exact, division)
        for path, nav, invoice_map, credit_map, source in maps:
            rows = await all_rows(exact, division, path, {"$expand": nav})
            assert rows, f"{division} has no {path}"
            mapped: Counter[str] = Counter()
            for row in rows:
                credit = is_credit_note_row(row)
                rmap: Any = credit_map if credit else invoice_map
                document: SalesInvoiceFields = rmap.from_exact(row, division=division)
                assert document.id == row[rmap.spec.key]
                assert document.source is source
                assert document.status is not None
                assert isinstance(document, CreditNote) is credit
                assert_adds_up(document, document.line_items)
                _check_sign(document)
                _check_references(document, refs)
                mapped[type(document).__name__] += 1
            assert mapped.total() == len(rows)
            assert mapped["CreditNote"] == sum(is_credit_note_row(row) for row in rows)


async def test_invoice_written_through_the_model_reads_back(exact: EmulatorClient) -> None:
    division = exact.division
    seed = await pick(exact, division)
    draft = Invoice(
        id=NIL,
        division=division,
        customer_id=seed.customer,
        journal_code=seed.sales_journal,
        order_date=date(2026, 6, 20),
        due_date=date(2026, 7, 20),
        currency="EUR",
        payment_terms=seed.payment_terms,
        description="Unified invoice",
        your_reference="PO-UNI-1",
        payment_reference="RF-UNI-1",
        notes="Thank you for your order",
        line_items=[
            InvoiceLine(
                item_id=seed.item,
                description="Advice",
                quantity=Decimal(3),
                unit_price=Decimal("19.95"),
            ),
            InvoiceLine(
                item_id=seed.item,
                quantity=Decimal("1.5"),
                unit_price=Decimal(100),
                discount_percentage=Decimal(10),
                tax_code="2",
            ),
        ],
    )
    key, back = await create_document(exact, division, INVOICE_MAP, draft)
    assert (back.status, back.type, back.source) == (
        InvoiceStatus.OPEN,
        InvoiceType.INVOICE,
        InvoiceSource.SALES_INVOICE,
    )
    assert back.issue_date == draft.order_date  # InvoiceDate follows OrderDate until processed
    assert back.number is None  # numbered when processed
    assert back.line_items is not None
    assert [line.net_amount for line in back.line_items] == [Decimal("59.85"), Decimal(135)]
    assert back.line_items[1].net_unit_price == Decimal(90)  # 100 less 10 %

    change = {"description": "Unified invoice, corrected", "due_date": date(2026, 8, 1)}
    changed = await update_document(exact, division, INVOICE_MAP, key, change)
    assert changed.line_items == back.line_items

    printed = await exact.request(
        "POST", f"/api/v1/{division}/salesinvoice/PrintedSalesInvoices", json={"InvoiceID": key}
    )
    assert printed.status_code == 201, printed.text
    processed = await read_document(exact, division, INVOICE_MAP, key)
    assert processed.status is InvoiceStatus.PROCESSED
    assert processed.number is not None
    assert processed.number.isdecimal()
    refused = await exact.request(
        "PUT",
        f"/api/v1/{division}/{INVOICES}(guid'{key}')",
        json=INVOICE_MAP.to_exact({"description": "too late"}, method="PUT"),
    )
    assert refused.status_code >= 400
    assert "processed" in loads(refused.content)["error"]["message"]["value"]


async def test_credit_note_written_through_the_model_reads_back(exact: EmulatorClient) -> None:
    division = exact.division
    seed = await pick(exact, division)
    draft = CreditNote(
        id=NIL,
        division=division,
        customer_id=seed.customer,
        order_date=date(2026, 6, 21),
        description="Unified credit note",
        your_reference="RMA-17",
        line_items=[
            InvoiceLine(item_id=seed.item, quantity=Decimal(-2), unit_price=Decimal("12.5"))
        ],
    )
    assert CREDIT_NOTE_MAP.to_exact(draft, method="POST")["Type"] == 8021
    key, back = await create_document(exact, division, CREDIT_NOTE_MAP, draft)
    row = await one_row(exact, division, INVOICES, key, {"$expand": "SalesInvoiceLines"})
    assert is_credit_note_row(row)
    with pytest.raises(WireFormatError):  # a credit note is not an invoice
        INVOICE_MAP.from_exact(row, division=division)
    assert back.type is CreditNoteType.CREDIT_NOTE
    assert back.total_excluding_tax == Decimal(-25)
    assert back.total_amount is not None
    assert back.total_amount < 0
    _check_sign(back)

    changed = await update_document(
        exact, division, CREDIT_NOTE_MAP, key, {"your_reference": "RMA-18"}
    )
    assert changed.total_amount == back.total_amount
