"""Helpers for the sales document tests (invoices, credit notes, orders, quotes).

Documents are written and read back through their maps over `tests.support.rows`.
`assert_adds_up` is the invariant every sales document keeps: its totals are the sums of its
lines, to the cent, with nothing rounded away.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from exactbridge.model.sales import SalesDocument, SalesLine
from tests.support.emulator import EmulatorClient
from tests.support.rows import all_rows, create, one_row, update

NIL = "00000000-0000-0000-0000-000000000000"
"""The `id` of a record not created yet (Exact assigns the key)."""


async def read_document(exact: EmulatorClient, division: int, rmap: Any, key: str) -> Any:
    """The document with this key read back through its map, lines expanded."""
    row = await one_row(exact, division, rmap.spec.path, key, {"$expand": rmap.lines.exact})
    return rmap.from_exact(row, division=division)


async def create_document(
    exact: EmulatorClient, division: int, rmap: Any, draft: SalesDocument
) -> tuple[str, Any]:
    """POST a draft through its map and read it back: (key, document). Every field the draft
    set reads back equal, its lines' too, and the totals add up."""
    body = rmap.to_exact(draft, method="POST")
    key = await create(exact, division, rmap.spec.path, body, key=rmap.spec.key)
    back = await read_document(exact, division, rmap, key)
    fields = written(draft)
    assert back.model_dump(include=fields) == draft.model_dump(include=fields)
    same_lines(draft.line_items, back.line_items)
    assert_adds_up(back, back.line_items)
    return key, back


async def update_document(
    exact: EmulatorClient, division: int, rmap: Any, key: str, change: dict[str, Any]
) -> Any:
    """PUT a change through the map; the document read back carries it."""
    await update(exact, division, rmap.spec.path, key, rmap.to_exact(change, method="PUT"))
    changed = await read_document(exact, division, rmap, key)
    assert changed.model_dump(include=set(change)) == change
    return changed


@dataclass(frozen=True)
class Picks:
    """Seed records a new sales document can use."""

    customer: str
    item: str
    payment_terms: str
    sales_journal: str


async def pick(exact: EmulatorClient, division: int) -> Picks:
    """A customer that may be invoiced, a sales item, payment terms and the sales journal."""
    customers = [
        row
        for row in await all_rows(exact, division, "crm/Accounts")
        if str(row.get("Status") or "").strip() == "C" and not row.get("Blocked")
    ]
    items = [
        row for row in await all_rows(exact, division, "logistics/Items") if row["IsSalesItem"]
    ]
    terms = await all_rows(exact, division, "cashflow/PaymentConditions")
    journals = [
        row for row in await all_rows(exact, division, "financial/Journals") if row["Type"] == 20
    ]
    return Picks(
        customer=customers[0]["ID"],
        item=items[0]["ID"],
        payment_terms=str(terms[0]["Code"]).strip(),
        sales_journal=str(journals[0]["Code"]).strip(),
    )


def assert_adds_up(document: SalesDocument, lines: Sequence[SalesLine] | None) -> None:
    """The document's totals are its lines' sums, to the cent; lines are in line order."""
    assert lines, f"{document.id} has no lines"
    assert [line.line_number for line in lines] == list(range(1, len(lines) + 1)), document.id
    net = sum((line.net_amount or Decimal(0) for line in lines), Decimal(0))
    tax = sum((line.tax_amount or Decimal(0) for line in lines), Decimal(0))
    assert document.total_excluding_tax == net, document.id
    assert document.tax_amount == tax, document.id
    assert document.total_amount == net + tax, document.id
    for value in (net, tax, document.total_amount):
        assert value == value.quantize(Decimal("0.01")), document.id  # whole cents


def written(draft: BaseModel, *, leave_out: Collection[str] = ()) -> set[str]:
    """The fields a test set on a draft (what a read-back must give again)."""
    return set(draft.model_fields_set) - {"id", "line_items", *leave_out}


def same_lines(sent: Sequence[Any] | None, got: Sequence[Any] | None) -> None:
    """Every field set on each sent line reads back equal, in order."""
    assert sent is not None
    assert got is not None
    assert len(got) == len(sent)
    for mine, theirs in zip(sent, got, strict=True):
        fields = mine.model_fields_set
        assert theirs.model_dump(include=fields) == mine.model_dump(include=fields)
