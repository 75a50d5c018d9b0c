"""Bills, vendor credits, expenses and payments through `Actions`: the journals they default
to are the division's own, bad bodies and arguments are refused before any call, Exact's
refusals come back typed with its own words, and creates and settlements whose answer is
lost are never made twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.actions import Actions
from exactbridge.client import Query
from exactbridge.errors import (
    BusinessRuleViolation,
    InvalidBody,
    InvalidReference,
    MissingField,
    OutcomeUnknown,
    RecordLocked,
    UnsupportedOperation,
)
from exactbridge.mappers.payments import BANK_ENTRY_MAP
from exactbridge.model import JournalType
from exactbridge.model.payments import Payment, PaymentDirection, PaymentStatus
from exactbridge.model.purchases import BillLine, VendorCredit
from tests.integration.actions.scenarios import Harness, Language, SpeakingActions
from tests.integration.actions.scenarios.purchases import own_journal
from tests.support.lossy import LossyTransport

PAID_ON: Final = date(2026, 6, 23)
_NOWHERE: Final = "00000000-0000-0000-0000-00000000beef"


async def _supplier(actions: Actions, division: int) -> str:
    supplier = await anext(aiter(actions.list("suppliers", division)))
    return str(supplier.id)


async def _cost(actions: Actions, division: int) -> dict[str, Any]:
    bill = await anext(aiter(actions.list("bills", division)))
    line = bill.line_items[0]
    return {"ledger_account_id": line.ledger_account_id, "tax_code": line.tax_code}


async def _bill(actions: Actions, division: int, reference: str, *amounts: str) -> dict[str, Any]:
    cost = await _cost(actions, division)
    return {
        "supplier_id": await _supplier(actions, division),
        "your_reference": reference,
        "line_items": [{**cost, "amount": amount} for amount in amounts],
    }


async def _open_term(actions: Actions, division: int, direction: PaymentDirection) -> Payment:
    async for term in actions.list("payments", division):
        if (
            term.direction is direction
            and term.status is PaymentStatus.OPEN
            and term.invoice_number is not None
            and (term.open_amount or 0) > 0
        ):
            found: Payment = term
            return found
    msg = f"no open {direction.value} term in the seed"
    raise AssertionError(msg)


async def _settle(actions: Actions, division: int, term: Payment, **extra: Any) -> Payment:
    """Settle a term in full (its open amount) on `PAID_ON`."""
    settled: Payment = await actions.perform(
        "payments",
        "settle",
        division,
        payment_id=term.id,
        amount=term.open_amount,
        paid_on=PAID_ON,
        **extra,
    )
    return settled


def _calls(wire: LossyTransport) -> int:
    return sum(wire.calls.values())


# --- defaults: the division's own journals ---------------------------------------------


async def test_journals_default_to_the_divisions_own(harness: Harness) -> None:
    actions, division = harness.actions, harness.division
    # a second purchase journal with a lower code: the default follows the division's data
    await actions.client.create(
        division,
        "financial/Journals",
        {"Code": "5", "Description": "Inkoop buitenland", "Type": 22},
    )
    purchase = await own_journal(harness, JournalType.PURCHASE)
    assert purchase == "5"

    bill = await actions.create("bills", division, await _bill(actions, division, "D-1", "10"))
    assert bill.journal == purchase
    credit = await actions.create(
        "vendor_credits", division, await _bill(actions, division, "D-2", "-10")
    )
    assert credit.journal == purchase
    journals = [j async for j in actions.list("journals", division)]
    other = next(j.code for j in journals if j.type is JournalType.PURCHASE and j.code != purchase)
    named = await actions.create(
        "bills", division, {**await _bill(actions, division, "D-3", "10"), "journal": other}
    )
    assert named.journal == other  # a journal the body names is kept

    cost = await _cost(actions, division)
    expense = await actions.create(
        "expenses",
        division,
        {
            "line_items": [
                {
                    "transaction_date": PAID_ON,
                    "ledger_account_id": cost["ledger_account_id"],
                    "amount": "-5",
                }
            ]
        },
    )
    assert expense.journal == await own_journal(harness, JournalType.CASH)

    term = await _open_term(actions, division, PaymentDirection.RECEIVED)
    await _settle(actions, division, term, description="default journal")
    entries = [
        BANK_ENTRY_MAP.from_exact(row, division=division)
        async for page in actions.client.pages(
            division, Query(BANK_ENTRY_MAP.spec.path).expand("BankEntryLines")
        )
        for row in page.rows
    ]
    (paying,) = [
        e
        for e in entries
        if any(line.description == "default journal" for line in e.line_items or [])
    ]
    assert paying.journal == await own_journal(harness, JournalType.BANK)


# --- validation before any call ----------------------------------------------------------


async def test_a_bill_that_would_be_a_credit_is_refused_naming_its_lines(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    bill = await _bill(actions, division, "S-1", "100", "-150", "20")
    credit = await _bill(actions, division, "S-2", "-5", "40", "7")
    zero = await _bill(actions, division, "S-3", "0")  # a zero total is a bill to Exact
    before = _calls(wire)
    with pytest.raises(InvalidBody) as caught:
        await actions.create("bills", division, bill)
    assert set(caught.value.problems) == {"line_items[1].amount"}
    assert "-30" in caught.value.problems["line_items[1].amount"]
    assert "vendor credit" in caught.value.problems["line_items[1].amount"]
    as_models = VendorCredit(
        id="",
        division=division,
        supplier_id=credit["supplier_id"],
        line_items=[BillLine.model_validate(line) for line in credit["line_items"]],
    )
    for body, wrong in (
        (credit, {"line_items[1].amount", "line_items[2].amount"}),
        (as_models, {"line_items[1].amount", "line_items[2].amount"}),
        (
            {**credit, "line_items": as_models.line_items},
            {"line_items[1].amount", "line_items[2].amount"},
        ),
        (zero, {"line_items[0].amount"}),
    ):
        with pytest.raises(InvalidBody) as refused:
            await actions.create("vendor_credits", division, body)
        assert set(refused.value.problems) == wrong
    assert _calls(wire) == before


async def test_bad_fields_are_named_by_line_before_any_call(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    cost = await _cost(actions, division)
    before = _calls(wire)
    with pytest.raises(InvalidBody) as caught:
        await actions.create(
            "bills",
            division,
            {
                "your_reference": "X",
                "total_amount": "12",
                "line_items": [
                    {**cost, "amount": "10", "colour": "red"},
                    {**cost, "amount": "ten"},
                    {"description": "no account, no amount"},
                ],
            },
        )
    assert caught.value.problems == {
        "supplier_id": "required to create",
        "total_amount": "read only",
        "line_items[0].colour": "unknown field",
        "line_items[1].amount": caught.value.problems["line_items[1].amount"],
        "line_items[2].ledger_account_id": "required to create",
        "line_items[2].amount": "required to create",
    }
    with pytest.raises(InvalidBody) as income:
        await actions.create(
            "expenses", division, {"line_items": [{**cost, "amount": "25", "tax_code": None}]}
        )
    assert set(income.value.problems) == {"line_items"}
    with pytest.raises(InvalidBody) as lines:
        await actions.update("bills", division, cost["ledger_account_id"], {"line_items": []})
    assert "line_items" in lines.value.problems
    assert _calls(wire) == before


async def test_operation_arguments_are_checked_before_any_call(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    with pytest.raises(InvalidBody) as attach:
        await actions.perform(
            "bills", "attach", division, bill_id="x", file_name="", content="not bytes"
        )
    assert set(attach.value.problems) == {"file_name", "content"}
    with pytest.raises(InvalidBody) as settle:
        await actions.perform(
            "payments", "settle", division, payment_id="x", amount="a lot", paid_on="soon"
        )
    assert set(settle.value.problems) == {"amount", "paid_on"}
    with pytest.raises(InvalidBody) as ageing:
        await actions.perform("outstandings", "ageing", division, as_of="end of June")
    assert set(ageing.value.problems) == {"as_of"}
    with pytest.raises(UnsupportedOperation):
        await actions.update("vendor_credits", division, "x", {"description": "y"})
    with pytest.raises(UnsupportedOperation):
        await actions.delete("expenses", division, "x")
    with pytest.raises(UnsupportedOperation):
        await actions.create("payments", division, {"description": "y"})
    assert _calls(wire) == 0


async def test_settle_refuses_anything_but_the_open_amount_before_sending(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    term = await _open_term(actions, division, PaymentDirection.MADE)
    assert term.open_amount is not None
    for amount in (term.open_amount - Decimal("0.01"), -term.open_amount, 0):
        with pytest.raises(InvalidBody) as caught:
            await actions.perform(
                "payments",
                "settle",
                division,
                payment_id=term.id,
                amount=amount,
                paid_on=PAID_ON,
            )
        assert set(caught.value.problems) == {"amount"}
        assert str(term.open_amount) in caught.value.problems["amount"]
    matched = [t async for t in actions.list("payments", division)]
    settled = next(t for t in matched if t.status is PaymentStatus.MATCHED)
    with pytest.raises(InvalidBody) as done:
        await actions.perform(
            "payments", "settle", division, payment_id=settled.id, amount=0, paid_on=PAID_ON
        )
    assert "nothing open" in done.value.problems["payment_id"]
    assert wire.calls["POST"] == 0
    assert (await actions.get("payments", division, term.id)).status is PaymentStatus.OPEN


# --- Exact's refusals, typed --------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Not allowed: the entry has been processed"), ("nl", "Niet toegestaan")],
)
async def test_a_processed_bill_is_locked_in_exacts_words(
    actions_in: SpeakingActions, division: int, language: Language, words: str
) -> None:
    async with actions_in(language) as actions:
        processed = [
            b
            async for b in actions.list("bills", division)
            if b.status is not None and b.status.value == "processed"
        ]
        assert processed
        with pytest.raises(RecordLocked) as caught:
            await actions.update("bills", division, processed[0].id, {"description": "late"})
        assert caught.value.exact_message.startswith(words)
        with pytest.raises(RecordLocked):
            await actions.delete("bills", division, processed[0].id)


async def test_refusals_are_typed_and_keep_exacts_words(
    actions: Actions,
    division: int,
) -> None:
    body = await _bill(actions, division, "R-1", "40")
    with pytest.raises(InvalidReference) as unknown:
        await actions.create("bills", division, {**body, "supplier_id": _NOWHERE})
    assert unknown.value.exact_message.startswith("Invalid reference")
    with pytest.raises(MissingField) as no_year:  # no financial period covers the date
        await actions.create("bills", division, {**body, "issue_date": "1990-01-02"})
    assert no_year.value.exact_message.startswith("Mandatory")
    with pytest.raises(InvalidBody) as empty:  # never sent: a bill needs its lines
        await actions.create("bills", division, {**body, "line_items": []})
    assert empty.value.problems == {"line_items": "a document needs at least one line"}
    suppliers = {s.id async for s in actions.list("suppliers", division)}
    customers = [c.id async for c in actions.list("customers", division)]
    customer_only = next(c for c in customers if c not in suppliers)
    with pytest.raises(BusinessRuleViolation) as not_a_supplier:
        await actions.create("bills", division, {**body, "supplier_id": customer_only})
    assert "Supplier" in not_a_supplier.value.exact_message

    bill = await actions.create("bills", division, body)
    (term,) = [t async for t in actions.list("payments", division) if t.entry_id == bill.id]
    await _settle(actions, division, term)
    with pytest.raises(RecordLocked) as matched:
        await actions.delete("bills", division, bill.id)
    assert "matched" in matched.value.exact_message


# --- answers lost ---------------------------------------------------------------------------


async def test_a_bill_whose_answer_was_lost_is_found_by_its_reference(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    body = await _bill(actions, division, "LOST-7", "120")
    wire.fates = ["lose_response"]
    bill = await actions.create("bills", division, body, idempotency_key="bill-7")
    assert wire.delivered["POST"] == 1
    same = [b.id async for b in actions.list("bills", division) if b.your_reference == "LOST-7"]
    assert same == [bill.id]


async def test_a_settlement_whose_answer_was_lost_is_not_paid_twice(
    actions: Actions,
    wire: LossyTransport,
    division: int,
) -> None:
    term = await _open_term(actions, division, PaymentDirection.RECEIVED)
    wire.fates = ["lose_response"]
    settled = await _settle(actions, division, term)
    assert settled.status is PaymentStatus.MATCHED
    assert (wire.calls["POST"], wire.delivered["POST"]) == (1, 1)

    other = await _open_term(actions, division, PaymentDirection.RECEIVED)
    wire.fates = ["lose_request"]
    with pytest.raises(OutcomeUnknown):
        await _settle(actions, division, other)
    assert (await actions.get("payments", division, other.id)).status is PaymentStatus.OPEN
    again = await _settle(actions, division, other)
    assert again.status is PaymentStatus.MATCHED
    assert wire.delivered["POST"] == 2
