"""A sync in a process of its own, against an emulator process, for acceptance tests.

`python -m tests.support.sync_runner DATABASE_URL SCHEMA EMULATOR_URL CONNECTION KEY DIVISION`
opens the store (`SCHEMA` "-" for none), takes the stored connection (its tokens encrypted
with `KEY`) and runs one incremental sync of `DIVISION`, as `exactbridge sync` will. It
prints one JSON line per page read (`{"stream": ..., "rows": ...}`), flushed at once, so a
test can kill it after a chosen number of pages, and a last line with the run's report.

`connect` makes the stored connection in the first place: the real connect flow against an
emulator started with `--auto-consent` (the consent page answers with the code at once).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx

from exactbridge.client import ExactClient, OAuthApp
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.store import Connection, Connections, Database, TokenCipher
from exactbridge.sync.engine import SyncEngine, SyncReport

__all__ = ["APP", "connect", "connections", "exact_client", "main", "now"]

APP = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)


def now() -> datetime:
    """The real clock (aware, UTC)."""
    return datetime.now(UTC)


def connections(
    db: Database, emulator_url: str, key: str, *, transport: httpx.AsyncBaseTransport | None = None
) -> Connections:
    """The vault of the emulator's default app, on the real clock, over real sockets
    (through `transport` when given)."""
    return Connections(
        db, TokenCipher([key]), APP, clock=now, transport=transport, regions={"nl": emulator_url}
    )


async def connect(db: Database, emulator_url: str, key: str) -> Connection:
    """Store a connection through the connect flow (the emulator consents automatically)."""
    vault = connections(db, emulator_url, key)
    start = await vault.begin("nl")
    async with httpx.AsyncClient(timeout=30) as http:
        consent = await http.get(start.url)
    assert consent.status_code in (302, 303), consent.text
    callback = httpx.URL(consent.headers["location"])
    assert callback.params["state"] == start.state
    return await vault.complete(start.state, callback.params["code"])


@asynccontextmanager
async def exact_client(
    db: Database, emulator_url: str, key: str, connection: str
) -> AsyncIterator[ExactClient]:
    """The stored connection's background client."""
    vault = connections(db, emulator_url, key)
    stored = await vault.get(connection)
    async with httpx.AsyncClient(timeout=30) as http, vault.client(stored, http) as client:
        yield client


async def main(
    database: str, schema: str | None, emulator_url: str, connection: str, key: str, division: int
) -> SyncReport:
    """One incremental sync of `division`, reporting every page on stdout."""

    def progress(stream: str, rows: int) -> None:
        print(json.dumps({"stream": stream, "rows": rows}), flush=True)

    async with (
        Database(database, schema=schema) as db,
        exact_client(db, emulator_url, key, connection) as client,
    ):
        engine = SyncEngine(client, db, connection=connection, progress=progress)
        report = await engine.sync(division)
    totals = {what: report.total(what) for what in ("rows", "added", "updated", "deleted", "calls")}
    print(json.dumps({"done": report.run_id, **totals}), flush=True)
    return report


if __name__ == "__main__":
    url, schema_arg, emulator, connection_id, token_key, division_arg = sys.argv[1:7]
    asyncio.run(
        main(
            url,
            None if schema_arg == "-" else schema_arg,
            emulator,
            connection_id,
            token_key,
            int(division_arg),
        )
    )
