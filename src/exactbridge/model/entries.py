"""Journal entries, ledger transactions and ledger balances: the books themselves.

Sources: entries are created through `generaljournalentry/GeneralJournalEntries` (memorial
bookings, lines embedded as `GeneralJournalEntryLines`) and read from
`financialtransaction/Transactions` with their `TransactionLines`, which hold every booked
entry whatever made it (sales and purchase entries, processed invoices, bank and cash
statements, memorial bookings). `Transaction` is one ledger line of
`financialtransaction/TransactionLines`, and `LedgerBalance` one row of
`financial/ReportingBalance`: an account's movements in one reporting period.

Sign convention, as Exact's: a line `amount` is **debit positive, credit negative**, so the
lines of every entry sum to zero (`is_balanced`). A sale of 100 + 21 VAT is receivable
+121, revenue -100, VAT payable -21.

Dates: Exact's `GeneralJournalEntries` header has no date and no description of its own
(a body carrying `Description` is refused with HTTP 400); the entry date is each line's
`Date`, and Exact derives the financial year and period from the first line's date when
they are not given. So a `JournalEntry` draft's `date` is copied onto every line that has
none (the lines carry it to Exact), and its `description` is only read (from
`Transactions.Description`); give lines their own descriptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, model_validator

from exactbridge.model._base import CurrencyCode, LineItem, Money, UnifiedModel, UnifiedRecord
from exactbridge.model.ledger import BalanceType

__all__ = [
    "TRANSACTION_TYPES",
    "EntryStatus",
    "JournalEntry",
    "JournalEntryLine",
    "LedgerBalance",
    "Transaction",
    "TransactionType",
    "imbalance",
    "is_balanced",
]


class EntryStatus(StrEnum):
    """Exact entry `Status`: 5 rejected, 20 open (changeable), 50 processed (final)."""

    REJECTED = "rejected"
    OPEN = "open"
    PROCESSED = "processed"


class TransactionType(StrEnum):
    """What booked an entry (Exact transaction `Type`); the exact code stays in `type_code`."""

    OPENING_BALANCE = "opening_balance"  # 10
    SALES_ENTRY = "sales_entry"  # 20
    SALES_CREDIT_NOTE = "sales_credit_note"  # 21
    PURCHASE_ENTRY = "purchase_entry"  # 30
    PURCHASE_CREDIT_NOTE = "purchase_credit_note"  # 31
    CASH_FLOW = "cash_flow"  # 40: bank and cash statements
    VAT_RETURN = "vat_return"  # 50
    ASSET = "asset"  # 70-76: asset actions (depreciation, disposal, ...)
    REVALUATION = "revaluation"  # 80
    EXCHANGE_RATE_DIFFERENCE = "exchange_rate_difference"  # 82
    PAYMENT_DIFFERENCE = "payment_difference"  # 83
    DEFERRED_REVENUE = "deferred_revenue"  # 84
    OTHER = "other"  # 90: general journal (memorial) entries
    PAYROLL = "payroll"  # 170
    STOCK_REVALUATION = "stock_revaluation"  # 180


_T = TransactionType
TRANSACTION_TYPES: Final[dict[int, TransactionType]] = {
    10: _T.OPENING_BALANCE,
    20: _T.SALES_ENTRY,
    21: _T.SALES_CREDIT_NOTE,
    30: _T.PURCHASE_ENTRY,
    31: _T.PURCHASE_CREDIT_NOTE,
    40: _T.CASH_FLOW,
    50: _T.VAT_RETURN,
    **dict.fromkeys(range(70, 77), _T.ASSET),
    80: _T.REVALUATION,
    82: _T.EXCHANGE_RATE_DIFFERENCE,
    83: _T.PAYMENT_DIFFERENCE,
    84: _T.DEFERRED_REVENUE,
    90: _T.OTHER,
    170: _T.PAYROLL,
    180: _T.STOCK_REVALUATION,
}
"""Exact transaction `Type` -> unified type. Codes not listed (logistics and production,
120 and up) leave `type` None: Exact has more codes than a reader needs to refuse a row
for, so `type_code` carries them instead."""


class _Typed(UnifiedModel):
    """`type` derived from Exact's `type_code` (read only, never sent)."""

    type_code: int | None = Field(
        default=None, description="Exact `Type`: the transaction type code (20 sales, ...)."
    )
    type: TransactionType | None = Field(
        default=None, description="What booked the entry, derived from Exact `Type`."
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_type(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") is None:
            derived = TRANSACTION_TYPES.get(data.get("type_code"))  # type: ignore[arg-type]
            if derived is not None:
                return {**data, "type": derived}
        return data


class _LedgerLine(UnifiedModel):
    """What a journal entry line and a ledger transaction line share (same Exact names)."""

    ledger_account_id: str | None = Field(
        default=None, description="Exact `GLAccount`: the G/L account booked (GUID)."
    )
    ledger_account_code: str | None = Field(
        default=None, description="Exact `GLAccountCode` (read only)."
    )
    amount: Money | None = Field(
        default=None,
        description="Exact `AmountDC`: in the division's currency, debit positive, "
        "credit negative.",
    )
    foreign_amount: Money | None = Field(
        default=None,
        description="Exact `AmountFC`: in the entry's currency, debit positive, credit negative.",
    )
    tax_amount: Money | None = Field(
        default=None, description="Exact `AmountVATFC`: the VAT in the entry's currency."
    )
    tax_code: str | None = Field(
        default=None, description="Exact `VATCode`, padding trimmed (only in VAT journals)."
    )
    description: str | None = Field(default=None, description="Exact `Description`.")
    date: dt.date | None = Field(default=None, description="Exact `Date` of the line.")
    account_id: str | None = Field(
        default=None,
        description="Exact `Account`: the relation (customer or supplier) of a receivable "
        "or payable line (GUID).",
    )
    account_code: str | None = Field(
        default=None, description="Exact `AccountCode`, padding trimmed (read only)."
    )
    cost_center: str | None = Field(default=None, description="Exact `CostCenter` (a code).")
    cost_unit: str | None = Field(default=None, description="Exact `CostUnit` (a code).")
    project_id: str | None = Field(default=None, description="Exact `Project` (GUID).")
    quantity: Money | None = Field(default=None, description="Exact `Quantity`.")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
    invoice_number: int | None = Field(
        default=None,
        description="The invoice the line concerns: Exact `OurRef` on journal entry lines "
        "(the invoice it settles), `InvoiceNumber` on transaction lines.",
    )


class JournalEntryLine(LineItem, _LedgerLine):
    """One debit or credit line of a journal entry (`GeneralJournalEntryLines` when
    creating, `TransactionLines` when read)."""


def _dated(line: Any, day: Any) -> Any:
    """`line` with `day` as its date when it has none (a mapping or a line model)."""
    if isinstance(line, JournalEntryLine):
        return line if line.date is not None else {**line.model_dump(), "date": day}
    if isinstance(line, dict) and line.get("date") is None:
        return {**line, "date": day}
    return line


class JournalEntry(UnifiedRecord, _Typed):
    """A booked entry (`financialtransaction/Transactions`) or a memorial booking to create
    (`generaljournalentry/GeneralJournalEntries`), with its lines.

    `date` is read from `Transactions.Date`; given on a draft, it dates every undated line,
    since Exact's create takes dates on the lines only (see the module docstring).
    """

    journal_code: str = Field(
        description="Exact `JournalCode` (e.g. `90`); a create body without it is booked in "
        "the division's general journal with the lowest code."
    )
    journal_name: str | None = Field(
        default=None, description="Exact `JournalDescription` (read only)."
    )
    entry_number: int | None = Field(
        default=None, description="Exact `EntryNumber`; Exact numbers the entry when absent."
    )
    date: dt.date | None = Field(
        default=None,
        description="Exact `Transactions.Date`; on a create, copied onto undated lines.",
    )
    description: str | None = Field(
        default=None,
        description="Exact `Transactions.Description` (read only: a create refuses it).",
    )
    financial_year: int | None = Field(
        default=None, description="Exact `FinancialYear`; from the first line's date if absent."
    )
    financial_period: int | None = Field(
        default=None, description="Exact `FinancialPeriod`; must exist in Exact's period table."
    )
    currency: CurrencyCode | None = Field(
        default=None, description="Exact `Currency` (GeneralJournalEntries only)."
    )
    exchange_rate: Money | None = Field(
        default=None, description="Exact `ExchangeRate` (GeneralJournalEntries only)."
    )
    is_reversal: bool = Field(
        default=False, description="Exact `Reversal` (GeneralJournalEntries only)."
    )
    status: EntryStatus | None = Field(default=None, description="Exact `Status` (read only).")
    line_items: list[JournalEntryLine] | None = Field(
        default=None,
        description="Exact `GeneralJournalEntryLines` / `TransactionLines`, in line order; "
        "None when not read (the navigation not expanded).",
    )

    @model_validator(mode="before")
    @classmethod
    def _date_lines(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("date") is None:
            return data
        lines = data.get("line_items")
        if not isinstance(lines, list | tuple):
            return data
        return {**data, "line_items": [_dated(line, data["date"]) for line in lines]}


def imbalance(lines: Iterable[JournalEntryLine]) -> Decimal | None:
    """What the lines miss to balance: the sum of each line's amount in the entry's currency
    (`foreign_amount` when given, else `amount`), or None when a line has no amount."""
    total = Decimal(0)
    for line in lines:
        amount = line.foreign_amount if line.foreign_amount is not None else line.amount
        if amount is None:
            return None
        total += amount
    return total


def is_balanced(entry: JournalEntry) -> bool:
    """True when the entry has lines, each with an amount, summing to exactly zero (False
    when its lines were not read).

    Exact refuses an unbalanced general journal entry (`The entry is not in balance`), and
    a refused write still spends a call and counts toward the endpoint's error budget, so
    the actions layer checks this before calling Exact.
    """
    lines = entry.line_items
    return bool(lines) and imbalance(lines or ()) == 0


class Transaction(UnifiedRecord, _LedgerLine, _Typed):
    """One ledger line (`financialtransaction/TransactionLines`); read only.

    The lines of one entry share `entry_id` and sum to zero (`amount`, debit positive).
    """

    entry_id: str | None = Field(
        default=None, description="Exact `EntryID`: the booked entry (a `JournalEntry` id)."
    )
    entry_number: int | None = Field(default=None, description="Exact `EntryNumber`.")
    line_number: int | None = Field(default=None, description="Exact `LineNumber`.")
    journal_code: str | None = Field(default=None, description="Exact `JournalCode`.")
    financial_year: int | None = Field(default=None, description="Exact `FinancialYear`.")
    financial_period: int | None = Field(default=None, description="Exact `FinancialPeriod`.")
    currency: CurrencyCode | None = Field(
        default=None, description="Exact `Currency` of `foreign_amount`."
    )
    due_date: dt.date | None = Field(
        default=None, description="Exact `DueDate` (on receivable and payable lines)."
    )
    status: EntryStatus | None = Field(default=None, description="Exact `Status` of the entry.")


class LedgerBalance(UnifiedRecord):
    """One G/L account's movements in one reporting period (`financial/ReportingBalance`).

    `amount` = `debit_amount` - `credit_amount`: the sum of the period's line amounts.
    `id` is Exact's Int64 key in text.
    """

    ledger_account_id: str = Field(description="Exact `GLAccount` (GUID).")
    ledger_account_code: str | None = Field(default=None, description="Exact `GLAccountCode`.")
    ledger_account_name: str | None = Field(
        default=None, description="Exact `GLAccountDescription`."
    )
    year: int = Field(description="Exact `ReportingYear`.")
    period: int = Field(description="Exact `ReportingPeriod`.")
    amount: Money | None = Field(
        default=None, description="Exact `Amount`: debit minus credit, in division currency."
    )
    debit_amount: Money | None = Field(
        default=None, description="Exact `AmountDebit`: the sum of the debit lines."
    )
    credit_amount: Money | None = Field(
        default=None, description="Exact `AmountCredit`: the sum of the credit lines, positive."
    )
    line_count: int | None = Field(default=None, description="Exact `Count` of lines summed.")
    balance_type: BalanceType | None = Field(default=None, description="Exact `BalanceType`.")
    cost_center: str | None = Field(default=None, description="Exact `CostCenterCode`.")
    cost_unit: str | None = Field(default=None, description="Exact `CostUnitCode`.")
