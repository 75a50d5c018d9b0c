"""Sales invoice and credit note mappers over `SalesInvoices` and `SalesEntries`.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/create-invoice.json`, `get-sales-invoice.json`: an
invoice read with `$expand=SalesInvoiceLines`, lines under `{"results": [...]}`, padded VAT
codes, `/Date(ms)/` in Amsterdam wall-clock time, JSON numbers) and, for sales entries (not
recorded), the endpoint's spec.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers.sales import (
    CREDIT_NOTE_ENTRY_MAP,
    CREDIT_NOTE_MAP,
    INVOICE_ENTRY_MAP,
    INVOICE_MAP,
    is_credit_note_row,
)
from exactbridge.model.sales import (
    CreditNote,
    CreditNoteType,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
    InvoiceType,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
INVOICE_ID: Final = "7B282AE4-D920-46B0-87FD-3DA21B818780"
CUSTOMER: Final = "a58c29d9-ef92-40f1-b817-31b36990898c"
BILLED: Final = "1797e083-9f9e-4394-a044-060a91d420bd"
ITEM: Final = "918004e1-ab42-4b76-a196-fd57b44a3d4c"
REVENUE: Final = "93182378-d983-4d91-88ea-a5004ebdb4cc"
PROJECT: Final = "5f0e6c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"
BASE: Final = f"https://start.exactonline.fr/api/v1/{DIVISION}"


def _invoice_line(key: str, number: int, **values: Any) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{BASE}/salesinvoice/SalesInvoiceLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.SalesInvoiceLine",
        },
        "AmountDC": values["AmountFC"],
        "CostCenter": "100",
        "CostCenterDescription": "Ventes",
        "CostUnit": "20",
        "CostUnitDescription": "Atelier",
        "Division": DIVISION,
        "GLAccount": REVENUE,
        "GLAccountDescription": "Ventes de produits finis",
        "ID": key,
        "InvoiceID": INVOICE_ID.lower(),
        "Item": ITEM,
        "ItemCode": "M",
        "ItemDescription": "Marchandises",
        "LineNumber": number,
        "Notes": f"line {number}",
        "Project": PROJECT,
        "UnitCode": "pc",
        "UnitDescription": "Piece",
        "VATAmountDC": values["VATAmountFC"],
        "VATCode": "2  ",
        "VATCodeDescription": "TVA 20%",
        "VATPercentage": 0.2,
        **values,
    }


# Line 2 comes first: Exact sends lines in key order, the mapper sorts them by LineNumber.
INVOICE_LINES: Final = [
    _invoice_line(
        "6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        2,
        Description="Pose",
        Quantity=1.5,
        UnitPrice=80,
        Discount=0,
        NetPrice=80,
        AmountFC=120,
        VATAmountFC=24,
    ),
    _invoice_line(
        "19D4C9B5-C888-4404-9B28-F454E97F74CE",
        1,
        Description="Marchandises",
        Quantity=2,
        UnitPrice=50,
        Discount=0.1,
        NetPrice=45,
        AmountFC=90,
        VATAmountFC=18,
    ),
]

INVOICE_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{BASE}/salesinvoice/SalesInvoices(guid'{INVOICE_ID.lower()}')",
        "type": "Exact.Web.Api.Models.SalesInvoice",
    },
    "AmountFC": 252,
    "AmountDiscount": 0,
    "AmountDC": 252,
    "AmountFCExclVat": 210,
    "Created": "/Date(1725882502580)/",
    "Currency": "EUR",
    "DeliverTo": CUSTOMER,
    "Description": "Travaux septembre",
    "Division": DIVISION,
    "DueDate": "/Date(1728432000000)/",  # 2024-10-09
    "InvoiceDate": "/Date(1725840000000)/",  # 2024-09-09
    "InvoiceID": INVOICE_ID,
    "InvoiceTo": BILLED,
    "InvoiceToName": "Foobar2 Facturation",
    "InvoiceNumber": 24700006,
    "Journal": "70",
    "JournalDescription": "Ventes",
    "Modified": "/Date(1725882549703)/",
    "OrderDate": "/Date(1725148800000)/",  # 2024-09-01
    "OrderedBy": CUSTOMER,
    "OrderedByName": "Foobar2 Updated",
    "OrderNumber": 7,
    "PaymentCondition": "30",
    "PaymentConditionDescription": "30 jours",
    "PaymentReference": "RF18 5390 0754 7034",
    "Remarks": "Merci de votre confiance",
    "Status": 20,
    "StatusDescription": "Open",
    "Type": 8020,
    "TypeDescription": "Invoice",
    "VATAmountFC": 42,
    "VATAmountDC": 42,
    "YourRef": "PO-4711",
    "SalesInvoiceLines": {"results": INVOICE_LINES},
    "SalesInvoiceOrderChargeLines": {
        "__deferred": {"uri": f"{BASE}/salesinvoice/SalesInvoices/SalesInvoiceOrderChargeLines"}
    },
}


def _negated(line: dict[str, Any]) -> dict[str, Any]:
    names = ("Quantity", "AmountFC", "AmountDC", "VATAmountFC", "VATAmountDC")
    return {**line, **{name: -line[name] for name in names}}


CREDIT_INVOICE_ROW: Final[dict[str, Any]] = {
    **INVOICE_ROW,
    "AmountFC": -252,
    "AmountDC": -252,
    "AmountFCExclVat": -210,
    "Description": "Avoir sur facture 24700006",
    "Type": 8021,
    "TypeDescription": "Credit note",
    "VATAmountFC": -42,
    "VATAmountDC": -42,
    "SalesInvoiceLines": {"results": [_negated(line) for line in INVOICE_LINES]},
}

ENTRY_ID: Final = "0953AF9F-DCD8-4974-9CB5-2FAB9558BCD4"


def _entry_line(key: str, number: int, amount: float, vat: float) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{BASE}/salesentry/SalesEntryLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.SalesEntryLine",
        },
        "ID": key,
        "AmountDC": amount,
        "AmountFC": amount,
        "CostCenter": "100",
        "CostUnit": "20",
        "Description": f"Prestation {number}",
        "Division": DIVISION,
        "EntryID": ENTRY_ID.lower(),
        "GLAccount": REVENUE,
        "GLAccountCode": "706000",
        "LineNumber": number,
        "Notes": "Forfait",
        "Project": PROJECT,
        "Quantity": 1,
        "Type": 20 if amount >= 0 else 21,
        "VATAmountDC": vat,
        "VATAmountFC": vat,
        "VATBaseAmountFC": amount,
        "VATCode": "2  ",
        "VATPercentage": 0.2,
    }


ENTRY_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{BASE}/salesentry/SalesEntries(guid'{ENTRY_ID.lower()}')",
        "type": "Exact.Web.Api.Models.SalesEntry",
    },
    "EntryID": ENTRY_ID,
    "SalesEntryLines": {
        "results": [
            _entry_line("430ab28b-77c8-4007-99cc-55102e7e76a3", 2, 50.5, 10.1),
            _entry_line("8b0e4f2a-1c3d-4e5f-9a8b-7c6d5e4f3a2b", 1, 269.65, 53.93),
        ]
    },
    "AmountDC": 384.18,
    "AmountFC": 384.18,
    "Created": "/Date(1746720811667)/",
    "Currency": "EUR",
    "Customer": CUSTOMER,
    "CustomerName": "Foobar2 Updated",
    "Description": "Projectbegeleiding",
    "Division": DIVISION,
    "DueDate": "/Date(1747872000000)/",  # 2025-05-22
    "EntryDate": "/Date(1746662400000)/",  # 2025-05-08
    "EntryNumber": 25700001,
    "InvoiceNumber": 25700001,
    "Journal": "70",
    "JournalDescription": "Ventes",
    "Modified": "/Date(1746720811667)/",
    "OrderNumber": 12,
    "PaymentCondition": "14",
    "PaymentReference": "25700001",
    "ReportingPeriod": 5,
    "ReportingYear": 2025,
    "Status": 50,
    "StatusDescription": "Processed",
    "Type": 20,
    "TypeDescription": "Sales entry",
    "VATAmountDC": 64.03,
    "VATAmountFC": 64.03,
    "YourRef": "Bon de commande 31575",
}

CREDIT_ENTRY_ROW: Final[dict[str, Any]] = {
    **ENTRY_ROW,
    "SalesEntryLines": {
        "results": [
            _entry_line("430ab28b-77c8-4007-99cc-55102e7e76a3", 2, -50.5, -10.1),
            _entry_line("8b0e4f2a-1c3d-4e5f-9a8b-7c6d5e4f3a2b", 1, -269.65, -53.93),
        ]
    },
    "AmountDC": -384.18,
    "AmountFC": -384.18,
    "Description": "Note de crédit",
    "Status": 20,
    "Type": 21,
    "TypeDescription": "Sales credit note",
    "VATAmountDC": -64.03,
    "VATAmountFC": -64.03,
}


class TestInvoiceConformance(MapperConformance):
    family = Family(
        INVOICE_MAP,
        INVOICE_MAP.from_exact,
        INVOICE_MAP.to_exact,
        INVOICE_ROW,
        DIVISION,
        frozenset({"customer_id"}),
    )


class TestCreditNoteConformance(MapperConformance):
    family = Family(
        CREDIT_NOTE_MAP,
        CREDIT_NOTE_MAP.from_exact,
        CREDIT_NOTE_MAP.to_exact,
        CREDIT_INVOICE_ROW,
        DIVISION,
        frozenset({"customer_id"}),
    )


class TestInvoiceEntryConformance(MapperConformance):
    family = Family(INVOICE_ENTRY_MAP, INVOICE_ENTRY_MAP.from_exact, None, ENTRY_ROW, DIVISION)


class TestCreditNoteEntryConformance(MapperConformance):
    family = Family(
        CREDIT_NOTE_ENTRY_MAP, CREDIT_NOTE_ENTRY_MAP.from_exact, None, CREDIT_ENTRY_ROW, DIVISION
    )


# --- reading ------------------------------------------------------------------------------


def test_invoice_fields() -> None:
    invoice = INVOICE_MAP.from_exact(INVOICE_ROW, division=DIVISION)
    assert invoice.source is InvoiceSource.SALES_INVOICE
    assert (invoice.customer_id, invoice.invoice_to_id) == (CUSTOMER, BILLED)
    assert (invoice.number, invoice.order_number) == ("24700006", "7")
    assert (invoice.issue_date, invoice.order_date, invoice.due_date) == (
        date(2024, 9, 9),
        date(2024, 9, 1),
        date(2024, 10, 9),
    )
    assert (invoice.total_amount, invoice.tax_amount, invoice.total_excluding_tax) == (
        Decimal(252),
        Decimal(42),
        Decimal(210),
    )
    assert (invoice.journal_code, invoice.payment_terms) == ("70", "30")
    assert invoice.status is InvoiceStatus.OPEN
    assert invoice.type is InvoiceType.INVOICE


def test_invoice_lines_are_read_in_line_number_order_with_percentages() -> None:
    invoice = INVOICE_MAP.from_exact(INVOICE_ROW, division=DIVISION)
    assert invoice.line_items is not None
    first, second = invoice.line_items
    assert (first.line_number, second.line_number) == (1, 2)
    assert first.id == "19d4c9b5-c888-4404-9b28-f454e97f74ce"
    assert (first.quantity, first.unit_price, first.net_unit_price) == (2, 50, 45)
    assert first.discount_percentage == Decimal(10)  # Exact's fraction 0.1
    assert (first.net_amount, first.tax_amount, first.tax_percentage) == (90, 18, 20)
    assert (first.tax_code, first.ledger_account_id, first.item_id) == ("2", REVENUE, ITEM)


def test_entry_fields_and_derived_total_excluding_tax() -> None:
    invoice = INVOICE_ENTRY_MAP.from_exact(ENTRY_ROW, division=DIVISION)
    assert invoice.source is InvoiceSource.SALES_ENTRY
    assert invoice.customer_id == CUSTOMER
    assert invoice.number == "25700001"
    assert invoice.issue_date == date(2025, 5, 8)
    assert invoice.total_excluding_tax == Decimal("320.15")  # 384.18 - 64.03, no float
    assert invoice.status is InvoiceStatus.PROCESSED
    assert invoice.line_items is not None
    assert [line.item_id for line in invoice.line_items] == [None, None]
    assert sum(line.net_amount or 0 for line in invoice.line_items) == Decimal("320.15")


def test_lines_without_line_numbers_keep_their_order_last() -> None:
    unnumbered = {**INVOICE_LINES[0], "ID": "00000000-0000-4000-8000-000000000001"}
    del unnumbered["LineNumber"]
    row = {**INVOICE_ROW, "SalesInvoiceLines": {"results": [unnumbered, *INVOICE_LINES]}}
    lines = INVOICE_MAP.from_exact(row, division=DIVISION).line_items
    assert lines is not None
    assert [line.line_number for line in lines] == [1, 2, None]


# --- credit notes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "credit"),
    [(8020, False), (8021, True), (8023, False), (8024, True), (20, False), (21, True)],
)
def test_credit_type_detection(wire: int, credit: bool) -> None:
    assert is_credit_note_row({**INVOICE_ROW, "Type": wire}) is credit


def test_credit_notes_keep_exact_negative_signs() -> None:
    note = CREDIT_NOTE_MAP.from_exact(CREDIT_INVOICE_ROW, division=DIVISION)
    assert isinstance(note, CreditNote)
    assert note.type is CreditNoteType.CREDIT_NOTE
    assert (note.total_amount, note.tax_amount) == (Decimal(-252), Decimal(-42))
    assert note.line_items is not None
    assert [line.quantity for line in note.line_items] == [Decimal(-2), Decimal("-1.5")]
    entry = CREDIT_NOTE_ENTRY_MAP.from_exact(CREDIT_ENTRY_ROW, division=DIVISION)
    assert entry.type is CreditNoteType.CREDIT_NOTE
    assert entry.total_excluding_tax == Decimal("-320.15")


@pytest.mark.parametrize(
    ("rmap", "row"),
    [
        (INVOICE_MAP, CREDIT_INVOICE_ROW),
        (CREDIT_NOTE_MAP, INVOICE_ROW),
        (INVOICE_ENTRY_MAP, CREDIT_ENTRY_ROW),
        (CREDIT_NOTE_ENTRY_MAP, ENTRY_ROW),
    ],
)
def test_a_row_of_the_other_type_is_refused(rmap: Any, row: dict[str, Any]) -> None:
    with pytest.raises(WireFormatError):
        rmap.from_exact(row, division=DIVISION)


def test_direct_types() -> None:
    invoice = INVOICE_MAP.from_exact({**INVOICE_ROW, "Type": 8023}, division=DIVISION)
    assert invoice.type is InvoiceType.DIRECT_INVOICE
    note = CREDIT_NOTE_MAP.from_exact({**CREDIT_INVOICE_ROW, "Type": 8024}, division=DIVISION)
    assert note.type is CreditNoteType.DIRECT_CREDIT_NOTE
    assert CREDIT_NOTE_MAP.to_exact({"type": "direct_credit_note"}, method="PUT") == {"Type": 8024}


def test_credit_note_create_carries_the_credit_type() -> None:
    body = CREDIT_NOTE_MAP.to_exact(
        {"customer_id": CUSTOMER, "line_items": [{"item_id": ITEM, "quantity": -1}]},
        method="POST",
    )
    lines = [{"Item": ITEM, "Quantity": -1}]
    assert body == {"Type": 8021, "OrderedBy": CUSTOMER, "SalesInvoiceLines": lines}


def test_a_credit_note_cannot_be_sent_as_an_invoice() -> None:
    note = CREDIT_NOTE_MAP.from_exact(CREDIT_INVOICE_ROW, division=DIVISION)
    with pytest.raises(TypeError, match="expected a Invoice"):
        INVOICE_MAP.to_exact(note, method="POST")  # type: ignore[arg-type]
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact({"type": "credit_note"}, method="PUT")
    assert set(caught.value.problems) == {"type"}


# --- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "expected"),
    [(10, InvoiceStatus.DRAFT), (20, InvoiceStatus.OPEN), (50, InvoiceStatus.PROCESSED)],
)
def test_sales_invoice_statuses(wire: int, expected: InvoiceStatus) -> None:
    row = {**INVOICE_ROW, "Status": wire}
    assert INVOICE_MAP.from_exact(row, division=DIVISION).status is expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [(5, InvoiceStatus.REJECTED), (20, InvoiceStatus.OPEN), (50, InvoiceStatus.PROCESSED)],
)
def test_sales_entry_statuses(wire: int, expected: InvoiceStatus) -> None:
    row = {**ENTRY_ROW, "Status": wire}
    assert INVOICE_ENTRY_MAP.from_exact(row, division=DIVISION).status is expected


@pytest.mark.parametrize(
    ("rmap", "row", "wire"),
    [
        (INVOICE_MAP, INVOICE_ROW, 5),
        (INVOICE_ENTRY_MAP, ENTRY_ROW, 10),
        (INVOICE_MAP, INVOICE_ROW, 0),
    ],
)
def test_a_status_of_the_other_endpoint_is_a_wire_error(
    rmap: Any, row: dict[str, Any], wire: int
) -> None:
    with pytest.raises(WireFormatError):
        rmap.from_exact({**row, "Status": wire}, division=DIVISION)


def test_status_is_read_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact({"status": "processed", "source": "sales_entry"}, method="PUT")
    assert caught.value.problems == {"status": "read only", "source": "read only"}


# --- writing ------------------------------------------------------------------------------


def test_lines_are_embedded_in_a_create_body() -> None:
    draft = Invoice(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        customer_id=CUSTOMER,
        journal_code="70",
        order_date=date(2024, 8, 12),
        your_reference="PO-1",
        issue_date=date(2024, 8, 1),  # read only: follows order_date, never sent
        line_items=[
            InvoiceLine(item_id=ITEM, quantity=Decimal(1), net_unit_price=Decimal("1.5")),
            InvoiceLine(
                item_id=ITEM,
                description="Pose",
                quantity=Decimal("2.5"),
                unit_price=Decimal(40),
                discount_percentage=Decimal(5),
                tax_code="2",
                line_number=7,  # read only on the line endpoint
            ),
        ],
    )
    assert INVOICE_MAP.to_exact(draft, method="POST") == {
        "Type": 8020,
        "YourRef": "PO-1",
        "OrderedBy": CUSTOMER,
        "OrderDate": "/Date(1723420800000)/",
        "Journal": "70",
        "SalesInvoiceLines": [
            {"Item": ITEM, "Quantity": 1, "NetPrice": 1.5},
            {
                "Description": "Pose",
                "Quantity": 2.5,
                "VATCode": "2",
                "Item": ITEM,
                "UnitPrice": 40,
                "Discount": 0.05,
            },
        ],
    }


def test_a_line_problem_is_named_by_its_index() -> None:
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact(
            {
                "customer_id": CUSTOMER,
                "line_items": [
                    {"item_id": ITEM, "quantity": 1},
                    {"item_id": ITEM, "quantity": "lots"},
                    {"item_id": ITEM, "line_number": 3, "net_amount": 5},
                ],
            },
            method="POST",
        )
    problems = caught.value.problems
    assert set(problems) == {"line_items[1].quantity", "line_items[2].line_number"}
    assert problems["line_items[2].line_number"] == "read only"
    assert caught.value.path == "salesinvoice/SalesInvoices"


def test_lines_are_refused_on_put_via_a_mapping() -> None:
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact(
            {"description": "new", "line_items": [{"item_id": ITEM}]}, method="PUT"
        )
    assert caught.value.problems == {"line_items": "lines can only be sent when creating"}


def test_a_record_update_leaves_its_lines_out() -> None:
    invoice = INVOICE_MAP.from_exact(INVOICE_ROW, division=DIVISION)
    body = INVOICE_MAP.to_exact(invoice, method="PUT")
    assert "SalesInvoiceLines" not in body
    assert body["Remarks"] == "Merci de votre confiance"
    assert "OrderedBy" not in body  # the customer is set on creation only


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("customer_id", "can only be set by POST"),
        ("journal_code", "can only be set by POST"),
        ("issue_date", "read only"),
        ("number", "read only"),
        ("total_amount", "read only"),
    ],
)
def test_fields_an_update_cannot_send(field: str, problem: str) -> None:
    value = INVOICE_MAP.from_exact(INVOICE_ROW, division=DIVISION).model_dump()[field]
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact({field: value}, method="PUT")
    assert caught.value.problems == {field: problem}


@pytest.mark.parametrize(("value", "wire"), [("7", 7), ("0042", 42)])
def test_document_numbers_are_text_sent_as_integers(value: str, wire: int) -> None:
    assert INVOICE_MAP.to_exact({"order_number": value}, method="PUT") == {"OrderNumber": wire}


def test_a_document_number_with_letters_is_refused() -> None:
    with pytest.raises(InvalidBody) as caught:
        INVOICE_MAP.to_exact({"order_number": "SO-7"}, method="PUT")
    assert set(caught.value.problems) == {"order_number"}


# --- schema -------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Invoice, CreditNote])
def test_json_schema(model: type[Any]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == ["id", "division"]
    props = schema["properties"]
    assert {"type": "array", "items": {"$ref": "#/$defs/InvoiceLine"}} in (
        props["line_items"]["anyOf"]
    )
    line = schema["$defs"]["InvoiceLine"]["properties"]
    money = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "format": "decimal"}
    for name in ("quantity", "unit_price", "net_amount", "tax_amount", "discount_percentage"):
        assert money in line[name]["anyOf"], name
    for name, props_of in (("status", props), ("type", props), ("source", props)):
        prop = props_of[name]
        refs = [v.get("$ref") for v in prop.get("anyOf", [prop])]
        assert any(ref and ref.startswith("#/$defs/") for ref in refs), name
    assert all(prop.get("description") for prop in props.values())
    assert all(prop.get("description") for prop in line.values())


def test_credit_note_and_invoice_schemas_differ_in_type_only() -> None:
    invoice, note = Invoice.model_json_schema(), CreditNote.model_json_schema()
    assert set(invoice["properties"]) == set(note["properties"])
    assert invoice["$defs"]["InvoiceType"]["enum"] == ["invoice", "direct_invoice"]
    assert note["$defs"]["CreditNoteType"]["enum"] == ["credit_note", "direct_credit_note"]
