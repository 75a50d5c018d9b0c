"""Sales documents: invoices and credit notes, with the bases orders and quotes share.

Exact keeps sales invoices in two places, and the unified `Invoice` reads both:

- `salesinvoice/SalesInvoices` (+ `SalesInvoiceLines`): item-based invoicing. An invoice is
  created open (or as a draft), may change while it is open, and is processed (printed) into
  the books, which makes it final and gives it its invoice number.
- `salesentry/SalesEntries` (+ `SalesEntryLines`): invoices booked straight into a sales
  journal (made outside Exact, or typed in by the bookkeeper): G/L account lines, no items.

`source` tells which endpoint holds a record, because an update must go back to it.

Credit notes are the same documents with Exact's credit `Type` (8021/8024 on sales invoices,
21 on sales entries). They get their own model, `CreditNote`, with the same fields as
`Invoice` (both build on `SalesInvoiceFields`), because:

- Merge, Apideck and Codat expose credit notes as a resource of their own, and so does the
  unified API (`credit_notes`), with its own JSON Schema;
- the class says what a record is: the mappers refuse an `Invoice` where a `CreditNote` is
  expected, each class's `type` enum only holds its own Exact types, and a create through the
  credit-note map always carries the credit type;
- the shape is the same because Exact's is: same endpoints, same lines (`InvoiceLine`).

Amounts keep Exact's signs: a credit note's quantities (sales invoices) or line amounts
(sales entries) are negative, and so are its totals. Exact does not flip them and neither
do we, so invoices and credit notes add up the way the ledger does.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from exactbridge.model._base import CurrencyCode, LineItem, Money, UnifiedRecord

__all__ = [
    "CreditNote",
    "CreditNoteType",
    "Invoice",
    "InvoiceLine",
    "InvoiceSource",
    "InvoiceStatus",
    "InvoiceType",
    "SalesDocument",
    "SalesInvoiceFields",
    "SalesLine",
]

_MONEY: Final[TypeAdapter[Decimal]] = TypeAdapter(Money)


class SalesLine(LineItem):
    """What every sales document line carries (invoice, entry, order and quotation lines).

    A field stays None where the line endpoint lacks the property (entry lines have no item).
    """

    item_id: str | None = Field(
        default=None, description="Exact `Item` (GUID), the item sold; not on sales entry lines."
    )
    item_code: str | None = Field(
        default=None, description="Exact `ItemCode` (read only; invoice and order lines)."
    )
    description: str | None = Field(
        default=None, description="Exact `Description`; Exact defaults it to the item's."
    )
    quantity: Money | None = Field(
        default=None, description="Exact `Quantity` (negative on credit notes and trade-ins)."
    )
    unit_code: str | None = Field(default=None, description="Exact `UnitCode` (e.g. `pc`).")
    unit_price: Money | None = Field(
        default=None, description="Exact `UnitPrice`: the price per unit before discount."
    )
    net_unit_price: Money | None = Field(
        default=None,
        description="Exact `NetPrice`: the unit price after the line discount. Exact keeps "
        "`UnitPrice` at 0 when only this is sent.",
    )
    discount_percentage: Money | None = Field(
        default=None,
        description="Exact `Discount` in percent: Exact's fraction 0.1 reads as 10.",
    )
    net_amount: Money | None = Field(
        default=None, description="Exact `AmountFC`: the line amount excluding VAT."
    )
    tax_code: str | None = Field(
        default=None, description="Exact `VATCode`, padding trimmed; defaults to the item's."
    )
    tax_percentage: Money | None = Field(
        default=None,
        description="Exact `VATPercentage` in percent: Exact's fraction 0.21 reads as 21.",
    )
    tax_amount: Money | None = Field(
        default=None,
        description="Exact `VATAmountFC` (`VATAmount` on sales order lines): the line's VAT.",
    )
    cost_center: str | None = Field(default=None, description="Exact `CostCenter` (a code).")
    cost_unit: str | None = Field(default=None, description="Exact `CostUnit` (a code).")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
    line_number: int | None = Field(
        default=None, description="Exact `LineNumber` (1-based, read only): the line's order."
    )


class InvoiceLine(SalesLine):
    """A line of an invoice or credit note (`SalesInvoiceLines` or `SalesEntryLines`)."""

    ledger_account_id: str | None = Field(
        default=None,
        description="Exact `GLAccount` (GUID): the revenue account; Exact defaults it to the "
        "item's on sales invoices, and sales entry lines need it.",
    )
    project_id: str | None = Field(default=None, description="Exact `Project` (GUID).")


def _money_or_none(value: Any) -> Decimal | None:
    return None if value is None else _MONEY.validate_python(value)


class SalesDocument(UnifiedRecord):
    """The header fields every sales document has (invoice, credit note, order, quote).

    Exact gives two of the three totals on each endpoint; the third is derived (total =
    total excluding tax + tax) so that every document carries all three, read only.
    """

    customer_id: str | None = Field(
        default=None,
        description="The customer (GUID): Exact `OrderedBy` on sales invoices and orders, "
        "`Customer` on sales entries, `OrderAccount` on quotations.",
    )
    customer_name: str | None = Field(
        default=None,
        description="Exact `OrderedByName`, `CustomerName` or `OrderAccountName` (read only).",
    )
    currency: CurrencyCode | None = Field(
        default=None, description="Exact `Currency`; the division's currency when not given."
    )
    total_amount: Money | None = Field(
        default=None,
        description="Exact `AmountFC`: the total including VAT in the document's currency "
        "(read only).",
    )
    tax_amount: Money | None = Field(
        default=None,
        description="Exact `VATAmountFC` (read only); derived as total minus total excluding "
        "tax on sales orders, which have no VAT total.",
    )
    total_excluding_tax: Money | None = Field(
        default=None,
        description="Exact `AmountFCExclVat` (read only); derived as total minus VAT on sales "
        "entries and quotations, which have no such total.",
    )
    description: str | None = Field(default=None, description="Exact `Description`.")
    your_reference: str | None = Field(
        default=None, description="Exact `YourRef`: the customer's reference (their PO number)."
    )
    payment_terms: str | None = Field(
        default=None,
        description="Exact `PaymentCondition` code; defaults to the customer's sales terms.",
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_totals(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names = ("total_amount", "tax_amount", "total_excluding_tax")
        missing = [name for name in names if data.get(name) is None]
        if len(missing) != 1:
            return data
        try:
            total, tax, net = (_money_or_none(data.get(name)) for name in names)
        except ValidationError:
            return data  # the field validators report it
        derived = {
            "total_amount": None if net is None or tax is None else net + tax,
            "tax_amount": None if total is None or net is None else total - net,
            "total_excluding_tax": None if total is None or tax is None else total - tax,
        }
        return {**data, missing[0]: derived[missing[0]]}


class InvoiceSource(StrEnum):
    """The Exact endpoint holding an invoice or credit note (where updates go)."""

    SALES_INVOICE = "sales_invoice"  # salesinvoice/SalesInvoices
    SALES_ENTRY = "sales_entry"  # salesentry/SalesEntries


class InvoiceStatus(StrEnum):
    """Exact `Status` of sales invoices (10, 20, 50) and sales entries (5, 20, 50)."""

    DRAFT = "draft"  # 10, sales invoices
    OPEN = "open"  # 20: may still change
    PROCESSED = "processed"  # 50: final, no more changes (a printed invoice)
    REJECTED = "rejected"  # 5, sales entries


class InvoiceType(StrEnum):
    """Exact `Type` of an invoice: 8020 (entries: 20) invoice, 8023 direct invoice."""

    INVOICE = "invoice"
    DIRECT_INVOICE = "direct_invoice"  # delivered from stock at invoicing (wholesale)


class CreditNoteType(StrEnum):
    """Exact `Type` of a credit note: 8021 (entries: 21) credit note, 8024 direct."""

    CREDIT_NOTE = "credit_note"
    DIRECT_CREDIT_NOTE = "direct_credit_note"


class SalesInvoiceFields(SalesDocument):
    """The fields `Invoice` and `CreditNote` share (everything but `type`)."""

    source: InvoiceSource | None = Field(
        default=None,
        description="The Exact endpoint holding the record: `salesinvoice/SalesInvoices` or "
        "`salesentry/SalesEntries` (read only).",
    )
    invoice_to_id: str | None = Field(
        default=None,
        description="Exact `InvoiceTo` (GUID, sales invoices): the account billed; defaults "
        "to the customer. Create only.",
    )
    number: str | None = Field(
        default=None,
        description="Exact `InvoiceNumber` (read only): given when a sales invoice is processed "
        "or a sales entry booked (`YY` + journal + sequence).",
    )
    order_number: str | None = Field(default=None, description="Exact `OrderNumber`.")
    issue_date: date | None = Field(
        default=None,
        description="Exact `InvoiceDate` on sales invoices (read only: it follows `order_date` "
        "until the invoice is processed), `EntryDate` on sales entries.",
    )
    order_date: date | None = Field(
        default=None,
        description="Exact `OrderDate` (sales invoices): the invoice's date until it is "
        "processed; set it to date a new invoice.",
    )
    due_date: date | None = Field(
        default=None, description="Exact `DueDate`; Exact computes it from the payment terms."
    )
    journal_code: str | None = Field(
        default=None,
        description="Exact `Journal`: the sales journal's code (`70`). Create only.",
    )
    payment_reference: str | None = Field(default=None, description="Exact `PaymentReference`.")
    notes: str | None = Field(default=None, description="Exact `Remarks` (sales invoices).")
    status: InvoiceStatus | None = Field(default=None, description="Exact `Status` (read only).")
    line_items: list[InvoiceLine] | None = Field(
        default=None,
        description="Exact `SalesInvoiceLines` or `SalesEntryLines`, in line order; None when "
        "the lines were not read (not expanded).",
    )


class Invoice(SalesInvoiceFields):
    """A sales invoice (`salesinvoice/SalesInvoices` or `salesentry/SalesEntries`)."""

    type: InvoiceType = Field(
        default=InvoiceType.INVOICE,
        description="Exact `Type`: 8020 invoice, 8023 direct invoice (sales entries: 20).",
    )


class CreditNote(SalesInvoiceFields):
    """A sales credit note: an invoice of Exact's credit type, with negative amounts."""

    type: CreditNoteType = Field(
        default=CreditNoteType.CREDIT_NOTE,
        description="Exact `Type`: 8021 credit note, 8024 direct credit note (21 on entries).",
    )
