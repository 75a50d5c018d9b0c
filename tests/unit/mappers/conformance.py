"""The conformance suite every mapper family plugs into.

A family describes itself with a `Family` (its `ResourceMap`, its two functions and one
hand-written Exact row that carries every mapped property) and subclasses `MapperConformance`
with that family as `family`. The suite checks what the issue asks of all mappers: the round
trip exact -> unified -> exact keeps every mapped property, creates enforce required fields,
money leaves as Decimal strings in JSON (never a float), Amsterdam wall clock becomes UTC
across both DST changes and back, padded codes are trimmed, and JSON Schema exports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers import Method, ResourceMap
from exactbridge.mappers._codecs import CODE, INSTANT, NUMBER
from exactbridge.model import MONEY_PATTERN, UnifiedRecord
from exactbridge.wire import encode_datetime, is_guid, to_decimal

FromExact = Callable[..., UnifiedRecord]
ToExact = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class Family:
    """One mapper family as the suite sees it.

    Attributes:
        rmap: the family's resource map.
        from_exact: `row, *, division, remote_data=False -> record`.
        to_exact: `record | mapping, *, method -> body`; None for read-only resources.
        row: an Exact JSON row carrying every mapped property with a non-empty value.
        division: division passed to `from_exact`.
        required: problem keys a create with an empty body must report.
    """

    rmap: ResourceMap[Any]
    from_exact: FromExact
    to_exact: ToExact | None
    row: Mapping[str, Any]
    division: int
    required: frozenset[str] = frozenset()


def _same(wire_in: Any, wire_out: Any) -> bool:
    if isinstance(wire_in, str) and isinstance(wire_out, str):
        if is_guid(wire_in):  # GUIDs compare regardless of case; Exact sends lower case
            return wire_in.lower() == wire_out
        return wire_in.strip() == wire_out.strip()
    if isinstance(wire_in, int | float) and not isinstance(wire_in, bool):
        return to_decimal(wire_in) == to_decimal(wire_out)
    return bool(wire_in == wire_out)


def _floats(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for inner in value.values() for f in _floats(inner)]
    if isinstance(value, list):
        return [f for inner in value for f in _floats(inner)]
    return []


class MapperConformance:
    """Subclass with `family = Family(...)`; pytest collects the subclass."""

    family: ClassVar[Family]

    def record(self, row: Mapping[str, Any] | None = None, **kwargs: Any) -> UnifiedRecord:
        fam = self.family
        return fam.from_exact(fam.row if row is None else row, division=fam.division, **kwargs)

    def writer(self) -> ToExact:
        if self.family.to_exact is None:
            pytest.skip("read-only resource")
        return self.family.to_exact

    # --- the sample covers the map ------------------------------------------------------

    def test_sample_row_carries_every_mapped_property(self) -> None:
        missing = [
            f.exact
            for f in self.family.rmap.fields
            if self.family.row.get(f.exact) is None or self.family.row.get(f.exact) == ""
        ]
        assert missing == []

    def test_every_mapped_field_is_filled_from_the_sample(self) -> None:
        dumped = self.record().model_dump()
        for fmap in self.family.rmap.fields:
            parent, _, child = fmap.unified.partition(".")
            value = dumped[parent][child] if child else dumped[parent]
            assert value is not None, fmap.unified

    def test_common_fields(self) -> None:
        record = self.record()
        assert record.division == self.family.division
        assert record.id == str(self.family.row[self.family.rmap.spec.key]).lower()
        assert record.remote_was_deleted is False
        assert record.custom_fields == {}
        assert record.created_at is not None
        assert record.created_at.tzinfo is UTC

    # --- round trip ---------------------------------------------------------------------

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_round_trip_keeps_every_settable_property(self, method: Method) -> None:
        rmap = self.family.rmap
        body = self.writer()(self.record(), method=method)
        settable = [f for f in rmap.fields if rmap.settable(f, method)]
        assert settable, "a writable family maps at least one settable property"
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

    def test_unified_survives_exact_and_back(self) -> None:
        record = self.record()
        body = self.writer()(record, method="PUT")
        again = self.record({**self.family.row, **body})
        assert again == record

    def test_partial_mapping_sends_only_its_keys(self) -> None:
        write = self.writer()
        rmap = self.family.rmap
        fmap = next(f for f in rmap.fields if rmap.settable(f, "PUT"))
        dumped = self.record().model_dump()
        parent, _, child = fmap.unified.partition(".")
        value = dumped[parent][child] if child else dumped[parent]
        partial = {parent: {child: value}} if child else {parent: value}
        body = write(partial, method="PUT")
        assert list(body) == [fmap.exact]

    # --- validation ---------------------------------------------------------------------

    def test_required_fields_enforced_on_create(self) -> None:
        with pytest.raises(InvalidBody) as caught:
            self.writer()({}, method="POST")
        expected = set(self.family.required)
        lines = self.family.rmap.lines
        if lines is not None and lines.at_least:
            expected.add(lines.unified)  # a document needs its lines
        assert set(caught.value.problems) == expected
        assert caught.value.path == self.family.rmap.spec.path

    def test_unknown_and_read_only_fields_are_named(self) -> None:
        with pytest.raises(InvalidBody) as caught:
            self.writer()({"id": "x", "no_such_field": 1, "created_at": None}, method="PUT")
        assert caught.value.problems == {
            "id": "read only",
            "no_such_field": "unknown field",
            "created_at": "read only",
        }

    # --- money --------------------------------------------------------------------------

    def test_money_is_decimal_and_a_string_in_json(self) -> None:
        record = self.record()
        dumped = json.loads(record.model_dump_json())
        assert _floats(dumped) == []
        for fmap in self.family.rmap.fields:
            if fmap.codec is not NUMBER:
                continue
            value = getattr(record, fmap.unified)
            assert isinstance(value, Decimal)
            assert value == to_decimal(self.family.row[fmap.exact])
            assert isinstance(dumped[fmap.unified], str)
            assert Decimal(dumped[fmap.unified]) == value

    # --- time ---------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("wall", "utc"),
        [
            (datetime(2024, 1, 15, 12, 0), datetime(2024, 1, 15, 11, 0, tzinfo=UTC)),  # CET
            (datetime(2024, 7, 1, 12, 0), datetime(2024, 7, 1, 10, 0, tzinfo=UTC)),  # CEST
            (datetime(2024, 3, 31, 1, 59), datetime(2024, 3, 31, 0, 59, tzinfo=UTC)),
            (datetime(2024, 3, 31, 3, 0), datetime(2024, 3, 31, 1, 0, tzinfo=UTC)),
            (datetime(2024, 10, 27, 1, 59), datetime(2024, 10, 26, 23, 59, tzinfo=UTC)),
            (datetime(2024, 10, 27, 3, 0), datetime(2024, 10, 27, 2, 0, tzinfo=UTC)),
        ],
    )
    def test_amsterdam_wall_clock_becomes_utc_and_back(self, wall: datetime, utc: datetime) -> None:
        wire = encode_datetime(wall)
        record = self.record({**self.family.row, "Created": wire, "Modified": wire})
        assert record.created_at == utc
        assert record.modified_at == utc
        assert INSTANT.encode(record.created_at) == wire
        dumped = json.loads(record.model_dump_json())
        assert datetime.fromisoformat(dumped["created_at"]) == utc

    # --- codes and raw data -------------------------------------------------------------

    def test_padded_codes_are_trimmed_both_ways(self) -> None:
        rmap = self.family.rmap
        codes = [f for f in rmap.fields if f.codec is CODE]
        if not codes:
            pytest.skip("no padded codes in this family")
        padded = {f.exact: "   " + str(self.family.row[f.exact]).strip() + "  " for f in codes}
        record = self.record({**self.family.row, **padded})
        dumped = record.model_dump()
        for fmap in codes:
            parent, _, child = fmap.unified.partition(".")
            value = dumped[parent][child] if child else dumped[parent]
            assert value == padded[fmap.exact].strip()
        if self.family.to_exact is not None:
            body = self.family.to_exact(record, method="PUT")
            for fmap in codes:
                if fmap.exact in body:
                    assert body[fmap.exact] == padded[fmap.exact].strip()

    def test_remote_data_only_on_request(self) -> None:
        assert self.record().remote_data is None
        assert self.record(remote_data=True).remote_data == dict(self.family.row)

    # --- schema -------------------------------------------------------------------------

    def test_json_schema_exports_money_as_decimal_strings(self) -> None:
        schema = self.family.rmap.model.model_json_schema()
        props = schema["properties"]
        for fmap in self.family.rmap.fields:
            parent = fmap.unified.partition(".")[0]
            assert parent in props, parent
            if fmap.codec is NUMBER:
                variants = props[parent].get("anyOf", [props[parent]])
                assert {"type": "string", "pattern": MONEY_PATTERN, "format": "decimal"} in (
                    variants
                )
        for name in ("id", "division", "created_at", "modified_at", "remote_data"):
            assert name in props
