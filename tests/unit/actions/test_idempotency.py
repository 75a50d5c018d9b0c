"""Idempotency keys in memory: fingerprints, atomic claims, ownership."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from exactbridge.actions import MemoryIdempotencyStore, fingerprint

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_fingerprint_ignores_key_order_but_not_values() -> None:
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert fingerprint({"a": [1, 2]}) != fingerprint({"a": [2, 1]})


async def test_exactly_one_concurrent_claim_is_fresh() -> None:
    store = MemoryIdempotencyStore()
    calls = await asyncio.gather(*(store.claim("s", "k", "f", NOW) for _ in range(20)))
    assert sum(call.fresh for call in calls) == 1
    assert {call.started_at for call in calls} == {NOW}


async def test_completed_keys_remember_their_record_and_own_it() -> None:
    store = MemoryIdempotencyStore()
    await store.claim("s", "k", "f", NOW)
    await store.complete("s", "k", "rec-1")
    again = await store.claim("s", "k", "other", NOW)
    assert (again.record_id, again.fingerprint, again.fresh) == ("rec-1", "f", False)
    assert await store.owned("s", ["rec-1", "rec-2"]) == {"rec-1"}
    assert await store.owned("another scope", ["rec-1"]) == set()
