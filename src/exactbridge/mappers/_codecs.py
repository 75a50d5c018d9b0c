"""Codecs between Exact's JSON values and unified Python values, one per kind of property.

Mappers take rows as plain JSON (what `exactbridge.wire.loads` returns: `/Date(ms)/` strings,
numbers, padded codes) and produce JSON-ready values for request bodies. Each codec is a pure,
symmetric pair so that the conformance suite can check round trips property by property.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from exactbridge.errors import WireFormatError
from exactbridge.wire import (
    decimal_to_wire,
    decode_datetime,
    encode_datetime,
    local_to_utc,
    parse_guid,
    to_decimal,
)

__all__ = [
    "CODE",
    "DAY",
    "FLAG",
    "GUID",
    "INSTANT",
    "INTEGER",
    "NUMBER",
    "TEXT",
    "Choice",
    "Codec",
]


class Codec(Protocol):
    """Turns one Exact JSON value into a unified value (`decode`) and back (`encode`).

    Both directions map `None` to `None`; `decode` may also map Exact's empty string to None.
    """

    def decode(self, wire: Any) -> Any:
        """Exact JSON value -> unified Python value."""
        ...

    def encode(self, value: Any) -> Any:
        """Unified Python value -> Exact JSON value."""
        ...


@dataclass(frozen=True)
class _Text:
    """Free text; Exact's empty string reads as None."""

    def decode(self, wire: Any) -> str | None:
        if wire is None or wire == "":
            return None
        return str(wire)

    def encode(self, value: Any) -> str | None:
        return None if value is None else str(value)


@dataclass(frozen=True)
class _Code:
    """A space-padded code: trimmed on the way in, sent trimmed (Exact pads it itself)."""

    def decode(self, wire: Any) -> str | None:
        if wire is None:
            return None
        text = str(wire).strip()
        return text or None

    def encode(self, value: Any) -> str | None:
        return None if value is None else str(value).strip()


@dataclass(frozen=True)
class _Flag:
    """Edm.Boolean; a null reads as False."""

    def decode(self, wire: Any) -> bool:
        return bool(wire)

    def encode(self, value: Any) -> bool:
        return bool(value)


@dataclass(frozen=True)
class _Integer:
    """Edm.Int16/32/64 (Int64 sometimes arrives as a string)."""

    def decode(self, wire: Any) -> int | None:
        return None if wire is None else int(wire)

    def encode(self, value: Any) -> int | None:
        return None if value is None else int(value)


@dataclass(frozen=True)
class _Number:
    """Edm.Double money or quantity: Decimal in, JSON number out, never via a lossy float."""

    def decode(self, wire: Any) -> Decimal | None:
        return None if wire is None else to_decimal(wire)

    def encode(self, value: Any) -> int | float | None:
        return None if value is None else decimal_to_wire(to_decimal(value))


@dataclass(frozen=True)
class _Day:
    """A calendar date Exact sends as midnight `/Date(ms)/` (Amsterdam wall clock)."""

    def decode(self, wire: Any) -> date | None:
        return None if wire is None else decode_datetime(str(wire)).date()

    def encode(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            msg = f"expected a date, got {value!r}"
            raise WireFormatError(msg, value=value)
        return encode_datetime(value)


@dataclass(frozen=True)
class _Instant:
    """A moment: Exact's Amsterdam wall clock in, aware UTC out; and back."""

    def decode(self, wire: Any) -> datetime | None:
        return None if wire is None else local_to_utc(decode_datetime(str(wire)))

    def encode(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            msg = f"expected an aware datetime, got {value!r}"
            raise WireFormatError(msg, value=value)
        return encode_datetime(value)


@dataclass(frozen=True)
class _Guid:
    """An Edm.Guid reference, lower-case text; empty reads as None."""

    def decode(self, wire: Any) -> str | None:
        if wire is None or wire == "":
            return None
        return parse_guid(str(wire))

    def encode(self, value: Any) -> str | None:
        return None if value is None else parse_guid(str(value))


@dataclass(frozen=True)
class Choice:
    """An Exact code mapped to a unified lower_snake enum member (and back).

    Attributes:
        table: Exact value -> enum member; must be one-to-one.
        default: member for a null Exact value (None keeps None).
    """

    table: Mapping[Any, Enum]
    default: Enum | None = None

    def decode(self, wire: Any) -> Enum | None:
        if wire is None:
            return self.default
        key = wire.strip() if isinstance(wire, str) else wire
        for exact, member in self.table.items():
            if exact == key and type(exact) is type(key):
                return member
        msg = f"unknown Exact value {wire!r}; expected one of {list(self.table)}"
        raise WireFormatError(msg, value=wire)

    def encode(self, value: Any) -> Any:
        if value is None:
            return None
        for exact, member in self.table.items():
            if member == value:
                return exact
        msg = f"no Exact value for {value!r}"
        raise WireFormatError(msg, value=value)


TEXT: Codec = _Text()
CODE: Codec = _Code()
FLAG: Codec = _Flag()
INTEGER: Codec = _Integer()
NUMBER: Codec = _Number()
DAY: Codec = _Day()
INSTANT: Codec = _Instant()
GUID: Codec = _Guid()
