"""Catalogue, tracking and file actions beyond the capability scenarios: what is refused
before any call (an over-size file, a tracking category of no known type), Exact's refusals
typed, files attached to a printed invoice, and uploads whose answers are lost.
"""

from __future__ import annotations

from typing import Any

import pytest

from exactbridge.actions import Actions
from exactbridge.client import F, Query
from exactbridge.errors import DuplicateRecord, InvalidBody, OutcomeUnknown
from exactbridge.model.attachments import MAX_UPLOAD_BYTES
from exactbridge.wire import parse_guid
from tests.support.lossy import LossyTransport
from tests.support.rows import client_rows

TOO_BIG = b"\0" * (MAX_UPLOAD_BYTES + 1)


async def _documents(actions: Actions, division: int, subject: str) -> list[Any]:
    return [d async for d in actions.list("documents", division) if d.subject == subject]


# --- refused before any call --------------------------------------------------------------


async def test_an_over_size_file_is_refused_before_any_call(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    document_id = "6a1f0c3e-2b4d-4e5f-8a9b-0c1d2e3f4a5b"  # never looked up
    with pytest.raises(InvalidBody) as upload:
        await actions.perform(
            "attachments", "upload", division, file_name="big.bin", content=TOO_BIG
        )
    with pytest.raises(InvalidBody) as attach:
        await actions.perform(
            "attachments", "attach_to", division, to="bills", record_id=document_id,
            file_name="big.bin", content=TOO_BIG,
        )  # fmt: skip
    with pytest.raises(InvalidBody) as create:
        await actions.create(
            "attachments",
            division,
            {"document_id": document_id, "file_name": "big.bin", "content": TOO_BIG},
        )
    for caught in (upload, attach, create):
        assert set(caught.value.problems) == {"content"}
        assert "10485760 bytes" in caught.value.problems["content"]
    assert sum(wire.calls.values()) == 0


async def test_every_wrong_field_of_an_upload_is_named_at_once(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    with pytest.raises(InvalidBody) as caught:
        await actions.perform(
            "attachments", "upload", division, file_name=None, content=b"x",
            document={"subject": "Los", "type": "other", "colour": "red"},
        )  # fmt: skip
    assert caught.value.problems == {
        "file_name": "Input should be a valid string",
        "document.type": "type `other` needs Exact's `type_code`",
        "document.type_code": "required to create",
        "document.colour": "unknown field",
    }
    with pytest.raises(InvalidBody) as target:
        await actions.perform(
            "attachments", "attach_to", division, to="customers", record_id="C-1",
            file_name="a.txt", content=b"a",
        )  # fmt: skip
    assert set(target.value.problems) == {"to", "record_id"}
    assert sum(wire.calls.values()) == 0


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"type": "cost_centre", "code": "X1", "name": "Typo"}, "'cost_centre' is not"),
        ({"code": "X1", "name": "No type"}, "required to create"),
        ({"type": 2, "code": "X1", "name": "A number"}, "2 is not"),
    ],
)
async def test_a_tracking_category_of_no_known_type_is_refused_before_any_call(
    actions: Actions, wire: LossyTransport, division: int, body: dict[str, Any], problem: str
) -> None:
    with pytest.raises(InvalidBody) as caught:
        await actions.create("tracking_categories", division, body)
    assert set(caught.value.problems) == {"type"}
    assert problem in caught.value.problems["type"]
    assert sum(wire.calls.values()) == 0


async def test_a_tracking_category_type_never_changes(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    category = await anext(aiter(actions.list("tracking_categories", division)))
    before = sum(wire.calls.values())
    with pytest.raises(InvalidBody) as caught:
        await actions.update(
            "tracking_categories", division, category.id, {"type": "cost_unit", "code": "Z"}
        )
    assert caught.value.problems == {"type": "read only", "code": "can only be set by POST"}
    assert wire.calls["PUT"] == 0
    assert sum(wire.calls.values()) - before == 1, "only the read finding the record's endpoint"


# --- Exact's refusals, typed --------------------------------------------------------------


async def test_a_duplicate_cost_centre_code_is_a_duplicate_record(
    actions: Actions, division: int
) -> None:
    taken = await anext(
        c
        async for c in actions.list("tracking_categories", division)
        if c.type.value == "cost_center"
    )
    with pytest.raises(DuplicateRecord) as caught:
        await actions.create(
            "tracking_categories",
            division,
            {"type": "cost_center", "code": taken.code, "name": "Tweede"},
        )
    assert caught.value.exact_message.startswith(("Data already exists", "Bestaat reeds"))
    assert caught.value.labels == ("Code",)
    unit = await actions.create(  # the same code is free among cost units
        "tracking_categories", division, {"type": "cost_unit", "code": taken.code, "name": "Ok"}
    )
    assert (unit.type.value, unit.code) == ("cost_unit", taken.code)


# --- attaching to a printed invoice -------------------------------------------------------


async def test_a_printed_invoice_gets_the_file_in_its_printed_document(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    query = Query("salesinvoice/SalesInvoices").where(F("Status") == 20)
    invoice_id = parse_guid((await client_rows(actions.client, division, query))[0]["InvoiceID"])
    printed = await actions.client.create(
        division, "salesinvoice/PrintedSalesInvoices", {"InvoiceID": invoice_id}
    )
    document_id = parse_guid(str(printed.raw["Document"]))
    documents = len([d async for d in actions.list("documents", division)])
    puts = wire.calls["PUT"]

    attached = await actions.perform(
        "attachments", "attach_to", division, to="invoices", record_id=invoice_id,
        file_name="pakbon.pdf", content=b"%PDF-1.4 pakbon",
    )  # fmt: skip

    assert attached.document_id == document_id, "the invoice's printed document"
    files = [a async for a in actions.list("attachments", division) if a.document_id == document_id]
    assert sorted(a.file_name for a in files)[-1] == "pakbon.pdf"
    assert len(files) == 2, "beside the printed PDF"
    assert len([d async for d in actions.list("documents", division)]) == documents
    assert wire.calls["PUT"] == puts, "a processed invoice is not changed"
    content = await actions.perform("attachments", "download", division, attachment_id=attached.id)
    assert content == b"%PDF-1.4 pakbon"


# --- lost answers -------------------------------------------------------------------------


async def test_an_upload_whose_document_answer_is_lost_makes_one_document(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    wire.fates = ["lose_response"]  # the document's POST
    uploaded = await actions.perform(
        "attachments", "upload", division, file_name="x.txt", content=b"x",
        document={"subject": "Verloren antwoord"}, idempotency_key="u1",
    )  # fmt: skip
    assert wire.delivered["POST"] == 2, "the document once, then the file"
    assert [d.id for d in await _documents(actions, division, "Verloren antwoord")] == [
        uploaded.document_id
    ]
    again = await actions.perform(
        "attachments", "upload", division, file_name="x.txt", content=b"x",
        document={"subject": "Verloren antwoord"}, idempotency_key="u1",
    )  # fmt: skip
    assert again == uploaded
    assert wire.calls["POST"] == 2, "the same key asks nothing again"


async def test_a_file_whose_answer_is_lost_is_never_sent_again_blind(
    actions: Actions, wire: LossyTransport, division: int
) -> None:
    document = await anext(aiter(actions.list("documents", division)))
    wire.fates = ["lose_response"]
    with pytest.raises(OutcomeUnknown):
        await actions.create(
            "attachments",
            division,
            {"document_id": document.id, "file_name": "once.txt", "content": b"once"},
        )
    assert (wire.calls["POST"], wire.delivered["POST"]) == (1, 1)
    names = [a.file_name async for a in actions.list("attachments", division)]
    assert names.count("once.txt") == 1
