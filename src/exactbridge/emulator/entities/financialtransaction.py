"""financialtransaction/BankEntries and CashEntries (with their lines): statements.

A statement names a bank (type 12) or cash (type 10) journal by `JournalCode`; each line is
money in (positive `AmountFC`) or out (negative), on a relation (`Account`) or a G/L
account such as bank costs. Booking a line puts the amount on the journal's bank or cash
account and the opposite on the line's account (see `ledger.posting`). A line naming a
relation but no G/L account goes to the relation's receivable account when it pays an open
receivable or the relation is a customer, else to its payable account; `GLAccount` is filled
in. A line whose `OurRef` is an open item's invoice number, for the same relation and for
exactly the outstanding amount, settles that item; other relation lines stay open items of
their own (Exact does not match partial amounts).

`Transactions` and `TransactionLines` are written by the bookings and only read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from exactbridge.emulator.entities._booking import (
    OPEN,
    check_open,
    claim,
    decode_lines,
    line_date,
    money,
    next_number,
    number_taken,
    spec_of,
    stamp_line,
    status_description,
)
from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.ledger import journal
from exactbridge.emulator.ledger.books import (
    BANK_JOURNALS,
    CASH_JOURNALS,
    Books,
    gl_of,
)
from exactbridge.emulator.ledger.money import cents
from exactbridge.emulator.ledger.openitems import matches, outstanding
from exactbridge.emulator.ledger.posting import Head, PostingError, post_cash_flow
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS"]

_CASH_FLOW: Final = 40


@dataclass(frozen=True, slots=True)
class Statement:
    """What differs between bank and cash entries."""

    header: str
    lines: str
    nav: str
    journal_types: tuple[int, ...]


BANK: Final = Statement(
    "financialtransaction/BankEntries", "financialtransaction/BankEntryLines", "BankEntryLines",
    BANK_JOURNALS,
)  # fmt: skip
CASH: Final = Statement(
    "financialtransaction/CashEntries", "financialtransaction/CashEntryLines", "CashEntryLines",
    CASH_JOURNALS,
)  # fmt: skip


class StatementBehaviour(Behaviour):
    """Header behaviour of bank and cash entries: defaults, checks, booking on create."""

    def __init__(self, kind: Statement) -> None:
        self.kind = kind

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        books = Books(ctx)
        for name, value in (("Currency", "EUR"), ("Status", OPEN)):
            if row.get(name) is None:
                put(spec, row, name, value)
        values = decode_lines(ctx, self.kind.lines, embedded, self.kind.nav)
        if row.get("FinancialYear") is None or row.get("FinancialPeriod") is None:
            first = next((v["Date"] for v in values if v.get("Date") is not None), ctx.today)
            year, period = books.period_of(first)
            put(spec, row, "FinancialYear", year)
            put(spec, row, "FinancialPeriod", period)
        if row.get("EntryNumber") is None and row.get("JournalCode"):
            number = next_number(ctx, row["FinancialYear"], row["JournalCode"])
            put(spec, row, "EntryNumber", number)
        lines_spec = spec_of(self.kind.lines)
        lines = []
        for number, given in enumerate(values, start=1):
            line = stamp_line(ctx, lines_spec, row, given)
            line["EntryID"] = row["EntryID"]
            line["LineNumber"] = number
            _derive_line(ctx, row, line)
            lines.append(line)
        ctx.scratch["lines"] = lines
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        found = ctx.find("financial/Journals", "Code", row.get("JournalCode"))
        put(spec, row, "JournalDescription", None if found is None else found.get("Description"))
        put(spec, row, "StatusDescription", status_description(row.get("Status")))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        books = Books(ctx)
        found = books.journal(row.get("JournalCode"), self.kind.journal_types, "JournalCode")
        books.gl(found.get("GLAccount"), "JournalCode")  # the bank or cash account
        books.check_period(row.get("FinancialYear"), row.get("FinancialPeriod"))
        number = row.get("EntryNumber")
        if number is not None and number_taken(
            ctx, row["FinancialYear"], row["JournalCode"], number, row["EntryID"]
        ):
            raise ctx.refuse("exists", "EntryNumber")
        lines = ctx.scratch.get("lines", [])
        if not lines:
            raise ctx.refuse("mandatory", self.kind.nav)
        for line in lines:
            _validate_line(books, line)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        lines_spec = spec_of(self.kind.lines)
        lines = ctx.scratch.pop("lines", [])
        for line in lines:
            ctx.store.save(ctx.division, lines_spec, line, "create")
        claim(ctx, row["FinancialYear"], row["JournalCode"], row["EntryNumber"])
        _book(ctx, row, lines, first_number=1)


class StatementLineBehaviour(Behaviour):
    """A line posted on its own is added to its open statement and booked at once."""

    def __init__(self, kind: Statement) -> None:
        self.kind = kind

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        entry = ctx.lookup(self.kind.header, row.get("EntryID"))
        if entry is None:
            raise ctx.refuse("invalid_reference", "EntryID")
        check_open(ctx, entry)
        siblings = ctx.children(self.kind.lines, "EntryID", entry["EntryID"])
        row["LineNumber"] = max((line.get("LineNumber") or 0 for line in siblings), default=0) + 1
        _derive_line(ctx, entry, row)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        _validate_line(Books(ctx), row)

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        entry = ctx.lookup(self.kind.header, row["EntryID"])
        assert entry is not None
        _book(ctx, entry, [row], first_number=journal.line_count(ctx, entry["EntryID"]) + 1)


def _derive_line(ctx: Context, entry: Row, line: Row) -> None:
    """Amount, date, the relation's G/L account when none is given, codes and names."""
    line["AmountFC"] = line["AmountDC"] = money(line.get("AmountFC"))
    if line.get("AmountVATFC") is not None:
        line["AmountVATFC"] = money(line["AmountVATFC"])
    line["Date"] = line_date(
        ctx, line.get("Date"), entry["FinancialYear"], entry["FinancialPeriod"]
    )
    line["EntryNumber"] = entry.get("EntryNumber")
    line["ExchangeRate"] = line.get("ExchangeRate") or 1.0
    relation = ctx.lookup("crm/Accounts", line.get("Account"))
    line["AccountCode"] = None if relation is None else relation.get("Code")
    line["AccountName"] = None if relation is None else relation.get("Name")
    if line.get("GLAccount") is None and relation is not None:
        line["GLAccount"] = _relation_account(ctx, relation, line)
    account = ctx.lookup("financial/GLAccounts", line.get("GLAccount")) or {}
    line["GLAccountCode"] = account.get("Code")
    line["GLAccountDescription"] = account.get("Description")
    vat = ctx.find("vat/VATCodes", "Code", line.get("VATCode")) or {}
    line["VATCodeDescription"] = vat.get("Description")
    line["VATPercentage"] = vat.get("Percentage")
    line["VATType"] = vat.get("Type")
    line["Division"] = ctx.division.code


def _relation_account(ctx: Context, relation: Row, line: Row) -> str | None:
    """The receivable or payable account a relation line without G/L account books to."""
    books = Books(ctx)
    our_ref = line.get("OurRef")
    contra = -cents(line.get("AmountFC"))  # what the line's own account gets
    if our_ref is not None:
        for side, path in journal.ITEMS.items():
            for item in ctx.table(path).lookup("InvoiceNumber", our_ref):
                if matches(item, relation["ID"], outstanding(side, contra)):
                    return str(item["GLAccount"])
    customer = relation.get("Status") == "C"
    supplier = bool(relation.get("IsSupplier"))
    if customer and not (supplier and contra > 0):
        return books.receivable_gl(relation).id
    if supplier:
        return books.payable_gl(relation).id
    return books.receivable_gl(relation).id


def _validate_line(books: Books, line: Row) -> None:
    if line.get("Account") is not None:
        books.account(line["Account"])
    if line.get("GLAccount") is None:
        raise books.ctx.refuse("mandatory", "GLAccount")
    books.gl(line["GLAccount"])
    books.vat(line.get("VATCode"))
    books.check_cost_codes(line)


def _book(ctx: Context, entry: Row, lines: list[Row], *, first_number: int) -> None:
    books = Books(ctx)
    found = books.ctx.find("financial/Journals", "Code", entry.get("JournalCode")) or {}
    bank = ctx.lookup("financial/GLAccounts", found.get("GLAccount"))
    dates = [line["Date"] for line in lines if line.get("Date") is not None]
    existing = ctx.lookup(journal.TRANSACTIONS, entry["EntryID"])
    head = Head(
        entry_id=entry["EntryID"],
        type=_CASH_FLOW,
        journal_code=(entry.get("JournalCode") or "").strip(),
        journal_description=entry.get("JournalDescription"),
        date=existing["Date"] if existing is not None else min(dates, default=ctx.today),
        year=entry["FinancialYear"],
        period=entry["FinancialPeriod"],
        entry_number=entry.get("EntryNumber"),
        status=entry.get("Status") or OPEN,
        description=entry.get("JournalDescription"),
        relation_gl=None if bank is None else gl_of(bank),
        currency=entry.get("Currency") or "EUR",
    )
    try:
        posted = post_cash_flow(head, books.items(lines), first_number)
    except PostingError as error:
        raise ctx.refuse(error.kind, error.name) from None
    journal.book(ctx, head, posted, journal.stamp_of(ctx, entry))


def _behaviours(kind: Statement) -> dict[str, Behaviour]:
    return {kind.header: StatementBehaviour(kind), kind.lines: StatementLineBehaviour(kind)}


BEHAVIOURS: Final[dict[str, Behaviour]] = {**_behaviours(BANK), **_behaviours(CASH)}
