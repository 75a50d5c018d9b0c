"""`CachedTokenStore`: one database read per pair between refreshes, and never a refresh
with a refresh token another process has already used (the locked re-read)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from exactbridge.client import OAuthApp, Query, TokenManager
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import build_state
from exactbridge.store import Database, DatabaseTokenStore, TokenCipher
from exactbridge.store.tokens import CachedTokenStore
from tests.integration.store.conftest import add_connection
from tests.integration.store.test_tokens import NOW, OLD, _pair
from tests.support.emulator import BASE
from tests.support.vault import connect_vault


class CountingStore(DatabaseTokenStore):
    """The database store, counting its reads."""

    reads = 0

    async def load(self, connection: str):  # type: ignore[no-untyped-def]
        self.reads += 1
        return await super().load(connection)


async def test_a_pair_is_read_once_until_a_locked_read_sees_what_another_process_saved(
    db: Database,
) -> None:
    await add_connection(db, "acme")
    inner = CountingStore(db, TokenCipher([OLD]))
    other_process = DatabaseTokenStore(db, TokenCipher([OLD]))
    cached = CachedTokenStore(inner)
    await other_process.save("acme", _pair())

    for _ in range(5):
        assert await cached.load("acme") == _pair()
    assert inner.reads == 1

    await other_process.save("acme", _pair("access-2", "refresh-2"))
    assert await cached.load("acme") == _pair()  # still valid at Exact until it expires
    async with cached.lock("acme"):
        assert await cached.load("acme") == _pair("access-2", "refresh-2")  # always fresh
    assert await cached.load("acme") == _pair("access-2", "refresh-2")
    await cached.save("acme", _pair("access-3", "refresh-3"))
    assert await other_process.load("acme") == _pair("access-3", "refresh-3")  # written through
    assert await cached.load("acme") == _pair("access-3", "refresh-3")
    assert inner.reads == 2


async def test_a_client_never_refreshes_with_a_token_another_process_rotated(
    db: Database,
) -> None:
    clock = ManualClock(NOW)
    state = build_state(EmulatorConfig(divisions=1, size="small", seed=7), clock)
    vault = await connect_vault(db, state, clock)
    division = min(state.store.divisions)
    registration = state.config.apps[0]
    app = OAuthApp(registration.client_id, registration.client_secret, registration.redirect_uri)
    async with vault.client() as client:  # its tokens come through the CachedTokenStore
        await client.get_page(division, Query("crm/Accounts").top(1))
        clock.advance(575)  # past Exact's 570 s: another process refreshes first
        async with httpx.AsyncClient(transport=vault.transport, base_url=BASE) as http:
            elsewhere = TokenManager(vault.connections.tokens, app, BASE, http, clock=clock.now)
            fresh = await elsewhere.access_token(vault.connection.id)
        assert elsewhere.refreshes == 1
        # this client's cached pair is due now: the manager locks, re-reads, and uses the
        # pair the other process stored instead of refreshing with a dead refresh token
        page = await client.get_page(division, Query("crm/Accounts").top(1))
        assert page.rows
        stored = await vault.connections.tokens.load(vault.connection.id)
        assert stored is not None and stored.access_token == fresh
        clock.advance(timedelta(minutes=10).total_seconds())  # and it refreshes when due
        assert (await client.get_page(division, Query("crm/Accounts").top(1))).rows
    renewed = await vault.connections.tokens.load(vault.connection.id)
    assert renewed is not None and renewed.access_token != fresh
