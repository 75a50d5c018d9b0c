"""Purchases and money: bills, vendor credits, expenses, payments, outstandings.

Bills and vendor credits are the two signs of `purchaseentry/PurchaseEntries` (Exact's
`Type` 30 and 31, read apart by `$filter`); expenses are cash statements with money going
out; payments are Exact's payment terms, received and made; outstandings are Exact's lists
of open items. The rules a body must meet before it is sent (journal defaults, signs) are in
`purchases_rules`, the named operations in `purchases_attach` and `payments_operations`.
"""

from __future__ import annotations

from exactbridge.actions._resource import Operation, Resource, Source, Writes
from exactbridge.actions.resources.payments_operations import (
    BANK_ENTRIES_PATH,
    OUTSTANDING_PATHS,
    ageing,
    payable_outstanding,
    settle,
)
from exactbridge.actions.resources.purchases_attach import ATTACHMENTS_PATH, attach_to_bill
from exactbridge.actions.resources.purchases_rules import (
    default_journal,
    expense_check,
    sign_check,
    without_journal_required,
)
from exactbridge.mappers.payments import (
    PAYABLE_OUTSTANDING_MAP,
    PAYMENT_MADE_MAP,
    PAYMENT_RECEIVED_MAP,
    RECEIVABLE_OUTSTANDING_MAP,
)
from exactbridge.mappers.purchases import (
    BILL_MAP,
    EXPENSE_MAP,
    VENDOR_CREDIT_MAP,
    is_expense_row,
)
from exactbridge.model import JournalType
from exactbridge.model.payments import PAYABLE_ID_PREFIX

__all__ = ["PURCHASES"]

_LINES = "PurchaseEntryLines"
_OPEN_ONLY = "only while the entry is open and no payment has settled it"
_PURCHASE_JOURNAL = default_journal("Journal", JournalType.PURCHASE)
_PURCHASE_IDENTITY = ("YourRef", "Supplier")  # the supplier's invoice number, per supplier

PURCHASES = (
    Resource(
        name="bills",
        summary="Purchase invoices as booked (purchase entries of type 30), with their lines.",
        sources=(Source(BILL_MAP, filter="Type eq 30", expand=_LINES, caveat="purchase entries"),),
        writes=Writes(
            without_journal_required(BILL_MAP),
            update=True,
            delete=True,
            prepare=_PURCHASE_JOURNAL,
            check=sign_check(credit=False),
            identity=_PURCHASE_IDENTITY,
            identity_needed=2,
            caveats={
                "create": "journal defaults to the division's purchase journal; the lines "
                "must add up to zero or more; a file comes with `document_id` naming a "
                "document that holds it",
                "update": f"{_OPEN_ONLY}; lines change through PurchaseEntryLines, not here",
                "delete": _OPEN_ONLY,
            },
        ),
        operations=(
            Operation(
                "attach",
                ATTACHMENTS_PATH,
                attach_to_bill,
                "Upload a file into the document Exact filed the bill with.",
                caveat="a file of at most 10 MB, into the bill's `document_id`",
            ),
        ),
    ),
    Resource(
        name="vendor_credits",
        summary="Purchase credit notes (purchase entries of type 31): Exact's negative signs.",
        sources=(
            Source(
                VENDOR_CREDIT_MAP,
                filter="Type eq 31",
                expand=_LINES,
                caveat="purchase entries with a negative total",
            ),
        ),
        writes=Writes(
            without_journal_required(VENDOR_CREDIT_MAP),
            prepare=_PURCHASE_JOURNAL,
            check=sign_check(credit=True),
            identity=_PURCHASE_IDENTITY,
            identity_needed=2,
            caveats={
                "create": "line amounts negative (the total must be below zero); journal "
                "defaults to the division's purchase journal"
            },
        ),
    ),
    Resource(
        name="expenses",
        summary="Money spent in cash: cash statements with a money-out line.",
        sources=(
            Source(
                EXPENSE_MAP,
                expand="CashEntryLines",
                where=is_expense_row,
                caveat="cash entries with at least one money-out line",
            ),
        ),
        writes=Writes(
            without_journal_required(EXPENSE_MAP),
            prepare=default_journal("JournalCode", JournalType.CASH),
            check=expense_check,
            identity=("JournalCode", "EntryNumber"),
            identity_needed=2,
            caveats={
                "create": "a cash entry; amounts gross, money out negative; journal defaults "
                "to the division's cash journal"
            },
        ),
    ),
    Resource(
        name="payments",
        summary="Payments received and made: Exact's payment terms of booked invoices.",
        sources=(
            Source(PAYMENT_RECEIVED_MAP, caveat="received: terms of sales invoices"),
            Source(PAYMENT_MADE_MAP, caveat="made: terms of purchase invoices"),
        ),
        operations=(
            Operation(
                "settle",
                BANK_ENTRIES_PATH,
                settle,
                "Pay an open item in full with a bank statement line; returns the payment.",
                caveat="the amount must be exactly the open amount (Exact matches nothing "
                "else); journal defaults to the division's bank journal",
            ),
        ),
    ),
    Resource(
        name="outstandings",
        summary="Open items: what customers still owe and what is still to be paid.",
        sources=(
            Source(RECEIVABLE_OUTSTANDING_MAP, caveat="receivables: ids are Exact's HID"),
            Source(
                PAYABLE_OUTSTANDING_MAP,
                read=payable_outstanding,
                id_prefix=PAYABLE_ID_PREFIX,
                caveat="payables: ids are `payable-` + Exact's HID",
            ),
        ),
        operations=(
            Operation(
                "ageing",
                OUTSTANDING_PATHS,
                ageing,
                "Open amounts per ageing bucket on a given date, per list and currency.",
            ),
        ),
    ),
)
