"""`exactbridge sync` as a process: a stored connection to an emulator process synced over
real sockets, then incrementally; and the errors a user meets, without tracebacks."""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from exactbridge.cli._local import connect_through_consent, oauth_app
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.store import Connection, Database, SyncState, TokenCipher, upgrade
from tests.support.admin_changes import AdminSurface, Target, random_changes
from tests.support.processes import EXACTBRIDGE, running_emulator

pytestmark = pytest.mark.acceptance


def _environment(key: str = "") -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "COLUMNS": "200",
        "EXACTBRIDGE_TOKEN_KEYS": key,
        "EXACTBRIDGE_CLIENT_ID": DEFAULT_APP.client_id,
        "EXACTBRIDGE_CLIENT_SECRET": DEFAULT_APP.client_secret,
        "EXACTBRIDGE_REDIRECT_URI": DEFAULT_APP.redirect_uri,
    }


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXACTBRIDGE, *args], capture_output=True, text=True, timeout=600, env=env, check=False
    )


def _sync(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _cli("sync", *args, env=env)


async def _connect(url: str, database: str, key: str) -> Connection:
    async with Database(database) as db:
        await upgrade(db)
        _, connection = await connect_through_consent(
            db, TokenCipher([key]), oauth_app(DEFAULT_APP), url
        )
    return connection


def _live(path: Path, resource: str) -> int:
    with sqlite3.connect(path) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM records r JOIN record_scopes s ON s.id = r.scope_id "
            "WHERE s.resource = ? AND NOT r.deleted",
            (resource,),
        ).fetchone()
    return int(count)


def test_sync_a_stored_connection_then_incrementally(tmp_path: Path) -> None:
    key = TokenCipher.generate_key()
    path = tmp_path / "store.db"
    database = f"sqlite:///{path}"
    env = _environment(key)
    with running_emulator("--size", "small", "--divisions", "2") as url:
        connection = asyncio.run(_connect(url, database, key))
        division = connection.divisions[0].code
        first = _sync("--database-url", database, "--division", str(division),
                      "--resource", "contacts", "--resource", "invoices", env=env)  # fmt: skip
        assert first.returncode == 0, first.stdout + first.stderr
        contacts, invoices = _live(path, "contacts"), _live(path, "invoices")
        assert contacts > 0 and invoices > 0
        assert _live(path, "items") == 0  # only the resources asked for
        assert "429s seen: 0" in " ".join(first.stdout.split())

        # A contact deleted in Exact is marked deleted by the next (incremental) run.
        gone = asyncio.run(_delete_a_contact(url, division))
        again = _sync("--database-url", database, "--connection", connection.id,
                      "--division", str(division), "--resource", "contacts", env=env)  # fmt: skip
        assert again.returncode == 0, again.stdout + again.stderr
        assert _live(path, "contacts") == contacts - 1
        with sqlite3.connect(path) as db:
            runs = db.execute("SELECT state, deleted FROM sync_runs ORDER BY id").fetchall()
            (deleted,) = db.execute("SELECT deleted FROM records WHERE id = ?", (gone,)).fetchone()
        assert runs[-1] == ("succeeded", 1) and deleted

    # what the store holds, and how it stands; neither needs the keys nor calls Exact
    other = connection.divisions[1].code
    asyncio.run(_failed_runs(database, connection.id, other, 60))  # more than a page of runs
    listed = _cli("connections", "list", "--database-url", database, env=_environment(""))
    assert listed.returncode == 0, listed.stderr
    text = " ".join(listed.stdout.split())
    assert connection.id in text and str(division) in text
    assert "succeeded, +0 ~0 -1" in text  # the last run of `division`, behind 60 newer ones
    assert "failed" in text
    health = _cli("status", "--database-url", database, env=_environment(""))
    assert health.returncode == 0, health.stderr
    assert connection.id in health.stdout and "healthy" in health.stdout

    # the run history, newest first: the incremental run found the one deleted contact
    history = _cli("connections", "runs", "--database-url", database, "--division",
                   str(division), env=_environment(""))  # fmt: skip
    assert history.returncode == 0, history.stderr
    rows = [
        [cell.strip() for cell in line.split("│")]
        for line in history.stdout.splitlines()
        if connection.id in line
    ]
    assert len(rows) == 2 and all("succeeded" in row for row in rows)
    newest = rows[0]
    assert newest[newest.index("succeeded") + 3] == "1"  # added, updated, deleted
    nothing = _cli("connections", "runs", "--database-url", database, "--division", "1",
                   env=_environment(""))  # fmt: skip
    assert nothing.returncode == 0 and "no sync runs yet" in nothing.stdout
    latest = _cli("connections", "runs", "--database-url", database, "--limit", "3",
                  env=_environment(""))  # fmt: skip
    shown = [line for line in latest.stdout.splitlines() if connection.id in line]
    assert len(shown) == 3 and all("failed" in line and "stopped" in line for line in shown)

    # deleting asks first; without a terminal it needs --yes, and then takes the data too
    refused = _cli("connections", "delete", connection.id, "--database-url", database,
                   env=_environment(""))  # fmt: skip
    assert refused.returncode == 2 and "without --yes" in refused.stderr
    assert _live(path, "contacts") == contacts - 1
    deleted = _cli("connections", "delete", connection.id, "--database-url", database, "--yes",
                   env=_environment(""))  # fmt: skip
    assert deleted.returncode == 0, deleted.stderr
    assert f"deleted connection {connection.id}" in " ".join(deleted.stdout.split())
    assert _live(path, "contacts") == 0 and _live(path, "invoices") == 0
    with sqlite3.connect(path) as db:
        for table in ("connections", "tokens", "sync_runs", "sync_checkpoints", "records"):
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,), table
    again = _cli("connections", "delete", connection.id, "--database-url", database, "--yes",
                 env=_environment(""))  # fmt: skip
    assert again.returncode == 2 and "no connection has the id" in again.stderr


async def _failed_runs(database: str, connection: str, division: int, count: int) -> None:
    """`count` failed runs of `division`, newer than every run before."""
    async with Database(database) as db:
        state = SyncState(db)
        at = datetime.now(UTC) + timedelta(minutes=1)
        for n in range(count):
            run_id = await state.start_run(connection, division, None, at=at + timedelta(seconds=n))
            await state.finish_run(run_id, at=at + timedelta(seconds=n + 1), error="stopped")


async def _delete_a_contact(url: str, division: int) -> str:
    """Delete one contact Exact lets go of, through the admin surface; its id."""
    target = Target("crm/Contacts", "LastName", creates=0, updates=0, deletes=1)
    async with httpx.AsyncClient(base_url=url) as http:
        changes = await random_changes(AdminSurface(http, division), [target], random.Random(6))
    (gone,) = changes.deleted["crm/Contacts"]
    return gone.lower()


def test_clear_errors_without_tracebacks(tmp_path: Path) -> None:
    key = TokenCipher.generate_key()
    env = _environment(key)
    missing = _sync("--database-url", f"sqlite:///{tmp_path / 'none.db'}", env=env)
    assert missing.returncode == 2
    assert "no database at" in missing.stderr
    assert not (tmp_path / "none.db").exists()  # reported, not created empty

    path = tmp_path / "store.db"
    asyncio.run(_migrate(f"sqlite:///{path}"))
    unknown = _sync("--database-url", f"sqlite:///{path}", "--connection", "nope", env=env)
    assert unknown.returncode == 2
    assert "no connection has the id 'nope'" in unknown.stderr
    empty = _sync("--database-url", f"sqlite:///{path}", env=env)
    assert empty.returncode == 2 and "no connection yet" in empty.stderr
    wrong = _sync("--database-url", f"sqlite:///{path}", "--resource", "invoicez", env=env)
    assert wrong.returncode == 2 and "unknown resource invoicez" in wrong.stderr
    no_keys = _sync("--database-url", f"sqlite:///{path}", env=_environment(""))
    assert no_keys.returncode == 2 and "EXACTBRIDGE_TOKEN_KEYS" in no_keys.stderr
    for result in (missing, unknown, empty, wrong, no_keys):
        assert "Traceback" not in result.stdout + result.stderr


async def _migrate(url: str) -> None:
    async with Database(url) as db:
        await upgrade(db)
