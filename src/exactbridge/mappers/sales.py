"""Mappers for sales invoices and credit notes, and the field tables all sales documents share.

Four maps, two per endpoint, because Exact keeps invoices and credit notes in the same tables
and tells them apart by `Type` (route a row with `is_credit_note_row`):

- `INVOICE_MAP` and `CREDIT_NOTE_MAP` over `salesinvoice/SalesInvoices`: read, create (with
  embedded `SalesInvoiceLines`, each line naming an item) and update while the invoice is
  open; a processed invoice (status 50) is final. A create through `CREDIT_NOTE_MAP` carries
  the credit type 8021 unless the record says 8024 (direct); its lines carry negative
  quantities, as Exact wants them.
- `INVOICE_ENTRY_MAP` and `CREDIT_NOTE_ENTRY_MAP` over `salesentry/SalesEntries`: booked
  invoices, read only in the unified model (Exact derives the entry's type from the sign of
  its total, 20 or 21).

Each map also sets `source` (which endpoint holds the record) from the row's key, so that a
record read from either table says where its updates go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from exactbridge.errors import WireFormatError
from exactbridge.exact.salesentry import SALES_ENTRIES, SALES_ENTRY_LINES
from exactbridge.exact.salesinvoice import SALES_INVOICE_LINES, SALES_INVOICES
from exactbridge.mappers._codecs import CODE, DAY, GUID, INTEGER, NUMBER, TEXT, Choice, Codec
from exactbridge.mappers._core import FieldMap, LinesMap, ResourceMap
from exactbridge.mappers.ledger import PERCENT
from exactbridge.model.sales import (
    CreditNote,
    CreditNoteType,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
    InvoiceType,
)

__all__ = [
    "CREDIT_NOTE_ENTRY_MAP",
    "CREDIT_NOTE_MAP",
    "CREDIT_NOTE_TYPES",
    "DOCUMENT_FIELDS",
    "DOCUMENT_NUMBER",
    "INVOICE_ENTRY_MAP",
    "INVOICE_MAP",
    "ITEM_LINE_FIELDS",
    "LINE_FIELDS",
    "is_credit_note_row",
]


@dataclass(frozen=True)
class _DocumentNumber:
    """Exact's Int32 document numbers as text (`"24700006"`), as unified APIs carry numbers
    (other systems number with letters); sent back as the integer Exact expects."""

    def decode(self, wire: Any) -> str | None:
        if wire is None or wire == "":
            return None
        if isinstance(wire, bool):
            msg = f"expected a document number, got {wire!r}"
            raise WireFormatError(msg, value=wire)
        return str(wire).strip()

    def encode(self, value: Any) -> int | None:
        if value is None:
            return None
        text = str(value).strip()
        if not text.isdecimal():
            msg = f"Exact numbers documents with digits only, got {value!r}"
            raise WireFormatError(msg, value=value)
        return int(text)


@dataclass(frozen=True)
class _Source:
    """The endpoint a record was read from, decoded from the row's key (every row has one).

    The key is read only, so the mappers never encode it; `encode` refuses all but None.
    """

    source: InvoiceSource

    def decode(self, wire: Any) -> InvoiceSource | None:
        return None if wire is None else self.source

    def encode(self, value: Any) -> None:
        if value is not None:
            msg = "source is read only"
            raise WireFormatError(msg, value=value)


DOCUMENT_NUMBER: Codec = _DocumentNumber()

INVOICE_STATUS = Choice(
    {10: InvoiceStatus.DRAFT, 20: InvoiceStatus.OPEN, 50: InvoiceStatus.PROCESSED}
)
ENTRY_STATUS = Choice(
    {5: InvoiceStatus.REJECTED, 20: InvoiceStatus.OPEN, 50: InvoiceStatus.PROCESSED}
)
INVOICE_TYPE = Choice({8020: InvoiceType.INVOICE, 8023: InvoiceType.DIRECT_INVOICE})
CREDIT_NOTE_TYPE = Choice(
    {8021: CreditNoteType.CREDIT_NOTE, 8024: CreditNoteType.DIRECT_CREDIT_NOTE}
)
ENTRY_INVOICE_TYPE = Choice({20: InvoiceType.INVOICE})
ENTRY_CREDIT_NOTE_TYPE = Choice({21: CreditNoteType.CREDIT_NOTE})

CREDIT_NOTE_TYPES: Final[frozenset[int]] = frozenset(
    {*CREDIT_NOTE_TYPE.table, *ENTRY_CREDIT_NOTE_TYPE.table}
)
"""Exact `Type` codes of credit notes: 8021, 8024 (sales invoices), 21 (sales entries)."""

DOCUMENT_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("currency", "Currency", CODE),
    FieldMap("total_amount", "AmountFC", NUMBER),
    FieldMap("description", "Description", TEXT),
    FieldMap("your_reference", "YourRef", TEXT),
    FieldMap("payment_terms", "PaymentCondition", CODE),
)
"""Header properties every sales document endpoint has under the same name."""

LINE_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("description", "Description", TEXT),
    FieldMap("quantity", "Quantity", NUMBER),
    FieldMap("net_amount", "AmountFC", NUMBER),
    FieldMap("tax_code", "VATCode", CODE),
    FieldMap("tax_percentage", "VATPercentage", PERCENT),
    FieldMap("cost_center", "CostCenter", CODE),
    FieldMap("cost_unit", "CostUnit", CODE),
    FieldMap("notes", "Notes", TEXT),
    FieldMap("line_number", "LineNumber", INTEGER),
)
"""Line properties every sales document line endpoint has under the same name."""

ITEM_LINE_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("item_id", "Item", GUID),
    FieldMap("unit_code", "UnitCode", CODE),
    FieldMap("unit_price", "UnitPrice", NUMBER),
    FieldMap("net_unit_price", "NetPrice", NUMBER),
    FieldMap("discount_percentage", "Discount", PERCENT),
)
"""Line properties of item lines (invoices, orders, quotations; not sales entries)."""

_INVOICE_HEADER: tuple[FieldMap, ...] = (
    FieldMap("source", "InvoiceID", _Source(InvoiceSource.SALES_INVOICE)),
    *DOCUMENT_FIELDS,
    FieldMap("customer_id", "OrderedBy", GUID),
    FieldMap("customer_name", "OrderedByName", TEXT),
    FieldMap("invoice_to_id", "InvoiceTo", GUID),
    FieldMap("number", "InvoiceNumber", DOCUMENT_NUMBER),
    FieldMap("order_number", "OrderNumber", DOCUMENT_NUMBER),
    FieldMap("issue_date", "InvoiceDate", DAY),
    FieldMap("order_date", "OrderDate", DAY),
    FieldMap("due_date", "DueDate", DAY),
    FieldMap("tax_amount", "VATAmountFC", NUMBER),
    FieldMap("total_excluding_tax", "AmountFCExclVat", NUMBER),
    FieldMap("journal_code", "Journal", CODE),
    FieldMap("payment_reference", "PaymentReference", TEXT),
    FieldMap("notes", "Remarks", TEXT),
    FieldMap("status", "Status", INVOICE_STATUS),
)

_INVOICE_LINES: LinesMap[InvoiceLine] = LinesMap(
    unified="line_items",
    exact="SalesInvoiceLines",
    model=InvoiceLine,
    spec=SALES_INVOICE_LINES,
    fields=(
        *LINE_FIELDS,
        *ITEM_LINE_FIELDS,
        FieldMap("item_code", "ItemCode", CODE),
        FieldMap("tax_amount", "VATAmountFC", NUMBER),
        FieldMap("ledger_account_id", "GLAccount", GUID),
        FieldMap("project_id", "Project", GUID),
    ),
    required=(("item_id",),),
)

_ENTRY_HEADER: tuple[FieldMap, ...] = (
    FieldMap("source", "EntryID", _Source(InvoiceSource.SALES_ENTRY)),
    *DOCUMENT_FIELDS,
    FieldMap("customer_id", "Customer", GUID),
    FieldMap("customer_name", "CustomerName", TEXT),
    FieldMap("number", "InvoiceNumber", DOCUMENT_NUMBER),
    FieldMap("order_number", "OrderNumber", DOCUMENT_NUMBER),
    FieldMap("issue_date", "EntryDate", DAY),
    FieldMap("due_date", "DueDate", DAY),
    FieldMap("tax_amount", "VATAmountFC", NUMBER),
    FieldMap("journal_code", "Journal", CODE),
    FieldMap("payment_reference", "PaymentReference", TEXT),
    FieldMap("status", "Status", ENTRY_STATUS),
)

_ENTRY_LINES: LinesMap[InvoiceLine] = LinesMap(
    unified="line_items",
    exact="SalesEntryLines",
    model=InvoiceLine,
    spec=SALES_ENTRY_LINES,
    fields=(
        *LINE_FIELDS,
        FieldMap("tax_amount", "VATAmountFC", NUMBER),
        FieldMap("ledger_account_id", "GLAccount", GUID),
        FieldMap("project_id", "Project", GUID),
    ),
    required=(("ledger_account_id",),),
)

INVOICE_MAP: ResourceMap[Invoice] = ResourceMap(
    model=Invoice,
    spec=SALES_INVOICES,
    fields=(*_INVOICE_HEADER, FieldMap("type", "Type", INVOICE_TYPE)),
    required=(("customer_id",),),
    post_defaults={"Type": 8020},
    lines=_INVOICE_LINES,
)

CREDIT_NOTE_MAP: ResourceMap[CreditNote] = ResourceMap(
    model=CreditNote,
    spec=SALES_INVOICES,
    fields=(*_INVOICE_HEADER, FieldMap("type", "Type", CREDIT_NOTE_TYPE)),
    required=(("customer_id",),),
    post_defaults={"Type": 8021},
    lines=_INVOICE_LINES,
)

INVOICE_ENTRY_MAP: ResourceMap[Invoice] = ResourceMap(
    model=Invoice,
    spec=SALES_ENTRIES,
    fields=(*_ENTRY_HEADER, FieldMap("type", "Type", ENTRY_INVOICE_TYPE)),
    required=(("customer_id",),),
    lines=_ENTRY_LINES,
)

CREDIT_NOTE_ENTRY_MAP: ResourceMap[CreditNote] = ResourceMap(
    model=CreditNote,
    spec=SALES_ENTRIES,
    fields=(*_ENTRY_HEADER, FieldMap("type", "Type", ENTRY_CREDIT_NOTE_TYPE)),
    required=(("customer_id",),),
    lines=_ENTRY_LINES,
)


def is_credit_note_row(row: Mapping[str, Any]) -> bool:
    """True when a `SalesInvoices` or `SalesEntries` row is a credit note (by its `Type`)."""
    return row.get("Type") in CREDIT_NOTE_TYPES
