"""Test helpers: authorize against the emulator through the real OAuth flow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from exactbridge.emulator.app import create_app
from exactbridge.emulator.config import AppRegistration
from exactbridge.emulator.state import EmulatorState

BASE = "https://start.exactonline.nl"


@dataclass
class EmulatorClient:
    """An httpx client with a token, and what it was granted."""

    http: httpx.AsyncClient
    state: EmulatorState
    app: AppRegistration
    token: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token['access_token']}",
            "Accept": "application/json",
        }

    @property
    def division(self) -> int:
        return next(iter(self.state.store.divisions))

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = self.headers | kwargs.pop("headers", {})
        return await self.http.get(path, headers=headers, **kwargs)

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = self.headers | kwargs.pop("headers", {})
        return await self.http.request(method, path, headers=headers, **kwargs)


async def authorize_code(
    http: httpx.AsyncClient, app: AppRegistration, divisions: list[int], state: str = "xyz"
) -> str:
    """Walk the consent page and return the authorization code."""
    page = await http.get(
        "/api/oauth2/auth",
        params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                "response_type": "code", "state": state},
    )  # fmt: skip
    assert page.status_code == 200, page.text
    consent = await http.post(
        "/api/oauth2/auth",
        data={"client_id": app.client_id, "redirect_uri": app.redirect_uri, "state": state,
              "decision": "allow", "division": [str(d) for d in divisions]},
    )  # fmt: skip
    assert consent.status_code == 302, consent.text
    query = parse_qs(urlparse(consent.headers["location"]).query)
    assert query["state"] == [state]
    return query["code"][0]


async def exchange(http: httpx.AsyncClient, app: AppRegistration, code: str) -> httpx.Response:
    """POST the code to the token endpoint."""
    return await http.post(
        "/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
              "client_id": app.client_id, "client_secret": app.client_secret},
    )  # fmt: skip


async def refresh(http: httpx.AsyncClient, app: AppRegistration, token: str) -> httpx.Response:
    """POST a refresh token to the token endpoint."""
    return await http.post(
        "/api/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": token,
              "client_id": app.client_id, "client_secret": app.client_secret},
    )  # fmt: skip


@asynccontextmanager
async def connect(
    state: EmulatorState, divisions: list[int] | None = None, base_url: str = BASE
) -> AsyncIterator[EmulatorClient]:
    """An in-process client of an emulator app over `state`, authorized for `divisions`."""
    app = create_app(state=state)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
        registration = state.config.apps[0]
        chosen = divisions if divisions is not None else list(state.store.divisions)
        code = await authorize_code(http, registration, chosen)
        response = await exchange(http, registration, code)
        assert response.status_code == 200, response.text
        yield EmulatorClient(http, state, registration, response.json())
