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

Nested value objects (`address.city`) are one level deep, named with a dot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.exact import Edm, EntitySpec
from exactbridge.mappers._codecs import INSTANT, Codec
from exactbridge.model import UnifiedRecord
from exactbridge.wire import parse_guid

__all__ = [
    "COMMON_FIELDS",
    "FieldMap",
    "Method",
    "ResourceMap",
    "record_from_exact",
    "record_to_exact",
]

Method = Literal["POST", "PUT"]
R = TypeVar("R", bound=UnifiedRecord)

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
class ResourceMap(Generic[R]):
    """How one unified resource maps onto one Exact endpoint.

    Attributes:
        model: the unified model class.
        spec: the Exact endpoint; its per-property POST/PUT flags decide what may be sent.
        fields: the mapped properties (besides the key, `Created` and `Modified`).
        required: unified field groups a create needs, at least one field of each group.
        post_defaults: Exact properties a create always carries (a role, say), unless a
            mapped field sets them.
    """

    model: type[R]
    spec: EntitySpec
    fields: tuple[FieldMap, ...]
    required: tuple[tuple[str, ...], ...] = ()
    post_defaults: Mapping[str, Any] = field(default_factory=dict)

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
    for fmap in rmap.fields:
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
    extra = {f.unified: f.codec.decode(row[f.exact]) for f in custom if f.exact in row}
    if extra:
        values["custom_fields"] = extra
    if remote_data:
        values["remote_data"] = dict(row)
    return rmap.model.model_validate(values)


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

    Raises:
        InvalidBody: unknown, read-only or badly typed fields, or a create missing a required
            field; `problems` names each one by its unified name. No call was made.
    """
    table = rmap.by_unified()
    table.update({f"{_CUSTOM}.{f.unified}": f for f in custom})
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    if isinstance(source, UnifiedRecord):
        if not isinstance(source, rmap.model):
            msg = f"expected a {rmap.model.__name__}, got {type(source).__name__}"
            raise TypeError(msg)
        flat = _flatten(source.model_dump())
        for name, mapped in table.items():
            if flat.get(name) is not None and rmap.settable(mapped, method):
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
                known = name in COMMON_FIELDS or name.partition(".")[0] in rmap.model.model_fields
                problems[name] = "read only" if known else "unknown field"
                continue
            if not rmap.settable(fmap, method):
                other: Method = "PUT" if method == "POST" else "POST"
                problems[name] = (
                    f"can only be set by {other}" if rmap.settable(fmap, other) else "read only"
                )
                continue
            if name.startswith(f"{_CUSTOM}."):
                values[name] = value  # typed by its codec below
                continue
            try:
                values[name] = _adapter(rmap.model, name).validate_python(value)
            except ValidationError as exc:
                problems[name] = "; ".join(str(err["msg"]) for err in exc.errors())
    if method == "POST":
        for group in rmap.required:
            if all(values.get(name) is None for name in group):
                problems[" or ".join(group)] = "required to create"
    body: dict[str, Any] = dict(rmap.post_defaults) if method == "POST" else {}
    for name, value in values.items():
        fmap = table[name]
        try:
            body[fmap.exact] = fmap.codec.encode(value)
        except (WireFormatError, TypeError, ValueError) as exc:
            problems[name] = str(exc)
    _refuse_if_any(rmap.spec, method, problems)
    return body
