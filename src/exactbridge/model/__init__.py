"""The unified accounting model: typed, frozen records over Exact Online, pure (no I/O).

See `_base` for the conventions every model follows; one module per resource family.
"""

from __future__ import annotations

from exactbridge.model._base import (
    MONEY_PATTERN,
    CurrencyCode,
    LineItem,
    Money,
    UnifiedModel,
    UnifiedRecord,
    UtcDatetime,
)
from exactbridge.model.companies import Company, CompanyStatus
from exactbridge.model.ledger import (
    BalanceSide,
    BalanceType,
    FiscalPeriod,
    Journal,
    JournalType,
    LedgerAccount,
    LedgerAccountType,
    PaymentMethod,
    PaymentTerm,
    TaxAppliesTo,
    TaxRate,
    TaxType,
)
from exactbridge.model.parties import (
    AccountStage,
    Address,
    AddressType,
    Contact,
    Customer,
    PartyStatus,
    PostalAddress,
    Supplier,
)

__all__ = [
    "MONEY_PATTERN",
    "AccountStage",
    "Address",
    "AddressType",
    "BalanceSide",
    "BalanceType",
    "Company",
    "CompanyStatus",
    "Contact",
    "CurrencyCode",
    "Customer",
    "FiscalPeriod",
    "Journal",
    "JournalType",
    "LedgerAccount",
    "LedgerAccountType",
    "LineItem",
    "Money",
    "PartyStatus",
    "PaymentMethod",
    "PaymentTerm",
    "PostalAddress",
    "Supplier",
    "TaxAppliesTo",
    "TaxRate",
    "TaxType",
    "UnifiedModel",
    "UnifiedRecord",
    "UtcDatetime",
]
