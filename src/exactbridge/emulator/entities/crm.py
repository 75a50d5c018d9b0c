"""crm/Accounts, crm/Contacts and crm/Addresses: relations and the people behind them.

Quotations, also served under `crm`, behave as described in `quotations`.
"""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities import quotations
from exactbridge.emulator.entities.base import COUNTRY_NAMES, Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity
from exactbridge.wire import pad_right

__all__ = ["BEHAVIOURS"]

_ACCOUNT_DEFAULTS: Final = {
    "ConsolidationScenario": 6,
    "CostPaid": 0,
    "CreditLinePurchase": 0,
    "CreditLineSales": 0,
    "DiscountPurchase": 0,
    "DiscountSales": 0,
    "GlnNumber": "",
    "InvoiceAttachmentType": 1,
    "InvoicingMethod": 0,
    "OINNumber": "",
    "PurchaseCurrency": "EUR",
    "PurchaseLeadDays": 0,
    "SalesCurrency": "EUR",
    "SecurityLevel": 10,
    "ShippingLeadDays": 0,
    "Source": 2,
    "Status": "A",
    "Type": "A",
}
_CURRENCY_NAMES: Final = {"EUR": "Euro", "USD": "US dollar", "GBP": "Pound sterling"}


_OWNED: Final = ("crm/Contacts", "crm/Addresses", "crm/BankAccounts")
"""Rows that belong to an account and go when it goes."""


class AccountBehaviour(Behaviour):
    """Codes numbered on create, roles and names derived, deletes refused while in use."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        for name, value in _ACCOUNT_DEFAULTS.items():
            if spec.field(name) is not None and row.get(name) is None:
                row[name] = value
        if row.get("Code") is None:
            code = ctx.next_code(spec)
            put(spec, row, "Code", pad_right(code, 18))
        today = ctx.today
        for name in ("StartDate", "StatusSince"):
            if row.get(name) is None:
                put(spec, row, name, today)
        if row.get("Status") == "C" and row.get("CustomerSince") is None:
            put(spec, row, "CustomerSince", today)
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        put(spec, row, "IsSales", row.get("Status") == "C")
        put(spec, row, "IsPurchase", bool(row.get("IsSupplier")))
        country = (row.get("Country") or "").strip()
        put(spec, row, "CountryName", COUNTRY_NAMES.get(country) if country else None)
        for currency in ("SalesCurrency", "PurchaseCurrency"):
            put(spec, row, f"{currency}Description", _CURRENCY_NAMES.get(row.get(currency) or ""))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.duplicates(spec, row, "Code"):
            raise ctx.refuse("exists", "Code")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row, ignoring=_OWNED)

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        for path in _OWNED:
            child_spec = find_entity(path)
            assert child_spec is not None
            for child in ctx.table(path).lookup("Account", row["ID"]):
                ctx.store.delete(ctx.division, child_spec, child["ID"])


class ContactBehaviour(Behaviour):
    """Contacts belong to an account; names and account facts are derived."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("Code") is None:
            code = ctx.next_code(spec)
            put(spec, row, "Code", pad_right(code, 18))
        if row.get("Gender") is None:
            put(spec, row, "Gender", "O")
        if row.get("StartDate") is None:
            put(spec, row, "StartDate", ctx.today)
        if row.get("BusinessEmail") is None and row.get("Email"):
            put(spec, row, "BusinessEmail", row["Email"])
        if row.get("IsAnonymised") is None:
            put(spec, row, "IsAnonymised", 0)
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        parts = (row.get("FirstName"), row.get("MiddleName"), row.get("LastName"))
        put(spec, row, "FullName", " ".join(p for p in parts if p) or None)
        account = ctx.lookup("crm/Accounts", row.get("Account"))
        if account is not None:
            put(spec, row, "AccountName", account.get("Name"))
            put(spec, row, "AccountIsCustomer", account.get("Status") == "C")
            put(spec, row, "AccountIsSupplier", bool(account.get("IsSupplier")))
            put(spec, row, "AccountMainContact", account.get("MainContact"))
            put(spec, row, "IsMainContact", account.get("MainContact") == row["ID"])
            if row.get("Country") is None and account.get("Country"):
                put(spec, row, "Country", account["Country"])

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.lookup("crm/Accounts", row.get("Account")) is None:
            raise ctx.refuse("invalid_reference", "Account")


class AddressBehaviour(Behaviour):
    """Addresses belong to an account; the country name is derived."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("Type") is None:
            put(spec, row, "Type", 1)
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        country = (row.get("Country") or "").strip()
        put(spec, row, "CountryName", COUNTRY_NAMES.get(country) if country else None)
        account = ctx.lookup("crm/Accounts", row.get("Account")) or {}
        put(spec, row, "AccountName", account.get("Name"))
        put(spec, row, "AccountIsSupplier", bool(account.get("IsSupplier")))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.lookup("crm/Accounts", row.get("Account")) is None:
            raise ctx.refuse("invalid_reference", "Account")


class BankAccountBehaviour(Behaviour):
    """Bank accounts belong to an account; the first one becomes its main account."""

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        account = ctx.lookup("crm/Accounts", row.get("Account")) or {}
        put(spec, row, "AccountName", account.get("Name"))
        if row.get("IBAN") is None and (row.get("BankAccount") or "")[:2].isalpha():
            put(spec, row, "IBAN", row["BankAccount"])

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.lookup("crm/Accounts", row.get("Account")) is None:
            raise ctx.refuse("invalid_reference", "Account")


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    "crm/Accounts": AccountBehaviour(),
    "crm/Contacts": ContactBehaviour(),
    "crm/Addresses": AddressBehaviour(),
    "crm/BankAccounts": BankAccountBehaviour(),
    **quotations.BEHAVIOURS,  # crm/Quotations, crm/QuotationLines and their actions
}
