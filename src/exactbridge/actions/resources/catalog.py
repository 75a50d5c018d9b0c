"""Catalogue and tracking: items, item groups, projects, tracking categories; documents and
their files (attachments)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from exactbridge.actions._resource import Operation, Resource, Source, Writes
from exactbridge.actions.resources.attachments_files import TARGETS, attach_to, download, upload
from exactbridge.errors import InvalidBody
from exactbridge.mappers.attachments import ATTACHMENT_MAP, DOCUMENT_MAP
from exactbridge.mappers.catalog import ITEM_GROUP_MAP, ITEM_MAP
from exactbridge.mappers.projects import (
    COST_CENTER_MAP,
    COST_UNIT_MAP,
    PROJECT_MAP,
    TRACKING_CATEGORY_MAPS,
)
from exactbridge.model.projects import TrackingCategoryType

__all__ = ["CATALOG"]


def _tracking_route(fields: Mapping[str, Any]) -> str:
    """The endpoint a tracking category is created in: its `type`'s (cost centre or unit).

    Raises:
        InvalidBody: no type, or not one of the two; nothing was sent.
    """
    named = fields.get("type")
    try:
        kind = TrackingCategoryType(str(named))
    except ValueError:
        kinds = " or ".join(t.value for t in TrackingCategoryType)
        why = f"required to create: {kinds}" if named is None else f"{named!r} is not {kinds}"
        paths = ", ".join(m.spec.path for m in TRACKING_CATEGORY_MAPS.values())
        raise InvalidBody(
            f"invalid POST body for {paths}: type ({why})",
            path=paths,
            method="POST",
            problems={"type": why},
        ) from None
    return TRACKING_CATEGORY_MAPS[kind].spec.path


def _tracking_writes(kind: TrackingCategoryType, **caveats: str) -> Writes:
    """One dimension's endpoint; an update or delete goes where the record is read from."""
    return Writes(
        TRACKING_CATEGORY_MAPS[kind],
        update=True,
        delete=True,
        identity=("Code",),
        caveats={"create": f"with type {kind.value}", **caveats},
    )


CATALOG = (
    Resource(
        name="items",
        summary="Articles and services sold and bought.",
        sources=(Source(ITEM_MAP),),
        writes=Writes(
            ITEM_MAP,
            update=True,
            delete=True,
            identity=("Code",),
            caveats={
                "update": "the standard cost price is set on creation only",
                "delete": "refused while invoice, order or entry lines use the item",
            },
        ),
    ),
    Resource(
        name="item_groups",
        summary="Item groups, which give new items their G/L accounts.",
        sources=(Source(ITEM_GROUP_MAP),),
    ),
    Resource(
        name="projects",
        summary="Projects for customers, with their budgets.",
        sources=(Source(PROJECT_MAP),),
        writes=Writes(
            PROJECT_MAP,
            update=True,
            delete=True,
            identity=("Code", "Description"),
            caveats={
                "create": "Exact numbers the code when none is given",
                "delete": "refused while anything refers to the project",
            },
        ),
    ),
    Resource(
        name="tracking_categories",
        summary="Cost centres and cost units, told apart by `type`.",
        sources=(
            Source(COST_CENTER_MAP, caveat="cost centres: type cost_center"),
            Source(COST_UNIT_MAP, caveat="cost units: type cost_unit"),
        ),
        writes=_tracking_writes(
            TrackingCategoryType.COST_CENTER,
            update="the code never changes: lines refer to it",
            delete="refused while entry or invoice lines use the code",
        ),
        more_writes=(_tracking_writes(TrackingCategoryType.COST_UNIT),),
        route=_tracking_route,
    ),
    Resource(
        name="documents",
        summary="Documents (invoices, receipts, contracts) that files are kept in.",
        sources=(Source(DOCUMENT_MAP),),
        writes=Writes(
            DOCUMENT_MAP,
            update=True,
            delete=True,
            identity=("Subject", "HID", "FinancialTransactionEntryID", "Account", "Type"),
            identity_needed=2,
            caveats={"delete": "refused while an entry, order or quotation names it"},
        ),
    ),
    Resource(
        name="attachments",
        summary="Files of documents; the bytes through `download`.",
        sources=(Source(ATTACHMENT_MAP, caveat="Exact sends links, never the bytes"),),
        writes=Writes(
            ATTACHMENT_MAP,
            delete=True,
            caveats={
                "create": "into an existing document; at most 10 MB, checked before the "
                "call; a lost upload is never sent again blind (Exact keeps no dates "
                "to find it by)",
            },
        ),
        operations=(
            Operation(
                "upload",
                "documents/Documents, documents/DocumentAttachments",
                upload,
                "Create a document and upload a file into it (at most 10 MB, checked "
                "before any call).",
            ),
            Operation(
                "download",
                "documents/DocumentAttachments",
                download,
                "The file's bytes, from its link with the Bearer token.",
            ),
            Operation(
                "attach_to",
                "documents/Documents, documents/DocumentAttachments",
                attach_to,
                f"Attach a file to one of {', '.join(TARGETS)}: into the document the "
                "record has, else a new one linked both ways.",
            ),
        ),
    ),
)
