"""`exactbridge db upgrade` as a user runs it: a real process, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import inspect

from exactbridge.client import TokenPair
from exactbridge.store import (
    Database,
    DatabaseTokenStore,
    TokenCipher,
    current_revision,
    head_revision,
)
from exactbridge.store._schema import metadata
from tests.integration.store.conftest import CREATED, POSTGRES, add_connection, require_postgres
from tests.support.processes import EXACTBRIDGE

pytestmark = pytest.mark.acceptance

PAIR = TokenPair("access", "refresh", expires_at=CREATED, obtained_at=CREATED)


def _cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EXACTBRIDGE_")}
    return subprocess.run(
        [EXACTBRIDGE, "db", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env=environment | (env or {}),
    )


async def _migrated(url: str) -> set[str]:
    async with Database(url) as db:
        assert await current_revision(db) == head_revision()
        async with db.read() as tx:
            return await tx.run_sync(lambda sync: set(inspect(sync).get_table_names()))


async def test_upgrade_creates_the_schema_in_a_sqlite_file_and_can_repeat(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    for _ in range(2):
        result = _cli("upgrade", "--url", url, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"at revision {head_revision()}" in result.stdout
    assert await _migrated(url) == set(metadata.tables) | {"alembic_version"}


async def test_the_url_comes_from_the_environment_else_the_working_directory(
    tmp_path: Path,
) -> None:
    chosen = tmp_path / "chosen.db"
    result = _cli("upgrade", cwd=tmp_path, env={"EXACTBRIDGE_DATABASE_URL": f"sqlite:///{chosen}"})
    assert result.returncode == 0, result.stderr
    assert chosen.exists() and not (tmp_path / "exactbridge.db").exists()
    result = _cli("upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert await _migrated(f"sqlite:///{tmp_path / 'exactbridge.db'}")


@pytest.fixture
async def fresh_postgres_database() -> AsyncIterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards; its name."""
    await require_postgres()
    name = f"eb_cli_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(POSTGRES)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_upgrade_creates_the_schema_in_postgresql_without_showing_the_password(
    fresh_postgres_database: str, tmp_path: Path
) -> None:
    base = POSTGRES.rsplit("/", 1)[0].replace("postgres@", "postgres:hunter2@", 1)
    url = f"{base}/{fresh_postgres_database}"
    result = _cli("upgrade", "--url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "hunter2" not in result.stdout + result.stderr and "***" in result.stdout
    assert await _migrated(url) == set(metadata.tables) | {"alembic_version"}


def test_bad_urls_give_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    refused = _cli("upgrade", "--url", "mysql://u@h/d", cwd=tmp_path)
    assert refused.returncode == 2
    assert "sqlite:// or postgresql://" in refused.stdout
    unreachable = _cli(
        "upgrade", "--url", "postgresql://u:pw-secret@127.0.0.1:1/none", cwd=tmp_path
    )
    assert unreachable.returncode == 1
    for result in (refused, unreachable):
        assert "Traceback" not in result.stdout + result.stderr
    assert "pw-secret" not in unreachable.stdout + unreachable.stderr


def test_new_key_prints_a_usable_key_and_help_names_the_default(tmp_path: Path) -> None:
    key = _cli("new-key", cwd=tmp_path).stdout.strip()
    assert TokenCipher([key]).decrypt(TokenCipher([key]).encrypt(b"x")) == b"x"
    help_text = " ".join(_cli("upgrade", "--help", cwd=tmp_path).stdout.split())
    assert "EXACTBRIDGE_DATABASE_URL" in help_text and "sqlite:///exactbridge.db" in help_text


async def test_rotate_keys_re_encrypts_stored_tokens_without_printing_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert _cli("upgrade", "--url", url, cwd=tmp_path).returncode == 0
    old, new = TokenCipher.generate_key(), TokenCipher.generate_key()
    async with Database(url) as db:
        await add_connection(db, "acme")
        await DatabaseTokenStore(db, TokenCipher([old])).save("acme", PAIR)
    result = _cli(
        "rotate-keys", "--url", url, cwd=tmp_path, env={"EXACTBRIDGE_TOKEN_KEYS": f"{new},{old}"}
    )
    assert result.returncode == 0, result.stderr
    assert "1 token(s) re-encrypted" in result.stdout
    assert old not in result.stdout + result.stderr and new not in result.stdout + result.stderr
    async with Database(url) as db:
        assert await DatabaseTokenStore(db, TokenCipher([new])).load("acme") == PAIR
    missing = _cli("rotate-keys", "--url", url, cwd=tmp_path)
    assert missing.returncode == 2 and "EXACTBRIDGE_TOKEN_KEYS" in missing.stdout
