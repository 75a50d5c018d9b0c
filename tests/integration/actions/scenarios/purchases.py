"""Scenarios for bills, vendor credits and expenses (payments and outstandings: `payments`).

Reads map the emulator's seed through `Actions.list` and check what a bookkeeper would: a
bill's total is its lines plus the VAT the supplier charges, its sign is its resource's,
its supplier, accounts, journal and document exist, and it is owed to its supplier. Writes
go through the unified model without a journal and read back equal, lines included, in the
division's own journal; an update reads back changed, a delete leaves nothing owed, and a
file attached (or filed with the create) is in the bill's document, byte for byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from exactbridge.client import F, Query
from exactbridge.mappers.attachments import ATTACHMENT_MAP, DOCUMENT_MAP
from exactbridge.model import JournalType
from exactbridge.model.payments import Payment, PaymentDirection
from exactbridge.model.purchases import Bill, BillType
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario
from tests.support.rows import client_rows


def add_up(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of amounts, a missing one counting as zero."""
    return sum((value or Decimal(0) for value in values), Decimal(0))


def today(h: Harness) -> date:
    """The emulator's date (its manual clock)."""
    return h.clock.now().date()


async def own_journal(h: Harness, kind: JournalType) -> str:
    """The division's journal of `kind` with the lowest code (numeric codes in numeric order),
    from the division's own journals."""
    codes: list[str] = [j.code for j in await h.all("journals") if j.type is kind]
    assert codes, f"the division has no {kind.value} journal"
    return min(codes, key=lambda code: (0, int(code), "") if code.isdigit() else (1, 0, code))


async def _reverse_charged(h: Harness) -> set[str]:
    """VAT codes the buyer both owes and reclaims: Exact keeps their VAT out of a bill's total."""
    rates = await h.all("tax_rates", remote_data=True)
    return {
        r.code
        for r in rates
        if (r.remote_data or {}).get("GLToPay") and (r.remote_data or {}).get("GLToClaim")
    }


async def _check_purchase_entries(h: Harness, resource: str, kind: BillType) -> list[Bill]:
    """The read claim of bills and vendor credits: totals, signs and references."""
    records: list[Bill] = await check_read(h, resource)
    reverse_charged = await _reverse_charged(h)
    suppliers = {s.id for s in await h.all("suppliers")}
    ledger = {a.id for a in await h.all("ledger_accounts")}
    journals = {
        j.code
        for j in await h.all("journals")
        if j.type in (JournalType.PURCHASE, JournalType.PURCHASE_RETURN)
    }
    rows = await client_rows(h.actions.client, h.division, Query("documents/Documents"))
    documents = {row["ID"] for row in rows}
    for bill in records:
        assert bill.type is kind, bill.id
        lines = bill.line_items
        assert lines, bill.id
        charged = add_up(line.tax_amount for line in lines if line.tax_code not in reverse_charged)
        assert bill.tax_amount == charged, bill.id
        assert bill.total_amount == add_up(line.amount for line in lines) + charged, bill.id
        assert ((bill.total_amount or 0) < 0) is (kind is BillType.VENDOR_CREDIT), bill.id
        assert bill.supplier_id in suppliers
        assert bill.journal in journals
        assert bill.document_id in documents
        assert all(line.ledger_account_id in ledger for line in lines)
    return records


async def _cost_line(h: Harness) -> Mapping[str, Any]:
    """A ledger account and VAT code the seed's bills book costs with."""
    bill: Bill = await h.first("bills")
    line = (bill.line_items or [])[0]
    return {"ledger_account_id": line.ledger_account_id, "tax_code": line.tax_code}


def _assert_lines(record: Any, sent: Sequence[Mapping[str, Any]]) -> None:
    lines = record.line_items or []
    assert len(lines) == len(sent)
    for line, values in zip(lines, sent, strict=True):
        assert_has(line, values)
    assert [line.line_number for line in lines] == list(range(1, len(sent) + 1))


async def new_bill(h: Harness, reference: str, **header: Any) -> tuple[Bill, dict[str, Any]]:
    """A bill created through the unified API without a journal; returns it and the body."""
    supplier = await h.first("suppliers")
    cost = await _cost_line(h)
    body: dict[str, Any] = {
        "supplier_id": supplier.id,
        "your_reference": reference,
        "issue_date": today(h) - timedelta(days=3),
        "description": f"Scenario {reference}",
        "line_items": [
            {
                **cost,
                "amount": Decimal("250.00"),
                "description": "Advies",
                "quantity": Decimal("2"),
            },
            {**cost, "amount": Decimal("19.99"), "description": "Reiskosten"},
        ],
        **header,
    }
    return await h.actions.create("bills", h.division, body), body


async def terms(h: Harness) -> list[Payment]:
    """Every payment term, received and made."""
    return await h.all("payments")


# --- bills ---------------------------------------------------------------------------------


@scenario("bills", "read")
async def bills_read(h: Harness) -> None:
    bills = await _check_purchase_entries(h, "bills", BillType.BILL)
    made = {t.entry_id: t for t in await terms(h) if t.direction is PaymentDirection.MADE}
    for bill in bills:  # every bill is what the division owes its supplier
        assert made[bill.id].total_amount == bill.total_amount
        assert made[bill.id].invoice_number == bill.invoice_number


@scenario("bills", "create")
async def bills_create(h: Harness) -> None:
    bill, body = await new_bill(h, "SUP-2026-0118")
    header = {k: v for k, v in body.items() if k != "line_items"}
    assert_has(bill, header)
    _assert_lines(bill, body["line_items"])
    assert (bill.type, bill.status.value if bill.status else None) == (BillType.BILL, "open")
    assert bill.journal == await own_journal(h, JournalType.PURCHASE)
    assert bill.total_amount == Decimal("269.99") + (bill.tax_amount or 0)
    assert bill.document_id is not None  # Exact filed it with a document of its own
    assert await h.actions.get("bills", h.division, bill.id) == bill

    # with a file: upload it into a document, and the bill is filed with that document
    client = h.actions.client
    document = await client.create(
        h.division,
        DOCUMENT_MAP.spec.path,
        DOCUMENT_MAP.to_exact(
            {"subject": "Factuur SUP-2026-0119", "type_code": 20, "account_id": bill.supplier_id},
            method="POST",
        ),
    )
    document_id = str(document.raw["ID"])
    await client.create(
        h.division,
        ATTACHMENT_MAP.spec.path,
        ATTACHMENT_MAP.to_exact(
            {"document_id": document_id, "file_name": "sup-0119.pdf", "content": b"%PDF-1.7 0119"},
            method="POST",
        ),
    )
    filed, _ = await new_bill(h, "SUP-2026-0119", document_id=document_id)
    assert filed.document_id == document_id
    assert await _files(h, document_id) == {"sup-0119.pdf": b"%PDF-1.7 0119"}


async def _files(h: Harness, document_id: str) -> dict[str, bytes]:
    """The files of a document, downloaded: name -> bytes."""
    query = Query(ATTACHMENT_MAP.spec.path).where(F("Document") == document_id)
    files: dict[str, bytes] = {}
    for row in await client_rows(h.actions.client, h.division, query):
        attachment = ATTACHMENT_MAP.from_exact(row, division=h.division)
        assert attachment.url is not None
        files[attachment.file_name] = await h.actions.client.download(
            attachment.url, division=h.division
        )
    return files


@scenario("bills", "update")
async def bills_update(h: Harness) -> None:
    bill, _ = await new_bill(h, "SUP-2026-0120")
    changes = {
        "description": "Advies juni (herzien)",
        "your_reference": "SUP-2026-0120-B",
        "due_date": today(h) + timedelta(days=45),
        "payment_reference": "RF18 0120",
    }
    updated = await h.actions.update("bills", h.division, bill.id, changes)
    assert_has(updated, changes)
    assert updated.line_items == bill.line_items
    assert updated.total_amount == bill.total_amount


@scenario("bills", "delete")
async def bills_delete(h: Harness) -> None:
    bill, _ = await new_bill(h, "SUP-2026-0121")
    assert any(t.entry_id == bill.id for t in await terms(h))
    await h.actions.delete("bills", h.division, bill.id)
    assert await h.gone("bills", bill.id)
    assert not [t for t in await terms(h) if t.entry_id == bill.id]  # no longer owed


@scenario("bills", "attach")
async def bills_attach(h: Harness) -> None:
    bill, _ = await new_bill(h, "SUP-2026-0122")
    content = b"%PDF-1.4\n% scanned purchase invoice\n" + bytes(range(256))
    attachment = await h.actions.perform(
        "bills", "attach", h.division, bill_id=bill.id, file_name="sup-0122.pdf", content=content
    )
    assert (attachment.document_id, attachment.file_name) == (bill.document_id, "sup-0122.pdf")
    assert attachment.file_size == len(content)
    assert bill.document_id is not None
    assert await _files(h, bill.document_id) == {"sup-0122.pdf": content}


# --- vendor credits ------------------------------------------------------------------------


@scenario("vendor_credits", "read")
async def vendor_credits_read(h: Harness) -> None:
    notes = await _check_purchase_entries(h, "vendor_credits", BillType.VENDOR_CREDIT)
    bills = {b.id for b in await h.all("bills")}
    assert not bills & {c.id for c in notes}, "a purchase entry is a bill or a credit"


@scenario("vendor_credits", "create")
async def vendor_credits_create(h: Harness) -> None:
    supplier = await h.first("suppliers")
    cost = await _cost_line(h)
    lines = [{**cost, "amount": Decimal("-80.00"), "description": "Retour 3 stuks"}]
    body = {"supplier_id": supplier.id, "your_reference": "CN-2026-007", "line_items": lines}
    credit = await h.actions.create("vendor_credits", h.division, body)
    assert_has(credit, {k: v for k, v in body.items() if k != "line_items"})
    _assert_lines(credit, lines)
    assert credit.type is BillType.VENDOR_CREDIT
    assert credit.total_amount == Decimal("-80.00") + (credit.tax_amount or 0) < 0
    assert credit.journal == await own_journal(h, JournalType.PURCHASE)
    (term,) = [t for t in await terms(h) if t.entry_id == credit.id]
    assert (term.direction, term.open_amount) == (PaymentDirection.MADE, credit.total_amount)


# --- expenses ------------------------------------------------------------------------------


@scenario("expenses", "read")
async def expenses_read(h: Harness) -> None:
    expenses = await check_read(h, "expenses")
    cash = {j.code for j in await h.all("journals") if j.type is JournalType.CASH}
    ledger = {a.id for a in await h.all("ledger_accounts")}
    for expense in expenses:
        assert expense.journal in cash
        assert expense.line_items
        assert any((line.amount or 0) < 0 for line in expense.line_items), expense.id
        assert all(line.ledger_account_id in ledger for line in expense.line_items)
        assert all(line.transaction_date is not None for line in expense.line_items)


@scenario("expenses", "create")
async def expenses_create(h: Harness) -> None:
    spent = next(
        line
        for expense in await h.all("expenses")
        for line in expense.line_items or []
        if (line.amount or 0) < 0 and line.ledger_account_id
    )
    day = today(h) - timedelta(days=1)
    lines = [
        {
            "transaction_date": day,
            "ledger_account_id": spent.ledger_account_id,
            "amount": Decimal("-24.20"),
            "description": "Postzegels",
            "notes": "Bonnetje 17",
        },
        {
            "transaction_date": day,
            "ledger_account_id": spent.ledger_account_id,
            "amount": Decimal("-3.50"),
            "description": "Parkeren",
        },
    ]
    expense = await h.actions.create("expenses", h.division, {"line_items": lines})
    _assert_lines(expense, lines)
    assert expense.journal == await own_journal(h, JournalType.CASH)
    assert expense.total_amount == Decimal("-27.70")
    assert (expense.fiscal_year, expense.fiscal_period) == (day.year, day.month)
    assert expense.id in {e.id for e in await h.all("expenses")}
