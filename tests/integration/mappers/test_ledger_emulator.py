"""The ledger mappers against the emulator: each endpoint's seed maps cleanly with sane
invariants, and ledger accounts and payment terms written through the model read back equal.

Rows are read through `tests.support.rows`: every page, as the client would hand them over.
"""

from __future__ import annotations

from decimal import Decimal

from exactbridge.mappers import (
    fiscal_period_from_exact,
    journal_from_exact,
    ledger_account_from_exact,
    ledger_account_to_exact,
    payment_term_from_exact,
    payment_term_to_exact,
    tax_rate_from_exact,
)
from exactbridge.model import (
    BalanceSide,
    BalanceType,
    JournalType,
    LedgerAccount,
    LedgerAccountType,
    PaymentMethod,
    PaymentTerm,
)
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, one_row

_NIL = "00000000-0000-0000-0000-000000000000"


async def test_seeded_ledger_master_data_maps(exact: EmulatorClient) -> None:
    accounts = [
        ledger_account_from_exact(row, division=exact.division)
        for row in await all_rows(exact, exact.division, "financial/GLAccounts")
    ]
    assert accounts
    assert len({a.code for a in accounts}) == len(accounts)
    assert all(a.type is not None for a in accounts)  # every seeded account classifies
    journals = [
        journal_from_exact(row, division=exact.division)
        for row in await all_rows(exact, exact.division, "financial/Journals")
    ]
    assert JournalType.SALES in {j.type for j in journals}
    rates = [
        tax_rate_from_exact(row, division=exact.division)
        for row in await all_rows(exact, exact.division, "vat/VATCodes")
    ]
    assert Decimal(21) in {r.percentage for r in rates}  # fraction 0.21 read as percent
    assert all(r.percentage is None or 0 <= r.percentage <= 100 for r in rates)
    terms = await all_rows(exact, exact.division, "cashflow/PaymentConditions")
    assert terms
    for row in terms:
        payment_term_from_exact(row, division=exact.division)
    periods = await all_rows(exact, exact.division, "financial/FinancialPeriods")
    assert periods
    for row in periods:
        period = fiscal_period_from_exact(row, division=exact.division)
        if period.start_date and period.end_date:
            assert period.start_date <= period.end_date


async def test_ledger_account_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    draft = LedgerAccount(
        id=_NIL,
        division=exact.division,
        code="999123",
        name="Unified test revenue",
        type_code=110,
        balance_side=BalanceSide.CREDIT,
        balance_type=BalanceType.PROFIT_AND_LOSS,
    )
    assert draft.type is LedgerAccountType.REVENUE
    body = ledger_account_to_exact(draft, method="POST")
    key = await create(exact, exact.division, "financial/GLAccounts", body)
    back = ledger_account_from_exact(
        await one_row(exact, exact.division, "financial/GLAccounts", key), division=exact.division
    )
    written = draft.model_fields_set - {"id"}
    assert back.model_dump(include=written) == draft.model_dump(include=written)
    assert back.type is LedgerAccountType.REVENUE


async def test_payment_term_written_through_the_model_reads_back_equal(
    exact: EmulatorClient,
) -> None:
    draft = PaymentTerm(
        id=_NIL,
        division=exact.division,
        code="45",
        name="45 days",
        days=45,
        payment_method=PaymentMethod.ON_CREDIT,
    )
    body = payment_term_to_exact(draft, method="POST")
    key = await create(exact, exact.division, "cashflow/PaymentConditions", body)
    back = payment_term_from_exact(
        await one_row(exact, exact.division, "cashflow/PaymentConditions", key),
        division=exact.division,
    )
    written = draft.model_fields_set - {"id"}
    assert back.model_dump(include=written) == draft.model_dump(include=written)
