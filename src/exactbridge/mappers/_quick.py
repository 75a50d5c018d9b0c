"""Quick decoders for a sync: the reference codecs' results, memoized or taken by a shortcut.

A sync maps hundreds of thousands of rows whose values mostly repeat (accounts, dates, codes,
statuses) or have one plain shape (`/Date(1723420800000)/`, a lower-case GUID). Every
function here returns exactly what the reference codec in `_codecs` returns for the same
wire value, or raises what it raises, because it either calls that codec (and remembers the
answer) or takes a shortcut only for inputs whose answer the shortcut provably equals:

- memos keyed by the wire value, per wire type: `1`, `1.0` and `True` are equal dictionary
  keys with different answers, and so are `0.0` and `-0.0` (never memoized);
- `utc_instant`: `/Date(ms)/` in Amsterdam wall-clock time to an aware UTC datetime through
  a per-wall-clock-hour cache of the hour's start, each computed by `wire.local_to_utc`
  itself, so the gap and fold rules are the reference's (an hour whose offset changes
  inside it is never cached, and takes the reference path);
- `guid`: a lower-case GUID is its own answer; anything else goes to `wire.parse_guid`.

Memos start afresh at `MEMO_LIMIT` entries, so a sync's size never grows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from math import isfinite
from typing import Any, Final, TypeVar

from exactbridge.mappers._codecs import DAY, INSTANT
from exactbridge.wire import EPOCH, local_to_utc, parse_guid, to_decimal

__all__ = [
    "DAYS",
    "GUIDS",
    "INSTANTS",
    "MEMO_LIMIT",
    "MISSING",
    "NUMBERS",
    "day",
    "decoded",
    "guid",
    "number",
    "remember",
    "utc_instant",
]

MEMO_LIMIT: Final = 4096
"""Entries a memo holds before it starts afresh (under a MB; what repeats, repeats nearby:
the lines of one entry, a page of one customer's invoices)."""

MISSING: Final[Any] = object()
"""Not in a memo, or not in a row (memos and rows may hold None)."""

_T = TypeVar("_T")

_HOUR: Final = timedelta(hours=1)
_HOUR_MS: Final = 3_600_000
_LAST_MS: Final = timedelta(milliseconds=_HOUR_MS - 1)
_SPLIT: Final = object()  # the start of an hour whose UTC offset changes inside it
_LOWER_GUID: Final = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
).fullmatch
_IMMUTABLE: Final = frozenset({str, int, bool, Decimal, date, datetime, type(None)})


def remember(memo: dict[Any, _T], decode: Callable[[Any], _T], wire: Any) -> _T:
    """`decode(wire)`, kept in `memo` for the next row with the same wire value."""
    return _keep(memo, wire, decode(wire))


def _keep(memo: dict[Any, _T], key: Any, value: _T) -> _T:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def decoded(memo: dict[tuple[type, Any], Any], decode: Callable[[Any], Any], wire: Any) -> Any:
    """`decode(wire)` of any codec (codecs are pure), memoized for strings, integers and
    non-zero floats when the answer cannot be changed by whoever gets it."""
    kind = type(wire)
    if not (kind is str or kind is int or (kind is float and wire)):
        return decode(wire)
    key = (kind, wire)
    found = memo.get(key, MISSING)
    if found is MISSING:
        found = decode(wire)
        if type(found) in _IMMUTABLE or isinstance(found, Enum):
            _keep(memo, key, found)
    return found


# --- instants -------------------------------------------------------------------------------

INSTANTS: dict[str, datetime] = {}
"""`utc_instant` by wire text (the lines of one entry share their stamps)."""

_HOUR_STARTS: dict[int, Any] = {}


def utc_instant(text: str) -> datetime:
    """`INSTANT.decode(text)`: Exact's wall-clock `/Date(ms)/` as an aware UTC datetime.

    Raises:
        WireFormatError: not an Exact date (as the reference raises it).
    """
    found = INSTANTS.get(text)
    if found is None:
        found = remember(INSTANTS, _instant, text)
    return found


def _instant(text: str) -> datetime:
    if text[:6] == "/Date(" and text[-2:] == ")/":
        digits = text[6:-2]
        if digits.isascii() and digits.isdigit():  # plain milliseconds: no sign, no offset
            hour, rest = divmod(int(digits), _HOUR_MS)
            start = _HOUR_STARTS.get(hour)
            if start is None:
                start = _hour_start(hour)
            if start is not _SPLIT:
                return start + timedelta(0, 0, 0, rest)  # type: ignore[no-any-return]
    reference: datetime = INSTANT.decode(text)
    return reference


def _hour_start(hour: int) -> Any:
    """The UTC instant of a wall-clock hour's start, if the whole hour has one UTC offset
    (EU clocks change on whole hours; the check keeps any other rule out of the cache)."""
    found: Any = _SPLIT
    try:
        wall = EPOCH + hour * _HOUR
        start = local_to_utc(wall)
        if local_to_utc(wall + _LAST_MS) - start == _LAST_MS:
            found = start
    except (OverflowError, ValueError):  # at the calendar's ends: the reference decides
        pass
    return _keep(_HOUR_STARTS, hour, found)


# --- days, GUIDs, numbers -------------------------------------------------------------------

DAYS: dict[str, date] = {}
"""`day` by wire text."""


def day(text: str) -> date:
    """`DAY.decode(text)` for a string, memoized (a sync sees a few thousand dates)."""
    found = DAYS.get(text)
    if found is None:
        found = remember(DAYS, DAY.decode, text)
    return found


def guid(text: str) -> str:
    """`parse_guid(text)`: a lower-case GUID as it is, anything else by the reference."""
    return text if _LOWER_GUID(text) else parse_guid(text)


GUIDS: dict[str, str] = {}
"""`guid` by wire text, for references (accounts, G/L accounts, entries), not keys."""


NUMBERS: dict[float, Decimal] = {}
"""`number` by non-zero float."""


def number(wire: float) -> Decimal:
    """`to_decimal(wire)` for a float, memoized but for zeros (the two amounts of a line,
    in the division's and in the entry's currency, are mostly one number)."""
    found = NUMBERS.get(wire) if wire else None
    if found is None:
        # to_decimal's own conversion (`Decimal(str(value))`), without its type dispatch
        found = Decimal(repr(wire)) if isfinite(wire) else to_decimal(wire)
        if wire:
            _keep(NUMBERS, wire, found)
    return found
