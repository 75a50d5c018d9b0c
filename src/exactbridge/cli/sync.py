"""`exactbridge sync`: bring the local copy of a stored connection's divisions up to date.

Runs `SyncEngine` in this process, one division after the other, with a progress bar per
stream and a summary table at the end. Incremental by default (each stream continues from
its checkpoint); `--full` forgets the checkpoints and reads everything again, which also
finds records deleted longer ago than Exact's deleted log remembers.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated

import httpx
import typer
from rich.console import Console

from exactbridge.cli._report import PARALLEL, StatusCounter, SyncDisplay, summary_table
from exactbridge.cli._vault import AppSettings, database_url, fail, open_database, run
from exactbridge.errors import ConfigurationError
from exactbridge.store import Connection, Connections, StoreSettings
from exactbridge.sync.engine import SyncEngine, SyncReport
from exactbridge.sync.streams import STREAMS

__all__ = ["sync"]

_console = Console()


def sync(
    database_url_option: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="The store (sqlite:///path.db or postgresql://user@host/db). Default: "
            "$EXACTBRIDGE_DATABASE_URL, else sqlite:///exactbridge.db.",
            show_default=False,
        ),
    ] = None,
    connection: Annotated[
        str | None,
        typer.Option(
            help="Connection id. Default: the only stored connection.", show_default=False
        ),
    ] = None,
    division: Annotated[
        list[int] | None,
        typer.Option(help="Division code to sync (repeatable). Default: every division."),
    ] = None,
    resource: Annotated[
        list[str] | None,
        typer.Option(help="Unified resource to sync, e.g. invoices (repeatable). Default: all."),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Forget the checkpoints and read everything again.")
    ] = False,
) -> None:
    """Sync a stored connection into the store: incremental, or --full.

    Needs EXACTBRIDGE_TOKEN_KEYS (the keys the tokens were stored with) and
    EXACTBRIDGE_CLIENT_ID, EXACTBRIDGE_CLIENT_SECRET, EXACTBRIDGE_REDIRECT_URI (the app the
    connection consented to).
    """
    url = database_url(database_url_option)
    known = {name for stream in STREAMS for name in stream.resources}
    unknown = sorted(set(resource or ()) - known)
    if unknown:
        fail(f"unknown resource {', '.join(unknown)}; one of {', '.join(sorted(known))}", 2)
    run(lambda: _sync(url, connection, division or [], resource or [], full), url=url)


async def _sync(
    url: str, connection_id: str | None, divisions: list[int], resources: list[str], full: bool
) -> None:
    cipher = StoreSettings().cipher()
    app = AppSettings().app()
    db = await open_database(url)
    counter = StatusCounter()
    try:
        connections = Connections(db, cipher, app, clock=_now, transport=counter)
        chosen = await _connection(connections, connection_id)
        codes = _divisions(chosen, divisions)
        reports: list[SyncReport] = []
        started = time.perf_counter()
        async with (
            httpx.AsyncClient(transport=counter, timeout=60.0) as http,
            connections.client(chosen, http) as client,
        ):
            with SyncDisplay(_console) as display:
                for code in codes:
                    begun = time.perf_counter()
                    engine = SyncEngine(
                        client,
                        db,
                        connection=chosen.id,
                        progress=display.division(code),
                        parallel=PARALLEL,
                    )
                    report = await engine.sync(code, full=full, only=resources or None)
                    display.done(report, time.perf_counter() - begun)
                    reports.append(report)
        _console.print(
            summary_table(
                reports,
                seconds=time.perf_counter() - started,
                rate_limited=counter.statuses[429],
                title=f"sync of connection {chosen.id}" + (" (full)" if full else ""),
            )
        )
    finally:
        await db.dispose()


async def _connection(connections: Connections, connection_id: str | None) -> Connection:
    if connection_id is not None:
        return await connections.get(connection_id)
    stored = await connections.list()
    if len(stored) == 1:
        return stored[0]
    if not stored:
        raise ConfigurationError("the store has no connection yet: connect an account first")
    ids = ", ".join(each.id for each in stored)
    raise ConfigurationError(f"the store has {len(stored)} connections ({ids}): pick --connection")


def _divisions(connection: Connection, wanted: list[int]) -> list[int]:
    reachable = [division.code for division in connection.divisions]
    missing = sorted(set(wanted) - set(reachable))
    if missing:
        raise ConfigurationError(
            f"connection {connection.id} does not reach division "
            f"{', '.join(map(str, missing))}; it reaches {', '.join(map(str, reachable))}"
        )
    return wanted or reachable


def _now() -> datetime:
    return datetime.now(UTC)
