"""Project and tracking category mappers: `project/Projects`, `hrm/Costcenters`,
`hrm/Costunits`.

None of these endpoints was recorded; rows are hand-written in the shape of the recorded
responses of sibling endpoints (padded account codes right-aligned in 18 characters,
`/Date(ms)/` in Amsterdam wall-clock time, deferred navigations) with the properties of
the endpoint specs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final

import pytest

from exactbridge.errors import InvalidBody, WireFormatError
from exactbridge.exact.hrm import COSTCENTERS, COSTUNITS
from exactbridge.mappers.projects import (
    COST_CENTER_MAP,
    COST_UNIT_MAP,
    PROJECT_MAP,
    TRACKING_CATEGORY_MAPS,
)
from exactbridge.model.projects import (
    Project,
    ProjectStatus,
    ProjectType,
    TrackingCategory,
    TrackingCategoryType,
)
from tests.unit.mappers.conformance import Family, MapperConformance

DIVISION: Final = 124132
PROJECT_ID: Final = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"

PROJECT_ROW: Final[dict[str, Any]] = {
    "__metadata": {
        "uri": f"https://start.exactonline.fr/api/v1/{DIVISION}/project/Projects"
        f"(guid'{PROJECT_ID}')",
        "type": "Exact.Web.Api.Models.Project",
    },
    "ID": PROJECT_ID,
    "Account": "A58C29D9-EF92-40F1-B817-31B36990898C",
    "AccountCode": "           0000002",
    "AccountContact": "d3d37654-e1d6-4d5e-a489-00ac7ccdc973",
    "AccountName": "Foobar2 Updated",
    "BlockEntry": True,
    "BlockInvoicing": False,
    "BudgetedAmount": 12500,
    "BudgetedCosts": 8125.5,
    "BudgetedHoursPerHourType": {"__deferred": {"uri": "https://start.exactonline.fr/..."}},
    "BudgetedRevenue": 12500.75,
    "Code": "0007",
    "Created": "/Date(1782404200637)/",
    "Description": "Mise en œuvre Foobar2",
    "Division": DIVISION,
    "EndDate": "/Date(1735603200000)/",  # 2024-12-31
    "Manager": "cc20a11b-c137-48cc-8e55-09d4adbd4ac9",
    "ManagerFullname": "Samuel Bodin",
    "Modified": "/Date(1782404200637)/",
    "Notes": "Phase 1: audit",
    "StartDate": "/Date(1705276800000)/",  # 2024-01-15
    "Type": 2,
    "TypeDescription": "Fixed price",
}

COST_CENTER_ROW: Final[dict[str, Any]] = {
    "__metadata": {"type": "Exact.Web.Api.Models.HRM.Costcenter"},
    "ID": "1B63809A-053C-4D6E-BDC0-37B002C1329D",
    "Active": False,
    "Code": "500",
    "Created": "/Date(1719229625797)/",
    "Description": "Informatique",
    "Division": DIVISION,
    "EndDate": "/Date(1735603200000)/",  # 2024-12-31
    "Modified": "/Date(1719229625797)/",
}

COST_UNIT_ROW: Final[dict[str, Any]] = {
    "__metadata": {"type": "Exact.Web.Api.Models.HRM.Costunit"},
    "ID": "042c3ddd-26ac-4fc4-8e10-d1502d51fbf5",
    "Code": "KD03  ",
    "Created": "/Date(1719229612797)/",
    "Description": "Secteur public",
    "Division": DIVISION,
    "EndDate": "/Date(1784937600000)/",  # 2026-07-25
    "Modified": "/Date(1719229612797)/",
}


class TestProjectConformance(MapperConformance):
    family = Family(
        PROJECT_MAP,
        PROJECT_MAP.from_exact,
        PROJECT_MAP.to_exact,
        PROJECT_ROW,
        DIVISION,
        frozenset({"name", "type"}),
    )


class TestCostCenterConformance(MapperConformance):
    family = Family(
        COST_CENTER_MAP,
        COST_CENTER_MAP.from_exact,
        COST_CENTER_MAP.to_exact,
        COST_CENTER_ROW,
        DIVISION,
        frozenset({"code", "name"}),
    )


class TestCostUnitConformance(MapperConformance):
    family = Family(
        COST_UNIT_MAP,
        COST_UNIT_MAP.from_exact,
        COST_UNIT_MAP.to_exact,
        COST_UNIT_ROW,
        DIVISION,
        frozenset({"code", "name"}),
    )


# --- projects -----------------------------------------------------------------------------


def test_project_fields() -> None:
    project = PROJECT_MAP.from_exact(PROJECT_ROW, division=DIVISION)
    assert (project.code, project.name, project.type) == (
        "0007",
        "Mise en œuvre Foobar2",
        ProjectType.FIXED_PRICE,
    )
    assert project.customer_id == "a58c29d9-ef92-40f1-b817-31b36990898c"
    assert (project.customer_code, project.customer_name) == ("0000002", "Foobar2 Updated")
    assert (project.start_date, project.end_date) == (date(2024, 1, 15), date(2024, 12, 31))
    assert project.budgeted_amount == Decimal(12500)
    assert project.budgeted_revenue == Decimal("12500.75")
    assert project.manager_name == "Samuel Bodin"
    assert project.status is ProjectStatus.BLOCKED


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (1, ProjectType.CAMPAIGN),
        (2, ProjectType.FIXED_PRICE),
        (3, ProjectType.TIME_AND_MATERIAL),
        (4, ProjectType.NON_BILLABLE),
        (5, ProjectType.PREPAID),
    ],
)
def test_project_types_both_ways(wire: int, expected: ProjectType) -> None:
    project = PROJECT_MAP.from_exact({**PROJECT_ROW, "Type": wire}, division=DIVISION)
    assert project.type is expected
    assert PROJECT_MAP.to_exact({"type": expected}, method="PUT") == {"Type": wire}


def test_unknown_project_type_is_a_wire_error() -> None:
    with pytest.raises(WireFormatError):
        PROJECT_MAP.from_exact({**PROJECT_ROW, "Type": 9}, division=DIVISION)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [(True, ProjectStatus.BLOCKED), (False, ProjectStatus.ACTIVE), (None, ProjectStatus.ACTIVE)],
)
def test_project_status_is_block_entry(wire: bool | None, expected: ProjectStatus) -> None:
    project = PROJECT_MAP.from_exact({**PROJECT_ROW, "BlockEntry": wire}, division=DIVISION)
    assert project.status is expected
    assert PROJECT_MAP.to_exact({"status": expected}, method="PUT") == {
        "BlockEntry": expected is ProjectStatus.BLOCKED
    }


def test_project_create_needs_no_code() -> None:
    draft = Project(
        id="00000000-0000-0000-0000-000000000000",
        division=DIVISION,
        name="Audit",
        type=ProjectType.TIME_AND_MATERIAL,
    )
    assert PROJECT_MAP.to_exact(draft, method="POST") == {
        "Description": "Audit",
        "Type": 3,
        "BlockEntry": False,
    }


def test_project_derived_names_are_read_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        PROJECT_MAP.to_exact({"customer_name": "x", "manager_name": "y"}, method="POST")
    assert caught.value.problems == {
        "customer_name": "read only",
        "manager_name": "read only",
        "name": "required to create",
        "type": "required to create",
    }


# --- tracking categories ------------------------------------------------------------------


def test_each_map_stamps_its_type() -> None:
    center = COST_CENTER_MAP.from_exact(COST_CENTER_ROW, division=DIVISION)
    unit = COST_UNIT_MAP.from_exact(COST_UNIT_ROW, division=DIVISION)
    assert center.type is TrackingCategoryType.COST_CENTER
    assert unit.type is TrackingCategoryType.COST_UNIT
    assert (center.code, center.name) == ("500", "Informatique")
    assert (unit.code, unit.name) == ("KD03", "Secteur public")


def test_tracking_maps_by_type() -> None:
    assert TRACKING_CATEGORY_MAPS[TrackingCategoryType.COST_CENTER].spec is COSTCENTERS
    assert TRACKING_CATEGORY_MAPS[TrackingCategoryType.COST_UNIT].spec is COSTUNITS
    assert set(TRACKING_CATEGORY_MAPS) == set(TrackingCategoryType)


def test_cost_center_active_is_exacts_own_flag() -> None:
    # Exact computes `Active` against its clock; the record keeps what Exact said.
    center = COST_CENTER_MAP.from_exact(COST_CENTER_ROW, division=DIVISION)
    assert center.is_active is False
    future = {**COST_CENTER_ROW, "Active": True, "EndDate": "/Date(1798761600000)/"}
    assert COST_CENTER_MAP.from_exact(future, division=DIVISION).is_active is True
    unselected = {k: v for k, v in COST_CENTER_ROW.items() if k != "Active"}
    assert COST_CENTER_MAP.from_exact(unselected, division=DIVISION).is_active is None


@pytest.mark.parametrize(("end", "active"), [("/Date(1784937600000)/", False), (None, True)])
def test_cost_unit_active_follows_its_end_date(end: str | None, active: bool) -> None:
    unit = COST_UNIT_MAP.from_exact({**COST_UNIT_ROW, "EndDate": end}, division=DIVISION)
    assert unit.is_active is active


def test_is_active_on_a_day() -> None:
    unit = COST_UNIT_MAP.from_exact(COST_UNIT_ROW, division=DIVISION)
    assert unit.is_active_on(date(2026, 7, 24))
    assert not unit.is_active_on(date(2026, 7, 25))


def test_tracking_code_is_set_on_creation_only() -> None:
    with pytest.raises(InvalidBody) as caught:
        COST_CENTER_MAP.to_exact({"code": "600", "name": "Marketing"}, method="PUT")
    assert caught.value.problems == {"code": "can only be set by POST"}
    body = COST_UNIT_MAP.to_exact({"code": "KD05", "name": "Export"}, method="POST")
    assert body == {"Code": "KD05", "Description": "Export"}


def test_tracking_type_and_active_are_never_sent() -> None:
    center = COST_CENTER_MAP.from_exact(COST_CENTER_ROW, division=DIVISION)
    assert COST_CENTER_MAP.to_exact(center, method="POST") == {
        "Code": "500",
        "Description": "Informatique",
        "EndDate": "/Date(1735603200000)/",
    }
    with pytest.raises(InvalidBody) as caught:
        COST_CENTER_MAP.to_exact({"type": "cost_unit", "is_active": True}, method="PUT")
    assert caught.value.problems == {"type": "read only", "is_active": "read only"}


def test_tracking_category_schema_names_the_type() -> None:
    schema = TrackingCategory.model_json_schema()
    assert schema["required"] == ["id", "division", "type", "code", "name"]
    assert schema["$defs"]["TrackingCategoryType"]["enum"] == ["cost_center", "cost_unit"]


def test_project_schema() -> None:
    schema = Project.model_json_schema()
    assert schema["required"] == ["id", "division", "name", "type"]
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
