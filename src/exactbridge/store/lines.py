"""Documents whose lines are records of their own, assembled in the database.

Exact serves a journal entry's lines twice: expanded under `financialtransaction/Transactions`
(60 entries a page, every line parsed, mapped and stored a second time) and as
`TransactionLines`, which the sync keeps anyway as `transactions` (a `sync/` feed, 1,000 a
page). A `LineAssembly` declares the relation once; the sync then reads the entries without
their lines, after the lines, and the store gives each entry its lines from the stored
transactions, one statement per group of entries:

- before entries are written, their lines are read (`lines_of`) and set into each record
  (`with_lines`), so an entry is written once, complete;
- after lines are written or marked deleted, the entries they belong to are assembled
  again (`reassemble`): an entry whose lines changed is written with a new version (and
  counted as updated by the caller), one whose lines came out the same is not.

The content hash of an entry covers what its own feed gives (its record as mapped, lines
field null), so an entry read again unchanged is still skipped, whatever its lines did
meanwhile: the second rule keeps them fresh.

A line is the line record less the fields it does not keep (`dropped`), in the line
record's order, each value as the line record holds it; a field in `inherited` that the
line leaves null takes the document's value (an undated line carries its entry's date, as
`JournalEntry` dates its lines). Lines come in the order the mappers give an expanded
navigation's rows: by the `order` number (the line number, lines without one last), then
in Exact's order, by key; lines marked deleted are left out.

The projection runs in SQL: SQLite's JSON functions and PostgreSQL's `jsonb` ones work off
the interpreter lock, next to the sync's Python work instead of in it. SQLite gives the
lines in its compact JSON, PostgreSQL as `jsonb` text; either is stored as is.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

import orjson
from sqlalchemy import String, TextClause, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.store._dialect import DialectName

__all__ = ["LineAssembly", "lines_of", "parents_of", "reassemble", "with_lines"]

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


async def lines_of(
    tx: AsyncConnection,
    dialect: DialectName,
    assembly: LineAssembly,
    *,
    lines: int | None,
    documents: Mapping[str, bytes],
) -> dict[str, bytes]:
    """The lines of each document, as a JSON array, from the line records of scope `lines`
    (None: no line was ever stored). `documents` maps each document's id to its record's
    JSON, which the inherited values are read from."""
    found: dict[str, bytes] = {}
    if lines is None:
        return dict.fromkeys(documents, b"[]")
    statement = _lines_of(dialect, assembly)
    ids = list(documents)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        # {"id": {...record...}, ...} written from the records' own bytes, not parsed here
        parts = [orjson.dumps(key) + b":" + documents[key] for key in chunk]
        text_of = b"{" + b",".join(parts) + b"}"
        rows = await tx.execute(statement, {"lines": lines, "documents": text_of.decode()})
        found.update((key, value.encode()) for key, value in rows)
    return found


def with_lines(record: bytes, field: str, lines: bytes) -> bytes:
    """`record` (a JSON object) with `lines` as its `field`, which it holds as null."""
    last = b',"' + field.encode() + b'":null}'
    if record.endswith(last):  # the field written last, as the model orders it: no parsing
        return record[: -len(last)] + b',"' + field.encode() + b'":' + lines + b"}"
    document = orjson.loads(record)
    document[field] = orjson.Fragment(lines)
    return orjson.dumps(document)


async def reassemble(
    tx: AsyncConnection,
    dialect: DialectName,
    assembly: LineAssembly,
    *,
    documents: int,
    lines: int,
    ids: Collection[str],
) -> int:
    """Write again the lines of the live documents `ids` (of scope `documents`) whose lines,
    as the line records of scope `lines` now give them, differ from those they hold; each
    gets a new version. Returns how many were written."""
    statement = _reassemble(dialect, assembly)
    wanted = sorted(set(ids))
    changed = 0
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        result = await tx.execute(
            statement, {"documents": documents, "lines": lines, "ids": _ids(dialect, chunk)}
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
def _lines_of(dialect: DialectName, assembly: LineAssembly) -> TextClause:
    if dialect == "postgresql":
        lines = _postgresql_lines(assembly, document="p.value", parent="p.key")
        return text(
            f"SELECT p.key, {lines}::text FROM jsonb_each(CAST(:documents AS jsonb)) AS p"  # noqa: S608
        )
    lines = _sqlite_lines(assembly, document="p.value", parent="p.key")
    return text(f"SELECT p.key, {lines} FROM json_each(:documents) AS p")  # noqa: S608


@cache
def _reassemble(dialect: DialectName, assembly: LineAssembly) -> TextClause:
    if dialect == "postgresql":
        lines = _postgresql_lines(assembly, document="d.record", parent="d.id")
        chosen = _in_ids(dialect, "d.id")
        return _typed(
            dialect,
            f"""
            UPDATE records
            SET record = jsonb_set(records.record, '{{{assembly.field}}}', built.lines),
                version = records.version + 1
            FROM (
                SELECT d.id AS id, {lines} AS lines
                FROM records AS d
                WHERE d.scope_id = :documents AND NOT d.deleted AND {chosen}
            ) AS built
            WHERE records.scope_id = :documents AND records.id = built.id
                AND (records.record -> '{assembly.field}') IS DISTINCT FROM built.lines
            """,  # noqa: S608 - names checked by LineAssembly, values bound
        )
    lines = _sqlite_lines(assembly, document="d.record", parent="d.id")
    field = f"'$.{assembly.field}'"
    return _typed(
        dialect,
        f"""
        UPDATE records
        SET record = json_set(record, {field}, json(built.lines)), version = version + 1
        FROM (
            SELECT d.id AS id, {lines} AS lines
            FROM records AS d
            WHERE d.scope_id = :documents AND d.deleted = 0 AND {_in_ids(dialect, "d.id")}
        ) AS built
        WHERE records.scope_id = :documents AND records.id = built.id
            AND (records.record -> {field}) IS NOT json(built.lines)
        """,  # noqa: S608 - names checked by LineAssembly, values bound
    )


def _sqlite_lines(assembly: LineAssembly, *, document: str, parent: str) -> str:
    """The JSON array of the lines of the document `document` (its record's JSON) whose
    key is `parent`: one parse and one write per line, the record less what it drops."""
    paths = ", ".join(f"'$.{name}'" for name in assembly.dropped)
    line = f"json_remove(l.record, {paths})" if paths else "l.record"
    for own, theirs in assembly.inherited:  # set in place: the keys keep their order
        value = f"json(coalesce(nullif(l.record -> '$.{own}', 'null'), {document} -> '$.{theirs}'))"
        line = f"json_set({line}, '$.{own}', {value})"
    # `->>` gives SQL values: numbers sort as numbers (`->` would give their JSON text)
    number = f"l.record ->> '$.{assembly.order}'"
    order = f"{number} IS NULL, {number}, " if assembly.order else ""
    # The aggregate takes the rows in the subquery's order (SQLite before 3.44 has no ORDER
    # BY inside an aggregate); json() gives each line back its JSON type, which a subquery
    # drops.
    return f"""coalesce((
        SELECT json_group_array(json(line)) FROM (
            SELECT {line} AS line
            FROM records AS l
            WHERE l.scope_id = :lines AND l.parent_id = {parent} AND l.deleted = 0
            ORDER BY {order}l.id
        )
    ), '[]')"""  # noqa: S608 - names checked by LineAssembly, values bound


def _postgresql_lines(assembly: LineAssembly, *, document: str, parent: str) -> str:
    names = ", ".join(f"'{name}'" for name in assembly.dropped)
    line = f"(l.record - ARRAY[{names}]::text[])" if names else "l.record"
    for own, theirs in assembly.inherited:
        value = f"coalesce(nullif(l.record -> '{own}', 'null'::jsonb), {document} -> '{theirs}')"
        line = f"jsonb_set({line}, '{{{own}}}', coalesce({value}, 'null'::jsonb))"
    # `->>` gives SQL NULL for a JSON null and for a missing field alike
    number = f"(l.record ->> '{assembly.order}')::numeric"
    order = f"{number} NULLS LAST, " if assembly.order else ""
    return f"""coalesce((
        SELECT jsonb_agg({line} ORDER BY {order}l.id COLLATE "C")
        FROM records AS l
        WHERE l.scope_id = :lines AND l.parent_id = {parent} AND NOT l.deleted
    ), '[]'::jsonb)"""  # noqa: S608 - names checked by LineAssembly, values bound
