"""`$filter`: grammar, SQL Server semantics, Exact's error texts, and property tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactbridge.emulator.odata import MAX_DEPTH, format_literal, parse_filter
from exactbridge.emulator.problems import ExactProblem
from exactbridge.exact import Edm, EntitySpec, properties

SPEC = EntitySpec(
    path="test/Things",
    key="ID",
    type_name="Exact.Web.Api.Models.Thing",
    properties=properties(
        """
        ID         guid      key
        Code       string    PU   >18
        Name       string    PU
        Email      string    PU
        Country    string    PU   <3
        Status     int16     PU
        Quantity   int32     PU
        Timestamp  int64     R
        Amount     double    PU
        Blocked    bool      PU
        Flag       byte      PU
        Modified   datetime  R
        Account    guid      PU
        Picture    binary    PU
        Lines      nav       test/ThingLines:Thing
        """
    ),
)
TYPE = SPEC.type_name
G1 = "3c12c283-56a0-44b0-97bb-ab4849d19ef9"
G2 = "cbddbd5c-1111-4a2b-9c3d-444455556666"
ROW: dict[str, Any] = {
    "ID": G1,
    "Code": "              1068",
    "Name": "Exact Online",
    "Email": None,
    "Country": "FR ",
    "Status": 50,
    "Quantity": 3,
    "Timestamp": 493115,
    "Amount": -8500.5,
    "Blocked": False,
    "Flag": 1,
    "Modified": datetime(2024, 1, 31, 10, 0, 5, 617000),
    "Account": None,
    "Picture": b"\x01\x02",
}
SYNTAX = "Error in query syntax."


def matches(text: str, row: Mapping[str, Any] = ROW) -> bool:
    return parse_filter(text, SPEC)(row)


def problem(text: str) -> ExactProblem:
    with pytest.raises(ExactProblem) as caught:
        parse_filter(text, SPEC)
    assert caught.value.status == 400
    return caught.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # strings: case-insensitive, trailing spaces ignored, leading spaces significant
        ("Name eq 'Exact Online'", True),
        ("Name eq 'EXACT online'", True),
        ("Name eq 'Exact Online   '", True),
        ("Name eq ' Exact Online'", False),
        ("Name ne 'Exact Online'", False),
        ("Name ne 'x'", True),
        ("Name gt 'exact'", True),
        ("Name gt 'EXACT ONLINE'", False),
        ("Name ge 'EXACT ONLINE'", True),
        ("Name lt 'F'", True),
        ("Name le 'exact online '", True),
        ("Code eq '1068'", False),
        ("Code eq '              1068'", True),
        ("trim(Code) eq '1068'", True),
        ("Country eq 'FR'", True),
        ("Country eq 'fr '", True),
        ("Country eq ' FR'", False),
        # numbers: every numeric literal kind against every numeric type
        ("Status eq 50", True),
        ("Status ne 50", False),
        ("Status gt 49", True),
        ("Status ge 50", True),
        ("Status lt 50", False),
        ("Status le 50", True),
        ("Status eq 50L", True),
        ("Status eq 50.0", True),
        ("Status eq 50M", True),
        ("Status eq 5e1", True),
        ("Status lt 50.5M", True),
        ("Quantity eq 3", True),
        ("Flag eq 1", True),
        ("Timestamp gt 5L", True),
        ("Timestamp gt 5", True),
        ("Timestamp eq 493115L", True),
        ("Amount ge -8500", False),
        ("Amount le -8500", True),
        ("Amount eq -8500.5", True),
        ("Amount eq -8500.5M", True),
        ("Amount eq -8500.5f", True),
        ("Amount lt -8500.5d", False),
        # booleans
        ("Blocked eq false", True),
        ("Blocked eq true", False),
        ("Blocked ne true", True),
        ("Blocked", False),
        ("not Blocked", True),
        ("not(Blocked)", True),
        ("not not Blocked", False),
        # guids, case-insensitively
        (f"ID eq guid'{G1}'", True),
        (f"ID eq guid'{G1.upper()}'", True),
        (f"ID ne guid'{G1}'", False),
        (f"ID eq guid'{G2}'", False),
        (f"ID lt guid'{G2}'", True),
        # datetimes
        ("Modified eq datetime'2024-01-31T10:00:05.617'", True),
        ("Modified eq datetime'2024-01-31T10:00:05.6170000'", True),
        ("Modified gt datetime'2024-01-31'", True),
        ("Modified lt datetime'2024-01-31T10:00'", False),
        ("Modified ge datetime'2024-01-31T10:00:05'", True),
        ("Modified le datetime'2024-01-31T10:00:05.617'", True),
        # binary
        ("Picture eq X'0102'", True),
        ("Picture ne binary'0102'", False),
        # NULL: only eq null / ne null are true or false; everything else is unknown
        ("Email eq null", True),
        ("Email ne null", False),
        ("null eq Email", True),
        ("Name eq null", False),
        ("Name ne null", True),
        ("not (Email eq null)", False),
        ("Email eq 'x'", False),
        ("Email ne 'x'", False),
        ("not (Email eq 'x')", False),
        ("not (Email ne 'x')", False),
        ("Account gt null", False),
        ("not (Account gt null)", False),
        (f"Account ne guid'{G1}' or Status eq 50", True),
        (f"not (Account ne guid'{G1}' and Status eq 50)", False),
        (f"not (Account ne guid'{G1}' and Status eq 1)", True),
        # functions
        ("substringof('online', Name)", True),
        ("substringof('ONLINE',Name) eq true", True),
        ("substringof('zzz', Name) eq false", True),
        ("substringof('zzz', Name) ne true", True),
        ("substringof('zzz', Name)", False),
        ("substringof('', Name)", True),
        ("startswith(Name, 'exact')", True),
        ("startswith(Name, ' exact')", False),
        ("endswith(Name, 'ONLINE')", True),
        ("endswith(Name, 'Exact')", False),
        ("endswith(Country, 'R')", False),
        ("startswith(Code, '1068')", False),
        ("substringof('1068', Code)", True),
        ("tolower(Name) eq 'exact online'", True),
        ("toupper(Name) eq 'EXACT ONLINE'", True),
        ("length(Name) eq 12", True),
        ("length(Country) eq 2", True),
        ("length(Code) eq 18", True),
        ("length(trim(Code)) eq 4", True),
        ("startswith(trim(Code), '10')", True),
        ("substringof('x', Email)", False),
        ("not substringof('x', Email)", False),
        ("startswith(Email, 'a') eq false", False),
        ("trim(Email) eq null", True),
        ("length(Email) gt 0", False),
        ("substringof(Name, 'Exact Online and more')", True),
        # precedence: not > comparisons > and > or
        ("Status eq 1 and Status eq 2 or Status eq 50", True),
        ("Status eq 50 or Status eq 1 and Status eq 2", True),
        ("(Status eq 50 or Status eq 1) and Status eq 2", False),
        ("not Blocked and Status eq 50", True),
        ("not (Blocked or Status eq 50)", False),
        ("((((Status eq 50))))", True),
        ("(Status eq 50) eq true", True),
        ("(Status eq 50) eq false", False),
        ("Status eq 50 eq true", True),
        ("Status eq 50 and (Name eq 'x' or (Quantity eq 3 and not Blocked))", True),
        # literals on either side
        ("50 eq Status", True),
        ("49 lt Status", True),
        ("51 lt Status", False),
        ("'exact online' eq Name", True),
        (f"guid'{G1}' eq ID", True),
        # constant expressions
        ("true", True),
        ("false", False),
        ("null", False),
        ("1 eq 1", True),
        ("1 lt 1", False),
        ("'a' eq 'A '", True),
        ("null eq null", True),
        ("null ne 1", True),
        ("1 eq null", False),
        ("true and null", False),
        ("not (true and null)", False),
        ("false and null", False),
        ("not (false and null)", True),
        # whitespace
        ("Status  eq   50", True),
        ("  Status eq 50  ", True),
        ("Status\teq\t50", True),
        # or-chains on one property (set lookup)
        ("Status eq 1 or Status eq 50 or Status eq 3", True),
        ("Status eq 1 or Status eq 2 or Status eq 3", False),
        ("not (Status eq 1 or Status eq 50)", False),
        ("not (Status eq 1 or Status eq 2)", True),
        ("Status eq 1 or Name eq 'x' or Status eq 50.0", True),
        (f"ID eq guid'{G2}' or ID eq guid'{G1.upper()}'", True),
        ("Code eq '1068' or Code eq '              1068 '", True),
        ("Name eq 'EXACT ONLINE' or Name eq 'x'", True),
        ("Email eq 'a' or Email eq 'b'", False),
        ("not (Email eq 'a' or Email eq 'b')", False),
        ("Amount eq -8500.5M or Amount eq 1", True),
    ],
)
def test_filter_semantics(text: str, expected: bool) -> None:
    assert matches(text) is expected


def test_strings_with_quotes() -> None:
    assert matches("Name eq 'it''s'", {"Name": "It's"})
    assert not matches("Name eq 'it''s'", {"Name": "its"})


def test_missing_keys_read_as_null() -> None:
    assert matches("Name eq null", {})
    assert not matches("Name ne 'x'", {})
    assert not matches("not (Name ne 'x')", {})


def test_double_columns_hold_ints_and_floats() -> None:
    assert matches("Amount eq 100", {"Amount": 100.0})
    assert matches("Amount eq 100.0", {"Amount": 100})
    assert matches("Amount eq 0.1M", {"Amount": 0.1})
    assert matches("Amount gt 0.1M", {"Amount": 0.11})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Foo eq 1", f"No property 'Foo' exists in type '{TYPE}' at position 0."),
        (
            "Status eq 1 and name eq 'x'",
            f"No property 'name' exists in type '{TYPE}' at position 16.",
        ),
        ("trim(Nme) eq 'x'", f"No property 'Nme' exists in type '{TYPE}' at position 5."),
        ("Foo/Bar eq 1", f"No property 'Foo' exists in type '{TYPE}' at position 0."),
        ("time'10:00' eq 1", f"No property 'time' exists in type '{TYPE}' at position 0."),
        # keywords are lower-case; anywhere an operand is expected a word is a property name
        ("NOT Blocked", f"No property 'NOT' exists in type '{TYPE}' at position 0."),
        ("eq 'x'", f"No property 'eq' exists in type '{TYPE}' at position 0."),
        ("Blocked or and", f"No property 'and' exists in type '{TYPE}' at position 11."),
        (
            "ID eq 'abc'",
            "Operator 'eq' incompatible with operand types 'System.Guid' and 'System.String'"
            " at position 3.",
        ),
        (
            "'abc' ne ID",
            "Operator 'ne' incompatible with operand types 'System.String' and 'System.Guid'"
            " at position 6.",
        ),
        (
            "Modified ge '2024-01-01'",
            "Operator 'ge' incompatible with operand types 'System.DateTime' and 'System.String'"
            " at position 9.",
        ),
        (
            "Status eq 'x'",
            "Operator 'eq' incompatible with operand types 'System.Int16' and 'System.String'"
            " at position 7.",
        ),
        (
            "Name eq 5",
            "Operator 'eq' incompatible with operand types 'System.String' and 'System.Int32'"
            " at position 5.",
        ),
        (
            "Name eq 1.5M",
            "Operator 'eq' incompatible with operand types 'System.String' and 'System.Decimal'"
            " at position 5.",
        ),
        (
            f"Amount lt guid'{G1}'",
            "Operator 'lt' incompatible with operand types 'System.Double' and 'System.Guid'"
            " at position 7.",
        ),
        (
            "Blocked gt false",
            "Operator 'gt' incompatible with operand types 'System.Boolean' and 'System.Boolean'"
            " at position 8.",
        ),
        (
            "Picture le X'00'",
            "Operator 'le' incompatible with operand types 'System.Byte[]' and 'System.Byte[]'"
            " at position 8.",
        ),
        (
            "Timestamp eq true",
            "Operator 'eq' incompatible with operand types 'System.Int64' and 'System.Boolean'"
            " at position 10.",
        ),
        (
            "length(Name) eq 'x'",
            "Operator 'eq' incompatible with operand types 'System.Int32' and 'System.String'"
            " at position 13.",
        ),
        (
            "not Name",
            "Operator 'not' incompatible with operand type 'System.String' at position 0.",
        ),
        (
            "not Status eq 1",
            "Operator 'not' incompatible with operand type 'System.Int16' at position 0.",
        ),
        (
            "Name and Blocked",
            "Operator 'and' incompatible with operand types 'System.String' and 'System.Boolean'"
            " at position 5.",
        ),
        (
            "Blocked or Status",
            "Operator 'or' incompatible with operand types 'System.Boolean' and 'System.Int16'"
            " at position 8.",
        ),
        (
            "Blocked and Blocked and Flag",
            "Operator 'and' incompatible with operand types 'System.Boolean' and 'System.Byte'"
            " at position 20.",
        ),
        (
            "ID eq guid'12'",
            "Unrecognized 'Edm.Guid' literal 'guid'12'' at '6' in 'ID eq guid'12''.",
        ),
        (
            "Modified eq datetime'2024-13-01'",
            "Unrecognized 'Edm.DateTime' literal 'datetime'2024-13-01'' at '12'"
            " in 'Modified eq datetime'2024-13-01''.",
        ),
        (
            "Timestamp eq 99999999999999999999",
            "Unrecognized 'Edm.Int64' literal '99999999999999999999' at '13'"
            " in 'Timestamp eq 99999999999999999999'.",
        ),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    assert problem(text).message == message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Name",
        "Status",
        "'x'",
        "trim(Name)",
        "Name eq",
        "Name eq 'x' and",
        "not",
        "(Name eq 'x'",
        "Name eq 'x')",
        "()",
        "Name eq 'unterminated",
        "Name EQ 'x'",
        "Name eq 'x' AND Status eq 1",
        "Name eq 'x' Status eq 1",
        "Name add 'x'",
        "Status eq 5x",
        "Status eq 1.",
        "Status eq .5",
        "Status eq 1.5L",
        "Status eq - 5",
        "Status eq -Quantity",
        "Status eq 1e",
        'Name eq "x"',
        "Name eq 'x';",
        "Name eq 'x' & Status eq 1",
        "Name eq $x",
        "Status eq 1,",
        # navigation properties and paths
        "Lines eq null",
        "Lines",
        "Lines/Amount ge -8500",
        "Name/Length eq 3",
        # property against property
        "Name eq Code",
        "Status eq Quantity",
        "trim(Name) eq Code",
        "length(Name) gt Status",
        "substringof(Name, Code)",
        "startswith(trim(Name), Code)",
        # functions: unknown, wrong case, wrong arity or argument types
        "Trim(Code) eq '1'",
        "SubstringOf('x', Name)",
        "foo(Name)",
        "year(Modified) eq 2024",
        "trim(Name, 'x') eq 'a'",
        "trim() eq 'a'",
        "startswith(Name) eq true",
        "startswith(Name, 'a', 'b')",
        "trim(Status) eq '1'",
        "startswith(Status, '1')",
        "substringof(Blocked, 'true')",
        "trim(Name eq 'x')",
        "trim(Name,) eq 'x'",
        "trim(Name 'x') eq 'x'",
    ],
)
def test_syntax_errors(text: str) -> None:
    assert problem(text).message == SYNTAX


def test_nesting_is_limited() -> None:
    deep = "(" * MAX_DEPTH + "Blocked" + ")" * MAX_DEPTH
    assert parse_filter(deep, SPEC)({"Blocked": True})
    too_deep = "(" * (MAX_DEPTH + 1) + "Blocked" + ")" * (MAX_DEPTH + 1)
    assert problem(too_deep).message == SYNTAX
    assert problem("not " * 1000 + "Blocked").message == SYNTAX
    assert problem("trim(" * 1000 + "Name" + ")" * 1000 + " eq 'x'").message == SYNTAX
    assert problem("Blocked" + " eq true" * 1000).message == SYNTAX
    assert problem("(" * 100_000).message == SYNTAX


def test_long_flat_chains_evaluate_without_recursion() -> None:
    guids = [f"{n:08x}-0000-0000-0000-000000000000" for n in range(2000)]
    text = " or ".join(f"ID eq guid'{g}'" for g in guids)
    predicate = parse_filter(text, SPEC)
    assert predicate({"ID": guids[1234]})
    assert not predicate({"ID": G1})
    mixed = " or ".join(f"(Status eq {n} and Blocked)" for n in range(2000))
    assert parse_filter(mixed, SPEC)({"Status": 1999, "Blocked": True})
    both = " and ".join(f"Quantity ne {n}" for n in range(2000))
    assert parse_filter(both, SPEC)({"Quantity": 5000})


# --- property test (a): rendered random ASTs agree with a reference evaluator -------------------


@dataclass(frozen=True)
class Cmp:
    """`[function(]Field[)] op literal`, written with the literal first when `flipped`."""

    field: str
    op: str
    value: object
    literal: str
    function: str | None = None
    flipped: bool = False


@dataclass(frozen=True)
class StrTest:
    """`startswith(Field, 'x')` and friends, optionally compared with true/false."""

    name: str
    field: str
    value: str | None
    literal: str
    compared: tuple[str, bool] | None = None


@dataclass(frozen=True)
class BoolField:
    field: str


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Junction:
    word: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Group:
    inner: Node


Node = Cmp | StrTest | BoolField | Not | Junction | Group

_MIRROR = {"eq": "eq", "ne": "ne", "gt": "lt", "lt": "gt", "ge": "le", "le": "ge"}
_STRINGS = ["", "a", "A", "a ", " a", "ab", "AB  ", "b", "it's", "ß", "SS", "  1068", "1068 "]
_GUIDS = [G1, G2, "00000000-0000-0000-0000-000000000001"]
_DATES = [datetime(2024, 1, 31), datetime(2024, 1, 31, 10, 0, 5, 617000), datetime(2025, 6, 1)]
_FIELD_VALUES: dict[str, tuple[Edm, st.SearchStrategy[Any]]] = {
    "ID": (Edm.GUID, st.sampled_from(_GUIDS)),
    "Account": (Edm.GUID, st.sampled_from(_GUIDS)),
    "Code": (Edm.STRING, st.sampled_from(_STRINGS)),
    "Name": (Edm.STRING, st.sampled_from(_STRINGS)),
    "Status": (Edm.INT16, st.integers(-2, 3)),
    "Quantity": (Edm.INT32, st.integers(-2, 3)),
    "Timestamp": (Edm.INT64, st.integers(-2, 3)),
    "Flag": (Edm.BYTE, st.integers(0, 3)),
    "Amount": (Edm.DOUBLE, st.sampled_from([-1.5, 0, 0.5, 1, 1.0, 2.25, 3])),
    "Blocked": (Edm.BOOLEAN, st.booleans()),
    "Modified": (Edm.DATETIME, st.sampled_from(_DATES)),
}
_ROWS = st.fixed_dictionaries(
    {name: st.none() | values for name, (_, values) in _FIELD_VALUES.items()}
)


def _render_literal(draw: st.DrawFn, value: object, edm: Edm) -> str:
    if value is None:
        return "null"
    if edm is Edm.GUID and draw(st.booleans()):
        return f"guid'{str(value).upper()}'"
    if edm.is_integer and draw(st.booleans()):
        return f"{value}L"
    if edm is Edm.DOUBLE and draw(st.booleans()):
        return f"{value}M"
    return format_literal(value, edm)


@st.composite
def _comparisons(draw: st.DrawFn) -> Cmp:
    field = draw(st.sampled_from(sorted(_FIELD_VALUES)))
    edm, values = _FIELD_VALUES[field]
    function = None
    if edm is Edm.STRING:
        function = draw(st.sampled_from([None, "trim", "tolower", "toupper", "length"]))
    if function == "length":
        edm, values = Edm.INT32, st.integers(0, 4)
    ops = ["eq", "ne"] if edm is Edm.BOOLEAN else ["eq", "ne", "gt", "ge", "lt", "le"]
    value = draw(st.none() | values)
    return Cmp(
        field,
        draw(st.sampled_from(ops)),
        value,
        _render_literal(draw, value, edm),
        function,
        draw(st.booleans()),
    )


@st.composite
def _string_tests(draw: st.DrawFn) -> StrTest:
    value = draw(st.none() | st.sampled_from(_STRINGS))
    compared = draw(st.none() | st.tuples(st.sampled_from(["eq", "ne"]), st.booleans()))
    return StrTest(
        draw(st.sampled_from(["substringof", "startswith", "endswith"])),
        draw(st.sampled_from(["Code", "Name"])),
        value,
        "null" if value is None else format_literal(value, Edm.STRING),
        compared,
    )


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(Not, children),
        st.builds(Group, children),
        st.builds(Junction, st.sampled_from(["and", "or"]), children, children),
    )


_LEAVES: st.SearchStrategy[Node] = st.one_of(
    _comparisons(), _string_tests(), st.just(BoolField("Blocked"))
)
_TREES = st.recursive(_LEAVES, _extend, max_leaves=12)

_PRECEDENCE = {"or": 1, "and": 2}


def render(node: Node) -> tuple[str, int]:
    """Filter text and its precedence: or 1, and 2, comparison 3, not 4, atom 5."""
    if isinstance(node, Cmp):
        operand = node.field if node.function is None else f"{node.function}({node.field})"
        if node.flipped:
            return f"{node.literal} {_MIRROR[node.op]} {operand}", 3
        return f"{operand} {node.op} {node.literal}", 3
    if isinstance(node, StrTest):
        args = (
            (node.literal, node.field) if node.name == "substringof" else (node.field, node.literal)
        )
        call = f"{node.name}({args[0]},{args[1]})"
        if node.compared is None:
            return call, 5
        op, flag = node.compared
        return f"{call} {op} {'true' if flag else 'false'}", 3
    if isinstance(node, BoolField):
        return node.field, 5
    if isinstance(node, Group):
        return f"({render(node.inner)[0]})", 5
    if isinstance(node, Not):
        text, precedence = render(node.operand)
        return f"not {text}" if precedence >= 4 else f"not ({text})", 4
    own = _PRECEDENCE[node.word]
    sides = []
    for side in (node.left, node.right):
        text, precedence = render(side)
        sides.append(text if precedence >= own else f"({text})")
    return f"{sides[0]} {node.word} {sides[1]}", own


def _fold(text: str) -> str:
    return text.rstrip(" ").casefold()


def _relate(op: str, a: Any, b: Any) -> bool:
    results: dict[str, bool] = {
        "eq": a == b,
        "ne": a != b,
        "gt": a > b,
        "ge": a >= b,
        "lt": a < b,
        "le": a <= b,
    }
    return results[op]


def _apply(function: str, text: str) -> object:
    if function == "trim":
        return text.strip(" ")
    if function == "tolower":
        return text.lower()
    if function == "toupper":
        return text.upper()
    return len(text.rstrip(" "))


def reference(node: Node, row: Mapping[str, Any]) -> bool | None:
    """Three-valued (SQL) evaluation written straight from the rules."""
    if isinstance(node, Cmp):
        value = row.get(node.field)
        if value is not None and node.function is not None:
            value = _apply(node.function, value)
        if node.value is None:
            return {"eq": value is None, "ne": value is not None}.get(node.op)
        if value is None:
            return None
        literal = node.value
        if isinstance(value, str) and isinstance(literal, str):
            value, literal = _fold(value), _fold(literal)
        return _relate(node.op, value, literal)
    if isinstance(node, StrTest):
        text = row.get(node.field)
        result: bool | None = None
        if text is not None and node.value is not None:
            haystack, needle = str(text).casefold(), node.value.casefold()
            result = {
                "substringof": needle in haystack,
                "startswith": haystack.startswith(needle),
                "endswith": haystack.endswith(needle),
            }[node.name]
        if node.compared is None or result is None:
            return result
        op, flag = node.compared
        return (result == flag) if op == "eq" else (result != flag)
    if isinstance(node, BoolField):
        stored = row.get(node.field)
        return None if stored is None else bool(stored)
    if isinstance(node, Group):
        return reference(node.inner, row)
    if isinstance(node, Not):
        inner = reference(node.operand, row)
        return None if inner is None else not inner
    left, right = reference(node.left, row), reference(node.right, row)
    if node.word == "and":
        if left is False or right is False:
            return False
        return None if left is None or right is None else True
    if left is True or right is True:
        return True
    return None if left is None or right is None else False


@settings(max_examples=300, deadline=None)
@given(_TREES, st.lists(_ROWS, min_size=1, max_size=8))
def test_random_expressions_match_the_reference(tree: Node, rows: list[dict[str, Any]]) -> None:
    text = render(tree)[0]
    predicate = parse_filter(text, SPEC)
    negated = parse_filter(f"not ({text})", SPEC)
    for row in rows:
        expected = reference(tree, row)
        assert predicate(row) is (expected is True), (text, row)
        assert negated(row) is (expected is False), (text, row)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(_FIELD_VALUES)).flatmap(
        lambda field: st.tuples(
            st.just(field), st.lists(_FIELD_VALUES[field][1], min_size=1, max_size=5)
        )
    ),
    st.lists(_ROWS, min_size=1, max_size=8),
)
def test_or_chains_on_one_property(
    chain: tuple[str, list[Any]], rows: list[dict[str, Any]]
) -> None:
    field, values = chain
    edm = _FIELD_VALUES[field][0]
    text = " or ".join(f"{field} eq {format_literal(value, edm)}" for value in values)
    tree: Node = Cmp(field, "eq", values[0], "")
    for value in values[1:]:
        tree = Junction("or", tree, Cmp(field, "eq", value, ""))
    predicate, negated = parse_filter(text, SPEC), parse_filter(f"not ({text})", SPEC)
    for row in rows:
        expected = reference(tree, row)
        assert predicate(row) is (expected is True)
        assert negated(row) is (expected is False)


# --- property test (b): any text either parses or is a 400 -------------------------------------

_TOKENS = [
    "Name", "Status", "ID", "Code", "Blocked", "Modified", "Amount", "Lines", "Lines/Name",
    "Foo", "eq", "ne", "gt", "le", "and", "or", "not", "(", ")", ",", "/", "'x'", "'it''s'",
    "'", "''", "guid'12'", f"guid'{G1}'", "datetime'2024-01-31'", "datetime'x'", "12", "12L",
    "1.5M", "-3", "1e3", "1e999", "99999999999999999999L", "true", "false", "null", "trim",
    "substringof", "startswith", "length", "tolower", "X'0A'", "binary'0'", "-", ".", "$",
]  # fmt: skip


def _check_total(text: str) -> None:
    try:
        predicate = parse_filter(text, SPEC)
    except ExactProblem as caught:
        assert caught.status == 400
        return
    for row in (ROW, {}, dict.fromkeys(ROW)):
        assert isinstance(predicate(row), bool)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_parses_or_is_a_400(text: str) -> None:
    _check_total(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(["", " ", "  "])), max_size=14))
def test_token_soup_parses_or_is_a_400(tokens: list[tuple[str, str]]) -> None:
    _check_total("".join(token + gap for token, gap in tokens))
