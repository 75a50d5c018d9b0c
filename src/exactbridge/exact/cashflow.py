"""cashflow/: payment terms, open items (receivables and payables) and banks.

`PaymentConditions`: payment terms such as `"00"` (cash) or `"30"` (30 days).

No full response was recorded, so the properties follow Exact's REST reference as scraped in
2022 (alphabetical, key first), which matches picqer/exact-php-client's `PaymentCondition`
model. The reference offers GET and POST only: a condition cannot be changed or deleted
through the API. Accounts and sales documents refer to a condition by its `Code`.

`Receivables` and `Payments` are the open items Exact keeps for every booked invoice (and for
every payment not yet matched to one): `AmountDC` is what is still outstanding, positive for
an invoice (the customer owes us, we owe the supplier) and negative for a credit note or an
unmatched payment; `TransactionAmountDC` is the original amount. Status 20 open, 50 matched.
Only `Description`, `PaymentMethod` and `PaymentReference` may be changed (PUT). Properties
follow the reference order (picqer models: key, then alphabetical). `Banks` is Exact's list
of banks with their BIC codes (GET).
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["BANKS", "ENTITIES", "PAYMENTS", "PAYMENT_CONDITIONS", "RECEIVABLES"]

# Type name not recorded; follows Exact's pattern `Exact.Web.Api.Models.<Entity>`.
PAYMENT_CONDITIONS = EntitySpec(
    path="cashflow/PaymentConditions",
    key="ID",
    type_name="Exact.Web.Api.Models.PaymentCondition",
    methods=frozenset({"GET", "POST"}),
    required=(("Code",), ("Description",)),
    legacy=True,
    properties=properties(
        """
        ID                                   guid      key
        Code                                 string    PU  # e.g. "00" cash, "30" 30 days
        Created                              datetime  R
        Creator                              guid      R
        CreatorFullName                      string    R
        CreditManagementScenario             guid      PU
        CreditManagementScenarioCode         string    R
        CreditManagementScenarioDescription  string    R
        Description                          string    PU
        DiscountCalculation                  string    PU  # E excl. VAT, I incl. VAT
        DiscountPaymentDays                  int32     PU
        DiscountPercentage                   double    PU
        Division                             int32     R
        Modified                             datetime  R
        Modifier                             guid      R
        ModifierFullName                     string    R
        PaymentDays                          int32     PU  # days until due
        PaymentDiscountType                  string    PU  # B discount, K surcharge
        PaymentEndOfMonths                   int32     PU
        PaymentMethod                        string    PU  # B on credit, I collection, K cash
        Percentage                           double    PU  # fraction of the total
        VATCalculation                       string    PU  # E excl. discount, I incl.
        """
    ),
)

# Type names not recorded; they follow Exact's pattern `Exact.Web.Api.Models.<Entity>`.
RECEIVABLES = EntitySpec(
    path="cashflow/Receivables",
    key="ID",
    type_name="Exact.Web.Api.Models.Receivable",
    methods=frozenset({"GET", "PUT"}),
    bulk="bulk/Cashflow/Receivables",
    properties=properties(
        """
        ID                            guid      key
        Account                       guid      R   ->crm/Accounts
        AccountBankAccountID          guid      R
        AccountBankAccountNumber      string    R
        AccountCode                   string    R   >18
        AccountContact                guid      R
        AccountContactName            string    R
        AccountName                   string    R
        AmountDC                      double    R   # outstanding; matched on this amount
        AmountDiscountDC              double    R
        AmountDiscountFC              double    R
        AmountFC                      double    R
        BankAccountID                 guid      R
        BankAccountNumber             string    R
        CashflowTransactionBatchCode  string    R
        Created                       datetime  R
        Creator                       guid      R
        CreatorFullName               string    R
        Currency                      string    R
        Description                   string    U
        DirectDebitMandate             guid      R
        DirectDebitMandateDescription  string    R
        DirectDebitMandatePaymentType  int16     R
        DirectDebitMandateReference    string    R
        DirectDebitMandateType         int16     R
        DiscountDueDate               datetime  R
        Division                      int32     R
        Document                      guid      R   ->documents/Documents
        DocumentNumber                int32     R
        DocumentSubject               string    R
        DueDate                       datetime  R
        EndDate                       datetime  R   # when it stopped being outstanding
        EndPeriod                     int16     R
        EndToEndID                    string    R
        EndYear                       int16     R
        EntryDate                     datetime  R
        EntryID                       guid      R
        EntryNumber                   int32     R
        GLAccount                     guid      R   ->financial/GLAccounts
        GLAccountCode                 string    R
        GLAccountDescription          string    R
        InvoiceDate                   datetime  R
        InvoiceNumber                 int32     R   # what a payment's OurRef names
        IsBatchBooking                byte      R
        IsFullyPaid                   bool      R
        Journal                       string    R   ->financial/Journals
        JournalDescription            string    R
        LastPaymentDate               datetime  R
        Modified                      datetime  R
        Modifier                      guid      R
        ModifierFullName              string    R
        PaymentCondition              string    R   ->cashflow/PaymentConditions
        PaymentConditionDescription   string    R
        PaymentDays                   int32     R
        PaymentDaysDiscount           int32     R
        PaymentDiscountPercentage     double    R
        PaymentInformationID          string    R
        PaymentMethod                 string    U   # B on credit, I collection, K cash
        PaymentReference              string    U
        RateFC                        double    R
        ReceivableBatchNumber         int32     R
        ReceivableSelected            datetime  R
        ReceivableSelector            guid      R
        ReceivableSelectorFullName    string    R
        Source                        int32     R
        Status                        int16     R   # 20 open, 30 selected, 40 processed, 50 matched
        TransactionAmountDC           double    R   # the original amount
        TransactionAmountFC           double    R
        TransactionDueDate            datetime  R
        TransactionEntryID            guid      R   # the booked entry
        TransactionID                 guid      R   # its receivable/payable transaction line
        TransactionIsReversal         bool      R
        TransactionReportingPeriod    int16     R
        TransactionReportingYear      int16     R
        TransactionStatus             int16     R
        TransactionType               int32     R
        YourRef                       string    R
        """
    ),
)

PAYMENTS = EntitySpec(
    path="cashflow/Payments",
    key="ID",
    type_name="Exact.Web.Api.Models.Payment",
    methods=frozenset({"GET", "PUT"}),
    bulk="bulk/Cashflow/Payments",
    properties=properties(
        """
        ID                            guid      key
        Account                       guid      R   ->crm/Accounts
        AccountBankAccountID          guid      R
        AccountBankAccountNumber      string    R
        AccountCode                   string    R   >18
        AccountContact                guid      R
        AccountContactName            string    R
        AccountName                   string    R
        AmountDC                      double    R   # outstanding; matched on this amount
        AmountDiscountDC              double    R
        AmountDiscountFC              double    R
        AmountFC                      double    R
        BankAccountID                 guid      R
        BankAccountNumber             string    R
        CashflowTransactionBatchCode  string    R
        Created                       datetime  R
        Creator                       guid      R
        CreatorFullName               string    R
        Currency                      string    R
        Description                   string    U
        DiscountDueDate               datetime  R
        Division                      int32     R
        Document                      guid      R   ->documents/Documents
        DocumentNumber                int32     R
        DocumentSubject               string    R
        DueDate                       datetime  R
        EndDate                       datetime  R   # when it stopped being outstanding
        EndPeriod                     int16     R
        EndYear                       int16     R
        EntryDate                     datetime  R
        EntryID                       guid      R
        EntryNumber                   int32     R
        GLAccount                     guid      R   ->financial/GLAccounts
        GLAccountCode                 string    R
        GLAccountDescription          string    R
        InvoiceDate                   datetime  R
        InvoiceNumber                 int32     R   # what a payment's OurRef names
        IsBatchBooking                byte      R
        Journal                       string    R   ->financial/Journals
        JournalDescription            string    R
        Modified                      datetime  R
        Modifier                      guid      R
        ModifierFullName              string    R
        PaymentBatchNumber            int32     R
        PaymentCondition              string    R   ->cashflow/PaymentConditions
        PaymentConditionDescription   string    R
        PaymentDays                   int32     R
        PaymentDaysDiscount           int32     R
        PaymentDiscountPercentage     double    R
        PaymentMethod                 string    U   # B on credit, I collection, K cash
        PaymentReference              string    U
        PaymentSelected               datetime  R
        PaymentSelector               guid      R
        PaymentSelectorFullName       string    R
        RateFC                        double    R
        Source                        int32     R
        Status                        int16     R   # 20 open, 30 selected, 40 processed, 50 matched
        TransactionAmountDC           double    R   # the original amount
        TransactionAmountFC           double    R
        TransactionDueDate            datetime  R
        TransactionEntryID            guid      R   # the booked entry
        TransactionID                 guid      R   # its receivable/payable transaction line
        TransactionIsReversal         bool      R
        TransactionReportingPeriod    int16     R
        TransactionReportingYear      int16     R
        TransactionStatus             int16     R
        TransactionType               int32     R
        YourRef                       string    R
        """
    ),
)

BANKS = EntitySpec(
    path="cashflow/Banks",
    key="ID",
    type_name="Exact.Web.Api.Models.Bank",
    properties=properties(
        """
        ID               guid      key
        BankName         string    R
        BICCode          string    R
        Country          string    R
        Created          datetime  R
        Description      string    R
        Format           string    R   # account number format
        HomePageAddress  string    R
        Modified         datetime  R
        Status           string    R   # A active, P passive
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (PAYMENT_CONDITIONS, RECEIVABLES, PAYMENTS, BANKS)
