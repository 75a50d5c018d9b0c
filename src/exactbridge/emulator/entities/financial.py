"""financial/GLAccounts and financial/Journals: the ledger's master data."""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS", "GL_TYPE_DESCRIPTIONS"]

GL_TYPE_DESCRIPTIONS: Final = {
    10: "Cash", 12: "Bank", 14: "Credit card", 16: "Payment service", 20: "Accounts receivable",
    22: "Accounts payable", 24: "VAT", 25: "Employees payables", 26: "Prepaid expenses",
    27: "Accrued expenses", 29: "Income taxes payable", 30: "Fixed assets",
    32: "Other fixed assets", 35: "Accumulated depreciations", 40: "Inventory",
    50: "Capital stock", 52: "Retained earnings", 55: "Long term debt",
    60: "Current portion of debt", 90: "General", 100: "Tax payable", 110: "Revenue",
    111: "Cost of goods", 120: "Other costs", 121: "Sales, general administrative expenses",
    122: "Depreciation costs", 123: "Research and development", 125: "Employee costs",
    126: "Employment costs", 130: "Exceptional costs", 140: "Exceptional income",
    150: "Income taxes", 160: "Interest income",
}  # fmt: skip


class GLAccountBehaviour(Behaviour):
    """Unique codes, type descriptions, no delete while bookings or items use the account."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("Type") is None:
            put(spec, row, "Type", 90)
        if row.get("BalanceSide") is None:
            put(spec, row, "BalanceSide", "D")
        if row.get("BalanceType") is None:
            put(spec, row, "BalanceType", "W" if (row.get("Type") or 0) >= 110 else "B")
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        put(spec, row, "TypeDescription", GL_TYPE_DESCRIPTIONS.get(row.get("Type") or 0))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _unique_code(ctx, spec, row)

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row)


class JournalBehaviour(Behaviour):
    """Unique codes and the linked account's facts; no delete while invoices use it."""

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        account = ctx.lookup("financial/GLAccounts", row.get("GLAccount")) or {}
        put(spec, row, "GLAccountCode", account.get("Code"))
        put(spec, row, "GLAccountDescription", account.get("Description"))
        put(spec, row, "GLAccountType", account.get("Type"))
        currency = row.get("Currency") or "EUR"
        put(spec, row, "Currency", currency)
        put(spec, row, "CurrencyDescription", "Euro" if currency == "EUR" else None)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _unique_code(ctx, spec, row)

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row)


def _unique_code(ctx: Context, spec: EntitySpec, row: Row) -> None:
    if ctx.duplicates(spec, row, "Code"):
        raise ctx.refuse("exists", "Code")


class VATCodeBehaviour(Behaviour):
    """VAT codes name the ledger accounts VAT is paid to and claimed from."""

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        for role in ("GLToPay", "GLToClaim", "GLDiscountSales", "GLDiscountPurchase"):
            account = ctx.lookup("financial/GLAccounts", row.get(role)) or {}
            put(spec, row, f"{role}Code", account.get("Code"))
            put(spec, row, f"{role}Description", account.get("Description"))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _unique_code(ctx, spec, row)


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    "financial/GLAccounts": GLAccountBehaviour(),
    "financial/Journals": JournalBehaviour(),
    "vat/VATCodes": VATCodeBehaviour(),
}
