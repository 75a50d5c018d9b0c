"""Keep the emulator's data in a SQLite file, so it survives restarts (`--state PATH`).

Every change is written through as it happens (one row per record, JSON with typed
values); at start-up a file that already holds data is loaded instead of seeding anew.
Files kept beside rows (`Division.files`, attachment contents) go to a table of their own,
written with the row they belong to and deleted with it.
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
CREATE TABLE IF NOT EXISTS files (
    division INTEGER NOT NULL,
    key      TEXT    NOT NULL,
    content  BLOB    NOT NULL,
    PRIMARY KEY (division, key)
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
        self._store: Store | None = None  # the store mirrored (set by save_all / load_into)

    def is_empty(self) -> bool:
        """True when the file holds no records yet."""
        return self._db.execute("SELECT 1 FROM rows LIMIT 1").fetchone() is None

    def save_all(self, store: Store) -> None:
        """Write every row of every division (after seeding)."""
        self._store = store
        with self._db:
            for division in store.divisions.values():
                self._db.executemany(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                    [(division.code, str(key), data) for key, data in division.files.items()],
                )
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
            self._db.execute("DELETE FROM files")
        self.save_all(store)

    def load_into(self, store: Store) -> None:
        """Replace the seeded rows of `store` with the rows in the file."""
        self._store = store
        for seeded in store.divisions.values():
            seeded.tables.clear()
            seeded.references.clear()
            seeded.links.clear()
            seeded.files.clear()
        for code, key, content in self._db.execute("SELECT division, key, content FROM files"):
            if code in store.divisions:
                store.divisions[code].files[key] = bytes(content)
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
                self._db.execute(
                    "DELETE FROM files WHERE division = ? AND key = ?", (change.division, key)
                )
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?, ?)",
                    (change.division, path, key, change.version, self._body(change.row)),
                )
                content = self._file(change)
                if content is not None:
                    self._db.execute(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                        (change.division, key, content),
                    )

    def _file(self, change: Change) -> bytes | None:
        """The file kept beside the changed row, if any."""
        division = self._store.divisions.get(change.division) if self._store else None
        return None if division is None else division.files.get(change.key)

    @staticmethod
    def _body(row: Row) -> str:
        return dumps({name: _encode(value) for name, value in row.items()})

    def close(self) -> None:
        """Close the file."""
        self._db.close()
