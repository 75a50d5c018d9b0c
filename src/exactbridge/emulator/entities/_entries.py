"""Sales and purchase entries: one behaviour, configured per side.

A sales entry names a customer and a sales journal, a purchase entry a supplier and a
purchase journal; both carry lines of G/L account, amount excluding VAT and VAT code.
Creating one fills Exact's defaults (journal, date, payment condition and due date,
reporting period, entry number `YY` + journal + sequence, invoice number = entry number,
type 20/21 or 30/31 from the sign of the total) and books it; updating it (header or
lines) books it anew; deleting it takes the booking back. All of that only while the entry
is open and unsettled (see `_booking.check_open`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from exactbridge.emulator.entities._booking import (
    OPEN,
    check_open,
    claim,
    decode_lines,
    money,
    next_number,
    number_taken,
    spec_of,
    stamp_line,
    status_description,
)
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.ledger import journal
from exactbridge.emulator.ledger.books import Books, relation_of
from exactbridge.emulator.ledger.money import ZERO, cents, vat_excluded
from exactbridge.emulator.ledger.posting import (
    TRANSACTION_TYPES,
    Head,
    Item,
    PostingError,
    Vat,
    post_invoice,
)
from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["EntryBehaviour", "EntryKind", "EntryLineBehaviour"]


@dataclass(frozen=True, slots=True)
class EntryKind:
    """What differs between sales and purchase entries."""

    side: Literal["sales", "purchase"]
    header: str
    lines: str
    nav: str
    relation: str
    journal_types: tuple[int, ...]
    types: tuple[int, int]
    condition_field: str

    def relation_row(self, books: Books, key: Any) -> Row:
        """The entry's customer or supplier, refused when it is neither."""
        return books.customer(key) if self.side == "sales" else books.supplier(key)


class EntryBehaviour(Behaviour):
    """Header behaviour of sales and purchase entries."""

    def __init__(self, kind: EntryKind) -> None:
        self.kind = kind

    # --- create ---------------------------------------------------------------------------

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        kind, books = self.kind, Books(ctx)
        if row.get("Journal") in (None, ""):
            default = books.default_journal(kind.journal_types)
            put(spec, row, "Journal", None if default is None else default["Code"])
        relation = ctx.lookup("crm/Accounts", row.get(kind.relation)) or {}
        defaults: dict[str, Any] = {
            "EntryDate": ctx.today, "Currency": "EUR", "Rate": 1.0, "ProcessNumber": 0,
            "Status": OPEN, "PaymentCondition": relation.get(kind.condition_field) or "00",
        }  # fmt: skip
        for name, value in defaults.items():
            if row.get(name) is None:
                put(spec, row, name, value)
        if row.get("DueDate") is None:
            condition = ctx.find("cashflow/PaymentConditions", "Code", row["PaymentCondition"])
            days = (condition or {}).get("PaymentDays") or 0
            put(spec, row, "DueDate", row["EntryDate"] + timedelta(days=days))
        if row.get("ReportingYear") is None or row.get("ReportingPeriod") is None:
            year, period = books.period_of(row["EntryDate"])
            put(spec, row, "ReportingYear", year)
            put(spec, row, "ReportingPeriod", period)
        if row.get("EntryNumber") is None and row.get("Journal"):
            put(spec, row, "EntryNumber", next_number(ctx, row["ReportingYear"], row["Journal"]))
        if row.get("InvoiceNumber") is None:
            put(spec, row, "InvoiceNumber", row.get("EntryNumber"))
        lines_spec = spec_of(kind.lines)
        lines = []
        for number, values in enumerate(decode_lines(ctx, kind.lines, embedded, kind.nav), 1):
            line = stamp_line(ctx, lines_spec, row, values)
            line["EntryID"] = row["EntryID"]
            line["LineNumber"] = number
            lines.append(line)
        ctx.scratch["lines"] = lines
        self._derive(ctx, spec, row, lines)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        kind, books = self.kind, Books(ctx)
        kind.relation_row(books, row.get(kind.relation))
        books.journal(row.get("Journal"), kind.journal_types)
        books.check_period(row.get("ReportingYear"), row.get("ReportingPeriod"))
        books.payment_condition(row.get("PaymentCondition"))
        number = row.get("EntryNumber")
        if number is not None and number_taken(
            ctx, row["ReportingYear"], row["Journal"], number, row["EntryID"]
        ):
            raise ctx.refuse("exists", "EntryNumber")
        if "lines" in ctx.scratch:
            if not ctx.scratch["lines"]:
                raise ctx.refuse("mandatory", kind.nav)
            for line in ctx.scratch["lines"]:
                _validate_line(books, line)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        lines_spec = spec_of(self.kind.lines)
        for line in ctx.scratch.pop("lines", []):
            ctx.store.save(ctx.division, lines_spec, line, "create")
        claim(ctx, row["ReportingYear"], row["Journal"], row["EntryNumber"])
        self.book(ctx, row)

    # --- update and delete ----------------------------------------------------------------

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        before = ctx.lookup(spec.path, row["EntryID"]) or {}
        if row.get("EntryDate") != before.get("EntryDate") and (
            row.get("ReportingYear"),
            row.get("ReportingPeriod"),
        ) == (before.get("ReportingYear"), before.get("ReportingPeriod")):
            year, period = Books(ctx).period_of(row["EntryDate"])
            row["ReportingYear"], row["ReportingPeriod"] = year, period
        self._derive(ctx, spec, row, ctx.children(self.kind.lines, "EntryID", row["EntryID"]))

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        check_open(ctx, row)

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        check_open(ctx, row)

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self.book(ctx, row)

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        lines_spec = spec_of(self.kind.lines)
        for line in ctx.children(self.kind.lines, "EntryID", row["EntryID"]):
            ctx.store.delete(ctx.division, lines_spec, line["ID"])
        journal.unbook(ctx, row["EntryID"])

    # --- booking --------------------------------------------------------------------------

    def book(self, ctx: Context, row: Row) -> None:
        """(Re)book the entry from its saved header and lines."""
        kind, books = self.kind, Books(ctx)
        relation = kind.relation_row(books, row.get(kind.relation))
        account = (
            books.receivable_gl(relation) if kind.side == "sales" else books.payable_gl(relation)
        )
        condition = ctx.find("cashflow/PaymentConditions", "Code", row.get("PaymentCondition"))
        head = Head(
            entry_id=row["EntryID"], type=row["Type"], journal_code=row["Journal"].strip(),
            journal_description=row.get("JournalDescription"), date=row["EntryDate"],
            year=row["ReportingYear"], period=row["ReportingPeriod"],
            entry_number=row.get("EntryNumber"), status=row.get("Status") or OPEN,
            description=row.get("Description"), relation=relation_of(relation),
            relation_gl=account, invoice_number=row.get("InvoiceNumber"),
            your_ref=row.get("YourRef"), due_date=row.get("DueDate"),
            payment_reference=row.get("PaymentReference"),
            payment_condition=row.get("PaymentCondition"),
            payment_condition_description=row.get("PaymentConditionDescription"),
            order_number=row.get("OrderNumber"), document=row.get("Document"),
            document_number=row.get("DocumentNumber"),
            document_subject=row.get("DocumentSubject"), currency=row.get("Currency") or "EUR",
        )  # fmt: skip
        lines = ctx.children(kind.lines, "EntryID", row["EntryID"])
        items = [_item(books, line) for line in sorted(lines, key=_line_order)]
        try:
            posted = post_invoice(head, items, kind.side)
        except PostingError as error:
            raise ctx.refuse(error.kind, error.name) from None
        journal.unbook(ctx, row["EntryID"])
        journal.book(ctx, head, posted, journal.stamp_of(ctx, row), payment=condition)

    def _derive(self, ctx: Context, spec: EntitySpec, row: Row, lines: list[Row]) -> None:
        """Names, descriptions, line values and header totals."""
        kind, books = self.kind, Books(ctx)
        relation = ctx.lookup("crm/Accounts", row.get(kind.relation)) or {}
        put(spec, row, f"{kind.relation}Name", relation.get("Name"))
        found = ctx.find("financial/Journals", "Code", row.get("Journal"))
        put(spec, row, "JournalDescription", None if found is None else found.get("Description"))
        condition = ctx.find("cashflow/PaymentConditions", "Code", row.get("PaymentCondition"))
        put(spec, row, "PaymentConditionDescription", (condition or {}).get("Description"))
        if spec.field("PaymentConditionPaymentMethod") is not None:
            row["PaymentConditionPaymentMethod"] = (condition or {}).get("PaymentMethod")
        document = ctx.lookup("documents/Documents", row.get("Document")) or {}
        put(spec, row, "DocumentSubject", document.get("Subject"))
        put(spec, row, "DocumentNumber", document.get("HID"))
        net = vat = ZERO
        for line in lines:
            _derive_line(ctx, books, row, line)
            net += cents(line.get("AmountFC"))
            code = _safe_vat(books, line.get("VATCode"))
            if not (kind.side == "purchase" and code is not None and code.reverse_charge):
                vat += cents(line.get("VATAmountFC"))
        total = net + vat
        entry_type = kind.types[1] if total < 0 else kind.types[0]
        put(spec, row, "Type", entry_type)
        put(spec, row, "TypeDescription", TRANSACTION_TYPES.get(entry_type))
        put(spec, row, "StatusDescription", status_description(row.get("Status")))
        for line in lines:
            line["Type"] = entry_type
        for name, value in (("AmountFC", total), ("AmountDC", total), ("VATAmountFC", vat),
                            ("VATAmountDC", vat)):  # fmt: skip
            put(spec, row, name, money(value))


class EntryLineBehaviour(Behaviour):
    """Lines posted, changed or deleted on their own re-book their (open) entry."""

    def __init__(self, kind: EntryKind, header: EntryBehaviour) -> None:
        self.kind = kind
        self.header = header

    def _entry(self, ctx: Context, row: Row) -> Row:
        entry = ctx.lookup(self.kind.header, row.get("EntryID"))
        if entry is None:
            raise ctx.refuse("invalid_reference", "EntryID")
        return entry

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        entry = self._entry(ctx, row)
        check_open(ctx, entry)
        siblings = ctx.children(self.kind.lines, "EntryID", entry["EntryID"])
        row["LineNumber"] = max((line.get("LineNumber") or 0 for line in siblings), default=0) + 1
        _derive_line(ctx, Books(ctx), entry, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        entry = ctx.lookup(self.kind.header, row.get("EntryID"))
        if entry is None:
            return
        before = ctx.lookup(spec.path, row["ID"]) or {}
        if row.get("VATAmountFC") == before.get("VATAmountFC") and (
            row.get("AmountFC"),
            row.get("VATCode"),
        ) != (before.get("AmountFC"), before.get("VATCode")):
            row["VATAmountFC"] = None  # the amount or code changed: compute the VAT again
        _derive_line(ctx, Books(ctx), entry, row)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _validate_line(Books(ctx), row)

    def check_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        check_open(ctx, self._entry(ctx, row))

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        entry = self._entry(ctx, row)
        check_open(ctx, entry)
        if len(ctx.children(self.kind.lines, "EntryID", entry["EntryID"])) <= 1:
            raise ctx.refuse("mandatory", self.kind.nav)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        self._rebook(ctx, row)

    def after_update(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self._rebook(ctx, row)

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        self._rebook(ctx, row)

    def _rebook(self, ctx: Context, row: Row) -> None:
        entry = ctx.lookup(self.kind.header, row.get("EntryID"))
        if entry is None:
            return
        header_spec = spec_of(self.kind.header)
        updated = dict(entry)
        lines = ctx.children(self.kind.lines, "EntryID", entry["EntryID"])
        self.header._derive(ctx, header_spec, updated, lines)
        lines_spec = spec_of(self.kind.lines)
        for line in lines:
            ctx.store.save(ctx.division, lines_spec, line, "update")
        for name in ("Modified", "Modifier", "ModifierFullName"):
            updated[name] = row.get(name)
        ctx.store.save(ctx.division, header_spec, updated, "update")
        self.header.book(ctx, updated)


# --- lines -----------------------------------------------------------------------------------


def _line_order(line: Row) -> tuple[int, str]:
    return (line.get("LineNumber") or 0, line["ID"])


def _safe_vat(books: Books, code: Any) -> Vat | None:
    """The VAT code for totals; unknown codes count as none (validation refuses them)."""
    try:
        return books.vat(code)
    except ExactProblem:
        return None


def _derive_line(ctx: Context, books: Books, entry: Row, line: Row) -> None:
    """A line's defaults and read-only companions (codes, descriptions, VAT, amounts)."""
    account = ctx.lookup("financial/GLAccounts", line.get("GLAccount")) or {}
    line["GLAccountCode"] = account.get("Code")
    line["GLAccountDescription"] = account.get("Description")
    if line.get("Description") is None:
        line["Description"] = entry.get("Description")
    amount = cents(line.get("AmountFC"))
    line["AmountFC"] = line["AmountDC"] = money(amount)
    vat = _safe_vat(books, line.get("VATCode"))
    line["VATCodeDescription"] = None if vat is None else vat.description
    line["VATPercentage"] = None if vat is None else vat.percentage
    if line.get("VATAmountFC") is None:
        charged = vat is not None and vat.charges
        line["VATAmountFC"] = (
            money(vat_excluded(amount, vat.percentage)) if vat and charged else 0.0
        )
    line["VATAmountDC"] = line["VATAmountFC"]
    line["VATBaseAmountFC"] = line["VATBaseAmountDC"] = money(amount)
    line["Type"] = entry.get("Type")
    line["Division"] = ctx.division.code


def _validate_line(books: Books, line: Row) -> None:
    books.gl(line.get("GLAccount"))
    books.vat(line.get("VATCode"))
    books.check_cost_codes(line)


def _item(books: Books, line: Row) -> Item:
    return Item(
        gl=books.gl(line.get("GLAccount")),
        amount=cents(line.get("AmountFC")),
        vat=books.vat(line.get("VATCode")),
        vat_amount=cents(line.get("VATAmountFC")),
        description=line.get("Description"),
        quantity=line.get("Quantity"),
        notes=line.get("Notes"),
        cost_center=line.get("CostCenter"),
        cost_unit=line.get("CostUnit"),
        project=line.get("Project"),
    )
