"""Ground truth of the emulator's data: rows in Exact's wire encoding, counts and checksums.

A row's wire line is the JSON object the API would render for it with every property,
minus `__metadata` and navigation links, followed by a newline. A table's NDJSON export is
its rows' lines in key order (the order Exact pages in), and its checksum is the SHA-256
of exactly that export, so a test may hash what `GET /__emulator/{division}/{path}`
streamed and compare it with `GET /__emulator/snapshot`.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Final

from exactbridge.emulator.render import json_value
from exactbridge.emulator.store import Change, Division, Row, Store, Table
from exactbridge.exact import Edm, EntitySpec, Field
from exactbridge.wire import dumps

__all__ = ["DigestCache", "TableDigest", "export_ndjson", "wire_line", "wire_lines"]

_BATCH: Final = 1000


# Types whose Python value is not already its JSON value (see `render.json_value`); the
# rest are written as they are, which keeps a million-row export to a few seconds.
_CONVERTED: Final = frozenset({Edm.DATETIME, Edm.BINARY, Edm.DOUBLE, Edm.INT64})
_PLANS: dict[str, tuple[tuple[str, Field | None], ...]] = {}


def _plan(spec: EntitySpec) -> tuple[tuple[str, Field | None], ...]:
    plan = _PLANS.get(spec.path)
    if plan is None:
        plan = tuple((f.name, f if f.edm in _CONVERTED else None) for f in spec.fields)
        _PLANS[spec.path] = plan
    return plan


def wire_line(spec: EntitySpec, row: Row) -> str:
    """One row as a line of NDJSON, values as the API renders them, properties in wire order."""
    get = row.get
    values = {
        name: get(name) if prop is None else json_value(prop, get(name))
        for name, prop in _plan(spec)
    }
    return dumps(values) + "\n"


def wire_lines(table: Table) -> Iterator[str]:
    """The lines of every row of `table`, in key order (rows deleted meanwhile are skipped)."""
    spec, rows = table.spec, table.rows
    for key in table.sorted_keys():
        row = rows.get(key)
        if row is not None:
            yield wire_line(spec, row)


async def export_ndjson(table: Table) -> AsyncIterator[bytes]:
    """The NDJSON export of `table` in batches of lines, never the whole table at once."""
    batch: list[str] = []
    for line in wire_lines(table):
        batch.append(line)
        if len(batch) == _BATCH:
            yield "".join(batch).encode("utf-8")
            batch.clear()
    if batch:
        yield "".join(batch).encode("utf-8")


@dataclass(frozen=True, slots=True)
class TableDigest:
    """A table's row count and the SHA-256 (hex) of its NDJSON export."""

    count: int
    sha256: str


def digest(table: Table) -> TableDigest:
    """Count and checksum of `table`, computed over every row."""
    hasher = hashlib.sha256()
    count = 0
    for line in wire_lines(table):
        hasher.update(line.encode("utf-8"))
        count += 1
    return TableDigest(count, hasher.hexdigest())


class DigestCache:
    """Digests of tables, recomputed only for tables written to since.

    It listens to the store's changes and marks the written table stale; the row count
    catches removals that announce nothing (pruning the deleted log), and a reset makes
    new division objects, which the cache compares by identity.

    Args:
        store: the store whose changes make digests stale.
    """

    def __init__(self, store: Store) -> None:
        self._entries: dict[tuple[int, str], tuple[Division, int, TableDigest]] = {}
        self._stale: set[tuple[int, str]] = set()
        store.subscribe(self._changed)

    def _changed(self, change: Change) -> None:
        self._stale.add((change.division, change.spec.table_path.lower()))

    def digest(self, division: Division, path: str, table: Table) -> TableDigest:
        """The digest of `table` of `division` (stored under `path`)."""
        key = (division.code, path)
        entry = self._entries.get(key)
        fresh = entry is not None and key not in self._stale
        if fresh and entry is not None and entry[0] is division and entry[1] == len(table):
            return entry[2]
        self._stale.discard(key)
        result = digest(table)
        self._entries[key] = (division, len(table), result)
        return result

    def clear(self) -> None:
        """Forget every digest (after a reset, so old divisions are not kept alive)."""
        self._entries.clear()
        self._stale.clear()
