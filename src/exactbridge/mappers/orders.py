"""Mappers for sales orders (`salesorder/SalesOrders`) and quotes (`crm/Quotations`).

Both are writable in the unified model: read, create with embedded lines (each naming an
item), update the header, delete. Exact computes what the map leaves read only: numbers when
not given, line prices from the item, totals, statuses. A sales order that is complete or
cancelled no longer changes; a quotation changes only while it is a draft, open or printed,
and its status moves through Exact's action endpoints, not through these maps.
"""

from __future__ import annotations

from exactbridge.exact.quotations import QUOTATION_LINES, QUOTATIONS
from exactbridge.exact.salesorder import SALES_ORDER_LINES, SALES_ORDERS
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, INTEGER, NUMBER, TEXT, Choice
from exactbridge.mappers._core import FieldMap, LinesMap, ResourceMap
from exactbridge.mappers.sales import (
    DOCUMENT_FIELDS,
    DOCUMENT_NUMBER,
    ITEM_LINE_FIELDS,
    LINE_FIELDS,
)
from exactbridge.model.orders import (
    ApprovalStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
)

__all__ = ["QUOTE_MAP", "SALES_ORDER_MAP"]

SALES_ORDER_STATUS = Choice(
    {
        12: SalesOrderStatus.OPEN,
        20: SalesOrderStatus.PARTIAL,
        21: SalesOrderStatus.COMPLETE,
        45: SalesOrderStatus.CANCELLED,
    }
)
APPROVAL_STATUS = Choice(
    {
        0: ApprovalStatus.AWAITING_APPROVAL,
        1: ApprovalStatus.APPROVED_AUTOMATICALLY,
        2: ApprovalStatus.APPROVED,
    }
)
QUOTE_STATUS = Choice(
    {
        5: QuoteStatus.REJECTED,
        6: QuoteStatus.REVIEWED,
        10: QuoteStatus.RECOVERY,
        20: QuoteStatus.DRAFT,
        25: QuoteStatus.OPEN,
        35: QuoteStatus.PROCESSING,
        40: QuoteStatus.PRINTED,
        50: QuoteStatus.ACCEPTED,
        60: QuoteStatus.AWAITING_ONLINE_ACCEPTANCE,
        70: QuoteStatus.ACCEPTED_WITH_PROCESSING_ERROR,
    }
)

SALES_ORDER_MAP: ResourceMap[SalesOrder] = ResourceMap(
    model=SalesOrder,
    spec=SALES_ORDERS,
    fields=(
        *DOCUMENT_FIELDS,
        FieldMap("customer_id", "OrderedBy", GUID),
        FieldMap("customer_name", "OrderedByName", TEXT),
        FieldMap("invoice_to_id", "InvoiceTo", GUID),
        FieldMap("number", "OrderNumber", DOCUMENT_NUMBER),
        FieldMap("issue_date", "OrderDate", DAY),
        FieldMap("delivery_date", "DeliveryDate", DAY),
        FieldMap("total_excluding_tax", "AmountFCExclVat", NUMBER),
        FieldMap("payment_reference", "PaymentReference", TEXT),
        FieldMap("notes", "Remarks", TEXT),
        FieldMap("status", "Status", SALES_ORDER_STATUS),
        FieldMap("delivery_status", "DeliveryStatus", SALES_ORDER_STATUS),
        FieldMap("invoice_status", "InvoiceStatus", SALES_ORDER_STATUS),
        FieldMap("approval_status", "ApprovalStatus", APPROVAL_STATUS),
    ),
    required=(("customer_id",),),
    lines=LinesMap(
        unified="line_items",
        exact="SalesOrderLines",
        model=SalesOrderLine,
        spec=SALES_ORDER_LINES,
        fields=(
            *LINE_FIELDS,
            *ITEM_LINE_FIELDS,
            FieldMap("item_code", "ItemCode", CODE),
            FieldMap("tax_amount", "VATAmount", NUMBER),
            FieldMap("project_id", "Project", GUID),
            FieldMap("delivery_date", "DeliveryDate", DAY),
            FieldMap("quantity_delivered", "QuantityDelivered", NUMBER),
            FieldMap("quantity_invoiced", "QuantityInvoiced", NUMBER),
        ),
        required=(("item_id",),),
    ),
)

QUOTE_MAP: ResourceMap[Quote] = ResourceMap(
    model=Quote,
    spec=QUOTATIONS,
    fields=(
        *DOCUMENT_FIELDS,
        FieldMap("customer_id", "OrderAccount", GUID),
        FieldMap("customer_name", "OrderAccountName", TEXT),
        FieldMap("invoice_to_id", "InvoiceAccount", GUID),
        FieldMap("number", "QuotationNumber", DOCUMENT_NUMBER),
        FieldMap("version", "VersionNumber", INTEGER),
        FieldMap("issue_date", "QuotationDate", DAY),
        FieldMap("expiry_date", "DueDate", DAY),
        FieldMap("delivery_date", "DeliveryDate", DAY),
        FieldMap("expected_close_date", "ClosingDate", DAY),
        FieldMap("closed_date", "CloseDate", DAY),
        FieldMap("tax_amount", "VATAmountFC", NUMBER),
        FieldMap("notes", "Remarks", TEXT),
        FieldMap("status", "Status", QUOTE_STATUS),
    ),
    required=(("customer_id",),),
    lines=LinesMap(
        unified="line_items",
        exact="QuotationLines",
        model=QuoteLine,
        spec=QUOTATION_LINES,
        fields=(
            *LINE_FIELDS,
            *ITEM_LINE_FIELDS,
            FieldMap("tax_amount", "VATAmountFC", NUMBER),
            FieldMap("is_optional", "Optional", FLAG),
        ),
        required=(("item_id",),),
    ),
)
