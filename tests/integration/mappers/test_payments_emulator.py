"""The payment mappers against the emulator: payment terms, bank entries and outstanding
items of both seeded divisions map and agree with each other, and a bank entry written
through the unified model settles an open sales invoice, which then is no longer
outstanding.

Rows go through `exactbridge.wire.loads` page after page (`__next` followed), lines expanded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Final

from exactbridge.mappers.payments import (
    BANK_ENTRY_MAP,
    PAYABLE_OUTSTANDING_MAP,
    PAYMENT_MADE_MAP,
    PAYMENT_RECEIVED_MAP,
    RECEIVABLE_OUTSTANDING_MAP,
    settlement_line,
)
from exactbridge.model.entries import EntryStatus
from exactbridge.model.payments import (
    BankEntry,
    Outstanding,
    OutstandingDirection,
    Payment,
    PaymentDirection,
    PaymentStatus,
    ageing_totals,
    split_outstanding_id,
)
from tests.integration.mappers.bookings import booked_movement, journal_accounts
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, divisions, keys, one_row

_NIL: Final = "00000000-0000-0000-0000-000000000000"
_BANK: Final = "financialtransaction/BankEntries"
_BANK_JOURNAL: Final = 12
_SALES_ENTRY: Final = 20
AS_OF: Final = date(2026, 6, 25)  # the fixture's clock
PAID_ON: Final = date(2026, 6, 22)

Key = tuple[str | None, int | None, int | None]


async def _terms(exact: EmulatorClient, division: int) -> list[Payment]:
    received = await all_rows(exact, division, "cashflow/Receivables")
    made = await all_rows(exact, division, "cashflow/Payments")
    return [PAYMENT_RECEIVED_MAP.from_exact(row, division=division) for row in received] + [
        PAYMENT_MADE_MAP.from_exact(row, division=division) for row in made
    ]


async def _outstanding(exact: EmulatorClient, division: int) -> list[Outstanding]:
    receivable = await all_rows(exact, division, "read/financial/ReceivablesList")
    payable = await all_rows(exact, division, "read/financial/PayablesList")
    return [RECEIVABLE_OUTSTANDING_MAP.from_exact(row, division=division) for row in receivable] + [
        PAYABLE_OUTSTANDING_MAP.from_exact(row, division=division) for row in payable
    ]


def _per_invoice(items: Iterable[Outstanding | Payment]) -> dict[Key, Decimal]:
    totals: dict[Key, Decimal] = defaultdict(Decimal)
    for item in items:
        amount = item.open_amount or Decimal(0)
        totals[(item.counterparty_id, item.invoice_number, item.entry_number)] += amount
    return dict(totals)


_SIDES: Final = {
    OutstandingDirection.RECEIVABLE: PaymentDirection.RECEIVED,
    OutstandingDirection.PAYABLE: PaymentDirection.MADE,
}


# --- the seed ------------------------------------------------------------------------------


async def test_every_seeded_payment_term_maps_consistently(exact: EmulatorClient) -> None:
    statuses: set[PaymentStatus] = set()
    for division in divisions(exact):
        terms = await _terms(exact, division)
        assert {term.direction for term in terms} == set(PaymentDirection)
        relations = {row["ID"] for row in await all_rows(exact, division, "crm/Accounts")}
        booked = {
            row["EntryID"]
            for row in await all_rows(
                exact, division, "financialtransaction/Transactions", {"$select": "EntryID"}
            )
        }
        for term in terms:
            statuses.add(term.status)
            assert term.counterparty_id in relations
            assert term.entry_id in booked
            matched = term.status is PaymentStatus.MATCHED
            assert (term.open_amount == 0) is matched, term.id
            assert (term.settled_date is not None) is matched, term.id
            if term.direction is PaymentDirection.RECEIVED:
                assert term.is_fully_paid is matched
            else:
                assert term.is_fully_paid is None
            if not matched:
                assert term.open_amount == term.total_amount  # Exact matches only in full
    assert {PaymentStatus.OPEN, PaymentStatus.MATCHED} <= statuses


async def test_outstanding_items_are_the_open_payment_terms(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        terms = await _terms(exact, division)
        items = await _outstanding(exact, division)
        assert len({item.id for item in items}) == len(items)  # unique across both lists
        raw = defaultdict(set)
        for item in items:
            side, hid = split_outstanding_id(item.id)
            assert side is item.direction
            raw[side].add(hid)
        # Exact numbers the two lists apart: without the prefix their ids would collide
        assert raw[OutstandingDirection.RECEIVABLE] & raw[OutstandingDirection.PAYABLE]
        for side, direction in _SIDES.items():
            listed = [item for item in items if item.direction is side]
            open_terms = [
                term
                for term in terms
                if term.direction is direction and term.status is PaymentStatus.OPEN
            ]
            assert listed
            assert _per_invoice(listed) == _per_invoice(open_terms)
        received = {term.id: term for term in terms if term.direction is PaymentDirection.RECEIVED}
        for item in items:
            if item.direction is OutstandingDirection.RECEIVABLE:
                term = received[item.payment_id or ""]
                assert (term.status, term.open_amount) == (PaymentStatus.OPEN, item.open_amount)
            else:
                assert item.payment_id is None
        # ageing splits what is open without losing a cent
        for side in OutstandingDirection:
            listed = [item for item in items if item.direction is side]
            totals = ageing_totals(listed, AS_OF)
            assert sum(totals.values()) == sum(item.open_amount for item in listed)


async def test_every_seeded_bank_entry_maps_and_its_lines_settle_or_stay_open(
    exact: EmulatorClient,
) -> None:
    settled = 0
    for division in divisions(exact):
        rows = await all_rows(exact, division, _BANK, {"$expand": "BankEntryLines"})
        assert rows
        terms = await _terms(exact, division)
        ledger = await keys(exact, division, "financial/GLAccounts")
        banks = await journal_accounts(exact, division, _BANK_JOURNAL)
        for row in rows:
            entry = BANK_ENTRY_MAP.from_exact(row, division=division)
            assert entry.journal in banks
            assert entry.line_items
            for line in entry.line_items:
                assert line.ledger_account_id in ledger
                if line.invoice_number is None or line.counterparty_id is None:
                    continue
                named = [
                    term
                    for term in terms
                    if term.invoice_number == line.invoice_number
                    and term.counterparty_id == line.counterparty_id
                    and term.total_amount is not None
                    and abs(term.total_amount) == abs(line.amount or 0)
                ]
                # the invoice it paid in full is matched, or the line is an open item itself
                paid = [t for t in named if t.status is PaymentStatus.MATCHED]
                own = [t for t in named if t.entry_id == entry.id]
                assert paid or own, (entry.id, line.invoice_number)
                assert all(t.status is PaymentStatus.OPEN for t in own)
                settled += bool(paid)
            bank = banks[entry.journal]
            assert await booked_movement(exact, division, entry.id, bank) == entry.total_amount
    assert settled > 0


# --- paying an invoice through the model ---------------------------------------------------


async def test_a_bank_entry_settles_an_open_sales_invoice(exact: EmulatorClient) -> None:
    division = divisions(exact)[0]
    before = await _outstanding(exact, division)
    listed = {
        item.payment_id: item
        for item in before
        if item.direction is OutstandingDirection.RECEIVABLE
    }
    term = next(
        term
        for term in await _terms(exact, division)
        if term.direction is PaymentDirection.RECEIVED
        and term.status is PaymentStatus.OPEN
        and term.transaction_type == _SALES_ENTRY
        and (term.open_amount or 0) > 0
        and term.id in listed
    )
    journal = next(iter(await journal_accounts(exact, division, _BANK_JOURNAL)))
    draft = BankEntry(
        id=_NIL,
        division=division,
        journal=journal,
        line_items=[settlement_line(term, paid_on=PAID_ON, description="Betaling factuur")],
    )
    body = BANK_ENTRY_MAP.to_exact(draft, method="POST")
    key = await create(exact, division, _BANK, body, key="EntryID")

    row = await one_row(exact, division, _BANK, key, {"$expand": "BankEntryLines"})
    back = BANK_ENTRY_MAP.from_exact(row, division=division)
    assert back.journal == draft.journal
    assert back.status is EntryStatus.OPEN
    assert back.total_amount == term.open_amount
    assert back.line_items is not None
    (line,) = back.line_items
    sent = (draft.line_items or [])[0]
    fields = sent.model_fields_set
    assert line.model_dump(include=fields) == sent.model_dump(include=fields)
    assert line.ledger_account_id == term.ledger_account_id  # Exact booked it to the item's

    paid = PAYMENT_RECEIVED_MAP.from_exact(
        await one_row(exact, division, "cashflow/Receivables", term.id),
        division=division,
    )
    assert paid.status is PaymentStatus.MATCHED
    assert (paid.open_amount, paid.total_amount) == (Decimal(0), term.total_amount)
    assert (paid.settled_date, paid.last_payment_date) == (PAID_ON, PAID_ON)
    assert paid.is_fully_paid is True
    # the invoice is no longer outstanding, and nothing else changed
    still_open = await _outstanding(exact, division)
    assert {item.id for item in still_open} == {item.id for item in before} - {listed[term.id].id}
    assert not [
        item
        for item in still_open
        if item.direction is OutstandingDirection.RECEIVABLE
        and item.invoice_number == term.invoice_number
        and item.counterparty_id == term.counterparty_id
    ]
    assert not [t for t in await _terms(exact, division) if t.entry_id == key]  # no new item
