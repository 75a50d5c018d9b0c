"""`DatabaseIdempotencyStore`: idempotency keys shared by every process, on both databases;
and `Actions` resolving a lost create through it from a second instance (another process
would see the same table)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx

from exactbridge.actions import Actions
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import OutcomeUnknown
from exactbridge.store import Database, DatabaseIdempotencyStore
from tests.support.clients import emulator_client
from tests.support.lossy import LossyTransport

NOW = datetime(2026, 6, 25, 14, 0, tzinfo=UTC)


async def test_exactly_one_concurrent_claim_is_fresh(db: Database) -> None:
    store = DatabaseIdempotencyStore(db)
    calls = await asyncio.gather(*(store.claim("c/1/customers", "k", "f", NOW) for _ in range(8)))
    assert sum(call.fresh for call in calls) == 1
    assert {(c.fingerprint, c.started_at, c.record_id) for c in calls} == {("f", NOW, None)}


async def test_keys_remember_their_record_and_fingerprint(db: Database) -> None:
    store = DatabaseIdempotencyStore(db)
    await store.claim("c/1/customers", "k", "f1", NOW)
    await store.complete("c/1/customers", "k", "rec-1")
    again = await DatabaseIdempotencyStore(db).claim("c/1/customers", "k", "f2", NOW)
    assert (again.fresh, again.fingerprint, again.record_id) == (False, "f1", "rec-1")
    assert await store.owned("c/1/customers", ["rec-1", "rec-2"]) == {"rec-1"}
    assert await store.owned("c/2/customers", ["rec-1"]) == set()
    assert await store.owned("c/1/customers", []) == set()


async def test_a_create_lost_in_one_instance_is_resolved_by_another(
    db: Database, state: EmulatorState, clock: ManualClock
) -> None:
    division = next(iter(state.store.divisions))
    wire = LossyTransport(httpx.ASGITransport(app=create_app(state=state)), ["lose_request"] * 3)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    async with await emulator_client(state, clock, transport=wire) as client:
        first = Actions(client, idempotency=DatabaseIdempotencyStore(db), clock=clock.now,
                        sleep=sleep)  # fmt: skip
        try:
            await first.create(
                "customers", division, {"name": "Shared Key B.V."}, idempotency_key="s"
            )
        except OutcomeUnknown:
            pass
        else:
            raise AssertionError("every attempt was lost")
        second = Actions(client, idempotency=DatabaseIdempotencyStore(db), clock=clock.now,
                         sleep=sleep)  # fmt: skip
        created = await second.create(
            "customers", division, {"name": "Shared Key B.V."}, idempotency_key="s"
        )
        again = await first.create(
            "customers", division, {"name": "Shared Key B.V."}, idempotency_key="s"
        )
        named = [c.id async for c in second.list("customers", division) if c.name == created.name]
    assert again.id == created.id
    assert named == [created.id]
    assert wire.delivered["POST"] == 1
