"""Exact's OAuth 2.0 rules as a state machine over an injected clock.

- Authorization codes are single-use and live 180 seconds.
- Access tokens live 600 seconds from issue, whatever their use.
- A refresh is refused until 570 seconds after the previous token was issued; the
  current tokens stay valid when that happens.
- `EmulatorConfig.token_seconds` scales both (600 and 570/600 of it) for tests.
- Every refresh rotates the refresh token; the previous one is rejected from then on
  ("Old refresh token used.").
- A refresh token not used for 30 days expires; the user must authorize again.
- Token-endpoint calls are counted per app and user per UTC day (Exact allows 200).

Error bodies follow the OAuth style Exact uses: `{"error": …, "error_description": …}`.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from exactbridge.emulator.clock import Clock
from exactbridge.emulator.config import AppRegistration, EmulatorConfig
from exactbridge.emulator.problems import ExactProblem, OAuthProblem

__all__ = [
    "ACCESS_TOKEN_TTL",
    "CODE_TTL",
    "REFRESH_NOT_BEFORE",
    "REFRESH_TOKEN_TTL",
    "AccessToken",
    "OAuthServer",
]

CODE_TTL: Final = timedelta(seconds=180)
ACCESS_TOKEN_TTL: Final = timedelta(seconds=600)
REFRESH_NOT_BEFORE: Final = timedelta(seconds=570)
REFRESH_TOKEN_TTL: Final = timedelta(days=30)


@dataclass(slots=True)
class _Code:
    client_id: str
    redirect_uri: str
    divisions: frozenset[int]
    issued_at: datetime
    used: bool = False


@dataclass(slots=True)
class _Chain:
    """One consent: a chain of refresh tokens, each replacing the one before."""

    client_id: str
    divisions: frozenset[int]
    refresh_token: str
    refresh_issued_at: datetime
    access_issued_at: datetime
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class AccessToken:
    """A valid access token and what it grants.

    Attributes:
        client_id: the app the token was issued to.
        divisions: divisions the user consented to.
        expires_at: end of the token's life.
    """

    client_id: str
    divisions: frozenset[int]
    expires_at: datetime


@dataclass(slots=True)
class _State:
    codes: dict[str, _Code] = field(default_factory=dict)
    chains: dict[str, _Chain] = field(default_factory=dict)  # keyed by current refresh token
    retired: dict[str, _Chain] = field(default_factory=dict)  # old refresh token -> chain
    access: dict[str, tuple[_Chain, datetime]] = field(default_factory=dict)
    token_calls: dict[tuple[str, str], int] = field(default_factory=dict)  # (client, day)


class OAuthServer:
    """Issues and checks codes and tokens the way Exact Online does.

    Args:
        config: the emulator configuration (apps, quotas, early-refresh status).
        clock: source of the current time.
    """

    def __init__(self, config: EmulatorConfig, clock: Clock) -> None:
        self._config = config
        self._clock = clock
        self._state = _State()
        scale = config.token_seconds / ACCESS_TOKEN_TTL.total_seconds()
        self._access_ttl = ACCESS_TOKEN_TTL * scale
        self._refresh_not_before = REFRESH_NOT_BEFORE * scale

    # --- authorization ----------------------------------------------------------------

    def check_authorize_request(self, client_id: str, redirect_uri: str) -> AppRegistration:
        """Validate an authorization request before showing consent.

        Raises:
            OAuthProblem: unknown client id or a redirect URI that is not registered.
        """
        app = self._config.app(client_id)
        if app is None:
            raise OAuthProblem(400, "invalid_client", "Unknown client_id.")
        if redirect_uri != app.redirect_uri:
            raise OAuthProblem(400, "invalid_request", "The redirect_uri is not registered.")
        return app

    def issue_code(self, app: AppRegistration, divisions: frozenset[int]) -> str:
        """Record a consent for `divisions` and return a single-use authorization code."""
        code = _opaque("XTzM!IAAAA", 120)
        self._state.codes[code] = _Code(app.client_id, app.redirect_uri, divisions, self._now())
        return code

    # --- token endpoint ---------------------------------------------------------------

    def token(self, form: dict[str, str], basic: tuple[str, str] | None) -> dict[str, str]:
        """Answer `POST /api/oauth2/token` for the form fields and optional HTTP Basic pair.

        Raises:
            OAuthProblem: any refusal, with Exact's status and body.
        """
        client_id, client_secret = basic or (
            form.get("client_id", ""),
            form.get("client_secret", ""),
        )
        app = self._config.app(client_id)
        if app is None or not secrets.compare_digest(app.client_secret, client_secret):
            raise OAuthProblem(400, "invalid_request")
        self._count_token_call(app.client_id)
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            return self._exchange_code(app, form)
        if grant_type == "refresh_token":
            return self._refresh(app, form.get("refresh_token", ""))
        raise OAuthProblem(400, "unsupported_grant_type", f"Unsupported grant_type {grant_type!r}.")

    def _exchange_code(self, app: AppRegistration, form: dict[str, str]) -> dict[str, str]:
        code = self._state.codes.get(form.get("code", ""))
        if code is None or code.client_id != app.client_id:
            raise OAuthProblem(400, "invalid_grant", "Invalid authorization code.")
        if code.used:
            raise OAuthProblem(400, "invalid_grant", "Authorization code has already been used.")
        if self._now() - code.issued_at > CODE_TTL:
            raise OAuthProblem(400, "invalid_grant", "Authorization code has expired.")
        if form.get("redirect_uri", code.redirect_uri) != code.redirect_uri:
            raise OAuthProblem(400, "invalid_grant", "The redirect_uri does not match.")
        code.used = True
        now = self._now()
        chain = _Chain(app.client_id, code.divisions, _refresh_token(), now, now)
        self._state.chains[chain.refresh_token] = chain
        return self._issue_access(chain)

    def _refresh(self, app: AppRegistration, refresh_token: str) -> dict[str, str]:
        state = self._state
        if refresh_token in state.retired:
            raise OAuthProblem(400, "invalid_grant", "Old refresh token used.")
        chain = state.chains.get(refresh_token)
        if chain is None or chain.client_id != app.client_id or chain.revoked:
            raise OAuthProblem(400, "invalid_grant", "Invalid refresh token.")
        now = self._now()
        if now - chain.refresh_issued_at > REFRESH_TOKEN_TTL:
            raise OAuthProblem(400, "invalid_grant", "Refresh token has expired.")
        if now - chain.access_issued_at < self._refresh_not_before:
            raise OAuthProblem(
                self._config.early_refresh_status,
                "invalid_request",
                "Rate limit exceeded: access_token not expired",
            )
        del state.chains[refresh_token]
        state.retired[refresh_token] = chain
        chain.refresh_token = _refresh_token()
        chain.refresh_issued_at = now
        chain.access_issued_at = now
        state.chains[chain.refresh_token] = chain
        return self._issue_access(chain)

    def _issue_access(self, chain: _Chain) -> dict[str, str]:
        token = _opaque("AAEAA", 340)
        self._state.access[token] = (chain, chain.access_issued_at + self._access_ttl)
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": str(int(self._access_ttl.total_seconds())),
            "refresh_token": chain.refresh_token,
        }

    def _count_token_call(self, client_id: str) -> None:
        day = self._now().date().isoformat()
        key = (client_id, day)
        calls = self._state.token_calls.get(key, 0) + 1
        self._state.token_calls[key] = calls
        if calls > self._config.limits.token_calls_daily:
            raise OAuthProblem(400, "invalid_request", "Rate limit exceeded: token requests")

    # --- resource access --------------------------------------------------------------

    def authenticate(self, authorization: str | None) -> AccessToken:
        """Check an `Authorization: Bearer …` header.

        Raises:
            ExactProblem: 401 when the header is missing, unknown, revoked or expired.
        """
        scheme, _, token = (authorization or "").partition(" ")
        entry = self._state.access.get(token.strip()) if scheme.lower() == "bearer" else None
        if entry is None:
            raise ExactProblem(401, "")
        chain, expires_at = entry
        if chain.revoked or self._now() >= expires_at:
            raise ExactProblem(401, "")
        return AccessToken(chain.client_id, chain.divisions, expires_at)

    def revoke_all(self, client_id: str | None = None) -> int:
        """Revoke every chain (of one app, when given); returns how many were revoked."""
        count = 0
        for chain in self._state.chains.values():
            if client_id is None or chain.client_id == client_id:
                chain.revoked = True
                count += 1
        return count

    def token_calls_today(self, client_id: str) -> int:
        """Token-endpoint calls of an app so far this UTC day."""
        return self._state.token_calls.get((client_id, self._now().date().isoformat()), 0)

    def _now(self) -> datetime:
        return self._clock.now()


def _opaque(prefix: str, length: int) -> str:
    raw = base64.urlsafe_b64encode(secrets.token_bytes(length)).decode("ascii").rstrip("=")
    return (prefix + raw)[:length]


def _refresh_token() -> str:
    return _opaque("Gcp7!IAAAA", 340)
