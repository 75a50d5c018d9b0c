"""Purchases: bills and vendor credits (`purchaseentry/PurchaseEntries`), expenses (cash
statements, `financialtransaction/CashEntries`), and the statement shape bank entries share.

Bills and vendor credits are one Exact endpoint with one shape. Exact books both as purchase
entries and derives the entry `Type` from the sign of the total (30 purchase entry, 31
purchase credit note); nothing else tells them apart. A create sends negative line amounts
for a credit, since Exact does not flip signs. So `VendorCredit` is a `Bill` with the same
fields and Exact's signs kept (its amounts are negative). With the signs kept, a supplier's
bills and credits add up to what the payables say without rules about when to flip them, and
a record goes back to Exact unchanged. It is a separate class only so that a record says
which resource it belongs to and each resource exports its own JSON Schema.

An expense is a cash statement (`CashEntries`) with at least one money-out line. Statement
lines carry gross amounts (VAT included), money in positive and money out negative, as Exact
sends them. A mixed statement keeps all its lines, so its total may be positive. Bank
statements (`BankEntries`, in `payments`) have the same header and lines: `Statement` and
`StatementLine` hold that shape once.

Lines are None when they were not read: Exact defers the navigation unless it is expanded
(`$expand=PurchaseEntryLines`). A None is therefore not the same as a document without
lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from exactbridge.model._base import CurrencyCode, LineItem, Money, UnifiedRecord
from exactbridge.model.entries import EntryStatus

__all__ = [
    "Bill",
    "BillLine",
    "BillType",
    "Expense",
    "Statement",
    "StatementLine",
    "VendorCredit",
]


class BillType(StrEnum):
    """Exact purchase entry `Type`: 30 purchase entry, 31 purchase credit note."""

    BILL = "bill"
    VENDOR_CREDIT = "vendor_credit"


class BillLine(LineItem):
    """One line of a bill or vendor credit (`purchaseentry/PurchaseEntryLines`)."""

    description: str | None = Field(default=None, description="Exact `Description`.")
    amount: Money | None = Field(
        default=None,
        description="Exact `AmountFC`: the amount excluding VAT, in the bill's currency; "
        "negative on a vendor credit.",
    )
    tax_code: str | None = Field(
        default=None, description="Exact `VATCode`, padding trimmed (`5`, `A21`)."
    )
    tax_amount: Money | None = Field(
        default=None,
        description="Exact `VATAmountFC`: the line's VAT; computed from the code when omitted.",
    )
    ledger_account_id: str | None = Field(
        default=None, description="Exact `GLAccount`: the cost account (GUID)."
    )
    cost_center: str | None = Field(default=None, description="Exact `CostCenter` (a code).")
    cost_unit: str | None = Field(default=None, description="Exact `CostUnit` (a code).")
    project_id: str | None = Field(default=None, description="Exact `Project` (GUID).")
    quantity: Money | None = Field(default=None, description="Exact `Quantity`.")
    line_number: int | None = Field(
        default=None, description="Exact `LineNumber`, 1-based (read only)."
    )


class Bill(UnifiedRecord):
    """A purchase invoice as Exact books it (`purchaseentry/PurchaseEntries`).

    Creating one also makes Exact file a document for it (`document_id`); attachments are
    added to that document by the actions layer. Exact computes `total_amount`, `status` and
    `type`; a bill can only be changed or deleted while it is open and unpaid.
    """

    supplier_id: str = Field(description="Exact `Supplier`: the supplier account (GUID).")
    supplier_name: str | None = Field(default=None, description="Exact `SupplierName` (read only).")
    number: int | None = Field(
        default=None,
        description="Exact `EntryNumber`: the booking number, year + journal + sequence "
        "(`24600006`); Exact assigns it when omitted.",
    )
    invoice_number: int | None = Field(
        default=None,
        description="Exact `InvoiceNumber`: what a payment's `OurRef` names; defaults to the "
        "entry number.",
    )
    your_reference: str | None = Field(
        default=None, description="Exact `YourRef`: the supplier's own invoice number."
    )
    issue_date: date | None = Field(default=None, description="Exact `EntryDate`.")
    due_date: date | None = Field(
        default=None, description="Exact `DueDate`; defaults to the date plus the term's days."
    )
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    exchange_rate: Money | None = Field(default=None, description="Exact `Rate`.")
    total_amount: Money | None = Field(
        default=None,
        description="Exact `AmountFC`: the total including VAT (reverse-charged VAT "
        "excluded); negative on a vendor credit (read only).",
    )
    tax_amount: Money | None = Field(
        default=None, description="Exact `VATAmountFC`: the VAT the supplier charges."
    )
    journal: str | None = Field(
        default=None, description="Exact `Journal`: the purchase journal's code (`60`)."
    )
    payment_terms: str | None = Field(
        default=None, description="Exact `PaymentCondition` (payment condition code)."
    )
    payment_reference: str | None = Field(default=None, description="Exact `PaymentReference`.")
    description: str | None = Field(default=None, description="Exact `Description`.")
    fiscal_year: int | None = Field(default=None, description="Exact `ReportingYear`.")
    fiscal_period: int | None = Field(default=None, description="Exact `ReportingPeriod`.")
    document_id: str | None = Field(
        default=None,
        description="Exact `Document`: the document Exact files the entry with (GUID).",
    )
    status: EntryStatus | None = Field(
        default=None, description="Exact `Status`: 5 rejected, 20 open, 50 processed."
    )
    type: BillType | None = Field(
        default=None,
        description="Exact `Type`: 30 bill, 31 vendor credit, from the total's sign (read only).",
    )
    line_items: list[BillLine] | None = Field(
        default=None,
        description="Exact `PurchaseEntryLines`, in line order; None when not expanded.",
    )


class VendorCredit(Bill):
    """A purchase credit note: a purchase entry of `Type` 31, with negative amounts.

    Same shape as `Bill`, for the reasons in the module docstring. A record of `Type` 30 is
    refused, so a vendor credit is never a bill in disguise.
    """

    @model_validator(mode="after")
    def _is_a_credit(self) -> VendorCredit:
        if self.type is BillType.BILL:
            msg = "a purchase entry of type 30 is a bill, not a vendor credit"
            raise ValueError(msg)
        return self


class StatementLine(LineItem):
    """One line of a bank or cash statement (`financialtransaction/BankEntryLines`,
    `CashEntryLines`): money in or out on a relation or a ledger account."""

    transaction_date: date | None = Field(default=None, description="Exact `Date`.")
    description: str | None = Field(default=None, description="Exact `Description`.")
    amount: Money | None = Field(
        default=None,
        description="Exact `AmountFC`: gross (VAT included), money in positive, out negative.",
    )
    tax_code: str | None = Field(default=None, description="Exact `VATCode`, padding trimmed.")
    tax_amount: Money | None = Field(
        default=None,
        description="Exact `AmountVATFC`: the VAT within the amount; computed from the code "
        "when omitted.",
    )
    ledger_account_id: str | None = Field(
        default=None,
        description="Exact `GLAccount` (GUID); for a relation line Exact fills in its "
        "receivable or payable account.",
    )
    counterparty_id: str | None = Field(
        default=None, description="Exact `Account`: the customer or supplier paid (GUID)."
    )
    invoice_number: int | None = Field(
        default=None,
        description="Exact `OurRef`: the invoice number this line pays (see BANK_ENTRY_MAP).",
    )
    cost_center: str | None = Field(default=None, description="Exact `CostCenter` (a code).")
    cost_unit: str | None = Field(default=None, description="Exact `CostUnit` (a code).")
    project_id: str | None = Field(default=None, description="Exact `Project` (GUID).")
    quantity: Money | None = Field(default=None, description="Exact `Quantity`.")
    notes: str | None = Field(default=None, description="Exact `Notes`.")
    line_number: int | None = Field(
        default=None, description="Exact `LineNumber`, 1-based (read only)."
    )


def _decimal(value: Any) -> Decimal | None:
    """`value` as a finite Decimal, or None when it is not a number (the field's own
    validation then reports it)."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return None
    return amount if amount.is_finite() else None


def _line_amount(line: Any) -> Decimal | None:
    """A line's amount for the total: 0 when it has none, None when it is unreadable."""
    if isinstance(line, StatementLine):
        value = line.amount
    elif isinstance(line, Mapping):
        value = line.get("amount")
    else:
        return None
    return Decimal(0) if value is None else _decimal(value)


class Statement(UnifiedRecord):
    """The header of a bank or cash statement: a journal, a period, the lines.

    `total_amount` is not an Exact property: it is the sum of the lines' amounts, the
    statement's net movement of money, derived when the lines are known.
    """

    journal: str = Field(
        description="Exact `JournalCode`: a cash (type 10) or bank (type 12) journal's code."
    )
    number: int | None = Field(
        default=None, description="Exact `EntryNumber`; Exact assigns it when omitted."
    )
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    fiscal_year: int | None = Field(
        default=None, description="Exact `FinancialYear`; defaults to the first line's date."
    )
    fiscal_period: int | None = Field(default=None, description="Exact `FinancialPeriod`.")
    opening_balance: Money | None = Field(default=None, description="Exact `OpeningBalanceFC`.")
    closing_balance: Money | None = Field(default=None, description="Exact `ClosingBalanceFC`.")
    status: EntryStatus | None = Field(
        default=None, description="Exact `Status`: 5 rejected, 20 open, 50 processed."
    )
    total_amount: Money | None = Field(
        default=None,
        description="The sum of the lines' amounts (derived, not sent); None when the lines "
        "were not read.",
    )
    line_items: list[StatementLine] | None = Field(
        default=None, description="The statement's lines in line order; None when not expanded."
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_total(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("line_items"), list):
            return data
        amounts = [_line_amount(line) for line in data["line_items"]]
        if None in amounts:
            return data
        total = sum((amount for amount in amounts if amount is not None), Decimal(0))
        given = data.get("total_amount")
        if given is None:
            return {**data, "total_amount": total}
        if _decimal(given) != total:
            msg = f"total_amount {given} is not the sum of the lines ({total})"
            raise ValueError(msg)
        return data


class Expense(Statement):
    """Money spent in cash: a cash statement (`financialtransaction/CashEntries`) with at
    least one money-out line. Exact offers GET and POST (no change, no delete)."""

    line_items: list[StatementLine] | None = Field(
        default=None,
        description="Exact `CashEntryLines`, in line order; None when not expanded.",
    )
