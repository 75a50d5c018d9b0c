"""OData literals: parsing, Exact-style formatting, `$skiptoken` lists, WCF error texts."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactbridge.emulator.odata import Literal, format_literal, parse_literal, parse_literal_list
from exactbridge.emulator.problems import ExactProblem
from exactbridge.exact import Edm

GUID = "cbddbd5c-1111-4a2b-9c3d-444455556666"


@pytest.mark.parametrize(
    ("text", "value", "edm"),
    [
        (f"guid'{GUID}'", GUID, Edm.GUID),
        (f"guid'{GUID.upper()}'", GUID, Edm.GUID),
        (f"GUID'{GUID}'", GUID, Edm.GUID),
        ("datetime'2024-01-31'", datetime(2024, 1, 31), Edm.DATETIME),
        ("datetime'2024-01-31T10:00'", datetime(2024, 1, 31, 10), Edm.DATETIME),
        ("datetime'2024-01-31T10:00:05'", datetime(2024, 1, 31, 10, 0, 5), Edm.DATETIME),
        (
            "datetime'2024-01-31T10:00:05.617'",
            datetime(2024, 1, 31, 10, 0, 5, 617000),
            Edm.DATETIME,
        ),
        ("datetime'2024-01-31T10:00:05.1'", datetime(2024, 1, 31, 10, 0, 5, 100000), Edm.DATETIME),
        (
            "datetime'2024-01-31T10:00:05.6170009'",
            datetime(2024, 1, 31, 10, 0, 5, 617000),
            Edm.DATETIME,
        ),
        ("DateTime'2024-01-31'", datetime(2024, 1, 31), Edm.DATETIME),
        # an instant is converted to Amsterdam wall-clock time (CET in January, CEST in July)
        ("datetime'2024-01-31T10:00:00Z'", datetime(2024, 1, 31, 11), Edm.DATETIME),
        ("datetimeoffset'2024-07-01T10:00:00Z'", datetime(2024, 7, 1, 12), Edm.DATETIME),
        ("datetimeoffset'2024-07-01T10:00:00+02:00'", datetime(2024, 7, 1, 10), Edm.DATETIME),
        ("'Exact Online'", "Exact Online", Edm.STRING),
        ("'it''s'", "it's", Edm.STRING),
        ("''''", "'", Edm.STRING),
        ("''", "", Edm.STRING),
        ("'a,b'", "a,b", Edm.STRING),
        ("'                25'", "                25", Edm.STRING),
        ("123L", 123, Edm.INT64),
        ("123l", 123, Edm.INT64),
        ("-5L", -5, Edm.INT64),
        ("123", 123, Edm.INT32),
        ("-8500", -8500, Edm.INT32),
        ("007", 7, Edm.INT32),
        ("2147483647", 2147483647, Edm.INT32),
        ("2147483648", 2147483648, Edm.INT64),
        ("9223372036854775807L", 9223372036854775807, Edm.INT64),
        ("1.5", 1.5, Edm.DOUBLE),
        ("-0.01", -0.01, Edm.DOUBLE),
        ("1.5d", 1.5, Edm.DOUBLE),
        ("1.5D", 1.5, Edm.DOUBLE),
        ("1.5f", 1.5, Edm.DOUBLE),
        ("1e3", 1000.0, Edm.DOUBLE),
        ("1E+3", 1000.0, Edm.DOUBLE),
        ("2.5e-2", 0.025, Edm.DOUBLE),
        ("5d", 5.0, Edm.DOUBLE),
        ("true", True, Edm.BOOLEAN),
        ("false", False, Edm.BOOLEAN),
        ("null", None, None),
        ("X'0aFF'", b"\x0a\xff", Edm.BINARY),
        ("binary'00'", b"\x00", Edm.BINARY),
        ("X''", b"", Edm.BINARY),
        ("  12L  ", 12, Edm.INT64),
    ],
)
def test_parse_literal(text: str, value: object, edm: Edm | None) -> None:
    literal = parse_literal(text)
    assert literal == Literal(value, edm)
    assert type(literal.value) is type(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.5M", Decimal("1.5")), ("1.50m", Decimal("1.50")), ("-8500M", Decimal(-8500))],
)
def test_decimal_literals_are_exact_doubles(text: str, value: Decimal) -> None:
    literal = parse_literal(text)
    assert literal.edm is Edm.DOUBLE
    assert isinstance(literal.value, Decimal)
    assert literal.value == value
    assert literal.clr_type == "System.Decimal"


@pytest.mark.parametrize(
    ("text", "type_name", "position"),
    [
        ("guid'12'", "Edm.Guid", 0),
        ("guid''", "Edm.Guid", 0),
        (f"guid'{GUID}0'", "Edm.Guid", 0),
        ("datetime'2024-02-30'", "Edm.DateTime", 0),
        ("datetime'2024-01-31T25:00'", "Edm.DateTime", 0),
        ("datetime'2024-01-31 10:00'", "Edm.DateTime", 0),
        ("datetime'2024-01-31T10'", "Edm.DateTime", 0),
        ("datetime'2024-1-31'", "Edm.DateTime", 0),
        ("datetime'2024-01-31T10:00:00.12345678'", "Edm.DateTime", 0),
        ("datetime'yesterday'", "Edm.DateTime", 0),
        ("datetime''", "Edm.DateTime", 0),
        ("  datetime'0000-01-01'", "Edm.DateTime", 2),
        ("datetimeoffset'now'", "Edm.DateTimeOffset", 0),
        ("X'0'", "Edm.Binary", 0),
        ("binary'zz'", "Edm.Binary", 0),
        ("9223372036854775808L", "Edm.Int64", 0),
        ("99999999999999999999", "Edm.Int64", 0),
        ("1" * 500, "Edm.Int64", 0),
        ("1e999", "Edm.Double", 0),
        ("1e999f", "Edm.Single", 0),
        ("1e40M", "Edm.Decimal", 0),
    ],
)
def test_malformed_literals_use_wcf_wording(text: str, type_name: str, position: int) -> None:
    with pytest.raises(ExactProblem) as caught:
        parse_literal(text)
    raw = text.strip()
    expected = f"Unrecognized '{type_name}' literal '{raw}' at '{position}' in '{text}'."
    assert caught.value.status == 400
    assert caught.value.message == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "True",
        "NULL",
        "'open",
        "guid'open",
        "12 13",
        "12,",
        "(1)",
        "1.",
        ".5",
        "1x",
        "1.5L",
        "1e",
        "1e+",
        "- 5",
        "-",
        '"x"',
        "foo'x'",
        "12;",
    ],
)
def test_garbage_is_a_syntax_error(text: str) -> None:
    with pytest.raises(ExactProblem) as caught:
        parse_literal(text)
    assert (caught.value.status, caught.value.message) == (400, "Error in query syntax.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"guid'{GUID}'", [Literal(GUID, Edm.GUID)]),
        (
            f"datetime'2018-09-21T04:18:55.617',guid'{GUID}'",
            [
                Literal(datetime(2018, 9, 21, 4, 18, 55, 617000), Edm.DATETIME),
                Literal(GUID, Edm.GUID),
            ],
        ),
        ("493115L", [Literal(493115, Edm.INT64)]),
        ("'a,b','c'", [Literal("a,b", Edm.STRING), Literal("c", Edm.STRING)]),
        ("'it''s', 5", [Literal("it's", Edm.STRING), Literal(5, Edm.INT32)]),
        ("null,true", [Literal(None, None), Literal(True, Edm.BOOLEAN)]),
    ],
)
def test_parse_literal_list(text: str, expected: list[Literal]) -> None:
    assert parse_literal_list(text) == expected


@pytest.mark.parametrize("text", ["", ",", "1,", ",1", "1 2", "1,,2", "Name", "'a'b'", "(1)"])
def test_parse_literal_list_rejects_garbage(text: str) -> None:
    with pytest.raises(ExactProblem) as caught:
        parse_literal_list(text)
    assert (caught.value.status, caught.value.message) == (400, "Error in query syntax.")


def test_parse_literal_list_reports_a_bad_literal_where_it_is() -> None:
    text = f"guid'{GUID}',guid'12'"
    with pytest.raises(ExactProblem) as caught:
        parse_literal_list(text)
    position = len(f"guid'{GUID}',")
    expected = f"Unrecognized 'Edm.Guid' literal 'guid'12'' at '{position}' in '{text}'."
    assert caught.value.message == expected


@pytest.mark.parametrize(
    ("value", "edm", "text"),
    [
        (GUID, Edm.GUID, f"guid'{GUID}'"),
        (GUID.upper(), Edm.GUID, f"guid'{GUID}'"),
        (
            datetime(2018, 9, 21, 4, 18, 55, 617000),
            Edm.DATETIME,
            "datetime'2018-09-21T04:18:55.617'",
        ),
        (datetime(2024, 9, 9, 12, 40, 29, 900000), Edm.DATETIME, "datetime'2024-09-09T12:40:29.9'"),
        (datetime(2024, 1, 31, 10), Edm.DATETIME, "datetime'2024-01-31T10:00:00'"),
        (
            datetime(2024, 1, 31, 10, 0, 0, 123456),
            Edm.DATETIME,
            "datetime'2024-01-31T10:00:00.123456'",
        ),
        (datetime(2024, 1, 31, 10, 0, 0, 120), Edm.DATETIME, "datetime'2024-01-31T10:00:00.00012'"),
        (date(2024, 1, 31), Edm.DATETIME, "datetime'2024-01-31T00:00:00'"),
        ("it's", Edm.STRING, "'it''s'"),
        ("", Edm.STRING, "''"),
        (123, Edm.INT64, "123L"),
        (5, Edm.INT32, "5"),
        (-5, Edm.INT16, "-5"),
        (255, Edm.BYTE, "255"),
        (0.1, Edm.DOUBLE, "0.1"),
        (-8500.5, Edm.DOUBLE, "-8500.5"),
        (100, Edm.DOUBLE, "100.0"),
        (1e16, Edm.DOUBLE, "1e+16"),
        (10**400, Edm.DOUBLE, f"{10**400}M"),
        (Decimal("1.50"), Edm.DOUBLE, "1.50M"),
        (True, Edm.BOOLEAN, "true"),
        (False, Edm.BOOLEAN, "false"),
        (None, Edm.GUID, "null"),
        (None, Edm.INT64, "null"),
        (b"\x0a\xff", Edm.BINARY, "X'0AFF'"),
    ],
)
def test_format_literal(value: object, edm: Edm, text: str) -> None:
    assert format_literal(value, edm) == text


@pytest.mark.parametrize(
    ("value", "edm", "error"),
    [
        ("x", Edm.INT32, TypeError),
        (True, Edm.INT32, TypeError),
        (1, Edm.BOOLEAN, TypeError),
        (5, Edm.STRING, TypeError),
        ("2024-01-31", Edm.DATETIME, TypeError),
        ("nope", Edm.GUID, ValueError),
        (math.nan, Edm.DOUBLE, ValueError),
        (math.inf, Edm.DOUBLE, ValueError),
        (Decimal("NaN"), Edm.DOUBLE, ValueError),
    ],
)
def test_format_literal_rejects_wrong_values(
    value: object, edm: Edm, error: type[Exception]
) -> None:
    with pytest.raises(error):
        format_literal(value, edm)


def test_literal_types_for_messages_and_promotion() -> None:
    assert parse_literal("5").fits(Edm.INT64)
    assert parse_literal("5").fits(Edm.DOUBLE)
    assert parse_literal("5L").fits(Edm.BYTE)
    assert parse_literal("null").fits(Edm.GUID)
    assert not parse_literal("'x'").fits(Edm.GUID)
    assert not parse_literal("5").fits(Edm.STRING)
    assert parse_literal("'x'").clr_type == "System.String"
    assert parse_literal("null").clr_type == "System.Object"
    assert parse_literal("X'00'").clr_type == "System.Byte[]"


# --- round trip ----------------------------------------------------------------------------

_GUIDS = st.uuids().map(str)
_VALUES: dict[Edm, st.SearchStrategy[object]] = {
    Edm.GUID: _GUIDS,
    Edm.STRING: st.text(),
    Edm.INT16: st.integers(-(2**15), 2**15 - 1),
    Edm.INT32: st.integers(-(2**31), 2**31 - 1),
    Edm.INT64: st.integers(-(2**63), 2**63 - 1),
    Edm.BYTE: st.integers(0, 255),
    Edm.DOUBLE: st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53),
    Edm.BOOLEAN: st.booleans(),
    Edm.DATETIME: st.datetimes(),
    Edm.BINARY: st.binary(max_size=16),
}


@st.composite
def _typed_values(draw: st.DrawFn) -> tuple[object, Edm]:
    edm = draw(st.sampled_from(list(Edm)))
    value = draw(st.none() | _VALUES[edm])
    return value, edm


@settings(max_examples=400, deadline=None)
@given(_typed_values())
def test_format_then_parse_round_trips(typed: tuple[object, Edm]) -> None:
    value, edm = typed
    literal = parse_literal(format_literal(value, edm))
    assert literal.value == value
    assert literal.fits(edm)
    if value is None:
        assert literal.edm is None
    elif not edm.is_integer or edm is Edm.INT64:
        assert literal.edm is edm


@settings(max_examples=200, deadline=None)
@given(st.lists(_typed_values(), min_size=1, max_size=4))
def test_skiptoken_lists_round_trip(typed: list[tuple[object, Edm]]) -> None:
    text = ",".join(format_literal(value, edm) for value, edm in typed)
    assert [literal.value for literal in parse_literal_list(text)] == [v for v, _ in typed]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_literal_never_fails_otherwise(text: str) -> None:
    for parse in (parse_literal, parse_literal_list):
        try:
            parse(text)
        except ExactProblem as problem:
            assert problem.status == 400
