"""Mappers for payments (`cashflow/Receivables`, `cashflow/Payments`), bank entries
(`financialtransaction/BankEntries` with `BankEntryLines`) and outstanding items
(`read/financial/ReceivablesList`, `PayablesList`).

One unified model is fed by two endpoints for payments and for outstanding items; each
endpoint has its own map, and the map says the direction: a `Fixed` codec on the key gives
every row of that endpoint the same direction (the rows themselves do not say it).

What Exact lets each method set: payment terms take a PUT of `Description`, `PaymentMethod`
and `PaymentReference` only, and no POST (Exact opens and settles terms itself). Bank
entries take a POST only (the PUT bodies built from the properties' flags are for symmetry
and must not be sent). The outstanding lists are read only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from exactbridge.errors import WireFormatError
from exactbridge.exact.cashflow import PAYMENTS, RECEIVABLES
from exactbridge.exact.financialtransaction import BANK_ENTRIES, BANK_ENTRY_LINES
from exactbridge.exact.read import PAYABLES_LIST, RECEIVABLES_LIST
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, INTEGER, NUMBER, TEXT, Choice
from exactbridge.mappers._core import FieldMap, ResourceMap
from exactbridge.mappers.ledger import PAYMENT_METHOD
from exactbridge.mappers.purchases import STATEMENT_FIELDS, statement_lines
from exactbridge.model.payments import (
    BankEntry,
    Outstanding,
    OutstandingDirection,
    Payment,
    PaymentDirection,
    PaymentStatus,
)
from exactbridge.model.purchases import StatementLine

__all__ = [
    "BANK_ENTRY_MAP",
    "PAYABLE_OUTSTANDING_MAP",
    "PAYMENT_MADE_MAP",
    "PAYMENT_RECEIVED_MAP",
    "PAYMENT_STATUS",
    "RECEIVABLE_OUTSTANDING_MAP",
    "Fixed",
    "settlement_line",
]


@dataclass(frozen=True)
class Fixed:
    """A unified value every row of one endpoint shares, whatever the property holds.

    Mapped onto the endpoint's key (present in every row, never sendable), it tells which
    of two endpoints feeding one unified resource a record came from. It is never sent.
    """

    value: Enum

    def decode(self, wire: Any) -> Enum:  # noqa: ARG002 - the row does not say it
        return self.value

    def encode(self, value: Any) -> Any:
        msg = f"{self.value!r} is fixed by the endpoint and never sent"
        raise WireFormatError(msg, value=value)


PAYMENT_STATUS = Choice(
    {
        20: PaymentStatus.OPEN,
        30: PaymentStatus.SELECTED,
        40: PaymentStatus.PROCESSED,
        50: PaymentStatus.MATCHED,
    }
)

_TERM_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("status", "Status", PAYMENT_STATUS),
    FieldMap("counterparty_id", "Account", GUID),
    FieldMap("counterparty_code", "AccountCode", CODE),
    FieldMap("counterparty_name", "AccountName", TEXT),
    FieldMap("invoice_number", "InvoiceNumber", INTEGER),
    FieldMap("your_reference", "YourRef", TEXT),
    FieldMap("entry_id", "EntryID", GUID),
    FieldMap("entry_number", "EntryNumber", INTEGER),
    FieldMap("transaction_type", "TransactionType", INTEGER),
    FieldMap("journal", "Journal", CODE),
    FieldMap("ledger_account_id", "GLAccount", GUID),
    FieldMap("currency", "Currency", CODE),
    FieldMap("exchange_rate", "RateFC", NUMBER),
    FieldMap("total_amount", "TransactionAmountFC", NUMBER),
    FieldMap("open_amount", "AmountFC", NUMBER),
    FieldMap("invoice_date", "InvoiceDate", DAY),
    FieldMap("entry_date", "EntryDate", DAY),
    FieldMap("due_date", "DueDate", DAY),
    FieldMap("settled_date", "EndDate", DAY),
    FieldMap("payment_terms", "PaymentCondition", CODE),
    FieldMap("payment_method", "PaymentMethod", PAYMENT_METHOD),
    FieldMap("payment_reference", "PaymentReference", TEXT),
    FieldMap("description", "Description", TEXT),
    FieldMap("document_id", "Document", GUID),
)

PAYMENT_RECEIVED_MAP: ResourceMap[Payment] = ResourceMap(
    model=Payment,
    spec=RECEIVABLES,
    fields=(
        FieldMap("direction", "ID", Fixed(PaymentDirection.RECEIVED)),
        *_TERM_FIELDS,
        FieldMap("last_payment_date", "LastPaymentDate", DAY),
        FieldMap("is_fully_paid", "IsFullyPaid", FLAG),
    ),
)
"""`cashflow/Receivables` as received payments (terms of sales invoices and unmatched
customer payments)."""

PAYMENT_MADE_MAP: ResourceMap[Payment] = ResourceMap(
    model=Payment,
    spec=PAYMENTS,
    fields=(FieldMap("direction", "ID", Fixed(PaymentDirection.MADE)), *_TERM_FIELDS),
)
"""`cashflow/Payments` as payments made (terms of bills and unmatched supplier payments);
Exact has no `IsFullyPaid` or `LastPaymentDate` there."""

BANK_ENTRY_MAP: ResourceMap[BankEntry] = ResourceMap(
    model=BankEntry,
    spec=BANK_ENTRIES,
    fields=(
        *STATEMENT_FIELDS,
        FieldMap("bank_statement_document_id", "BankStatementDocument", GUID),
    ),
    required=(("journal",),),
    lines=statement_lines("BankEntryLines", BANK_ENTRY_LINES),
)
"""A bank statement; creating one with a settling line is how a payment is made or booked.

A line settles an open item (Exact's automatic matching, as the emulator does it) when:

- `counterparty_id` (`Account`) is the item's customer or supplier;
- `invoice_number` (`OurRef`) is the item's `InvoiceNumber` (a bill's or sales entry's
  invoice number, which defaults to its entry number);
- `amount` (`AmountFC`) is exactly what is open, signed as money moves: a customer's
  payment is money in (`+open_amount` of the received term), a payment to a supplier money
  out (`-open_amount` of the made term);
- `ledger_account_id` is left out: Exact books the line to the item's receivable or payable
  account (or give that account).

The item then becomes `matched` (open amount 0, `settled_date` the line's date) and leaves
`ReceivablesList` / `PayablesList`. Any other relation line (a partial amount, a wrong
reference) stays open as an item of its own, negative, for a person to match in Exact: the
REST API cannot match. `settlement_line` builds the line from an open term.
"""

_LIST_FIELDS: tuple[FieldMap, ...] = (
    FieldMap("counterparty_id", "AccountId", GUID),
    FieldMap("counterparty_code", "AccountCode", CODE),
    FieldMap("counterparty_name", "AccountName", TEXT),
    FieldMap("open_amount", "Amount", NUMBER),
    FieldMap("amount_in_transit", "AmountInTransit", NUMBER),
    FieldMap("currency", "CurrencyCode", CODE),
    FieldMap("invoice_number", "InvoiceNumber", INTEGER),
    FieldMap("entry_number", "EntryNumber", INTEGER),
    FieldMap("your_reference", "YourRef", TEXT),
    FieldMap("description", "Description", TEXT),
    FieldMap("invoice_date", "InvoiceDate", DAY),
    FieldMap("due_date", "DueDate", DAY),
    FieldMap("journal", "JournalCode", CODE),
)

RECEIVABLE_OUTSTANDING_MAP: ResourceMap[Outstanding] = ResourceMap(
    model=Outstanding,
    spec=RECEIVABLES_LIST,
    fields=(
        FieldMap("direction", "HID", Fixed(OutstandingDirection.RECEIVABLE)),
        *_LIST_FIELDS,
        FieldMap("payment_id", "Id", GUID),
    ),
)
"""`read/financial/ReceivablesList`; ids are the bare `HID`."""

PAYABLE_OUTSTANDING_MAP: ResourceMap[Outstanding] = ResourceMap(
    model=Outstanding,
    spec=PAYABLES_LIST,
    fields=(FieldMap("direction", "HID", Fixed(OutstandingDirection.PAYABLE)), *_LIST_FIELDS),
)
"""`read/financial/PayablesList`; ids are `payable-<HID>` (the model adds the prefix)."""


def settlement_line(
    term: Payment, *, paid_on: date, description: str | None = None
) -> StatementLine:
    """The bank line that settles an open term in full (see `BANK_ENTRY_MAP`).

    Raises:
        ValueError: the term is not open, has nothing open, or has no invoice number.
    """
    if term.status is not PaymentStatus.OPEN or not term.open_amount:
        msg = f"payment term {term.id} has nothing open to settle"
        raise ValueError(msg)
    if term.invoice_number is None or term.counterparty_id is None:
        msg = f"payment term {term.id} names no invoice or counterparty to settle"
        raise ValueError(msg)
    money_in = term.direction is PaymentDirection.RECEIVED
    return StatementLine(
        transaction_date=paid_on,
        description=description,
        amount=term.open_amount if money_in else -term.open_amount,
        counterparty_id=term.counterparty_id,
        invoice_number=term.invoice_number,
    )
