"""Recorded scenarios of the commerce endpoints (see `expectations` for the token language).

Sales orders and documents, as a live French division answered them: listing sales orders
(the division had none, so the full shape comes from the order created in
`create-sales-order`), creating an order and reading it and its lines back, listing
documents and their attachments, and the three-step "attach a file": create a document for
an account, then post a base64 file to it.
"""

from __future__ import annotations

from tests.conformance.expectations import ME_CALL, ME_DIVISION_CALL, Call, Scenario, Shape

SALES_ORDER = Shape(
    "Exact.Web.Api.Models.SalesOrder",
    "salesorder/SalesOrders",
    """
AmountDC:n AmountDiscount:n AmountDiscountExclVat:n AmountFC:n AmountFCExclVat:n ApprovalStatus:n
ApprovalStatusDescription:s Approved:d Approver:- ApproverFullName:- Created:d Creator:g
CreatorFullName:s Currency:s DeliverTo:g DeliverToContactPerson:g DeliverToContactPersonFullName:s
DeliverToName:s DeliveryDate:d DeliveryStatus:n DeliveryStatusDescription:s DeliveryAddress:g
Description:- Discount:n Division:n Document:- DocumentNumber:- DocumentSubject:-
IncotermAddress:- IncotermCode:- IncotermVersion:- InvoiceStatus:n InvoiceStatusDescription:s
InvoiceTo:g InvoiceToContactPerson:g InvoiceToContactPersonFullName:s InvoiceToName:s Modified:d
Modifier:g ModifierFullName:s OrderDate:d OrderedBy:g OrderedByContactPerson:g
OrderedByContactPersonFullName:s OrderedByName:s OrderID:g OrderNumber:n PaymentCondition:s
PaymentConditionDescription:s PaymentReference:- Remarks:- SalesChannel:- SalesChannelCode:-
SalesChannelDescription:- SalesOrderOrderChargeLines:nav Salesperson:- SalespersonFullName:-
SelectionCode:- SelectionCodeCode:- SelectionCodeDescription:- ServicePoint:- ShippingMethod:-
ShippingMethodDescription:- Status:n StatusDescription:s TaxSchedule:- TaxScheduleCode:-
TaxScheduleDescription:- WarehouseID:g WarehouseCode:s WarehouseDescription:s YourRef:-
SalesOrderLines:nav CustomField:-
""",
)
SALES_ORDER_LINE = Shape(
    "Exact.Web.Api.Models.SalesOrderLine",
    "salesorder/SalesOrderLines",
    """
AmountDC:n AmountFC:n CostCenter:- CostCenterDescription:- CostPriceFC:- CostUnit:-
CostUnitDescription:- CustomerItemCode:- DeliveryDate:d DeliveryStatus:n Description:s Discount:n
Division:n ID:g InvoiceStatus:n Item:g ItemDescription:s ItemCode:s ItemVersion:-
ItemVersionDescription:- LineNumber:n Margin:- NetPrice:n Notes:- OrderID:g OrderNumber:n
OrderStatus:n Pricelist:- PricelistDescription:- Project:- ProjectDescription:- PurchaseOrder:-
PurchaseOrderLine:- PurchaseOrderLineNumber:- PurchaseOrderNumber:- Quantity:n
QuantityDelivered:n QuantityInvoiced:n ShopOrder:- TaxSchedule:- TaxScheduleCode:-
TaxScheduleDescription:- UnitCode:s UnitDescription:s UnitPrice:n UseDropShipment:n VATAmount:n
VATCode:- VATCodeDescription:- VATPercentage:- CustomField:-
""",
)
DOCUMENT = Shape(
    "Exact.Web.Api.Models.Document",
    "documents/Documents",
    """
ID:g Account:g AccountCode:s>18 AccountName:s AmountFC:- Body:- Category:g CategoryDescription:s
Contact:- ContactFullName:- Created:d Creator:g CreatorFullName:s Currency:s Division:n
DocumentDate:d DocumentFolder:- DocumentFolderCode:- DocumentFolderDescription:-
DocumentViewUrl:s ExpiryDate:- FinancialTransactionEntryID:- HasEmptyBody:b HID:n Language:-
Modified:d Modifier:g ModifierFullName:s ShopOrderNumber:- Subject:s Type:n TypeDescription:s
Opportunity:- Project:- ProjectCode:- ProjectDescription:- ProposedEntryStatus:-
SalesInvoiceNumber:- SalesOrderNumber:- SendMethod:n InheritShare:b Item:- ItemCode:-
ItemDescription:- TeamsMeetingId:- ContractNumber:- ContractID:- ScanServiceStatus:-
EntryStatusDescription:- ActionRegenerateEntryProposal:- CostcenterCode:- CostcenterDescription:-
CostunitCode:- CostunitDescription:-
""",
)
ATTACHMENT = Shape(
    "Exact.Web.Api.Models.DocumentAttachment",
    "documents/DocumentAttachments",
    "ID:g Attachment:- FileName:s FileSize:n Url:s Document:g",
)

ORDER_PATH = "{division}/salesorder/SalesOrders"
DOCUMENT_PATH = "{division}/documents/Documents"
ATTACHMENT_PATH = "{division}/documents/DocumentAttachments"
DOCUMENT_SELECT = "$orderby=Modified asc&$select=ID,Subject,DocumentDate,Modified"
DOCUMENT_ROWS = DOCUMENT.only("ID:g DocumentDate:d Modified:d Subject:s")

# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("sales-orders", (
        ME_CALL,
        Call("GET", ORDER_PATH, "$orderby=Modified asc&$skip=0&$top=100", shape=SALES_ORDER),
    )),
    Scenario("list-sales-orders", (
        ME_CALL,
        Call("GET", ORDER_PATH, "$select=OrderID,OrderNumber,OrderedBy,AmountDC,Modified,Status"
             "&$top=50", envelope="array",
             shape=SALES_ORDER.only("AmountDC:n Modified:d OrderedBy:g OrderID:g OrderNumber:n "
                                    "Status:n")),
    )),
    Scenario("create-sales-order", (
        ME_CALL,
        Call("POST", ORDER_PATH,
             body={"OrderedBy": "{account}", "OrderDate": "2026-06-25",
                   "SalesOrderLines": [{"Item": "{item}", "Quantity": 1, "NetPrice": 100}]},
             status=201, envelope="entity", shape=SALES_ORDER),
        Call("GET", ORDER_PATH + "(guid'{created}')", envelope="entity", shape=SALES_ORDER),
        Call("GET", "{division}/salesorder/SalesOrderLines", "$filter=OrderID eq guid'{created}'",
             shape=SALES_ORDER_LINE),
    )),
    Scenario("documents", (
        ME_CALL,
        Call("GET", DOCUMENT_PATH, DOCUMENT_SELECT + "&$skip=0&$top=100", shape=DOCUMENT_ROWS),
    )),
    Scenario("list-documents", (
        ME_DIVISION_CALL,
        Call("GET", DOCUMENT_PATH, DOCUMENT_SELECT + "&$top=100", shape=DOCUMENT_ROWS),
    )),
    Scenario("document-attachments", (
        ME_CALL,
        Call("GET", ATTACHMENT_PATH, "$skip=0&$top=100", shape=ATTACHMENT),
    )),
    Scenario("list-document-attachments", (
        ME_DIVISION_CALL,
        Call("GET", ATTACHMENT_PATH, "$select=ID,Document,FileName,FileSize,Url",
             shape=ATTACHMENT.only("ID:g FileName:s FileSize:n Url:s Document:g")),
    )),
    Scenario("attach-file-invoice", (
        ME_CALL,
        Call("POST", DOCUMENT_PATH,
             body={"Subject": "Test attachment", "DocumentDate": "2026-06-25",
                   "Account": "{account}", "Type": 10},
             status=201, envelope="entity", shape=DOCUMENT),
        Call("POST", ATTACHMENT_PATH,
             body={"Document": "{created}", "Attachment": "dGVzdA==", "FileName": "test.txt"},
             status=201, envelope="entity", shape=ATTACHMENT),
    )),
)
# fmt: on
