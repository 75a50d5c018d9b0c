"""Sales documents through `Actions`: defaults from the division's own data, validation before
any call, Exact's refusals typed with its own words, idempotent creates by reference and
customer, operations that refuse what is not theirs.

Every POST body is recorded on the wire, so a default is shown in what Exact was sent, not
only in what it stored (the emulator defaults the journal and VAT codes too, as Exact does).
"""

from __future__ import annotations

from typing import Any

import pytest

from exactbridge.actions import Actions
from exactbridge.client import ExactClient, F, Query
from exactbridge.errors import (
    InvalidBody,
    NotFound,
    OutcomeUnknown,
    RecordLocked,
    UnsupportedOperation,
)
from exactbridge.model import PartyStatus
from exactbridge.model.sales import InvoiceSource
from tests.integration.actions.scenarios import Language, SpeakingActions
from tests.support.lossy import RecordingTransport
from tests.support.rows import client_rows


async def _customer(actions: Actions, division: int) -> str:
    async for customer in actions.list("customers", division):
        if customer.status is PartyStatus.ACTIVE:
            return str(customer.id)
    msg = "no active customer in the seed"
    raise AssertionError(msg)


async def _sales_items(client: ExactClient, division: int) -> list[dict[str, Any]]:
    query = Query("logistics/Items").select("ID", "SalesVatCode").where(F("IsSalesItem") == True)  # noqa: E712
    return await client_rows(client, division, query)


async def _document(actions: Actions, division: int, **header: Any) -> dict[str, Any]:
    items = await _sales_items(actions.client, division)
    return {
        "customer_id": await _customer(actions, division),
        "your_reference": "PO-TEST",
        "line_items": [{"item_id": str(items[0]["ID"]), "quantity": 2, "unit_price": "10"}],
    } | header


# --- defaults from the division's own data ----------------------------------------------


async def test_journal_is_the_divisions_sales_journal_with_the_lowest_code(
    actions: Actions, client: ExactClient, wire: RecordingTransport, division: int
) -> None:
    for code in ("65", "8"):  # "8" is lowest as a number, "65" as text; "70" is the seed's
        await client.create(
            division, "financial/Journals", {"Code": code, "Type": 20, "Description": code}
        )
    journals = await client_rows(
        client, division, Query("financial/Journals").select("Code", "Type")
    )
    sales = [str(row["Code"]).strip() for row in journals if row["Type"] == 20]
    expected = min(sales, key=int)
    assert len(sales) == 3
    created = await actions.create("invoices", division, await _document(actions, division))
    assert [body["Journal"] for body in wire.bodies("salesinvoice/SalesInvoices")] == [expected]
    assert created.journal_code == expected
    credit = await actions.create(
        "credit_notes",
        division,
        await _document(actions, division, line_items=[{"item_id": created.line_items[0].item_id,
                                                       "quantity": -1}]),
    )  # fmt: skip
    assert credit.journal_code == expected


async def test_a_journal_given_is_kept(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    journals = await client_rows(
        actions.client, division, Query("financial/Journals").select("Code", "Type")
    )
    code = next(str(row["Code"]).strip() for row in journals if row["Type"] == 20)
    created = await actions.create(
        "invoices", division, await _document(actions, division, journal_code=code)
    )
    assert created.journal_code == code
    assert wire.bodies("salesinvoice/SalesInvoices")[0]["Journal"] == code


async def test_a_line_without_vat_code_gets_its_items(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    items = await _sales_items(actions.client, division)
    vat_of = {str(row["ID"]): str(row["SalesVatCode"]).strip() for row in items}
    first, second = list(vat_of)[:2]
    codes = await client_rows(actions.client, division, Query("vat/VATCodes").select("Code"))
    explicit = next(c for c in (str(r["Code"]).strip() for r in codes) if c != vat_of[second])
    lines = [
        {"item_id": first, "quantity": 1, "unit_price": "5"},
        {"item_id": second, "quantity": 1, "unit_price": "5", "tax_code": explicit},
    ]
    for resource, endpoint, navigation in (
        ("invoices", "salesinvoice/SalesInvoices", "SalesInvoiceLines"),
        ("sales_orders", "salesorder/SalesOrders", "SalesOrderLines"),
        ("quotes", "crm/Quotations", "QuotationLines"),
    ):
        created = await actions.create(
            resource, division, await _document(actions, division, line_items=lines)
        )
        sent = wire.bodies(endpoint)[-1][navigation]
        assert [line.get("VATCode") for line in sent] == [vat_of[first], explicit], resource
        assert [line.tax_code for line in created.line_items] == [vat_of[first], explicit]


# --- validation before any call ---------------------------------------------------------


@pytest.mark.parametrize("resource", ["invoices", "credit_notes", "sales_orders", "quotes"])
async def test_a_document_without_lines_is_refused_before_any_call(
    actions: Actions, wire: RecordingTransport, division: int, resource: str
) -> None:
    customer = await _customer(actions, division)
    before = sum(wire.calls.values())
    for lines in ({}, {"line_items": []}):
        with pytest.raises(InvalidBody) as caught:
            await actions.create(resource, division, {"customer_id": customer} | lines)
        assert caught.value.problems == {"line_items": "a document needs at least one line"}
    with pytest.raises(InvalidBody) as caught:  # every wrong field named together
        await actions.create(resource, division, {"line_items": [], "shoe_size": 44})
    assert caught.value.problems.keys() == {"line_items", "shoe_size", "customer_id"}
    assert sum(wire.calls.values()) == before


async def test_line_problems_are_named_by_index_before_any_call(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    body = await _document(actions, division)
    item = body["line_items"][0]["item_id"]
    before = sum(wire.calls.values())
    with pytest.raises(InvalidBody) as caught:
        await actions.create(
            "invoices",
            division,
            body | {"line_items": [{"item_id": item}, {"quantity": "many"}, {"item_id": item}]},
        )
    assert caught.value.problems.keys() == {"line_items[1].item_id", "line_items[1].quantity"}
    with pytest.raises(InvalidBody) as caught:  # credit notes keep Exact's negative sign
        await actions.create(
            "credit_notes",
            division,
            body | {"line_items": [{"item_id": item, "quantity": -1}, {"item_id": item,
                                                                       "quantity": 3}]},
        )  # fmt: skip
    assert caught.value.problems.keys() == {"line_items[1].quantity"}
    assert sum(wire.calls.values()) == before


async def test_an_unknown_item_is_named_by_its_line_and_nothing_is_written(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    body = await _document(actions, division)
    item = body["line_items"][0]["item_id"]
    missing = "00000000-0000-0000-0000-00000000beef"
    with pytest.raises(InvalidBody) as caught:
        await actions.create(
            "invoices", division, body | {"line_items": [{"item_id": item}, {"item_id": missing}]}
        )
    assert caught.value.problems.keys() == {"line_items[1].item_id"}
    assert wire.calls["POST"] == 0


# --- Exact's refusals, typed ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Not allowed: the invoice has been processed and cannot be changed"),
        ("nl", "Niet toegestaan: de factuur is verwerkt en kan niet meer worden gewijzigd"),
    ],
)
async def test_a_processed_invoice_is_locked_in_exacts_words(
    actions_in: SpeakingActions, division: int, language: Language, words: str
) -> None:
    async with actions_in(language) as actions:
        created = await actions.create("invoices", division, await _document(actions, division))
        await actions.perform("invoices", "finalize", division, invoice_id=created.id)
        refusals = []
        for attempt in (
            actions.update("invoices", division, created.id, {"description": "late"}),
            actions.delete("invoices", division, created.id),
            actions.perform("invoices", "finalize", division, invoice_id=created.id),
        ):
            with pytest.raises(RecordLocked) as caught:
                await attempt
            refusals.append(caught.value.exact_message)
        assert refusals == [words] * 3


async def test_a_closed_quote_is_locked_in_exacts_words(actions: Actions, division: int) -> None:
    body = await _document(actions, division)
    quote = await actions.create("quotes", division, body)
    await actions.perform("quotes", "reject", division, quote_id=quote.id)
    with pytest.raises(RecordLocked) as caught:
        await actions.perform("quotes", "accept", division, quote_id=quote.id)
    assert caught.value.exact_message == "Not allowed: Accept quotation - Status: Rejected"


# --- idempotent creates -----------------------------------------------------------------


async def _with_reference(actions: Actions, division: int, reference: str) -> list[str]:
    return [i.id async for i in actions.list("invoices", division) if i.your_reference == reference]


async def test_a_lost_answer_is_found_by_reference_and_customer(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    body = await _document(actions, division, your_reference="PO-LOST-1")
    wire.fates = ["lose_response"]
    created = await actions.create("invoices", division, body, idempotency_key="inv-1")
    assert wire.delivered["POST"] == 1
    assert await _with_reference(actions, division, "PO-LOST-1") == [created.id]


async def test_an_invoice_without_reference_is_never_sent_twice(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    body = await _document(actions, division)
    del body["your_reference"]
    wire.fates = ["lose_request"]
    with pytest.raises(OutcomeUnknown):  # the customer alone cannot tell two invoices apart
        await actions.create("invoices", division, body, idempotency_key="inv-2")
    assert wire.calls["POST"] == 1


# --- operations refuse what is not theirs -----------------------------------------------


async def test_operations_apply_to_sales_invoices_only(
    actions: Actions, wire: RecordingTransport, division: int
) -> None:
    booked = None
    async for invoice in actions.list("invoices", division):
        if invoice.source is InvoiceSource.SALES_ENTRY:
            booked = invoice
            break
    assert booked is not None
    for operation in ("finalize", "pdf"):
        with pytest.raises(UnsupportedOperation):
            await actions.perform("invoices", operation, division, invoice_id=booked.id)
    item = (await _sales_items(actions.client, division))[0]["ID"]
    body = await _document(actions, division, line_items=[{"item_id": item, "quantity": -1}])
    credit = await actions.create("credit_notes", division, body)
    with pytest.raises(NotFound):  # a credit note is not an invoice
        await actions.perform("invoices", "finalize", division, invoice_id=credit.id)
    assert wire.bodies("salesinvoice/PrintedSalesInvoices") == []
