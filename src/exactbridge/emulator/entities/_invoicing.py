"""Processing a sales invoice: status 50, an invoice number, a booking, a printed PDF.

`salesinvoice/PrintedSalesInvoices` (a POST naming an open invoice) processes it: the
invoice becomes final (status 50, no more changes), gets its invoice number if it had none
(`YY` + journal + sequence, shared with the journal's sales entries), is booked like a
sales entry (receivable debited, revenue and VAT credited, a receivable opened) and is
printed: a document of type 10 (sales invoice) with the PDF attached, whose key the answer
echoes in `Document`. Invoices created as processed (seed data) are numbered and booked
the same way, without a printed document.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any, Final

from exactbridge.emulator.entities._booking import (
    PROCESSED,
    child_context,
    claim,
    next_number,
    spec_of,
    status_description,
)
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.ledger import journal
from exactbridge.emulator.ledger.books import Books, relation_of
from exactbridge.emulator.ledger.invoice_pdf import InvoiceLine, PrintedInvoice, invoice_pdf
from exactbridge.emulator.ledger.money import cents
from exactbridge.emulator.ledger.posting import Head, Item, PostingError, post_invoice
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["PrintedSalesInvoiceBehaviour", "book_invoice", "number_processed"]

_INVOICES: Final = "salesinvoice/SalesInvoices"
_LINES: Final = "salesinvoice/SalesInvoiceLines"
_OPEN: Final = 20
_CREDIT_NOTES: Final = frozenset({8021, 8024})
_SALES_INVOICE_DOCUMENT: Final = 10


def _period(ctx: Context, day: datetime, year: int | None, period: int | None) -> tuple[int, int]:
    books = Books(ctx)
    if year is not None and period is not None:
        books.check_period(year, period)
        return year, period
    return books.period_of(day)


def number_processed(ctx: Context, invoice: Row) -> None:
    """Give an invoice created as processed its invoice number (before it is saved)."""
    if invoice.get("InvoiceNumber") is None and invoice.get("Journal"):
        year, _ = Books(ctx).period_of(invoice["InvoiceDate"])
        invoice["InvoiceNumber"] = next_number(ctx, year, invoice["Journal"])


def book_invoice(
    ctx: Context, invoice: Row, year: int | None = None, period: int | None = None
) -> None:
    """Book a processed invoice (its lines as saved) and take its number."""
    books = Books(ctx)
    year, period = _period(ctx, invoice["InvoiceDate"], year, period)
    customer = books.account(invoice.get("InvoiceTo"), "InvoiceTo")
    head = Head(
        entry_id=invoice["InvoiceID"],
        type=21 if invoice.get("Type") in _CREDIT_NOTES else 20,
        journal_code=invoice["Journal"].strip(),
        journal_description=invoice.get("JournalDescription"),
        date=invoice["InvoiceDate"],
        year=year,
        period=period,
        entry_number=invoice["InvoiceNumber"],
        status=PROCESSED,
        description=invoice.get("Description"),
        relation=relation_of(customer),
        relation_gl=books.receivable_gl(customer),
        invoice_number=invoice["InvoiceNumber"],
        your_ref=invoice.get("YourRef"),
        due_date=invoice.get("DueDate"),
        payment_reference=invoice.get("PaymentReference"),
        payment_condition=invoice.get("PaymentCondition"),
        payment_condition_description=invoice.get("PaymentConditionDescription"),
        order_number=invoice.get("OrderNumber"),
        currency=invoice.get("Currency") or "EUR",
    )
    lines = ctx.children(_LINES, "InvoiceID", invoice["InvoiceID"])
    items = [
        Item(
            gl=books.gl(line.get("GLAccount")),
            amount=cents(line.get("AmountFC")),
            vat=books.vat(line.get("VATCode")),
            vat_amount=cents(line.get("VATAmountFC")),
            description=line.get("Description"),
            quantity=line.get("Quantity"),
            notes=line.get("Notes"),
            cost_center=line.get("CostCenter"),
            cost_unit=line.get("CostUnit"),
            project=line.get("Project"),
            item=line.get("Item"),
            item_code=line.get("ItemCode"),
            item_description=line.get("ItemDescription"),
        )
        for line in sorted(lines, key=lambda line: (line.get("LineNumber") or 0, line["ID"]))
    ]
    try:
        posted = post_invoice(head, items, "sales")
    except PostingError as error:
        raise ctx.refuse(error.kind, error.name) from None
    condition = ctx.find("cashflow/PaymentConditions", "Code", invoice.get("PaymentCondition"))
    claim(ctx, year, invoice["Journal"], invoice["InvoiceNumber"])
    journal.unbook(ctx, invoice["InvoiceID"])
    journal.book(ctx, head, posted, journal.stamp_of(ctx, invoice), payment=condition)


class PrintedSalesInvoiceBehaviour(Behaviour):
    """The print action: checks the invoice, then processes, books and prints it.

    The work happens at the end of `validate`, the last step before the echo row is saved,
    so that the answer carries the created document and nothing can refuse afterwards.
    """

    client_key = True

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        invoice = ctx.lookup(_INVOICES, row.get("InvoiceID"))
        if invoice is None:
            raise ctx.refuse("invalid_reference", "InvoiceID")
        if invoice.get("Status") == PROCESSED:
            raise ctx.refuse("processed")
        if invoice.get("Status") != _OPEN:
            raise ctx.refuse("status", "SalesInvoice", "Draft")
        day = row.get("InvoiceDate") or invoice["InvoiceDate"]
        year, period = _period(ctx, day, row.get("ReportingYear"), row.get("ReportingPeriod"))
        number = invoice.get("InvoiceNumber") or next_number(ctx, year, invoice["Journal"])
        processed = dict(invoice) | {
            "Status": PROCESSED,
            "StatusDescription": status_description(PROCESSED),
            "InvoiceNumber": number,
            "InvoiceDate": day,
            "Modified": ctx.now_local,
            "Modifier": ctx.store.user.get("UserID"),
            "ModifierFullName": ctx.store.user.get("FullName"),
        }
        book_invoice(ctx, processed, year, period)  # refuses before anything is written
        ctx.store.save(ctx.division, spec_of(_INVOICES), processed, "update")
        document = _print(ctx, processed)
        for name, value in (("Document", document), ("InvoiceDate", day),
                            ("ReportingYear", year), ("ReportingPeriod", period),
                            ("DocumentCreationSuccess", "Document has been created.")):  # fmt: skip
            put(spec, row, name, value)
        if row.get("SendEmailToCustomer"):
            put(spec, row, "EmailCreationSuccess", "E-mail has been created.")


def _print(ctx: Context, invoice: Row) -> str:
    """Create the invoice's document with its PDF attached; returns the document's key."""
    from exactbridge.emulator import records  # noqa: PLC0415 - records imports behaviours

    number = str(invoice["InvoiceNumber"])
    documents = spec_of("documents/Documents")
    wanted: dict[str, Any] = {
        "Subject": f"Sales invoice {number}",
        "Type": _SALES_INVOICE_DOCUMENT,
        "Account": invoice.get("InvoiceTo"),
        "DocumentDate": invoice.get("InvoiceDate"),
        "SalesInvoiceNumber": invoice["InvoiceNumber"],
        "FinancialTransactionEntryID": invoice["InvoiceID"],
        "AmountFC": invoice.get("AmountFC"),
        "Currency": invoice.get("Currency") or "EUR",
    }
    values = {k: v for k, v in wanted.items() if documents.field(k) is not None}
    document = records.create(child_context(ctx), documents, values, trusted=True)
    pdf = invoice_pdf(_printed(ctx, invoice))
    attachment = {
        "Document": document["ID"],
        "FileName": f"Invoice {number}.pdf",
        "Attachment": base64.b64encode(pdf).decode("ascii"),
    }
    records.create(
        child_context(ctx), spec_of("documents/DocumentAttachments"), attachment, trusted=True
    )
    return str(document["ID"])


def _amount(value: Any) -> str:
    return f"{cents(value):,.2f}"


def _printed(ctx: Context, invoice: Row) -> PrintedInvoice:
    customer = ctx.lookup("crm/Accounts", invoice.get("InvoiceTo")) or {}
    address = [
        text
        for text in (
            customer.get("AddressLine1"),
            " ".join(p for p in (customer.get("Postcode"), customer.get("City")) if p),
            customer.get("CountryName"),
        )
        if text
    ]
    lines = ctx.children(_LINES, "InvoiceID", invoice["InvoiceID"])
    printed = [
        InvoiceLine(
            description=line.get("Description") or "",
            quantity=f"{line.get('Quantity') or 0:g}",
            unit_price=_amount(line.get("NetPrice")),
            amount=_amount(line.get("AmountFC")),
        )
        for line in sorted(lines, key=lambda line: (line.get("LineNumber") or 0, line["ID"]))
    ]
    due = invoice.get("DueDate")
    return PrintedInvoice(
        seller=str(ctx.division.info.get("Description") or ""),
        number=str(invoice["InvoiceNumber"]),
        date=invoice["InvoiceDate"].strftime("%d-%m-%Y"),
        due_date=due.strftime("%d-%m-%Y") if due else "",
        customer=str(customer.get("Name") or ""),
        customer_address=address,
        your_ref=invoice.get("YourRef"),
        description=invoice.get("Description"),
        lines=printed,
        net=_amount(invoice.get("AmountFCExclVat")),
        vat=_amount(invoice.get("VATAmountFC")),
        total=_amount(invoice.get("AmountFC")),
        currency=invoice.get("Currency") or "EUR",
    )
