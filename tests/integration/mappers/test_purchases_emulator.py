"""The purchase mappers against the emulator: the whole seed of both divisions maps with the
invariants a bookkeeper would check, and a bill and an expense written through the unified
model read back equal and book as Exact books them.

Rows go through `exactbridge.wire.loads` page after page (`__next` followed), lines expanded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from exactbridge.mappers.payments import PAYABLE_OUTSTANDING_MAP, PAYMENT_MADE_MAP
from exactbridge.mappers.purchases import (
    BILL_MAP,
    EXPENSE_MAP,
    VENDOR_CREDIT_MAP,
    is_expense_row,
    is_vendor_credit_row,
)
from exactbridge.model.entries import EntryStatus
from exactbridge.model.payments import PaymentStatus
from exactbridge.model.purchases import (
    Bill,
    BillLine,
    BillType,
    Expense,
    StatementLine,
    VendorCredit,
)
from tests.integration.mappers.bookings import booked_movement, journal_accounts
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, divisions, keys, one_row

_NIL: Final = "00000000-0000-0000-0000-000000000000"
_BILLS: Final = "purchaseentry/PurchaseEntries"
_CASH: Final = "financialtransaction/CashEntries"
_PURCHASE_JOURNALS: Final = (22, 23)
_CASH_JOURNAL: Final = 10
DAY: Final = date(2026, 6, 20)  # the fixture's clock stands at 2026-06-25


def _sum(values: Sequence[Decimal | None]) -> Decimal:
    return sum((value or Decimal(0) for value in values), Decimal(0))


async def _reverse_charged(exact: EmulatorClient, division: int) -> set[str]:
    """VAT codes the buyer both owes and reclaims: Exact keeps their VAT out of the total."""
    rows = await all_rows(exact, division, "vat/VATCodes")
    return {row["Code"].strip() for row in rows if row["GLToPay"] and row["GLToClaim"]}


# --- the seed ------------------------------------------------------------------------------


async def test_every_seeded_bill_and_vendor_credit_maps_and_adds_up(
    exact: EmulatorClient,
) -> None:
    kinds: set[BillType | None] = set()
    for division in divisions(exact):
        rows = await all_rows(exact, division, _BILLS, {"$expand": "PurchaseEntryLines"})
        assert len(rows) > 1
        reverse_charged = await _reverse_charged(exact, division)
        suppliers = {
            row["ID"]
            for row in await all_rows(exact, division, "crm/Accounts")
            if row["IsSupplier"]
        }
        ledger = await keys(exact, division, "financial/GLAccounts")
        documents = await keys(exact, division, "documents/Documents")
        journals = {
            row["Code"].strip()
            for row in await all_rows(exact, division, "financial/Journals")
            if row["Type"] in _PURCHASE_JOURNALS
        }
        made = [
            PAYMENT_MADE_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, "cashflow/Payments")
        ]
        for row in rows:
            bill = BILL_MAP.from_exact(row, division=division)
            if is_vendor_credit_row(row):
                assert isinstance(
                    VENDOR_CREDIT_MAP.from_exact(row, division=division), VendorCredit
                )
            kinds.add(bill.type)
            lines = bill.line_items
            assert lines, bill.id
            assert [line.line_number for line in lines] == list(range(1, len(lines) + 1))
            net = _sum([line.amount for line in lines])
            charged = _sum(
                [line.tax_amount for line in lines if line.tax_code not in reverse_charged]
            )
            assert bill.tax_amount == charged, bill.id
            assert bill.total_amount == net + (bill.tax_amount or 0), bill.id
            assert (bill.type is BillType.VENDOR_CREDIT) is ((bill.total_amount or 0) < 0)
            assert bill.supplier_id in suppliers
            assert bill.journal in journals
            assert bill.document_id in documents  # Exact files every purchase entry
            assert all(line.ledger_account_id in ledger for line in lines)
            terms = [term for term in made if term.entry_id == bill.id]
            assert len(terms) == 1, bill.id  # the bill's payable
            assert terms[0].total_amount == bill.total_amount
            assert terms[0].invoice_number == bill.invoice_number
    assert kinds == {BillType.BILL, BillType.VENDOR_CREDIT}


async def test_every_seeded_cash_entry_maps_and_expenses_spend(exact: EmulatorClient) -> None:
    expenses = 0
    for division in divisions(exact):
        rows = await all_rows(exact, division, _CASH, {"$expand": "CashEntryLines"})
        assert rows
        ledger = await keys(exact, division, "financial/GLAccounts")
        cash_journals = await journal_accounts(exact, division, _CASH_JOURNAL)
        for row in rows:
            entry = EXPENSE_MAP.from_exact(row, division=division)
            assert entry.line_items
            assert all(line.ledger_account_id in ledger for line in entry.line_items)
            assert all(line.transaction_date is not None for line in entry.line_items)
            assert entry.journal in cash_journals
            spends = any((line.amount or 0) < 0 for line in entry.line_items)
            assert is_expense_row(row) is spends
            expenses += spends
            # the statement's total is what its booking moved on the cash account
            cash = cash_journals[entry.journal]
            assert await booked_movement(exact, division, entry.id, cash) == entry.total_amount
    assert expenses > 0


# --- writing through the model -------------------------------------------------------------


async def test_a_bill_written_through_the_model_reads_back_equal(exact: EmulatorClient) -> None:
    division = divisions(exact)[0]
    seeded = BILL_MAP.from_exact(
        (await all_rows(exact, division, _BILLS, {"$expand": "PurchaseEntryLines"}))[0],
        division=division,
    )
    assert seeded.line_items
    model_line = seeded.line_items[0]
    centre = (await all_rows(exact, division, "hrm/Costcenters"))[0]["Code"]
    draft = Bill(
        id=_NIL,
        division=division,
        supplier_id=seeded.supplier_id,
        journal=seeded.journal,
        issue_date=DAY,
        your_reference="SUP-2026-118",
        description="Unified test bill",
        line_items=[
            BillLine(
                ledger_account_id=model_line.ledger_account_id,
                amount=Decimal("250.00"),
                tax_code=model_line.tax_code,
                description="Consulting",
                cost_center=centre.strip(),
                quantity=Decimal(2),
            ),
            BillLine(
                ledger_account_id=model_line.ledger_account_id,
                amount=Decimal("19.99"),
                tax_code=model_line.tax_code,
                description="Travel",
            ),
        ],
    )
    body = BILL_MAP.to_exact(draft, method="POST")
    key = await create(exact, division, _BILLS, body, key="EntryID")
    row = await one_row(exact, division, _BILLS, key, {"$expand": "PurchaseEntryLines"})
    back = BILL_MAP.from_exact(row, division=division)

    written = draft.model_fields_set - {"id", "line_items"}
    assert back.model_dump(include=written) == draft.model_dump(include=written)
    assert back.line_items is not None
    for sent, read in zip(draft.line_items or [], back.line_items, strict=True):
        fields = sent.model_fields_set
        assert read.model_dump(include=fields) == sent.model_dump(include=fields)
    assert [line.line_number for line in back.line_items] == [1, 2]
    # what Exact fills in
    assert (back.type, back.status) == (BillType.BILL, EntryStatus.OPEN)
    assert back.document_id is not None
    assert back.number is not None
    assert back.invoice_number == back.number
    assert back.due_date is not None
    assert back.due_date >= DAY
    assert back.tax_amount == _sum([line.tax_amount for line in back.line_items])
    assert back.total_amount == Decimal("269.99") + (back.tax_amount or 0)
    # the bill is now what the division owes its supplier
    terms = [
        PAYMENT_MADE_MAP.from_exact(term, division=division)
        for term in await all_rows(exact, division, "cashflow/Payments")
    ]
    (term,) = [term for term in terms if term.entry_id == key]
    assert term.status is PaymentStatus.OPEN
    assert term.open_amount == back.total_amount
    payables = [
        PAYABLE_OUTSTANDING_MAP.from_exact(item, division=division)
        for item in await all_rows(exact, division, "read/financial/PayablesList")
    ]
    (item,) = [item for item in payables if item.invoice_number == back.invoice_number]
    assert item.id.startswith("payable-")
    assert (item.open_amount, item.counterparty_id) == (back.total_amount, back.supplier_id)


async def test_an_expense_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    division = divisions(exact)[-1]
    seeded = [
        EXPENSE_MAP.from_exact(row, division=division)
        for row in await all_rows(exact, division, _CASH, {"$expand": "CashEntryLines"})
        if is_expense_row(row)
    ]
    spent = next(
        line for entry in seeded for line in entry.line_items or [] if (line.amount or 0) < 0
    )
    draft = Expense(
        id=_NIL,
        division=division,
        journal=seeded[0].journal,
        line_items=[
            StatementLine(
                transaction_date=DAY,
                ledger_account_id=spent.ledger_account_id,
                amount=Decimal("-24.20"),
                tax_code=spent.tax_code,
                description="Postzegels",
                notes="Bonnetje 17",
            ),
            StatementLine(
                transaction_date=DAY,
                ledger_account_id=spent.ledger_account_id,
                amount=Decimal("-3.50"),
                description="Parkeren",
            ),
        ],
    )
    assert draft.total_amount == Decimal("-27.70")
    body = EXPENSE_MAP.to_exact(draft, method="POST")
    key = await create(exact, division, _CASH, body, key="EntryID")
    row = await one_row(exact, division, _CASH, key, {"$expand": "CashEntryLines"})
    assert is_expense_row(row)
    back = EXPENSE_MAP.from_exact(row, division=division)

    assert back.journal == draft.journal
    assert back.total_amount == draft.total_amount
    assert back.status is EntryStatus.OPEN
    assert back.number is not None
    assert (back.fiscal_year, back.fiscal_period) == (DAY.year, DAY.month)
    assert back.line_items is not None
    for sent, read in zip(draft.line_items or [], back.line_items, strict=True):
        fields = sent.model_fields_set
        assert read.model_dump(include=fields) == sent.model_dump(include=fields)
    cash = (await journal_accounts(exact, division, _CASH_JOURNAL))[draft.journal]
    moved = await booked_movement(exact, division, key, cash)
    assert moved == Decimal("-27.70")
