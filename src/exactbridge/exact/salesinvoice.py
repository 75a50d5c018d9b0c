"""Item-based sales invoicing: `salesinvoice/SalesInvoices` and `salesinvoice/SalesInvoiceLines`.

Both follow real responses recorded from a French division: an invoice created by POST (which
answers with the full entity even without `Prefer: return=representation`), read back with
`$expand=SalesInvoiceLines`, and another read by key (80 header and 52 line properties, in
Exact's wire order; the header lists its key `InvoiceID` alphabetically). POST/PUT flags come
from Exact's REST reference as scraped in 2022: the customer (`OrderedBy`, `InvoiceTo`,
`DeliverTo`) and the journal can only be set on creation; properties added since then are
kept read-only. Lines are embedded in the header's POST body; whether a header carries at
least one line is checked by the emulator's behaviour code, not by these specs.

`salesinvoice/PrintedSalesInvoices` is an action, not a collection: a POST naming an open
invoice (`InvoiceID`) processes it (status 50, final), books it in the ledger and creates a
document with the invoice PDF; the answer echoes the request with the outcome (`Document`,
`DocumentCreationSuccess`, ...). Properties follow Exact's REST reference
(picqer/exact-php-client `PrintedSalesInvoice`, key first, then alphabetical).
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "PRINTED_SALES_INVOICES", "SALES_INVOICES", "SALES_INVOICE_LINES"]

# Not in the 2022 reference, so kept read-only: IncotermAddress, IncotermCode, IncotermVersion,
# InvoiceStatusInformation, ShippingMethod(+Code/Description), and the navigation
# SalesInvoiceOrderChargeLines (shipping and order charges).
SALES_INVOICES = EntitySpec(
    path="salesinvoice/SalesInvoices",
    key="InvoiceID",
    type_name="Exact.Web.Api.Models.SalesInvoice",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("OrderedBy",),),
    legacy=True,
    full_post_response=True,
    webhook_topic="SalesInvoices",
    bulk="bulk/SalesInvoice/SalesInvoices",
    sync="sync/SalesInvoice/SalesInvoices",
    deleted_type=13,
    properties=properties(
        """
        AmountFC                              double    R
        AmountDiscount                        double    PU
        AmountDC                              double    R
        AmountDiscountExclVat                 double    PU
        AmountFCExclVat                       double    R
        Created                               datetime  R
        Creator                               guid      R
        CreatorFullName                       string    R
        Currency                              string    PU
        DeliverTo                             guid      P  ->crm/Accounts  # defaults to OrderedBy
        DeliverToContactPerson                guid      PU
        DeliverToContactPersonFullName        string    R
        DeliverToAddress                      guid      PU
        DeliverToName                         string    R
        Description                           string    PU
        Discount                              double    PU
        DiscountType                          int16     R   # 1 %, 2/3 amount, 4/5 total
        Division                              int32     R
        Document                              guid      PU
        DocumentNumber                        int32     R
        DocumentSubject                       string    R
        DueDate                               datetime  PU
        ExtraDutyAmountFC                     double    PU
        GAccountAmountFC                      double    PU
        IncotermAddress                       string    R
        IncotermCode                          string    R
        IncotermVersion                       int16     R
        InvoiceDate                           datetime  R   # equals OrderDate until printed
        InvoiceID                             guid      key
        InvoiceStatusInformation              string    R
        InvoiceTo                             guid      P  ->crm/Accounts  # defaults to OrderedBy
        InvoiceToContactPerson                guid      PU
        InvoiceToContactPersonFullName        string    R
        InvoiceToName                         string    R
        InvoiceNumber                         int32     R   # assigned at entry or at printing
        IsExtraDuty                           bool      PU
        Journal                               string    P  ->financial/Journals  # a code: "70"
        JournalDescription                    string    R
        Modified                              datetime  R
        Modifier                              guid      R
        ModifierFullName                      string    R
        OrderDate                             datetime  PU
        OrderedBy                             guid      P  ->crm/Accounts  # the customer
        OrderedByContactPerson                guid      PU
        OrderedByContactPersonFullName        string    R
        OrderedByName                         string    R
        OrderNumber                           int32     PU
        PaymentCondition                      string    PU
        PaymentConditionDescription           string    R
        PaymentReference                      string    PU
        Remarks                               string    PU
        SalesChannel                          guid      PU  # hidden in the reference
        SalesChannelCode                      string    R
        SalesChannelDescription               string    R
        Salesperson                           guid      PU
        SalespersonFullName                   string    R
        SelectionCode                         guid      PU
        SelectionCodeCode                     string    R
        SelectionCodeDescription              string    R
        ShippingMethod                        guid      R
        ShippingMethodCode                    string    R
        ShippingMethodDescription             string    R
        Status                                int16     R   # 10 draft, 20 open, 50 processed
        StatusDescription                     string    R
        TaxSchedule                           guid      PU
        TaxScheduleCode                       string    R
        TaxScheduleDescription                string    R
        Type                                  int32     PU  # 8020 invoice, 8021 credit note
        TypeDescription                       string    R
        VATAmountFC                           double    R
        VATAmountDC                           double    R
        YourRef                               string    PU
        SalesInvoiceLines                     nav       salesinvoice/SalesInvoiceLines:InvoiceID
        SalesInvoiceOrderChargeLines  nav  salesinvoice/SalesInvoiceOrderChargeLines:InvoiceID
        StarterSalesInvoiceStatus             int16     R
        StarterSalesInvoiceStatusDescription  string    R
        WithholdingTaxAmountFC                double    PU
        WithholdingTaxBaseAmount              double    PU
        WithholdingTaxPercentage              double    PU
        Warehouse                             guid      PU  # direct invoices (8023/8024) only
        """
    ),
)

# `InvoiceID` is mandatory only when a line is posted on its own; lines embedded in the
# header's POST get it from the header, so `required` stays empty.
SALES_INVOICE_LINES = EntitySpec(
    path="salesinvoice/SalesInvoiceLines",
    key="ID",
    type_name="Exact.Web.Api.Models.SalesInvoiceLine",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    legacy=True,
    bulk="bulk/SalesInvoice/SalesInvoiceLines",
    properties=properties(
        """
        AmountDC                 double    R
        AmountFC                 double    PU
        CostCenter               string    PU  # a code, not a GUID
        CostCenterDescription    string    R
        CostUnit                 string    PU  # a code, not a GUID
        CostUnitDescription      string    R
        CustomerItemCode         string    R
        DeliveryDate             datetime  PU
        Description              string    PU
        Discount                 double    PU
        Division                 int32     R
        Employee                 guid      PU
        EmployeeFullName         string    R
        EndTime                  datetime  PU
        ExtraDutyAmountFC        double    PU
        ExtraDutyPercentage      double    PU
        GLAccount                guid      P  ->financial/GLAccounts  # default: item revenue
        GLAccountDescription     string    R
        ID                       guid      key
        InvoiceID                guid      P  ->salesinvoice/SalesInvoices  # the parent invoice
        Item                     guid      PU  ->logistics/Items
        ItemDescription          string    R
        ItemCode                 string    R
        LineNumber               int32     R   # 1-based
        NetPrice                 double    PU
        Notes                    string    PU
        Pricelist                guid      PU
        PricelistDescription     string    R
        Project                  guid      PU
        ProjectDescription       string    R
        ProjectWBS               guid      PU
        ProjectWBSDescription    string    R
        Quantity                 double    PU
        SalesOrder               guid      R
        SalesOrderLine           guid      R
        SalesOrderLineNumber     int32     R
        SalesOrderNumber         int32     R
        StartTime                datetime  PU
        Subscription             guid      R
        SubscriptionDescription  string    R
        UnitCode                 string    PU  # unpadded, unlike Item.Unit
        UnitDescription          string    R
        UnitPrice                double    PU
        TaxSchedule              guid      PU
        TaxScheduleCode          string    R
        TaxScheduleDescription   string    R
        VATAmountFC              double    PU
        VATAmountDC              double    PU
        VATCode                  string    PU  ->vat/VATCodes
        VATCodeDescription       string    R
        VATPercentage            double    PU
        CustomField              string    R   # Premium only
        """
    ),
)

# The key names the invoice to print, so the client sends it (the emulator's behaviour takes
# it from the body); the outcome fields are filled by Exact. Type name not recorded.
PRINTED_SALES_INVOICES = EntitySpec(
    path="salesinvoice/PrintedSalesInvoices",
    key="InvoiceID",
    type_name="Exact.Web.Api.Models.PrintedSalesInvoice",
    methods=frozenset({"POST"}),
    full_post_response=True,
    properties=properties(
        """
        InvoiceID                      guid      key  ->salesinvoice/SalesInvoices
        Division                       int32     R
        Document                       guid      R   ->documents/Documents  # the one created
        DocumentCreationError          string    R
        DocumentCreationSuccess        string    R
        DocumentLayout                 guid      P
        EmailCreationError             string    R
        EmailCreationSuccess           string    R
        EmailLayout                    guid      P
        ExtraText                      string    P
        InvoiceDate                    datetime  P   # default: the invoice's date
        PostboxMessageCreationError    string    R
        PostboxMessageCreationSuccess  string    R
        PostboxSender                  guid      P
        ReportingPeriod                int32     P
        ReportingYear                  int32     P
        SendEmailToCustomer            bool      P
        SenderEmailAddress             string    P
        SendInvoiceToCustomerPostbox   bool      P
        SendOutputBasedOnAccount       bool      P
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (SALES_INVOICES, SALES_INVOICE_LINES, PRINTED_SALES_INVOICES)
