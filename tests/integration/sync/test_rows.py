"""`_rows.record_row`: the stored row of every Exact row of every stream is the unified
record's own JSON and the index columns its fields give, looked up by name (the fast path
reads them from the model's fields once per class instead of `getattr` per record); the raw
row is what the store writes of Exact's row (the fast path hands it over written)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import orjson
import pytest

from exactbridge.client import ExactClient, Query
from exactbridge.sync._rows import raw_of, record_row
from exactbridge.sync.streams import STREAMS
from tests.support.stored import written

FALLBACK = datetime(2026, 6, 25, 14, tzinfo=UTC)
COUNTERPARTY = ("customer_id", "supplier_id", "counterparty_id", "account_id")
DATES = ("issue_date", "date", "entry_date", "invoice_date", "document_date", "start_date")


def _first(record: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        value = getattr(record, name, None)
        if value is not None:
            return value
    return None


def _day(record: Any) -> date | None:
    for name in DATES:
        value = getattr(record, name, None)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
    return None


@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_every_row_of_every_stream_is_stored_as_its_record_says(
    client: ExactClient, division: int
) -> None:
    checked: set[str] = set()
    indexed = {"status": 0, "counterparty": 0, "date": 0}
    for stream in STREAMS:
        for output in stream.outputs:
            if stream.cursor == "snapshot" or output.resource.derive is not None:
                continue  # read whole and built by the engine from all rows
            source = output.source
            query = Query(source.map.spec.path)
            if source.filter:
                query = query.where(source.filter)
            if source.expand:
                query = query.expand(source.expand)
            envelope = await client.get_page(division, query)
            for row in envelope.rows:
                if source.where is not None and not source.where(row):
                    continue
                stored = record_row(output, row, division=division, fallback=FALLBACK)
                record = source.record(row, division=division, remote_data=False, custom=())
                status = getattr(record, "status", None)
                counterparty = _first(record, COUNTERPARTY)
                assert stored.id == record.id
                assert stored.record == record.model_dump_json().encode()
                assert stored.raw is not None
                assert written(stored.raw) == written(raw_of(row))  # as the store writes it
                assert "__metadata" not in orjson.loads(written(stored.raw))
                assert stored.status == (status.value if isinstance(status, Enum) else status)
                assert stored.counterparty_id == (
                    None if counterparty is None else str(counterparty)
                )
                assert stored.date == _day(record)
                assert stored.modified_at == (record.modified_at or record.created_at or FALLBACK)
                checked.add(output.name)
                indexed["status"] += stored.status is not None
                indexed["counterparty"] += stored.counterparty_id is not None
                indexed["date"] += stored.date is not None
    # not trivial: most resources, with each kind of index column
    assert {"invoices", "customers", "payments", "journal_entries", "contacts"} <= checked
    assert min(indexed.values()) > 50
