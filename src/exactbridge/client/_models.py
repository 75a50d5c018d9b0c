"""Typed wire models for every endpoint in the registry, built from the specs alone.

A model is Exact's row, typed: one optional pydantic field per property of the endpoint's
`EntitySpec`, with the type its Edm type implies (`_edm`), so adding an endpoint is adding
data and never a class. Models are built on first use and cached per spec.

What a model promises:

- **Lossless.** `decode_row(spec, row).to_wire() == row` for every row Exact sends: Int64
  goes back to a JSON string, Double from `Decimal` back to the same JSON number, dates back
  to the same `/Date(ms)/`, deferred navigations and `__metadata` back to their objects, and
  properties the spec does not know yet (`extra="allow"`) back as they came. `raw` is the
  row as received.
- **Honest types.** Dates are naive Europe/Amsterdam wall-clock times, as Exact means them
  (`utc()` gives the instant); amounts are `Decimal` (no float ever reaches a total); codes
  keep their padding (`code()` strips it); GUIDs are lower-case.
- **Only what was sent.** With `$select` a row carries a few properties; the others are
  None and `to_wire()` leaves them out (`model_fields_set` tells which were sent).

`encode_for` (in `_bodies`, re-exported here) goes the other way: the JSON body of a create
or update, refused before any call when it names a property the endpoint does not accept
for that method.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    create_model,
)

from exactbridge.client._bodies import child_spec, encode_for, resolve_spec
from exactbridge.client._edm import Encoder, annotation, to_wire
from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm, EntitySpec, Navigation
from exactbridge.exact import Field as SpecField
from exactbridge.wire import local_to_utc

__all__ = [
    "Deferred",
    "Metadata",
    "WireModel",
    "decode_row",
    "decode_rows",
    "encode_for",
    "model_for",
]


class Metadata(BaseModel):
    """A row's `__metadata`: its absolute URI and Exact's OData type name."""

    model_config = ConfigDict(extra="allow", frozen=True)

    uri: str
    type: str

    def to_wire(self) -> dict[str, Any]:
        """The `__metadata` object as Exact sent it."""
        return {"uri": self.uri, "type": self.type, **(self.model_extra or {})}


class Deferred(BaseModel):
    """A navigation collection Exact did not expand: where to GET it (`__deferred.uri`)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    uri: str

    def to_wire(self) -> dict[str, Any]:
        """The `{"__deferred": {...}}` object as Exact sent it."""
        return {"__deferred": {"uri": self.uri, **(self.model_extra or {})}}


def _read_navigation(value: Any) -> Any:
    if isinstance(value, Mapping):
        if "__deferred" in value:
            return value["__deferred"]  # validated into Deferred
        if "results" in value:
            return value["results"]
    return value


Expanded = list[dict[str, Any]]
"""An expanded navigation: the child rows as Exact sent them (`children()` types them)."""

_NAVIGATION: Any = Annotated[
    Expanded | Deferred | None,
    BeforeValidator(_read_navigation),
    Field(description="expanded child rows, or a Deferred link when not expanded"),
]


class WireModel(BaseModel):
    """Base class of every generated model; `model_for(spec)` builds the subclasses.

    Attributes:
        spec: the endpoint the model was built from (class attribute).
        metadata: `__metadata` of the row (None in `$select`ed rows without it, or when
            constructed by hand).
    """

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        populate_by_name=True,
        protected_namespaces=(),
        ser_json_bytes="base64",
    )

    spec: ClassVar[EntitySpec]
    _encoders: ClassVar[tuple[tuple[str, str, Encoder], ...]] = ()
    _exact_encoders: ClassVar[tuple[tuple[str, str, Encoder], ...]] = ()
    _navigations: ClassVar[tuple[tuple[str, str], ...]] = ()

    metadata: Metadata | None = Field(default=None, alias="__metadata")
    _raw: Mapping[str, Any] | None = PrivateAttr(default=None)

    @property
    def raw(self) -> Mapping[str, Any]:
        """The row exactly as received (read it, do not change it); `to_wire()` if built here."""
        return self._raw if self._raw is not None else self.to_wire()

    def to_wire(self, *, exact_numbers: bool = False) -> dict[str, Any]:
        """The row re-encoded as Exact's JSON: equal to the decoded row, property by property.

        Only properties that were sent (or set) appear; unknown ones and expanded child rows
        come back verbatim. A `/Date(ms+hhmm)/` (never seen from Exact) comes back as the
        plain `/Date(ms)/` of the same wall-clock time.

        Args:
            exact_numbers: Doubles as the `Decimal`s they are, equal to a row parsed with
                `parse_float=Decimal` (as `_odata.parse_envelope` does). By default they
                are JSON-ready `int`/`float` (the same JSON text, equal to a row parsed by
                `json.loads`), which orjson and `json.dumps` can write.
        """
        sent = self.model_fields_set
        out: dict[str, Any] = {}
        if "metadata" in sent:
            out["__metadata"] = None if self.metadata is None else self.metadata.to_wire()
        values = self.__dict__
        encoders = self._exact_encoders if exact_numbers else self._encoders
        for attribute, wire_name, encode in encoders:
            if attribute in sent:
                out[wire_name] = encode(values[attribute])
        for attribute, wire_name in self._navigations:
            if attribute in sent:
                out[wire_name] = _navigation_to_wire(values[attribute])
        if self.model_extra:
            out.update(self.model_extra)
        return out

    def value(self, name: str) -> Any:
        """The value of Exact property `name`: typed if the spec has it, else as sent.

        The attribute has the same name except where Python or pydantic claim it (then it
        carries a trailing `_`); this reads either by Exact's name.

        Raises:
            AttributeError: the spec has no such property and the row did not carry it.
        """
        if self.spec.get(name) is not None:
            return getattr(self, _python_name(name))
        extra = self.model_extra or {}
        if name in extra:
            return extra[name]
        msg = f"{self.spec.path} rows have no property {name!r}"
        raise AttributeError(msg)

    def code(self, name: str) -> str | None:
        """The string property `name` without Exact's padding (`"    1068"` -> `"1068"`)."""
        value = self.value(name)
        if value is not None and not isinstance(value, str):
            msg = f"{name} is not a string property"
            raise TypeError(msg)
        return None if value is None else value.strip()

    def utc(self, name: str) -> datetime | None:
        """The date property `name` as an aware UTC instant (Exact sends Amsterdam time)."""
        value = self.value(name)
        if value is not None and not isinstance(value, datetime):
            msg = f"{name} is not a date property"
            raise TypeError(msg)
        return None if value is None else local_to_utc(value)

    def children(self, name: str) -> list[WireModel] | None:
        """The expanded navigation `name` decoded with its child endpoint's model.

        None when the navigation was not expanded (a `Deferred`) or not sent.
        """
        prop = self.spec.get(name)
        if not isinstance(prop, Navigation):
            msg = f"{self.spec.path} has no navigation property {name!r}"
            raise KeyError(msg)
        value = self.value(name)
        if not isinstance(value, list):
            return None
        return decode_rows(child_spec(self.spec, prop), value)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, as pydantic makes it; with `update`, `raw` of the copy is its `to_wire()`.

        An updated copy no longer is the row that was received.
        """
        copy = super().model_copy(update=update, deep=deep)
        if update:
            copy._raw = None
        return copy

    @classmethod
    def from_wire(cls, row: Mapping[str, Any]) -> Self:
        """Decode one JSON row (see `decode_row`)."""
        try:
            model = cls.model_validate(row)
        except ValidationError as exc:
            path = getattr(cls, "spec", None)
            where = path.path if path is not None else cls.__name__
            msg = f"{where}: a row does not fit the endpoint's types: {exc}"
            raise WireFormatError(msg, value=dict(row)) from exc
        model._raw = row
        return model


def _keep(value: Any) -> Any:
    return value


def _navigation_to_wire(value: Any) -> Any:
    if isinstance(value, Deferred):
        return value.to_wire()
    if isinstance(value, list):
        return {"results": value}
    return value


_RESERVED = frozenset(dir(WireModel)) | {"metadata", "spec"}


def _python_name(name: str) -> str:
    """The attribute name of Exact property `name` (itself, unless Python or pydantic object)."""
    usable = name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
    if usable and name not in _RESERVED:
        return name
    cleaned = re.sub(r"\W", "_", name).strip("_") or "field"
    return f"{cleaned}_"


def _model_name(spec: EntitySpec) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", spec.path)
    return "".join(part[:1].upper() + part[1:] for part in parts if part)


def _build(spec: EntitySpec) -> type[WireModel]:
    definitions: dict[str, Any] = {}
    encoders: list[tuple[str, str, Encoder]] = []
    navigations: list[tuple[str, str]] = []
    for prop in spec.properties:
        attribute = _python_name(prop.name)
        alias = None if attribute == prop.name else prop.name
        if isinstance(prop, SpecField):
            definitions[attribute] = (annotation(prop.edm), Field(default=None, alias=alias))
            encoders.append((attribute, prop.name, to_wire(prop.edm)))
        else:
            definitions[attribute] = (_NAVIGATION, Field(default=None, alias=alias))
            navigations.append((attribute, prop.name))
    model: type[WireModel] = create_model(
        _model_name(spec),
        __base__=WireModel,
        __module__=__name__,
        __doc__=f"A row of `{spec.path}` ({spec.type_name}), as Exact sends it.",
        **definitions,
    )
    model.spec = spec
    model._encoders = tuple(encoders)
    model._exact_encoders = tuple(
        (attribute, name, _keep if encode is to_wire(Edm.DOUBLE) else encode)
        for attribute, name, encode in encoders
    )
    model._navigations = tuple(navigations)
    return model


_CACHE: dict[int, tuple[EntitySpec, type[WireModel]]] = {}


def model_for(spec_or_path: EntitySpec | str) -> type[WireModel]:
    """The model of an endpoint, by spec or by path (`crm/Accounts`, any case); built once.

    Raises:
        LookupError: the path names no endpoint in the registry.
    """
    spec = resolve_spec(spec_or_path)
    cached = _CACHE.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    model = _build(spec)
    _CACHE[id(spec)] = (spec, model)  # the spec is kept alive, so its id stays its own
    return model


def decode_row(spec: EntitySpec | str, row: Mapping[str, Any]) -> WireModel:
    """One JSON row of `spec`'s endpoint as its typed model.

    Raises:
        WireFormatError: a value does not fit its property's type.
        LookupError: the path names no endpoint in the registry.
    """
    return model_for(spec).from_wire(row)


def decode_rows(spec: EntitySpec | str, rows: Iterable[Mapping[str, Any]]) -> list[WireModel]:
    """Every row of a page as typed models (see `decode_row`)."""
    from_wire = model_for(spec).from_wire
    return [from_wire(row) for row in rows]
