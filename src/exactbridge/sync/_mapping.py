"""A page of Exact rows into a stream's batch, mapped a slice at a time.

A page of a `sync/` feed takes the event loop ~45 ms to map. The group writer's database
calls each wait for the loop to hear their answer: with the loop held a page at a time, a
first sync of the transaction lines spent 15 of its 41 s with the reads waiting for writes
whose database work was done. Between two slices of `MAP_SLICE` rows the loop takes a turn
(the transaction lines alone: 38.1 and 39.2 s instead of 41.3 and 42.6 s).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from exactbridge.sync._rows import record_rows
from exactbridge.sync._streams import Output
from exactbridge.sync._writes import Batch

__all__ = ["MAP_SLICE", "map_rows"]

MAP_SLICE: Final = 100
"""Rows mapped between two turns of the event loop."""


async def map_rows(
    output: Output,
    rows: Sequence[Mapping[str, Any]],
    division: int,
    batch: Batch,
    now: datetime,
    *,
    seen: dict[str, set[str]] | None = None,
) -> None:
    """Map `rows` into `batch` in page order (the last word on an id wins): rows the
    source's predicate accepts are kept, the others dropped; `seen` collects kept ids."""
    where = output.source.where
    key = output.source.map.spec.key
    if output.unexpanded is not None:  # a deferred link, not kept: lines come from the store
        for row in rows:
            if isinstance(row, dict):
                row.pop(output.unexpanded, None)
    for start in range(0, len(rows), MAP_SLICE):
        if start:
            await asyncio.sleep(0)
        chunk = rows[start : start + MAP_SLICE]
        accepted = [where is None or where(row) for row in chunk]
        chosen = (row for row, keep in zip(chunk, accepted, strict=True) if keep)
        mapped = iter(record_rows(output, chosen, division=division, fallback=now))
        for row, keep in zip(chunk, accepted, strict=True):
            if not keep:
                batch.drop(output.name, output.source.id_prefix + str(row[key]).lower())
                continue
            stored = next(mapped)
            batch.keep(output.name, stored)
            if seen is not None:
                seen[output.name].add(stored.id)
