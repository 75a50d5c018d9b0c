"""A unified resource declared as data: where it is read, how it is written, what else it does.

Every resource of the unified API is one `Resource` value in `actions/resources/<family>.py`;
the `Actions` facade and the capability matrix are both derived from these declarations, so
adding a resource is adding data, and the matrix can never claim what the code does not do.

- A `Source` is one Exact endpoint the resource is read from (invoices come from
  `salesinvoice/SalesInvoices` and, once booked, from `salesentry/SalesEntries`), with the
  OData filter and row predicate that pick the resource's rows out of a shared table
  (customers and suppliers are both `crm/Accounts`).
- `Writes` says which of create / update / delete Exact allows, through which map, with the
  checks and defaults a body needs before it may be sent (`prepare`), and the properties
  that identify a created record when a create's outcome is unknown (`identity`).
- An `Operation` is a named action beyond CRUD (`finalize`, `settle`, `accept`, ...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from exactbridge.mappers import FieldMap, ResourceMap

if TYPE_CHECKING:
    from exactbridge.actions._context import ActionContext

__all__ = [
    "CRUD",
    "Operation",
    "Prepare",
    "Resource",
    "Source",
    "Writes",
]

CRUD = ("read", "create", "update", "delete")
CrudOperation = Literal["create", "update", "delete"]

Prepare = Callable[
    ["ActionContext", int, Literal["POST", "PUT"], dict[str, Any]], Awaitable[dict[str, Any]]
]
"""`(context, division, method, body) -> body`: fill division defaults (a journal, a VAT code)
into an Exact body and refuse what Exact would refuse (`InvalidBody`), before any write."""

Check = Callable[[Mapping[str, Any]], dict[str, str]]
"""`unified fields -> problems`: a resource's own rule on a create or update body (an
unbalanced journal entry), keyed by unified field name; empty when the body is fine."""


@dataclass(frozen=True)
class Source:
    """One Exact endpoint a resource is read from.

    Attributes:
        map: the resource map from the endpoint's rows to the unified model.
        filter: an OData `$filter` that selects the resource's rows (`IsSupplier eq true`).
        where: a row predicate for what `$filter` cannot say; applied after reading.
        expand: the navigation expanded on read (a document's lines).
        id_prefix: put before the Exact key in `id` where two sources number apart and
            their keys could collide (`payable-`); stripped again on `get`.
        caveat: an edition or behaviour note shown in the capability matrix.
        read: maps a row instead of `map.from_exact` (same keywords), where a record's
            fields depend on more than the row (a company is its own division).
    """

    map: ResourceMap[Any]
    filter: str | None = None
    where: Callable[[Mapping[str, Any]], bool] | None = None
    expand: str | None = None
    id_prefix: str = ""
    caveat: str = ""
    read: Callable[..., Any] | None = None

    @property
    def path(self) -> str:
        """The Exact endpoint (`crm/Accounts`)."""
        return self.map.spec.path

    def record(
        self,
        row: Mapping[str, Any],
        *,
        division: int,
        remote_data: bool,
        custom: Sequence[FieldMap],
    ) -> Any:
        """The unified record of one row of this source."""
        read = self.read or self.map.from_exact
        record = read(row, division=division, remote_data=remote_data, custom=custom)
        if self.id_prefix and not record.id.startswith(self.id_prefix):
            record = record.model_copy(update={"id": self.id_prefix + record.id})
        return record


@dataclass(frozen=True)
class Writes:
    """What Exact lets a caller change of a resource, and how.

    Attributes:
        map: the map bodies are built with (its endpoint receives the POST, PUT, DELETE).
        create, update, delete: which operations Exact allows.
        prepare: fills division defaults and refuses bad bodies before the call.
        check: the resource's own rules on the unified fields of a body.
        identity: Exact properties that find a created record again after `OutcomeUnknown`
            (a reference, a number, a name), in order of preference.
        identity_needed: how many identity properties must match (invoices need two).
        caveats: per operation, a note shown in the capability matrix.
    """

    map: ResourceMap[Any]
    create: bool = True
    update: bool = False
    delete: bool = False
    prepare: Prepare | None = None
    check: Check | None = None
    identity: tuple[str, ...] = ()
    identity_needed: int = 1
    caveats: Mapping[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The endpoint written to."""
        return self.map.spec.path

    def allows(self, operation: str) -> bool:
        """True when `operation` (create, update, delete) is allowed."""
        return bool(getattr(self, operation, False)) if operation in CRUD[1:] else False


Run = Callable[..., Awaitable[Any]]
"""`(actions, division, **arguments) -> result` of a named operation; `actions` is the
`Actions` facade, so an operation reads and writes through the same checks as CRUD."""


@dataclass(frozen=True)
class Operation:
    """A named action beyond CRUD (`finalize` an invoice, `settle` a payment).

    Attributes:
        name: how callers ask for it (`Actions.perform("invoices", "finalize", ...)`).
        endpoint: the Exact endpoint it calls, for the capability matrix.
        run: the implementation.
        summary: one line saying what it does.
        caveat: an edition or behaviour note.
    """

    name: str
    endpoint: str
    run: Run
    summary: str
    caveat: str = ""


@dataclass(frozen=True)
class Resource:
    """One resource of the unified API.

    Attributes:
        name: the unified name (`invoices`), snake_case and plural.
        sources: where it is read, in order (a `get` tries each).
        writes: how it is written, None for read-only resources.
        more_writes: further endpoints written, where one resource lives in several
            (cost centres and cost units); an update or delete goes to the endpoint of the
            source the record is read from.
        route: for a create with several writable endpoints, picks the one a body goes to
            (by its unified fields) and returns its path.
        derive: builds the resource's records from all records of its sources, for a
            resource Exact has no table of (fiscal years from their periods); `get` then
            finds a record among the derived ones.
        record_model: the model of the records, when it is not the first source map's
            (a derived resource).
        operations: named actions.
        summary: one line for the capability matrix and `--help`.
    """

    name: str
    sources: tuple[Source, ...]
    writes: Writes | None = None
    more_writes: tuple[Writes, ...] = ()
    route: Callable[[Mapping[str, Any]], str] | None = None
    derive: Callable[[Sequence[Any]], Sequence[Any]] | None = None
    record_model: type[Any] | None = None
    operations: tuple[Operation, ...] = ()
    summary: str = ""

    @property
    def all_writes(self) -> tuple[Writes, ...]:
        """Every endpoint the resource is written to, the main one first."""
        return ((self.writes,) if self.writes is not None else ()) + self.more_writes

    def writes_for(self, operation: str) -> tuple[Writes, ...]:
        """The endpoints that allow `operation` (create, update, delete)."""
        return tuple(w for w in self.all_writes if w.allows(operation))

    @property
    def model(self) -> type[Any]:
        """The unified model class of the resource."""
        return self.record_model or self.sources[0].map.model

    def operation(self, name: str) -> Operation | None:
        """The named operation, or None."""
        return next((op for op in self.operations if op.name == name), None)
