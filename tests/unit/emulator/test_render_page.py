"""The generated page renderer renders exactly what `render_row` renders."""

from __future__ import annotations

from datetime import datetime

from exactbridge.emulator.bodies import blank_row
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.render import EntityUrls, render_page, render_row
from exactbridge.exact import find_entity

URLS = EntityUrls("https://start.exactonline.be", 1234567)


def _no_children(*_: object) -> list[dict[str, object]]:
    return []


def test_page_renderer_matches_the_row_renderer_for_full_partial_and_selected_rows() -> None:
    spec = find_entity("salesinvoice/SalesInvoices")
    assert spec is not None
    full = blank_row(spec) | {
        "InvoiceID": "5b0f4a0e-58e4-4a0e-8e11-3c1d0a9b7f21",
        "AmountDC": 120.0,
        "AmountFC": 120.5,
        "OrderDate": datetime(2026, 3, 1),
        "Description": "Factuur",
    }
    partial = {"InvoiceID": "6c1f5b1f-69f5-4b1f-9f22-4d2e1b0c8032", "AmountDC": 3.0}
    for select in (SelectPlan.all(), SelectPlan(False, frozenset({"AmountDC", "OrderDate"}), {})):
        expected = [render_row(spec, r, URLS, select, (), _no_children) for r in (full, partial)]
        got = render_page(spec, [full, partial], URLS, select)
        assert got == expected
        assert [list(row) for row in got] == [list(row) for row in expected]
    assert render_page(spec, [full], URLS, SelectPlan.all())[0]["AmountDC"] == 120  # not 120.0


def test_sync_rows_carry_their_timestamp_as_an_int64_string() -> None:
    spec = find_entity("sync/CRM/Accounts")
    assert spec is not None
    row = blank_row(spec) | {"ID": "7d2a6c20-7a06-4c20-8a33-5e3f2c1d9143"}
    rendered = render_page(spec, [row], URLS, SelectPlan.all(), [987654321])[0]
    assert rendered["Timestamp"] == "987654321"
    assert list(rendered)[:3] == ["__metadata", "Timestamp", "ID"]
