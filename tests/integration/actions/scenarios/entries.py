"""Scenarios for journal entries, ledger lines and balances, fiscal years, bank accounts, users."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from exactbridge.client import Query
from exactbridge.mappers.banking import BANK_MAP
from exactbridge.model import JournalType, LedgerAccount, LedgerAccountType
from exactbridge.model.banking import BankAccount
from exactbridge.model.entries import EntryStatus, TransactionType, is_balanced
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario
from tests.support.rows import client_rows

Key = tuple[str, int, int]
"""(ledger account, year, period)."""


@dataclass(frozen=True)
class _Booked:
    """What the lines of one (ledger account, year, period) add up to."""

    amount: Decimal = Decimal(0)
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    count: int = 0

    def plus(self, amount: Decimal) -> _Booked:
        return _Booked(
            self.amount + amount,
            self.debit + max(amount, Decimal(0)),
            self.credit - min(amount, Decimal(0)),
            self.count + 1,
        )


async def _booked(h: Harness) -> dict[Key, _Booked]:
    totals: dict[Key, _Booked] = defaultdict(_Booked)
    for line in await h.all("transactions"):
        assert line.ledger_account_id is not None
        assert line.financial_year is not None
        assert line.financial_period is not None
        assert line.amount is not None
        key = (line.ledger_account_id, line.financial_year, line.financial_period)
        totals[key] = totals[key].plus(line.amount)
    return totals


async def _reported(h: Harness) -> dict[Key, _Booked]:
    """The reporting balances summed per key (they are split by cost centre and unit)."""
    totals: dict[Key, _Booked] = defaultdict(_Booked)
    for row in await h.all("ledger_balances"):
        key = (row.ledger_account_id, row.year, row.period)
        was = totals[key]
        totals[key] = _Booked(
            was.amount + (row.amount or 0),
            was.debit + (row.debit_amount or 0),
            was.credit + (row.credit_amount or 0),
            was.count + (row.line_count or 0),
        )
    return totals


@scenario("journal_entries", "read")
async def journal_entries_read(h: Harness) -> None:
    entries = await check_read(h, "journal_entries")
    ledger = {a.id for a in await h.all("ledger_accounts")}
    for entry in entries:
        assert entry.line_items, f"{entry.id} is read with its lines"
        assert is_balanced(entry), entry.id
        assert {line.ledger_account_id for line in entry.line_items} <= ledger, entry.id
    assert {TransactionType.SALES_ENTRY, TransactionType.PURCHASE_ENTRY} <= {
        e.type for e in entries
    }


def posting_accounts(accounts: list[LedgerAccount]) -> tuple[LedgerAccount, LedgerAccount]:
    """An expense account, and a balance sheet account needing no relation (not the
    receivables or payables control accounts, types 20 and 22)."""
    usable = [a for a in accounts if not a.is_blocked]
    expense = next(a for a in usable if a.type is LedgerAccountType.EXPENSE)
    other = next(
        a for a in usable if a.type is LedgerAccountType.ASSET and a.type_code not in (20, 22)
    )
    return expense, other


@scenario("journal_entries", "create")
async def journal_entries_create(h: Harness) -> None:
    expense, other = posting_accounts(await h.all("ledger_accounts"))
    today = h.clock.now().date()
    period = next(
        p
        for p in await h.all("fiscal_periods")
        if p.start_date is not None and p.end_date is not None
        and p.start_date <= today <= p.end_date
    )  # fmt: skip
    day = period.start_date + dt.timedelta(days=9)
    key = (expense.id, period.year, period.period)
    before = (await _reported(h))[key].amount
    lines: list[dict[str, Any]] = [
        {"ledger_account_id": expense.id, "amount": Decimal("250.40"), "date": day,
         "description": "Scenario accrual", "notes": "actions scenario"},
        {"ledger_account_id": other.id, "amount": Decimal("-250.40"), "date": day,
         "description": "Scenario suspense"},
    ]  # fmt: skip
    created = await h.actions.create("journal_entries", h.division, {"line_items": lines})
    general = {j.code for j in await h.all("journals") if j.type is JournalType.GENERAL}
    assert created.journal_code in general, "booked in a general journal of the division"
    assert (created.type, created.status) == (TransactionType.OTHER, EntryStatus.OPEN)
    assert (created.date, created.financial_year, created.financial_period) == (
        day,
        period.year,
        period.period,
    )
    assert created.line_items is not None
    assert len(created.line_items) == len(lines)
    for line, sent in zip(created.line_items, lines, strict=True):
        assert_has(line, sent)
    assert await h.actions.get("journal_entries", h.division, created.id) == created
    after = (await _reported(h))[key].amount
    assert after - before == Decimal("250.40"), "the period's balance moved by the amount"
    booked = [t for t in await h.all("transactions") if t.entry_id == created.id]
    assert sorted(t.amount for t in booked) == [Decimal("-250.40"), Decimal("250.40")]


@scenario("transactions", "read")
async def transactions_read(h: Harness) -> None:
    lines = await check_read(h, "transactions")
    per_entry: dict[str | None, Decimal] = defaultdict(Decimal)
    for line in lines:
        assert line.amount is not None, line.id
        per_entry[line.entry_id] += line.amount
    unbalanced = {entry: total for entry, total in per_entry.items() if total != 0}
    assert unbalanced == {}, "every entry's lines sum to zero"
    entries = await h.all("journal_entries")
    assert set(per_entry) == {e.id for e in entries}
    assert len(lines) == sum(len(e.line_items or ()) for e in entries)


@scenario("ledger_balances", "read")
async def ledger_balances_read(h: Harness) -> None:
    balances = await check_read(h, "ledger_balances")
    assert all(
        b.amount is not None and b.debit_amount is not None and b.credit_amount is not None
        and b.amount == b.debit_amount - b.credit_amount
        for b in balances
    )  # fmt: skip
    booked = await _booked(h)
    assert booked, "the seed has booked lines"
    assert await _reported(h) == booked, "balances = sums of the ledger lines per period"


@scenario("fiscal_years", "read")
async def fiscal_years_read(h: Harness) -> None:
    years = await check_read(h, "fiscal_years")
    periods = await h.all("fiscal_periods")
    assert [y.year for y in years] == sorted({p.year for p in periods})
    for year in years:
        own = [p for p in periods if p.year == year.year]
        assert year.id == str(year.year)
        assert year.period_count == len(own)
        assert year.start_date == min(p.start_date for p in own)
        assert year.end_date == max(p.end_date for p in own)
    for before, after in pairwise(years):
        assert after.year == before.year + 1
        assert before.end_date is not None
        assert after.start_date == before.end_date + dt.timedelta(days=1), "years are contiguous"


async def _banks(h: Harness) -> dict[str, Any]:
    """Exact's list of banks (`cashflow/Banks`), by id."""
    rows = await client_rows(h.actions.client, h.division, Query(BANK_MAP.spec.path))
    banks = (BANK_MAP.from_exact(row, division=h.division) for row in rows)
    return {bank.id: bank for bank in banks}


@scenario("bank_accounts", "read")
async def bank_accounts_read(h: Harness) -> None:
    accounts = await check_read(h, "bank_accounts")
    relations = {c.id for c in await h.all("customers")} | {s.id for s in await h.all("suppliers")}
    banks = await _banks(h)
    for account in accounts:
        assert account.account_id in relations, account.id
        assert account.account_number, account.id
        assert account.bank_id is None or account.bank_id in banks, account.id


@scenario("bank_accounts", "create")
async def bank_accounts_create(h: Harness) -> None:
    supplier = await h.actions.create("suppliers", h.division, {"name": "Scenario Bankzaken"})
    bank = next(b for b in (await _banks(h)).values() if b.bic and b.bic.startswith("ABNA"))
    draft = BankAccount(
        id="",
        division=h.division,
        account_id=supplier.id,
        iban="NL91ABNA0417164300",  # no number given: the IBAN is the number
        bic=bank.bic,
        bank_id=bank.id,
        holder_name="Scenario Leverancier",
        description="Betaalrekening",
        is_main=True,
    )
    created = await h.actions.create("bank_accounts", h.division, draft)
    sent = draft.model_dump(include=draft.model_fields_set - {"id", "division"})
    assert_has(created, {**sent, "account_number": "NL91ABNA0417164300"})
    assert created.account_name == supplier.name  # Exact names the owner
    assert await h.actions.get("bank_accounts", h.division, created.id) == created


@scenario("users", "read")
async def users_read(h: Harness) -> None:
    users = await check_read(h, "users")
    assert all(u.user_name and u.full_name for u in users)
    assert all(u.current_division in h.state.store.divisions for u in users)


@scenario("users", "me")
async def users_me(h: Harness) -> None:
    counters = h.state.limiter.counters
    served = counters.responses.get(("current/Me", 200), 0)
    calls = counters.calls
    me = await h.actions.perform("users", "me", h.division)
    assert counters.responses.get(("current/Me", 200), 0) == served + 1, "read afresh"
    assert counters.calls == calls, "current/Me is not counted against the limits"
    assert me.division == h.division
    assert me.current_division in h.state.store.divisions
    mine = next(u for u in await h.all("users") if u.id == me.id)
    assert (mine.full_name, mine.email, mine.user_name) == (me.full_name, me.email, me.user_name)
