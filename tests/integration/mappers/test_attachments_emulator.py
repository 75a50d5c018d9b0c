"""Documents and attachments against the emulator.

The whole seed of both divisions maps and its references hold: every attachment belongs to
an existing document, every document to an existing relation and (when linked) an existing
financial entry, and each seeded file downloads with the size Exact reports. A document
with an uploaded file, written through the unified model, reads back equal; the file
downloads byte for byte; the document is updated, the file and the document are deleted.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import httpx

from exactbridge.mappers.attachments import ATTACHMENT_MAP, DOCUMENT_MAP, download_url
from exactbridge.mappers.parties import CUSTOMER_MAP, is_customer_row
from exactbridge.model.attachments import Attachment, Document, DocumentType
from exactbridge.wire import loads
from tests.support.emulator import EmulatorClient
from tests.support.rows import (
    all_rows,
    create,
    delete,
    divisions,
    gone,
    one_row,
    update,
)

_NIL = "00000000-0000-0000-0000-000000000000"
_DOCUMENTS = "documents/Documents"
_ATTACHMENTS = "documents/DocumentAttachments"


async def _download(exact: EmulatorClient, url: str) -> httpx.Response:
    """What the actions layer does: the raw file from the attachment's link, with Bearer."""
    return await exact.get(download_url(url))


async def test_seeded_documents_and_attachments_map(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        documents = {
            doc.id: doc
            for doc in (
                DOCUMENT_MAP.from_exact(row, division=division)
                for row in await all_rows(exact, division, _DOCUMENTS)
            )
        }
        attachments = [
            ATTACHMENT_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, _ATTACHMENTS)
        ]
        accounts = {row["ID"] for row in await all_rows(exact, division, "crm/Accounts")}
        entries = {
            row["EntryID"]
            for row in await all_rows(exact, division, "financialtransaction/Transactions")
        }
        assert documents and attachments
        numbers = Counter(doc.number for doc in documents.values())
        assert max(numbers.values()) == 1, "document numbers (HID) are unique per division"
        for doc in documents.values():
            assert doc.type_code is not None and doc.type is not None
            assert doc.account_id is None or doc.account_id in accounts, doc.subject
            assert doc.entry_id is None or doc.entry_id in entries, doc.subject
            assert doc.view_url is not None and doc.id in doc.view_url
            assert doc.currency == "EUR"
        for attachment in attachments:
            assert attachment.document_id in documents, attachment.file_name
            assert attachment.content is None  # Exact never sends the file back
            assert attachment.created_at is None  # nor audit dates
            assert attachment.url is not None and attachment.id in attachment.url
            response = await _download(exact, attachment.url)
            assert response.status_code == 200, attachment.file_name
            assert len(response.content) == attachment.file_size


async def test_document_with_an_uploaded_file(exact: EmulatorClient) -> None:
    division = exact.division
    rows = await all_rows(exact, division, "crm/Accounts")
    customer = CUSTOMER_MAP.from_exact(
        next(row for row in rows if is_customer_row(row)), division=division
    )
    draft = Document(
        id=_NIL,
        division=division,
        subject="Unified test contract",
        type=DocumentType.MISCELLANEOUS,
        document_date=date(2026, 6, 1),
        expiry_date=date(2027, 6, 1),
        account_id=customer.id,
        amount=Decimal("1234.56"),
        body="Signed by both parties",
    )
    document_id = await create(
        exact, division, _DOCUMENTS, DOCUMENT_MAP.to_exact(draft, method="POST")
    )
    document = DOCUMENT_MAP.from_exact(
        await one_row(exact, division, _DOCUMENTS, document_id), division=division
    )
    written = draft.model_fields_set - {"id"}
    assert document.model_dump(include=written) == draft.model_dump(include=written)
    assert document.type_code == 55
    assert (document.account_code, document.account_name) == (customer.code, customer.name)
    assert document.category_name == "Customers"  # Exact files it by the account's role
    assert document.number is not None

    content = bytes(range(256)) * 40 + b"%%EOF"  # every byte value, in a 10 kB file
    upload = Attachment(
        id=_NIL,
        division=division,
        document_id=document_id,
        file_name="contract.pdf",
        content=content,
    )
    created = await exact.request(
        "POST",
        f"/api/v1/{division}/{_ATTACHMENTS}",
        json=ATTACHMENT_MAP.to_exact(upload, method="POST"),
    )
    assert created.status_code == 201, created.text
    answered = ATTACHMENT_MAP.from_exact(loads(created.content)["d"], division=division)
    assert answered.content is None  # Exact answers without the file
    stored = ATTACHMENT_MAP.from_exact(
        await one_row(exact, division, _ATTACHMENTS, answered.id), division=division
    )
    assert stored == answered
    assert (stored.document_id, stored.file_name, stored.file_size) == (
        document_id,
        "contract.pdf",
        len(content),
    )
    assert stored.url is not None
    downloaded = await _download(exact, stored.url)
    assert downloaded.status_code == 200
    assert downloaded.content == content
    assert downloaded.headers["content-disposition"].startswith("attachment;")
    inline = await exact.get(stored.url)  # without Download=1 Exact shows the file inline
    assert inline.content == content
    assert inline.headers["content-disposition"].startswith("inline;")

    change = {"subject": "Unified test contract, signed", "expiry_date": None}
    await update(
        exact, division, _DOCUMENTS, document_id, DOCUMENT_MAP.to_exact(change, method="PUT")
    )
    after = DOCUMENT_MAP.from_exact(
        await one_row(exact, division, _DOCUMENTS, document_id), division=division
    )
    assert (after.subject, after.expiry_date) == (change["subject"], None)
    assert after.amount == draft.amount

    assert await delete(exact, division, _ATTACHMENTS, stored.id) == 204
    assert await gone(exact, division, _ATTACHMENTS, stored.id)
    assert (await _download(exact, stored.url)).status_code == 404

    second = upload.model_copy(update={"file_name": "annex.txt", "content": b"annex"})
    annex = await create(
        exact, division, _ATTACHMENTS, ATTACHMENT_MAP.to_exact(second, method="POST")
    )
    assert await delete(exact, division, _DOCUMENTS, document_id) == 204
    assert await gone(exact, division, _DOCUMENTS, document_id)
    assert await gone(exact, division, _ATTACHMENTS, annex)  # deleted with its document


async def test_attachment_of_a_missing_document_is_refused(exact: EmulatorClient) -> None:
    upload = Attachment(
        id=_NIL, division=exact.division, document_id=_NIL, file_name="x.txt", content=b"x"
    )
    refused = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/{_ATTACHMENTS}",
        json=ATTACHMENT_MAP.to_exact(upload, method="POST"),
    )
    assert refused.status_code == 500
    assert refused.json()["error"]["message"]["value"]
