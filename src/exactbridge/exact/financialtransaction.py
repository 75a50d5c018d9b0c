"""financialtransaction/: the ledger itself, and bank and cash entries.

`Transactions` (one row per booked entry, keyed by the entry's `EntryID`) and
`TransactionLines` (its debit/credit lines: debit positive, credit negative, summing to zero
per entry) are read-only: Exact writes them when a sales, purchase, general journal, bank
or cash entry is booked or a sales invoice is processed. Reads recorded from a French
division (with `$select`) show both in Exact's wire order: `Transactions` fully
alphabetical (its key `EntryID` between `Date` and `EntryNumber`), `TransactionLines` key
first, then alphabetical; VAT codes padded to 3 characters (`"VB "`). The remaining
properties follow Exact's REST reference (picqer/exact-php-client models).

`BankEntries` and `CashEntries` (GET, POST) book bank and cash statements: a journal of type
12 or 10 (by code) and lines of relation or G/L account, amount and `OurRef` (the invoice
number a line settles). Their lines have the same shape (facts 8.9).
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = [
    "BANK_ENTRIES",
    "BANK_ENTRY_LINES",
    "CASH_ENTRIES",
    "CASH_ENTRY_LINES",
    "ENTITIES",
    "TRANSACTIONS",
    "TRANSACTION_LINES",
]

TRANSACTIONS = EntitySpec(
    path="financialtransaction/Transactions",
    key="EntryID",
    type_name="Exact.Web.Api.Models.Financial.Transaction",
    webhook_topic="FinancialTransactions",
    properties=properties(
        """
        ClosingBalanceFC             double    R
        Created                      datetime  R
        Date                         datetime  R
        Description                  string    R
        Division                     int32     R
        Document                     guid      R   ->documents/Documents
        DocumentNumber               int32     R
        DocumentSubject              string    R
        EntryID                      guid      key  # the booked entry's key
        EntryNumber                  int32     R
        ExternalLinkDescription      string    R
        ExternalLinkReference        string    R
        FinancialPeriod              int16     R
        FinancialYear                int16     R
        IsExtraDuty                  bool      R
        JournalCode                  string    R   ->financial/Journals
        JournalDescription           string    R
        Modified                     datetime  R
        OpeningBalanceFC             double    R
        PaymentConditionCode         string    R
        PaymentConditionDescription  string    R
        PaymentReference             string    R
        Status                       int16     R   # 5 rejected, 20 open, 50 processed
        StatusDescription            string    R
        TransactionLines             nav       financialtransaction/TransactionLines:EntryID
        Type                         int32     R   # 20/21 sales, 30/31 purchase, 40 cash flow
        TypeDescription              string    R
        """
    ),
)

TRANSACTION_LINES = EntitySpec(
    path="financialtransaction/TransactionLines",
    key="ID",
    type_name="Exact.Web.Api.Models.Financial.TransactionLine",
    bulk="bulk/Financial/TransactionLines",
    sync="sync/Financial/TransactionLines",
    deleted_type=1,
    select_required=True,  # Exact refuses a bare GET on its largest endpoint
    properties=properties(
        """
        ID                         guid      key
        Account                    guid      R   ->crm/Accounts
        AccountCode                string    R   >18
        AccountName                string    R
        AmountDC                   double    R   # debit positive, credit negative
        AmountFC                   double    R
        AmountVATBaseFC            double    R
        AmountVATFC                double    R
        Asset                      guid      R
        AssetCode                  string    R
        AssetDescription           string    R
        CostCenter                 string    R   ->hrm/Costcenters
        CostCenterDescription      string    R
        CostUnit                   string    R   ->hrm/Costunits
        CostUnitDescription        string    R
        Created                    datetime  R
        Creator                    guid      R
        CreatorFullName            string    R
        Currency                   string    R
        Date                       datetime  R
        Description                string    R
        Division                   int32     R
        Document                   guid      R   ->documents/Documents
        DocumentNumber             int32     R
        DocumentSubject            string    R
        DueDate                    datetime  R
        EntryID                    guid      R   ->financialtransaction/Transactions
        EntryNumber                int32     R
        ExchangeRate               double    R
        ExternalLinkDescription    string    R
        ExternalLinkReference      string    R
        ExtraDutyAmountFC          double    R
        ExtraDutyPercentage        double    R
        FinancialPeriod            int16     R
        FinancialYear              int16     R
        GLAccount                  guid      R   ->financial/GLAccounts
        GLAccountCode              string    R
        GLAccountDescription       string    R
        InvoiceNumber              int32     R
        Item                       guid      R   ->logistics/Items
        ItemCode                   string    R
        ItemDescription            string    R
        JournalCode                string    R   ->financial/Journals
        JournalDescription         string    R
        LineNumber                 int32     R
        LineType                   int16     R
        Modified                   datetime  R
        Modifier                   guid      R
        ModifierFullName           string    R
        Notes                      string    R
        OffsetID                   guid      R
        OrderNumber                int32     R
        PaymentDiscountAmount      double    R
        PaymentReference           string    R
        Project                    guid      R   ->project/Projects
        ProjectCode                string    R
        ProjectDescription         string    R
        Quantity                   double    R
        ShopOrder                  guid      R
        Status                     int16     R   # the entry's: 20 open, 50 processed
        Subscription               guid      R
        SubscriptionDescription    string    R
        TrackingNumber             guid      R
        TrackingNumberDescription  string    R
        Type                       int32     R   # the entry's transaction type
        VATCode                    string    R   <3  ->vat/VATCodes
        VATCodeDescription         string    R
        VATPercentage              double    R
        VATType                    string    R
        YourRef                    string    R
        """
    ),
)

# Bank and cash entries: type names not recorded; they follow the `Financial.` namespace of
# their service's recorded models (`Exact.Web.Api.Models.Financial.Transaction`).
_ENTRY_HEADER = """
    ClosingBalanceFC    double    PU
    Created             datetime  R
    Currency            string    PU
    Division            int32     R
    EntryNumber         int32     PU
    FinancialPeriod     int16     PU  # default: from the first line's date
    FinancialYear       int16     PU
    JournalCode         string    PU  ->financial/Journals  # type 12 bank, 10 cash
    JournalDescription  string    R
    Modified            datetime  R
    OpeningBalanceFC    double    PU
    Status              int16     R   # 5 rejected, 20 open, 50 processed
    StatusDescription   string    R
"""

BANK_ENTRIES = EntitySpec(
    path="financialtransaction/BankEntries",
    key="EntryID",
    type_name="Exact.Web.Api.Models.Financial.BankEntry",
    methods=frozenset({"GET", "POST"}),
    required=(("JournalCode",),),
    webhook_topic="BankEntries",
    properties=properties(
        """
        EntryID                       guid      key
        BankEntryLines                nav       financialtransaction/BankEntryLines:EntryID
        BankStatementDocument         guid      PU  ->documents/Documents
        BankStatementDocumentNumber   int32     R
        BankStatementDocumentSubject  string    R
        """
        + _ENTRY_HEADER
    ),
)

CASH_ENTRIES = EntitySpec(
    path="financialtransaction/CashEntries",
    key="EntryID",
    type_name="Exact.Web.Api.Models.Financial.CashEntry",
    methods=frozenset({"GET", "POST"}),
    required=(("JournalCode",),),
    webhook_topic="CashEntries",
    properties=properties(
        """
        EntryID         guid  key
        CashEntryLines  nav   financialtransaction/CashEntryLines:EntryID
        """
        + _ENTRY_HEADER
    ),
)

_ENTRY_LINE = """
    ID                     guid      key
    Account                guid      PU  ->crm/Accounts
    AccountCode            string    R   >18
    AccountName            string    R
    AmountDC               double    R
    AmountFC               double    PU  # money in positive, money out negative
    AmountVATFC            double    PU
    Asset                  guid      PU
    AssetCode              string    R
    AssetDescription       string    R
    CostCenter             string    PU  ->hrm/Costcenters  # a code, not a GUID
    CostCenterDescription  string    R
    CostUnit               string    PU  ->hrm/Costunits  # a code, not a GUID
    CostUnitDescription    string    R
    Created                datetime  R
    Creator                guid      R
    CreatorFullName        string    R
    Date                   datetime  PU
    Description            string    PU
    Division               int32     R
    Document               guid      PU  ->documents/Documents
    DocumentNumber         int32     R
    DocumentSubject        string    R
    EntryID                guid      PU  ->{header}
    EntryNumber            int32     R
    ExchangeRate           double    PU
    GLAccount              guid      PU  ->financial/GLAccounts
    GLAccountCode          string    R
    GLAccountDescription   string    R
    LineNumber             int32     R
    Modified               datetime  R
    Modifier               guid      R
    ModifierFullName       string    R
    Notes                  string    PU
    OffsetID               guid      R
    OurRef                 int32     PU  # the invoice number this line pays
    Project                guid      PU  ->project/Projects
    ProjectCode            string    R
    ProjectDescription     string    R
    Quantity               double    PU
    VATCode                string    PU  <3  ->vat/VATCodes
    VATCodeDescription     string    R
    VATPercentage          double    R
    VATType                string    R
"""

BANK_ENTRY_LINES = EntitySpec(
    path="financialtransaction/BankEntryLines",
    key="ID",
    type_name="Exact.Web.Api.Models.Financial.BankEntryLine",
    methods=frozenset({"GET", "POST"}),
    properties=properties(_ENTRY_LINE.format(header="financialtransaction/BankEntries")),
)

CASH_ENTRY_LINES = EntitySpec(
    path="financialtransaction/CashEntryLines",
    key="ID",
    type_name="Exact.Web.Api.Models.Financial.CashEntryLine",
    methods=frozenset({"GET", "POST"}),
    properties=properties(_ENTRY_LINE.format(header="financialtransaction/CashEntries")),
)

ENTITIES: tuple[EntitySpec, ...] = (
    TRANSACTIONS,
    TRANSACTION_LINES,
    BANK_ENTRIES,
    BANK_ENTRY_LINES,
    CASH_ENTRIES,
    CASH_ENTRY_LINES,
)
