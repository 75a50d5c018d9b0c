"""`Batch` keeps the last word per id; `GroupWriter` writes groups in order, in the background."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from exactbridge.store import RecordRow
from exactbridge.sync._writes import Batch, GroupWriter

AT = datetime(2026, 1, 1, tzinfo=UTC)


def _row(record_id: str, version: int = 1) -> RecordRow:
    return RecordRow(id=record_id, record={"v": version}, modified_at=AT)


def test_a_later_page_wins_over_an_earlier_one() -> None:
    batch = Batch()
    batch.keep("customers", _row("a"))
    batch.drop("customers", "b")
    later = Batch()
    later.drop("customers", "a")  # stopped being a customer after it was stored
    later.keep("customers", _row("b", 2))  # became one again after it was dropped
    later.keep("customers", _row("c"))
    batch.extend(later)
    assert set(batch.upserts["customers"]) == {"b", "c"}
    assert batch.upserts["customers"]["b"].record == b'{"v":2}'
    assert set(batch.deletes["customers"]) == {"a"}
    assert batch.size == 3


def test_the_last_row_of_an_id_is_the_one_kept() -> None:
    batch = Batch()
    batch.keep("items", _row("a", 1))
    batch.keep("items", _row("a", 2))
    assert batch.size == 1
    assert batch.upserts["items"]["a"].record == b'{"v":2}'


class _Recorder:
    def __init__(self, *, fail_at: int | None = None) -> None:
        self.groups: list[tuple[list[str], dict[str, Any] | None, int]] = []
        self.fail_at = fail_at

    async def write(self, batch: Batch, position: dict[str, Any] | None, calls: int) -> None:
        await asyncio.sleep(0)
        if self.fail_at is not None and len(self.groups) == self.fail_at:
            msg = "disk full"
            raise OSError(msg)
        ids = [row_id for rows in batch.upserts.values() for row_id in rows]
        self.groups.append((ids, position, calls))


def _page(*ids: str) -> Batch:
    batch = Batch()
    for record_id in ids:
        batch.keep("transactions", _row(record_id))
    return batch


async def test_pages_are_grouped_with_the_checkpoint_and_calls_of_the_last() -> None:
    recorder = _Recorder()
    position = {"timestamp": 0}
    async with GroupWriter(recorder.write, group_rows=3) as writer:
        for number, ids in enumerate((("a", "b"), ("c",), ("d", "e"), ("f",)), start=1):
            position["timestamp"] = number
            await writer.add(_page(*ids), position, calls=number)
    assert recorder.groups == [
        (["a", "b", "c"], {"timestamp": 2}, 2),
        (["d", "e", "f"], {"timestamp": 4}, 4),
    ]


async def test_what_was_read_is_written_when_reading_fails() -> None:
    recorder = _Recorder()
    with pytest.raises(TimeoutError):
        async with GroupWriter(recorder.write, group_rows=100) as writer:
            await writer.add(_page("a"), {"timestamp": 1}, calls=1)
            raise TimeoutError
    assert recorder.groups == [(["a"], {"timestamp": 1}, 1)]


async def test_a_failed_write_stops_the_stream() -> None:
    recorder = _Recorder(fail_at=0)
    with pytest.raises(OSError, match="disk full"):
        async with GroupWriter(recorder.write, group_rows=1) as writer:
            for number in range(10):
                await writer.add(_page(f"r{number}"), {"timestamp": number}, calls=number)
    assert recorder.groups == []


async def test_a_failed_write_does_not_hide_the_reading_error() -> None:
    recorder = _Recorder(fail_at=0)
    with pytest.raises(TimeoutError):
        async with GroupWriter(recorder.write, group_rows=100) as writer:
            await writer.add(_page("a"), {"timestamp": 1}, calls=1)
            raise TimeoutError


async def test_a_group_of_large_documents_is_written_before_it_has_its_rows() -> None:
    recorder = _Recorder()
    async with GroupWriter(recorder.write, group_rows=1000, group_bytes=10_000) as writer:
        for number in range(5):
            page = Batch()
            for line in range(2):
                row_id = f"e{number}.{line}"
                record = RecordRow(id=row_id, record=b"x" * 1000, raw=b"y" * 2000, modified_at=AT)
                page.keep("journal_entries", record)
            await writer.add(page, {"timestamp": number}, calls=number)
    assert [len(ids) for ids, _, _ in recorder.groups] == [4, 4, 2]


async def test_pages_go_at_once_while_the_writer_is_idle_and_pile_up_while_it_writes() -> None:
    released = asyncio.Event()
    groups: list[list[str]] = []

    async def slow_write(batch: Batch, _position: dict[str, Any] | None, _calls: int) -> None:
        groups.append([row_id for rows in batch.upserts.values() for row_id in rows])
        if len(groups) == 1:
            await released.wait()  # the first write takes long

    async with GroupWriter(slow_write, group_rows=100, eager_rows=2) as writer:
        await writer.add(_page("a"), None, calls=1)
        await writer.add(_page("b"), None, calls=2)  # two rows, writer idle: handed over
        await asyncio.sleep(0)  # the write starts
        for number in range(5):  # the write is still running: these pile up
            await writer.add(_page(f"p{number}"), None, calls=3 + number)
        released.set()
    assert groups == [["a", "b"], ["p0", "p1", "p2", "p3", "p4"]]


def test_documents_are_kept_serialized_and_weighed() -> None:
    batch = Batch()
    batch.keep("items", RecordRow(id="a", record={"b": 1, "a": 2}, raw={"Z": None}, modified_at=AT))
    kept = batch.upserts["items"]["a"]
    assert kept.record == b'{"a":2,"b":1}'
    assert kept.raw == b'{"Z":null}'
    assert batch.weight == len(kept.record) + len(kept.raw)
