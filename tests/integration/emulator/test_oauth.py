"""Exact's token rules, each with its status and body, on the injected clock."""

from __future__ import annotations

import base64

import httpx
import pytest

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.state import EmulatorState
from tests.support.emulator import (
    BASE,
    EmulatorClient,
    authorize_code,
    connect,
    exchange,
    refresh,
)


@pytest.fixture
async def http(state: EmulatorState) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(state=state))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def test_code_grant_returns_exact_token_shape(
    http: httpx.AsyncClient, state: EmulatorState
) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    assert "!" in code
    response = await exchange(http, app, code)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token", "token_type", "expires_in", "refresh_token"]
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == "600"  # a string, as Exact sends it
    assert body["access_token"].startswith("AAEA")
    assert "!" in body["refresh_token"]


async def test_credentials_may_come_as_http_basic(
    http: httpx.AsyncClient, state: EmulatorState
) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    basic = base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode()
    response = await http.post(
        "/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200, response.text


async def test_wrong_secret_is_refused(http: httpx.AsyncClient, state: EmulatorState) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    response = await http.post(
        "/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
              "client_id": app.client_id, "client_secret": "wrong"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_request"}


async def test_token_endpoint_wants_a_form(http: httpx.AsyncClient, state: EmulatorState) -> None:
    response = await http.post("/api/oauth2/token", json={"grant_type": "refresh_token"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_code_is_single_use(http: httpx.AsyncClient, state: EmulatorState) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    assert (await exchange(http, app, code)).status_code == 200
    again = await exchange(http, app, code)
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_grant",
        "error_description": "Authorization code has already been used.",
    }


async def test_code_expires_after_180_seconds(
    http: httpx.AsyncClient, state: EmulatorState, clock: ManualClock
) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    clock.advance(181)
    response = await exchange(http, app, code)
    assert response.status_code == 400
    assert response.json()["error_description"] == "Authorization code has expired."


async def test_code_within_180_seconds_is_fine(
    http: httpx.AsyncClient, state: EmulatorState, clock: ManualClock
) -> None:
    app = state.config.apps[0]
    code = await authorize_code(http, app, list(state.store.divisions))
    clock.advance(179)
    assert (await exchange(http, app, code)).status_code == 200


async def test_access_token_expires_after_600_seconds(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    path = "/api/v1/current/Me"
    assert (await exact.get(path)).status_code == 200
    clock.advance(599)
    assert (await exact.get(path)).status_code == 200
    clock.advance(1)
    expired = await exact.get(path)
    assert expired.status_code == 401
    assert expired.json() == {"error": {"code": "", "message": {"lang": "", "value": ""}}}


async def test_missing_token_is_401(exact: EmulatorClient) -> None:
    response = await exact.http.get("/api/v1/current/Me", headers={"Accept": "application/json"})
    assert response.status_code == 401


async def test_early_refresh_is_refused_and_old_tokens_stay_valid(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    clock.advance(569)
    early = await refresh(exact.http, exact.app, exact.token["refresh_token"])
    assert early.status_code == 400
    assert early.json() == {
        "error": "invalid_request",
        "error_description": "Rate limit exceeded: access_token not expired",
    }
    assert (await exact.get("/api/v1/current/Me")).status_code == 200
    clock.advance(1)
    on_time = await refresh(exact.http, exact.app, exact.token["refresh_token"])
    assert on_time.status_code == 200, on_time.text


async def test_refresh_rotates_and_the_old_refresh_token_is_rejected(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    old = exact.token["refresh_token"]
    clock.advance(570)
    first = await refresh(exact.http, exact.app, old)
    assert first.status_code == 200
    new = first.json()["refresh_token"]
    assert new != old
    reused = await refresh(exact.http, exact.app, old)
    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_grant",
        "error_description": "Old refresh token used.",
    }
    clock.advance(570)
    assert (await refresh(exact.http, exact.app, new)).status_code == 200


async def test_refresh_token_dies_after_30_days_unused(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    clock.advance(days=30, seconds=1)
    response = await refresh(exact.http, exact.app, exact.token["refresh_token"])
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "Refresh token has expired.",
    }


async def test_refresh_token_used_within_30_days_lives_on(
    exact: EmulatorClient, clock: ManualClock
) -> None:
    token = exact.token["refresh_token"]
    for _ in range(3):
        clock.advance(days=29)
        response = await refresh(exact.http, exact.app, token)
        assert response.status_code == 200
        token = response.json()["refresh_token"]


async def test_token_calls_are_counted_per_day(
    exact: EmulatorClient, state: EmulatorState, clock: ManualClock
) -> None:
    assert state.oauth.token_calls_today(exact.app.client_id) == 1
    response = await refresh(exact.http, exact.app, exact.token["refresh_token"])
    assert response.status_code == 400  # too early, and still counted
    assert state.oauth.token_calls_today(exact.app.client_id) == 2


async def test_division_scope_comes_from_consent(state: EmulatorState) -> None:
    first, second = list(state.store.divisions)
    async with connect(state, divisions=[first]) as exact:
        allowed = await exact.get(f"/api/v1/{first}/crm/Accounts?$top=1")
        assert allowed.status_code == 200
        outside = await exact.get(f"/api/v1/{second}/crm/Accounts?$top=1")
        assert outside.status_code == 403
        assert outside.json()["error"]["message"]["value"] == (
            "Forbidden - User division is not within division scope"
        )
        unknown = await exact.get("/api/v1/999/crm/Accounts?$top=1")
        assert unknown.status_code == 403
        assert unknown.json()["error"]["message"]["value"] == "Forbidden - WrongDivision"


async def test_consent_page_lists_divisions_and_checks_redirect(
    http: httpx.AsyncClient, state: EmulatorState
) -> None:
    app = state.config.apps[0]
    page = await http.get(
        "/api/oauth2/auth",
        params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                "response_type": "code"},
    )  # fmt: skip
    for code, division in state.store.divisions.items():
        assert f'value="{code}"' in page.text
        assert str(division.info["Description"]) in page.text or "&" in page.text
    wrong = await http.get(
        "/api/oauth2/auth",
        params={"client_id": app.client_id, "redirect_uri": "https://evil.example/cb",
                "response_type": "code"},
    )  # fmt: skip
    assert wrong.status_code == 400
    unknown = await http.get(
        "/api/oauth2/auth",
        params={"client_id": "00000000-0000-0000-0000-000000000001",
                "redirect_uri": app.redirect_uri},
    )  # fmt: skip
    assert unknown.status_code == 400
