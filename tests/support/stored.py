"""What the store keeps of a `RecordRow`: rows compared as stored, not as handed over.

The sync hands the store its record and raw row either as JSON bytes or as a mapping the
store writes itself (sorted keys). Rows parsed from Exact's JSON hold JSON values only, for
which the store writes exactly what `orjson.dumps(..., option=OPT_SORT_KEYS)` writes (its
hook for Decimals and dates is never called), so that is what `written` writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from exactbridge.store import RecordRow


def written(document: Mapping[str, Any] | bytes) -> bytes:
    """A document (the record or the raw row) as the store writes it."""
    if isinstance(document, bytes):
        return document
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def columns(row: RecordRow) -> tuple[Any, ...]:
    """Every column the store writes of `row`, documents as written."""
    raw = None if row.raw is None else written(row.raw)
    return (row.id, written(row.record), raw, row.modified_at, row.observed, row.status,
            row.counterparty_id, row.date, row.deleted, row.parent_id)  # fmt: skip
