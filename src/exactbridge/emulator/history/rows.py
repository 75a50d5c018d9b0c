"""History entries and lines as `financialtransaction/Transactions` and `TransactionLines` rows.

Builders start from a template holding every property of the spec (None unless constant
for the division) and fill in what the plan says, so a computed row has exactly the shape
of a row written by the ledger. Only properties the spec declares are ever set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final

from exactbridge.emulator.history.plan import Entry, HistoryPlan, Line
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["entry_rows", "line_rows"]

_TYPE_DESCRIPTIONS: Final = {20: "Sales entry", 30: "Purchase entry", 40: "Cash flow", 90: "Other"}
_BOOKED_AT: Final = timedelta(hours=16, minutes=30)


def _template(spec: EntitySpec, constants: dict[str, Any]) -> tuple[Row, frozenset[str]]:
    names = frozenset(f.name for f in spec.fields)
    row: Row = dict.fromkeys(f.name for f in spec.fields)
    row.update({k: v for k, v in constants.items() if k in names})
    return row, names


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
    booked = entry.date + _BOOKED_AT + timedelta(seconds=entry.index % 3600)
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
    """A function giving history line `i` as a `TransactionLines` row."""
    template, names = _template(spec, _constants(plan.division, user))
    by_entry: dict[int, Row] = {}  # the entry's part of its lines' rows, for recent entries

    def entry_part(entry: Entry) -> Row:
        part = by_entry.get(entry.index)
        if part is None:
            if len(by_entry) >= 4096:
                by_entry.clear()
            part = template.copy()
            values = _stamps(entry) | {"InvoiceNumber": entry.invoice_number}
            part.update((k, v) for k, v in values.items() if k in names)
            by_entry[entry.index] = part
        return part

    optional = ("Account", "AccountCode", "AccountName", "VATCode", "VATPercentage",
                "AmountVATFC", "AmountVATBaseFC")  # fmt: skip
    always = ("ID", "LineNumber", "GLAccount", "GLAccountCode", "GLAccountDescription",
              "AmountDC", "AmountFC")  # fmt: skip
    complete = names.issuperset(optional + always)  # else filter what the spec lacks

    def row_of(index: int) -> Row:
        line: Line = plan.line(index)
        amount = _money(line.amount)
        account = line.account
        values = {
            "ID": line.key,
            "LineNumber": line.number,
            "GLAccount": account.key,
            "GLAccountCode": account.code,
            "GLAccountDescription": account.name,
            "AmountDC": amount,
            "AmountFC": amount,
        }
        relation = line.relation
        if relation is not None:
            values["Account"] = relation.key
            values["AccountCode"] = relation.code
            values["AccountName"] = relation.name
        if line.vat is not None:
            values["VATCode"] = line.vat[0]
            values["VATPercentage"] = line.vat[1]
        if line.vat_amount is not None:
            values["AmountVATFC"] = _money(line.vat_amount)
            values["AmountVATBaseFC"] = amount
        row = entry_part(line.entry).copy()
        if complete:
            row.update(values)
        else:
            row.update((k, v) for k, v in values.items() if k in names)
        return row

    return row_of


def entry_rows(plan: HistoryPlan, spec: EntitySpec, user: Row) -> Callable[[int], Row]:
    """A function giving history entry `i` as a `Transactions` row."""
    template, names = _template(spec, _constants(plan.division, user))

    def row_of(index: int) -> Row:
        entry = plan.entry(index)
        values = _stamps(entry)
        values["EntryID"] = entry.key
        row = template.copy()
        for name, value in values.items():
            if name in names:
                row[name] = value
        return row

    return row_of
