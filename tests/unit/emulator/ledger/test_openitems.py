"""Open items: what is outstanding, which payment settles it, how it closes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from exactbridge.emulator.ledger.openitems import (
    list_values,
    matches,
    open_item_values,
    outstanding,
    settled_values,
    side_of,
)
from exactbridge.emulator.ledger.posting import GL, Head, Posted, Relation

DAY = datetime(2026, 6, 20)
HEAD = Head("e", 20, "70", "Sales", DAY, 2026, 6, 26700001, invoice_number=26700001,
            due_date=datetime(2026, 7, 20), your_ref="PO-1")  # fmt: skip


def test_sides_and_signs() -> None:
    assert side_of(20) == "receivable"
    assert side_of(22) == "payable"
    assert side_of(110) is None
    assert side_of(None) is None
    assert outstanding("receivable", Decimal("121.00")) == Decimal("121.00")
    assert outstanding("payable", Decimal("-60.50")) == Decimal("60.50")


def test_an_invoice_opens_an_item_and_its_list_row() -> None:
    line = Posted(0, "relation", GL("ar", "1300", "Debiteuren", 20), Decimal("121.00"),
                  account=Relation("c", "  1001", "Customer"))  # fmt: skip
    item = open_item_values("receivable", HEAD, line, "line", payment_days=30, payment_method="B")
    item["ID"] = "item"
    assert (item["AmountDC"], item["TransactionAmountDC"], item["Status"]) == (121.0, 121.0, 20)
    assert (item["InvoiceNumber"], item["DueDate"], item["IsFullyPaid"]) == (
        26700001,
        datetime(2026, 7, 20),
        False,
    )
    assert (item["TransactionID"], item["TransactionEntryID"]) == ("line", "e")
    row = list_values("receivable", item)
    assert (row["Id"], row["Amount"], row["AccountId"], row["JournalCode"]) == (
        "item",
        121.0,
        "c",
        "70",
    )
    assert "Id" not in list_values("payable", item)


def test_only_the_exact_amount_of_the_same_relation_settles() -> None:
    item = {"Status": 20, "Account": "c", "AmountDC": 121.0}
    assert matches(item, "c", Decimal("-121.00"))
    assert not matches(item, "c", Decimal("-60.00"))
    assert not matches(item, "other", Decimal("-121.00"))
    assert not matches(item | {"Status": 50}, "c", Decimal("-121.00"))
    assert not matches({"Status": 20, "Account": "c", "AmountDC": 0.0}, "c", Decimal(0))
    closed = settled_values("receivable", DAY, 2026, 6)
    assert closed | {"EndDate": None} == {
        "AmountDC": 0.0, "AmountFC": 0.0, "EndDate": None, "EndPeriod": 6, "EndYear": 2026,
        "Status": 50, "IsFullyPaid": True, "LastPaymentDate": DAY,
    }  # fmt: skip
    assert "IsFullyPaid" not in settled_values("payable", DAY, 2026, 6)
