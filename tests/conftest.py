"""Shared fixtures: an emulator on an injected clock, reached in-process or over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import EmulatorState, build_state
from tests.support.emulator import EmulatorClient, connect

START = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when a test says so."""
    return ManualClock(START)


@pytest.fixture
def config() -> EmulatorConfig:
    """Two small divisions, the default app, Exact's real limits."""
    return EmulatorConfig(divisions=2, size="small", seed=7)


@pytest.fixture
def state(config: EmulatorConfig, clock: ManualClock) -> EmulatorState:
    """A freshly seeded emulator state."""
    return build_state(config, clock)


@pytest.fixture
async def exact(state: EmulatorState) -> AsyncIterator[EmulatorClient]:
    """An authorized client of the in-process emulator (every division consented)."""
    async with connect(state) as client:
        yield client
