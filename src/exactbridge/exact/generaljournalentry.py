"""`generaljournalentry/GeneralJournalEntries` and `GeneralJournalEntryLines` (memorial).

A general journal entry books debit and credit lines on G/L accounts that must balance. The
header names its journal by `JournalCode` (not `Journal`) and has no `Description`: a body
carrying one is refused with 400 because the property does not exist (observed live, facts
8.8). Entries cannot be changed (no PUT); lines can only be added (GET, POST).

No response was recorded. Properties follow Exact's REST reference (picqer/exact-php-client
`GeneralJournalEntry` and `GeneralJournalEntryLine`, key first, then alphabetical); the
line's read-only companions (codes, names, default-currency amounts) are those facts 8.8
lists. Line `AmountDC` is marked read-only in the 2022 reference but integrators post it
(live-verified `GeneralJournalEntryLines[{GLAccount, AmountDC, Description}]`), so it is
accepted on POST, as `AmountFC` is.
"""

from __future__ import annotations

from exactbridge.exact._spec import EntitySpec, properties

__all__ = ["ENTITIES", "GENERAL_JOURNAL_ENTRIES", "GENERAL_JOURNAL_ENTRY_LINES"]

# Type names not recorded; they follow Exact's pattern `Exact.Web.Api.Models.<Entity>`.
GENERAL_JOURNAL_ENTRIES = EntitySpec(
    path="generaljournalentry/GeneralJournalEntries",
    key="EntryID",
    type_name="Exact.Web.Api.Models.GeneralJournalEntry",
    methods=frozenset({"GET", "POST", "DELETE"}),
    required=(("JournalCode",),),
    webhook_topic="GeneralJournalEntries",
    properties=properties(
        """
        EntryID                   guid      key
        Created                   datetime  R
        Currency                  string    PU
        Division                  int32     R
        EntryNumber               int32     PU
        ExchangeRate              double    PU
        FinancialPeriod           int16     PU  # must exist in financial/FinancialPeriods
        FinancialYear             int16     PU
        GeneralJournalEntryLines  nav       generaljournalentry/GeneralJournalEntryLines:EntryID
        JournalCode               string    PU  ->financial/Journals  # a code: "90"
        JournalDescription        string    R
        Modified                  datetime  R
        Reversal                  bool      PU
        Status                    int16     R   # 5 rejected, 20 open, 50 processed
        StatusDescription         string    R
        Type                      int32     R   # 10 opening balance, 90 other
        TypeDescription           string    R
        """
    ),
)

GENERAL_JOURNAL_ENTRY_LINES = EntitySpec(
    path="generaljournalentry/GeneralJournalEntryLines",
    key="ID",
    type_name="Exact.Web.Api.Models.GeneralJournalEntryLine",
    methods=frozenset({"GET", "POST"}),
    properties=properties(
        """
        ID                     guid      key
        Account                guid      PU  ->crm/Accounts  # for receivable/payable lines
        AccountCode            string    R   >18
        AccountName            string    R
        AmountDC               double    P   # debit positive, credit negative
        AmountFC               double    PU
        AmountVATDC            double    R
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
        EntryID                guid      PU  ->generaljournalentry/GeneralJournalEntries
        EntryNumber            int32     R
        ExchangeRate           double    R
        GLAccount              guid      PU  ->financial/GLAccounts
        GLAccountCode          string    R
        GLAccountDescription   string    R
        LineNumber             int32     R
        Modified               datetime  R
        Modifier               guid      R
        ModifierFullName       string    R
        Notes                  string    PU
        OffsetID               guid      PU
        OurRef                 int32     PU  # the invoice number a line settles
        Project                guid      PU  ->project/Projects
        ProjectCode            string    R
        ProjectDescription     string    R
        Quantity               double    PU
        VATBaseAmountDC        double    R
        VATBaseAmountFC        double    R
        VATCode                string    PU  <3  ->vat/VATCodes  # only in journals with VAT
        VATCodeDescription     string    R
        VATPercentage          double    PU
        VATType                string    R
        """
    ),
)

ENTITIES: tuple[EntitySpec, ...] = (GENERAL_JOURNAL_ENTRIES, GENERAL_JOURNAL_ENTRY_LINES)
