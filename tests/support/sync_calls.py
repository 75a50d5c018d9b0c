"""Test helper: the fewest calls a sync can make, from Exact's own row counts.

A sync pages through listings: each `timestamp` stream its `sync/...` feed, each `modified`
stream every source (on the bulk twin when the stream is bulk) and, where it reconciles,
the source's keys, each `snapshot` stream every source, and `sync/Deleted`. A listing of
`n` rows at `p` rows a page needs `max(1, ceil(n / p))` calls: one call is needed even to
learn that nothing is there, and a last page that is exactly full carries no `__next`.

`row_counts` asks the emulator how many rows each listing holds (`$count` on the regular
endpoint with the listing's filter; the deleted log's rows are counted by reading it), with
a client whose calls are made before the calls under test are counted. `minimum_calls`
turns counts into calls per stream: for a full run every listing whole, for an incremental
run with nothing changed one call per feed and source (the `Modified ge` boundary page) and
every key and snapshot listing whole.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from exactbridge.client import ExactClient, Query
from exactbridge.exact import EntitySpec, find_entity
from exactbridge.sync._streams import Stream

__all__ = ["Listing", "listings", "minimum_calls", "pages", "row_counts"]

Purpose = Literal["feed", "rows", "keys", "snapshot", "deleted"]


@dataclass(frozen=True, slots=True)
class Listing:
    """One listing a sync pages through.

    Attributes:
        stream: the stream that reads it.
        path: the endpoint paged (a sync feed, a bulk twin, a regular endpoint).
        counted: the regular endpoint whose rows these are (where `$count` is asked).
        filter: the OData filter the stream applies, if any.
        page_size: rows per page of `path`, as Exact serves it.
        purpose: what the stream reads it for.
    """

    stream: str
    path: str
    counted: str
    filter: str | None
    page_size: int
    purpose: Purpose


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def _listing(stream: Stream, path: str, filter_: str | None, purpose: Purpose) -> Listing:
    spec = _spec(path)
    counted = spec.source or spec.path
    return Listing(stream.name, spec.path, counted, filter_, spec.page_size, purpose)


def listings(
    streams: Sequence[Stream], *, full: bool, lean: bool = False, reconciling: bool = True
) -> list[Listing]:
    """Every listing a run of `streams` pages through (`full`: every stream reconciles;
    `reconciling`: an incremental run whose periodic key reconciliation is due).

    `lean` gives the cheaper plan Exact allows: a full run takes the keys its whole read has
    just seen (no second pass over them), and keys are listed on the bulk twin (1,000 a
    page) wherever the endpoint has one, even when the stream reads expanded lines.
    """
    found: list[Listing] = []
    for stream in streams:
        if stream.cursor in ("timestamp", "deleted"):
            assert stream.feed is not None
            purpose: Purpose = "feed" if stream.cursor == "timestamp" else "deleted"
            found.append(_listing(stream, stream.feed, None, purpose))
            continue
        for output in stream.outputs:
            spec = output.source.map.spec
            twin = spec.bulk if stream.bulk and spec.bulk else spec.path
            if stream.cursor == "snapshot":
                found.append(_listing(stream, spec.path, output.source.filter, "snapshot"))
                continue
            found.append(_listing(stream, twin, output.source.filter, "rows"))
            if lean and full:
                continue
            if (stream.reconciles and reconciling) or full:
                keys = spec.bulk or twin if lean else twin
                found.append(_listing(stream, keys, output.source.filter, "keys"))
    return found


def pages(rows: int, page_size: int) -> int:
    """Calls to page through `rows` rows: at least one."""
    return max(1, math.ceil(rows / page_size))


def minimum_calls(
    found: Sequence[Listing], counts: Mapping[Listing, int], *, full: bool
) -> dict[str, int]:
    """The fewest calls per stream: whole listings on a full run; on an unchanged
    incremental run one call per feed and source, key and snapshot listings whole."""
    calls: dict[str, int] = {}
    for listing in found:
        whole = full or listing.purpose in ("keys", "snapshot")
        needed = pages(counts[listing], listing.page_size) if whole else 1
        calls[listing.stream] = calls.get(listing.stream, 0) + needed
    return calls


async def row_counts(
    client: ExactClient, division: int, found: Sequence[Listing]
) -> dict[Listing, int]:
    """How many rows each listing holds now, as Exact counts them."""
    counts: dict[Listing, int] = {}
    for listing in found:
        if listing.purpose == "deleted":
            query = Query(listing.path).select("ID").since(0)
            counts[listing] = sum([len(page.rows) async for page in client.pages(division, query)])
            continue
        params = {"$filter": listing.filter} if listing.filter else None
        answer = await client.raw(
            "GET", f"{listing.counted}/$count", division=division, params=params
        )
        counts[listing] = int(answer.text)
    return counts
