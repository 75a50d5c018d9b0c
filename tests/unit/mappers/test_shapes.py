"""Model shapes and finishers: what the fast path understands of a model, and that a
finisher writes what `model_validate(values).model_dump_json()` writes, or declines.

Made-up models show each rule: what is left to pydantic, the order of before-validators,
what a validator may return, defaults, value objects; `record_json` is held to pydantic's
JSON for every character, instants, dates and money.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, ValidationError, field_validator, model_validator

from exactbridge.mappers._finish import finisher_of
from exactbridge.mappers._shapes import Declined, record_json, shape_of
from exactbridge.model import (
    CurrencyCode,
    Customer,
    JournalEntry,
    LineItem,
    Money,
    PartyStatus,
    UnifiedModel,
    UnifiedRecord,
    UtcDatetime,
)

CALLS: list[str] = []


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Spot(UnifiedModel):
    x: int | None = None
    label: str = "origin"


class Thing(UnifiedRecord):
    name: str
    colour: Colour | None = None
    price: Money | None = None
    day: date | None = None
    seen: UtcDatetime | None = None
    code: CurrencyCode | None = None
    short: str | None = Field(default=None, max_length=3)
    spot: Spot = Field(default_factory=Spot)
    flag: bool = False

    @model_validator(mode="before")
    @classmethod
    def _first(cls, data: Any) -> Any:
        CALLS.append("first")
        return data

    @model_validator(mode="before")
    @classmethod
    def _second(cls, data: Any) -> Any:
        CALLS.append("second")
        if isinstance(data, dict) and data.get("name") == "derive":
            return {**data, "colour": Colour.BLUE, "price": Decimal("2.50")}
        if isinstance(data, dict) and data.get("name") == "in place":
            data["flag"] = True
        if isinstance(data, dict) and data.get("name") == "extra":
            return {**data, "unknown": 1}
        if isinstance(data, dict) and data.get("name") == "text colour":
            return {**data, "colour": "red"}  # pydantic makes it a Colour: declined
        return data


def _values(**fields: Any) -> dict[str, Any]:
    return {"id": "t1", "division": 7, "created_at": None, "modified_at": None, **fields}


def _finished(model: type[UnifiedModel], values: dict[str, Any]) -> bytes:
    finish = finisher_of(model)
    assert finish is not None
    return record_json(finish(values))


def _same(model: type[UnifiedModel], values: dict[str, Any]) -> None:
    expected = model.model_validate(dict(values)).model_dump_json().encode()
    assert _finished(model, values) == expected


# --- what a finisher writes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "plain"},
        {
            "name": "all",
            "colour": Colour.RED,
            "price": Decimal("1E+3"),
            "day": date(999, 1, 2),
            "seen": datetime(2024, 3, 31, 1, 30, 0, 123000, tzinfo=UTC),
            "code": "EUR",
            "short": "abc",
            "spot": {"x": 3},
            "flag": True,
        },
        {"name": "derive"},
        {"name": "in place"},
        {"name": "offset", "seen": datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))},
        {"name": "money", "price": Decimal("-0.000")},
    ],
    ids=lambda fields: fields["name"],
)
def test_a_finisher_writes_what_pydantic_writes(fields: dict[str, Any]) -> None:
    _same(Thing, _values(**fields))


def test_before_validators_run_in_pydantics_order() -> None:
    CALLS.clear()
    Thing.model_validate(_values(name="order"))
    expected = list(CALLS)
    CALLS.clear()
    _finished(Thing, _values(name="order"))
    assert CALLS == expected == ["second", "first"]


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "extra"},  # a validator adds a key the model lacks
        {"name": "text colour"},  # a validator gives a value pydantic converts
        {"colour": Colour.RED},  # a required field missing
        {"name": "bad", "code": "eur"},  # a pattern refused
        {"name": "bad", "short": "abcd"},  # a length refused
        {"name": "bad", "price": Decimal("NaN")},
        {"name": "bad", "seen": datetime(2024, 1, 1)},  # naive
        {"name": "bad", "day": datetime(2024, 1, 1)},  # a datetime for a date
        {"name": "bad", "flag": 1},  # an int for a bool
        {"name": "bad", "spot": {"x": "3"}},  # text for an int, in a value object
        {"name": "bad", "spot": {"y": 3}},  # an unknown field of a value object
        {"name": "bad", "custom_fields": {"a": 1}},
    ],
)
def test_a_finisher_declines_what_pydantic_refuses_or_converts(fields: dict[str, Any]) -> None:
    with pytest.raises(Declined):
        _finished(Thing, _values(**fields))


def test_a_value_object_left_out_is_written_as_its_default() -> None:
    _same(Thing, _values(name="default spot"))
    assert b'"spot":{"x":null,"label":"origin"}' in _finished(Thing, _values(name="d"))


def test_real_models_with_lines_and_value_objects() -> None:
    line = {"id": "l1", "amount": Decimal("12.50"), "date": date(2024, 8, 12)}
    undated = {"id": "l2", "amount": Decimal("-12.5")}  # dated by the entry's validator
    values = _values(journal_code="90", date=date(2024, 8, 13), line_items=[line, undated])
    _same(JournalEntry, values)
    _same(Customer, _values(name="Acme", status=PartyStatus.ACTIVE, address={"city": "Utrecht"}))


# --- what is left to pydantic ------------------------------------------------------------------


class _After(UnifiedRecord):
    @model_validator(mode="after")
    def _check(self) -> _After:
        return self


class _FieldValidated(UnifiedRecord):
    name: str

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


class _Aliased(UnifiedRecord):
    name: str = Field(alias="Name")


class _Floating(UnifiedRecord):
    rate: float


class _Listed(UnifiedRecord):
    tags: list[str]


class _Literal(UnifiedRecord):
    kind: Literal["a", "b"]


class _Line(LineItem):
    @model_validator(mode="before")
    @classmethod
    def _touch(cls, data: Any) -> Any:
        return data


class _WithValidatedLines(UnifiedRecord):
    line_items: list[_Line] | None = None


@pytest.mark.parametrize(
    "model",
    [_After, _FieldValidated, _Aliased, _Floating, _Listed, _Literal, _WithValidatedLines],
)
def test_models_the_fast_path_does_not_understand_are_left_to_pydantic(
    model: type[UnifiedRecord],
) -> None:
    assert shape_of(model) is None
    assert finisher_of(model) is None


def test_a_model_it_understands_has_a_shape_per_field() -> None:
    shape = shape_of(Thing)
    assert shape is not None
    assert [f.name for f in shape.fields] == list(Thing.model_fields)
    kinds = {f.name: f.kind for f in shape.fields}
    assert kinds["price"] == "money" and kinds["seen"] == "instant" and kinds["spot"] == "nested"
    assert kinds["code"] == kinds["short"] == "constrained"


# --- JSON as pydantic writes it -----------------------------------------------------------------


class _Text(UnifiedModel):
    text: str


def test_every_character_is_escaped_as_pydantic_escapes_it() -> None:
    text = "".join(chr(point) for point in range(0x10000) if not 0xD800 <= point < 0xE000)
    text += "\U0001f600\U0010ffff"
    assert record_json({"text": text}) == _Text(text=text).model_dump_json().encode()


class _Stamped(UnifiedModel):
    seen: UtcDatetime
    day: date
    price: Money


@given(
    st.datetimes(timezones=st.just(UTC)),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False),
)
def test_instants_dates_and_money_are_written_as_pydantic_writes_them(
    seen: datetime, day: date, price: Decimal
) -> None:
    finish = finisher_of(_Stamped, checked=True)
    assert finish is not None
    values = {"seen": seen, "day": day, "price": price}
    assert record_json(finish(values)) == _Stamped(**values).model_dump_json().encode()


def test_pydantic_refuses_what_the_finisher_declines() -> None:
    with pytest.raises(ValidationError):
        Thing.model_validate(_values(name="extra"))
