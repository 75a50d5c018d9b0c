"""Exact's primitive (Edm) values in both directions, one small function per type and way.

The typed wire models (`_models`) are built from endpoint specs, so everything they know
about a type lives here, in three tables keyed by `Edm`:

- `annotation(edm)`: the pydantic type of a property as read. Its validator accepts what
  Exact sends (`/Date(ms)/`, Int64 as a JSON string, Double as a float) and what a Python
  caller would pass (`datetime`, `int`, `Decimal`), so a model can be built from either.
- `to_wire(edm)`: the typed value back to the JSON Exact sent, so that a decoded row
  re-encodes to an equal dict (Int64 as a string, as OData v2 JSON writes it; Double as a
  JSON number; dates as `/Date(ms)/` of Amsterdam wall-clock time).
- `to_body(edm)`: a value as a POST or PUT body carries it. Dates go as ISO wall-clock text
  (`2024-08-12`, `2024-08-12T10:00:00`), the form Exact is observed to accept in bodies
  (facts 4.5) and that the emulator parses; `/Date(ms)/` is an output format only.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Final

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm
from exactbridge.wire import (
    EPOCH,
    decimal_to_wire,
    decode_datetime,
    encode_datetime,
    format_guid,
    parse_local_datetime,
    to_decimal,
    utc_to_local,
)

__all__ = ["annotation", "to_body", "to_wire"]

Encoder = Callable[[Any], Any]

_RANGES: Final = {
    Edm.BYTE: (0, 255),
    Edm.INT16: (-32_768, 32_767),
    Edm.INT32: (-2_147_483_648, 2_147_483_647),
    Edm.INT64: (-9_223_372_036_854_775_808, 9_223_372_036_854_775_807),
}


# --- reading: wire or Python value -> typed value ------------------------------------------


@lru_cache(maxsize=65_536)
def _wire_date(text: str) -> datetime:
    """`/Date(ms)/` decoded; the plain form inline (the hot path), the rest by `wire`.

    Cached: dates repeat down a page (entry dates, periods), and datetimes are immutable.
    """
    inner = text[6:-2]
    if text.endswith(")/") and inner.lstrip("-").isdigit():
        return EPOCH + timedelta(milliseconds=int(inner))
    return decode_datetime(text)


def _read_datetime(value: Any) -> Any:
    if isinstance(value, str):
        return _wire_date(value) if value.startswith("/Date(") else parse_local_datetime(value)
    if isinstance(value, datetime):
        return utc_to_local(value) if value.tzinfo is not None else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)  # noqa: DTZ001 - wall clock
    return value


def _read_binary(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            msg = f"not base64: {value[:40]!r}"
            raise WireFormatError(msg, value=value) from exc
    return value


_GUID_PATTERN: Final = (
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_GUID_SCHEMA: Final = {
    "anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}],
    "description": "Edm.Guid, lower-case 8-4-4-4-12",
}


def _integer(edm: Edm) -> Any:
    low, high = _RANGES[edm]
    # pydantic's own (lax) int validation takes Int64's JSON strings ("128") as they come.
    return Annotated[Annotated[int, Field(ge=low, le=high)] | None, Field(description=edm.value)]


_ANNOTATIONS: Final[dict[Edm, Any]] = {
    Edm.GUID: Annotated[
        Annotated[str, StringConstraints(pattern=_GUID_PATTERN, to_lower=True)] | None,
        WithJsonSchema(_GUID_SCHEMA),
    ],
    Edm.STRING: Annotated[str | None, Field(description="Edm.String, padding kept as sent")],
    Edm.INT16: _integer(Edm.INT16),
    Edm.INT32: _integer(Edm.INT32),
    Edm.INT64: _integer(Edm.INT64),
    Edm.BYTE: _integer(Edm.BYTE),
    # pydantic builds a Decimal from a float's shortest repr (0.1 -> Decimal("0.1")), as
    # wire.to_decimal does, and refuses booleans, NaN and infinities.
    Edm.DOUBLE: Annotated[
        Decimal | None, Field(description="Edm.Double, kept as a Decimal (no binary float)")
    ],
    Edm.BOOLEAN: Annotated[bool | None, Field(description="Edm.Boolean")],
    Edm.DATETIME: Annotated[
        datetime | None,
        BeforeValidator(_read_datetime),
        Field(description="Edm.DateTime, naive Europe/Amsterdam wall-clock time"),
    ],
    Edm.BINARY: Annotated[
        bytes | None,
        BeforeValidator(_read_binary),
        Field(description="Edm.Binary (Exact sends null on GET and a URL beside it)"),
    ],
}


def annotation(edm: Edm) -> Any:
    """The pydantic field type of a property of type `edm` (always optional)."""
    return _ANNOTATIONS[edm]


# --- writing back what was read: typed value -> the JSON Exact sent -------------------------


def _same(value: Any) -> Any:
    return value


def _wire_int64(value: Any) -> Any:
    return None if value is None else str(value)


def _wire_double(value: Any) -> Any:
    # A Decimal made from a JSON integer has exponent 0 and goes back as that integer; one
    # made from a float (`100.0`, `3.7e+16`) goes back as the float it came from.
    if value is None:
        return None
    return int(value) if value.as_tuple().exponent == 0 else float(value)


def _wire_datetime(value: Any) -> Any:
    return None if value is None else encode_datetime(value)


def _wire_binary(value: Any) -> Any:
    return None if value is None else base64.b64encode(value).decode("ascii")


_TO_WIRE: Final[dict[Edm, Encoder]] = {
    Edm.GUID: _same,
    Edm.STRING: _same,
    Edm.INT16: _same,
    Edm.INT32: _same,
    Edm.INT64: _wire_int64,
    Edm.BYTE: _same,
    Edm.DOUBLE: _wire_double,
    Edm.BOOLEAN: _same,
    Edm.DATETIME: _wire_datetime,
    Edm.BINARY: _wire_binary,
}


def to_wire(edm: Edm) -> Encoder:
    """The function that renders a typed value of `edm` as Exact's JSON renders it."""
    return _TO_WIRE[edm]


# --- request bodies: caller's value -> JSON a POST or PUT carries ---------------------------


def _body_guid(value: Any) -> str:
    if isinstance(value, uuid.UUID | str):
        return format_guid(value)
    raise TypeError


def _body_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TypeError


def _body_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError


def _body_integer(edm: Edm) -> Encoder:
    low, high = _RANGES[edm]

    def encode(value: Any) -> Any:
        if isinstance(value, bool) and edm is Edm.BYTE:
            value = int(value)  # Exact's 0/1 flags are Byte
        if isinstance(value, str) and edm is Edm.INT64 and value.strip().lstrip("-").isdigit():
            value = int(value)  # Int64 travels as a string: take one as it would come back
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError
        if not low <= value <= high:
            msg = f"{value} is outside {edm.value} ({low}..{high})"
            raise ValueError(msg)
        return str(value) if edm is Edm.INT64 else value

    return encode


def _body_double(value: Any) -> int | float:
    if not isinstance(value, int | float | Decimal | str):
        raise TypeError
    return decimal_to_wire(to_decimal(value))


def _body_datetime(value: Any) -> str:
    if isinstance(value, str):
        value = (
            decode_datetime(value) if value.startswith("/Date(") else parse_local_datetime(value)
        )
    elif isinstance(value, datetime):
        value = utc_to_local(value) if value.tzinfo is not None else value
    elif isinstance(value, date):
        return value.isoformat()
    else:
        raise TypeError
    text = str(value.isoformat(timespec="milliseconds"))
    return text.removesuffix(".000")


def _body_binary(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, str):
        _read_binary(value)  # validates
        return value
    raise TypeError


_TO_BODY: Final[dict[Edm, Encoder]] = {
    Edm.GUID: _body_guid,
    Edm.STRING: _body_string,
    Edm.INT16: _body_integer(Edm.INT16),
    Edm.INT32: _body_integer(Edm.INT32),
    Edm.INT64: _body_integer(Edm.INT64),
    Edm.BYTE: _body_integer(Edm.BYTE),
    Edm.DOUBLE: _body_double,
    Edm.BOOLEAN: _body_boolean,
    Edm.DATETIME: _body_datetime,
    Edm.BINARY: _body_binary,
}


def to_body(edm: Edm, value: Any) -> Any:
    """`value` as a request body carries a property of type `edm` (None stays null).

    Raises:
        TypeError: the value's Python type cannot be sent as `edm`.
        ValueError: the value has the right type but no valid wire form (out of range, not a
            GUID, not a date); `WireFormatError` is one.
    """
    return None if value is None else _TO_BODY[edm](value)
