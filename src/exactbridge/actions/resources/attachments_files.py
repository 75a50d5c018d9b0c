"""Files in Exact: upload one into a new document, download one, attach one to a record.

Exact files papers in two layers (`documents/Documents` and their `DocumentAttachments`),
so "upload a file" is two creates, and "attach a receipt to that bill" means finding the
document the bill is filed with first. These are the named operations of `attachments`;
each checks the file before any call (Exact refuses more than 10 MB, counted decoded) and
writes through `Actions.create`, so the documents and files it makes are validated and
idempotent like any other create.

How a document belongs to a record (see `reference/exact-api-facts.md` 8.16): the record
names it in its `Document` property (sales invoices, sales and purchase entries; Exact
files every purchase entry with a document of its own), and the document names the record
in `FinancialTransactionEntryID` (an entry's `EntryID`, or a sales invoice's `InvoiceID`
for the invoice's printed PDF). `attach_to` uses the document a record already has, by
either link, and otherwise creates one linked both ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from exactbridge.client import F, Query
from exactbridge.errors import InvalidBody, NotFound
from exactbridge.exact import find_entity
from exactbridge.mappers.attachments import ATTACHMENT_MAP, DOCUMENT_MAP, download_url
from exactbridge.model.attachments import Attachment, DocumentType
from exactbridge.wire import parse_guid

if TYPE_CHECKING:
    from exactbridge.actions._actions import Actions

__all__ = ["TARGETS", "Target", "attach_to", "download", "upload"]

_PROCESSED: Final = 50
"""`Status` of a processed invoice or entry: Exact no longer lets it change."""


@dataclass(frozen=True)
class Target:
    """A kind of record files can be attached to.

    Attributes:
        paths: the Exact endpoints holding such records, tried in order (an invoice is in
            `SalesInvoices`, or only in `SalesEntries` when it was booked directly).
        document_type: the type of a document created for it.
        relations: properties naming the relation a new document is shown on (first set).
        number: the property copied into a new document's `SalesInvoiceNumber`.
    """

    paths: tuple[str, ...]
    document_type: DocumentType
    relations: tuple[str, ...] = ()
    number: str | None = None


_SALES: Final = Target(
    ("salesinvoice/SalesInvoices", "salesentry/SalesEntries"),
    DocumentType.SALES_INVOICE,
    ("InvoiceTo", "OrderedBy", "Customer"),
    "InvoiceNumber",
)
_PURCHASES: Final = Target(
    ("purchaseentry/PurchaseEntries",), DocumentType.PURCHASE_INVOICE, ("Supplier",)
)
_ENTRIES: Final = Target(("financialtransaction/Transactions",), DocumentType.MISCELLANEOUS)

TARGETS: Final[Mapping[str, Target]] = {
    "invoices": _SALES,
    "credit_notes": _SALES,
    "bills": _PURCHASES,
    "vendor_credits": _PURCHASES,
    "journal_entries": _ENTRIES,
}
"""What `attach_to` attaches to, by unified resource name; `journal_entries` takes the
`EntryID` of any financial entry (sales, purchase, general, bank or cash)."""


def _refuse(path: str, problems: dict[str, str]) -> None:
    if problems:
        msg = f"invalid upload to {path}: " + ", ".join(
            f"{name} ({why})" for name, why in sorted(problems.items())
        )
        raise InvalidBody(msg, path=path, method="POST", problems=problems)


def _file_problems(file_name: Any, content: Any) -> dict[str, str]:
    """What is wrong with a file before it has a document: the attachment map's own checks
    (a name, bytes, at most 10 MB), without the document it does not have yet."""
    try:
        ATTACHMENT_MAP.to_exact({"file_name": file_name, "content": content}, method="POST")
    except InvalidBody as exc:
        return {name: why for name, why in exc.problems.items() if name != "document_id"}
    return {}


def _keys(idempotency_key: str | None) -> tuple[str | None, str | None]:
    """The keys of the document and the file an idempotent upload makes."""
    if idempotency_key is None:
        return None, None
    return f"{idempotency_key}/document", f"{idempotency_key}/file"


async def upload(
    actions: Actions,
    division: int,
    *,
    file_name: str,
    content: bytes,
    document: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> Attachment:
    """Create a document and upload `content` into it; returns the file's record.

    Args:
        file_name: the file's name in Exact.
        content: the file (at most 10 MB).
        document: unified fields of the document (`subject` defaults to the file name,
            `type` to `miscellaneous`; `account_id` shows it on a relation's card).
        idempotency_key: asking again with it returns the same document and file.

    Raises:
        InvalidBody: the file or the document is wrong (`document.<field>` for the latter);
            nothing was sent.
    """
    fields = {"subject": file_name, "type": DocumentType.MISCELLANEOUS, **(document or {})}
    problems = _file_problems(file_name, content)
    try:
        DOCUMENT_MAP.to_exact(fields, method="POST")
    except InvalidBody as exc:
        problems |= {f"document.{name}": why for name, why in exc.problems.items()}
    _refuse(ATTACHMENT_MAP.spec.path, problems)
    document_key, file_key = _keys(idempotency_key)
    created = await actions.create("documents", division, fields, idempotency_key=document_key)
    return await _attach(actions, division, created.id, file_name, content, file_key)


async def _attach(
    actions: Actions,
    division: int,
    document_id: str,
    file_name: str,
    content: bytes,
    idempotency_key: str | None,
) -> Attachment:
    body = {"document_id": document_id, "file_name": file_name, "content": content}
    attachment: Attachment = await actions.create(
        "attachments", division, body, idempotency_key=idempotency_key
    )
    return attachment


async def download(actions: Actions, division: int, *, attachment_id: str) -> bytes:
    """The bytes of a file, from its link (`Url` with `Download=1`) with the Bearer token.

    Raises:
        NotFound: no attachment has that id (or Exact serves no file for it).
    """
    attachment: Attachment = await actions.get("attachments", division, attachment_id)
    if attachment.url is None:
        msg = f"attachment {attachment_id} has no download link in division {division}"
        raise NotFound(msg)
    return await actions.client.download(download_url(attachment.url), division=division)


async def attach_to(
    actions: Actions,
    division: int,
    *,
    to: str,
    record_id: str,
    file_name: str,
    content: bytes,
    subject: str | None = None,
    idempotency_key: str | None = None,
) -> Attachment:
    """Attach a file to a sales invoice, a bill or a financial entry; returns the file.

    The file goes into the record's own document: the one its `Document` names, else the one
    filed against it (`FinancialTransactionEntryID`: a printed invoice's PDF, say). A record
    without one gets a new document, of the record's kind, on its relation, naming the
    record; while the record is still open it names the document back (`Document`), as
    Exact's "entry with attachment" flow does.

    Args:
        to: the record's resource (`invoices`, `credit_notes`, `bills`, `vendor_credits`,
            `journal_entries`).
        record_id: the record's id (its Exact key).
        subject: of a document created for it (default: the file name).

    Raises:
        InvalidBody: an unknown `to`, a bad id or a bad file; nothing was sent.
        NotFound: no such record in the division.
    """
    target = TARGETS.get(to)
    problems = _file_problems(file_name, content)
    if target is None:
        problems["to"] = f"files attach to {', '.join(TARGETS)}, not {to!r}"
    key = _key(actions, to, record_id)
    if key is None:
        problems["record_id"] = f"{record_id!r} is not an Exact key"
    _refuse(ATTACHMENT_MAP.spec.path, problems)
    assert target is not None and key is not None
    path, row = await _locate(actions, division, target, to, key)
    document_key, file_key = _keys(idempotency_key)
    document_id = row.get("Document") or await _filed_with(actions, division, key)
    if document_id is None:
        relation = next((row[name] for name in target.relations if row.get(name)), None)
        fields = {
            "subject": subject or file_name,
            "type": target.document_type,
            "account_id": relation,
            "entry_id": key,
            "sales_invoice_number": row.get(target.number) if target.number else None,
        }
        document = await actions.create(
            "documents",
            division,
            {name: value for name, value in fields.items() if value is not None},
            idempotency_key=document_key,
        )
        document_id = document.id
        await _name_back(actions, division, path, row, key, document_id)
    return await _attach(actions, division, str(document_id), file_name, content, file_key)


def _key(actions: Actions, to: str, record_id: str) -> str | None:
    """The Exact key in a unified id (without a source's `id_prefix`), or None."""
    declared = actions.resources.get(to)
    for source in declared.sources if declared is not None else ():
        if source.id_prefix and record_id.startswith(source.id_prefix):
            record_id = record_id.removeprefix(source.id_prefix)
    try:
        return parse_guid(record_id)
    except (ValueError, TypeError):
        return None


async def _locate(
    actions: Actions, division: int, target: Target, to: str, key: str
) -> tuple[str, dict[str, Any]]:
    """The endpoint and row holding the record."""
    for path in target.paths:
        spec = find_entity(path)
        assert spec is not None, path
        query = Query(path).where(F(spec.key) == key)
        async for envelope in actions.client.pages(division, query):
            for row in envelope.rows:
                return path, row
    msg = f"no {to} record {key!r} in division {division}"
    raise NotFound(msg)


async def _filed_with(actions: Actions, division: int, key: str) -> str | None:
    """The document filed against entry or invoice `key` (the lowest numbered), if any."""
    query = (
        Query(DOCUMENT_MAP.spec.path)
        .select("ID", "HID")
        .where(F("FinancialTransactionEntryID") == key)
    )
    found = [
        (row.get("HID") or 0, str(row["ID"]))
        async for envelope in actions.client.pages(division, query)
        for row in envelope.rows
    ]
    return min(found)[1] if found else None


async def _name_back(
    actions: Actions, division: int, path: str, row: Mapping[str, Any], key: str, document: str
) -> None:
    """Set the record's `Document` where Exact lets it change: the endpoint updates it and
    the record is not processed yet (a processed one keeps the document-side link)."""
    spec = find_entity(path)
    assert spec is not None, path
    prop = spec.field("Document")
    if prop is None or not prop.on_put or "PUT" not in spec.methods:
        return
    if row.get("Status") == _PROCESSED:
        return
    await actions.client.update(division, path, key, {"Document": document})
