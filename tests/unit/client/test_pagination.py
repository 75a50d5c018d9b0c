"""`PageCursor`, `pages`/`records` over a scripted fetch, and `TimestampCursor`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from exactbridge.client._odata import Envelope
from exactbridge.client._pagination import (
    PageCursor,
    TimestampCursor,
    pages,
    pages_ahead,
    records,
)
from exactbridge.errors import WireFormatError

BASE = "https://start.exactonline.nl/api/v1/1001/crm/Accounts"


def row(key: int, stamp: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "__metadata": {"uri": f"{BASE}(guid'{key:08d}-0000-4000-8000-000000000000')"},
        "ID": f"{key:08d}-0000-4000-8000-000000000000",
    }
    if stamp is not None:
        data["Timestamp"] = stamp
    return data


def next_url(token: int) -> str:
    return f"{BASE}?$select=ID&$skiptoken=guid'{token:08d}-0000-4000-8000-000000000000'"


class Script:
    """A fetch that answers from a URL → envelope table and records every call."""

    def __init__(self, answers: dict[str, Envelope]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, str] | None]] = []

    async def __call__(self, url: str, params: dict[str, str] | None) -> Envelope:
        self.calls.append((url, params))
        return self.answers[url]


def three_pages() -> Script:
    return Script(
        {
            BASE: Envelope([row(1), row(2)], next_url=next_url(2)),
            next_url(2): Envelope([row(3), row(4)], next_url=next_url(4)),
            next_url(4): Envelope([row(5)]),
        }
    )


def test_cursor_sends_params_once_and_follows_next_verbatim() -> None:
    cursor = PageCursor(BASE, {"$select": "ID"})
    assert cursor.request() == (BASE, {"$select": "ID"})
    assert cursor.request() == (BASE, {"$select": "ID"})  # asking twice changes nothing
    cursor.advance(Envelope([row(1), row(2)], next_url=next_url(2)))
    assert cursor.request() == (next_url(2), None)
    cursor.advance(Envelope([row(3)]))
    assert cursor.request() is None
    assert cursor.done
    assert (cursor.pages, cursor.rows) == (2, 3)


def test_cursor_without_params() -> None:
    cursor = PageCursor(BASE)
    assert cursor.request() == (BASE, None)
    cursor.advance(Envelope([]))
    assert cursor.request() is None
    assert (cursor.pages, cursor.rows) == (1, 0)


def test_relative_next_is_resolved_against_the_page_url() -> None:
    cursor = PageCursor("/api/v1/1001/crm/Accounts", {"$top": "100"})
    cursor.advance(Envelope([row(1)], next_url="Accounts?$skiptoken=guid'1'"))
    assert cursor.request() == ("/api/v1/1001/crm/Accounts?$skiptoken=guid'1'", None)


def test_encoded_dollar_next_is_kept_as_sent() -> None:
    cursor = PageCursor(BASE)
    link = f"{BASE}?%24skiptoken=guid'00000002-0000-4000-8000-000000000000'"
    cursor.advance(Envelope([row(1)], next_url=link))
    assert cursor.request() == (link, None)


def test_a_next_link_seen_before_is_a_loop() -> None:
    cursor = PageCursor(BASE)
    cursor.advance(Envelope([row(1)], next_url=next_url(1)))
    cursor.advance(Envelope([row(2)], next_url=next_url(2)))
    with pytest.raises(WireFormatError, match="pagination loop"):
        cursor.advance(Envelope([row(3)], next_url=next_url(1)))


def test_a_next_link_to_itself_is_a_loop() -> None:
    cursor = PageCursor(BASE)
    cursor.advance(Envelope([row(1)], next_url=next_url(1)))
    with pytest.raises(WireFormatError, match="pagination loop"):
        cursor.advance(Envelope([row(2)], next_url=next_url(1)))


def test_a_page_repeating_the_previous_first_row_is_a_loop() -> None:
    cursor = PageCursor(BASE)
    cursor.advance(Envelope([row(1), row(2)], next_url=next_url(2)))
    with pytest.raises(WireFormatError, match=r"pagination loop.*first row"):
        cursor.advance(Envelope([row(1), row(2)], next_url=next_url(3)))
    assert cursor.pages == 1  # the repeated page was not counted


def test_first_row_identity_by_key_when_there_is_no_metadata() -> None:
    cursor = PageCursor(BASE, key="ID")
    plain = [{"ID": "a"}, {"ID": "b"}]
    cursor.advance(Envelope(plain, next_url=next_url(1)))
    with pytest.raises(WireFormatError, match="pagination loop"):
        cursor.advance(Envelope(list(plain), next_url=next_url(2)))


def test_rows_without_identity_are_not_compared() -> None:
    cursor = PageCursor(BASE)
    cursor.advance(Envelope([{"X": 1}], next_url=next_url(1)))
    cursor.advance(Envelope([{"X": 1}]))
    assert cursor.done


def test_a_changed_sync_row_may_come_again() -> None:
    cursor = PageCursor(BASE, key="ID")
    cursor.advance(Envelope([row(1, "10"), row(2, "11")], next_url=next_url(1)))
    cursor.advance(Envelope([row(1, "12")]))  # row 1 changed meanwhile: a new Timestamp
    assert (cursor.pages, cursor.rows) == (2, 3)


def test_advance_after_the_last_page_is_a_bug() -> None:
    cursor = PageCursor(BASE)
    cursor.advance(Envelope([]))
    with pytest.raises(RuntimeError):
        cursor.advance(Envelope([]))


async def test_pages_and_records() -> None:
    fetch = three_pages()
    seen = [len(envelope.rows) async for envelope in pages(fetch, BASE, {"$select": "ID"})]
    assert seen == [2, 2, 1]
    assert fetch.calls == [(BASE, {"$select": "ID"}), (next_url(2), None), (next_url(4), None)]
    keys = [r["ID"][:8] async for r in records(three_pages(), BASE, {"$select": "ID"})]
    assert keys == ["00000001", "00000002", "00000003", "00000004", "00000005"]


async def test_pages_stop_before_yielding_a_looping_page() -> None:
    fetch = Script(
        {
            BASE: Envelope([row(1)], next_url=next_url(1)),
            next_url(1): Envelope([row(2)], next_url=next_url(2)),
            next_url(2): Envelope([row(2)], next_url=next_url(1)),
        }
    )
    got: list[str] = []
    with pytest.raises(WireFormatError, match="pagination loop"):
        async for r in records(fetch, BASE):
            got.append(r["ID"][:8])  # noqa: PERF401 - rows before the error count
    assert got == ["00000001", "00000002"]
    assert len(fetch.calls) == 3


# --- pages_ahead: the next page asked for before this one is parsed ------------------------


@dataclass(frozen=True)
class Answer:
    url: str
    envelope: Envelope


class Server:
    """`send`, `parse` and `peek` over a script, logging what happens in which order."""

    def __init__(self, script: Script, *, wrong_peek: bool = False) -> None:
        self.script = script
        self.log: list[tuple[str, str]] = []
        self.cancelled: list[str] = []
        self.wrong_peek = wrong_peek

    async def send(self, url: str, params: dict[str, str] | None) -> Answer:
        self.log.append(("send", url))
        try:
            for _ in range(10):  # the round trip: longer than the turns a request is given
                await asyncio.sleep(0)
            return Answer(url, await self.script(url, params))
        except asyncio.CancelledError:
            self.cancelled.append(url)
            raise

    def parse(self, answer: Answer) -> Envelope:
        self.log.append(("parse", answer.url))
        return answer.envelope

    def peek(self, answer: Answer) -> str | None:
        if self.wrong_peek and answer.envelope.next_url is not None:
            return answer.envelope.next_url + "&wrong"
        return answer.envelope.next_url


def ahead(server: Server, params: dict[str, str] | None = None) -> Any:
    return pages_ahead(server.send, server.parse, server.peek, BASE, params)


async def test_pages_ahead_sends_each_next_request_before_parsing_the_page() -> None:
    server = Server(three_pages())
    seen = [len(envelope.rows) async for envelope in ahead(server, {"$select": "ID"})]
    assert seen == [2, 2, 1]
    assert server.script.calls == [
        (BASE, {"$select": "ID"}),
        (next_url(2), None),
        (next_url(4), None),
    ]
    assert server.log == [
        ("send", BASE),
        ("send", next_url(2)),
        ("parse", BASE),
        ("send", next_url(4)),
        ("parse", next_url(2)),
        ("parse", next_url(4)),
    ]


async def test_pages_ahead_follows_the_parsed_link_when_the_peek_disagrees() -> None:
    server = Server(three_pages(), wrong_peek=True)
    server.script.answers |= {f"{url}&wrong": Envelope([]) for url in (next_url(2), next_url(4))}
    seen = [len(envelope.rows) async for envelope in ahead(server)]
    await asyncio.sleep(0)  # the dropped requests see their cancellation
    assert seen == [2, 2, 1]
    assert [url for kind, url in server.log if kind == "parse"] == [BASE, next_url(2), next_url(4)]
    assert server.cancelled == [f"{next_url(2)}&wrong", f"{next_url(4)}&wrong"]


async def test_pages_ahead_cancels_the_request_ahead_when_the_reader_stops() -> None:
    server = Server(three_pages())
    read = ahead(server)
    first = await anext(read)
    await read.aclose()
    await asyncio.sleep(0)
    assert len(first.rows) == 2
    assert server.cancelled == [next_url(2)]
    assert [task for task in asyncio.all_tasks() if task is not asyncio.current_task()] == []


async def test_pages_ahead_stops_before_yielding_a_looping_page() -> None:
    server = Server(
        Script(
            {
                BASE: Envelope([row(1)], next_url=next_url(1)),
                next_url(1): Envelope([row(2)], next_url=next_url(2)),
                next_url(2): Envelope([row(2)], next_url=next_url(1)),
            }
        )
    )
    got: list[int] = []
    with pytest.raises(WireFormatError, match="pagination loop"):
        async for envelope in ahead(server):
            got.append(len(envelope.rows))  # noqa: PERF401 - pages before the error count
    assert got == [1, 1]


async def test_pages_ahead_raises_a_failed_request_when_its_page_is_wanted() -> None:
    class Broken(Script):
        async def __call__(self, url: str, params: dict[str, str] | None) -> Envelope:
            if url == next_url(4):
                raise ConnectionError("reset")
            return await super().__call__(url, params)

    server = Server(Broken(three_pages().answers))
    got: list[int] = []
    with pytest.raises(ConnectionError, match="reset"):
        async for envelope in ahead(server):
            got.append(len(envelope.rows))  # noqa: PERF401 - pages before the error count
    assert got == [2, 2]


# --- TimestampCursor -----------------------------------------------------------------------


def test_timestamp_cursor_starts_at_one_for_a_first_sync() -> None:
    cursor = TimestampCursor()
    assert (cursor.start, cursor.value, cursor.advanced) == (1, 1, False)


def test_timestamp_cursor_tracks_the_highest_int64() -> None:
    cursor = TimestampCursor("9")
    assert cursor.start == 9
    cursor.observe(Envelope([row(1, "10"), row(2, "90071992547409931"), row(3, "100")]))
    cursor.observe([{"Timestamp": 12}])
    assert cursor.value == 90071992547409931  # compared as integers, not as text
    assert cursor.advanced
    assert cursor.rows == 4
    assert cursor.start == 9  # what to retry from if the run fails


def test_timestamp_cursor_never_goes_back() -> None:
    cursor = TimestampCursor(50)
    cursor.observe([{"Timestamp": "7"}])
    assert cursor.value == 50
    assert not cursor.advanced


@pytest.mark.parametrize("value", [None, "", "12L", "1.5", True, 1.0])
def test_timestamp_cursor_refuses_rows_without_a_timestamp(value: object) -> None:
    cursor = TimestampCursor()
    with pytest.raises(WireFormatError, match="Timestamp"):
        cursor.observe([{"Timestamp": value}])


def test_timestamp_cursor_refuses_a_bad_stored_value() -> None:
    with pytest.raises(WireFormatError):
        TimestampCursor("abc")
