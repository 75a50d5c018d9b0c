"""Following `__next` and `Timestamp` cursors as explicit, pure state machines (house rule 5).

Why explicit: paging is where an integration silently loses or repeats rows. Exact's
`__next` is an absolute URL that already repeats `$select`/`$filter` and adds `$skiptoken`
(facts 4.3), so it is followed verbatim and the first request's params are never sent again.
A server bug (or a proxy) that hands out the same link twice, or a page that starts with the
same row as the page before, would loop forever; `PageCursor` stops that with a
`WireFormatError("pagination loop …")`.

`PageCursor` does no I/O: `request()` says what to fetch, `advance(envelope)` takes the
answer. `pages` and `records` drive it with an injected `fetch`. `TimestampCursor` tracks the
highest `Timestamp` of a sync run; the caller persists `.value` only after the run succeeded
(facts 5.3), so a failed run is simply repeated from the old value.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import Any, Final, TypeVar
from urllib.parse import urljoin

from exactbridge.client._odata import Envelope
from exactbridge.errors import WireFormatError

__all__ = ["Fetch", "PageCursor", "TimestampCursor", "pages", "pages_ahead", "records"]

Fetch = Callable[[str, dict[str, str] | None], Awaitable[Envelope]]
"""Fetch one page: `(url, params or None)` → the parsed envelope."""

Answer = TypeVar("Answer")
"""What `pages_ahead`'s `send` gives back before it is parsed (the client's response)."""

_TURNS: Final = 3
"""Turns of the event loop given to a request sent ahead before its page is parsed: enough
for it to reach the socket (budget, connection pool, write), so the server works on the
next page while this one is parsed, not after."""

FIRST_SYNC_TIMESTAMP = 1
"""Where a division's first sync starts: `Timestamp gt 1` (facts 5.3)."""


class PageCursor:
    """Where a paged read stands: which URL comes next, how many pages and rows so far.

    Args:
        first_url: URL of the first page (absolute, or relative to the HTTP client's base).
        params: query options of the first request only; `__next` already carries them.
        key: the key property of the rows (`ID`), used to recognise a repeated first row;
            without it a row is recognised by its `__metadata.uri`. A row's `Timestamp`
            (sync endpoints) is part of its identity: a changed row may legally come again.

    An absolute `__next` (what Exact and the emulator send) is used byte for byte; a
    relative one (Exact's docs show `../api/v1/…`) is resolved against the URL of the page
    that carried it, as a browser would.
    """

    def __init__(
        self, first_url: str, params: Mapping[str, str] | None = None, *, key: str | None = None
    ) -> None:
        self._url = first_url
        self._params: dict[str, str] | None = dict(params) if params else None
        self._key = key
        self._started = False
        self._done = False
        self._seen: set[str] = set()
        self._previous_first: object = None
        self.pages = 0
        self.rows = 0

    @property
    def done(self) -> bool:
        """True once a page without `__next` arrived."""
        return self._done

    @property
    def url(self) -> str:
        """The URL of the page to fetch next (or of the last page, when done)."""
        return self._url

    def request(self) -> tuple[str, dict[str, str] | None] | None:
        """`(url, params)` of the next page, or None when the read is complete.

        Params go with the first request only; every later URL is a `__next` link as is.
        """
        if self._done:
            return None
        if not self._started:
            return self._url, self._params
        return self._url, None

    def advance(self, envelope: Envelope) -> None:
        """Take the answer to `request()`.

        Raises:
            WireFormatError: `pagination loop …` when `__next` points at a page already
                fetched, or a page starts with the same row as the page before.
            RuntimeError: called after the last page.
        """
        if self._done:
            msg = "PageCursor.advance() after the last page"
            raise RuntimeError(msg)
        first = _identity(envelope.rows[0], self._key) if envelope.rows else None
        if first is not None and first == self._previous_first:
            msg = f"pagination loop: page {self.pages + 1} repeats the first row {first!r}"
            raise WireFormatError(msg, value=self._url)
        self._started = True
        self.pages += 1
        self.rows += len(envelope.rows)
        self._previous_first = first
        if envelope.next_url is None:
            self._done = True
            return
        following = urljoin(self._url, envelope.next_url)
        if following in self._seen or following == self._url:
            msg = f"pagination loop: __next {following!r} was followed before"
            raise WireFormatError(msg, value=following)
        self._seen.add(following)
        self._url = following


def _identity(row: Mapping[str, Any], key: str | None) -> object:
    stamp = row.get("Timestamp")
    if key is not None and key in row:
        return (key, str(row[key]), stamp)
    metadata = row.get("__metadata")
    if isinstance(metadata, Mapping) and isinstance(metadata.get("uri"), str):
        return (metadata["uri"], stamp)
    return None


async def pages(
    fetch: Fetch,
    url: str,
    params: Mapping[str, str] | None = None,
    *,
    key: str | None = None,
) -> AsyncIterator[Envelope]:
    """Every page of a read, following `__next` verbatim (see `PageCursor`).

    A page is yielded after the loop checks, so a repeated page is never handed out.
    """
    cursor = PageCursor(url, params, key=key)
    while (call := cursor.request()) is not None:
        envelope = await fetch(*call)
        cursor.advance(envelope)
        yield envelope


async def pages_ahead(
    send: Callable[[str, dict[str, str] | None], Awaitable[Answer]],
    parse: Callable[[Answer], Envelope],
    peek: Callable[[Answer], str | None],
    url: str,
    params: Mapping[str, str] | None = None,
    *,
    key: str | None = None,
) -> AsyncIterator[Envelope]:
    """`pages`, with each next page asked for before this one is parsed.

    A chain of pages is a chain of round trips: the link to the next page is in this one.
    Read the usual way, the server idles while a page is parsed and handed on, and the
    reader idles while the server makes the next. `peek` reads the link off the unparsed
    answer (`peek_next`), so the request for the next page leaves first; `parse` and the
    cursor's checks then run while it is served. The pages, their order and the loop
    checks are those of `pages`: a peeked link the parsed page does not confirm (never seen
    from Exact or the emulator) is dropped and the cursor's own link fetched instead.

    Only for reading to the end (a sync): a reader that stops early leaves one request
    sent that nobody reads, a call spent for nothing.
    """
    cursor = PageCursor(url, params, key=key)
    first = cursor.request()
    assert first is not None
    sent: asyncio.Future[Answer] | None = asyncio.ensure_future(send(*first))
    try:
        while sent is not None:
            answer = await sent
            sent = None
            guess = peek(answer)
            ahead = None if guess is None else urljoin(cursor.url, guess)
            if ahead is not None:
                sent = asyncio.ensure_future(send(ahead, None))
                for _ in range(_TURNS):
                    await asyncio.sleep(0)
            envelope = parse(answer)
            cursor.advance(envelope)
            following = cursor.request()
            if following != (None if sent is None else (ahead, None)):
                _drop(sent)
                sent = None if following is None else asyncio.ensure_future(send(*following))
            yield envelope
    finally:
        _drop(sent)


def _drop(sent: asyncio.Future[Any] | None) -> None:
    """Cancel a request sent ahead that nobody will read (its outcome is nobody's)."""
    if sent is not None:
        sent.cancel()
        sent.add_done_callback(_forget)


def _forget(done: asyncio.Future[Any]) -> None:
    if not done.cancelled():
        done.exception()  # retrieved, so asyncio does not report it as never retrieved


async def records(
    fetch: Fetch,
    url: str,
    params: Mapping[str, str] | None = None,
    *,
    key: str | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Every row of every page, in the server's order."""
    async for envelope in pages(fetch, url, params, key=key):
        for row in envelope.rows:
            yield row


class TimestampCursor:
    """The highest `Timestamp` seen in one sync run (facts 5.3).

    Start it from the stored value (`None` for a division never synced: `Timestamp gt 1`),
    query with `Query(...).since(cursor.start)`, feed it every page (`observe`) and persist
    `value` only when the whole run succeeded. Timestamps arrive as Int64 strings; they are
    compared as integers.

    Args:
        stored: the value persisted by the last successful run, if any.
    """

    def __init__(self, stored: int | str | None = None) -> None:
        start = FIRST_SYNC_TIMESTAMP if stored is None else _timestamp(stored)
        self.start: int = start
        self._value = start
        self.rows = 0

    @property
    def value(self) -> int:
        """The highest Timestamp seen so far (the start when no row came): persist after a
        successful run, then start the next run from it."""
        return self._value

    @property
    def advanced(self) -> bool:
        """True when a row newer than `start` was seen."""
        return self._value > self.start

    def observe(self, rows: Envelope | Iterable[Mapping[str, Any]]) -> None:
        """Take the rows of one page (an `Envelope` or its rows).

        Raises:
            WireFormatError: a row has no Int64 `Timestamp` (select it on sync endpoints).
        """
        items = rows.rows if isinstance(rows, Envelope) else rows
        for row in items:
            stamp = _timestamp(row.get("Timestamp"))
            self.rows += 1
            self._value = max(self._value, stamp)


def _timestamp(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    msg = f"not an Int64 Timestamp: {value!r}"
    raise WireFormatError(msg, value=value)
