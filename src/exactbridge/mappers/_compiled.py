"""Compiled maps: `record_from_exact`, `model_validate` and `model_dump_json` of one
`ResourceMap`, written out as Python source once, for the sync's hot loop.

`compile_map(rmap)` generates a reader (row, division) -> the record's JSON-ready document
(see `_finish`), which `record_json` writes byte for byte as the pydantic path writes the
record. The reader builds the very values dict `record_from_exact` builds (same keys, same
values: each property decoded inline for the common wire type, through the memos of
`_quick`, and by the codec itself for anything else), with the lines as their values
dicts, then hands it to the model's finisher. A reader raises where the reference would
raise or where it cannot vouch for a row (`Declined`); its caller then maps the row the
pydantic way, which decides.

Not compiled (None): maps whose model, line model or value objects have no shape, and maps
whose fields name what the model lacks (pydantic would refuse every row).

One difference is by design: the document's before-validators receive the lines as dicts
where pydantic hands them validated line models. Validators are written for both (a draft
arrives as dicts), the differential tests hold them to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from exactbridge.exact import Edm, EntitySpec
from exactbridge.mappers._codecs import (
    CODE,
    DAY,
    FLAG,
    GUID,
    INSTANT,
    INTEGER,
    NUMBER,
    TEXT,
    Choice,
)
from exactbridge.mappers._core import FieldMap, LinesMap, ResourceMap, _expanded
from exactbridge.mappers._finish import finisher_of
from exactbridge.mappers._quick import (
    DAYS,
    GUIDS,
    INSTANTS,
    MISSING,
    NUMBERS,
    day,
    decoded,
    guid,
    number,
    remember,
    utc_instant,
)
from exactbridge.mappers._shapes import Declined, ModelShape, shape_of
from exactbridge.wire import parse_guid

__all__ = ["CompiledMap", "compile_map"]

Reader = Callable[[Mapping[str, Any], int], dict[str, Any]]

_COMMON: Final = ("id", "division", "created_at", "modified_at")


@dataclass(frozen=True)
class CompiledMap:
    """A map compiled for reading.

    Attributes:
        rmap: the map.
        read: `(row, division) -> document`; raises where the pydantic path must decide.
        source: the generated Python source (for a reader of the code, and for tests).
    """

    rmap: ResourceMap[Any]
    read: Reader
    source: str


_COMPILED: dict[tuple[int, str], tuple[ResourceMap[Any], CompiledMap | None]] = {}


def compile_map(rmap: ResourceMap[Any], *, id_prefix: str = "") -> CompiledMap | None:
    """The compiled reader of `rmap` (made once per map and prefix), None if the fast path
    cannot vouch for its model.

    `id_prefix` is put before a record id that lacks it, as `Source.record` does.
    """
    key = (id(rmap), id_prefix)
    found = _COMPILED.get(key)
    if found is None or found[0] is not rmap:
        found = _COMPILED[key] = (rmap, _compile(rmap, id_prefix))
    return found[1]


def _compile(rmap: ResourceMap[Any], id_prefix: str) -> CompiledMap | None:
    finish = finisher_of(rmap.model)
    shape = shape_of(rmap.model)
    if finish is None or shape is None or not _fits(shape, rmap.fields, _COMMON):
        return None
    lines_map = rmap.lines
    if lines_map is not None:
        field = shape.field(lines_map.unified)
        line_shape = shape_of(lines_map.model)
        if (
            field is None
            or field.kind != "lines"
            or field.inner is None
            or field.inner.model is not lines_map.model
            or line_shape is None
            or not _fits(line_shape, lines_map.fields, ("id",))
        ):
            return None
    emitter = _Emitter({"finish": finish, "Declined": Declined, "prefix": id_prefix})
    source = emitter.reader(rmap, id_prefix)
    exec(compile(source, f"<reader of {rmap.spec.path}>", "exec"), emitter.namespace)  # noqa: S102
    return CompiledMap(rmap=rmap, read=emitter.namespace["read"], source=source)


def _fits(shape: ModelShape, fields: tuple[FieldMap, ...], common: tuple[str, ...]) -> bool:
    """True when every value the reader writes names a field of the model (and a value
    object's field, for `parent.child`)."""
    for name in (*common, *(f.unified for f in fields)):
        parent, _, child = name.partition(".")
        found = shape.field(parent)
        if found is None:
            return False
        if child and (
            found.kind != "nested" or found.inner is None or not found.inner.field(child)
        ):
            return False
    return True


class _Emitter:
    """Writes a reader's source; the values it refers to go into `namespace`."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace: dict[str, Any] = {
            "Decimal": Decimal,
            "MISSING": MISSING,
            "decoded": decoded,
            "days": DAYS,
            "guids": GUIDS,
            "instants": INSTANTS,
            "numbers": NUMBERS,
            "day": day,
            "expanded": _expanded,
            "guid": guid,
            "number": number,
            "parse_guid": parse_guid,
            "remember": remember,
            "utc_instant": utc_instant,
            "decode_instant": INSTANT.decode,
            **namespace,
        }
        self._names: dict[tuple[str, int], str] = {}

    def reader(self, rmap: ResourceMap[Any], id_prefix: str) -> str:
        body = [
            "get = row.get",
            f"key = get({rmap.spec.key!r})",
            "if key is None:",
            "    raise Declined('no key')",
            *self._key("key", "identity", rmap.spec),
            *self._instant("Created", "created"),
            *self._instant("Modified", "modified"),
            "values = {'id': identity, 'division': division, "
            "'created_at': created, 'modified_at': modified}",
        ]
        for fmap in rmap.fields:
            body += self._field(fmap, "get", "values")
        if rmap.lines is not None:
            body += self._lines(rmap.lines)
        body.append("document = finish(values)")
        if id_prefix:
            body += [
                "if not document['id'].startswith(prefix):",
                "    document['id'] = prefix + document['id']",
            ]
        body.append("return document")
        return "\n".join(["def read(row, division):", *(f"    {line}" for line in body)])

    def _key(self, wire: str, name: str, spec: EntitySpec) -> list[str]:
        """The key as `record_from_exact` writes it (`parse_guid(str(key))` for a GUID)."""
        if spec.key_field.edm is Edm.GUID:
            fast = f"guid({wire}) if type({wire}) is str else parse_guid(str({wire}))"
        else:
            fast = f"{wire} if type({wire}) is str else str({wire})"
        return [f"{name} = {fast}"]

    def _instant(self, prop: str, name: str) -> list[str]:
        return [
            f"x = get({prop!r})",
            f"{name} = None if x is None else "
            "(instants.get(x) or utc_instant(x)) if type(x) is str else decode_instant(x)",
        ]

    def _lines(self, lines_map: LinesMap[Any]) -> list[str]:
        """`_lines_from_exact`: the expanded rows in line order, each a values dict."""
        body = [f"rows = expanded(get({lines_map.exact!r}))", "if rows is not None:"]
        inner = []
        if lines_map.order_by is not None:
            self.namespace["line_order"] = _order(lines_map.order_by)
            inner.append("rows = sorted(rows, key=line_order)")
        inner += [
            "lines = []",
            "for line in rows:",
            "    line_get = line.get",
            "    line_values = {}",
            f"    key = line_get({lines_map.spec.key!r})",
            "    if key is not None:",
            *(f"        {x}" for x in self._key("key", "line_values['id']", lines_map.spec)),
        ]
        for fmap in lines_map.fields:
            inner += [f"    {x}" for x in self._field(fmap, "line_get", "line_values")]
        inner += ["    lines.append(line_values)", f"values[{lines_map.unified!r}] = lines"]
        return [*body, *(f"    {x}" for x in inner)]

    def _field(self, fmap: FieldMap, get: str, values: str) -> list[str]:
        """`_decode_into` for one property: skip absent properties and None values."""
        parent, _, child = fmap.unified.partition(".")
        put = (
            f"{values}.setdefault({parent!r}, {{}})[{child!r}]"
            if child
            else f"{values}[{parent!r}]"
        )
        codec = fmap.codec
        decode = self._global("decode", codec, codec.decode)
        head = f"x = {get}({fmap.exact!r})"
        if codec is TEXT:
            return [
                head,
                "if x is not None:",
                "    if type(x) is str:",
                "        if x:",
                f"            {put} = x",
                "    else:",
                f"        x = {decode}(x)",
                "        if x is not None:",
                f"            {put} = x",
            ]
        if codec is CODE:
            return [
                head,
                "if x is not None:",
                f"    x = (x.strip() or None) if type(x) is str else {decode}(x)",
                "    if x is not None:",
                f"        {put} = x",
            ]
        if codec is INTEGER:
            return [head, "if x is not None:", f"    {put} = x if type(x) is int else {decode}(x)"]
        if codec is NUMBER:
            return [
                head,
                "if x is not None:",
                "    kind = type(x)",
                f"    {put} = (numbers.get(x) or number(x)) if kind is float "
                f"else Decimal(x) if kind is int else {decode}(x)",
            ]
        if codec is DAY:
            fast = f"(days.get(x) or day(x)) if type(x) is str else {decode}(x)"
            return [head, "if x is not None:", f"    {put} = {fast}"]
        if codec is INSTANT:
            fast = f"(instants.get(x) or utc_instant(x)) if type(x) is str else {decode}(x)"
            return [head, "if x is not None:", f"    {put} = {fast}"]
        if codec is FLAG:
            return [
                f"x = {get}({fmap.exact!r}, MISSING)",
                "if x is not MISSING:",
                f"    {put} = x if type(x) is bool else {decode}(x)",
            ]
        if codec is GUID:
            return [
                head,
                "if x is not None:",
                "    if type(x) is str:",
                "        x = guids.get(x) or (remember(guids, guid, x) if x else None)",
                "    else:",
                f"        x = {decode}(x)",
                "    if x is not None:",
                f"        {put} = x",
            ]
        if isinstance(codec, Choice) and len({type(k) for k in codec.table}) == 1:
            (wire_type,) = {type(k) for k in codec.table}
            memo = self._global("memo", codec, {})
            kind = self._global("wire_type", wire_type, wire_type)
            absent = "None" if codec.default is None else "MISSING"
            return [
                f"x = {get}({fmap.exact!r}{', MISSING' if absent == 'MISSING' else ''})",
                f"if x is not {absent}:",
                f"    if type(x) is {kind}:",
                f"        y = {memo}.get(x, MISSING)",
                "        if y is MISSING:",
                f"            y = remember({memo}, {decode}, x)",
                "    else:",
                f"        y = {decode}(x)",
                "    if y is not None:",
                f"        {put} = y",
            ]
        memo = self._global("memo", codec, {})
        return [
            f"x = {get}({fmap.exact!r}, MISSING)",
            "if x is not MISSING:",
            f"    x = decoded({memo}, {decode}, x)",
            "    if x is not None:",
            f"        {put} = x",
        ]

    def _global(self, kind: str, owner: object, value: object) -> str:
        """The namespace name of `value`, one per (kind, owner): codecs share memos."""
        key = (kind, id(owner))
        if key not in self._names:
            self._names[key] = name = f"{kind}_{len(self._names)}"
            self.namespace[name] = value
        return self._names[key]


def _order(name: str) -> Callable[[Mapping[str, Any]], tuple[bool, Any]]:
    """`_lines_from_exact`'s sort key: by `name`, lines without one last."""

    def key(line: Mapping[str, Any]) -> tuple[bool, Any]:
        return (line.get(name) is None, line.get(name) or 0)

    return key
