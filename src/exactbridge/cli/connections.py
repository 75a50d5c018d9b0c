"""`exactbridge connections list` and `exactbridge status`: what the store holds, and how
each connection and division stands (the rules of `exactbridge.store.health`).

Both only read the store: no call to Exact, no token key needed (tokens are never shown).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from exactbridge.cli._vault import database_url, open_database, run
from exactbridge.client import OAuthApp
from exactbridge.store import Connections, SyncState, TokenCipher

__all__ = ["connections", "status"]

_console = Console()

connections = typer.Typer(
    name="connections", help="Stored connections: list them.", no_args_is_help=True
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
        db = await open_database(url)
        try:
            vault = Connections(db, _NO_KEY, _NO_APP, clock=_now)
            state = SyncState(db)
            table = Table(title=f"connections in {url}", title_justify="left")
            for name in ("connection", "user", "region", "division", "name", "last sync"):
                table.add_column(name)
            for connection in await vault.list():
                runs = {run.division: run for run in reversed(await state.runs(connection.id))}
                for n, division in enumerate(connection.divisions):
                    run = runs.get(division.code)
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
        finally:
            await db.dispose()

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
        db = await open_database(url)
        try:
            vault = Connections(db, _NO_KEY, _NO_APP, clock=_now)
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
        finally:
            await db.dispose()

    run(work, url=url)


def _at(instant: datetime | None) -> str:
    return "" if instant is None else f"{instant:%Y-%m-%d %H:%M} UTC"


def _now() -> datetime:
    return datetime.now(UTC)
