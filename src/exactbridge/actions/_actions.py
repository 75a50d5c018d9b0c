"""`Actions`: read, create, update and delete every unified resource, and its named actions.

```python
actions = Actions(client)
async for invoice in actions.list("invoices", division, modified_since=yesterday):
    ...
customer = await actions.create("customers", division, {"name": "Acme"}, idempotency_key=key)
await actions.perform("invoices", "finalize", division, invoice_id=invoice.id)
```

Each call is planned from the resource's declaration (`Resource`), so every resource
behaves alike: bodies are validated before any call (`InvalidBody` names every wrong field),
operations Exact does not allow are refused (`UnsupportedOperation`), Exact's refusals come
back typed (`MissingField`, `RecordLocked`, ...) with Exact's own words, and creates are
idempotent: a create whose outcome is unknown is looked up by the record's identity
(reference, number, name) before it is ever sent again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from exactbridge.actions._context import ActionContext, DivisionDefaults
from exactbridge.actions._creating import create_once
from exactbridge.actions._idempotency import (
    IdempotencyStore,
    MemoryIdempotencyStore,
)
from exactbridge.actions._refusals import refine
from exactbridge.actions._resource import Resource, Source, Writes
from exactbridge.client import ExactClient, F, Query
from exactbridge.errors import (
    BusinessRuleViolation,
    InvalidBody,
    InvalidQuery,
    NotFound,
    UnknownResource,
    UnsupportedOperation,
)
from exactbridge.mappers import FieldMap
from exactbridge.model import UnifiedRecord

__all__ = ["Actions"]

_LOOKBACK: Final = timedelta(minutes=2)
"""How long before an ambiguous create's first attempt a found record may have been created
(clock skew between us and Exact)."""
_ATTEMPTS: Final = 3


class Actions:
    """The unified API over one Exact connection.

    Args:
        client: the connection's Exact client.
        resources: the resources offered, by name (default: every declared resource).
        idempotency: where idempotency keys live (default: this process's memory).
        custom: per resource, the connection's field mappings into `custom_fields`.
        settle_seconds: wait after an ambiguous create before looking the record up.
        clock, sleep: time seams for tests.
    """

    def __init__(
        self,
        client: ExactClient,
        *,
        resources: Mapping[str, Resource] | None = None,
        idempotency: IdempotencyStore | None = None,
        custom: Mapping[str, Sequence[FieldMap]] | None = None,
        settle_seconds: float = 2.0,
        clock: Callable[[], datetime] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if resources is None:
            from exactbridge.actions.resources import RESOURCES  # noqa: PLC0415 - cycle

            resources = RESOURCES
        self.resources = resources
        unknown = set(custom or {}) - set(resources)
        if unknown:
            msg = f"custom field mappings for unknown resources: {sorted(unknown)}"
            raise UnknownResource(msg)
        context = ActionContext(
            client=client,
            defaults=DivisionDefaults(client),
            idempotency=idempotency or MemoryIdempotencyStore(),
            custom=custom or {},
            settle_seconds=settle_seconds,
        )
        if clock is not None:
            context.clock = clock
        if sleep is not None:
            context.sleep = sleep
        self.context = context

    @property
    def client(self) -> ExactClient:
        """The connection's Exact client."""
        return self.context.client

    def resource(self, name: str) -> Resource:
        """The declaration of resource `name`.

        Raises:
            UnknownResource: no resource has that name; the message lists them.
        """
        try:
            return self.resources[name]
        except KeyError:
            msg = f"no resource {name!r}; resources: {', '.join(sorted(self.resources))}"
            raise UnknownResource(msg) from None

    # --- reading ------------------------------------------------------------------------

    async def list(
        self,
        resource: str,
        division: int,
        *,
        modified_since: datetime | None = None,
        remote_data: bool = False,
    ) -> AsyncIterator[Any]:
        """Every record of `resource` in `division`, source by source, page by page.

        Args:
            modified_since: only records Exact changed at or after this instant (aware).
            remote_data: attach the raw Exact row to each record.
        """
        declared = self.resource(resource)
        if declared.derive is not None:
            for record in await self._derived(declared, division, remote_data):
                if modified_since is None or (
                    record.modified_at is not None and record.modified_at >= modified_since
                ):
                    yield record
            return
        for source in declared.sources:
            query = self._query(source)
            if modified_since is not None:
                if source.map.spec.field("Modified") is None:
                    msg = f"{resource} has no modified_since: {source.path} has no Modified"
                    raise InvalidQuery(msg)
                query = query.where(F("Modified") >= modified_since)
            async for row in self._rows(division, source, query):
                yield self._record(declared, source, row, division, remote_data)

    async def _derived(self, declared: Resource, division: int, remote_data: bool) -> Sequence[Any]:
        assert declared.derive is not None
        records = [
            self._record(declared, source, row, division, remote_data)
            for source in declared.sources
            async for row in self._rows(division, source, self._query(source))
        ]
        return declared.derive(records)

    async def get(
        self, resource: str, division: int, record_id: str, *, remote_data: bool = False
    ) -> Any:
        """One record by its unified id.

        Raises:
            NotFound: no source of the resource holds a record with that id.
        """
        declared = self.resource(resource)
        if declared.derive is not None:
            for record in await self._derived(declared, division, remote_data):
                if record.id == record_id:
                    return record
        for source in self._sources_for(declared, record_id) if declared.derive is None else ():
            query = self._key_query(source, record_id)
            if query is None:
                continue
            async for row in self._rows(division, source, query):
                return self._record(declared, source, row, division, remote_data)
        msg = f"no {resource} record {record_id!r} in division {division}"
        raise NotFound(msg)

    # --- writing ------------------------------------------------------------------------

    async def create(
        self,
        resource: str,
        division: int,
        data: Mapping[str, Any] | UnifiedRecord,
        *,
        idempotency_key: str | None = None,
    ) -> Any:
        """Create a record from a unified record or a mapping of unified fields.

        With an `idempotency_key`, asking again returns the record the key created.

        Raises:
            InvalidBody: a field is wrong (no call was made); `problems` names each.
            UnsupportedOperation: Exact does not let this resource be created.
            IdempotencyConflict: the key was used before with a different body.
            OutcomeUnknown: Exact never answered and the record could not be found (or the
                body carries nothing to find it by); ask again with the same key later.
        """
        declared = self.resource(resource)
        writes = self._writes(declared, "create")
        if len(declared.writes_for("create")) > 1:
            writes = self._routed(declared, data)
        body = await self._body(declared, writes, division, data, "POST")
        scope = f"{self.client.connection}/{division}/{declared.name}"
        record_id = await create_once(
            self.context, writes, division, body, scope=scope, key=idempotency_key
        )
        return await self.get(resource, division, record_id)

    async def update(
        self, resource: str, division: int, record_id: str, changes: Mapping[str, Any]
    ) -> Any:
        """Change the given unified fields of a record; returns the record as Exact keeps it.

        Raises:
            InvalidBody, UnsupportedOperation, NotFound, and Exact's typed refusals
            (`RecordLocked` for a processed invoice, say).
        """
        declared = self.resource(resource)
        writes = await self._writes_of(declared, "update", division, record_id)
        body = await self._body(declared, writes, division, changes, "PUT")
        if body:
            try:
                await self.client.update(division, writes.path, record_id, body)
            except BusinessRuleViolation as exc:
                raise refine(exc) from None
        return await self.get(resource, division, record_id)

    async def delete(self, resource: str, division: int, record_id: str) -> None:
        """Delete a record.

        Raises:
            UnsupportedOperation, NotFound, and Exact's typed refusals (`RecordInUse`).
        """
        declared = self.resource(resource)
        writes = await self._writes_of(declared, "delete", division, record_id)
        try:
            await self.client.delete(division, writes.path, record_id)
        except BusinessRuleViolation as exc:
            raise refine(exc) from None

    async def perform(self, resource: str, operation: str, division: int, **arguments: Any) -> Any:
        """Run a named operation (`finalize`, `settle`, `accept`, ...) of a resource.

        Raises:
            UnknownResource: the resource has no such operation; the message lists them.
        """
        declared = self.resource(resource)
        found = declared.operation(operation)
        if found is None:
            names = ", ".join(op.name for op in declared.operations) or "none"
            msg = f"{resource} has no operation {operation!r}; operations: {names}"
            raise UnknownResource(msg)
        try:
            return await found.run(self, division, **arguments)
        except BusinessRuleViolation as exc:
            raise refine(exc) from None

    # --- plumbing -----------------------------------------------------------------------

    def _query(self, source: Source) -> Query:
        query = Query(source.path)
        if source.filter:
            query = query.where(source.filter)
        if source.expand:
            query = query.expand(source.expand)
        return query

    async def _rows(
        self, division: int, source: Source, query: Query
    ) -> AsyncIterator[dict[str, Any]]:
        async for envelope in self.client.pages(division, query):
            for row in envelope.rows:
                if source.where is None or source.where(row):
                    yield row

    def _record(
        self,
        declared: Resource,
        source: Source,
        row: Mapping[str, Any],
        division: int,
        remote_data: bool,
    ) -> Any:
        return source.record(
            row,
            division=division,
            remote_data=remote_data,
            custom=self.context.custom.get(declared.name, ()),
        )

    @staticmethod
    def _sources_for(declared: Resource, record_id: str) -> tuple[Source, ...]:
        prefixed = tuple(
            s for s in declared.sources if s.id_prefix and record_id.startswith(s.id_prefix)
        )
        return prefixed or tuple(s for s in declared.sources if not s.id_prefix)

    def _writes(self, declared: Resource, operation: str) -> Writes:
        candidates = declared.writes_for(operation)
        if not candidates:
            allowed = [op for op in ("create", "update", "delete") if declared.writes_for(op)]
            msg = (
                f"Exact does not allow {operation} on {declared.name}"
                f" (allowed: {', '.join(['read', *allowed])})"
            )
            raise UnsupportedOperation(msg, resource=declared.name, operation=operation)
        return candidates[0]

    def _routed(self, declared: Resource, data: Mapping[str, Any] | UnifiedRecord) -> Writes:
        fields = data.model_dump() if isinstance(data, UnifiedRecord) else data
        assert declared.route is not None, f"{declared.name} writes to several endpoints"
        path = declared.route(fields)
        return next(w for w in declared.writes_for("create") if w.path == path)

    async def _writes_of(
        self, declared: Resource, operation: str, division: int, record_id: str
    ) -> Writes:
        """The endpoint an update or delete of this record goes to: where it is read from,
        when the resource lives in several endpoints."""
        first = self._writes(declared, operation)
        candidates = declared.writes_for(operation)
        if len(candidates) == 1:
            return first
        source = await self._locate(declared, division, record_id)
        for writes in candidates:
            if writes.path == source.path:
                return writes
        msg = f"Exact does not allow {operation} on {declared.name} read from {source.path}"
        raise UnsupportedOperation(msg, resource=declared.name, operation=operation)

    async def _locate(self, declared: Resource, division: int, record_id: str) -> Source:
        for source in self._sources_for(declared, record_id):
            query = self._key_query(source, record_id)
            if query is None:
                continue
            async for _ in self._rows(division, source, query.select(source.map.spec.key)):
                return source
        msg = f"no {declared.name} record {record_id!r} in division {division}"
        raise NotFound(msg)

    def _key_query(self, source: Source, record_id: str) -> Query | None:
        """The query reading one record of `source` by id; None when the id cannot be a
        key of that source (a code where a GUID is expected)."""
        key: str | int = record_id.removeprefix(source.id_prefix)
        spec = source.map.spec
        try:
            if spec.key_field.edm.is_integer:
                key = int(key)
            return self._query(source).where(F(spec.key) == key)
        except (ValueError, TypeError):
            return None

    async def _body(
        self,
        declared: Resource,
        writes: Writes,
        division: int,
        data: Mapping[str, Any] | UnifiedRecord,
        method: Any,
    ) -> dict[str, Any]:
        custom = self.context.custom.get(declared.name, ())
        problems: dict[str, str] = {}
        if writes.check is not None:
            fields = data.model_dump() if isinstance(data, UnifiedRecord) else data
            problems.update(writes.check(fields))
        try:
            body = writes.map.to_exact(data, method=method, custom=custom)
        except InvalidBody as exc:
            raise InvalidBody(
                str(exc), path=exc.path, method=exc.method, problems=exc.problems | problems
            ) from None
        if problems:
            msg = f"invalid {method} body for {writes.path}: " + ", ".join(
                f"{name} ({why})" for name, why in sorted(problems.items())
            )
            raise InvalidBody(msg, path=writes.path, method=method, problems=problems)
        if writes.prepare is not None:
            body = await writes.prepare(self.context, division, method, body)
        return body
