"""OData v2 literals and `$filter` expressions as Exact reads them, sans I/O.

Why here and typed: a filter is where values meet Exact's parser, and a wrong literal is a
400 that counts toward the hourly error budget (facts 3.1). `literal(value, edm)` writes
values in Exact's style; `F("Code") == "x"` builds expressions whose `str()` is the
`$filter` text with the fewest correct parentheses. An expression is rendered late, with the
endpoint's property types when `Query` knows them, so `F("ID") == "3f1c…"` becomes
`ID eq guid'3f1c…'` and `F("Timestamp") > 5` becomes `Timestamp gt 5L`.

Python binds `&` tighter than `==`: write `(F("A") == 1) & (F("B") == 2)`. Using `and`,
`or`, `not` or chained comparisons on expressions raises `TypeError` instead of silently
dropping a condition.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal

from exactbridge.errors import InvalidQuery, WireFormatError
from exactbridge.exact import Edm
from exactbridge.wire import (
    datetime_literal,
    guid_literal,
    int64_literal,
    parse_local_datetime,
    string_literal,
    utc_to_local,
)

__all__ = ["EdmOf", "Expr", "F", "Raw", "as_expr", "literal"]

EdmOf = Callable[[str], Edm | None]
"""The type of a property by name (None when unknown), used to pick a literal's form."""


# --- literals ----------------------------------------------------------------------------


def literal(value: object, edm: Edm | None = None) -> str:
    """`value` as an OData v2 literal in Exact's style (not URL-encoded).

    Without `edm` the Python type decides: `str` is a string, `uuid.UUID` a Guid, `int` a
    bare number, `Decimal`/`float` a plain number, `datetime`/`date` a `datetime'…'` of the
    Amsterdam wall clock (aware datetimes are converted). With `edm` the value must fit it:
    a GUID string becomes `guid'…'`, an Int64 (int or digit string, as Exact sends
    Timestamps) `123L`, an ISO string for a DateTime is parsed.

    Raises:
        InvalidQuery: the value has no literal (of type `edm`), e.g. NaN or a bad GUID.
    """
    if value is None:
        return "null"
    try:
        text = _literal(value, edm) if edm is not None else _untyped(value)
    except WireFormatError as exc:
        kind = edm.value if edm is not None else "OData"
        msg = f"cannot write {value!r} as an {kind} literal: {exc}"
        raise InvalidQuery(msg) from exc
    if text is None:
        kind = edm.value if edm is not None else "OData"
        msg = f"cannot write {type(value).__name__} {value!r} as an {kind} literal"
        raise InvalidQuery(msg)
    return text


def _untyped(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, uuid.UUID):
        return guid_literal(str(value))
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, date):
        return _datetime(value)
    if isinstance(value, bytes | bytearray):
        return f"X'{bytes(value).hex().upper()}'"
    return None


def _literal(value: object, edm: Edm) -> str | None:
    if edm is Edm.GUID and isinstance(value, str | uuid.UUID):
        return guid_literal(str(value))
    if edm is Edm.STRING and isinstance(value, str):
        return string_literal(value)
    if edm is Edm.BOOLEAN and isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bool):
        return None
    if edm is Edm.INT64 and isinstance(value, int | str):
        if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
            return None
        return int64_literal(int(value))
    if edm.is_integer and isinstance(value, int):
        return str(value)
    if edm is Edm.DOUBLE and isinstance(value, int | float | Decimal):
        return _number(value)
    if edm is Edm.DATETIME and isinstance(value, date):
        return _datetime(value)
    if edm is Edm.DATETIME and isinstance(value, str):
        return _datetime(parse_local_datetime(value))
    if edm is Edm.BINARY and isinstance(value, bytes | bytearray):
        return f"X'{bytes(value).hex().upper()}'"
    return None


def _number(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        msg = f"{value!r} has no OData literal"
        raise InvalidQuery(msg)
    return format(number, "f")


def _datetime(value: date) -> str:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001 - wall clock
    elif value.tzinfo is not None:
        value = utc_to_local(value)
    return datetime_literal(value)


# --- $filter expressions -----------------------------------------------------------------

_OR, _AND, _COMPARE, _NOT, _PRIMARY = 1, 2, 3, 5, 6


class Expr:
    """A boolean `$filter` expression; combine with `&`, `|`, `~`; `str()` gives the text."""

    __slots__ = ()
    precedence: int = _PRIMARY

    def render(self, edm_of: EdmOf | None = None) -> str:
        """The `$filter` text; `edm_of` types the literals (a GUID string → `guid'…'`)."""
        raise NotImplementedError

    def names(self) -> Iterator[str]:
        """Property names the expression reads (for validation)."""
        return iter(())

    def _child(self, child: Expr, edm_of: EdmOf | None) -> str:
        text = child.render(edm_of)
        return f"({text})" if child.precedence <= self.precedence - 1 else text

    def __and__(self, other: Expr | str) -> Expr:
        return _Junction("and", (self, as_expr(other)))

    def __rand__(self, other: str) -> Expr:
        return _Junction("and", (as_expr(other), self))

    def __or__(self, other: Expr | str) -> Expr:
        return _Junction("or", (self, as_expr(other)))

    def __ror__(self, other: str) -> Expr:
        return _Junction("or", (as_expr(other), self))

    def __invert__(self) -> Expr:
        return _Not(self)

    def __bool__(self) -> bool:
        msg = "combine filter expressions with & | ~, not with and/or/not or chained comparisons"
        raise TypeError(msg)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<filter {self.render()}>"


class Raw(Expr):
    """Filter text written by hand; parenthesized whenever it is combined."""

    __slots__ = ("text",)
    precedence = 0

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, edm_of: EdmOf | None = None) -> str:  # noqa: ARG002 - text is final
        return self.text


def as_expr(value: Expr | str) -> Expr:
    """An expression as is, or filter text as `Raw`."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, str):
        return Raw(value)
    msg = f"a filter is an expression or text, not {type(value).__name__}"
    raise InvalidQuery(msg)


class _Junction(Expr):
    __slots__ = ("op", "parts", "precedence")
    op: str
    parts: tuple[Expr, ...]

    def __init__(self, op: str, parts: tuple[Expr, ...]) -> None:
        flat: list[Expr] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, _Junction) and part.op == op else (part,))
        self.op = op
        self.parts = tuple(flat)
        self.precedence = _AND if op == "and" else _OR

    def render(self, edm_of: EdmOf | None = None) -> str:
        return f" {self.op} ".join(self._child(part, edm_of) for part in self.parts)

    def names(self) -> Iterator[str]:
        for part in self.parts:
            yield from part.names()


class _Not(Expr):
    __slots__ = ("operand",)
    precedence = _NOT

    def __init__(self, operand: Expr) -> None:
        self.operand = operand

    def render(self, edm_of: EdmOf | None = None) -> str:
        inner = self.operand.render(edm_of)
        if self.operand.precedence < _NOT:
            inner = f"({inner})"
        return f"not {inner}"

    def names(self) -> Iterator[str]:
        return self.operand.names()


class _Operand:
    """Something a comparison can have on its left: a property or a function of one."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # == builds an expression

    @property
    def name(self) -> str:
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def edm(self, edm_of: EdmOf | None) -> Edm | None:
        raise NotImplementedError

    def _compare(self, op: str, value: object) -> Expr:
        if isinstance(value, _Operand | Expr):
            msg = "Exact compares a property with a literal only, never with another property"
            raise InvalidQuery(msg)
        return _Comparison(self, op, value)

    def __eq__(self, value: object) -> Expr:  # type: ignore[override]
        return self._compare("eq", value)

    def __ne__(self, value: object) -> Expr:  # type: ignore[override]
        return self._compare("ne", value)

    def __lt__(self, value: object) -> Expr:
        return self._compare("lt", value)

    def __le__(self, value: object) -> Expr:
        return self._compare("le", value)

    def __gt__(self, value: object) -> Expr:
        return self._compare("gt", value)

    def __ge__(self, value: object) -> Expr:
        return self._compare("ge", value)

    def startswith(self, prefix: str) -> Expr:
        """`startswith(Prop,'prefix')`."""
        return _BoolCall("startswith", self, prefix)

    def endswith(self, suffix: str) -> Expr:
        """`endswith(Prop,'suffix')`."""
        return _BoolCall("endswith", self, suffix)

    def substringof(self, needle: str) -> Expr:
        """`substringof('needle',Prop)`: the property contains `needle`."""
        return _BoolCall("substringof", self, needle)

    def trim(self) -> _Operand:
        """`trim(Prop)`, for Exact's space-padded codes."""
        return _Call("trim", self)

    def tolower(self) -> _Operand:
        """`tolower(Prop)`."""
        return _Call("tolower", self)

    def toupper(self) -> _Operand:
        """`toupper(Prop)`."""
        return _Call("toupper", self)

    def length(self) -> _Operand:
        """`length(Prop)` (an Int32)."""
        return _Call("length", self)


class F(_Operand):
    """A property in a `$filter`: `F("Code") == "1"`, `F("Modified") >= when`."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    @property
    def name(self) -> str:
        """The property's name, as Exact spells it."""
        return self._name

    def text(self) -> str:
        return self._name

    def edm(self, edm_of: EdmOf | None) -> Edm | None:
        return edm_of(self._name) if edm_of is not None else None

    def __repr__(self) -> str:
        return f"F({self._name!r})"


class _Call(_Operand):
    __slots__ = ("function", "operand")

    def __init__(self, function: str, operand: _Operand) -> None:
        self.function = function
        self.operand = operand

    @property
    def name(self) -> str:
        return self.operand.name

    def text(self) -> str:
        return f"{self.function}({self.operand.text()})"

    def edm(self, edm_of: EdmOf | None) -> Edm | None:  # noqa: ARG002 - fixed by the function
        return Edm.INT32 if self.function == "length" else Edm.STRING


class _Comparison(Expr):
    __slots__ = ("left", "op", "value")
    precedence = _COMPARE

    def __init__(self, left: _Operand, op: str, value: object) -> None:
        self.left, self.op, self.value = left, op, value

    def render(self, edm_of: EdmOf | None = None) -> str:
        return f"{self.left.text()} {self.op} {literal(self.value, self.left.edm(edm_of))}"

    def names(self) -> Iterator[str]:
        yield self.left.name


class _BoolCall(Expr):
    __slots__ = ("function", "operand", "text")

    def __init__(self, function: str, operand: _Operand, text: str) -> None:
        if not isinstance(text, str):
            msg = f"{function} takes a string, not {type(text).__name__}"
            raise InvalidQuery(msg)
        self.function, self.operand, self.text = function, operand, text

    def render(self, edm_of: EdmOf | None = None) -> str:  # noqa: ARG002 - strings only
        if self.function == "substringof":
            return f"substringof({string_literal(self.text)},{self.operand.text()})"
        return f"{self.function}({self.operand.text()},{string_literal(self.text)})"

    def names(self) -> Iterator[str]:
        yield self.operand.name
