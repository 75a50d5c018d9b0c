"""The history serves the same rows however they are computed, and children in key order.

The rows' digest below was taken from the history as it was before its computation was
made cheaper (kept keys, integer VAT rounding, lines set in place on their entry's part):
the same plan must keep giving the same keys, amounts, numbers and timestamps.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from exactbridge.emulator.history.plan import HistoryPlan, Party, Posting
from exactbridge.emulator.history.rows import entry_rows, line_rows
from exactbridge.emulator.history.table import HistoryTable, RowSource
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec, find_entity, properties

USER = {"UserID": "5c9e0a2b-0000-4000-8000-000000000001", "FullName": "Test User"}
ROWS_DIGEST = "8488500b8e09007d692355f727e17d275c4f923919d3b85c33f28db158a7d874"


def _party(name: str, n: int = 0) -> Party:
    number = sum(ord(c) * 31**i for i, c in enumerate(name)) % 10**12
    return Party(f"{n:08x}-0000-4000-8000-{number:012d}", str(n), name)


def _posting(sales_vat: float, purchase_vat: float) -> Posting:
    return Posting(
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
        sales_vat=("3", sales_vat),
        purchase_vat=("5", purchase_vat),
    )


def _plan(sales_vat: float = 0.21, purchase_vat: float = 0.09) -> HistoryPlan:
    posting = _posting(sales_vat, purchase_vat)
    return HistoryPlan(7, 1234567, 500, date(2024, 6, 1), date(2026, 6, 1), posting)


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def _digest(rows: list[Row]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(list(row.items())).encode())
    return digest.hexdigest()


def test_every_row_is_what_the_history_always_served() -> None:
    plan = _plan()
    lines = line_rows(plan, _spec("financialtransaction/TransactionLines"), USER)
    entries = entry_rows(plan, _spec("financialtransaction/Transactions"), USER)
    rows = [lines(i) for i in range(plan.lines)] + [entries(i) for i in range(plan.entries)]
    assert _digest(rows) == ROWS_DIGEST


def test_rows_do_not_depend_on_the_order_they_are_asked_for() -> None:
    in_order, shuffled = _plan(), _plan()
    spec = _spec("financialtransaction/TransactionLines")
    expected = [line_rows(in_order, spec, USER)(i) for i in range(in_order.lines)]
    numbers = list(range(shuffled.lines))
    random.Random(3).shuffle(numbers)
    row_of = line_rows(shuffled, spec, USER)
    got = {i: row_of(i) for i in numbers}
    assert [list(got[i].items()) for i in range(shuffled.lines)] == [
        list(row.items()) for row in expected
    ]
    for i in numbers[:500]:  # every key still names its line after the kept keys turned over
        assert shuffled.line_index(expected[i]["ID"]) == i
        assert shuffled.first_line_at_or_after(expected[i]["ID"]) == i


@pytest.mark.parametrize(("sales", "purchases"), [(0.21, 0.09), (0.055, 0.19), (0.085, 0.0)])
def test_vat_is_rounded_half_up_on_the_decimal_rate(sales: float, purchases: float) -> None:
    plan = _plan(sales, purchases)
    for index in range(plan.entries):
        entry = plan.entry(index)
        rate = {0: sales, 1: sales, 2: purchases, 3: purchases}.get(entry.kind, 0.0)
        exact = Decimal(entry.net) * Decimal(str(rate))
        assert entry.vat == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert entry.gross == entry.net + entry.vat


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


def test_children_are_computed_and_written_rows_in_key_order() -> None:
    plan = _plan()
    table = _table(plan)
    parent, other = plan.entry_key(2), plan.entry_key(3)  # a purchase invoice and its payment
    first, second, third = (plan.line_key(i) for i in plan.lines_of(2))
    moved = plan.line_key(plan.lines_of(3)[0])
    table.put(dict(table.rows[first]) | {"Amount": 1.5}, 1_000)  # changed, same parent
    table.remove(second)
    added = second[:-1] + ("0" if second[-1] != "0" else "1")
    table.put({"ID": added, "EntryID": parent, "Amount": 2.0}, 1_001)
    table.put(dict(table.rows[moved]) | {"EntryID": parent}, 1_002)  # to another parent
    linked = {added: None, moved: None}  # what the division's link index holds for `parent`

    rows = table.child_rows("EntryID", parent, linked)
    everything = sorted(
        (row for row in table.rows.values() if row["EntryID"] == parent), key=lambda r: r["ID"]
    )
    assert rows == everything
    assert [row["ID"] for row in rows] == sorted([first, added, third, moved])
    assert rows[[row["ID"] for row in rows].index(first)]["Amount"] == 1.5
    assert sorted(table.child_keys("EntryID", parent, linked)) == [row["ID"] for row in rows]
    left = table.child_rows("EntryID", other, {})
    assert moved not in [row["ID"] for row in left]
    assert left == [row for row in table.rows.values() if row["EntryID"] == other]
    untouched = plan.entry_key(4)
    assert [row["ID"] for row in table.child_rows("EntryID", untouched, {})] == [
        plan.line_key(i) for i in plan.lines_of(4)
    ]
