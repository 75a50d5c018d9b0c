"""Bulk, sync and `sync/Deleted` endpoints against the in-process emulator.

The central property: whatever creates, updates and deletes happen, a consumer that replays
`sync/...` from Timestamp 0 and applies `sync/Deleted` ends up with exactly the emulator's
rows, and so does one that syncs incrementally from the highest Timestamp it saw.
"""

from __future__ import annotations

import random
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.render import json_value
from exactbridge.emulator.state import EmulatorState
from exactbridge.exact import find_entity
from tests.support.emulator import EmulatorClient, connect

ENTITIES: Final = {  # regular path -> (sync path, Deleted EntityType)
    "crm/Accounts": ("sync/CRM/Accounts", 2),
    "crm/Contacts": ("sync/CRM/Contacts", 5),
    "logistics/Items": ("sync/Logistics/Items", 9),
}
SELECT: Final = {
    "crm/Accounts": "ID,Code,Name,City,Modified",
    "crm/Contacts": "ID,Account,FirstName,LastName,Email,Modified",
    "logistics/Items": "ID,Code,Description,CostPriceStandard,Modified",
}


@pytest.fixture
def config() -> EmulatorConfig:
    """Small data, limits lifted: these tests make hundreds of calls."""
    return EmulatorConfig(
        divisions=2, size="small", seed=11, limits=RateLimits(minutely=100_000, daily=1_000_000)
    )


async def _sync_all(
    exact: EmulatorClient, path: str, after: int, select: str
) -> tuple[list[dict[str, Any]], int]:
    """Every row of a sync endpoint after `after`, following `__next`; and the last Timestamp."""
    url: str | None = f"/api/v1/{exact.division}/{path}"
    params: dict[str, str] | None = {"$select": select, "$filter": f"Timestamp gt {after}L"}
    rows: list[dict[str, Any]] = []
    last = after
    while url is not None:
        response = await exact.get(url, params=params)
        assert response.status_code == 200, response.text
        body = response.json()["d"]
        for row in body["results"]:
            stamp = int(row["Timestamp"])
            assert stamp > last, "sync rows come in strictly increasing Timestamp order"
            last = stamp
            rows.append(row)
        url, params = body.get("__next"), None
    return rows, last


def _ground_truth(state: EmulatorState, division: int, path: str, select: str) -> dict[str, Any]:
    spec = find_entity(path)
    assert spec is not None
    table = state.store.divisions[division].table(spec)
    names = select.split(",")
    fields = [spec.field(n) for n in names]
    return {
        key: {f.name: json_value(f, row.get(f.name)) for f in fields if f is not None}
        for key, row in table.rows.items()
    }


class Replica:
    """What a sync consumer keeps: rows per entity, and its cursors."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, Any]]] = {path: {} for path in ENTITIES}
        self.cursors: dict[str, int] = dict.fromkeys(ENTITIES, 0)
        self.deleted_cursor = 0

    async def catch_up(self, exact: EmulatorClient) -> None:
        for path, (sync_path, _) in ENTITIES.items():
            rows, self.cursors[path] = await _sync_all(
                exact, sync_path, self.cursors[path], f"Timestamp,{SELECT[path]}"
            )
            for row in rows:
                kept = {k: v for k, v in row.items() if k not in ("__metadata", "Timestamp")}
                self.rows[path][row["ID"]] = kept
        deleted, self.deleted_cursor = await _sync_all(
            exact, "sync/Deleted", self.deleted_cursor, "Timestamp,EntityKey,EntityType"
        )
        by_type = {code: path for path, (_, code) in ENTITIES.items()}
        for row in deleted:
            path = by_type.get(row["EntityType"])
            if path is not None:
                self.rows[path].pop(row["EntityKey"], None)


async def _random_changes(exact: EmulatorClient, rng: random.Random, count: int) -> None:
    base = f"/api/v1/{exact.division}"
    division = exact.state.store.divisions[exact.division]
    for _ in range(count):
        path = rng.choice(list(ENTITIES))
        spec = find_entity(path)
        assert spec is not None
        keys = sorted(division.table(spec).rows)
        action = rng.choice(["create", "update", "delete"]) if keys else "create"
        if action == "create":
            body = _new_body(exact, path, rng)
            response = await exact.request("POST", f"{base}/{path}", json=body)
            assert response.status_code == 201, response.text
        elif action == "update":
            key = rng.choice(keys)
            body = _update_body(path, rng)
            response = await exact.request("PUT", f"{base}/{path}(guid'{key}')", json=body)
            assert response.status_code == 204, response.text
        else:
            key = rng.choice(keys)
            response = await exact.request("DELETE", f"{base}/{path}(guid'{key}')")
            assert response.status_code in (204, 500), response.text  # 500: still in use


def _new_body(exact: EmulatorClient, path: str, rng: random.Random) -> dict[str, Any]:
    tag = rng.randrange(10**6)
    if path == "crm/Accounts":
        return {"Name": f"Sync test {tag}", "City": rng.choice(["Utrecht", "Gent", "Breda"])}
    if path == "crm/Contacts":
        accounts = exact.state.store.divisions[exact.division].table(find_entity("crm/Accounts"))  # type: ignore[arg-type]
        return {"Account": rng.choice(sorted(accounts.rows)), "LastName": f"Tester{tag}"}
    return {"Code": f"SYNC{tag}", "Description": f"Sync item {tag}"}


def _update_body(path: str, rng: random.Random) -> dict[str, Any]:
    tag = rng.randrange(10**6)
    if path == "crm/Accounts":
        return {"City": f"City {tag}"}
    if path == "crm/Contacts":
        return {"Email": f"c{tag}@example.nl"}
    return {"Description": f"Changed {tag}"}


@pytest.mark.parametrize("seed", range(6))
async def test_replaying_sync_and_deleted_reproduces_ground_truth(
    exact: EmulatorClient, seed: int
) -> None:
    rng = random.Random(seed)
    replica = Replica()
    await replica.catch_up(exact)
    for _ in range(3):
        await _random_changes(exact, rng, 40)
        await replica.catch_up(exact)  # incremental, from the stored cursors
        for path in ENTITIES:
            assert replica.rows[path] == _ground_truth(
                exact.state, exact.division, path, SELECT[path]
            )
    fresh = Replica()  # and from zero, after all the changes
    await fresh.catch_up(exact)
    assert fresh.rows == replica.rows


async def test_sync_pages_hold_1000_rows_and_link_with_a_timestamp_skiptoken(
    exact: EmulatorClient,
) -> None:
    base = f"/api/v1/{exact.division}"
    for i in range(1100):
        response = await exact.request("POST", f"{base}/crm/Accounts", json={"Name": f"A{i}"})
        assert response.status_code == 201
    response = await exact.get(
        f"{base}/sync/CRM/Accounts", params={"$select": "ID,Name", "$filter": "Timestamp gt 1L"}
    )
    body = response.json()["d"]
    assert len(body["results"]) == 1000
    row = body["results"][0]
    assert list(row) == ["__metadata", "ID", "Name"]
    assert row["__metadata"]["type"] == "Exact.Web.Api.Models.Sync.CRM.Account"
    query = parse_qs(urlsplit(body["__next"]).query)
    assert query["$skiptoken"][0].endswith("L")
    second = (await exact.get(body["__next"])).json()["d"]
    assert "__next" not in second
    total = exact.state.store.divisions[exact.division].table(find_entity("crm/Accounts"))  # type: ignore[arg-type]
    assert len(body["results"]) + len(second["results"]) == len(total)


async def test_a_row_changed_while_paging_moves_to_the_end(exact: EmulatorClient) -> None:
    base = f"/api/v1/{exact.division}"
    first = await exact.get(
        f"{base}/sync/CRM/Accounts",
        params={"$select": "Timestamp,ID", "$filter": "Timestamp gt 0L", "$top": "3"},
    )
    rows = first.json()["d"]
    rows = rows["results"] if isinstance(rows, dict) else rows
    key = rows[0]["ID"]
    await exact.request("PUT", f"{base}/crm/Accounts(guid'{key}')", json={"City": "Moved"})
    last_seen = int(rows[-1]["Timestamp"])
    later, _ = await _sync_all(exact, "sync/CRM/Accounts", last_seen, "Timestamp,ID,City")
    assert later[-1]["ID"] == key
    assert later[-1]["City"] == "Moved"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"$filter": "Timestamp gt 1L"}, "Please add a $select"),
        ({"$select": "ID", "$filter": "Name eq 'x'"}, "Only the Timestamp property"),
        ({"$select": "ID", "$orderby": "Name"}, "'$orderby' is not supported"),
        ({"$select": "ID,Nope"}, "No property 'Nope'"),
    ],
)
async def test_sync_refuses_what_exact_refuses(
    exact: EmulatorClient, params: dict[str, str], message: str
) -> None:
    response = await exact.get(f"/api/v1/{exact.division}/sync/CRM/Accounts", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]["value"]


async def test_deleted_lists_deletes_with_entity_type_and_forgets_them_after_two_months(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    base = f"/api/v1/{exact.division}"
    created = await exact.request("POST", f"{base}/crm/Accounts", json={"Name": "Short-lived"})
    key = created.json()["d"]["ID"]
    assert (await exact.request("DELETE", f"{base}/crm/Accounts(guid'{key}')")).status_code == 204
    rows, _ = await _sync_all(
        exact, "sync/Deleted", 0, "Timestamp,EntityKey,EntityType,DeletedDate"
    )
    assert [(r["EntityKey"], r["EntityType"]) for r in rows] == [(key, 2)]
    clock.advance(62 * 86400)
    async with connect(exact.state) as later:  # the old tokens expired meanwhile
        rows, _ = await _sync_all(later, "sync/Deleted", 0, "Timestamp,EntityKey")
    assert rows == []


async def test_bulk_needs_select_and_pages_by_1000(exact: EmulatorClient) -> None:
    base = f"/api/v1/{exact.division}"
    refused = await exact.get(f"{base}/bulk/CRM/Contacts")
    assert refused.status_code == 400
    for i in range(1000):
        await exact.request("POST", f"{base}/crm/Accounts", json={"Name": f"B{i}"})
    response = await exact.get(f"{base}/bulk/CRM/Accounts", params={"$select": "ID,Name"})
    body = response.json()["d"]
    assert len(body["results"]) == 1000
    assert "$skiptoken=guid'" in body["__next"]
    filtered = await exact.get(
        f"{base}/bulk/CRM/Accounts", params={"$select": "ID", "$filter": "Name eq 'B7'"}
    )
    assert len(filtered.json()["d"]["results"]) == 1
    write = await exact.request("POST", f"{base}/bulk/CRM/Accounts", json={"Name": "x"})
    assert write.status_code == 405


async def test_sync_timestamp_gives_the_first_change_at_or_after_a_date(
    exact: EmulatorClient,
) -> None:
    base = f"/api/v1/{exact.division}"
    response = await exact.get(
        f"{base}/read/sync/Sync/SyncTimestamp",
        params={"modified": "datetime'2000-01-01'", "endPoint": "'SalesInvoices'"},
    )
    assert response.status_code == 200, response.text
    row = response.json()["d"]["results"][0]
    assert row["API"] == "SalesInvoices"
    stamp = int(row["TimeStampAsBigInt"])
    first, _ = await _sync_all(
        exact, "sync/SalesInvoice/SalesInvoices", stamp - 1, "Timestamp,InvoiceID"
    )
    everything, _ = await _sync_all(
        exact, "sync/SalesInvoice/SalesInvoices", 0, "Timestamp,InvoiceID"
    )
    assert first == everything
    missing = await exact.get(f"{base}/read/sync/Sync/SyncTimestamp", params={"modified": "x"})
    assert missing.status_code == 400


async def test_transaction_lines_need_a_select_or_top_1(exact: EmulatorClient) -> None:
    path = f"/api/v1/{exact.division}/financialtransaction/TransactionLines"
    bare = await exact.get(path)
    assert bare.status_code == 400
    assert "Please add a $select or a $top=1" in bare.json()["error"]["message"]["value"]
    assert (await exact.get(path, params={"$top": "1"})).status_code == 200
    assert (await exact.get(path, params={"$select": "ID"})).status_code == 200
