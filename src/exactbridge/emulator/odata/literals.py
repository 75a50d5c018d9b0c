"""OData v2 literals as Exact writes them: `guid'…'`, `datetime'…'`, `'it''s'`, `12L`, ...

`parse_literal` reads one literal, `parse_literal_list` reads the comma list of a
`$skiptoken`, and `format_literal` writes a value back in Exact's own style. A malformed
typed literal is answered with WCF Data Services' wording::

    Unrecognized 'Edm.Guid' literal 'guid'12'' at '6' in 'ID eq guid'12''.

where the position is the zero-based offset of the literal in the whole text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

from exactbridge.emulator.odata._lexer import Kind, Lexer, Token
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm
from exactbridge.wire import (
    datetime_literal,
    guid_literal,
    int64_literal,
    is_guid,
    parse_local_datetime,
    string_literal,
    utc_to_local,
)

__all__ = [
    "Literal",
    "clr_name",
    "format_literal",
    "is_literal_token",
    "literal_from_token",
    "parse_literal",
    "parse_literal_list",
]

_CLR_NAMES: Final = {
    Edm.GUID: "System.Guid",
    Edm.STRING: "System.String",
    Edm.INT16: "System.Int16",
    Edm.INT32: "System.Int32",
    Edm.INT64: "System.Int64",
    Edm.DOUBLE: "System.Double",
    Edm.BOOLEAN: "System.Boolean",
    Edm.BYTE: "System.Byte",
    Edm.DATETIME: "System.DateTime",
    Edm.BINARY: "System.Byte[]",
}
_KEYWORDS: Final[dict[str, tuple[object, Edm | None]]] = {
    "true": (True, Edm.BOOLEAN),
    "false": (False, Edm.BOOLEAN),
    "null": (None, None),
}
_DATETIME_RE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)
_HEX_RE: Final = re.compile(r"(?:[0-9A-Fa-f]{2})*")


def clr_name(edm: Edm) -> str:
    """The .NET type name WCF Data Services uses for `edm` in its messages."""
    return _CLR_NAMES[edm]


@dataclass(frozen=True, slots=True)
class Literal:
    """A parsed literal: its Python value and the OData type it was written as.

    Attributes:
        value: `str` (lower-case for a Guid), `int`, `float`, `Decimal` (`1.5M`), `bool`,
            naive `datetime` (Amsterdam wall-clock time), `bytes`, or None for `null`.
        edm: the literal's type; None for `null`. Unsuffixed integers are Int32 (Int64
            when too large for Int32); `1.5`, `1.5d`, `1.5f`, `1e3` and `1.5M` are Double.
    """

    value: object
    edm: Edm | None

    @property
    def clr_type(self) -> str:
        """The .NET type name for error messages (`System.Guid`, `System.Decimal`, ...)."""
        if self.edm is None:
            return "System.Object"
        if isinstance(self.value, Decimal):
            return "System.Decimal"
        return _CLR_NAMES[self.edm]

    def fits(self, edm: Edm) -> bool:
        """True when this literal may be compared with a property of type `edm`.

        `null` fits every type and every numeric literal fits every numeric type (an
        unsuffixed `5` is promoted as WCF Data Services promotes it); otherwise the types
        must be equal.
        """
        if self.edm is None or self.edm is edm:
            return True
        return self.edm.is_numeric and edm.is_numeric


def is_literal_token(token: Token) -> bool:
    """True for tokens that are literals: strings, numbers, `prefix'…'`, true/false/null."""
    if token.kind in (Kind.STRING, Kind.NUMBER, Kind.TYPED):
        return True
    return token.kind is Kind.IDENT and token.value in _KEYWORDS


def literal_from_token(token: Token, text: str) -> Literal:
    """Decode a literal token of `text`.

    Raises:
        ExactProblem: 400 `Unrecognized 'Edm.…' literal …` for a malformed typed or numeric
            literal, or `Error in query syntax.` when the token is no literal at all.
    """
    if token.kind is Kind.STRING:
        return Literal(token.value, Edm.STRING)
    if token.kind is Kind.NUMBER:
        return _number(token, text)
    if token.kind is Kind.TYPED:
        return _typed(token, text)
    if token.kind is Kind.IDENT and token.value in _KEYWORDS:
        value, edm = _KEYWORDS[token.value]
        return Literal(value, edm)
    raise query_syntax_error()


def parse_literal(text: str) -> Literal:
    """Parse exactly one OData literal (surrounding whitespace is allowed).

    Raises:
        ExactProblem: 400, see `literal_from_token`.
    """
    lexer = Lexer(text)
    token = lexer.advance()
    if not is_literal_token(token):
        raise query_syntax_error()
    literal = literal_from_token(token, text)
    if lexer.current.kind is not Kind.END:
        raise query_syntax_error()
    return literal


def parse_literal_list(text: str) -> list[Literal]:
    """Parse a comma-separated list of literals, as found in `$skiptoken`.

    Raises:
        ExactProblem: 400 `Error in query syntax.` for anything but `lit[,lit]…`, or an
            `Unrecognized …` message for a malformed literal.
    """
    lexer = Lexer(text)
    literals: list[Literal] = []
    while True:
        token = lexer.advance()
        if not is_literal_token(token):
            raise query_syntax_error()
        literals.append(literal_from_token(token, text))
        separator = lexer.advance()
        if separator.kind is Kind.END:
            return literals
        if separator.kind is not Kind.COMMA:
            raise query_syntax_error()


def format_literal(value: object, edm: Edm) -> str:
    """Render `value` as an OData literal of type `edm`, in Exact's style.

    `None` is `null`; Guids `guid'…'`; strings quoted with `'` doubled; Int64 `123L`; other
    integers bare; doubles in their shortest form (`0.1`, `1e+16`); booleans `true`/`false`;
    datetimes `datetime'2018-09-21T04:18:55.617'` (fraction trimmed, microseconds kept when
    present); binary `X'0A1B'`. The result is not URL-encoded.

    Raises:
        TypeError: `value` is not a Python value of type `edm`.
        ValueError: `value` cannot be written (bad Guid, NaN or infinity).
    """
    if value is None:
        return "null"
    if edm is Edm.GUID and isinstance(value, str):
        if not is_guid(value):
            msg = f"not a GUID: {value!r}"
            raise ValueError(msg)
        return guid_literal(value)
    if edm is Edm.STRING and isinstance(value, str):
        return string_literal(value)
    if edm is Edm.BOOLEAN and isinstance(value, bool):
        return "true" if value else "false"
    if edm.is_integer and isinstance(value, int) and not isinstance(value, bool):
        return int64_literal(value) if edm is Edm.INT64 else str(value)
    if edm is Edm.DOUBLE and isinstance(value, int | float | Decimal):
        return _double_text(value)
    if edm is Edm.DATETIME and isinstance(value, date):
        return _datetime_text(value)
    if edm is Edm.BINARY and isinstance(value, bytes | bytearray):
        return f"X'{bytes(value).hex().upper()}'"
    msg = f"cannot write {type(value).__name__} {value!r} as an {edm} literal"
    raise TypeError(msg)


# --- decoding ----------------------------------------------------------------------------


def _unrecognized(type_name: str, token: Token, text: str) -> ExactProblem:
    return ExactProblem(
        400, f"Unrecognized '{type_name}' literal '{token.raw}' at '{token.pos}' in '{text}'."
    )


def _number(token: Token, text: str) -> Literal:
    raw = token.raw
    suffix = raw[-1] if raw[-1].isalpha() and raw[-1] not in "eE" else ""
    body = raw[: len(raw) - len(suffix)]
    integral = body.lstrip("-").isdigit()
    if integral and suffix in ("", "L", "l"):
        number = int(body) if len(body) <= 40 else 2**63
        if suffix == "" and -(2**31) <= number < 2**31:
            return Literal(number, Edm.INT32)
        if -(2**63) <= number < 2**63:
            return Literal(number, Edm.INT64)
        raise _unrecognized("Edm.Int64", token, text)
    if suffix in ("M", "m"):
        try:
            decimal = Decimal(body)
        except InvalidOperation:  # pragma: no cover - the lexer only passes numbers
            raise _unrecognized("Edm.Decimal", token, text) from None
        if decimal.adjusted() > 28:
            raise _unrecognized("Edm.Decimal", token, text)
        return Literal(decimal, Edm.DOUBLE)
    floating = float(body)
    if not math.isfinite(floating):
        raise _unrecognized("Edm.Single" if suffix in ("F", "f") else "Edm.Double", token, text)
    return Literal(floating, Edm.DOUBLE)


def _typed(token: Token, text: str) -> Literal:
    body = token.value
    if token.prefix == "guid":
        if is_guid(body):
            return Literal(body.lower(), Edm.GUID)
        raise _unrecognized("Edm.Guid", token, text)
    if token.prefix in ("datetime", "datetimeoffset"):
        type_name = "Edm.DateTime" if token.prefix == "datetime" else "Edm.DateTimeOffset"
        if _DATETIME_RE.fullmatch(body) is None:
            raise _unrecognized(type_name, token, text)
        try:
            return Literal(parse_local_datetime(body), Edm.DATETIME)
        except (WireFormatError, ValueError, OverflowError):
            raise _unrecognized(type_name, token, text) from None
    if _HEX_RE.fullmatch(body) is None:
        raise _unrecognized("Edm.Binary", token, text)
    return Literal(bytes.fromhex(body), Edm.BINARY)


# --- encoding ----------------------------------------------------------------------------


def _double_text(value: int | float | Decimal) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            msg = f"cannot write {value!r} as an OData literal"
            raise ValueError(msg)
        return f"{value}M"
    if isinstance(value, int):
        as_float = float(value) if abs(value) < 2**1000 else math.inf
        return repr(as_float) if as_float == value else f"{value}M"
    if not math.isfinite(value):
        msg = f"cannot write {value!r} as an OData literal"
        raise ValueError(msg)
    return repr(value)


def _datetime_text(value: date) -> str:
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)  # noqa: DTZ001 - wall clock
    elif value.tzinfo is not None:
        value = utc_to_local(value)
    if value.microsecond % 1000 == 0:
        return datetime_literal(value)
    return f"datetime'{value.isoformat(timespec='microseconds').rstrip('0')}'"
