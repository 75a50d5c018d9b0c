"""Mappers for the catalogue: items (`logistics/Items`) and item groups (`logistics/ItemGroups`).

Items are read, created, updated and deleted; which property each method may send follows
the endpoint's spec: the standard cost price goes with a create only (Exact refuses it on
an update), and the group's code and name, the sales price and the derived status are read
only. Item groups are read only. Use `ITEM_MAP.from_exact` / `ITEM_MAP.to_exact` directly.
"""

from __future__ import annotations

from exactbridge.exact.logistics import ITEM_GROUPS, ITEMS
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, NUMBER, TEXT
from exactbridge.mappers._core import FieldMap, ResourceMap
from exactbridge.model.catalog import Item, ItemGroup

__all__ = ["ITEM_GROUP_MAP", "ITEM_MAP"]

ITEM_MAP: ResourceMap[Item] = ResourceMap(
    model=Item,
    spec=ITEMS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("description", "ExtraDescription", TEXT),
        FieldMap("item_group_id", "ItemGroup", GUID),
        FieldMap("item_group_code", "ItemGroupCode", CODE),
        FieldMap("item_group_name", "ItemGroupDescription", TEXT),
        FieldMap("is_sales_item", "IsSalesItem", FLAG),
        FieldMap("is_purchase_item", "IsPurchaseItem", FLAG),
        FieldMap("is_stock_item", "IsStockItem", FLAG),
        FieldMap("unit", "Unit", CODE),
        FieldMap("sales_tax_code", "SalesVatCode", CODE),
        FieldMap("cost_price", "CostPriceStandard", NUMBER),
        FieldMap("cost_price_currency", "CostPriceCurrency", CODE),
        FieldMap("sales_price", "StandardSalesPrice", NUMBER),
        FieldMap("revenue_account_id", "GLRevenue", GUID),
        FieldMap("cost_account_id", "GLCosts", GUID),
        FieldMap("stock_account_id", "GLStock", GUID),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
        FieldMap("barcode", "Barcode", TEXT),
        FieldMap("search_code", "SearchCode", TEXT),
        FieldMap("notes", "Notes", TEXT),
    ),
    required=(("code",), ("name",)),
)

ITEM_GROUP_MAP: ResourceMap[ItemGroup] = ResourceMap(
    model=ItemGroup,
    spec=ITEM_GROUPS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("is_default", "IsDefault", FLAG),
        FieldMap("revenue_account_id", "GLRevenue", GUID),
        FieldMap("cost_account_id", "GLCosts", GUID),
        FieldMap("stock_account_id", "GLStock", GUID),
        FieldMap("purchase_account_id", "GLPurchaseAccount", GUID),
        FieldMap("notes", "Notes", TEXT),
    ),
)
