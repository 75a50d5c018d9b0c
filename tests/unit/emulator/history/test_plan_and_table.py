"""The computed history: balanced entries, arithmetic keys, and a table that behaves like one."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import pytest

from exactbridge.emulator.history.plan import HistoryPlan, Party, Posting
from exactbridge.emulator.history.table import HistoryTable, RowSource
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, properties


def _party(name: str, n: int = 0) -> Party:
    return Party(f"{n:08x}-0000-4000-8000-{abs(hash(name)) % 10**12:012d}", str(n), name)


POSTING = Posting(
    customers=tuple(_party("customer", i) for i in range(7)),
    suppliers=tuple(_party("supplier", i) for i in range(3)),
    debtors=_party("debtors"),
    creditors=_party("creditors"),
    bank=_party("bank"),
    revenue=_party("revenue"),
    costs=_party("costs"),
    vat_to_pay=_party("vat pay"),
    vat_to_claim=_party("vat claim"),
    depreciation=_party("depreciation"),
    accumulated=_party("accumulated"),
    sales_journal=Party("j70", "70", "Verkoopboek"),
    purchase_journal=Party("j60", "60", "Inkoopboek"),
    bank_journal=Party("j20", "20", "Bank"),
    general_journal=Party("j90", "90", "Memoriaal"),
    sales_vat=("3", 0.21),
    purchase_vat=("5", 0.21),
)


@pytest.fixture(scope="module")
def plan() -> HistoryPlan:
    return HistoryPlan(7, 1234567, 500, date(2024, 6, 1), date(2026, 6, 1), POSTING)


def test_every_entry_balances_and_settles(plan: HistoryPlan) -> None:
    per_entry: dict[str, int] = defaultdict(int)
    open_items: Counter[tuple[str, int | None]] = Counter()
    for i in range(plan.lines):
        line = plan.line(i)
        per_entry[line.entry.key] += line.amount
        if line.account in (POSTING.debtors, POSTING.creditors):
            assert line.relation is not None
            open_items[(line.relation.key, line.entry.invoice_number)] += line.amount
    assert len(per_entry) == plan.entries
    assert set(per_entry.values()) == {0}
    assert set(open_items.values()) == {0}  # every invoice is paid exactly


def test_keys_name_their_number_and_grow_with_it(plan: HistoryPlan) -> None:
    keys = [plan.line_key(i) for i in range(plan.lines)]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    for i in (0, 1, 11, 12, 2999, plan.lines - 1):
        assert plan.line_index(keys[i]) == i
        assert plan.line(i).key == keys[i]
        assert plan.first_line_at_or_after(keys[i]) == i
    assert plan.line_index("00000000-0000-4000-8000-000000000000") is None
    assert plan.line_index(keys[5][:-1] + ("0" if keys[5][-1] != "0" else "1")) is None
    entries = [plan.entry_key(i) for i in range(plan.entries)]
    assert entries == sorted(entries)
    assert all(plan.entry_index(k) == i for i, k in enumerate(entries))


def test_lines_of_an_entry_are_its_lines(plan: HistoryPlan) -> None:
    for entry in range(plan.entries):
        lines = plan.lines_of(entry)
        assert {plan.line(i).entry.index for i in lines} == {entry}
        assert [plan.line(i).number for i in lines] == list(range(1, len(lines) + 1))


def test_entry_numbers_follow_exacts_pattern_and_never_repeat(plan: HistoryPlan) -> None:
    numbers = [plan.entry(i) for i in range(plan.entries)]
    seen = Counter((e.journal.code, e.number) for e in numbers)
    assert max(seen.values()) == 1
    for entry in numbers:
        text = str(entry.number)
        assert text[:2] == f"{entry.date.year % 100:02d}"
        assert text[2:4] == entry.journal.code
        assert entry.number < 2**31


SPEC = EntitySpec(
    path="test/Lines",
    key="ID",
    type_name="Test.Line",
    properties=properties(
        """
        ID        guid    key
        EntryID   guid    R
        Amount    double  R
        """
    ),
)


def _table(plan: HistoryPlan) -> HistoryTable:
    def row_of(i: int) -> Row:
        line = plan.line(i)
        return {"ID": line.key, "EntryID": line.entry.key, "Amount": line.amount / 100}

    def children(key: Any) -> range:
        index = plan.entry_index(key)
        return range(0) if index is None else plan.lines_of(index)

    source = RowSource(
        count=plan.lines,
        key_of=plan.line_key,
        index_of=plan.line_index,
        position=plan.first_line_at_or_after,
        row_of=row_of,
        first_version=100,
        children={"EntryID": children},
    )
    return HistoryTable(SPEC, source)


def test_history_table_overlays_writes_in_key_and_version_order(plan: HistoryPlan) -> None:
    table = _table(plan)
    assert len(table) == plan.lines
    first, second = plan.line_key(0), plan.line_key(1)
    changed = dict(table.rows[second]) | {"Amount": 1.5}
    table.put(changed, 100 + plan.lines + 1)
    new_key = "ffffffff-ffff-4fff-bfff-ffffffffffff"
    table.put({"ID": new_key, "EntryID": None, "Amount": 2.0}, 100 + plan.lines + 2)
    removed = table.remove(first)
    assert removed is not None and removed["ID"] == first
    assert len(table) == plan.lines  # one removed, one added, one changed in place
    keys = list(table.iter_keys())
    assert keys == sorted(keys) and len(keys) == len(table)
    assert first not in keys and keys[0] == second and keys[-1] == new_key
    assert table.rows[second]["Amount"] == 1.5
    versions = list(table.since(0))
    assert [v for v, _ in versions] == sorted(v for v, _ in versions)
    assert [k for _, k in versions[-2:]] == [second, new_key]
    assert table.versions[second] == 100 + plan.lines + 1
    assert next(iter(table.iter_keys(keys[10]))) == keys[11]
    entry = plan.line(5).entry.key
    assert [r["ID"] for r in table.lookup("EntryID", entry)] == [
        plan.line_key(i) for i in plan.lines_of(plan.line(5).entry.index)
    ]
    assert table.get(first) is None
