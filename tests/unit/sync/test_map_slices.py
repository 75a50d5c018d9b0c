"""`map_rows` maps a page a slice at a time and lets other tasks run between slices (the
group writer's database answers), without changing what it maps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from exactbridge.sync._mapping import MAP_SLICE, map_rows
from exactbridge.sync._rows import record_rows
from exactbridge.sync._writes import Batch
from exactbridge.sync.streams import STREAMS
from tests.unit.mappers.test_entries import TRANSACTION_LINE_ROW

NOW = datetime(2026, 6, 25, 14, tzinfo=UTC)
(LINES,) = next(s for s in STREAMS if s.name == "transactionlines").outputs


def _rows(count: int) -> list[dict[str, Any]]:
    return [
        {**TRANSACTION_LINE_ROW, "ID": f"00000000-0000-0000-0000-{n:012d}", "LineNumber": n}
        for n in range(count)
    ]


async def test_a_page_is_mapped_in_slices_with_turns_for_other_tasks() -> None:
    rows = _rows(MAP_SLICE * 2 + MAP_SLICE // 2)
    turns = 0
    done = False

    async def other_task() -> None:
        nonlocal turns
        while not done:
            turns += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_task())
    await asyncio.sleep(0)  # the other task starts
    before = turns
    batch = Batch()
    await map_rows(LINES, rows, 7, batch, NOW)
    during = turns - before
    done = True
    await other

    assert during == 2  # one turn between each two of the three slices
    expected = record_rows(LINES, rows, division=7, fallback=NOW)
    stored = batch.upserts["transactions"]
    assert list(stored) == [row.id for row in expected]  # in page order
    assert [row.parent_id for row in stored.values()] == [row.parent_id for row in expected]
    assert all(row.parent_id for row in stored.values())
