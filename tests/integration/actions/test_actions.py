"""`Actions` behaviour shared by every resource: idempotent creates under lost requests and
lost answers, validation before any call, refused operations, typed refusals, custom fields.
"""

from __future__ import annotations

import uuid

import pytest

from exactbridge.actions import Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import (
    IdempotencyConflict,
    InvalidBody,
    InvalidReference,
    OutcomeUnknown,
    RecordInUse,
    UnknownResource,
    UnsupportedOperation,
)
from exactbridge.mappers import TEXT, FieldMap
from tests.integration.actions.scenarios import Language, SpeakingActions
from tests.support.clients import emulator_client
from tests.support.lossy import Fate, LossyTransport


async def _named(actions: Actions, division: int, name: str) -> list[str]:
    return [c.id async for c in actions.list("customers", division) if c.name == name]


# --- idempotent creates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fates", "posts"),
    [
        pytest.param(["lose_response"], 1, id="lost-answer-found-not-sent-again"),
        pytest.param(["lose_response"] * 3, 1, id="answer-lost-every-time-still-one-record"),
        pytest.param(["lose_request"], 2, id="lost-request-sent-again-once-nothing-is-found"),
    ],
)
async def test_a_lost_create_makes_one_record(
    actions: Actions, wire: LossyTransport, division: int, fates: list[Fate], posts: int
) -> None:
    wire.fates = list(fates)
    created = await actions.create(
        "customers", division, {"name": "Lost B.V."}, idempotency_key="k1"
    )
    assert (wire.calls["POST"], wire.delivered["POST"]) == (posts, 1)
    assert await _named(actions, division, "Lost B.V.") == [created.id]


async def test_every_attempt_lost_then_asked_again_with_the_same_key(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    wire.fates = ["lose_request"] * 3
    with pytest.raises(OutcomeUnknown):
        await actions.create("customers", division, {"name": "Patient B.V."}, idempotency_key="k3")
    assert wire.delivered["POST"] == 0
    again = await actions.create(
        "customers", division, {"name": "Patient B.V."}, idempotency_key="k3"
    )
    assert wire.delivered["POST"] == 1
    assert await _named(actions, division, "Patient B.V.") == [again.id]


async def test_same_key_returns_the_same_record_without_a_call(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    first = await actions.create("customers", division, {"name": "Once B.V."}, idempotency_key="k5")
    again = await actions.create("customers", division, {"name": "Once B.V."}, idempotency_key="k5")
    assert again == first
    assert wire.calls["POST"] == 1


async def test_same_key_with_another_body_is_refused(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    await actions.create("customers", division, {"name": "Key Owner"}, idempotency_key="k6")
    with pytest.raises(IdempotencyConflict) as caught:
        await actions.create("customers", division, {"name": "Someone Else"}, idempotency_key="k6")
    assert caught.value.key == "k6"
    assert wire.calls["POST"] == 1


async def test_a_record_owned_by_another_key_is_not_taken(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    mine = await actions.create("customers", division, {"name": "Twin B.V."}, idempotency_key="a")
    wire.fates = ["lose_response"]
    theirs = await actions.create("customers", division, {"name": "Twin B.V."}, idempotency_key="b")
    assert theirs.id != mine.id
    assert sorted(await _named(actions, division, "Twin B.V.")) == sorted([mine.id, theirs.id])


async def test_nothing_to_look_up_by_is_never_sent_twice(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    account = await anext(aiter(actions.list("customers", division)))
    wire.fates = ["lose_request"]
    with pytest.raises(OutcomeUnknown):  # an address without a first line has no identity
        await actions.create("addresses", division, {"account_id": account.id, "type": "postal"})
    assert wire.calls["POST"] == 1


# --- validation before any call ---------------------------------------------------------


async def test_every_wrong_field_is_named_before_any_call(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    before = sum(wire.calls.values())
    with pytest.raises(InvalidBody) as caught:
        await actions.create(
            "contacts",
            division,
            {"first_name": "Jan", "birth_date": "not a date", "shoe_size": 44, "id": "x"},
        )
    assert caught.value.problems.keys() == {"birth_date", "shoe_size", "id", "account_id"}
    assert caught.value.problems["shoe_size"] == "unknown field"
    assert sum(wire.calls.values()) == before


async def test_operations_exact_does_not_allow_are_refused(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    with pytest.raises(UnsupportedOperation) as caught:
        await actions.delete("tax_rates", division, "21")
    assert (caught.value.resource, caught.value.operation) == ("tax_rates", "delete")
    with pytest.raises(UnsupportedOperation):
        await actions.update("payment_terms", division, "x", {"name": "y"})
    with pytest.raises(UnknownResource, match="customers"):
        await actions.get("clients", division, "x")
    with pytest.raises(UnknownResource, match="operations: none"):
        await actions.perform("customers", "merge", division)
    assert sum(wire.calls.values()) == 0


# --- Exact's refusals, typed ------------------------------------------------------------


async def test_refusals_are_typed_and_keep_exacts_words(actions: Actions, division: int) -> None:
    with pytest.raises(InvalidReference) as caught:
        await actions.create(
            "contacts",
            division,
            {"account_id": "00000000-0000-0000-0000-00000000beef", "last_name": "Nobody"},
        )
    assert caught.value.exact_message.startswith("Invalid reference")
    assert caught.value.labels
    contact = await anext(aiter(actions.list("contacts", division)))  # its account is in use
    with pytest.raises(RecordInUse) as in_use:
        await actions.delete("customers", division, contact.account_id)
    assert "Used in" in in_use.value.exact_message


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Invalid reference"), ("nl", "Ongeldige referentie")]
)
async def test_refusals_are_recognised_in_either_language(
    actions_in: SpeakingActions, division: int, language: Language, words: str
) -> None:
    async with actions_in(language) as actions:
        with pytest.raises(InvalidReference) as caught:
            await actions.create(
                "contacts", division, {"account_id": str(uuid.uuid4()), "last_name": "X"}
            )
    assert caught.value.exact_message.startswith(words)


# --- custom fields ----------------------------------------------------------------------


async def test_custom_fields_map_exact_properties_both_ways(
    state: EmulatorState, clock: ManualClock, division: int
) -> None:
    custom = {"customers": (FieldMap("search_code", "SearchCode", TEXT),)}
    async with await emulator_client(state, clock) as client:
        actions = Actions(client, custom=custom)
        created = await actions.create(
            "customers", division, {"name": "Custom B.V.", "custom_fields": {"search_code": "CB"}}
        )
        assert created.custom_fields == {"search_code": "CB"}
        updated = await actions.update(
            "customers", division, created.id, {"custom_fields": {"search_code": "CB2"}}
        )
        assert updated.custom_fields == {"search_code": "CB2"}
        with pytest.raises(InvalidBody) as caught:
            await actions.create("customers", division, {"name": "X", "custom_fields": {"y": 1}})
        assert caught.value.problems == {"custom_fields.y": "no field mapping"}
    with pytest.raises(UnknownResource):
        Actions(client, custom={"clients": ()})
