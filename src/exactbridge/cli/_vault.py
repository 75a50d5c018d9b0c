"""Opening the store of stored connections from the command line, with clear errors.

The CLI needs three things to use a stored connection: the database
(`--database-url`, else `EXACTBRIDGE_DATABASE_URL`, else `sqlite:///exactbridge.db`), the
token keys (`EXACTBRIDGE_TOKEN_KEYS`) and the OAuth app the connection consented to, whose
secret refreshes its tokens:

- `EXACTBRIDGE_CLIENT_ID`, `EXACTBRIDGE_CLIENT_SECRET`, `EXACTBRIDGE_REDIRECT_URI`.

A SQLite file that does not exist is reported, never created empty; a database that was
never migrated is reported with the command that migrates it. Every failure a user can fix
ends the command with a one-line message and exit status 1 or 2, never a traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from rich.console import Console
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from exactbridge.client import OAuthApp
from exactbridge.errors import ConfigurationError, ExactBridgeError
from exactbridge.store import Database, UnknownConnection, current_revision
from exactbridge.store.settings import StoreSettings, display_url

__all__ = ["AppSettings", "check_exists", "database_url", "fail", "open_database", "run"]

_T = TypeVar("_T")
_console = Console(stderr=True)


class AppSettings(BaseSettings):
    """The OAuth app of the stored connections, from `EXACTBRIDGE_CLIENT_*`."""

    model_config = SettingsConfigDict(env_prefix="EXACTBRIDGE_", extra="ignore")

    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    redirect_uri: str = ""

    def app(self) -> OAuthApp:
        """The app; ConfigurationError naming what is missing."""
        missing = [
            f"EXACTBRIDGE_{name.upper()}"
            for name, value in (
                ("client_id", self.client_id),
                ("client_secret", self.client_secret.get_secret_value()),
                ("redirect_uri", self.redirect_uri),
            )
            if not value
        ]
        if missing:
            raise ConfigurationError(
                f"set {', '.join(missing)}: the OAuth app the connections consented to "
                "(its secret refreshes their tokens)"
            )
        return OAuthApp(self.client_id, self.client_secret.get_secret_value(), self.redirect_uri)


def database_url(option: str | None) -> str:
    """`--database-url`, else `EXACTBRIDGE_DATABASE_URL`, else the embedded default."""
    return option if option is not None else StoreSettings().database_url.get_secret_value()


def check_exists(url: str) -> None:
    """Refuse a SQLite URL whose file does not exist (opening it would make an empty one).

    Raises:
        ConfigurationError: no such file, or the URL cannot be read.
    """
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - SQLAlchemy raises ArgumentError and ValueError
        raise ConfigurationError(f"the database URL {display_url(url)} cannot be read") from None
    if parsed.get_backend_name() != "sqlite":
        return
    path = parsed.database or ""
    if not path or path == ":memory:" or not Path(path).is_file():
        raise ConfigurationError(
            f"no database at {display_url(url)}: run `exactbridge demo` or connect an "
            "account first, or pass --database-url"
        )


async def open_database(url: str) -> Database:
    """The database at `url` (see `check_exists`), checked to be migrated.

    Raises:
        ConfigurationError: the schema was never created.
    """
    db = Database(url)
    try:
        if await current_revision(db) is None:
            raise ConfigurationError(
                f"{display_url(url)} has no exactbridge schema: run `exactbridge db upgrade "
                f"--url {display_url(url)}` first"
            )
    except BaseException:
        await db.dispose()
        raise
    return db


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `error: message` on stderr and end the command with `code`."""
    _console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def run(work: Callable[[], Coroutine[Any, Any, _T]], *, url: str) -> _T:
    """Run `work()` to the end; what a user can fix is one line on stderr, not a traceback."""
    try:
        check_exists(url)
        return asyncio.run(work())
    except UnknownConnection as exc:
        fail(f"{exc}; `exactbridge connections list` shows the stored ones", 2)
    except ConfigurationError as exc:
        fail(str(exc), 2)
    except ExactBridgeError as exc:
        fail(str(exc))
    except (SQLAlchemyError, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fail(f"{display_url(url)}: {reason}")
    except KeyboardInterrupt:
        fail("interrupted; what was written stays, with its checkpoints", 130)
