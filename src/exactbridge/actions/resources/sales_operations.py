"""Named operations on sales documents: finalize an invoice, fetch its PDF, accept or reject
a quote.

Exact does these through POST-only action endpoints keyed by the record they act on, not
through updates: `salesinvoice/PrintedSalesInvoices` processes an open invoice (status 50,
numbered, booked in the ledger, final) and prints it into a document with the PDF attached;
`crm/AcceptQuotation` and `crm/RejectQuotation` move a quotation's status. Each operation
returns the record as Exact keeps it afterwards (`pdf` returns the file's bytes). Exact's
refusals (an invoice processed already, a quotation accepted already) come back typed
through `Actions.perform`, with Exact's own text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from exactbridge.actions._resource import Run
from exactbridge.client import F, Query
from exactbridge.errors import NotFound, UnsupportedOperation
from exactbridge.exact.documents import DOCUMENT_ATTACHMENTS, DOCUMENTS
from exactbridge.exact.quotations import ACCEPT_QUOTATION, REJECT_QUOTATION
from exactbridge.exact.salesinvoice import PRINTED_SALES_INVOICES
from exactbridge.model.sales import Invoice, InvoiceSource

if TYPE_CHECKING:
    from exactbridge.actions._actions import Actions
    from exactbridge.model.orders import Quote

__all__ = ["accept_quote", "finalize_invoice", "invoice_pdf", "reject_quote"]

_SALES_INVOICE_DOCUMENT: Final = 10
"""Exact document `Type` of a printed sales invoice."""


async def _sales_invoice(actions: Actions, division: int, invoice_id: str, operation: str) -> Any:
    """The invoice, refusing one booked straight into a sales journal (it has no print)."""
    invoice: Invoice = await actions.get("invoices", division, invoice_id)
    if invoice.source is InvoiceSource.SALES_ENTRY:
        msg = (
            f"invoice {invoice_id} is a booked sales entry; {operation} applies to sales "
            "invoices (salesinvoice/SalesInvoices) only"
        )
        raise UnsupportedOperation(msg, resource="invoices", operation=operation)
    return invoice


async def finalize_invoice(actions: Actions, division: int, *, invoice_id: str) -> Invoice:
    """Process an open sales invoice: Exact numbers it, books it and prints it; final after.

    Raises:
        NotFound: no invoice (credit notes are not invoices) has that id.
        UnsupportedOperation: the invoice is a sales entry (booked already).
        RecordLocked: Exact refuses: the invoice has been processed already.
    """
    invoice = await _sales_invoice(actions, division, invoice_id, "finalize")
    await actions.client.create(division, PRINTED_SALES_INVOICES.path, {"InvoiceID": invoice.id})
    finalized: Invoice = await actions.get("invoices", division, invoice.id)
    return finalized


async def invoice_pdf(actions: Actions, division: int, *, invoice_id: str) -> bytes:
    """The PDF Exact printed when the invoice was finalized (the attachment of the sales
    invoice document `PrintedSalesInvoices` created for it).

    Raises:
        NotFound: no such invoice, or it was never printed (finalize it first).
    """
    invoice = await _sales_invoice(actions, division, invoice_id, "pdf")
    documents = (
        Query(DOCUMENTS.path)
        .select("ID")
        .where(
            (F("FinancialTransactionEntryID") == invoice.id)
            & (F("Type") == _SALES_INVOICE_DOCUMENT)
        )
    )
    async for envelope in actions.client.pages(division, documents):
        for document in envelope.rows:
            attachments = (
                Query(DOCUMENT_ATTACHMENTS.path)
                .select("FileName", "Url")
                .where(F("Document") == str(document["ID"]))
            )
            async for page in actions.client.pages(division, attachments):
                for row in page.rows:
                    if str(row.get("FileName") or "").lower().endswith(".pdf"):
                        return await actions.client.download(str(row["Url"]), division=division)
    msg = f"invoice {invoice_id} has no printed document in division {division}; finalize it"
    raise NotFound(msg)


def _quotation_action(endpoint: str) -> Callable[..., Any]:
    """An operation POSTing a quotation's id to a workflow endpoint, then reading it back."""

    async def run(actions: Actions, division: int, *, quote_id: str) -> Quote:
        await actions.client.create(division, endpoint, {"QuotationID": quote_id})
        quote: Quote = await actions.get("quotes", division, quote_id)
        return quote

    run.__doc__ = f"POST the quotation to `{endpoint}`; returns the quote as Exact keeps it."
    return run


accept_quote: Run = _quotation_action(ACCEPT_QUOTATION.path)
"""Accept a draft, open or printed quote (status `accepted`, closed today)."""

reject_quote: Run = _quotation_action(REJECT_QUOTATION.path)
"""Reject a draft, open or printed quote (status `rejected`, closed today)."""
