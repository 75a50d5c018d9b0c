"""Test helper: an `ExactClient` of the in-process emulator, authorized through real OAuth."""

from __future__ import annotations

import httpx

from exactbridge.client import (
    Budget,
    ExactClient,
    MemoryBudgetStore,
    MemoryTokenStore,
    OAuthApp,
    TokenManager,
    exchange_code,
)
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import BASE, authorize_code

CONNECTION = "test-connection"


async def emulator_client(
    state: EmulatorState,
    clock: ManualClock,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    connection: str = CONNECTION,
) -> ExactClient:
    """A client of `state`'s emulator on `clock`; sleeping advances the clock.

    `transport` replaces the in-process one for the API calls (to inject faults); the OAuth
    flow always goes straight to the emulator.
    """
    registration = state.config.apps[0]
    app = OAuthApp(registration.client_id, registration.client_secret, registration.redirect_uri)
    direct = httpx.ASGITransport(app=create_app(state=state))

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    async with httpx.AsyncClient(transport=direct, base_url=BASE) as http:
        code = await authorize_code(http, registration, list(state.store.divisions))
        pair = await exchange_code(http, app, BASE, code, now=clock.now)
    store = MemoryTokenStore()
    await store.save(connection, pair)
    token_http = httpx.AsyncClient(transport=direct, base_url=BASE)
    tokens = TokenManager(store, app, BASE, token_http, clock=clock.now, sleep=sleep)
    budget = Budget(MemoryBudgetStore(), clock=clock.now, sleep=sleep)
    return ExactClient(
        base_url=BASE,
        client_id=app.client_id,
        connection=connection,
        tokens=tokens,
        budget=budget,
        transport=transport or direct,
        clock=clock.now,
        sleep=sleep,
    )
