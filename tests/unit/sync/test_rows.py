"""`record_row` against `reference_row`: the same store row, byte for byte, or the same error.

Pure: hand-written rows (the mapper conformance suite's) through the real resource
declarations; `record_row` takes the fast path where it can, `reference_row` is the
pydantic way the sync always took. Stored rows are compared as the store keeps them (the
raw row written as the store writes it, `tests.support.stored`).
"""

from __future__ import annotations

import copy
import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.actions import RESOURCES, Source
from exactbridge.errors import WireFormatError
from exactbridge.mappers import TRANSACTION_MAP
from exactbridge.store import RecordRow
from exactbridge.sync._rows import (
    _fast_row,
    raw_of,
    record_row,
    record_rows,
    reference_row,
)
from exactbridge.sync._streams import Output
from tests.support.stored import columns, written
from tests.unit.mappers.test_entries import TRANSACTION_LINE_ROW, TRANSACTION_ROW
from tests.unit.mappers.test_parties import ACCOUNT_ROW
from tests.unit.mappers.test_payments import PAYABLES_LIST_ROW, RECEIVABLES_LIST_ROW

DIVISION: Final = 124132
FALLBACK: Final = datetime(2026, 6, 25, 14, tzinfo=UTC)


def _output(resource: str, index: int = 0) -> Output:
    return Output(RESOURCES[resource], RESOURCES[resource].sources[index])


TRANSACTIONS: Final = _output("transactions")
JOURNAL_ENTRIES: Final = _output("journal_entries")
CUSTOMERS: Final = _output("customers")
RECEIVABLES: Final = _output("outstandings")
PAYABLES: Final = _output("outstandings", 1)


def _same(output: Output, row: dict[str, Any]) -> RecordRow:
    stored = record_row(output, row, division=DIVISION, fallback=FALLBACK)
    reference = reference_row(output, row, division=DIVISION, fallback=FALLBACK)
    assert columns(stored) == columns(reference)
    assert stored.modified_at.tzinfo is reference.modified_at.tzinfo
    return stored


@pytest.mark.parametrize(
    ("output", "row"),
    [
        (TRANSACTIONS, TRANSACTION_LINE_ROW),
        (JOURNAL_ENTRIES, TRANSACTION_ROW),
        (CUSTOMERS, ACCOUNT_ROW),
        (RECEIVABLES, RECEIVABLES_LIST_ROW),  # no Modified: the run's time, observed
        (PAYABLES, PAYABLES_LIST_ROW),  # a custom read: the reference way
    ],
    ids=["transactions", "journal_entries", "customers", "receivables", "payables"],
)
def test_the_fast_path_stores_what_the_reference_stores(
    output: Output, row: dict[str, Any]
) -> None:
    stored = _same(output, row)
    assert isinstance(stored.record, bytes)


def test_the_raw_row_is_written_once_as_the_store_writes_it() -> None:
    stored = record_row(TRANSACTIONS, TRANSACTION_LINE_ROW, division=DIVISION, fallback=FALLBACK)
    assert stored.raw == written(raw_of(TRANSACTION_LINE_ROW))
    assert isinstance(stored.raw, bytes) and b"__metadata" not in stored.raw


def test_a_raw_row_orjson_cannot_write_alone_is_left_to_the_store() -> None:
    row = {**TRANSACTION_LINE_ROW, "Extra": Decimal("1.5")}  # the store's hook writes it
    stored = record_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    assert stored == reference_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    assert stored.raw == raw_of(row)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"Status": 99}, WireFormatError),  # an unknown code
        ({"ID": "not a guid"}, WireFormatError),
        ({"ID": None}, WireFormatError),
        ({"Currency": "eur"}, ValueError),  # pydantic's ValidationError
        ({"Date": "2024-08-12"}, WireFormatError),
    ],
)
def test_a_row_the_reference_refuses_raises_the_references_error(
    changes: dict[str, Any], error: type[Exception]
) -> None:
    row = {**TRANSACTION_LINE_ROW, **changes}
    with pytest.raises(error) as reference:
        reference_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    with pytest.raises(error) as fast:
        record_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    assert type(fast.value) is type(reference.value)
    assert str(fast.value) == str(reference.value)


def test_a_row_the_fast_path_declines_is_mapped_the_reference_way() -> None:
    row = {**TRANSACTION_LINE_ROW, "EntryNumber": 2**70}  # beyond what orjson writes
    fast = _fast_row(TRANSACTIONS)
    assert fast is not None
    with pytest.raises(TypeError):
        fast(row, DIVISION, FALLBACK)
    stored = record_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    reference = reference_row(TRANSACTIONS, row, division=DIVISION, fallback=FALLBACK)
    assert stored == reference  # the raw row too: a dict, which the store cannot write either
    assert b'"entry_number":1180591620717411303424' in stored.record


def test_sources_with_their_own_reader_keep_the_reference_way() -> None:
    assert _fast_row(PAYABLES) is None
    assert _fast_row(_output("companies")) is None
    assert _fast_row(TRANSACTIONS) is not None


def test_an_id_prefix_is_applied_as_the_source_applies_it() -> None:
    source = Source(TRANSACTION_MAP, id_prefix="line-")
    stored = _same(Output(RESOURCES["transactions"], source), TRANSACTION_LINE_ROW)
    assert stored.id == "line-" + TRANSACTION_LINE_ROW["ID"]


def test_record_rows_maps_a_page_as_record_row_maps_each_row() -> None:
    rows = [TRANSACTION_LINE_ROW, {**TRANSACTION_LINE_ROW, "Status": 50}]
    rows += [{**TRANSACTION_LINE_ROW, "EntryNumber": 2**70}]  # declined: the reference way
    stored = record_rows(TRANSACTIONS, rows, division=DIVISION, fallback=FALLBACK)
    expected = [record_row(TRANSACTIONS, r, division=DIVISION, fallback=FALLBACK) for r in rows]
    assert stored == expected
    with pytest.raises(WireFormatError):
        record_rows(
            TRANSACTIONS, [{**TRANSACTION_LINE_ROW, "Status": 99}], division=1, fallback=FALLBACK
        )


def test_a_document_whose_lines_are_deferred_stores_no_lines() -> None:
    row = copy.deepcopy(TRANSACTION_ROW)
    row["TransactionLines"] = {"__deferred": {"uri": "https://start.exactonline.nl/x"}}
    assert b'"line_items":null' in _same(JOURNAL_ENTRIES, row).record


def test_each_source_is_compiled_once() -> None:
    assert _fast_row(TRANSACTIONS) is _fast_row(TRANSACTIONS)
    assert _fast_row(replace(TRANSACTIONS, source=replace(TRANSACTIONS.source))) is not (
        _fast_row(TRANSACTIONS)
    )


def test_stored_bytes_hold_no_more_memory_than_they_need() -> None:
    """orjson hands back its whole write buffer (4 KiB and more); a sync keeps thousands of
    rows until they are written, so the fast path keeps copies of their own size."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        rows = [
            record_row(JOURNAL_ENTRIES, TRANSACTION_ROW, division=DIVISION, fallback=FALLBACK)
            for _ in range(200)
        ]
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    written = sum(len(row.record) + len(row.raw or b"") for row in rows)
    assert held < 2 * written
