"""A second process for `test_tokens`: increments a counter kept in a token pair, under lock.

`python -m tests.integration.store.lock_worker URL SCHEMA KEY CONNECTION ROUNDS START_AT`
waits until the epoch second START_AT (so that both workers run at once) and then, ROUNDS
times, does: take `DatabaseTokenStore.lock`, load the pair, wait a little, save the pair with its
access token (a number) plus one, and note when it asked for the lock, got it and let go.
It prints those instants as JSON. Without mutual exclusion, two such processes lose
increments and hold the lock at overlapping times.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
import time

from exactbridge.store import Database, DatabaseTokenStore, TokenCipher

HOLD_SECONDS = 0.01


async def main(
    url: str, schema: str, key: str, connection: str, rounds: int, start_at: float
) -> None:
    held: list[tuple[float, float, float]] = []
    async with Database(url, schema=schema or None) as db:
        store = DatabaseTokenStore(db, TokenCipher([key]))
        await asyncio.sleep(max(0.0, start_at - time.time()))
        for _ in range(rounds):
            wanted = time.time()
            async with store.lock(connection):
                started = time.time()
                pair = await store.load(connection)
                assert pair is not None
                await asyncio.sleep(HOLD_SECONDS)
                bumped = dataclasses.replace(pair, access_token=str(int(pair.access_token) + 1))
                await store.save(connection, bumped)
                held.append((wanted, started, time.time()))
    print(json.dumps(held))


if __name__ == "__main__":
    url, schema, key, connection, rounds, start_at = sys.argv[1:7]
    asyncio.run(main(url, schema, key, connection, int(rounds), float(start_at)))
