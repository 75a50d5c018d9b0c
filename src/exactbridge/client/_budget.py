"""Rate-limit budgets per (client id, division), fed by Exact's `X-RateLimit-*` headers.

Exact allows an app 60 calls per calendar minute and 5,000 per UTC day in each division
(facts 3.1) and reports both windows on every division-scoped response (facts 3.2, read by
`_rate_headers`). Three habits shape this module:

- A header that is absent means *unknown*, never zero: a 429 carries only the exhausted
  window's headers, and `current/Me` carries none (it is not counted either).
- Headers lag behind concurrent callers: ten calls sent at once all see the same
  "remaining". So every `acquire` reserves a slot (`BudgetState.calls_since_update`) that
  the matching `record` gives back, and the headers alone never admit more callers than
  remain.
- The windows are fixed and wall-clock aligned; when a reset has passed (plus a margin
  for clock skew between us and Exact) the window is full again, without a call to say so.
  The margin scales with the window's length, learned from the resets seen, within a
  floor and a ceiling, and grows if a 429 shows our clock ahead (`_window_timing`).

`Budget.acquire` waits (through the injected `sleep`) until the window's reset instead of
provoking a 429; a 429 that still happens blocks the (client, division) until the reset
it names. Interactive callers go first: background callers queue behind interactive
callers that are waiting, and leave `background_reserve` calls of each minute to them,
but only as long as interactive callers could still want them: the reserve is released to
background callers evenly over the window, the last of it shortly before the reset, so a
sync alone spends the whole window (`_window_timing.reserve_due`). Waiting interactive
callers are seen within a process only; those of other processes sharing the store are
sure of what the reserve is worth in the time left.

When a window has far more calls to spare than anyone could use before its reset (limits
lifted for a bulk load, `batch_headroom` and more), a store visit per call is pure cost: a
process then reserves `batch` slots at once, hands them out locally, and writes the answers
back `batch` at a time. The store always counts at least the calls in flight (reserved
early, given back late), so other processes can only be more careful, never admit more; a
429, a window closer to its end than that, or an interactive caller waiting ends the
batching at once and the budget goes back to one visit per call. A batch is 200 calls by
default: on SQLite every visit is a write transaction, which waits for the sync's own
writes of records (a few hundred milliseconds each on a bulk load); with batches of 20 a
first sync of `large` spent 13.7 s of its page requests waiting there, with 200 under 1 s.

State lives behind the `BudgetStore` seam (`_budget_state`) so that every process of a
deployment can share it. Counts (remaining, reserved slots, the 429 block) are shared
through the store; waking on `record`, queueing background callers behind waiting
interactive ones and the learned window timing work within a process. Other processes
notice changes on their next check, at the latest after `probe_wait` seconds or at the
instant they wait for.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from exactbridge.client._budget_state import (
    BudgetState,
    BudgetStore,
    MemoryBudgetStore,
    merge_daily,
    merge_minutely,
)
from exactbridge.client._rate_headers import (
    Known,
    WindowHeaders,
    merge_window,
    parse_rate_headers,
)
from exactbridge.client._window_timing import MarginRule, WindowTiming, reserve_due
from exactbridge.errors import RateLimited, RequestContext

__all__ = [
    "Budget",
    "BudgetState",
    "BudgetStore",
    "DayForecast",
    "MemoryBudgetStore",
    "Priority",
    "WindowHeaders",
    "parse_rate_headers",
]

Priority = Literal["interactive", "background"]

_DAY: Final = timedelta(days=1)
_NO_RESET_WAIT: Final = 60.0  # a 429 without any reset header: Exact's minute, at most
_MIN_RATE_SPAN: Final = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class DayForecast:
    """How the day's budget of one (client id, division) stands and where it is heading.

    Attributes:
        limit: calls allowed per day, if known.
        used: calls spent today (reported plus reserved), if known.
        remaining: calls left today, if known.
        reset_at: when the day window ends (UTC; the next UTC midnight if not reported).
        projected: calls spent by `reset_at` if today's average rate goes on.
        will_run_out: whether `projected` exceeds `limit`.
        runs_out_at: when the day's calls would run out at that rate (None if they will not).
    """

    limit: int | None
    used: int | None
    remaining: int | None
    reset_at: datetime
    projected: int | None
    will_run_out: bool
    runs_out_at: datetime | None


@dataclass(slots=True)
class _Local:
    """What a process holds of one budget while batching (see the module docstring)."""

    slots: int = 0  # reserved in the store, not handed out yet
    done: int = 0  # calls recorded here, not yet given back in the store
    minutely: Known = (None, None, None)
    daily: Known = (None, None, None)
    batching: bool = False

    def fold(self, state: BudgetState) -> None:
        """Write back what is held: unused slots and recorded calls freed, headers merged."""
        state.calls_since_update = max(0, state.calls_since_update - self.slots - self.done)
        merge_minutely(state, WindowHeaders(*self.minutely))
        merge_daily(state, WindowHeaders(*self.daily))
        self.slots = self.done = 0
        self.minutely = self.daily = (None, None, None)


@dataclass(frozen=True, slots=True)
class _Verdict:
    go: bool
    until: datetime | None = None  # when waiting: the instant worth re-checking at, if known
    why: str = ""


class Budget:
    """Admits calls within a (client id, division)'s budget, waiting rather than earning 429s.

    Call `acquire` before each division-scoped request and `record` after it, with its
    response or, when none arrived (network error, cancellation), with empty headers and
    status 0: each `record` gives back the slot one `acquire` reserved. A slot never given
    back stays reserved until `lease` seconds pass without any acquire or record.

    Args:
        store: where states live (shared by processes when the store is).
        clock: the current instant (aware, UTC).
        sleep: waits a number of seconds; tests inject one that advances a fake clock.
        safety: calls of each window never used (for callers outside this budget).
        background_reserve: calls of each minute window kept for interactive callers,
            released to background callers evenly over the window as interactive
            callers can no longer want them (one per `1/background_reserve` of the
            window, the last half such a step before the reset).
        background_daily_reserve: calls of each day only interactive callers may use.
        margin: seconds added to every reset, for clock skew between us and Exact, while
            the window's length is unknown; the most once it is known.
        margin_share: the margin as a share of the learned window length (1/60: 1 s of
            Exact's 60 s minute, 0.1 s of an emulator's 6 s one).
        margin_floor: the least margin, however short the window.
        probe_wait: seconds between re-checks when waiting without a known reset.
        probe_limit: calls admitted at once while the minute window is unknown (before
            the first headers), so a burst cannot overshoot a limit nobody has seen yet.
        lease: seconds after which slots reserved by calls that never recorded are freed.
        max_wait: the longest `acquire` waits; a longer wait raises `RateLimited` with
            `retry_at` instead (None waits as long as needed, the day window included).
        batch: slots reserved at once, and answers written back at once, while batching.
        batch_headroom: batch only while both windows have this many calls to spare
            beyond the reserves and the calls in flight (never within Exact's 60 a minute).
    """

    def __init__(
        self,
        store: BudgetStore,
        *,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]],
        safety: int = 0,
        background_reserve: int = 10,
        background_daily_reserve: int = 0,
        margin: float = 1.0,
        margin_share: float = 1 / 60,
        margin_floor: float = 0.05,
        probe_wait: float = 1.0,
        probe_limit: int = 1,
        lease: float = 60.0,
        max_wait: float | None = None,
        batch: int = 200,
        batch_headroom: int = 500,
    ) -> None:
        self._store = store
        self._clock = clock
        self._sleep = sleep
        self._safety = safety
        self._reserve = background_reserve
        self._daily_reserve = background_daily_reserve
        self._margin = MarginRule(
            most=timedelta(seconds=margin),
            least=timedelta(seconds=min(margin, margin_floor)),
            share=margin_share,
        )
        self._probe_wait = probe_wait
        self._probe_limit = probe_limit
        self._lease = timedelta(seconds=lease)
        self._max_wait = max_wait
        self._batch = max(1, batch)
        self._batch_headroom = batch_headroom
        self._changed: dict[tuple[str, int], asyncio.Event] = {}
        self._interactive_waiting: dict[tuple[str, int], int] = {}
        self._local: dict[tuple[str, int], _Local] = {}
        self._timing: dict[tuple[str, int], WindowTiming] = {}

    async def acquire(
        self, client_id: str, division: int, priority: Priority = "interactive"
    ) -> None:
        """Wait until a call of `priority` fits the budget, then reserve a slot for it.

        Raises:
            RateLimited: the wait would be longer than `max_wait`.
        """
        key = (client_id, division)
        local = self._local.setdefault(key, _Local())
        if local.slots > 0 and not self._interactive_waiting.get(key, 0):
            local.slots -= 1  # reserved in the store already
            return
        queued = False
        try:
            while True:
                changed = self._changed.setdefault(key, asyncio.Event())
                async with self._store.lock(client_id, division):
                    state = await self._store.get(client_id, division)
                    now = self._clock()
                    local.fold(state)
                    self._roll(state, now, key)
                    verdict = self._admit(state, priority, key, now)
                    if verdict.go:
                        block = self._block(state, key)
                        local.batching = block > 1
                        local.slots = block - 1
                        state.calls_since_update += block
                        state.updated_at = now
                    await self._store.put(client_id, division, state)
                if verdict.go:
                    return
                if priority == "interactive" and not queued:
                    queued = True
                    self._interactive_waiting[key] = self._interactive_waiting.get(key, 0) + 1
                seconds = self._probe_wait
                if verdict.until is not None:
                    seconds = max(0.0, (verdict.until - now).total_seconds())
                if (
                    self._max_wait is not None
                    and verdict.until is not None
                    and seconds > self._max_wait
                ):
                    raise RateLimited(
                        f"the {verdict.why} budget is spent until {verdict.until:%H:%M:%S} UTC",
                        context=RequestContext(division=division, status=429),
                        retry_at=verdict.until,
                    )
                await self._wait(changed, seconds)
        finally:
            if queued:
                self._interactive_waiting[key] -= 1
                self._notify(key)

    async def record(
        self, client_id: str, division: int, headers: Mapping[str, str], status: int
    ) -> None:
        """Learn from one response (any status; headers may be empty) and free its slot.

        A 429 blocks the (client, division) until the reset it carries (the later of the
        windows it reports; a minute when it reports none).
        """
        minutely, daily = parse_rate_headers(headers)
        key = (client_id, division)
        self._learn(key, minutely, status)
        local = self._local.setdefault(key, _Local())
        if local.batching and status != 429:
            local.done += 1
            local.minutely = merge_window(local.minutely, minutely)
            local.daily = merge_window(local.daily, daily)
            if local.done < self._batch:
                self._notify(key)
                return
        async with self._store.lock(client_id, division):
            state = await self._store.get(client_id, division)
            now = self._clock()
            if local.batching and status != 429:  # write back a batch of answers
                state.calls_since_update = max(0, state.calls_since_update - local.done)
                merge_minutely(state, WindowHeaders(*local.minutely))
                merge_daily(state, WindowHeaders(*local.daily))
                local.done = 0
                local.minutely = local.daily = (None, None, None)
                self._roll(state, now, key)
                state.updated_at = now
                await self._store.put(client_id, division, state)
                self._notify(key)
                return
            local.fold(state)
            local.batching = False
            self._roll(state, now, key)
            state.calls_since_update = max(0, state.calls_since_update - 1)
            merge_minutely(state, minutely)
            merge_daily(state, daily)
            if status == 429:
                resets = [w.reset for w in (minutely, daily) if w.reset is not None]
                until = max(resets) if resets else now + timedelta(seconds=_NO_RESET_WAIT)
                if state.blocked_until is None or until > state.blocked_until:
                    state.blocked_until = until
            state.updated_at = now
            await self._store.put(client_id, division, state)
        self._notify((client_id, division))

    async def forecast(self, client_id: str, division: int) -> DayForecast:
        """The day's budget: used, remaining, reset, and the projection at today's rate."""
        async with self._store.lock(client_id, division):
            state = await self._store.get(client_id, division)
        now = self._clock()
        self._roll(state, now, (client_id, division))
        reset_at = state.daily_reset or _next_utc_midnight(now)
        limit, remaining = state.daily_limit, state.daily_remaining
        if remaining is not None:
            remaining = max(0, remaining - state.calls_since_update)
        if limit is None or remaining is None:
            return DayForecast(limit, None, remaining, reset_at, None, False, None)
        used = max(0, limit - remaining)
        day_start = reset_at - _DAY
        span = max(now - day_start, _MIN_RATE_SPAN)
        rate = used / span.total_seconds()  # calls per second, today's average
        left = max(0.0, (reset_at - now).total_seconds())
        projected = used + math.ceil(rate * left)
        will_run_out = projected > limit
        runs_out_at = None
        if will_run_out and rate > 0:
            runs_out_at = now + timedelta(seconds=remaining / rate)
        return DayForecast(limit, used, remaining, reset_at, projected, will_run_out, runs_out_at)

    # -- internals ---------------------------------------------------------------------

    def _learn(self, key: tuple[str, int], minutely: WindowHeaders, status: int) -> None:
        """Feed the window timing with the minutely reset of an answer, if it carries one."""
        if minutely.reset is None:
            return
        timing = self._timing.setdefault(key, WindowTiming())
        if status == 429:
            timing.refused(minutely.reset, self._clock())
        else:
            timing.observe(minutely.reset, self._clock())

    def _margin_of(self, key: tuple[str, int]) -> timedelta:
        timing = self._timing.get(key)
        return self._margin.most if timing is None else timing.margin(self._margin)

    def _roll(self, state: BudgetState, now: datetime, key: tuple[str, int]) -> None:
        """Refill windows whose reset (plus margin) has passed; drop stale reservations."""
        margin = self._margin_of(key)
        if state.minutely_reset is not None and now >= state.minutely_reset + margin:
            # Reserved calls stay counted: one still in flight lands in the new window.
            state.minutely_remaining = state.minutely_limit
            state.minutely_reset = None
        if state.daily_reset is not None and now >= state.daily_reset + margin:
            state.daily_remaining = state.daily_limit
            reset = state.daily_reset
            while now >= reset + margin:
                reset += _DAY  # Exact's day ends at 00:00 UTC
            state.daily_reset = reset
        if state.blocked_until is not None and now >= state.blocked_until + margin:
            state.blocked_until = None
        if (
            state.calls_since_update
            and state.updated_at is not None
            and now - state.updated_at >= self._lease
        ):
            state.calls_since_update = 0

    def _block(self, state: BudgetState, key: tuple[str, int]) -> int:
        """Slots to reserve now: `batch` when both windows are far from spent, else one."""
        if self._batch == 1 or self._interactive_waiting.get(key, 0) or state.blocked_until:
            return 1
        spare = self._batch_headroom + self._batch + state.calls_since_update
        reserve = self._safety + max(self._reserve, self._daily_reserve)
        for remaining in (state.minutely_remaining, state.daily_remaining):
            if remaining is None or remaining - reserve < spare:
                return 1
        return self._batch

    def _admit(
        self, state: BudgetState, priority: Priority, key: tuple[str, int], now: datetime
    ) -> _Verdict:
        margin = self._margin_of(key)
        background = priority == "background"
        if state.blocked_until is not None:
            return _Verdict(False, state.blocked_until + margin, "429")
        pending = state.calls_since_update
        if state.daily_remaining is not None:
            reserve = self._safety + (self._daily_reserve if background else 0)
            if state.daily_remaining - pending <= reserve:
                until = state.daily_reset + margin if state.daily_reset else None
                return _Verdict(False, until, "daily")
        minute_until = state.minutely_reset + margin if state.minutely_reset else None
        if state.minutely_remaining is not None:
            spare = state.minutely_remaining - pending - self._safety
            if spare <= 0:
                return _Verdict(False, minute_until, "minutely")
            if background and spare <= self._reserve:
                due = self._reserve_due(state, spare, key)
                if due is None or now < due:
                    return _Verdict(False, due or minute_until, "minutely")
        elif pending >= self._probe_limit:
            return _Verdict(False, None, "minutely")
        if background and self._interactive_waiting.get(key, 0) > 0:
            return _Verdict(False, minute_until, "minutely")
        return _Verdict(True)

    def _reserve_due(self, state: BudgetState, spare: int, key: tuple[str, int]) -> datetime | None:
        """When a background caller may take one of the reserve's last `spare` calls."""
        timing = self._timing.get(key)
        span = None if timing is None else timing.span
        if state.minutely_reset is None or span is None:
            return None  # the window's end or length unknown: keep the reserve whole
        return reserve_due(spare, self._reserve, state.minutely_reset, span)

    async def _wait(self, changed: asyncio.Event, seconds: float) -> None:
        """Sleep `seconds`, or less if the budget changes (a `record` or a caller leaving)."""
        if changed.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        waker = asyncio.ensure_future(changed.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
            await asyncio.gather(sleeper, waker, return_exceptions=True)

    def _notify(self, key: tuple[str, int]) -> None:
        event = self._changed.pop(key, None)
        if event is not None:
            event.set()


def _next_utc_midnight(now: datetime) -> datetime:
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day + _DAY
