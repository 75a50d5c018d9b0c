"""logistics/Items: articles sold and bought, each in an item group."""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS"]

_ITEM_DEFAULTS: Final = {
    "CostPriceCurrency": "EUR",
    "IsStockItem": True,
    "SecurityLevel": 10,
    "StandardSalesPrice": 0,
    "StatisticalUnits": 1,
    "Stock": 0,
    "Unit": "pc",
    "UnitDescription": "Piece",
    "UnitType": "O",
}


class ItemBehaviour(Behaviour):
    """Default item group and unit, derived group names, unique codes, no delete in use."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        for name, value in _ITEM_DEFAULTS.items():
            if spec.field(name) is not None and row.get(name) in (None, False):
                row[name] = value
        if row.get("ItemGroup") is None:
            default = ctx.find("logistics/ItemGroups", "IsDefault", 1)
            if default is not None:
                put(spec, row, "ItemGroup", default["ID"])
        if row.get("StartDate") is None:
            put(spec, row, "StartDate", ctx.today)
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        group = ctx.lookup("logistics/ItemGroups", row.get("ItemGroup"))
        put(spec, row, "ItemGroupCode", group.get("Code") if group else None)
        put(spec, row, "ItemGroupDescription", group.get("Description") if group else None)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if (
            row.get("ItemGroup") is not None
            and ctx.lookup("logistics/ItemGroups", row["ItemGroup"]) is None
        ):
            raise ctx.refuse("invalid_reference", "ItemGroup")
        if ctx.duplicates(spec, row, "Code"):
            raise ctx.refuse("exists", "Code")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row)


BEHAVIOURS: Final[dict[str, Behaviour]] = {"logistics/Items": ItemBehaviour()}
