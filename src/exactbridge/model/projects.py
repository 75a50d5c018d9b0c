"""Projects and tracking categories: what costs and revenue are analysed by.

`Project` is `project/Projects`: work for a customer, typed by how it is billed (Exact's
`Type` 1-5), with budgets and a manager. Its `status` is Exact's `BlockEntry`: Exact closes a
finished project by blocking time and cost entries on it; the other block flags (invoicing,
purchasing, planning) stay in `remote_data`.

`TrackingCategory` is one model over Exact's two dimensions of cost analysis, cost centres
(`hrm/Costcenters`) and cost units (`hrm/Costunits`), told apart by `type`, as Merge and
Codat offer tracking categories. Lines of invoices and entries refer to them by `code`, not
by `id`, and Exact never changes a code after creation. `is_active` is Exact's own `Active`
for cost centres (Exact computes it from the end date against its clock, so a draft has
none); cost units have no such property, so theirs reads inactive once an end date is set;
`is_active_on(day)` answers for a given day.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from exactbridge.model._base import Money, UnifiedRecord
from exactbridge.model.catalog import dated_active

__all__ = [
    "Project",
    "ProjectStatus",
    "ProjectType",
    "TrackingCategory",
    "TrackingCategoryType",
]


class ProjectType(StrEnum):
    """Exact project `Type`: 1 campaign, 2 fixed price, 3 time and material, 4 non billable,
    5 prepaid."""

    CAMPAIGN = "campaign"
    FIXED_PRICE = "fixed_price"
    TIME_AND_MATERIAL = "time_and_material"
    NON_BILLABLE = "non_billable"
    PREPAID = "prepaid"


class ProjectStatus(StrEnum):
    """Whether time and costs may still be entered (Exact `BlockEntry`)."""

    ACTIVE = "active"
    BLOCKED = "blocked"


class Project(UnifiedRecord):
    """One project (`project/Projects`); read, create, update, delete."""

    code: str | None = Field(
        default=None, description="Exact `Code`; Exact gives the next number when omitted."
    )
    name: str = Field(description="Exact `Description`.")
    type: ProjectType = Field(description="Exact `Type`: how the project is billed.")
    customer_id: str | None = Field(
        default=None, description="Exact `Account` GUID: the customer the project is for."
    )
    customer_code: str | None = Field(
        default=None, description="Exact `AccountCode`, padding trimmed (read only)."
    )
    customer_name: str | None = Field(default=None, description="Exact `AccountName` (read only).")
    contact_id: str | None = Field(
        default=None, description="Exact `AccountContact` GUID: the customer's contact."
    )
    manager_id: str | None = Field(
        default=None, description="Exact `Manager`: the GUID of the managing user."
    )
    manager_name: str | None = Field(
        default=None, description="Exact `ManagerFullname` (read only)."
    )
    start_date: date | None = Field(
        default=None, description="Exact `StartDate`; Exact defaults it to the creation day."
    )
    end_date: date | None = Field(default=None, description="Exact `EndDate`.")
    budgeted_amount: Money | None = Field(
        default=None, description="Exact `BudgetedAmount` (fixed price and prepaid projects)."
    )
    budgeted_costs: Money | None = Field(default=None, description="Exact `BudgetedCosts`.")
    budgeted_revenue: Money | None = Field(default=None, description="Exact `BudgetedRevenue`.")
    status: ProjectStatus = Field(
        default=ProjectStatus.ACTIVE,
        description="Exact `BlockEntry`: blocked once time and cost entries are blocked.",
    )
    notes: str | None = Field(default=None, description="Exact `Notes`.")


class TrackingCategoryType(StrEnum):
    """Which of Exact's two cost dimensions a tracking category is (its endpoint)."""

    COST_CENTER = "cost_center"
    COST_UNIT = "cost_unit"


class TrackingCategory(UnifiedRecord):
    """A cost centre (`hrm/Costcenters`) or cost unit (`hrm/Costunits`)."""

    type: TrackingCategoryType = Field(
        description="The Exact endpoint: `hrm/Costcenters` or `hrm/Costunits` (read only)."
    )
    code: str = Field(
        description="Exact `Code`: what lines refer to; set on creation only, never changed."
    )
    name: str = Field(description="Exact `Description`.")
    end_date: date | None = Field(
        default=None, description="Exact `EndDate`: first day it no longer serves."
    )
    is_active: bool | None = Field(
        default=None,
        description="Exact `Active` for cost centres (None when not read); for cost units, "
        "which lack it, false once `EndDate` is set (read only).",
    )

    @model_validator(mode="before")
    @classmethod
    def _derive_active(cls, data: Any) -> Any:
        if (
            isinstance(data, dict)
            and data.get("is_active") is None
            and data.get("type") == TrackingCategoryType.COST_UNIT
        ):
            return {**data, "is_active": data.get("end_date") is None}
        return data

    def is_active_on(self, day: date) -> bool:
        """True when lines may use the category on `day` (before its end date)."""
        return dated_active(None, self.end_date, day)
