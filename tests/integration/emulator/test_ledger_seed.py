"""The seeded ledger is consistent, and `check_ledger` says what consistent means.

`check_ledger` (also used by the API and property tests) checks one division from its
tables, by brute force and independently of the posting code:

- every entry balances: its transaction lines sum to zero, to the cent, and repeat the
  header's number, journal, year and period;
- every booked entry (sales, purchase, general journal, bank, cash, processed invoice) has
  its transaction, and no transaction is left without its entry;
- each reporting balance equals the sum, debit sum, credit sum and count of the lines of
  its G/L account and period, and no balance exists without lines;
- per relation, open receivables add up to its receivable lines and open payables to minus
  its payable lines (so outstanding = invoices minus exact payments); settled items are
  zero and marked paid;
- the receivables and payables lists mirror exactly the open items.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from exactbridge.emulator.state import EmulatorState
from exactbridge.emulator.store import Division

_ENTRIES = (
    "salesentry/SalesEntries",
    "purchaseentry/PurchaseEntries",
    "generaljournalentry/GeneralJournalEntries",
    "financialtransaction/BankEntries",
    "financialtransaction/CashEntries",
)


def _rows(division: Division, path: str) -> list[dict[str, Any]]:
    table = division.tables.get(path.lower())
    return [] if table is None else list(table.rows.values())


def _cents(value: Any) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def check_ledger(division: Division, history: frozenset[str] = frozenset()) -> list[str]:
    """Every way `division`'s ledger is inconsistent (empty when it is consistent).

    `history`: keys of computed history transactions, which no entry endpoint lists.
    """
    problems: list[str] = []
    lines = _rows(division, "financialtransaction/TransactionLines")
    headers = {row["EntryID"]: row for row in _rows(division, "financialtransaction/Transactions")}
    by_entry: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        by_entry[line["EntryID"]].append(line)
    for entry_id, header in headers.items():
        own = by_entry.get(entry_id, [])
        if not own:
            problems.append(f"transaction {entry_id} has no lines")
        total = sum((_cents(line["AmountDC"]) for line in own), Decimal(0))
        if total:
            problems.append(f"transaction {entry_id} is off balance by {total}")
        names = ("EntryNumber", "JournalCode", "FinancialYear", "FinancialPeriod")
        problems.extend(
            f"line {line['ID']} {name} {line[name]!r} != {header[name]!r}"
            for line in own
            for name in names
            if line[name] != header[name]
        )
        problems.extend(
            f"line {line['ID']} AmountDC != AmountFC"
            for line in own
            if _cents(line["AmountDC"]) != _cents(line["AmountFC"])
        )
    problems += [f"lines of unknown transaction {key}" for key in set(by_entry) - set(headers)]
    booked = {row["EntryID"] for path in _ENTRIES for row in _rows(division, path)}
    booked |= {
        row["InvoiceID"]
        for row in _rows(division, "salesinvoice/SalesInvoices")
        if row.get("Status") == 50
    }
    booked |= history
    if booked != set(headers):
        problems.append(
            f"entries without transaction: {sorted(booked - set(headers))[:3]}, "
            f"transactions without entry: {sorted(set(headers) - booked)[:3]}"
        )
    problems += _balances(division, lines)
    problems += _open_items(division, lines)
    return problems


def _balances(division: Division, lines: list[dict[str, Any]]) -> list[str]:
    expected: dict[tuple[Any, ...], list[Any]] = {}
    for line in lines:
        key = (line["GLAccount"], line["FinancialYear"], line["FinancialPeriod"])
        amount = _cents(line["AmountDC"])
        sums = expected.setdefault(key, [Decimal(0), Decimal(0), Decimal(0), 0])
        sums[0] += amount
        sums[1] += max(amount, Decimal(0))
        sums[2] += max(-amount, Decimal(0))
        sums[3] += 1
    problems = []
    found = {}
    for row in _rows(division, "financial/ReportingBalance"):
        key = (row["GLAccount"], row["ReportingYear"], row["ReportingPeriod"])
        if key in found:
            problems.append(f"two balances for {key}")
        found[key] = [
            _cents(row["Amount"]), _cents(row["AmountDebit"]), _cents(row["AmountCredit"]),
            row["Count"],
        ]  # fmt: skip
    problems.extend(
        f"balance {key}: lines say {expected.get(key)}, row {found.get(key)}"
        for key in set(expected) | set(found)
        if expected.get(key) != found.get(key)
    )
    return problems


def _open_items(division: Division, lines: list[dict[str, Any]]) -> list[str]:
    gl_types = {row["ID"]: row.get("Type") for row in _rows(division, "financial/GLAccounts")}
    problems = []
    sides = (
        ("Receivables", 20, 1, "read/financial/ReceivablesList"),
        ("Payments", 22, -1, "read/financial/PayablesList"),
    )
    for side, gl_type, sign, list_path in sides:
        ledger: Counter[Any] = Counter()
        for line in lines:
            if gl_types.get(line["GLAccount"]) == gl_type:
                if line["Account"] is None:
                    problems.append(f"line {line['ID']} on a {side} account names no relation")
                ledger[line["Account"]] += sign * _cents(line["AmountDC"])  # type: ignore[assignment]
        items: Counter[Any] = Counter()
        open_rows = []
        for item in _rows(division, f"cashflow/{side}"):
            items[item["Account"]] += _cents(item["AmountDC"])  # type: ignore[assignment]
            if item["Status"] == 20:
                open_rows.append(item)
            elif item["Status"] == 50:
                if _cents(item["AmountDC"]) or item.get("EndDate") is None:
                    problems.append(f"settled {side} item {item['ID']} still shows an amount")
                if side == "Receivables" and not item.get("IsFullyPaid"):
                    problems.append(f"settled receivable {item['ID']} is not fully paid")
            else:
                problems.append(f"{side} item {item['ID']} has status {item['Status']}")
        problems.extend(
            f"{side} of {account}: ledger {ledger[account]}, items {items[account]}"
            for account in set(ledger) | set(items)
            if ledger[account] != items[account]
        )
        listed = Counter(
            (row["AccountId"], row["InvoiceNumber"], row["EntryNumber"], _cents(row["Amount"]))
            for row in _rows(division, list_path)
        )
        wanted = Counter(
            (item["Account"], item["InvoiceNumber"], item["EntryNumber"], _cents(item["AmountDC"]))
            for item in open_rows
        )
        if listed != wanted:
            problems.append(
                f"{side} list differs: {listed - wanted} listed, {wanted - listed} open"
            )
    return problems


def test_seeded_divisions_have_a_consistent_ledger(state: EmulatorState) -> None:
    for division in state.store.divisions.values():
        assert not check_ledger(division)
