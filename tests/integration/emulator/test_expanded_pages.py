"""Expanded pages come from the generated renderers, byte for byte what `render_row` renders.

The API renders `$expand`ed navigations with each endpoint's generated renderer and reads a
history parent's children straight from their numbers (`Division.child_rows`). The
reference here is the per-property `render_row` with children looked up the slow way, one
key at a time (`Division.children`, sorted, `Table.get`). Both must agree on every page of
a division whose history has a changed, a deleted and an added line under one entry, and
whose sales invoices have the same three changes.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.history import HistoryPlan, attach_history
from exactbridge.emulator.query import parse_options
from exactbridge.emulator.render import EntityUrls, render_row
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.emulator.store import Division, Row
from exactbridge.exact import EntitySpec, Navigation, find_entity
from exactbridge.wire import dumps_bytes
from tests.conftest import START
from tests.support.emulator import BASE, EmulatorClient, connect

ENTRIES = "financialtransaction/Transactions"
LINES = "financialtransaction/TransactionLines"
INVOICES = "salesinvoice/SalesInvoices"
INVOICE_LINES = "salesinvoice/SalesInvoiceLines"
ENTRY = 7  # a purchase invoice of the history: three lines
QUERIES = {
    ENTRIES: (
        "$expand=TransactionLines",
        "$expand=TransactionLines&$select=EntryID,TransactionLines/AmountDC",
        "$expand=TransactionLines&$select=EntryID,Description,TransactionLines",
        "$expand=TransactionLines&$select=EntryID,TransactionLines/*",
        "$expand=TransactionLines&$select=EntryID",
        "$expand=TransactionLines&$orderby=EntryNumber desc&$top=150",
    ),
    INVOICES: (
        "$expand=SalesInvoiceLines",
        "$expand=SalesInvoiceLines,SalesInvoiceOrderChargeLines",
        "$expand=SalesInvoiceLines&$select=InvoiceID,SalesInvoiceLines/AmountDC,"
        "SalesInvoiceLines/Description",
        "$expand=SalesInvoiceLines,SalesInvoiceOrderChargeLines&$select=InvoiceNumber,"
        "SalesInvoiceOrderChargeLines",
    ),
}


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


@pytest.fixture
def changed(clock) -> tuple[EmulatorState, HistoryPlan]:  # type: ignore[no-untyped-def]
    """A division with history where one entry and one invoice each have a line changed,
    one deleted and one added (written straight through the store, as every write is)."""
    config = EmulatorConfig(
        divisions=1, size="small", seed=5, limits=RateLimits(minutely=100_000, daily=10**6)
    )
    state = build_state(config, clock)
    division = _division(state)
    plan = attach_history(state.context(division), 5, 2400, START.date())
    lines = [plan.line_key(i) for i in plan.lines_of(ENTRY)]
    _change_delete_add(state, _spec(LINES), lines)
    invoice_lines = max(
        (sorted(division.children(INVOICE_LINES, "InvoiceID", invoice)) for invoice in
         division.table(_spec(INVOICES)).rows),
        key=len,
    )  # fmt: skip
    assert len(invoice_lines) >= 2, "the seed gives some invoice two lines or more"
    _change_delete_add(state, _spec(INVOICE_LINES), invoice_lines)
    return state, plan


def _change_delete_add(state: EmulatorState, spec: EntitySpec, keys: list[str]) -> None:
    """Change the first of `keys`, delete the second, add a line between the first two."""
    division = _division(state)
    table = division.table(spec)
    first = table.get(keys[0])
    assert first is not None
    state.store.save(division, spec, first | {"Description": "Corrected"}, "update")
    state.store.delete(division, spec, keys[1])
    added = keys[1][:-1] + ("0" if keys[1][-1] != "0" else "1")
    state.store.save(division, spec, first | {spec.key: added, "Description": "Added"}, "create")


def _division(state: EmulatorState) -> Division:
    return next(iter(state.store.divisions.values()))


@pytest.fixture
async def client(changed: tuple[EmulatorState, HistoryPlan]) -> AsyncIterator[EmulatorClient]:
    async with connect(changed[0]) as exact:
        yield exact


def _reference_children(division: Division) -> Any:
    """Children as the API found them before: every key, sorted, then one `get` each."""

    def children(spec: EntitySpec, nav: Navigation, parent: Row) -> list[Row]:
        child_spec = find_entity(nav.target)
        if child_spec is None:
            return []
        keys = sorted(division.children(child_spec.path, nav.foreign_key, parent[spec.key]))
        table = division.table(child_spec)
        return [row for row in map(table.get, keys) if row is not None]

    return children


def _reference(division: Division, spec: EntitySpec, query: str, keys: list[Any]) -> list[Any]:
    """The rows of `keys` as `render_row` renders them under `query`."""
    params = dict(part.split("=", 1) for part in query.split("&"))
    options = parse_options(spec, params, allow_skip=True)
    urls = EntityUrls(BASE, division.code)
    table = division.table(spec)
    children = _reference_children(division)
    rows = [table.get(key) for key in keys]
    return [
        render_row(spec, row, urls, options.select, options.expand, children)
        for row in rows
        if row is not None
    ]


@pytest.mark.parametrize(("path", "query"), [(p, q) for p, qs in QUERIES.items() for q in qs])
async def test_every_expanded_page_is_byte_identical_to_the_reference(
    client: EmulatorClient, path: str, query: str
) -> None:
    division = _division(client.state)
    spec = _spec(path)
    url: str | None = f"/api/v1/{division.code}/{path}?{query}"
    pages = 0
    while url is not None:
        response = await client.get(url)
        assert response.status_code == 200, response.text
        body = json.loads(response.content)
        envelope = body["d"]
        results = envelope["results"] if isinstance(envelope, dict) else envelope
        keys = [_key(spec, row) for row in results]
        reference = _reference(division, spec, query, keys)
        assert len(reference) == len(results)
        if isinstance(envelope, dict):
            envelope["results"] = reference
        else:
            body["d"] = reference
        assert response.content == dumps_bytes(body)  # everything but the rows as answered
        url = envelope.get("__next") if isinstance(envelope, dict) else None
        pages += 1
    assert pages > 1 or path == INVOICES


def _key(spec: EntitySpec, row: dict[str, Any]) -> Any:
    """The key of a rendered row, from its URI (`$select` may leave the key out)."""
    uri: str = row["__metadata"]["uri"]
    literal = uri[uri.rindex("(") + 1 : -1]
    return (
        literal.removeprefix("guid'").removesuffix("'")
        if literal.startswith("guid'")
        else int(literal)
    )


async def test_single_entities_with_expansions_are_byte_identical(
    client: EmulatorClient, changed: tuple[EmulatorState, HistoryPlan]
) -> None:
    state, plan = changed
    division = _division(state)
    invoice = next(iter(division.table(_spec(INVOICE_LINES)).lookup("Description", "Added")))
    for path, key, query in (
        (ENTRIES, plan.entry_key(ENTRY), "$expand=TransactionLines"),
        (ENTRIES, plan.entry_key(ENTRY + 1), "$expand=TransactionLines"),
        (ENTRIES, plan.entry_key(ENTRY), "$expand=TransactionLines&$select=TransactionLines/ID"),
        (INVOICES, invoice["InvoiceID"], "$expand=SalesInvoiceLines,SalesInvoiceOrderChargeLines"),
    ):
        response = await client.get(f"/api/v1/{division.code}/{path}(guid'{key}')?{query}")
        assert response.status_code == 200, response.text
        (reference,) = _reference(division, _spec(path), query, [key])
        assert response.content == dumps_bytes({"d": reference})


async def test_an_entry_shows_its_changed_and_added_lines_in_key_order_but_not_the_deleted(
    client: EmulatorClient, changed: tuple[EmulatorState, HistoryPlan]
) -> None:
    _, plan = changed
    keys = [plan.line_key(i) for i in plan.lines_of(ENTRY)]
    added = keys[1][:-1] + ("0" if keys[1][-1] != "0" else "1")
    base = f"/api/v1/{client.division}/{ENTRIES}(guid'{plan.entry_key(ENTRY)}')"
    expanded = await client.get(
        base, params={"$expand": "TransactionLines", "$select": "TransactionLines/ID,"
                      "TransactionLines/Description"}
    )  # fmt: skip
    lines = expanded.json()["d"]["TransactionLines"]["results"]
    described = [(line["ID"], line["Description"]) for line in lines]
    untouched = (keys[2], plan.entry(ENTRY).description)
    assert described == sorted([(keys[0], "Corrected"), (added, "Added"), untouched])
    listed = await client.get(f"{base}/TransactionLines", params={"$select": "ID"})
    rows = listed.json()["d"]
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["ID"] for row in rows] == [key for key, _ in described]
