"""Documents and their files: `documents/Documents` and `documents/DocumentAttachments`.

Exact files papers in two layers. A `Document` is the record: a subject, a type (sales
invoice, purchase invoice, miscellaneous...), the relation it is shown on, dates, and links
to what it belongs to (a financial entry or sales invoice, an order, a project). An
`Attachment` is one file of a document: its name, size and download link.

Files cross differently each way. Uploading is a create of an attachment whose `content`
holds the bytes (sent to Exact as base64 in `Attachment`). Exact never sends the bytes back
in a response: reads carry `content` None and a `url`, from which the caller downloads the
file with its Bearer token (`&Download=1` asks for the raw file; the actions layer does
that). Exact offers no update of an attachment: a file is replaced by deleting it and
uploading a new one.

Document types: Exact has dozens (`documents/DocumentTypes`); `type_code` keeps Exact's
number losslessly and `type` names the common ones, `other` for the rest.
"""

from __future__ import annotations

import base64
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import ConfigDict, Field, PlainSerializer, WithJsonSchema, model_validator

from exactbridge.model._base import CurrencyCode, Money, UnifiedRecord

__all__ = [
    "DOCUMENT_TYPE_CODES",
    "MAX_UPLOAD_BYTES",
    "Attachment",
    "Document",
    "DocumentType",
    "FileContent",
    "document_type",
]

MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
"""Exact refuses a request over 10 MB, counting a file at its decoded size."""

FileContent = Annotated[
    bytes,
    Field(max_length=MAX_UPLOAD_BYTES),
    PlainSerializer(
        lambda value: base64.b64encode(value).decode("ascii"), return_type=str, when_used="json"
    ),
    WithJsonSchema(
        {
            "type": "string",
            "contentEncoding": "base64",
            "maxLength": -(-MAX_UPLOAD_BYTES // 3) * 4,
        }
    ),
]
"""A file: `bytes` in Python, standard base64 in JSON (as Exact takes it), at most 10 MB."""


class DocumentType(StrEnum):
    """The common Exact document `Type`s; `other` for any other code."""

    SALES_INVOICE = "sales_invoice"  # 10
    PURCHASE_INVOICE = "purchase_invoice"  # 20
    QUOTATION = "quotation"  # 40 (code not verified against Exact)
    MISCELLANEOUS = "miscellaneous"  # 55
    OTHER = "other"


DOCUMENT_TYPE_CODES: Final[dict[int, DocumentType]] = {
    10: DocumentType.SALES_INVOICE,
    20: DocumentType.PURCHASE_INVOICE,
    40: DocumentType.QUOTATION,
    55: DocumentType.MISCELLANEOUS,
}
"""Exact document `Type` -> unified type; codes not listed read as `other`."""

_CODES_BY_TYPE: Final = {member: code for code, member in DOCUMENT_TYPE_CODES.items()}


class Document(UnifiedRecord):
    """One document (`documents/Documents`); read, create, update, delete.

    Give either `type_code` (Exact's number) or a named `type`; the other is derived. Deleting
    a document deletes its attachments; Exact refuses it while an entry or order refers to it.
    """

    subject: str = Field(description="Exact `Subject`.")
    type_code: int | None = Field(
        default=None, description="Exact `Type` (10 sales invoice, 20 purchase invoice, ...)."
    )
    type: DocumentType | None = Field(
        default=None, description="Named from Exact `Type`; `other` for unnamed codes."
    )
    type_name: str | None = Field(default=None, description="Exact `TypeDescription` (read only).")
    number: int | None = Field(
        default=None, description="Exact `HID`: numbered per division when omitted."
    )
    document_date: date | None = Field(
        default=None, description="Exact `DocumentDate`; Exact defaults it to the upload day."
    )
    expiry_date: date | None = Field(default=None, description="Exact `ExpiryDate`.")
    account_id: str | None = Field(
        default=None, description="Exact `Account` GUID: the relation the document is shown on."
    )
    account_code: str | None = Field(
        default=None, description="Exact `AccountCode`, padding trimmed (read only)."
    )
    account_name: str | None = Field(default=None, description="Exact `AccountName` (read only).")
    contact_id: str | None = Field(default=None, description="Exact `Contact` GUID.")
    category_id: str | None = Field(
        default=None, description="Exact `Category` GUID; defaulted from the account's role."
    )
    category_name: str | None = Field(
        default=None, description="Exact `CategoryDescription` (read only)."
    )
    folder_id: str | None = Field(default=None, description="Exact `DocumentFolder` GUID.")
    entry_id: str | None = Field(
        default=None,
        description="Exact `FinancialTransactionEntryID`: the financial entry the document "
        "belongs to (for a sales invoice's document, the invoice's `InvoiceID`).",
    )
    sales_invoice_number: int | None = Field(
        default=None, description="Exact `SalesInvoiceNumber`."
    )
    sales_order_number: int | None = Field(default=None, description="Exact `SalesOrderNumber`.")
    project_id: str | None = Field(default=None, description="Exact `Project` GUID.")
    amount: Money | None = Field(
        default=None, description="Exact `AmountFC`: the amount on the document."
    )
    currency: CurrencyCode | None = Field(default=None, description="Exact `Currency`.")
    body: str | None = Field(default=None, description="Exact `Body`: the document's text.")
    language: str | None = Field(default=None, description="Exact `Language` code.")
    view_url: str | None = Field(
        default=None, description="Exact `DocumentViewUrl`: Exact's viewer (read only)."
    )

    @model_validator(mode="before")
    @classmethod
    def _type_both_ways(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        code, named = data.get("type_code"), data.get("type")
        if code is None and named is None:
            return data
        code, named = document_type(code, named)
        return {**data, "type_code": code, "type": named}


def document_type(code: int | None, named: Any) -> tuple[int, DocumentType]:
    """Both type fields of a document from either or both: Exact's code and its name.

    Writers use it too, so a body naming the `type` sends Exact the code it stands for.

    Raises:
        ValueError: neither is given, the name is unknown, `other` comes without a code,
            or the two disagree.
    """
    if code is None:
        if named is None:
            msg = "a document needs a type or Exact's type_code"
            raise ValueError(msg)
        known = _CODES_BY_TYPE.get(DocumentType(named))
        if known is None:
            msg = "type `other` needs Exact's `type_code`"
            raise ValueError(msg)
        return known, DocumentType(named)
    derived = DOCUMENT_TYPE_CODES.get(code, DocumentType.OTHER)
    if named is not None and derived != named:
        msg = f"type {named!r} does not match Exact type code {code}"
        raise ValueError(msg)
    return code, derived


class Attachment(UnifiedRecord):
    """One file of a document (`documents/DocumentAttachments`); read, create, delete.

    Exact keeps no audit dates on attachments, so `created_at` and `modified_at` stay None.
    In JSON, `content` is base64, as Exact takes it.
    """

    model_config = ConfigDict(val_json_bytes="base64")

    document_id: str = Field(description="Exact `Document` GUID; set on creation only.")
    file_name: str = Field(description="Exact `FileName`; set on creation only.")
    file_size: int | None = Field(
        default=None, description="Exact `FileSize`: the file's bytes (read only)."
    )
    url: str | None = Field(
        default=None,
        description="Exact `Url`: `/docs/SysAttachment.aspx?ID=...`, read with the Bearer "
        "token (read only).",
    )
    content: FileContent | None = Field(
        default=None,
        description="Exact `Attachment`: the file to upload (base64 on the wire); Exact "
        "never returns it, so reads leave it None.",
    )
