"""Journal entries through `Actions`: the balance rule checked before any call, the general
journal resolved from the division's own journals, Exact's refusals typed with its words,
and idempotent creates that find an entry again only by its journal and number.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.errors import InvalidBody, InvalidReference, OutcomeUnknown
from exactbridge.model import JournalType
from tests.integration.actions.scenarios import Harness
from tests.integration.actions.scenarios.entries import posting_accounts
from tests.support.lossy import LossyTransport

_NOWHERE = "00000000-0000-0000-0000-00000000beef"


@pytest.fixture
async def accounts(harness: Harness) -> tuple[str, str]:
    """Ids of an expense account and a balance sheet account to book against."""
    expense, other = posting_accounts(await harness.all("ledger_accounts"))
    return expense.id, other.id


def _lines(accounts: tuple[str, str], debit: str, credit: str) -> list[dict[str, Any]]:
    day = dt.date(2026, 6, 10)
    return [
        {"ledger_account_id": accounts[0], "amount": Decimal(debit), "date": day},
        {"ledger_account_id": accounts[1], "amount": Decimal(credit), "date": day},
    ]


async def test_an_unbalanced_entry_is_refused_before_any_call(
    harness: Harness, wire: LossyTransport, accounts: tuple[str, str]
) -> None:
    before = sum(wire.calls.values())
    with pytest.raises(InvalidBody) as caught:
        await harness.actions.create(
            "journal_entries", harness.division, {"line_items": _lines(accounts, "100", "-99.99")}
        )
    assert caught.value.problems.keys() == {"line_items"}
    assert "sum to 0.01" in caught.value.problems["line_items"]
    with pytest.raises(InvalidBody) as empty:
        await harness.actions.create("journal_entries", harness.division, {"line_items": []})
    assert empty.value.problems.keys() == {"line_items"}
    assert sum(wire.calls.values()) == before, "no call was made, not even for the journal"


async def test_the_imbalance_is_named_beside_the_map_s_own_problems(
    harness: Harness, wire: LossyTransport, accounts: tuple[str, str]
) -> None:
    before = sum(wire.calls.values())
    body = {"journal_code": "90", "line_items": _lines(accounts, "5", "-4"), "colour": "red"}
    with pytest.raises(InvalidBody) as caught:
        await harness.actions.create("journal_entries", harness.division, body)
    assert caught.value.problems.keys() == {"colour", "line_items"}
    assert "sum to 1" in caught.value.problems["line_items"]
    assert sum(wire.calls.values()) == before


async def test_the_general_journal_is_the_division_s_own(
    harness: Harness, accounts: tuple[str, str]
) -> None:
    journals = await harness.all("journals")
    general = sorted(
        (j.code for j in journals if j.type is JournalType.GENERAL),
        key=lambda code: (not code.isdigit(), int(code) if code.isdigit() else 0, code),
    )
    assert general, "the seed has a general journal"
    assert min(j.code for j in journals if j.code.isdigit()) not in general, (
        "a journal of another type has a lower code, so the type is what decides"
    )
    created = await harness.actions.create(
        "journal_entries", harness.division, {"line_items": _lines(accounts, "12.50", "-12.50")}
    )
    assert created.journal_code == general[0]
    assert created.journal_name == next(j.name for j in journals if j.code == general[0])


async def test_a_given_journal_is_kept_and_exact_refuses_one_of_another_type(
    harness: Harness, accounts: tuple[str, str]
) -> None:
    journals = await harness.all("journals")
    general = next(j.code for j in journals if j.type is JournalType.GENERAL)
    sales = next(j.code for j in journals if j.type is JournalType.SALES)
    lines = _lines(accounts, "3", "-3")
    kept = await harness.actions.create(
        "journal_entries", harness.division, {"journal_code": general, "line_items": lines}
    )
    assert kept.journal_code == general
    with pytest.raises(InvalidReference) as caught:
        await harness.actions.create(
            "journal_entries", harness.division, {"journal_code": sales, "line_items": lines}
        )
    assert caught.value.exact_message.startswith("Invalid reference")


async def test_an_unknown_ledger_account_is_a_typed_refusal_with_exact_s_text(
    harness: Harness, accounts: tuple[str, str]
) -> None:
    lines = _lines((_NOWHERE, accounts[1]), "7", "-7")
    with pytest.raises(InvalidReference) as caught:
        await harness.actions.create("journal_entries", harness.division, {"line_items": lines})
    assert caught.value.exact_message.startswith("Invalid reference")
    assert caught.value.labels
    entries = [e async for e in harness.actions.list("journal_entries", harness.division)]
    assert not any(
        line.ledger_account_id == _NOWHERE for e in entries for line in e.line_items or ()
    ), "nothing was booked"


async def test_a_lost_answer_is_found_by_journal_and_entry_number(
    harness: Harness, wire: LossyTransport, accounts: tuple[str, str]
) -> None:
    body = {"entry_number": 26909001, "line_items": _lines(accounts, "40", "-40")}
    wire.fates = ["lose_response"]
    created = await harness.actions.create(
        "journal_entries", harness.division, body, idempotency_key="je-1"
    )
    assert wire.delivered["POST"] == 1
    assert created.entry_number == 26909001
    same = [
        e
        async for e in harness.actions.list("journal_entries", harness.division)
        if e.entry_number == 26909001 and e.journal_code == created.journal_code
    ]
    assert [e.id for e in same] == [created.id]


async def test_an_entry_without_a_number_is_never_sent_twice(
    harness: Harness, wire: LossyTransport, accounts: tuple[str, str]
) -> None:
    wire.fates = ["lose_request"]
    with pytest.raises(OutcomeUnknown):
        await harness.actions.create(
            "journal_entries", harness.division, {"line_items": _lines(accounts, "8", "-8")}
        )
    assert wire.calls["POST"] == 1, "a journal code alone cannot find the entry again"
