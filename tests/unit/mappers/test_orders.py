"""Sales order and quote mappers over `salesorder/SalesOrders` and `crm/Quotations`.

The order row is hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/create-sales-order.json`: the order read by key and its
lines, here expanded under `{"results": [...]}`); the quotation row (not recorded) follows
the endpoint's spec.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.mappers.orders import QUOTE_MAP, SALES_ORDER_MAP
from exactbridge.model.orders import (
    ApprovalStatus,
    Quote,
    QuoteLine,
    QuoteStatus,
    SalesOrder,
    SalesOrderLine,
    SalesOrderStatus,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
ORDER_ID: Final = "3C12C283-56A0-44B0-97BB-AB4849D19EF9"
QUOTATION_ID: Final = "032904DD-A1C5-4F0A-A63B-A9111409AAD5"
CUSTOMER: Final = "a58c29d9-ef92-40f1-b817-31b36990898c"
BILLED: Final = "7bd61d1f-db9f-48b7-93c4-26e8f4102c91"
SERVICE: Final = "61facaed-0389-4183-bf67-ac1c179e1050"
GOODS: Final = "918004e1-ab42-4b76-a196-fd57b44a3d4c"
PROJECT: Final = "5f0e6c1a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"
BASE: Final = f"https://start.exactonline.fr/api/v1/{DIVISION}"


def _order_line(key: str, number: int, item: str, **values: Any) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{BASE}/salesorder/SalesOrderLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.SalesOrderLine",
        },
        "AmountDC": values["AmountFC"],
        "CostCenter": "100",
        "CostUnit": "20",
        "DeliveryDate": "/Date(1782345600000)/",  # 2026-06-25
        "DeliveryStatus": 20,
        "Division": DIVISION,
        "ID": key,
        "InvoiceStatus": 12,
        "Item": item,
        "ItemCode": "S" if item == SERVICE else "M",
        "LineNumber": number,
        "Notes": "Livraison à quai",
        "OrderID": ORDER_ID.lower(),
        "OrderNumber": 13,
        "OrderStatus": 20,
        "Project": PROJECT,
        "QuantityInvoiced": 0,
        "UnitCode": "day",
        "VATCode": "2  ",
        "VATPercentage": 0.2,
        **values,
    }


ORDER_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{BASE}/salesorder/SalesOrders(guid'{ORDER_ID.lower()}')",
        "type": "Exact.Web.Api.Models.SalesOrder",
    },
    "AmountDC": 156,
    "AmountDiscount": 0,
    "AmountFC": 156,
    "AmountFCExclVat": 130,
    "ApprovalStatus": 1,
    "ApprovalStatusDescription": "Automatically",
    "Created": "/Date(1782404890063)/",
    "Currency": "EUR",
    "DeliverTo": CUSTOMER,
    "DeliveryDate": "/Date(1782345600000)/",  # 2026-06-25
    "DeliveryStatus": 20,
    "DeliveryStatusDescription": "Partial",
    "Description": "Commande atelier",
    "Division": DIVISION,
    "InvoiceStatus": 12,
    "InvoiceStatusDescription": "Open",
    "InvoiceTo": BILLED,
    "Modified": "/Date(1782404890110)/",
    "OrderDate": "/Date(1782259200000)/",  # 2026-06-24
    "OrderedBy": CUSTOMER,
    "OrderedByName": "Foobar2 Updated",
    "OrderID": ORDER_ID,
    "OrderNumber": 13,
    "PaymentCondition": "00",
    "PaymentConditionDescription": "Comptant",
    "PaymentReference": "CMD-13",
    "Remarks": "Appeler avant livraison",
    "SalesOrderOrderChargeLines": {
        "__deferred": {"uri": f"{BASE}/salesorder/SalesOrders/SalesOrderOrderChargeLines"}
    },
    "Status": 20,
    "StatusDescription": "Partial",
    "WarehouseID": "e4f7592d-dd76-4c75-b957-9fbeaf9dbe55",
    "YourRef": "BC-31575",
    "SalesOrderLines": {
        "results": [
            _order_line(
                "64b99967-d548-4dfc-a0da-6db9ed880689",
                2,
                SERVICE,
                AmountFC=100,
                Description="Services",
                Discount=0,
                NetPrice=100,
                Quantity=1,
                QuantityDelivered=1,
                UnitPrice=100,
                VATAmount=20,
            ),
            _order_line(
                "0AA4E288-7757-471B-B2DB-F9C579714623",
                1,
                GOODS,
                AmountFC=30,
                Description="Marchandises",
                Discount=0.25,
                NetPrice=7.5,
                Quantity=4,
                QuantityDelivered=2,
                UnitPrice=10,
                VATAmount=6,
            ),
        ]
    },
}


def _quotation_line(key: str, number: int, **values: Any) -> dict[str, Any]:
    return {
        "__metadata": {
            "uri": f"{BASE}/crm/QuotationLines(guid'{key}')",
            "type": "Exact.Web.Api.Models.QuotationLine",
        },
        "ID": key,
        "AmountDC": values["AmountFC"],
        "CostCenter": "100",
        "CostUnit": "20",
        "Division": DIVISION,
        "Item": SERVICE,
        "ItemDescription": "Ontwerp en vormgeving",
        "LineNumber": number,
        "Notes": "Optie",
        "QuotationID": QUOTATION_ID.lower(),
        "QuotationNumber": 3,
        "UnitCode": "uur",
        "VATCode": "2",
        "VATPercentage": 0.21,
        "VersionNumber": 2,
        **values,
    }


QUOTATION_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"{BASE}/crm/Quotations(guid'{QUOTATION_ID.lower()}')",
        "type": "Exact.Web.Api.Models.Quotation",
    },
    "QuotationID": QUOTATION_ID,
    "AmountDC": 290.4,
    "AmountFC": 290.4,
    "CloseDate": "/Date(1752710400000)/",  # 2025-07-17
    "ClosingDate": "/Date(1752537600000)/",  # 2025-07-15
    "Created": "/Date(1752744325119)/",
    "Currency": "EUR",
    "DeliveryDate": "/Date(1753920000000)/",  # 2025-07-31
    "Description": "Installatiewerkzaamheden",
    "Division": DIVISION,
    "DueDate": "/Date(1755302400000)/",  # 2025-08-16
    "InvoiceAccount": BILLED,
    "Modified": "/Date(1752744325119)/",
    "OrderAccount": CUSTOMER,
    "OrderAccountCode": "              1020",
    "OrderAccountName": "Schneider Metallbau GmbH",
    "PaymentCondition": "30",
    "QuotationDate": "/Date(1752710400000)/",  # 2025-07-17
    "QuotationLines": {
        "results": [
            _quotation_line(
                "6fc0d09f-a336-4b1e-9c2d-3e4f5a6b7c8d",
                2,
                AmountFC=90,
                Description="Extra uren",
                Discount=0.1,
                NetPrice=90,
                Optional=True,
                Quantity=1,
                UnitPrice=100,
                VATAmountFC=18.9,
            ),
            _quotation_line(
                "6F28F4A5-784C-4922-B444-5FFDF31004D9",
                1,
                AmountFC=150,
                Description="Ontwerp en vormgeving",
                Discount=0,
                NetPrice=75,
                Optional=False,
                Quantity=2,
                UnitPrice=75,
                VATAmountFC=31.5,
            ),
        ]
    },
    "QuotationNumber": 3,
    "Remarks": "Prijzen excl. BTW",
    "Status": 50,
    "StatusDescription": "Accepted",
    "VATAmountFC": 50.4,
    "VersionNumber": 2,
    "YourRef": "Anfrage 4711",
}


class TestSalesOrderConformance(MapperConformance):
    family = Family(
        SALES_ORDER_MAP,
        SALES_ORDER_MAP.from_exact,
        SALES_ORDER_MAP.to_exact,
        ORDER_ROW,
        DIVISION,
        frozenset({"customer_id"}),
    )


class TestQuoteConformance(MapperConformance):
    family = Family(
        QUOTE_MAP,
        QUOTE_MAP.from_exact,
        QUOTE_MAP.to_exact,
        QUOTATION_ROW,
        DIVISION,
        frozenset({"customer_id"}),
    )


# --- sales orders -------------------------------------------------------------------------


def test_sales_order_fields_and_derived_tax() -> None:
    order = SALES_ORDER_MAP.from_exact(ORDER_ROW, division=DIVISION)
    assert (order.customer_id, order.invoice_to_id, order.number) == (CUSTOMER, BILLED, "13")
    assert (order.issue_date, order.delivery_date) == (date(2026, 6, 24), date(2026, 6, 25))
    assert (order.total_amount, order.total_excluding_tax) == (Decimal(156), Decimal(130))
    assert order.tax_amount == Decimal(26)  # Exact has no VAT total on orders
    assert (order.status, order.delivery_status, order.invoice_status) == (
        SalesOrderStatus.PARTIAL,
        SalesOrderStatus.PARTIAL,
        SalesOrderStatus.OPEN,
    )
    assert order.approval_status is ApprovalStatus.APPROVED_AUTOMATICALLY


def test_sales_order_line_tax_is_vat_amount() -> None:
    order = SALES_ORDER_MAP.from_exact(ORDER_ROW, division=DIVISION)
    assert order.line_items is not None
    goods, service = order.line_items
    assert (goods.item_code, goods.quantity, goods.quantity_delivered) == ("M", 4, 2)
    assert (goods.discount_percentage, goods.net_unit_price, goods.tax_amount) == (25, 7.5, 6)
    assert service.delivery_date == date(2026, 6, 25)
    assert sum((line.tax_amount or 0) for line in order.line_items) == order.tax_amount


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (12, SalesOrderStatus.OPEN),
        (20, SalesOrderStatus.PARTIAL),
        (21, SalesOrderStatus.COMPLETE),
        (45, SalesOrderStatus.CANCELLED),
    ],
)
def test_sales_order_statuses(wire: int, expected: SalesOrderStatus) -> None:
    row = {**ORDER_ROW, "Status": wire, "DeliveryStatus": wire, "InvoiceStatus": wire}
    order = SALES_ORDER_MAP.from_exact(row, division=DIVISION)
    assert order.status is order.delivery_status is order.invoice_status is expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (0, ApprovalStatus.AWAITING_APPROVAL),
        (1, ApprovalStatus.APPROVED_AUTOMATICALLY),
        (2, ApprovalStatus.APPROVED),
    ],
)
def test_approval_statuses(wire: int, expected: ApprovalStatus) -> None:
    row = {**ORDER_ROW, "ApprovalStatus": wire}
    assert SALES_ORDER_MAP.from_exact(row, division=DIVISION).approval_status is expected


def test_unknown_sales_order_status_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        SALES_ORDER_MAP.from_exact({**ORDER_ROW, "Status": 50}, division=DIVISION)


def test_sales_order_create_body_as_recorded() -> None:
    draft = SalesOrder(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        customer_id=CUSTOMER,
        issue_date=date(2026, 6, 25),
        status=SalesOrderStatus.OPEN,  # read only, never sent
        line_items=[SalesOrderLine(item_id=SERVICE, quantity=Decimal(1), net_unit_price=100)],
    )
    assert SALES_ORDER_MAP.to_exact(draft, method="POST") == {
        "OrderedBy": CUSTOMER,
        "OrderDate": "/Date(1782345600000)/",
        "SalesOrderLines": [{"Quantity": 1, "Item": SERVICE, "NetPrice": 100}],
    }


def test_sales_order_line_tax_amount_is_sent_as_vat_amount() -> None:
    body = SALES_ORDER_MAP.to_exact(
        {"customer_id": CUSTOMER, "line_items": [{"item_id": GOODS, "tax_amount": "1.05"}]},
        method="POST",
    )
    assert body["SalesOrderLines"] == [{"Item": GOODS, "VATAmount": 1.05}]


def test_sales_order_statuses_are_read_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        SALES_ORDER_MAP.to_exact(
            {"status": "complete", "delivery_status": "open", "tax_amount": 1}, method="PUT"
        )
    assert caught.value.problems == {
        "status": "read only",
        "delivery_status": "read only",
        "tax_amount": "read only",
    }


# --- quotes -------------------------------------------------------------------------------


def test_quote_fields_and_derived_total_excluding_tax() -> None:
    quote = QUOTE_MAP.from_exact(QUOTATION_ROW, division=DIVISION)
    assert (quote.customer_id, quote.invoice_to_id) == (CUSTOMER, BILLED)
    assert (quote.number, quote.version) == ("3", 2)
    assert (quote.issue_date, quote.expiry_date, quote.closed_date) == (
        date(2025, 7, 17),
        date(2025, 8, 16),
        date(2025, 7, 17),
    )
    assert quote.expected_close_date == date(2025, 7, 15)
    assert quote.total_excluding_tax == Decimal(240)  # 290.4 - 50.4, Exact has no such total
    assert quote.status is QuoteStatus.ACCEPTED
    assert quote.line_items is not None
    assert [line.is_optional for line in quote.line_items] == [False, True]
    assert [line.tax_percentage for line in quote.line_items] == [21, 21]


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (5, QuoteStatus.REJECTED),
        (6, QuoteStatus.REVIEWED),
        (10, QuoteStatus.RECOVERY),
        (20, QuoteStatus.DRAFT),
        (25, QuoteStatus.OPEN),
        (35, QuoteStatus.PROCESSING),
        (40, QuoteStatus.PRINTED),
        (50, QuoteStatus.ACCEPTED),
        (60, QuoteStatus.AWAITING_ONLINE_ACCEPTANCE),
        (70, QuoteStatus.ACCEPTED_WITH_PROCESSING_ERROR),
    ],
)
def test_quote_statuses(wire: int, expected: QuoteStatus) -> None:
    row = {**QUOTATION_ROW, "Status": wire}
    assert QUOTE_MAP.from_exact(row, division=DIVISION).status is expected


def test_quote_status_moves_through_actions_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        QUOTE_MAP.to_exact({"status": "accepted", "closed_date": "2025-07-17"}, method="PUT")
    assert caught.value.problems == {"status": "read only", "closed_date": "read only"}


def test_quote_create_body() -> None:
    draft = Quote(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        customer_id=CUSTOMER,
        invoice_to_id=BILLED,
        expiry_date=date(2025, 8, 16),
        line_items=[
            QuoteLine(item_id=SERVICE, quantity=Decimal(2), tax_percentage=Decimal(21)),
        ],
    )
    assert QUOTE_MAP.to_exact(draft, method="POST") == {
        "OrderAccount": CUSTOMER,
        "InvoiceAccount": BILLED,
        "DueDate": "/Date(1755302400000)/",
        "QuotationLines": [{"Quantity": 2, "Item": SERVICE}],  # VATPercentage is Exact's
    }


def test_quote_customer_is_set_on_creation_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        QUOTE_MAP.to_exact({"customer_id": CUSTOMER, "invoice_to_id": BILLED}, method="PUT")
    assert caught.value.problems == {
        "customer_id": "can only be set by POST",
        "invoice_to_id": "can only be set by POST",
    }


# --- schema -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "line", "enums"),
    [
        (SalesOrder, "SalesOrderLine", {"status", "delivery_status", "invoice_status"}),
        (Quote, "QuoteLine", {"status"}),
    ],
)
def test_json_schema(model: type[Any], line: str, enums: set[str]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == ["id", "division"]
    props = schema["properties"]
    assert {"type": "array", "items": {"$ref": f"#/$defs/{line}"}} in props["line_items"]["anyOf"]
    for name in enums:
        refs = [v.get("$ref") for v in props[name]["anyOf"]]
        assert any(ref and ref.startswith("#/$defs/") for ref in refs), name
    money = {"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "format": "decimal"}
    for name in ("total_amount", "tax_amount", "total_excluding_tax"):
        assert money in props[name]["anyOf"], name
    assert all(prop.get("description") for prop in props.values())
    assert all(prop.get("description") for prop in schema["$defs"][line]["properties"].values())
