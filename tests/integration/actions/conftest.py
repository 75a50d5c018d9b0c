"""Fixtures: `Actions` over an `ExactClient` of the in-process emulator, on a manual clock."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from exactbridge.actions import Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.state import EmulatorState
from tests.integration.actions.scenarios import Harness
from tests.support.clients import emulator_client


@pytest.fixture
def config() -> EmulatorConfig:
    """Two small divisions; limits lifted so scenarios are not paced by the minute."""
    return EmulatorConfig(
        divisions=2, size="small", seed=7, limits=RateLimits(minutely=100_000, daily=1_000_000)
    )


@pytest.fixture
async def actions(state: EmulatorState, clock: ManualClock) -> AsyncIterator[Actions]:
    """The unified API over the emulator; sleeping advances the manual clock."""
    client = await emulator_client(state, clock)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    async with client:
        yield Actions(client, clock=clock.now, sleep=sleep)


@pytest.fixture
def harness(actions: Actions, state: EmulatorState, clock: ManualClock) -> Harness:
    """What a capability scenario works with."""
    return Harness(actions, state, next(iter(state.store.divisions)), clock)
