"""The ledger mappers against the emulator: each endpoint's seed maps cleanly with sane
invariants, and ledger accounts and payment terms written through the model read back equal.

Rows go through `exactbridge.wire.loads` exactly as the client would hand them over.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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
from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient

_NIL = "00000000-0000-0000-0000-000000000000"


async def _rows(exact: EmulatorClient, path: str) -> list[dict[str, Any]]:
    response = await exact.get(f"/api/v1/{exact.division}/{path}")
    assert response.status_code == 200, response.text
    body = loads(response.content)["d"]
    rows: list[dict[str, Any]] = body["results"] if isinstance(body, dict) else body
    return rows


async def _one(exact: EmulatorClient, path: str, key: str) -> dict[str, Any]:
    fetched = await exact.get(f"/api/v1/{exact.division}/{path}(guid'{key}')")
    assert fetched.status_code == 200, fetched.text
    payload = loads(fetched.content)["d"]
    row: dict[str, Any] = payload["results"][0] if "results" in payload else payload
    return row


async def test_seeded_ledger_master_data_maps(exact: EmulatorClient) -> None:
    accounts = [
        ledger_account_from_exact(row, division=exact.division)
        for row in await _rows(exact, "financial/GLAccounts")
    ]
    assert accounts
    assert len({a.code for a in accounts}) == len(accounts)
    assert all(a.type is not None for a in accounts)  # every seeded account classifies
    journals = [
        journal_from_exact(row, division=exact.division)
        for row in await _rows(exact, "financial/Journals")
    ]
    assert JournalType.SALES in {j.type for j in journals}
    rates = [
        tax_rate_from_exact(row, division=exact.division)
        for row in await _rows(exact, "vat/VATCodes")
    ]
    assert Decimal(21) in {r.percentage for r in rates}  # fraction 0.21 read as percent
    assert all(r.percentage is None or 0 <= r.percentage <= 100 for r in rates)
    terms = await _rows(exact, "cashflow/PaymentConditions")
    assert terms
    for row in terms:
        payment_term_from_exact(row, division=exact.division)
    periods = await _rows(exact, "financial/FinancialPeriods")
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
    created = await exact.request(
        "POST", f"/api/v1/{exact.division}/financial/GLAccounts", json=body
    )
    assert created.status_code == 201, created.text
    key = loads(created.content)["d"]["ID"]
    back = ledger_account_from_exact(
        await _one(exact, "financial/GLAccounts", key), division=exact.division
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
    created = await exact.request(
        "POST", f"/api/v1/{exact.division}/cashflow/PaymentConditions", json=body
    )
    assert created.status_code == 201, created.text
    key = loads(created.content)["d"]["ID"]
    back = payment_term_from_exact(
        await _one(exact, "cashflow/PaymentConditions", key), division=exact.division
    )
    written = draft.model_fields_set - {"id"}
    assert back.model_dump(include=written) == draft.model_dump(include=written)
