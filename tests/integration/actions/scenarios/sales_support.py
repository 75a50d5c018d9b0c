"""Helpers the sales scenarios share: references a division's documents may name, the
checks every sales document keeps, seed picks for new documents, read-back comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from exactbridge.client import F, Query
from exactbridge.model import PartyStatus
from tests.integration.actions.scenarios import Harness, assert_has
from tests.integration.mappers.sales_support import assert_adds_up, same_lines
from tests.support.rows import client_rows


async def column(h: Harness, division: int, path: str, name: str = "ID") -> set[str]:
    """Every value of one property of an endpoint (codes trimmed)."""
    rows = await client_rows(h.actions.client, division, Query(path).select(name))
    return {str(row[name]).strip() for row in rows}


@dataclass(frozen=True)
class References:
    """What a division's sales documents may refer to."""

    accounts: set[str]
    items: set[str]
    journals: set[str]
    tax_codes: set[str]


async def references(h: Harness, division: int) -> References:
    return References(
        accounts=await column(h, division, "crm/Accounts"),
        items=await column(h, division, "logistics/Items"),
        journals=await column(h, division, "financial/Journals", "Code"),
        tax_codes=await column(h, division, "vat/VATCodes", "Code"),
    )


def check_document(document: Any, refs: References) -> None:
    """Adds up to the cent; the customer, items, journal and VAT codes it names exist."""
    assert_adds_up(document, document.line_items)
    assert document.customer_id in refs.accounts, document.id
    assert document.invoice_to_id in {None, *refs.accounts}, document.id
    journal = getattr(document, "journal_code", None)  # invoices and credit notes
    assert journal is None or journal in refs.journals, document.id
    for line in document.line_items:
        assert line.item_id in {None, *refs.items}, document.id
        assert line.tax_code in {None, *refs.tax_codes}, document.id


async def every_division(h: Harness, resource: str) -> list[Any]:
    """Every record of `resource` in every division, each checked against its division."""
    records: list[Any] = []
    for division in sorted(h.state.store.divisions):
        refs = await references(h, division)
        mine = [r async for r in h.actions.list(resource, division)]
        for record in mine:
            assert record.division == division
            check_document(record, refs)
        records.extend(mine)
    return records


@dataclass(frozen=True)
class Picks:
    customer: str
    item: str
    item_vat: str
    other_item: str


async def pick_seed(h: Harness) -> Picks:
    """An active customer and two sales items of the harness division."""
    customer = next(c for c in await h.all("customers") if c.status is PartyStatus.ACTIVE)
    query = Query("logistics/Items").select("ID", "SalesVatCode").where(F("IsSalesItem") == True)  # noqa: E712
    items = await client_rows(h.actions.client, h.division, query)
    return Picks(
        customer=customer.id,
        item=str(items[0]["ID"]),
        item_vat=str(items[0]["SalesVatCode"]).strip(),
        other_item=str(items[1]["ID"]),
    )


def written(draft: Any) -> dict[str, Any]:
    """The header fields a draft set (what must read back equal)."""
    return {name: getattr(draft, name) for name in draft.model_fields_set - {"id", "line_items"}}


async def create_document(h: Harness, resource: str, draft: Any) -> Any:
    """Create a draft through the unified API: what it set reads back equal, its lines'
    too, and the totals add up."""
    created = await h.actions.create(resource, h.division, draft)
    assert_has(created, written(draft))
    same_lines(draft.line_items, created.line_items)
    assert_adds_up(created, created.line_items)
    return created
