"""Document and attachment mappers: `documents/Documents`, `documents/DocumentAttachments`.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/attach-file-invoice.json`, `documents.json`,
`document-attachments.json`); the create bodies are the recorded requests Exact accepted.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest
from pydantic import ValidationError

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers import Method
from exactbridge.mappers.attachments import ATTACHMENT_MAP, BASE64, DOCUMENT_MAP, download_url
from exactbridge.model.attachments import (
    MAX_UPLOAD_BYTES,
    Attachment,
    Document,
    DocumentType,
)
from exactbridge.wire import encode_datetime
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
DOCUMENT_ID: Final = "9d648f77-9556-48b5-a701-fdcfa88f177f"
ATTACHMENT_ID: Final = "37e8f423-7722-4133-acbb-8231cf171264"
ACCOUNT_ID: Final = "a58c29d9-ef92-40f1-b817-31b36990898c"
SITE: Final = "https://start.exactonline.fr"

DOCUMENT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{SITE}/api/v1/{DIVISION}/documents/Documents(guid'{DOCUMENT_ID}')",
        "type": "Exact.Web.Api.Models.Document",
    },
    "ID": DOCUMENT_ID,
    "Account": ACCOUNT_ID,
    "AccountCode": "           0000002",
    "AccountName": "Foobar2 Updated",
    "AmountFC": 1210.5,
    "Body": "Facture de juin",
    "Category": "90f98168-38ec-4ef7-876f-1eb5d3ba1863",
    "CategoryDescription": "Customers",
    "Contact": "d3d37654-e1d6-4d5e-a489-00ac7ccdc973",
    "ContactFullName": "Alice M. Test",
    "Created": "/Date(1782404200637)/",
    "Creator": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "CreatorFullName": "Samuel Bodin",
    "Currency": "EUR",
    "Division": DIVISION,
    "DocumentDate": "/Date(1782345600000)/",  # 2026-06-25
    "DocumentFolder": "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
    "DocumentFolderCode": "FACT",
    "DocumentViewUrl": f"{SITE}/docs/DocViewContent.aspx?ID={DOCUMENT_ID}"
    f"&_Division_={DIVISION}&Stamp=FR001",
    "ExpiryDate": "/Date(1798761600000)/",  # 2027-01-01
    "FinancialTransactionEntryID": "6A1B2C3D-4E5F-4A6B-9C7D-8E9F0A1B2C3D",
    "HasEmptyBody": False,
    "HID": 21,
    "Language": "FR",
    "Modified": "/Date(1782404200637)/",
    "ModifierFullName": "Samuel Bodin",
    "Subject": "Test attachment",
    "Type": 10,
    "TypeDescription": "Sales invoice",
    "Project": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
    "ProjectCode": "0007",
    "SalesInvoiceNumber": 24700003,
    "SalesOrderNumber": 13,
    "SendMethod": 0,
    "InheritShare": False,
    "CostcenterCode": None,
}

# Exact answers `Attachment: null`; the sample carries the file as a create does, so that
# the suite round-trips every mapped property (the recorded null is tested below).
ATTACHMENT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{SITE}/api/v1/{DIVISION}/documents/DocumentAttachments(guid'{ATTACHMENT_ID}')",
        "type": "Exact.Web.Api.Models.DocumentAttachment",
    },
    "ID": ATTACHMENT_ID,
    "Attachment": "dGVzdA==",
    "FileName": "test.txt",
    "FileSize": 4,
    "Url": f"{SITE}/docs/SysAttachment.aspx?ID={ATTACHMENT_ID}&_Division_={DIVISION}&Stamp=FR001",
    "Document": DOCUMENT_ID,
}


class TestDocumentConformance(MapperConformance):
    family = Family(
        DOCUMENT_MAP,
        DOCUMENT_MAP.from_exact,
        DOCUMENT_MAP.to_exact,
        DOCUMENT_ROW,
        DIVISION,
        frozenset({"subject", "type_code"}),
    )


class TestAttachmentConformance(MapperConformance):
    family = Family(
        ATTACHMENT_MAP,
        ATTACHMENT_MAP.from_exact,
        ATTACHMENT_MAP.to_exact,
        ATTACHMENT_ROW,
        DIVISION,
        frozenset({"document_id", "file_name", "content"}),
    )

    @pytest.mark.parametrize("method", ["POST", "PUT"])
    def test_round_trip_keeps_every_settable_property(self, method: Method) -> None:
        if method == "POST":
            super().test_round_trip_keeps_every_settable_property(method)
            return
        # No PUT on attachments: a record's update body is empty, never a partial upload.
        assert ATTACHMENT_MAP.to_exact(self.record(), method="PUT") == {}

    def test_partial_mapping_sends_only_its_keys(self) -> None:
        with pytest.raises(InvalidBody) as caught:
            ATTACHMENT_MAP.to_exact({"file_name": "renamed.txt"}, method="PUT")
        assert caught.value.problems == {"file_name": "can only be set by POST"}


# --- upload and download ------------------------------------------------------------------


def test_upload_body_is_the_recorded_request() -> None:
    upload = Attachment(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        document_id=DOCUMENT_ID,
        file_name="test.txt",
        content=b"test",
    )
    assert ATTACHMENT_MAP.to_exact(upload, method="POST") == {
        "Document": DOCUMENT_ID,
        "Attachment": "dGVzdA==",
        "FileName": "test.txt",
    }


def test_binary_content_is_standard_base64_on_the_wire_and_in_json() -> None:
    content = bytes(range(256))  # holds bytes that URL-safe base64 would spell differently
    body = ATTACHMENT_MAP.to_exact(
        {"document_id": DOCUMENT_ID, "file_name": "x.bin", "content": content}, method="POST"
    )
    assert body["Attachment"] == base64.b64encode(content).decode("ascii")
    assert "+" in body["Attachment"] and "/" in body["Attachment"]
    record = Attachment(id=ATTACHMENT_ID, division=DIVISION, document_id=DOCUMENT_ID,
                        file_name="x.bin", content=content)  # fmt: skip
    dumped = json.loads(record.model_dump_json())
    assert dumped["content"] == body["Attachment"]
    assert Attachment.model_validate_json(record.model_dump_json()) == record


def test_recorded_answer_has_no_content() -> None:
    row = {**ATTACHMENT_ROW, "Attachment": None}
    attachment = ATTACHMENT_MAP.from_exact(row, division=DIVISION)
    assert attachment.content is None
    assert (attachment.file_name, attachment.file_size) == ("test.txt", 4)
    assert attachment.document_id == DOCUMENT_ID
    assert attachment.url == ATTACHMENT_ROW["Url"]


def test_upload_needs_the_file() -> None:
    with pytest.raises(InvalidBody) as caught:
        ATTACHMENT_MAP.to_exact({"document_id": DOCUMENT_ID, "file_name": "a"}, method="POST")
    assert caught.value.problems == {"content": "required to create"}


def test_upload_content_must_be_bytes() -> None:
    with pytest.raises(InvalidBody) as caught:
        ATTACHMENT_MAP.to_exact(
            {"document_id": DOCUMENT_ID, "file_name": "a", "content": 12}, method="POST"
        )
    assert set(caught.value.problems) == {"content"}


def test_upload_over_exacts_limit_is_refused_before_any_call() -> None:
    with pytest.raises(ValidationError):
        Attachment(id="x", division=DIVISION, document_id=DOCUMENT_ID, file_name="big.bin",
                   content=bytes(MAX_UPLOAD_BYTES + 1))  # fmt: skip


@pytest.mark.parametrize(("wire", "expected"), [("dGVzdA==", b"test"), ("", None), (None, None)])
def test_base64_codec(wire: str | None, expected: bytes | None) -> None:
    assert BASE64.decode(wire) == expected
    if expected is not None:
        assert BASE64.encode(expected) == wire


def test_bad_base64_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        BASE64.decode("not base64!")


@pytest.mark.parametrize(
    "url",
    [
        ATTACHMENT_ROW["Url"],
        ATTACHMENT_ROW["Url"] + "&Download=0",
        ATTACHMENT_ROW["Url"] + "&download=1",
    ],
)
def test_download_url_asks_for_the_raw_file_once(url: str) -> None:
    link = download_url(url)
    assert link == ATTACHMENT_ROW["Url"] + "&Download=1"


# --- documents ----------------------------------------------------------------------------


def test_document_fields() -> None:
    document = DOCUMENT_MAP.from_exact(DOCUMENT_ROW, division=DIVISION)
    assert (document.subject, document.type, document.type_code) == (
        "Test attachment",
        DocumentType.SALES_INVOICE,
        10,
    )
    assert document.number == 21
    assert document.document_date == date(2026, 6, 25)
    assert (document.account_id, document.account_code) == (ACCOUNT_ID, "0000002")
    assert document.entry_id == "6a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"
    assert document.amount == Decimal("1210.5")
    assert document.category_name == "Customers"


def test_recorded_document_create_body() -> None:
    # The recorded POST sent DocumentDate as '2026-06-25'; we send Exact's /Date() form.
    draft = Document(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        subject="Test attachment",
        document_date=date(2026, 6, 25),
        account_id=ACCOUNT_ID,
        type=DocumentType.SALES_INVOICE,
    )
    assert DOCUMENT_MAP.to_exact(draft, method="POST") == {
        "Subject": "Test attachment",
        "Type": 10,
        "DocumentDate": encode_datetime(date(2026, 6, 25)),
        "Account": ACCOUNT_ID,
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (10, DocumentType.SALES_INVOICE),
        (20, DocumentType.PURCHASE_INVOICE),
        (40, DocumentType.QUOTATION),
        (55, DocumentType.MISCELLANEOUS),
        (30, DocumentType.OTHER),
        (188, DocumentType.OTHER),
    ],
)
def test_document_type_codes(code: int, expected: DocumentType) -> None:
    document = DOCUMENT_MAP.from_exact({**DOCUMENT_ROW, "Type": code}, division=DIVISION)
    assert document.type is expected
    assert document.type_code == code  # kept losslessly, even for unnamed types
    assert DOCUMENT_MAP.to_exact(document, method="PUT")["Type"] == code


def test_named_type_fills_the_code() -> None:
    document = Document(id="x", division=DIVISION, subject="s", type=DocumentType.PURCHASE_INVOICE)
    assert document.type_code == 20


@pytest.mark.parametrize(
    "values",
    [
        {"type": DocumentType.OTHER},  # which code? Exact needs one
        {"type": DocumentType.SALES_INVOICE, "type_code": 20},
        {"type": "no_such_type"},
    ],
)
def test_contradicting_or_unknown_types_are_refused(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Document(id="x", division=DIVISION, subject="s", **values)


def test_document_derived_fields_are_read_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        DOCUMENT_MAP.to_exact(
            {"type": "sales_invoice", "view_url": "x", "account_name": "y"}, method="PUT"
        )
    assert caught.value.problems == {
        "type": "read only",
        "view_url": "read only",
        "account_name": "read only",
    }


@pytest.mark.parametrize("model", [Document, Attachment])
def test_every_field_is_described(model: type[Any]) -> None:
    for name, prop in model.model_json_schema()["properties"].items():
        assert prop.get("description"), name
