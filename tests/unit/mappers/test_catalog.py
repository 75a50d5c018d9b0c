"""Catalogue mappers: items and item groups.

Rows are hand-written in the shape of the responses recorded from a French division
(`../shared/reference/exact-recorded/create-item.json`, `update-item.json`,
`list-items.json`, `item-groups.json`): `Unit` left-aligned in 8 characters, Byte flags as
0/1, `/Date(ms)/` in Amsterdam wall-clock time; values are filled where the recording had
nulls so that every mapped property is exercised.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers.catalog import ITEM_GROUP_MAP, ITEM_MAP
from exactbridge.model.catalog import Item, ItemGroup, ItemStatus, dated_active
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
ITEM_ID: Final = "c00e0939-13b8-4fc0-93a1-a8b62dbee90e"
GROUP_ID: Final = "e54a5a52-21b7-4ce5-80ed-976b2100c02b"

ITEM_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/logistics/Items(guid'{ITEM_ID}')",
        "type": "Exact.Web.Api.Models.Item",
    },
    "IsSerialNumberItem": None,
    "IsBatchNumberItem": 0,
    "ID": ITEM_ID,
    "StandardSalesPrice": 24.95,
    "Class_01": None,
    "Code": "TEST-ITEM-20250625B",
    "CopyRemarks": 0,
    "CostPriceCurrency": "EUR",
    "CostPriceNew": None,
    "CostPriceStandard": 15.5,
    "AverageCost": None,
    "Barcode": "3760123456789",
    "Created": "/Date(1782404376547)/",
    "CreatorFullName": "Samuel Bodin",
    "Creator": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "Description": "Test item created via Nango",
    "Division": DIVISION,
    "EndDate": "/Date(1798761600000)/",  # 2027-01-01
    "ExtraDescription": "Test update via Nango",
    "GLCostsCode": "607000",
    "GLCosts": "5F0C2B1A-9E8D-4C7B-A6F5-E4D3C2B1A098",
    "GLRevenueCode": "707000",
    "GLRevenue": "7A6B5C4D-3E2F-4A1B-8C9D-0E1F2A3B4C5D",
    "GLStockCode": "370000",
    "GLStock": "1B2C3D4E-5F6A-4B7C-8D9E-0F1A2B3C4D5E",
    "IsBatchItem": 0,
    "IsFractionAllowedItem": False,
    "IsMakeItem": 0,
    "IsPurchaseItem": True,
    "IsSalesItem": True,
    "IsSerialItem": False,
    "IsStockItem": True,
    "IsTime": 0,
    "IsWebshopItem": 0,
    "ItemGroupCode": "701",
    "ItemGroupDescription": "Produits finins",
    "ItemGroup": GROUP_ID,
    "Modified": "/Date(1782404376547)/",
    "ModifierFullName": "Samuel Bodin",
    "Notes": "Fragile: ship upright",
    "PictureUrl": "https://start.exactonline.fr//docs/images/placeholder_item.png",
    "SalesVatCodeDescription": "TVA 20%",
    "SalesVatCode": "2  ",
    "SearchCode": "TESTB",
    "SecurityLevel": 10,
    "StartDate": "/Date(1764547200000)/",  # 2025-12-01
    "StatisticalUnits": 1,
    "Stock": 0,
    "Unit": "pc      ",
    "UnitDescription": "Piece",
    "UnitType": "O",
}

ITEM_GROUP_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/logistics/ItemGroups"
        f"(guid'{GROUP_ID}')",
        "type": "Exact.Web.Api.Models.ItemGroup",
    },
    "Code": "701",
    "Created": "/Date(1537503590267)/",
    "Description": "Produits finins",
    "Division": DIVISION,
    "GLCosts": "5f0c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098",
    "GLCostsCode": "607000",
    "GLPurchaseAccount": "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
    "GLRevenue": "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d",
    "GLStock": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
    "ID": GROUP_ID,
    "IsDefault": 1,
    "Modified": "/Date(1537503590267)/",
    "Notes": "Finished goods",
}


class TestItemConformance(MapperConformance):
    family = Family(
        ITEM_MAP,
        ITEM_MAP.from_exact,
        ITEM_MAP.to_exact,
        ITEM_ROW,
        DIVISION,
        frozenset({"code", "name"}),
    )


class TestItemGroupConformance(MapperConformance):
    family = Family(ITEM_GROUP_MAP, ITEM_GROUP_MAP.from_exact, None, ITEM_GROUP_ROW, DIVISION)


# --- items --------------------------------------------------------------------------------


def test_item_fields() -> None:
    item = ITEM_MAP.from_exact(ITEM_ROW, division=DIVISION)
    assert (item.code, item.name, item.description) == (
        "TEST-ITEM-20250625B",
        "Test item created via Nango",
        "Test update via Nango",
    )
    assert (item.item_group_id, item.item_group_code) == (GROUP_ID, "701")
    assert item.unit == "pc"  # left-aligned in 8 characters on the wire
    assert item.sales_tax_code == "2"
    assert item.cost_price == Decimal("15.5")
    assert item.sales_price == Decimal("24.95")
    assert item.revenue_account_id == "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d"
    assert (item.start_date, item.end_date) == (date(2025, 12, 1), date(2027, 1, 1))
    assert (item.is_sales_item, item.is_purchase_item, item.is_stock_item) == (True, True, True)


def test_recorded_create_body_is_what_the_model_sends() -> None:
    # The body of the recorded POST logistics/Items that Exact accepted.
    recorded = {
        "Code": "TEST-ITEM-20250625B",
        "Description": "Test item created via Nango",
        "ItemGroup": GROUP_ID,
        "IsSalesItem": True,
        "CostPriceStandard": 15.5,
    }
    draft = Item(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        code="TEST-ITEM-20250625B",
        name="Test item created via Nango",
        item_group_id=GROUP_ID,
        is_sales_item=True,
        cost_price=Decimal("15.5"),
    )
    assert ITEM_MAP.to_exact(draft, method="POST") == recorded


def test_unset_flags_leave_exact_its_defaults() -> None:
    # Exact makes a new item a stock item unless told otherwise: an unset flag is not sent.
    draft = Item(id="x", division=DIVISION, code="S1", name="Service")
    assert ITEM_MAP.to_exact(draft, method="POST") == {"Code": "S1", "Description": "Service"}
    body = ITEM_MAP.to_exact(draft.model_copy(update={"is_stock_item": False}), method="POST")
    assert body["IsStockItem"] is False


def test_null_flags_read_as_false() -> None:
    row = {**ITEM_ROW, "IsSalesItem": None, "IsPurchaseItem": None, "IsStockItem": None}
    item = ITEM_MAP.from_exact(row, division=DIVISION)
    assert (item.is_sales_item, item.is_purchase_item, item.is_stock_item) == (False,) * 3


def test_cost_price_is_set_on_creation_only() -> None:
    item = ITEM_MAP.from_exact(ITEM_ROW, division=DIVISION)
    assert ITEM_MAP.to_exact(item, method="POST")["CostPriceStandard"] == 15.5
    assert "CostPriceStandard" not in ITEM_MAP.to_exact(item, method="PUT")
    with pytest.raises(InvalidBody) as caught:
        ITEM_MAP.to_exact({"cost_price": Decimal(12), "sales_price": Decimal(20)}, method="PUT")
    assert caught.value.problems == {
        "cost_price": "can only be set by POST",
        "sales_price": "read only",
    }


def test_selected_columns_map_what_was_sent() -> None:
    # `list-items.json`: Exact answers `$select=ID,Code,Description,ItemGroup,...` as a bare
    # array of partial rows.
    row = {
        "__metadata": {"type": "Exact.Web.Api.Models.Item"},
        "ID": "918004e1-ab42-4b76-a196-fd57b44a3d4c",
        "Code": "M",
        "Description": "Marchandises",
        "IsPurchaseItem": False,
        "IsSalesItem": True,
        "ItemGroup": GROUP_ID,
        "Modified": "/Date(1537503590360)/",
    }
    item = ITEM_MAP.from_exact(row, division=DIVISION)
    assert (item.code, item.name, item.is_sales_item, item.is_purchase_item) == (
        "M",
        "Marchandises",
        True,
        False,
    )
    assert item.is_stock_item is None  # not selected, so unknown
    assert item.created_at is None
    assert item.status is ItemStatus.ACTIVE


# --- item status --------------------------------------------------------------------------


def test_item_without_end_date_is_active() -> None:
    item = ITEM_MAP.from_exact({**ITEM_ROW, "EndDate": None}, division=DIVISION)
    assert item.status is ItemStatus.ACTIVE
    assert item.is_active_on(date(2030, 1, 1))
    assert not item.is_active_on(date(2025, 11, 30))  # before its start date


def test_item_with_end_date_is_inactive_and_serves_until_the_day_before() -> None:
    item = ITEM_MAP.from_exact(ITEM_ROW, division=DIVISION)
    assert item.status is ItemStatus.INACTIVE
    assert item.is_active_on(date(2026, 12, 31))
    assert not item.is_active_on(date(2027, 1, 1))


def test_item_status_is_never_sent() -> None:
    with pytest.raises(InvalidBody) as caught:
        ITEM_MAP.to_exact({"status": "inactive"}, method="PUT")
    assert caught.value.problems == {"status": "read only"}
    dumped = json.loads(ITEM_MAP.from_exact(ITEM_ROW, division=DIVISION).model_dump_json())
    assert dumped["status"] == "inactive"


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        (None, None, date(2026, 1, 1), True),
        (date(2026, 1, 1), None, date(2026, 1, 1), True),
        (date(2026, 1, 2), None, date(2026, 1, 1), False),
        (None, date(2026, 1, 2), date(2026, 1, 1), True),
        (None, date(2026, 1, 1), date(2026, 1, 1), False),
    ],
)
def test_dated_active(start: date | None, end: date | None, day: date, expected: bool) -> None:
    assert dated_active(start, end, day) is expected


def test_item_survives_a_json_dump() -> None:
    item = ITEM_MAP.from_exact(ITEM_ROW, division=DIVISION)
    assert Item.model_validate_json(item.model_dump_json()) == item


# --- item groups --------------------------------------------------------------------------


@pytest.mark.parametrize(("wire", "expected"), [(1, True), (0, False), (None, False)])
def test_item_group_default_byte(wire: int | None, expected: bool) -> None:
    group = ITEM_GROUP_MAP.from_exact({**ITEM_GROUP_ROW, "IsDefault": wire}, division=DIVISION)
    assert group.is_default is expected


def test_item_group_fields() -> None:
    group = ITEM_GROUP_MAP.from_exact(ITEM_GROUP_ROW, division=DIVISION)
    assert (group.code, group.name) == ("701", "Produits finins")
    assert group.purchase_account_id == "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"


@pytest.mark.parametrize(
    ("model", "required"),
    [(Item, ["id", "division", "code", "name"]), (ItemGroup, ["id", "division", "code", "name"])],
)
def test_json_schema(model: type[Any], required: list[str]) -> None:
    schema = model.model_json_schema()
    assert schema["required"] == required
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
