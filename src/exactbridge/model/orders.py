"""Sales orders and quotes: what a customer ordered, and what was offered to them.

Sources: `salesorder/SalesOrders` (+ `SalesOrderLines`) and `crm/Quotations` (+
`QuotationLines`). Both are item documents built on the same bases as invoices
(`SalesDocument`, `SalesLine`): a customer, item lines priced from the item, totals Exact
computes. Exact's numeric statuses become lower_snake enums.

A quotation's status only moves through Exact's action endpoints (`crm/AcceptQuotation`,
`crm/PrintQuotation`, ...), never by an update, so `Quote.status` is read only. Exact keeps
each revision of a quotation as its own record (`version`), with the same number.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from exactbridge.model._base import Money
from exactbridge.model.sales import SalesDocument, SalesLine

__all__ = [
    "ApprovalStatus",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "SalesOrder",
    "SalesOrderLine",
    "SalesOrderStatus",
]


class SalesOrderStatus(StrEnum):
    """Exact's one code set for an order, its delivery and its invoicing: 12, 20, 21, 45."""

    OPEN = "open"  # 12: nothing delivered or invoiced yet
    PARTIAL = "partial"  # 20
    COMPLETE = "complete"  # 21: no more changes
    CANCELLED = "cancelled"  # 45: set in Exact's screens only


class ApprovalStatus(StrEnum):
    """Exact `ApprovalStatus` of a sales order: 0, 1, 2."""

    AWAITING_APPROVAL = "awaiting_approval"  # 0
    APPROVED_AUTOMATICALLY = "approved_automatically"  # 1
    APPROVED = "approved"  # 2


class QuoteStatus(StrEnum):
    """Exact quotation `Status`: 5, 6, 10, 20, 25, 35, 40, 50, 60, 70."""

    REJECTED = "rejected"  # 5
    REVIEWED = "reviewed"  # 6: reviewed and closed; a newer version replaces it
    RECOVERY = "recovery"  # 10
    DRAFT = "draft"  # 20: every new quotation (and every new version)
    OPEN = "open"  # 25
    PROCESSING = "processing"  # 35
    PRINTED = "printed"  # 40
    ACCEPTED = "accepted"  # 50
    AWAITING_ONLINE_ACCEPTANCE = "awaiting_online_acceptance"  # 60
    ACCEPTED_WITH_PROCESSING_ERROR = "accepted_with_processing_error"  # 70


class SalesOrderLine(SalesLine):
    """A line of a sales order (`salesorder/SalesOrderLines`)."""

    project_id: str | None = Field(default=None, description="Exact `Project` (GUID).")
    delivery_date: date | None = Field(
        default=None, description="Exact `DeliveryDate`; defaults to the order's."
    )
    quantity_delivered: Money | None = Field(
        default=None, description="Exact `QuantityDelivered` (read only)."
    )
    quantity_invoiced: Money | None = Field(
        default=None, description="Exact `QuantityInvoiced` (read only)."
    )


class SalesOrder(SalesDocument):
    """A sales order (`salesorder/SalesOrders`): read, create, update, delete."""

    invoice_to_id: str | None = Field(
        default=None,
        description="Exact `InvoiceTo` (GUID): the account billed; defaults to the customer. "
        "Create only.",
    )
    number: str | None = Field(
        default=None, description="Exact `OrderNumber`; the next free number when not given."
    )
    issue_date: date | None = Field(
        default=None, description="Exact `OrderDate`; today when not given."
    )
    delivery_date: date | None = Field(
        default=None, description="Exact `DeliveryDate`; defaults to the order date."
    )
    payment_reference: str | None = Field(default=None, description="Exact `PaymentReference`.")
    notes: str | None = Field(default=None, description="Exact `Remarks`.")
    status: SalesOrderStatus | None = Field(
        default=None, description="Exact `Status` (read only): follows delivery and invoicing."
    )
    delivery_status: SalesOrderStatus | None = Field(
        default=None, description="Exact `DeliveryStatus` (read only)."
    )
    invoice_status: SalesOrderStatus | None = Field(
        default=None, description="Exact `InvoiceStatus` (read only)."
    )
    approval_status: ApprovalStatus | None = Field(
        default=None, description="Exact `ApprovalStatus` (read only)."
    )
    line_items: list[SalesOrderLine] | None = Field(
        default=None,
        description="Exact `SalesOrderLines`, in line order; None when not read (not expanded).",
    )


class QuoteLine(SalesLine):
    """A line of a quotation (`crm/QuotationLines`)."""

    is_optional: bool = Field(
        default=False, description="Exact `Optional` (read only): an optional extra."
    )


class Quote(SalesDocument):
    """A quotation (`crm/Quotations`), one version of it: read, create, update, delete."""

    invoice_to_id: str | None = Field(
        default=None,
        description="Exact `InvoiceAccount` (GUID): the account to bill; defaults to the "
        "customer. Create only.",
    )
    number: str | None = Field(
        default=None,
        description="Exact `QuotationNumber`, shared by all versions; the next free number "
        "when not given.",
    )
    version: int | None = Field(
        default=None, description="Exact `VersionNumber` (read only): 1, then +1 per review."
    )
    issue_date: date | None = Field(
        default=None, description="Exact `QuotationDate`; today when not given."
    )
    expiry_date: date | None = Field(
        default=None,
        description="Exact `DueDate`: valid until; 30 days after the quotation date by default.",
    )
    delivery_date: date | None = Field(default=None, description="Exact `DeliveryDate`.")
    expected_close_date: date | None = Field(
        default=None, description="Exact `ClosingDate`: when the deal is expected to close."
    )
    closed_date: date | None = Field(
        default=None, description="Exact `CloseDate` (read only): when accepted or rejected."
    )
    notes: str | None = Field(default=None, description="Exact `Remarks`.")
    status: QuoteStatus | None = Field(
        default=None, description="Exact `Status` (read only; changed by Exact's actions)."
    )
    line_items: list[QuoteLine] | None = Field(
        default=None,
        description="Exact `QuotationLines`, in line order; None when not read (not expanded).",
    )
