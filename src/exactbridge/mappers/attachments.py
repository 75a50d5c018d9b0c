"""Mappers for documents (`documents/Documents`) and their files
(`documents/DocumentAttachments`).

Documents are read, created, updated and deleted; a create may name the document's `type`
instead of Exact's `type_code` (`DocumentMap` sends the code it stands for). Attachments
are read, created and deleted (Exact has no PUT for them, and every property of theirs is
POST only or read only, so a PUT body built here is always empty or refused).

Upload: `ATTACHMENT_MAP.to_exact(attachment, method="POST")` with `content` holding the
file's bytes gives exactly what Exact takes::

    {"Document": "<document GUID>", "FileName": "invoice.pdf", "Attachment": "<base64>"}

Download: the actions layer GETs `download_url(attachment.url)` (the attachment's
`/docs/SysAttachment.aspx?ID=...` link plus `Download=1`) with the connection's Bearer token;
Exact answers with the bytes, or with an HTML "not found or no rights" page and a 404.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from exactbridge.errors import WireFormatError
from exactbridge.exact.documents import DOCUMENT_ATTACHMENTS, DOCUMENTS
from exactbridge.mappers._checked import build_checked
from exactbridge.mappers._codecs import CODE, DAY, GUID, INTEGER, NUMBER, TEXT
from exactbridge.mappers._core import FieldMap, Method, ResourceMap
from exactbridge.model.attachments import Attachment, Document, document_type

__all__ = ["ATTACHMENT_MAP", "BASE64", "DOCUMENT_MAP", "DocumentMap", "download_url"]


@dataclass(frozen=True)
class _Base64:
    """Edm.Binary: base64 text on the wire, bytes in the model."""

    def decode(self, wire: Any) -> bytes | None:
        if wire is None or wire == "":
            return None
        try:
            return base64.b64decode(str(wire), validate=True)
        except (binascii.Error, ValueError) as exc:
            msg = f"not base64: {exc}"
            raise WireFormatError(msg, value=wire) from exc

    def encode(self, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, bytes | bytearray | memoryview):
            msg = f"expected bytes, got {type(value).__name__}"
            raise WireFormatError(msg, value=value)
        return base64.b64encode(bytes(value)).decode("ascii")


BASE64 = _Base64()


@dataclass(frozen=True)
class DocumentMap(ResourceMap[Document]):
    """The documents map; a create mapping may name the `type` rather than the `type_code`.

    The model derives each from the other, but only `type_code` is Exact's property, so a
    create naming `type` is sent as the code it stands for; a type Exact has no single code
    for (`other`), or one contradicting a `type_code` sent beside it, is a problem. An
    update changes the type by `type_code` only (`type` stays read only there).
    """

    def to_exact(
        self,
        source: Mapping[str, Any] | Document,
        *,
        method: Method,
        custom: Sequence[FieldMap] = (),
    ) -> dict[str, Any]:
        """Build a POST or PUT body (a POST's named `type` sent as its `type_code`)."""
        if method != "POST" or isinstance(source, Document) or "type" not in source:
            return super().to_exact(source, method=method, custom=custom)
        fields = {name: value for name, value in source.items() if name != "type"}
        problems: dict[str, str] = {}
        try:
            fields["type_code"], _ = document_type(source.get("type_code"), source["type"])
        except ValueError as exc:
            problems["type"] = str(exc)
        return build_checked(self, fields, method=method, custom=custom, problems=problems)


DOCUMENT_MAP: DocumentMap = DocumentMap(
    model=Document,
    spec=DOCUMENTS,
    fields=(
        FieldMap("subject", "Subject", TEXT),
        FieldMap("type_code", "Type", INTEGER),
        FieldMap("type_name", "TypeDescription", TEXT),
        FieldMap("number", "HID", INTEGER),
        FieldMap("document_date", "DocumentDate", DAY),
        FieldMap("expiry_date", "ExpiryDate", DAY),
        FieldMap("account_id", "Account", GUID),
        FieldMap("account_code", "AccountCode", CODE),
        FieldMap("account_name", "AccountName", TEXT),
        FieldMap("contact_id", "Contact", GUID),
        FieldMap("category_id", "Category", GUID),
        FieldMap("category_name", "CategoryDescription", TEXT),
        FieldMap("folder_id", "DocumentFolder", GUID),
        FieldMap("entry_id", "FinancialTransactionEntryID", GUID),
        FieldMap("sales_invoice_number", "SalesInvoiceNumber", INTEGER),
        FieldMap("sales_order_number", "SalesOrderNumber", INTEGER),
        FieldMap("project_id", "Project", GUID),
        FieldMap("amount", "AmountFC", NUMBER),
        FieldMap("currency", "Currency", CODE),
        FieldMap("body", "Body", TEXT),
        FieldMap("language", "Language", CODE),
        FieldMap("view_url", "DocumentViewUrl", TEXT),
    ),
    required=(("subject",), ("type_code",)),
)

ATTACHMENT_MAP: ResourceMap[Attachment] = ResourceMap(
    model=Attachment,
    spec=DOCUMENT_ATTACHMENTS,
    fields=(
        FieldMap("document_id", "Document", GUID),
        FieldMap("file_name", "FileName", TEXT),
        FieldMap("file_size", "FileSize", INTEGER),
        FieldMap("url", "Url", TEXT),
        FieldMap("content", "Attachment", BASE64),
    ),
    required=(("document_id",), ("file_name",), ("content",)),
)


def download_url(url: str) -> str:
    """The link that serves an attachment's raw file: its `Url` with `Download=1`.

    Without it Exact shows the file inline; an existing `Download` parameter is replaced.
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "download"]
    query.append(("Download", "1"))
    return urlunsplit(parts._replace(query=urlencode(query)))
