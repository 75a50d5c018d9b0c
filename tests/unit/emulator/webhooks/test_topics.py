"""Which notifications a store change causes: own topic, header of a line, EntryID keys."""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.store import Change
from exactbridge.emulator.webhooks.topics import TopicMap
from exactbridge.exact import ENTITIES, EntitySpec, find_entity, properties
from exactbridge.exact.webhooks import TOPICS

ACCOUNTS = find_entity("crm/Accounts")
INVOICES = find_entity("salesinvoice/SalesInvoices")
LINES = find_entity("salesinvoice/SalesInvoiceLines")
ACCOUNT = "11111111-1111-4111-8111-111111111111"
INVOICE = "22222222-2222-4222-8222-222222222222"
LINE = "33333333-3333-4333-8333-333333333333"


def _change(spec: EntitySpec | None, key: Any, action: str, row: dict[str, Any]) -> Change:
    assert spec is not None
    return Change(7, spec, key, action, 1, row)  # type: ignore[arg-type]


def _always(_division: int, _spec: EntitySpec, _key: Any) -> bool:
    return True


def test_every_declared_topic_is_a_known_topic() -> None:
    declared = {spec.webhook_topic for spec in ENTITIES.values() if spec.webhook_topic}
    assert declared and declared <= TOPICS


def test_own_topic_actions_follow_the_create_action_knob() -> None:
    topics = TopicMap(ENTITIES)
    row = {"ID": ACCOUNT}
    for action, create_action, expected in [
        ("create", "Update", "Update"),
        ("create", "Create", "Create"),
        ("update", "Create", "Update"),
        ("delete", "Update", "Delete"),
    ]:
        (event,) = topics.events(_change(ACCOUNTS, ACCOUNT, action, row), create_action, _always)  # type: ignore[arg-type]
        assert (event.topic, event.action, event.key, event.division) == (
            "Accounts", expected, ACCOUNT, 7
        )  # fmt: skip
        assert event.spec is ACCOUNTS and event.key_field == "ID"


def test_a_line_notifies_its_headers_topic_with_the_headers_key() -> None:
    topics = TopicMap(ENTITIES)
    assert LINES is not None and topics.watched(LINES)
    row = {"ID": LINE, "InvoiceID": INVOICE}
    for action in ("create", "update", "delete"):
        (event,) = topics.events(_change(LINES, LINE, action, row), "Create", _always)
        assert (event.topic, event.action, event.key) == ("SalesInvoices", "Update", INVOICE)
        assert event.spec is INVOICES and event.key_field == "InvoiceID"


def test_lines_of_a_deleted_header_notify_nothing() -> None:
    topics = TopicMap(ENTITIES)
    seen: list[Any] = []

    def gone(_division: int, spec: EntitySpec, key: Any) -> bool:
        seen.append((spec.path, key))
        return False

    change = _change(LINES, LINE, "delete", {"ID": LINE, "InvoiceID": INVOICE})
    assert topics.events(change, "Update", gone) == []
    assert seen == [("salesinvoice/SalesInvoices", INVOICE)]


def test_endpoints_without_topic_or_header_are_not_watched() -> None:
    topics = TopicMap(ENTITIES)
    journals = find_entity("financial/Journals")
    assert journals is not None and not topics.watched(journals)
    assert topics.events(_change(journals, "x", "update", {}), "Update", _always) == []


def _booking_specs() -> dict[str, EntitySpec]:
    entries = EntitySpec(
        path="test/Entries",
        key="EntryID",
        type_name="T.Entry",
        webhook_topic="SalesEntries",
        properties=properties("EntryID guid key\nLines nav test/EntryLines:EntryID"),
    )
    lines = EntitySpec(
        path="test/EntryLines",
        key="ID",
        type_name="T.Line",
        properties=properties("ID guid key\nEntryID guid R"),
    )
    keyed_by_line = EntitySpec(
        path="test/TransactionLines",
        key="ID",
        type_name="T.TransactionLine",
        webhook_topic="FinancialTransactions",
        properties=properties("ID guid key\nEntryID guid R"),
    )
    return {s.path.lower(): s for s in (entries, lines, keyed_by_line)}


def test_booking_topics_carry_the_entry_id() -> None:
    specs = _booking_specs()
    topics = TopicMap(specs)
    line = specs["test/entrylines"]
    (event,) = topics.events(
        _change(line, LINE, "create", {"ID": LINE, "EntryID": INVOICE}), "Update", _always
    )
    assert (event.topic, event.key, event.spec.path) == ("SalesEntries", INVOICE, "test/Entries")
    transaction_line = specs["test/transactionlines"]
    row = {"ID": LINE, "EntryID": INVOICE}
    (event,) = topics.events(_change(transaction_line, LINE, "update", row), "Update", _always)
    assert (event.topic, event.key, event.key_field) == (
        "FinancialTransactions",
        INVOICE,
        "EntryID",
    )


def test_transaction_lines_notify_financial_transactions_with_the_entry_id() -> None:
    lines = find_entity("financialtransaction/TransactionLines")
    assert lines is not None and lines.webhook_topic is None
    row = {"ID": LINE, "EntryID": INVOICE}
    (event,) = TopicMap(ENTITIES).events(_change(lines, LINE, "create", row), "Update", _always)
    assert (event.topic, event.key, event.action) == ("FinancialTransactions", INVOICE, "Update")
    assert event.spec.path == "financialtransaction/Transactions"
