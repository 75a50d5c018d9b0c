"""Sales orders: `salesorder/SalesOrders` and `salesorder/SalesOrderLines`.

Both follow real responses recorded from a French division: an order created by POST (which
answers with the full entity even without `Prefer: return=representation`), the same order
read by key, and its lines read with `$filter=OrderID eq guid'…'` (76 header and 52 line
properties, in Exact's wire order: alphabetical with a few exceptions such as
`DeliveryStatus` before `DeliveryAddress`, and the line collection last). Lines carry no
audit fields. POST/PUT flags follow Exact's REST reference as scraped in 2022: the customer
(`OrderedBy`, `InvoiceTo`, `DeliverTo`) can only be set on creation; properties added since
then (`ServicePoint`, the Incoterm and tax-schedule names) are kept read-only. Statuses use
one code set for the order, its delivery, its invoicing and each line: 12 open, 20 partial,
21 complete, 45 cancelled.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "SALES_ORDERS", "SALES_ORDER_LINES"]

SALES_ORDERS = EntitySpec(
    path="salesorder/SalesOrders",
    key="OrderID",
    type_name="Exact.Web.Api.Models.SalesOrder",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("OrderedBy",),),
    legacy=True,
    full_post_response=True,
    webhook_topic="SalesOrders",
    bulk="bulk/SalesOrder/SalesOrders",
    sync="sync/SalesOrder/SalesOrderHeaders",
    deleted_type=32,
    properties=properties(
        """
        AmountDC                         double    R        # incl. VAT
        AmountDiscount                   double    PU
        AmountDiscountExclVat            double    PU
        AmountFC                         double    R        # incl. VAT
        AmountFCExclVat                  double    R
        ApprovalStatus                   int16     R        # 0 awaiting, 1 automatic, 2 approved
        ApprovalStatusDescription        string    R
        Approved                         datetime  R
        Approver                         guid      R
        ApproverFullName                 string    R
        Created                          datetime  R
        Creator                          guid      R
        CreatorFullName                  string    R
        Currency                         string    PU
        DeliverTo                        guid      P   ->crm/Accounts  # defaults to OrderedBy
        DeliverToContactPerson           guid      PU  ->crm/Contacts
        DeliverToContactPersonFullName   string    R
        DeliverToName                    string    R
        DeliveryDate                     datetime  PU       # defaults to OrderDate
        DeliveryStatus                   int16     R        # 12 open, 20 partial, 21 complete
        DeliveryStatusDescription        string    R
        DeliveryAddress                  guid      PU  ->crm/Addresses
        Description                      string    PU
        Discount                         double    PU       # a fraction
        Division                         int32     R
        Document                         guid      PU  ->documents/Documents
        DocumentNumber                   int32     R
        DocumentSubject                  string    R
        IncotermAddress                  string    PU
        IncotermCode                     string    PU
        IncotermVersion                  int16     PU
        InvoiceStatus                    int16     R        # 12 open, 20 partial, 21 complete
        InvoiceStatusDescription         string    R
        InvoiceTo                        guid      P   ->crm/Accounts  # defaults to OrderedBy
        InvoiceToContactPerson           guid      PU  ->crm/Contacts
        InvoiceToContactPersonFullName   string    R
        InvoiceToName                    string    R
        Modified                         datetime  R
        Modifier                         guid      R
        ModifierFullName                 string    R
        OrderDate                        datetime  PU
        OrderedBy                        guid      P   ->crm/Accounts  # the customer
        OrderedByContactPerson           guid      PU  ->crm/Contacts
        OrderedByContactPersonFullName   string    R
        OrderedByName                    string    R
        OrderID                          guid      key
        OrderNumber                      int32     PU       # next number if omitted
        PaymentCondition                 string    PU
        PaymentConditionDescription      string    R
        PaymentReference                 string    PU
        Remarks                          string    PU
        SalesChannel                     guid      PU
        SalesChannelCode                 string    R
        SalesChannelDescription          string    R
        SalesOrderOrderChargeLines  nav  salesorder/SalesOrderOrderChargeLines:OrderID
        Salesperson                      guid      PU
        SalespersonFullName              string    R
        SelectionCode                    guid      PU
        SelectionCodeCode                string    R
        SelectionCodeDescription         string    R
        ServicePoint                     guid      R
        ShippingMethod                   guid      PU
        ShippingMethodDescription        string    R
        Status                           int16     R        # 12, 20, 21 (see above), 45 cancelled
        StatusDescription                string    R
        TaxSchedule                      guid      R
        TaxScheduleCode                  string    R
        TaxScheduleDescription           string    R
        WarehouseID                      guid      PU       # the division's default warehouse
        WarehouseCode                    string    R
        WarehouseDescription             string    R
        YourRef                          string    PU
        SalesOrderLines                  nav       salesorder/SalesOrderLines:OrderID
        CustomField                      string    R        # Premium only
        """
    ),
)

# `OrderID` is mandatory only when a line is posted on its own; lines embedded in the
# order's POST get it from the order, so `required` stays empty.
SALES_ORDER_LINES = EntitySpec(
    path="salesorder/SalesOrderLines",
    key="ID",
    type_name="Exact.Web.Api.Models.SalesOrderLine",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    legacy=True,
    bulk="bulk/SalesOrder/SalesOrderLines",
    sync="sync/SalesOrder/SalesOrderLines",
    deleted_type=33,
    properties=properties(
        """
        AmountDC                  double    R        # excl. VAT
        AmountFC                  double    R        # excl. VAT
        CostCenter                string    PU  ->hrm/Costcenters  # a code
        CostCenterDescription     string    R
        CostPriceFC               double    R
        CostUnit                  string    PU  ->hrm/Costunits  # a code
        CostUnitDescription       string    R
        CustomerItemCode          string    R
        DeliveryDate              datetime  PU       # defaults to the order's
        DeliveryStatus            int16     R        # from QuantityDelivered
        Description               string    PU       # defaults to the item's
        Discount                  double    PU       # a fraction
        Division                  int32     R
        ID                        guid      key
        InvoiceStatus             int16     R        # from QuantityInvoiced
        Item                      guid      PU  ->logistics/Items
        ItemDescription           string    R
        ItemCode                  string    R
        ItemVersion               guid      PU
        ItemVersionDescription    string    R
        LineNumber                int32     R        # 1-based
        Margin                    double    PU
        NetPrice                  double    PU       # price after discount
        Notes                     string    PU
        OrderID                   guid      P   ->salesorder/SalesOrders  # the parent order
        OrderNumber               int32     R
        OrderStatus               int16     R
        Pricelist                 guid      PU
        PricelistDescription      string    R
        Project                   guid      PU  ->project/Projects
        ProjectDescription        string    R
        PurchaseOrder             guid      R
        PurchaseOrderLine         guid      R
        PurchaseOrderLineNumber   int32     R
        PurchaseOrderNumber       int32     R
        Quantity                  double    PU       # negative for a trade-in line
        QuantityDelivered         double    R
        QuantityInvoiced          double    R
        ShopOrder                 guid      PU
        TaxSchedule               guid      R
        TaxScheduleCode           string    R
        TaxScheduleDescription    string    R
        UnitCode                  string    PU       # unpadded, unlike Item.Unit
        UnitDescription           string    R
        UnitPrice                 double    PU
        UseDropShipment           byte      PU
        VATAmount                 double    PU
        VATCode                   string    PU  ->vat/VATCodes
        VATCodeDescription        string    R
        VATPercentage             double    PU
        CustomField               string    R        # Premium only
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (SALES_ORDERS, SALES_ORDER_LINES)
