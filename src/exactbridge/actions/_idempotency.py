"""Idempotency keys: what a caller's key created, so a create is never made twice.

Exact has no idempotency keys of its own, and a POST that times out may or may not have
created the record (facts 3.3). So a create with a key is recorded before it is sent
(`claim`), with a fingerprint of the body; once Exact answers, the key gets the record's id
(`complete`). Asked again with the same key, the action returns that record instead of
creating another; asked with the same key and a different body, it refuses
(`IdempotencyConflict`). A key whose create never got an answer is resolved by looking the
record up (see `Actions.create`), and records already owned by other keys are not taken.

`MemoryIdempotencyStore` serves one process; `exactbridge.store.DatabaseIdempotencyStore`
serves every process of a deployment.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

import orjson

from exactbridge.store.idempotency import IdempotentCall

__all__ = [
    "IdempotencyStore",
    "IdempotentCall",
    "MemoryIdempotencyStore",
    "fingerprint",
]


def fingerprint(body: Mapping[str, Any]) -> str:
    """A stable digest of an Exact request body (key order and spacing do not matter)."""
    text = orjson.dumps(body, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(text).hexdigest()


class IdempotencyStore(Protocol):
    """Where idempotency keys live; a shared store serves every process of a deployment."""

    async def claim(self, scope: str, key: str, fingerprint: str, now: datetime) -> IdempotentCall:
        """The call recorded for `key`, recording a fresh one (`fresh=True`) if none exists.

        Atomic: of two concurrent claims of one key exactly one is fresh.
        """
        ...

    async def complete(self, scope: str, key: str, record_id: str) -> None:
        """Record the id of the record `key` created."""
        ...

    async def owned(self, scope: str, record_ids: Iterable[str]) -> set[str]:
        """Which of `record_ids` some key of `scope` already created."""
        ...


class MemoryIdempotencyStore:
    """Keys in this process's memory: tests, scripts, the embedded default's single process."""

    def __init__(self) -> None:
        self._calls: dict[tuple[str, str], IdempotentCall] = {}
        self._lock = asyncio.Lock()

    async def claim(self, scope: str, key: str, fingerprint: str, now: datetime) -> IdempotentCall:
        """The recorded call, or a fresh one."""
        async with self._lock:
            found = self._calls.get((scope, key))
            if found is not None:
                return replace(found, fresh=False)
            call = IdempotentCall(scope, key, fingerprint, now)
            self._calls[(scope, key)] = call
            return replace(call, fresh=True)

    async def complete(self, scope: str, key: str, record_id: str) -> None:
        """Remember the created record's id."""
        async with self._lock:
            self._calls[(scope, key)] = replace(self._calls[(scope, key)], record_id=record_id)

    async def owned(self, scope: str, record_ids: Iterable[str]) -> set[str]:
        """The ids among `record_ids` that a key of `scope` created."""
        wanted = set(record_ids)
        return {
            call.record_id
            for (call_scope, _), call in self._calls.items()
            if call_scope == scope and call.record_id in wanted
        }
