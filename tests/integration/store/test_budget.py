"""`DatabaseBudgetStore`: the client's budgets, shared by every process on the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from exactbridge.client import Budget
from exactbridge.client._budget import BudgetState
from exactbridge.errors import RateLimited
from exactbridge.store import Database, DatabaseBudgetStore
from tests.integration.store.conftest import Target

NOW = datetime(2026, 6, 25, 14, 0, 30, tzinfo=UTC)
APP, DIVISION = "5c3d1c2e-0000-4000-8000-000000000001", 101


def _headers(minutely_remaining: int, daily_remaining: int) -> dict[str, str]:
    minute_end = int((NOW.replace(second=0) + timedelta(minutes=1)).timestamp() * 1000)
    day_end = int((NOW.replace(hour=0, minute=0, second=0) + timedelta(days=1)).timestamp() * 1000)
    return {
        "X-RateLimit-Minutely-Limit": "60",
        "X-RateLimit-Minutely-Remaining": str(minutely_remaining),
        "X-RateLimit-Minutely-Reset": str(minute_end),
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Remaining": str(daily_remaining),
        "X-RateLimit-Reset": str(day_end),
    }


async def test_a_fresh_key_is_all_unknown_and_states_round_trip(db: Database) -> None:
    store = DatabaseBudgetStore(db)
    assert await store.get(APP, DIVISION) == BudgetState()
    state = BudgetState(
        minutely_limit=60,
        minutely_remaining=12,
        minutely_reset=NOW + timedelta(seconds=30),
        daily_limit=5000,
        daily_remaining=4100,
        daily_reset=NOW + timedelta(hours=10),
        calls_since_update=3,
        blocked_until=NOW + timedelta(seconds=30),
        updated_at=NOW,
    )
    async with store.lock(APP, DIVISION):
        await store.put(APP, DIVISION, state)
    assert await store.get(APP, DIVISION) == state
    assert await store.get(APP, DIVISION + 1) == BudgetState()


async def test_two_processes_share_one_budget(target: Target) -> None:
    """Two engines stand for two processes: headers one learns limit what the other sends."""

    async def sleep(_: float) -> None:
        raise AssertionError("no wait was expected")

    async with (
        Database(target.url, schema=target.schema) as first_db,
        Database(target.url, schema=target.schema) as second_db,
    ):
        first = Budget(DatabaseBudgetStore(first_db), clock=lambda: NOW, sleep=sleep, max_wait=0)
        second = Budget(DatabaseBudgetStore(second_db), clock=lambda: NOW, sleep=sleep, max_wait=0)
        await first.acquire(APP, DIVISION)
        await first.record(APP, DIVISION, _headers(minutely_remaining=2, daily_remaining=900), 200)
        await first.acquire(APP, DIVISION)  # one of the two left, reserved by the first
        await second.acquire(APP, DIVISION)  # the other one, seen by the second
        with pytest.raises(RateLimited) as spent:
            await second.acquire(APP, DIVISION)
        assert spent.value.retry_at is not None and spent.value.retry_at > NOW
        forecast = await second.forecast(APP, DIVISION)
        assert (forecast.limit, forecast.remaining) == (5000, 898)  # two calls in flight
