"""Test and bench helper: a full sync against an emulator process that enforces rate limits.

The sync runs with the stored connection's own client (database tokens, the shared
`DatabaseBudgetStore`, background priority) over real sockets; a transport wrapped around
it notes when every API answer arrived and with which status. Exact's minute windows are
fixed and aligned on the epoch (`--minute-seconds` long in the emulator), so the windows a
run used are those its answers fell in, first to last, counted whether or not a call landed
in each: a window waited through is a window spent.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from exactbridge.cli._report import PARALLEL  # streams side by side, as `exactbridge sync`
from exactbridge.store import Database, TokenCipher, upgrade
from exactbridge.sync.engine import SyncEngine, SyncReport
from exactbridge.sync.streams import STREAMS
from tests.support.sync_calls import listings, minimum_calls, row_counts
from tests.support.sync_runner import connect, connections

__all__ = ["BudgetedRun", "CallTimes", "budgeted_sync"]


class CallTimes(httpx.AsyncBaseTransport):
    """A real socket transport that notes each API answer's arrival and status."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.times: list[float] = []
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.startswith("/api/v1/"):
            self.times.append(time.time())
            self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class BudgetedRun:
    """What a budgeted sync did and when."""

    report: SyncReport
    seconds: float
    times: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    minimum: dict[str, int] | None = None
    """Per stream, the fewest calls the run could make (`tests.support.sync_calls`)."""

    def per_window(self, minute_seconds: float) -> list[int]:
        """Answers in each window from the first to the last (zero for a window waited)."""
        if not self.times:
            return []
        first = math.floor(self.times[0] / minute_seconds)
        counts = [0] * self.windows(minute_seconds)
        for moment in self.times:
            counts[math.floor(moment / minute_seconds) - first] += 1
        return counts

    def windows(self, minute_seconds: float) -> int:
        """Windows from the one of the first answer to the one of the last, both counted."""
        if not self.times:
            return 0
        first, last = (math.floor(t / minute_seconds) for t in (self.times[0], self.times[-1]))
        return last - first + 1


async def budgeted_sync(
    database: str,
    emulator_url: str,
    *,
    minimum: bool = False,
    ready: Callable[[], Awaitable[None]] | None = None,
) -> BudgetedRun:
    """Migrate `database`, connect to the emulator, run one full sync of its first division.

    With `minimum`, Exact's row counts are asked after the run (their calls are not the
    run's) and the run's minimum is computed from them. `ready`, if given, is awaited once
    connected, just before the sync starts (a bench starts it at a window's start).
    """
    key = TokenCipher.generate_key()
    async with Database(database) as db:
        await upgrade(db)
        connection = await connect(db, emulator_url, key)
        division = connection.divisions[0].code
        wire = CallTimes()
        vault = connections(db, emulator_url, key, transport=wire)
        async with httpx.AsyncClient(timeout=30) as http, vault.client(connection, http) as client:
            engine = SyncEngine(client, db, connection=connection.id, parallel=PARALLEL)
            if ready is not None:
                await ready()
            started = time.monotonic()
            report = await engine.sync(division, full=True)
            seconds = time.monotonic() - started
            run = BudgetedRun(report, seconds, list(wire.times), Counter(wire.statuses))
            if minimum:
                found = listings(STREAMS, full=True, lean=True)
                counts = await row_counts(client, division, found)
                run.minimum = minimum_calls(found, counts, full=True)
        await wire.aclose()
    return run
