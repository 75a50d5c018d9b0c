"""Literals, `$filter` expressions and the `Query` builder (sans I/O).

The emulator's own OData parser (a faithful WCF Data Services dialect) serves as the judge
of what we write: every literal must read back as the value it came from, and every filter
must compile against the endpoint's spec.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.client._odata import F, Query, Raw, literal
from exactbridge.emulator.odata.filter import parse_filter
from exactbridge.emulator.odata.literals import parse_literal_list
from exactbridge.errors import ConfigurationError, InvalidQuery
from exactbridge.exact import Edm, find_entity

GUID = "3F1C2A4B-0000-4000-8000-00000000ABCD"

# --- literals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "edm", "expected"),
    [
        (None, None, "null"),
        (None, Edm.GUID, "null"),
        (True, None, "true"),
        (False, Edm.BOOLEAN, "false"),
        ("it's", None, "'it''s'"),
        ("", Edm.STRING, "''"),
        ("                25", None, "'                25'"),
        (GUID, Edm.GUID, "guid'3f1c2a4b-0000-4000-8000-00000000abcd'"),
        (uuid.UUID(GUID), None, "guid'3f1c2a4b-0000-4000-8000-00000000abcd'"),
        (GUID, None, "'3F1C2A4B-0000-4000-8000-00000000ABCD'"),  # untyped: just a string
        (123, Edm.INT64, "123L"),
        ("493115", Edm.INT64, "493115L"),  # Exact sends Int64 as strings
        (123, None, "123"),
        (-8500, Edm.DOUBLE, "-8500"),
        (7, Edm.INT32, "7"),
        (Decimal("1.50"), None, "1.50"),
        (Decimal("1E+3"), Edm.DOUBLE, "1000"),
        (Decimal("-0.00001"), None, "-0.00001"),
        (0.1, None, "0.1"),
        (1e16, None, "10000000000000000"),
        (2.5e-7, Edm.DOUBLE, "0.00000025"),
        (datetime(2024, 1, 31), None, "datetime'2024-01-31T00:00:00'"),
        (date(2024, 1, 31), Edm.DATETIME, "datetime'2024-01-31T00:00:00'"),
        (datetime(2018, 9, 21, 4, 18, 55, 617000), None, "datetime'2018-09-21T04:18:55.617'"),
        # aware values are converted to the Amsterdam wall clock (CET in winter, CEST in summer)
        (datetime(2024, 1, 31, 12, tzinfo=UTC), None, "datetime'2024-01-31T13:00:00'"),
        (datetime(2024, 7, 1, 22, 30, tzinfo=UTC), None, "datetime'2024-07-02T00:30:00'"),
        (
            datetime(2024, 7, 1, 12, tzinfo=timezone(timedelta(hours=-5))),
            Edm.DATETIME,
            "datetime'2024-07-01T19:00:00'",
        ),
        ("2024-08-12", Edm.DATETIME, "datetime'2024-08-12T00:00:00'"),
        (b"\x0a\x1b", None, "X'0A1B'"),
    ],
)
def test_literal(value: object, edm: Edm | None, expected: str) -> None:
    assert literal(value, edm) == expected


@pytest.mark.parametrize(
    ("value", "edm"),
    [
        (float("nan"), None),
        (float("inf"), Edm.DOUBLE),
        (Decimal("NaN"), None),
        ("not-a-guid", Edm.GUID),
        ("12a", Edm.INT64),
        (True, Edm.INT32),
        (1.5, Edm.INT32),
        (5, Edm.STRING),
        ("yes", Edm.BOOLEAN),
        ("31-01-2024", Edm.DATETIME),
        (object(), None),
        ([1, 2], None),
    ],
)
def test_values_without_a_literal_are_refused(value: object, edm: Edm | None) -> None:
    with pytest.raises(InvalidQuery):
        literal(value, edm)


def test_invalid_query_is_a_configuration_error() -> None:
    assert issubclass(InvalidQuery, ConfigurationError)
    assert issubclass(InvalidQuery, ValueError)


def _read_back(text: str) -> object:
    (parsed,) = parse_literal_list(text)
    return parsed.value


@given(st.text())
def test_strings_round_trip_through_an_odata_parser(value: str) -> None:
    assert _read_back(literal(value)) == value
    assert _read_back(literal(value, Edm.STRING)) == value


@given(st.uuids())
def test_guids_round_trip(value: uuid.UUID) -> None:
    assert _read_back(literal(value)) == str(value)
    assert _read_back(literal(str(value).upper(), Edm.GUID)) == str(value)


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_int64_round_trip(value: int) -> None:
    assert _read_back(literal(value, Edm.INT64)) == value
    assert _read_back(literal(str(value), Edm.INT64)) == value


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, max_value=10**12))
def test_decimals_are_plain_numbers(value: Decimal) -> None:
    text = literal(value)
    assert "E" not in text.upper()
    assert Decimal(text) == value
    assert _read_back(text) == pytest.approx(float(value))


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
    )
)
def test_datetimes_round_trip_to_the_millisecond(value: datetime) -> None:
    assert _read_back(literal(value)) == value


# --- filter expressions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (F("Code") == "x", "Code eq 'x'"),
        (F("Name") != "it's", "Name ne 'it''s'"),
        (F("Amount") < 5, "Amount lt 5"),
        (F("Amount") <= Decimal("5.10"), "Amount le 5.10"),
        (F("Amount") > -1, "Amount gt -1"),
        (F("Modified") >= datetime(2024, 1, 31), "Modified ge datetime'2024-01-31T00:00:00'"),
        (F("Email") == None, "Email eq null"),  # noqa: E711 - builds `eq null`
        ((F("A") == 1) & (F("B") == 2), "A eq 1 and B eq 2"),
        ((F("A") == 1) | (F("B") == 2), "A eq 1 or B eq 2"),
        ((F("A") == 1) & ((F("B") == 2) | (F("C") == 3)), "A eq 1 and (B eq 2 or C eq 3)"),
        (((F("A") == 1) & (F("B") == 2)) | (F("C") == 3), "A eq 1 and B eq 2 or C eq 3"),
        (((F("A") == 1) | (F("B") == 2)) & (F("C") == 3), "(A eq 1 or B eq 2) and C eq 3"),
        ((F("A") == 1) & (F("B") == 2) & (F("C") == 3), "A eq 1 and B eq 2 and C eq 3"),
        ((F("A") == 1) | ((F("B") == 2) | (F("C") == 3)), "A eq 1 or B eq 2 or C eq 3"),
        (~(F("A") == 1), "not (A eq 1)"),
        (~((F("A") == 1) & (F("B") == 2)), "not (A eq 1 and B eq 2)"),
        (~(F("A") == 1) & (F("B") == 2), "not (A eq 1) and B eq 2"),
        (~~(F("A") == 1), "not not (A eq 1)"),
        (F("Name").startswith("A"), "startswith(Name,'A')"),
        (F("Name").endswith("'"), "endswith(Name,'''')"),
        (F("Name").substringof("o'k"), "substringof('o''k',Name)"),
        (~F("Name").startswith("A"), "not startswith(Name,'A')"),
        (F("Code").trim() == "1", "trim(Code) eq '1'"),
        (F("Name").tolower().startswith("a"), "startswith(tolower(Name),'a')"),
        (F("Name").trim().length() > 3, "length(trim(Name)) gt 3"),
        ((F("A") == 1) & "B eq 2 or C eq 3", "A eq 1 and (B eq 2 or C eq 3)"),
        ("B eq 2" | (F("A") == 1), "(B eq 2) or A eq 1"),
        (Raw("Status eq 50"), "Status eq 50"),
        (~Raw("A eq 1 or B eq 2"), "not (A eq 1 or B eq 2)"),
    ],
)
def test_filter_text(expr: object, text: str) -> None:
    assert str(expr) == text


def test_python_boolean_operators_are_refused() -> None:
    with pytest.raises(TypeError, match="&"):
        (F("A") == 1) and (F("B") == 2)  # the mistake under test
    with pytest.raises(TypeError):
        1 < F("A") < 3  # noqa: B015 - chained comparisons call bool()


def test_property_versus_property_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="literal"):
        F("A") == F("B")  # noqa: B015


def test_filters_compile_in_an_odata_parser() -> None:
    spec = find_entity("crm/Accounts")
    assert spec is not None
    query = Query("crm/Accounts").where(
        ((F("Name") == "O'Brien") | F("Name").substringof("'t"))
        & ~(F("Blocked") == True)  # noqa: E712 - builds `eq true`
        & (F("Code").trim() == "25")
        & (F("ID") != GUID)
        & (F("Modified") >= datetime(2024, 1, 31, tzinfo=UTC))
    )
    text = query.params()["$filter"]
    assert "guid'3f1c2a4b-0000-4000-8000-00000000abcd'" in text
    assert callable(parse_filter(text, spec))


# --- Query -------------------------------------------------------------------------------


def test_query_params() -> None:
    query = (
        Query("crm/Accounts")
        .select("ID", "Name")
        .where(F("ID") == GUID)
        .orderby("Name", desc=True)
        .orderby("Code")
        .expand("BankAccounts")
        .top(5)
        .inlinecount()
        .skiptoken("guid'x'")
    )
    assert query.params() == {
        "$select": "ID,Name",
        "$filter": "ID eq guid'3f1c2a4b-0000-4000-8000-00000000abcd'",
        "$orderby": "Name desc,Code",
        "$expand": "BankAccounts",
        "$top": "5",
        "$inlinecount": "allpages",
        "$skiptoken": "guid'x'",
    }
    assert query.count_params() == {"$filter": "ID eq guid'3f1c2a4b-0000-4000-8000-00000000abcd'"}
    assert query.count_path == "crm/Accounts/$count"


def test_query_is_immutable() -> None:
    base = Query("crm/Accounts")
    selected = base.select("ID")
    assert base.params() == {}
    assert selected.params() == {"$select": "ID"}
    assert selected.select("ID", "Name").params() == {"$select": "ID,Name"}  # no duplicates
    with pytest.raises(AttributeError):
        base.path = "x"  # type: ignore[misc]


def test_where_twice_joins_with_and() -> None:
    query = Query("crm/Accounts").where((F("Name") == "a") | (F("Blocked") == True))  # noqa: E712
    query = query.where("Code eq '1'")
    assert query.params()["$filter"] == "(Name eq 'a' or Blocked eq true) and (Code eq '1')"


def test_literals_follow_the_property_types() -> None:
    query = Query("sync/CRM/Accounts").where(F("Timestamp") > 5)
    assert query.params()["$filter"] == "Timestamp gt 5L"
    assert Query("crm/Accounts").where(F("ID") == GUID).params()["$filter"].startswith("ID eq guid")
    with pytest.raises(InvalidQuery, match=r"Edm\.Guid"):
        Query("crm/Accounts").where(F("ID") == "nope")
    with pytest.raises(InvalidQuery, match=r"Edm\.String"):
        Query("crm/Accounts").where(F("Name") == 5)


@pytest.mark.parametrize(
    "build",
    [
        lambda q: q.select("Nmae"),
        lambda q: q.select("BankAccounts/Nope"),
        lambda q: q.select("Nope/ID"),
        lambda q: q.where(F("Nmae") == "x"),
        lambda q: q.where(F("BankAccounts") == "x"),
        lambda q: q.where(F("BankAccounts/ID") == "x"),
        lambda q: q.where(F("Nmae").trim() == "x"),
        lambda q: q.orderby("Nmae"),
        lambda q: q.orderby("BankAccounts"),
        lambda q: q.expand("Name"),
        lambda q: q.expand("Lines"),
        lambda q: q.top(-1),
    ],
)
def test_unknown_names_are_refused_before_any_call(build: object) -> None:
    with pytest.raises(InvalidQuery):
        build(Query("crm/Accounts"))  # type: ignore[operator]


def test_navigation_select_after_expand() -> None:
    query = Query("crm/Accounts").expand("BankAccounts").select("ID", "BankAccounts/ID")
    assert query.params()["$select"] == "ID,BankAccounts/ID"


def test_unknown_endpoints_are_not_validated() -> None:
    query = (
        Query("beta/Anything").select("X").where(F("Y") == "3f1c2a4b-0000-4000-8000-000000000000")
    )
    assert query.spec is None
    assert query.params() == {
        "$select": "X",
        "$filter": "Y eq '3f1c2a4b-0000-4000-8000-000000000000'",
    }


def test_bulk_defaults_select_to_every_field() -> None:
    spec = find_entity("bulk/CRM/Accounts")
    assert spec is not None
    params = Query("bulk/CRM/Accounts").params()
    assert params["$select"].split(",") == [f.name for f in spec.fields]
    assert Query("bulk/CRM/Accounts").select("ID").params()["$select"] == "ID"
    with pytest.raises(InvalidQuery, match=r"\*"):
        Query("bulk/CRM/Accounts").select("*")
    assert Query("crm/Accounts").select("*").params() == {"$select": "*"}


def test_sync_queries() -> None:
    spec = find_entity("sync/CRM/Accounts")
    assert spec is not None
    assert Query("sync/CRM/Accounts").params()["$select"].split(",") == [
        f.name for f in spec.fields
    ]
    query = Query("sync/CRM/Accounts").select("ID", "Name").since(17)
    assert query.params() == {"$select": "Timestamp,ID,Name", "$filter": "Timestamp gt 17L"}
    assert query.since("90071992547409931").params()["$filter"] == "Timestamp gt 90071992547409931L"
    assert Query("sync/Deleted").since(1).params()["$filter"] == "Timestamp gt 1L"
    assert (
        Query("sync/CRM/Accounts").where("Timestamp ge 5L").params()["$filter"] == "Timestamp ge 5L"
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda q: q.where(F("Name") == "x"),
        lambda q: q.where("Name eq 'x'"),
        lambda q: q.where(F("Timestamp") < 5),
        lambda q: q.since(1).where(F("Timestamp") > 5),
        lambda q: q.orderby("Timestamp"),
        lambda q: q.inlinecount(),
        lambda q: q.since("abc"),
    ],
)
def test_sync_endpoints_refuse_what_exact_refuses(build: object) -> None:
    with pytest.raises(InvalidQuery):
        build(Query("sync/CRM/Accounts"))  # type: ignore[operator]


def test_since_needs_a_timestamp_endpoint() -> None:
    with pytest.raises(InvalidQuery, match="Timestamp"):
        Query("crm/Accounts").since(1)
