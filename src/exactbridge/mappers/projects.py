"""Mappers for projects (`project/Projects`) and tracking categories (`hrm/Costcenters`,
`hrm/Costunits`).

All three endpoints are read, created, updated and deleted. A project needs a name and a
type (Exact numbers its code when none is given). A tracking category needs a code and a
name; the code goes with the create only, since lines refer to it and Exact never changes
it. One `TrackingCategory` model serves two maps: each map stamps its own `type` on the
records it reads (`_Fixed`), and the caller picks the endpoint to write by the record's
type (`TRACKING_CATEGORY_MAPS`). A create body may therefore name its `type`: the map of
that type takes it without sending it (the endpoint is the type), and the other map
refuses it, so a body never lands in the wrong dimension (`TrackingCategoryMap`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from exactbridge.errors import WireFormatError
from exactbridge.exact import EntitySpec
from exactbridge.exact.hrm import COSTCENTERS, COSTUNITS
from exactbridge.exact.project import PROJECTS
from exactbridge.mappers._checked import build_checked
from exactbridge.mappers._codecs import CODE, DAY, FLAG, GUID, NUMBER, TEXT, Choice
from exactbridge.mappers._core import FieldMap, Method, ResourceMap
from exactbridge.model.projects import (
    Project,
    ProjectStatus,
    ProjectType,
    TrackingCategory,
    TrackingCategoryType,
)

__all__ = [
    "COST_CENTER_MAP",
    "COST_UNIT_MAP",
    "PROJECT_MAP",
    "PROJECT_STATUS",
    "PROJECT_TYPE",
    "TRACKING_CATEGORY_MAPS",
    "TrackingCategoryMap",
]

PROJECT_TYPE = Choice(
    {
        1: ProjectType.CAMPAIGN,
        2: ProjectType.FIXED_PRICE,
        3: ProjectType.TIME_AND_MATERIAL,
        4: ProjectType.NON_BILLABLE,
        5: ProjectType.PREPAID,
    }
)
PROJECT_STATUS = Choice(
    {True: ProjectStatus.BLOCKED, False: ProjectStatus.ACTIVE}, ProjectStatus.ACTIVE
)

PROJECT_MAP: ResourceMap[Project] = ResourceMap(
    model=Project,
    spec=PROJECTS,
    fields=(
        FieldMap("code", "Code", CODE),
        FieldMap("name", "Description", TEXT),
        FieldMap("type", "Type", PROJECT_TYPE),
        FieldMap("customer_id", "Account", GUID),
        FieldMap("customer_code", "AccountCode", CODE),
        FieldMap("customer_name", "AccountName", TEXT),
        FieldMap("contact_id", "AccountContact", GUID),
        FieldMap("manager_id", "Manager", GUID),
        FieldMap("manager_name", "ManagerFullname", TEXT),
        FieldMap("start_date", "StartDate", DAY),
        FieldMap("end_date", "EndDate", DAY),
        FieldMap("budgeted_amount", "BudgetedAmount", NUMBER),
        FieldMap("budgeted_costs", "BudgetedCosts", NUMBER),
        FieldMap("budgeted_revenue", "BudgetedRevenue", NUMBER),
        FieldMap("status", "BlockEntry", PROJECT_STATUS),
        FieldMap("notes", "Notes", TEXT),
    ),
    required=(("name",), ("type",)),
)


@dataclass(frozen=True)
class _Fixed:
    """The same value for every row, whatever the property holds: the map's own kind.

    It reads the key (present in every row) and is never sent, because no method may set
    a key; a caller naming it in a body is told it is read only.
    """

    value: Enum

    def decode(self, wire: Any) -> Enum:  # noqa: ARG002 - the Codec signature
        return self.value

    def encode(self, value: Any) -> Any:
        msg = f"{self.value} is fixed by the endpoint"
        raise WireFormatError(msg, value=value)


@dataclass(frozen=True)
class TrackingCategoryMap(ResourceMap[TrackingCategory]):
    """The map of one tracking dimension; a create may name the `type` that chose it.

    The type is the endpoint, not a property, so it is never sent: a create body (or draft)
    naming this map's own type is built without it, one naming the other type is refused
    (`type` in `InvalidBody.problems`, with the body's other problems). On an update the
    type stays read only, as the engine says.

    Attributes:
        kind: the type of the records this endpoint holds.
    """

    kind: TrackingCategoryType = TrackingCategoryType.COST_CENTER

    def to_exact(
        self,
        source: Mapping[str, Any] | TrackingCategory,
        *,
        method: Method,
        custom: Sequence[FieldMap] = (),
    ) -> dict[str, Any]:
        """Build a POST or PUT body; a POST's `type` is checked against `kind`, not sent."""
        if method != "POST":
            return super().to_exact(source, method=method, custom=custom)
        named: Any = self.kind
        if isinstance(source, TrackingCategory):
            named = source.type
        elif "type" in source:
            named = source["type"]
            source = {name: value for name, value in source.items() if name != "type"}
        problems = (
            {}
            if named == self.kind
            else {"type": f"{self.spec.path} holds {self.kind.value} records, not {named!r}"}
        )
        return build_checked(self, source, method=method, custom=custom, problems=problems)


def _tracking_map(kind: TrackingCategoryType, spec: EntitySpec) -> TrackingCategoryMap:
    active = (FieldMap("is_active", "Active", FLAG),) if spec.field("Active") is not None else ()
    return TrackingCategoryMap(
        kind=kind,
        model=TrackingCategory,
        spec=spec,
        fields=(
            FieldMap("type", spec.key, _Fixed(kind)),
            FieldMap("code", "Code", CODE),
            FieldMap("name", "Description", TEXT),
            FieldMap("end_date", "EndDate", DAY),
            *active,
        ),
        required=(("code",), ("name",)),
    )


COST_CENTER_MAP: Final = _tracking_map(TrackingCategoryType.COST_CENTER, COSTCENTERS)
COST_UNIT_MAP: Final = _tracking_map(TrackingCategoryType.COST_UNIT, COSTUNITS)

TRACKING_CATEGORY_MAPS: Final[Mapping[TrackingCategoryType, TrackingCategoryMap]] = {
    TrackingCategoryType.COST_CENTER: COST_CENTER_MAP,
    TrackingCategoryType.COST_UNIT: COST_UNIT_MAP,
}
"""The map (and so the endpoint) of each tracking category type."""
