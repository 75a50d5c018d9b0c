"""Rate-limit budgets per (client id, division), fed by Exact's `X-RateLimit-*` headers.

Exact allows an app 60 calls per calendar minute and 5,000 per UTC day in each division
(facts 3.1) and reports both windows on every division-scoped response (facts 3.2)::

    X-RateLimit-Limit / -Remaining / -Reset                        the daily window
    X-RateLimit-Minutely-Limit / -Minutely-Remaining / -Minutely-Reset

Resets are UTC epoch milliseconds. Three habits shape this module:

- A header that is absent means *unknown*, never zero: a 429 carries only the exhausted
  window's headers, and `current/Me` carries none (it is not counted either).
- Headers lag behind concurrent callers: ten calls sent at once all see the same
  "remaining". So every `acquire` reserves a slot (`BudgetState.calls_since_update`) that
  the matching `record` gives back, and the headers alone never admit more callers than
  remain.
- The windows are fixed and wall-clock aligned; when a reset has passed (plus a margin
  for clock skew between us and Exact) the window is full again, without a call to say so.

`Budget.acquire` waits (through the injected `sleep`) until the window's reset instead of
provoking a 429; a 429 that still happens blocks the (client, division) until the reset
it names. Interactive callers go first: background callers leave `background_reserve`
calls of each minute to them and queue behind interactive callers that are waiting.

When a window has far more calls to spare than anyone could use before its reset (limits
lifted for a bulk load, `batch_headroom` and more), a store visit per call is pure cost: a
process then reserves `batch` slots at once, hands them out locally, and writes the answers
back `batch` at a time. The store always counts at least the calls in flight (reserved
early, given back late), so other processes can only be more careful, never admit more; a
429, a window closer to its end than that, or an interactive caller waiting ends the
batching at once and the budget goes back to one visit per call.

State lives behind the `BudgetStore` seam so that every process of a deployment can share
it; `MemoryBudgetStore` serves one process (the database store comes with `store/`).
Counts (remaining, reserved slots, the 429 block) are shared through the store; waking on
`record` and queueing background callers behind waiting interactive ones work within a
process. Other processes notice changes on their next check, at the latest after
`probe_wait` seconds or at the reset they wait for.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal, Protocol

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


@dataclass(slots=True)
class BudgetState:
    """What is known about one (client id, division) budget; None means unknown.

    Attributes:
        minutely_limit: calls per minute window (`X-RateLimit-Minutely-Limit`).
        minutely_remaining: calls left in the current minute window, as last reported.
        minutely_reset: when the current minute window ends (UTC).
        daily_limit: calls per UTC day (`X-RateLimit-Limit`).
        daily_remaining: calls left today, as last reported.
        daily_reset: when the day window ends (UTC midnight).
        calls_since_update: calls admitted whose response has not been recorded yet;
            they are spent although no header reflects them.
        blocked_until: the reset named by the last 429; nothing is sent before it.
        updated_at: when the state last changed (reserved slots older than the lease
            are given back, so a caller that never recorded cannot block forever).
    """

    minutely_limit: int | None = None
    minutely_remaining: int | None = None
    minutely_reset: datetime | None = None
    daily_limit: int | None = None
    daily_remaining: int | None = None
    daily_reset: datetime | None = None
    calls_since_update: int = 0
    blocked_until: datetime | None = None
    updated_at: datetime | None = None


class BudgetStore(Protocol):
    """Where budgets live; shared by all processes of a deployment in a shared store.

    `Budget` reads, changes and writes a state while holding `lock` for its key, so an
    implementation shared between processes makes `lock` exclusive across them (a row lock
    in a transaction, for example) and `get` read the latest committed state.
    """

    def lock(self, client_id: str, division: int) -> AbstractAsyncContextManager[None]:
        """An exclusive lock on the state of (client_id, division)."""
        ...

    async def get(self, client_id: str, division: int) -> BudgetState:
        """The stored state, or a fresh (all unknown) `BudgetState` if there is none."""
        ...

    async def put(self, client_id: str, division: int, state: BudgetState) -> None:
        """Store `state` for (client_id, division)."""
        ...


class MemoryBudgetStore:
    """A `BudgetStore` for one process: states in a dict, one `asyncio.Lock` per key."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, int], BudgetState] = {}
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}

    def lock(self, client_id: str, division: int) -> AbstractAsyncContextManager[None]:
        """The in-process lock of (client_id, division)."""
        return self._locks.setdefault((client_id, division), asyncio.Lock())

    async def get(self, client_id: str, division: int) -> BudgetState:
        """A copy of the stored state (changing it changes nothing until `put`)."""
        state = self._states.get((client_id, division))
        return dataclasses.replace(state) if state is not None else BudgetState()

    async def put(self, client_id: str, division: int, state: BudgetState) -> None:
        """Store a copy of `state`."""
        self._states[(client_id, division)] = dataclasses.replace(state)


@dataclass(frozen=True, slots=True)
class WindowHeaders:
    """One window's three headers as sent; None for each one that was absent or unreadable."""

    limit: int | None = None
    remaining: int | None = None
    reset: datetime | None = None

    @property
    def present(self) -> bool:
        """Whether any of the three headers was sent."""
        return self.limit is not None or self.remaining is not None or self.reset is not None


def parse_rate_headers(headers: Mapping[str, str]) -> tuple[WindowHeaders, WindowHeaders]:
    """The (minutely, daily) windows of a response's headers, names matched case-insensitively.

    An absent or unreadable header stays None (unknown): never read as zero.
    """
    lower = {name.lower(): value for name, value in headers.items()}

    def number(name: str) -> int | None:
        text = lower.get(name, "").strip()
        try:
            return int(text) if text else None
        except ValueError:
            return None

    def instant(name: str) -> datetime | None:
        ms = number(name)
        return None if ms is None else datetime.fromtimestamp(ms / 1000, tz=UTC)

    minutely = WindowHeaders(
        number("x-ratelimit-minutely-limit"),
        number("x-ratelimit-minutely-remaining"),
        instant("x-ratelimit-minutely-reset"),
    )
    daily = WindowHeaders(
        number("x-ratelimit-limit"),
        number("x-ratelimit-remaining"),
        instant("x-ratelimit-reset"),
    )
    return minutely, daily


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
    minutely: tuple[int | None, int | None, datetime | None] = (None, None, None)
    daily: tuple[int | None, int | None, datetime | None] = (None, None, None)
    batching: bool = False

    def fold(self, state: BudgetState) -> None:
        """Write back what is held: unused slots and recorded calls freed, headers merged."""
        state.calls_since_update = max(0, state.calls_since_update - self.slots - self.done)
        _merge_minutely(state, WindowHeaders(*self.minutely))
        _merge_daily(state, WindowHeaders(*self.daily))
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
        background_reserve: calls of each minute window only interactive callers may use.
        background_daily_reserve: calls of each day only interactive callers may use.
        margin: seconds added to every reset, for clock skew between us and Exact.
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
        probe_wait: float = 1.0,
        probe_limit: int = 1,
        lease: float = 60.0,
        max_wait: float | None = None,
        batch: int = 20,
        batch_headroom: int = 500,
    ) -> None:
        self._store = store
        self._clock = clock
        self._sleep = sleep
        self._safety = safety
        self._reserve = background_reserve
        self._daily_reserve = background_daily_reserve
        self._margin = timedelta(seconds=margin)
        self._probe_wait = probe_wait
        self._probe_limit = probe_limit
        self._lease = timedelta(seconds=lease)
        self._max_wait = max_wait
        self._batch = max(1, batch)
        self._batch_headroom = batch_headroom
        self._changed: dict[tuple[str, int], asyncio.Event] = {}
        self._interactive_waiting: dict[tuple[str, int], int] = {}
        self._local: dict[tuple[str, int], _Local] = {}

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
                    self._roll(state, now)
                    verdict = self._admit(state, priority, key)
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
        local = self._local.setdefault(key, _Local())
        if local.batching and status != 429:
            local.done += 1
            local.minutely = _merge(local.minutely, minutely)
            local.daily = _merge(local.daily, daily)
            if local.done < self._batch:
                self._notify(key)
                return
        async with self._store.lock(client_id, division):
            state = await self._store.get(client_id, division)
            now = self._clock()
            if local.batching and status != 429:  # write back a batch of answers
                state.calls_since_update = max(0, state.calls_since_update - local.done)
                _merge_minutely(state, WindowHeaders(*local.minutely))
                _merge_daily(state, WindowHeaders(*local.daily))
                local.done = 0
                local.minutely = local.daily = (None, None, None)
                self._roll(state, now)
                state.updated_at = now
                await self._store.put(client_id, division, state)
                self._notify(key)
                return
            local.fold(state)
            local.batching = False
            self._roll(state, now)
            state.calls_since_update = max(0, state.calls_since_update - 1)
            _merge_minutely(state, minutely)
            _merge_daily(state, daily)
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
        self._roll(state, now)
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

    def _roll(self, state: BudgetState, now: datetime) -> None:
        """Refill windows whose reset (plus margin) has passed; drop stale reservations."""
        if state.minutely_reset is not None and now >= state.minutely_reset + self._margin:
            # Reserved calls stay counted: one still in flight lands in the new window.
            state.minutely_remaining = state.minutely_limit
            state.minutely_reset = None
        if state.daily_reset is not None and now >= state.daily_reset + self._margin:
            state.daily_remaining = state.daily_limit
            reset = state.daily_reset
            while now >= reset + self._margin:
                reset += _DAY  # Exact's day ends at 00:00 UTC
            state.daily_reset = reset
        if state.blocked_until is not None and now >= state.blocked_until + self._margin:
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

    def _admit(self, state: BudgetState, priority: Priority, key: tuple[str, int]) -> _Verdict:
        margin = self._margin
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
            reserve = self._safety + (self._reserve if background else 0)
            if state.minutely_remaining - pending <= reserve:
                return _Verdict(False, minute_until, "minutely")
        elif pending >= self._probe_limit:
            return _Verdict(False, None, "minutely")
        if background and self._interactive_waiting.get(key, 0) > 0:
            return _Verdict(False, minute_until, "minutely")
        return _Verdict(True)

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


def _merge_minutely(state: BudgetState, new: WindowHeaders) -> None:
    limit, remaining, reset = _merge(
        (state.minutely_limit, state.minutely_remaining, state.minutely_reset), new
    )
    state.minutely_limit, state.minutely_remaining, state.minutely_reset = limit, remaining, reset


def _merge_daily(state: BudgetState, new: WindowHeaders) -> None:
    limit, remaining, reset = _merge(
        (state.daily_limit, state.daily_remaining, state.daily_reset), new
    )
    state.daily_limit, state.daily_remaining, state.daily_reset = limit, remaining, reset


def _merge(
    known: tuple[int | None, int | None, datetime | None], new: WindowHeaders
) -> tuple[int | None, int | None, datetime | None]:
    """Fold one window's headers into what is known; responses may arrive out of order.

    A later reset starts a new window; the same reset keeps the lowest remaining (the
    freshest count); an earlier reset is a straggler from a past window and is ignored.
    """
    limit, remaining, reset = known
    if new.limit is not None:
        limit = new.limit
    if new.remaining is None and new.reset is None:
        return limit, remaining, reset
    if reset is None or new.reset is None or new.reset > reset:
        if new.remaining is not None:
            remaining = new.remaining
        return limit, remaining, new.reset or reset
    if new.reset == reset and new.remaining is not None:
        remaining = new.remaining if remaining is None else min(remaining, new.remaining)
    return limit, remaining, reset


def _next_utc_midnight(now: datetime) -> datetime:
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day + _DAY
