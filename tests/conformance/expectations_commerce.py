"""Recorded scenarios of the commerce endpoints (see `expectations` for the token language)."""

from __future__ import annotations

from tests.conformance.expectations import Scenario

SCENARIOS: tuple[Scenario, ...] = ()
