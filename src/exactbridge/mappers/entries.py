"""Mappers for the books: journal entries (created and read), ledger lines, ledger balances.

A journal entry has two Exact sources with one unified model:

- `JOURNAL_ENTRY_CREATE_MAP` over `generaljournalentry/GeneralJournalEntries` writes a
  memorial booking, its lines embedded as `GeneralJournalEntryLines` (create only: Exact
  offers no PUT; lines cannot change once booked). The header has no date or description:
  the model dates the lines (see `exactbridge.model.entries`). Refuse unbalanced entries
  with `is_balanced` before calling Exact.
- `JOURNAL_ENTRY_MAP` over `financialtransaction/Transactions` reads every booked entry
  (sales, purchases, statements, memorials), its lines from the expanded
  `TransactionLines` (`$expand=TransactionLines`).

Both line endpoints name the shared properties alike (`GLAccount`, `AmountDC`, ...), so one
table maps both; only the invoice reference differs (`OurRef` / `InvoiceNumber`).
`TRANSACTION_MAP` reads `TransactionLines` on their own (Exact requires a `$select` there)
and `LEDGER_BALANCE_MAP` reads `financial/ReportingBalance`.
"""

from __future__ import annotations

from exactbridge.exact.financial import REPORTING_BALANCE
from exactbridge.exact.financialtransaction import TRANSACTION_LINES, TRANSACTIONS
from exactbridge.exact.generaljournalentry import (
    GENERAL_JOURNAL_ENTRIES,
    GENERAL_JOURNAL_ENTRY_LINES,
)
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, INTEGER, NUMBER, TEXT, Choice
from exactbridge.mappers._core import FieldMap, LinesMap, ResourceMap
from exactbridge.mappers.ledger import BALANCE_TYPE
from exactbridge.model.entries import (
    EntryStatus,
    JournalEntry,
    JournalEntryLine,
    LedgerBalance,
    Transaction,
)

__all__ = [
    "ENTRY_STATUS",
    "JOURNAL_ENTRY_CREATE_MAP",
    "JOURNAL_ENTRY_MAP",
    "LEDGER_BALANCE_MAP",
    "TRANSACTION_MAP",
]

ENTRY_STATUS = Choice({5: EntryStatus.REJECTED, 20: EntryStatus.OPEN, 50: EntryStatus.PROCESSED})

_LINE_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("ledger_account_id", "GLAccount", GUID),
    FieldMap("ledger_account_code", "GLAccountCode", CODE),
    FieldMap("amount", "AmountDC", NUMBER),
    FieldMap("foreign_amount", "AmountFC", NUMBER),
    FieldMap("tax_amount", "AmountVATFC", NUMBER),
    FieldMap("tax_code", "VATCode", CODE),
    FieldMap("description", "Description", TEXT),
    FieldMap("date", "Date", DAY),
    FieldMap("account_id", "Account", GUID),
    FieldMap("account_code", "AccountCode", CODE),
    FieldMap("cost_center", "CostCenter", CODE),
    FieldMap("cost_unit", "CostUnit", CODE),
    FieldMap("project_id", "Project", GUID),
    FieldMap("quantity", "Quantity", NUMBER),
    FieldMap("notes", "Notes", TEXT),
)
"""Line properties named alike on `GeneralJournalEntryLines` and `TransactionLines`."""

_HEADER_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("journal_code", "JournalCode", CODE),
    FieldMap("journal_name", "JournalDescription", TEXT),
    FieldMap("entry_number", "EntryNumber", INTEGER),
    FieldMap("financial_year", "FinancialYear", INTEGER),
    FieldMap("financial_period", "FinancialPeriod", INTEGER),
    FieldMap("status", "Status", ENTRY_STATUS),
    FieldMap("type_code", "Type", INTEGER),
)
"""Header properties named alike on `GeneralJournalEntries` and `Transactions`."""

JOURNAL_ENTRY_CREATE_MAP: ResourceMap[JournalEntry] = ResourceMap(
    model=JournalEntry,
    spec=GENERAL_JOURNAL_ENTRIES,
    fields=(
        *_HEADER_FIELDS,
        FieldMap("currency", "Currency", CODE),
        FieldMap("exchange_rate", "ExchangeRate", NUMBER),
        FieldMap("is_reversal", "Reversal", FLAG),
    ),
    required=(("journal_code",),),
    lines=LinesMap(
        unified="line_items",
        exact="GeneralJournalEntryLines",
        model=JournalEntryLine,
        spec=GENERAL_JOURNAL_ENTRY_LINES,
        fields=(*_LINE_FIELDS, FieldMap("invoice_number", "OurRef", INTEGER)),
        required=(("ledger_account_id",), ("amount", "foreign_amount")),
    ),
)

JOURNAL_ENTRY_MAP: ResourceMap[JournalEntry] = ResourceMap(
    model=JournalEntry,
    spec=TRANSACTIONS,
    fields=(
        *_HEADER_FIELDS,
        FieldMap("date", "Date", DAY),
        FieldMap("description", "Description", TEXT),
    ),
    lines=LinesMap(
        unified="line_items",
        exact="TransactionLines",
        model=JournalEntryLine,
        spec=TRANSACTION_LINES,
        fields=(*_LINE_FIELDS, FieldMap("invoice_number", "InvoiceNumber", INTEGER)),
    ),
)

TRANSACTION_MAP: ResourceMap[Transaction] = ResourceMap(
    model=Transaction,
    spec=TRANSACTION_LINES,
    fields=(
        *_LINE_FIELDS,
        FieldMap("invoice_number", "InvoiceNumber", INTEGER),
        FieldMap("entry_id", "EntryID", GUID),
        FieldMap("entry_number", "EntryNumber", INTEGER),
        FieldMap("line_number", "LineNumber", INTEGER),
        FieldMap("journal_code", "JournalCode", CODE),
        FieldMap("financial_year", "FinancialYear", INTEGER),
        FieldMap("financial_period", "FinancialPeriod", INTEGER),
        FieldMap("currency", "Currency", CODE),
        FieldMap("due_date", "DueDate", DAY),
        FieldMap("status", "Status", ENTRY_STATUS),
        FieldMap("type_code", "Type", INTEGER),
    ),
)

LEDGER_BALANCE_MAP: ResourceMap[LedgerBalance] = ResourceMap(
    model=LedgerBalance,
    spec=REPORTING_BALANCE,
    fields=(
        FieldMap("ledger_account_id", "GLAccount", GUID),
        FieldMap("ledger_account_code", "GLAccountCode", CODE),
        FieldMap("ledger_account_name", "GLAccountDescription", TEXT),
        FieldMap("year", "ReportingYear", INTEGER),
        FieldMap("period", "ReportingPeriod", INTEGER),
        FieldMap("amount", "Amount", NUMBER),
        FieldMap("debit_amount", "AmountDebit", NUMBER),
        FieldMap("credit_amount", "AmountCredit", NUMBER),
        FieldMap("line_count", "Count", INTEGER),
        FieldMap("balance_type", "BalanceType", BALANCE_TYPE),
        FieldMap("cost_center", "CostCenterCode", CODE),
        FieldMap("cost_unit", "CostUnitCode", CODE),
    ),
)
