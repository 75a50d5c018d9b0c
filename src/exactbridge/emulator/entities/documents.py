"""documents/Documents and DocumentAttachments: documents on relation cards and their files.

A document needs a subject and a type. It is numbered (`HID`) per division, dated the day
it was uploaded unless told otherwise, and filed in a category that follows its account
(customers, suppliers, or general). `DocumentViewUrl` links to Exact's viewer.

An attachment's file arrives as base64 in `Attachment` (at most 10 MB decoded). The bytes
are kept beside the row (`Division.files`, by attachment ID) and the row keeps `Attachment`
null, as Exact answers; `FileSize` counts the bytes and `Url` is where clients download the
file with their Bearer token (`downloads`). Links are stored on `urls.SITE` and rendered
with the host the client used, so they follow the region a client connects to.

Deleting a document deletes its attachments; a document still referred to (by a sales
order, quotation or entry) cannot be deleted, and neither can an account with documents.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.emulator.urls import SITE
from exactbridge.exact import EntitySpec, find_entity

__all__ = [
    "BEHAVIOURS",
    "DOCUMENT_TYPES",
    "MAX_FILE_SIZE",
    "attachment_url",
    "category_id",
    "stamp",
]

DOCUMENT_TYPES: Final = {
    10: "Sales invoice",
    20: "Purchase invoice",
    40: "Quotation",  # code unverified
    55: "Miscellaneous",
}
"""Document types the emulator names; other type codes are accepted without a description."""

MAX_FILE_SIZE: Final = 10 * 1024 * 1024
"""Exact's limit for a file, counted decoded."""

_DOCUMENTS: Final = "documents/Documents"
_ATTACHMENTS: Final = "documents/DocumentAttachments"
_CATEGORIES: Final = uuid.UUID("9b3e7a10-4c2d-4f5e-8a61-0d2c3b4e5f67")


def stamp(ctx: Context) -> str:
    """The `Stamp` parameter of Exact's links (`NL001`; observed `FR001` on a French division)."""
    country = str(ctx.division.info.get("Country") or "NL").strip() or "NL"
    return f"{country}001"


def category_id(division: int, name: str) -> str:
    """The key of a document category of a division (`General`, `Customers`, `Suppliers`)."""
    return str(uuid.uuid5(_CATEGORIES, f"{division}:{name}"))


def attachment_url(ctx: Context, key: str) -> str:
    """The download link of an attachment (rendered on the host of each request)."""
    query = f"ID={key}&_Division_={ctx.division.code}&Stamp={stamp(ctx)}"
    return f"{SITE}/docs/SysAttachment.aspx?{query}"


def _category_name(account: Row) -> str:
    if account.get("Status") == "C" or account.get("IsSales"):
        return "Customers"
    return "Suppliers" if account.get("IsSupplier") else "General"


def _spec(path: str) -> EntitySpec:
    spec = find_entity(path)
    assert spec is not None, path
    return spec


class DocumentBehaviour(Behaviour):
    """Numbers, dates and categories defaulted; names derived; deletes cascade to files."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("DocumentDate") is None:
            put(spec, row, "DocumentDate", ctx.today)
        name = "Documents.HID"
        if row.get("HID") is None:
            put(spec, row, "HID", ctx.division.next_in_sequence(name))
        else:
            sequences = ctx.division.sequences
            sequences[name] = max(sequences.get(name, 0), row["HID"])
        if row.get("Category") is None:
            account = ctx.lookup("crm/Accounts", row.get("Account")) or {}
            put(spec, row, "Category", category_id(ctx.division.code, _category_name(account)))
        defaults: dict[str, Any] = {"Currency": "EUR", "SendMethod": 0}
        for field, value in defaults.items():
            if row.get(field) is None:
                put(spec, row, field, value)
        url = f"{SITE}/docs/DocViewContent.aspx?ID={row['ID']}&_Division_={ctx.division.code}"
        put(spec, row, "DocumentViewUrl", f"{url}&Stamp={stamp(ctx)}")
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        account = ctx.lookup("crm/Accounts", row.get("Account")) or {}
        put(spec, row, "AccountCode", account.get("Code"))
        put(spec, row, "AccountName", account.get("Name"))
        contact = ctx.lookup("crm/Contacts", row.get("Contact")) or {}
        put(spec, row, "ContactFullName", contact.get("FullName"))
        code = ctx.division.code
        names = {category_id(code, name): name for name in ("General", "Customers", "Suppliers")}
        put(spec, row, "CategoryDescription", names.get(row.get("Category") or ""))
        put(spec, row, "TypeDescription", DOCUMENT_TYPES.get(row.get("Type") or 0))
        project = ctx.lookup("project/Projects", row.get("Project")) or {}
        put(spec, row, "ProjectCode", project.get("Code"))
        put(spec, row, "ProjectDescription", project.get("Description"))
        put(spec, row, "HasEmptyBody", not row.get("Body"))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        wrong = [
            name
            for name, path in (
                ("Account", "crm/Accounts"),
                ("Contact", "crm/Contacts"),
                ("Project", "project/Projects"),
            )
            if row.get(name) is not None and ctx.lookup(path, row[name]) is None
        ]
        if wrong:
            raise ctx.refuse_all("invalid_reference", wrong)
        if (row.get("Type") or 0) <= 0:
            raise ctx.refuse("invalid", "Type")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row, ignoring=(_ATTACHMENTS,))

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        attachments = _spec(_ATTACHMENTS)
        for attachment in ctx.table(_ATTACHMENTS).lookup("Document", row["ID"]):
            ctx.store.delete(ctx.division, attachments, attachment["ID"])
            ctx.division.files.pop(attachment["ID"], None)


class DocumentAttachmentBehaviour(Behaviour):
    """The file goes beside the row; size and download link are derived."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        content = row.get("Attachment")
        put(spec, row, "FileSize", float(len(content)) if isinstance(content, bytes) else None)
        put(spec, row, "Url", attachment_url(ctx, row["ID"]))

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.lookup(_DOCUMENTS, row.get("Document")) is None:
            raise ctx.refuse("invalid_reference", "Document")
        content = row.get("Attachment")
        if not isinstance(content, bytes):
            raise ctx.refuse("mandatory", "Attachment")
        if len(content) > MAX_FILE_SIZE:
            raise ctx.refuse("file_too_large", row.get("FileName") or "Attachment")
        # beside the row before it is saved, so listeners of the save (the state file) find it
        ctx.division.files[row["ID"]] = content
        put(spec, row, "Attachment", None)  # Exact never answers with the file

    def after_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.division.files.pop(row["ID"], None)


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    _DOCUMENTS: DocumentBehaviour(),
    _ATTACHMENTS: DocumentAttachmentBehaviour(),
}
