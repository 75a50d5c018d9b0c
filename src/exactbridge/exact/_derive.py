"""Bulk and sync endpoints, derived from the regular endpoint whose rows they serve.

Exact offers some entities three ways (facts 5.1): the regular endpoint (`crm/Accounts`,
60 rows a page, the only one that writes), a bulk endpoint (`bulk/CRM/Accounts`, 1,000 rows
a page, `$select` mandatory) and a sync endpoint (`sync/CRM/Accounts`, 1,000 rows a page in
`Timestamp` order, filterable on `Timestamp` only). The rows are the same, so a regular spec
names its bulk and sync paths and the registry derives their specs from it.

The OData type names of bulk and sync rows were not recorded; they follow the pattern of
Exact's other namespaced models (`Exact.Web.Api.Models.Sync.CRM.Account`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from exactbridge.exact._spec import Edm, EntitySpec, Field

__all__ = ["BULK_PAGE_SIZE", "SYNC_PAGE_SIZE", "bulk_spec", "sync_spec"]

BULK_PAGE_SIZE: Final = 1000
SYNC_PAGE_SIZE: Final = 1000
_TIMESTAMP: Final = Field(name="Timestamp", edm=Edm.INT64)


def _type_name(spec: EntitySpec, kind: str, path: str) -> str:
    service = path.split("/")[1]
    model = spec.type_name.rsplit(".", 1)[-1]
    return f"Exact.Web.Api.Models.{kind}.{service}.{model}"


def bulk_spec(spec: EntitySpec) -> EntitySpec:
    """The bulk endpoint over `spec`'s rows (requires `spec.bulk`)."""
    assert spec.bulk is not None, spec.path
    return replace(
        spec,
        path=spec.bulk,
        type_name=_type_name(spec, "Bulk", spec.bulk),
        properties=tuple(p for p in spec.properties if isinstance(p, Field)),
        methods=frozenset({"GET"}),
        required=(),
        legacy=False,
        full_post_response=False,
        page_size=BULK_PAGE_SIZE,
        webhook_topic=None,
        bulk=None,
        sync=None,
        api_type="bulk",
        source=spec.path,
        select_required=True,
    )


def sync_spec(spec: EntitySpec) -> EntitySpec:
    """The sync endpoint over `spec`'s rows, with their `Timestamp` (requires `spec.sync`)."""
    assert spec.sync is not None, spec.path
    fields = tuple(p for p in spec.properties if isinstance(p, Field))
    return replace(
        spec,
        path=spec.sync,
        type_name=_type_name(spec, "Sync", spec.sync),
        properties=(_TIMESTAMP, *fields),
        methods=frozenset({"GET"}),
        required=(),
        legacy=False,
        full_post_response=False,
        page_size=SYNC_PAGE_SIZE,
        webhook_topic=None,
        bulk=None,
        sync=None,
        api_type="sync",
        source=spec.path,
        select_required=True,
    )
