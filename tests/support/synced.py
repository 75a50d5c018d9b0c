"""Test helper: a synced store compared with Exact's ground truth, record by record.

Ground truth is `Actions.list` of every resource: the unified API reading the emulator live,
with the same mapping the sync engine stores. The store's side is every record a sync wrote
for a (connection, division), deleted ones included. Records are compared by a checksum of
their canonical JSON (keys sorted, no spaces), so a difference in any field shows, and by
id, so a missing, extra or wrongly deleted record shows; `differences` says which, by name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from exactbridge.actions import RESOURCES, Actions
from exactbridge.store import Database, RecordQuery, RecordStore

__all__ = [
    "Stored",
    "checksum",
    "differences",
    "live_count",
    "stored_records",
    "truth",
]

Checksums = dict[str, str]
"""Record id -> checksum of the record."""

_SHOWN = 5  # ids named per kind of difference


def checksum(document: Any) -> str:
    """SHA-256 of a JSON document in canonical form (sorted keys, no whitespace)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def truth(
    actions: Actions, division: int, resources: Iterable[str] = RESOURCES
) -> dict[str, Checksums]:
    """Per resource, the checksum of every record `Actions.list` returns now.

    Raises:
        AssertionError: the live API returns one id twice within a resource (a store keyed
            by id could not hold both, so the comparison would be meaningless).
    """
    found: dict[str, Checksums] = {}
    for resource in resources:
        records: Checksums = {}
        async for record in actions.list(resource, division):
            assert record.id not in records, f"{resource}: Actions.list repeats {record.id}"
            records[record.id] = checksum(json.loads(record.model_dump_json()))
        found[resource] = records
    return found


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored record as the comparison sees it."""

    checksum: str
    deleted: bool


async def stored_records(
    db: Database, connection: str, division: int, resources: Iterable[str] = RESOURCES
) -> dict[str, dict[str, Stored]]:
    """Per resource, every stored record of the (connection, division), deleted ones too."""
    store = RecordStore(db)
    found: dict[str, dict[str, Stored]] = {}
    for resource in resources:
        query = RecordQuery(connection, division, resource, include_deleted=True)
        records: dict[str, Stored] = {}
        cursor: str | None = None
        while True:
            page = await store.page(query, limit=1000, cursor=cursor)
            for record in page.records:
                assert record.id not in records, f"{resource}: the store pages {record.id} twice"
                records[record.id] = Stored(checksum(record.record), record.deleted)
            cursor = page.next_cursor
            if cursor is None:
                break
        found[resource] = records
    return found


def live_count(stored: Mapping[str, Mapping[str, Stored]]) -> int:
    """How many stored records are not marked deleted, over every resource."""
    return sum(not s.deleted for records in stored.values() for s in records.values())


def differences(
    expected: Mapping[str, Checksums], stored: Mapping[str, Mapping[str, Stored]]
) -> list[str]:
    """What keeps the store's live records from equalling `expected`, one line per problem.

    Deleted records are not part of the live copy: a record marked deleted that Exact still
    has is reported as missing, one Exact no longer has is as it should be.
    """
    problems: list[str] = []
    for resource in sorted(set(expected) | set(stored)):
        want = expected.get(resource, {})
        have = {i: s.checksum for i, s in stored.get(resource, {}).items() if not s.deleted}
        marked = {i for i, s in stored.get(resource, {}).items() if s.deleted}
        missing = sorted(set(want) - set(have))
        wrongly_deleted = [i for i in missing if i in marked]
        never_stored = [i for i in missing if i not in marked]
        extra = sorted(set(have) - set(want))
        changed = sorted(i for i in set(want) & set(have) if want[i] != have[i])
        for what, ids in (
            ("never stored", never_stored),
            ("marked deleted but live in Exact", wrongly_deleted),
            ("live in the store but gone from Exact", extra),
            ("stored with other content", changed),
        ):
            if ids:
                problems.append(f"{resource}: {len(ids)} {what}, e.g. {ids[:_SHOWN]}")
    return problems
