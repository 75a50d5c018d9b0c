"""Mappers for purchases: bills and vendor credits (`purchaseentry/PurchaseEntries` with
`PurchaseEntryLines`) and expenses (`financialtransaction/CashEntries` with `CashEntryLines`).

What Exact lets each method set (the specs' flags, checked by `record_to_exact`):

- Bills and vendor credits: create, update and delete, while the entry is open and unpaid.
  A create carries its lines (`PurchaseEntryLines`, each a cost account and an amount
  excluding VAT at least); lines change later through their own endpoint, never in an
  update. Exact fills the rest: entry and invoice number, payment terms and due date from
  the supplier, period, totals, `Type` from the total's sign, and a `Document` it files the
  entry with. A credit is created with negative line amounts.
- Expenses: create only (CashEntries takes GET and POST; the PUT bodies built from the
  properties' flags are for symmetry with other families and must not be sent). Lines are
  gross, money out negative.

Routing rows to resources: `is_vendor_credit_row` splits purchase entries (`Type` 31), and
`is_expense_row` keeps the cash statements with money going out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exactbridge.errors import WireFormatError
from exactbridge.exact import EntitySpec
from exactbridge.exact.financialtransaction import CASH_ENTRIES, CASH_ENTRY_LINES
from exactbridge.exact.purchaseentry import PURCHASE_ENTRIES, PURCHASE_ENTRY_LINES
from exactbridge.mappers._codecs import CODE, DAY, GUID, INTEGER, NUMBER, TEXT, Choice
from exactbridge.mappers._core import FieldMap, LinesMap, ResourceMap
from exactbridge.mappers.entries import ENTRY_STATUS
from exactbridge.model.purchases import (
    Bill,
    BillLine,
    BillType,
    Expense,
    StatementLine,
    VendorCredit,
)
from exactbridge.wire import to_decimal

__all__ = [
    "BILL_LINES",
    "BILL_MAP",
    "BILL_TYPE",
    "EXPENSE_MAP",
    "STATEMENT_FIELDS",
    "STATEMENT_LINE_FIELDS",
    "VENDOR_CREDIT_MAP",
    "is_expense_row",
    "is_vendor_credit_row",
    "statement_lines",
]

BILL_TYPE = Choice({30: BillType.BILL, 31: BillType.VENDOR_CREDIT})
_CREDIT_NOTE = 31

BILL_LINES: LinesMap[BillLine] = LinesMap(
    unified="line_items",
    exact="PurchaseEntryLines",
    model=BillLine,
    spec=PURCHASE_ENTRY_LINES,
    fields=(
        FieldMap("description", "Description", TEXT),
        FieldMap("amount", "AmountFC", NUMBER),  # AmountDC is read only: Exact ignores it
        FieldMap("tax_code", "VATCode", CODE),
        FieldMap("tax_amount", "VATAmountFC", NUMBER),
        FieldMap("ledger_account_id", "GLAccount", GUID),
        FieldMap("cost_center", "CostCenter", CODE),
        FieldMap("cost_unit", "CostUnit", CODE),
        FieldMap("project_id", "Project", GUID),
        FieldMap("quantity", "Quantity", NUMBER),
        FieldMap("line_number", "LineNumber", INTEGER),
    ),
    required=(("ledger_account_id",), ("amount",)),
)

_BILL_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("supplier_id", "Supplier", GUID),
    FieldMap("supplier_name", "SupplierName", TEXT),
    FieldMap("number", "EntryNumber", INTEGER),
    FieldMap("invoice_number", "InvoiceNumber", INTEGER),
    FieldMap("your_reference", "YourRef", TEXT),
    FieldMap("issue_date", "EntryDate", DAY),
    FieldMap("due_date", "DueDate", DAY),
    FieldMap("currency", "Currency", CODE),
    FieldMap("exchange_rate", "Rate", NUMBER),
    FieldMap("total_amount", "AmountFC", NUMBER),
    FieldMap("tax_amount", "VATAmountFC", NUMBER),
    FieldMap("journal", "Journal", CODE),
    FieldMap("payment_terms", "PaymentCondition", CODE),
    FieldMap("payment_reference", "PaymentReference", TEXT),
    FieldMap("description", "Description", TEXT),
    FieldMap("fiscal_year", "ReportingYear", INTEGER),
    FieldMap("fiscal_period", "ReportingPeriod", INTEGER),
    FieldMap("document_id", "Document", GUID),
    FieldMap("status", "Status", ENTRY_STATUS),
    FieldMap("type", "Type", BILL_TYPE),
)
_BILL_REQUIRED = (("supplier_id",), ("journal",))  # the spec's `Journal` and `Supplier`

BILL_MAP: ResourceMap[Bill] = ResourceMap(
    model=Bill,
    spec=PURCHASE_ENTRIES,
    fields=_BILL_FIELDS,
    required=_BILL_REQUIRED,
    lines=BILL_LINES,
)

VENDOR_CREDIT_MAP: ResourceMap[VendorCredit] = ResourceMap(
    model=VendorCredit,
    spec=PURCHASE_ENTRIES,
    fields=_BILL_FIELDS,
    required=_BILL_REQUIRED,
    lines=BILL_LINES,
)

STATEMENT_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("journal", "JournalCode", CODE),
    FieldMap("number", "EntryNumber", INTEGER),
    FieldMap("currency", "Currency", CODE),
    FieldMap("fiscal_year", "FinancialYear", INTEGER),
    FieldMap("fiscal_period", "FinancialPeriod", INTEGER),
    FieldMap("opening_balance", "OpeningBalanceFC", NUMBER),
    FieldMap("closing_balance", "ClosingBalanceFC", NUMBER),
    FieldMap("status", "Status", ENTRY_STATUS),
)
"""Header properties bank and cash statements share."""

STATEMENT_LINE_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("transaction_date", "Date", DAY),
    FieldMap("description", "Description", TEXT),
    FieldMap("amount", "AmountFC", NUMBER),
    FieldMap("tax_code", "VATCode", CODE),
    FieldMap("tax_amount", "AmountVATFC", NUMBER),
    FieldMap("ledger_account_id", "GLAccount", GUID),
    FieldMap("counterparty_id", "Account", GUID),
    FieldMap("invoice_number", "OurRef", INTEGER),
    FieldMap("cost_center", "CostCenter", CODE),
    FieldMap("cost_unit", "CostUnit", CODE),
    FieldMap("project_id", "Project", GUID),
    FieldMap("quantity", "Quantity", NUMBER),
    FieldMap("notes", "Notes", TEXT),
    FieldMap("line_number", "LineNumber", INTEGER),
)
"""Line properties bank and cash statement lines share (Exact gives them one shape)."""


def statement_lines(nav: str, spec: EntitySpec) -> LinesMap[StatementLine]:
    """The lines of a bank or cash statement: a ledger account or a relation (Exact then
    books to the relation's receivable or payable account), and an amount."""
    return LinesMap(
        unified="line_items",
        exact=nav,
        model=StatementLine,
        spec=spec,
        fields=STATEMENT_LINE_FIELDS,
        required=(("ledger_account_id", "counterparty_id"), ("amount",)),
    )


EXPENSE_MAP: ResourceMap[Expense] = ResourceMap(
    model=Expense,
    spec=CASH_ENTRIES,
    fields=STATEMENT_FIELDS,
    required=(("journal",),),
    lines=statement_lines("CashEntryLines", CASH_ENTRY_LINES),
)


def is_vendor_credit_row(row: Mapping[str, Any]) -> bool:
    """Whether a `PurchaseEntries` row is a credit note (`Type` 31), not a bill."""
    return row.get("Type") == _CREDIT_NOTE


def is_expense_row(row: Mapping[str, Any]) -> bool:
    """Whether a `CashEntries` row has a money-out line (a negative `AmountFC`).

    Raises:
        WireFormatError: the row's `CashEntryLines` were not expanded, so it cannot tell.
    """
    nav = row.get("CashEntryLines")
    lines = nav.get("results") if isinstance(nav, Mapping) else nav
    if not isinstance(lines, list):
        msg = "a cash entry tells an expense by its lines: expand CashEntryLines"
        raise WireFormatError(msg, value=nav)
    return any(
        line.get("AmountFC") is not None and to_decimal(line["AmountFC"]) < 0 for line in lines
    )
