"""Fixtures: the sync engine between the in-process emulator and a real database.

Every test that asks for `db` runs on SQLite (a temporary file) and on PostgreSQL: the store
tests' `target` and `db` fixtures are reused as they are (PostgreSQL unreachable: skipped,
or failed under `CI=true`). The emulator runs on a manual clock with its limits lifted, so
a sync is paced by nothing but its own work; the connection is stored through the real
connect flow (`tests.support.vault`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from exactbridge.actions import Actions
from exactbridge.client import ExactClient
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits, Size
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.store import Database
from exactbridge.sync.engine import SyncEngine
from tests.integration.store.conftest import db, target  # noqa: F401 - the store's fixtures
from tests.support.vault import Vault, connect_vault

LIFTED = RateLimits(minutely=100_000, daily=10_000_000)
"""No 429 ever: these tests count calls and compare data, not pacing."""


START = datetime(2026, 6, 25, 14, tzinfo=UTC)


@pytest.fixture
def size() -> Size:
    """The data of the division synced: `small`, or `medium` for the must-show modules."""
    return "small"


@pytest.fixture(scope="session")
def medium() -> tuple[EmulatorState, ManualClock]:
    """One `medium` division on its clock, seeded once (~12 s) for every module that asks.

    Tests on it only read (syncs, ground truth, counts), so they can share it.
    """
    clock = ManualClock(START)
    return build_state(
        EmulatorConfig(divisions=1, size="medium", seed=7, limits=LIFTED), clock
    ), clock


@pytest.fixture
def clock(size: Size, request: pytest.FixtureRequest) -> ManualClock:
    """The emulator's clock: the shared `medium` one, or a fresh one."""
    if size == "medium":
        shared: tuple[EmulatorState, ManualClock] = request.getfixturevalue("medium")
        return shared[1]
    return ManualClock(START)


@pytest.fixture
def state(size: Size, clock: ManualClock, request: pytest.FixtureRequest) -> EmulatorState:
    """One division of `size` data, limits lifted: the shared `medium` one, or a fresh one."""
    if size == "medium":
        shared: tuple[EmulatorState, ManualClock] = request.getfixturevalue("medium")
        return shared[0]
    return build_state(EmulatorConfig(divisions=1, size=size, seed=7, limits=LIFTED), clock)


@pytest.fixture
def division(state: EmulatorState) -> int:
    """The division synced."""
    return min(state.store.divisions)


@pytest.fixture
async def vault(db: Database, state: EmulatorState, clock: ManualClock) -> Vault:  # noqa: F811
    """A connection to the emulator, stored in `db` through the connect flow."""
    return await connect_vault(db, state, clock)


@pytest.fixture
async def client(vault: Vault) -> AsyncIterator[ExactClient]:
    """The stored connection's client (database tokens, background priority)."""
    async with vault.client() as exact:
        yield exact


@pytest.fixture
def engine(
    client: ExactClient,
    db: Database,  # noqa: F811
    vault: Vault,
    clock: ManualClock,
) -> SyncEngine:
    """The sync engine of the stored connection, on the emulator's clock."""
    return SyncEngine(client, db, connection=vault.connection.id, clock=clock.now)


@pytest.fixture
def actions(client: ExactClient, clock: ManualClock) -> Actions:
    """The unified API over the same connection: ground truth, and the way to change it."""

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    return Actions(client, clock=clock.now, sleep=sleep)
