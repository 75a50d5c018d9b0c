"""One running emulator's state: configuration, clock, data, OAuth and rate limits.

`build_state` seeds the data deterministically from the configuration (same seed, size,
division count and day give the same data), feeding every seed record through the same
create logic the API uses, so seeded and API-created records look alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from exactbridge.emulator import records
from exactbridge.emulator.bodies import blank_row, pad_codes
from exactbridge.emulator.clock import Clock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.messages import Messages
from exactbridge.emulator.oauth import OAuthServer
from exactbridge.emulator.persistence import SqliteState
from exactbridge.emulator.ratelimit import RateLimiter
from exactbridge.emulator.seed import World, generate_world
from exactbridge.emulator.store import Division, Row, Store, Table
from exactbridge.exact import EntitySpec, find_entity
from exactbridge.wire import AMSTERDAM, utc_to_local

__all__ = ["EmulatorState", "build_state"]

_DIVISION_LISTS = frozenset({"system/divisions", "hrm/divisions", "system/alldivisions"})


@dataclass(slots=True)
class EmulatorState:
    """Everything the HTTP layer needs to answer a request."""

    config: EmulatorConfig
    clock: Clock
    store: Store
    oauth: OAuthServer
    limiter: RateLimiter
    world: World
    random: random.Random
    messages: Messages
    customer: Row = field(default_factory=dict)

    def now_local(self) -> datetime:
        """The current Amsterdam wall-clock time."""
        return utc_to_local(self.clock.now())

    def context(self, division: Division) -> Context:
        """A write context for `division`."""
        return Context(
            store=self.store,
            division=division,
            now_local=self.now_local(),
            random=self.random,
            messages=self.messages,
            validation_status=self.config.validation_status,
        )

    @property
    def current_division(self) -> int:
        """The division the user last used (the first one)."""
        return next(iter(self.store.divisions))

    def me_row(self) -> Row:
        """The `current/Me` row, with server time and current division filled in now."""
        now = self.clock.now()
        local = utc_to_local(now)
        offset = now.astimezone(AMSTERDAM).utcoffset()
        row = dict(self.store.user)
        row |= {
            "CurrentDivision": self.current_division,
            "AccountingDivision": self.current_division,
            "ServerTime": local.strftime("%Y-%m-%dT%H:%M:%S"),
            "ServerUtcOffset": int(offset.total_seconds()) if offset else 0,
        }
        return row

    def virtual_table(self, spec: EntitySpec) -> Table | None:
        """Tables served from state rather than stored per division (Me, division lists)."""
        path = spec.path.lower()
        if path == "current/me":
            table = Table(spec)
            table.put(_project(spec, self.me_row()), 0)
            return table
        if path in _DIVISION_LISTS:
            table = Table(spec)
            current = self.current_division
            for code, division in self.store.divisions.items():
                info = dict(division.info) | {"Code": code, "Current": code == current}
                table.put(_project(spec, info), 0)
            return table
        return None


def _project(spec: EntitySpec, values: Row) -> Row:
    row = blank_row(spec)
    row.update({k: v for k, v in values.items() if spec.field(k) is not None})
    pad_codes(spec, row)
    return row


def build_state(config: EmulatorConfig, clock: Clock) -> EmulatorState:
    """Create the state for `config` and seed it.

    Raises:
        ExactProblem: a seed record broke a business rule (a bug in the generator).
    """
    today = utc_to_local(clock.now()).date()
    world = generate_world(config.seed, config.divisions, config.size, today=today)
    user = dict(world.user) | {"Language": config.language.upper()}
    store = Store(user=user)
    state = EmulatorState(
        config=config,
        clock=clock,
        store=store,
        oauth=OAuthServer(config, clock),
        limiter=RateLimiter(config.limits, clock),
        world=world,
        random=random.Random(config.seed),  # noqa: S311 - keys, not secrets
        messages=Messages(config.language),
        customer=dict(world.customer),
    )
    for seed in world.divisions:
        division = store.add_division(seed.code, dict(seed.division))
        ctx = state.context(division)
        for path, record in seed.records:
            spec = find_entity(path)
            if spec is None:
                msg = f"seed data names an unknown endpoint {path!r}"
                raise ValueError(msg)
            records.create(ctx, spec, record, trusted=True)
    if config.state_path is not None:
        _attach_file(state, config.state_path)
    return state


def _attach_file(state: EmulatorState, path: Path) -> None:
    """Load the data from `path` if it has any (else save the seed there); write through."""
    persisted = SqliteState(path)
    if persisted.is_empty():
        persisted.save_all(state.store)
    else:
        persisted.load_into(state.store)
    state.store.subscribe(persisted.record)
