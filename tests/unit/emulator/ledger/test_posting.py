"""Posting: every booking balances to the cent, with Exact's signs and VAT lines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exactbridge.emulator.ledger.posting import (
    GL,
    Head,
    Item,
    PostingError,
    Relation,
    Vat,
    header_values,
    imbalance,
    line_values,
    post_cash_flow,
    post_invoice,
    post_journal,
)

DAY = datetime(2026, 6, 20)
AR, AP, BANK = GL("ar", "1300", "Debiteuren", 20), GL("ap", "1600", "Crediteuren", 22), GL("bank")
REVENUE, COSTS = GL("rev", "8000", "Omzet", 110), GL("cost", "4300", "Kantoor", 121)
PAY, CLAIM = GL("pay", "1500"), GL("claim", "1520")
HIGH = Vat("3", "Verkopen hoog", 0.21, "E", to_pay=PAY, transaction_type="S")
LOW = Vat("2", "Verkopen laag", 0.09, "E", to_pay=PAY, transaction_type="S")
INPUT = Vat("5", "Inkopen hoog", 0.21, "E", to_claim=CLAIM, transaction_type="P")
REVERSE = Vat("7", "Verlegd", 0.21, "E", to_pay=PAY, to_claim=CLAIM, transaction_type="P")
EXEMPT = Vat("0", "Geen BTW", 0.0, "B", transaction_type="S")
CUSTOMER = Relation("c", "  1001", "Klant B.V.")


def head(relation_gl: GL | None = AR, entry_type: int = 20) -> Head:
    return Head("e", entry_type, "70", "Verkoopboek", DAY, 2026, 6, 26700001, relation=CUSTOMER,
                relation_gl=relation_gl, invoice_number=26700001)  # fmt: skip


money = st.decimals(min_value=-(10**5), max_value=10**5, places=2)
vats = st.sampled_from([HIGH, LOW, EXEMPT, None])


@given(st.lists(st.tuples(money, vats), min_size=1, max_size=6))
def test_sales_bookings_balance_and_debit_the_receivable(lines: list[tuple[Decimal, Vat]]) -> None:
    posted = post_invoice(head(), [Item(REVENUE, amount, vat) for amount, vat in lines], "sales")
    assert imbalance(posted) == 0
    relation = posted[0]
    assert (relation.number, relation.role, relation.gl, relation.account) == (
        0,
        "relation",
        AR,
        CUSTOMER,
    )
    assert all(line.amount == -amount for line, (amount, _) in zip(posted[1:], lines, strict=False))


@given(st.lists(st.tuples(money, st.sampled_from([INPUT, REVERSE, None])), min_size=1, max_size=6))
def test_purchase_bookings_balance_and_credit_the_payable(lines: list[tuple[Decimal, Vat]]) -> None:
    posted = post_invoice(head(AP, 30), [Item(COSTS, amount, vat) for amount, vat in lines],
                          "purchase")  # fmt: skip
    assert imbalance(posted) == 0
    net = sum((amount for amount, _ in lines), Decimal(0))
    charged = sum(
        (line.amount for line in posted if line.role == "vat" and line.gl == CLAIM), Decimal(0)
    )
    reversed_vat = -sum(
        (line.amount for line in posted if line.role == "vat" and line.gl == PAY), Decimal(0)
    )
    assert posted[0].amount == -(net + charged - reversed_vat)


def test_vat_is_grouped_per_code_and_account() -> None:
    items = [
        Item(REVENUE, Decimal("100.00"), HIGH),
        Item(REVENUE, Decimal("50.00"), HIGH),
        Item(REVENUE, Decimal("10.00"), LOW),
        Item(REVENUE, Decimal("5.00"), EXEMPT),
    ]
    posted = post_invoice(head(), items, "sales")
    vat_lines = [(line.vat.code if line.vat else None, line.amount, line.vat_base)
                 for line in posted if line.role == "vat"]  # fmt: skip
    assert vat_lines == [("3", Decimal("-31.50"), Decimal("-150.00")),
                         ("2", Decimal("-0.90"), Decimal("-10.00"))]  # fmt: skip
    assert posted[0].amount == Decimal("197.40")


def test_a_given_vat_amount_wins() -> None:
    posted = post_invoice(head(), [Item(REVENUE, Decimal("100"), HIGH, Decimal("20.99"))], "sales")
    assert posted[0].amount == Decimal("120.99")


@given(st.lists(st.tuples(money, vats), min_size=1, max_size=6))
def test_statement_lines_balance_with_the_bank(lines: list[tuple[Decimal, Vat]]) -> None:
    items = [Item(REVENUE, amount, vat, account=CUSTOMER, our_ref=1) for amount, vat in lines]
    posted = post_cash_flow(head(BANK, 40), items, first_number=5)
    assert imbalance(posted) == 0
    bank = [line for line in posted if line.role == "bank"]
    assert [line.amount for line in bank] == [amount for amount, _ in lines]
    assert posted[0].number == 5


def test_money_received_credits_the_customer() -> None:
    posted = post_cash_flow(head(BANK, 40), [Item(AR, Decimal("121.00"), account=CUSTOMER)])
    assert [(line.gl, line.amount, line.account) for line in posted] == [
        (BANK, Decimal("121.00"), None), (AR, Decimal("-121.00"), CUSTOMER),
    ]  # fmt: skip


def test_journal_lines_are_booked_as_given() -> None:
    items = [Item(COSTS, Decimal("100.00"), INPUT), Item(AP, Decimal("-121.00"), account=CUSTOMER)]
    posted = post_journal(items)
    assert [line.amount for line in posted] == [Decimal("100.00"), Decimal("21.00"),
                                                Decimal("-121.00")]  # fmt: skip
    assert imbalance(posted) == 0
    included = Vat("9", "Incl.", 0.21, "I", to_claim=CLAIM, transaction_type="P")
    posted = post_journal([Item(COSTS, Decimal("121.00"), included)])
    assert [line.amount for line in posted] == [Decimal("100.00"), Decimal("21.00")]
    assert imbalance(post_journal([Item(COSTS, Decimal(10))])) == 10


def test_missing_accounts_are_refused() -> None:
    with pytest.raises(PostingError) as refused:
        post_invoice(head(None), [Item(REVENUE, Decimal(1))], "sales")
    assert (refused.value.kind, refused.value.name) == ("invalid_reference", "GLAccount")
    orphan = Vat("X", percentage=0.21)
    with pytest.raises(PostingError):
        post_invoice(head(), [Item(REVENUE, Decimal(1), orphan)], "sales")
    with pytest.raises(PostingError):
        post_cash_flow(head(None, 40), [Item(REVENUE, Decimal(1))])


def test_rows_carry_the_entry() -> None:
    posted = post_invoice(head(), [Item(REVENUE, Decimal("10.00"), HIGH, quantity=2.0)], "sales")
    relation, revenue, vat = (line_values(head(), line) for line in posted)
    assert (relation["AmountDC"], relation["Account"], relation["InvoiceNumber"]) == (
        12.1,
        "c",
        26700001,
    )
    assert (revenue["AmountDC"], revenue["VATCode"], revenue["Quantity"], revenue["Account"]) == (
        -10.0,
        "3",
        2.0,
        None,
    )
    assert (vat["GLAccount"], vat["AmountVATFC"], vat["AmountVATBaseFC"]) == ("pay", -2.1, -10.0)
    assert {row["EntryNumber"] for row in (relation, revenue, vat)} == {26700001}
    header = header_values(head())
    assert (header["TypeDescription"], header["StatusDescription"]) == ("Sales entry", "Open")
