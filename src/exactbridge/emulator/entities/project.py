"""project/Projects: projects numbered on create, named from their account, kept while in use."""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec
from exactbridge.exact.project import PROJECT_TYPES

__all__ = ["BEHAVIOURS"]

_PREPAID_TYPES: Final = {1: "Retainer", 2: "Hour type bundle"}


class ProjectBehaviour(Behaviour):
    """The next free code when none is given; codes unique; a project in use is not deleted."""

    def fill(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("Code") in (None, ""):
            best, width = ctx.table(spec.path).highest_number("Code")
            put(spec, row, "Code", str(max(best, 0) + 1).zfill(width))
        if row.get("StartDate") is None:
            put(spec, row, "StartDate", ctx.today)
        self.refresh(ctx, spec, row)

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        account = ctx.lookup("crm/Accounts", row.get("Account")) or {}
        put(spec, row, "AccountCode", account.get("Code"))
        put(spec, row, "AccountName", account.get("Name"))
        put(spec, row, "DivisionName", ctx.division.info.get("Description"))
        put(spec, row, "TypeDescription", PROJECT_TYPES.get(row.get("Type") or 0))
        put(spec, row, "PrepaidTypeDescription", _PREPAID_TYPES.get(row.get("PrepaidType") or 0))
        for name in ("FixedPriceItem", "PrepaidItem"):
            item = ctx.lookup("logistics/Items", row.get(name)) or {}
            put(spec, row, f"{name}Description", item.get("Description"))
        same = row.get("Manager") is not None and row["Manager"] == ctx.store.user.get("UserID")
        put(spec, row, "ManagerFullname", ctx.store.user.get("FullName") if same else None)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if row.get("Type") not in PROJECT_TYPES:
            raise ctx.refuse("invalid", "Type")
        if row.get("Account") is not None and ctx.lookup("crm/Accounts", row["Account"]) is None:
            raise ctx.refuse("invalid_reference", "Account")
        for name in ("FixedPriceItem", "PrepaidItem"):
            if row.get(name) is not None and ctx.lookup("logistics/Items", row[name]) is None:
                raise ctx.refuse("invalid_reference", "Item")
        start, end = row.get("StartDate"), row.get("EndDate")
        if start is not None and end is not None and end < start:
            raise ctx.refuse("invalid", "EndDate")
        if ctx.duplicates(spec, row, "Code"):
            raise ctx.refuse("exists", "Code")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row)


BEHAVIOURS: Final[dict[str, Behaviour]] = {"project/Projects": ProjectBehaviour()}
