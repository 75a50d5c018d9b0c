"""Open items: what customers still owe and what is still owed to suppliers.

Every transaction line on a receivable (G/L type 20) or payable (type 22) account that
names a relation is an open item (`cashflow/Receivables`, `cashflow/Payments`, mirrored by
`read/financial/ReceivablesList` and `PayablesList`), unless it settles one: a bank or cash
line for the same relation whose `OurRef` is the item's invoice number and whose amount is
exactly what is outstanding closes that item instead (Exact's automatic matching; a partial
amount is not matched and stays open on its own, as a negative item).

Outstanding amounts are what the relation owes us (receivables) or we owe it (payables):
positive for an invoice, negative for a credit note or an unmatched payment. Hence, per
relation, the open receivables add up to the balance of its receivable lines and the open
payables to minus the balance of its payable lines.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Final, Literal

from exactbridge.emulator.ledger.money import cents, to_float
from exactbridge.emulator.ledger.posting import Head, Posted

__all__ = [
    "OPEN",
    "SETTLED",
    "Side",
    "list_values",
    "matches",
    "open_item_values",
    "outstanding",
    "settled_values",
    "side_of",
]

Side = Literal["receivable", "payable"]
OPEN: Final = 20
SETTLED: Final = 50


def side_of(gl_type: int | None) -> Side | None:
    """Which open items a line on a G/L account of `gl_type` makes, if any."""
    return {20: "receivable", 22: "payable"}.get(gl_type or 0)  # type: ignore[return-value]


def outstanding(side: Side, amount: Decimal) -> Decimal:
    """How much a line of `amount` (debit positive) adds to what is outstanding."""
    return amount if side == "receivable" else -amount


def open_item_values(
    side: Side,
    head: Head,
    line: Posted,
    line_id: str,
    *,
    payment_days: int | None,
    payment_method: str | None,
) -> dict[str, Any]:
    """A new open item for `line` of the booking `head` (no key, no audit)."""
    amount = to_float(outstanding(side, line.amount))
    relation = line.account
    due = head.due_date or line.date or head.date
    invoice = head.invoice_number if line.role == "relation" else line.our_ref
    values: dict[str, Any] = {
        "Account": relation.id if relation else None,
        "AccountCode": relation.code if relation else None,
        "AccountName": relation.name if relation else None,
        "AmountDC": amount,
        "AmountDiscountDC": 0.0,
        "AmountDiscountFC": 0.0,
        "AmountFC": amount,
        "Currency": head.currency,
        "Description": line.description or head.description,
        "DueDate": due,
        "EntryDate": line.date or head.date,
        "EntryID": head.entry_id,
        "EntryNumber": head.entry_number,
        "GLAccount": line.gl.id,
        "GLAccountCode": line.gl.code,
        "GLAccountDescription": line.gl.description,
        "InvoiceDate": line.date or head.date,
        "InvoiceNumber": invoice,
        "IsBatchBooking": 0,
        "Journal": head.journal_code,
        "JournalDescription": head.journal_description,
        "PaymentCondition": head.payment_condition,
        "PaymentConditionDescription": head.payment_condition_description,
        "PaymentDays": payment_days,
        "PaymentMethod": payment_method or "B",
        "PaymentReference": head.payment_reference,
        "RateFC": 1.0,
        "Status": OPEN,
        "TransactionAmountDC": amount,
        "TransactionAmountFC": amount,
        "TransactionDueDate": due,
        "TransactionEntryID": head.entry_id,
        "TransactionID": line_id,
        "TransactionIsReversal": False,
        "TransactionReportingPeriod": head.period,
        "TransactionReportingYear": head.year,
        "TransactionStatus": head.status,
        "TransactionType": head.type,
        "YourRef": head.your_ref,
    }
    if side == "receivable":
        values["IsFullyPaid"] = False
    return values


def matches(item: dict[str, Any], account: str | None, change: Decimal) -> bool:
    """Whether a payment changing `account`'s outstanding by `change` settles `item` exactly."""
    return (
        item.get("Status") == OPEN
        and item.get("Account") == account
        and cents(item.get("AmountDC")) + change == 0
        and change != 0
    )


def settled_values(side: Side, date: datetime, year: int, period: int) -> dict[str, Any]:
    """What changes on an open item that a payment on `date` settles in full."""
    values: dict[str, Any] = {
        "AmountDC": 0.0,
        "AmountFC": 0.0,
        "EndDate": date,
        "EndPeriod": period,
        "EndYear": year,
        "Status": SETTLED,
    }
    if side == "receivable":
        values |= {"IsFullyPaid": True, "LastPaymentDate": date}
    return values


def list_values(side: Side, item: dict[str, Any]) -> dict[str, Any]:
    """The `ReceivablesList` / `PayablesList` row mirroring an open item (no `HID`)."""
    values: dict[str, Any] = {
        "AccountCode": item.get("AccountCode"),
        "AccountId": item.get("Account"),
        "AccountName": item.get("AccountName"),
        "Amount": item.get("AmountDC"),
        "AmountInTransit": 0.0,
        "CurrencyCode": item.get("Currency"),
        "Description": item.get("Description"),
        "DueDate": item.get("DueDate"),
        "EntryNumber": item.get("EntryNumber"),
        "InvoiceDate": item.get("InvoiceDate"),
        "InvoiceNumber": item.get("InvoiceNumber"),
        "JournalCode": item.get("Journal"),
        "JournalDescription": item.get("JournalDescription"),
        "YourRef": item.get("YourRef"),
    }
    if side == "receivable":
        values["Id"] = item.get("ID")
    return values
