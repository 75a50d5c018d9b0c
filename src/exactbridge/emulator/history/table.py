"""A table whose rows are computed from their number, with an ordinary table on top.

`HistoryTable` serves `count` rows that a `RowSource` computes on demand (the booked past of
a `large` division, see `plan`), plus every row written since (new bookings, or history
rows changed or deleted through the admin surface) in the ordinary `Table` it extends.
Keys, key order, row versions and parent links of the computed rows are arithmetic, so
paging by key, paging by `Timestamp` and "lines of this entry" never touch the rows they
skip. A full scan (a `$filter` without a key range) computes every row, as slowly as a
database without an index would read them.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from exactbridge.emulator.store import Row, Table
from exactbridge.exact import EntitySpec

__all__ = ["HistoryTable", "RowSource"]


@dataclass(frozen=True, slots=True)
class RowSource:
    """How to compute the rows of a history table.

    Attributes:
        count: number of computed rows.
        key_of: the key of row `i` (keys grow with `i`).
        index_of: the number of the row with a key, or None for other keys.
        position: how many computed rows have keys below a key.
        row_of: row `i`, every property of the spec present.
        first_version: row `i` has row version `first_version + i + 1` until it changes.
        children: for a parent link (`EntryID`), the numbers of the rows of a parent key.
    """

    count: int
    key_of: Callable[[int], Any]
    index_of: Callable[[Any], int | None]
    position: Callable[[Any], int]
    row_of: Callable[[int], Row]
    first_version: int
    children: Mapping[str, Callable[[Any], range]]


class _Rows(Mapping[Any, Row]):
    """The rows of a history table as a read-only mapping (rows computed on access)."""

    def __init__(self, table: HistoryTable) -> None:
        self._table = table

    def __getitem__(self, key: Any) -> Row:
        row = self._table.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def __iter__(self) -> Iterator[Any]:
        return self._table.iter_keys()

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, key: object) -> bool:
        return self._table.get(key) is not None


class _Versions(Mapping[Any, int]):
    def __init__(self, table: HistoryTable) -> None:
        self._table = table

    def __getitem__(self, key: Any) -> int:
        version = self._table.version_of(key)
        if version is None:
            raise KeyError(key)
        return version

    def __iter__(self) -> Iterator[Any]:
        return self._table.iter_keys()

    def __len__(self) -> int:
        return len(self._table)


class HistoryTable(Table):
    """Computed rows (`source`) under the written rows of an ordinary table.

    Args:
        spec: the endpoint.
        source: how to compute the history rows.
    """

    def __init__(self, spec: EntitySpec, source: RowSource) -> None:
        super().__init__(spec)
        self.source = source
        self._removed: set[int] = set()
        self._overlaid: set[int] = set()
        self._computed_indexes: dict[str, dict[Any, list[int]]] = {}
        self._computed_highest: dict[str, tuple[int, int]] = {}

    @property
    def rows(self) -> Mapping[Any, Row]:
        return _Rows(self)

    @property
    def versions(self) -> Mapping[Any, int]:
        return _Versions(self)

    def __len__(self) -> int:
        hidden = len(self._removed | self._overlaid)
        return len(self._rows) + self.source.count - hidden

    def get(self, key: Any) -> Row | None:
        row = self._rows.get(key)
        if row is not None:
            return row
        index = self._history_index(key)
        return None if index is None else self.source.row_of(index)

    def version_of(self, key: Any) -> int | None:
        """The row version of `key`, or None when there is no such row."""
        version = self._versions.get(key)
        if version is not None:
            return version
        index = self._history_index(key)
        return None if index is None else self.source.first_version + index + 1

    def put(self, row: Row, version: int) -> None:
        index = self.source.index_of(row[self.spec.key])
        if index is not None and index not in self._removed:
            self._overlaid.add(index)
        super().put(row, version)

    def remove(self, key: Any) -> Row | None:
        row = super().remove(key)
        index = self.source.index_of(key)
        if index is not None and index not in self._removed:
            if row is None:
                row = self.source.row_of(index)
            self._removed.add(index)
            self._overlaid.discard(index)
        return row

    def since(self, version: int) -> Iterator[tuple[int, Any]]:
        source = self.source
        start = max(0, version - source.first_version)
        skipped = self._removed | self._overlaid

        def computed() -> Iterator[tuple[int, Any]]:
            for index in range(start, source.count):
                if index not in skipped:
                    yield source.first_version + index + 1, source.key_of(index)

        return heapq.merge(computed(), self._written_since(version))

    def rows_since(self, version: int) -> Iterator[tuple[int, Row]]:
        source = self.source
        start = max(0, version - source.first_version)
        skipped = self._removed | self._overlaid

        def computed() -> Iterator[tuple[int, Row]]:
            row_of, first = source.row_of, source.first_version
            for index in range(start, source.count):
                if index not in skipped:
                    yield first + index + 1, row_of(index)

        return heapq.merge(computed(), super().rows_since(version), key=lambda pair: pair[0])

    def iter_keys(self, after: Any = None) -> Iterator[Any]:
        source = self.source
        start = 0 if after is None else source.position(after)
        skipped = self._removed | self._overlaid

        def computed() -> Iterator[Any]:
            for index in range(start, source.count):
                key = source.key_of(index)
                if index not in skipped and (after is None or key > after):
                    yield key

        return heapq.merge(computed(), self._written_keys(after))

    def lookup(self, name: str, value: Any) -> list[Row]:
        """As `Table.lookup`: parent links are arithmetic; for any other property the first
        lookup computes every row once to index it (computed rows never change)."""
        written = super().lookup(name, value)
        children = self.source.children.get(name)
        if children is not None:
            indexes: Iterable[int] = children(value)
        else:
            index = self._computed_indexes.get(name)
            if index is None:
                index = self._computed_indexes[name] = self._index_computed(name)
            indexes = index.get(value.strip().lower() if isinstance(value, str) else value, ())
        return [self.source.row_of(i) for i in self._visible(indexes)] + written

    def highest_number(self, name: str) -> tuple[int, int]:
        best = super().highest_number(name)
        computed = self._computed_highest.get(name)
        if computed is None:
            computed = (-1, 0)
            for index in range(self.source.count):
                text = self.source.row_of(index).get(name)
                if isinstance(text, str) and text.strip().isdigit():
                    computed = max(computed, (int(text), len(text.strip())))
            self._computed_highest[name] = computed
        return max(best, computed)

    def _index_computed(self, name: str) -> dict[Any, list[int]]:
        index: dict[Any, list[int]] = {}
        for i in range(self.source.count):
            index.setdefault(_normal(self.source.row_of(i), name), []).append(i)
        return index

    def child_keys(self, foreign_key: str, parent: Any, linked: Collection[Any]) -> list[Any]:
        children = self.source.children.get(foreign_key)
        if children is None:
            return super().child_keys(foreign_key, parent, linked)
        indexes = children(parent)
        key_of = self.source.key_of
        return [key_of(i) for i in self._visible(indexes)] + self._written_children(
            foreign_key, parent, indexes, linked
        )

    def child_rows(self, foreign_key: str, parent: Any, linked: Collection[Any]) -> list[Row]:
        """Computed children straight from their numbers (the parent's line range), merged
        in key order with the written ones: no key is turned back into its number."""
        children = self.source.children.get(foreign_key)
        if children is None:
            return super().child_rows(foreign_key, parent, linked)
        indexes = children(parent)
        computed = list(map(self.source.row_of, self._visible(indexes)))
        if not linked and not self._overlaid:  # nothing written: the usual case
            return computed
        written = self._written_children(foreign_key, parent, indexes, linked)
        if not written:
            return computed
        rows = self._rows
        extra = [rows[key] for key in sorted(written)]
        return list(heapq.merge(computed, extra, key=itemgetter(self.spec.key)))

    def _written_children(
        self, foreign_key: str, parent: Any, indexes: range, linked: Collection[Any]
    ) -> list[Any]:
        """Keys of written children: the linked ones, and computed children changed in
        place (the division links a row when its parent changes, and a changed computed
        row keeps its parent, so the link index never saw it)."""
        rows = self._rows
        keys = [key for key in linked if key in rows]
        if self._overlaid:
            seen = set(keys)
            key_of = self.source.key_of
            for index in indexes:
                if index in self._overlaid:
                    key = key_of(index)
                    if key not in seen and rows[key].get(foreign_key) == parent:
                        keys.append(key)
        return keys

    def _visible(self, indexes: Iterable[int]) -> Iterable[int]:
        """The computed rows among `indexes` that were neither changed nor deleted."""
        removed, overlaid = self._removed, self._overlaid
        if not removed and not overlaid:
            return indexes
        return [i for i in indexes if i not in removed and i not in overlaid]

    def _history_index(self, key: Any) -> int | None:
        index = self.source.index_of(key)
        if index is None or index in self._removed or index in self._overlaid:
            return None
        return index


def _normal(row: Row, name: str) -> Any:
    value = row.get(name)
    return value.strip().lower() if isinstance(value, str) else value
