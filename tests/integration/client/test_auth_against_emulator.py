"""The client's OAuth and token manager against the in-process emulator on a manual clock.

The emulator enforces Exact's rules (600 s tokens, no refresh before 570 s, rotation,
"Old refresh token used.", 30-day expiry); the manager's sleep advances the same clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from exactbridge.client._auth import OAuthApp, exchange_code, refresh_tokens
from exactbridge.client._tokens import MemoryTokenStore, TokenManager, TokenPair
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import ReconsentRequired, RefreshTooEarly
from tests.support.emulator import BASE, authorize_code

ME = "/api/v1/current/Me"


@pytest.fixture
async def http(state: EmulatorState) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(state=state))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


@pytest.fixture
def app(state: EmulatorState) -> OAuthApp:
    registered = state.config.apps[0]
    return OAuthApp(registered.client_id, registered.client_secret, registered.redirect_uri)


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
async def manager(
    http: httpx.AsyncClient,
    state: EmulatorState,
    app: OAuthApp,
    clock: ManualClock,
    store: MemoryTokenStore,
) -> TokenManager:
    code = await authorize_code(http, state.config.apps[0], list(state.store.divisions))
    await store.save("c1", await exchange_code(http, app, BASE, code, now=clock.now))
    return TokenManager(store, app, BASE, http, clock=clock.now, sleep=_sleeper(clock))


def _sleeper(clock: ManualClock) -> Callable[[float], Awaitable[None]]:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return sleep


async def _me(http: httpx.AsyncClient, token: str) -> int:
    response = await http.get(
        ME, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    return response.status_code


async def _stored(store: MemoryTokenStore) -> TokenPair:
    pair = await store.load("c1")
    assert pair is not None
    return pair


async def test_code_exchange_gives_a_working_pair(
    http: httpx.AsyncClient, manager: TokenManager, store: MemoryTokenStore, clock: ManualClock
) -> None:
    pair = await _stored(store)
    assert pair.obtained_at == clock.now()
    assert (pair.expires_at - pair.obtained_at).total_seconds() == 600
    assert await _me(http, await manager.access_token("c1")) == 200
    assert manager.refreshes == 0


async def test_refresh_at_570_s_is_accepted_and_rotates(
    http: httpx.AsyncClient, manager: TokenManager, store: MemoryTokenStore, clock: ManualClock
) -> None:
    old = await _stored(store)
    clock.advance(569)
    assert await manager.access_token("c1") == old.access_token  # 31 s left: not yet
    clock.advance(1)
    token = await manager.access_token("c1")
    new = await _stored(store)
    assert token == new.access_token != old.access_token
    assert new.refresh_token != old.refresh_token
    assert manager.refreshes == 1
    assert await _me(http, token) == 200


async def test_a_refresh_before_570_s_is_refused_and_the_manager_waits(
    http: httpx.AsyncClient,
    manager: TokenManager,
    store: MemoryTokenStore,
    app: OAuthApp,
    clock: ManualClock,
) -> None:
    old = await _stored(store)
    clock.advance(300)
    with pytest.raises(RefreshTooEarly) as caught:
        await refresh_tokens(http, app, BASE, old.refresh_token, now=clock.now)
    assert caught.value.status == 400
    assert await _me(http, old.access_token) == 200  # the current pair stays valid
    start = clock.now()
    token = await manager.after_unauthorized("c1", old.access_token)
    assert (clock.now() - start).total_seconds() == 270  # waited for the window
    assert token != old.access_token
    assert await _me(http, token) == 200


async def test_the_rotated_pair_is_saved_before_its_first_use(
    state: EmulatorState, app: OAuthApp, clock: ManualClock, store: MemoryTokenStore
) -> None:
    used: list[str] = []

    async def check_saved(request: httpx.Request) -> None:
        if request.url.path.startswith("/api/v1/"):
            stored = await _stored(store)
            bearer = request.headers["authorization"].removeprefix("Bearer ")
            assert bearer == stored.access_token, "a token was used before it was saved"
            used.append(bearer)

    transport = httpx.ASGITransport(app=create_app(state=state))
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE, event_hooks={"request": [check_saved]}
    ) as http:
        code = await authorize_code(http, state.config.apps[0], list(state.store.divisions))
        await store.save("c1", await exchange_code(http, app, BASE, code, now=clock.now))
        manager = TokenManager(store, app, BASE, http, clock=clock.now, sleep=_sleeper(clock))
        for _ in range(3):
            assert await _me(http, await manager.access_token("c1")) == 200
            clock.advance(580)
    assert len(set(used)) == 3
    assert manager.refreshes == 2


async def test_a_reused_refresh_token_needs_reconsent(
    http: httpx.AsyncClient,
    manager: TokenManager,
    store: MemoryTokenStore,
    app: OAuthApp,
    clock: ManualClock,
) -> None:
    """A worker that refreshed without saving: the stored refresh token is now retired."""
    old = await _stored(store)
    clock.advance(600)
    await refresh_tokens(http, app, BASE, old.refresh_token, now=clock.now)
    with pytest.raises(ReconsentRequired) as caught:
        await manager.access_token("c1")
    assert caught.value.reason == "refresh token reused"
    assert caught.value.exact_message == "Old refresh token used."


async def test_a_refresh_token_unused_for_30_days_needs_reconsent(
    manager: TokenManager, clock: ManualClock
) -> None:
    clock.advance(days=30, seconds=1)
    with pytest.raises(ReconsentRequired) as caught:
        await manager.access_token("c1")
    assert caught.value.reason == "refresh token expired"


async def test_a_revoked_chain_needs_reconsent(
    manager: TokenManager, state: EmulatorState, clock: ManualClock
) -> None:
    state.oauth.revoke_all()
    clock.advance(600)
    with pytest.raises(ReconsentRequired) as caught:
        await manager.access_token("c1")
    assert caught.value.reason == "refresh token revoked or invalid"


async def test_a_401_leads_to_one_refresh_for_every_caller(
    http: httpx.AsyncClient, manager: TokenManager, store: MemoryTokenStore, clock: ManualClock
) -> None:
    old = await _stored(store)
    clock.advance(600)
    assert await _me(http, old.access_token) == 401
    tokens = await asyncio.gather(
        *(manager.after_unauthorized("c1", old.access_token) for _ in range(20))
    )
    assert len(set(tokens)) == 1
    assert manager.refreshes == 1
    assert await _me(http, tokens[0]) == 200
