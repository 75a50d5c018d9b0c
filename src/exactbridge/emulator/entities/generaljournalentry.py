"""generaljournalentry/GeneralJournalEntries and their lines: memorial bookings.

A general journal entry books its lines as given (`AmountFC`, or `AmountDC` as integrators
send it; debit positive) in a general journal (type 90, by `JournalCode`); the lines must
balance (`The entry is not in balance`). A VAT code on a line is refused with `Not allowed:
VAT code` unless the journal allows VAT. A line on a receivable or payable account must name
its relation, and opens an item for it. There is no update: an open entry can be deleted,
which takes its booking back; lines can be added only if the entry still balances.
"""

from __future__ import annotations

from decimal import Decimal
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
from exactbridge.emulator.ledger.books import Books
from exactbridge.emulator.ledger.openitems import side_of
from exactbridge.emulator.ledger.posting import (
    TRANSACTION_TYPES,
    Head,
    Posted,
    PostingError,
    imbalance,
    post_journal,
)
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS"]

_HEADER: Final = "generaljournalentry/GeneralJournalEntries"
_LINES: Final = "generaljournalentry/GeneralJournalEntryLines"
_NAV: Final = "GeneralJournalEntryLines"
_GENERAL: Final = (90,)
_OTHER: Final = 90


class GeneralJournalEntryBehaviour(Behaviour):
    """Defaults, balance and VAT checks, booking on create, unbooking on delete."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        books = Books(ctx)
        for name, value in (("Currency", "EUR"), ("ExchangeRate", 1.0), ("Status", OPEN),
                            ("Type", _OTHER)):  # fmt: skip
            if row.get(name) is None:
                put(spec, row, name, value)
        values = decode_lines(ctx, _LINES, embedded, _NAV)
        if row.get("FinancialYear") is None or row.get("FinancialPeriod") is None:
            first = next((v["Date"] for v in values if v.get("Date") is not None), ctx.today)
            year, period = books.period_of(first)
            put(spec, row, "FinancialYear", year)
            put(spec, row, "FinancialPeriod", period)
        if row.get("EntryNumber") is None and row.get("JournalCode"):
            number = next_number(ctx, row["FinancialYear"], row["JournalCode"])
            put(spec, row, "EntryNumber", number)
        lines_spec = spec_of(_LINES)
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
        put(spec, row, "TypeDescription", TRANSACTION_TYPES.get(row.get("Type") or 0))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        books = Books(ctx)
        found = books.journal(row.get("JournalCode"), _GENERAL, "JournalCode")
        books.check_period(row.get("FinancialYear"), row.get("FinancialPeriod"))
        number = row.get("EntryNumber")
        if number is not None and number_taken(
            ctx, row["FinancialYear"], row["JournalCode"], number, row["EntryID"]
        ):
            raise ctx.refuse("exists", "EntryNumber")
        lines = ctx.scratch.get("lines", [])
        if not lines:
            raise ctx.refuse("mandatory", _NAV)
        for line in lines:
            _validate_line(ctx, books, found, line)
        _balanced(ctx, _post(ctx, row, lines))

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        lines_spec = spec_of(_LINES)
        lines = ctx.scratch.pop("lines", [])
        for line in lines:
            ctx.store.save(ctx.division, lines_spec, line, "create")
        claim(ctx, row["FinancialYear"], row["JournalCode"], row["EntryNumber"])
        _book(ctx, row, lines)

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        check_open(ctx, row)

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        lines_spec = spec_of(_LINES)
        for line in ctx.children(_LINES, "EntryID", row["EntryID"]):
            ctx.store.delete(ctx.division, lines_spec, line["ID"])
        journal.unbook(ctx, row["EntryID"])


class GeneralJournalEntryLineBehaviour(Behaviour):
    """A line added on its own joins an open entry, which must still balance."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        entry = ctx.lookup(_HEADER, row.get("EntryID"))
        if entry is None:
            raise ctx.refuse("invalid_reference", "EntryID")
        check_open(ctx, entry)
        siblings = ctx.children(_LINES, "EntryID", entry["EntryID"])
        row["LineNumber"] = max((line.get("LineNumber") or 0 for line in siblings), default=0) + 1
        _derive_line(ctx, entry, row)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        entry = ctx.lookup(_HEADER, row["EntryID"])
        assert entry is not None
        books = Books(ctx)
        found = books.journal(entry.get("JournalCode"), _GENERAL, "JournalCode")
        _validate_line(ctx, books, found, row)
        lines = [*ctx.children(_LINES, "EntryID", entry["EntryID"]), row]
        _balanced(ctx, _post(ctx, entry, lines))

    def after_create(
        self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded, *, trusted: bool
    ) -> None:
        entry = ctx.lookup(_HEADER, row["EntryID"])
        assert entry is not None
        _book(ctx, entry, ctx.children(_LINES, "EntryID", entry["EntryID"]))


def _derive_line(ctx: Context, entry: Row, line: Row) -> None:
    """Amounts (`AmountFC` or else `AmountDC`), date, codes and names of a line."""
    amount = line.get("AmountFC")
    if amount is None:
        amount = line.get("AmountDC")
    line["AmountFC"] = line["AmountDC"] = money(amount)
    if line.get("AmountVATFC") is not None:
        line["AmountVATFC"] = line["AmountVATDC"] = money(line["AmountVATFC"])
    line["Date"] = line_date(
        ctx, line.get("Date"), entry["FinancialYear"], entry["FinancialPeriod"]
    )
    line["EntryNumber"] = entry.get("EntryNumber")
    line["ExchangeRate"] = entry.get("ExchangeRate") or 1.0
    account = ctx.lookup("financial/GLAccounts", line.get("GLAccount")) or {}
    line["GLAccountCode"] = account.get("Code")
    line["GLAccountDescription"] = account.get("Description")
    relation = ctx.lookup("crm/Accounts", line.get("Account")) or {}
    line["AccountCode"] = relation.get("Code")
    line["AccountName"] = relation.get("Name")
    vat = ctx.find("vat/VATCodes", "Code", line.get("VATCode")) or {}
    line["VATCodeDescription"] = vat.get("Description")
    line["VATType"] = vat.get("Type")
    if line.get("VATCode"):
        line["VATPercentage"] = vat.get("Percentage")
    line["Division"] = ctx.division.code


def _validate_line(ctx: Context, books: Books, found: Row, line: Row) -> None:
    gl = books.gl(line.get("GLAccount"))
    if line.get("VATCode"):
        if not found.get("AllowVAT"):
            raise ctx.refuse("not_allowed", "VATCode")
        books.vat(line["VATCode"])
    if line.get("Account") is not None:
        books.account(line["Account"])
    elif side_of(gl.type) is not None:
        raise ctx.refuse("mandatory", "Account")
    books.check_cost_codes(line)


def _head(row: Row, lines: list[Row]) -> Head:
    dates = [line["Date"] for line in lines if line.get("Date") is not None]
    return Head(
        entry_id=row["EntryID"],
        type=row.get("Type") or _OTHER,
        journal_code=(row.get("JournalCode") or "").strip(),
        journal_description=row.get("JournalDescription"),
        date=min(dates),
        year=row["FinancialYear"],
        period=row["FinancialPeriod"],
        entry_number=row.get("EntryNumber"),
        status=row.get("Status") or OPEN,
        description=next((line.get("Description") for line in lines), None),
        currency=row.get("Currency") or "EUR",
    )


def _post(ctx: Context, row: Row, lines: list[Row]) -> tuple[Head, list[Posted]]:
    head = _head(row, lines)
    try:
        return head, post_journal(Books(ctx).items(lines))
    except PostingError as error:
        raise ctx.refuse(error.kind, error.name) from None


def _balanced(ctx: Context, posting: tuple[Head, list[Posted]]) -> None:
    difference: Decimal = imbalance(posting[1])
    if difference:
        raise ctx.refuse("unbalanced", f"{difference:.2f}")


def _book(ctx: Context, row: Row, lines: list[Row]) -> None:
    head, posted = _post(ctx, row, lines)
    journal.unbook(ctx, row["EntryID"])
    journal.book(ctx, head, posted, journal.stamp_of(ctx, row))


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _HEADER: GeneralJournalEntryBehaviour(),
    _LINES: GeneralJournalEntryLineBehaviour(),
}
