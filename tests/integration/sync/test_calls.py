"""Must-show: a full sync spends the minimum calls, and never asks `current/Me`.

The minimum comes from Exact's own row counts (`$count` per listing, asked before the
counters are reset) and each endpoint's page size: every listing a full run pages through
(`tests.support.sync_calls`: feeds, sources, reconciliation keys, snapshots, the deleted log)
needs `max(1, ceil(rows / page size))` calls. The fixed overhead on top is zero: the engine
spends no call of its own (no `current/Me`, no division list, no `$count`), takes the
division from its caller and its token from the store. Token refreshes go to the token
endpoint, which is not an API call and is not counted by Exact's limits.

The emulator's counters are the judge: they see every response, whatever the engine says
of itself; the engine's per-stream report must agree with them, and so must the run history.
"""

from __future__ import annotations

import pytest

from exactbridge.client import ExactClient
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import Size
from exactbridge.emulator.state import EmulatorState
from exactbridge.store import Database, SyncState
from exactbridge.sync.engine import SyncEngine, SyncReport
from exactbridge.sync.streams import STREAMS
from tests.support.sync_calls import listings, minimum_calls, row_counts
from tests.support.vault import Vault

OVERHEAD = 0
"""Calls a full sync makes beyond the pages it needs (see the module docstring)."""


@pytest.fixture
def size() -> Size:
    return "medium"


async def _measured(
    engine: SyncEngine,
    client: ExactClient,
    state: EmulatorState,
    division: int,
    *,
    full: bool,
    lean: bool = False,
) -> tuple[SyncReport, dict[str, int]]:
    """A run, with the emulator's counters from zero, and the minimum it should spend."""
    found = listings(STREAMS, full=full, lean=lean)
    counts = await row_counts(client, division, found)
    state.limiter.counters.clear()
    return await engine.sync(division, full=full), minimum_calls(found, counts, full=full)


def _served(state: EmulatorState) -> dict[str, int]:
    """API responses per endpoint (the token endpoint apart), every status."""
    served: dict[str, int] = {}
    for (endpoint, _status), count in state.limiter.counters.responses.items():
        if not endpoint.startswith("oauth2"):
            served[endpoint] = served.get(endpoint, 0) + count
    return served


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_a_full_sync_spends_the_minimum_calls_and_never_asks_who_am_i(
    engine: SyncEngine, client: ExactClient, state: EmulatorState, division: int
) -> None:
    report, expected = await _measured(engine, client, state, division, full=True, lean=True)

    assert {s.name: s.calls for s in report.streams} == expected
    served = _served(state)
    assert sum(served.values()) == report.total("calls") == sum(expected.values()) + OVERHEAD
    assert "current/Me" not in served and "system/Divisions" in served  # companies: a snapshot
    assert {status for (_, status) in state.limiter.counters.responses} == {200}
    # not trivial: several streams need many pages, at both page sizes
    assert expected["transactionlines"] > 5 and expected["invoices"] > 50


@pytest.mark.parametrize("size", ["small"])
@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_the_run_history_counts_the_calls(
    engine: SyncEngine, db: Database, vault: Vault, division: int
) -> None:
    report = await engine.sync(division)

    (run,) = await SyncState(db).runs(vault.connection.id, division)
    assert run.calls == report.total("calls") > 0


@pytest.mark.parametrize("size", ["small"])
@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_a_full_sync_reads_each_key_once(
    engine: SyncEngine, client: ExactClient, state: EmulatorState, division: int
) -> None:
    report, lean = await _measured(engine, client, state, division, full=True, lean=True)

    assert {s.name: s.calls for s in report.streams} == lean


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_key_reconciliation_pages_the_bulk_twin(
    engine: SyncEngine, client: ExactClient, state: EmulatorState, clock: ManualClock,
    division: int,
) -> None:  # fmt: skip
    await engine.sync(division, full=True)
    clock.advance(3600)  # the hourly key reconciliation is due

    report, lean = await _measured(engine, client, state, division, full=False, lean=True)

    assert {s.name: s.calls for s in report.streams} == lean
