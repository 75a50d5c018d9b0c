"""Capability scenarios: one per (resource, operation) the capability matrix claims.

A family's module registers its scenarios with `@scenario(resource, operation)`;
`test_capability_matrix` runs every claim of `CAPABILITIES` through its scenario and fails a
claim that has none, so the matrix cannot claim what is not shown against the emulator.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from exactbridge.actions import Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import NotFound


@dataclass
class Harness:
    """The unified API, the emulator behind it, and the division scenarios work in."""

    actions: Actions
    state: EmulatorState
    division: int
    clock: ManualClock

    async def all(self, resource: str, **kwargs: Any) -> list[Any]:
        """Every record of `resource` in the division."""
        return [r async for r in self.actions.list(resource, self.division, **kwargs)]

    async def first(self, resource: str) -> Any:
        """Some record of `resource` (the first listed)."""
        async for record in self.actions.list(resource, self.division):
            return record
        msg = f"the seed has no {resource}"
        raise AssertionError(msg)

    async def gone(self, resource: str, record_id: str) -> bool:
        """True when `get` no longer finds the record."""
        try:
            await self.actions.get(resource, self.division, record_id)
        except NotFound:
            return True
        return False


Language = Literal["en", "nl"]
SpeakingActions = Callable[[Language], AbstractAsyncContextManager[Actions]]
"""The `actions_in` fixture: `Actions` over an emulator whose refusals are in `language`."""

Scenario = Callable[[Harness], Awaitable[None]]
SCENARIOS: dict[tuple[str, str], Scenario] = {}


def scenario(resource: str, *operations: str) -> Callable[[Scenario], Scenario]:
    """Register the decorated coroutine as the scenario of each (resource, operation)."""

    def register(function: Scenario) -> Scenario:
        for operation in operations:
            key = (resource, operation)
            assert key not in SCENARIOS, f"two scenarios for {key}"
            SCENARIOS[key] = function
        return function

    return register


def load_all() -> Mapping[tuple[str, str], Scenario]:
    """Import every scenario module of this package, then return the registry."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return SCENARIOS


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, Mapping):
        return all(_same(getattr(actual, k, None) if not isinstance(actual, Mapping)
                         else actual.get(k), v) for k, v in expected.items())  # fmt: skip
    if isinstance(expected, Decimal | int | float) and not isinstance(expected, bool):
        return actual is not None and Decimal(str(actual)) == Decimal(str(expected))
    if hasattr(actual, "value") and isinstance(expected, str):  # enums
        return bool(actual.value == expected)
    return bool(actual == expected)


def assert_has(record: Any, sent: Mapping[str, Any]) -> None:
    """Every field sent reads back equal (nested value objects and enums compared by value)."""
    wrong = {
        name: (getattr(record, name, None), value)
        for name, value in sent.items()
        if not _same(getattr(record, name, None), value)
    }
    assert wrong == {}, f"read back differs (actual, sent): {wrong}"


async def check_read(h: Harness, resource: str) -> list[Any]:
    """The generic read claim: records exist, ids are unique, each belongs to the division,
    and `get` by id returns the listed record."""
    records = await h.all(resource)
    assert records, f"no {resource} in the seed"
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for record in records:
        assert record.division == h.division or resource == "companies"
    for record in (records[0], records[-1]):
        assert await h.actions.get(resource, h.division, record.id) == record
    return records
