"""The emulator's data: one table per endpoint per division, rows as decoded Python values.

Row values are Python values of the property's Edm type: GUIDs as lower-case `str`,
DateTime as naive Amsterdam wall-clock `datetime`, Double as `float`, Binary as `bytes`.
The wire codec turns them into Exact's JSON only when a response is written.

Every insert and update gives the row a new per-division row version (Exact's
`Timestamp`), and every change is announced to listeners (sync and webhooks build on it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from exactbridge.exact import EntitySpec

__all__ = ["Change", "Division", "Row", "Store", "Table"]

Row = dict[str, Any]
Action = Literal["create", "update", "delete"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one row, as listeners see it."""

    division: int
    spec: EntitySpec
    key: Any
    action: Action
    version: int
    row: Row | None


class Table:
    """The rows of one endpoint in one division, kept in key order on demand.

    Args:
        spec: the endpoint this table serves.
    """

    def __init__(self, spec: EntitySpec) -> None:
        self.spec = spec
        self.rows: dict[Any, Row] = {}
        self.versions: dict[Any, int] = {}
        self._sorted: list[Any] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, key: Any) -> Row | None:
        """The row with this key, or None."""
        return self.rows.get(key)

    def sorted_keys(self) -> list[Any]:
        """Keys in ascending order (the order Exact pages in without `$orderby`)."""
        if self._sorted is None:
            self._sorted = sorted(self.rows)
        return self._sorted

    def keys_after(self, key: Any) -> Iterator[Any]:
        """Keys strictly greater than `key`, ascending."""
        keys = self.sorted_keys()
        return iter(keys[bisect_right(keys, key) :])

    def put(self, row: Row, version: int) -> None:
        """Insert or replace the row under its key."""
        key = row[self.spec.key]
        if key not in self.rows:
            self._sorted = None
        self.rows[key] = row
        self.versions[key] = version

    def remove(self, key: Any) -> Row | None:
        """Delete and return the row with this key, if any."""
        row = self.rows.pop(key, None)
        if row is not None:
            self.versions.pop(key, None)
            self._sorted = None
        return row


@dataclass(slots=True)
class Division:
    """One Exact administration and its tables.

    Attributes:
        code: the division code in URLs.
        info: its `system/Divisions` row.
        tables: tables by lower-case endpoint path.
        version: the last row version handed out (Exact's `Timestamp`).
        sequences: counters for numbers Exact assigns (order numbers, entry numbers).
    """

    code: int
    info: Row
    tables: dict[str, Table] = field(default_factory=dict)
    version: int = 1
    sequences: dict[str, int] = field(default_factory=dict)

    def table(self, spec: EntitySpec) -> Table:
        """The table of `spec`, created empty on first use."""
        path = spec.path.lower()
        table = self.tables.get(path)
        if table is None:
            table = self.tables[path] = Table(spec)
        return table

    def next_in_sequence(self, name: str, start: int = 1) -> int:
        """The next number of a named sequence (first call returns `start`)."""
        value = self.sequences.get(name, start - 1) + 1
        self.sequences[name] = value
        return value


Listener = Callable[[Change], None]


class Store:
    """All divisions of the emulated Exact environment, and the one user.

    Args:
        user: the user's `current/Me` row.
    """

    def __init__(self, user: Row) -> None:
        self.user = user
        self.divisions: dict[int, Division] = {}
        self._listeners: list[Listener] = []

    def add_division(self, code: int, info: Row) -> Division:
        """Register a division (idempotent)."""
        division = self.divisions.get(code)
        if division is None:
            division = self.divisions[code] = Division(code, info)
        return division

    def subscribe(self, listener: Listener) -> None:
        """Call `listener` after every change."""
        self._listeners.append(listener)

    def save(self, division: Division, spec: EntitySpec, row: Row, action: Action) -> None:
        """Write `row` (create or update), bump its row version and announce the change."""
        division.version += 1
        division.table(spec).put(row, division.version)
        self._announce(Change(division.code, spec, row[spec.key], action, division.version, row))

    def delete(self, division: Division, spec: EntitySpec, key: Any) -> Row | None:
        """Remove a row and announce the deletion; returns the removed row."""
        row = division.table(spec).remove(key)
        if row is not None:
            division.version += 1
            self._announce(Change(division.code, spec, key, "delete", division.version, row))
        return row

    def _announce(self, change: Change) -> None:
        for listener in self._listeners:
            listener(change)
