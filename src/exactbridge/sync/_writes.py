"""What a stream writes, and the task that writes it while the stream reads on.

A stream's pages are written in groups: several pages in one transaction, with the
checkpoint of the last page. A commit costs the store about as much as a thousand rows
(every index page a batch touched is written again), so a group of a few thousand rows
halves what a million-row load spends in the database. The guarantee does not change: a
checkpoint commits together with every row it covers, so a crash loses only the group in
flight, which the next run reads again.

The writes happen in a task of their own (`GroupWriter`): while one group is written, the
stream fetches and maps the next pages. One group waits at most (the queue holds one), so
memory stays bounded whatever the speed of the database.

Groups are as large as the database needs them to be: when the writing task is idle, what
is collected goes at once (from `EAGER_ROWS` on, a page of a `sync/` feed); only while a
write is in progress do pages pile up, up to `GROUP_ROWS`. A bulk load whose database is
the slower side gets large groups; a sync paced by Exact's rate limit writes each page
soon after it arrives, and holds SQLite's writer lock (which the rate-limit budget and
token stores need too, for every call) only briefly.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from exactbridge.store import RecordRow, document_bytes
from exactbridge.store._record_types import Document

__all__ = ["Batch", "GroupWriter", "Write"]

GROUP_ROWS: Final = 5000
"""Rows a group collects before it is written (the last group of a stream may be smaller)."""

EAGER_ROWS: Final = 1000
"""Rows after which a group is handed over at once when the writing task is idle."""

GROUP_BYTES: Final = 8 * 1024 * 1024
"""Serialized bytes a group collects before it is written: documents with expanded lines
are several kilobytes each, and three groups may be alive at once (one being written, one
waiting, one collecting) in each stream read side by side."""


@dataclass
class Batch:
    """Records to store and ids to mark deleted, by resource, in the order pages gave them.

    A later page wins over an earlier one: a record kept after it was dropped is stored
    (not marked deleted), and one dropped after it was kept is marked deleted (not stored).
    """

    upserts: dict[str, dict[str, RecordRow]] = field(default_factory=dict)
    deletes: dict[str, dict[str, None]] = field(default_factory=dict)

    weight: int = 0
    """Bytes of the documents added (replaced rows still count: a bound, not a size)."""

    @property
    def size(self) -> int:
        """Records and deletes held."""
        return sum(map(len, self.upserts.values())) + sum(map(len, self.deletes.values()))

    def keep(self, resource: str, row: RecordRow) -> None:
        """Store `row` (the last row given for an id is the one stored).

        Its documents are kept serialized: a parsed row with expanded lines takes several
        times the memory of its JSON, and a group is weighed by its bytes.
        """
        dropped = self.deletes.get(resource)
        if dropped:
            dropped.pop(row.id, None)
        record, raw = document_bytes(row.record), _bytes_or_none(row.raw)
        if record is not row.record or raw is not row.raw:
            row = replace(row, record=record, raw=raw)
        self.upserts.setdefault(resource, {})[row.id] = row
        self.weight += len(record) + (0 if raw is None else len(raw))

    def drop(self, resource: str, record_id: str) -> None:
        """Mark `record_id` deleted (and forget a row given for it before)."""
        kept = self.upserts.get(resource)
        if kept:
            kept.pop(record_id, None)
        self.deletes.setdefault(resource, {})[record_id] = None

    def extend(self, later: Batch) -> None:
        """Add a later page's writes to these."""
        for resource, rows in later.upserts.items():
            for row in rows.values():
                self.keep(resource, row)
        for resource, ids in later.deletes.items():
            for record_id in ids:
                self.drop(resource, record_id)


Write = Callable[[Batch, dict[str, Any] | None, int], Awaitable[None]]
"""Writes a group in one transaction: `(batch, checkpoint position, calls made up to it)`."""


@dataclass
class _Group:
    batch: Batch
    position: dict[str, Any] | None
    calls: int


class GroupWriter:
    """Collects a stream's pages into groups and writes each in the background, in order.

    Use as an async context manager: leaving the block writes what is collected and waits
    for every write, also when the block raises (what was read stays written), and a failed
    write is raised from the next `add` or from the block's end.

    Args:
        write: writes one group in one transaction.
        group_rows: rows a group collects at most while a write is in progress.
        group_bytes: serialized bytes after which a group is handed over, whatever its rows.
        eager_rows: rows after which a group is handed over when no write is in progress.
    """

    def __init__(
        self,
        write: Write,
        *,
        group_rows: int = GROUP_ROWS,
        group_bytes: int = GROUP_BYTES,
        eager_rows: int = EAGER_ROWS,
    ) -> None:
        self._write = write
        self._group_rows = group_rows
        self._group_bytes = group_bytes
        self._eager_rows = min(eager_rows, group_rows)
        self._writing = False
        self._pending: _Group | None = None
        self._queue: asyncio.Queue[_Group | None] = asyncio.Queue(maxsize=1)
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> GroupWriter:
        self._task = asyncio.create_task(self._drain())
        return self

    async def __aexit__(self, kind: object, error: object, _tb: object) -> None:
        assert self._task is not None
        if error is not None and isinstance(error, asyncio.CancelledError):
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            return
        try:
            await self._hand_over()
            await self._put(None)
            await self._task
        except BaseException:
            if error is None:
                raise
            # the block's own error is the one to report; the write's is its consequence

    async def add(self, batch: Batch, position: dict[str, Any] | None, calls: int) -> None:
        """Add one page's writes, the checkpoint after it and the calls made so far.

        `position` is copied: the caller may go on changing its own.
        """
        group = self._pending
        if group is None:
            group = self._pending = _Group(Batch(), None, 0)
        group.batch.extend(batch)
        group.position = copy.deepcopy(position)
        group.calls = calls
        size = group.batch.size
        if size >= self._group_rows or group.batch.weight >= self._group_bytes:
            await self._hand_over()
        elif size >= self._eager_rows and not self._writing and self._queue.empty():
            await self._hand_over()  # the writing task is idle: this does not wait

    async def _hand_over(self) -> None:
        group, self._pending = self._pending, None
        if group is not None:
            await self._put(group)

    async def _put(self, group: _Group | None) -> None:
        assert self._task is not None
        put = asyncio.ensure_future(self._queue.put(group))
        await asyncio.wait({put, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if not put.done():  # the writing task ended: it failed
            put.cancel()
            self._task.result()
            msg = "the group writer stopped"
            raise RuntimeError(msg)

    async def _drain(self) -> None:
        while (group := await self._queue.get()) is not None:
            self._writing = True
            try:
                await self._write(group.batch, group.position, group.calls)
            finally:
                self._writing = False


def _bytes_or_none(document: Document | None) -> bytes | None:
    return None if document is None else document_bytes(document)
