"""`RecordStore`: honest upsert counts, deletes, and keyset pages with every filter."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
from sqlalchemy import func, select

from exactbridge.store import (
    Database,
    InvalidCursor,
    RecordQuery,
    RecordRow,
    RecordStore,
    StoredRecord,
)
from exactbridge.store._schema import records
from tests.integration.store.conftest import add_connection

C, D, R = "acme", 101, "sales_invoices"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _row(n: int, **changes: object) -> RecordRow:
    values: dict[str, object] = {
        "id": f"inv-{n:03d}",
        "record": {"id": f"inv-{n:03d}", "total_amount": Decimal(f"{n}.50"), "number": n},
        "raw": {"InvoiceID": f"inv-{n:03d}", "AmountDC": n + 0.5},
        "modified_at": T0 + timedelta(minutes=n),
        "status": ("open", "paid")[n % 2],
        "counterparty_id": f"cust-{n % 3}",
        "date": date(2026, 1, 1) + timedelta(days=n),
    }
    values.update(changes)
    return RecordRow(**values)  # type: ignore[arg-type]


@pytest.fixture
async def store(db: Database) -> RecordStore:
    await add_connection(db, C)
    return RecordStore(db)


async def _rows_in_table(db: Database) -> int:
    async with db.read() as tx:
        return int(await tx.scalar(select(func.count()).select_from(records)) or 0)


async def test_upsert_counts_added_updated_and_unchanged_honestly(
    db: Database, store: RecordStore
) -> None:
    first = await store.upsert(C, D, R, [_row(n) for n in range(5)])
    assert (first.added, first.updated, first.unchanged) == (5, 0, 0)
    again = await store.upsert(C, D, R, [_row(n) for n in range(5)])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    changed = [_row(0, record={"id": "inv-000", "total_amount": "9.99"}), _row(1), _row(5)]
    mixed = await store.upsert(C, D, R, changed)
    assert (mixed.added, mixed.updated, mixed.unchanged) == (1, 1, 1)
    assert await _rows_in_table(db) == 6


async def test_unchanged_rows_are_not_written(store: RecordStore) -> None:
    await store.upsert(C, D, R, [_row(1)])
    before = await store.get(C, D, R, "inv-001")
    await store.upsert(C, D, R, [_row(1)])
    after = await store.get(C, D, R, "inv-001")
    assert before is not None and after is not None and before.version == after.version == 1
    await store.upsert(C, D, R, [_row(1, status="void")])
    changed = await store.get(C, D, R, "inv-001")
    assert changed is not None and changed.version == 2 and changed.status == "void"


@pytest.mark.parametrize(
    "change",
    [
        {"raw": {"InvoiceID": "inv-001", "AmountDC": 99.0}},
        {"modified_at": T0 + timedelta(days=1)},
        {"status": "void"},
        {"counterparty_id": "cust-9"},
        {"date": date(2027, 1, 1)},
        {"raw": None},
        {"deleted": True},
    ],
)
async def test_every_stored_value_counts_as_a_change(
    store: RecordStore, change: dict[str, object]
) -> None:
    await store.upsert(C, D, R, [_row(1)])
    counts = await store.upsert(C, D, R, [_row(1, **change)])
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 0)


async def test_an_observed_time_is_kept_until_the_content_changes(store: RecordStore) -> None:
    later = T0 + timedelta(hours=1)
    await store.upsert(C, D, R, [_row(1, modified_at=T0, observed=True)])
    same = await store.upsert(C, D, R, [_row(1, modified_at=later, observed=True)])
    assert (same.added, same.updated, same.unchanged) == (0, 0, 1)
    kept = await store.get(C, D, R, "inv-001")
    assert kept is not None and kept.modified_at == T0
    new = await store.upsert(C, D, R, [_row(1, modified_at=later, observed=True, status="x")])
    assert new.updated == 1
    moved = await store.get(C, D, R, "inv-001")
    assert moved is not None and moved.modified_at == later


async def test_key_order_of_a_document_is_not_a_change(store: RecordStore) -> None:
    await store.upsert(C, D, R, [_row(1, record={"a": 1, "b": 2})])
    counts = await store.upsert(C, D, R, [_row(1, record={"b": 2, "a": 1})])
    assert counts.unchanged == 1


async def test_the_last_of_several_rows_with_one_id_wins(store: RecordStore) -> None:
    counts = await store.upsert(C, D, R, [_row(1, status="draft"), _row(1, status="paid")])
    assert (counts.added, counts.updated, counts.unchanged) == (1, 0, 0)
    stored = await store.get(C, D, R, "inv-001")
    assert stored is not None and stored.status == "paid"


async def test_documents_and_values_come_back_as_stored(store: RecordStore) -> None:
    await store.upsert(C, D, R, [_row(7)])
    stored = await store.get(C, D, R, "inv-007")
    assert stored == StoredRecord(
        id="inv-007",
        record={"id": "inv-007", "number": 7, "total_amount": "7.50"},  # money stays a string
        raw={"InvoiceID": "inv-007", "AmountDC": 7.5},
        modified_at=T0 + timedelta(minutes=7),
        deleted=False,
        status="paid",
        counterparty_id="cust-1",
        date=date(2026, 1, 8),
        version=1,
    )
    assert stored.modified_at.tzinfo is not None
    assert await store.get(C, D, R, "missing") is None
    assert await store.get(C, D, "other_resource", "inv-007") is None


async def test_json_bytes_are_stored_as_given(store: RecordStore) -> None:
    document = orjson.dumps({"id": "x", "nested": {"list": [1, 2]}})
    await store.upsert(C, D, R, [RecordRow(id="x", record=document, modified_at=T0)])
    stored = await store.get(C, D, R, "x")
    assert stored is not None and stored.record == {"id": "x", "nested": {"list": [1, 2]}}
    assert stored.raw is None


async def test_scopes_keep_divisions_and_resources_apart(store: RecordStore) -> None:
    await store.upsert(C, D, R, [_row(1)])
    other_division = await store.upsert(C, D + 1, R, [_row(1)])
    other_resource = await store.upsert(C, D, "bills", [_row(1)])
    assert other_division.added == other_resource.added == 1
    assert await store.live_ids(C, D, R) == {"inv-001"}


async def test_mark_deleted_counts_only_live_records(store: RecordStore) -> None:
    await store.upsert(C, D, R, [_row(n) for n in range(4)])
    gone_at = T0 + timedelta(days=2)
    assert await store.mark_deleted(C, D, R, ["inv-001", "inv-002", "nope"], at=gone_at) == 2
    assert await store.mark_deleted(C, D, R, ["inv-001"], at=gone_at) == 0
    assert await store.mark_deleted(C, D, "no_such_resource", ["inv-001"], at=gone_at) == 0
    stored = await store.get(C, D, R, "inv-001")
    assert stored is not None and stored.deleted and stored.modified_at == gone_at
    assert await store.live_ids(C, D, R) == {"inv-000", "inv-003"}
    back = await store.upsert(C, D, R, [_row(1)])  # the same content, alive again
    assert (back.added, back.updated) == (0, 1)


async def test_missing_ids_are_the_live_records_a_listing_lacks(
    store: RecordStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("exactbridge.store.records._ID_CHUNK", 3)  # several chunks
    await store.upsert(C, D, R, [_row(n) for n in range(10)])
    await store.mark_deleted(C, D, R, ["inv-004"], at=T0 + timedelta(days=1))
    listed = {"inv-000", "inv-002", "inv-003", "inv-005", "inv-009", "inv-999"}
    missing = await store.missing_ids(C, D, R, listed)
    assert missing == ["inv-001", "inv-006", "inv-007", "inv-008"]  # inv-004 is gone already
    assert await store.missing_ids(C, D, "no_such_resource", listed) == []


async def test_has_live_is_true_while_one_record_is_not_deleted(store: RecordStore) -> None:
    assert not await store.has_live(C, D, R)  # no scope yet
    await store.upsert(C, D, R, [_row(1), _row(2)])
    assert await store.has_live(C, D, R)
    assert not await store.has_live(C, D + 1, R)  # another division's scope
    await store.mark_deleted(C, D, R, ["inv-001"], at=T0 + timedelta(days=1))
    assert await store.has_live(C, D, R)
    await store.mark_deleted(C, D, R, ["inv-002"], at=T0 + timedelta(days=1))
    assert not await store.has_live(C, D, R)  # deleted records only


async def _all_ids(store: RecordStore, query: RecordQuery, limit: int) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        page = await store.page(query, limit=limit, cursor=cursor)
        assert len(page.records) <= limit
        ids.extend(record.id for record in page.records)
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


@pytest.fixture
async def thirty(store: RecordStore) -> RecordStore:
    """30 records; two share each modified_at instant so the id breaks ties."""
    rows = [_row(n, modified_at=T0 + timedelta(minutes=n // 2)) for n in range(30)]
    await store.upsert(C, D, R, rows)
    await store.mark_deleted(C, D, R, ["inv-004"], at=T0 + timedelta(days=5))
    return store


def _expected(keep: object) -> list[str]:
    """Ids of `_row(n)` (n < 30, not the deleted 4) kept by `keep`, in page order."""
    rows = [_row(n, modified_at=T0 + timedelta(minutes=n // 2)) for n in range(30) if n != 4]
    chosen = [row for row in rows if keep(row)]  # type: ignore[operator]
    return [row.id for row in sorted(chosen, key=lambda row: (row.modified_at, row.id))]


@pytest.mark.parametrize("limit", [1, 4, 7, 100])
async def test_pages_cover_everything_once_in_order(thirty: RecordStore, limit: int) -> None:
    query = RecordQuery(C, D, R)
    assert await _all_ids(thirty, query, limit) == _expected(lambda row: True)


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        (
            RecordQuery(C, D, R, modified_since=T0 + timedelta(minutes=10)),
            lambda row: row.modified_at >= T0 + timedelta(minutes=10),
        ),
        (RecordQuery(C, D, R, status="paid"), lambda row: row.status == "paid"),
        (
            RecordQuery(C, D, R, counterparty_id="cust-2"),
            lambda row: row.counterparty_id == "cust-2",
        ),
        (
            RecordQuery(C, D, R, date_from=date(2026, 1, 6), date_to=date(2026, 1, 16)),
            lambda row: date(2026, 1, 6) <= row.date <= date(2026, 1, 16),
        ),
        (RecordQuery(C, D, R, date_to=date(2026, 1, 3)), lambda row: row.date <= date(2026, 1, 3)),
        (
            RecordQuery(
                C, D, R, status="open", counterparty_id="cust-0", date_from=date(2026, 1, 10)
            ),
            lambda row: (
                row.status == "open"
                and row.counterparty_id == "cust-0"
                and row.date >= date(2026, 1, 10)
            ),
        ),
    ],
)
async def test_each_filter_pages_through_exactly_its_records(
    thirty: RecordStore, query: RecordQuery, keep: object
) -> None:
    expected = _expected(keep)
    assert 0 < len(expected) < 29
    assert await _all_ids(thirty, query, 3) == expected


async def test_deleted_records_are_paged_only_when_asked(thirty: RecordStore) -> None:
    query = RecordQuery(C, D, R, include_deleted=True)
    ids = await _all_ids(thirty, query, 10)
    assert ids[-1] == "inv-004" and len(ids) == 30  # deleted last: its modified_at moved on
    since = RecordQuery(C, D, R, modified_since=T0 + timedelta(days=1), include_deleted=True)
    page = await thirty.page(since)
    assert [(r.id, r.deleted) for r in page.records] == [("inv-004", True)]


async def test_a_cursor_is_refused_for_another_query(thirty: RecordStore) -> None:
    page = await thirty.page(RecordQuery(C, D, R, status="paid"), limit=2)
    assert page.next_cursor is not None
    with pytest.raises(InvalidCursor):
        await thirty.page(RecordQuery(C, D, R, status="open"), cursor=page.next_cursor)
    with pytest.raises(InvalidCursor):
        await thirty.page(RecordQuery(C, D, R), cursor="garbage")


async def test_rows_written_behind_the_cursor_are_not_repeated(thirty: RecordStore) -> None:
    query = RecordQuery(C, D, R)
    first = await thirty.page(query, limit=5)
    await thirty.upsert(C, D, R, [_row(99, modified_at=T0 - timedelta(days=1))])  # before
    second = await thirty.page(query, limit=5, cursor=first.next_cursor)
    assert not {r.id for r in first.records} & {r.id for r in second.records}
    assert "inv-099" not in {r.id for r in second.records}


async def test_page_limits_and_empty_scopes(thirty: RecordStore) -> None:
    with pytest.raises(ValueError, match="1 to 1000"):
        await thirty.page(RecordQuery(C, D, R), limit=0)
    empty = await thirty.page(RecordQuery(C, 999, R))
    assert empty.records == [] and empty.next_cursor is None
