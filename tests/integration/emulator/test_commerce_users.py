"""users/Users, the division-less system/Users, and users/UserHasRights."""

from __future__ import annotations

from typing import Any

from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import EmulatorClient

FULL = {"Prefer": "return=representation"}


def _error(response: Any) -> str:
    return str(response.json()["error"]["message"]["value"])


async def _users(exact: EmulatorClient, division: int) -> dict[str, dict[str, Any]]:
    listed = await exact.get(f"/api/v1/{division}/users/Users")
    assert listed.status_code == 200, listed.text
    return {row["UserID"]: row for row in listed.json()["d"]["results"]}


async def test_every_division_lists_the_signed_in_user_and_its_own_users(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    me = state.store.user
    for division in state.store.divisions:
        users = await _users(exact, division)
        assert me["UserID"] in users and len(users) >= 3
        mine = users[me["UserID"]]
        assert mine["FullName"] == me["FullName"] and mine["Email"] == me["Email"]
        assert mine["CustomerName"] == me["DivisionCustomerName"]
        assert all(row["FullName"] and row["UserName"] for row in users.values())
    refused = await exact.request(
        "POST", f"/api/v1/{exact.division}/users/Users", json={"LastName": "Nieuw"}
    )
    assert refused.status_code == 405


async def test_system_users_are_the_licence_users_without_a_division_in_the_url(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    listed = await exact.get("/api/v1/system/Users")
    assert listed.status_code == 200, listed.text
    rows = listed.json()["d"]["results"]
    me = next(row for row in rows if row["UserID"] == state.store.user["UserID"])
    assert me["__metadata"]["uri"].startswith("https://start.exactonline.nl/api/v1/system/Users(")
    assert set(me["UserDivisionList"].split(",")) == {str(code) for code in state.store.divisions}
    everyone: set[str] = set()
    for division in state.store.divisions:
        everyone |= set(await _users(exact, division))
    assert {row["UserID"] for row in rows} == everyone
    scoped = await exact.get(f"/api/v1/{exact.division}/system/Users")
    assert scoped.status_code == 404


async def test_a_user_created_and_changed_in_system_users_follows_its_division_list(
    state: EmulatorState, exact: EmulatorClient
) -> None:
    first, second = list(state.store.divisions)[:2]
    created = await exact.request(
        "POST",
        "/api/v1/system/Users",
        json={"FirstName": "Fenna", "LastName": "Bakker", "Email": "fenna@example.nl",
              "UserDivisionList": f"{first},{second}"},
        headers=FULL,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    user = created.json()["d"]
    assert (user["UserName"], user["FullName"]) == ("fenna@example.nl", "Fenna Bakker")
    assert user["UserID"] in await _users(exact, first)
    assert user["UserID"] in await _users(exact, second)
    url = f"/api/v1/system/Users(guid'{user['UserID']}')"
    moved = await exact.request(
        "PUT", url, json={"LastName": "de Boer", "UserDivisionList": str(second)}
    )
    assert moved.status_code == 204
    assert user["UserID"] not in await _users(exact, first)
    assert (await _users(exact, second))[user["UserID"]]["FullName"] == "Fenna de Boer"
    twice = await exact.request(
        "POST", "/api/v1/system/Users", json={"LastName": "X", "Email": "fenna@example.nl"}
    )
    assert _error(twice) == "Data already exists: User name"
    nowhere = await exact.request(
        "POST",
        "/api/v1/system/Users",
        json={"LastName": "Y", "Email": "y@example.nl", "UserDivisionList": "1"},
    )
    assert _error(nowhere) == "Invalid: UserDivisionList"
    missing = await exact.request("POST", "/api/v1/system/Users", json={"FirstName": "Z"})
    assert _error(missing) == "Mandatory: Last name\r\nMandatory: E-mail"
    assert (await exact.request("DELETE", url)).status_code == 405


async def test_user_has_rights_answers_for_served_endpoints_and_methods(
    exact: EmulatorClient,
) -> None:
    url = f"/api/v1/{exact.division}/users/UserHasRights"

    async def ask(endpoint: str, action: str) -> Any:
        return await exact.get(url, params={"endpoint": f"'{endpoint}'", "action": f"'{action}'"})

    yes = await ask("Logistics/Items", "GET")
    assert yes.status_code == 200
    assert yes.json() == {"d": {"UserHasRights": True}}
    assert (await ask("salesorder/SalesOrders", "post")).json()["d"]["UserHasRights"] is True
    assert (await ask("crm/AcceptQuotation", "POST")).json()["d"]["UserHasRights"] is True
    assert (await ask("users/Users", "DELETE")).json()["d"]["UserHasRights"] is False
    assert (await ask("crm/AcceptQuotation", "GET")).json()["d"]["UserHasRights"] is False
    assert (await ask("manufacturing/ShopOrders", "GET")).json()["d"]["UserHasRights"] is False
    missing = await exact.get(url, params={"endpoint": "'Logistics/Items'"})
    assert missing.status_code == 400
    assert _error(missing) == "Mandatory parameter 'action' is missing."
    anonymous = await exact.http.get(url, params={"endpoint": "'crm/Accounts'", "action": "'GET'"})
    assert anonymous.status_code == 401


async def test_user_has_rights_is_not_counted_against_the_rate_limits(
    exact: EmulatorClient,
) -> None:
    accounts = f"/api/v1/{exact.division}/crm/Accounts"
    before = await exact.get(accounts, params={"$top": "1"})
    remaining = int(before.headers["X-RateLimit-Minutely-Remaining"])
    for _ in range(5):
        answer = await exact.get(
            f"/api/v1/{exact.division}/users/UserHasRights",
            params={"endpoint": "'crm/Accounts'", "action": "'GET'"},
        )
        assert answer.status_code == 200
        assert "X-RateLimit-Minutely-Remaining" not in answer.headers
    after = await exact.get(accounts, params={"$top": "1"})
    assert int(after.headers["X-RateLimit-Minutely-Remaining"]) == remaining - 1
