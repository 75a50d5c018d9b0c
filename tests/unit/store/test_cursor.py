"""Page cursors: opaque, round-trip their key, and belong to one query only."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta, timezone

import orjson
import pytest

from exactbridge.errors import InvalidCursor, InvalidQuery
from exactbridge.store._cursor import CursorKey, decode_cursor, encode_cursor
from exactbridge.store.records import RecordQuery

QUERY = RecordQuery("c1", 101, "invoices", status="open", date_from=date(2026, 1, 1))
KEY = CursorKey(datetime(2026, 6, 25, 14, 0, 0, 123456, tzinfo=UTC), "4f1c-guid")


def test_a_cursor_round_trips_its_key_for_its_query() -> None:
    cursor = encode_cursor(QUERY.fingerprint(), KEY)
    assert decode_cursor(cursor, QUERY.fingerprint()) == KEY
    assert "=" not in cursor and "+" not in cursor and "/" not in cursor  # URL-safe as is


def test_the_key_is_kept_in_utc_whatever_zone_it_came_in() -> None:
    amsterdam = KEY.modified_at.astimezone(timezone(timedelta(hours=2)))
    cursor = encode_cursor(QUERY.fingerprint(), CursorKey(amsterdam, KEY.id))
    decoded = decode_cursor(cursor, QUERY.fingerprint())
    assert decoded.modified_at == KEY.modified_at and decoded.modified_at.utcoffset() == timedelta(
        0
    )


@pytest.mark.parametrize(
    "other",
    [
        RecordQuery("c1", 101, "invoices", status="paid", date_from=date(2026, 1, 1)),
        RecordQuery("c1", 101, "invoices", status="open"),
        RecordQuery("c1", 102, "invoices", status="open", date_from=date(2026, 1, 1)),
        RecordQuery("c2", 101, "invoices", status="open", date_from=date(2026, 1, 1)),
        RecordQuery("c1", 101, "bills", status="open", date_from=date(2026, 1, 1)),
        RecordQuery(
            "c1", 101, "invoices", status="open", date_from=date(2026, 1, 1), include_deleted=True
        ),
        RecordQuery(
            "c1",
            101,
            "invoices",
            status="open",
            date_from=date(2026, 1, 1),
            modified_since=datetime(2026, 1, 1, tzinfo=UTC),
        ),
    ],
)
def test_a_cursor_is_refused_for_any_other_query(other: RecordQuery) -> None:
    cursor = encode_cursor(QUERY.fingerprint(), KEY)
    with pytest.raises(InvalidCursor, match="another query"):
        decode_cursor(cursor, other.fingerprint())


def test_equal_queries_share_a_fingerprint_and_instants_compare_by_moment() -> None:
    since = datetime(2026, 1, 1, 12, tzinfo=UTC)
    same_moment = since.astimezone(timezone(timedelta(hours=1)))
    first = RecordQuery("c1", 101, "invoices", modified_since=since)
    second = RecordQuery("c1", 101, "invoices", modified_since=same_moment)
    assert first.fingerprint() == second.fingerprint()
    assert first.fingerprint() != RecordQuery("c1", 101, "invoices").fingerprint()


def _forge(document: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(document)).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        "",
        _forge(["a", "list"]),
        _forge({"v": 1, "q": QUERY.fingerprint(), "m": "yesterday", "i": "x"}),
        _forge({"v": 1, "q": QUERY.fingerprint(), "m": "2026-06-25T14:00:00", "i": "x"}),
        _forge({"v": 1, "q": QUERY.fingerprint(), "i": "x"}),
    ],
)
def test_malformed_cursors_are_refused_as_invalid_queries(cursor: str) -> None:
    with pytest.raises(InvalidCursor, match="malformed") as refused:
        decode_cursor(cursor, QUERY.fingerprint())
    assert isinstance(refused.value, InvalidQuery)  # the API answers 400 for both


def test_a_cursor_of_another_version_is_refused() -> None:
    forged = _forge({"v": 2, "q": QUERY.fingerprint(), "m": KEY.modified_at.isoformat(), "i": "x"})
    with pytest.raises(InvalidCursor, match="another version"):
        decode_cursor(forged, QUERY.fingerprint())
