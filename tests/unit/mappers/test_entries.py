"""Entry mappers: journal entries (created, read), ledger lines, ledger balances.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/financial-transactions.json`,
`transaction-lines.json`: a sales entry of 300 + 16.50 VAT, `/Date(ms)/` Amsterdam wall
clock, VAT codes padded to three characters) completed with the properties the specs list;
no general journal entry or reporting balance was recorded, so those follow the specs.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers.entries import (
    JOURNAL_ENTRY_CREATE_MAP,
    JOURNAL_ENTRY_MAP,
    LEDGER_BALANCE_MAP,
    TRANSACTION_MAP,
)
from exactbridge.model.entries import (
    EntryStatus,
    JournalEntry,
    JournalEntryLine,
    LedgerBalance,
    Transaction,
    TransactionType,
    imbalance,
    is_balanced,
)
from exactbridge.model.ledger import BalanceType
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
AUG_12: Final = "/Date(1723420800000)/"  # 2024-08-12, Amsterdam wall clock
SEP_06: Final = "/Date(1725580800000)/"  # 2024-09-06
SEP_30: Final = "/Date(1727654400000)/"  # 2024-09-30
STAMP: Final = "/Date(1723472960657)/"
CUSTOMER: Final = "D99B2D39-B997-4AC4-9BC3-2BEAB7E2A8DD"
PROJECT: Final = "5c7e0a47-33a1-4a0e-9d0f-0d8a4a7e2b11"


def _meta(path: str, key: str, kind: str) -> dict[str, str]:
    return {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/{path}(guid'{key}')",
        "type": f"Exact.Web.Api.Models.{kind}",
    }


# A sales entry: receivable +316.50, revenue -300.00, VAT -16.50 (debit +, credit -).
_ENTRY_ID: Final = "20b9ba3a-d743-40f0-bcf8-15929975cff6"
_TX_LINE_COMMON: Final[dict[str, Any]] = {
    "Created": STAMP,
    "Currency": "EUR",
    "Date": AUG_12,
    "Division": DIVISION,
    "EntryID": _ENTRY_ID,
    "EntryNumber": 24700001,
    "FinancialPeriod": 8,
    "FinancialYear": 2024,
    "JournalCode": "70",
    "JournalDescription": "Ventes",
    "Modified": STAMP,
    "Status": 20,
    "Type": 20,
}

TRANSACTION_LINE_ROW: Final[dict[str, Any]] = {
    "__metadata": _meta(
        "financialtransaction/TransactionLines",
        "f1a41b78-767c-4f67-8ea9-c2b4fb3a8247",
        "Financial.TransactionLine",
    ),
    "ID": "f1a41b78-767c-4f67-8ea9-c2b4fb3a8247",
    **_TX_LINE_COMMON,
    "Account": CUSTOMER,
    "AccountCode": "           4000012",
    "AccountName": "Top Tip SARL",
    "AmountDC": -300,
    "AmountFC": -300,
    "AmountVATBaseFC": -300,
    "AmountVATFC": -16.5,
    "CostCenter": "PARIS",
    "CostUnit": "WEB",
    "Description": "Item desc",
    "DueDate": SEP_06,
    "GLAccount": "6aa91ed1-2692-4329-b399-dd5dada9e8f2",
    "GLAccountCode": "706000",
    "GLAccountDescription": "Prestations de services",
    "InvoiceNumber": 24700001,
    "LineNumber": 3,
    "Notes": "Septembre",
    "Project": PROJECT,
    "Quantity": 3,
    "VATCode": "VB ",
    "VATPercentage": 0.055,
}

TRANSACTION_ROW: Final[dict[str, Any]] = {
    "__metadata": _meta("financialtransaction/Transactions", _ENTRY_ID, "Financial.Transaction"),
    "Created": STAMP,
    "Date": AUG_12,
    "Description": "top tip",
    "Division": DIVISION,
    "EntryID": _ENTRY_ID,
    "EntryNumber": 24700001,
    "FinancialPeriod": 8,
    "FinancialYear": 2024,
    "JournalCode": "70",
    "JournalDescription": "Ventes",
    "Modified": STAMP,
    "Status": 20,
    "StatusDescription": "Open",
    "TransactionLines": {
        "results": [
            TRANSACTION_LINE_ROW,
            {
                "ID": "ce854e99-8b77-4ae6-abba-b0a77198e5a1",
                **_TX_LINE_COMMON,
                "AmountDC": -16.5,
                "AmountFC": -16.5,
                "Description": "top tip",
                "GLAccount": "64fe65e7-a677-4561-89a8-94f9e7a8a01e",
                "GLAccountCode": "445847",
                "LineNumber": 2,
                "VATCode": "VB ",
            },
            {
                "ID": "c3487ba5-9b31-47f1-9af9-b8870f5c5d89",
                **_TX_LINE_COMMON,
                "Account": CUSTOMER,
                "AmountDC": 316.5,
                "AmountFC": 316.5,
                "Description": "top tip",
                "DueDate": SEP_06,
                "GLAccount": "d99b2d39-b997-4ac4-9bc3-2beab7e2a8dd",
                "GLAccountCode": "411000",
                "InvoiceNumber": 24700001,
                "LineNumber": 1,
                "VATCode": None,
            },
        ]
    },
    "Type": 20,
    "TypeDescription": "Sales entry",
}

# A memorial booking moving 250.00 of costs from a suspense account, line 2 sent first.
_GJE_ID: Final = "0f69d101-fc2b-4d3b-a698-ee7cb177e72a"
GENERAL_JOURNAL_ENTRY_ROW: Final[dict[str, Any]] = {
    "__metadata": _meta(
        "generaljournalentry/GeneralJournalEntries", _GJE_ID, "GeneralJournalEntry"
    ),
    "EntryID": _GJE_ID,
    "Created": STAMP,
    "Currency": "EUR",
    "Division": DIVISION,
    "EntryNumber": 24900004,
    "ExchangeRate": 1,
    "FinancialPeriod": 9,
    "FinancialYear": 2024,
    "GeneralJournalEntryLines": {
        "results": [
            {
                "__metadata": _meta(
                    "generaljournalentry/GeneralJournalEntryLines",
                    "492c15a6-12c2-4532-8214-6d41c67423ae",
                    "GeneralJournalEntryLine",
                ),
                "ID": "492c15a6-12c2-4532-8214-6d41c67423ae",
                "Account": CUSTOMER,
                "AccountCode": "           4000012",
                "AccountName": "Top Tip SARL",
                "AmountDC": 250,
                "AmountFC": 250,
                "AmountVATDC": 50,
                "AmountVATFC": 50,
                "CostCenter": "PARIS",
                "CostUnit": "WEB",
                "Created": STAMP,
                "Date": SEP_30,
                "Description": "Reclassement honoraires",
                "Division": DIVISION,
                "EntryID": _GJE_ID,
                "EntryNumber": 24900004,
                "GLAccount": "399ade7b-8d3b-4024-a170-0dcc9ffcd8fb",
                "GLAccountCode": "622600",
                "GLAccountDescription": "Honoraires",
                "LineNumber": 2,
                "Modified": STAMP,
                "Notes": "Facture 2024-118",
                "OurRef": 24700001,
                "Project": PROJECT,
                "Quantity": 1,
                "VATCode": "20 ",
            },
            {
                "ID": "7d2a0c55-3f1e-4b8a-9c6d-1e2f3a4b5c6d",
                "AmountDC": -250,
                "AmountFC": -250,
                "Created": STAMP,
                "Date": SEP_30,
                "Description": "Compte d'attente",
                "Division": DIVISION,
                "EntryID": _GJE_ID,
                "GLAccount": "47551aa1-f9be-4a11-aa8f-c9dc39ba9713",
                "GLAccountCode": "471000",
                "LineNumber": 1,
                "Modified": STAMP,
            },
        ]
    },
    "JournalCode": "90",
    "JournalDescription": "Journal Divers",
    "Modified": STAMP,
    "Reversal": True,
    "Status": 20,
    "StatusDescription": "Open",
    "Type": 90,
    "TypeDescription": "Other",
}

REPORTING_BALANCE_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/financial/ReportingBalance(1L)",
        "type": "Exact.Web.Api.Models.ReportingBalance",
    },
    "ID": "1",  # Int64, sent as a JSON string
    "Amount": 31.48,
    "AmountCredit": 16.72,
    "AmountDebit": 48.2,
    "BalanceType": "B",
    "CostCenterCode": "PARIS",
    "CostCenterDescription": "Paris",
    "CostUnitCode": "WEB",
    "CostUnitDescription": "Web",
    "Count": 2,
    "Division": DIVISION,
    "GLAccount": "71402eb3-5106-4628-8d8d-080294b10f02",
    "GLAccountCode": "530000",
    "GLAccountDescription": "Caisse",
    "ReportingPeriod": 9,
    "ReportingYear": 2024,
    "Status": 20,
    "Type": 0,
}


class TestJournalEntryCreateConformance(MapperConformance):
    family = Family(
        JOURNAL_ENTRY_CREATE_MAP,
        JOURNAL_ENTRY_CREATE_MAP.from_exact,
        JOURNAL_ENTRY_CREATE_MAP.to_exact,
        GENERAL_JOURNAL_ENTRY_ROW,
        DIVISION,
        frozenset({"journal_code"}),
    )


class TestJournalEntryConformance(MapperConformance):
    family = Family(
        JOURNAL_ENTRY_MAP, JOURNAL_ENTRY_MAP.from_exact, None, TRANSACTION_ROW, DIVISION
    )


class TestTransactionConformance(MapperConformance):
    family = Family(
        TRANSACTION_MAP, TRANSACTION_MAP.from_exact, None, TRANSACTION_LINE_ROW, DIVISION
    )


class TestLedgerBalanceConformance(MapperConformance):
    family = Family(
        LEDGER_BALANCE_MAP, LEDGER_BALANCE_MAP.from_exact, None, REPORTING_BALANCE_ROW, DIVISION
    )


def _entry() -> JournalEntry:
    return JOURNAL_ENTRY_MAP.from_exact(TRANSACTION_ROW, division=DIVISION)


def _lines(entry: JournalEntry) -> list[JournalEntryLine]:
    assert entry.line_items is not None
    return entry.line_items


def _line(amount: str | None, foreign: str | None = None) -> JournalEntryLine:
    return JournalEntryLine(
        ledger_account_id="6aa91ed1-2692-4329-b399-dd5dada9e8f2",
        amount=None if amount is None else Decimal(amount),
        foreign_amount=None if foreign is None else Decimal(foreign),
    )


# --- balance ------------------------------------------------------------------------------


def test_a_read_entry_keeps_exacts_signs_and_balances() -> None:
    entry = _entry()
    assert [line.ledger_account_code for line in _lines(entry)] == ["411000", "445847", "706000"]
    assert [line.amount for line in _lines(entry)] == [
        Decimal("316.5"),  # receivable: debit, positive
        Decimal("-16.5"),  # VAT payable: credit, negative
        Decimal(-300),  # revenue: credit, negative
    ]
    assert imbalance(_lines(entry)) == 0
    assert is_balanced(entry)


def test_a_changed_amount_unbalances_by_exactly_the_change() -> None:
    entry = _entry()
    changed = _lines(entry)[2].model_copy(update={"amount": Decimal(-299), "foreign_amount": None})
    lines = [*_lines(entry)[:2], changed]
    assert imbalance(lines) == Decimal(1)
    assert not is_balanced(entry.model_copy(update={"line_items": lines}))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], False),  # Exact refuses an entry without lines
        ([_line("100.10"), _line("-100.10")], True),
        ([_line("100.10"), _line("-100.01")], False),
        ([_line("0.1"), _line("0.2"), _line("-0.3")], True),  # exact decimals, no float drift
        ([_line("100"), _line(None)], False),  # a line without an amount cannot be booked
        ([_line("100", "90"), _line("-100", "-90")], True),  # the entry currency decides
        ([_line("100", "90"), _line("-100", "-100")], False),
        ([_line(None, "90"), _line("-90")], True),
    ],
)
def test_is_balanced(lines: list[JournalEntryLine], expected: bool) -> None:
    entry = JournalEntry(id="x", division=DIVISION, journal_code="90", line_items=lines)
    assert is_balanced(entry) is expected


def test_imbalance_is_none_when_a_line_has_no_amount() -> None:
    assert imbalance([_line("5"), _line(None)]) is None
    assert imbalance([]) == 0


# --- creating ------------------------------------------------------------------------------


def test_create_body_sends_signed_line_amounts_and_no_header_date_or_description() -> None:
    draft = JournalEntry(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        journal_code="90",
        date=dt.date(2024, 9, 30),
        description="Reclassement",
        line_items=[
            JournalEntryLine(
                ledger_account_id="399ADE7B-8D3B-4024-A170-0DCC9FFCD8FB",
                amount=Decimal("250.00"),
                description="Honoraires",
            ),
            JournalEntryLine(
                ledger_account_id="47551aa1-f9be-4a11-aa8f-c9dc39ba9713",
                amount=Decimal("-250.00"),
                description="Attente",
                date=dt.date(2024, 9, 29),
            ),
        ],
    )
    assert is_balanced(draft)
    body = JOURNAL_ENTRY_CREATE_MAP.to_exact(draft, method="POST")
    assert body == {
        "JournalCode": "90",
        "Reversal": False,
        "GeneralJournalEntryLines": [
            {
                "GLAccount": "399ade7b-8d3b-4024-a170-0dcc9ffcd8fb",
                "AmountDC": 250,
                "Description": "Honoraires",
                "Date": "/Date(1727654400000)/",  # the header date, carried by the line
            },
            {
                "GLAccount": "47551aa1-f9be-4a11-aa8f-c9dc39ba9713",
                "AmountDC": -250,
                "Description": "Attente",
                "Date": "/Date(1727568000000)/",  # its own date is kept
            },
        ],
    }


def test_header_date_dates_lines_given_as_mappings() -> None:
    entry = JournalEntry.model_validate(
        {
            "id": "x",
            "division": DIVISION,
            "journal_code": "90",
            "date": "2024-09-30",
            "line_items": [{"amount": "1"}, {"amount": "-1", "date": "2024-09-01"}],
        }
    )
    assert [line.date for line in _lines(entry)] == [dt.date(2024, 9, 30), dt.date(2024, 9, 1)]


def test_header_description_is_refused_on_create() -> None:
    with pytest.raises(InvalidBody) as caught:
        JOURNAL_ENTRY_CREATE_MAP.to_exact(
            {"journal_code": "90", "description": "Reclassement"}, method="POST"
        )
    assert caught.value.problems == {
        "description": "read only",
        "line_items": "a document needs at least one line",
    }


def test_ledger_lines_cannot_be_written() -> None:
    line = TRANSACTION_MAP.from_exact(TRANSACTION_LINE_ROW, division=DIVISION)
    with pytest.raises(InvalidBody) as caught:
        TRANSACTION_MAP.to_exact({"amount": line.amount}, method="POST")
    assert caught.value.problems == {"amount": "read only"}


# --- reading -------------------------------------------------------------------------------


def test_journal_entry_header_fields() -> None:
    entry = _entry()
    assert entry.id == _ENTRY_ID
    assert (entry.journal_code, entry.journal_name, entry.entry_number) == (
        "70",
        "Ventes",
        24700001,
    )
    assert entry.date == dt.date(2024, 8, 12)
    assert entry.description == "top tip"
    assert (entry.financial_year, entry.financial_period) == (2024, 8)
    assert entry.status is EntryStatus.OPEN
    assert (entry.type_code, entry.type) == (20, TransactionType.SALES_ENTRY)


def test_general_journal_entry_reads_lines_in_order() -> None:
    entry = JOURNAL_ENTRY_CREATE_MAP.from_exact(GENERAL_JOURNAL_ENTRY_ROW, division=DIVISION)
    assert [line.amount for line in _lines(entry)] == [Decimal(-250), Decimal(250)]
    assert _lines(entry)[1].invoice_number == 24700001
    assert _lines(entry)[1].tax_code == "20"
    assert entry.is_reversal is True
    assert entry.type is TransactionType.OTHER
    assert is_balanced(entry)


def test_transaction_line_fields() -> None:
    line = TRANSACTION_MAP.from_exact(TRANSACTION_LINE_ROW, division=DIVISION)
    assert isinstance(line, Transaction)
    assert line.entry_id == _ENTRY_ID
    assert line.amount == Decimal(-300)
    assert line.tax_amount == Decimal("-16.5")
    assert (line.tax_code, line.account_code) == ("VB", "4000012")
    assert line.account_id == CUSTOMER.lower()
    assert (line.date, line.due_date) == (dt.date(2024, 8, 12), dt.date(2024, 9, 6))
    assert (line.financial_year, line.financial_period, line.line_number) == (2024, 8, 3)
    assert (line.currency, line.invoice_number) == ("EUR", 24700001)
    assert line.type is TransactionType.SALES_ENTRY


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (10, TransactionType.OPENING_BALANCE),
        (21, TransactionType.SALES_CREDIT_NOTE),
        (30, TransactionType.PURCHASE_ENTRY),
        (31, TransactionType.PURCHASE_CREDIT_NOTE),
        (40, TransactionType.CASH_FLOW),
        (70, TransactionType.ASSET),
        (76, TransactionType.ASSET),
        (83, TransactionType.PAYMENT_DIFFERENCE),
        (90, TransactionType.OTHER),
        (120, None),  # logistics: kept as a code only
    ],
)
def test_transaction_types(code: int, expected: TransactionType | None) -> None:
    entry = JOURNAL_ENTRY_MAP.from_exact({**TRANSACTION_ROW, "Type": code}, division=DIVISION)
    assert (entry.type_code, entry.type) == (code, expected)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [(5, EntryStatus.REJECTED), (20, EntryStatus.OPEN), (50, EntryStatus.PROCESSED)],
)
def test_entry_statuses(wire: int, expected: EntryStatus) -> None:
    row = {**TRANSACTION_LINE_ROW, "Status": wire}
    assert TRANSACTION_MAP.from_exact(row, division=DIVISION).status is expected


def test_unknown_status_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        JOURNAL_ENTRY_MAP.from_exact({**TRANSACTION_ROW, "Status": 30}, division=DIVISION)


def test_deferred_lines_read_as_unknown_not_as_no_lines() -> None:
    row = {**TRANSACTION_ROW, "TransactionLines": {"__deferred": {"uri": "..."}}}
    entry = JOURNAL_ENTRY_MAP.from_exact(row, division=DIVISION)
    assert entry.line_items is None
    assert not is_balanced(entry)  # unknown lines are no proof of balance
    empty = JOURNAL_ENTRY_MAP.from_exact({**row, "TransactionLines": {"results": []}}, division=1)
    assert empty.line_items == []


def test_ledger_balance_fields() -> None:
    balance = LEDGER_BALANCE_MAP.from_exact(REPORTING_BALANCE_ROW, division=DIVISION)
    assert balance.id == "1"
    assert (balance.year, balance.period, balance.line_count) == (2024, 9, 2)
    assert balance.amount == Decimal("31.48")
    assert balance.debit_amount is not None
    assert balance.credit_amount is not None
    assert balance.debit_amount - balance.credit_amount == balance.amount
    assert balance.balance_type is BalanceType.BALANCE_SHEET
    assert json.loads(balance.model_dump_json())["amount"] == "31.48"


# --- JSON schema --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "required"),
    [
        (JournalEntry, ["id", "division", "journal_code"]),
        (Transaction, ["id", "division"]),
        (LedgerBalance, ["id", "division", "ledger_account_id", "year", "period"]),
    ],
)
def test_json_schema(model: type[Any], required: list[str]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == required
    assert all(prop.get("description") for prop in schema["properties"].values())


def test_journal_entry_schema_nests_its_lines() -> None:
    schema = JournalEntry.model_json_schema()
    variants = schema["properties"]["line_items"]["anyOf"]
    assert {"type": "array", "items": {"$ref": "#/$defs/JournalEntryLine"}} in variants
    assert {"type": "null"} in variants  # lines not read (navigation not expanded)
    line = schema["$defs"]["JournalEntryLine"]["properties"]
    money = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "format": "decimal"}
    assert money in line["amount"]["anyOf"]
