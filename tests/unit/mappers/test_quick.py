"""The quick decoders give what the reference codecs give, shortcut or memo, or raise the same.

Each test feeds the quick decoder and the reference the same wire values, chosen where a
shortcut could go wrong: the hours around the spring gap and the autumn fold, the
Amsterdam offsets of the 1930s and 1940s, the calendar's ends, offsets and signs, odd
digits, GUIDs in either case, floats equal as keys but not as answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.errors import WireFormatError
from exactbridge.mappers._codecs import DAY, INSTANT
from exactbridge.mappers._quick import (
    MEMO_LIMIT,
    NUMBERS,
    day,
    decoded,
    guid,
    number,
    remember,
    utc_instant,
)
from exactbridge.wire import EPOCH, parse_guid, to_decimal


def _same(quick: Callable[[Any], Any], reference: Callable[[Any], Any], wire: Any) -> None:
    """`quick(wire)` equals `reference(wire)`, or both raise the same exception type."""
    try:
        expected = reference(wire)
    except Exception as exc:  # noqa: BLE001 - compared with what the quick one raises
        with pytest.raises(type(exc)):
            quick(wire)
        return
    found = quick(wire)
    assert found == expected
    assert type(found) is type(expected)
    if isinstance(expected, datetime):
        assert found.tzinfo is expected.tzinfo
        assert found.isoformat() == expected.isoformat()


def _wire(local: datetime) -> str:
    delta = local - EPOCH
    return f"/Date({delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000})/"


def _every(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    found = []
    while start < end:
        found.append(start)
        start += step
    return found


# --- instants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day_of_change",
    [
        datetime(2024, 3, 31),  # spring: 02:00-03:00 does not exist
        datetime(2024, 10, 27),  # autumn: 02:00-03:00 happens twice
        datetime(2026, 3, 29),
        datetime(2026, 10, 25),
        datetime(1996, 10, 27),  # the EU rule's first autumn on the last Sunday
        datetime(1977, 4, 3),  # the Netherlands' first summer time since the war
    ],
)
def test_instants_around_a_clock_change_are_the_references(day_of_change: datetime) -> None:
    start, step = day_of_change - timedelta(hours=3), timedelta(minutes=7, milliseconds=433)
    for local in _every(start, start + timedelta(hours=8), step):
        _same(utc_instant, INSTANT.decode, _wire(local))


def test_every_minute_of_the_gap_and_the_fold_hours_and_their_edges() -> None:
    for hour in (datetime(2024, 3, 31, 2), datetime(2024, 10, 27, 2)):
        for local in _every(
            hour - timedelta(minutes=1), hour + timedelta(minutes=61), timedelta(minutes=1)
        ):
            for edge in (timedelta(0), timedelta(milliseconds=1), timedelta(milliseconds=999)):
                _same(utc_instant, INSTANT.decode, _wire(local + edge))
        _same(utc_instant, INSTANT.decode, _wire(hour - timedelta(milliseconds=1)))
        _same(utc_instant, INSTANT.decode, _wire(hour + timedelta(hours=1, milliseconds=-1)))


@pytest.mark.parametrize(
    "local",
    [
        datetime(1900, 6, 1, 12, 30),  # Amsterdam mean time, +00:19:32
        datetime(1937, 6, 30, 23, 59, 59, 999000),  # the change to +00:20
        datetime(1937, 7, 1, 0, 0, 29),
        datetime(1940, 5, 16, 0, 10),  # the change to German time
        datetime(1970, 1, 1),
        datetime(2024, 8, 12, 16, 21, 4, 260000),  # with milliseconds
        datetime(9999, 12, 31, 23, 59, 59, 999000),
    ],
)
def test_instants_of_odd_offsets_and_the_calendars_end_are_the_references(
    local: datetime,
) -> None:
    _same(utc_instant, INSTANT.decode, _wire(local))


@pytest.mark.parametrize(
    "text",
    [
        "/Date(1782396000000+0200)/",  # an offset: UTC plus the offset
        "/Date(1782396000000-0130)/",
        "/Date(-315619200000)/",  # before 1970
        "/Date(-62135596800000)/",  # 0001-01-01: UTC is in year 0
        "/Date(253402300800000)/",  # 10000-01-01: past the calendar
        "/Date(99999999999999999999)/",
        "/Date(1723420800000)/\n",  # the reference's `$` takes a final newline
        "/Date(١٧٢٣٤٢٠٨٠٠٠٠٠)/",  # digits the reference's `\d` takes
        "/Date(+1723420800000)/",
        "/Date()/",
        "/Date(12a)/",
        "2024-08-12",
        "",
    ],
)
def test_other_shapes_of_instants_take_the_references_way(text: str) -> None:
    _same(utc_instant, INSTANT.decode, text)


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_any_millisecond_count_is_the_references(millis: int) -> None:
    _same(utc_instant, INSTANT.decode, f"/Date({millis})/")


def test_a_remembered_instant_is_the_references_again() -> None:
    text = "/Date(1723472960657)/"
    assert utc_instant(text) is utc_instant(text)
    assert utc_instant(text) == INSTANT.decode(text)


# --- days, GUIDs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "/Date(1723420800000)/",
        "/Date(1723420800000)/",  # again, from the memo
        "/Date(1723459200000)/",  # not midnight: the wall-clock date
        "/Date(1723420800000+0100)/",
        "/Date(-315619200000)/",
        "/Date(nope)/",
    ],
)
def test_days_are_the_references(text: str) -> None:
    _same(day, DAY.decode, text)


@pytest.mark.parametrize(
    "text",
    [
        "6aa91ed1-2692-4329-b399-dd5dada9e8f2",
        "D99B2D39-B997-4AC4-9BC3-2BEAB7E2A8DD",  # upper case: lowered by the reference
        "d99b2d39-b997-4ac4-9bc3-2beab7e2a8dg",  # not hex
        "d99b2d39b9974ac49bc32beab7e2a8dd",  # no dashes
        "6aa91ed1-2692-4329-b399-dd5dada9e8f2\n",  # the reference's `$` takes a newline
        "{6aa91ed1-2692-4329-b399-dd5dada9e8f2}",
        "",
    ],
)
def test_guids_are_the_references(text: str) -> None:
    _same(guid, parse_guid, text)


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [1e-07, 1e16, 1e22, 100.0, 0.1, 1 / 3, -300.5, 0.0, -0.0, 5e-324, float("inf"), float("nan")],
)
def test_numbers_are_the_references(value: float) -> None:
    _same(number, to_decimal, value)
    _same(number, to_decimal, value)  # again, from the memo


def test_zeros_are_never_remembered_for_each_other() -> None:
    assert str(number(0.0)) == "0.0"
    assert str(number(-0.0)) == "-0.0"
    assert str(number(0.0)) == "0.0"
    assert 0.0 not in NUMBERS


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_is_the_references(value: float) -> None:
    assert str(number(value)) == str(to_decimal(value))


# --- memos ----------------------------------------------------------------------------------


class _Echo:
    """A codec that tells what it was given (its answer depends on the wire type)."""

    def decode(self, wire: Any) -> Any:
        return f"{type(wire).__name__}:{wire!r}"


@pytest.mark.parametrize("wires", [(1, 1.0, True), (0.0, -0.0), (True, 1)])
def test_decoded_keeps_wire_types_apart(wires: tuple[Any, ...]) -> None:
    memo: dict[tuple[type, Any], Any] = {}
    codec = _Echo()
    for _ in range(2):
        for wire in wires:
            assert decoded(memo, codec.decode, wire) == codec.decode(wire)


def test_decoded_does_not_share_what_a_row_could_change() -> None:
    memo: dict[tuple[type, Any], Any] = {}
    first = decoded(memo, lambda wire: [wire], "x")
    assert decoded(memo, lambda wire: [wire], "x") is not first
    assert not memo
    assert decoded(memo, Decimal, "1.5") == Decimal("1.5")
    assert memo == {(str, "1.5"): Decimal("1.5")}


def test_a_full_memo_starts_afresh() -> None:
    memo: dict[int, int] = {}
    for wire in range(MEMO_LIMIT):
        remember(memo, lambda value: value, wire)
    assert len(memo) == MEMO_LIMIT
    assert remember(memo, lambda value: -value, MEMO_LIMIT) == -MEMO_LIMIT
    assert memo == {MEMO_LIMIT: -MEMO_LIMIT}


def test_a_failing_decode_is_not_remembered() -> None:
    memo: dict[str, Any] = {}
    with pytest.raises(WireFormatError):
        remember(memo, parse_guid, "nope")
    assert not memo
