"""`Connections`: connect an Exact account, keep its tokens alive, report how it stands.

A connection is one end-customer's consent: one refresh-token chain in one region, reaching
one or more divisions. The flow:

1. `begin(region)` stores a single-use OAuth `state` (its SHA-256; valid 10 minutes) and
   returns the authorize URL to send the user to.
2. `complete(state, code)` takes the state back (deleting it: a replayed callback finds
   nothing), exchanges the code, reads `current/Me` once and the divisions through the
   client, and stores connection, divisions and encrypted tokens in one transaction.
   Discovery runs on tokens held in memory first, so a callback that fails halfway leaves
   no half-made connection behind.
3. `keep_alive()` refreshes every connection whose tokens went unused for 25 days, through
   the client's `TokenManager` on the database token store (single-flight across
   processes), well before Exact kills a refresh token unused for 30 days.
4. `status(id)` reads the stored facts and applies `health.py`'s rules per division.
5. `delete(id)` removes the connection; the schema cascades to its tokens, divisions,
   records, checkpoints, runs and schedules.

Problems seen while using a connection are recorded with `note_reconsent`,
`note_scope_missing` and `note_endpoint_errors` (by the sync engine and the API), so that
`status` can report them.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.client import (
    REGIONS,
    Budget,
    ExactClient,
    MemoryTokenStore,
    OAuthApp,
    TokenManager,
    WireModel,
    authorization_url,
    exchange_code,
)
from exactbridge.client._tokens import EXACT_REFRESH_RULES, RefreshRules
from exactbridge.errors import (
    ConfigurationError,
    OAuthStateRejected,
    ReconsentRequired,
    TransientError,
    UnknownConnection,
)
from exactbridge.store import _dialect
from exactbridge.store._connection_types import (
    Connection,
    ConnectionStatus,
    ConnectStart,
    Division,
    DivisionStatus,
    KeepAliveReport,
    connection_from_row,
    daily_left,
    division_from_row,
    division_values,
)
from exactbridge.store._schema import (
    budgets,
    connection_divisions,
    connections,
    endpoint_errors,
    oauth_states,
    tokens,
)
from exactbridge.store.budget import DatabaseBudgetStore
from exactbridge.store.crypto import TokenCipher
from exactbridge.store.database import Database
from exactbridge.store.health import (
    ConnectionFacts,
    DivisionFacts,
    EndpointErrors,
    HealthRules,
    connection_health,
    division_health,
)
from exactbridge.store.tokens import CachedTokenStore, DatabaseTokenStore

__all__ = [
    "ConnectStart",
    "Connection",
    "ConnectionStatus",
    "Connections",
    "Division",
    "DivisionStatus",
    "KeepAliveReport",
    "OAuthStateRejected",
    "UnknownConnection",
]

STATE_LIFETIME = timedelta(minutes=10)


class Connections:
    """The vault of connections of one OAuth app.

    Args:
        db: the database.
        cipher: the token keys.
        app: the app registered in Exact's App Center.
        clock: the current instant (aware, UTC).
        transport: the HTTP seam (tests pass `httpx.ASGITransport(emulator_app)`).
        regions: base URL per region (`REGIONS`; an emulator's URL in development).
        sleep: waits that many seconds (budgets and refresh timing).
        refresh_rules: Exact's token timing (shortened only for an emulator).
        health: the thresholds of `status` and `keep_alive`.
        new_id: makes ids for new connections.
    """

    def __init__(
        self,
        db: Database,
        cipher: TokenCipher,
        app: OAuthApp,
        *,
        clock: Callable[[], datetime],
        transport: httpx.AsyncBaseTransport | None = None,
        regions: Mapping[str, str] = REGIONS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        refresh_rules: RefreshRules = EXACT_REFRESH_RULES,
        health: HealthRules | None = None,
        new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self._db = db
        self._app = app
        self._clock = clock
        self._transport = transport
        self._regions = regions
        self._sleep = sleep
        self._refresh_rules = refresh_rules
        self._health = health or HealthRules()
        self._new_id = new_id
        self.tokens = DatabaseTokenStore(db, cipher)
        self._cached_tokens = CachedTokenStore(self.tokens)  # the clients': one read per pair
        self.budgets = DatabaseBudgetStore(db)

    # -- connecting --------------------------------------------------------------------

    async def begin(self, region: str = "nl", *, connection_id: str | None = None) -> ConnectStart:
        """Start a connect (or a re-consent of `connection_id`): the URL to send the user to.

        Raises:
            ConfigurationError: the region is unknown.
        """
        base_url = self._base_url(region)
        state = secrets.token_urlsafe(32)
        now = self._clock()
        expires_at = now + STATE_LIFETIME
        async with self._db.transaction() as tx:
            await tx.execute(
                oauth_states.delete().where(oauth_states.c.expires_at <= now)
            )  # expired states are never used: the table stays small
            await tx.execute(
                oauth_states.insert().values(
                    state_hash=_digest(state),
                    region=region,
                    base_url=base_url,
                    connection_id=connection_id,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
        return ConnectStart(authorization_url(self._app, base_url, state), state, expires_at)

    async def complete(self, state: str, code: str) -> Connection:
        """Finish a connect from the OAuth callback's `state` and `code`.

        Raises:
            OAuthStateRejected: the state is unknown, used already, or expired.
            ReconsentRequired: Exact refused the code (used, expired or invalid).
        """
        async with self._db.transaction() as tx:
            taken = (
                await tx.execute(
                    oauth_states.delete()
                    .where(oauth_states.c.state_hash == _digest(state))
                    .returning(
                        oauth_states.c.region,
                        oauth_states.c.base_url,
                        oauth_states.c.connection_id,
                        oauth_states.c.expires_at,
                    )
                )
            ).first()
        if taken is None:
            raise OAuthStateRejected("the OAuth state is unknown or was used already")
        if taken.expires_at <= self._clock():
            raise OAuthStateRejected("the OAuth state expired: start connecting again")
        connection_id = taken.connection_id or self._new_id()
        async with self._http() as http:
            pair = await exchange_code(http, self._app, taken.base_url, code, now=self._clock)
            memory = MemoryTokenStore()
            await memory.save(connection_id, pair)
            async with self._client(connection_id, taken.base_url, http, memory) as exact:
                me = await exact.me()
                found = await exact.divisions()
        pair = await memory.load(connection_id) or pair  # a refresh during discovery rotates
        now = self._clock()
        async with self._db.transaction() as tx:
            await self._store_connection(tx, connection_id, taken.region, taken.base_url, me, now)
            await tx.execute(
                connection_divisions.delete().where(
                    connection_divisions.c.connection_id == connection_id
                )
            )
            rows = [division_values(connection_id, division, now) for division in found]
            if rows:
                await tx.execute(connection_divisions.insert(), rows)
            await self.tokens.write(tx, connection_id, pair)
        return await self.get(connection_id)

    async def _store_connection(
        self,
        tx: AsyncConnection,
        connection_id: str,
        region: str,
        base_url: str,
        me: WireModel,
        now: datetime,
    ) -> None:
        values = {
            "region": region,
            "base_url": base_url,
            "client_id": self._app.client_id,
            "user_id": str(me.value("UserID")),
            "user_name": me.value("UserName"),
            "full_name": me.value("FullName"),
            "current_division": me.value("CurrentDivision"),
            "reconsent_reason": None,
            "reconsent_at": None,
            "consented_at": now,
        }
        await tx.execute(
            _dialect.upsert(self._db.dialect, connections)
            .values(id=connection_id, created_at=now, **values)
            .on_conflict_do_update(index_elements=[connections.c.id], set_=values)
        )

    # -- reading -----------------------------------------------------------------------

    async def list(self) -> list[Connection]:
        """Every connection, oldest first."""
        async with self._db.read() as tx:
            ids = list(
                await tx.scalars(select(connections.c.id).order_by(connections.c.created_at))
            )
            return [await self._read(tx, connection_id) for connection_id in ids]

    async def get(self, connection_id: str) -> Connection:
        """One connection.

        Raises:
            UnknownConnection: there is none with that id.
        """
        async with self._db.read() as tx:
            return await self._read(tx, connection_id)

    async def _read(self, tx: AsyncConnection, connection_id: str) -> Connection:
        row = (
            await tx.execute(
                select(connections, tokens.c.obtained_at)
                .outerjoin(tokens, tokens.c.connection_id == connections.c.id)
                .where(connections.c.id == connection_id)
            )
        ).first()
        if row is None:
            raise UnknownConnection(f"no connection has the id {connection_id!r}")
        divisions = (
            await tx.execute(
                select(connection_divisions)
                .where(connection_divisions.c.connection_id == connection_id)
                .order_by(connection_divisions.c.division)
            )
        ).all()
        return connection_from_row(row, tuple(division_from_row(d) for d in divisions))

    # -- health ------------------------------------------------------------------------

    async def status(self, connection_id: str) -> ConnectionStatus:
        """How the connection and each of its divisions stand now.

        Raises:
            UnknownConnection: there is none with that id.
        """
        now = self._clock()
        async with self._db.read() as tx:
            connection = await self._read(tx, connection_id)
            scopes = {
                row.division: row.scope_missing
                for row in await tx.execute(
                    select(
                        connection_divisions.c.division, connection_divisions.c.scope_missing
                    ).where(connection_divisions.c.connection_id == connection_id)
                )
            }
            spent = {
                row.division: row
                for row in await tx.execute(
                    select(budgets).where(budgets.c.client_id == connection.client_id)
                )
            }
            errors: dict[int, list[EndpointErrors]] = {}
            for row in await tx.execute(
                select(endpoint_errors).where(endpoint_errors.c.connection_id == connection_id)
            ):
                errors.setdefault(row.division, []).append(
                    EndpointErrors(row.endpoint, row.errors, row.counted_at)
                )
        overall = connection_health(
            ConnectionFacts(connection.reconsent_reason, connection.tokens_obtained_at),
            now,
            self._health,
        )
        divisions = []
        for division in connection.divisions:
            budget = spent.get(division.code)
            facts = DivisionFacts(
                scope_missing=scopes.get(division.code),
                blocked_until=budget.blocked_until if budget is not None else None,
                daily_remaining=daily_left(budget),
                daily_reset=budget.daily_reset if budget is not None else None,
                endpoint_errors=errors.get(division.code, ()),
            )
            verdict = division_health(overall, facts, now, self._health)
            divisions.append(
                DivisionStatus(
                    division.code, division.name, verdict.state, verdict.reason, verdict.until
                )
            )
        return ConnectionStatus(
            connection_id, overall.state, overall.reason, overall.until, tuple(divisions)
        )

    async def note_reconsent(self, connection_id: str, reason: str) -> None:
        """Record that the chain is dead (a `ReconsentRequired` was raised) and why."""
        async with self._db.transaction() as tx:
            await tx.execute(
                update(connections)
                .where(connections.c.id == connection_id)
                .values(reconsent_reason=reason, reconsent_at=self._clock())
            )

    async def note_scope_missing(
        self, connection_id: str, division: int, message: str | None
    ) -> None:
        """Record Exact's `Application Scope Violated` text for a division (None clears it)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                update(connection_divisions)
                .where(
                    connection_divisions.c.connection_id == connection_id,
                    connection_divisions.c.division == division,
                )
                .values(
                    scope_missing=message,
                    scope_missing_at=self._clock() if message is not None else None,
                )
            )

    async def note_endpoint_errors(
        self, connection_id: str, division: int, endpoint: str, errors: int
    ) -> None:
        """Record how many 4xx an endpoint answered within the last hour (the client counts)."""
        values = {"errors": errors, "counted_at": self._clock()}
        async with self._db.transaction() as tx:
            await tx.execute(
                _dialect.upsert(self._db.dialect, endpoint_errors)
                .values(connection_id=connection_id, division=division, endpoint=endpoint, **values)
                .on_conflict_do_update(
                    index_elements=[
                        endpoint_errors.c.connection_id,
                        endpoint_errors.c.division,
                        endpoint_errors.c.endpoint,
                    ],
                    set_=values,
                )
            )

    # -- keeping tokens alive ----------------------------------------------------------

    async def keep_alive(self) -> KeepAliveReport:
        """Refresh the tokens of every live connection unused for `keep_alive_after`.

        A refused chain is recorded (`needs_reconsent`); a transient failure is reported
        and retried on the next round.
        """
        horizon = self._clock() - self._health.keep_alive_after
        async with self._db.read() as tx:
            idle = list(
                await tx.execute(
                    select(connections.c.id, connections.c.base_url)
                    .join(tokens, tokens.c.connection_id == connections.c.id)
                    .where(
                        tokens.c.obtained_at <= horizon, connections.c.reconsent_reason.is_(None)
                    )
                    .order_by(tokens.c.obtained_at)
                )
            )
        refreshed: list[str] = []
        failed: dict[str, str] = {}
        async with self._http() as http:
            for connection_id, base_url in idle:
                manager = self._manager(base_url, http, self.tokens)
                try:
                    await manager.access_token(connection_id)
                except ReconsentRequired as exc:
                    await self.note_reconsent(connection_id, exc.reason)
                    failed[connection_id] = exc.reason
                except TransientError as exc:
                    failed[connection_id] = str(exc)
                else:
                    refreshed.append(connection_id)
        return KeepAliveReport(tuple(refreshed), failed)

    # -- removing ----------------------------------------------------------------------

    async def delete(self, connection_id: str) -> bool:
        """Delete a connection with its tokens and data; whether it existed."""
        async with self._db.transaction() as tx:
            result = await tx.execute(connections.delete().where(connections.c.id == connection_id))
        return result.rowcount > 0

    # -- clients -----------------------------------------------------------------------

    def client(
        self,
        connection: Connection,
        http: httpx.AsyncClient,
        *,
        priority: Literal["interactive", "background"] = "background",
    ) -> ExactClient:
        """An `ExactClient` of a stored connection: database tokens and shared budgets.

        `http` is used for the token endpoint; close it after the client.
        """
        return self._client(connection.id, connection.base_url, http, self._cached_tokens, priority)

    def _client(
        self,
        connection_id: str,
        base_url: str,
        http: httpx.AsyncClient,
        store: Any,
        priority: Literal["interactive", "background"] = "interactive",
    ) -> ExactClient:
        return ExactClient(
            base_url=base_url,
            client_id=self._app.client_id,
            connection=connection_id,
            tokens=self._manager(base_url, http, store),
            budget=Budget(self.budgets, clock=self._clock, sleep=self._sleep),
            transport=self._transport,
            priority=priority,
            clock=self._clock,
            sleep=self._sleep,
        )

    def _manager(self, base_url: str, http: httpx.AsyncClient, store: Any) -> TokenManager:
        return TokenManager(
            store,
            self._app,
            base_url,
            http,
            clock=self._clock,
            sleep=self._sleep,
            rules=self._refresh_rules,
        )

    def _http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self._transport, timeout=60.0)

    def _base_url(self, region: str) -> str:
        try:
            return self._regions[region].rstrip("/")
        except KeyError:
            known = ", ".join(sorted(self._regions))
            raise ConfigurationError(f"unknown region {region!r}; one of {known}") from None


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()
