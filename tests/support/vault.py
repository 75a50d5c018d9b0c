"""Test helper: a stored connection to the in-process emulator, made through the real
connect flow (`Connections.begin`, the consent page, `Connections.complete`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import httpx
from cryptography.fernet import Fernet

from exactbridge.client import ExactClient, OAuthApp
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from exactbridge.store import Connection, Connections, Database, TokenCipher
from tests.support.emulator import BASE, authorize_code


@dataclass
class Vault:
    """The connections of the emulator's default app, and one made through the flow."""

    connections: Connections
    connection: Connection
    transport: httpx.AsyncBaseTransport

    @asynccontextmanager
    async def client(self) -> AsyncIterator[ExactClient]:
        """A background-priority client of the stored connection (database tokens)."""
        async with (
            httpx.AsyncClient(transport=self.transport, base_url=BASE) as http,
            self.connections.client(self.connection, http) as client,
        ):
            yield client


async def connect_vault(
    db: Database,
    state: EmulatorState,
    clock: ManualClock,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Vault:
    """Store a connection to `state`'s emulator with every division consented."""
    registration = state.config.apps[0]
    app = OAuthApp(registration.client_id, registration.client_secret, registration.redirect_uri)
    wire = transport or httpx.ASGITransport(app=create_app(state=state))

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    connections = Connections(
        db,
        TokenCipher([Fernet.generate_key().decode()]),
        app,
        clock=clock.now,
        transport=wire,
        regions={"nl": BASE},
        sleep=sleep,
    )
    start = await connections.begin("nl")
    async with httpx.AsyncClient(transport=wire, base_url=BASE) as http:
        state_param = parse_qs(urlparse(start.url).query)["state"][0]
        code = await authorize_code(http, registration, list(state.store.divisions), state_param)
    connection = await connections.complete(start.state, code)
    return Vault(connections, connection, wire)
