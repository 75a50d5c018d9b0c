"""Sales documents: invoices, credit notes, sales orders, quotes.

Exact keeps invoices and credit notes in the same two tables (`salesinvoice/SalesInvoices`
for item invoicing, `salesentry/SalesEntries` for invoices booked straight into a sales
journal) and tells them apart by `Type`; each resource reads both tables, its rows picked
by a `$filter` on the credit types and routed by `is_credit_note_row`. Writes go through
`SalesInvoices` only: an open invoice may change or be deleted, a processed one is final
(Exact refuses, raised as `RecordLocked`). Every document create is checked for lines and
gets its defaults (sales journal, VAT codes) from `sales_defaults`; creates are idempotent
by the customer's reference and the customer together.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exactbridge.actions._resource import Operation, Resource, Source, Writes
from exactbridge.actions.resources.sales_defaults import credit_note_check, document_prepare
from exactbridge.actions.resources.sales_operations import (
    accept_quote,
    finalize_invoice,
    invoice_pdf,
    reject_quote,
)
from exactbridge.exact.documents import DOCUMENT_ATTACHMENTS
from exactbridge.exact.quotations import ACCEPT_QUOTATION, REJECT_QUOTATION
from exactbridge.exact.salesinvoice import PRINTED_SALES_INVOICES
from exactbridge.mappers.orders import QUOTE_MAP, SALES_ORDER_MAP
from exactbridge.mappers.sales import (
    CREDIT_NOTE_ENTRY_MAP,
    CREDIT_NOTE_MAP,
    CREDIT_NOTE_TYPES,
    INVOICE_ENTRY_MAP,
    INVOICE_MAP,
    is_credit_note_row,
)

__all__ = ["SALES"]

_CREDIT = " or ".join(f"Type eq {code}" for code in sorted(CREDIT_NOTE_TYPES))
_NOT_CREDIT = " and ".join(f"Type ne {code}" for code in sorted(CREDIT_NOTE_TYPES))
_ENTRIES = "booked sales entries (no items); read only here"
_DEFAULTS = "journal defaults to the division's sales journal, line VAT codes to the item's"
_OPEN_INVOICE = "open invoices only: a processed (finalized) one is refused as RecordLocked"
_LIVE_QUOTE = "draft, open or printed quotes only; others are refused as RecordLocked"


def _is_invoice_row(row: Mapping[str, Any]) -> bool:
    return not is_credit_note_row(row)


SALES = (
    Resource(
        name="invoices",
        summary="Sales invoices (open or processed) and invoices booked in a sales journal.",
        sources=(
            Source(
                INVOICE_MAP, filter=_NOT_CREDIT, where=_is_invoice_row, expand="SalesInvoiceLines"
            ),
            Source(
                INVOICE_ENTRY_MAP,
                filter=_NOT_CREDIT,
                where=_is_invoice_row,
                expand="SalesEntryLines",
                caveat=_ENTRIES,
            ),
        ),
        writes=Writes(
            INVOICE_MAP,
            update=True,
            delete=True,
            prepare=document_prepare(INVOICE_MAP, journal=True),
            identity=("YourRef", "OrderedBy"),
            identity_needed=2,
            caveats={"create": _DEFAULTS, "update": _OPEN_INVOICE, "delete": _OPEN_INVOICE},
        ),
        operations=(
            Operation(
                "finalize",
                PRINTED_SALES_INVOICES.path,
                finalize_invoice,
                "Process an open invoice: numbered, booked in the ledger, printed.",
                caveat="irreversible: a finalized invoice can no longer change or be deleted",
            ),
            Operation(
                "pdf",
                DOCUMENT_ATTACHMENTS.path,
                invoice_pdf,
                "The PDF printed when the invoice was finalized.",
                caveat="finalized invoices only: the PDF is the document their printing made",
            ),
        ),
    ),
    Resource(
        name="credit_notes",
        summary="Sales credit notes: invoices of Exact's credit type, negative amounts.",
        sources=(
            Source(
                CREDIT_NOTE_MAP,
                filter=_CREDIT,
                where=is_credit_note_row,
                expand="SalesInvoiceLines",
            ),
            Source(
                CREDIT_NOTE_ENTRY_MAP,
                filter=_CREDIT,
                where=is_credit_note_row,
                expand="SalesEntryLines",
                caveat=_ENTRIES,
            ),
        ),
        writes=Writes(
            CREDIT_NOTE_MAP,
            prepare=document_prepare(CREDIT_NOTE_MAP, journal=True),
            check=credit_note_check,
            identity=("YourRef", "OrderedBy"),
            identity_needed=2,
            caveats={"create": f"negative quantities; {_DEFAULTS}"},
        ),
    ),
    Resource(
        name="sales_orders",
        summary="Sales orders with their lines.",
        sources=(Source(SALES_ORDER_MAP, expand="SalesOrderLines"),),
        writes=Writes(
            SALES_ORDER_MAP,
            update=True,
            delete=True,
            prepare=document_prepare(SALES_ORDER_MAP, journal=False),
            identity=("YourRef", "OrderedBy"),
            identity_needed=2,
            caveats={
                "create": "line VAT codes default to the item's",
                "update": "refused (RecordLocked) once complete or cancelled",
                "delete": "refused (RecordLocked) once partly or fully delivered or invoiced",
            },
        ),
    ),
    Resource(
        name="quotes",
        summary="Quotations (offers) with their lines; each version is its own record.",
        sources=(Source(QUOTE_MAP, expand="QuotationLines"),),
        writes=Writes(
            QUOTE_MAP,
            update=True,
            delete=True,
            prepare=document_prepare(QUOTE_MAP, journal=False),
            identity=("YourRef", "OrderAccount"),
            identity_needed=2,
            caveats={
                "create": "line VAT codes default to the item's",
                "update": _LIVE_QUOTE,
                "delete": _LIVE_QUOTE,
            },
        ),
        operations=(
            Operation(
                "accept",
                ACCEPT_QUOTATION.path,
                accept_quote,
                "Accept a quote: status accepted, closed today.",
                caveat=_LIVE_QUOTE,
            ),
            Operation(
                "reject",
                REJECT_QUOTATION.path,
                reject_quote,
                "Reject a quote: status rejected, closed today.",
                caveat=_LIVE_QUOTE,
            ),
        ),
    ),
)
