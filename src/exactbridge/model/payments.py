"""Payments, bank entries and outstanding items (open items with their ageing).

Exact's REST API has no payment record of its own. Money moves as the lines of a bank or
cash statement, and what it settled shows on the payment terms Exact keeps for every booked
invoice: `cashflow/Receivables` (what customers owe us) and `cashflow/Payments` (what we owe
suppliers). A term tells the invoice, its original and still-open amounts, its status (open,
selected, processed, matched) and, once matched, the date it stopped being outstanding. A
payment Exact could not match (a partial amount, say) is a term of its own, negative. The
unified `Payment` is such a term, `received` or `made` by its endpoint.

A payment is created as a bank statement (`BankEntry`) whose line settles an open item: see
`exactbridge.mappers.payments.BANK_ENTRY_MAP`.

`Outstanding` reads Exact's report of what is still open (`read/financial/ReceivablesList`,
`PayablesList`): one row per open item, and a fully matched invoice is absent. Exact numbers
the two lists separately (each `HID` counts from 1), so a receivable and a payable can share
a number. Payable ids are therefore `payable-<HID>` and receivable ids the bare `HID`: ids
stay unique within a division, and a receivable's id is what Exact calls it.
`split_outstanding_id` gives back the list and the HID. Ageing is a pure function of an
`as_of` date the caller gives; nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from pydantic import Field, model_validator

from exactbridge.model._base import CurrencyCode, Money, UnifiedModel, UnifiedRecord
from exactbridge.model.ledger import PaymentMethod
from exactbridge.model.purchases import Statement, StatementLine

__all__ = [
    "PAYABLE_ID_PREFIX",
    "Ageing",
    "AgeingBucket",
    "BankEntry",
    "Outstanding",
    "OutstandingDirection",
    "Payment",
    "PaymentDirection",
    "PaymentStatus",
    "ageing_totals",
    "split_outstanding_id",
]

PAYABLE_ID_PREFIX: Final = "payable-"


class PaymentDirection(StrEnum):
    """Which way the money goes: `cashflow/Receivables` (received), `Payments` (made)."""

    RECEIVED = "received"
    MADE = "made"


class PaymentStatus(StrEnum):
    """Exact term `Status`: 20 open, 30 selected (for collection or payment), 40 processed,
    50 matched (settled)."""

    OPEN = "open"
    SELECTED = "selected"
    PROCESSED = "processed"
    MATCHED = "matched"


class Payment(UnifiedRecord):
    """One payment term of `cashflow/Receivables` (received) or `cashflow/Payments` (made).

    Amounts are what the counterparty owes us (received) or we owe it (made): positive for
    an invoice, negative for a credit note or an unmatched payment. Only `description`,
    `payment_method` and `payment_reference` can be changed (PUT); Exact creates and
    settles terms itself when entries are booked.
    """

    direction: PaymentDirection = Field(
        description="`received` from `cashflow/Receivables`, `made` from `cashflow/Payments`."
    )
    status: PaymentStatus = Field(
        description="Exact `Status`: 20 open, 30 selected, 40 processed, 50 matched."
    )
    counterparty_id: str | None = Field(
        default=None, description="Exact `Account`: the customer or supplier (GUID)."
    )
    counterparty_code: str | None = Field(
        default=None, description="Exact `AccountCode`, padding trimmed."
    )
    counterparty_name: str | None = Field(default=None, description="Exact `AccountName`.")
    invoice_number: int | None = Field(
        default=None, description="Exact `InvoiceNumber`: what a payment's `OurRef` names."
    )
    your_reference: str | None = Field(default=None, description="Exact `YourRef`.")
    entry_id: str | None = Field(
        default=None,
        description="Exact `EntryID`: the booked entry (a bill's or a sales entry's id).",
    )
    entry_number: int | None = Field(default=None, description="Exact `EntryNumber`.")
    transaction_type: int | None = Field(
        default=None,
        description="Exact `TransactionType` of the entry: 20/21 sales, 30/31 purchase, 40 "
        "a bank or cash payment Exact did not match, 90 general journal.",
    )
    journal: str | None = Field(default=None, description="Exact `Journal` (a code).")
    ledger_account_id: str | None = Field(
        default=None, description="Exact `GLAccount`: the receivable or payable account."
    )
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    exchange_rate: Money | None = Field(default=None, description="Exact `RateFC`.")
    total_amount: Money | None = Field(
        default=None, description="Exact `TransactionAmountFC`: the original amount."
    )
    open_amount: Money | None = Field(
        default=None, description="Exact `AmountFC`: what is still outstanding (0 if matched)."
    )
    invoice_date: date | None = Field(default=None, description="Exact `InvoiceDate`.")
    entry_date: date | None = Field(default=None, description="Exact `EntryDate`.")
    due_date: date | None = Field(default=None, description="Exact `DueDate`.")
    settled_date: date | None = Field(
        default=None, description="Exact `EndDate`: when the term stopped being outstanding."
    )
    last_payment_date: date | None = Field(
        default=None, description="Exact `LastPaymentDate` (received only)."
    )
    is_fully_paid: bool | None = Field(
        default=None, description="Exact `IsFullyPaid` (received only)."
    )
    payment_terms: str | None = Field(
        default=None, description="Exact `PaymentCondition` (payment condition code)."
    )
    payment_method: PaymentMethod | None = Field(
        default=None, description="Exact `PaymentMethod`: B on credit, I collection, K cash."
    )
    payment_reference: str | None = Field(default=None, description="Exact `PaymentReference`.")
    description: str | None = Field(default=None, description="Exact `Description`.")
    document_id: str | None = Field(default=None, description="Exact `Document` (GUID).")


class BankEntry(Statement):
    """A bank statement (`financialtransaction/BankEntries`); GET and POST only.

    This is how a payment is created: a line naming the counterparty, the invoice number and
    exactly the open amount settles that invoice (see `BANK_ENTRY_MAP`).
    """

    bank_statement_document_id: str | None = Field(
        default=None, description="Exact `BankStatementDocument` (GUID)."
    )
    line_items: list[StatementLine] | None = Field(
        default=None,
        description="Exact `BankEntryLines`, in line order; None when not expanded.",
    )


class OutstandingDirection(StrEnum):
    """Which list an open item comes from."""

    RECEIVABLE = "receivable"
    PAYABLE = "payable"


class AgeingBucket(StrEnum):
    """How long an open item is overdue on a given date (by its due date)."""

    NOT_DUE = "not_due"
    DAYS_1_30 = "days_1_30"
    DAYS_31_60 = "days_31_60"
    DAYS_61_90 = "days_61_90"
    DAYS_OVER_90 = "days_over_90"
    UNDATED = "undated"


_BUCKETS: Final = (
    (0, AgeingBucket.NOT_DUE),
    (30, AgeingBucket.DAYS_1_30),
    (60, AgeingBucket.DAYS_31_60),
    (90, AgeingBucket.DAYS_61_90),
)


class Outstanding(UnifiedRecord):
    """An open item of `read/financial/ReceivablesList` or `PayablesList`; read only.

    `id` is the list's `HID`, prefixed `payable-` for payables (see the module docstring);
    the prefix is added here, so a payable never carries a bare HID.
    """

    direction: OutstandingDirection = Field(
        description="`receivable` from `ReceivablesList`, `payable` from `PayablesList`."
    )
    counterparty_id: str | None = Field(
        default=None, description="Exact `AccountId`: the customer or supplier (GUID)."
    )
    counterparty_code: str | None = Field(
        default=None, description="Exact `AccountCode`, padding trimmed."
    )
    counterparty_name: str | None = Field(default=None, description="Exact `AccountName`.")
    open_amount: Money = Field(
        description="Exact `Amount`: still to receive or to pay; negative for a credit note "
        "or an unmatched payment."
    )
    amount_in_transit: Money | None = Field(
        default=None, description="Exact `AmountInTransit`: paid but not yet processed."
    )
    currency: CurrencyCode | None = Field(default=None, description="Exact `CurrencyCode`.")
    invoice_number: int | None = Field(default=None, description="Exact `InvoiceNumber`.")
    entry_number: int | None = Field(default=None, description="Exact `EntryNumber`.")
    your_reference: str | None = Field(default=None, description="Exact `YourRef`.")
    description: str | None = Field(default=None, description="Exact `Description`.")
    invoice_date: date | None = Field(default=None, description="Exact `InvoiceDate`.")
    due_date: date | None = Field(default=None, description="Exact `DueDate`.")
    journal: str | None = Field(default=None, description="Exact `JournalCode`.")
    payment_id: str | None = Field(
        default=None,
        description="Exact `Id`: the received `Payment` (cashflow/Receivables term) this row "
        "reports; receivables only.",
    )

    @model_validator(mode="before")
    @classmethod
    def _prefix_payable_id(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        key = str(data.get("id", ""))
        payable = data.get("direction") == OutstandingDirection.PAYABLE
        if payable and not key.startswith(PAYABLE_ID_PREFIX):
            return {**data, "id": PAYABLE_ID_PREFIX + key}
        if not payable and key.startswith(PAYABLE_ID_PREFIX):
            msg = f"a receivable's id cannot start with {PAYABLE_ID_PREFIX!r}: {key}"
            raise ValueError(msg)
        return data

    def days_overdue(self, as_of: date) -> int | None:
        """Whole days past the due date on `as_of` (0 when not yet due; the invoice date
        stands in for a missing due date); None when the item has neither date."""
        due = self.due_date or self.invoice_date
        if due is None:
            return None
        return max(0, (as_of - due).days)

    def ageing_bucket(self, as_of: date) -> AgeingBucket:
        """The ageing column this item falls in on `as_of`."""
        days = self.days_overdue(as_of)
        if days is None:
            return AgeingBucket.UNDATED
        for limit, bucket in _BUCKETS:
            if days <= limit:
                return bucket
        return AgeingBucket.DAYS_OVER_90


def ageing_totals(items: Iterable[Outstanding], as_of: date) -> dict[AgeingBucket, Decimal]:
    """Open amounts per ageing bucket on `as_of`, every bucket present (zero if empty).

    Mix only items of one direction and one currency, or the totals mean nothing.
    """
    totals = dict.fromkeys(AgeingBucket, Decimal(0))
    for item in items:
        bucket = item.ageing_bucket(as_of)
        totals[bucket] += item.open_amount
    return totals


class Ageing(UnifiedModel):
    """The open items of one list and one currency, totalled per ageing bucket on a date.

    One direction and one currency per report, since only those totals mean something
    (`ageing_totals`); `open_amount` is the sum of the buckets, so nothing is lost.
    """

    direction: OutstandingDirection = Field(description="Which list the items come from.")
    currency: CurrencyCode | None = Field(description="The items' currency (`CurrencyCode`).")
    as_of: date = Field(description="The date the items are aged on (the caller's, no clock).")
    items: int = Field(description="How many open items are totalled.")
    open_amount: Money = Field(description="The open amount of all the items.")
    totals: dict[AgeingBucket, Money] = Field(
        description="Open amount per bucket, every bucket present (zero when empty)."
    )

    @classmethod
    def of(
        cls,
        direction: OutstandingDirection,
        currency: str | None,
        items: Iterable[Outstanding],
        as_of: date,
    ) -> Ageing:
        """The report of `items` (all of `direction` and `currency`) on `as_of`."""
        listed = list(items)
        totals = ageing_totals(listed, as_of)
        return cls(
            direction=direction,
            currency=currency,
            as_of=as_of,
            items=len(listed),
            open_amount=sum(totals.values(), Decimal(0)),
            totals=totals,
        )


def split_outstanding_id(key: str) -> tuple[OutstandingDirection, int]:
    """The list and `HID` behind an `Outstanding.id` (`payable-12` -> payable, 12).

    Raises:
        ValueError: the id is not an outstanding item's.
    """
    direction = OutstandingDirection.RECEIVABLE
    number = key
    if key.startswith(PAYABLE_ID_PREFIX):
        direction, number = OutstandingDirection.PAYABLE, key.removeprefix(PAYABLE_ID_PREFIX)
    if not (number.isascii() and number.isdigit()):
        msg = f"not an outstanding item id: {key!r}"
        raise ValueError(msg)
    return direction, int(number)
