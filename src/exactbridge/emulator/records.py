"""Create, update and delete rows the way Exact does, for any endpoint spec.

The generic rules live here: body decoding and type checks, POST/PUT flags, required
fields, padding of codes, audit fields. What is particular to an entity (defaults,
derived names, totals, refusals) lives in `entities/`, looked up by endpoint path.

`trusted=True` writes as Exact itself or a user in Exact's screens would: keys, audit
fields and read-only properties may be given (the seed generator and the admin surface
use it). API calls are never trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from exactbridge.emulator.bodies import blank_row, decode_body, decode_value, pad_codes
from exactbridge.emulator.entities import behaviour_for
from exactbridge.emulator.entities.base import Context
from exactbridge.emulator.store import Row
from exactbridge.exact import Edm, EntitySpec

__all__ = ["create", "delete", "update"]


def create(ctx: Context, spec: EntitySpec, body: object, *, trusted: bool = False) -> Row:
    """Create a row from a POST body (or a trusted record) and save it.

    Raises:
        ExactProblem: 400 for malformed bodies, the configured validation status for
            business-rule refusals.
    """
    ctx.trusted = trusted
    decoded = decode_body(spec, body, "trusted" if trusted else "post")
    row = blank_row(spec)
    row.update(decoded.values)
    behaviour = behaviour_for(spec)
    if behaviour.client_key and isinstance(body, Mapping):  # actions name their subject
        row[spec.key] = decode_value(spec.key_field, body.get(spec.key))
        if row[spec.key] is None:
            raise ctx.refuse("mandatory", spec.key)
    elif row.get(spec.key) is None or not trusted:
        row[spec.key] = _new_key(ctx, spec)
    _stamp(ctx, spec, row, created=True, only_missing=trusted)
    behaviour.fill(ctx, spec, row, decoded.embedded)
    pad_codes(spec, row)
    ctx.require(spec, row)
    behaviour.validate(ctx, spec, row, decoded.embedded)
    ctx.store.save(ctx.division, spec, row, "create")
    behaviour.after_create(ctx, spec, row, decoded.embedded, trusted=trusted)
    return row


def update(ctx: Context, spec: EntitySpec, row: Row, body: object, *, trusted: bool = False) -> Row:
    """Apply a PUT body (partial update) to `row` and save it.

    Raises:
        ExactProblem: as for `create`; also when the entity refuses changes.
    """
    ctx.trusted = trusted
    decoded = decode_body(spec, body, "trusted" if trusted else "put")
    behaviour = behaviour_for(spec)
    behaviour.check_update(ctx, spec, row)
    changed = dict(row)
    changed.update({k: v for k, v in decoded.values.items() if k != spec.key})
    _stamp(ctx, spec, changed, created=False, only_missing=False)
    behaviour.refresh(ctx, spec, changed)
    pad_codes(spec, changed)
    ctx.require(spec, changed)
    behaviour.validate(ctx, spec, changed, {})
    ctx.store.save(ctx.division, spec, changed, "update")
    behaviour.after_update(ctx, spec, changed)
    return changed


def delete(ctx: Context, spec: EntitySpec, row: Row) -> None:
    """Delete `row` if nothing refers to it.

    Raises:
        ExactProblem: the validation status with `Cannot delete: …` when it is in use.
    """
    behaviour = behaviour_for(spec)
    behaviour.check_delete(ctx, spec, row)
    ctx.store.delete(ctx.division, spec, row[spec.key])
    behaviour.after_delete(ctx, spec, row)


def _new_key(ctx: Context, spec: EntitySpec) -> Any:
    if spec.key_field.edm is Edm.GUID:
        return ctx.new_guid()
    return ctx.division.next_in_sequence(f"key:{spec.path}", start=1)


def _stamp(ctx: Context, spec: EntitySpec, row: Row, *, created: bool, only_missing: bool) -> None:
    """Fill the audit fields Exact maintains (only those the entity has)."""
    now: datetime = ctx.now_local
    user = ctx.store.user
    stamps: dict[str, Any] = {
        "Modified": now,
        "Modifier": user.get("UserID"),
        "ModifierFullName": user.get("FullName"),
        "Division": ctx.division.code,
    }
    if created:
        stamps |= {
            "Created": now,
            "Creator": user.get("UserID"),
            "CreatorFullName": user.get("FullName"),
        }
    for name, value in stamps.items():
        if spec.field(name) is not None and not (only_missing and row.get(name) is not None):
            row[name] = value
