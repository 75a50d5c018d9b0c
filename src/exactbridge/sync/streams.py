"""Every sync stream, derived from the resource declarations and Exact's endpoint specs.

The rule, per resource (see `_streams` for the cursor kinds):

1. a resource in `SNAPSHOT` (small reference tables, derived resources) is read whole;
2. a source whose endpoint has a `sync/...` twin and needs no expanded lines joins that
   feed's `timestamp` stream (resources sharing a feed share the stream);
3. any other source with `Modified` gets a `modified` stream, on the bulk twin when there
   is one and no lines are expanded; its deletes come from `sync/Deleted` when the entity
   has an `EntityType` there, else from key reconciliation;
4. the rest is read whole (`snapshot`).

A document in `ASSEMBLED` is read without its expanded lines, after the stream keeping
its lines as records of their own, and the store assembles its lines from those
(`exactbridge.store.lines`): on a first sync of `large`, 530,190 journal entry lines are
then parsed, mapped and stored once instead of twice.

Nothing here is written per resource by hand except the `SNAPSHOT` and `ASSEMBLED` lists,
so a resource added to `exactbridge.actions` is synced without further work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Final

from exactbridge.actions import RESOURCES, Resource, Source
from exactbridge.exact import find_entity
from exactbridge.model.entries import JournalEntryLine, Transaction
from exactbridge.store import LineAssembly
from exactbridge.sync._streams import Output, Stream

__all__ = ["ASSEMBLED", "DELETED_FEED", "SNAPSHOT", "STREAMS", "build_streams"]

SNAPSHOT: Final = frozenset(
    {
        "companies",
        "journals",
        "tax_rates",
        "payment_terms",
        "fiscal_periods",
        "fiscal_years",
        "users",
        "item_groups",
        "tracking_categories",
        "outstandings",
        "ledger_balances",
    }
)
"""Resources read whole each run: a few rows (one call), or no cursor Exact could serve."""

_LINE: Final = frozenset(JournalEntryLine.model_fields)

ASSEMBLED: Final = (
    LineAssembly(
        document="journal_entries",
        field="line_items",
        lines="transactions",
        parent="entry_id",
        dropped=tuple(name for name in Transaction.model_fields if name not in _LINE),
        inherited=(("date", "date"),),  # as `JournalEntry` dates its undated lines
        order="line_number",  # as the mappers order an expanded navigation's lines
    ),
)
"""Documents whose lines are kept as records of their own. Every `JournalEntryLine` field is
a `Transaction` field of the same name, mapped from the same `TransactionLines` property,
and in the same order: a transaction less its other fields is its entry's line."""

DELETED_FEED: Final = "sync/Deleted"


def build_streams(
    resources: Mapping[str, Resource], assemblies: Sequence[LineAssembly] = ASSEMBLED
) -> tuple[Stream, ...]:
    """The streams that keep `resources` fresh, timestamp feeds first, `sync/Deleted` last."""
    assembled = {
        a.document: a for a in assemblies if a.document in resources and a.lines in resources
    }
    parents = {a.lines: a.parent for a in assembled.values()}
    feeds: dict[str, list[Output]] = {}
    feed_types: dict[str, set[int]] = {}
    others: list[Stream] = []
    for resource in resources.values():
        if resource.name in SNAPSHOT or resource.derive is not None:
            others.append(_snapshot(resource))
            continue
        modified: list[Output] = []
        deleted: set[int] = set()
        for output in _outputs(resource, resource.name in assembled, parents.get(resource.name)):
            source = output.source
            spec = source.map.spec
            if (
                spec.sync is not None
                and source.expand is None
                and (source.filter is None or source.where is not None)
            ):
                feeds.setdefault(spec.sync, []).append(output)
                if spec.deleted_type is not None:
                    feed_types.setdefault(spec.sync, set()).add(spec.deleted_type)
            elif spec.field("Modified") is not None:
                modified.append(output)
                if spec.deleted_type is not None:
                    deleted.add(spec.deleted_type)
            else:
                others.append(_snapshot(resource))
                modified = []
                break
        if modified:
            bulk = all(o.source.expand is None and o.source.map.spec.bulk for o in modified)
            # a deleted log covers the stream only when it covers every source
            covered = len(deleted) > 0 and all(
                o.source.map.spec.deleted_type is not None for o in modified
            )
            others.append(
                Stream(
                    name=resource.name,
                    cursor="modified",
                    outputs=tuple(modified),
                    deleted_types=tuple(sorted(deleted)) if covered else (),
                    bulk=bulk,
                )
            )
    timestamped = [
        Stream(
            name=_feed_name(feed),
            cursor="timestamp",
            outputs=tuple(outputs),
            feed=feed,
            deleted_types=tuple(sorted(feed_types.get(feed, ()))),
        )
        for feed, outputs in feeds.items()
    ]
    deletes = Stream(name="deleted", cursor="deleted", feed=DELETED_FEED)
    return _ordered((*timestamped, *others, deletes), assembled)


def _outputs(resource: Resource, assembled: bool, parent: str | None) -> list[Output]:
    """The resource's sources as outputs: an assembled document's without their lines, a
    line resource's keeping their parent."""
    outputs = []
    for source in resource.sources:
        if assembled and source.expand is not None:
            bare: Source = replace(source, expand=None)
            outputs.append(Output(resource, bare, unexpanded=source.expand))
        else:
            outputs.append(Output(resource, source, parent=parent))
    return outputs


def _ordered(
    streams: tuple[Stream, ...], assembled: Mapping[str, LineAssembly]
) -> tuple[Stream, ...]:
    """`streams` with each assembled document's stream set to run after its lines' stream."""
    writers = {name: s.name for s in streams for name in s.resources}
    result = []
    for stream in streams:
        found = [assembled[name] for name in stream.resources if name in assembled]
        if found:
            (assembly,) = found  # one assembled document per stream
            result.append(replace(stream, assembly=assembly, after=(writers[assembly.lines],)))
        else:
            result.append(stream)
    return tuple(result)


def _snapshot(resource: Resource) -> Stream:
    outputs = tuple(Output(resource, source) for source in resource.sources)
    return Stream(name=resource.name, cursor="snapshot", outputs=outputs)


def _feed_name(feed: str) -> str:
    """`sync/CRM/Accounts` -> `accounts`."""
    spec = find_entity(feed)
    assert spec is not None, feed
    return feed.rsplit("/", 1)[-1].lower()


STREAMS: Final = build_streams(RESOURCES)
"""The streams of every unified resource."""
