"""Recorded scenarios of the ledger endpoints (see `expectations` for the token language).

Transactions, transaction lines and purchase entries were read with `$select`, so their
shapes are the selected properties in Exact's wire order (`Transactions` fully alphabetical,
its key `EntryID` after `Date`; `TransactionLines` key first; `PurchaseEntries` in its own
recorded order, `Supplier` before `EntryDate`). The purchase entry created by POST came back
in full (the emulator must answer the same without `Prefer: return=representation`), with
the document Exact files it with. The recorded division had no payables, so the two
`cashflow/Payments` reads answered no rows (`results` for `$top=100`, a bare array for
`$top=60`); their row shapes here are the spec's types for the selected properties.
"""

from __future__ import annotations

from tests.conformance.expectations import ME_CALL, NEXT, Call, Scenario, Shape

TRANSACTION = Shape(
    "Exact.Web.Api.Models.Financial.Transaction",
    "financialtransaction/Transactions",
    "Date:d EntryID:g EntryNumber:n JournalCode:s JournalDescription:s Modified:d Status:n Type:n "
    "TypeDescription:s",
)
TRANSACTION_LINE = Shape(
    "Exact.Web.Api.Models.Financial.TransactionLine",
    "financialtransaction/TransactionLines",
    "ID:g AmountDC:n Description:s? EntryID:g GLAccount:g GLAccountCode:s Modified:d VATCode:s<3?",
)
PURCHASE_ENTRY = Shape(
    "Exact.Web.Api.Models.PurchaseEntry",
    "purchaseentry/PurchaseEntries",
    """
EntryID:g PurchaseEntryLines:nav AmountDC:n AmountFC:n BatchNumber:- Created:d Creator:g
CreatorFullName:s Currency:s Supplier:g SupplierName:s Description:s Division:n Document:g
DocumentNumber:n DocumentSubject:s DueDate:d EntryDate:d EntryNumber:n ExternalLinkDescription:-
ExternalLinkReference:- GAccountAmountFC:- InvoiceNumber:n Journal:s JournalDescription:s
Modified:d Modifier:g ModifierFullName:s OrderNumber:- PaymentCondition:s
PaymentConditionDescription:s PaymentConditionPaymentMethod:s PaymentReference:-
ProcessNumber:n Rate:n ReportingYear:n ReportingPeriod:n Reversal:b Status:n
StatusDescription:s Type:n TypeDescription:s VATAmountDC:- VATAmountFC:- YourRef:-
CustomField:-
""",
)
PAYMENT = Shape(
    "Exact.Web.Api.Models.Payment",
    "cashflow/Payments",
    "ID:g Account:g AccountName:s AmountDC:n Description:s? EntryDate:d Modified:d "
    "PaymentReference:-",
)

TRANSACTIONS_PATH = "{division}/financialtransaction/Transactions"
LINES_PATH = "{division}/financialtransaction/TransactionLines"
LINES_SELECT = "$select=ID,EntryID,AmountDC,GLAccount,GLAccountCode,Description,VATCode,Modified"
LINE_ROWS = TRANSACTION_LINE.only(
    "ID:g AmountDC:n Description:s? EntryID:g GLAccount:g GLAccountCode:s Modified:d VATCode:s<3?"
)
PURCHASE_PATH = "{division}/purchaseentry/PurchaseEntries"
PURCHASE_SELECT = (
    "$orderby=Modified asc&$select=EntryID,EntryNumber,Supplier,AmountDC,EntryDate,Status,"
    "Modified&$skip=0&$top=100"
)
PURCHASE_ROWS = PURCHASE_ENTRY.only(
    "EntryID:g AmountDC:n Supplier:g EntryDate:d EntryNumber:n Modified:d Status:n"
)
PAYMENTS_PATH = "{division}/cashflow/Payments"

# fmt: off
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("financial-transactions", (
        ME_CALL,
        Call("GET", TRANSACTIONS_PATH,
             "$orderby=Modified asc&$select=EntryID,EntryNumber,Date,Modified,JournalCode,Status,"
             "Type&$top=100",
             shape=TRANSACTION.only("Date:d EntryID:g EntryNumber:n JournalCode:s Modified:d "
                                    "Status:n Type:n")),
    )),
    Scenario("list-financial-transactions", (
        ME_CALL,
        Call("GET", TRANSACTIONS_PATH,
             "$select=EntryID,EntryNumber,Date,Modified,JournalCode,JournalDescription,Status,"
             "Type,TypeDescription&$top=100",
             shape=TRANSACTION),
    )),
    Scenario("transaction-lines", (
        ME_CALL,
        Call("GET", LINES_PATH, "$orderby=Modified asc&" + LINES_SELECT + "&$top=100",
             shape=LINE_ROWS, next="datetime,guid"),
        Call("GET", NEXT, shape=LINE_ROWS),
    )),
    Scenario("list-transaction-lines", (
        ME_CALL,
        Call("GET", LINES_PATH, LINES_SELECT + "&$top=100", shape=LINE_ROWS, next="guid"),
    )),
    Scenario("payments", (
        ME_CALL,
        Call("GET", PAYMENTS_PATH,
             "$orderby=Modified asc&$select=ID,Account,AmountDC,Description,PaymentReference,"
             "Modified&$top=100",
             shape=PAYMENT.only("ID:g Account:g AmountDC:n Description:s? Modified:d "
                                "PaymentReference:-")),
    )),
    Scenario("list-payments", (
        ME_CALL,
        Call("GET", PAYMENTS_PATH,
             "$select=ID,Account,AccountName,AmountDC,EntryDate,Description,PaymentReference"
             "&$top=60",
             envelope="array",
             shape=PAYMENT.only("ID:g Account:g AccountName:s AmountDC:n Description:s? "
                                "EntryDate:d PaymentReference:-")),
    )),
    Scenario("purchase-invoices", (
        ME_CALL,
        Call("GET", PURCHASE_PATH, PURCHASE_SELECT, shape=PURCHASE_ROWS),
    )),
    Scenario("list-purchase-invoices", (
        ME_CALL,
        Call("GET", PURCHASE_PATH, PURCHASE_SELECT, shape=PURCHASE_ROWS),
    )),
    Scenario("create-purchase-invoice", (
        ME_CALL,
        Call("POST", PURCHASE_PATH,
             body={"Journal": "{purchase_journal}", "Supplier": "{supplier}",
                   "EntryDate": "2024-05-30", "Description": "Test purchase invoice via Nango",
                   "PurchaseEntryLines": [{"GLAccount": "{cost_account}", "AmountDC": 100,
                                           "VATCode": "{purchase_vat}",
                                           "Description": "Test line"}]},
             status=201, envelope="entity", shape=PURCHASE_ENTRY),
        Call("GET", PURCHASE_PATH + "(guid'{created}')", envelope="entity", shape=PURCHASE_ENTRY),
    )),
)
# fmt: on
