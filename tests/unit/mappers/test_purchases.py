"""Purchase mappers: bills and vendor credits (purchase entries), expenses (cash entries).

Rows are hand-written in the shape of the purchase entry Exact answered a POST with in a
French division (`../shared/reference/exact-recorded/create-purchase-invoice.json`: key,
lines, then the header in Exact's order, `/Date(ms)/` in Amsterdam wall-clock time, the
journal as a code), with the lines expanded as Exact expands a navigation
(`{"results": [...]}`, in key order, so out of line order) and VAT codes padded to three
characters. Cash entries were not recorded; they follow the endpoint spec.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest
from pydantic import ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers.purchases import (
    BILL_MAP,
    EXPENSE_MAP,
    VENDOR_CREDIT_MAP,
    is_expense_row,
    is_vendor_credit_row,
)
from exactbridge.model.entries import EntryStatus
from exactbridge.model.purchases import (
    Bill,
    BillLine,
    BillType,
    Expense,
    StatementLine,
    VendorCredit,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
_BASE: Final = f"https://start.exactonline.fr/api/v1/{DIVISION}"
ENTRY: Final = "b524d973-4b85-414d-a9eb-3534a1d3b8ed"
SUPPLIER: Final = "454a5d46-ee70-4ed1-9375-9cfedeb138cd"
COSTS: Final = "f1edc15b-3506-4db1-9f32-00e6ff1910d6"
PROJECT: Final = "2b7c4a10-8d1e-4f0a-9c3b-5d6e7f8a9b0c"


def _purchase_line(key: str, number: int, amount: float, vat: float, text: str) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{_BASE}/purchaseentry/PurchaseEntryLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.PurchaseEntryLine",
        },
        "ID": key,
        "AmountDC": amount,
        "AmountFC": amount,
        "CostCenter": "ADMIN",
        "CostCenterDescription": "Administration",
        "CostUnit": "PARIS",
        "CostUnitDescription": "Paris",
        "Description": text,
        "Division": DIVISION,
        "EntryID": ENTRY,
        "GLAccount": COSTS,
        "GLAccountCode": "606400",
        "GLAccountDescription": "Fournitures administratives",
        "LineNumber": number,
        "Project": PROJECT,
        "Quantity": 2,
        "Type": 30 if amount >= 0 else 31,
        "VATAmountDC": vat,
        "VATAmountFC": vat,
        "VATCode": "AB ",
        "VATCodeDescription": "TVA déductible 20%",
        "VATPercentage": 0.2,
    }


BILL_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/purchaseentry/PurchaseEntries(guid'{ENTRY}')",
        "type": "Exact.Web.Api.Models.PurchaseEntry",
    },
    "EntryID": ENTRY,
    "PurchaseEntryLines": {
        "results": [
            _purchase_line("0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5", 2, 50.5, 10.1, "Encre"),
            _purchase_line("1d2e3f4a-5b6c-4d7e-9f0a-b1c2d3e4f5a6", 1, 100, 20, "Papier"),
        ]
    },
    "AmountDC": 180.6,
    "AmountFC": 180.6,
    "BatchNumber": None,
    "Created": "/Date(1782404229433)/",
    "Creator": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "CreatorFullName": "Samuel Bodin",
    "Currency": "EUR",
    "Supplier": SUPPLIER,
    "SupplierName": "Exact Software France",
    "Description": "Fournitures de bureau",
    "Division": DIVISION,
    "Document": "6affaa09-1bd4-41e7-b578-56560dc500ac",
    "DocumentNumber": 22,
    "DocumentSubject": "Fournitures de bureau",
    "DueDate": "/Date(1719619200000)/",  # 2024-06-29
    "EntryDate": "/Date(1717027200000)/",  # 2024-05-30
    "EntryNumber": 24600006,
    "InvoiceNumber": 24600006,
    "Journal": "60",
    "JournalDescription": "Achats",
    "Modified": "/Date(1782404229480)/",
    "PaymentCondition": "30",
    "PaymentConditionDescription": "30 jours",
    "PaymentConditionPaymentMethod": "B",
    "PaymentReference": "RF18 5390 0754 7034",
    "ProcessNumber": 0,
    "Rate": 1,
    "ReportingYear": 2024,
    "ReportingPeriod": 5,
    "Reversal": False,
    "Status": 20,
    "StatusDescription": "Open",
    "Type": 30,
    "TypeDescription": "Purchase entry",
    "VATAmountDC": 30.1,
    "VATAmountFC": 30.1,
    "YourRef": "FA-2024-0457",
    "CustomField": None,
}

CREDIT_ROW: Final[dict[str, Any]] = {
    **BILL_ROW,
    "PurchaseEntryLines": {
        "results": [
            _purchase_line("2e3f4a5b-6c7d-4e8f-a0b1-c2d3e4f5a6b7", 2, -10, -2, "Remise"),
            _purchase_line("3f4a5b6c-7d8e-4f9a-b1c2-d3e4f5a6b7c8", 1, -100, -20, "Papier rendu"),
        ]
    },
    "AmountDC": -132,
    "AmountFC": -132,
    "Type": 31,
    "TypeDescription": "Purchase credit note",
    "VATAmountDC": -22,
    "VATAmountFC": -22,
}

CASH_ENTRY: Final = "c793928a-1a8c-4307-949e-0ca8896a3be2"
CASH_GL: Final = "ba2d079a-2713-432b-a390-b389b5bfd403"


def _cash_line(key: str, number: int, amount: float, text: str) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{_BASE}/financialtransaction/CashEntryLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.Financial.CashEntryLine",
        },
        "ID": key,
        "Account": SUPPLIER,
        "AccountCode": "              1013",
        "AccountName": "Exact Software France",
        "AmountDC": amount,
        "AmountFC": amount,
        "AmountVATFC": -2.9,
        "CostCenter": "ADMIN",
        "CostUnit": "PARIS",
        "Created": "/Date(1728400441971)/",
        "Date": "/Date(1727395200000)/",  # 2024-09-27
        "Description": text,
        "Division": DIVISION,
        "EntryID": CASH_ENTRY,
        "EntryNumber": 24100001,
        "ExchangeRate": 1,
        "GLAccount": CASH_GL,
        "GLAccountCode": "606400",
        "LineNumber": number,
        "Modified": "/Date(1728400441971)/",
        "Notes": "Ticket de caisse",
        "OurRef": 24600006,
        "Project": PROJECT,
        "Quantity": 1,
        "VATCode": "AB ",
        "VATPercentage": 0.2,
        "VATType": "I",
    }


CASH_ENTRY_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/financialtransaction/CashEntries(guid'{CASH_ENTRY}')",
        "type": "Exact.Web.Api.Models.Financial.CashEntry",
    },
    "EntryID": CASH_ENTRY,
    "CashEntryLines": {
        "results": [
            _cash_line("4a5b6c7d-8e9f-4a0b-8c1d-e2f3a4b5c6d7", 2, -16.72, "Café"),
            _cash_line("5b6c7d8e-9f0a-4b1c-9d2e-f3a4b5c6d7e8", 1, -17.4, "Timbres"),
        ]
    },
    "ClosingBalanceFC": 465.88,
    "Created": "/Date(1728400441971)/",
    "Currency": "EUR",
    "Division": DIVISION,
    "EntryNumber": 24100001,
    "FinancialPeriod": 9,
    "FinancialYear": 2024,
    "JournalCode": "10",
    "JournalDescription": "Caisse",
    "Modified": "/Date(1728400441971)/",
    "OpeningBalanceFC": 500,
    "Status": 20,
    "StatusDescription": "Open",
}


class TestBillConformance(MapperConformance):
    family = Family(
        BILL_MAP,
        BILL_MAP.from_exact,
        BILL_MAP.to_exact,
        BILL_ROW,
        DIVISION,
        frozenset({"supplier_id", "journal"}),
    )


class TestVendorCreditConformance(MapperConformance):
    family = Family(
        VENDOR_CREDIT_MAP,
        VENDOR_CREDIT_MAP.from_exact,
        VENDOR_CREDIT_MAP.to_exact,
        CREDIT_ROW,
        DIVISION,
        frozenset({"supplier_id", "journal"}),
    )


class TestExpenseConformance(MapperConformance):
    family = Family(
        EXPENSE_MAP,
        EXPENSE_MAP.from_exact,
        EXPENSE_MAP.to_exact,
        CASH_ENTRY_ROW,
        DIVISION,
        frozenset({"journal"}),
    )


# --- bills ---------------------------------------------------------------------------------


def test_bill_fields() -> None:
    bill = BILL_MAP.from_exact(BILL_ROW, division=DIVISION)
    assert (bill.supplier_id, bill.supplier_name) == (SUPPLIER, "Exact Software France")
    assert (bill.number, bill.invoice_number, bill.your_reference) == (
        24600006,
        24600006,
        "FA-2024-0457",
    )
    assert (bill.issue_date, bill.due_date) == (date(2024, 5, 30), date(2024, 6, 29))
    assert (bill.total_amount, bill.tax_amount) == (Decimal("180.6"), Decimal("30.1"))
    assert (bill.journal, bill.payment_terms, bill.currency) == ("60", "30", "EUR")
    assert bill.status is EntryStatus.OPEN
    assert bill.type is BillType.BILL
    assert bill.line_items is not None
    first = bill.line_items[0]
    assert (first.tax_code, first.cost_center, first.cost_unit) == ("AB", "ADMIN", "PARIS")
    assert (first.amount, first.tax_amount, first.quantity) == (Decimal(100), Decimal(20), 2)


def test_bill_total_is_the_lines_plus_vat_in_the_sample() -> None:
    bill = BILL_MAP.from_exact(BILL_ROW, division=DIVISION)
    assert bill.line_items is not None
    net = sum((line.amount or Decimal(0) for line in bill.line_items), Decimal(0))
    vat = sum((line.tax_amount or Decimal(0) for line in bill.line_items), Decimal(0))
    assert bill.tax_amount == vat
    assert bill.total_amount == net + vat


def test_a_new_bill_makes_the_body_exact_documents() -> None:
    draft = Bill(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        supplier_id=SUPPLIER,
        journal="60",
        issue_date=date(2024, 5, 30),
        description="Test purchase invoice",
        line_items=[
            BillLine(
                ledger_account_id=COSTS,
                amount=Decimal(100),
                tax_code="AB",
                description="Test line",
            )
        ],
    )
    assert BILL_MAP.to_exact(draft, method="POST") == {
        "Supplier": SUPPLIER,
        "EntryDate": "/Date(1717027200000)/",
        "Journal": "60",
        "Description": "Test purchase invoice",
        "PurchaseEntryLines": [
            {"Description": "Test line", "AmountFC": 100, "VATCode": "AB", "GLAccount": COSTS}
        ],
    }


def test_exact_computes_what_a_bill_create_may_not_send() -> None:
    with pytest.raises(InvalidBody) as caught:
        BILL_MAP.to_exact(
            {
                "supplier_id": SUPPLIER,
                "journal": "60",
                "total_amount": "10",
                "status": "open",
                "type": "bill",
                "supplier_name": "X",
            },
            method="POST",
        )
    assert caught.value.problems == {
        "line_items": "a document needs at least one line",
        "total_amount": "read only",
        "status": "read only",
        "type": "read only",
        "supplier_name": "read only",
    }


def test_bill_lines_need_an_account_and_an_amount() -> None:
    with pytest.raises(InvalidBody) as caught:
        BILL_MAP.to_exact(
            {"supplier_id": SUPPLIER, "journal": "60", "line_items": [{"description": "x"}]},
            method="POST",
        )
    assert caught.value.problems == {
        "line_items[0].ledger_account_id": "required to create",
        "line_items[0].amount": "required to create",
    }


def test_exact_numbers_bill_lines_itself() -> None:
    line = {"ledger_account_id": COSTS, "amount": "1", "line_number": 1}
    with pytest.raises(InvalidBody) as caught:
        BILL_MAP.to_exact(
            {"supplier_id": SUPPLIER, "journal": "60", "line_items": [line]}, method="POST"
        )
    assert caught.value.problems == {"line_items[0].line_number": "read only"}


# --- vendor credits ------------------------------------------------------------------------


@pytest.mark.parametrize(("row", "credit"), [(BILL_ROW, False), (CREDIT_ROW, True)])
def test_credit_notes_are_told_by_their_type(row: dict[str, Any], credit: bool) -> None:
    assert is_vendor_credit_row(row) is credit
    read = BILL_MAP.from_exact(row, division=DIVISION)
    assert read.type is (BillType.VENDOR_CREDIT if credit else BillType.BILL)


def test_a_vendor_credit_keeps_exacts_negative_amounts() -> None:
    credit = VENDOR_CREDIT_MAP.from_exact(CREDIT_ROW, division=DIVISION)
    assert isinstance(credit, VendorCredit)
    assert credit.total_amount == Decimal(-132)
    assert credit.tax_amount == Decimal(-22)
    assert credit.line_items is not None
    assert [line.amount for line in credit.line_items] == [Decimal(-100), Decimal(-10)]
    body = VENDOR_CREDIT_MAP.to_exact(credit, method="POST")
    assert [line["AmountFC"] for line in body["PurchaseEntryLines"]] == [-100, -10]


def test_a_bill_is_not_a_vendor_credit() -> None:
    with pytest.raises(ValidationError, match="type 30 is a bill"):
        VENDOR_CREDIT_MAP.from_exact(BILL_ROW, division=DIVISION)


def test_a_bill_and_a_vendor_credit_have_the_same_shape() -> None:
    bill_schema = Bill.model_json_schema()
    credit_schema = VendorCredit.model_json_schema()
    assert bill_schema["properties"] == credit_schema["properties"]
    assert bill_schema["required"] == ["id", "division", "supplier_id"]


def test_unknown_bill_type_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        BILL_MAP.from_exact({**BILL_ROW, "Type": 20}, division=DIVISION)


# --- expenses ------------------------------------------------------------------------------


def _cash_row(*amounts: float) -> dict[str, Any]:
    keys = ("6c7d8e9f-0a1b-4c2d-8e3f-a4b5c6d7e8f9", "7d8e9f0a-1b2c-4d3e-9f4a-b5c6d7e8f9a0")
    lines = [
        _cash_line(key, number, amount, "x")
        for number, (key, amount) in enumerate(zip(keys, amounts, strict=False), 1)
    ]
    return {**CASH_ENTRY_ROW, "CashEntryLines": {"results": lines}}


@pytest.mark.parametrize(
    ("amounts", "expense", "total"),
    [
        ((-17.4, -16.72), True, Decimal("-34.12")),
        ((125.47, -16.72), True, Decimal("108.75")),  # mixed: an expense with a positive total
        ((48.2, 142.78), False, Decimal("190.98")),  # cash sales only
    ],
)
def test_an_expense_is_a_cash_entry_with_money_out(
    amounts: tuple[float, ...], expense: bool, total: Decimal
) -> None:
    row = _cash_row(*amounts)
    assert is_expense_row(row) is expense
    assert EXPENSE_MAP.from_exact(row, division=DIVISION).total_amount == total


def test_an_expense_cannot_be_told_without_its_lines() -> None:
    row = {**CASH_ENTRY_ROW, "CashEntryLines": {"__deferred": {"uri": "x"}}}
    with pytest.raises(WireFormatError, match="expand CashEntryLines"):
        is_expense_row(row)
    assert EXPENSE_MAP.from_exact(row, division=DIVISION).total_amount is None


def test_expense_lines() -> None:
    expense = EXPENSE_MAP.from_exact(CASH_ENTRY_ROW, division=DIVISION)
    assert (expense.journal, expense.number, expense.fiscal_year) == ("10", 24100001, 2024)
    assert (expense.opening_balance, expense.closing_balance) == (Decimal(500), Decimal("465.88"))
    assert expense.line_items is not None
    line = expense.line_items[0]
    assert line.transaction_date == date(2024, 9, 27)
    assert (line.amount, line.tax_amount, line.tax_code) == (
        Decimal("-17.4"),
        Decimal("-2.9"),
        "AB",
    )
    assert line.ledger_account_id == CASH_GL


def test_a_new_expense_makes_a_cash_entry_body() -> None:
    draft = Expense(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        journal="10",
        line_items=[
            StatementLine(
                transaction_date=date(2024, 9, 27),
                ledger_account_id=CASH_GL,
                amount=Decimal("-12.10"),
                tax_code="AB",
                description="Timbres",
            )
        ],
    )
    assert draft.total_amount == Decimal("-12.10")
    assert EXPENSE_MAP.to_exact(draft, method="POST") == {
        "JournalCode": "10",
        "CashEntryLines": [
            {
                "Date": "/Date(1727395200000)/",
                "Description": "Timbres",
                "AmountFC": -12.1,
                "VATCode": "AB",
                "GLAccount": CASH_GL,
            }
        ],
    }


def test_a_statement_total_must_be_its_lines_sum() -> None:
    with pytest.raises(ValidationError, match="not the sum of the lines"):
        Expense(
            id="x",
            division=DIVISION,
            journal="10",
            total_amount=Decimal(5),
            line_items=[StatementLine(amount=Decimal(-5))],
        )


def test_the_derived_total_is_never_sent() -> None:
    with pytest.raises(InvalidBody) as caught:
        EXPENSE_MAP.to_exact({"journal": "10", "total_amount": "1"}, method="POST")
    assert caught.value.problems == {
        "total_amount": "read only",
        "line_items": "a document needs at least one line",
    }


def test_expense_survives_a_json_dump() -> None:
    expense = EXPENSE_MAP.from_exact(CASH_ENTRY_ROW, division=DIVISION)
    again = Expense.model_validate_json(expense.model_dump_json())
    assert again == expense
    assert json.loads(expense.model_dump_json())["total_amount"] == "-34.12"
