"""`build_streams`: which resource is followed by which cursor, derived from declarations.

Pure: the real resource declarations, and small made-up ones assembled from their sources,
go through `build_streams`; nothing is read or written. Each test names one rule of
`exactbridge.sync.streams`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from exactbridge.actions import RESOURCES, Resource, Source
from exactbridge.exact import find_entity
from exactbridge.mappers.entries import JOURNAL_ENTRY_MAP, TRANSACTION_MAP
from exactbridge.model.entries import JournalEntryLine, Transaction
from exactbridge.sync._streams import Stream
from exactbridge.sync.streams import ASSEMBLED, DELETED_FEED, SNAPSHOT, STREAMS, build_streams


def _by_name(streams: tuple[Stream, ...]) -> dict[str, Stream]:
    return {stream.name: stream for stream in streams}


def _source(resource: str, index: int = 0) -> Source:
    return RESOURCES[resource].sources[index]


def _made_up(*sources: Source, name: str = "made_up") -> dict[str, Resource]:
    return {name: Resource(name=name, sources=sources)}


STREAM = _by_name(STREAMS)


# --- the streams of every declared resource ------------------------------------------------


def test_every_resource_is_kept_fresh_by_exactly_one_stream() -> None:
    written = Counter(name for stream in STREAMS for name in stream.resources)
    assert written == Counter(list(RESOURCES))


def test_stream_names_are_unique_checkpoint_keys() -> None:
    names = [stream.name for stream in STREAMS]
    assert len(names) == len(set(names))


def test_timestamp_streams_come_first_and_the_deleted_log_last() -> None:
    kinds = [stream.cursor for stream in STREAMS]
    first_other = next(i for i, kind in enumerate(kinds) if kind != "timestamp")
    assert set(kinds[:first_other]) == {"timestamp"}
    assert "timestamp" not in kinds[first_other:]
    assert kinds[-1] == "deleted" and kinds.count("deleted") == 1
    assert STREAMS[-1].feed == DELETED_FEED and STREAMS[-1].outputs == ()


def test_resources_sharing_a_sync_feed_share_one_stream() -> None:
    accounts = STREAM["accounts"]
    assert accounts.cursor == "timestamp" and accounts.feed == "sync/CRM/Accounts"
    assert accounts.resources == ("customers", "suppliers")
    assert accounts.deleted_types == (2,)
    feeds = [stream.feed for stream in STREAMS if stream.cursor == "timestamp"]
    assert len(feeds) == len(set(feeds))


def test_a_timestamp_stream_reads_the_sync_twin_of_each_source_it_writes() -> None:
    for stream in (s for s in STREAMS if s.cursor == "timestamp"):
        assert stream.feed is not None
        assert stream.name == stream.feed.rsplit("/", 1)[-1].lower()
        types = set()
        for output in stream.outputs:
            spec = output.source.map.spec
            assert spec.sync == stream.feed and output.source.expand is None, stream.name
            # the feed cannot filter: a filtered source needs a row predicate to stand in
            assert output.source.filter is None or output.source.where is not None
            types |= {spec.deleted_type} - {None}
        assert stream.deleted_types == tuple(sorted(types))


@pytest.mark.parametrize("name", sorted(SNAPSHOT))
def test_listed_small_tables_are_read_whole(name: str) -> None:
    stream = STREAM[name]
    assert stream.cursor == "snapshot" and stream.resources == (name,)
    assert tuple(o.source for o in stream.outputs) == RESOURCES[name].sources
    assert stream.deleted_types == () and not stream.reconciles and stream.page_size == 60


def test_documents_with_lines_follow_modified_and_reconcile_unless_a_log_covers_every_source() -> (
    None
):
    invoices, orders, bills = STREAM["invoices"], STREAM["sales_orders"], STREAM["bills"]
    # SalesInvoices has a sync twin, but the lines are expanded: Modified it is
    assert invoices.cursor == orders.cursor == bills.cursor == "modified"
    assert all(o.source.expand for s in (invoices, orders, bills) for o in s.outputs)
    # SalesEntries has no deleted log, so the log of SalesInvoices does not cover invoices
    assert [o.source.path for o in invoices.outputs] == [
        "salesinvoice/SalesInvoices",
        "salesentry/SalesEntries",
    ]
    assert invoices.deleted_types == () and invoices.reconciles
    assert orders.deleted_types == (32,) and not orders.reconciles
    assert bills.deleted_types == () and bills.reconciles
    assert not (invoices.bulk or orders.bulk or bills.bulk) and invoices.page_size == 60


def test_sources_without_lines_on_bulk_twins_read_bulk() -> None:
    payments = STREAM["payments"]
    assert payments.cursor == "modified" and payments.bulk and payments.page_size == 1000
    assert [o.source.path for o in payments.outputs] == [
        "cashflow/Receivables",
        "cashflow/Payments",
    ]


@pytest.mark.parametrize("stream", STREAMS, ids=lambda s: s.name)
def test_the_page_size_is_that_of_the_endpoint_read(stream: Stream) -> None:
    if stream.feed is not None:
        read = [stream.feed]
    else:
        read = [
            (o.source.map.spec.bulk if stream.bulk else None) or o.source.path
            for o in stream.outputs
        ]
    sizes = set()
    for path in read:
        spec = find_entity(path)
        assert spec is not None, path
        sizes.add(spec.page_size)
    assert sizes == {stream.page_size}


# --- the rules, on made-up resources -------------------------------------------------------


def test_a_source_with_a_sync_twin_and_no_lines_joins_its_feed() -> None:
    (feed, deleted) = build_streams(_made_up(_source("items")))
    assert feed.cursor == "timestamp" and feed.feed == "sync/Logistics/Items"
    assert feed.name == "items" and feed.resources == ("made_up",)
    assert feed.deleted_types == (9,)
    assert deleted.cursor == "deleted"


def test_a_filter_the_feed_cannot_apply_sends_the_source_to_modified_on_its_bulk_twin() -> None:
    unfiltered = replace(_source("customers"), where=None)  # an OData filter, no predicate
    (stream, _deleted) = build_streams(_made_up(unfiltered))
    assert stream.cursor == "modified" and stream.bulk and stream.page_size == 1000
    assert stream.deleted_types == (2,) and not stream.reconciles


def test_expanded_lines_send_a_source_to_modified_on_the_regular_endpoint() -> None:
    with_lines = replace(_source("items"), expand="ItemGroup")
    (stream, _deleted) = build_streams(_made_up(with_lines))
    assert stream.cursor == "modified" and not stream.bulk and stream.page_size == 60


def test_a_listed_name_or_a_derived_resource_is_read_whole() -> None:
    listed = replace(RESOURCES["items"], name="item_groups")
    derived = replace(RESOURCES["journals"], name="made_up", derive=lambda records: records)
    streams = _by_name(build_streams({"item_groups": listed, "made_up": derived}))
    assert streams["item_groups"].cursor == streams["made_up"].cursor == "snapshot"


def test_one_source_without_modified_or_sync_makes_the_whole_resource_a_snapshot() -> None:
    resource = _made_up(_source("sales_orders"), _source("ledger_balances"))
    (stream, _deleted) = build_streams(resource)
    assert stream.cursor == "snapshot"
    assert [o.source.path for o in stream.outputs] == [
        "salesorder/SalesOrders",
        "financial/ReportingBalance",
    ]


def test_modified_without_any_deleted_log_reconciles_keys() -> None:
    (stream, _deleted) = build_streams(_made_up(_source("journal_entries")))
    assert stream.cursor == "modified" and stream.deleted_types == () and stream.reconciles


def test_a_bulk_stream_needs_every_source_on_a_bulk_twin() -> None:
    mixed = _made_up(_source("payments"), _source("bank_accounts"))  # BankAccounts: none
    (stream, _deleted) = build_streams(mixed)
    assert stream.cursor == "modified" and not stream.bulk


def test_two_resources_on_one_feed_share_it_in_declaration_order() -> None:
    declared = {
        "b": Resource(name="b", sources=(_source("contacts"),)),
        "a": Resource(name="a", sources=(_source("contacts"),)),
    }
    (feed, _deleted) = build_streams(declared)
    assert feed.name == "contacts" and feed.resources == ("b", "a")


# --- documents assembled from their lines -------------------------------------------------


def test_journal_entries_are_read_without_lines_after_the_transaction_lines() -> None:
    entries = STREAM["journal_entries"]
    (output,) = entries.outputs
    assert output.source.expand is None and output.unexpanded == "TransactionLines"
    assert entries.after == ("transactionlines",)
    assert entries.assembly is not None and entries.assembly.document == "journal_entries"
    (lines,) = STREAM["transactionlines"].outputs
    assert lines.name == "transactions" and lines.parent == "entry_id"
    # the calls a first sync needs do not change: the entries' endpoint, 60 a page
    assert (entries.cursor, entries.bulk, entries.page_size) == ("modified", False, 60)


def test_a_transaction_less_the_dropped_fields_is_its_entry_line_field_for_field() -> None:
    (assembly,) = ASSEMBLED
    kept = [name for name in Transaction.model_fields if name not in assembly.dropped]
    assert kept == list(JournalEntryLine.model_fields)  # the same names in the same order
    entry_lines = JOURNAL_ENTRY_MAP.lines
    assert entry_lines is not None
    as_entry_line = {f.unified: (f.exact, f.codec) for f in entry_lines.fields}
    as_transaction = {f.unified: (f.exact, f.codec) for f in TRANSACTION_MAP.fields}
    assert {name: as_transaction[name] for name in as_entry_line} == as_entry_line
    assert entry_lines.spec is TRANSACTION_MAP.spec  # the same endpoint: the same key
    assert entry_lines.order_by == "LineNumber" and assembly.order == "line_number"
    assert ("date", "date") in assembly.inherited


def test_without_its_lines_resource_a_document_keeps_its_expanded_lines() -> None:
    alone = {"journal_entries": RESOURCES["journal_entries"]}
    (entries, _deleted) = build_streams(alone)
    (output,) = entries.outputs
    assert output.source.expand == "TransactionLines" and entries.assembly is None
    assert entries.after == ()
