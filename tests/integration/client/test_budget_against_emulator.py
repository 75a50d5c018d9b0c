"""The budget against the emulator's real limits: no 429, and no time wasted either.

Issue 4's must-show at small scale: 600 calls against 60 per 3-second window take ten
windows (27-33 s of the shared fake clock) and earn no 429. The Budget's sleep moves the
emulator's ManualClock, so nothing really sleeps.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from exactbridge.client._budget import Budget, MemoryBudgetStore
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.faults import parse_faults
from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import EmulatorClient

CALLS = 600
WINDOW = 3.0


@pytest.fixture
def config() -> EmulatorConfig:
    """One small division, 60 calls per 3-second "minute"."""
    return EmulatorConfig(
        divisions=1, size="small", seed=7, limits=RateLimits(minutely=60, minute_seconds=WINDOW)
    )


class SharedTime:
    """The Budget's clock and sleep over the emulator's ManualClock.

    A sleep moves the clock to its end unless another sleeper already did, so callers
    waiting for the same reset move time once, as real sleepers would.
    """

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        target = self.clock.now() + timedelta(seconds=seconds)
        await asyncio.sleep(0)
        if self.clock.now() < target:
            self.clock.set(target)


def budget_on(time: SharedTime) -> Budget:
    return Budget(MemoryBudgetStore(), clock=time.clock.now, sleep=time.sleep, margin=0.05)


async def test_600_calls_take_ten_windows_and_earn_no_429(
    exact: EmulatorClient, clock: ManualClock, state: EmulatorState
) -> None:
    time = SharedTime(clock)
    budget = budget_on(time)
    client_id, division = exact.app.client_id, exact.division
    statuses: Counter[int] = Counter()
    start = clock.now()
    for _ in range(CALLS):
        await budget.acquire(client_id, division)
        response = await exact.get(f"/api/v1/{division}/crm/Accounts?$top=1")
        statuses[response.status_code] += 1
        await budget.record(client_id, division, response.headers, response.status_code)
    elapsed = (clock.now() - start).total_seconds()
    assert statuses == {200: CALLS}
    assert state.limiter.counters.rejected_429 == 0
    assert 27.0 <= elapsed <= 33.0, elapsed
    assert len(time.sleeps) == CALLS // 60 - 1


async def test_twenty_concurrent_callers_share_the_windows_without_a_429(
    exact: EmulatorClient, clock: ManualClock, state: EmulatorState
) -> None:
    time = SharedTime(clock)
    budget = budget_on(time)
    client_id, division = exact.app.client_id, exact.division
    statuses: Counter[int] = Counter()

    async def worker(calls: int) -> None:
        for _ in range(calls):
            await budget.acquire(client_id, division)
            await asyncio.sleep(0)  # in flight: the other workers acquire meanwhile
            response = await exact.get(f"/api/v1/{division}/crm/Accounts?$top=1")
            statuses[response.status_code] += 1
            await budget.record(client_id, division, response.headers, response.status_code)

    start = clock.now()
    await asyncio.gather(*(worker(CALLS // 20) for _ in range(20)))
    elapsed = (clock.now() - start).total_seconds()
    assert statuses == {200: CALLS}
    assert state.limiter.counters.rejected_429 == 0
    assert 27.0 <= elapsed <= 33.0, elapsed


async def test_a_429_storm_is_honoured_until_the_reset_it_names(
    exact: EmulatorClient, clock: ManualClock, state: EmulatorState
) -> None:
    """Another client spends the window unseen: the 429's reset sets the next attempt."""
    time = SharedTime(clock)
    budget = budget_on(time)
    client_id, division = exact.app.client_id, exact.division
    url = f"/api/v1/{division}/crm/Accounts?$top=1"
    for _ in range(60):  # spent behind the budget's back
        assert (await exact.get(url)).status_code == 200
    await budget.acquire(client_id, division)  # nothing known: the budget lets it go
    refused = await exact.get(url)
    assert refused.status_code == 429
    assert "X-RateLimit-Remaining" not in refused.headers  # only the minutely window
    await budget.record(client_id, division, refused.headers, refused.status_code)
    reset_ms = int(refused.headers["X-RateLimit-Minutely-Reset"])
    await budget.acquire(client_id, division)
    assert clock.now().timestamp() * 1000 >= reset_ms
    retried = await exact.get(url)
    assert retried.status_code == 200
    await budget.record(client_id, division, retried.headers, retried.status_code)
    assert state.limiter.counters.rejected_429 == 1
    forecast = await budget.forecast(client_id, division)
    assert (forecast.limit, forecast.used) == (5000, 61)


async def test_injected_storms_cost_waiting_not_failures(
    exact: EmulatorClient, clock: ManualClock, state: EmulatorState
) -> None:
    """A storm's 429 names a reset 2 s ahead; the budget waits it out before the next call."""
    state.set_faults(parse_faults("seed=3,storm=0.05:1:2s"))
    time = SharedTime(clock)
    budget = budget_on(time)
    client_id, division = exact.app.client_id, exact.division
    ok = 0
    storm_resets: list[float] = []
    while ok < 200:
        await budget.acquire(client_id, division)
        if storm_resets:
            assert clock.now().timestamp() >= storm_resets[-1]
        response = await exact.get(f"/api/v1/{division}/crm/Accounts?$top=1")
        await budget.record(client_id, division, response.headers, response.status_code)
        if response.status_code == 429:
            storm_resets.append(int(response.headers["X-RateLimit-Minutely-Reset"]) / 1000)
        else:
            assert response.status_code == 200
            ok += 1
    assert len(storm_resets) == state.limiter.counters.faults["storm"] > 0
    assert state.limiter.counters.rejected_429 == 0
