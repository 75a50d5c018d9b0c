"""`exactbridge db ...`: the store's database: migrate it, rotate its token keys.

The database is `--url`, else `EXACTBRIDGE_DATABASE_URL`, else the embedded default, a
SQLite file `exactbridge.db` in the working directory. URLs are printed with their
password hidden; token keys are never printed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from exactbridge.errors import ConfigurationError
from exactbridge.store.crypto import TokenCipher
from exactbridge.store.database import DEFAULT_DATABASE_URL, Database
from exactbridge.store.migrate import head_revision, upgrade
from exactbridge.store.settings import StoreSettings, display_url
from exactbridge.store.tokens import rotate_keys

__all__ = ["db"]

_console = Console()
_T = TypeVar("_T")

db = typer.Typer(
    name="db",
    help="The store's database: migrate it (upgrade), rotate token keys.",
    no_args_is_help=True,
)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Database URL (sqlite:///path.db or postgresql://user@host/db). Default: "
        f"$EXACTBRIDGE_DATABASE_URL, else {DEFAULT_DATABASE_URL} (a SQLite file in the "
        "working directory).",
        show_default=False,
    ),
]


def _url(url: str | None) -> str:
    return url if url is not None else StoreSettings().database_url.get_secret_value()


def _run(url: str, work: Callable[[Database], Awaitable[_T]]) -> _T:
    """Run `work` on the database at `url`; clear errors, never a traceback."""

    async def main() -> _T:
        async with Database(url) as database:
            return await work(database)

    try:
        return asyncio.run(main())
    except ConfigurationError as exc:
        _console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except (SQLAlchemyError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        _console.print(f"[red]error:[/red] {display_url(url)}: {reason}")
        raise typer.Exit(1) from None


@db.command(name="upgrade")
def upgrade_command(url: UrlOption = None) -> None:
    """Create or migrate the database to this version's schema (safe to repeat)."""
    target = _url(url)
    revision = _run(target, upgrade)
    _console.print(f"{display_url(target)}: at revision {revision} (newest {head_revision()})")


@db.command(name="rotate-keys")
def rotate_keys_command(url: UrlOption = None) -> None:
    """Re-encrypt every stored token with the newest key of EXACTBRIDGE_TOKEN_KEYS.

    Put a new key first in EXACTBRIDGE_TOKEN_KEYS (keeping the old ones after it), run this,
    then drop the old keys once every process runs with the new list.
    """
    target = _url(url)
    try:
        cipher = StoreSettings().cipher()
    except ConfigurationError as exc:
        _console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None

    async def rotate(database: Database) -> int:
        return await rotate_keys(database, cipher)

    rotated = _run(target, rotate)
    _console.print(f"{display_url(target)}: {rotated} token(s) re-encrypted with the newest key")


@db.command(name="new-key")
def new_key_command() -> None:
    """Print a new random token key, to put first in EXACTBRIDGE_TOKEN_KEYS."""
    typer.echo(TokenCipher.generate_key())
