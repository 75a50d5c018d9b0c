"""Token pairs, stores, the token endpoint's error mapping and the refresh rules.

A fake token endpoint (httpx.MockTransport) keeps Exact's rules on a fake clock: 600 s
tokens, no refresh before 570 s, every refresh rotates the refresh token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from exactbridge.client._auth import (
    REGIONS,
    OAuthApp,
    TokenCallCounter,
    authorization_url,
    exchange_code,
    refresh_tokens,
)
from exactbridge.client._tokens import (
    FileTokenStore,
    MemoryTokenStore,
    TokenManager,
    TokenPair,
)
from exactbridge.errors import (
    ConfigurationError,
    RateLimited,
    ReconsentRequired,
    RefreshTooEarly,
    RequestRejected,
    ServerUnavailable,
    TransientError,
)

BASE = "https://start.exactonline.nl"
APP = OAuthApp("5f8a4c2e-9b7d-4e1a-8c3f-2d6b0a9e7f14", "top-secret", "https://app.example/cb")
T0 = datetime(2026, 6, 25, 14, 0, tzinfo=UTC)


class FakeClock:
    """Time that moves only when a test, or the injected sleep, moves it."""

    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)
        await asyncio.sleep(0)


class FakeTokenEndpoint:
    """Exact's token rules, enough to test the manager against."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.refresh_token = "R0"
        self.issued_at = clock.now
        self.serial = 0
        self.calls: list[str] = []
        self.retired: set[str] = set()
        self.on_call: Callable[[], None] = lambda: None

    def handler(self, request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        assert form["client_secret"] == APP.client_secret
        self.calls.append(form["grant_type"])
        self.on_call()
        now = self.clock.now
        if form["grant_type"] == "refresh_token":
            token = form["refresh_token"]
            if token in self.retired:
                return _oauth_error(400, "invalid_grant", "Old refresh token used.")
            if token != self.refresh_token:
                return _oauth_error(400, "invalid_grant", "Invalid refresh token.")
            if now - self.issued_at < timedelta(seconds=570):
                return _oauth_error(
                    400, "invalid_request", "Rate limit exceeded: access_token not expired"
                )
            self.retired.add(token)
        self.serial += 1
        self.refresh_token = f"R{self.serial}"
        self.issued_at = now
        body = {
            "access_token": f"A{self.serial}",
            "token_type": "bearer",
            "expires_in": "600",
            "refresh_token": self.refresh_token,
        }
        return httpx.Response(200, json=body)

    def pair(self) -> TokenPair:
        """The pair the endpoint last issued, as a client would have stored it."""
        return TokenPair(
            access_token=f"A{self.serial}",
            refresh_token=self.refresh_token,
            expires_at=self.issued_at + timedelta(seconds=600),
            obtained_at=self.issued_at,
        )


def _oauth_error(status: int, error: str, description: str = "") -> httpx.Response:
    body = {"error": error} | ({"error_description": description} if description else {})
    return httpx.Response(status, json=body)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def endpoint(clock: FakeClock) -> FakeTokenEndpoint:
    return FakeTokenEndpoint(clock)


def _http(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def _manager(
    endpoint: FakeTokenEndpoint, clock: FakeClock, store: MemoryTokenStore | None = None
) -> tuple[TokenManager, MemoryTokenStore]:
    store = store or MemoryTokenStore()
    if await store.load("c1") is None:
        await store.save("c1", endpoint.pair())
    manager = TokenManager(
        store, APP, BASE, _http(endpoint.handler), clock=clock, sleep=clock.sleep
    )
    return manager, store


# --- values and URLs ------------------------------------------------------------------


def test_secrets_never_appear_in_repr() -> None:
    pair = TokenPair("AAEAsecret-access", "Gcp7!secret-refresh", T0, T0)
    assert "secret" not in repr(pair)
    assert "top-secret" not in repr(APP)
    assert APP.client_id in repr(APP)


def test_regions_and_authorization_url() -> None:
    assert REGIONS["nl"] == "https://start.exactonline.nl"
    assert REGIONS["uk"] == "https://start.exactonline.co.uk"
    assert REGIONS["us"] == "https://start.exactonline.com"
    assert set(REGIONS) == {"nl", "be", "de", "uk", "fr", "es", "us"}
    url = urlparse(authorization_url(APP, REGIONS["be"] + "/", "csrf-1"))
    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "start.exactonline.be",
        "/api/oauth2/auth",
    )
    assert parse_qs(url.query) == {
        "client_id": [APP.client_id],
        "redirect_uri": [APP.redirect_uri],
        "response_type": ["code"],
        "state": ["csrf-1"],
        "force_login": ["0"],
    }


async def test_exchange_code_posts_the_form_and_reads_a_string_expires_in(
    clock: FakeClock,
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        clock.now += timedelta(seconds=2)  # the call takes two seconds
        return httpx.Response(
            200, json={"access_token": "AAEA1", "refresh_token": "Gcp7!1", "expires_in": "600"}
        )

    pair = await exchange_code(_http(handler), APP, BASE, "XTzM!code", now=clock)
    request = seen[0]
    assert str(request.url) == f"{BASE}/api/oauth2/token"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {
        "grant_type": ["authorization_code"],
        "code": ["XTzM!code"],
        "redirect_uri": [APP.redirect_uri],
        "client_id": [APP.client_id],
        "client_secret": [APP.client_secret],
    }
    assert (pair.access_token, pair.refresh_token) == ("AAEA1", "Gcp7!1")
    # expiry counts from the send (conservative), obtained_at from the answer (never early)
    assert pair.expires_at == T0 + timedelta(seconds=600)
    assert pair.obtained_at == T0 + timedelta(seconds=2)


# --- error mapping ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "grant", "expected", "reason"),
    [
        (_oauth_error(400, "invalid_grant", "Old refresh token used."), "refresh",
         ReconsentRequired, "refresh token reused"),
        (_oauth_error(401, "unauthorized_client", "Old refresh token used."), "refresh",
         ReconsentRequired, "refresh token reused"),
        (_oauth_error(400, "invalid_grant", "Refresh token has expired."), "refresh",
         ReconsentRequired, "refresh token expired"),
        (_oauth_error(400, "invalid_grant", "Invalid refresh token."), "refresh",
         ReconsentRequired, "refresh token revoked or invalid"),
        (_oauth_error(400, "invalid_grant",
                      "Token is not allowed, because of invalid or empty chainId"), "refresh",
         ReconsentRequired, "refresh token revoked or invalid"),
        (_oauth_error(400, "invalid_scope"), "refresh", ReconsentRequired, "scope missing"),
        (_oauth_error(400, "invalid_grant", "Authorization code has already been used."),
         "code", ReconsentRequired, "authorization code invalid, used or expired"),
        (_oauth_error(400, "invalid_request", "Rate limit exceeded: access_token not expired"),
         "refresh", RefreshTooEarly, None),
        (_oauth_error(401, "unauthorized_client", "Access Token not expired"), "refresh",
         RefreshTooEarly, None),
        (_oauth_error(400, "invalid_request", "Rate limit exceeded: token requests"), "refresh",
         RateLimited, None),
        (_oauth_error(400, "invalid_request"), "refresh", RequestRejected, None),
        (httpx.Response(503, text="<html>down</html>"), "refresh", ServerUnavailable, None),
    ],
)  # fmt: skip
async def test_token_endpoint_refusals_become_typed_errors(
    clock: FakeClock,
    response: httpx.Response,
    grant: str,
    expected: type[Exception],
    reason: str | None,
) -> None:
    http = _http(lambda _request: response)
    with pytest.raises(expected) as caught:
        if grant == "code":
            await exchange_code(http, APP, BASE, "code", now=clock)
        else:
            await refresh_tokens(http, APP, BASE, "Gcp7!old", now=clock)
    error = caught.value
    if reason is not None:
        assert isinstance(error, ReconsentRequired)
        assert error.reason == reason
    assert getattr(error, "status", None) == response.status_code
    assert "top-secret" not in str(error) and "Gcp7!old" not in str(error)


async def test_refresh_too_early_is_transient_not_reconsent(clock: FakeClock) -> None:
    http = _http(lambda _r: _oauth_error(400, "invalid_request", "access_token not expired"))
    with pytest.raises(TransientError) as caught:
        await refresh_tokens(http, APP, BASE, "R", now=clock)
    assert not isinstance(caught.value, ReconsentRequired)


async def test_network_failure_is_server_unavailable(clock: FakeClock) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ServerUnavailable):
        await refresh_tokens(_http(handler), APP, BASE, "R", now=clock)


# --- the daily quota of token calls ------------------------------------------------------


async def test_counter_refuses_the_201st_call_before_sending_and_resets_at_midnight(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    sent: list[int] = []

    def handler(_request: httpx.Request) -> httpx.Response:
        sent.append(1)
        return httpx.Response(
            200, json={"access_token": "A", "refresh_token": "R", "expires_in": "600"}
        )

    http, counter = _http(handler), TokenCallCounter()
    with caplog.at_level(logging.WARNING, logger="exactbridge.client._auth"):
        for _ in range(200):
            await refresh_tokens(http, APP, BASE, "R", now=clock, counter=counter, connection="c")
    assert len(sent) == 200
    assert any("200 of 200" in record.getMessage() for record in caplog.records)
    with pytest.raises(RateLimited) as caught:
        await refresh_tokens(http, APP, BASE, "R", now=clock, counter=counter, connection="c")
    assert len(sent) == 200  # refused without a call
    assert caught.value.retry_at == datetime(2026, 6, 26, tzinfo=UTC)
    # another connection has its own quota; the next UTC day starts again
    await refresh_tokens(http, APP, BASE, "R", now=clock, counter=counter, connection="other")
    clock.now = datetime(2026, 6, 26, 0, 0, 1, tzinfo=UTC)
    await refresh_tokens(http, APP, BASE, "R", now=clock, counter=counter, connection="c")
    assert counter.calls(APP.client_id, "c", clock.now) == 1


# --- the manager ------------------------------------------------------------------------


async def test_a_fresh_token_is_used_without_a_refresh(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, _store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=569)
    assert await manager.access_token("c1") == "A0"
    assert endpoint.calls == []


async def test_refreshes_inside_the_window_and_saves_before_use(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=571)  # 29 s left: inside Exact's window
    token = await manager.access_token("c1")
    assert token == "A1"
    stored = await store.load("c1")
    assert stored is not None
    assert (stored.access_token, stored.refresh_token) == ("A1", "R1")
    assert endpoint.calls == ["refresh_token"]


async def test_concurrent_callers_refresh_once(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, _store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=700)  # expired
    tokens = await asyncio.gather(*(manager.access_token("c1") for _ in range(50)))
    assert set(tokens) == {"A1"}
    assert endpoint.calls == ["refresh_token"]
    assert manager.refreshes == 1


async def test_the_pair_is_reread_inside_the_lock(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    """Two managers over one store stand for two processes: the second must not reuse R0."""
    first, store = await _manager(endpoint, clock)
    second, _ = await _manager(endpoint, clock, store)
    clock.now += timedelta(seconds=650)
    async with store.lock("c1"):
        waiting = asyncio.create_task(second.access_token("c1"))
        await asyncio.sleep(0)  # `second` read the stale pair and waits for the lock
        # meanwhile "another process" refreshed and saved
        await store.save("c1", _fresh_from(endpoint, clock))
    assert await waiting == "A1"
    assert endpoint.calls == ["refresh_token"]
    assert await first.access_token("c1") == "A1"


def _fresh_from(endpoint: FakeTokenEndpoint, clock: FakeClock) -> TokenPair:
    endpoint.handler(
        httpx.Request(
            "POST",
            BASE,
            data={"grant_type": "refresh_token", "refresh_token": endpoint.refresh_token,
                  "client_id": APP.client_id, "client_secret": APP.client_secret},
        )
    )  # fmt: skip
    return endpoint.pair()


async def test_an_expired_but_young_pair_waits_for_the_window(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, store = await _manager(endpoint, clock)
    short = TokenPair("A0", "R0", expires_at=T0 + timedelta(seconds=100), obtained_at=T0)
    await store.save("c1", short)
    clock.now += timedelta(seconds=200)  # expired, yet Exact refuses until 570 s
    assert await manager.access_token("c1") == "A1"
    assert clock.slept == [370.0]
    assert endpoint.calls == ["refresh_token"]


async def test_a_valid_young_pair_inside_the_margin_is_used_as_is(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, store = await _manager(endpoint, clock)
    await store.save("c1", TokenPair("A0", "R0", T0 + timedelta(seconds=100), T0))
    clock.now += timedelta(seconds=80)  # 20 s left, but only 80 s old
    assert await manager.access_token("c1") == "A0"
    assert endpoint.calls == []


async def test_after_unauthorized_returns_a_newer_stored_token_without_refreshing(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=600)
    await store.save("c1", _fresh_from(endpoint, clock))
    assert await manager.after_unauthorized("c1", "A0") == "A1"
    assert endpoint.calls == ["refresh_token"]  # only the "other process" refreshed


async def test_after_unauthorized_on_a_young_pair_waits_then_refreshes_once(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, _store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=100)
    assert await manager.after_unauthorized("c1", "A0") == "A1"
    assert clock.slept == [470.0]
    assert endpoint.calls == ["refresh_token"]


async def test_a_too_early_answer_is_waited_out(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    """The client thinks 570 s have passed; Exact's clock is 3 s behind."""
    manager, store = await _manager(endpoint, clock)
    await store.save(
        "c1", TokenPair("A0", "R0", T0 + timedelta(seconds=597), T0 - timedelta(seconds=3))
    )
    endpoint.issued_at = T0
    clock.now += timedelta(seconds=568)
    assert await manager.access_token("c1") == "A1"
    assert endpoint.calls == ["refresh_token", "refresh_token"]
    assert clock.slept == [5.0]


async def test_a_dead_chain_surfaces_with_its_reason(
    endpoint: FakeTokenEndpoint, clock: FakeClock
) -> None:
    manager, store = await _manager(endpoint, clock)
    clock.now += timedelta(seconds=600)
    _fresh_from(endpoint, clock)  # someone refreshed but never saved: R0 is retired
    with pytest.raises(ReconsentRequired) as caught:
        await manager.access_token("c1")
    assert caught.value.reason == "refresh token reused"
    with pytest.raises(ReconsentRequired) as missing:
        await manager.access_token("unknown")
    assert missing.value.reason == "not connected"
    assert (await store.load("c1")) == TokenPair("A0", "R0", T0 + timedelta(seconds=600), T0)


# --- the file store -----------------------------------------------------------------------


async def test_file_store_round_trip_is_private_and_atomic(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "tokens")
    assert await store.load("tenant/1") is None
    pair = TokenPair("AAEA1", "Gcp7!1", T0 + timedelta(seconds=600), T0)
    await store.save("tenant/1", pair)
    await store.save("tenant/1", pair)
    assert await store.load("tenant/1") == pair
    files = sorted(p.name for p in (tmp_path / "tokens").iterdir())
    assert files == ["tenant%2F1.json"]  # no temporary file left, no path traversal
    mode = stat.S_IMODE(os.stat(tmp_path / "tokens" / files[0]).st_mode)
    assert mode == 0o600
    assert json.loads((tmp_path / "tokens" / files[0]).read_text())["obtained_at"].startswith(
        "2026-06-25T14:00:00"
    )


async def test_file_store_reports_a_damaged_file(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    (tmp_path / "c.json").write_text("{not json")
    with pytest.raises(ConfigurationError):
        await store.load("c")
    with pytest.raises(ConfigurationError):
        await store.load("")


async def test_file_lock_is_exclusive_between_store_instances(tmp_path: Path) -> None:
    """flock locks belong to open files, so two instances conflict like two processes do."""
    one, two = FileTokenStore(tmp_path), FileTokenStore(tmp_path)
    order: list[str] = []

    async def hold() -> None:
        async with one.lock("c"):
            order.append("one in")
            await asyncio.sleep(0.05)
            order.append("one out")

    async def wait() -> None:
        await asyncio.sleep(0.01)
        async with two.lock("c"):
            order.append("two in")

    await asyncio.gather(hold(), wait())
    assert order == ["one in", "one out", "two in"]


async def test_a_cancelled_lock_waiter_leaves_no_lock_behind(tmp_path: Path) -> None:
    one, two = FileTokenStore(tmp_path), FileTokenStore(tmp_path)
    async with one.lock("c"):
        waiter = asyncio.create_task(two.lock("c").__aenter__())
        await asyncio.sleep(0.02)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    async with asyncio.timeout(1), two.lock("c"):
        pass
