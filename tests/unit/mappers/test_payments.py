"""Payment mappers: payment terms (`cashflow/Receivables`, `cashflow/Payments`), bank entries,
and outstanding items (`read/financial/ReceivablesList`, `PayablesList`).

The recorded `cashflow/Payments` reads (`list-payments.json`, `payments.json`) came back
empty, so rows follow the endpoint specs in Exact's usual shape: `__metadata`, key first,
`/Date(ms)/` in Amsterdam wall-clock time, account codes right-aligned in 18 characters, and
the lists' Int64 `HID` sent as a JSON string.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

import pytest
from pydantic import ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers import Method
from exactbridge.mappers.payments import (
    BANK_ENTRY_MAP,
    PAYABLE_OUTSTANDING_MAP,
    PAYMENT_MADE_MAP,
    PAYMENT_RECEIVED_MAP,
    RECEIVABLE_OUTSTANDING_MAP,
    Fixed,
    settlement_line,
)
from exactbridge.model.entries import EntryStatus
from exactbridge.model.ledger import PaymentMethod
from exactbridge.model.payments import (
    AgeingBucket,
    BankEntry,
    Outstanding,
    OutstandingDirection,
    Payment,
    PaymentDirection,
    PaymentStatus,
    ageing_totals,
    split_outstanding_id,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 7751135
_BASE: Final = f"https://start.exactonline.nl/api/v1/{DIVISION}"
CUSTOMER: Final = "08aa5fea-f37b-482d-b061-8dd652c7129b"
RECEIVABLE_GL: Final = "4e3d14e1-47c1-4365-84eb-8d3dc88d9365"
ENTRY: Final = "b8846eae-ff1b-43cd-924e-1d42bc7d735d"

_TERM: Final[dict[str, Any]] = {
    "Account": CUSTOMER,
    "AccountBankAccountID": None,
    "AccountBankAccountNumber": None,
    "AccountCode": "              1019",
    "AccountContact": None,
    "AccountContactName": None,
    "AccountName": "Metzgerei Düsseldorf GmbH",
    "AmountDC": 438.62,
    "AmountDiscountDC": 0,
    "AmountDiscountFC": 0,
    "AmountFC": 438.62,
    "Created": "/Date(1768307523573)/",
    "Creator": "2e5f2f40-4d41-4a5d-adc6-cde0377e1238",
    "CreatorFullName": "René Mulder",
    "Currency": "EUR",
    "Description": "Levering materialen",
    "Division": DIVISION,
    "Document": "15a0a8ae-3b99-4870-a132-0b9d4de2f8ad",
    "DocumentNumber": 20,
    "DueDate": "/Date(1769472000000)/",  # 2026-01-27
    "EndDate": "/Date(1770940800000)/",  # 2026-02-13
    "EndPeriod": 2,
    "EndYear": 2026,
    "EntryDate": "/Date(1768262400000)/",  # 2026-01-13
    "EntryID": ENTRY,
    "EntryNumber": 26700002,
    "GLAccount": RECEIVABLE_GL,
    "GLAccountCode": "1300",
    "GLAccountDescription": "Debiteuren",
    "InvoiceDate": "/Date(1768262400000)/",
    "InvoiceNumber": 26700002,
    "IsBatchBooking": 0,
    "Journal": "70",
    "JournalDescription": "Verkoopboek",
    "Modified": "/Date(1768307523573)/",
    "PaymentCondition": "14",
    "PaymentConditionDescription": "14 dagen",
    "PaymentDays": 14,
    "PaymentMethod": "B",
    "PaymentReference": "RF12 3456",
    "RateFC": 1,
    "Status": 20,
    "TransactionAmountDC": 1438.62,
    "TransactionAmountFC": 1438.62,
    "TransactionDueDate": "/Date(1769472000000)/",
    "TransactionEntryID": ENTRY,
    "TransactionID": "a4946d15-b17d-4255-b4c1-8226aed23b0f",
    "TransactionIsReversal": False,
    "TransactionReportingPeriod": 1,
    "TransactionReportingYear": 2026,
    "TransactionStatus": 50,
    "TransactionType": 20,
    "YourRef": "PO-39882",
}

RECEIVABLE_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/cashflow/Receivables(guid'0ab77988-07fa-42f7-95c8-91ff3add6527')",
        "type": "Exact.Web.Api.Models.Receivable",
    },
    "ID": "0ab77988-07fa-42f7-95c8-91ff3add6527",
    **_TERM,
    "IsFullyPaid": True,
    "LastPaymentDate": "/Date(1770940800000)/",
}

PAYMENT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/cashflow/Payments(guid'0fd630f1-f29d-4da9-953f-48f1a09f76b5')",
        "type": "Exact.Web.Api.Models.Payment",
    },
    "ID": "0fd630f1-f29d-4da9-953f-48f1a09f76b5",
    **_TERM,
    "GLAccountCode": "1600",
    "GLAccountDescription": "Crediteuren",
    "Journal": "60",
    "PaymentBatchNumber": None,
    "TransactionType": 30,
}

BANK_ENTRY: Final = "017627df-969e-4e92-8cf9-3d431621a361"


def _bank_line(key: str, number: int, amount: float, our_ref: int) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{_BASE}/financialtransaction/BankEntryLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.Financial.BankEntryLine",
        },
        "ID": key,
        "Account": CUSTOMER,
        "AccountCode": "              1019",
        "AccountName": "Metzgerei Düsseldorf GmbH",
        "AmountDC": amount,
        "AmountFC": amount,
        "AmountVATFC": 0,
        "CostCenter": "VERKOOP",
        "CostUnit": "NOORD",
        "Created": "/Date(1781258487957)/",
        "Date": "/Date(1781049600000)/",  # 2026-06-10
        "Description": "Betaling factuur",
        "Division": DIVISION,
        "EntryID": BANK_ENTRY,
        "EntryNumber": 26200005,
        "ExchangeRate": 1,
        "GLAccount": RECEIVABLE_GL,
        "GLAccountCode": "1300",
        "GLAccountDescription": "Debiteuren",
        "LineNumber": number,
        "Modified": "/Date(1781258487957)/",
        "Notes": "Afschrift 12",
        "OffsetID": None,
        "OurRef": our_ref,
        "Project": "2b7c4a10-8d1e-4f0a-9c3b-5d6e7f8a9b0c",
        "Quantity": 1,
        "VATCode": "0  ",
        "VATPercentage": 0,
        "VATType": "B",
    }


BANK_ENTRY_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/financialtransaction/BankEntries(guid'{BANK_ENTRY}')",
        "type": "Exact.Web.Api.Models.Financial.BankEntry",
    },
    "EntryID": BANK_ENTRY,
    "BankEntryLines": {
        "results": [
            _bank_line("87af3bbe-d278-4f2d-ab16-5003ef816b1b", 2, 1438.62, 26700002),
            _bank_line("c8ff2656-2e33-4d3d-afd7-b652394060c9", 1, 4920.48, 26700009),
        ]
    },
    "BankStatementDocument": "9c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5",
    "BankStatementDocumentNumber": 41,
    "BankStatementDocumentSubject": "Afschrift 12",
    "ClosingBalanceFC": 16359.1,
    "Created": "/Date(1781258487957)/",
    "Currency": "EUR",
    "Division": DIVISION,
    "EntryNumber": 26200005,
    "FinancialPeriod": 6,
    "FinancialYear": 2026,
    "JournalCode": "20",
    "JournalDescription": "Bank",
    "Modified": "/Date(1781258487957)/",
    "OpeningBalanceFC": 10000,
    "Status": 20,
    "StatusDescription": "Open",
}

RECEIVABLES_LIST_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/read/financial/ReceivablesList(3L)",
        "type": "Exact.Web.Api.Models.ReceivablesList",
    },
    "HID": "3",
    "AccountCode": "              1019",
    "AccountId": CUSTOMER,
    "AccountName": "Metzgerei Düsseldorf GmbH",
    "Amount": 3386.99,
    "AmountInTransit": 100,
    "CurrencyCode": "EUR",
    "Description": "Licentie software",
    "DueDate": "/Date(1748908800000)/",  # 2025-06-03
    "EntryNumber": 25700003,
    "Id": "ec66a787-95e7-41d1-b731-af10506bf2ef",
    "InvoiceDate": "/Date(1747699200000)/",  # 2025-05-20
    "InvoiceNumber": 25700003,
    "JournalCode": "70",
    "JournalDescription": "Verkoopboek",
    "YourRef": "PO-36844",
}

PAYABLES_LIST_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{_BASE}/read/financial/PayablesList(3L)",
        "type": "Exact.Web.Api.Models.PayablesList",
    },
    "HID": "3",
    "AccountCode": "              1013",
    "AccountId": "ae1efa2a-eca8-44f5-b4ad-e80ab2b90918",
    "AccountName": "Groen Schilderwerken V.O.F.",
    "Amount": 175.62,
    "AmountInTransit": 0.5,
    "CurrencyCode": "EUR",
    "Description": "Softwareabonnement",
    "DueDate": "/Date(1760140800000)/",  # 2025-10-11
    "EntryNumber": 25600003,
    "InvoiceDate": "/Date(1754956800000)/",  # 2025-08-12
    "InvoiceNumber": 25600003,
    "JournalCode": "60",
    "JournalDescription": "Inkoopboek",
    "YourRef": "INV127360",
}


class _TermConformance(MapperConformance):
    """Payment terms take a PUT but no POST (Exact opens terms itself), so the suite's
    create checks become: a create can carry nothing."""

    @pytest.mark.parametrize("method", ["PUT"])
    def test_round_trip_keeps_every_settable_property(self, method: Method) -> None:
        super().test_round_trip_keeps_every_settable_property(method)

    def test_required_fields_enforced_on_create(self) -> None:
        rmap = self.family.rmap
        assert "POST" not in rmap.spec.methods
        assert not any(rmap.settable(f, "POST") for f in rmap.fields)
        with pytest.raises(InvalidBody) as caught:
            self.writer()({"description": "x", "status": "open"}, method="POST")
        assert caught.value.problems == {
            "description": "can only be set by PUT",
            "status": "read only",
        }


class TestPaymentReceivedConformance(_TermConformance):
    family = Family(
        PAYMENT_RECEIVED_MAP,
        PAYMENT_RECEIVED_MAP.from_exact,
        PAYMENT_RECEIVED_MAP.to_exact,
        RECEIVABLE_ROW,
        DIVISION,
    )


class TestPaymentMadeConformance(_TermConformance):
    family = Family(
        PAYMENT_MADE_MAP,
        PAYMENT_MADE_MAP.from_exact,
        PAYMENT_MADE_MAP.to_exact,
        PAYMENT_ROW,
        DIVISION,
    )


class TestBankEntryConformance(MapperConformance):
    family = Family(
        BANK_ENTRY_MAP,
        BANK_ENTRY_MAP.from_exact,
        BANK_ENTRY_MAP.to_exact,
        BANK_ENTRY_ROW,
        DIVISION,
        frozenset({"journal"}),
    )


class TestReceivableOutstandingConformance(MapperConformance):
    family = Family(
        RECEIVABLE_OUTSTANDING_MAP,
        RECEIVABLE_OUTSTANDING_MAP.from_exact,
        None,
        RECEIVABLES_LIST_ROW,
        DIVISION,
        record_id="3",
    )


class TestPayableOutstandingConformance(MapperConformance):
    family = Family(
        PAYABLE_OUTSTANDING_MAP,
        PAYABLE_OUTSTANDING_MAP.from_exact,
        None,
        PAYABLES_LIST_ROW,
        DIVISION,
        record_id="payable-3",  # payable ids are prefixed so the two lists never collide
    )


# --- payments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rmap", "row", "direction"),
    [
        (PAYMENT_RECEIVED_MAP, RECEIVABLE_ROW, PaymentDirection.RECEIVED),
        (PAYMENT_MADE_MAP, PAYMENT_ROW, PaymentDirection.MADE),
        (PAYMENT_MADE_MAP, RECEIVABLE_ROW, PaymentDirection.MADE),  # the endpoint decides
    ],
)
def test_the_endpoint_gives_the_direction(
    rmap: Any, row: dict[str, Any], direction: PaymentDirection
) -> None:
    assert rmap.from_exact(row, division=DIVISION).direction is direction


def test_received_payment_fields() -> None:
    term = PAYMENT_RECEIVED_MAP.from_exact(RECEIVABLE_ROW, division=DIVISION)
    assert term.status is PaymentStatus.OPEN
    assert (term.counterparty_id, term.counterparty_code) == (CUSTOMER, "1019")
    assert (term.total_amount, term.open_amount) == (Decimal("1438.62"), Decimal("438.62"))
    assert (term.invoice_number, term.entry_id, term.transaction_type) == (26700002, ENTRY, 20)
    assert (term.due_date, term.settled_date) == (date(2026, 1, 27), date(2026, 2, 13))
    assert term.payment_method is PaymentMethod.ON_CREDIT
    assert term.is_fully_paid is True


def test_payments_made_have_no_receivable_only_fields() -> None:
    term = PAYMENT_MADE_MAP.from_exact(PAYMENT_ROW, division=DIVISION)
    assert term.is_fully_paid is None
    assert term.last_payment_date is None
    assert {f.exact for f in PAYMENT_MADE_MAP.fields} <= {
        f.name for f in PAYMENT_MADE_MAP.spec.fields
    }


@pytest.mark.parametrize(
    ("wire", "status"),
    [
        (20, PaymentStatus.OPEN),
        (30, PaymentStatus.SELECTED),
        (40, PaymentStatus.PROCESSED),
        (50, PaymentStatus.MATCHED),
    ],
)
def test_payment_statuses(wire: int, status: PaymentStatus) -> None:
    row = {**RECEIVABLE_ROW, "Status": wire}
    assert PAYMENT_RECEIVED_MAP.from_exact(row, division=DIVISION).status is status


def test_unknown_payment_status_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        PAYMENT_RECEIVED_MAP.from_exact({**RECEIVABLE_ROW, "Status": 10}, division=DIVISION)


def test_a_term_update_sends_what_exact_lets_change() -> None:
    body = PAYMENT_MADE_MAP.to_exact(
        {"description": "Dubbel", "payment_reference": "RF99", "payment_method": "cash"},
        method="PUT",
    )
    assert body == {"Description": "Dubbel", "PaymentReference": "RF99", "PaymentMethod": "K"}


def test_the_direction_is_never_sent() -> None:
    term = PAYMENT_RECEIVED_MAP.from_exact(RECEIVABLE_ROW, division=DIVISION)
    assert "ID" not in PAYMENT_RECEIVED_MAP.to_exact(term, method="PUT")
    with pytest.raises(InvalidBody) as caught:
        PAYMENT_RECEIVED_MAP.to_exact({"direction": "made"}, method="PUT")
    assert caught.value.problems == {"direction": "read only"}
    with pytest.raises(WireFormatError):
        Fixed(PaymentDirection.MADE).encode(PaymentDirection.MADE)


# --- bank entries and settling -------------------------------------------------------------


def _open_term(direction: PaymentDirection, **changes: Any) -> Payment:
    rmap = PAYMENT_RECEIVED_MAP if direction is PaymentDirection.RECEIVED else PAYMENT_MADE_MAP
    row = RECEIVABLE_ROW if direction is PaymentDirection.RECEIVED else PAYMENT_ROW
    return rmap.from_exact(row, division=DIVISION).model_copy(update=changes)


@pytest.mark.parametrize(
    ("direction", "amount"),
    [(PaymentDirection.RECEIVED, Decimal("438.62")), (PaymentDirection.MADE, Decimal("-438.62"))],
)
def test_a_settlement_line_moves_exactly_the_open_amount(
    direction: PaymentDirection, amount: Decimal
) -> None:
    line = settlement_line(_open_term(direction), paid_on=date(2026, 6, 10), description="Paid")
    assert line.amount == amount
    assert (line.counterparty_id, line.invoice_number) == (CUSTOMER, 26700002)
    assert line.ledger_account_id is None  # Exact books it to the item's own account


@pytest.mark.parametrize(
    "changes",
    [
        {"status": PaymentStatus.MATCHED},
        {"open_amount": Decimal(0)},
        {"invoice_number": None},
        {"counterparty_id": None},
    ],
)
def test_only_an_open_term_with_an_invoice_can_be_settled(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="payment term"):
        settlement_line(_open_term(PaymentDirection.RECEIVED, **changes), paid_on=date(2026, 6, 1))


def test_a_payment_is_created_as_a_bank_entry_body() -> None:
    term = _open_term(PaymentDirection.RECEIVED)
    entry = BankEntry(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        journal="20",
        line_items=[settlement_line(term, paid_on=date(2026, 6, 10))],
    )
    assert entry.total_amount == Decimal("438.62")
    assert BANK_ENTRY_MAP.to_exact(entry, method="POST") == {
        "JournalCode": "20",
        "BankEntryLines": [
            {
                "Date": "/Date(1781049600000)/",
                "AmountFC": 438.62,
                "Account": CUSTOMER,
                "OurRef": 26700002,
            }
        ],
    }


def test_bank_entry_fields() -> None:
    entry = BANK_ENTRY_MAP.from_exact(BANK_ENTRY_ROW, division=DIVISION)
    assert (entry.journal, entry.number, entry.status) == ("20", 26200005, EntryStatus.OPEN)
    assert entry.bank_statement_document_id == "9c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5"
    assert entry.total_amount == Decimal("6359.10")
    assert entry.line_items is not None
    assert [line.invoice_number for line in entry.line_items] == [26700009, 26700002]


# --- outstanding items ---------------------------------------------------------------------


def test_payable_ids_are_prefixed_so_the_lists_never_collide() -> None:
    receivable = RECEIVABLE_OUTSTANDING_MAP.from_exact(RECEIVABLES_LIST_ROW, division=DIVISION)
    payable = PAYABLE_OUTSTANDING_MAP.from_exact(PAYABLES_LIST_ROW, division=DIVISION)
    assert RECEIVABLES_LIST_ROW["HID"] == PAYABLES_LIST_ROW["HID"]  # Exact numbers them apart
    assert (receivable.id, payable.id) == ("3", "payable-3")
    assert receivable.direction is OutstandingDirection.RECEIVABLE
    assert payable.direction is OutstandingDirection.PAYABLE
    assert split_outstanding_id(receivable.id) == (OutstandingDirection.RECEIVABLE, 3)
    assert split_outstanding_id(payable.id) == (OutstandingDirection.PAYABLE, 3)


def test_a_prefixed_payable_id_is_not_prefixed_again() -> None:
    payable = PAYABLE_OUTSTANDING_MAP.from_exact(PAYABLES_LIST_ROW, division=DIVISION)
    again = Outstanding.model_validate_json(payable.model_dump_json())
    assert again.id == "payable-3"
    assert again == payable


def test_a_receivable_cannot_carry_a_payable_id() -> None:
    with pytest.raises(ValidationError, match="cannot start with"):
        Outstanding(
            id="payable-3",
            division=DIVISION,
            direction=OutstandingDirection.RECEIVABLE,
            open_amount=Decimal(1),
        )


@pytest.mark.parametrize("key", ["", "payable-", "payable-x", "12a", "payable-٣"])
def test_split_refuses_other_ids(key: str) -> None:
    with pytest.raises(ValueError, match="not an outstanding item id"):
        split_outstanding_id(key)


def test_outstanding_fields() -> None:
    item = RECEIVABLE_OUTSTANDING_MAP.from_exact(RECEIVABLES_LIST_ROW, division=DIVISION)
    assert (item.open_amount, item.amount_in_transit) == (Decimal("3386.99"), Decimal(100))
    assert (item.invoice_number, item.counterparty_code, item.currency) == (25700003, "1019", "EUR")
    assert (item.invoice_date, item.due_date) == (date(2025, 5, 20), date(2025, 6, 3))
    assert item.payment_id == "ec66a787-95e7-41d1-b731-af10506bf2ef"
    payable = PAYABLE_OUTSTANDING_MAP.from_exact(PAYABLES_LIST_ROW, division=DIVISION)
    assert payable.payment_id is None


AS_OF: Final = date(2026, 6, 25)


@pytest.mark.parametrize(
    ("days_past_due", "overdue", "bucket"),
    [
        (-10, 0, AgeingBucket.NOT_DUE),
        (0, 0, AgeingBucket.NOT_DUE),  # due today is not overdue
        (1, 1, AgeingBucket.DAYS_1_30),
        (30, 30, AgeingBucket.DAYS_1_30),
        (31, 31, AgeingBucket.DAYS_31_60),
        (60, 60, AgeingBucket.DAYS_31_60),
        (61, 61, AgeingBucket.DAYS_61_90),
        (90, 90, AgeingBucket.DAYS_61_90),
        (91, 91, AgeingBucket.DAYS_OVER_90),
        (400, 400, AgeingBucket.DAYS_OVER_90),
    ],
)
def test_ageing_buckets_from_a_given_date(
    days_past_due: int, overdue: int, bucket: AgeingBucket
) -> None:
    item = _item(Decimal(1), due=AS_OF - timedelta(days=days_past_due))
    assert item.days_overdue(AS_OF) == overdue
    assert item.ageing_bucket(AS_OF) is bucket


def test_ageing_moves_with_the_date_given_not_a_clock() -> None:
    item = _item(Decimal(1), due=date(2026, 1, 1))
    assert item.ageing_bucket(date(2026, 1, 1)) is AgeingBucket.NOT_DUE
    assert item.ageing_bucket(date(2026, 2, 1)) is AgeingBucket.DAYS_31_60
    assert item.ageing_bucket(date(2027, 1, 1)) is AgeingBucket.DAYS_OVER_90


def test_ageing_falls_back_on_the_invoice_date() -> None:
    item = _item(Decimal(1), due=None, invoiced=AS_OF - timedelta(days=45))
    assert item.days_overdue(AS_OF) == 45
    assert item.ageing_bucket(AS_OF) is AgeingBucket.DAYS_31_60
    undated = _item(Decimal(1), due=None)
    assert undated.days_overdue(AS_OF) is None
    assert undated.ageing_bucket(AS_OF) is AgeingBucket.UNDATED


def test_ageing_totals_per_bucket() -> None:
    items = [
        _item(Decimal("100.10"), due=AS_OF + timedelta(days=5)),
        _item(Decimal("20.05"), due=AS_OF - timedelta(days=3)),
        _item(Decimal("-5.05"), due=AS_OF - timedelta(days=29)),  # a credit note
        _item(Decimal("7"), due=AS_OF - timedelta(days=120)),
        _item(Decimal("1"), due=None),
    ]
    assert ageing_totals(items, AS_OF) == {
        AgeingBucket.NOT_DUE: Decimal("100.10"),
        AgeingBucket.DAYS_1_30: Decimal("15.00"),
        AgeingBucket.DAYS_31_60: Decimal(0),
        AgeingBucket.DAYS_61_90: Decimal(0),
        AgeingBucket.DAYS_OVER_90: Decimal(7),
        AgeingBucket.UNDATED: Decimal(1),
    }


def test_ageing_a_mapped_item() -> None:
    item = PAYABLE_OUTSTANDING_MAP.from_exact(PAYABLES_LIST_ROW, division=DIVISION)
    assert item.days_overdue(date(2025, 12, 1)) == 51  # due 2025-10-11
    assert item.ageing_bucket(date(2025, 12, 1)) is AgeingBucket.DAYS_31_60


def _item(amount: Decimal, *, due: date | None, invoiced: date | None = None) -> Outstanding:
    return Outstanding(
        id="1",
        division=DIVISION,
        direction=OutstandingDirection.RECEIVABLE,
        open_amount=amount,
        due_date=due,
        invoice_date=invoiced,
    )
