"""financial/GLAccounts and financial/Journals: the ledger's master data."""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS", "GL_TYPE_DESCRIPTIONS", "JOURNAL_TYPE_DESCRIPTIONS"]

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

JOURNAL_TYPE_DESCRIPTIONS: Final = {
    10: "Cash", 12: "Bank", 16: "Payment service", 20: "Sales", 21: "Return invoice",
    22: "Purchase", 23: "Received return invoice", 90: "General journal",
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
        key = row["ID"]
        if any(line.get("GLAccount") == key for line in ctx.rows("salesinvoice/SalesInvoiceLines")):
            raise ctx.refuse("cannot_delete", "GLAccount", "SalesInvoiceLines")
        if any(journal.get("GLAccount") == key for journal in ctx.rows("financial/Journals")):
            raise ctx.refuse("cannot_delete", "GLAccount", "Journal")


class JournalBehaviour(Behaviour):
    """Unique codes and type descriptions; no delete while invoices use the journal."""

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        put(spec, row, "TypeDescription", JOURNAL_TYPE_DESCRIPTIONS.get(row.get("Type") or 0))
        account = ctx.lookup("financial/GLAccounts", row.get("GLAccount"))
        if account is not None:
            put(spec, row, "GLAccountCode", account.get("Code"))
            put(spec, row, "GLAccountDescription", account.get("Description"))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _unique_code(ctx, spec, row)

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        code = (row.get("Code") or "").strip()
        for invoice in ctx.rows("salesinvoice/SalesInvoices"):
            if (invoice.get("Journal") or "").strip() == code:
                raise ctx.refuse("cannot_delete", "Journal", "SalesInvoices")


def _unique_code(ctx: Context, spec: EntitySpec, row: Row) -> None:
    code = (row.get("Code") or "").strip().lower()
    for other in ctx.rows(spec.path):
        if other[spec.key] != row[spec.key] and (other.get("Code") or "").strip().lower() == code:
            raise ctx.refuse("exists", "Code")


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    "financial/GLAccounts": GLAccountBehaviour(),
    "financial/Journals": JournalBehaviour(),
}
