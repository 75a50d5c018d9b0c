"""Journal entries are read without their lines and assembled in the store from the synced
transactions (`sync.streams.ASSEMBLED`, `store.lines`).

Whatever changes the lines, the entries follow: a line changed in Exact (the `sync/` feed of
transaction lines) or deleted (`sync/Deleted`) assembles its entry again, with a new version
and counted as updated, while the entry's own header did not move. Entries synced alone
bring their lines along, and their lines are read first whatever the order of the streams
and however many are read side by side, so each entry is written once, complete.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from exactbridge.actions import Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.store import Database, RecordQuery, RecordStore, StoredRecord
from exactbridge.sync.engine import SyncEngine
from exactbridge.sync.streams import STREAMS
from tests.support.admin_changes import AdminSurface
from tests.support.emulator import BASE
from tests.support.synced import differences, stored_records, truth
from tests.support.vault import Vault

LINES = "financialtransaction/TransactionLines"
ENTRIES = ("journal_entries", "transactions")


@pytest.fixture
async def admin(vault: Vault, division: int) -> AsyncIterator[AdminSurface]:
    """The emulator's admin surface, in-process."""
    async with httpx.AsyncClient(transport=vault.transport, base_url=BASE) as http:
        yield AdminSurface(http, division)


async def _entry_of(admin: AdminSurface) -> dict[str, list[dict[str, object]]]:
    lines: dict[str, list[dict[str, object]]] = {}
    for row in await admin.rows(LINES):
        lines.setdefault(str(row["EntryID"]).lower(), []).append(row)
    return lines


async def test_a_changed_or_deleted_line_assembles_its_entry_again(
    engine: SyncEngine,
    actions: Actions,
    admin: AdminSurface,
    db: Database,
    vault: Vault,
    division: int,
    clock: ManualClock,
) -> None:
    await engine.sync(division, full=True)
    store = RecordStore(db)
    by_entry = await _entry_of(admin)
    changed_entry, deleted_entry = sorted(e for e, rows in by_entry.items() if len(rows) >= 2)[:2]
    before = {
        entry: await store.get(vault.connection.id, division, "journal_entries", entry)
        for entry in (changed_entry, deleted_entry)
    }
    clock.advance(60)
    changed_line = by_entry[changed_entry][0]["ID"]
    answer = await admin.update(LINES, changed_line, {"Description": "Changed behind the back"})
    assert answer.status_code == 200, answer.text
    deleted_line = by_entry[deleted_entry][-1]["ID"]
    answer = await admin.delete(LINES, deleted_line)
    assert answer.status_code in (200, 204), answer.text
    clock.advance(1)

    report = await engine.sync(division)

    stored = await stored_records(db, vault.connection.id, division, ENTRIES)
    assert differences(await truth(actions, division, ENTRIES), stored) == []
    after = {
        entry: await store.get(vault.connection.id, division, "journal_entries", entry)
        for entry in (changed_entry, deleted_entry)
    }
    for entry in (changed_entry, deleted_entry):
        old, new = before[entry], after[entry]
        assert old is not None and new is not None
        assert new.version == old.version + 1
        assert new.modified_at == old.modified_at  # the header did not change
    changed = after[changed_entry]
    assert changed is not None and changed.record["line_items"] is not None
    descriptions = [line["description"] for line in changed.record["line_items"]]
    assert "Changed behind the back" in descriptions
    gone = after[deleted_entry]
    assert gone is not None and gone.record["line_items"] is not None
    assert str(deleted_line).lower() not in {line["id"] for line in gone.record["line_items"]}
    # each entry is counted once as updated, by the stream that changed its lines
    counts = {
        s.name: s.resources["journal_entries"].updated
        for s in report.streams
        if "journal_entries" in s.resources
    }
    assert counts == {"transactionlines": 1, "deleted": 1}


async def test_entries_synced_alone_bring_their_lines_first(
    engine: SyncEngine, actions: Actions, db: Database, vault: Vault, division: int
) -> None:
    report = await engine.sync(division, only={"journal_entries"})

    names = [s.name for s in report.streams]
    assert names.index("transactionlines") < names.index("journal_entries")
    stored = await stored_records(db, vault.connection.id, division, ENTRIES)
    assert differences(await truth(actions, division, ENTRIES), stored) == []
    entries = stored["journal_entries"]
    assert entries and report.total("updated") == 0  # every entry written once, complete


async def test_entries_listed_before_their_lines_still_wait_for_them(
    engine: SyncEngine,
    actions: Actions,
    db: Database,
    vault: Vault,
    division: int,
    clock: ManualClock,
) -> None:
    entries_first = sorted(STREAMS, key=lambda s: s.name != "journal_entries")
    pages: list[str] = []
    reordered = _noting_pages(engine, db, vault, clock, pages, streams=entries_first)

    first = await reordered.sync(division)

    assert pages.index("journal_entries") > pages.index("transactionlines")
    stored = await stored_records(db, vault.connection.id, division, ENTRIES)
    assert differences(await truth(actions, division, ENTRIES), stored) == []
    assert first.total("updated") == 0  # each entry written once, complete
    entries = await _every(RecordStore(db), vault.connection.id, division)
    assert entries and {entry.version for entry in entries} == {1}
    assert all(entry.record["line_items"] for entry in entries)


@pytest.mark.parametrize("parallel", [2, 4])
async def test_side_by_side_the_entries_wait_for_their_lines(
    engine: SyncEngine,
    actions: Actions,
    db: Database,
    vault: Vault,
    division: int,
    clock: ManualClock,
    parallel: int,
) -> None:
    pages: list[str] = []
    side_by_side = _noting_pages(engine, db, vault, clock, pages, parallel=parallel)
    first = await side_by_side.sync(division)

    assert first.total("updated") == 0
    last_line_page = max(i for i, name in enumerate(pages) if name == "transactionlines")
    assert pages.index("journal_entries") > last_line_page
    stored = await stored_records(db, vault.connection.id, division, ENTRIES)
    assert differences(await truth(actions, division, ENTRIES), stored) == []


def _noting_pages(
    engine: SyncEngine,
    db: Database,
    vault: Vault,
    clock: ManualClock,
    pages: list[str],
    **options: Any,
) -> SyncEngine:
    """An engine like `engine` that notes the stream of every page it reads in `pages`."""
    return SyncEngine(
        engine.client,
        db,
        connection=vault.connection.id,
        clock=clock.now,
        progress=lambda stream, _rows: pages.append(stream),
        **options,
    )


async def _every(store: RecordStore, connection: str, division: int) -> list[StoredRecord]:
    query = RecordQuery(connection, division, "journal_entries")
    found: list[StoredRecord] = []
    cursor: str | None = None
    while True:
        page = await store.page(query, limit=1000, cursor=cursor)
        found.extend(page.records)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


async def test_the_raw_row_of_an_entry_keeps_no_link_to_its_lines(
    engine: SyncEngine, db: Database, vault: Vault, division: int
) -> None:
    await engine.sync(division, only={"journal_entries"})
    store = RecordStore(db)
    query = RecordQuery(vault.connection.id, division, "journal_entries")
    (entry,) = (await store.page(query, limit=1)).records
    assert entry.raw is not None
    assert "TransactionLines" not in entry.raw
    assert "EntryID" in entry.raw
    assert BASE.split("//", 1)[1] not in json.dumps(entry.raw)  # no host named
    assert entry.record["line_items"]
