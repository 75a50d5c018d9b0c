"""A unified model as the fast path sees it: its fields in JSON order, the Python types
pydantic keeps as they are, and the checks a value of each field still needs.

`shape_of(model)` reads the model's own declarations (field annotations, defaults, the
before-validators in pydantic's decorator registry) and answers None for anything it does
not understand: such a model keeps the pydantic path. A shape turns the values dict that
`record_from_exact` would hand to `model_validate` into the record's JSON document (see
`_finish`), equal to `model_dump_json()` once written by `record_json`, or raises
`Declined` where pydantic would refuse the values or where the shape cannot vouch for them.

What a shape accepts, per field, is what pydantic keeps unchanged and writes as orjson
writes it (`str`, `int`, `bool`, `date`, an enum member, None where the field is optional),
plus `Money` (finite `Decimal`, written as `format(d, "f")`), `UtcDatetime` (an aware
datetime, moved to UTC as its validator does), constrained strings (checked by pydantic
itself, once per distinct value), value objects and lines (their own shapes), and
`custom_fields` / `remote_data` left empty.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Final, Literal, Union, get_args, get_origin

import orjson
from annotated_types import BaseMetadata, MaxLen, MinLen
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from exactbridge.model import Money, UtcDatetime

__all__ = [
    "REQUIRED",
    "Declined",
    "FieldShape",
    "Kind",
    "ModelShape",
    "accept",
    "constrained",
    "record_json",
    "shape_of",
    "to_utc",
    "trimmed",
]

Kind = Literal["plain", "money", "instant", "constrained", "empty", "nested", "lines"]

_NONE: Final = type(None)
_CONFIG: Final = frozenset({"frozen", "extra"})
_JSON_OPTIONS: Final = orjson.OPT_UTC_Z  # pydantic writes UTC as `Z`
_ACCEPTED_LIMIT: Final = 4096
_POSITIONAL: Final = inspect.Parameter.POSITIONAL_OR_KEYWORD


class Declined(Exception):
    """The fast path cannot vouch for this row; the pydantic path maps it (or raises)."""


class _Required:
    """The placeholder of a required field no value was given for: no shape accepts it."""


REQUIRED: Final = _Required()


def record_json(document: dict[str, Any]) -> bytes:
    """A finished document as `model_dump_json()` writes its record.

    Raises:
        TypeError: a value orjson cannot write as pydantic does (an integer beyond 64 bits,
            a lone surrogate): the pydantic path decides such rows.
    """
    return trimmed(orjson.dumps(document, option=_JSON_OPTIONS))


def trimmed(written: bytes) -> bytes:
    """`written` in a buffer of its own size. orjson (3.12 on) hands back its whole write
    buffer, 4 KiB or more for a 2 KiB record; a sync keeps thousands of records in memory
    until they are stored, so the copy (a fraction of a microsecond) saves most of it."""
    return bytes(memoryview(written))


@dataclass(frozen=True)
class FieldShape:
    """One model field.

    Attributes:
        name: the field name (the JSON key).
        default: what an absent field holds, in its JSON-ready form; `REQUIRED` if none.
        allowed: the exact Python types pydantic keeps unchanged for this field.
        kind: the check or conversion a present value still needs.
        inner: the value object's or line's shape (`nested`, `lines`).
        adapter: pydantic's own validator of a constrained string.
    """

    name: str
    default: Any
    allowed: frozenset[type]
    kind: Kind
    inner: ModelShape | None = None
    adapter: TypeAdapter[Any] | None = None


@dataclass(frozen=True)
class ModelShape:
    """A model the fast path understands.

    Attributes:
        model: the pydantic model.
        fields: its fields, in `model_dump_json` order.
        validators: its before-validators, in the order pydantic calls them.
    """

    model: type[BaseModel]
    fields: tuple[FieldShape, ...]
    validators: tuple[Callable[[Any], Any], ...]

    def field(self, name: str) -> FieldShape | None:
        """The shape of the field called `name`."""
        return next((f for f in self.fields if f.name == name), None)


_SHAPES: dict[type[BaseModel], ModelShape | None] = {}


def shape_of(model: type[BaseModel]) -> ModelShape | None:
    """The shape of `model` (made once), None when the fast path must leave it to pydantic."""
    if model not in _SHAPES:
        _SHAPES[model] = _shape(model)
    return _SHAPES[model]


def _shape(model: type[BaseModel]) -> ModelShape | None:
    validators = _before_validators(model)
    config = dict(model.model_config)
    if (
        validators is None
        or not set(config) <= _CONFIG
        or config.get("extra", "ignore") not in ("forbid", "ignore")  # a finisher declines
        # any key that is no field: pydantic refuses it (forbid) or drops it (ignore)
        or model.__pydantic_post_init__ is not None
        or model.__pydantic_root_model__
        or model.model_computed_fields
    ):
        return None
    fields = []
    for name, info in model.model_fields.items():
        found = _field_shape(name, info)
        if found is None:
            return None
        fields.append(found)
    return ModelShape(model=model, fields=tuple(fields), validators=validators)


def _before_validators(model: type[BaseModel]) -> tuple[Callable[[Any], Any], ...] | None:
    """The model's before-validators, outermost first (pydantic wraps each decorator
    around the ones before it, so the last one runs first); None if the model has any
    other validator or serializer, or one that takes more than the data."""
    registry = model.__pydantic_decorators__
    if (
        registry.validators
        or registry.root_validators
        or registry.field_validators
        or registry.field_serializers
        or registry.model_serializers
        or registry.computed_fields
    ):
        return None
    found = []
    for decorator in registry.model_validators.values():
        parameters = list(inspect.signature(decorator.func).parameters.values())
        if (
            decorator.info.mode != "before"
            or len(parameters) != 1  # the data, and no ValidationInfo
            or parameters[0].kind not in (_POSITIONAL, inspect.Parameter.POSITIONAL_ONLY)
        ):
            return None
        found.append(decorator.func)
    return tuple(reversed(found))


def _field_shape(name: str, info: FieldInfo) -> FieldShape | None:
    if (
        info.alias
        or info.validation_alias
        or info.serialization_alias
        or info.exclude
        or info.discriminator
        or info.validate_default
        or info.default_factory_takes_validated_data
    ):
        return None
    full = info.rebuild_annotation()
    annotation, optional = _without_none(full)
    if annotation is None:
        return None
    kind = _kind_of(annotation)
    if kind is None:
        return None
    found, allowed = kind
    inner = adapter = None
    if found == "nested":
        inner = shape_of(annotation)
    elif found == "lines":
        inner = shape_of(get_args(annotation)[0])
        if inner is not None and inner.validators:
            return None  # pydantic runs them before the document's own: keep its order
    elif found == "constrained":
        adapter = TypeAdapter(full)
    if found in ("nested", "lines") and inner is None:
        return None
    default = _default_of(info)
    if default is _UNDERSTOOD_NOT or (
        found in ("instant", "constrained") and default is not None and default is not REQUIRED
    ):
        return None  # pydantic writes a default as it is, and these kinds change values
    return FieldShape(
        name=name,
        default=default,
        allowed=allowed | {_NONE} if optional else allowed,
        kind=found,
        inner=inner,
        adapter=adapter,
    )


def _without_none(annotation: Any) -> tuple[Any, bool]:
    """`(X, True)` for `X | None` (also inside `Annotated`), `(X, False)` for `X`, and
    `(None, False)` for a union of more than one type."""
    metadata: tuple[Any, ...] = ()
    if get_origin(annotation) is Annotated:
        annotation, *more = get_args(annotation)
        metadata = tuple(more)
    optional = False
    if get_origin(annotation) in (Union, types.UnionType):
        members = get_args(annotation)
        if len(members) != 2 or _NONE not in members:
            return None, False
        optional = True
        annotation = next(member for member in members if member is not _NONE)
    if metadata:
        annotation = Annotated[(annotation, *metadata)]
    return annotation, optional


_PLAIN: Final = (str, int, bool, date)
_UNDERSTOOD_NOT: Final[Any] = object()


def _kind_of(annotation: Any) -> tuple[Kind, frozenset[type]] | None:
    if annotation in _PLAIN:
        return "plain", frozenset({annotation})
    if annotation == Money:
        return "money", frozenset({Decimal})
    if annotation == UtcDatetime:
        return "instant", frozenset({datetime})
    if annotation == dict[str, Any]:
        return "empty", frozenset({dict})
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        values = {type(member.value) for member in annotation}
        return ("plain", frozenset({annotation})) if values <= {str, int} else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "nested", frozenset({dict})
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return "lines", frozenset({list})
        return None
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        if base is str and all(_is_constraint(m) for m in metadata):
            return "constrained", frozenset({str})
    return None


def _is_constraint(metadata: Any) -> bool:
    """A length or a pattern (not strictness, a validator or a serializer): what pydantic
    only checks, leaving the string as it is."""
    if isinstance(metadata, FieldInfo):
        return all(_is_constraint(inner) for inner in metadata.metadata)
    if isinstance(metadata, MinLen | MaxLen):
        return True
    # pydantic's general metadata (`Field(pattern=...)`) keeps its settings as attributes
    settings = getattr(metadata, "__dict__", None)
    return (
        isinstance(metadata, BaseMetadata) and settings is not None and set(settings) <= {"pattern"}
    )


def _default_of(info: FieldInfo) -> Any:
    """The JSON-ready form of the field's default (pydantic writes defaults unvalidated)."""
    if info.default is not PydanticUndefined:
        value = info.default
    elif info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        return REQUIRED
    if isinstance(value, BaseModel):
        form = value.model_dump(mode="json")
        same = orjson.dumps(form, option=_JSON_OPTIONS) == value.model_dump_json().encode()
        return form if same else _UNDERSTOOD_NOT
    if isinstance(value, dict | list) and value:
        return _UNDERSTOOD_NOT  # an empty dict or list only: orjson writes those as pydantic
    return value


# --- the checks a finisher calls -----------------------------------------------------------


def accept(shape: ModelShape, document: dict[str, Any]) -> None:
    """Check each value's type against its field (a finisher asks only for a combination
    of types it has not seen before).

    Raises:
        Declined: a value pydantic would convert or refuse.
    """
    for field, value in zip(shape.fields, document.values(), strict=True):
        if type(value) not in field.allowed:
            raise Declined(field.name)


def to_utc(value: datetime) -> datetime:
    """A `UtcDatetime` as its validator leaves it.

    Raises:
        Declined: a naive datetime (pydantic refuses it).
    """
    if value.utcoffset() is None:
        raise Declined(value)
    return value.astimezone(UTC)


def constrained(adapter: TypeAdapter[Any], memo: dict[str, str], value: str) -> str:
    """A constrained string as pydantic validates it, asked once per distinct value.

    Raises:
        Declined: pydantic refuses it, or turns it into something else than a string.
    """
    found = memo.get(value)
    if found is None:
        try:
            found = adapter.validate_python(value)
        except ValidationError as exc:
            raise Declined(value) from exc
        if type(found) is not str:
            raise Declined(value)
        if len(memo) >= _ACCEPTED_LIMIT:
            memo.clear()
        memo[value] = found
    return found
