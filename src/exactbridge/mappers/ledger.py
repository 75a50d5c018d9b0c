"""Mappers for bookkeeping master data: G/L accounts, journals, VAT codes, payment conditions,
financial periods.

Writable in the unified model: ledger accounts (create, update) and payment terms (create;
Exact's `cashflow/PaymentConditions` takes no PUT, though its properties carry PUT flags).
Journals, tax rates and fiscal periods are read only. A VAT percentage crosses as a percent
on our side and a fraction on Exact's (`_Percent`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from exactbridge.exact.cashflow import PAYMENT_CONDITIONS
from exactbridge.exact.financial import FINANCIAL_PERIODS, GL_ACCOUNTS, JOURNALS
from exactbridge.exact.vat import VAT_CODES
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, INTEGER, TEXT, Choice
from exactbridge.mappers._core import (
    FieldMap,
    Method,
    ResourceMap,
    record_from_exact,
    record_to_exact,
)
from exactbridge.model.ledger import (
    BalanceSide,
    BalanceType,
    FiscalPeriod,
    Journal,
    JournalType,
    LedgerAccount,
    PaymentMethod,
    PaymentTerm,
    TaxAppliesTo,
    TaxRate,
    TaxType,
)
from exactbridge.wire import decimal_to_wire, to_decimal

__all__ = [
    "FISCAL_PERIOD_MAP",
    "JOURNAL_MAP",
    "LEDGER_ACCOUNT_MAP",
    "PAYMENT_TERM_MAP",
    "TAX_RATE_MAP",
    "fiscal_period_from_exact",
    "journal_from_exact",
    "ledger_account_from_exact",
    "ledger_account_to_exact",
    "payment_term_from_exact",
    "payment_term_to_exact",
    "tax_rate_from_exact",
]

BALANCE_SIDE = Choice({"D": BalanceSide.DEBIT, "C": BalanceSide.CREDIT})
BALANCE_TYPE = Choice({"B": BalanceType.BALANCE_SHEET, "W": BalanceType.PROFIT_AND_LOSS})
JOURNAL_TYPE = Choice(
    {
        10: JournalType.CASH,
        12: JournalType.BANK,
        16: JournalType.PAYMENT_SERVICE,
        20: JournalType.SALES,
        21: JournalType.SALES_RETURN,
        22: JournalType.PURCHASE,
        23: JournalType.PURCHASE_RETURN,
        90: JournalType.GENERAL,
    }
)
TAX_TYPE = Choice(
    {"E": TaxType.EXCLUDING, "I": TaxType.INCLUDING, "N": TaxType.NONE, "B": TaxType.BASE_ONLY}
)
TAX_APPLIES_TO = Choice(
    {"S": TaxAppliesTo.SALES, "P": TaxAppliesTo.PURCHASE, "B": TaxAppliesTo.BOTH}
)
PAYMENT_METHOD = Choice(
    {"B": PaymentMethod.ON_CREDIT, "I": PaymentMethod.COLLECTION, "K": PaymentMethod.CASH}
)


def _tidy(value: Decimal) -> Decimal:
    """`2E+1` -> `20`: keep the digits a person expects, value unchanged."""
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


@dataclass(frozen=True)
class _Percent:
    """Exact's fraction (0.21) <-> a percent Decimal (21), by shifting the exponent (exact)."""

    def decode(self, wire: Any) -> Decimal | None:
        return None if wire is None else _tidy(to_decimal(wire).scaleb(2))

    def encode(self, value: Any) -> int | float | None:
        return None if value is None else decimal_to_wire(to_decimal(value).scaleb(-2))


PERCENT = _Percent()

LEDGER_ACCOUNT_MAP: ResourceMap[LedgerAccount] = ResourceMap(
    model=LedgerAccount,
    spec=GL_ACCOUNTS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("type_code", "Type", INTEGER),
        FieldMap("type_description", "TypeDescription", TEXT),
        FieldMap("balance_side", "BalanceSide", BALANCE_SIDE),
        FieldMap("balance_type", "BalanceType", BALANCE_TYPE),
        FieldMap("vat_code", "VATCode", CODE),
        FieldMap("is_blocked", "IsBlocked", FLAG),
        FieldMap("allows_matching", "Matching", FLAG),
        FieldMap("cost_center", "Costcenter", CODE),
        FieldMap("search_code", "SearchCode", TEXT),
    ),
    required=(("code",), ("name",)),
)

JOURNAL_MAP: ResourceMap[Journal] = ResourceMap(
    model=Journal,
    spec=JOURNALS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("type", "Type", JOURNAL_TYPE),
        FieldMap("currency", "Currency", CODE),
        FieldMap("ledger_account_id", "GLAccount", GUID),
        FieldMap("ledger_account_code", "GLAccountCode", CODE),
        FieldMap("is_blocked", "IsBlocked", FLAG),
    ),
)

TAX_RATE_MAP: ResourceMap[TaxRate] = ResourceMap(
    model=TaxRate,
    spec=VAT_CODES,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("percentage", "Percentage", PERCENT),
        FieldMap("type", "Type", TAX_TYPE),
        FieldMap("applies_to", "VATTransactionType", TAX_APPLIES_TO),
        FieldMap("is_blocked", "IsBlocked", FLAG),
    ),
)

PAYMENT_TERM_MAP: ResourceMap[PaymentTerm] = ResourceMap(
    model=PaymentTerm,
    spec=PAYMENT_CONDITIONS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("days", "PaymentDays", INTEGER),
        FieldMap("end_of_months", "PaymentEndOfMonths", INTEGER),
        FieldMap("payment_method", "PaymentMethod", PAYMENT_METHOD),
        FieldMap("discount_days", "DiscountPaymentDays", INTEGER),
    ),
    required=(("code",), ("name",)),
)

FISCAL_PERIOD_MAP: ResourceMap[FiscalPeriod] = ResourceMap(
    model=FiscalPeriod,
    spec=FINANCIAL_PERIODS,
    fields=(
        FieldMap("year", "FinYear", INTEGER),
        FieldMap("period", "FinPeriod", INTEGER),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
    ),
)


def ledger_account_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> LedgerAccount:
    """A `financial/GLAccounts` JSON row as a `LedgerAccount` (its `type` derived)."""
    return record_from_exact(
        LEDGER_ACCOUNT_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def ledger_account_to_exact(
    account: Mapping[str, Any] | LedgerAccount, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `financial/GLAccounts` body creating (POST) or updating (PUT) a ledger account."""
    return record_to_exact(LEDGER_ACCOUNT_MAP, account, method=method, custom=custom)


def journal_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> Journal:
    """A `financial/Journals` JSON row as a `Journal`."""
    return record_from_exact(
        JOURNAL_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def tax_rate_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> TaxRate:
    """A `vat/VATCodes` JSON row as a `TaxRate` (percentage in percent)."""
    return record_from_exact(
        TAX_RATE_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def payment_term_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> PaymentTerm:
    """A `cashflow/PaymentConditions` JSON row as a `PaymentTerm`."""
    return record_from_exact(
        PAYMENT_TERM_MAP, row, division=division, remote_data=remote_data, custom=custom
    )


def payment_term_to_exact(
    term: Mapping[str, Any] | PaymentTerm, *, method: Method, custom: Sequence[FieldMap] = ()
) -> dict[str, Any]:
    """The `cashflow/PaymentConditions` body of a create (POST).

    Exact offers no PUT on this endpoint; a PUT body is built from the properties' flags
    for symmetry with other families, and the action layer must not send it.
    """
    return record_to_exact(PAYMENT_TERM_MAP, term, method=method, custom=custom)


def fiscal_period_from_exact(
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> FiscalPeriod:
    """A `financial/FinancialPeriods` JSON row as a `FiscalPeriod`."""
    return record_from_exact(
        FISCAL_PERIOD_MAP, row, division=division, remote_data=remote_data, custom=custom
    )
