"""One running emulator's state: configuration, clock, data, OAuth and rate limits.

`build_state` seeds the data deterministically from the configuration (same seed, size,
division count and day give the same data), feeding every seed record through the same
create logic the API uses, so seeded and API-created records look alike.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from exactbridge.emulator import records
from exactbridge.emulator.bodies import blank_row, pad_codes
from exactbridge.emulator.changelog import DeletedLog
from exactbridge.emulator.clock import Clock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.faults import FaultInjector, FaultSpec
from exactbridge.emulator.history import HISTORY_LINES, attach_history
from exactbridge.emulator.messages import Messages
from exactbridge.emulator.oauth import OAuthServer
from exactbridge.emulator.persistence import SqliteState
from exactbridge.emulator.ratelimit import RateLimiter
from exactbridge.emulator.seed import World, generate_world
from exactbridge.emulator.store import Division, Row, Store, Table
from exactbridge.emulator.webhooks.service import WebhookService
from exactbridge.errors import ConfigurationError
from exactbridge.exact import EntitySpec, find_entity
from exactbridge.wire import AMSTERDAM, utc_to_local

__all__ = ["EmulatorState", "build_state"]

_DIVISION_LISTS = frozenset({"system/divisions", "hrm/divisions", "system/alldivisions"})


@dataclass(slots=True)
class EmulatorState:
    """Everything the HTTP layer needs to answer a request.

    Attributes:
        faults: the fault injector in force (replaced by `set_faults`).
        generation: how many times `reset` has re-seeded the data.
        reset_hooks: called after every `reset` (the state file rewrites itself).
    """

    config: EmulatorConfig
    clock: Clock
    store: Store
    oauth: OAuthServer
    limiter: RateLimiter
    world: World
    random: random.Random
    messages: Messages
    webhooks: WebhookService
    customer: Row = field(default_factory=dict)
    faults: FaultInjector = field(default_factory=lambda: FaultInjector(FaultSpec()))
    generation: int = 0
    reset_hooks: list[Callable[[], None]] = field(default_factory=list)
    deleted_log: DeletedLog | None = None

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

    def set_faults(self, spec: FaultSpec) -> None:
        """Inject `spec` from the next call on; call numbering starts again at 1."""
        self.config = replace(self.config, faults=spec)
        self.faults = FaultInjector(spec)

    def set_limits(self, limits: RateLimits) -> None:
        """Apply new rate limits from the next call on (current windows keep their counts)."""
        self.config = replace(self.config, limits=limits)
        self.limiter.set_limits(limits)

    def reset(self) -> None:
        """Re-seed the data from the configuration, in place.

        The store object, its listeners and everything outside the data stay: tokens and
        consents survive (a test can go on with the client it has), and so do rate-limit
        windows, counters and the fault injector. The data is generated anew for the
        current day, exactly as at start-up on that day. No changes are announced: webhooks
        do not fire and row versions start over from the seed's, so a sync consumer must
        start over too.
        """
        fresh = build_state(replace(self.config, state_path=None), self.clock)
        # every attribute of the fresh store (divisions, user, any log kept beside them)
        # but the listeners, so whoever subscribed to this store keeps hearing from it
        kept = {"_listeners"}
        vars(self.store).update({k: v for k, v in vars(fresh.store).items() if k not in kept})
        self.world = fresh.world
        self.random = fresh.random
        self.customer = fresh.customer
        self.generation += 1
        for hook in self.reset_hooks:
            hook()

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


def build_state(
    config: EmulatorConfig,
    clock: Clock,
    *,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
) -> EmulatorState:
    """Create the state for `config` and seed it.

    `webhook_transport` replaces the network for webhook callbacks (tests inject one).

    Raises:
        ExactProblem: a seed record broke a business rule (a bug in the generator).
        ConfigurationError: a state file was asked for with `large` data.
    """
    if config.state_path is not None and HISTORY_LINES[config.size]:
        msg = (
            f"--state cannot keep --size {config.size}: most of its ledger is computed, not "
            "stored; use --size small or medium with --state"
        )
        raise ConfigurationError(msg)
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
        webhooks=WebhookService(config, clock, store, transport=webhook_transport),
        customer=dict(world.customer),
        faults=FaultInjector(config.faults),
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
        if HISTORY_LINES[config.size]:
            attach_history(ctx, config.seed, HISTORY_LINES[config.size], today)
    state.deleted_log = DeletedLog(store, clock, timedelta(days=config.deleted_retention_days))
    store.subscribe(state.deleted_log.record)
    if config.state_path is not None:
        _attach_file(state, config.state_path)
    state.webhooks.listen()
    state.reset_hooks.append(state.webhooks.reload)
    return state


def _attach_file(state: EmulatorState, path: Path) -> None:
    """Load the data from `path` if it has any (else save the seed there); write through."""
    persisted = SqliteState(path)
    if persisted.is_empty():
        persisted.save_all(state.store)
    else:
        persisted.load_into(state.store)
        # New keys must not repeat the previous run's: continue from where the data is.
        versions = ",".join(f"{code}:{d.version}" for code, d in state.store.divisions.items())
        state.random = random.Random(f"{state.config.seed}|{versions}")  # noqa: S311 - keys
    state.store.subscribe(persisted.record)
    state.reset_hooks.append(lambda: persisted.replace_all(state.store))
