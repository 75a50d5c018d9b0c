"""Request bodies to rows: type checks, POST/PUT flags and padded codes, per endpoint spec."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.store import Row
from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm, EntitySpec, Field, Navigation
from exactbridge.wire import decode_datetime, is_guid, pad_left, pad_right, parse_local_datetime

__all__ = ["Decoded", "Mode", "blank_row", "decode_body", "decode_value", "pad_codes"]

Mode = Literal["post", "put", "trusted"]


@dataclass(frozen=True, slots=True)
class Decoded:
    """A request body split into primitive values and embedded navigation payloads."""

    values: dict[str, Any]
    embedded: dict[str, list[Mapping[str, Any]]]


def decode_body(spec: EntitySpec, body: object, mode: Mode) -> Decoded:
    """Check a JSON body against the spec and decode its values to Python.

    Read-only properties (and POST-only ones on PUT) are ignored, as Exact ignores them;
    unknown properties and values of the wrong type are refused with 400.

    Raises:
        ExactProblem: 400 with Exact's wording.
    """
    if not isinstance(body, Mapping):
        raise ExactProblem(
            400,
            "Error processing request stream. "
            "The request should be a valid top-level resource object.",
        )
    values: dict[str, Any] = {}
    embedded: dict[str, list[Mapping[str, Any]]] = {}
    for name, raw in body.items():
        if name == "__metadata":
            continue
        prop = spec.get(name)
        if prop is None:
            raise ExactProblem(
                400,
                f"The property '{name}' does not exist on type '{spec.type_name}'. "
                "Make sure to only use property names that are defined by the type.",
            )
        if isinstance(prop, Navigation):
            embedded[name] = _embedded_rows(spec, prop, raw)
            continue
        if not _settable(prop, mode):
            continue
        values[name] = decode_value(prop, raw)
    return Decoded(values, embedded)


def decode_value(prop: Field, raw: object) -> Any:
    """Decode one JSON value of `prop` to its Python form (see `store`).

    Raises:
        ExactProblem: 400 when the value does not fit the property's type.
    """
    if raw is None:
        return None
    try:
        value = _decode(prop.edm, raw)
    except (ValueError, TypeError, WireFormatError, binascii.Error):
        value = _INVALID
    if value is _INVALID:
        raise ExactProblem(
            400,
            "Error processing request stream. "
            f"Cannot convert the value of property '{prop.name}' to type '{prop.edm.value}'.",
        )
    if isinstance(value, str) and prop.width is not None:
        value = _pad(prop, value)
    return value


_INVALID: Any = object()


def _decode(edm: Edm, raw: object) -> Any:
    if edm is Edm.STRING:
        return raw if isinstance(raw, str) else _INVALID
    if edm is Edm.GUID:
        return raw.lower() if isinstance(raw, str) and is_guid(raw) else _INVALID
    if edm is Edm.BOOLEAN:
        return raw if isinstance(raw, bool) else _INVALID
    if edm.is_integer:
        if isinstance(raw, bool):
            return int(raw) if edm is Edm.BYTE else _INVALID
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        return int(raw) if isinstance(raw, str) and raw.strip().lstrip("-").isdigit() else _INVALID
    if edm is Edm.DOUBLE:
        if isinstance(raw, bool):
            return _INVALID
        if isinstance(raw, int | float):
            return raw
        return float(raw) if isinstance(raw, str) else _INVALID
    if edm is Edm.DATETIME:
        if isinstance(raw, datetime):  # trusted writers pass Python values
            return raw
        if isinstance(raw, date):
            return datetime(raw.year, raw.month, raw.day)  # noqa: DTZ001 - wall clock
        if not isinstance(raw, str):
            return _INVALID
        return decode_datetime(raw) if raw.startswith("/Date(") else parse_local_datetime(raw)
    if edm is Edm.BINARY:
        if isinstance(raw, bytes):
            return raw
        return base64.b64decode(raw, validate=True) if isinstance(raw, str) else _INVALID
    return _INVALID


def _settable(prop: Field, mode: Mode) -> bool:
    if mode == "trusted":
        return True
    return prop.on_post if mode == "post" else prop.on_put


def _embedded_rows(spec: EntitySpec, nav: Navigation, raw: object) -> list[Mapping[str, Any]]:
    if isinstance(raw, Mapping) and "results" in raw:
        raw = raw["results"]
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise ExactProblem(
            400,
            f"Error processing request stream. The navigation property '{nav.name}' on type "
            f"'{spec.type_name}' expects an array of objects.",
        )
    return list(raw)


def blank_row(spec: EntitySpec) -> Row:
    """A row with every property at Exact's empty value (false and 0 for flags, else null)."""
    row: Row = {}
    for prop in spec.fields:
        if prop.edm is Edm.BOOLEAN:
            row[prop.name] = False
        elif prop.edm is Edm.BYTE:
            row[prop.name] = 0
        else:
            row[prop.name] = None
    return row


def pad_codes(spec: EntitySpec, row: Row) -> None:
    """Pad every fixed-width code of `row` the way Exact stores it."""
    for prop in spec.fields:
        value = row.get(prop.name)
        if prop.width is not None and isinstance(value, str):
            row[prop.name] = _pad(prop, value)


def _pad(prop: Field, value: str) -> str:
    assert prop.width is not None
    return pad_right(value, prop.width) if prop.align == "right" else pad_left(value, prop.width)
