"""Assembled documents in a group write: lines set in before the documents are written,
documents assembled again after their lines changed (see `exactbridge.store.lines`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.store import LineAssembly, RecordStore, document_bytes
from exactbridge.store.lines import with_lines
from exactbridge.sync._writes import Batch

__all__ = ["ASSEMBLED_GROUP_ROWS", "reassemble_changed", "set_lines"]

ASSEMBLED_GROUP_ROWS: Final = 1000
"""Rows of a group of assembled documents (journal entries): their lines, set in when the
group is written, about triple each record, and a group is weighed without them. With
5,000, a first sync of `large` peaked at 308 MB."""

LINES_CHUNK: Final = 500
"""Assembled documents whose lines are read from the store in one statement."""


async def set_lines(
    records: RecordStore,
    tx: AsyncConnection,
    connection: str,
    division: int,
    assembly: LineAssembly,
    batch: Batch,
) -> None:
    """Give the batch's documents their lines from the store, before they are written;
    their content hash stays that of the record as mapped (`RecordRow.content`)."""
    rows = batch.upserts.get(assembly.document)
    if not rows:
        return
    keys = list(rows)
    for start in range(0, len(keys), LINES_CHUNK):  # a few MB of lines at a time
        chunk = {key: document_bytes(rows[key].record) for key in keys[start : start + LINES_CHUNK]}
        found = await records.lines_of(connection, division, assembly, chunk, tx=tx)
        for key, record in chunk.items():
            lines = with_lines(record, assembly.field, found[key])
            rows[key] = replace(rows[key], record=lines, content=record)


async def reassemble_changed(
    records: RecordStore,
    tx: AsyncConnection,
    connection: str,
    division: int,
    assembly: LineAssembly,
    batch: Batch,
    written: Mapping[str, frozenset[str]],
) -> int:
    """Assemble again the documents whose lines the batch wrote (`written`: the ids the
    upserts wrote, per resource) or marked deleted; how many documents' lines changed."""
    lines = batch.upserts.get(assembly.lines, {})
    parents = {
        row.parent_id
        for line_id in written.get(assembly.lines, ())
        if (row := lines.get(line_id)) is not None and row.parent_id is not None
    }
    gone = batch.deletes.get(assembly.lines)
    if gone:
        parents |= await records.parents(connection, division, assembly.lines, gone, tx=tx)
    if not parents:
        return 0
    return await records.reassemble(connection, division, assembly, parents, tx=tx)
