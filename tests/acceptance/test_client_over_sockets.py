"""Must-show (issue 4): `ExactClient` against `exactbridge emulator` as a real process.

Nothing is in-process here: the client talks HTTP over loopback to a separate emulator
process, exactly as it would talk to Exact. The OAuth code flow runs end to end (consent
redirect, `exchange_code`), and what the client reads is compared with the emulator's own
ground truth, the admin NDJSON export (`GET /__emulator/{division}/{service}/{Entity}`).
Rate limits are lifted so that the paging read is not paced.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from exactbridge.client import (
    Budget,
    ExactClient,
    F,
    MemoryBudgetStore,
    MemoryTokenStore,
    OAuthApp,
    Query,
    TokenManager,
    authorization_url,
    exchange_code,
)
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.errors import NotFound
from exactbridge.exact import Navigation, find_entity
from tests.support.processes import running_emulator

pytestmark = pytest.mark.acceptance

ADMIN_TOKEN = "sockets-admin-token"
CONNECTION = "acme"
APP = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
EXTRA_ACCOUNTS = 100
UNLIMITED = ("--minutely-limit", "1000000", "--daily-limit", "100000000")


def _now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    """One emulator process for the module: auto consent, limits lifted, an admin token.

    The small data set has fewer accounts than fit on a page, so a user adds some through
    the admin surface (as in Exact's screens) until `crm/Accounts` spans several pages.
    """
    args = ("--auto-consent", "--divisions", "2", "--admin-token", ADMIN_TOKEN, *UNLIMITED)
    with running_emulator(*args) as url, httpx.Client(base_url=url, headers=ADMIN) as admin:
        snapshot = admin.get("/__emulator/snapshot").json()
        for division in snapshot["divisions"]:
            for n in range(EXTRA_ACCOUNTS):
                added = admin.post(
                    f"/__emulator/{division}/crm/Accounts", json={"Name": f"Screen {n:03}"}
                )
                assert added.status_code == 201, added.text
        yield url


async def ground_truth(url: str, division: int, path: str) -> list[dict[str, Any]]:
    """Every row of `path` in `division` as the admin NDJSON export gives it (key order)."""
    async with httpx.AsyncClient(headers=ADMIN, timeout=30) as admin:
        response = await admin.get(f"{url}/__emulator/{division}/{path}")
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines() if line]


def as_export(path: str, row: Any) -> dict[str, Any]:
    """An API row as the NDJSON export writes it: no `__metadata`, no navigation links."""
    spec = find_entity(path)
    assert spec is not None
    dropped = {"__metadata"} | {p.name for p in spec.properties if isinstance(p, Navigation)}
    return {k: v for k, v in dict(row).items() if k not in dropped}


async def connect(url: str, token_http: httpx.AsyncClient) -> ExactClient:
    """Consent (auto), exchange the code, and build a client with tokens and a budget.

    `token_http` is what the token manager calls the token endpoint with (the caller
    closes it).
    """
    async with httpx.AsyncClient() as http:
        consent = await http.get(authorization_url(APP, url, "sockets-state"))
        assert consent.status_code == 302, consent.text
        query = parse_qs(urlsplit(consent.headers["location"]).query)
        assert query["state"] == ["sockets-state"]
        pair = await exchange_code(http, APP, url, query["code"][0], now=_now)
    assert pair.access_token and pair.refresh_token and pair.expires_at > _now()
    store = MemoryTokenStore()
    await store.save(CONNECTION, pair)
    tokens = TokenManager(store, APP, url, token_http, clock=_now)
    budget = Budget(MemoryBudgetStore(), clock=_now, sleep=asyncio.sleep)
    return ExactClient(
        base_url=url, client_id=APP.client_id, connection=CONNECTION, tokens=tokens,
        budget=budget, timeout=30,
    )  # fmt: skip


@pytest.fixture
async def client(emulator_url: str) -> AsyncIterator[ExactClient]:
    async with (
        httpx.AsyncClient(timeout=30) as token_http,
        await connect(emulator_url, token_http) as exact,
    ):
        yield exact


async def test_code_flow_divisions_and_me_cached(client: ExactClient, emulator_url: str) -> None:
    async with httpx.AsyncClient(base_url=emulator_url, headers=ADMIN) as admin:

        async def me_calls() -> int:
            counters = (await admin.get("/__emulator/counters")).json()
            return sum(counters["endpoints"].get("current/Me", {}).values())

        before = await me_calls()
        me = await client.me()
        codes = [d.value("Code") for d in await client.divisions()]  # needs Me: cached
        assert await client.me() is me
        assert await me_calls() - before == 1  # one current/Me call for the client's life
        snapshot = (await admin.get("/__emulator/snapshot")).json()
    assert sorted(codes) == sorted(int(code) for code in snapshot["divisions"])
    assert len(codes) == 2 and me.value("CurrentDivision") in codes


async def test_paged_accounts_equal_the_ground_truth(
    client: ExactClient, emulator_url: str
) -> None:
    division = (await client.me()).value("CurrentDivision")
    pages = [page async for page in client.pages(division, Query("crm/Accounts"))]
    rows = [row async for row in client.records(division, Query("crm/Accounts"))]
    truth = await ground_truth(emulator_url, division, "crm/Accounts")
    assert len(truth) > 2 * 60  # the seeded accounts and those added on screen
    assert [len(page.rows) for page in pages] == [60] * (len(truth) // 60) + [len(truth) % 60]
    assert [row.value("ID") for row in rows] == [line["ID"] for line in truth]
    assert [as_export("crm/Accounts", row.to_wire()) for row in rows] == truth


async def test_create_update_delete_round_trip(client: ExactClient, emulator_url: str) -> None:
    division = (await client.me()).value("CurrentDivision")
    created = await client.create(
        division, "crm/Accounts", {"Name": "Sockets Round Trip B.V.", "City": "Gouda"}
    )
    key = created.value("ID")
    stored = {
        line["ID"]: line for line in await ground_truth(emulator_url, division, "crm/Accounts")
    }
    assert stored[key]["Name"] == "Sockets Round Trip B.V." and stored[key]["City"] == "Gouda"

    await client.update(division, "crm/Accounts", key, {"City": "Delft"})
    again = await client.get(division, "crm/Accounts", key)
    assert again.value("City") == "Delft" and again.value("Name") == "Sockets Round Trip B.V."
    found = [
        row.value("ID")
        async for row in client.records(
            division,
            Query("crm/Accounts").select("ID").where(F("Name") == "Sockets Round Trip B.V."),
        )
    ]
    assert found == [key]

    await client.delete(division, "crm/Accounts", key)
    with pytest.raises(NotFound) as missing:
        await client.get(division, "crm/Accounts", key)
    assert missing.value.status == 404 and missing.value.division == division
    assert key not in {
        line["ID"] for line in await ground_truth(emulator_url, division, "crm/Accounts")
    }


async def test_raw_calls_outside_the_registry_go_through_the_pipeline(
    client: ExactClient,
) -> None:
    division = (await client.me()).value("CurrentDivision")
    assert find_entity("crm/Opportunities") is None  # not in the registry
    with pytest.raises(NotFound) as missing:
        await client.raw("GET", "crm/Opportunities", division=division)
    error = missing.value
    assert error.status == 404 and error.division == division and error.method == "GET"
    assert f"/api/v1/{division}/crm/Opportunities" in error.url
    assert "Opportunities" in error.exact_message  # Exact's own words, not ours

    answer = await client.raw(
        "GET", "users/UserHasRights", division=division,
        params={"endpoint": "'crm/Accounts'", "action": "'GET'"},
    )  # fmt: skip
    assert answer.status_code == 200 and answer.json()["d"]["UserHasRights"] is True


async def test_an_attachment_downloads_as_exactly_its_bytes(
    client: ExactClient, emulator_url: str
) -> None:
    division = (await client.me()).value("CurrentDivision")
    content = bytes(range(256)) * 40 + b"\x00\xff end"  # every byte value, not text
    document = await client.create(
        division, "documents/Documents", {"Subject": "Over real sockets", "Type": 55}
    )
    attachment = await client.create(
        division,
        "documents/DocumentAttachments",
        {
            "Document": document.value("ID"),
            "FileName": "payload.bin",
            "Attachment": base64.b64encode(content).decode("ascii"),
        },
    )
    url = attachment.value("Url")
    assert url.startswith(emulator_url) and "sysattachment.aspx" in url.lower()
    assert await client.download(url) == content
    stored = await ground_truth(emulator_url, division, "documents/DocumentAttachments")
    assert attachment.value("ID") in {line["ID"] for line in stored}
