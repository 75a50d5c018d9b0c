"""`exactbridge connections list|runs|delete` and `exactbridge status`: what the store holds,
the sync runs it remembers, and how each connection and division stands (the rules of
`exactbridge.store.health`).

None of them calls Exact or needs a token key (tokens are never shown); only `delete`
writes, and it asks first (or takes `--yes`).
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from exactbridge.cli._vault import database_url, fail, open_database, run
from exactbridge.client import OAuthApp
from exactbridge.store import Connections, SyncRun, SyncState, TokenCipher

__all__ = ["connections", "status"]

_console = Console()

connections = typer.Typer(
    name="connections",
    help="Stored connections: list them, show their sync runs, delete one.",
    no_args_is_help=True,
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="The store. Default: $EXACTBRIDGE_DATABASE_URL, else sqlite:///exactbridge.db.",
        show_default=False,
    ),
]

# Reading needs neither a token key nor the app's secret: placeholders that are never used.
_NO_KEY = TokenCipher([TokenCipher.generate_key()])
_NO_APP = OAuthApp("reading", "reading", "http://127.0.0.1/")


@connections.command(name="list")
def list_command(database_url_option: DatabaseOption = None) -> None:
    """Every stored connection: id, user, region, divisions, and its last sync per division."""
    url = database_url(database_url_option)

    async def work() -> None:
        async with _stored(url) as (vault, state):
            table = Table(title=f"connections in {url}", title_justify="left")
            for name in ("connection", "user", "region", "division", "name", "last sync"):
                table.add_column(name)
            for connection in await vault.list():
                for n, division in enumerate(connection.divisions):
                    latest = await state.runs(connection.id, division.code, limit=1)
                    run = latest[0] if latest else None
                    last = (
                        f"{run.started_at:%Y-%m-%d %H:%M} {run.state}, +{run.added} "
                        f"~{run.updated} -{run.deleted}, {run.calls} calls"
                        if run is not None
                        else "never"
                    )
                    first = n == 0
                    table.add_row(
                        connection.id if first else "",
                        (connection.user_name or "") if first else "",
                        connection.region if first else "",
                        str(division.code),
                        division.name or "",
                        last,
                    )
            _console.print(table)

    run(work, url=url)


@connections.command(name="runs")
def runs_command(
    database_url_option: DatabaseOption = None,
    connection: Annotated[
        str | None, typer.Option(help="One connection (default: every one).", show_default=False)
    ] = None,
    division: Annotated[
        int | None, typer.Option(help="One division code (default: every one).", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Show this many runs at most.")] = 20,
) -> None:
    """The sync-run history, newest first: when, how long, records added, updated and
    deleted, calls spent, and why a run failed."""
    url = database_url(database_url_option)

    async def work() -> None:
        async with _stored(url) as (vault, state):
            chosen = [await vault.get(connection)] if connection is not None else await vault.list()
            found: list[SyncRun] = []
            for each in chosen:
                found += await state.runs(each.id, division, limit=limit)
            found.sort(key=lambda r: (r.started_at, r.id), reverse=True)
            if not found:
                _console.print("no sync runs yet: `exactbridge sync` makes the first")
                return
            table = Table(title=f"sync runs in {url}, newest first", title_justify="left")
            for name in ("run", "connection", "division", "resources", "started (UTC)", "took",
                         "state", "added", "updated", "deleted", "calls", "error"):  # fmt: skip
                table.add_column(name, overflow="fold")
            for each_run in found[:limit]:
                table.add_row(
                    str(each_run.id),
                    each_run.connection,
                    str(each_run.division),
                    each_run.resource or "all",
                    f"{each_run.started_at:%Y-%m-%d %H:%M:%S}",
                    _took(each_run),
                    each_run.state,
                    f"{each_run.added:,}",
                    f"{each_run.updated:,}",
                    f"{each_run.deleted:,}",
                    f"{each_run.calls:,}",
                    each_run.error or "",
                )
            _console.print(table)

    run(work, url=url)


@connections.command(name="delete")
def delete_command(
    connection_id: Annotated[
        str, typer.Argument(help="The connection's id (`exactbridge connections list`).")
    ],
    database_url_option: DatabaseOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking first.")] = False,
) -> None:
    """Delete a connection with its tokens, divisions, synced records, checkpoints, runs and
    schedules. Exact is not told: to end the app's access there too, revoke it in Exact."""
    url = database_url(database_url_option)

    async def work() -> None:
        async with _stored(url) as (vault, _):
            found = await vault.get(connection_id)
            divisions = len(found.divisions)
            what = (
                f"connection {found.id} ({found.user_name or 'unknown user'}, {found.region}, "
                f"{divisions} division{'s' if divisions != 1 else ''})"
            )
            if not yes:
                if not sys.stdin.isatty():
                    fail(f"not deleting {what} without --yes: there is no terminal to ask on", 2)
                typer.confirm(f"Delete {what} with its tokens and synced records?", abort=True)
            await vault.delete(found.id)
            _console.print(f"deleted {what}: its tokens, synced records and run history")

    run(work, url=url)


def status(
    database_url_option: DatabaseOption = None,
    connection: Annotated[
        str | None, typer.Option(help="One connection (default: every one).", show_default=False)
    ] = None,
) -> None:
    """How each connection and division stands: healthy, needs re-consent, rate limited..."""
    url = database_url(database_url_option)

    async def work() -> None:
        async with _stored(url) as (vault, _):
            chosen = [await vault.get(connection)] if connection is not None else await vault.list()
            table = Table(title=f"status in {url}", title_justify="left")
            for name in ("connection", "division", "state", "reason", "until"):
                table.add_column(name)
            for each in chosen:
                found = await vault.status(each.id)
                table.add_row(each.id, "", found.state.value, found.reason or "", _at(found.until))
                for division in found.divisions:
                    table.add_row(
                        "",
                        f"{division.division} {division.name or ''}",
                        division.state.value,
                        division.reason or "",
                        _at(division.until),
                    )
            _console.print(table)

    run(work, url=url)


@asynccontextmanager
async def _stored(url: str) -> AsyncIterator[tuple[Connections, SyncState]]:
    """The store at `url`: its connections (no token key: tokens are never read) and its
    sync state; the database is closed after the block."""
    db = await open_database(url)
    try:
        yield Connections(db, _NO_KEY, _NO_APP, clock=_now), SyncState(db)
    finally:
        await db.dispose()


def _took(sync_run: SyncRun) -> str:
    if sync_run.finished_at is None:
        return "running" if sync_run.state == "running" else ""
    seconds = (sync_run.finished_at - sync_run.started_at).total_seconds()
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _at(instant: datetime | None) -> str:
    return "" if instant is None else f"{instant:%Y-%m-%d %H:%M} UTC"


def _now() -> datetime:
    return datetime.now(UTC)
