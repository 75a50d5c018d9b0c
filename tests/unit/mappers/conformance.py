"""The conformance suite every mapper family plugs into.

A family describes itself with a `Family` (its `ResourceMap`, its two functions and one
hand-written Exact row that carries every mapped property) and subclasses `MapperConformance`
with that family as `family`. The suite checks what the issue asks of all mappers: the round
trip exact -> unified -> exact keeps every mapped property, creates enforce required fields,
money leaves as Decimal strings in JSON (never a float), Amsterdam wall clock becomes UTC
across both DST changes and back, padded codes are trimmed, and JSON Schema exports.

A map with `lines` (a document) is checked line by line as well, against the line endpoint's
own spec: the sample row must carry its lines expanded (`{"results": [...]}`), out of line
order, its first line with every mapped line property. Lines are read in order, named by
index in a create's problems, embedded under the navigation property of a create's body
(which the header checks leave aside) and refused in an update sent as a mapping.

Checks that cannot apply to a family are not collected for it (see `_applies_to`): the
writing checks of a read-only resource, the line checks of a map without lines, the padded
code checks of a map without codes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers import LinesMap, Method, ResourceMap
from exactbridge.mappers._codecs import CODE, INSTANT, NUMBER
from exactbridge.model import MONEY_PATTERN, LineItem, UnifiedRecord
from exactbridge.wire import encode_datetime, is_guid, to_decimal

FromExact = Callable[..., UnifiedRecord]
ToExact = Callable[..., dict[str, Any]]
Test = TypeVar("Test", bound=Callable[..., None])

MONEY: dict[str, Any] = {"type": "string", "pattern": MONEY_PATTERN, "format": "decimal"}


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
        record_id: the record's id where it is not the row's key in lower case.
    """

    rmap: ResourceMap[Any]
    from_exact: FromExact
    to_exact: ToExact | None
    row: Mapping[str, Any]
    division: int
    required: frozenset[str] = frozenset()
    record_id: str | None = None


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


def _dotted(dumped: Mapping[str, Any], unified: str) -> Any:
    """The value of a unified field (`parent.child` for a value object's field)."""
    parent, _, child = unified.partition(".")
    return dumped[parent][child] if child else dumped[parent]


def _carried(row: Mapping[str, Any], exact: str) -> bool:
    return row.get(exact) not in (None, "")


def _exports_money(schema: Mapping[str, Any]) -> bool:
    """True when a property's schema (or one of its `anyOf` variants) is a money string.

    Only `type`, `pattern` and `format` are compared: a required money field's schema also
    carries its title and description, merged into the property instead of a variant.
    """
    variants = schema.get("anyOf", [schema])
    return any({key: variant.get(key) for key in MONEY} == MONEY for variant in variants)


# --- which checks apply to a family -------------------------------------------------------


def _writable(family: Family) -> bool:
    return family.to_exact is not None


def _has_lines(family: Family) -> bool:
    return family.rmap.lines is not None


def _writes_lines(family: Family) -> bool:
    return _writable(family) and _has_lines(family)


def _has_codes(family: Family) -> bool:
    return any(f.codec is CODE for f in family.rmap.fields)


def _has_line_codes(family: Family) -> bool:
    lines = family.rmap.lines
    return lines is not None and any(f.codec is CODE for f in lines.fields)


def _applies_to(applies: Callable[[Family], bool]) -> Callable[[Test], Test]:
    """Mark a check as one that only some families can run; the others never collect it."""

    def mark(test: Test) -> Test:
        setattr(test, "applies", applies)  # noqa: B010 - a plain attribute on a function
        return test

    return mark


class MapperConformance:
    """Subclass with `family = Family(...)`; pytest collects the subclass."""

    family: ClassVar[Family]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Hide from the subclass every check its family cannot run: pytest collects
        functions only, so a check set to None is not a test there (and not a skip)."""
        super().__init_subclass__(**kwargs)
        family: Family | None = getattr(cls, "family", None)
        if family is None:  # a family group's shared overrides, not a family yet
            return
        for name, check in vars(MapperConformance).items():
            applies = getattr(check, "applies", None)
            if applies is not None and not applies(family):
                setattr(cls, name, None)

    # --- helpers ------------------------------------------------------------------------

    def record(self, row: Mapping[str, Any] | None = None, **kwargs: Any) -> UnifiedRecord:
        fam = self.family
        return fam.from_exact(fam.row if row is None else row, division=fam.division, **kwargs)

    def writer(self) -> ToExact:
        write = self.family.to_exact
        assert write is not None, "only collected for writable families"
        return write

    def header(self, body: dict[str, Any]) -> dict[str, Any]:
        """A create or update body without its embedded lines."""
        if self.family.rmap.lines is not None:
            body.pop(self.family.rmap.lines.exact, None)
        return body

    def partial(self) -> tuple[str, dict[str, Any]]:
        """One field an update may send: its Exact name, and a mapping that sets it to the
        sample's value."""
        rmap = self.family.rmap
        fmap = next(f for f in rmap.fields if rmap.settable(f, "PUT"))
        parent, _, child = fmap.unified.partition(".")
        value = _dotted(self.record().model_dump(), fmap.unified)
        return fmap.exact, {parent: {child: value}} if child else {parent: value}

    @property
    def lines_map(self) -> LinesMap[Any]:
        lines = self.family.rmap.lines
        assert lines is not None, "only collected for families with lines"
        return lines

    def line_rows(self) -> list[Mapping[str, Any]]:
        """The sample's line rows in the order Exact sent them."""
        rows: list[Mapping[str, Any]] = self.family.row[self.lines_map.exact]["results"]
        return rows

    def ordered_line_rows(self) -> list[Mapping[str, Any]]:
        """The sample's line rows in the order the record holds them."""
        order = self.lines_map.order_by
        rows = self.line_rows()
        return sorted(rows, key=lambda row: row[order]) if order is not None else rows

    def lines(self, record: UnifiedRecord | None = None) -> list[LineItem]:
        record = self.record() if record is None else record
        found: list[LineItem] | None = getattr(record, self.lines_map.unified)
        assert found is not None
        return found

    def with_lines(self, rows: list[Mapping[str, Any]]) -> UnifiedRecord:
        """The sample's record with other line rows."""
        return self.record({**self.family.row, self.lines_map.exact: {"results": rows}})

    # --- the sample covers the map ------------------------------------------------------

    def test_sample_row_carries_every_mapped_property(self) -> None:
        row = self.family.row
        assert [f.exact for f in self.family.rmap.fields if not _carried(row, f.exact)] == []

    def test_every_mapped_property_exists_in_the_spec(self) -> None:
        rmap = self.family.rmap
        assert [f.exact for f in rmap.fields if rmap.spec.get(f.exact) is None] == []

    def test_every_mapped_field_is_filled_from_the_sample(self) -> None:
        dumped = self.record().model_dump()
        for fmap in self.family.rmap.fields:
            assert _dotted(dumped, fmap.unified) is not None, fmap.unified

    def test_common_fields(self) -> None:
        fam = self.family
        record = self.record()
        assert record.division == fam.division
        assert record.id == (fam.record_id or str(fam.row[fam.rmap.spec.key]).lower())
        assert record.remote_was_deleted is False
        assert record.custom_fields == {}
        if fam.rmap.spec.field("Created") is None:  # no audit stamps on this endpoint
            assert "Created" not in fam.row
            assert (record.created_at, record.modified_at) == (None, None)
        else:
            assert record.created_at is not None
            assert record.created_at.tzinfo is UTC

    # --- round trip ---------------------------------------------------------------------

    @_applies_to(_writable)
    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_round_trip_keeps_every_settable_property(self, method: Method) -> None:
        rmap = self.family.rmap
        body = self.header(self.writer()(self.record(), method=method))
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

    @_applies_to(_writable)
    def test_unified_survives_exact_and_back(self) -> None:
        record = self.record()
        body = self.writer()(record, method="PUT")
        again = self.record({**self.family.row, **body})
        assert again == record

    @_applies_to(_writable)
    def test_partial_mapping_sends_only_its_keys(self) -> None:
        exact, partial = self.partial()
        assert list(self.writer()(partial, method="PUT")) == [exact]

    # --- validation ---------------------------------------------------------------------

    @_applies_to(_writable)
    def test_required_fields_enforced_on_create(self) -> None:
        with pytest.raises(InvalidBody) as caught:
            self.writer()({}, method="POST")
        expected = set(self.family.required)
        lines = self.family.rmap.lines
        if lines is not None and lines.at_least:
            expected.add(lines.unified)  # a document needs its lines
        assert set(caught.value.problems) == expected
        assert caught.value.path == self.family.rmap.spec.path

    @_applies_to(_writable)
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
        assert _floats(dumped) == []  # lines included
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

    @_applies_to(_has_codes)
    def test_padded_codes_are_trimmed_both_ways(self) -> None:
        codes = [f for f in self.family.rmap.fields if f.codec is CODE]
        padded = {f.exact: "   " + str(self.family.row[f.exact]).strip() + "  " for f in codes}
        record = self.record({**self.family.row, **padded})
        dumped = record.model_dump()
        for fmap in codes:
            assert _dotted(dumped, fmap.unified) == padded[fmap.exact].strip()
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
        props = self.family.rmap.model.model_json_schema()["properties"]
        for fmap in self.family.rmap.fields:
            parent = fmap.unified.partition(".")[0]
            assert parent in props, parent
            if fmap.codec is NUMBER:
                assert _exports_money(props[parent]), parent
        for name in ("id", "division", "created_at", "modified_at", "remote_data"):
            assert name in props

    # --- lines: the sample covers them --------------------------------------------------

    @_applies_to(_has_lines)
    def test_sample_lines_carry_every_mapped_property(self) -> None:
        rows = self.line_rows()
        assert len(rows) >= 2
        order = self.lines_map.order_by
        if order is not None:
            numbers = [row[order] for row in rows]
            assert numbers != sorted(numbers), "sample lines must come out of line order"
        assert [f.exact for f in self.lines_map.fields if not _carried(rows[0], f.exact)] == []

    @_applies_to(_has_lines)
    def test_every_mapped_line_property_exists_in_the_line_spec(self) -> None:
        lmap = self.lines_map
        assert [f.exact for f in lmap.fields if lmap.spec.field(f.exact) is None] == []
        nav = self.family.rmap.spec.get(lmap.exact)
        assert nav is not None
        assert getattr(nav, "target", None) == lmap.spec.path

    # --- lines: reading -----------------------------------------------------------------

    @_applies_to(_has_lines)
    def test_lines_are_read_in_line_order_with_their_keys(self) -> None:
        lmap, rows = self.lines_map, self.ordered_line_rows()
        lines = self.lines()
        assert [line.id for line in lines] == [str(row[lmap.spec.key]).lower() for row in rows]
        for fmap in (f for f in lmap.fields if f.exact == lmap.order_by):  # where it is mapped
            numbers = [row[fmap.exact] for row in rows]
            assert [getattr(line, fmap.unified) for line in lines] == numbers

    @_applies_to(_has_lines)
    def test_every_mapped_line_field_is_filled(self) -> None:
        for row, line in zip(self.ordered_line_rows(), self.lines(), strict=True):
            dumped = line.model_dump()
            carried = [f for f in self.lines_map.fields if _carried(row, f.exact)]
            assert [f.unified for f in carried if dumped[f.unified] is None] == []

    @_applies_to(_has_lines)
    def test_line_money_is_decimal_and_a_string_in_json(self) -> None:
        lmap = self.lines_map
        record = self.record()
        dumped = json.loads(record.model_dump_json())[lmap.unified]
        schema = lmap.model.model_json_schema()["properties"]
        rows = self.ordered_line_rows()
        for fmap in lmap.fields:
            if fmap.codec is not NUMBER:
                continue
            assert _exports_money(schema[fmap.unified]), fmap.unified
            for row, line, raw in zip(rows, self.lines(record), dumped, strict=True):
                if not _carried(row, fmap.exact):
                    continue
                value = getattr(line, fmap.unified)
                assert isinstance(value, Decimal)
                assert value == to_decimal(row[fmap.exact])
                assert isinstance(raw[fmap.unified], str)
                assert Decimal(raw[fmap.unified]) == value

    @_applies_to(_has_line_codes)
    def test_padded_line_codes_are_trimmed(self) -> None:
        codes = [f for f in self.lines_map.fields if f.codec is CODE]
        rows = [
            {**row, **{f.exact: f"  {row[f.exact]}   " for f in codes if _carried(row, f.exact)}}
            for row in self.ordered_line_rows()
        ]
        record = self.with_lines(rows)
        for row, line in zip(rows, self.lines(record), strict=True):
            for fmap in codes:
                if _carried(row, fmap.exact):
                    assert getattr(line, fmap.unified) == row[fmap.exact].strip(), fmap.exact
        if self.family.to_exact is not None:
            sent = self.family.to_exact(record, method="POST")[self.lines_map.exact]
            for row, line_body in zip(rows, sent, strict=True):
                for fmap in codes:
                    if fmap.exact in line_body:
                        assert line_body[fmap.exact] == row[fmap.exact].strip(), fmap.exact

    @_applies_to(_has_lines)
    def test_deferred_lines_read_as_none(self) -> None:
        deferred = {"__deferred": {"uri": "https://start.exactonline.nl/api/v1/1/x"}}
        record = self.record({**self.family.row, self.lines_map.exact: deferred})
        assert getattr(record, self.lines_map.unified) is None

    # --- lines: writing -----------------------------------------------------------------

    @_applies_to(_writes_lines)
    def test_create_embeds_every_settable_line_property(self) -> None:
        lmap = self.lines_map
        embedded = self.writer()(self.record(), method="POST")[lmap.exact]
        settable = [f for f in lmap.fields if lmap.settable(f)]
        assert settable, "a writable lines family sends at least one line property"
        rows = self.ordered_line_rows()
        assert len(embedded) == len(rows)
        for row, sent in zip(rows, embedded, strict=True):
            assert set(sent) == {f.exact for f in settable if _carried(row, f.exact)}
            for name in sent:
                assert _same(row[name], sent[name]), name

    @_applies_to(_writes_lines)
    def test_lines_survive_exact_and_back(self) -> None:
        record = self.record()
        sent = self.writer()(record, method="POST")[self.lines_map.exact]
        rows = [{**row, **body} for row, body in zip(self.ordered_line_rows(), sent, strict=True)]
        assert self.lines(self.with_lines(rows)) == self.lines(record)

    @_applies_to(_writes_lines)
    def test_update_never_sends_lines(self) -> None:
        """Exact changes lines through their own endpoint: a record's update leaves them out,
        and a mapping that sends them is refused (for them alone)."""
        write, lines = self.writer(), self.lines_map
        assert lines.exact not in write(self.record(), method="PUT")
        with pytest.raises(InvalidBody) as caught:
            write({**self.partial()[1], lines.unified: []}, method="PUT")
        assert caught.value.problems == {lines.unified: "lines can only be sent when creating"}

    @_applies_to(_writes_lines)
    def test_line_problems_are_named_by_index(self) -> None:
        lmap = self.lines_map
        dumped = self.record().model_dump()
        header = {group[0]: _dotted(dumped, group[0]) for group in self.family.rmap.required}
        first = self.lines()[0]
        good = {group[0]: getattr(first, group[0]) for group in lmap.required}
        number = next(f.unified for f in lmap.fields if f.codec is NUMBER and lmap.settable(f))
        bad = {"no_such_field": 1}
        read_only = [f.unified for f in lmap.fields if not lmap.settable(f)][:1]
        bad.update(dict.fromkeys(read_only, "x"))
        lines = [good, {**good, number: "not a number"}, bad]
        with pytest.raises(InvalidBody) as caught:
            self.writer()({**header, lmap.unified: lines}, method="POST")
        problems = dict(caught.value.problems)
        assert "decimal" in problems.pop(f"{lmap.unified}[1].{number}").lower()
        assert problems == {
            **{f"{lmap.unified}[2].{' or '.join(group)}": "required to create"
               for group in lmap.required},
            f"{lmap.unified}[2].no_such_field": "unknown field",
            **{f"{lmap.unified}[2].{name}": "read only" for name in read_only},
        }  # fmt: skip
