"""`purchaseentry/PurchaseEntries` and `PurchaseEntryLines`: purchase invoice bookings.

The header follows a real POST answer recorded from a French division (46 properties in
Exact's wire order: key, lines, then mostly alphabetical with `Supplier` after `Currency` and
`ReportingYear` before `ReportingPeriod`). The POST answers with the full entity even without
`Prefer: return=representation`, and Exact creates a document for every purchase entry
(`Document`, `DocumentNumber`, `DocumentSubject` are filled in the answer). In that
recording the line's `AmountDC` was ignored (read-only) and the entry came back with amount
0, so lines carry their amount in `AmountFC`.

Lines were not recorded; they follow Exact's REST reference (picqer/exact-php-client
`PurchaseEntryLine`, key first, then alphabetical). Flags per facts 8.7.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "PURCHASE_ENTRIES", "PURCHASE_ENTRY_LINES"]

PURCHASE_ENTRIES = EntitySpec(
    path="purchaseentry/PurchaseEntries",
    key="EntryID",
    type_name="Exact.Web.Api.Models.PurchaseEntry",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    required=(("Journal",), ("Supplier",)),
    legacy=True,  # a recorded client pages it with `$skip=0`
    full_post_response=True,
    webhook_topic="PurchaseEntries",
    properties=properties(
        """
        EntryID                        guid      key
        PurchaseEntryLines             nav       purchaseentry/PurchaseEntryLines:EntryID
        AmountDC                       double    R
        AmountFC                       double    R
        BatchNumber                    int32     PU
        Created                        datetime  R
        Creator                        guid      R
        CreatorFullName                string    R
        Currency                       string    PU
        Supplier                       guid      PU  ->crm/Accounts
        SupplierName                   string    R
        Description                    string    PU
        Division                       int32     R
        Document                       guid      PU  ->documents/Documents  # made by Exact
        DocumentNumber                 int32     R
        DocumentSubject                string    R
        DueDate                        datetime  PU  # default: EntryDate + payment days
        EntryDate                      datetime  PU
        EntryNumber                    int32     PU  # YY + journal + sequence: 24600006
        ExternalLinkDescription        string    R
        ExternalLinkReference          string    PU
        GAccountAmountFC               double    PU
        InvoiceNumber                  int32     PU  # default: the entry number
        Journal                        string    PU  ->financial/Journals  # a code: "60"
        JournalDescription             string    R
        Modified                       datetime  R
        Modifier                       guid      R
        ModifierFullName               string    R
        OrderNumber                    int32     PU
        PaymentCondition               string    PU  ->cashflow/PaymentConditions
        PaymentConditionDescription    string    R
        PaymentConditionPaymentMethod  string    R
        PaymentReference               string    PU
        ProcessNumber                  int32     PU
        Rate                           double    PU
        ReportingYear                  int16     PU  # must exist in financial/FinancialPeriods
        ReportingPeriod                int16     PU
        Reversal                       bool      PU
        Status                         int16     R   # 5 rejected, 20 open, 50 processed
        StatusDescription              string    R
        Type                           int32     R   # 30 purchase entry, 31 credit note
        TypeDescription                string    R
        VATAmountDC                    double    R
        VATAmountFC                    double    PU
        YourRef                        string    PU  # the supplier's invoice number
        CustomField                    string    R   # Premium only
        """
    ),
)

PURCHASE_ENTRY_LINES = EntitySpec(
    path="purchaseentry/PurchaseEntryLines",
    key="ID",
    type_name="Exact.Web.Api.Models.PurchaseEntryLine",
    methods=frozenset({"GET", "POST", "PUT", "DELETE"}),
    properties=properties(
        """
        ID                          guid      key
        AmountDC                    double    R
        AmountFC                    double    PU  # excluding VAT; negative on credit notes
        Asset                       guid      PU
        AssetDescription            string    R
        CostCenter                  string    PU  ->hrm/Costcenters  # a code, not a GUID
        CostCenterDescription       string    R
        CostUnit                    string    PU  ->hrm/Costunits  # a code, not a GUID
        CostUnitDescription         string    R
        Description                 string    PU
        Division                    int32     R
        EntryID                     guid      P   ->purchaseentry/PurchaseEntries  # lines stay put
        From                        datetime  PU
        GLAccount                   guid      PU  ->financial/GLAccounts
        GLAccountCode               string    R
        GLAccountDescription        string    R
        IntraStatArea               string    PU
        IntraStatCountry            string    PU
        IntraStatDeliveryTerm       string    PU
        IntraStatTransactionA       string    PU
        IntraStatTransportMethod    string    PU
        LineNumber                  int32     R
        Notes                       string    PU
        Project                     guid      PU  ->project/Projects
        ProjectDescription          string    R
        Quantity                    double    PU
        SerialNumber                string    PU
        StatisticalNetWeight        double    PU
        StatisticalNumber           string    PU
        StatisticalQuantity         double    PU
        StatisticalValue            double    PU
        Subscription                guid      PU
        SubscriptionDescription     string    R
        To                          datetime  PU
        TrackingNumber              guid      PU
        TrackingNumberDescription   string    R
        Type                        int32     R   # 30 purchase entry, 31 credit note
        VATAmountDC                 double    R
        VATAmountFC                 double    PU  # overrides the computed VAT
        VATBaseAmountDC             double    R
        VATBaseAmountFC             double    PU
        VATCode                     string    PU  <3  ->vat/VATCodes
        VATCodeDescription          string    R
        VATNonDeductiblePercentage  double    PU
        VATPercentage               double    PU  # taken from the VAT code
        WithholdingAmountDC         double    R
        WithholdingTax              string    PU
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (PURCHASE_ENTRIES, PURCHASE_ENTRY_LINES)
