"""History entries and lines as `financialtransaction/Transactions` and `TransactionLines` rows.

Builders start from a template holding every property of the spec (None unless constant
for the division) and fill in what the plan says, so a computed row has exactly the shape
of a row written by the ledger. Only properties the spec declares are ever set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final

from exactbridge.emulator.history.plan import Entry, HistoryPlan
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["entry_rows", "line_rows"]

_TYPE_DESCRIPTIONS: Final = {20: "Sales entry", 30: "Purchase entry", 40: "Cash flow", 90: "Other"}
_BOOKED_AT: Final = 16 * 3600 + 30 * 60  # seconds into the entry's day


def _template(spec: EntitySpec, constants: dict[str, Any]) -> Row:
    row: Row = dict.fromkeys(f.name for f in spec.fields)
    return _filled(row, constants)


def _filled(template: Row, values: Row) -> Row:
    """A copy of `template` with `values` set, but only those the spec declares (that the
    template holds: lines have no `TypeDescription`, entries no `InvoiceNumber`)."""
    row = template.copy()
    row.update(values)  # faster than `template | values`
    if len(row) > len(template):
        for name in [name for name in values if name not in template]:
            del row[name]
    return row


def _money(cents: int) -> float:
    return cents / 100  # correctly rounded: the nearest float to the decimal amount


def _constants(division: int, user: Row) -> dict[str, Any]:
    return {
        "Division": division,
        "Currency": "EUR",
        "ExchangeRate": 1.0,
        "Status": 50,
        "StatusDescription": "Processed",
        "Creator": user.get("UserID"),
        "CreatorFullName": user.get("FullName"),
        "Modifier": user.get("UserID"),
        "ModifierFullName": user.get("FullName"),
    }


def _stamps(entry: Entry) -> dict[str, Any]:
    booked = entry.date + timedelta(seconds=_BOOKED_AT + entry.index % 3600)
    return {
        "Date": entry.date,
        "FinancialYear": entry.date.year,
        "FinancialPeriod": entry.date.month,
        "EntryID": entry.key,
        "EntryNumber": entry.number,
        "JournalCode": entry.journal.code,
        "JournalDescription": entry.journal.name,
        "Type": entry.transaction_type,
        "TypeDescription": _TYPE_DESCRIPTIONS[entry.transaction_type],
        "Description": entry.description,
        "Created": booked,
        "Modified": booked,
    }


def line_rows(plan: HistoryPlan, spec: EntitySpec, user: Row) -> Callable[[int], Row]:
    """A function giving history line `i` as a `TransactionLines` row.

    A line is a copy of its entry's part of the row (kept for recent entries: the lines of
    one entry are read one after the other) with its own values set in place, which keeps
    the spec's property order.

    Raises:
        ValueError: `spec` lacks a property a line sets.
    """
    template = _template(spec, _constants(plan.division, user))
    missing = _LINE_VALUES - template.keys()
    if missing:
        msg = f"the history's lines need {spec.path} to declare {', '.join(sorted(missing))}"
        raise ValueError(msg)
    key = spec.key
    by_entry: dict[int, tuple[Entry, Row]] = {}

    def entry_part(index: int) -> tuple[Entry, Row]:
        found = by_entry.get(index)
        if found is None:
            if len(by_entry) >= 4096:
                by_entry.clear()
            entry = plan.entry(index)
            values = _stamps(entry)
            values["InvoiceNumber"] = entry.invoice_number
            found = by_entry[index] = entry, _filled(template, values)
        return found

    def row_of(index: int) -> Row:
        entry_index, number = plan.place(index)
        entry, part = entry_part(entry_index)
        account, cents, relation, vat, vat_cents = plan.line_facts(entry, number)
        amount = _money(cents)
        row = part.copy()
        row[key] = plan.line_key(index)
        row["LineNumber"] = number
        row["GLAccount"] = account.key
        row["GLAccountCode"] = account.code
        row["GLAccountDescription"] = account.name
        row["AmountDC"] = row["AmountFC"] = amount
        if relation is not None:
            row["Account"] = relation.key
            row["AccountCode"] = relation.code
            row["AccountName"] = relation.name
        if vat is not None:
            row["VATCode"], row["VATPercentage"] = vat
        if vat_cents is not None:
            row["AmountVATFC"] = _money(vat_cents)
            row["AmountVATBaseFC"] = amount
        return row

    return row_of


_LINE_VALUES: Final = frozenset({
    "LineNumber", "GLAccount", "GLAccountCode", "GLAccountDescription", "AmountDC",
    "AmountFC", "Account", "AccountCode", "AccountName", "VATCode", "VATPercentage",
    "AmountVATFC", "AmountVATBaseFC",
})  # fmt: skip
"""The properties a line sets on its entry's part (besides its key)."""


def entry_rows(plan: HistoryPlan, spec: EntitySpec, user: Row) -> Callable[[int], Row]:
    """A function giving history entry `i` as a `Transactions` row."""
    template = _template(spec, _constants(plan.division, user))

    def row_of(index: int) -> Row:
        return _filled(template, _stamps(plan.entry(index)))

    return row_of
