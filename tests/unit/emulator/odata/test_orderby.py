"""`$orderby` parsing and the SQL Server-like `sort_key`."""

from __future__ import annotations

import itertools
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactbridge.emulator.odata import (
    OrderKey,
    collate,
    parse_filter,
    parse_orderby,
    sort_key,
)
from exactbridge.emulator.problems import ExactProblem
from exactbridge.exact import EntitySpec, Field, properties
from exactbridge.wire import string_literal

SPEC = EntitySpec(
    path="test/Things",
    key="ID",
    type_name="Exact.Web.Api.Models.Thing",
    properties=properties(
        """
        ID         guid      key
        Code       string    PU   >18
        Name       string    PU
        Status     int16     PU
        Amount     double    PU
        Blocked    bool      PU
        Modified   datetime  R
        Lines      nav       test/ThingLines:Thing
        """
    ),
)


def field(name: str) -> Field:
    found = SPEC.field(name)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name", [("Name", False)]),
        ("Name asc", [("Name", False)]),
        ("Name desc", [("Name", True)]),
        ("Modified asc,ID", [("Modified", False), ("ID", False)]),
        ("Code desc, Name asc", [("Code", True), ("Name", False)]),
        ("  Name   desc  ", [("Name", True)]),
        (
            "Status desc,Amount,Blocked desc",
            [("Status", True), ("Amount", False), ("Blocked", True)],
        ),
        ("Name, Name desc", [("Name", False), ("Name", True)]),
    ],
)
def test_parse_orderby(text: str, expected: list[tuple[str, bool]]) -> None:
    keys = parse_orderby(text, SPEC)
    assert keys == tuple(OrderKey(field(name), descending) for name, descending in expected)


@pytest.mark.parametrize(
    ("text", "name", "position"),
    [("Foo", "Foo", 0), ("Name, Foo desc", "Foo", 6), ("name", "name", 0), ("Name,asc", "asc", 5)],
)
def test_unknown_property(text: str, name: str, position: int) -> None:
    with pytest.raises(ExactProblem) as caught:
        parse_orderby(text, SPEC)
    assert caught.value.status == 400
    assert caught.value.message == (
        f"No property '{name}' exists in type 'Exact.Web.Api.Models.Thing' at position {position}."
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Name DESC",
        "Name descending",
        "Name desc desc",
        "Name,",
        ",Name",
        "Name Code",
        "Name;",
        "Lines",
        "Lines/Amount",
        "Name/Length",
        "trim(Name)",
        "Name 'x'",
        "'Name'",
        "1",
        "Name asc,,Code",
        "(Name)",
    ],
)
def test_orderby_syntax_errors(text: str) -> None:
    with pytest.raises(ExactProblem) as caught:
        parse_orderby(text, SPEC)
    assert (caught.value.status, caught.value.message) == (400, "Error in query syntax.")


def test_sort_key_orders_like_sql_server() -> None:
    values = ["b", None, "A", "a ", "  z", "C"]
    assert sorted(values, key=sort_key) == [None, "  z", "A", "a ", "b", "C"]
    assert sorted([3, None, 1.5, -2, Decimal("2.5")], key=sort_key) == [
        None,
        -2,
        1.5,
        Decimal("2.5"),
        3,
    ]
    assert sorted([True, None, False], key=sort_key) == [None, False, True]
    dates = [datetime(2024, 2, 1), None, datetime(2024, 1, 1)]
    assert sorted(dates, key=sort_key) == [None, datetime(2024, 1, 1), datetime(2024, 2, 1)]
    assert sorted(values, key=sort_key, reverse=True)[-1] is None  # NULL last in desc


def test_collate() -> None:
    assert collate("  1068  ") == collate("  1068") == "  1068"
    assert collate("1068") != collate("  1068")
    assert collate("Straße") == collate("STRASSE")
    assert sort_key("Exact") == sort_key("EXACT   ")


# --- property test (d): sort_key is a total order consistent with sorting and `eq` -------------

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_infinity=True, allow_nan=True),
    st.decimals(allow_nan=False, places=2, min_value=-5, max_value=5),
    st.text(alphabet="aAbBß s'", max_size=4),
    st.datetimes(),
    st.binary(max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_VALUES, max_size=12))
def test_sort_key_is_a_total_order(values: list[object]) -> None:
    keys = [sort_key(value) for value in values]
    for a, b in itertools.product(keys, repeat=2):
        assert (a < b) + (a == b) + (a > b) == 1  # trichotomy
        if a <= b and b <= a:
            assert a == b  # antisymmetry
    for a, b, c in itertools.product(keys[:6], repeat=3):
        if a <= b and b <= c:
            assert a <= c  # transitivity
    ordered = [sort_key(value) for value in sorted(values, key=sort_key)]
    assert all(x <= y for x, y in itertools.pairwise(ordered))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbBßS s'\t", max_size=5), st.text(alphabet="aAbBßS s'\t", max_size=5))
def test_sort_key_agrees_with_filter_comparisons(a: str, b: str) -> None:
    row = {"Name": a}
    literal = string_literal(b)
    for op, relation in [
        ("eq", sort_key(a) == sort_key(b)),
        ("lt", sort_key(a) < sort_key(b)),
        ("ge", sort_key(a) >= sort_key(b)),
    ]:
        assert parse_filter(f"Name {op} {literal}", SPEC)(row) is relation
