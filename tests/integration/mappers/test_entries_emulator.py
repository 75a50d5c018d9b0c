"""The entry mappers against the emulator: the whole seed of both divisions maps, every
booked entry balances, the reporting balances are the sums of the ledger lines, and a
journal entry written through the unified model reads back equal, from both its sources.

Rows go through `exactbridge.wire.loads` exactly as the client would hand them over, every
page followed through `__next`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from exactbridge.mappers.entries import (
    JOURNAL_ENTRY_CREATE_MAP,
    JOURNAL_ENTRY_MAP,
    LEDGER_BALANCE_MAP,
    TRANSACTION_MAP,
)
from exactbridge.mappers.ledger import FISCAL_PERIOD_MAP, JOURNAL_MAP, LEDGER_ACCOUNT_MAP
from exactbridge.model.entries import (
    EntryStatus,
    JournalEntry,
    JournalEntryLine,
    LedgerBalance,
    Transaction,
    TransactionType,
    is_balanced,
)
from exactbridge.model.ledger import JournalType, LedgerAccount, LedgerAccountType
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, divisions, one_row

_NIL = "00000000-0000-0000-0000-000000000000"
_LINE_SELECT = ",".join(
    ["ID", "Created", "Modified", *(f.exact for f in TRANSACTION_MAP.fields)]
)  # TransactionLines refuses a GET without $select, as Exact does

Key = tuple[str, int, int]


def _lines(entry: JournalEntry) -> list[JournalEntryLine]:
    assert entry.line_items is not None, "lines are read expanded"
    return entry.line_items


async def _entries(exact: EmulatorClient, division: int) -> list[JournalEntry]:
    rows = await all_rows(
        exact, division, "financialtransaction/Transactions", {"$expand": "TransactionLines"}
    )
    return [JOURNAL_ENTRY_MAP.from_exact(row, division=division) for row in rows]


async def _ledger_lines(exact: EmulatorClient, division: int) -> list[Transaction]:
    rows = await all_rows(
        exact, division, "financialtransaction/TransactionLines", {"$select": _LINE_SELECT}
    )
    return [TRANSACTION_MAP.from_exact(row, division=division) for row in rows]


async def _balances(exact: EmulatorClient, division: int) -> list[LedgerBalance]:
    rows = await all_rows(exact, division, "financial/ReportingBalance")
    return [LEDGER_BALANCE_MAP.from_exact(row, division=division) for row in rows]


async def _accounts(exact: EmulatorClient, division: int) -> list[LedgerAccount]:
    rows = await all_rows(exact, division, "financial/GLAccounts")
    return [LEDGER_ACCOUNT_MAP.from_exact(row, division=division) for row in rows]


def _sum(values: list[Decimal | None]) -> Decimal:
    assert all(value is not None for value in values)
    return sum((value for value in values if value is not None), Decimal(0))


async def test_every_booked_entry_maps_and_balances(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        entries = await _entries(exact, division)
        assert len(entries) > 60, "the seed spans several pages"
        ledger = {a.id for a in await _accounts(exact, division)}
        kinds = set()
        for entry in entries:
            assert entry.division == division
            assert is_balanced(entry), entry.id
            assert _sum([line.amount for line in _lines(entry)]) == 0, entry.id
            assert entry.date is not None
            assert all(line.ledger_account_id in ledger for line in _lines(entry))
            assert entry.status in (EntryStatus.OPEN, EntryStatus.PROCESSED)
            kinds.add(entry.type)
        assert {TransactionType.SALES_ENTRY, TransactionType.PURCHASE_ENTRY} <= kinds
        assert None not in kinds  # every seeded transaction type is a known one
        lines = await _ledger_lines(exact, division)
        assert len(lines) == sum(len(_lines(entry)) for entry in entries)
        assert {line.id for line in lines} == {
            line.id for entry in entries for line in _lines(entry)
        }


async def test_ledger_lines_balance_per_entry_and_sum_to_the_reporting_balances(
    exact: EmulatorClient,
) -> None:
    for division in divisions(exact):
        lines = await _ledger_lines(exact, division)
        assert lines
        per_entry: dict[str | None, Decimal] = defaultdict(Decimal)
        summed: dict[Key, list[Transaction]] = defaultdict(list)
        for line in lines:
            assert line.amount is not None
            assert line.ledger_account_id is not None
            assert line.financial_year is not None
            assert line.financial_period is not None
            per_entry[line.entry_id] += line.amount
            summed[(line.ledger_account_id, line.financial_year, line.financial_period)].append(
                line
            )
        assert None not in per_entry
        assert set(per_entry.values()) == {Decimal(0)}
        reported: dict[Key, list[LedgerBalance]] = defaultdict(list)
        for balance in await _balances(exact, division):
            reported[(balance.ledger_account_id, balance.year, balance.period)].append(balance)
        assert set(reported) == set(summed)
        for key, booked in summed.items():
            rows = reported[key]
            amounts = [line.amount for line in booked]
            assert _sum([row.amount for row in rows]) == _sum(amounts), key
            debit = _sum([a for a in amounts if a is not None and a >= 0])
            credit = -_sum([a for a in amounts if a is not None and a < 0])
            assert _sum([row.debit_amount for row in rows]) == debit, key
            assert _sum([row.credit_amount for row in rows]) == credit, key
            assert sum(row.line_count or 0 for row in rows) == len(booked), key


async def test_general_journal_entries_map_and_match_their_bookings(
    exact: EmulatorClient,
) -> None:
    for division in divisions(exact):
        booked = {entry.id: entry for entry in await _entries(exact, division)}
        rows = await all_rows(
            exact,
            division,
            "generaljournalentry/GeneralJournalEntries",
            {"$expand": "GeneralJournalEntryLines"},
        )
        assert rows
        for row in rows:
            entry = JOURNAL_ENTRY_CREATE_MAP.from_exact(row, division=division)
            assert is_balanced(entry), entry.id
            numbers = [line["LineNumber"] for line in row["GeneralJournalEntryLines"]["results"]]
            assert len(_lines(entry)) == len(numbers)
            twin = booked[entry.id]  # the booking carries the entry's own key
            assert twin.type is TransactionType.OTHER
            assert (twin.journal_code, twin.entry_number) == (
                entry.journal_code,
                entry.entry_number,
            )
            assert Counter((x.ledger_account_id, x.amount) for x in _lines(twin)) == Counter(
                (x.ledger_account_id, x.amount) for x in _lines(entry)
            )


async def _draft_parts(exact: EmulatorClient, division: int) -> dict[str, Any]:
    """A general journal, a period, accounts to book on, a customer and a cost centre."""
    journals = [
        JOURNAL_MAP.from_exact(row, division=division)
        for row in await all_rows(exact, division, "financial/Journals")
    ]
    periods = sorted(
        (
            FISCAL_PERIOD_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, "financial/FinancialPeriods")
        ),
        key=lambda p: (p.year, p.period),
    )
    accounts = [a for a in await _accounts(exact, division) if not a.is_blocked]
    customers = [
        row for row in await all_rows(exact, division, "crm/Accounts") if row["Status"] == "C"
    ]
    centres = await all_rows(exact, division, "hrm/Costcenters")
    return {
        "journal": next(j for j in journals if j.type is JournalType.GENERAL),
        "period": next(p for p in periods if p.start_date == dt.date(2026, 5, 1)),
        "expense": next(a for a in accounts if a.type is LedgerAccountType.EXPENSE),
        "suspense": next(
            a for a in accounts if a.type is LedgerAccountType.ASSET and a.type_code not in (20, 22)
        ),
        "receivable": next(a for a in accounts if a.type_code == 20),
        "customer": customers[0]["ID"],
        "centre": centres[0]["Code"].strip() if centres else None,
    }


async def _balance_of(
    exact: EmulatorClient, division: int, gl: str, year: int, period: int
) -> Decimal:
    return _sum(
        [
            b.amount
            for b in await _balances(exact, division)
            if (b.ledger_account_id, b.year, b.period) == (gl, year, period)
        ]
        or [Decimal(0)]
    )


async def test_journal_entry_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    division = exact.division
    parts = await _draft_parts(exact, division)
    period = parts["period"]
    day = period.start_date + dt.timedelta(days=14)
    draft = JournalEntry(
        id=_NIL,
        division=division,
        journal_code=parts["journal"].code,
        date=day,  # Exact's header has no date: the lines carry it
        line_items=[
            JournalEntryLine(
                ledger_account_id=parts["expense"].id,
                amount=Decimal("123.45"),
                description="Consultancy accrual",
                cost_center=parts["centre"],
                quantity=Decimal(3),
                notes="Unified model test",
            ),
            JournalEntryLine(
                ledger_account_id=parts["receivable"].id,
                account_id=parts["customer"],
                amount=Decimal("-23.45"),
                description="Recharged to the customer",
            ),
            JournalEntryLine(
                ledger_account_id=parts["suspense"].id,
                amount=Decimal("-100.00"),
                description="Suspense",
            ),
        ],
    )
    assert is_balanced(draft)
    expense, year, number = parts["expense"].id, period.year, period.period
    before = await _balance_of(exact, division, expense, year, number)
    body = JOURNAL_ENTRY_CREATE_MAP.to_exact(draft, method="POST")
    key = await create(
        exact, division, "generaljournalentry/GeneralJournalEntries", body, key="EntryID"
    )

    written = ("ledger_account_id", "amount", "description", "date", "account_id",
               "cost_center", "quantity", "notes")  # fmt: skip
    sent = [line.model_dump(include=set(written)) for line in _lines(draft)]

    entry = JOURNAL_ENTRY_CREATE_MAP.from_exact(
        await one_row(
            exact,
            division,
            "generaljournalentry/GeneralJournalEntries",
            key,
            {"$expand": "GeneralJournalEntryLines"},
        ),
        division=division,
    )
    assert entry.journal_code == draft.journal_code
    assert (entry.financial_year, entry.financial_period) == (year, number)
    assert [line.model_dump(include=set(written)) for line in _lines(entry)] == sent

    booked = JOURNAL_ENTRY_MAP.from_exact(
        await one_row(
            exact,
            division,
            "financialtransaction/Transactions",
            key,
            {"$expand": "TransactionLines"},
        ),
        division=division,
    )
    assert (booked.id, booked.journal_code, booked.date) == (key, draft.journal_code, day)
    assert (booked.type, booked.status) == (TransactionType.OTHER, EntryStatus.OPEN)
    assert is_balanced(booked)
    assert [line.model_dump(include=set(written)) for line in _lines(booked)] == sent
    after = await _balance_of(exact, division, expense, year, number)
    assert after - before == Decimal("123.45")


async def test_an_entry_is_balanced_exactly_when_the_emulator_books_it(
    exact: EmulatorClient,
) -> None:
    division = exact.division
    parts = await _draft_parts(exact, division)
    lines = [
        JournalEntryLine(ledger_account_id=parts["expense"].id, amount=Decimal("10.00")),
        JournalEntryLine(ledger_account_id=parts["suspense"].id, amount=Decimal("-9.99")),
    ]
    draft = JournalEntry(
        id=_NIL,
        division=division,
        journal_code=parts["journal"].code,
        date=parts["period"].start_date,
        line_items=lines,
    )
    assert not is_balanced(draft)
    path = f"/api/v1/{division}/generaljournalentry/GeneralJournalEntries"
    body = JOURNAL_ENTRY_CREATE_MAP.to_exact(draft, method="POST")
    refused = await exact.request("POST", path, json=body)
    # Exact words the refusal as a 500 (facts 9.18): the kind of error no retry may touch,
    # and one more reason to check the balance before calling.
    assert refused.status_code == 500, refused.text
    assert "not in balance" in refused.text
    fixed = draft.model_copy(
        update={"line_items": [lines[0], lines[1].model_copy(update={"amount": Decimal("-10")})]}
    )
    assert is_balanced(fixed)
    accepted = await exact.request(
        "POST", path, json=JOURNAL_ENTRY_CREATE_MAP.to_exact(fixed, method="POST")
    )
    assert accepted.status_code == 201, accepted.text
