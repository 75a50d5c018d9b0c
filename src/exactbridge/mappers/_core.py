"""The generic mapping engine: a resource is a table of (unified field, Exact property, codec).

Every mapper family declares a `ResourceMap` (data, not code) and gets both directions from
here, so all families behave alike and one conformance suite can test them all:

- `record_from_exact` reads a plain JSON row (as `exactbridge.wire.loads` parses Exact's
  response: `/Date(ms)/` strings, JSON numbers, padded codes; `__metadata` and deferred
  navigations are ignored) into a frozen unified record.
- `record_to_exact` builds a POST or PUT body: only properties the endpoint's `EntitySpec`
  lets that method set. A unified model instance sends every mapped settable field that is
  not None (so None never clears a value by accident); a mapping (a partial update) sends
  exactly the keys given, None included, and every unknown, read-only or badly typed key is
  reported at once in `InvalidBody.problems`, before any call to Exact.

Nested value objects (`address.city`) are one level deep, named with a dot. Documents carry
their lines through a `LinesMap`: read from the expanded navigation (`SalesInvoiceLines`),
sorted by line number, and embedded in the header's POST body, each line checked against the
line endpoint's own spec; problems name the line by index (`line_items[2].item_id`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.exact import Edm, EntitySpec
from exactbridge.mappers._codecs import INSTANT, Codec
from exactbridge.model import LineItem, UnifiedRecord
from exactbridge.wire import parse_guid

__all__ = [
    "COMMON_FIELDS",
    "FieldMap",
    "LinesMap",
    "Method",
    "ResourceMap",
    "record_from_exact",
    "record_to_exact",
]

Method = Literal["POST", "PUT"]
R = TypeVar("R", bound=UnifiedRecord)
L = TypeVar("L", bound=LineItem)

_CUSTOM = "custom_fields"

COMMON_FIELDS: frozenset[str] = frozenset(UnifiedRecord.model_fields)
"""Fields every record has; they are read only (set from the row and the call, never sent)."""


@dataclass(frozen=True)
class FieldMap:
    """One unified field and the Exact property behind it.

    Attributes:
        unified: field name, `parent.child` for a field of a nested value object.
        exact: Exact property name, case as Exact sends it.
        codec: how values cross between the two.
    """

    unified: str
    exact: str
    codec: Codec


@dataclass(frozen=True)
class LinesMap(Generic[L]):
    """How a document's lines map onto the line endpoint Exact embeds in the header.

    Attributes:
        unified: the document's field holding the lines (`line_items`).
        exact: the navigation property (`SalesInvoiceLines`), expanded on read and embedded
            in the header's POST body.
        model: the unified line model.
        spec: the line endpoint; its POST flags decide what a line may carry.
        fields: the mapped line properties (besides the line key `ID`).
        required: unified field groups every new line needs, one field of each group.
        order_by: Exact property giving the lines' order (Exact sends them in key order).
        at_least: lines a create must carry (Exact refuses a document without lines).
    """

    unified: str
    exact: str
    model: type[L]
    spec: EntitySpec
    fields: tuple[FieldMap, ...]
    required: tuple[tuple[str, ...], ...] = ()
    order_by: str | None = "LineNumber"
    at_least: int = 1

    def settable(self, fmap: FieldMap) -> bool:
        """True when a line embedded in a create may send the field's Exact property."""
        prop = self.spec.field(fmap.exact)
        return prop is not None and prop.on_post


@dataclass(frozen=True)
class ResourceMap(Generic[R]):
    """How one unified resource maps onto one Exact endpoint.

    Attributes:
        model: the unified model class.
        spec: the Exact endpoint; its per-property POST/PUT flags decide what may be sent.
        fields: the mapped properties (besides the key, `Created` and `Modified`).
        required: unified field groups a create needs, at least one field of each group.
        post_defaults: Exact properties a create always carries (a role, say), unless a
            mapped field sets them.
        lines: the document's lines, if it has any.
    """

    model: type[R]
    spec: EntitySpec
    fields: tuple[FieldMap, ...]
    required: tuple[tuple[str, ...], ...] = ()
    post_defaults: Mapping[str, Any] = field(default_factory=dict)
    lines: LinesMap[Any] | None = None

    def from_exact(
        self,
        row: Mapping[str, Any],
        *,
        division: int,
        remote_data: bool = False,
        custom: Sequence[FieldMap] = (),
    ) -> R:
        """Map one Exact JSON row into a unified record (see `record_from_exact`)."""
        return record_from_exact(
            self, row, division=division, remote_data=remote_data, custom=custom
        )

    def to_exact(
        self,
        source: Mapping[str, Any] | R,
        *,
        method: Method,
        custom: Sequence[FieldMap] = (),
    ) -> dict[str, Any]:
        """Build a POST or PUT body (see `record_to_exact`)."""
        return record_to_exact(self, source, method=method, custom=custom)

    def by_unified(self) -> dict[str, FieldMap]:
        """The field table keyed by unified name."""
        return {f.unified: f for f in self.fields}

    def settable(self, fmap: FieldMap, method: Method) -> bool:
        """True when `method` may send the field's Exact property."""
        prop = self.spec.field(fmap.exact)
        if prop is None:
            return False
        return prop.on_post if method == "POST" else prop.on_put


def record_from_exact(
    rmap: ResourceMap[R],
    row: Mapping[str, Any],
    *,
    division: int,
    remote_data: bool = False,
    custom: Sequence[FieldMap] = (),
) -> R:
    """Map one Exact JSON row into the unified record of `rmap`.

    `custom` maps further Exact properties (free fields, say) into `custom_fields`, keyed by
    each `FieldMap.unified` name: the per-connection field mapping.

    Raises:
        WireFormatError: the row lacks its key or carries a value its codec cannot read.
        pydantic.ValidationError: the mapped values break the model (a missing name, say).
    """
    key = row.get(rmap.spec.key)
    if key is None:
        msg = f"{rmap.spec.path} row without its key {rmap.spec.key}"
        raise WireFormatError(msg, value=dict(row))
    key_text = str(key)
    values: dict[str, Any] = {
        "id": parse_guid(key_text) if rmap.spec.key_field.edm is Edm.GUID else key_text,
        "division": division,
        "created_at": INSTANT.decode(row.get("Created")),
        "modified_at": INSTANT.decode(row.get("Modified")),
    }
    _decode_into(values, rmap.fields, row)
    if rmap.lines is not None:
        lines = _expanded(row.get(rmap.lines.exact))
        if lines is not None:
            values[rmap.lines.unified] = _lines_from_exact(rmap.lines, lines)
    extra = {f.unified: f.codec.decode(row[f.exact]) for f in custom if f.exact in row}
    if extra:
        values["custom_fields"] = extra
    if remote_data:
        values["remote_data"] = dict(row)
    return rmap.model.model_validate(values)


def _decode_into(
    values: dict[str, Any], fields: Sequence[FieldMap], row: Mapping[str, Any]
) -> None:
    for fmap in fields:
        if fmap.exact not in row:
            continue
        value = fmap.codec.decode(row[fmap.exact])
        if value is None:
            continue
        parent, _, child = fmap.unified.partition(".")
        if child:
            values.setdefault(parent, {})[child] = value
        else:
            values[parent] = value


def _expanded(nav: Any) -> list[Mapping[str, Any]] | None:
    """The rows of an expanded navigation (`{"results": [...]}` or a bare list); None when
    the navigation is deferred or absent."""
    if isinstance(nav, list):
        return nav
    if isinstance(nav, Mapping) and isinstance(nav.get("results"), list):
        rows: list[Mapping[str, Any]] = nav["results"]
        return rows
    return None


def _lines_from_exact(lmap: LinesMap[Any], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    if lmap.order_by is not None:
        order = lmap.order_by
        rows = sorted(rows, key=lambda line: (line.get(order) is None, line.get(order) or 0))
    lines = []
    for line in rows:
        values: dict[str, Any] = {}
        key = line.get(lmap.spec.key)
        if key is not None:
            values["id"] = parse_guid(str(key)) if lmap.spec.key_field.edm is Edm.GUID else str(key)
        _decode_into(values, lmap.fields, line)
        lines.append(lmap.model.model_validate(values))
    return lines


def _flatten(data: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, raw in data.items():
        value = raw.model_dump() if isinstance(raw, BaseModel) else raw
        if isinstance(value, Mapping):
            for child, inner in value.items():
                flat[f"{name}.{child}"] = inner
        else:
            flat[name] = value
    return flat


@cache
def _adapter(model: type[BaseModel], dotted: str) -> TypeAdapter[Any]:
    parent, _, child = dotted.partition(".")
    info = model.model_fields[parent]
    if child:
        nested = info.annotation
        if not (isinstance(nested, type) and issubclass(nested, BaseModel)):
            msg = f"{parent} is not a value object"
            raise TypeError(msg)
        info = nested.model_fields[child]
    return TypeAdapter(info.rebuild_annotation())


def _refuse_if_any(spec: EntitySpec, method: Method, problems: dict[str, str]) -> None:
    if problems:
        msg = f"invalid {method} body for {spec.path}: " + ", ".join(
            f"{name} ({why})" for name, why in sorted(problems.items())
        )
        raise InvalidBody(msg, path=spec.path, method=method, problems=problems)


def record_to_exact(
    rmap: ResourceMap[R],
    source: Mapping[str, Any] | R,
    *,
    method: Method,
    custom: Sequence[FieldMap] = (),
) -> dict[str, Any]:
    """Build the body of a POST (create) or PUT (update) from a record or a partial mapping.

    `custom_fields` entries are sent through the per-connection `custom` field maps (their
    `unified` names are the custom field names); an entry without a map is a problem.
    A document's lines are embedded in a create; a record's lines are left out of an update
    (Exact changes lines through their own endpoint), and a mapping that sends them to an
    update is refused.

    Raises:
        InvalidBody: unknown, read-only or badly typed fields, or a create missing a required
            field; `problems` names each one by its unified name (lines by index). No call
            was made.
    """
    if isinstance(source, UnifiedRecord) and not isinstance(source, rmap.model):
        msg = f"expected a {rmap.model.__name__}, got {type(source).__name__}"
        raise TypeError(msg)
    table = rmap.by_unified()
    table.update({f"{_CUSTOM}.{f.unified}": f for f in custom})
    problems: dict[str, str] = {}
    lines: Sequence[Any] | None = None
    if rmap.lines is not None:
        name = rmap.lines.unified
        if isinstance(source, UnifiedRecord):
            lines = getattr(source, name, None) if method == "POST" else None
        elif name in source:
            lines = source[name]
            source = {key: value for key, value in source.items() if key != name}
            if method == "PUT":
                problems[name] = "lines can only be sent when creating"
                lines = None
    body: dict[str, Any] = dict(rmap.post_defaults) if method == "POST" else {}
    body.update(
        _encode(
            rmap.model,
            table,
            lambda fmap: rmap.settable(fmap, method),
            source,
            method=method,
            required=rmap.required if method == "POST" else (),
            problems=problems,
            settable_other=lambda fmap: rmap.settable(fmap, "PUT" if method == "POST" else "POST"),
        )
    )
    if rmap.lines is not None and lines is not None:
        body[rmap.lines.exact] = _lines_to_exact(rmap.lines, lines, problems)
    if method == "POST" and rmap.lines is not None:
        count = len(body.get(rmap.lines.exact, ())) + sum(
            name.startswith(f"{rmap.lines.unified}[") for name in problems
        )
        if count < rmap.lines.at_least and rmap.lines.unified not in problems:
            need = rmap.lines.at_least
            problems[rmap.lines.unified] = (
                "a document needs at least one line"
                if need == 1
                else f"a document needs at least {need} lines"
            )
    _refuse_if_any(rmap.spec, method, problems)
    return body


def _lines_to_exact(
    lmap: LinesMap[Any], lines: Any, problems: dict[str, str]
) -> list[dict[str, Any]]:
    if isinstance(lines, str | bytes) or not isinstance(lines, Sequence):
        problems[lmap.unified] = "expected a list of lines"
        return []
    table = {f.unified: f for f in lmap.fields}
    bodies = []
    for index, line in enumerate(lines):
        prefix = f"{lmap.unified}[{index}]."
        if not isinstance(line, Mapping | LineItem):
            problems[prefix[:-1]] = "expected a line object"
            continue
        if isinstance(line, LineItem) and not isinstance(line, lmap.model):
            problems[prefix[:-1]] = f"expected a {lmap.model.__name__}"
            continue
        found: dict[str, str] = {}
        bodies.append(
            _encode(
                lmap.model,
                table,
                lmap.settable,
                line,
                method="POST",
                required=lmap.required,
                problems=found,
                settable_other=lambda _fmap: False,
            )
        )
        problems.update({prefix + name: why for name, why in found.items()})
    return bodies


def _encode(
    model: type[BaseModel],
    table: Mapping[str, FieldMap],
    settable: Callable[[FieldMap], bool],
    source: Mapping[str, Any] | BaseModel,
    *,
    method: Method,
    required: tuple[tuple[str, ...], ...],
    problems: dict[str, str],
    settable_other: Callable[[FieldMap], bool],
) -> dict[str, Any]:
    """Encode one record or line: a model sends every settable non-None field, a mapping
    exactly its keys; problems are collected, not raised."""
    values: dict[str, Any] = {}
    if isinstance(source, BaseModel):
        flat = _flatten(source.model_dump())
        for name, mapped in table.items():
            if flat.get(name) is not None and settable(mapped):
                values[name] = flat[name]
        for name in flat:
            if name.startswith(f"{_CUSTOM}.") and name not in table:
                problems[name] = "no field mapping"
    else:
        for name, value in _flatten(source).items():
            fmap = table.get(name)
            if fmap is None:
                if name.startswith(f"{_CUSTOM}."):
                    problems[name] = "no field mapping"
                    continue
                known = name in COMMON_FIELDS or name.partition(".")[0] in model.model_fields
                problems[name] = "read only" if known else "unknown field"
                continue
            if not settable(fmap):
                other = "PUT" if method == "POST" else "POST"
                problems[name] = (
                    f"can only be set by {other}" if settable_other(fmap) else "read only"
                )
                continue
            if name.startswith(f"{_CUSTOM}."):
                values[name] = value  # typed by its codec below
                continue
            try:
                values[name] = _adapter(model, name).validate_python(value)
            except ValidationError as exc:
                problems[name] = "; ".join(str(err["msg"]) for err in exc.errors())
    for group in required:
        if all(values.get(name) is None for name in group) and not any(
            name in problems for name in group
        ):
            problems[" or ".join(group)] = "required to create"
    body: dict[str, Any] = {}
    for name, value in values.items():
        fmap = table[name]
        try:
            body[fmap.exact] = fmap.codec.encode(value)
        except (WireFormatError, TypeError, ValueError) as exc:
            problems[name] = str(exc)
    return body
