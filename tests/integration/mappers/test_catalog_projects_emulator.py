"""Items, item groups, projects and tracking categories against the emulator.

The whole seed of both divisions maps, and its references hold: items point at existing
item groups, G/L accounts and VAT codes; projects at existing customers; codes are unique.
An item, a project, a cost centre and a cost unit written through the unified model read
back equal, then are updated and deleted as Exact allows.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from exactbridge.errors import InvalidBody
from exactbridge.mappers.catalog import ITEM_GROUP_MAP, ITEM_MAP
from exactbridge.mappers.ledger import LEDGER_ACCOUNT_MAP, TAX_RATE_MAP
from exactbridge.mappers.parties import CUSTOMER_MAP, is_customer_row
from exactbridge.mappers.projects import PROJECT_MAP, TRACKING_CATEGORY_MAPS
from exactbridge.model.catalog import Item, ItemStatus
from exactbridge.model.projects import (
    Project,
    ProjectStatus,
    ProjectType,
    TrackingCategory,
    TrackingCategoryType,
)
from tests.support.emulator import EmulatorClient
from tests.support.rows import (
    all_rows,
    create,
    delete,
    divisions,
    gone,
    one_row,
    update,
)

_NIL = "00000000-0000-0000-0000-000000000000"
_ITEMS = "logistics/Items"
_PROJECTS = "project/Projects"


def _unique(values: list[Any]) -> bool:
    return not [value for value, count in Counter(values).items() if count > 1]


def _written(draft: Any, back: Any) -> None:
    """Every field the draft set (bar its placeholder key) reads back unchanged."""
    fields = draft.model_fields_set - {"id"}
    assert back.model_dump(include=fields) == draft.model_dump(include=fields)


# --- the seed -----------------------------------------------------------------------------


async def test_seeded_catalog_maps_with_sound_references(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        groups = [
            ITEM_GROUP_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, "logistics/ItemGroups")
        ]
        items = [
            ITEM_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, _ITEMS)
        ]
        accounts = {
            LEDGER_ACCOUNT_MAP.from_exact(row, division=division).id
            for row in await all_rows(exact, division, "financial/GLAccounts")
        }
        vat_codes = {
            TAX_RATE_MAP.from_exact(row, division=division).code
            for row in await all_rows(exact, division, "vat/VATCodes")
        }
        assert groups and items
        assert _unique([g.code for g in groups])
        assert [g.is_default for g in groups].count(True) == 1
        for group in groups:
            linked = {group.revenue_account_id, group.cost_account_id, group.stock_account_id}
            assert linked - {None} <= accounts, group.code
        by_id = {g.id: g for g in groups}
        assert _unique([i.code for i in items])
        for item in items:
            assert item.division == division
            assert item.item_group_id in by_id, item.code
            assert item.item_group_code == by_id[item.item_group_id].code
            linked = {item.revenue_account_id, item.cost_account_id, item.stock_account_id}
            assert linked - {None} <= accounts, item.code
            assert item.sales_tax_code in vat_codes, item.code
            assert item.unit is not None and item.unit == item.unit.strip()
            assert item.cost_price is not None and item.cost_price >= 0
            assert item.status is ItemStatus.ACTIVE  # the seed ends no item


async def test_seeded_projects_and_tracking_categories_map(exact: EmulatorClient) -> None:
    for division in divisions(exact):
        customers = {
            row["ID"]: CUSTOMER_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, "crm/Accounts")
            if is_customer_row(row)
        }
        projects = [
            PROJECT_MAP.from_exact(row, division=division)
            for row in await all_rows(exact, division, _PROJECTS)
        ]
        assert projects
        assert _unique([p.code for p in projects])
        for project in projects:
            assert project.customer_id in customers, project.code
            assert project.customer_code == customers[project.customer_id].code
            assert project.customer_name == customers[project.customer_id].name
            if project.start_date and project.end_date:
                assert project.start_date <= project.end_date
            if project.type in (ProjectType.FIXED_PRICE, ProjectType.PREPAID):
                assert project.budgeted_amount is not None and project.budgeted_amount > 0
        for kind, rmap in TRACKING_CATEGORY_MAPS.items():
            rows = await all_rows(exact, division, rmap.spec.path)
            categories = [rmap.from_exact(row, division=division) for row in rows]
            assert categories, rmap.spec.path
            assert {c.type for c in categories} == {kind}
            assert _unique([c.code for c in categories])
            assert all(c.is_active == (c.end_date is None) for c in categories)


# --- writes -------------------------------------------------------------------------------


async def test_item_create_update_delete(exact: EmulatorClient) -> None:
    division = exact.division
    groups = [
        ITEM_GROUP_MAP.from_exact(row, division=division)
        for row in await all_rows(exact, division, "logistics/ItemGroups")
    ]
    group = next(g for g in groups if not g.is_default)  # not what Exact would default to
    draft = Item(
        id=_NIL,
        division=division,
        code="UNI-0001",
        name="Unified test item",
        description="Written through the unified model",
        item_group_id=group.id,
        is_sales_item=True,
        is_purchase_item=True,
        # Stays True: the emulator turns a posted IsStockItem false into true (reported).
        is_stock_item=True,
        unit="doos",
        sales_tax_code="2",
        cost_price=Decimal("12.34"),
        revenue_account_id=group.revenue_account_id,
        cost_account_id=group.cost_account_id,
        start_date=date(2026, 1, 1),
        barcode="8712345678906",
        search_code="UNITEST",
        notes="Handle with care",
    )
    key = await create(exact, division, _ITEMS, ITEM_MAP.to_exact(draft, method="POST"))
    back = ITEM_MAP.from_exact(await one_row(exact, division, _ITEMS, key), division=division)
    _written(draft, back)
    assert (back.item_group_code, back.status) == (group.code, ItemStatus.ACTIVE)

    with pytest.raises(InvalidBody):  # Exact takes the standard cost price on creation only
        ITEM_MAP.to_exact({"cost_price": Decimal(99)}, method="PUT")
    change = {"name": "Unified test item, ended", "end_date": date(2026, 12, 1)}
    await update(exact, division, _ITEMS, key, ITEM_MAP.to_exact(change, method="PUT"))
    after = ITEM_MAP.from_exact(await one_row(exact, division, _ITEMS, key), division=division)
    assert (after.name, after.end_date) == (change["name"], change["end_date"])
    assert after.status is ItemStatus.INACTIVE
    assert after.is_active_on(date(2026, 11, 30)) and not after.is_active_on(date(2026, 12, 1))
    assert after.cost_price == draft.cost_price
    assert after.modified_at is not None

    assert await delete(exact, division, _ITEMS, key) == 204
    assert await gone(exact, division, _ITEMS, key)


async def test_item_in_use_is_not_deleted(exact: EmulatorClient) -> None:
    division = exact.division
    lines = await all_rows(exact, division, "salesinvoice/SalesInvoiceLines")
    used = lines[0]["Item"]
    assert await delete(exact, division, _ITEMS, used) == 500
    assert not await gone(exact, division, _ITEMS, used)


async def test_project_create_update_delete(exact: EmulatorClient) -> None:
    division = exact.division
    rows = await all_rows(exact, division, "crm/Accounts")
    customer = CUSTOMER_MAP.from_exact(
        next(r for r in rows if is_customer_row(r)), division=division
    )
    existing = [
        PROJECT_MAP.from_exact(row, division=division)
        for row in await all_rows(exact, division, _PROJECTS)
    ]
    manager = exact.state.store.user["UserID"]
    draft = Project(
        id=_NIL,
        division=division,
        name="Unified test project",
        type=ProjectType.FIXED_PRICE,
        customer_id=customer.id,
        manager_id=manager,
        start_date=date(2026, 7, 1),
        end_date=date(2026, 12, 31),
        budgeted_amount=Decimal("15000"),
        budgeted_costs=Decimal("9000.50"),
        budgeted_revenue=Decimal("15000"),
        notes="Fixed price, two phases",
    )
    key = await create(exact, division, _PROJECTS, PROJECT_MAP.to_exact(draft, method="POST"))
    back = PROJECT_MAP.from_exact(await one_row(exact, division, _PROJECTS, key), division=division)
    _written(draft, back)
    numbers = [int(p.code) for p in existing if p.code and p.code.isdigit()]
    assert back.code is not None and int(back.code) == max(numbers) + 1  # numbered by Exact
    assert (back.customer_code, back.customer_name) == (customer.code, customer.name)
    assert back.manager_name is not None
    assert back.status is ProjectStatus.ACTIVE

    closing = {"status": ProjectStatus.BLOCKED, "notes": "Closed"}
    await update(exact, division, _PROJECTS, key, PROJECT_MAP.to_exact(closing, method="PUT"))
    after = PROJECT_MAP.from_exact(
        await one_row(exact, division, _PROJECTS, key), division=division
    )
    assert (after.status, after.notes) == (ProjectStatus.BLOCKED, "Closed")
    assert after.name == draft.name

    assert await delete(exact, division, _PROJECTS, key) == 204
    assert await gone(exact, division, _PROJECTS, key)


@pytest.mark.parametrize("kind", list(TrackingCategoryType))
async def test_tracking_category_create_update_delete(
    exact: EmulatorClient, kind: TrackingCategoryType
) -> None:
    division = exact.division
    rmap = TRACKING_CATEGORY_MAPS[kind]
    path = rmap.spec.path
    draft = TrackingCategory(
        id=_NIL,
        division=division,
        type=kind,
        code="UNI9",
        name=f"Unified {kind.value}",
        end_date=date(2030, 1, 1),
    )
    body = rmap.to_exact(draft, method="POST")
    assert set(body) == {"Code", "Description", "EndDate"}  # type picks the endpoint only
    key = await create(exact, division, path, body)
    back = rmap.from_exact(await one_row(exact, division, path, key), division=division)
    _written(draft, back)
    expected_active = kind is TrackingCategoryType.COST_CENTER  # Exact's Active: until 2030
    assert back.is_active is expected_active

    with pytest.raises(InvalidBody):  # lines refer to the code: Exact never changes it
        rmap.to_exact({"code": "UNI8"}, method="PUT")
    ended = {"name": "Ended", "end_date": date(2026, 1, 1)}  # before the emulator's today
    await update(exact, division, path, key, rmap.to_exact(ended, method="PUT"))
    after = rmap.from_exact(await one_row(exact, division, path, key), division=division)
    assert (after.code, after.name, after.end_date) == ("UNI9", "Ended", date(2026, 1, 1))
    assert after.is_active is False

    duplicate = await exact.request(
        "POST", f"/api/v1/{division}/{path}", json=rmap.to_exact(draft, method="POST")
    )
    assert duplicate.status_code == 500  # codes are unique per division and type

    assert await delete(exact, division, path, key) == 204
    assert await gone(exact, division, path, key)
