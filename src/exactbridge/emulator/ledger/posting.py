"""From an entry to its transaction lines: the pure heart of the ledger.

Every booking (a sales or purchase entry, a processed sales invoice, a general journal
entry, a bank or cash statement line) becomes lines on G/L accounts, debit positive and
credit negative, that sum to exactly zero per entry. The functions here take the entry
with its master data already looked up (`Head`, `Item`, `GL`, `Vat`, `Relation`) and
return `Posted` lines; they read no store and no clock, so the same input always gives
the same lines (the large dataset can replay them lazily).

Sign conventions:

- Sales (entry or invoice): each line credits its revenue account with its amount
  excluding VAT; VAT is credited to the VAT code's `GLToPay`; the customer's receivable
  account is debited with the total. A credit note has negative amounts, so every sign
  flips.
- Purchase: each line debits its cost account; VAT is debited to `GLToClaim`; the
  supplier's payable account is credited with the total. A reverse-charge code (one with
  both `GLToPay` and `GLToClaim`) books the VAT to both sides and leaves it out of the total.
- General journal: lines are booked as given (`AmountFC`, debit positive).
- Bank and cash: a statement line's amount is money in (positive) or out (negative), as
  on the statement. The journal's bank or cash account gets the amount; the line's own
  account (the customer's receivable, the supplier's payable, or a G/L account such as bank
  costs) gets the opposite. So a customer paying 121.00 is `AmountFC 121.00`: bank +121.00,
  receivable -121.00; paying a supplier 60.50 is `AmountFC -60.50`: bank -60.50, payable
  +60.50. VAT on a statement line is included in its amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, Literal

from exactbridge.emulator.ledger.money import ZERO, to_float, vat_excluded, vat_included

__all__ = [
    "GL",
    "STATUS_DESCRIPTIONS",
    "TRANSACTION_TYPES",
    "Head",
    "Item",
    "Posted",
    "PostingError",
    "Relation",
    "Vat",
    "header_values",
    "imbalance",
    "line_values",
    "post_cash_flow",
    "post_invoice",
    "post_journal",
]

TRANSACTION_TYPES: Final = {
    10: "Opening balance",
    20: "Sales entry",
    21: "Sales credit note",
    30: "Purchase entry",
    31: "Purchase credit note",
    40: "Cash flow",
    90: "Other",
}
STATUS_DESCRIPTIONS: Final = {5: "Rejected", 20: "Open", 50: "Processed"}

Role = Literal["relation", "line", "vat", "bank"]


class PostingError(ValueError):
    """The entry cannot be booked; `kind` and `name` word the refusal (see `Messages`)."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"{kind}: {name}")
        self.kind = kind
        self.name = name


@dataclass(frozen=True, slots=True)
class GL:
    """A G/L account: key, code, description and Exact's type (20 receivable, 22 payable)."""

    id: str
    code: str | None = None
    description: str | None = None
    type: int | None = None


@dataclass(frozen=True, slots=True)
class Vat:
    """A VAT code: percentage as a fraction, type (`E` excl., `I` incl., `B`/`N` no VAT)."""

    code: str
    description: str | None = None
    percentage: float = 0.0
    type: str | None = "E"
    to_pay: GL | None = None
    to_claim: GL | None = None
    transaction_type: str | None = None  # S sales, P purchase, B both

    @property
    def charges(self) -> bool:
        """Whether the code adds VAT at all."""
        return bool(self.percentage) and (self.type or "E") not in ("B", "N")

    @property
    def reverse_charge(self) -> bool:
        """VAT the buyer both owes and reclaims (intra-EU acquisitions)."""
        return self.to_pay is not None and self.to_claim is not None


@dataclass(frozen=True, slots=True)
class Relation:
    """A customer or supplier (crm/Accounts)."""

    id: str
    code: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Head:
    """The entry being booked, as the transaction header and every line repeat it.

    `relation_gl` is the receivable or payable account for sales and purchase bookings
    and the bank or cash account of the journal for statement lines.
    """

    entry_id: str
    type: int
    journal_code: str
    journal_description: str | None
    date: datetime
    year: int
    period: int
    entry_number: int | None
    status: int = 20
    description: str | None = None
    relation: Relation | None = None
    relation_gl: GL | None = None
    invoice_number: int | None = None
    your_ref: str | None = None
    due_date: datetime | None = None
    payment_reference: str | None = None
    payment_condition: str | None = None
    payment_condition_description: str | None = None
    order_number: int | None = None
    document: str | None = None
    document_number: int | None = None
    document_subject: str | None = None
    currency: str = "EUR"


@dataclass(frozen=True, slots=True)
class Item:
    """One line as the entry gives it (amount excluding VAT, except on statement lines)."""

    gl: GL
    amount: Decimal
    vat: Vat | None = None
    vat_amount: Decimal | None = None
    description: str | None = None
    quantity: float | None = None
    notes: str | None = None
    cost_center: str | None = None
    cost_unit: str | None = None
    project: str | None = None
    item: str | None = None
    item_code: str | None = None
    item_description: str | None = None
    account: Relation | None = None
    our_ref: int | None = None
    date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Posted:
    """One transaction line: debit positive, credit negative."""

    number: int
    role: Role
    gl: GL
    amount: Decimal
    account: Relation | None = None
    description: str | None = None
    vat: Vat | None = None
    vat_amount: Decimal | None = None
    vat_base: Decimal | None = None
    date: datetime | None = None
    our_ref: int | None = None
    source: Item | None = None


def _vat_of(item: Item, *, included: bool) -> Decimal:
    if item.vat is None or not item.vat.charges:
        return ZERO if item.vat_amount is None else item.vat_amount
    if item.vat_amount is not None:
        return item.vat_amount
    if included:
        return vat_included(item.amount, item.vat.percentage)
    return vat_excluded(item.amount, item.vat.percentage)


def _vat_account(vat: Vat, preferred: Literal["pay", "claim"]) -> GL:
    first, second = (vat.to_pay, vat.to_claim) if preferred == "pay" else (vat.to_claim, vat.to_pay)
    account = first or second
    if account is None:
        raise PostingError("invalid_reference", "VATCode")
    return account


def _item_line(number: int, item: Item, amount: Decimal, vat: Decimal, sign: int) -> Posted:
    return Posted(
        number=number,
        role="line",
        gl=item.gl,
        amount=amount,
        account=item.account,
        description=item.description,
        vat=item.vat,
        vat_amount=sign * vat if item.vat is not None else None,
        vat_base=amount if item.vat is not None else None,
        date=item.date,
        our_ref=item.our_ref,
        source=item,
    )


def post_invoice(
    head: Head, items: Sequence[Item], side: Literal["sales", "purchase"]
) -> list[Posted]:
    """The lines of a sales or purchase booking: relation line first (number 0).

    Raises:
        PostingError: the relation's account or a VAT account is missing.
    """
    if head.relation_gl is None:
        raise PostingError("invalid_reference", "GLAccount")
    sign = -1 if side == "sales" else 1
    lines: list[Posted] = []
    vat_lines: dict[tuple[str, str], tuple[Vat, GL, Decimal, Decimal]] = {}
    total = ZERO
    for number, item in enumerate(items, start=1):
        vat = _vat_of(item, included=False)
        lines.append(_item_line(number, item, sign * item.amount, vat, sign))
        total += item.amount
        if not vat or item.vat is None:
            continue
        bookings: tuple[tuple[GL, Decimal], ...]
        if side == "purchase" and item.vat.reverse_charge:
            bookings = (
                (_vat_account(item.vat, "claim"), vat),
                (_vat_account(item.vat, "pay"), -vat),
            )
        else:
            total += vat
            bookings = (
                (_vat_account(item.vat, "pay" if side == "sales" else "claim"), sign * vat),
            )
        for account, amount in bookings:
            key = (item.vat.code, account.id)
            _, _, base, summed = vat_lines.get(key, (item.vat, account, ZERO, ZERO))
            vat_lines[key] = (item.vat, account, base + sign * item.amount, summed + amount)
    number = len(items)
    for vat_code, account, base, amount in vat_lines.values():
        number += 1
        lines.append(
            Posted(number, "vat", account, amount, description=vat_code.description,
                   vat=vat_code, vat_amount=amount, vat_base=base)
        )  # fmt: skip
    relation = Posted(
        0, "relation", head.relation_gl, -sign * total, account=head.relation,
        description=head.description, our_ref=head.invoice_number,
    )  # fmt: skip
    return [relation, *lines]


def post_journal(items: Sequence[Item]) -> list[Posted]:
    """The lines of a general journal entry: each as given, plus VAT lines if coded.

    A VAT code with type `I` means the amount includes VAT (the VAT is split off it);
    otherwise the VAT is booked on top, with the line's sign, and the entry must balance
    including it.
    """
    lines: list[Posted] = []
    number = 0
    for item in items:
        number += 1
        included = item.vat is not None and item.vat.type == "I"
        vat = _vat_of(item, included=included)
        amount = item.amount - vat if included else item.amount
        lines.append(_item_line(number, item, amount, vat, 1))
        if vat and item.vat is not None:
            number += 1
            account = _vat_account(item.vat, _vat_side(item.vat, vat))
            lines.append(
                Posted(number, "vat", account, vat, description=item.vat.description,
                       vat=item.vat, vat_amount=vat, vat_base=amount, date=item.date)
            )  # fmt: skip
    return lines


def _vat_side(vat: Vat, booked: Decimal) -> Literal["pay", "claim"]:
    if vat.transaction_type == "S":
        return "pay"
    if vat.transaction_type == "P":
        return "claim"
    return "claim" if booked > 0 else "pay"


def post_cash_flow(head: Head, items: Sequence[Item], first_number: int = 1) -> list[Posted]:
    """The lines of bank or cash statement lines: per line the bank or cash line, then the
    opposite on the line's account, then VAT if the line carries a VAT code.

    Raises:
        PostingError: the journal has no bank or cash account.
    """
    if head.relation_gl is None:
        raise PostingError("invalid_reference", "JournalCode")
    lines: list[Posted] = []
    number = first_number
    for item in items:
        gross = item.amount
        vat = _vat_of(item, included=True)
        lines.append(
            Posted(number, "bank", head.relation_gl, gross, description=item.description,
                   date=item.date)
        )  # fmt: skip
        lines.append(_item_line(number + 1, item, -(gross - vat), vat, -1))
        number += 2
        if vat and item.vat is not None:
            account = _vat_account(item.vat, _vat_side(item.vat, -vat))
            lines.append(
                Posted(number, "vat", account, -vat, description=item.vat.description,
                       vat=item.vat, vat_amount=-vat, vat_base=-(gross - vat), date=item.date)
            )  # fmt: skip
            number += 1
    return lines


def imbalance(lines: Iterable[Posted]) -> Decimal:
    """The sum of the lines' amounts (zero for a booking that balances)."""
    return sum((line.amount for line in lines), ZERO)


def _money(value: Decimal | None) -> float | None:
    return None if value is None else to_float(value)


def line_values(head: Head, line: Posted) -> dict[str, Any]:
    """The `financialtransaction/TransactionLines` values of one line (no key, no audit)."""
    item = line.source
    vat = line.vat
    invoice = head.invoice_number if line.role == "relation" else None
    if line.our_ref is not None and line.role == "line":
        invoice = line.our_ref
    return {
        "Account": line.account.id if line.account else None,
        "AccountCode": line.account.code if line.account else None,
        "AccountName": line.account.name if line.account else None,
        "AmountDC": to_float(line.amount),
        "AmountFC": to_float(line.amount),
        "AmountVATBaseFC": _money(line.vat_base),
        "AmountVATFC": _money(line.vat_amount),
        "CostCenter": item.cost_center if item else None,
        "CostUnit": item.cost_unit if item else None,
        "Currency": head.currency,
        "Date": line.date or head.date,
        "Description": line.description,
        "Document": head.document,
        "DocumentNumber": head.document_number,
        "DocumentSubject": head.document_subject,
        "DueDate": head.due_date if line.role == "relation" else None,
        "EntryID": head.entry_id,
        "EntryNumber": head.entry_number,
        "ExchangeRate": 1.0,
        "FinancialPeriod": head.period,
        "FinancialYear": head.year,
        "GLAccount": line.gl.id,
        "GLAccountCode": line.gl.code,
        "GLAccountDescription": line.gl.description,
        "InvoiceNumber": invoice,
        "Item": item.item if item else None,
        "ItemCode": item.item_code if item else None,
        "ItemDescription": item.item_description if item else None,
        "JournalCode": head.journal_code,
        "JournalDescription": head.journal_description,
        "LineNumber": line.number,
        "Notes": item.notes if item else None,
        "OrderNumber": head.order_number,
        "PaymentReference": head.payment_reference,
        "Project": item.project if item else None,
        "Quantity": item.quantity if item else None,
        "Status": head.status,
        "Type": head.type,
        "VATCode": vat.code if vat else None,
        "VATCodeDescription": vat.description if vat else None,
        "VATPercentage": vat.percentage if vat else None,
        "VATType": vat.type if vat else None,
        "YourRef": head.your_ref,
    }


def header_values(head: Head) -> dict[str, Any]:
    """The `financialtransaction/Transactions` values of the entry (no audit)."""
    return {
        "Date": head.date,
        "Description": head.description,
        "Document": head.document,
        "DocumentNumber": head.document_number,
        "DocumentSubject": head.document_subject,
        "EntryID": head.entry_id,
        "EntryNumber": head.entry_number,
        "FinancialPeriod": head.period,
        "FinancialYear": head.year,
        "IsExtraDuty": False,
        "JournalCode": head.journal_code,
        "JournalDescription": head.journal_description,
        "PaymentConditionCode": head.payment_condition,
        "PaymentConditionDescription": head.payment_condition_description,
        "PaymentReference": head.payment_reference,
        "Status": head.status,
        "StatusDescription": STATUS_DESCRIPTIONS.get(head.status),
        "Type": head.type,
        "TypeDescription": TRANSACTION_TYPES.get(head.type),
    }
