"""Conformance for what the shared suite (`conformance.py`) does not cover: document lines,
and endpoints without audit stamps.

The shared suite checks a header: its POST body may only hold the header's settable
properties. A document's create also embeds its lines under the navigation name, so
`LinesConformance` hands the shared header tests bodies without the lines and checks the
lines itself, against the line endpoint's own spec: read in `LineNumber` order from the
expanded navigation, every settable line property embedded in a create and surviving the
trip back, never sent by an update, problems named by line index.

`UnstampedConformance` is for endpoints that send no `Created` (`current/Me`,
`financial/ReportingBalance`): their records have no `created_at`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers import LinesMap
from exactbridge.mappers._codecs import CODE, NUMBER
from exactbridge.model import MONEY_PATTERN, UnifiedRecord
from exactbridge.wire import is_guid, to_decimal
from tests.unit.mappers.conformance import MapperConformance, ToExact


def _same(wire_in: Any, wire_out: Any) -> bool:
    if isinstance(wire_in, str) and isinstance(wire_out, str):
        if is_guid(wire_in):
            return wire_in.lower() == wire_out
        return wire_in.strip() == wire_out.strip()
    if isinstance(wire_in, int | float) and not isinstance(wire_in, bool):
        return to_decimal(wire_in) == to_decimal(wire_out)
    return bool(wire_in == wire_out)


class LinesConformance(MapperConformance):
    """A `MapperConformance` for a family whose sample row expands its lines."""

    @property
    def lines(self) -> LinesMap[Any]:
        lmap = self.family.rmap.lines
        assert lmap is not None, "a lines family maps its lines"
        return lmap

    def line_rows(self) -> list[Mapping[str, Any]]:
        nav = self.family.row[self.lines.exact]
        rows: list[Mapping[str, Any]] = nav["results"] if isinstance(nav, Mapping) else nav
        return rows

    def writer(self) -> ToExact:
        """The family's writer, minus the embedded lines, for the shared header tests."""
        write = super().writer()
        nav = self.lines.exact

        def header_only(source: Any, **kwargs: Any) -> dict[str, Any]:
            body = write(source, **kwargs)
            body.pop(nav, None)
            return body

        return header_only

    def full_writer(self) -> ToExact:
        return super().writer()

    def ordered_rows(self) -> list[Mapping[str, Any]]:
        """The sample's line rows in the order the record holds them."""
        order = self.lines.order_by
        rows = self.line_rows()
        return sorted(rows, key=lambda row: row[order]) if order is not None else rows

    def settable_lines(self) -> list[Any]:
        return [f for f in self.lines.fields if self.lines.settable(f)]

    # --- reading ------------------------------------------------------------------------

    def test_sample_lines_are_out_of_order_and_carry_every_mapped_property(self) -> None:
        rows = self.line_rows()
        assert len(rows) >= 2
        order = self.lines.order_by
        if order is not None:
            numbers = [row[order] for row in rows]
            assert numbers != sorted(numbers), "the sample must prove lines get sorted"
        missing = [f.exact for f in self.lines.fields if rows[0].get(f.exact) in (None, "")]
        assert missing == []

    def test_lines_are_read_in_line_order_with_their_keys(self) -> None:
        record = self.record()
        items = getattr(record, self.lines.unified)
        keys = [str(row[self.lines.spec.key]).lower() for row in self.ordered_rows()]
        assert [item.id for item in items] == keys

    def test_every_mapped_line_field_is_filled(self) -> None:
        first = self.line_rows()[0]
        key = str(first[self.lines.spec.key]).lower()
        item = next(i for i in getattr(self.record(), self.lines.unified) if i.id == key)
        dumped = item.model_dump()
        assert [f.unified for f in self.lines.fields if dumped[f.unified] is None] == []

    def test_line_money_is_decimal_and_a_string_in_json(self) -> None:
        record = self.record()
        dumped = json.loads(record.model_dump_json())[self.lines.unified]
        items = getattr(record, self.lines.unified)
        schema = self.lines.model.model_json_schema()["properties"]
        for fmap in self.lines.fields:
            if fmap.codec is not NUMBER:
                continue
            variants = schema[fmap.unified].get("anyOf", [schema[fmap.unified]])
            assert {"type": "string", "pattern": MONEY_PATTERN, "format": "decimal"} in variants
            for item, raw in zip(items, dumped, strict=True):
                value = getattr(item, fmap.unified)
                if value is not None:
                    assert isinstance(value, Decimal)
                    assert Decimal(raw[fmap.unified]) == value

    def test_padded_line_codes_are_trimmed(self) -> None:
        codes = [f for f in self.lines.fields if f.codec is CODE]
        if not codes:
            pytest.skip("no padded codes on these lines")
        rows = [{**row, **{f.exact: f"  {row[f.exact]}   " for f in codes if row.get(f.exact)}}
                for row in self.line_rows()]  # fmt: skip
        record = self.record({**self.family.row, self.lines.exact: {"results": rows}})
        for item in getattr(record, self.lines.unified):
            for fmap in codes:
                value = getattr(item, fmap.unified)
                assert value is None or value == value.strip()

    # --- writing ------------------------------------------------------------------------

    def test_create_embeds_every_settable_line_property(self) -> None:
        write = self.full_writer()
        body = write(self.record(), method="POST")
        embedded = body[self.lines.exact]
        settable = self.settable_lines()
        assert settable, "a writable lines family sends at least one line property"
        rows = self.ordered_rows()
        assert len(embedded) == len(rows)
        for row, sent in zip(rows, embedded, strict=True):
            expected = {f.exact for f in settable if row.get(f.exact) not in (None, "")}
            assert set(sent) == expected
            for name in sent:
                assert _same(row[name], sent[name]), name
                prop = self.lines.spec.field(name)
                assert prop is not None
                assert prop.on_post

    def test_lines_survive_exact_and_back(self) -> None:
        record = self.record()
        sent = self.full_writer()(record, method="POST")[self.lines.exact]
        rows = [{**row, **body} for row, body in zip(self.ordered_rows(), sent, strict=True)]
        again = self.record({**self.family.row, self.lines.exact: {"results": rows}})
        assert getattr(again, self.lines.unified) == getattr(record, self.lines.unified)

    def test_update_never_sends_lines(self) -> None:
        write = self.full_writer()
        assert self.lines.exact not in write(self.record(), method="PUT")
        with pytest.raises(InvalidBody) as caught:
            write({self.lines.unified: []}, method="PUT")
        assert caught.value.problems == {self.lines.unified: "lines can only be sent when creating"}

    def test_line_problems_are_named_by_index(self) -> None:
        write = self.full_writer()
        base = {name: getattr(self.record(), name) for group in self.family.rmap.required
                for name in group[:1]}  # fmt: skip
        read_only = next(f for f in self.lines.fields if not self.lines.settable(f))
        lines = [{}, {"no_such_field": 1, read_only.unified: "x"}]
        with pytest.raises(InvalidBody) as caught:
            write({**base, self.lines.unified: lines}, method="POST")
        problems = caught.value.problems
        prefix = self.lines.unified
        for index in (0, 1):
            for group in self.lines.required:
                assert problems[f"{prefix}[{index}].{' or '.join(group)}"] == "required to create"
        assert problems[f"{prefix}[1].no_such_field"] == "unknown field"
        assert problems[f"{prefix}[1].{read_only.unified}"] == "read only"


class UnstampedConformance(MapperConformance):
    """For endpoints that send no `Created`/`Modified`: the shared audit check, inverted."""

    def test_common_fields(self) -> None:
        assert "Created" not in self.family.row
        assert self.family.rmap.spec.field("Created") is None
        record: UnifiedRecord = self.record()
        assert record.division == self.family.division
        assert record.id == str(self.family.row[self.family.rmap.spec.key]).lower()
        assert record.remote_was_deleted is False
        assert record.custom_fields == {}
        assert record.created_at is None
        assert record.modified_at is None
