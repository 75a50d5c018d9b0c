"""Compiled maps write what `from_exact(...).model_dump_json()` writes, or decline.

Every mapper family's hand-written row (the conformance suite's) is read both ways as it
is, and with each mapped property absent, null, empty, padded or of another JSON type;
then the cases a shortcut could get wrong, one by one: clock changes, milliseconds, dates,
offsets, exponents, integral and negative-zero doubles, Int64 as text, GUIDs in upper
case or broken, unknown codes, a bad currency, a missing required field, lines out of
order or without numbers, a deferred navigation. Finally, rows of random values.

An outcome is `fast` (the compiled reader wrote the reference's bytes), `refused` (both
raised) or `declined` (the compiled reader raised where the reference maps the row: the
sync then maps it the reference way). The compiled reader never writes other bytes than the
reference, and never maps a row the reference refuses.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any, Final, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.unit.mappers as mapper_tests
from exactbridge.mappers import CUSTOMER_MAP, JOURNAL_ENTRY_MAP, TRANSACTION_MAP, ResourceMap
from exactbridge.mappers._compiled import compile_map
from exactbridge.mappers._shapes import record_json
from tests.unit.mappers.conformance import Family, MapperConformance
from tests.unit.mappers.test_entries import TRANSACTION_LINE_ROW, TRANSACTION_ROW
from tests.unit.mappers.test_parties import ACCOUNT_ROW

Outcome = Literal["fast", "declined", "refused"]

DIVISION: Final = 124132
NOT_COMPILED: Final = frozenset({"Attachment", "VendorCredit"})
"""Models of the maps left to pydantic: an attachment's content is bytes (base64 in JSON), a
vendor credit has an after-validator."""


def _families() -> list[Family]:
    found = []
    for module in pkgutil.iter_modules(mapper_tests.__path__):
        if module.name.startswith("test_"):
            namespace = vars(importlib.import_module(f"{mapper_tests.__name__}.{module.name}"))
            found += [
                value.family
                for value in namespace.values()
                if isinstance(value, type)
                and issubclass(value, MapperConformance)
                and "family" in vars(value)
            ]
    return found


FAMILIES: Final = _families()
COMPILED: Final = [f for f in FAMILIES if compile_map(f.rmap) is not None]


def _name(family: Family) -> str:
    return f"{family.rmap.spec.path}:{family.rmap.model.__name__}"


def outcome(rmap: ResourceMap[Any], row: Mapping[str, Any], *, prefix: str = "") -> Outcome:
    """Read `row` both ways; fail if the compiled reader differs from the reference."""
    compiled = compile_map(rmap, id_prefix=prefix)
    assert compiled is not None
    try:
        record = rmap.from_exact(row, division=DIVISION)
    except Exception:  # noqa: BLE001 - the reference refuses: so must the compiled reader
        with pytest.raises(Exception):  # noqa: B017 - any: the sync then asks pydantic
            compiled.read(row, DIVISION)
        return "refused"
    if prefix and not record.id.startswith(prefix):
        record = record.model_copy(update={"id": prefix + record.id})
    try:
        written = record_json(compiled.read(row, DIVISION))
    except Exception:  # noqa: BLE001 - allowed: the pydantic path maps the row
        return "declined"
    assert written == record.model_dump_json().encode()
    return "fast"


def _with(row: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(dict(row))
    for name, value in changes.items():
        if value is _ABSENT:
            changed.pop(name, None)
        else:
            changed[name] = value
    return changed


_ABSENT: Final[Any] = object()


# --- every family, every property ---------------------------------------------------------


def test_every_map_of_a_read_source_compiles_but_the_known_few() -> None:
    left = {f.rmap.model.__name__ for f in FAMILIES if compile_map(f.rmap) is None}
    assert left == NOT_COMPILED
    assert compile_map(TRANSACTION_MAP) is not None and compile_map(JOURNAL_ENTRY_MAP) is not None


@pytest.mark.parametrize("family", COMPILED, ids=_name)
def test_each_familys_row_reads_as_the_reference_reads_it(family: Family) -> None:
    assert outcome(family.rmap, family.row) == "fast"


_VARIANTS: Final = (_ABSENT, None, "", "   ", 0, 1, -1, True, False, 1.5, -0.0, "123", "x")


@pytest.mark.parametrize("family", COMPILED, ids=_name)
def test_each_property_absent_null_empty_or_of_another_type(family: Family) -> None:
    rmap = family.rmap
    properties = {fmap.exact for fmap in rmap.fields} | {"Created", "Modified", rmap.spec.key}
    for name in sorted(properties):
        original = family.row.get(name)
        variants = (*_VARIANTS, f"  {original}  ") if isinstance(original, str) else _VARIANTS
        for variant in variants:
            found = outcome(rmap, _with(family.row, **{name: variant}))
            if variant in (_ABSENT, None, ""):  # the shapes Exact sends: never declined
                assert found != "declined", (name, variant)


@pytest.mark.parametrize("family", [f for f in COMPILED if f.rmap.lines is not None], ids=_name)
def test_each_line_property_absent_null_empty_or_of_another_type(family: Family) -> None:
    rmap, lines = family.rmap, family.rmap.lines
    assert lines is not None
    for fmap in lines.fields:
        for variant in _VARIANTS:
            row = copy.deepcopy(dict(family.row))
            line = row[lines.exact]["results"][0]
            if variant is _ABSENT:
                line.pop(fmap.exact, None)
            else:
                line[fmap.exact] = variant
            found = outcome(rmap, row)
            if variant in (_ABSENT, None, ""):
                assert found != "declined", (fmap.exact, variant)


# --- the cases a shortcut could get wrong --------------------------------------------------


@pytest.mark.parametrize(
    "stamp",
    [
        "/Date(1711846800000)/",  # 2024-03-31 01:00 CET, the hour before the gap
        "/Date(1711850400000)/",  # 02:00, which does not exist: moved forward by the gap
        "/Date(1711852199999)/",  # 02:29:59.999
        "/Date(1711854000000)/",  # 03:00 CEST
        "/Date(1729990800000)/",  # 2024-10-27 01:00 CEST
        "/Date(1729994400000)/",  # 02:00, which happens twice: the first (summer) one
        "/Date(1729997999999)/",  # 02:59:59.999
        "/Date(1729998000000)/",  # 03:00 CET
        "/Date(1723472960657)/",  # milliseconds
        "/Date(1723472960657+0200)/",  # an offset
        "/Date(-315619200000)/",  # before 1970
    ],
)
def test_instants_across_clock_changes_with_milliseconds_and_offsets(stamp: str) -> None:
    row = _with(TRANSACTION_LINE_ROW, Created=stamp, Modified=stamp, Date=stamp, DueDate=stamp)
    assert outcome(TRANSACTION_MAP, row) == "fast"


@pytest.mark.parametrize("amount", [1e-07, 1e16, 1e22, 300.0, -300, 0.0, -0.0, 0.1 + 0.2, 5e-324])
def test_doubles_with_exponents_integral_and_negative_zero(amount: float) -> None:
    row = _with(TRANSACTION_LINE_ROW, AmountDC=amount, AmountFC=amount, Quantity=amount)
    assert outcome(TRANSACTION_MAP, row) == "fast"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("EntryNumber", "24700001", "fast"),  # Int64 as text
        ("EntryNumber", " 24700001 ", "fast"),  # int() takes the spaces
        ("EntryNumber", "24,7", "refused"),
        ("VATCode", "VB ", "fast"),  # padded
        ("AccountCode", "      ", "fast"),  # padding only: None
        ("Description", "", "fast"),
        ("JournalCode", 70, "fast"),  # a number where text is expected: str()
        ("GLAccount", "6AA91ED1-2692-4329-B399-DD5DADA9E8F2", "fast"),  # upper case
        ("GLAccount", "6aa91ed1-2692-4329-b399-dd5dada9e8fz", "refused"),
        ("GLAccount", "", "fast"),
        ("ID", "F1A41B78-767C-4F67-8EA9-C2B4FB3A8247", "fast"),
        ("ID", "not a guid", "refused"),
        ("ID", None, "refused"),
        ("Status", 99, "refused"),  # an unknown code
        ("Status", "20", "refused"),  # the right code, the wrong JSON type
        ("Type", 175, "fast"),  # a type code without a unified type
        ("Currency", "eur", "refused"),  # not an ISO code
        ("Currency", "EURO", "refused"),
        ("Currency", " EUR ", "fast"),  # trimmed first
        ("Date", "2024-08-12", "refused"),
    ],
)
def test_transaction_line_values(name: str, value: Any, expected: Outcome) -> None:
    assert outcome(TRANSACTION_MAP, _with(TRANSACTION_LINE_ROW, **{name: value})) == expected


def test_a_missing_required_field_is_refused_both_ways() -> None:
    assert outcome(CUSTOMER_MAP, _with(ACCOUNT_ROW, Name=_ABSENT)) == "refused"
    assert outcome(CUSTOMER_MAP, _with(ACCOUNT_ROW, Name="")) == "refused"
    assert outcome(JOURNAL_ENTRY_MAP, _with(TRANSACTION_ROW, JournalCode="  ")) == "refused"


def _lines(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = row["TransactionLines"]["results"]
    return results


def test_lines_out_of_order_and_without_line_numbers() -> None:
    row = copy.deepcopy(TRANSACTION_ROW)
    lines = _lines(row)
    lines.reverse()
    assert outcome(JOURNAL_ENTRY_MAP, row) == "fast"
    lines[0].pop("LineNumber")
    lines[1]["LineNumber"] = None
    assert outcome(JOURNAL_ENTRY_MAP, row) == "fast"
    lines[2]["LineNumber"] = lines[-1].get("LineNumber", 0)  # a tie: the sort is stable
    assert outcome(JOURNAL_ENTRY_MAP, row) == "fast"
    lines[0]["LineNumber"] = "2"  # text among numbers: the sort fails both ways
    assert outcome(JOURNAL_ENTRY_MAP, row) == "refused"


@pytest.mark.parametrize(
    "navigation",
    [
        {"__deferred": {"uri": "https://start.exactonline.nl/api/v1/1/TransactionLines"}},
        {"results": []},
        [],
        None,
        _ABSENT,
    ],
)
def test_deferred_empty_or_absent_lines(navigation: Any) -> None:
    assert outcome(JOURNAL_ENTRY_MAP, _with(TRANSACTION_ROW, TransactionLines=navigation)) == "fast"


def test_undated_lines_are_dated_by_the_entry_as_the_model_does() -> None:
    row = copy.deepcopy(TRANSACTION_ROW)
    for line in _lines(row):
        line["Date"] = None
    assert outcome(JOURNAL_ENTRY_MAP, row) in ("fast", "declined")
    row["Date"] = None
    assert outcome(JOURNAL_ENTRY_MAP, row) == "fast"


def test_an_id_prefix_is_put_before_a_bare_id_only() -> None:
    assert outcome(TRANSACTION_MAP, TRANSACTION_LINE_ROW, prefix="line-") == "fast"
    prefixed = _with(TRANSACTION_LINE_ROW, ID="f1a41b78-767c-4f67-8ea9-c2b4fb3a8247")
    assert outcome(TRANSACTION_MAP, prefixed, prefix="f1a41b78-") == "fast"


# --- random rows ----------------------------------------------------------------------------

_WIRE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["", "  ", "EUR", " 70 ", "VB ", "6AA91ED1-2692-4329-B399-DD5DADA9E8F2"]),
    st.integers(min_value=-(10**13), max_value=10**13).map(lambda ms: f"/Date({ms})/"),
    st.sampled_from([5, 20, 50, 10, 90, 175, 1]),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(TRANSACTION_LINE_ROW)), _WIRE, max_size=8))
def test_random_transaction_lines(changes: dict[str, Any]) -> None:
    outcome(TRANSACTION_MAP, {**TRANSACTION_LINE_ROW, **changes})


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(TRANSACTION_ROW)), _WIRE, max_size=4),
    st.lists(st.dictionaries(st.sampled_from(sorted(TRANSACTION_LINE_ROW)), _WIRE, max_size=5)),
)
def test_random_journal_entries(changes: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    row = {**copy.deepcopy(TRANSACTION_ROW), **changes}
    if "TransactionLines" not in changes:
        results = _lines(row)
        for line, line_changes in zip(results, lines, strict=False):
            line.update(line_changes)
    outcome(JOURNAL_ENTRY_MAP, row)
