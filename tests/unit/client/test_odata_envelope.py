"""Envelope parsing: every shape Exact answers with (facts 4.2), and every real recording."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from exactbridge.client._odata import Envelope, parse_count, parse_envelope, peek_next
from exactbridge.errors import WireFormatError

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = Path(__file__).parents[4] / "shared" / "reference" / "exact-recorded"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_results_page_with_next_and_count() -> None:
    envelope = parse_envelope(fixture("results_page.json"))
    assert len(envelope.rows) == 2
    assert envelope.count == 3
    assert envelope.single is False
    assert envelope.next_url is not None
    assert envelope.next_url.endswith("$skiptoken=guid'0a0b0c0d-0000-4000-8000-000000000002'")
    first, _ = envelope.rows
    assert first["__metadata"]["type"] == "Exact.Web.Api.Models.Account"  # kept on the row
    assert first["Code"] == "                 1"  # padding is the decoder's business
    assert first["Name"] == "Bakkerij 't Hoekje"
    assert first["Email"] is None
    assert "__deferred" in first["BankAccounts"]


def test_numbers_are_lossless_and_int64_strings_stay_strings() -> None:
    first, second = parse_envelope(fixture("results_page.json")).rows
    # Edm.Double is an IEEE double at Exact too: the float holds exactly what Exact held,
    # and its shortest repr is the text Exact wrote (the typed models make Decimals of it)
    assert first["Discount"] == 0.055 and repr(first["Discount"]) == "0.055"
    assert Decimal(repr(first["CreditLinePurchase"])) == Decimal("1500.10")
    assert Decimal(repr(second["CreditLinePurchase"])) == Decimal("12345678901234.25")
    assert second["Discount"] == 0
    assert isinstance(second["Discount"], int)
    assert second["Hid"] == "9223372036854775807"
    assert second["Modified"] == "/Date(1723420800000+0200)/"


def test_bare_array() -> None:
    envelope = parse_envelope(fixture("bare_array.json"))
    assert [row["Code"] for row in envelope.rows] == ["2  ", "1  ", "0  "]
    assert envelope == Envelope(rows=envelope.rows, next_url=None, count=None, single=False)


def test_single_entity_with_expanded_lines() -> None:
    envelope = parse_envelope(fixture("single_entity.json"), status=201)
    assert envelope.single is True
    assert len(envelope.rows) == 1
    (row,) = envelope.rows
    assert row["InvoiceNumber"] == 24700001
    # an expanded navigation carries `results` too; it must stay a nested collection
    assert row["SalesInvoiceLines"]["results"][0]["VATAmountDC"] == Decimal("21.0")
    assert envelope.next_url is None


def test_current_me_is_a_one_row_collection() -> None:
    envelope = parse_envelope(fixture("me_collection.json"))
    assert envelope.single is False
    assert envelope.rows[0]["CurrentDivision"] == 1001


def test_function_result_is_single() -> None:
    envelope = parse_envelope(fixture("function_result.json").decode())
    assert envelope == Envelope(rows=[{"UserHasRights": True}], single=True)


def test_sync_page() -> None:
    envelope = parse_envelope(fixture("sync_page.json"))
    assert [row["Timestamp"] for row in envelope.rows] == ["90071992547409930", "90071992547409931"]
    assert envelope.next_url is not None
    assert envelope.next_url.endswith("$skiptoken=90071992547409931L")


@pytest.mark.parametrize(
    ("body", "status"), [(b"", 204), (b"", 200), (b"  \r\n", 200), (b"ignored", 204), ("", 204)]
)
def test_no_content(body: bytes | str, status: int) -> None:
    assert parse_envelope(body, status=status) == Envelope(rows=[])


@pytest.mark.parametrize("count", [b"520", b"520\r\n", "\ufeff0", " 7 "])
def test_count(count: bytes | str) -> None:
    expected = int(count.strip().lstrip("\ufeff") if isinstance(count, str) else count.strip())
    assert parse_count(count) == expected


def test_count_fixture() -> None:
    assert parse_count(fixture("count.txt")) == 520


@pytest.mark.parametrize("text", ["", "-1", "1.0", "abc", '{"d": 1}', "١٢"])
def test_count_rejects_non_integers(text: str) -> None:
    with pytest.raises(WireFormatError, match=r"\$count"):
        parse_count(text)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>Object moved</body></html>", "not JSON"),
        (b'{"d": {"results": [1, 2]}}', "row is not an object"),
        (b'{"d": [{"ID": 1}, "x"]}', "row is not an object"),
        (b'{"d": "text"}', "neither an object nor a list"),
        (b'{"results": []}', 'no "d"'),
        (b"[1, 2]", 'no "d"'),
        (b'{"d": {"results": [], "__count": "many"}}', "__count"),
        (b'{"d": {"results": [], "__count": -1}}', "__count"),
        (b'{"d": {"results": [], "__next": 5}}', "__next"),
        (b'{"error": {"code": "", "message": {"lang": "", "value": "Boom"}}}', 'no "d"'),
    ],
)
def test_malformed_bodies(body: bytes, reason: str) -> None:
    with pytest.raises(WireFormatError, match=reason) as caught:
        parse_envelope(body)
    assert body.decode()[:20] in str(caught.value).replace("\\'", "'")  # quotes the text's start


def test_long_bodies_are_quoted_by_their_start_only() -> None:
    body = "<html>" + "x" * 10_000
    with pytest.raises(WireFormatError) as caught:
        parse_envelope(body)
    assert len(str(caught.value)) < 300
    assert caught.value.value == body[:120]


def test_count_as_json_number_is_accepted() -> None:
    assert parse_envelope('{"d": {"results": [], "__count": 12}}').count == 12


def test_empty_next_is_no_next() -> None:
    assert parse_envelope('{"d": {"results": [], "__next": ""}}').next_url is None


# --- every real recording ----------------------------------------------------------------


def _recorded_calls() -> list[tuple[str, dict[str, Any]]]:
    if not RECORDED.is_dir():
        return []
    calls = []
    for path in sorted(RECORDED.glob("*.json")):
        for index, call in enumerate(json.loads(path.read_text("utf-8"))["calls"]):
            calls.append((f"{path.stem}#{index}", call))
    return calls


def _expected_rows(response: Any) -> tuple[int, bool]:
    """Row count and single-ness, read off the recorded body independently of the parser."""
    if not response:
        return 0, False
    payload = response["d"]
    if isinstance(payload, list):
        return len(payload), False
    if "results" in payload and "__metadata" not in payload:
        return len(payload["results"]), False
    return 1, True


@pytest.mark.skipif(not RECORDED.is_dir(), reason="../shared/reference/exact-recorded is absent")
def test_every_recorded_response_parses() -> None:
    calls = _recorded_calls()
    assert len(calls) > 50
    shapes: set[str] = set()
    for name, call in calls:
        response = call["response"]
        body = "" if response in ("", None) else json.dumps(response, ensure_ascii=False)
        envelope = parse_envelope(body.encode("utf-8"), status=call["status"])
        rows, single = _expected_rows(response)
        assert len(envelope.rows) == rows, name
        assert envelope.single is single, name
        if rows:
            original = response["d"]
            originals = original if isinstance(original, list) else original.get("results")
            if single:
                originals = [original]
            assert _same(envelope.rows, originals), name
        if isinstance(response, dict) and isinstance(response.get("d"), dict):
            assert envelope.next_url == response["d"].get("__next"), name
        shapes.add(
            "empty" if not response else
            "bare" if isinstance(response["d"], list) else
            "single" if single else
            "next" if envelope.next_url else "results"
        )  # fmt: skip
    assert shapes == {"empty", "bare", "single", "next", "results"}


def _same(parsed: Any, original: Any) -> bool:
    """Equal, where recorded floats keep the shortest repr of their own text."""
    if isinstance(original, float):
        return isinstance(parsed, float) and repr(parsed) == repr(original)
    if isinstance(original, dict):
        return (
            isinstance(parsed, dict)
            and parsed.keys() == original.keys()
            and all(_same(parsed[k], original[k]) for k in original)
        )
    if isinstance(original, list):
        return (
            isinstance(parsed, list)
            and len(parsed) == len(original)
            and all(_same(p, o) for p, o in zip(parsed, original, strict=True))
        )
    return type(parsed) is type(original) and parsed == original


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b"\x80\x81{", b'{"d": [}'])
def test_undecodable_bytes_are_a_wire_format_error(body: bytes) -> None:
    with pytest.raises(WireFormatError, match="not JSON"):
        parse_envelope(body)


# --- peek_next: the link read off the end of an unparsed body ---------------------------


@pytest.mark.skipif(not RECORDED.is_dir(), reason="../shared/reference/exact-recorded is absent")
@pytest.mark.parametrize("indent", [None, 1], ids=["compact", "indented"])
def test_peek_next_agrees_with_the_parser_on_every_recorded_response(indent: int | None) -> None:
    peeked = 0
    for _name, call in _recorded_calls():
        response = call["response"]
        if response in ("", None) or call["status"] >= 400:
            continue
        body = json.dumps(response, ensure_ascii=False, indent=indent).encode("utf-8")
        link = peek_next(body)
        assert link == parse_envelope(body, status=call["status"]).next_url
        peeked += link is not None
    assert peeked >= 3  # recorded pages with a link are among them


def test_peek_next_of_the_fixture_page() -> None:
    body = fixture("results_page.json")
    assert peek_next(body) is not None
    assert peek_next(body) == parse_envelope(body).next_url


@pytest.mark.parametrize(
    "body",
    [
        b'{"d":{"results":[{"ID":1}]}}',  # the last page
        b'{"d":[{"ID":1}]}',  # a bare list
        b'{"d":{"__next":"https://x/a?$skiptoken=1","results":[{"ID":1}]}}',  # link first
        b'{"d":{"results":[{"ID":1}],"__next":"https://x/a","__count":"3"}}',  # not last
        b'{"d":{"results":[{"L":{"results":[],"__next":"https://x/b"}}]}}',  # a nested link
        b'{"d":{"results":[],"__next":""}}',  # an empty link is no link
        b'{"d":{"results":[],"__next":"https://x/a\\q"}}',  # not a JSON string
        b"",
    ],
)
def test_peek_next_finds_no_link_unless_it_closes_the_body(body: bytes) -> None:
    assert peek_next(body) is None


def test_peek_next_decodes_escapes_and_ignores_trailing_space() -> None:
    body = b'{"d":{"results":[{"ID":1}] , "__next" : "https:\\/\\/x\\/a?$top=1\\u0026b=\\"c\\""}}\n'
    assert peek_next(body) == 'https://x/a?$top=1&b="c"'
    assert peek_next(body) == parse_envelope(body).next_url
