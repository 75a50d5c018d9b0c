"""Assembled documents (`store.lines`): their lines read from their line records, on both
databases, in line order, with inherited values; written again only when they changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from exactbridge.store import Database, LineAssembly, RecordRow, RecordStore, document_bytes
from exactbridge.store.lines import with_lines
from tests.integration.store.conftest import add_connection

C, D = "acme", 101
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ASSEMBLY = LineAssembly(
    document="entries",
    field="lines",
    lines="ledger_lines",
    parent="entry_id",
    dropped=("entry_id", "number", "unkept"),
    inherited=(("date", "date"),),
    order="number",
)


def _entry(key: str, day: str | None = "2026-03-01", **extra: Any) -> RecordRow:
    record = {"id": key, "date": day, "memo": "header", "lines": None, **extra}
    return RecordRow(id=key, record=record, modified_at=T0)


def _line(key: str, entry: str, number: int | None, amount: str, **extra: Any) -> RecordRow:
    record = {
        "entry_id": entry,
        "amount": amount,
        "number": number,
        "date": None,
        "flag": True,
        "id": key,
        "unkept": {"nested": [1]},
        **extra,
    }
    return RecordRow(id=key, record=record, modified_at=T0, parent_id=entry)


@pytest.fixture
async def store(db: Database) -> RecordStore:
    await add_connection(db, C)
    return RecordStore(db)


async def _lines(store: RecordStore, entry: str) -> Any:
    found = await store.get(C, D, "entries", entry)
    assert found is not None
    return found.record["lines"], found.version


async def _write_entries(store: RecordStore, *entries: RecordRow) -> None:
    """Entries as the sync writes them: their lines set in, the hash over the rest."""
    records = {entry.id: document_bytes(entry.record) for entry in entries}
    found = await store.lines_of(C, D, ASSEMBLY, records)
    await store.upsert(
        C,
        D,
        "entries",
        [
            replace(e, record=with_lines(records[e.id], "lines", found[e.id]), content=e.record)
            for e in entries
        ],
    )


async def test_lines_are_read_in_line_order_with_inherited_values(
    db: Database, store: RecordStore
) -> None:
    await store.upsert(
        C,
        D,
        "ledger_lines",
        [
            _line("l-b", "e-1", 2, "-5.00"),
            _line("l-c", "e-1", None, "1.00"),  # no number: last
            _line("l-a", "e-1", 10, "4.00", date="2026-02-27"),  # its own date is kept
            _line("l-0", "e-1", 2, "0.00"),  # same number: by key
            _line("l-x", "e-2", 1, "7.00"),
        ],
    )

    await _write_entries(store, _entry("e-1"), _entry("e-2", day=None), _entry("e-3"))

    lines, version = await _lines(store, "e-1")
    assert lines == [
        {"amount": "0.00", "date": "2026-03-01", "flag": True, "id": "l-0"},
        {"amount": "-5.00", "date": "2026-03-01", "flag": True, "id": "l-b"},
        {"amount": "4.00", "date": "2026-02-27", "flag": True, "id": "l-a"},
        {"amount": "1.00", "date": "2026-03-01", "flag": True, "id": "l-c"},
    ]
    if db.dialect == "sqlite":  # JSON text keeps the line records' order (`jsonb` its own)
        assert [list(line) for line in lines] == [["amount", "date", "flag", "id"]] * 4
    assert version == 1
    assert (await _lines(store, "e-2"))[0] == [
        {"amount": "7.00", "date": None, "flag": True, "id": "l-x"}
    ]
    assert (await _lines(store, "e-3"))[0] == []  # no line stored: an empty list
    entry = await store.get(C, D, "entries", "e-1")
    assert entry is not None and entry.record["memo"] == "header"


async def test_the_hash_covers_the_entry_without_its_lines(store: RecordStore) -> None:
    await store.upsert(C, D, "ledger_lines", [_line("l-1", "e-1", 1, "3.00")])
    await _write_entries(store, _entry("e-1"))
    await store.upsert(C, D, "ledger_lines", [_line("l-2", "e-1", 2, "-3.00")])

    # the entry read again as it was: skipped, though its lines are not those stored
    records = {"e-1": document_bytes(_entry("e-1").record)}
    found = await store.lines_of(C, D, ASSEMBLY, records)
    again = replace(
        _entry("e-1"),
        record=with_lines(records["e-1"], "lines", found["e-1"]),
        content=_entry("e-1").record,
    )
    counts = await store.upsert(C, D, "entries", [again])
    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 1)
    changed = replace(again, content={**_entry("e-1").record, "memo": "changed"})
    assert (await store.upsert(C, D, "entries", [changed])).updated == 1


async def test_changed_lines_version_their_document_and_unchanged_ones_do_not(
    store: RecordStore,
) -> None:
    await store.upsert(C, D, "ledger_lines", [_line("l-1", "e-1", 1, "3.00")])
    await _write_entries(store, _entry("e-1"))

    assert await store.reassemble(C, D, ASSEMBLY, ["e-1"]) == 0
    assert (await _lines(store, "e-1"))[1] == 1

    await store.upsert(C, D, "ledger_lines", [_line("l-2", "e-1", 2, "-3.00")])
    assert await store.reassemble(C, D, ASSEMBLY, ["e-1"]) == 1
    lines, version = await _lines(store, "e-1")
    assert [line["id"] for line in lines] == ["l-1", "l-2"] and version == 2

    await store.mark_deleted(C, D, "ledger_lines", ["l-1"], at=T0)
    assert await store.parents(C, D, "ledger_lines", ["l-1", "l-unknown"]) == {"e-1"}
    assert await store.reassemble(C, D, ASSEMBLY, ["e-1"]) == 1
    lines, version = await _lines(store, "e-1")
    assert [line["id"] for line in lines] == ["l-2"] and version == 3


async def test_deleted_documents_and_other_scopes_are_left_alone(store: RecordStore) -> None:
    await store.upsert(C, D, "ledger_lines", [_line("l-1", "e-1", 1, "3.00")])
    await store.upsert(C, D + 1, "ledger_lines", [_line("l-9", "e-1", 1, "9.00")])
    await _write_entries(store, _entry("e-1"), _entry("e-2"))
    await store.mark_deleted(C, D, "entries", ["e-2"], at=T0)
    await store.upsert(C, D, "ledger_lines", [_line("l-5", "e-2", 1, "5.00")])

    assert await store.reassemble(C, D, ASSEMBLY, ["e-1", "e-2"]) == 0

    assert [line["id"] for line in (await _lines(store, "e-1"))[0]] == ["l-1"]
    assert (await _lines(store, "e-2"))[0] == []  # marked deleted: left as it was
    assert await store.reassemble(C, D + 5, ASSEMBLY, ["e-1"]) == 0
    assert await store.parents(C, D + 5, "ledger_lines", ["l-1"]) == set()
    assert await store.lines_of(C, D + 5, ASSEMBLY, {"e-1": b"{}"}) == {"e-1": b"[]"}


async def test_many_documents_are_read_and_reassembled_in_chunks(store: RecordStore) -> None:
    entries = [f"e-{n:05d}" for n in range(6001)]
    await store.upsert(
        C, D, "ledger_lines", [_line(f"l-{n:05d}", e, 1, "1.00") for n, e in enumerate(entries)]
    )
    await _write_entries(store, *(_entry(e) for e in entries))
    assert [line["id"] for line in (await _lines(store, entries[-1]))[0]] == ["l-06000"]
    ids = [f"l-{n:05d}" for n in range(6001)]
    assert len(await store.parents(C, D, "ledger_lines", ids)) == len(entries)

    await store.upsert(
        C, D, "ledger_lines", [_line(f"m-{n:05d}", e, 2, "2.00") for n, e in enumerate(entries)]
    )
    assert await store.reassemble(C, D, ASSEMBLY, entries) == len(entries)


def test_lines_are_set_into_a_record_that_holds_them_as_null() -> None:
    assert with_lines(b'{"a":1,"lines":null}', "lines", b"[1]") == b'{"a":1,"lines":[1]}'
    # a string holding the same characters is not the field: the record is parsed
    tricky = orjson.dumps({"lines": None, "a": 'x,"lines":null}'})
    assert orjson.loads(with_lines(tricky, "lines", b"[]")) == {"lines": [], "a": 'x,"lines":null}'}
    nested = orjson.dumps({"a": {"b": 1, "lines": None}, "lines": None})
    assert orjson.loads(with_lines(nested, "lines", b"[2]")) == {
        "a": {"b": 1, "lines": None},
        "lines": [2],
    }


def test_an_assembly_takes_field_names_only() -> None:
    with pytest.raises(ValueError, match="not field names"):
        LineAssembly("d", "lines'; --", "l", "p", ("a",))
    with pytest.raises(ValueError, match="not field names"):
        LineAssembly("d", "lines", "l", "p", ("a",), order="n) --")
    with pytest.raises(ValueError, match="leave out"):
        LineAssembly("d", "lines", "l", "p", ("a",), inherited=(("a", "b"),))
