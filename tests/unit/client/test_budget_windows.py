"""The budget's window timing: a learned window length, margins that scale with it, and a
background reserve released evenly over the window, on the fake clocks of `test_budget`."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from exactbridge.client._budget import Budget, MemoryBudgetStore, Priority
from exactbridge.client._window_timing import MarginRule, WindowTiming, reserve_due
from tests.unit.client.test_budget import (
    CLIENT,
    DIVISION,
    MINUTE_RESET,
    T0,
    FakeTime,
    JumpingTime,
    headers,
    make,
    settle,
    state_of,
)

RULE = MarginRule(most=timedelta(seconds=1), least=timedelta(seconds=0.05), share=1 / 60)


async def learn(budget: Budget, remaining: int, reset: datetime, length: float) -> None:
    """Answers from two neighbouring windows: the last ends at `reset` with `remaining` left."""
    before = reset - timedelta(seconds=length)
    await budget.record(CLIENT, DIVISION, headers(0, minute_reset=before), 200)
    await budget.record(CLIENT, DIVISION, headers(remaining, minute_reset=reset), 200)


def since_t0(instant: datetime) -> float:
    return round((instant - T0).total_seconds(), 3)


# -- the reserve ---------------------------------------------------------------------------


async def test_a_background_caller_alone_gets_the_reserve_evenly_before_the_reset() -> None:
    """10 of 60 reserved: the first at 3 s, then one every 6 s, the last 3 s before the reset."""
    time = JumpingTime()
    budget = make(time, background_reserve=10)
    await learn(budget, 12, MINUTE_RESET, 60)
    admitted: list[float] = []
    remaining = 12
    for _ in range(13):
        await budget.acquire(CLIENT, DIVISION, "background")
        admitted.append(since_t0(time.now))
        remaining -= 1
        await budget.record(CLIENT, DIVISION, headers(max(0, remaining)), 200)
    # two above the reserve at once, the ten reserved ones spread, then the next window
    assert admitted == [0, 0, 3, 9, 15, 21, 27, 33, 39, 45, 51, 57, 61]


async def test_what_interactive_callers_take_of_the_reserve_delays_the_background() -> None:
    time = FakeTime()
    budget = make(time, background_reserve=10)
    await learn(budget, 10, MINUTE_RESET, 60)
    background = asyncio.create_task(budget.acquire(CLIENT, DIVISION, "background"))
    await settle()
    assert not background.done()  # the first reserved call falls due at 3 s
    time.advance(1)
    for _ in range(5):
        await budget.acquire(CLIENT, DIVISION)  # interactive callers never wait for it
    time.advance(2)
    await settle()
    assert not background.done()  # five left: the next falls due at 60 - 4.5 * 6 = 33 s
    time.advance(29.9)
    await settle()
    assert not background.done()
    time.advance(0.1)
    await settle()
    assert background.done()
    assert since_t0(time.now) == 33


@given(
    reserve=st.integers(1, 30),
    data=st.data(),
    span_us=st.integers(1_000, 3_600_000_000),
)
def test_at_the_due_instant_interactive_callers_keep_the_reserves_worth_of_the_time_left(
    reserve: int, data: st.DataObject, span_us: int
) -> None:
    """Taking one leaves `spare - 1` calls: at least `reserve * left / span` rounded."""
    spare = data.draw(st.integers(1, reserve))
    span = timedelta(microseconds=span_us)
    due = reserve_due(spare, reserve, MINUTE_RESET, span)
    left = MINUTE_RESET - due
    assert timedelta(0) <= left < span
    # due: the share of the time left is at most spare - 1/2; a microsecond earlier, more
    assert 2 * reserve * left <= (2 * spare - 1) * span
    assert 2 * reserve * (left + timedelta(microseconds=1)) > (2 * spare - 1) * span


async def test_a_waiting_interactive_caller_goes_before_a_background_one_due_for_the_reserve() -> (
    None
):
    """Near the reset the reserve is due to background callers, yet one queued behind an
    interactive caller (both held by a 429) still lets it go first."""
    time = FakeTime(MINUTE_RESET - timedelta(seconds=5))
    budget = make(time, background_reserve=10)
    await learn(budget, 5, MINUTE_RESET, 60)  # 5 s left: the whole reserve is due
    storm = time.now + timedelta(seconds=1)
    await budget.record(CLIENT, DIVISION, headers(0, None, minute_reset=storm), 429)
    order: list[Priority] = []

    async def call(priority: Priority) -> None:
        await budget.acquire(CLIENT, DIVISION, priority)
        order.append(priority)

    tasks = [asyncio.create_task(call("background"))]  # queued first
    await settle()
    tasks.append(asyncio.create_task(call("interactive")))
    await settle()
    assert order == []
    time.advance(2)  # the storm's reset plus the margin
    await settle()
    assert all(task.done() for task in tasks)
    assert order == ["interactive", "background"]


async def test_the_reserve_stays_whole_where_the_window_timing_is_not_known() -> None:
    """A second process on the same store that has seen no reset keeps the whole reserve."""
    time = FakeTime(MINUTE_RESET - timedelta(seconds=1))
    store = MemoryBudgetStore()
    learned, blind = make(time, store), make(time, store)
    await learn(learned, 5, MINUTE_RESET, 60)  # 1 s left: the whole reserve is released
    waiting = asyncio.create_task(blind.acquire(CLIENT, DIVISION, "background"))
    await settle()
    assert not waiting.done()
    await learned.acquire(CLIENT, DIVISION, "background")
    time.advance(2)  # the reset (plus the 1 s margin) refills the window
    await settle()
    assert waiting.done()


# -- never beyond the window ---------------------------------------------------------------


async def test_near_the_reset_background_callers_take_what_remains_and_no_more() -> None:
    time = FakeTime(MINUTE_RESET - timedelta(seconds=1))
    store = MemoryBudgetStore()
    budget = make(time, store, background_reserve=10, safety=1)
    await learn(budget, 4, MINUTE_RESET, 60)
    passed: list[float] = []

    async def call() -> None:
        await budget.acquire(CLIENT, DIVISION, "background")
        passed.append(since_t0(time.now))

    tasks = [asyncio.create_task(call()) for _ in range(20)]
    await settle()
    assert passed == [59] * 3  # 4 remaining, 1 of them the safety line; the reserve all due
    assert (await state_of(store)).calls_since_update == 3
    time.advance(1.9)
    await settle()
    assert len(passed) == 3  # the reset passed, not yet its margin
    time.advance(0.2)
    await settle()
    assert passed[3:] == [61.1] * 17
    assert all(task.done() for task in tasks)


# -- margins -------------------------------------------------------------------------------


async def test_the_margin_is_a_share_of_the_learned_window() -> None:
    time = JumpingTime()
    budget = make(time)  # margin 1 s while the length is unknown
    reset = T0 + timedelta(seconds=6)
    await learn(budget, 0, reset, 6)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [6.1]  # 6 s / 60


async def test_the_margin_keeps_its_floor_in_a_very_short_window() -> None:
    time = JumpingTime()
    budget = make(time, margin_floor=0.05)
    reset = T0 + timedelta(seconds=1.2)
    await learn(budget, 0, reset, 1.2)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [1.25]  # 1.2 s / 60 = 0.02 s is below the floor


async def test_the_margin_never_exceeds_the_configured_one_in_a_long_window() -> None:
    time = JumpingTime()
    budget = make(time)
    reset = T0 + timedelta(seconds=600)
    await learn(budget, 0, reset, 600)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [601.0]


async def test_a_429_naming_a_reset_our_clock_passed_widens_the_margin() -> None:
    """Our clock 0.3 s ahead of the server's: the call sent after our margin was refused."""
    time = JumpingTime()
    budget = make(time)
    reset = T0 + timedelta(seconds=6)
    await learn(budget, 0, reset, 6)
    time.now = reset + timedelta(seconds=0.1)  # the 0.1 s margin passed: the window rolls
    await budget.acquire(CLIENT, DIVISION)
    time.now = reset + timedelta(seconds=0.3)
    await budget.record(CLIENT, DIVISION, headers(0, None, minute_reset=reset), 429)
    await budget.acquire(CLIENT, DIVISION)
    assert since_t0(time.now) == 6.6  # the margin is now twice the 0.3 s lag
    await budget.record(
        CLIENT, DIVISION, headers(0, minute_reset=reset + timedelta(seconds=6)), 200
    )
    await budget.acquire(CLIENT, DIVISION)
    assert since_t0(time.now) == 12.6  # and stays so in the windows that follow


# -- the learned window length -------------------------------------------------------------


def test_the_length_is_the_smallest_step_between_resets_seen() -> None:
    timing = WindowTiming()
    timing.observe(T0 + timedelta(seconds=4), now=T0)
    assert timing.length is None
    assert timing.span == timedelta(seconds=4)  # the window is at least that long
    timing.observe(T0 + timedelta(seconds=16), now=T0 + timedelta(seconds=10))  # idle between
    assert timing.length == timedelta(seconds=12)
    timing.observe(T0 + timedelta(seconds=22), now=T0 + timedelta(seconds=16))
    assert timing.span == timing.length == timedelta(seconds=6)
    timing.observe(T0 + timedelta(seconds=16), now=T0 + timedelta(seconds=17))  # a straggler
    timing.observe(T0 + timedelta(seconds=40), now=T0 + timedelta(seconds=35))  # idle again
    assert timing.length == timedelta(seconds=6)
    assert timing.margin(RULE) == timedelta(seconds=0.1)


def test_without_a_learned_length_the_margin_is_the_configured_one() -> None:
    timing = WindowTiming()
    assert timing.margin(RULE) == RULE.most
    timing.observe(T0 + timedelta(seconds=6), now=T0)
    assert timing.margin(RULE) == RULE.most


async def test_a_429_reset_does_not_teach_the_window_length() -> None:
    """A 429 storm names a reset of its own (2 s ahead), not a window boundary."""
    time = JumpingTime()
    budget = make(time)
    reset = T0 + timedelta(seconds=6)
    await budget.record(CLIENT, DIVISION, headers(30, minute_reset=reset), 200)
    await budget.acquire(CLIENT, DIVISION)
    storm = T0 + timedelta(seconds=8)
    await budget.record(CLIENT, DIVISION, headers(0, None, minute_reset=storm), 429)
    await budget.acquire(CLIENT, DIVISION)
    assert time.sleeps == [9.0]  # the unknown-length margin of 1 s, not 2 s / 60
