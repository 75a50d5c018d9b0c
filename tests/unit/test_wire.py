"""The wire codec: Exact's dates in Amsterdam wall-clock time, GUIDs, numbers, padded codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.errors import WireFormatError
from exactbridge.wire import (
    datetime_literal,
    decimal_to_wire,
    decode_datetime,
    encode_datetime,
    local_to_utc,
    pad_left,
    pad_right,
    parse_guid,
    parse_local_datetime,
    string_literal,
    to_decimal,
    utc_to_local,
)


def test_a_date_is_midnight_as_if_utc() -> None:
    # Exact answers 2024-08-12 as /Date(1723420800000)/ (recorded on a real division)
    assert encode_datetime(date(2024, 8, 12)) == "/Date(1723420800000)/"
    assert decode_datetime("/Date(1723420800000)/") == datetime(2024, 8, 12)


def test_wire_number_is_local_wall_clock_time() -> None:
    # recorded: Created /Date(1782404464260)/ while the HTTP Date said 14:21:04 GMT (CEST)
    local = decode_datetime("/Date(1782404464260)/")
    assert local == datetime(2026, 6, 25, 16, 21, 4, 260000)
    assert local_to_utc(local) == datetime(2026, 6, 25, 14, 21, 4, 260000, tzinfo=UTC)


def test_aware_instants_are_converted_to_amsterdam_time_before_encoding() -> None:
    winter = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # CET, +1
    assert decode_datetime(encode_datetime(winter)) == datetime(2026, 1, 15, 13, 0)
    summer = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)  # CEST, +2
    assert decode_datetime(encode_datetime(summer)) == datetime(2026, 7, 15, 14, 0)


def test_offset_suffix_means_utc_plus_offset() -> None:
    assert decode_datetime("/Date(1782396000000+0200)/") == datetime(2026, 6, 25, 16, 0)


def test_dates_before_1970_are_negative() -> None:
    assert encode_datetime(date(1960, 1, 1)) == "/Date(-315619200000)/"
    assert decode_datetime("/Date(-315619200000)/") == datetime(1960, 1, 1)


@pytest.mark.parametrize("text", ["", "/Date()/", "Date(1)", "/Date(12a)/", "2024-01-01"])
def test_bad_dates_raise_wire_format_error(text: str) -> None:
    with pytest.raises(WireFormatError):
        decode_datetime(text)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_encode_decode_round_trips_to_the_millisecond(value: datetime) -> None:
    expected = value.replace(microsecond=value.microsecond // 1000 * 1000)
    assert decode_datetime(encode_datetime(value)) == expected


@given(
    st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_utc_local_round_trip(instant: datetime) -> None:
    local = utc_to_local(instant)
    # Wall-clock time cannot tell the autumn hour's two occurrences apart; the first is taken.
    if local.fold == 1:
        assert local_to_utc(local) == instant - timedelta(hours=1)
    else:
        assert local_to_utc(local) == instant


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-12", datetime(2024, 8, 12)),
        ("2024-08-12T10:00", datetime(2024, 8, 12, 10)),
        ("2024-08-12T10:00:05.617", datetime(2024, 8, 12, 10, 0, 5, 617000)),
        ("2024-08-12T08:00:00Z", datetime(2024, 8, 12, 10)),
        ("2024-01-12T08:00:00+00:00", datetime(2024, 1, 12, 9)),
    ],
)
def test_iso_request_values(text: str, expected: datetime) -> None:
    assert parse_local_datetime(text) == expected


def test_invalid_calendar_dates_are_refused() -> None:
    with pytest.raises(WireFormatError):
        parse_local_datetime("2024-02-30")


def test_guids_are_lower_case_and_checked() -> None:
    assert (
        parse_guid("3C12C283-56A0-44B0-97BB-AB4849D19EF9") == "3c12c283-56a0-44b0-97bb-ab4849d19ef9"
    )
    with pytest.raises(WireFormatError):
        parse_guid("12")


def test_money_never_goes_through_binary_floats() -> None:
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(1) == Decimal(1)
    assert decimal_to_wire(Decimal("12.50")) == 12.5
    assert decimal_to_wire(Decimal("12.00")) == 12
    with pytest.raises(WireFormatError):
        to_decimal(True)
    with pytest.raises(WireFormatError):
        to_decimal("nan")


def test_padded_codes() -> None:
    assert pad_right("1068", 18) == "              1068"
    assert pad_left("NL", 3) == "NL "
    assert pad_right("  1068", 18) == pad_right("1068", 18)


def test_odata_literals() -> None:
    assert (
        datetime_literal(datetime(2018, 9, 21, 4, 18, 55, 617000))
        == "datetime'2018-09-21T04:18:55.617'"
    )
    assert (
        datetime_literal(datetime(2024, 9, 9, 12, 40, 29, 900000))
        == "datetime'2024-09-09T12:40:29.9'"
    )
    assert datetime_literal(datetime(2024, 9, 9, 12, 40, 29)) == "datetime'2024-09-09T12:40:29'"
    assert string_literal("it's") == "'it''s'"
