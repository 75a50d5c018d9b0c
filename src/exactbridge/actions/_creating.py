"""Idempotent creates: a POST whose outcome is unknown is looked up before it is sent again.

Exact has no idempotency keys and a POST that times out may or may not have created the
record (facts 3.3); the client never repeats one on its own (`OutcomeUnknown`). Here:

1. the caller's key (or a one-off key) is claimed with a fingerprint of the body; a key
   used before with another body is refused, one that already created a record returns it;
2. a key claimed before without a record (an earlier attempt ended unknown) first looks
   the record up;
3. the POST is sent; when its outcome is unknown the flow waits a settle time and looks the
   record up by its identity properties, created since shortly before the first attempt and
   not owned by another key; only when nothing is found is it sent again (at most three
   times), and never when the body carries nothing to look it up by.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from exactbridge.actions._context import ActionContext
from exactbridge.actions._idempotency import fingerprint
from exactbridge.actions._refusals import refine
from exactbridge.actions._resource import Writes
from exactbridge.client import F, Query
from exactbridge.errors import BusinessRuleViolation, IdempotencyConflict, OutcomeUnknown
from exactbridge.mappers import INSTANT

__all__ = ["create_once", "identity_of"]

_LOOKBACK: Final = timedelta(minutes=2)
"""How long before an ambiguous create's first attempt a found record may have been created
(clock skew between us and Exact)."""
_ATTEMPTS: Final = 3


async def create_once(
    context: ActionContext,
    writes: Writes,
    division: int,
    body: dict[str, Any],
    *,
    scope: str,
    key: str | None,
) -> str:
    """POST `body` at most once in effect; the id of the record it created.

    Raises:
        IdempotencyConflict: `key` was used with another body.
        OutcomeUnknown: Exact never answered and the record could not be found.
        BusinessRuleViolation: Exact refused the body (refined to its typed error).
    """
    store = context.idempotency
    key = key or f"auto-{uuid.uuid4()}"
    digest = fingerprint(body)
    call = await store.claim(scope, key, digest, context.clock())
    if call.fingerprint != digest:
        msg = f"idempotency key {key!r} was used with a different body"
        raise IdempotencyConflict(msg, key=key)
    if call.record_id is not None:
        return call.record_id
    if not call.fresh:
        found = await _find(context, writes, division, body, scope, call.started_at)
        if found is not None:
            await store.complete(scope, key, found)
            return found
    unknown: OutcomeUnknown | None = None
    for _ in range(_ATTEMPTS):
        try:
            created = await context.client.create(division, writes.path, body)
        except BusinessRuleViolation as exc:
            raise refine(exc) from None
        except OutcomeUnknown as exc:
            unknown = exc
            if not identity_of(writes, body):
                raise  # nothing to look it up by: never send it blind a second time
            await context.sleep(context.settle_seconds)
            found = await _find(context, writes, division, body, scope, call.started_at)
            if found is not None:
                await store.complete(scope, key, found)
                return found
            continue
        record_id = str(created.raw[writes.map.spec.key]).lower()
        await store.complete(scope, key, record_id)
        return record_id
    assert unknown is not None
    raise unknown


def identity_of(writes: Writes, body: Mapping[str, Any]) -> dict[str, Any]:
    """The identity properties a lookup can use; empty when there are not enough, or when
    the endpoint keeps no `Created` to tell a new record from an older twin."""
    if writes.map.spec.field("Created") is None:
        return {}
    present = {p: body[p] for p in writes.identity if body.get(p) not in (None, "")}
    if len(present) < writes.identity_needed:
        return {}
    return dict(list(present.items())[: max(writes.identity_needed, 1)])


async def _find(
    context: ActionContext,
    writes: Writes,
    division: int,
    body: Mapping[str, Any],
    scope: str,
    started_at: datetime,
) -> str | None:
    """The record an ambiguous create made, if Exact has it: matching every identity
    property, created since shortly before the first attempt, owned by no other key."""
    identity = identity_of(writes, body)
    if not identity:
        return None
    spec = writes.map.spec
    condition = None
    for name, value in identity.items():
        term = F(name) == value
        condition = term if condition is None else condition & term
    assert condition is not None
    query = Query(spec.path).select(spec.key, "Created").where(condition)
    since = started_at - _LOOKBACK
    candidates: list[tuple[datetime, str]] = []
    async for envelope in context.client.pages(division, query):
        for row in envelope.rows:
            created = INSTANT.decode(row.get("Created"))
            if created is None or created >= since:
                candidates.append((created or since, str(row[spec.key]).lower()))
    owned = await context.idempotency.owned(scope, [c[1] for c in candidates])
    free = sorted(c for c in candidates if c[1] not in owned)
    return free[0][1] if free else None
