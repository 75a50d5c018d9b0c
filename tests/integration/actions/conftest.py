"""Fixtures: `Actions` over an `ExactClient` of the in-process emulator, on a manual clock.

Every API call goes through `wire`, which counts calls, can lose chosen POSTs (before or after
the emulator got them) and keeps each POST body, so a test can show what Exact was sent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx
import pytest

from exactbridge.actions import Actions
from exactbridge.client import ExactClient
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.state import EmulatorState, build_state
from tests.integration.actions.scenarios import Harness, Language, SpeakingActions
from tests.support.clients import emulator_client
from tests.support.lossy import RecordingTransport


@pytest.fixture
def divisions() -> int:
    """How many divisions the seed has: behaviour tests work in one; the capability
    scenarios override this to show every division's records map."""
    return 1


@pytest.fixture
def config(divisions: int) -> EmulatorConfig:
    """Small divisions; limits lifted so scenarios are not paced by the minute."""
    return EmulatorConfig(
        divisions=divisions,
        size="small",
        seed=7,
        limits=RateLimits(minutely=100_000, daily=1_000_000),
    )


@pytest.fixture
def wire(state: EmulatorState) -> RecordingTransport:
    """The emulator behind a transport that counts, can lose and records API calls."""
    return RecordingTransport(httpx.ASGITransport(app=create_app(state=state)))


@pytest.fixture
async def client(
    state: EmulatorState, clock: ManualClock, wire: RecordingTransport
) -> AsyncIterator[ExactClient]:
    """An `ExactClient` of the emulator, over `wire`."""
    async with await emulator_client(state, clock, transport=wire) as exact:
        yield exact


@pytest.fixture
def actions(client: ExactClient, clock: ManualClock) -> Actions:
    """The unified API over the emulator; sleeping advances the manual clock."""

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    return Actions(client, clock=clock.now, sleep=sleep)


@pytest.fixture
def actions_in(config: EmulatorConfig, clock: ManualClock) -> SpeakingActions:
    """`async with actions_in("nl") as actions`: `Actions` over a fresh emulator of the same
    seed (the same divisions) whose refusals are worded in that language."""

    @asynccontextmanager
    async def speaking(language: Language) -> AsyncIterator[Actions]:
        state = build_state(replace(config, language=language), clock)
        async with await emulator_client(state, clock) as client:
            yield Actions(client)

    return speaking


@pytest.fixture
def division(state: EmulatorState) -> int:
    """The division the tests work in (the first of the seed)."""
    return next(iter(state.store.divisions))


@pytest.fixture
def harness(actions: Actions, state: EmulatorState, clock: ManualClock, division: int) -> Harness:
    """What a capability scenario works with."""
    return Harness(actions, state, division, clock)
