"""`Connections` against the in-process emulator: connect, status, keep-alive, delete."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from sqlalchemy import func, select

from exactbridge.client import OAuthApp, Query
from exactbridge.client._budget import BudgetState
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import ReconsentRequired
from exactbridge.store import (
    Connection,
    Connections,
    Database,
    Health,
    OAuthStateRejected,
    RecordRow,
    RecordStore,
    SyncState,
    TokenCipher,
    UnknownConnection,
)
from exactbridge.store._schema import metadata
from tests.support.emulator import BASE, authorize_code

KEY = TokenCipher.generate_key()


@pytest.fixture
async def vault(
    db: Database, state: EmulatorState, clock: ManualClock
) -> AsyncIterator[Connections]:
    registration = state.config.apps[0]
    app = OAuthApp(registration.client_id, registration.client_secret, registration.redirect_uri)

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    yield Connections(
        db,
        TokenCipher([KEY]),
        app,
        clock=clock.now,
        transport=httpx.ASGITransport(app=create_app(state=state)),
        regions={"nl": BASE},
        sleep=sleep,
    )


async def _consent(state: EmulatorState, url: str, divisions: list[int] | None = None) -> str:
    """The user consents on the emulator's page; the code the callback would carry."""
    sent_state = parse_qs(urlparse(url).query)["state"][0]
    transport = httpx.ASGITransport(app=create_app(state=state))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        chosen = divisions if divisions is not None else list(state.store.divisions)
        return await authorize_code(http, state.config.apps[0], chosen, state=sent_state)


async def _connect(
    vault: Connections, state: EmulatorState, divisions: list[int] | None = None
) -> Connection:
    start = await vault.begin("nl")
    return await vault.complete(start.state, await _consent(state, start.url, divisions))


async def test_connecting_stores_the_user_divisions_and_encrypted_tokens(
    vault: Connections, state: EmulatorState, clock: ManualClock, db: Database
) -> None:
    start = await vault.begin("nl")
    assert start.url.startswith(f"{BASE}/api/oauth2/auth?")
    assert start.expires_at == clock.now() + timedelta(minutes=10)
    connection = await vault.complete(start.state, await _consent(state, start.url))
    assert connection.region == "nl" and connection.base_url == BASE
    assert connection.user_id and connection.full_name
    assert [d.code for d in connection.divisions] == sorted(state.store.divisions)
    assert all(d.name and d.currency for d in connection.divisions)
    assert connection.tokens_obtained_at == clock.now()
    assert await vault.list() == [connection]
    pair = await vault.tokens.load(connection.id)
    assert pair is not None
    async with db.read() as tx:
        stored = await tx.scalar(select(metadata.tables["tokens"].c.ciphertext))
    assert stored is not None and pair.refresh_token not in stored


async def test_a_stored_connection_gives_a_working_client(
    vault: Connections, state: EmulatorState
) -> None:
    connection = await _connect(vault, state)
    division = connection.divisions[0].code
    token_transport = httpx.ASGITransport(app=create_app(state=state))
    async with (
        httpx.AsyncClient(transport=token_transport) as http,
        vault.client(connection, http) as exact,
    ):
        ids = [r.value("ID") async for r in exact.records(division, Query("crm/Accounts"))]
    assert len(ids) == len(state.store.divisions[division].tables["crm/accounts"].rows)


async def test_the_state_is_single_use_and_expires(
    vault: Connections, state: EmulatorState, clock: ManualClock
) -> None:
    start = await vault.begin("nl")
    code = await _consent(state, start.url)
    await vault.complete(start.state, code)
    with pytest.raises(OAuthStateRejected, match="unknown or was used"):
        await vault.complete(start.state, code)  # a replayed callback
    with pytest.raises(OAuthStateRejected, match="unknown"):
        await vault.complete("forged-state", code)
    late = await vault.begin("nl")
    late_code = await _consent(state, late.url)
    clock.advance(601)
    with pytest.raises(OAuthStateRejected, match="expired"):
        await vault.complete(late.state, late_code)
    assert len(await vault.list()) == 1


async def test_a_refused_code_leaves_no_connection_behind(
    vault: Connections, state: EmulatorState
) -> None:
    start = await vault.begin("nl")
    with pytest.raises(ReconsentRequired):
        await vault.complete(start.state, "not-a-code")
    assert await vault.list() == []


async def test_consenting_again_renews_the_same_connection(
    vault: Connections, state: EmulatorState, clock: ManualClock
) -> None:
    first = await _connect(vault, state)
    await vault.note_reconsent(first.id, "refresh token revoked or invalid")
    assert (await vault.status(first.id)).state is Health.NEEDS_RECONSENT
    clock.advance(3600)
    again = await vault.begin("nl", connection_id=first.id)
    renewed = await vault.complete(again.state, await _consent(state, again.url))
    assert renewed.id == first.id and renewed.created_at == first.created_at
    assert renewed.consented_at == clock.now() and renewed.reconsent_reason is None
    assert (await vault.status(first.id)).state is Health.HEALTHY


async def test_status_per_division(
    vault: Connections, state: EmulatorState, clock: ManualClock
) -> None:
    connection = await _connect(vault, state)
    one, two = (d.code for d in connection.divisions)
    status = await vault.status(connection.id)
    assert status.state is Health.HEALTHY
    assert [(d.division, d.state) for d in status.divisions] == [
        (one, Health.HEALTHY),
        (two, Health.HEALTHY),
    ]
    await vault.note_scope_missing(
        connection.id, one, "Forbidden - Application Scope Violated. Cannot read 'crm' scope."
    )
    async with vault.budgets.lock(connection.client_id, two):
        blocked = BudgetState(blocked_until=clock.now() + timedelta(seconds=40))
        await vault.budgets.put(connection.client_id, two, blocked)
    status = await vault.status(connection.id)
    assert [(d.division, d.state) for d in status.divisions] == [
        (one, Health.SCOPE_MISSING),
        (two, Health.RATE_LIMITED),
    ]
    assert status.divisions[0].reason is not None and "Scope" in status.divisions[0].reason
    assert status.divisions[1].until == clock.now() + timedelta(seconds=40)
    await vault.note_scope_missing(connection.id, one, None)
    await vault.note_endpoint_errors(connection.id, one, "crm/Accounts", 8)
    clock.advance(41)
    status = await vault.status(connection.id)
    assert [d.state for d in status.divisions] == [Health.ERROR_BUDGET_NEAR, Health.HEALTHY]
    clock.advance(3600)
    assert [d.state for d in (await vault.status(connection.id)).divisions] == [
        Health.HEALTHY,
        Health.HEALTHY,
    ]
    with pytest.raises(UnknownConnection):
        await vault.status("nobody")


async def test_keep_alive_refreshes_only_idle_connections(
    vault: Connections, state: EmulatorState, clock: ManualClock
) -> None:
    old = await _connect(vault, state)
    clock.advance(timedelta(days=20).total_seconds())
    recent = await _connect(vault, state)
    clock.advance(timedelta(days=6).total_seconds())  # old: 26 days idle, recent: 6
    assert (await vault.status(old.id)).state is Health.REFRESH_DUE
    report = await vault.keep_alive()
    assert report.refreshed == (old.id,) and dict(report.failed) == {}
    assert (await vault.get(old.id)).tokens_obtained_at == clock.now()
    assert (await vault.get(recent.id)).tokens_obtained_at == clock.now() - timedelta(days=6)
    assert (await vault.status(old.id)).state is Health.HEALTHY
    assert (await vault.keep_alive()).refreshed == ()
    clock.advance(timedelta(days=25).total_seconds())  # recent: 31 days: Exact killed it
    report = await vault.keep_alive()
    assert report.refreshed == (old.id,)
    assert report.failed == {recent.id: "refresh token expired"}
    status = await vault.status(recent.id)
    assert (status.state, status.reason) == (Health.NEEDS_RECONSENT, "refresh token expired")
    assert all(d.state is Health.NEEDS_RECONSENT for d in status.divisions)


async def _count(db: Database, table: str, connection_id: str | None = None) -> int:
    chosen = metadata.tables[table]
    statement = select(func.count()).select_from(chosen)
    if connection_id is not None:
        statement = statement.where(chosen.c.connection_id == connection_id)
    async with db.read() as tx:
        return int(await tx.scalar(statement) or 0)


async def test_deleting_a_connection_removes_its_tokens_and_data(
    vault: Connections, state: EmulatorState, clock: ManualClock, db: Database
) -> None:
    doomed, kept = await _connect(vault, state), await _connect(vault, state)
    records, sync = RecordStore(db), SyncState(db)
    for connection in (doomed, kept):
        division = connection.divisions[0].code
        async with db.transaction() as tx:
            await records.upsert(
                connection.id,
                division,
                "customers",
                [RecordRow(id=f"r{n}", record={"n": n}, modified_at=clock.now()) for n in range(3)],
                tx=tx,
            )
            await sync.save_checkpoint(
                tx, connection.id, division, "customers", {"t": 1}, at=clock.now()
            )
        run = await sync.start_run(connection.id, division, None, at=clock.now())
        await sync.finish_run(run, at=clock.now())
        await sync.set_schedule(
            connection.id, division, "customers", timedelta(hours=1), now=clock.now()
        )
        await vault.note_endpoint_errors(connection.id, division, "crm/Accounts", 1)
    assert await vault.delete(doomed.id) is True
    assert await vault.delete(doomed.id) is False
    owned = ("tokens", "connection_divisions", "record_scopes", "sync_checkpoints", "sync_runs",
             "sync_schedules", "endpoint_errors")  # fmt: skip
    for table in owned:
        assert await _count(db, table, doomed.id) == 0, table
        assert await _count(db, table, kept.id) > 0, table
    assert await _count(db, "records") == 3  # only the kept connection's
    assert await vault.tokens.load(doomed.id) is None
    with pytest.raises(UnknownConnection):
        await vault.get(doomed.id)
    assert [c.id for c in await vault.list()] == [kept.id]
