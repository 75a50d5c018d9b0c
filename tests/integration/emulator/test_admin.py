"""The admin surface `/__emulator/`: act as Exact's own screens, read ground truth, steer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from exactbridge.emulator.admin.snapshot import DigestCache, export_ndjson, wire_line
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.render import EntityUrls, render_row
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.emulator.store import Change, Table
from exactbridge.exact import EntitySpec, find_entity
from tests.support.emulator import EmulatorClient, connect

ACCOUNTS = "crm/Accounts"


def _snapshot_entry(snapshot: httpx.Response, division: int, path: str) -> dict[str, Any]:
    entry: dict[str, Any] = snapshot.json()["divisions"][str(division)]["entities"][path]
    return entry


async def test_the_index_lists_the_routes_and_says_it_is_not_exact(exact: EmulatorClient) -> None:
    index = await exact.http.get("/__emulator/")
    assert index.status_code == 200
    body = index.json()
    assert "not part of Exact Online" in body["about"]
    routes = {(r["path"], m) for r in body["routes"] for m in r["methods"]}
    records = "/__emulator/{division}/{service}/{Entity}[/{key}]"
    for expected in [
        ("/__emulator/snapshot", "GET"), ("/__emulator/reset", "POST"),
        ("/__emulator/counters", "GET"), ("/__emulator/counters/reset", "POST"),
        ("/__emulator/faults", "PUT"), ("/__emulator/limits", "PUT"),
        (records, "GET"), (records, "POST"), (records, "PUT"), (records, "DELETE"),
    ]:  # fmt: skip
        assert expected in routes
    assert all(
        r["description"] for r in body["routes"] if r["path"] != "/__emulator/webhooks/deliveries"
    )


async def test_a_record_created_by_the_admin_is_what_the_api_serves(
    exact: EmulatorClient, state: EmulatorState
) -> None:
    changes: list[Change] = []
    state.store.subscribe(changes.append)
    created = await exact.http.post(
        f"/__emulator/{exact.division}/{ACCOUNTS}",
        json={"Name": "Made In The Screens BV", "City": "Utrecht", "Status": "C"},
    )
    assert created.status_code == 201, created.text
    row = created.json()["d"]
    assert row["__metadata"]["type"] == "Exact.Web.Api.Models.Account"
    served = await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}(guid'{row['ID']}')")
    assert served.json()["d"] == row
    assert row["Code"].strip() and row["Created"].startswith("/Date(")
    assert [(c.action, c.key) for c in changes] == [("create", row["ID"])]  # listeners heard it


async def test_trusted_writes_may_set_keys_and_read_only_fields(exact: EmulatorClient) -> None:
    key = "0a0b0c0d-0000-4000-8000-00000000beef"
    created = await exact.http.post(
        f"/__emulator/{exact.division}/{ACCOUNTS}",
        json={"ID": key, "Name": "Chosen Key BV", "Created": "/Date(1700000000000)/"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["d"]["ID"] == key
    assert created.json()["d"]["Created"] == "/Date(1700000000000)/"
    api = await exact.request("POST", f"/api/v1/{exact.division}/{ACCOUNTS}",
                              json={"ID": key, "Name": "Not Trusted"})  # fmt: skip
    assert api.status_code == 201 and api.json()["d"]["ID"] != key


async def test_an_admin_change_is_visible_through_the_api_and_bumps_modified(
    exact: EmulatorClient, state: EmulatorState, clock: ManualClock
) -> None:
    listing = await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}", params={"$top": "1"})
    before = listing.json()["d"][0]
    changes: list[Change] = []
    state.store.subscribe(changes.append)
    clock.advance(120)  # within the access token's life
    changed = await exact.http.put(
        f"/__emulator/{exact.division}/{ACCOUNTS}/{before['ID']}", json={"Name": "Renamed BV"}
    )
    assert changed.status_code == 200, changed.text
    after = (await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}(guid'{before['ID']}')")).json()
    assert after["d"] == changed.json()["d"]
    assert after["d"]["Name"] == "Renamed BV"
    assert after["d"]["Modified"] != before["Modified"]
    assert after["d"]["Created"] == before["Created"]
    assert [c.action for c in changes] == ["update"]
    guid_literal = await exact.http.put(
        f"/__emulator/{exact.division}/{ACCOUNTS}/guid'{before['ID'].upper()}'",
        json={"City": "Gent"},
    )
    assert guid_literal.json()["d"]["City"] == "Gent"


async def test_admin_deletes_and_exact_refusals(
    exact: EmulatorClient, state: EmulatorState
) -> None:
    created = await exact.http.post(
        f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "Brief BV"}
    )
    key = created.json()["d"]["ID"]
    deleted = await exact.http.delete(f"/__emulator/{exact.division}/{ACCOUNTS}/{key}")
    assert deleted.status_code == 204
    gone = await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}(guid'{key}')")
    assert gone.status_code == 404
    invoices = f"/api/v1/{exact.division}/salesinvoice/SalesInvoices"
    used = (await exact.get(invoices, params={"$top": "1"})).json()["d"]["results"][0]["OrderedBy"]
    refused = await exact.http.delete(f"/__emulator/{exact.division}/{ACCOUNTS}/{used}")
    assert refused.status_code == 500
    assert refused.json()["error"]["message"]["value"].startswith("Cannot delete: ")
    mandatory = await exact.http.post(
        f"/__emulator/{exact.division}/{ACCOUNTS}", json={"City": "X"}
    )
    assert mandatory.status_code == 500
    assert mandatory.json()["error"]["message"]["value"] == "Mandatory: Name"


async def test_admin_routes_refuse_what_they_cannot_address(exact: EmulatorClient) -> None:
    division = exact.division
    cases = [
        ("POST", "/__emulator/999/crm/Accounts", {"Name": "x"}, 404, "there is no division 999"),
        ("POST", f"/__emulator/{division}/crm/Nothing", {"Name": "x"}, 404, "no endpoint"),
        ("POST", f"/__emulator/{division}/current/Me", {}, 404, "not stored per division"),
        ("POST", f"/__emulator/{division}/system/Divisions", {}, 404, "not stored per division"),
        ("PUT", f"/__emulator/{division}/crm/Accounts/12", {"Name": "x"}, 400, "not a GUID key"),
        ("PUT", f"/__emulator/{division}/crm/Accounts/{'0' * 8}-0000-4000-8000-{'0' * 12}",
         {"Name": "x"}, 404, "has no row"),
        ("POST", f"/__emulator/{division}/crm/Accounts", [1], 400, "must be a JSON object"),
    ]  # fmt: skip
    for method, url, body, status, text in cases:
        response = await exact.http.request(method, url, json=body)
        assert response.status_code == status, (url, response.text)
        assert text in response.json()["error"]
    not_json = await exact.http.post(f"/__emulator/{division}/crm/Accounts", content=b"{")
    assert not_json.status_code == 400


async def test_ndjson_export_is_every_row_in_wire_encoding_and_matches_the_checksum(
    exact: EmulatorClient,
) -> None:
    export = await exact.http.get(f"/__emulator/{exact.division}/{ACCOUNTS}")
    assert export.status_code == 200
    assert export.headers["content-type"] == "application/x-ndjson"
    lines = export.text.splitlines()
    rows = [json.loads(line) for line in lines]
    count = await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}/$count")
    assert len(rows) == int(count.text)
    assert [r["ID"] for r in rows] == sorted(r["ID"] for r in rows)
    assert all("__metadata" not in r and "BankAccounts" not in r for r in rows)
    api = await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}(guid'{rows[0]['ID']}')")
    served = {k: v for k, v in api.json()["d"].items() if not isinstance(v, dict)}
    assert rows[0] == served  # same values, same order as the API renders them
    snapshot = await exact.http.get("/__emulator/snapshot")
    entry = _snapshot_entry(snapshot, exact.division, ACCOUNTS)
    assert entry == {"count": len(rows), "sha256": hashlib.sha256(export.content).hexdigest()}
    one = await exact.http.get(f"/__emulator/{exact.division}/{ACCOUNTS}/{rows[0]['ID']}")
    assert one.json() == api.json()


async def test_the_export_streams_in_batches() -> None:
    spec = find_entity("financial/Journals")
    assert spec is not None
    table = Table(spec)
    for number in range(2500):
        table.put(
            {spec.key: f"{number:08d}-0000-4000-8000-000000000000", "Code": str(number)}, number
        )
    chunks = [chunk async for chunk in export_ndjson(table)]
    assert [chunk.count(b"\n") for chunk in chunks] == [1000, 1000, 500]
    assert chunks[0].startswith(wire_line(spec, table.rows[table.sorted_keys()[0]]).encode())


async def test_snapshot_follows_changes_and_filters(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    division = exact.division
    first = await exact.http.get("/__emulator/snapshot")
    body = first.json()
    assert set(body["divisions"]) == {str(d) for d in exact.state.store.divisions}
    entities = body["divisions"][str(division)]["entities"]
    assert {ACCOUNTS, "crm/Contacts", "financial/GLAccounts"} <= set(entities)
    assert all(e["count"] > 0 and len(e["sha256"]) == 64 for e in entities.values())
    key = (await exact.get(f"/api/v1/{division}/{ACCOUNTS}", params={"$top": "1"})).json()["d"][0][
        "ID"
    ]
    clock.advance(60)
    await exact.request("PUT", f"/api/v1/{division}/{ACCOUNTS}(guid'{key}')", json={"Name": "API"})
    second = (await exact.http.get("/__emulator/snapshot")).json()["divisions"][str(division)]
    changed = {path for path, e in second["entities"].items() if e != entities.get(path)}
    assert changed == {ACCOUNTS}
    assert second["entities"][ACCOUNTS]["count"] == entities[ACCOUNTS]["count"]
    assert second["version"] > body["divisions"][str(division)]["version"]
    await exact.http.post(f"/__emulator/{division}/{ACCOUNTS}", json={"Name": "One More"})
    filtered = await exact.http.get(
        "/__emulator/snapshot", params={"division": str(division), "entity": "CRM/accounts"}
    )
    assert list(filtered.json()["divisions"]) == [str(division)]
    only = filtered.json()["divisions"][str(division)]["entities"]
    assert list(only) == [ACCOUNTS] and only[ACCOUNTS]["count"] == entities[ACCOUNTS]["count"] + 1
    assert (await exact.http.get("/__emulator/snapshot?entity=crm/Nope")).status_code == 404


async def test_reset_restores_the_seed_and_keeps_tokens(exact: EmulatorClient) -> None:
    seeded = (await exact.http.get("/__emulator/snapshot")).json()
    created = await exact.http.post(
        f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "Temp"}
    )
    key = created.json()["d"]["ID"]
    await exact.request("DELETE", f"/api/v1/{exact.division}/{ACCOUNTS}(guid'{key}')")
    await exact.http.post(f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "Kept?"})
    assert (await exact.http.get("/__emulator/snapshot")).json() != seeded
    reset = await exact.http.post("/__emulator/reset")
    assert reset.status_code == 200
    assert reset.json()["generation"] == 1
    after = (await exact.http.get("/__emulator/snapshot")).json()
    assert after["divisions"] == seeded["divisions"]
    assert after["generation"] == 1
    names = await exact.get(
        f"/api/v1/{exact.division}/{ACCOUNTS}", params={"$filter": "Name eq 'Kept?'"}
    )
    assert names.status_code == 200  # the token survived the reset
    assert names.json()["d"]["results"] == []


async def test_reset_rewrites_the_state_file(
    config: EmulatorConfig, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "state.sqlite"
    state = build_state(replace(config, state_path=path), clock)
    async with connect(state) as exact:
        seeded = (await exact.http.get("/__emulator/snapshot")).json()["divisions"]
        await exact.http.post(
            f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "Gone Soon"}
        )
        await exact.http.post("/__emulator/reset")
        await exact.http.post(
            f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "After Reset"}
        )
        expected = (await exact.http.get("/__emulator/snapshot")).json()["divisions"]
    assert expected != seeded
    reloaded = build_state(replace(config, state_path=path), clock)
    async with connect(reloaded) as again:
        assert (await again.http.get("/__emulator/snapshot")).json()["divisions"] == expected


async def test_counters_count_per_endpoint_status_app_and_division(exact: EmulatorClient) -> None:
    await exact.http.post("/__emulator/counters/reset")
    division = exact.division
    for _ in range(3):
        await exact.get(f"/api/v1/{division}/{ACCOUNTS}", params={"$top": "1"})
    await exact.get(f"/api/v1/{division}/{ACCOUNTS}(guid'{'0' * 8}-0000-0000-0000-{'0' * 12}')")
    await exact.get("/api/v1/current/Me")
    await exact.http.get(f"/api/v1/{division}/crm/Contacts")  # no token
    counters = (await exact.http.get("/__emulator/counters")).json()
    assert counters["endpoints"] == {
        ACCOUNTS: {"200": 3, "404": 1}, "crm/Contacts": {"401": 1}, "current/Me": {"200": 1},
    }  # fmt: skip
    client = exact.app.client_id
    assert counters["apps"] == {
        "-": {str(division): {"401": 1}},
        client: {"-": {"200": 1}, str(division): {"200": 3, "404": 1}},
    }
    assert counters["responses"] == 6
    assert counters["admitted"] == 4
    assert counters["rejected_429"] == {"limits": 0, "storm": 0}
    assert counters["faults"] == {}
    cleared = (await exact.http.post("/__emulator/counters/reset")).json()
    assert cleared["responses"] == 0 and cleared["endpoints"] == {} and cleared["admitted"] == 0


async def test_limits_change_at_run_time(exact: EmulatorClient) -> None:
    limits = await exact.http.get("/__emulator/limits")
    assert limits.json()["minutely"] == 60 and limits.json()["daily"] == 5000
    put = await exact.http.put("/__emulator/limits", json={"minutely": 2, "minute_seconds": 5})
    assert put.status_code == 200
    assert put.json() | {"minutely": 2, "minute_seconds": 5.0} == put.json()
    url = f"/api/v1/{exact.division}/{ACCOUNTS}?$top=1"
    statuses = [(await exact.get(url)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    counters = (await exact.http.get("/__emulator/counters")).json()
    assert counters["rejected_429"]["limits"] == 1
    for bad, text in [({"hourly": 1}, "unknown limit 'hourly'"), ({"minutely": 0}, "at least 1"),
                      ({"daily": 1.5}, "whole number"), ({"daily": "10"}, "must be a number"),
                      ([], "JSON object")]:  # fmt: skip
        refused = await exact.http.put("/__emulator/limits", json=bad)
        assert refused.status_code == 400 and text in refused.json()["error"]
    assert (await exact.http.get("/__emulator/limits")).json()["minutely"] == 2


async def test_the_admin_token_guards_every_admin_route_and_nothing_else(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    state = build_state(replace(config, admin_token="s3cret-admin"), clock)
    assert "s3cret-admin" not in repr(state.config)
    async with connect(state) as exact:
        for path in ("/__emulator/", "/__emulator/counters", "/__emulator/webhooks/deliveries",
                     f"/__emulator/{exact.division}/{ACCOUNTS}"):  # fmt: skip
            refused = await exact.http.get(path)
            assert refused.status_code == 401, path
            assert refused.headers["WWW-Authenticate"].startswith("Bearer")
            wrong = await exact.http.get(path, headers={"Authorization": "Bearer nope"})
            assert wrong.status_code == 401
            allowed = await exact.http.get(path, headers={"Authorization": "Bearer s3cret-admin"})
            assert allowed.status_code == 200, path
        assert (await exact.get(f"/api/v1/{exact.division}/{ACCOUNTS}")).status_code == 200
        assert (await exact.http.get("/health")).status_code == 200


def _rendered_values(spec: EntitySpec, row: dict[str, Any]) -> dict[str, Any]:
    urls = EntityUrls("https://start.exactonline.nl", 1)
    rendered = render_row(spec, row, urls, SelectPlan.all(), (), lambda *_: [])
    return {k: v for k, v in rendered.items() if not isinstance(v, dict)}


def test_wire_lines_match_the_api_rendering_for_every_seeded_row(state: EmulatorState) -> None:
    checked = 0
    for division in state.store.divisions.values():
        for table in division.tables.values():
            for row in table.rows.values():
                assert json.loads(wire_line(table.spec, row)) == _rendered_values(table.spec, row)
                checked += 1
    assert checked > 500


def test_wire_lines_encode_int64_binary_doubles_and_dates_as_the_api_does(
    state: EmulatorState,
) -> None:
    spec = find_entity("sync/CRM/Accounts")
    assert spec is not None
    division = state.store.divisions[state.current_division]
    row = dict(next(iter(division.table(spec).rows.values())))
    row |= {"Timestamp": 123456789012, "Logo": b"\x89PNG", "CreditLinePurchase": 10.0}
    line = json.loads(wire_line(spec, row))
    assert line == _rendered_values(spec, row)
    assert line["Timestamp"] == "123456789012" and line["Logo"] is None
    assert line["CreditLinePurchase"] == 10 and line["Created"].startswith("/Date(")


async def test_digests_are_reused_until_their_table_changes(
    exact: EmulatorClient, state: EmulatorState
) -> None:
    cache = DigestCache(state.store)
    division = state.store.divisions[exact.division]
    accounts, contacts = division.tables["crm/accounts"], division.tables["crm/contacts"]
    first = cache.digest(division, "crm/accounts", accounts)
    other = cache.digest(division, "crm/contacts", contacts)
    assert cache.digest(division, "crm/accounts", accounts) is first
    await exact.http.post(f"/__emulator/{exact.division}/{ACCOUNTS}", json={"Name": "Stale"})
    second = cache.digest(division, "crm/accounts", accounts)
    assert second is not first and second.count == first.count + 1
    assert cache.digest(division, "crm/contacts", contacts) is other  # untouched: reused
