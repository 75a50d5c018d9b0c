"""Scenarios for companies, ledger accounts, journals, tax rates, payment terms, periods."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from exactbridge.model import JournalType
from tests.integration.actions.scenarios import Harness, assert_has, check_read, scenario


@scenario("companies", "read")
async def companies_read(h: Harness) -> None:
    companies = await check_read(h, "companies")
    assert {c.division for c in companies} == set(h.state.store.divisions)


@scenario("ledger_accounts", "read")
async def ledger_accounts_read(h: Harness) -> None:
    accounts = await check_read(h, "ledger_accounts")
    codes = [a.code for a in accounts]
    assert len(codes) == len(set(codes)), "ledger account codes are unique"


@scenario("ledger_accounts", "create", "update")
async def ledger_accounts_write(h: Harness) -> None:
    sent = {"code": "9876", "name": "Scenario kosten", "balance_type": "profit_and_loss"}
    created = await h.actions.create("ledger_accounts", h.division, sent)
    assert_has(created, sent)
    updated = await h.actions.update(
        "ledger_accounts", h.division, created.id, {"name": "Scenario kosten (herzien)"}
    )
    assert updated.name == "Scenario kosten (herzien)"


@scenario("journals", "read")
async def journals_read(h: Harness) -> None:
    journals = await check_read(h, "journals")
    kinds = {j.type for j in journals}
    assert {JournalType.SALES, JournalType.PURCHASE, JournalType.GENERAL} <= kinds


@scenario("tax_rates", "read")
async def tax_rates_read(h: Harness) -> None:
    rates = await check_read(h, "tax_rates")
    assert all(r.percentage is None or Decimal(0) <= r.percentage <= 100 for r in rates)
    assert any(r.percentage == 21 for r in rates), "the Dutch standard rate, as a percentage"


@scenario("payment_terms", "read")
async def payment_terms_read(h: Harness) -> None:
    await check_read(h, "payment_terms")


@scenario("payment_terms", "create")
async def payment_terms_create(h: Harness) -> None:
    sent = {"code": "45", "name": "45 dagen", "days": 45}
    assert_has(await h.actions.create("payment_terms", h.division, sent), sent)


@scenario("fiscal_periods", "read")
async def fiscal_periods_read(h: Harness) -> None:
    periods = await check_read(h, "fiscal_periods")
    by_year: dict[int, list[Any]] = {}
    for p in sorted(periods, key=lambda p: (p.year, p.period)):
        by_year.setdefault(p.year, []).append(p)
    for year, rows in by_year.items():
        for before, after in pairwise(rows):
            assert (after.start_date - before.end_date).days == 1, year
