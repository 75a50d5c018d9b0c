"""`exactbridge demo`: the main job on the embedded default, start to finish.

1. An Exact Online emulator is seeded (`--size`, `--divisions`) and served over HTTP on
   loopback from a thread of this process.
2. It is connected through the real OAuth code flow with `exactbridge.store.Connections`:
   the consent page is answered as a user would (every division ticked), the code is
   exchanged and the connection stored in a SQLite file, its tokens encrypted with a key
   generated on first use and kept beside the file (`--dir`, default `./.exactbridge/`).
3. Every division is synced into that file with `SyncEngine`, a progress bar per stream,
   paced by the shared rate-limit budget against the emulator's limits (Exact's 60 calls
   a window, the window shortened to `--minute-seconds` so the demo takes seconds).
4. A summary: records per resource (added, updated, deleted), calls used, time, 429s.

Without `--no-serve` the emulator then keeps serving (Exact's API, OAuth and the
emulator's admin surface) until Ctrl-C, and the command to sync the stored connection again
with `exactbridge sync` is printed. The API server and dashboard come with a later issue.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from pathlib import Path
from typing import Annotated, Literal

import httpx
import typer
from rich.console import Console

from exactbridge.cli._local import (
    ServedEmulator,
    connect_through_consent,
    oauth_app,
    serve_in_thread,
)
from exactbridge.cli._report import PARALLEL, StatusCounter, SyncDisplay, summary_table
from exactbridge.cli._vault import fail
from exactbridge.emulator.clock import SystemClock
from exactbridge.emulator.config import DEFAULT_APP, EmulatorConfig, RateLimits
from exactbridge.emulator.state import build_state
from exactbridge.errors import ExactBridgeError
from exactbridge.store import Connection, Database, TokenCipher, upgrade
from exactbridge.sync.engine import SyncEngine, SyncReport

__all__ = ["demo"]

_console = Console()
DEFAULT_DIR = Path(".exactbridge")
DATABASE_FILE = "demo.db"
KEY_FILE = "demo.key"


def demo(
    serve: Annotated[
        bool,
        typer.Option(
            help="After the sync keep the emulator serving (Exact's API, OAuth and its admin "
            "surface) until Ctrl-C; --no-serve exits after the summary."
        ),
    ] = True,
    size: Annotated[
        Literal["small", "medium", "large"], typer.Option(help="Data per division.")
    ] = "medium",
    divisions: Annotated[int, typer.Option(min=1, max=20, help="Divisions to seed.")] = 2,
    directory: Annotated[
        Path,
        typer.Option(
            "--dir",
            help=f"Where the store lives: {DATABASE_FILE} (SQLite, made anew each run) and "
            f"{KEY_FILE} (its token key, made on first use, mode 0600).",
        ),
    ] = DEFAULT_DIR,
    port: Annotated[int, typer.Option(help="Emulator port (0 picks a free one).")] = 0,
    minute_seconds: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Length of the emulator's rate-limit 'minute' (Exact: 60 s); the sync "
            "still keeps to 60 calls per window, only the window is shorter.",
        ),
    ] = 1.0,
) -> None:
    """The main job: emulator, OAuth connect, sync of every division, summary."""
    with _console.status(f"Seeding the emulator: {divisions} division(s) of {size} data…"):
        limits = RateLimits(minute_seconds=minute_seconds)
        config = EmulatorConfig(divisions=divisions, size=size, limits=limits)
        state = build_state(config, SystemClock())
    try:
        with serve_in_thread(state, port=port) as emulator:
            _console.rule(f"Exact Online emulator at {emulator.url}")
            database, key_file = _prepare(directory)
            key = key_file.read_text(encoding="ascii").strip()
            asyncio.run(_main(emulator, f"sqlite:///{database}", key))
            if serve:
                _serving(emulator, database, key_file)
    except ExactBridgeError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        _console.print("stopped")


def _prepare(directory: Path) -> tuple[Path, Path]:
    """A fresh database file and the token key beside it (made once, kept private)."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / DATABASE_FILE
    for suffix in ("", "-wal", "-shm"):  # each run connects a newly seeded emulator
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    key_file = directory / KEY_FILE
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(TokenCipher.generate_key() + "\n")
    return database, key_file


async def _main(emulator: ServedEmulator, url: str, key: str) -> None:
    cipher = TokenCipher([key])
    counter = StatusCounter()
    async with Database(url) as db:
        await upgrade(db)
        connections, connection = await connect_through_consent(
            db, cipher, oauth_app(DEFAULT_APP), emulator.url, transport=counter
        )
        _describe(connection, url)
        reports: list[SyncReport] = []
        started = time.perf_counter()
        async with (
            httpx.AsyncClient(transport=counter, timeout=60.0) as http,
            connections.client(connection, http) as client,
        ):
            with SyncDisplay(_console) as display:
                for division in connection.divisions:
                    begun = time.perf_counter()
                    engine = SyncEngine(
                        client,
                        db,
                        connection=connection.id,
                        progress=display.division(division.code),
                        parallel=PARALLEL,
                    )
                    report = await engine.sync(division.code)
                    display.done(report, time.perf_counter() - begun)
                    reports.append(report)
        _console.print(
            summary_table(
                reports,
                seconds=time.perf_counter() - started,
                rate_limited=counter.statuses[429],
                title="Summary: records per resource, every division",
            )
        )


def _describe(connection: Connection, url: str) -> None:
    _console.print(
        f"Connected through OAuth as {connection.full_name} ({connection.user_name}): "
        f"connection [bold]{connection.id}[/bold], stored in {url} with encrypted tokens"
    )
    for division in connection.divisions:
        _console.print(f"  division {division.code}: {division.name} ({division.country})")


def _serving(emulator: ServedEmulator, database: Path, key_file: Path) -> None:
    url = emulator.url
    _console.rule("The emulator keeps serving; Ctrl-C stops it")
    _console.print(
        f"  Exact's REST API   {url}/api/v1/…  (OAuth: {url}/api/oauth2/auth, /api/oauth2/token)\n"
        f"  admin surface      {url}/__emulator/  (change records, counters, snapshot)\n"
        "  Sync the stored connection again, in another terminal:\n"
        f"    EXACTBRIDGE_TOKEN_KEYS=$(cat {key_file}) \\\n"
        f"    EXACTBRIDGE_CLIENT_ID={DEFAULT_APP.client_id} \\\n"
        f"    EXACTBRIDGE_CLIENT_SECRET={DEFAULT_APP.client_secret} \\\n"
        f"    EXACTBRIDGE_REDIRECT_URI={DEFAULT_APP.redirect_uri} \\\n"
        f"    exactbridge sync --database-url sqlite:///{database}",
        highlight=False,
    )
    with contextlib.suppress(KeyboardInterrupt):
        emulator.wait()
