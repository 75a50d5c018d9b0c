"""What every entity behaviour gets to work with, and the do-nothing default behaviour."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from exactbridge.emulator.messages import Messages
from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.store import Division, Row, Store, Table
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["COUNTRY_NAMES", "Behaviour", "Context", "Embedded", "put"]

Embedded = Mapping[str, list[Mapping[str, Any]]]

COUNTRY_NAMES: Final = {
    "AT": "Austria", "BE": "Belgium", "CH": "Switzerland", "DE": "Germany", "DK": "Denmark",
    "ES": "Spain", "FR": "France", "GB": "United Kingdom", "IE": "Ireland", "IT": "Italy",
    "LU": "Luxembourg", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "SE": "Sweden",
    "US": "United States",
}  # fmt: skip


@dataclass(slots=True)
class Context:
    """One write's surroundings: where, when, as whom, and how to word refusals.

    Attributes:
        store: all data.
        division: the division written to.
        now_local: the current Amsterdam wall-clock time (Exact stores local time).
        random: source of new keys (seeded, so runs are reproducible).
        messages: error texts in the user's language.
        validation_status: HTTP status of business-rule refusals (Exact: mostly 500).
        scratch: room for a behaviour to carry work from `fill` to `after_create`.
        trusted: the write comes from Exact itself (seed data, the admin surface), so keys,
            audit fields and read-only properties may be given.
    """

    store: Store
    division: Division
    now_local: datetime
    random: random.Random
    messages: Messages
    validation_status: int = 500
    scratch: dict[str, Any] = field(default_factory=dict)
    trusted: bool = False

    def refuse(self, kind: str, *names: str) -> ExactProblem:
        """A business-rule refusal of `kind` (see `Messages`) about `names`."""
        return ExactProblem(self.validation_status, self.messages.text(kind, *names))

    def refuse_all(self, kind: str, names: list[str]) -> ExactProblem:
        """One refusal listing `kind` for every name, joined with CRLF as Exact does."""
        texts = (self.messages.text(kind, name) for name in names)
        return ExactProblem(self.validation_status, "\r\n".join(texts))

    def new_guid(self) -> str:
        """A new key from the seeded random source."""
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def require(self, spec: EntitySpec, row: Row) -> None:
        """Refuse when a required group of `spec` has no value in `row`.

        Raises:
            ExactProblem: `Mandatory: …` for every missing group, joined with CRLF.
        """
        missing = [
            group[0]
            for group in spec.required
            if all(row.get(name) in (None, "") for name in group)
        ]
        if missing:
            raise self.refuse_all("mandatory", missing)

    def rows(self, path: str) -> Iterator[Row]:
        """All rows of the endpoint at `path` in this division."""
        spec = find_entity(path)
        assert spec is not None, path
        return iter(self.division.table(spec).rows.values())

    def lookup(self, path: str, key: Any) -> Row | None:
        """The row of `path` with this key, or None."""
        if key is None:
            return None
        spec = find_entity(path)
        assert spec is not None, path
        return self.division.table(spec).get(key)

    def children(self, path: str, foreign_key: str, parent: Any) -> list[Row]:
        """Rows of `path` whose `foreign_key` holds `parent`, in key order (an index lookup)."""
        spec = find_entity(path)
        assert spec is not None, path
        table = self.division.table(spec)
        keys = sorted(self.division.children(path, foreign_key, parent))
        return [row for row in map(table.get, keys) if row is not None]

    def save_new(self, path: str, rows: list[Row]) -> None:
        """Save rows built while creating their parent (a document's embedded lines)."""
        spec = find_entity(path)
        assert spec is not None, path
        for row in rows:
            self.store.save(self.division, spec, row, "create")

    def delete_children(self, path: str, foreign_key: str, parent: Any) -> None:
        """Delete the rows of `path` that belong to `parent` (a deleted document's lines)."""
        spec = find_entity(path)
        assert spec is not None, path
        for key in self.division.children(path, foreign_key, parent):
            self.store.delete(self.division, spec, key)

    def refuse_if_used(self, spec: EntitySpec, row: Row, *, ignoring: tuple[str, ...] = ()) -> None:
        """Refuse deleting `row` while rows of other endpoints point at it.

        Args:
            spec: the endpoint of `row`.
            row: the row to delete.
            ignoring: endpoints whose references do not block (children deleted with it).

        Raises:
            ExactProblem: `Cannot delete: <Entity> - Used in: <Entity>` naming one user.
        """
        key = row[spec.key]
        skip = {path.lower() for path in ignoring}
        for value in (key, row.get("Code")) if spec.key != "Code" else (key,):
            if value is None:
                continue
            for path, count in self.division.referrers(spec.path, value).items():
                if count and path.lower() not in skip and path != spec.path:
                    raise self.refuse("cannot_delete", _singular(spec), path.split("/")[-1])

    def find(self, path: str, name: str, value: Any) -> Row | None:
        """The first row of `path` whose `name` equals `value` (codes compared trimmed)."""
        if value is None:
            return None
        wanted = value.strip() if isinstance(value, str) else value
        for row in self.table(path).lookup(name, value):
            found = row.get(name)
            if (found.strip() if isinstance(found, str) else found) == wanted:
                return row
        return None

    def duplicates(self, spec: EntitySpec, row: Row, name: str) -> bool:
        """Another row of `spec` has the same `name` (trimmed, case-insensitive)."""
        value = row.get(name)
        if value in (None, ""):
            return False
        key = row[spec.key]
        return any(other[spec.key] != key for other in self.table(spec.path).lookup(name, value))

    def next_code(self, spec: EntitySpec, name: str = "Code", default_digits: int = 1) -> str:
        """The next free numeric code: the highest plus one, keeping its zero-filled width."""
        best, width = self.table(spec.path).highest_number(name)
        return str(best + 1).zfill(max(width, default_digits))

    def table(self, path: str) -> Table:
        """The table of the endpoint at `path` in this division."""
        spec = find_entity(path)
        assert spec is not None, path
        return self.division.table(spec)

    @property
    def today(self) -> datetime:
        """Midnight of the current local day (how Exact stores a date)."""
        return self.now_local.replace(hour=0, minute=0, second=0, microsecond=0)


def _singular(spec: EntitySpec) -> str:
    """`crm/Accounts` → `Account`, as Exact names an entity in messages."""
    name = spec.entity
    return name[:-1] if name.endswith("s") else name


def put(spec: EntitySpec, row: Row, name: str, value: Any) -> None:
    """Set a property the spec declares; a typo fails loudly instead of adding a field."""
    if spec.field(name) is None:
        msg = f"{spec.path} has no property {name!r}"
        raise KeyError(msg)
    row[name] = value


class Behaviour:
    """Hooks an entity may override; the defaults accept everything and derive nothing.

    Attributes:
        client_key: the client names the key in a POST (actions such as
            `salesinvoice/PrintedSalesInvoices` key their row by the invoice they act on).
    """

    client_key: bool = False

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        """Defaults and derived values of a row being created."""
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        """Re-derive read-only values (names, totals) after a create or update."""

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        """Refuse invalid data (references, duplicates, periods) before saving."""

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        """Refuse any change to `row` (for example a processed invoice)."""

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        """Refuse deleting `row` while something refers to it."""

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        """Create dependent rows (lines) once the row is saved."""

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        """Propagate an update (for example new totals on the parent)."""

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        """Remove dependent rows once the row is gone."""
