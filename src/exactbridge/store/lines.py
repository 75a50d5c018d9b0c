"""Documents whose lines are records of their own, assembled in the database.

Exact serves a journal entry's lines twice: expanded under `financialtransaction/Transactions`
(60 entries a page, every line parsed, mapped and stored a second time) and as
`TransactionLines`, which the sync keeps anyway as `transactions` (a `sync/` feed, 1,000 a
page). A `LineAssembly` declares the relation once; the sync then reads the entries without
their lines and the store writes each entry's `line_items` from its stored transactions, in
one statement per batch, in the transaction that wrote the entries or their lines:

- after entries are written, their lines are attached (`attach(..., fresh=True)`: the
  upsert already counted and versioned them);
- after lines are written or marked deleted, the entries they belong to are assembled
  again (`fresh=False`): an entry whose lines changed is written with a new version (and
  counted as updated by the caller), one whose lines came out the same is not.

The content hash of an entry covers what its own feed gives (the lines field as written
before attaching), so an entry read again unchanged is still skipped, whatever its lines
did meanwhile: they are kept fresh by the second rule.

A line is the line record less the fields it does not keep (`dropped`), in the line
record's order, each value as the line record holds it; a field in `inherited` that the
line leaves null takes the document's value (an undated line
carries its entry's date, as `JournalEntry` dates its lines). Lines come in the order the
mappers give an expanded navigation's rows: by the `order` number (the line number, lines
without one last), then in Exact's order, by key; lines marked deleted are left out.

The projection runs in SQL: SQLite's JSON functions and PostgreSQL's `jsonb` ones work off
the interpreter, next to the sync's Python work instead of in it. On SQLite the document is
JSON text and is rewritten in SQLite's compact form; on PostgreSQL it is `jsonb`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Final

import orjson
from sqlalchemy import String, TextClause, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.store._dialect import DialectName

__all__ = ["LineAssembly", "attach", "parents_of"]

_CHUNK: Final = 5000
"""Documents (or line ids) per statement."""


@dataclass(frozen=True, slots=True)
class LineAssembly:
    """A document resource whose line field is built from another resource's records.

    Attributes:
        document: the resource of the documents (`journal_entries`).
        field: their field holding the lines (`line_items`).
        lines: the resource whose records are the lines (`transactions`).
        parent: the line records' field naming their document (`entry_id`); the sync
            stores it as the line's `parent_id`.
        dropped: the line record's fields a document line leaves out; the rest it keeps,
            in the line record's order.
        inherited: (line field, document field): the document's value a line without
            one of its own takes (set in place, where the line has the field).
        order: the line record's number field the lines are sorted by, those without one
            last, then by key (`LinesMap.order_by`: `LineNumber`).
    """

    document: str
    field: str
    lines: str
    parent: str
    dropped: tuple[str, ...]
    inherited: tuple[tuple[str, str], ...] = ()
    order: str | None = None

    def __post_init__(self) -> None:
        names = (
            self.field,
            self.parent,
            *self.dropped,
            *(name for pair in self.inherited for name in pair),
            *([self.order] if self.order else []),
        )
        unsafe = [name for name in names if not name.isidentifier()]
        if unsafe:  # the names are written into SQL: identifiers only
            raise ValueError(f"not field names: {unsafe}")
        unknown = {line for line, _ in self.inherited} & set(self.dropped)
        if unknown:
            raise ValueError(f"inherited fields the lines leave out: {sorted(unknown)}")


async def attach(
    tx: AsyncConnection,
    dialect: DialectName,
    assembly: LineAssembly,
    *,
    documents: int,
    lines: int | None,
    ids: Collection[str],
    fresh: bool,
) -> int:
    """Write the lines of the live documents `ids` (of scope `documents`) from the line
    records of scope `lines` (None: no line was ever stored, every document has none).

    `fresh` documents were just written, their lines not attached yet: each is written
    without comparing (the upsert versioned it). Otherwise only documents whose lines
    changed are, each with a new version. Returns how many documents were written.
    """
    statement = _statement(dialect, assembly, compare=not fresh)
    wanted = sorted(set(ids))
    changed = 0
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        result = await tx.execute(
            statement,
            {
                "documents": documents,
                "lines": -1 if lines is None else lines,
                "ids": _ids(dialect, chunk),
                "bump": 0 if fresh else 1,
            },
        )
        changed += result.rowcount
    return changed


async def parents_of(
    tx: AsyncConnection, dialect: DialectName, *, lines: int, ids: Collection[str]
) -> set[str]:
    """The documents the line records `ids` (of scope `lines`) belong to."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    statement = _parents(dialect)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = await tx.execute(statement, {"lines": lines, "ids": _ids(dialect, chunk)})
        found.update(parent for (parent,) in rows if parent is not None)
    return found


def _ids(dialect: DialectName, ids: list[str]) -> object:
    return ids if dialect == "postgresql" else orjson.dumps(ids).decode()


def _in_ids(dialect: DialectName, column: str) -> str:
    if dialect == "postgresql":
        return f"{column} = ANY(:ids)"
    return f"{column} IN (SELECT value FROM json_each(:ids))"  # noqa: S608 - a column name


def _typed(dialect: DialectName, statement: str) -> TextClause:
    clause = text(statement)
    if dialect == "postgresql":
        clause = clause.bindparams(bindparam("ids", type_=postgresql.ARRAY(String)))
    return clause


@cache
def _parents(dialect: DialectName) -> TextClause:
    chosen = _in_ids(dialect, "id")
    return _typed(
        dialect,
        f"SELECT DISTINCT parent_id FROM records WHERE scope_id = :lines AND {chosen}",  # noqa: S608
    )


@cache
def _statement(dialect: DialectName, assembly: LineAssembly, *, compare: bool) -> TextClause:
    build = _sqlite if dialect == "sqlite" else _postgresql
    return _typed(dialect, build(assembly, compare=compare))


def _sqlite(assembly: LineAssembly, *, compare: bool) -> str:
    # one parse and one write per line: the line record less the fields it does not keep
    paths = ", ".join(f"'$.{name}'" for name in assembly.dropped)
    line = f"json_remove(l.record, {paths})" if paths else "l.record"
    for own, theirs in assembly.inherited:  # set in place: the keys keep their order
        value = f"json(coalesce(nullif(l.record -> '$.{own}', 'null'), d.record -> '$.{theirs}'))"
        line = f"json_set({line}, '$.{own}', {value})"
    # `->>` gives SQL values: numbers sort as numbers (`->` would give their JSON text)
    number = f"l.record ->> '$.{assembly.order}'"
    order = f"{number} IS NULL, {number}, " if assembly.order else ""
    field = f"'$.{assembly.field}'"
    # a document written in this transaction holds no lines yet: no comparison needed
    changed = f"AND (records.record -> {field}) IS NOT json(built.lines)" if compare else ""
    # The aggregate takes the rows in the subquery's order (SQLite before 3.44 has no ORDER
    # BY inside an aggregate); json() gives each line back its JSON type, which a subquery
    # drops.
    return f"""
        UPDATE records
        SET record = json_set(record, {field}, json(built.lines)), version = version + :bump
        FROM (
            SELECT d.id AS id, coalesce((
                SELECT json_group_array(json(line)) FROM (
                    SELECT {line} AS line
                    FROM records AS l
                    WHERE l.scope_id = :lines AND l.parent_id = d.id AND l.deleted = 0
                    ORDER BY {order}l.id
                )
            ), '[]') AS lines
            FROM records AS d
            WHERE d.scope_id = :documents AND d.deleted = 0 AND {_in_ids("sqlite", "d.id")}
        ) AS built
        WHERE records.scope_id = :documents AND records.id = built.id {changed}
    """  # noqa: S608 - names checked by LineAssembly, values bound


def _postgresql(assembly: LineAssembly, *, compare: bool) -> str:
    names = ", ".join(f"'{name}'" for name in assembly.dropped)
    line = f"(l.record - ARRAY[{names}]::text[])" if names else "l.record"
    for own, theirs in assembly.inherited:
        value = f"coalesce(nullif(l.record -> '{own}', 'null'::jsonb), d.record -> '{theirs}')"
        line = f"jsonb_set({line}, '{{{own}}}', coalesce({value}, 'null'::jsonb))"
    # `->>` gives SQL NULL for a JSON null and for a missing field alike
    number = f"(l.record ->> '{assembly.order}')::numeric"
    order = f"{number} NULLS LAST, " if assembly.order else ""
    field = f"'{assembly.field}'"
    changed = f"AND (records.record -> {field}) IS DISTINCT FROM built.lines" if compare else ""
    return f"""
        UPDATE records
        SET record = jsonb_set(records.record, '{{{assembly.field}}}', built.lines),
            version = records.version + :bump
        FROM (
            SELECT d.id AS id, coalesce((
                SELECT jsonb_agg({line} ORDER BY {order}l.id COLLATE "C")
                FROM records AS l
                WHERE l.scope_id = :lines AND l.parent_id = d.id AND NOT l.deleted
            ), '[]'::jsonb) AS lines
            FROM records AS d
            WHERE d.scope_id = :documents AND NOT d.deleted AND {_in_ids("postgresql", "d.id")}
        ) AS built
        WHERE records.scope_id = :documents AND records.id = built.id {changed}
    """  # noqa: S608 - names checked by LineAssembly, values bound
