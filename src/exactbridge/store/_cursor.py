"""Opaque keyset cursors, each tied to the query that made it.

Records are paged in `(modified_at, id)` order; a cursor is the last key of a page, so the
next page starts strictly after it whatever was inserted meanwhile (no skipped or repeated
rows, unlike OFFSET). It is url-safe base64 of a small JSON document holding the key and a
fingerprint of the query's filters: a cursor presented with other filters would page a
different result set from a key that means nothing there, so it is refused.

The cursor is opaque, not secret: altering one can only move within the query it belongs to.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from exactbridge.errors import InvalidCursor

__all__ = ["CursorKey", "decode_cursor", "encode_cursor", "fingerprint"]

_VERSION = 1


@dataclass(frozen=True, slots=True)
class CursorKey:
    """The last row of a page: where the next page starts (strictly after)."""

    modified_at: datetime
    id: str


def fingerprint(filters: Mapping[str, object]) -> str:
    """A short, stable digest of a query's filters (their names and values)."""
    canonical = orjson.dumps(
        {name: str(value) if value is not None else None for name, value in filters.items()},
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.blake2b(canonical, digest_size=8).hexdigest()


def encode_cursor(query_fingerprint: str, key: CursorKey) -> str:
    """The opaque cursor for the page after `key` of the query with that fingerprint."""
    document = {
        "v": _VERSION,
        "q": query_fingerprint,
        "m": key.modified_at.astimezone(UTC).isoformat(),
        "i": key.id,
    }
    return base64.urlsafe_b64encode(orjson.dumps(document)).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, query_fingerprint: str) -> CursorKey:
    """The key a cursor carries.

    Raises:
        InvalidCursor: the cursor is malformed, of another version, or of another query.
    """
    malformed = InvalidCursor("the page cursor is malformed; start again without one")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        document = orjson.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        version, query = document["v"], document["q"]
        key = CursorKey(datetime.fromisoformat(str(document["m"])), str(document["i"]))
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeEncodeError):
        raise malformed from None
    if key.modified_at.tzinfo is None:
        raise malformed
    if version != _VERSION:
        raise InvalidCursor("the page cursor was made by another version; start again")
    if query != query_fingerprint:
        raise InvalidCursor(
            "the page cursor belongs to another query: keep the filters of the first page"
        )
    return key
