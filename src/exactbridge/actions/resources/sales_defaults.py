"""What a sales document needs before Exact sees it: lines, a journal, VAT codes.

Exact refuses a sales invoice, order or quotation without lines, asks for the sales journal
an invoice is booked in, and prices each line's VAT by its VAT code. A unified API user
should only have to name the customer and the items, so:

- a create without lines is refused by the map itself (`LinesMap.at_least`), with every
  other problem of the body;
- `credit_note_check` refuses a credit note line with a positive quantity (Exact's credit
  notes carry negative quantities; we keep Exact's signs, never flip them), naming each
  line by index, before any call;
- `document_prepare` fills the division's sales journal (the one with the lowest code, read
  from `financial/Journals`) when the body names none, and each line's VAT code from its
  item's `SalesVatCode` when the line names none (one read for all the lines' items).

The invoice type comes from the resource: invoices and credit notes write through
different maps (`INVOICE_MAP`, `CREDIT_NOTE_MAP`), each carrying its own Exact `Type`.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import reduce
from typing import Any, Literal

from exactbridge.actions._context import ActionContext
from exactbridge.actions._resource import Prepare
from exactbridge.client import F, Query
from exactbridge.errors import InvalidBody
from exactbridge.mappers import ResourceMap
from exactbridge.model import JournalType
from exactbridge.wire import parse_guid

__all__ = ["LINES", "credit_note_check", "document_prepare"]

LINES = "line_items"
"""The unified field holding a document's lines."""

_ITEMS_PER_CALL = 20
"""Items read per call (an `or` of ids; keeps the URL well under Exact's limits)."""


def _quantity(line: Any) -> Decimal | None:
    raw = line.get("quantity") if isinstance(line, Mapping) else getattr(line, "quantity", None)
    try:
        return None if raw is None else Decimal(str(raw))
    except InvalidOperation:
        return None  # the map reports the badly typed value


def credit_note_check(fields: Mapping[str, Any]) -> dict[str, str]:
    """A credit note's lines with a positive quantity, by index (`Writes.check`)."""
    lines = fields.get(LINES)
    if not isinstance(lines, list | tuple):
        return {}  # absent, or not a list: the map reports it
    return {
        f"{LINES}[{index}].quantity": "a credit note's quantities are negative (Exact's sign)"
        for index, line in enumerate(lines)
        if (quantity := _quantity(line)) is not None and quantity > 0
    }


def document_prepare(rmap: ResourceMap[Any], *, journal: bool) -> Prepare:
    """The defaults of a document create (`Writes.prepare`); updates pass unchanged.

    Args:
        rmap: the map the document is written with (its endpoint and line navigation).
        journal: the document is booked in a sales journal (invoices and credit notes).
    """
    assert rmap.lines is not None, f"{rmap.spec.path} has no lines"
    path, lines = rmap.spec.path, rmap.lines.exact

    async def prepare(
        context: ActionContext,
        division: int,
        method: Literal["POST", "PUT"],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        if method != "POST":
            return body
        embedded = body[lines]  # the map refuses a create without lines
        filled = dict(body)
        if journal and not filled.get("Journal"):
            filled["Journal"] = await context.defaults.journal(division, JournalType.SALES)
        filled[lines] = await _with_vat_codes(context, division, embedded, path)
        return filled

    return prepare


async def _with_vat_codes(
    context: ActionContext, division: int, embedded: list[dict[str, Any]], path: str
) -> list[dict[str, Any]]:
    """Each line with its item's sales VAT code where it names none; a line whose item the
    division does not have is named by its index."""
    needing = [
        (index, parse_guid(str(line["Item"])))
        for index, line in enumerate(embedded)
        if not line.get("VATCode") and line.get("Item")
    ]
    codes = await _sales_vat_codes(context, division, {item for _, item in needing})
    problems: dict[str, str] = {}
    filled = [dict(line) for line in embedded]
    for index, item in needing:
        if item not in codes:
            problems[f"{LINES}[{index}].item_id"] = f"no item {item} in division {division}"
        elif codes[item]:
            filled[index]["VATCode"] = codes[item]
    if problems:
        msg = f"invalid POST body for {path}: " + ", ".join(
            f"{name} ({why})" for name, why in sorted(problems.items())
        )
        raise InvalidBody(msg, path=path, method="POST", problems=problems)
    return filled


async def _sales_vat_codes(
    context: ActionContext, division: int, items: set[str]
) -> dict[str, str]:
    """`SalesVatCode` by item id (empty when the item has none), a few items per call.

    Read here rather than through `DivisionDefaults.item`, whose `$select` names a property
    `logistics/Items` does not have (`PurchaseVatCode`) and is refused before any call.
    """
    found: dict[str, str] = {}
    ordered = sorted(items)
    for start in range(0, len(ordered), _ITEMS_PER_CALL):
        terms = [F("ID") == item for item in ordered[start : start + _ITEMS_PER_CALL]]
        query = Query("logistics/Items").select("ID", "SalesVatCode")
        query = query.where(reduce(operator.or_, terms))
        async for envelope in context.client.pages(division, query):
            for row in envelope.rows:
                found[parse_guid(str(row["ID"]))] = str(row.get("SalesVatCode") or "").strip()
    return found
