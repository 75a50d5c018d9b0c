"""The emulator's data: one table per endpoint per division, rows as decoded Python values.

Row values are Python values of the property's Edm type: GUIDs as lower-case `str`,
DateTime as naive Amsterdam wall-clock `datetime`, Double as `float`, Binary as `bytes`.
The wire codec turns them into Exact's JSON only when a response is written.

Every insert and update gives the row a new per-division row version (Exact's
`Timestamp`), and every change is announced to listeners (sync and webhooks build on it).
Each division also counts references between rows (properties declared `->service/Entity`
in the specs), so "is this account still used?" is a lookup, not a scan.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from exactbridge.exact import ENTITIES, EntitySpec, Field

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
        self._rows: dict[Any, Row] = {}
        self._versions: dict[Any, int] = {}
        self._sorted: list[Any] | None = None
        self._indexes: dict[str, dict[Any, dict[Any, None]]] = {}
        self._highest: dict[str, tuple[int, int]] = {}
        self._log_versions: list[int] = []
        self._log_keys: list[Any] = []
        self.generation = 0
        """Counts every `put` and `remove`: what was computed from the rows at one
        generation (an ordered listing, see `query.select_page`) holds until it changes."""

    @property
    def rows(self) -> Mapping[Any, Row]:
        """Rows by key (read-only: write through `put` and `remove`)."""
        return self._rows

    @property
    def versions(self) -> Mapping[Any, int]:
        """Row version (Exact's `Timestamp`) by key."""
        return self._versions

    def iter_keys(self, after: Any = None) -> Iterator[Any]:
        """Keys in ascending order, strictly after `after` when given."""
        return self._written_keys(after)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, key: Any) -> Row | None:
        """The row with this key, or None."""
        return self._rows.get(key)

    def sorted_keys(self) -> list[Any]:
        """Keys in ascending order (the order Exact pages in without `$orderby`)."""
        return list(self.iter_keys())

    def keys_after(self, key: Any) -> Iterator[Any]:
        """Keys strictly greater than `key`, ascending."""
        return self.iter_keys(key)

    def _written_keys(self, after: Any = None) -> Iterator[Any]:
        """Keys of the rows written to this table, ascending, after `after` if given."""
        if self._sorted is None:
            self._sorted = sorted(self._rows)
        keys = self._sorted
        start = 0 if after is None else bisect_right(keys, after)
        return (keys[i] for i in range(start, len(keys)))  # no copy of the key list

    def child_keys(self, foreign_key: str, parent: Any, linked: Collection[Any]) -> list[Any]:  # noqa: ARG002
        """Keys of the rows whose `foreign_key` is `parent`, in no particular order.

        `linked` are the keys the division's link index holds for `parent`: every child of
        an ordinary table. A table with rows the index never saw (computed history) adds
        them.
        """
        return list(linked)

    def child_rows(self, foreign_key: str, parent: Any, linked: Collection[Any]) -> list[Row]:  # noqa: ARG002
        """The rows of `child_keys`, in key order (a navigation collection)."""
        rows = self._rows
        return [rows[key] for key in sorted(linked) if key in rows]

    def since(self, version: int) -> Iterator[tuple[int, Any]]:
        """`(row version, key)` of rows written after `version`, oldest first (sync order)."""
        return self._written_since(version)

    def _written_since(self, version: int) -> Iterator[tuple[int, Any]]:
        versions, keys, current = self._log_versions, self._log_keys, self._versions
        for position in range(bisect_right(versions, version), len(versions)):
            key = keys[position]
            written = versions[position]
            if current.get(key) == written:
                yield written, key

    def rows_since(self, version: int) -> Iterator[tuple[int, Row]]:
        """`(row version, row)` of rows written after `version`, oldest first."""
        rows = self._rows
        for written, key in self._written_since(version):
            yield written, rows[key]

    def lookup(self, name: str, value: Any) -> list[Row]:
        """Rows whose `name` equals `value`, codes compared trimmed and case-insensitively.

        The first lookup on a property builds an index that every later write maintains.
        """
        index = self._indexes.get(name)
        if index is None:
            index = self._indexes[name] = {}
            for key, row in self._rows.items():
                index.setdefault(_normal(row.get(name)), {})[key] = None
        return [self._rows[key] for key in index.get(_normal(value), ())]

    def highest_number(self, name: str) -> tuple[int, int]:
        """The highest all-digit value of `name` and its width (`(-1, 0)` when none)."""
        found = self._highest.get(name)
        if found is None:
            found = (-1, 0)
            for row in self._rows.values():
                found = _higher(found, row.get(name))
            self._highest[name] = found
        return found

    def put(self, row: Row, version: int) -> None:
        """Insert or replace the row under its key."""
        key = row[self.spec.key]
        old = self._rows.get(key)
        if old is None:
            self._sorted = None
        self.generation += 1
        self._rows[key] = row
        self._versions[key] = version
        self._log(key, version)
        self._reindex(key, old, row)

    def _log(self, key: Any, version: int) -> None:
        """Append to the version log; drop superseded entries once they outnumber live ones."""
        if self._log_versions and version < self._log_versions[-1]:
            msg = f"row versions must not go back: {version} after {self._log_versions[-1]}"
            raise ValueError(msg)
        self._log_versions.append(version)
        self._log_keys.append(key)
        if len(self._log_versions) > 1024 and len(self._log_versions) > 2 * len(self._versions):
            live = sorted((v, k) for k, v in self._versions.items())
            self._log_versions = [v for v, _ in live]
            self._log_keys = [k for _, k in live]

    def remove(self, key: Any) -> Row | None:
        """Delete and return the row with this key, if any."""
        self.generation += 1
        row = self._rows.pop(key, None)
        if row is not None:
            self._versions.pop(key, None)
            self._sorted = None
            self._reindex(key, row, None)
        return row

    def _reindex(self, key: Any, old: Row | None, new: Row | None) -> None:
        for name, index in self._indexes.items():
            if old is not None:
                keys = index.get(_normal(old.get(name)))
                if keys is not None:
                    keys.pop(key, None)
            if new is not None:
                index.setdefault(_normal(new.get(name)), {})[key] = None
        if new is not None:
            for name, best in self._highest.items():
                self._highest[name] = _higher(best, new.get(name))


def _normal(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _higher(best: tuple[int, int], value: Any) -> tuple[int, int]:
    text = value.strip() if isinstance(value, str) else ""
    if text.isdigit() and int(text) >= best[0]:
        return int(text), len(text)
    return best


@dataclass(slots=True)
class Division:
    """One Exact administration and its tables.

    Attributes:
        code: the division code in URLs.
        info: its `system/Divisions` row.
        tables: tables by lower-case endpoint path.
        version: the last row version handed out (Exact's `Timestamp`).
        sequences: counters for numbers Exact assigns (order numbers, entry numbers).
        files: file contents by the key of the row they belong to (a document attachment's
            bytes), kept outside the rows so answers and row copies stay small.
    """

    code: int
    info: Row
    tables: dict[str, Table] = field(default_factory=dict)
    version: int = 1
    sequences: dict[str, int] = field(default_factory=dict)
    files: dict[Any, bytes] = field(default_factory=dict)
    references: dict[tuple[str, Any], dict[str, int]] = field(default_factory=dict)
    links: dict[tuple[str, str, Any], dict[Any, None]] = field(default_factory=dict)

    def table(self, spec: EntitySpec) -> Table:
        """The table of `spec` (bulk and sync endpoints share their source's), created on use."""
        path = spec.table_path.lower()
        table = self.tables.get(path)
        if table is None:
            source = ENTITIES[path] if spec.source is not None else spec
            table = self.tables[path] = Table(source)
        return table

    def restore(self, spec: EntitySpec, row: Row, version: int) -> None:
        """Put back a row saved earlier with its row version (loading a state file)."""
        table = self.table(spec)
        old = table.get(row[spec.key])
        self.count_references(spec, old, row)
        self.count_links(spec, old, row)
        table.put(row, version)
        self.version = max(self.version, version)

    def referrers(self, path: str, key: Any) -> dict[str, int]:
        """How many rows of each endpoint point at the row `key` of `path`."""
        return dict(self.references.get((path.lower(), _ref_value(key)), {}))

    def count_references(self, spec: EntitySpec, old: Row | None, new: Row | None) -> None:
        """Move the reference counts of one row from its `old` to its `new` values."""
        source = spec.path
        for prop in _references(spec):
            before = None if old is None else old.get(prop.name)
            after = None if new is None else new.get(prop.name)
            if before == after:
                continue
            assert prop.refers is not None
            target = prop.refers.lower()
            if before not in (None, ""):
                counts = self.references.get((target, _ref_value(before)))
                if counts is not None:
                    counts[source] -= 1
                    if not counts[source]:
                        del counts[source]
            if after not in (None, ""):
                counts = self.references.setdefault((target, _ref_value(after)), {})
                counts[source] = counts.get(source, 0) + 1

    def children(self, path: str, foreign_key: str, parent: Any) -> list[Any]:
        """Keys of the rows of `path` whose `foreign_key` is `parent` (a navigation's rows)."""
        linked = self.links.get((path.lower(), foreign_key, parent), {})
        table = self.tables.get(path.lower())
        return list(linked) if table is None else table.child_keys(foreign_key, parent, linked)

    def child_rows(self, path: str, foreign_key: str, parent: Any) -> list[Row]:
        """The rows of `children`, in key order, without looking each key up again."""
        lowered = path.lower()
        table = self.tables.get(lowered)
        if table is None:
            return []
        return table.child_rows(
            foreign_key, parent, self.links.get((lowered, foreign_key, parent), {})
        )

    def count_links(self, spec: EntitySpec, old: Row | None, new: Row | None) -> None:
        """Move one row between the child lists of its parents (navigation foreign keys)."""
        path = spec.path.lower()
        for name in _link_fields(spec):
            before = None if old is None else old.get(name)
            after = None if new is None else new.get(name)
            if before == after and old is not None and new is not None:
                continue
            if before is not None and old is not None:
                keys = self.links.get((path, name, before))
                if keys is not None:
                    keys.pop(old[spec.key], None)
            if after is not None and new is not None:
                self.links.setdefault((path, name, after), {})[new[spec.key]] = None

    def next_in_sequence(self, name: str, start: int = 1) -> int:
        """The next number of a named sequence (first call returns `start`)."""
        value = self.sequences.get(name, start - 1) + 1
        self.sequences[name] = value
        return value


Listener = Callable[[Change], None]

_REFERENCE_FIELDS: dict[str, tuple[Field, ...]] = {}
_LINK_FIELDS: dict[str, tuple[str, ...]] = {}


def _references(spec: EntitySpec) -> tuple[Field, ...]:
    found = _REFERENCE_FIELDS.get(spec.path)
    if found is None:
        found = _REFERENCE_FIELDS[spec.path] = spec.references
    return found


def _link_fields(spec: EntitySpec) -> tuple[str, ...]:
    found = _LINK_FIELDS.get(spec.path)
    if found is None:
        target = spec.path.lower()
        names = {
            nav.foreign_key
            for parent in ENTITIES.values()
            for nav in parent.navigations
            if nav.target.lower() == target
        }
        found = _LINK_FIELDS[spec.path] = tuple(sorted(names))
    return found


def _ref_value(value: Any) -> Any:
    """Codes are compared without their padding (`"  70"` and `"70"` are one journal)."""
    return value.strip() if isinstance(value, str) else value


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
        table = division.table(spec)
        old = table.get(row[spec.key])
        division.count_references(spec, old, row)
        division.count_links(spec, old, row)
        table.put(row, division.version)
        self._announce(Change(division.code, spec, row[spec.key], action, division.version, row))

    def delete(self, division: Division, spec: EntitySpec, key: Any) -> Row | None:
        """Remove a row and announce the deletion; returns the removed row."""
        row = division.table(spec).remove(key)
        if row is not None:
            division.count_references(spec, row, None)
            division.count_links(spec, row, None)
            division.version += 1
            self._announce(Change(division.code, spec, key, "delete", division.version, row))
        return row

    def _announce(self, change: Change) -> None:
        for listener in self._listeners:
            listener(change)
