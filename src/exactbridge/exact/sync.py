"""Exact's change-log endpoints: `sync/Deleted` and `read/sync/Sync/SyncTimestamp` (facts 5.3-5.4).

`sync/Deleted` lists deleted records of every entity that has a sync endpoint, one row per
delete, in the same `Timestamp` sequence as the sync endpoints; `EntityType` says which
entity (`DELETED_ENTITY_TYPES`). Exact keeps the log for two months.

`read/sync/Sync/SyncTimestamp?modified=datetime'…'&endPoint='…'` answers the first
`Timestamp` of an endpoint's rows modified at or after a date, to start a sync from a date.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from exactbridge.exact._spec import EntitySpec, properties

__all__ = [
    "DELETED",
    "DELETED_ENTITY_TYPES",
    "ENTITIES",
    "SYNC_TIMESTAMP",
    "SYNC_TIMESTAMP_ENDPOINTS",
]

DELETED = EntitySpec(
    path="sync/Deleted",
    key="ID",
    type_name="Exact.Web.Api.Models.Sync.Deleted",
    api_type="sync",
    page_size=1000,
    select_required=True,
    properties=properties(
        """
        Timestamp     int64     R
        DeletedBy     guid      R
        DeletedDate   datetime  R
        Division      int32     R
        EntityKey     guid      R
        EntityType    int32     R
        ID            guid      key
        """
    ),
)

SYNC_TIMESTAMP = EntitySpec(
    path="read/sync/Sync/SyncTimestamp",
    key="TimeStampAsBigInt",
    type_name="Exact.Web.Api.Models.Sync.SyncTimestamp",
    properties=properties(
        """
        Modified            datetime  R
        API                 string    R
        TimeStampAsBigInt   int64     key
        """
    ),
)

DELETED_ENTITY_TYPES: Final = MappingProxyType({
    1: "TransactionLines", 2: "Accounts", 3: "Addresses", 4: "Attachments", 5: "Contacts",
    6: "Documents", 7: "GLAccounts", 8: "ItemPrices", 9: "Items", 10: "PaymentTerms",
    12: "SalesOrders", 13: "SalesInvoices", 14: "TimeCostTransactions", 15: "StockPositions",
    16: "GoodsDeliveries", 17: "GoodsDeliveryLines", 18: "GLClassifications",
    19: "ItemWarehouses", 20: "StorageLocationStockPositions", 21: "Projects",
    22: "PurchaseOrders", 23: "Subscriptions", 24: "SubscriptionLines", 25: "ProjectWBS",
    26: "ProjectPlanning", 27: "LeaveAbsenceHoursByDay", 28: "SerialBatchNumbers",
    29: "StockSerialBatchNumbers", 30: "ItemAccounts", 31: "DiscountTables",
    32: "SalesOrderHeaders", 33: "SalesOrderLines", 34: "QuotationHeaders",
    35: "QuotationLines", 36: "ShopOrders", 37: "ShopOrderMaterialPlans",
    38: "ShopOrderRoutingStepPlans", 39: "Schedules", 40: "ScheduleEntries",
    41: "ItemStorageLocations", 42: "Employees", 43: "Employments", 44: "EmploymentContracts",
    45: "EmploymentOrganizations", 46: "EmploymentCLAs", 47: "EmploymentSalaries",
    48: "BankAccounts", 49: "EmploymentTaxAuthoritiesGeneral", 50: "ShopOrderPurchasePlanning",
    51: "ShopOrderSubOrders", 53: "RequirementIssues", 54: "BillOfMaterialMaterials",
    55: "BillOfMaterialVersions", 56: "LeaveRegistrations", 57: "LeaveBuildUpRegistrations",
    58: "AbsenceRegistrationTransactions", 59: "AbsenceRegistrations",
})  # fmt: skip
"""`sync/Deleted.EntityType` codes (facts 5.4; there is no 11 and no 52)."""

SYNC_TIMESTAMP_ENDPOINTS: Final = frozenset({
    "QuotationHeaders", "QuotationLines", "TransactionLines", "ItemStorageLocations",
    "ShopOrders", "ShopOrderMaterialPlans", "ShopOrderRoutingStepPlans",
    "ShopOrderPurchasePlanning", "ShopOrderSubOrders", "MaterialIssues",
    "BillOfMaterialVersions", "BillOfMaterialMaterials", "PurchaseOrders", "Projects",
    "ProjectPlanning", "ProjectWBS", "TimeCostTransactions", "SalesInvoices",
    "GoodsDeliveries", "GoodsDeliveryLines", "SalesOrderHeaders", "SalesOrderLines",
    "Subscriptions", "SubscriptionLines",
})  # fmt: skip
"""`endPoint` values `SyncTimestamp` accepts (facts 5.3)."""

ENTITIES: Final = (DELETED, SYNC_TIMESTAMP)
