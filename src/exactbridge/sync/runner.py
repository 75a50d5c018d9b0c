"""`LocalRunner`: run the syncs that are due, in this process (the embedded default).

Schedules live in the store (`SyncState.set_schedule`: which resources of which division,
how often). A round (`run_once`) asks `SyncState.due(now)`, groups what is due by
(connection, division) and runs the `SyncEngine` once per group for exactly those
resources (`only=`), so resources sharing a feed and the deleted log are read once; then it
marks each schedule ran at the instant the round started, so "every 15 minutes" counts
from start to start. `run_forever` repeats rounds until its stop event is set, sleeping
until the next schedule is due (at most `poll` seconds, so schedules added meanwhile are
seen).

A run that fails is recorded as failed by the engine (run history) and returned in the
round's results; the schedule is still marked ran, so a connection that keeps failing is
retried at its interval instead of in a tight loop, and the other schedules go on. A
connection whose consent is gone (`ReconsentRequired`) is noted with
`Connections.note_reconsent`, which `status` reports.

Distributed workers (later) run the same function per (connection, division) as a task.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx

from exactbridge.client import ExactClient
from exactbridge.errors import ExactBridgeError, ReconsentRequired
from exactbridge.store import Connections, Database, Schedule, SyncState
from exactbridge.sync.engine import SyncEngine, SyncReport

__all__ = ["ClientFactory", "LocalRunner", "RoundResult", "stored_clients"]

ClientFactory = Callable[[str], AbstractAsyncContextManager[ExactClient]]
"""Opens a client of a stored connection by id (see `stored_clients`)."""


@dataclass(frozen=True, slots=True)
class RoundResult:
    """One (connection, division) synced in a round: its report, or why it failed."""

    connection: str
    division: int
    resources: tuple[str, ...]
    report: SyncReport | None
    error: str | None


def stored_clients(
    connections: Connections, *, transport: httpx.AsyncBaseTransport | None = None
) -> ClientFactory:
    """Clients of stored connections: database tokens, shared budgets, background priority."""

    @asynccontextmanager
    async def open_client(connection_id: str) -> AsyncIterator[ExactClient]:
        connection = await connections.get(connection_id)
        async with (
            httpx.AsyncClient(transport=transport, timeout=60.0) as http,
            connections.client(connection, http) as client,
        ):
            yield client

    return open_client


class LocalRunner:
    """Runs due syncs in-process.

    Args:
        db: the store.
        clients: opens a client per connection id (`stored_clients(connections)`).
        clock: the current instant (aware); tests pass a manual clock.
        sleep: waits that many seconds (`asyncio.sleep`; tests advance their clock).
        poll: the longest wait between rounds.
        connections: where a dead consent is noted (optional).
    """

    def __init__(
        self,
        db: Database,
        clients: ClientFactory,
        *,
        clock: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        poll: timedelta = timedelta(seconds=30),
        connections: Connections | None = None,
    ) -> None:
        self.db = db
        self.state = SyncState(db)
        self._clients = clients
        self._clock = clock
        self._sleep = sleep
        self._poll = poll
        self._connections = connections

    async def run_once(self) -> list[RoundResult]:
        """Sync everything due now, one engine run per (connection, division)."""
        started = self._clock()
        groups: dict[tuple[str, int], list[Schedule]] = {}
        for schedule in await self.state.due(started):
            groups.setdefault((schedule.connection, schedule.division), []).append(schedule)
        results: list[RoundResult] = []
        for (connection, division), schedules in groups.items():
            resources = tuple(sorted({schedule.resource for schedule in schedules}))
            results.append(await self._sync(connection, division, resources))
            for resource in resources:
                await self.state.mark_ran(connection, division, resource, at=started)
        return results

    async def run_forever(self, stop: asyncio.Event) -> None:
        """Run rounds until `stop` is set; between rounds wait for the next due schedule."""
        while not stop.is_set():
            await self.run_once()
            if stop.is_set():
                return
            seconds = await self._pause()
            if seconds > 0:
                await self._wait(stop, seconds)

    async def _sync(
        self, connection: str, division: int, resources: tuple[str, ...]
    ) -> RoundResult:
        try:
            async with self._clients(connection) as client:
                engine = SyncEngine(client, self.db, connection=connection, clock=self._clock)
                report = await engine.sync(division, only=resources)
        except ReconsentRequired as exc:
            if self._connections is not None:
                await self._connections.note_reconsent(connection, exc.reason)
            return RoundResult(connection, division, resources, None, str(exc))
        except ExactBridgeError as exc:
            return RoundResult(connection, division, resources, None, str(exc))
        return RoundResult(connection, division, resources, report, None)

    async def _pause(self) -> float:
        """Seconds until the next schedule is due, at most `poll`."""
        now = self._clock()
        horizon = now + self._poll
        upcoming = await self.state.due(horizon)
        if not upcoming:
            return self._poll.total_seconds()
        return max(0.0, (upcoming[0].next_due_at - now).total_seconds())

    async def _wait(self, stop: asyncio.Event, seconds: float) -> None:
        """Sleep `seconds`, or less when `stop` is set meanwhile."""
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, stopper):
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(sleeper, stopper, return_exceptions=True)
