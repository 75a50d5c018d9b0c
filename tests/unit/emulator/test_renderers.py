"""Generated renderers render what `render_row` renders, byte for byte, for any row shape.

Rows come full, in another key order, short of properties and with a property the
endpoint does not declare; selections are everything, every field named, a few fields,
and fields with expanded navigations. Values cover each conversion: dates, Int64,
integral and fractional doubles, binaries, links into Exact's site.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from exactbridge.emulator.bodies import blank_row
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.render import EntityUrls, render_page, render_row, render_rows
from exactbridge.emulator.store import Row
from exactbridge.emulator.urls import SITE
from exactbridge.exact import Edm, EntitySpec, Navigation, find_entity
from exactbridge.wire import dumps_bytes

URLS = EntityUrls("https://start.exactonline.de", 7654321)
SPECS = (
    "crm/Accounts",
    "financial/ReportingBalance",
    "documents/DocumentAttachments",
    "salesinvoice/SalesInvoices",
    "financialtransaction/Transactions",
)


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


def _filled(spec: EntitySpec, n: int) -> Row:
    """A row of `spec` with a value of its type in every property."""
    row = blank_row(spec)
    for i, prop in enumerate(spec.fields):
        value: Any = {
            Edm.DATETIME: datetime(2026, 3, 1 + i % 28, 12, 30),
            Edm.DOUBLE: 120.0 if i % 2 else 12.75,
            Edm.INT64: 10**12 + i,
            Edm.BINARY: b"\x89PNG",
            Edm.GUID: f"{n:08x}-0000-4000-8000-{i:012d}",
            Edm.BOOLEAN: i % 2 == 0,
            Edm.STRING: f"{prop.name} {n}",
        }.get(prop.edm, i)
        row[prop.name] = value
    for link in ("Url", "DocumentViewUrl"):
        if link in row:
            row[link] = f"{SITE}/docs/SysAttachment.aspx?ID={n}"
    return row


def _shapes(spec: EntitySpec, n: int) -> list[Row]:
    full = _filled(spec, n)
    reordered = dict(reversed(list(full.items())))
    short = {spec.key: full[spec.key]} | {f.name: full[f.name] for f in spec.fields[:3]}
    undeclared = full | {"NotAnExactProperty": "x"}
    return [full, reordered, short, undeclared]


def _selects(spec: EntitySpec) -> list[tuple[SelectPlan, tuple[str, ...]]]:
    every_field = frozenset(f.name for f in spec.fields)
    few = frozenset(f.name for f in spec.fields[1:4])
    navs = {nav.name: SelectPlan.all() for nav in spec.navigations}
    child_few = {
        nav.name: SelectPlan(False, frozenset(f.name for f in child.fields[:2]), {})
        for nav in spec.navigations
        if (child := find_entity(nav.target)) is not None  # some targets are not emulated
    }
    expand = tuple(navs)
    return [
        (SelectPlan.all(), ()),
        (SelectPlan.all(), expand),
        (SelectPlan(False, every_field, {}), ()),
        (SelectPlan(False, every_field, navs), ()),
        (SelectPlan(False, every_field, navs), expand),
        (SelectPlan(False, few, {}), ()),
        (SelectPlan(False, few, child_few), expand),
    ]


def _children(spec: EntitySpec, nav: Navigation, parent: Row) -> list[Row]:
    child = find_entity(nav.target)
    assert child is not None, "a navigation whose target is not emulated has no rows to ask"
    return [row | {nav.foreign_key: parent[spec.key]} for row in _shapes(child, 99)]


@pytest.mark.parametrize("path", SPECS)
def test_generated_renderers_match_render_row(path: str) -> None:
    spec = _spec(path)
    rows = _shapes(spec, 1)
    for select, expand in _selects(spec):
        expected = [render_row(spec, row, URLS, select, expand, _children) for row in rows]
        got = render_rows(spec, rows, URLS, select, expand, _children)
        assert dumps_bytes(got) == dumps_bytes(expected), (select, expand)
        assert [list(row) for row in got] == [list(row) for row in expected]


def test_a_sync_page_takes_its_timestamps_beside_the_rows() -> None:
    spec = _spec("sync/Documents/DocumentAttachments")
    rows = _shapes(spec, 2)
    stamps = [row["Timestamp"] for row in rows]
    for select, _ in _selects(spec):
        expected = [render_row(spec, row, URLS, select, (), _children) for row in rows]
        got = render_page(spec, rows, URLS, select, stamps)
        assert dumps_bytes(got) == dumps_bytes(expected)
    assert render_page(spec, rows[:1], URLS, SelectPlan.all(), [5])[0]["Timestamp"] == "5"
