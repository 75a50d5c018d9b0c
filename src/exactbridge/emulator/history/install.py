"""Give a seeded division its computed booking history (the bulk of a `large` ledger).

`attach_history` reads the division's own customers, suppliers, chart of accounts, journals
and VAT codes, plans the history on them, and swaps the division's `Transactions` and
`TransactionLines` tables for history tables that keep every row already there. The
history's rows get row versions after everything seeded so far, and the references they
make (accounts, GL accounts, journals, VAT codes) are counted like any row's, so an account
with history cannot be deleted, and its lines are added to the reporting balances.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.history.plan import HistoryPlan, Party, Posting
from exactbridge.emulator.history.rows import entry_rows, line_rows
from exactbridge.emulator.history.table import HistoryTable, RowSource
from exactbridge.emulator.ledger.balances import Delta
from exactbridge.emulator.ledger.journal import move_balances
from exactbridge.emulator.store import Division, Row, Table
from exactbridge.exact import EntitySpec, find_entity

__all__ = ["HISTORY_LINES", "attach_history"]

HISTORY_LINES: Final = {"small": 0, "medium": 0, "large": 520_000}
"""Computed transaction lines per division for each data size."""

LINES: Final = "financialtransaction/TransactionLines"
ENTRIES: Final = "financialtransaction/Transactions"
_YEARS: Final = 730
_ZERO: Final = Decimal(0)


def attach_history(ctx: Context, seed: int, lines: int, today: date) -> HistoryPlan:
    """Plan about `lines` history lines for the division of `ctx` and install them.

    The history's lines are added to the division's reporting balances, so those keep
    equalling the sum of all transaction lines.

    Raises:
        ValueError: the division lacks what the history books on (no customers, no bank
            journal, ...), or the transaction endpoints are not declared.
    """
    division, user = ctx.division, ctx.store.user
    lines_spec, entries_spec = _spec(LINES), _spec(ENTRIES)
    posting = _posting(division)
    cycles = max(1, lines // 12)
    plan = HistoryPlan(seed, division.code, cycles, today - timedelta(days=_YEARS), today, posting)

    def children(key: object) -> range:
        index = plan.entry_index(key)
        return range(0) if index is None else plan.lines_of(index)

    line_source = RowSource(
        count=plan.lines,
        key_of=plan.line_key,
        index_of=plan.line_index,
        position=plan.first_line_at_or_after,
        row_of=line_rows(plan, lines_spec, user),
        first_version=division.version,
        children={"EntryID": children},
    )
    division.version += plan.lines
    entry_source = RowSource(
        count=plan.entries,
        key_of=plan.entry_key,
        index_of=plan.entry_index,
        position=plan.first_entry_at_or_after,
        row_of=entry_rows(plan, entries_spec, user),
        first_version=division.version,
        children={},
    )
    division.version += plan.entries
    for spec, source in ((lines_spec, line_source), (entries_spec, entry_source)):
        _install(division, spec, source)
    totals = _count_references(division, plan, lines_spec, entries_spec)
    move_balances(ctx, {key: Delta(d - c, d, c, n) for key, (d, c, n) in totals.items()})
    return plan


def _count_references(
    division: Division, plan: HistoryPlan, lines_spec: EntitySpec, entries_spec: EntitySpec
) -> dict[tuple[str, int, int], tuple[Decimal, Decimal, int]]:
    """Count the history's references as if every row had been saved, without the rows,
    and total its lines per (GL account, year, period): debit, credit, count.

    The values are the ones `rows` puts in the same properties (a test holds them equal).
    """
    sums: dict[tuple[str, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    line_refs = {f.name: f.refers for f in lines_spec.references if f.refers}
    entry_refs = {f.name: f.refers for f in entries_spec.references if f.refers}
    counts: Counter[tuple[str, str, str]] = Counter()
    for index in range(plan.entries):
        entry = plan.entry(index)
        common = {"JournalCode": entry.journal.code, "EntryID": entry.key}
        for name, target in entry_refs.items():
            value = common.get(name)
            if value:
                counts[(target.lower(), value.strip(), entries_spec.path)] += 1
        day = entry.date
        for number in range(1, plan.line_count(entry.kind) + 1):
            account, amount, relation, vat, _ = plan.line_facts(entry, number)
            total = sums[(account.key, day.year, day.month)]
            if amount >= 0:
                total[0] += amount
            else:
                total[1] -= amount
            total[2] += 1
            values = common | {
                "GLAccount": account.key,
                "Account": relation.key if relation else None,
                "VATCode": vat[0] if vat else None,
            }
            for name, target in line_refs.items():
                value = values.get(name)
                if value:
                    counts[(target.lower(), value.strip(), lines_spec.path)] += 1
    for (target, value, source), count in counts.items():
        referrers = division.references.setdefault((target, value), {})
        referrers[source] = referrers.get(source, 0) + count
    return {key: (Decimal(d) / 100, Decimal(c) / 100, n) for key, (d, c, n) in sums.items()}


def _install(division: Division, spec: EntitySpec, source: RowSource) -> None:
    table = HistoryTable(spec, source)
    existing: Table | None = division.tables.get(spec.path.lower())
    if existing is not None:
        for version, key in existing.since(0):
            table.put(existing.rows[key], version)
    division.tables[spec.path.lower()] = table


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    if spec is None:
        msg = f"the history needs the {path} endpoint, which is not declared"
        raise ValueError(msg)
    return spec


def _posting(division: Division) -> Posting:
    accounts = _rows(division, "crm/Accounts")
    customers = tuple(_party(r, "ID", "Code", "Name") for r in accounts if r.get("Status") == "C")
    suppliers = tuple(_party(r, "ID", "Code", "Name") for r in accounts if r.get("IsSupplier"))
    gl = _rows(division, "financial/GLAccounts")
    journals = _rows(division, "financial/Journals")
    vat_codes = _rows(division, "vat/VATCodes")

    def account(gl_type: int, side: str | None = None) -> Party:
        for row in sorted(gl, key=lambda r: str(r.get("Code"))):
            if row.get("Type") == gl_type and (side is None or row.get("BalanceSide") == side):
                return _party(row, "ID", "Code", "Description")
        msg = f"division {division.code} has no GL account of type {gl_type}"
        raise ValueError(msg)

    def journal(journal_type: int) -> Party:
        for row in sorted(journals, key=lambda r: str(r.get("Code"))):
            if row.get("Type") == journal_type:
                return _party(row, "ID", "Code", "Description")
        msg = f"division {division.code} has no journal of type {journal_type}"
        raise ValueError(msg)

    def vat(transaction_type: str, gl_name: str) -> tuple[tuple[str, float], Party]:
        candidates = [
            r for r in vat_codes
            if r.get("VATTransactionType") == transaction_type and r.get(gl_name)
        ]  # fmt: skip
        best = max(candidates, key=lambda r: (r.get("Percentage") or 0.0, str(r.get("Code"))))
        gl_row = next(r for r in gl if r.get("ID") == best[gl_name])
        code = str(best["Code"])
        return (code, float(best.get("Percentage") or 0.0)), _party(
            gl_row, "ID", "Code", "Description"
        )

    sales_vat, vat_to_pay = vat("S", "GLToPay")
    purchase_vat, vat_to_claim = vat("P", "GLToClaim")
    return Posting(
        customers=customers,
        suppliers=suppliers,
        debtors=account(20),
        creditors=account(22),
        bank=account(12),
        revenue=account(110, "C"),
        costs=account(121),
        vat_to_pay=vat_to_pay,
        vat_to_claim=vat_to_claim,
        depreciation=account(122),
        accumulated=account(35),
        sales_journal=journal(20),
        purchase_journal=journal(22),
        bank_journal=journal(12),
        general_journal=journal(90),
        sales_vat=sales_vat,
        purchase_vat=purchase_vat,
    )


def _rows(division: Division, path: str) -> list[Row]:
    spec = find_entity(path)
    assert spec is not None, path
    return list(division.table(spec).rows.values())


def _party(row: Row, key: str, code: str, name: str) -> Party:
    return Party(str(row[key]), str(row.get(code) or ""), str(row.get(name) or ""))
