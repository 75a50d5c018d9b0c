"""hrm/Costcenters and hrm/Costunits: the dimensions of cost analysis, referred to by code.

A code is set on creation and never changes; it is unique within the division. A cost
centre is active until its end date. Lines refer to cost centres and units by code, so one
that a line still names cannot be deleted.
"""

from __future__ import annotations

from typing import Final

from exactbridge.emulator.entities.base import Behaviour, Context, Embedded, put
from exactbridge.emulator.store import Row
from exactbridge.exact import EntitySpec

__all__ = ["BEHAVIOURS"]


class CostDimensionBehaviour(Behaviour):
    """Unique codes, `Active` from the end date, no delete while lines use the code."""

    def refresh(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        if spec.field("Active") is not None:
            end = row.get("EndDate")
            put(spec, row, "Active", end is None or end > ctx.today)

    def validate(self, ctx: Context, spec: EntitySpec, row: Row, embedded: Embedded) -> None:
        if ctx.duplicates(spec, row, "Code"):
            raise ctx.refuse("exists", "Code")

    def check_delete(self, ctx: Context, spec: EntitySpec, row: Row) -> None:
        ctx.refuse_if_used(spec, row)


BEHAVIOURS: Final[dict[str, Behaviour]] = {
    "hrm/Costcenters": CostDimensionBehaviour(),
    "hrm/Costunits": CostDimensionBehaviour(),
}
