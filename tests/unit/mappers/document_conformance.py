"""The conformance suite for documents with lines: the shared suite, taught about `line_items`.

`MapperConformance` checks a header's round trip property by property; a document's create
body also embeds its lines under the navigation property (`SalesInvoiceLines`), which that
check would count as an unknown property. `DocumentConformance` runs the same header checks
on the body without the navigation, checks every embedded line the same way against the line
endpoint's spec, and adds what every `LinesMap` promises: lines read in `LineNumber` order,
each line's problems named by its index, lines refused in an update sent as a mapping.

The family's sample row must carry its lines expanded (`{"results": [...]}`), out of line
order, each line with every mapped line property.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers import LinesMap, Method
from exactbridge.mappers._codecs import NUMBER
from exactbridge.model import LineItem
from tests.unit.mappers.conformance import MapperConformance, _floats, _same


class DocumentConformance(MapperConformance):
    """Subclass with `family = Family(...)` whose map has `lines`; pytest collects it."""

    @property
    def lines_map(self) -> LinesMap[Any]:
        lines = self.family.rmap.lines
        assert lines is not None, "a document family maps its lines"
        return lines

    def line_rows(self) -> list[Mapping[str, Any]]:
        nav = self.family.row[self.lines_map.exact]
        rows: list[Mapping[str, Any]] = nav["results"]
        return rows

    def lines(self, record: Any = None) -> list[LineItem]:
        record = self.record() if record is None else record
        found: list[LineItem] | None = getattr(record, self.lines_map.unified)
        assert found is not None
        return found

    # --- the sample covers the lines ----------------------------------------------------

    def test_sample_lines_carry_every_mapped_property(self) -> None:
        rows = self.line_rows()
        assert len(rows) >= 2
        orders = [row[self.lines_map.order_by] for row in rows] if self.lines_map.order_by else []
        assert orders != sorted(orders), "sample lines must come out of line order"
        for row in rows:
            missing = [f.exact for f in self.lines_map.fields if row.get(f.exact) in (None, "")]
            assert missing == []

    def test_every_mapped_property_exists_in_the_spec(self) -> None:
        rmap, lmap = self.family.rmap, self.lines_map
        assert [f.exact for f in rmap.fields if rmap.spec.get(f.exact) is None] == []
        assert [f.exact for f in lmap.fields if lmap.spec.field(f.exact) is None] == []
        nav = rmap.spec.get(lmap.exact)
        assert nav is not None
        assert getattr(nav, "target", None) == lmap.spec.path

    # --- reading lines ------------------------------------------------------------------

    def test_lines_are_read_in_line_number_order(self) -> None:
        lines = self.lines()
        by_number = sorted(self.line_rows(), key=lambda row: row["LineNumber"])
        assert [line.id for line in lines] == [str(row["ID"]).lower() for row in by_number]
        assert [getattr(line, "line_number", None) for line in lines] == [
            row["LineNumber"] for row in by_number
        ]

    def test_every_mapped_line_field_is_filled(self) -> None:
        for line in self.lines():
            dumped = line.model_dump()
            assert [f.unified for f in self.lines_map.fields if dumped[f.unified] is None] == []

    def test_line_money_is_decimal_strings_in_json(self) -> None:
        dumped = json.loads(self.record().model_dump_json())
        assert _floats(dumped) == []
        money = [f.unified for f in self.lines_map.fields if f.codec is NUMBER]
        for line in dumped[self.lines_map.unified]:
            assert all(isinstance(line[name], str) for name in money)

    def test_deferred_lines_read_as_none(self) -> None:
        deferred = {"__deferred": {"uri": "https://start.exactonline.nl/api/v1/1/x"}}
        record = self.record({**self.family.row, self.lines_map.exact: deferred})
        assert getattr(record, self.lines_map.unified) is None

    # --- writing lines ------------------------------------------------------------------

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_round_trip_keeps_every_settable_property(self, method: Method) -> None:
        rmap, lmap = self.family.rmap, self.lines_map
        body = self.writer()(self.record(), method=method)
        embedded = body.pop(lmap.exact, None)
        settable = [f for f in rmap.fields if rmap.settable(f, method)]
        assert settable
        for fmap in settable:
            assert fmap.exact in body, fmap.exact
            assert _same(self.family.row[fmap.exact], body[fmap.exact]), fmap.exact
        extra = set(body) - {f.exact for f in settable}
        if method == "POST":
            extra -= set(rmap.post_defaults)
        assert extra == set()
        for name in body:
            prop = rmap.spec.field(name)
            assert prop is not None
            assert prop.on_post if method == "POST" else prop.on_put
        if method == "PUT":
            assert embedded is None  # Exact changes lines through their own endpoint
            return
        by_number = sorted(self.line_rows(), key=lambda row: row["LineNumber"])
        assert embedded is not None
        assert len(embedded) == len(by_number)
        line_settable = [f for f in lmap.fields if lmap.settable(f)]
        assert line_settable
        for row, line_body in zip(by_number, embedded, strict=True):
            assert set(line_body) == {f.exact for f in line_settable}
            for fmap in line_settable:
                assert _same(row[fmap.exact], line_body[fmap.exact]), fmap.exact

    def test_line_problems_are_named_by_index(self) -> None:
        write, lmap = self.writer(), self.lines_map
        required = {name for group in self.family.required for name in group.split(" or ")}
        header = {name: getattr(self.record(), name) for name in required}
        good = {group[0]: self._value_for(group[0]) for group in lmap.required}
        lines = [good, {**good, "quantity": "not a number"}, {"description": "no item"}]
        with pytest.raises(InvalidBody) as caught:
            write({**header, lmap.unified: lines}, method="POST")
        problems = caught.value.problems
        assert set(problems) == {f"{lmap.unified}[1].quantity"} | {
            f"{lmap.unified}[2].{' or '.join(group)}" for group in lmap.required
        }
        assert "decimal" in problems[f"{lmap.unified}[1].quantity"].lower()

    def test_lines_are_refused_in_an_update_mapping(self) -> None:
        lmap = self.lines_map
        with pytest.raises(InvalidBody) as caught:
            self.writer()({"description": "x", lmap.unified: []}, method="PUT")
        assert caught.value.problems == {lmap.unified: "lines can only be sent when creating"}

    def _value_for(self, name: str) -> Any:
        """A valid value for a line field, taken from the sample's first mapped line."""
        return getattr(self.lines()[0], name)
