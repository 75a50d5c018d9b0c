"""Endpoint specifications as data: what Exact serves, field by field.

An `EntitySpec` describes one Exact endpoint (`crm/Accounts`): its key, its OData type
name, every property in the order Exact sends them, which properties a POST or PUT may
carry, padded codes, navigation collections and paging rules. The emulator serves from
these specs and the client reads with them, so adding an entity is adding data.

Properties are written as a small table, one per line, so a spec reads like Exact's own
reference page::

    ID            guid      key
    Code          string    PU   >18      (right-aligned in 18 characters)
    Country       string    PU   <3       (left-aligned in 3 characters)
    Name          string    PU
    Created       datetime  R
    MainContact   guid      PU   ->crm/Contacts
    BankAccounts  nav       crm/BankAccounts:Account

Flags: `key` (the entity key, assigned by Exact), `R` read-only, `P` settable on POST only,
`PU` settable on POST and PUT, `U` settable on PUT only. `->service/Entity` declares that
the property holds the key of a row of that endpoint (or its code, for entities Exact
references by code such as journals), so the emulator can refuse deleting referenced rows
and clients can follow links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Final, Literal

__all__ = [
    "Edm",
    "EntitySpec",
    "Field",
    "Navigation",
    "Property",
    "properties",
]


class Edm(StrEnum):
    """OData primitive types Exact uses."""

    GUID = "Edm.Guid"
    STRING = "Edm.String"
    INT16 = "Edm.Int16"
    INT32 = "Edm.Int32"
    INT64 = "Edm.Int64"
    DOUBLE = "Edm.Double"
    BOOLEAN = "Edm.Boolean"
    BYTE = "Edm.Byte"
    DATETIME = "Edm.DateTime"
    BINARY = "Edm.Binary"

    @property
    def is_integer(self) -> bool:
        """True for Int16, Int32, Int64 and Byte."""
        return self in _INTEGERS

    @property
    def is_numeric(self) -> bool:
        """True for integers and Double."""
        return self in _INTEGERS or self is Edm.DOUBLE


_INTEGERS: Final = frozenset({Edm.INT16, Edm.INT32, Edm.INT64, Edm.BYTE})

_TYPE_WORDS: Final = {
    "guid": Edm.GUID,
    "string": Edm.STRING,
    "int16": Edm.INT16,
    "int32": Edm.INT32,
    "int64": Edm.INT64,
    "double": Edm.DOUBLE,
    "bool": Edm.BOOLEAN,
    "byte": Edm.BYTE,
    "datetime": Edm.DATETIME,
    "binary": Edm.BINARY,
}

_FLAGS: Final = {
    "key": (False, False),
    "R": (False, False),
    "P": (True, False),
    "PU": (True, True),
    "U": (False, True),
}


@dataclass(frozen=True, slots=True)
class Field:
    """One primitive property of an entity.

    Attributes:
        name: Exact's property name, case as Exact sends it.
        edm: OData type.
        on_post: may be sent when creating.
        on_put: may be sent when updating.
        is_key: the entity key (assigned by Exact on create).
        width: fixed width of a space-padded code, if any.
        align: `right` pads with leading spaces (account codes), `left` with trailing
            spaces (countries, languages, VAT codes).
        refers: path of the endpoint whose rows this property points at, if any.
    """

    name: str
    edm: Edm
    on_post: bool = False
    on_put: bool = False
    is_key: bool = False
    width: int | None = None
    align: Literal["right", "left"] | None = None
    refers: str | None = None

    @property
    def read_only(self) -> bool:
        """Neither POST nor PUT may set it."""
        return not (self.on_post or self.on_put)


@dataclass(frozen=True, slots=True)
class Navigation:
    """A navigation collection such as `SalesInvoice.SalesInvoiceLines`.

    Attributes:
        name: property name on the parent.
        target: path of the child endpoint, e.g. `salesinvoice/SalesInvoiceLines`.
        foreign_key: property of the child that holds the parent's key.
    """

    name: str
    target: str
    foreign_key: str


Property = Field | Navigation


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """One Exact endpoint, e.g. `crm/Accounts`.

    Attributes:
        path: service and entity with Exact's canonical casing (`crm/Accounts`).
        key: name of the key property.
        type_name: OData type in `__metadata.type` (`Exact.Web.Api.Models.Account`).
        properties: every property in the order Exact sends them.
        methods: HTTP methods the endpoint accepts.
        required: groups of properties a POST must carry; each group needs at least one
            non-empty member (`(("FirstName", "LastName"),)` means first or last name).
        legacy: released before 2017-03-01, so `$skip` is still accepted.
        division_scoped: lives under `/api/v1/{division}/`; False for `current/Me` and
            `/api/v1/system/Users`.
        full_post_response: a POST answers with every property even without
            `Prefer: return=representation` (SalesInvoices, SalesOrders, ...).
        single_as_collection: a GET by key still answers as a one-row collection
            (`current/Me`).
        page_size: rows per page (60 for CRUD endpoints).
        webhook_topic: topic name of change notifications, if Exact offers one.
        bulk: path of the bulk endpoint over the same rows (`bulk/CRM/Accounts`), if any.
        sync: path of the sync endpoint over the same rows (`sync/CRM/Accounts`), if any.
        deleted_type: `EntityType` code of this entity's rows in `sync/Deleted`, if any.
        api_type: Exact's API type: `regular` (CRUD, 60 a page), `bulk` (1,000 a page,
            `$select` mandatory) or `sync` (1,000 a page by `Timestamp`, see facts 5).
        source: for bulk and sync endpoints, the regular endpoint whose rows they serve.
        select_required: a GET without `$select` (or `$top=1`) is refused, as Exact does on
            bulk and sync endpoints and on some large regular ones.
    """

    path: str
    key: str
    type_name: str
    properties: tuple[Property, ...]
    methods: frozenset[str] = frozenset({"GET"})
    required: tuple[tuple[str, ...], ...] = ()
    legacy: bool = False
    division_scoped: bool = True
    full_post_response: bool = False
    single_as_collection: bool = False
    page_size: int = 60
    webhook_topic: str | None = None
    bulk: str | None = None
    sync: str | None = None
    deleted_type: int | None = None
    api_type: Literal["regular", "bulk", "sync"] = "regular"
    source: str | None = None
    select_required: bool = False
    _by_name: dict[str, Property] = dataclass_field(init=False, repr=False, compare=False)
    _fields: tuple[Field, ...] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {prop.name: prop for prop in self.properties}
        if len(by_name) != len(self.properties):
            msg = f"{self.path}: a property is declared twice"
            raise ValueError(msg)
        key = by_name.get(self.key)
        if not isinstance(key, Field) or not key.is_key:
            msg = f"{self.path}: key {self.key!r} must be declared with the 'key' flag"
            raise ValueError(msg)
        object.__setattr__(self, "_by_name", by_name)
        fields = tuple(p for p in self.properties if isinstance(p, Field))
        object.__setattr__(self, "_fields", fields)

    @property
    def table_path(self) -> str:
        """The endpoint whose rows this one serves (itself, unless bulk or sync)."""
        return self.source or self.path

    @property
    def service(self) -> str:
        """The service segment, e.g. `crm`."""
        return self.path.split("/", 1)[0]

    @property
    def entity(self) -> str:
        """The entity segment, e.g. `Accounts`."""
        return self.path.rsplit("/", 1)[1]

    @property
    def fields(self) -> tuple[Field, ...]:
        """Primitive properties, in wire order."""
        return self._fields

    @property
    def references(self) -> tuple[Field, ...]:
        """Properties that point at rows of other endpoints (`->service/Entity`)."""
        return tuple(f for f in self.fields if f.refers is not None)

    @property
    def navigations(self) -> tuple[Navigation, ...]:
        """Navigation collections, in wire order."""
        return tuple(p for p in self.properties if isinstance(p, Navigation))

    @property
    def key_field(self) -> Field:
        """The key property."""
        key = self._by_name[self.key]
        assert isinstance(key, Field)
        return key

    def get(self, name: str) -> Property | None:
        """The property called `name` (exact case), or None."""
        return self._by_name.get(name)

    def field(self, name: str) -> Field | None:
        """The primitive property called `name`, or None."""
        prop = self._by_name.get(name)
        return prop if isinstance(prop, Field) else None


def properties(table: str) -> tuple[Property, ...]:
    """Parse a property table (see the module docstring) into properties, in order.

    Raises:
        ValueError: a line does not follow the table format.
    """
    return tuple(_parse_line(line) for line in _lines(table))


def _lines(table: str) -> Iterable[str]:
    for raw in table.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            yield line


def _parse_line(line: str) -> Property:
    words = line.split()
    name, type_word = words[0], words[1] if len(words) > 1 else ""
    if type_word == "nav":
        if len(words) != 3 or ":" not in words[2]:
            msg = f"navigation needs 'Name nav service/Entity:ForeignKey': {line!r}"
            raise ValueError(msg)
        target, foreign_key = words[2].split(":", 1)
        return Navigation(name=name, target=target, foreign_key=foreign_key)
    edm = _TYPE_WORDS.get(type_word)
    if edm is None or len(words) not in (3, 4, 5) or words[2] not in _FLAGS:
        msg = f"property line needs 'Name type flags [>width|<width] [->path]': {line!r}"
        raise ValueError(msg)
    on_post, on_put = _FLAGS[words[2]]
    width: int | None = None
    align: Literal["right", "left"] | None = None
    refers: str | None = None
    for extra in words[3:]:
        if extra.startswith("->") and "/" in extra and refers is None:
            refers = extra[2:]
        elif extra[0] in "<>" and extra[1:].isdigit() and width is None:
            width, align = int(extra[1:]), ("right" if extra[0] == ">" else "left")
        else:
            msg = (
                "after the flags come '>N' (right-aligned), '<N' (left-aligned) "
                f"and '->service/Entity' (a reference): {line!r}"
            )
            raise ValueError(msg)
    return Field(
        name=name,
        edm=edm,
        on_post=on_post,
        on_put=on_put,
        is_key=words[2] == "key",
        width=width,
        align=align,
        refers=refers,
    )
