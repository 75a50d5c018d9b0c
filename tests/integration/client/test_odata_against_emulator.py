"""`Query`, `parse_envelope`, `pages` and `TimestampCursor` against the in-process emulator.

The emulator's ground truth (its store) says which rows must arrive; the client side here is
only the sans-I/O modules plus a tiny `fetch` over the authorized httpx client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from exactbridge.client._odata import Envelope, F, Query, parse_count, parse_envelope
from exactbridge.client._pagination import Fetch, PageCursor, TimestampCursor, pages, records
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import build_state
from exactbridge.exact import find_entity
from tests.support.emulator import EmulatorClient, connect

ACCOUNTS = find_entity("crm/Accounts")
assert ACCOUNTS is not None


def fetcher(exact: EmulatorClient, calls: list[str] | None = None) -> Fetch:
    async def fetch(url: str, params: dict[str, str] | None) -> Envelope:
        response = await exact.http.get(url, params=params, headers=exact.headers)
        assert response.status_code == 200, response.text
        if calls is not None:
            calls.append(str(response.request.url))
        return parse_envelope(response.content, status=response.status_code)

    return fetch


def url(exact: EmulatorClient, query: Query, *, count: bool = False) -> str:
    return f"/api/v1/{exact.division}/{query.count_path if count else query.path}"


def ground_truth(exact: EmulatorClient, path: str = "crm/Accounts") -> dict[Any, dict[str, Any]]:
    spec = find_entity(path)
    assert spec is not None
    table = exact.state.store.divisions[exact.division].table(spec)
    return {key: table.rows[key] for key in table.sorted_keys()}


@pytest.fixture
async def big(clock: ManualClock) -> AsyncIterator[EmulatorClient]:
    """One medium division: hundreds of accounts, so crm/Accounts takes many pages."""
    state = build_state(EmulatorConfig(divisions=1, size="medium", seed=11), clock)
    async with connect(state) as client:
        yield client


async def test_paging_crm_accounts_yields_every_row_once_in_key_order(
    big: EmulatorClient,
) -> None:
    truth = ground_truth(big)
    assert len(truth) > 3 * ACCOUNTS.page_size  # the test needs several pages
    query = Query("crm/Accounts").select("ID", "Code", "Name")
    calls: list[str] = []
    sizes: list[int] = []
    keys: list[str] = []
    async for envelope in pages(fetcher(big, calls), url(big, query), query.params()):
        sizes.append(len(envelope.rows))
        keys.extend(row["ID"] for row in envelope.rows)
        assert all(set(row) == {"__metadata", "ID", "Code", "Name"} for row in envelope.rows)
    assert keys == [str(key) for key in truth]  # every row once, in key order
    assert all(size == ACCOUNTS.page_size for size in sizes[:-1])
    assert len(calls) == len(sizes)
    assert all("$skiptoken=" in call or "%24skiptoken=" in call for call in calls[1:])


async def test_records_with_a_filter_and_top_across_pages(big: EmulatorClient) -> None:
    truth = [row for row in ground_truth(big).values() if row["Name"] >= "B"]
    query = Query("crm/Accounts").select("ID", "Name").where(F("Name") >= "B").top(100)
    got = [row["ID"] async for row in records(fetcher(big), url(big, query), query.params())]
    assert got == [str(row["ID"]) for row in truth][:100]


async def test_inlinecount_and_count(big: EmulatorClient) -> None:
    total = len(ground_truth(big))
    query = Query("crm/Accounts").select("ID").inlinecount()
    cursor = PageCursor(url(big, query), query.params())
    fetch = fetcher(big)
    first = await fetch(*cursor.request())  # type: ignore[misc]
    cursor.advance(first)
    assert first.count == total
    assert first.next_url is not None
    response = await big.http.get(
        url(big, query, count=True), headers={"Authorization": big.headers["Authorization"]}
    )
    assert response.status_code == 200
    assert parse_count(response.content) == total

    blocked = Query("crm/Accounts").where(F("Blocked") == True)  # noqa: E712
    expected = sum(1 for row in ground_truth(big).values() if row.get("Blocked"))
    response = await big.http.get(
        url(big, blocked, count=True),
        params=blocked.count_params(),
        headers={"Authorization": big.headers["Authorization"]},
    )
    assert parse_count(response.text) == expected


async def test_a_filter_with_a_quote_in_a_string(exact: EmulatorClient) -> None:
    name = "Bakkerij 't Hoekje & O'Brien"
    created = await exact.request(
        "POST",
        f"/api/v1/{exact.division}/crm/Accounts",
        json={"Name": name, "Status": "C"},
        headers={"Prefer": "return=representation"},
    )
    assert created.status_code == 201, created.text
    new = parse_envelope(created.content, status=201)
    assert new.single
    key = new.rows[0]["ID"]

    for condition in (
        F("Name") == name,
        F("Name").substringof("O'Brien"),
        F("Name").startswith("Bakkerij 't") & (F("ID") == key),
    ):
        query = Query("crm/Accounts").select("ID", "Name").where(condition)
        rows = [row async for row in records(fetcher(exact), url(exact, query), query.params())]
        assert [(row["ID"], row["Name"]) for row in rows] == [(key, name)], str(condition)


async def test_sync_with_since_and_a_timestamp_cursor(exact: EmulatorClient) -> None:
    truth = ground_truth(exact)
    cursor = TimestampCursor()  # never synced: Timestamp gt 1
    query = Query("sync/CRM/Accounts").select("ID", "Name").since(cursor.start)
    assert query.params()["$filter"] == "Timestamp gt 1L"
    seen: list[str] = []
    async for envelope in pages(fetcher(exact), url(exact, query), query.params()):
        cursor.observe(envelope)
        seen.extend(row["ID"] for row in envelope.rows)
        assert all(isinstance(row["Timestamp"], str) for row in envelope.rows)  # Int64 text
    assert sorted(seen) == sorted(str(key) for key in truth)
    assert cursor.advanced
    stored = cursor.value  # the run succeeded: this is what a sync engine persists

    # nothing changed: a second run from the stored value sees nothing and keeps the value
    again = TimestampCursor(stored)
    query = Query("sync/CRM/Accounts").select("ID").since(again.start)
    rows = [row async for row in records(fetcher(exact), url(exact, query), query.params())]
    assert rows == []
    assert again.value == stored

    # one account changes: the next run sees exactly that row, with a higher Timestamp
    changed = next(iter(truth))
    response = await exact.request(
        "PUT",
        f"/api/v1/{exact.division}/crm/Accounts(guid'{changed}')",
        json={"Name": "Renamed 'n' synced"},
    )
    assert response.status_code == 204, response.text
    query = Query("sync/CRM/Accounts").select("ID", "Name").since(stored)
    later = TimestampCursor(stored)
    rows = []
    async for envelope in pages(fetcher(exact), url(exact, query), query.params()):
        later.observe(envelope)
        rows.extend(envelope.rows)
    assert [(row["ID"], row["Name"]) for row in rows] == [(str(changed), "Renamed 'n' synced")]
    assert later.value > stored


async def test_sync_deleted_with_since(exact: EmulatorClient) -> None:
    cursor = TimestampCursor()
    query = Query("sync/Deleted").select("EntityKey", "EntityType").since(cursor.start)
    before = [row async for row in records(fetcher(exact), url(exact, query), query.params())]
    for row in before:
        cursor.observe([row])
    created = await exact.request(
        "POST", f"/api/v1/{exact.division}/crm/Accounts", json={"Name": "Short-lived"}
    )
    assert created.status_code == 201, created.text
    key = parse_envelope(created.content).rows[0]["ID"]
    deleted = await exact.request("DELETE", f"/api/v1/{exact.division}/crm/Accounts(guid'{key}')")
    assert deleted.status_code == 204, deleted.text
    assert parse_envelope(deleted.content, status=204) == Envelope(rows=[])

    query = Query("sync/Deleted").select("EntityKey", "EntityType").since(cursor.value)
    after = [row async for row in records(fetcher(exact), url(exact, query), query.params())]
    assert [(row["EntityKey"], row["EntityType"]) for row in after] == [(key, 2)]
