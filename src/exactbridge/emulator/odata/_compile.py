"""Typed, compiled pieces of a `$filter`: the parser in `filter.py` builds them bottom-up.

Each `Expr` knows its type (for WCF-style type errors), whether it reads a property (Exact
refuses property-to-property comparisons) and how to evaluate itself on a row. Boolean
expressions carry two closures, "is true" and "is false", which gives SQL's three-valued
logic with plain `bool`s: a comparison with NULL is neither, and `not` swaps the two.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from exactbridge.emulator.odata.literals import Literal, clr_name
from exactbridge.emulator.odata.orderby import collate
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.exact import Edm, Field

__all__ = [
    "BOOL",
    "FUNCTIONS",
    "NULL",
    "OPERATORS",
    "Expr",
    "compare",
    "from_field",
    "from_literal",
    "function",
    "junction",
    "negate",
]

_Row = Mapping[str, Any]
_Get = Callable[[_Row], Any]
_Test = Callable[[_Row], bool]
_Key = Callable[[Any], Any]
_Op = Callable[[Any, Any], bool]

BOOL, NULL, _STRING = "bool", "null", "string"
_KINDS: Final = {
    Edm.GUID: "guid",
    Edm.STRING: _STRING,
    Edm.INT16: "number",
    Edm.INT32: "number",
    Edm.INT64: "number",
    Edm.BYTE: "number",
    Edm.DOUBLE: "number",
    Edm.BOOLEAN: BOOL,
    Edm.DATETIME: "datetime",
    Edm.BINARY: "binary",
}
_KEYS: Final[dict[str, _Key]] = {_STRING: collate, "guid": str.lower}
OPERATORS: Final[dict[str, _Op]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_NEGATED: Final = {"eq": "ne", "ne": "eq", "gt": "le", "le": "gt", "ge": "lt", "lt": "ge"}
_MIRRORED: Final = {"eq": "eq", "ne": "ne", "gt": "lt", "lt": "gt", "ge": "le", "le": "ge"}


def _trim(text: str) -> str:
    return text.strip(" ")


def _length(text: str) -> int:
    return len(text.rstrip(" "))


def _contains(needle: str, haystack: str) -> bool:
    return needle in haystack


_UNARY_FUNCTIONS: Final[dict[str, tuple[Callable[[str], object], str, str]]] = {
    "trim": (_trim, _STRING, "System.String"),
    "tolower": (str.lower, _STRING, "System.String"),
    "toupper": (str.upper, _STRING, "System.String"),
    "length": (_length, "number", "System.Int32"),
}
_BINARY_FUNCTIONS: Final[dict[str, Callable[[str, str], bool]]] = {
    "substringof": _contains,
    "startswith": str.startswith,
    "endswith": str.endswith,
}
FUNCTIONS: Final = frozenset(_UNARY_FUNCTIONS) | frozenset(_BINARY_FUNCTIONS)
"""Names of the functions `$filter` may call."""


def _never(_row: _Row) -> bool:
    return False


def _always(_row: _Row) -> bool:
    return True


@dataclass(slots=True)
class Expr:
    """A typed, compiled sub-expression.

    Attributes:
        kind: `bool`, `null`, `string`, `guid`, `number`, `datetime` or `binary`.
        clr: .NET type name for error messages (`System.Guid`).
        has_field: the expression reads a property.
        get: row → value (`None` for NULL; booleans give True, False or None).
        field: set when the expression is a bare property.
        literal: set when the expression is a bare literal.
        pos: boolean expressions: row → "is true".
        neg: boolean expressions: row → "is false".
        member: `(property, key, value)` when the expression is `property eq value`.
    """

    kind: str
    clr: str
    has_field: bool
    get: _Get
    field: Field | None = None
    literal: Literal | None = None
    pos: _Test | None = None
    neg: _Test | None = None
    member: tuple[str, _Key | None, object] | None = None

    def tests(self) -> tuple[_Test, _Test]:
        """("is true", "is false") of a boolean expression."""
        if self.pos is not None and self.neg is not None:
            return self.pos, self.neg
        get = self.get
        return (lambda row: get(row) is True), (lambda row: get(row) is False)


# --- leaves ------------------------------------------------------------------------------


def from_literal(literal: Literal) -> Expr:
    """A literal operand."""
    value = literal.value
    kind = NULL if literal.edm is None else _KINDS[literal.edm]
    expr = Expr(kind, literal.clr_type, False, lambda _row: value, literal=literal)
    if kind == NULL:
        expr.pos = expr.neg = _never
    elif kind == BOOL:
        expr.pos, expr.neg = (_always, _never) if value else (_never, _always)
    return expr


def from_field(field: Field) -> Expr:
    """A property operand; a missing key in the row reads as NULL."""
    name = field.name
    expr = Expr(_KINDS[field.edm], clr_name(field.edm), True, lambda row: row.get(name))
    expr.field = field
    if field.edm is Edm.BOOLEAN:
        expr.pos = lambda row: row.get(name) is True
        expr.neg = lambda row: row.get(name) is False
    return expr


def function(name: str, args: Sequence[Expr]) -> Expr:
    """A call of one of `FUNCTIONS` (the name is known to be one of them).

    Raises:
        ExactProblem: `Error in query syntax.` for a wrong number or type of arguments, or
            two arguments that both read properties.
    """
    if any(arg.kind not in (_STRING, NULL) for arg in args):
        raise query_syntax_error()
    if name in _UNARY_FUNCTIONS:
        if len(args) != 1:
            raise query_syntax_error()
        apply, kind, clr = _UNARY_FUNCTIONS[name]
        get = args[0].get

        def value(row: _Row) -> object:
            text = get(row)
            return None if text is None else apply(text)

        return Expr(kind, clr, args[0].has_field, value)
    if len(args) != 2 or (args[0].has_field and args[1].has_field):
        raise query_syntax_error()
    test = _BINARY_FUNCTIONS[name]
    first, second = _folded(args[0]), _folded(args[1])

    def result(row: _Row) -> bool | None:
        a = first(row)
        if a is None:
            return None
        b = second(row)
        return None if b is None else test(a, b)

    return Expr(BOOL, "System.Boolean", args[0].has_field or args[1].has_field, result)


def _folded(expr: Expr) -> _Get:
    if expr.literal is not None:
        constant = expr.literal.value
        folded = constant.casefold() if isinstance(constant, str) else None
        return lambda _row: folded
    get = expr.get

    def value(row: _Row) -> str | None:
        text = get(row)
        return None if text is None else str(text).casefold()

    return value


# --- operators ---------------------------------------------------------------------------


def compare(op: str, left: Expr, right: Expr, position: int) -> Expr:
    """`left op right` for one of `OPERATORS`; `position` is the operator's offset.

    Raises:
        ExactProblem: `Operator '…' incompatible with operand types …` for mismatched types
            (or ordering booleans and binaries); `Error in query syntax.` when both sides
            read properties.
    """
    if left.has_field and right.has_field:
        raise query_syntax_error()
    kinds = {left.kind, right.kind} - {NULL}
    if len(kinds) > 1 or (op not in ("eq", "ne") and kinds & {BOOL, "binary"}):
        msg = (
            f"Operator '{op}' incompatible with operand types '{left.clr}' and '{right.clr}'"
            f" at position {position}."
        )
        raise ExactProblem(400, msg)
    if left.literal is not None and (right.literal is None or left.literal.value is None):
        op, left, right = _MIRRORED[op], right, left
    pos, neg = _comparison_tests(op, left, right, kinds.pop() if kinds else NULL)
    expr = Expr(BOOL, "System.Boolean", left.has_field or right.has_field, _three(pos, neg))
    expr.pos, expr.neg = pos, neg
    if (
        op == "eq"
        and left.field is not None
        and right.literal is not None
        and right.literal.value is not None
    ):
        key = _KEYS.get(left.kind)
        expr.member = (left.field.name, key, _prepared(right.literal.value, key, left))
    return expr


def _comparison_tests(op: str, left: Expr, right: Expr, kind: str) -> tuple[_Test, _Test]:
    get = left.get
    if right.literal is not None and right.literal.value is None:
        if op not in ("eq", "ne"):
            return _never, _never
        is_null, not_null = _null_tests(left)
        return (is_null, not_null) if op == "eq" else (not_null, is_null)
    if kind == BOOL and right.literal is not None and left.literal is None:
        pos, neg = left.tests()
        return (pos, neg) if (right.literal.value is True) == (op == "eq") else (neg, pos)
    key = _KEYS.get(kind)
    if right.literal is None:
        return _pair_test(get, right.get, OPERATORS[op], key), _pair_test(
            get, right.get, OPERATORS[_NEGATED[op]], key
        )
    constant = _prepared(right.literal.value, key, left)
    if left.field is not None:
        name = left.field.name
        return _field_test(name, OPERATORS[op], key, constant), _field_test(
            name, OPERATORS[_NEGATED[op]], key, constant
        )
    return _value_test(get, OPERATORS[op], key, constant), _value_test(
        get, OPERATORS[_NEGATED[op]], key, constant
    )


def _null_tests(expr: Expr) -> tuple[_Test, _Test]:
    if expr.field is not None:
        name = expr.field.name
        return (lambda row: row.get(name) is None), (lambda row: row.get(name) is not None)
    get = expr.get
    return (lambda row: get(row) is None), (lambda row: get(row) is not None)


def _prepared(value: object, key: _Key | None, left: Expr) -> object:
    """The literal's value as compared: collated, and `1.5M` as a float unless integral."""
    if key is not None:
        return key(value)
    if isinstance(value, Decimal) and (left.field is None or not left.field.edm.is_integer):
        return float(value)
    return value


def _field_test(name: str, op: _Op, key: _Key | None, constant: object) -> _Test:
    if key is None:

        def test(row: _Row) -> bool:
            value = row.get(name)
            return value is not None and op(value, constant)

        return test

    def keyed(row: _Row) -> bool:
        value = row.get(name)
        return value is not None and op(key(value), constant)

    return keyed


def _value_test(get: _Get, op: _Op, key: _Key | None, constant: object) -> _Test:
    def test(row: _Row) -> bool:
        value = get(row)
        if value is None:
            return False
        return op(value if key is None else key(value), constant)

    return test


def _pair_test(left: _Get, right: _Get, op: _Op, key: _Key | None) -> _Test:
    def test(row: _Row) -> bool:
        a, b = left(row), right(row)
        if a is None or b is None:
            return False
        return op(a, b) if key is None else op(key(a), key(b))

    return test


def _three(pos: _Test, neg: _Test) -> _Get:
    return lambda row: True if pos(row) else (False if neg(row) else None)


def negate(operand: Expr, position: int) -> Expr:
    """`not operand`; `position` is the keyword's offset.

    Raises:
        ExactProblem: `Operator 'not' incompatible with operand type …` for a non-boolean.
    """
    if operand.kind not in (BOOL, NULL):
        msg = (
            f"Operator 'not' incompatible with operand type '{operand.clr}' at position {position}."
        )
        raise ExactProblem(400, msg)
    pos, neg = operand.tests()
    expr = Expr(BOOL, "System.Boolean", operand.has_field, _three(neg, pos))
    expr.pos, expr.neg = neg, pos
    return expr


def junction(word: str, parts: list[Expr], positions: list[int]) -> Expr:
    """`parts[0] word parts[1] word …` for `and`/`or`; `positions` are the keywords' offsets.

    Raises:
        ExactProblem: `Operator '…' incompatible with operand types …` for a non-boolean part.
    """
    for index, position in enumerate(positions):
        left, right = parts[index], parts[index + 1]
        left_clr = left.clr if index == 0 else "System.Boolean"
        if (index == 0 and left.kind not in (BOOL, NULL)) or right.kind not in (BOOL, NULL):
            msg = (
                f"Operator '{word}' incompatible with operand types '{left_clr}' and"
                f" '{right.clr}' at position {position}."
            )
            raise ExactProblem(400, msg)
    if word == "or":
        parts = _merge_members(parts)
    tests = [part.tests() for part in parts]
    positives, negatives = [t[0] for t in tests], [t[1] for t in tests]
    if word == "and":
        pos, neg = _all(positives), _any(negatives)
    else:
        pos, neg = _any(positives), _all(negatives)
    expr = Expr(BOOL, "System.Boolean", any(p.has_field for p in parts), _three(pos, neg))
    expr.pos, expr.neg = pos, neg
    return expr


def _all(tests: Sequence[_Test]) -> _Test:
    """Conjunction as a balanced tree of two-way `and`s: fast, and only log(n) deep."""
    if len(tests) == 1:
        return tests[0]
    half = len(tests) // 2
    first, second = _all(tests[:half]), _all(tests[half:])
    return lambda row: first(row) and second(row)


def _any(tests: Sequence[_Test]) -> _Test:
    """Disjunction as a balanced tree of two-way `or`s."""
    if len(tests) == 1:
        return tests[0]
    half = len(tests) // 2
    first, second = _any(tests[:half]), _any(tests[half:])
    return lambda row: first(row) or second(row)


def _merge_members(parts: list[Expr]) -> list[Expr]:
    """Fold `P eq a or P eq b or …` on one property into a single set lookup."""
    groups: dict[str, list[tuple[str, _Key | None, object]]] = {}
    for part in parts:
        if part.member is not None:
            groups.setdefault(part.member[0], []).append(part.member)
    merged: list[Expr] = []
    done: set[str] = set()
    for part in parts:
        name = part.member[0] if part.member is not None else ""
        group = groups.get(name, [])
        if len(group) < 2:
            merged.append(part)
        elif name not in done:
            done.add(name)
            merged.append(_membership(name, group[0][1], {member[2] for member in group}))
    return merged


def _membership(name: str, key: _Key | None, values: set[object]) -> Expr:
    def pos(row: _Row) -> bool:
        value = row.get(name)
        return value is not None and (value if key is None else key(value)) in values

    def neg(row: _Row) -> bool:
        value = row.get(name)
        return value is not None and (value if key is None else key(value)) not in values

    expr = Expr(BOOL, "System.Boolean", True, _three(pos, neg))
    expr.pos, expr.neg = pos, neg
    return expr
