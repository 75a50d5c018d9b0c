"""Test helper: an emulator process with faults, and clients of it over real sockets."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from exactbridge.client import (
    Budget,
    ExactClient,
    MemoryBudgetStore,
    MemoryTokenStore,
    OAuthApp,
    RetryPolicy,
    TokenManager,
    authorization_url,
    exchange_code,
)
from exactbridge.emulator.config import DEFAULT_APP

ADMIN_TOKEN = "faults-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CONNECTION = "acme"
APP = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)
UNLIMITED = ("--minutely-limit", "1000000", "--daily-limit", "100000000")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Emulator:
    url: str
    divisions: list[int]

    def set_faults(self, spec: str) -> None:
        answer = httpx.put(f"{self.url}/__emulator/faults", json={"spec": spec}, headers=ADMIN)
        assert answer.status_code == 200, answer.text

    def counters(self) -> dict[str, Any]:
        answer = httpx.get(f"{self.url}/__emulator/counters", headers=ADMIN)
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        return result

    def faults_injected(self) -> Counter[str]:
        """Faults injected so far, per kind (`latency`, `5xx`, `reset`, ...)."""
        return Counter(self.counters()["faults"])

    def export(self, division: int, path: str) -> list[dict[str, Any]]:
        """Every row of `path` as the admin NDJSON export writes it (never faulted)."""
        answer = httpx.get(f"{self.url}/__emulator/{division}/{path}", headers=ADMIN, timeout=60)
        assert answer.status_code == 200, answer.text
        return [json.loads(line) for line in answer.text.splitlines() if line]


async def connect(
    emulator: Emulator,
    token_http: httpx.AsyncClient,
    *,
    read_timeout: float,
    waits: list[float] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ExactClient:
    """The OAuth code flow (auto consent) and a client with tokens, budget and fast retries.

    `waits`, when given, collects every back-off the client chose between attempts (it
    still really waits them: the emulator is another process).
    """

    async def sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)
        await asyncio.sleep(seconds)

    consent = await token_http.get(authorization_url(APP, emulator.url, "faults"))
    assert consent.status_code == 302, consent.text
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    pair = await exchange_code(token_http, APP, emulator.url, code, now=_now)
    store = MemoryTokenStore()
    await store.save(CONNECTION, pair)
    return ExactClient(
        base_url=emulator.url,
        client_id=APP.client_id,
        connection=CONNECTION,
        tokens=TokenManager(store, APP, emulator.url, token_http, clock=_now),
        budget=Budget(MemoryBudgetStore(), clock=_now, sleep=asyncio.sleep, margin=0.1),
        # Enough attempts for several faults in a row; short back-offs keep the run short.
        retry=RetryPolicy(max_attempts=8, base=0.05, cap=0.4, reset_margin=0.1),
        timeout=read_timeout,
        sleep=sleep,
        transport=transport,
    )


@pytest.fixture
async def token_http() -> AsyncIterator[httpx.AsyncClient]:
    """The token endpoint's client (the token endpoint is not faulted: no `token=1`)."""
    async with httpx.AsyncClient(timeout=30) as http:
        yield http
