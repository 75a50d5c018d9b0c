"""`DatabaseTokenStore`: encrypted at rest, exclusive across processes, keys rotated."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from exactbridge.client import TokenPair
from exactbridge.errors import ConfigurationError, ReconsentRequired
from exactbridge.store import Database, DatabaseTokenStore, TokenCipher, rotate_keys
from exactbridge.store._schema import tokens
from tests.integration.store.conftest import Target, add_connection

ROOT = Path(__file__).resolve().parents[3]
OLD, NEW = TokenCipher.generate_key(), TokenCipher.generate_key()
NOW = datetime(2026, 6, 25, 14, tzinfo=UTC)


def _pair(access: str = "access-1", refresh: str = "refresh-secret-1") -> TokenPair:
    return TokenPair(access, refresh, expires_at=NOW + timedelta(seconds=600), obtained_at=NOW)


@pytest.fixture
async def store(db: Database) -> DatabaseTokenStore:
    await add_connection(db, "acme")
    await add_connection(db, "globex")
    return DatabaseTokenStore(db, TokenCipher([OLD]))


async def _ciphertexts(db: Database) -> dict[str, str]:
    async with db.read() as tx:
        rows = await tx.execute(select(tokens.c.connection_id, tokens.c.ciphertext))
        return {str(row.connection_id): str(row.ciphertext) for row in rows}


async def test_pairs_round_trip_and_are_encrypted_at_rest(
    db: Database, store: DatabaseTokenStore
) -> None:
    assert await store.load("acme") is None
    await store.save("acme", _pair())
    assert await store.load("acme") == _pair()
    stored = await _ciphertexts(db)
    assert "refresh-secret-1" not in stored["acme"] and "access-1" not in stored["acme"]
    await store.save("acme", _pair("access-2", "refresh-secret-2"))
    assert await store.load("acme") == _pair("access-2", "refresh-secret-2")


async def test_a_ciphertext_moved_to_another_connection_is_refused(
    db: Database, store: DatabaseTokenStore
) -> None:
    await store.save("acme", _pair())
    await store.save("globex", _pair("g", "g"))
    stolen = (await _ciphertexts(db))["acme"]
    async with db.transaction() as tx:
        await tx.execute(
            update(tokens).where(tokens.c.connection_id == "globex").values(ciphertext=stolen)
        )
    with pytest.raises(ConfigurationError, match="belong to another connection"):
        await store.load("globex")


async def test_saving_for_an_unknown_connection_is_refused(store: DatabaseTokenStore) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        await store.save("nobody", _pair())
    with pytest.raises(ReconsentRequired) as refused:
        async with store.lock("nobody"):
            pass
    assert refused.value.reason == "not connected"


async def test_rotation_moves_every_pair_to_the_newest_key(
    db: Database, store: DatabaseTokenStore
) -> None:
    await store.save("acme", _pair())
    await store.save("globex", _pair("g", "g-refresh"))
    both = TokenCipher([NEW, OLD])
    assert await rotate_keys(db, both) == 2
    assert await rotate_keys(db, both) == 0  # nothing left on the old key
    only_new = DatabaseTokenStore(db, TokenCipher([NEW]))
    assert await only_new.load("acme") == _pair()
    assert await only_new.load("globex") == _pair("g", "g-refresh")
    with pytest.raises(ConfigurationError, match="cannot be decrypted"):
        await store.load("acme")  # the old key alone no longer opens them


async def test_rotation_refuses_a_pair_no_key_opens_and_changes_nothing(
    db: Database, store: DatabaseTokenStore
) -> None:
    await store.save("acme", _pair())
    before = await _ciphertexts(db)
    with pytest.raises(ConfigurationError):
        await rotate_keys(db, TokenCipher([NEW]))
    assert await _ciphertexts(db) == before


async def test_a_save_inside_the_lock_commits_when_the_lock_ends(
    target: Target, store: DatabaseTokenStore
) -> None:
    await store.save("acme", _pair())
    async with Database(target.url, schema=target.schema) as elsewhere:
        other = DatabaseTokenStore(elsewhere, TokenCipher([OLD]))
        async with store.lock("acme"):
            await store.save("acme", _pair("access-2"))
            assert (await store.load("acme")) == _pair("access-2")  # the holder sees it
            assert (await other.load("acme")) == _pair()  # others see the old pair
        assert (await other.load("acme")) == _pair("access-2")


async def test_the_lock_is_exclusive_across_processes(
    target: Target, store: DatabaseTokenStore
) -> None:
    await store.save("acme", _pair(access="0"))
    rounds = 15
    command = [
        sys.executable, "-m", "tests.integration.store.lock_worker",
        target.url, target.schema or "", OLD, "acme", str(rounds), str(time.time() + 4),
    ]  # fmt: skip
    workers = [
        await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [await worker.communicate() for worker in workers]
    for worker, (_, error) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, error.decode()
    held = [json.loads(out) for out, _ in outputs]
    pair = await store.load("acme")
    assert pair is not None and pair.access_token == str(2 * rounds)  # no increment lost
    first, second = held
    # The two processes wanted the lock at the same time (SQLite's writer lock is not fair:
    # one may well get it for every round before the other gets it at all)...
    assert min(w for w, _, _ in second) < max(e for _, _, e in first)
    assert min(w for w, _, _ in first) < max(e for _, _, e in second)
    for _, start, end in first:  # ...but they never held it at the same time
        assert all(end <= other_start or other_end <= start for _, other_start, other_end in second)
