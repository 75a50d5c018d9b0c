"""`salesentry/SalesEntries` and `salesentry/SalesEntryLines`: financial sales bookings.

A sales entry books an invoice made outside Exact: a customer, a sales journal (by code), a
date and lines of G/L account, amount excluding VAT and VAT code. Exact posts it to the
ledger at once (status 20, open) and numbers it `YY` + journal + sequence.

No response of these endpoints was recorded. The header follows the recorded answer of its
twin `purchaseentry/PurchaseEntries` (same family, same wire layout: key, lines, then mostly
alphabetical with the relation after `Currency`), with the properties of Exact's REST
reference for sales entries (picqer/exact-php-client `SalesEntry`). Lines follow the
reference order (key first, then alphabetical), as `PurchaseEntryLines` minus the purchase-only
properties. POST/PUT flags follow the reference as summarised in facts 8.6: amounts in the
default currency, totals, names and statuses are read-only; `Type` (20 entry, 21 credit
note) follows from the sign of the total.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "SALES_ENTRIES", "SALES_ENTRY_LINES"]

# Type names not recorded; they follow Exact's pattern `Exact.Web.Api.Models.<Entity>`
# (`SalesEntry` is listed among the observed type names in facts 4.2).
SALES_ENTRIES = EntitySpec(
    path="salesentry/SalesEntries",
    key="EntryID",
    type_name="Exact.Web.Api.Models.SalesEntry",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Customer",), ("Journal",)),
    webhook_topic="SalesEntries",
    properties=properties(
        """
        EntryID                      guid      key
        SalesEntryLines              nav       salesentry/SalesEntryLines:EntryID
        AmountDC                     double    R
        AmountFC                     double    R
        BatchNumber                  int32     PU
        Created                      datetime  R
        Creator                      guid      R
        CreatorFullName              string    R
        Currency                     string    PU
        Customer                     guid      PU  ->crm/Accounts
        CustomerName                 string    R
        Description                  string    PU
        Division                     int32     R
        Document                     guid      PU  ->documents/Documents
        DocumentNumber               int32     R
        DocumentSubject              string    R
        DueDate                      datetime  PU  # default: EntryDate + payment days
        EntryDate                    datetime  PU
        EntryNumber                  int32     PU  # YY + journal + sequence: 26700001
        ExternalLinkDescription      string    R
        ExternalLinkReference        string    PU
        GAccountAmountFC             double    PU
        InvoiceNumber                int32     PU  # default: the entry number
        IsExtraDuty                  bool      PU
        Journal                      string    PU  ->financial/Journals  # a code: "70"
        JournalDescription           string    R
        Modified                     datetime  R
        Modifier                     guid      R
        ModifierFullName             string    R
        OrderNumber                  int32     PU
        PaymentCondition             string    PU  ->cashflow/PaymentConditions
        PaymentConditionDescription  string    R
        PaymentReference             string    PU
        ProcessNumber                int32     PU
        Rate                         double    PU
        ReportingYear                int16     PU  # must exist in financial/FinancialPeriods
        ReportingPeriod              int16     PU
        Reversal                     bool      PU
        Status                       int16     R   # 5 rejected, 20 open, 50 processed
        StatusDescription            string    R
        Type                         int32     R   # 20 sales entry, 21 sales credit note
        TypeDescription              string    R
        VATAmountDC                  double    R
        VATAmountFC                  double    PU
        YourRef                      string    PU
        CustomField                  string    R   # Premium only
        """
    ),
)

# `EntryID` is needed only when a line is posted on its own; lines embedded in the header's
# POST get it from the header.
SALES_ENTRY_LINES = EntitySpec(
    path="salesentry/SalesEntryLines",
    key="ID",
    type_name="Exact.Web.Api.Models.SalesEntryLine",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    properties=properties(
        """
        ID                         guid      key
        AmountDC                   double    R
        AmountFC                   double    PU  # excluding VAT; negative on credit notes
        Asset                      guid      PU
        AssetDescription           string    R
        CostCenter                 string    PU  ->hrm/Costcenters  # a code, not a GUID
        CostCenterDescription      string    R
        CostUnit                   string    PU  ->hrm/Costunits  # a code, not a GUID
        CostUnitDescription        string    R
        Description                string    PU
        Division                   int32     R
        EntryID                    guid      P   ->salesentry/SalesEntries  # lines stay put
        From                       datetime  PU  # deferred revenue
        GLAccount                  guid      PU  ->financial/GLAccounts
        GLAccountCode              string    R
        GLAccountDescription       string    R
        IntraStatArea              string    PU
        IntraStatCountry           string    PU
        IntraStatDeliveryTerm      string    PU
        IntraStatTransactionA      string    PU
        IntraStatTransportMethod   string    PU
        LineNumber                 int32     R
        Notes                      string    PU
        Project                    guid      PU  ->project/Projects
        ProjectDescription         string    R
        Quantity                   double    PU
        SerialNumber               string    PU
        StatisticalNetWeight       double    PU
        StatisticalNumber          string    PU
        StatisticalQuantity        double    PU
        StatisticalValue           double    PU
        Subscription               guid      PU
        SubscriptionDescription    string    R
        To                         datetime  PU
        TrackingNumber             guid      PU
        TrackingNumberDescription  string    R
        Type                       int32     R   # 20 sales entry, 21 sales credit note
        VATAmountDC                double    R
        VATAmountFC                double    PU  # overrides the computed VAT
        VATBaseAmountDC            double    R
        VATBaseAmountFC            double    PU
        VATCode                    string    PU  <3  ->vat/VATCodes
        VATCodeDescription         string    R
        VATPercentage              double    PU  # taken from the VAT code
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (SALES_ENTRIES, SALES_ENTRY_LINES)
