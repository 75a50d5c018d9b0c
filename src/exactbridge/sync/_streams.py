"""Sync streams as data: which Exact feed keeps which unified resources fresh, and how.

A stream reads Exact with the cheapest cursor Exact offers for it:

- `timestamp`: a `sync/...` endpoint (1,000 rows a page, `Timestamp gt n`, facts 5.3). One
  feed may fill several resources (`sync/CRM/Accounts` fills customers and suppliers), so
  nothing is read twice. Deletes come from `sync/Deleted` (a stream of its own).
- `modified`: a bulk (1,000 a page) or regular (60 a page) endpoint filtered on
  `Modified ge t` and ordered by it, where Exact has no sync endpoint or the sync endpoint
  lacks the lines a document needs. The boundary is inclusive; the keys already stored at
  the boundary instant are kept in the checkpoint and skipped, so rows with equal
  `Modified` are neither lost nor repeated. Deletes come from `sync/Deleted` where Exact
  logs them, otherwise from a key reconciliation (every key Exact still has, compared with
  the store).
- `snapshot`: small tables read whole on every run; what Exact no longer has is marked
  deleted.

The records a stream writes are exactly what `Actions.list` returns for the resource: the
stream reuses the resource's `Source` declarations (map, filter, row predicate, expanded
lines, id prefix), so the local copy and the live API cannot disagree. One exception in
how, not in what: a document whose lines Exact also serves as records of their own (a
journal entry's `TransactionLines`) is read without them, after the stream that keeps the
lines, and the store assembles its lines from those records (`store.lines`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from exactbridge.actions import Resource, Source
from exactbridge.store import LineAssembly

__all__ = ["CursorKind", "Output", "Stream"]

CursorKind = Literal["timestamp", "modified", "snapshot", "deleted"]


@dataclass(frozen=True)
class Output:
    """A unified resource a stream writes, and the declaration its rows are read with.

    Attributes:
        resource: the unified resource written.
        source: how its rows are read and mapped.
        parent: the field naming the document a record is a line of (kept as the store's
            `parent_id`), for the lines of an assembled document.
        unexpanded: the navigation an assembled document is read without (its deferred
            link is dropped from the row: the lines come from the store).
    """

    resource: Resource
    source: Source
    parent: str | None = None
    unexpanded: str | None = None

    @property
    def name(self) -> str:
        """The unified resource name (the store's `resource`)."""
        return self.resource.name


@dataclass(frozen=True)
class Stream:
    """One Exact feed (or one small resource) and the unified resources it keeps fresh.

    Attributes:
        name: the stream's name, its checkpoint key (`accounts`, `invoices`).
        cursor: how the feed is followed (see the module).
        outputs: what it writes; a `timestamp` stream's outputs share its feed, a
            `modified` or `snapshot` stream's outputs are the sources of one resource.
        feed: the endpoint read for `timestamp` and `deleted` streams.
        deleted_types: `sync/Deleted.EntityType` codes whose keys are these records.
        bulk: `modified` streams read the 1,000-row bulk endpoint (no lines expanded).
        assembly: the lines the store attaches to the documents written (`store.lines`).
        after: streams that must have run first in a run choosing this one (the stream
            keeping an assembled document's lines).
    """

    name: str
    cursor: CursorKind
    outputs: tuple[Output, ...] = ()
    feed: str | None = None
    deleted_types: tuple[int, ...] = ()
    bulk: bool = False
    assembly: LineAssembly | None = None
    after: tuple[str, ...] = ()

    @property
    def resources(self) -> tuple[str, ...]:
        """The unified resources written, each once."""
        return tuple(dict.fromkeys(output.name for output in self.outputs))

    @property
    def reconciles(self) -> bool:
        """True when deletes are found by comparing keys: no deleted log covers the feed."""
        return self.cursor == "modified" and not self.deleted_types

    @property
    def page_size(self) -> int:
        """Rows a page of this stream's reads (to count the calls a sync must need)."""
        return 1000 if self.cursor in ("timestamp", "deleted") or self.bulk else 60
