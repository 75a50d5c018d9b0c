"""The rate-limit budget: headers in, waits out, on a fake clock that never really sleeps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from exactbridge.client._budget import (
    Budget,
    BudgetState,
    MemoryBudgetStore,
    Priority,
    parse_rate_headers,
)
from exactbridge.errors import RateLimited

T0 = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)
MINUTE_RESET = T0 + timedelta(seconds=60)
DAY_RESET = datetime(2026, 6, 26, tzinfo=UTC)
CLIENT = "app"
DIVISION = 100


def ms(instant: datetime) -> str:
    return str(int(instant.timestamp() * 1000))


def headers(
    minute_remaining: int | None = 59,
    day_remaining: int | None = 4999,
    *,
    minute_limit: int = 60,
    minute_reset: datetime = MINUTE_RESET,
    day_reset: datetime = DAY_RESET,
) -> dict[str, str]:
    out: dict[str, str] = {}
    if minute_remaining is not None:
        out |= {
            "X-RateLimit-Minutely-Limit": str(minute_limit),
            "X-RateLimit-Minutely-Remaining": str(minute_remaining),
            "X-RateLimit-Minutely-Reset": ms(minute_reset),
        }
    if day_remaining is not None:
        out |= {
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": str(day_remaining),
            "X-RateLimit-Reset": ms(day_reset),
        }
    return out


class FakeTime:
    """A clock that moves only on `advance`; `sleep` returns once the clock reached its end."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._moved = asyncio.Event()

    def clock(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        target = self.now + timedelta(seconds=seconds)
        while self.now < target:
            moved = self._moved
            await moved.wait()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        moved, self._moved = self._moved, asyncio.Event()
        moved.set()


class JumpingTime(FakeTime):
    """A sleep that moves the clock itself, for callers that wait one at a time."""

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)


async def settle() -> None:
    """Let every runnable task run until all of them wait."""
    for _ in range(50):
        await asyncio.sleep(0)


def make(time: FakeTime, store: MemoryBudgetStore | None = None, **options: object) -> Budget:
    return Budget(
        store or MemoryBudgetStore(),
        clock=time.clock,
        sleep=time.sleep,
        margin=1.0,
        **options,  # type: ignore[arg-type]
    )


async def state_of(store: MemoryBudgetStore) -> BudgetState:
    return await store.get(CLIENT, DIVISION)


# -- headers --------------------------------------------------------------------------------


def test_headers_are_read_case_insensitively_with_resets_in_epoch_ms() -> None:
    minutely, daily = parse_rate_headers(
        {k.lower(): v for k, v in headers(58, 4766, day_reset=DAY_RESET).items()}
    )
    assert (minutely.limit, minutely.remaining, minutely.reset) == (60, 58, MINUTE_RESET)
    assert (daily.limit, daily.remaining, daily.reset) == (5000, 4766, DAY_RESET)
    assert daily.reset is not None
    assert daily.reset.tzinfo is UTC


def test_absent_or_unreadable_headers_are_unknown_not_zero() -> None:
    minutely, daily = parse_rate_headers(headers(0, None) | {"X-RateLimit-Limit": "lots"})
    assert minutely.remaining == 0
    assert (daily.limit, daily.remaining, daily.reset) == (None, None, None)
    assert not daily.present
    assert minutely.present


# -- waiting instead of a 429 ------------------------------------------------------------------


async def test_a_fresh_budget_admits_a_call_without_waiting() -> None:
    time = JumpingTime()
    budget = make(time)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, {}, 200)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == []


async def test_waits_until_the_minute_reset_plus_margin_when_nothing_remains() -> None:
    time = JumpingTime()
    store = MemoryBudgetStore()
    budget = make(time, store)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(1), 200)
    await budget.acquire(CLIENT, DIVISION)  # the last call of the minute
    await budget.record(CLIENT, DIVISION, headers(0), 200)
    assert time.sleeps == []
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [61.0]
    assert time.now == MINUTE_RESET + timedelta(seconds=1)
    rolled = await state_of(store)
    assert rolled.minutely_remaining == 60
    assert rolled.minutely_reset is None
    assert rolled.daily_remaining == 4999


async def test_thirty_concurrent_callers_with_five_remaining_only_five_pass_before_reset() -> None:
    time = FakeTime()
    budget = make(time)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(5), 200)
    passed: list[datetime] = []

    async def call() -> None:
        await budget.acquire(CLIENT, DIVISION)
        passed.append(time.now)
        await asyncio.sleep(0)  # in flight: every other caller runs meanwhile
        left = 5 - len(passed)
        await budget.record(CLIENT, DIVISION, headers(max(0, left)), 200)

    tasks = [asyncio.create_task(call()) for _ in range(30)]
    await settle()
    assert len(passed) == 5
    time.advance(59)
    await settle()
    assert len(passed) == 5  # reset reached, but not the margin
    time.advance(2)
    await asyncio.gather(*tasks)
    assert len(passed) == 30
    assert all(at == T0 for at in passed[:5])
    assert all(at > MINUTE_RESET for at in passed[5:])


async def test_reservations_count_although_no_header_reflects_them_yet() -> None:
    time = FakeTime()
    store = MemoryBudgetStore()
    budget = make(time, store)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(3), 200)
    for _ in range(3):
        await budget.acquire(CLIENT, DIVISION)
    assert (await state_of(store)).calls_since_update == 3
    # an answer arrives saying 2 remain: it reflects one call, two are still in flight
    await budget.record(CLIENT, DIVISION, headers(2), 200)
    waiter = asyncio.create_task(budget.acquire(CLIENT, DIVISION))
    await settle()
    assert not waiter.done()
    time.advance(61)
    await waiter


async def test_while_the_limit_is_unknown_only_one_probe_goes_until_headers_arrive() -> None:
    time = FakeTime()
    budget = make(time)
    passed: list[int] = []

    async def call(n: int) -> None:
        await budget.acquire(CLIENT, DIVISION)
        passed.append(n)

    tasks = [asyncio.create_task(call(n)) for n in range(3)]
    await settle()
    assert len(passed) == 1
    await budget.record(CLIENT, DIVISION, headers(59), 200)
    await asyncio.gather(*tasks)
    assert len(passed) == 3
    assert time.now == T0  # woken by the record, not by a timer


async def test_a_response_without_headers_frees_the_probe_slot() -> None:
    time = FakeTime()
    budget = make(time)
    await budget.acquire(CLIENT, DIVISION)
    second = asyncio.create_task(budget.acquire(CLIENT, DIVISION))
    await settle()
    assert not second.done()
    await budget.record(CLIENT, DIVISION, {}, 0)  # network error: no response
    await second


async def test_a_slot_never_given_back_is_freed_after_the_lease() -> None:
    time = FakeTime()
    budget = make(time, lease=30.0, probe_wait=10.0)
    await budget.acquire(CLIENT, DIVISION)  # its caller never records
    second = asyncio.create_task(budget.acquire(CLIENT, DIVISION))
    await settle()
    for _ in range(3):
        time.advance(10)
        await settle()
    assert second.done()


async def test_budgets_are_per_client_and_division() -> None:
    time = JumpingTime()
    budget = make(time)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(0), 200)
    await budget.acquire(CLIENT, DIVISION + 1)
    await budget.acquire("other-app", DIVISION)
    assert time.sleeps == []


async def test_two_budgets_on_one_store_share_the_window() -> None:
    """Two processes of a deployment, each with its own Budget, over one shared store."""
    time = FakeTime()
    store = MemoryBudgetStore()
    first, second = make(time, store), make(time, store)
    await first.acquire(CLIENT, DIVISION)
    await first.record(CLIENT, DIVISION, headers(2), 200)
    await first.acquire(CLIENT, DIVISION)
    await second.acquire(CLIENT, DIVISION)
    third = asyncio.create_task(second.acquire(CLIENT, DIVISION))
    await settle()
    assert not third.done()
    time.advance(61)
    await third


async def test_safety_keeps_calls_of_each_window_unused() -> None:
    time = FakeTime()
    budget = make(time, safety=2)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(3), 200)
    await budget.acquire(CLIENT, DIVISION)
    waiter = asyncio.create_task(budget.acquire(CLIENT, DIVISION))
    await settle()
    assert not waiter.done()
    time.advance(61)
    await waiter


async def test_the_day_window_waits_until_midnight_utc_or_refuses_beyond_max_wait() -> None:
    time = FakeTime()
    budget = make(time, max_wait=120.0)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(30, 0), 200)
    with pytest.raises(RateLimited) as caught:
        await budget.acquire(CLIENT, DIVISION)
    assert caught.value.retry_at == DAY_RESET + timedelta(seconds=1)
    assert caught.value.division == DIVISION


# -- 429 -----------------------------------------------------------------------------------


async def test_a_429_blocks_until_its_reset_and_keeps_the_daily_count_it_did_not_send() -> None:
    time = JumpingTime()
    store = MemoryBudgetStore()
    budget = make(time, store)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(40, 4000), 200)
    storm_reset = T0 + timedelta(seconds=20)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(0, None, minute_reset=storm_reset), 429)
    blocked = await state_of(store)
    assert blocked.blocked_until == storm_reset
    assert blocked.daily_remaining == 4000  # absent daily headers are not zero
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [21.0]


async def test_a_429_without_headers_blocks_for_a_minute() -> None:
    time = JumpingTime()
    budget = make(time)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, {}, 429)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [61.0]


async def test_a_daily_429_blocks_until_the_day_reset() -> None:
    time = FakeTime()
    budget = make(time, max_wait=3600.0)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(None, 0), 429)
    with pytest.raises(RateLimited) as caught:
        await budget.acquire(CLIENT, DIVISION)
    assert caught.value.retry_at == DAY_RESET + timedelta(seconds=1)


# -- windows and stragglers ----------------------------------------------------------------


async def test_windows_roll_when_the_clock_passes_their_resets() -> None:
    time = FakeTime()
    store = MemoryBudgetStore()
    budget = make(time, store)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(0, 0), 200)
    time.now = DAY_RESET + timedelta(hours=30)
    forecast = await budget.forecast(CLIENT, DIVISION)
    assert forecast.remaining == 5000
    assert forecast.reset_at == DAY_RESET + timedelta(days=2)
    await budget.acquire(CLIENT, DIVISION)
    state = await state_of(store)
    assert state.minutely_remaining == 60
    assert state.daily_remaining == 5000


async def test_answers_arriving_out_of_order_never_raise_the_remaining_count() -> None:
    time = FakeTime()
    store = MemoryBudgetStore()
    budget = make(time, store)
    for remaining in (10, 12, 11):  # same window: the lowest count is the freshest
        await budget.record(CLIENT, DIVISION, headers(remaining), 200)
    assert (await state_of(store)).minutely_remaining == 10
    earlier = MINUTE_RESET - timedelta(seconds=60)
    await budget.record(CLIENT, DIVISION, headers(50, minute_reset=earlier), 200)
    assert (await state_of(store)).minutely_remaining == 10  # a straggler of a past window
    later = MINUTE_RESET + timedelta(seconds=60)
    await budget.record(CLIENT, DIVISION, headers(58, minute_reset=later), 200)
    state = await state_of(store)
    assert (state.minutely_remaining, state.minutely_reset) == (58, later)


# -- priorities ----------------------------------------------------------------------------


async def test_background_callers_leave_the_reserve_to_interactive_ones() -> None:
    time = FakeTime()
    budget = make(time, background_reserve=10)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(12), 200)
    await budget.acquire(CLIENT, DIVISION, "background")
    await budget.acquire(CLIENT, DIVISION, "background")
    background = asyncio.create_task(budget.acquire(CLIENT, DIVISION, "background"))
    await settle()
    assert not background.done()
    for _ in range(10):
        await budget.acquire(CLIENT, DIVISION, "interactive")
    interactive = asyncio.create_task(budget.acquire(CLIENT, DIVISION))
    await settle()
    assert not interactive.done()
    time.advance(61)
    await asyncio.gather(background, interactive)


async def test_background_callers_wait_behind_waiting_interactive_ones() -> None:
    time = FakeTime()
    budget = make(time, background_reserve=10)
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(0, minute_limit=11), 200)
    order: list[Priority] = []

    async def call(priority: Priority) -> None:
        await budget.acquire(CLIENT, DIVISION, priority)
        order.append(priority)

    background = asyncio.create_task(call("background"))  # queued first
    await settle()
    interactive = asyncio.create_task(call("interactive"))
    await settle()
    assert order == []
    time.advance(61)  # the window rolls to 11: one above the background reserve
    await interactive
    await settle()
    assert order == ["interactive"]
    assert not background.done()  # the one spare call went to the interactive caller
    time.advance(60)
    await background
    assert order == ["interactive", "background"]


# -- forecast ------------------------------------------------------------------------------


async def test_forecast_projects_the_day_at_todays_rate() -> None:
    time = FakeTime(datetime(2026, 6, 25, 6, 0, tzinfo=UTC))
    budget = make(time)
    await budget.record(CLIENT, DIVISION, headers(59, 3000), 200)
    forecast = await budget.forecast(CLIENT, DIVISION)
    assert (forecast.limit, forecast.used, forecast.remaining) == (5000, 2000, 3000)
    assert forecast.reset_at == DAY_RESET
    assert forecast.projected == 8000  # 2,000 in 6 h, 18 h to go
    assert forecast.will_run_out
    assert forecast.runs_out_at == datetime(2026, 6, 25, 15, 0, tzinfo=UTC)
    time.now = datetime(2026, 6, 25, 18, 0, tzinfo=UTC)
    later = await budget.forecast(CLIENT, DIVISION)
    assert later.projected == 2667  # the same 2,000 over 18 h
    assert not later.will_run_out
    assert later.runs_out_at is None


async def test_forecast_counts_reserved_calls_and_knows_nothing_without_headers() -> None:
    time = FakeTime()
    budget = make(time)
    blank = await budget.forecast(CLIENT, DIVISION)
    assert (blank.limit, blank.used, blank.remaining, blank.projected) == (None, None, None, None)
    assert blank.reset_at == DAY_RESET
    assert not blank.will_run_out
    await budget.acquire(CLIENT, DIVISION)
    await budget.record(CLIENT, DIVISION, headers(59, 4990), 200)
    await budget.acquire(CLIENT, DIVISION)
    forecast = await budget.forecast(CLIENT, DIVISION)
    assert (forecast.used, forecast.remaining) == (11, 4989)
