"""Keep the emulator's data in a SQLite file, so it survives restarts (`--state PATH`).

Every change is written through as it happens (one row per record, JSON with typed
values); at start-up a file that already holds data is loaded instead of seeding anew.
"""

from __future__ import annotations

import base64
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from exactbridge.emulator.store import Change, Row, Store
from exactbridge.exact import find_entity
from exactbridge.wire import dumps, loads

__all__ = ["SqliteState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    division INTEGER NOT NULL,
    path     TEXT    NOT NULL,
    key      TEXT    NOT NULL,
    version  INTEGER NOT NULL,
    body     TEXT    NOT NULL,
    PRIMARY KEY (division, path, key)
);
"""


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$b64" in value:
            return base64.b64decode(value["$b64"])
    return value


class SqliteState:
    """A SQLite file mirroring the store.

    Args:
        path: the database file (created when missing; WAL journal).
    """

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def is_empty(self) -> bool:
        """True when the file holds no records yet."""
        return self._db.execute("SELECT 1 FROM rows LIMIT 1").fetchone() is None

    def save_all(self, store: Store) -> None:
        """Write every row of every division (after seeding)."""
        with self._db:
            for division in store.divisions.values():
                for path, table in division.tables.items():
                    self._db.executemany(
                        "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?)",
                        [
                            (division.code, path, str(key), table.versions[key], self._body(row))
                            for key, row in table.rows.items()
                        ],
                    )

    def replace_all(self, store: Store) -> None:
        """Make the file hold exactly the rows of `store` (after a reset re-seeded it)."""
        with self._db:
            self._db.execute("DELETE FROM rows")
        self.save_all(store)

    def load_into(self, store: Store) -> None:
        """Replace the seeded rows of `store` with the rows in the file."""
        for seeded in store.divisions.values():
            seeded.tables.clear()
            seeded.references.clear()
            seeded.links.clear()
        cursor = self._db.execute("SELECT division, path, version, body FROM rows ORDER BY version")
        for code, path, version, body in cursor:
            target = store.divisions.get(code)
            spec = find_entity(path)
            if target is None or spec is None:
                continue
            row: Row = {name: _decode(value) for name, value in loads(body).items()}
            target.restore(spec, row, version)

    def record(self, change: Change) -> None:
        """Write one change through (a store listener)."""
        path, key = change.spec.path.lower(), str(change.key)
        with self._db:
            if change.action == "delete" or change.row is None:
                self._db.execute(
                    "DELETE FROM rows WHERE division = ? AND path = ? AND key = ?",
                    (change.division, path, key),
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?)",
                    (change.division, path, key, change.version, self._body(change.row)),
                )

    @staticmethod
    def _body(row: Row) -> str:
        return dumps({name: _encode(value) for name, value in row.items()})

    def close(self) -> None:
        """Close the file."""
        self._db.close()
