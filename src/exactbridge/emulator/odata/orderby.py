"""`$orderby` parsing and a SQL Server-like ordering of Python values.

Exact sorts in its SQL Server database, whose default collation is case-insensitive and
ignores trailing spaces, and which puts NULL first in ascending order. `sort_key` mimics
that ordering and `collate` gives the string key it uses; the `$filter` evaluator compares
strings through the same `collate`, so sorting, `$skiptoken` keyset paging and `eq` agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from exactbridge.emulator.odata._lexer import Kind, Lexer
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.exact import EntitySpec, Field
from exactbridge.wire import utc_to_local

__all__ = ["OrderKey", "collate", "no_property", "parse_orderby", "sort_key"]


@dataclass(frozen=True, slots=True)
class OrderKey:
    """One `$orderby` item.

    Attributes:
        field: the property to sort by.
        descending: `desc` was given.
    """

    field: Field
    descending: bool = False


def no_property(name: str, spec: EntitySpec, position: int) -> ExactProblem:
    """Exact's 400 for a property the entity does not have."""
    return ExactProblem(
        400, f"No property '{name}' exists in type '{spec.type_name}' at position {position}."
    )


def parse_orderby(text: str, spec: EntitySpec) -> tuple[OrderKey, ...]:
    """Parse `Prop [asc|desc][, Prop2 [asc|desc]]…` against `spec`.

    `asc` and `desc` are lower-case keywords separated from the name by whitespace.

    Raises:
        ExactProblem: 400 `No property '…' exists in type '…' at position n.` for an unknown
            name; `Error in query syntax.` for an empty list, a navigation property, a path
            or anything else that is not a plain property list.
    """
    lexer = Lexer(text)
    keys: list[OrderKey] = []
    while True:
        token = lexer.advance()
        if token.kind is not Kind.IDENT or lexer.current.kind is Kind.LPAREN:
            raise query_syntax_error()
        prop = spec.get(token.value)
        if prop is None:
            raise no_property(token.value, spec, token.pos)
        if not isinstance(prop, Field):
            raise query_syntax_error()
        descending = False
        if lexer.current.kind is Kind.IDENT and lexer.current.value in ("asc", "desc"):
            descending = lexer.advance().value == "desc"
        keys.append(OrderKey(prop, descending))
        separator = lexer.advance()
        if separator.kind is Kind.END:
            return tuple(keys)
        if separator.kind is not Kind.COMMA:
            raise query_syntax_error()


def collate(text: str) -> str:
    """The comparison key of a string: case-folded, trailing spaces ignored.

    `'  1068 '` and `'  1068'` collate equal, `'1068'` does not (leading spaces count).
    """
    return text.rstrip(" ").casefold()


def sort_key(value: object) -> tuple[object, ...]:
    """A key giving SQL Server's ascending order over decoded Exact values.

    `None` sorts first; then booleans (False < True); numbers (`int`, `float`, `Decimal`)
    by value; strings by `collate`; datetimes; bytes. Values of different kinds never
    compare equal, so the order is total even over mixed lists (NaN sorts after all numbers).
    """
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, int):
        return (2, value)
    if isinstance(value, float):
        return (3,) if math.isnan(value) else (2, value)
    if isinstance(value, Decimal):
        return (3,) if value.is_nan() else (2, value)
    if isinstance(value, str):
        return (4, collate(value))
    if isinstance(value, datetime):
        return (5, value if value.tzinfo is None else utc_to_local(value))
    if isinstance(value, date):
        return (5, datetime(value.year, value.month, value.day))  # noqa: DTZ001 - wall clock
    if isinstance(value, bytes | bytearray):
        return (6, bytes(value))
    return (7, type(value).__name__, repr(value))
