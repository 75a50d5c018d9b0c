"""Unwrapping Exact's OData v2 verbose JSON answers, sans I/O (facts 4.2).

Exact answers a read in several shapes: `{"d":{"results":[…],"__next":…}}`, a bare
`{"d":[…]}` (seen with small `$top`), one entity `{"d":{…}}`, function results such as
`{"d":{"UserHasRights":true}}`, plain-text integers from `/$count`, and empty 204s from PUT
and DELETE. `parse_envelope` turns all of them into one `Envelope`, so no caller branches on
shapes. Rows are parsed JSON as orjson gives it (fast: pages of 1,000 rows are the client's
hot path): numbers with a fraction are floats, which lose nothing, because `Edm.Double` is an
IEEE double at Exact too; the typed models (`_models`) turn them into `Decimal` through their
shortest repr, the text Exact writes. Int64 values stay the strings Exact sends. Rows
keep their `__metadata` (uri and type): the typed decoder ignores it, and the uri is a row's
identity for pagination loop detection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import orjson

from exactbridge.errors import WireFormatError

__all__ = ["Envelope", "parse_count", "parse_envelope", "peek_next"]

_SNIPPET: Final = 120
_TAIL: Final = 4096
"""Bytes at the end of a body where `peek_next` looks (a `__next` link is a few hundred)."""
_NEXT_AT_END: Final = re.compile(rb'\]\s*,\s*"__next"\s*:\s*("(?:[^"\\]|\\.)*")\s*}\s*}\s*$')
"""`], "__next": "…"}}` closing the body: the link of `d`, right after `results`."""


@dataclass(frozen=True, slots=True)
class Envelope:
    """One answer of Exact, unwrapped.

    Attributes:
        rows: the entities, as parsed JSON (numbers with a fraction as floats, Int64 as the
            strings Exact sends, `__metadata` kept on each row).
        next_url: `d.__next` verbatim (absolute, or relative as in Exact's docs), if any.
        count: `d.__count` as an int when `$inlinecount=allpages` asked for it.
        single: the answer was one entity or function result (`{"d": {...}}`), not a list.
    """

    rows: list[dict[str, Any]]
    next_url: str | None = None
    count: int | None = None
    single: bool = False


def parse_envelope(body: bytes | str, *, status: int = 200) -> Envelope:
    """Unwrap an OData v2 verbose JSON answer of any shape Exact sends (facts 4.2).

    `{"d":{"results":[…],"__next":…,"__count":"…"}}`, a bare `{"d":[…]}`, one entity
    `{"d":{…}}` (also function results such as `{"d":{"UserHasRights":true}}`), and a 204 or
    empty body (no rows). Call it for success statuses only; errors are the client's job.

    Raises:
        WireFormatError: the body is not JSON or not an OData envelope; the message quotes
            the start of the text.
    """
    if status == 204 or not body.strip():
        return Envelope(rows=[])
    text = body  # parsed as is: bytes need no decoding copy
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise _bad(f"not JSON ({exc})", text) from exc
    if not isinstance(document, dict) or "d" not in document:
        raise _bad('no "d" envelope', text)
    payload = document["d"]
    if isinstance(payload, list):
        return Envelope(rows=_rows(payload, text))
    if not isinstance(payload, dict):
        raise _bad('"d" is neither an object nor a list', text)
    results = payload.get("results")
    if isinstance(results, list) and "__metadata" not in payload:
        next_url = payload.get("__next")
        if next_url is not None and not isinstance(next_url, str):
            raise _bad('"__next" is not a string', text)
        return Envelope(
            rows=_rows(results, text),
            next_url=next_url or None,
            count=_count(payload.get("__count"), text),
        )
    return Envelope(rows=[payload], single=True)


def peek_next(body: bytes) -> str | None:
    """`d.__next` read off the end of an unparsed body, or None when it is not there.

    Exact (and the emulator) write `__next` as the last property of `d`, after `results`,
    so the link of a page can be known before its rows are parsed, and the next page asked
    for while they are (`_pagination.pages_ahead`). Only that exact ending counts: a body
    ending otherwise (no link, or properties in another order) gives None. The link is
    decoded as a JSON string, escapes included; what `parse_envelope` then finds is what
    counts, and the caller checks that the two agree.
    """
    found = _NEXT_AT_END.search(body, max(0, len(body) - _TAIL))
    if found is None:
        return None
    try:
        link = orjson.loads(found.group(1))
    except orjson.JSONDecodeError:
        return None
    return link if isinstance(link, str) and link else None


def parse_count(text: str | bytes) -> int:
    """The plain-text integer of a `/$count` answer.

    Raises:
        WireFormatError: the text is not a non-negative integer.
    """
    value = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    stripped = value.strip().lstrip("\ufeff")
    if not stripped.isascii() or not stripped.isdigit():
        raise _bad("a $count answer is not an integer", value)
    return int(stripped)


def _rows(items: list[Any], text: bytes | str) -> list[dict[str, Any]]:
    for item in items:
        if not isinstance(item, dict):
            raise _bad("a row is not an object", text)
    return items


def _count(value: object, text: bytes | str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise _bad('"__count" is not an integer', text)


def _bad(reason: str, body: bytes | str) -> WireFormatError:
    text = body[: _SNIPPET * 4].decode("utf-8", "replace") if isinstance(body, bytes) else body
    start = text[:_SNIPPET]
    more = "…" if len(body) > len(start) else ""
    return WireFormatError(f"unexpected OData envelope: {reason}: {start!r}{more}", value=start)
