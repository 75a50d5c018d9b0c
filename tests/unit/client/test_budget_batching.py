"""The budget's batching: one store visit per `batch` calls while the windows are far from
spent, never fewer calls counted in the store than are in flight, and back to one visit per
call as soon as a window is within reach, a 429 arrives or an interactive caller waits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from exactbridge.client._budget import Budget, BudgetState, MemoryBudgetStore
from tests.unit.client.test_budget import CLIENT, DIVISION, FakeTime, headers, make, state_of

LIFTED = 1_000_000


class CountingStore(MemoryBudgetStore):
    """A memory store that counts how often the budget locks it (one visit each)."""

    def __init__(self) -> None:
        super().__init__()
        self.visits = 0

    @asynccontextmanager
    async def _counted(self, client_id: str, division: int) -> AsyncIterator[None]:
        self.visits += 1
        async with super().lock(client_id, division):
            yield

    def lock(self, client_id: str, division: int):  # type: ignore[no-untyped-def]
        return self._counted(client_id, division)


def lifted(remaining: int) -> dict[str, str]:
    return headers(remaining, remaining, minute_limit=LIFTED)


async def _primed(store: CountingStore, budget: Budget, remaining: int) -> None:
    """One call whose answer tells the budget how much the windows have left."""
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, lifted(remaining), 200)
    store.visits = 0


async def test_far_from_the_limits_a_visit_serves_a_batch_of_calls() -> None:
    store = CountingStore()
    budget = make(FakeTime(), store, batch=20, batch_headroom=500)
    await _primed(store, budget, LIFTED - 1)
    in_flight = 0
    for n in range(200):
        await budget.acquire(CLIENT, DIVISION)
        in_flight += 1
        stored: BudgetState = await state_of(store)
        assert stored.calls_since_update >= in_flight  # never fewer counted than in flight
        await budget.record(CLIENT, DIVISION, lifted(LIFTED - 2 - n), 200)
        in_flight -= 1
    # 200 calls: a reservation and a write-back per 20 calls, not two visits per call
    assert store.visits <= 2 * 200 // 20 + 2
    stored = await state_of(store)
    assert stored.minutely_remaining is not None and stored.minutely_remaining <= LIFTED - 180


async def test_within_reach_of_a_limit_every_call_visits_the_store() -> None:
    store = CountingStore()
    budget = make(FakeTime(), store, batch=20, batch_headroom=500)
    await _primed(store, budget, 400)  # fewer to spare than the headroom asks
    for n in range(10):
        await budget.acquire(CLIENT, DIVISION)
        await budget.record(CLIENT, DIVISION, lifted(399 - n), 200)
    assert store.visits == 20
    assert (await state_of(store)).calls_since_update == 0


async def test_a_429_ends_the_batch_and_frees_what_was_held() -> None:
    store = CountingStore()
    budget = make(FakeTime(), store, batch=20, batch_headroom=500)
    await _primed(store, budget, LIFTED - 1)
    await budget.acquire(CLIENT, DIVISION)  # reserves a batch
    assert (await state_of(store)).calls_since_update == 20
    await budget.record(CLIENT, DIVISION, headers(0, None, minute_limit=LIFTED), 429)
    stored = await state_of(store)
    assert stored.calls_since_update == 0  # the unused 19 and the answered call given back
    assert stored.blocked_until is not None
