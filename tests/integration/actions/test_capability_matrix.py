"""Every claim of the capability matrix, run against the emulator through `Actions`.

A claim without a scenario fails, and so does a scenario for something the matrix does not
claim: the published matrix and what is shown to work are the same list.
"""

from __future__ import annotations

import pytest

from exactbridge.actions import CAPABILITIES, Capability
from tests.integration.actions.scenarios import Harness, load_all

SCENARIOS = load_all()


@pytest.fixture
def divisions() -> int:
    """Two divisions: reads are checked in every division, each record against its own."""
    return 2


@pytest.mark.parametrize("capability", CAPABILITIES, ids=lambda c: f"{c.resource}-{c.operation}")
async def test_capability(capability: Capability, harness: Harness) -> None:
    run = SCENARIOS.get((capability.resource, capability.operation))
    assert run is not None, f"the matrix claims {capability} but no scenario shows it"
    await run(harness)


def test_every_scenario_is_a_claim() -> None:
    claimed = {(c.resource, c.operation) for c in CAPABILITIES}
    assert set(SCENARIOS) - claimed == set()
