"""What a rate-limit budget knows, and the `BudgetStore` seam that shares it between processes.

Exact's limits hold per app and division for every process of a deployment together, so
the counts (what the last headers said, the slots reserved by calls in flight, a 429's
block) live behind `BudgetStore`: `MemoryBudgetStore` serves one process, the database
store (`exactbridge.store`) a deployment. What a process only learns for itself (how long
a window is, how late its clock may run) stays in that process's `Budget`.
"""

from __future__ import annotations

import asyncio
import dataclasses
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from exactbridge.client._rate_headers import WindowHeaders, merge_window

__all__ = ["BudgetState", "BudgetStore", "MemoryBudgetStore", "merge_daily", "merge_minutely"]


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


def merge_minutely(state: BudgetState, new: WindowHeaders) -> None:
    """Fold a response's minutely headers into `state`."""
    limit, remaining, reset = merge_window(
        (state.minutely_limit, state.minutely_remaining, state.minutely_reset), new
    )
    state.minutely_limit, state.minutely_remaining, state.minutely_reset = limit, remaining, reset


def merge_daily(state: BudgetState, new: WindowHeaders) -> None:
    """Fold a response's daily headers into `state`."""
    limit, remaining, reset = merge_window(
        (state.daily_limit, state.daily_remaining, state.daily_reset), new
    )
    state.daily_limit, state.daily_remaining, state.daily_reset = limit, remaining, reset
