"""The registry of every Exact endpoint exactbridge knows, keyed by path.

Bulk and sync endpoints are derived from the regular endpoint that names them (`_derive`).

Paths are matched case-insensitively, as Exact does (`CRM/Accounts` and `crm/Accounts` are
the same endpoint).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from exactbridge.exact import (
    cashflow,
    crm,
    current,
    documents,
    financial,
    financialtransaction,
    generaljournalentry,
    hrm,
    logistics,
    project,
    purchaseentry,
    read,
    salesentry,
    salesinvoice,
    salesorder,
    sync,
    system,
    users,
    vat,
    webhooks,
)
from exactbridge.exact._derive import bulk_spec, sync_spec
from exactbridge.exact._spec import EntitySpec

__all__ = ["ENTITIES", "find_entity"]

_MODULES: Final = (
    current, system, users, hrm, crm, financial, vat, cashflow, logistics, salesinvoice,
    salesorder, salesentry, purchaseentry, generaljournalentry, financialtransaction, read,
    project, documents, webhooks, sync,
)  # fmt: skip


def _build() -> Mapping[str, EntitySpec]:
    table: dict[str, EntitySpec] = {}

    def add(spec: EntitySpec) -> None:
        lowered = spec.path.lower()
        if lowered in table:
            msg = f"endpoint {spec.path} is declared twice"
            raise ValueError(msg)
        table[lowered] = spec

    for module in _MODULES:
        for spec in module.ENTITIES:
            add(spec)
            if spec.bulk is not None:
                add(bulk_spec(spec))
            if spec.sync is not None:
                add(sync_spec(spec))
    return MappingProxyType(table)


ENTITIES: Final = _build()
"""Every known endpoint, keyed by its lower-case path (`crm/accounts`)."""


def find_entity(path: str) -> EntitySpec | None:
    """The endpoint at `service/Entity`, matched case-insensitively, or None."""
    return ENTITIES.get(path.lower())
