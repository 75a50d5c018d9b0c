"""Quotations of the `crm` service: `crm/Quotations`, `crm/QuotationLines` and their actions.

No response of these endpoints was recorded. Property names, order, Edm types and POST/PUT
support follow Exact's REST reference (as generated into current client libraries, and the
2022 scrape): the header lists its key first and the rest alphabetically, the lines their
key first. The order account can only be set on creation (invoice and delivery accounts
default to it); totals, status, version and close date are Exact's.

A quotation moves through statuses by POSTing to action endpoints, never by PUT: `crm/
AcceptQuotation` (→ 50 accepted), `crm/RejectQuotation` (→ 5 rejected), `crm/
ReopenQuotation` (back to 25 open), `crm/ReviewQuotation` (the version closes with 6 and a
new version starts as a draft) and `crm/PrintQuotation` (→ 40 printed, with a PDF in a new
document). Each action takes the `QuotationID` and answers with its outcome fields. The
`crm` module lists these specs among its own, so the registry sees them under `crm`.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = [
    "ACCEPT_QUOTATION",
    "ACTIONS",
    "ENTITIES",
    "PRINT_QUOTATION",
    "QUOTATIONS",
    "QUOTATION_LINES",
    "REJECT_QUOTATION",
    "REOPEN_QUOTATION",
    "REVIEW_QUOTATION",
]

QUOTATIONS = EntitySpec(
    path="crm/Quotations",
    key="QuotationID",
    type_name="Exact.Web.Api.Models.Quotation",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("OrderAccount",),),
    webhook_topic="Quotations",
    bulk="bulk/CRM/Quotations",
    sync="sync/CRM/QuotationHeaders",
    deleted_type=34,
    properties=properties(
        """
        QuotationID                     guid      key
        AmountDC                        double    R        # incl. VAT
        AmountDiscount                  double    R
        AmountDiscountExclVat           double    R
        AmountFC                        double    R        # incl. VAT
        CloseDate                       datetime  R        # when accepted or rejected
        ClosingDate                     datetime  PU       # when the deal is expected to close
        Created                         datetime  R
        Creator                         guid      R
        CreatorFullName                 string    R
        Currency                        string    PU
        DeliveryAccount                 guid      P   ->crm/Accounts  # defaults to OrderAccount
        DeliveryAccountCode             string    R   >18
        DeliveryAccountContact          guid      PU  ->crm/Contacts
        DeliveryAccountContactFullName  string    R
        DeliveryAccountName             string    R
        DeliveryAddress                 guid      PU  ->crm/Addresses
        DeliveryDate                    datetime  PU
        Description                     string    PU
        Division                        int32     R
        Document                        guid      PU  ->documents/Documents
        DocumentSubject                 string    R
        DueDate                         datetime  PU       # valid until
        IncotermAddress                 string    PU
        IncotermCode                    string    PU
        IncotermVersion                 int16     PU
        InvoiceAccount                  guid      P   ->crm/Accounts  # defaults to OrderAccount
        InvoiceAccountCode              string    R   >18
        InvoiceAccountContact           guid      PU  ->crm/Contacts
        InvoiceAccountContactFullName   string    R
        InvoiceAccountName              string    R
        Modified                        datetime  R
        Modifier                        guid      R
        ModifierFullName                string    R
        Opportunity                     guid      PU
        OpportunityName                 string    R
        OrderAccount                    guid      P   ->crm/Accounts  # who asked for it
        OrderAccountCode                string    R   >18
        OrderAccountContact             guid      PU  ->crm/Contacts
        OrderAccountContactFullName     string    R
        OrderAccountName                string    R
        PaymentCondition                string    PU
        PaymentConditionDescription     string    R
        Project                         guid      PU  ->project/Projects
        ProjectCode                     string    R
        ProjectDescription              string    R
        QuotationDate                   datetime  PU
        QuotationLines                  nav       crm/QuotationLines:QuotationID
        QuotationNumber                 int32     PU       # next number if omitted
        QuotationOrderChargeLines       nav       crm/QuotationOrderChargeLines:QuotationID
        Remarks                         string    PU
        SalesChannel                    guid      PU
        SalesChannelCode                string    R
        SalesChannelDescription         string    R
        SalesPerson                     guid      PU
        SalesPersonFullName             string    R
        SelectionCode                   guid      PU
        SelectionCodeCode               string    R
        SelectionCodeDescription        string    R
        ShippingMethod                  guid      PU
        ShippingMethodDescription       string    R
        Status                          int16     R        # 5, 6, 10, 20, 25, 35, 40, 50, 60, 70
        StatusDescription               string    R
        VATAmountFC                     double    R
        VersionNumber                   int32     R        # 1, then +1 per review
        WarehouseCode                   string    R
        WarehouseDescription            string    R
        WarehouseID                     guid      PU
        YourRef                         string    PU
        """
    ),
)

# `QuotationID` is mandatory only when a line is posted on its own.
QUOTATION_LINES = EntitySpec(
    path="crm/QuotationLines",
    key="ID",
    type_name="Exact.Web.Api.Models.QuotationLine",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    bulk="bulk/CRM/QuotationLines",
    sync="sync/CRM/QuotationLines",
    deleted_type=35,
    properties=properties(
        """
        ID                     guid      key
        AmountDC               double    R        # excl. VAT
        AmountFC               double    R        # excl. VAT
        CostCenter             string    PU  ->hrm/Costcenters  # a code
        CostCenterDescription  string    R
        CostUnit               string    PU  ->hrm/Costunits  # a code
        CostUnitDescription    string    R
        CustomerItemCode       string    R
        Description            string    PU       # defaults to the item's
        Discount               double    PU       # a fraction
        Division               int32     R
        Item                   guid      PU  ->logistics/Items
        ItemDescription        string    R
        LineNumber             int32     R
        NetPrice               double    PU
        Notes                  string    PU
        Optional               bool      R        # not in the 2022 reference
        Quantity               double    PU
        QuotationID            guid      P   ->crm/Quotations
        QuotationNumber        int32     R
        UnitCode               string    PU
        UnitDescription        string    R
        UnitPrice              double    PU
        VATAmountFC            double    R
        VATCode                string    PU  ->vat/VATCodes
        VATDescription         string    R
        VATPercentage          double    R
        VersionNumber          int32     R
        CustomField            string    R        # Premium only
        """
    ),
)


def _action(entity: str, table: str) -> EntitySpec:
    """A POST-only workflow endpoint on a quotation (`crm/AcceptQuotation` ...): its body names
    the quotation by `QuotationID` and the answer echoes it with the outcome fields."""
    return EntitySpec(
        path=f"crm/{entity}",
        key="QuotationID",
        type_name=f"Exact.Web.Api.Models.{entity}",
        methods=frozenset({"POST"}),
        full_post_response=True,
        properties=properties(table),
    )


# The actions: POST only, keyed by the quotation they act on (sent in the body). Fields the
# caller sends are flagged P; outcome fields R. Type names were not recorded.
ACCEPT_QUOTATION = _action(
    "AcceptQuotation",
    """
        QuotationID             guid      key
        Action                  int32     P        # 0 none, 1 sales order, 2 invoice, 3 project
        CreateProjectWBS        bool      P
        Division                int32     R
        ErrorMessage            string    R
        InvoiceJournal          int32     P
        ProjectBudgetType       int32     P
        ProjectCode             string    P
        ProjectDescription      string    P
        ProjectInvoiceDate      datetime  P
        ProjectInvoicingAction  int32     P
        ProjectPrepaindTypes    int32     P        # sic
        ProjectPriceAgreement   double    P
        ProjectSuccess          string    R
        ProjectType             int32     P
        ReasonCode              guid      P
        SalesInvoiceSuccess     string    R
        SalesOrderSuccess       string    R
        SuccessMessage          string    R
        """,
)

REJECT_QUOTATION = _action(
    "RejectQuotation",
    """
        QuotationID     guid      key
        Division        int32     R
        ErrorMessage    string    R
        ReasonCode      guid      P        # why it was rejected (optional)
        SuccessMessage  string    R
        """,
)

REOPEN_QUOTATION = _action(
    "ReopenQuotation",
    """
        QuotationID     guid      key
        Division        int32     R
        ErrorMessage    string    R
        SuccessMessage  string    R
        """,
)

REVIEW_QUOTATION = _action(
    "ReviewQuotation",
    """
        QuotationID          guid      key
        CopyItemPrices       bool      P
        Description          string    P
        Division             int32     R
        Document             guid      P
        ErrorMessage         string    R
        NewQuotationID       guid      R
        OrderAccount         guid      P
        OrderAccountContact  guid      P
        PaymentCondition     string    P
        QuotationDate        datetime  P
        SuccessMessage       string    R
        """,
)

PRINT_QUOTATION = _action(
    "PrintQuotation",
    """
        QuotationID              guid      key
        Division                 int32     R
        Document                 guid      R        # the document created
        DocumentCreationError    string    R
        DocumentCreationSuccess  string    R
        DocumentLayout           guid      P
        EmailCreationError       string    R
        EmailLayout              guid      P
        ExtraText                string    P
        QuotationDate            datetime  P
        SendEmailToCustomer      bool      P
        SenderEmailAddress       string    P
        """,
)

ACTIONS: tuple[EntitySpec, ...] = (
    ACCEPT_QUOTATION,
    REJECT_QUOTATION,
    REOPEN_QUOTATION,
    REVIEW_QUOTATION,
    PRINT_QUOTATION,
)
ENTITIES: tuple[EntitySpec, ...] = (QUOTATIONS, QUOTATION_LINES, *ACTIONS)
