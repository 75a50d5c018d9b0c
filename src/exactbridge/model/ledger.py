"""Bookkeeping master data: ledger accounts, journals, tax rates, payment terms, fiscal periods.

Sources: `financial/GLAccounts`, `financial/Journals`, `vat/VATCodes`,
`cashflow/PaymentConditions`, `financial/FinancialPeriods`. Exact's numeric and letter codes
become lower_snake enums; where Exact's code carries more detail than the unified enum (the
~40 G/L account types), the Exact code is kept beside it (`type_code`).

Tax percentages: Exact sends a fraction (`0.21`); the unified `TaxRate.percentage` is in
percent (`21`), as Merge's `effective_tax_rate` is. The fraction stays in `remote_data`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, model_validator

from exactbridge.model._base import CurrencyCode, Money, UnifiedRecord

__all__ = [
    "GL_TYPE_CLASSES",
    "BalanceSide",
    "BalanceType",
    "FiscalPeriod",
    "Journal",
    "JournalType",
    "LedgerAccount",
    "LedgerAccountType",
    "PaymentMethod",
    "PaymentTerm",
    "TaxAppliesTo",
    "TaxRate",
    "TaxType",
]


class LedgerAccountType(StrEnum):
    """The accounting class of a ledger account (Merge's `classification`)."""

    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    REVENUE = "revenue"
    EXPENSE = "expense"


class BalanceSide(StrEnum):
    """Exact `BalanceSide`: D debit, C credit."""

    DEBIT = "debit"
    CREDIT = "credit"


class BalanceType(StrEnum):
    """Exact `BalanceType`: B balance sheet, W profit and loss (winst en verlies)."""

    BALANCE_SHEET = "balance_sheet"
    PROFIT_AND_LOSS = "profit_and_loss"


_A, _L, _E = LedgerAccountType.ASSET, LedgerAccountType.LIABILITY, LedgerAccountType.EQUITY
_R, _X = LedgerAccountType.REVENUE, LedgerAccountType.EXPENSE

GL_TYPE_CLASSES: Final[dict[int, LedgerAccountType]] = {
    10: _A,  # cash
    12: _A,  # bank
    14: _A,  # credit card (a cash-like account in Exact)
    16: _A,  # payment service
    20: _A,  # accounts receivable
    21: _A,  # prepayment accounts receivable
    22: _L,  # accounts payable
    24: _L,  # VAT
    25: _L,  # employees payable
    26: _A,  # prepaid expenses
    27: _L,  # accrued expenses
    29: _L,  # income taxes payable
    30: _A,  # fixed assets
    32: _A,  # other assets
    35: _A,  # accumulated depreciation (a contra asset)
    40: _A,  # inventory
    50: _E,  # capital stock
    52: _E,  # retained earnings
    55: _L,  # long-term debt
    60: _L,  # current portion of debt
    100: _L,  # taxes payable
    110: _R,  # revenue
    111: _X,  # cost of goods
    120: _X,  # other costs
    121: _X,  # sales, general and administrative expenses
    122: _X,  # depreciation costs
    123: _X,  # research and development
    125: _X,  # employee costs
    126: _X,  # employment costs
    130: _X,  # exceptional costs
    140: _R,  # exceptional income
    150: _X,  # income taxes
    160: _R,  # interest income
}
"""Exact G/L `Type` -> unified class. Codes not listed (90 general, 300-302 year end) are
classified from the balance type and side instead (see `LedgerAccount`)."""


def classify(
    type_code: int | None, balance_type: str | None, balance_side: str | None
) -> LedgerAccountType | None:
    """The unified class of an Exact G/L type, falling back on balance type and side."""
    if type_code in GL_TYPE_CLASSES:
        return GL_TYPE_CLASSES[type_code]
    debit = balance_side == BalanceSide.DEBIT
    if balance_type == BalanceType.PROFIT_AND_LOSS and balance_side is not None:
        return _X if debit else _R
    if balance_type == BalanceType.BALANCE_SHEET and balance_side is not None:
        return _A if debit else _L
    return None


class LedgerAccount(UnifiedRecord):
    """One G/L account (`financial/GLAccounts`).

    `type` is derived from `type_code` (and, for Exact's general 90 and year-end 300-302
    types, from `balance_type` and `balance_side`) when not given; it is never sent to Exact.
    """

    code: str = Field(description="Exact `Code` (unique per division, e.g. `706000`).")
    name: str = Field(description="Exact `Description`.")
    type: LedgerAccountType | None = Field(
        default=None, description="Accounting class, derived from Exact `Type` (read only)."
    )
    type_code: int | None = Field(
        default=None, description="Exact `Type` (10 cash, 12 bank, 110 revenue, ...)."
    )
    type_description: str | None = Field(default=None, description="Exact `TypeDescription`.")
    balance_side: BalanceSide | None = Field(default=None, description="Exact `BalanceSide`.")
    balance_type: BalanceType | None = Field(default=None, description="Exact `BalanceType`.")
    vat_code: str | None = Field(default=None, description="Exact `VATCode`, padding trimmed.")
    is_blocked: bool = Field(default=False, description="Exact `IsBlocked`.")
    allows_matching: bool = Field(default=False, description="Exact `Matching`.")
    cost_center: str | None = Field(default=None, description="Exact `Costcenter` (a code).")
    search_code: str | None = Field(default=None, description="Exact `SearchCode`.")

    @model_validator(mode="before")
    @classmethod
    def _derive_type(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("type") is None:
            derived = classify(
                data.get("type_code"), data.get("balance_type"), data.get("balance_side")
            )
            if derived is not None:
                return {**data, "type": derived}
        return data


class JournalType(StrEnum):
    """Exact journal `Type`."""

    CASH = "cash"  # 10
    BANK = "bank"  # 12
    PAYMENT_SERVICE = "payment_service"  # 16
    SALES = "sales"  # 20
    SALES_RETURN = "sales_return"  # 21
    PURCHASE = "purchase"  # 22
    PURCHASE_RETURN = "purchase_return"  # 23
    GENERAL = "general"  # 90


class Journal(UnifiedRecord):
    """One journal (`financial/Journals`); read only in the unified model."""

    code: str = Field(description="Exact `Code`, what entries refer to (e.g. `70`).")
    name: str = Field(description="Exact `Description`.")
    type: JournalType = Field(description="Exact `Type`.")
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    ledger_account_id: str | None = Field(
        default=None, description="Exact `GLAccount`: the journal's G/L account."
    )
    ledger_account_code: str | None = Field(default=None, description="Exact `GLAccountCode`.")
    is_blocked: bool = Field(default=False, description="Exact `IsBlocked`.")


class TaxType(StrEnum):
    """Exact VAT code `Type`: E excluding, I including, N none, B base only."""

    EXCLUDING = "excluding"
    INCLUDING = "including"
    NONE = "none"
    BASE_ONLY = "base_only"


class TaxAppliesTo(StrEnum):
    """Exact `VATTransactionType`: S sales, P purchase, B both."""

    SALES = "sales"
    PURCHASE = "purchase"
    BOTH = "both"


class TaxRate(UnifiedRecord):
    """One VAT code (`vat/VATCodes`); read only."""

    code: str = Field(description="Exact `Code`, padding trimmed (`2`, `IHE`).")
    name: str = Field(description="Exact `Description`.")
    percentage: Money | None = Field(
        default=None,
        description="Exact `Percentage` in percent: Exact's fraction 0.21 reads as 21.",
    )
    type: TaxType | None = Field(default=None, description="Exact `Type`.")
    applies_to: TaxAppliesTo | None = Field(default=None, description="Exact `VATTransactionType`.")
    is_blocked: bool = Field(default=False, description="Exact `IsBlocked`.")


class PaymentMethod(StrEnum):
    """Exact payment condition `PaymentMethod`: B on credit, I collection, K cash."""

    ON_CREDIT = "on_credit"
    COLLECTION = "collection"
    CASH = "cash"


class PaymentTerm(UnifiedRecord):
    """One payment condition (`cashflow/PaymentConditions`); read and create."""

    code: str = Field(description="Exact `Code` (e.g. `30`).")
    name: str = Field(description="Exact `Description`.")
    days: int | None = Field(default=None, description="Exact `PaymentDays`: days until due.")
    end_of_months: int | None = Field(
        default=None, description="Exact `PaymentEndOfMonths`: months to the month's end."
    )
    payment_method: PaymentMethod | None = Field(default=None, description="Exact `PaymentMethod`.")
    discount_days: int | None = Field(default=None, description="Exact `DiscountPaymentDays`.")


class FiscalPeriod(UnifiedRecord):
    """One financial period (`financial/FinancialPeriods`); read only."""

    year: int = Field(description="Exact `FinYear` (need not equal the calendar year).")
    period: int = Field(description="Exact `FinPeriod` (usually months 1-12).")
    start_date: date | None = Field(default=None, description="Exact `StartDate`.")
    end_date: date | None = Field(default=None, description="Exact `EndDate`.")
