"""What `RecordStore` takes and gives: rows to store, upsert counts, stored records, queries
and pages, and documents as the store serializes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import orjson

from exactbridge.store._cursor import fingerprint

__all__ = [
    "Document",
    "RecordPage",
    "RecordQuery",
    "RecordRow",
    "StoredRecord",
    "UpsertCounts",
    "document_bytes",
]

Document = Mapping[str, Any] | bytes
"""A JSON object: a mapping (serialized here) or bytes that are JSON already."""


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One record to store.

    Attributes:
        id: the Exact key, as a string.
        record: the unified record (JSON-ready mapping, or JSON bytes).
        modified_at: when Exact last changed it (aware).
        raw: Exact's row as received, if kept.
        deleted: whether Exact deleted it.
        status: the unified status, for the status filter.
        counterparty_id: the customer or supplier it concerns, for the counterparty filter.
        date: the record's own date (issue date, entry date), for the date-range filter.
        observed: `modified_at` is when a sync saw this content, not a change time Exact
            keeps (reporting balances, open-item lists have none): it is left out of the
            content hash, so an unchanged record keeps the time its content was first seen.
        parent_id: the record this one is a line of (a transaction's journal entry), where
            documents are assembled from their lines (`exactbridge.store.lines`).
        content: what the content hash covers instead of `record`, where part of the
            record is kept fresh apart: an assembled document as its own feed gave it,
            without its lines (`lines.with_lines`).
    """

    id: str
    record: Document
    modified_at: datetime
    raw: Document | None = None
    deleted: bool = False
    status: str | None = None
    counterparty_id: str | None = None
    date: date | None = None
    observed: bool = False
    parent_id: str | None = None
    content: Document | None = None


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """What an upsert did: rows inserted, rows changed, rows that were stored as given, and
    the ids of the rows written (inserted or changed)."""

    added: int
    updated: int
    unchanged: int
    written: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record as stored."""

    id: str
    record: dict[str, Any]
    raw: dict[str, Any] | None
    modified_at: datetime
    deleted: bool
    status: str | None
    counterparty_id: str | None
    date: date | None
    version: int


@dataclass(frozen=True, slots=True)
class RecordQuery:
    """Which records of one (connection, division, resource) to page through.

    Attributes:
        modified_since: records with `modified_at` at or after this instant.
        status, counterparty_id: equal to these.
        date_from, date_to: records whose date lies in this range (both ends included).
        include_deleted: also records Exact deleted (marked, not removed).
    """

    connection: str
    division: int
    resource: str
    modified_since: datetime | None = None
    status: str | None = None
    counterparty_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_deleted: bool = False

    def fingerprint(self) -> str:
        """What a cursor of this query carries to be recognised."""
        since = self.modified_since.astimezone(UTC) if self.modified_since else None
        return fingerprint(
            {
                "connection": self.connection,
                "division": self.division,
                "resource": self.resource,
                "modified_since": since.isoformat() if since else None,
                "status": self.status,
                "counterparty_id": self.counterparty_id,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "include_deleted": self.include_deleted,
            }
        )


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page of records; `next_cursor` is None on the last page."""

    records: list[StoredRecord]
    next_cursor: str | None


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)  # money is a JSON string, never a float
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def document_bytes(document: Document) -> bytes:
    """A document as the store keeps it: bytes as they are, a mapping as JSON (sorted keys,
    Decimals and dates as text). Serializing early, when a row is made, keeps a batch's
    memory to its bytes and lets a writer weigh it.

    orjson hands back its whole write buffer (16 KiB and more for a document of 2 KiB), so
    the JSON is copied to its own size: a batch holds thousands of them.
    """
    if isinstance(document, bytes):
        return document
    data = orjson.dumps(document, default=_json_default, option=orjson.OPT_SORT_KEYS)
    return bytes(memoryview(data))
