"""`EmulatorConfig.token_seconds` scales the 600 s / 570 s token rules (tests, benchmarks)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import DEFAULT_APP, EmulatorConfig
from exactbridge.emulator.oauth import OAuthServer
from exactbridge.emulator.problems import ExactProblem, OAuthProblem


def _server(token_seconds: int) -> tuple[OAuthServer, ManualClock]:
    clock = ManualClock(datetime(2026, 6, 25, 14, 0, tzinfo=UTC))
    return OAuthServer(EmulatorConfig(token_seconds=token_seconds), clock), clock


def _tokens(server: OAuthServer) -> dict[str, str]:
    code = server.issue_code(DEFAULT_APP, frozenset({1}))
    credentials = {"client_id": DEFAULT_APP.client_id, "client_secret": DEFAULT_APP.client_secret}
    return server.token(credentials | {"grant_type": "authorization_code", "code": code}, None)


def _refresh(server: OAuthServer, token: str) -> dict[str, str]:
    form = {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": DEFAULT_APP.client_id,
        "client_secret": DEFAULT_APP.client_secret,
    }
    return server.token(form, None)


def test_default_is_exacts_600_and_570_seconds() -> None:
    server, clock = _server(600)
    tokens = _tokens(server)
    assert tokens["expires_in"] == "600"
    clock.advance(569.9)
    with pytest.raises(OAuthProblem):
        _refresh(server, tokens["refresh_token"])
    clock.advance(0.1)
    assert _refresh(server, tokens["refresh_token"])["expires_in"] == "600"


def test_shorter_tokens_scale_both_rules() -> None:
    server, clock = _server(20)
    tokens = _tokens(server)
    assert tokens["expires_in"] == "20"
    clock.advance(18.9)
    with pytest.raises(OAuthProblem, match="not expired"):
        _refresh(server, tokens["refresh_token"])
    server.authenticate(f"Bearer {tokens['access_token']}")  # still valid
    clock.advance(0.1)  # 19 s = 570/600 of 20 s
    fresh = _refresh(server, tokens["refresh_token"])
    clock.advance(1)
    with pytest.raises(ExactProblem):  # the first token died at 20 s
        server.authenticate(f"Bearer {tokens['access_token']}")
    server.authenticate(f"Bearer {fresh['access_token']}")
