"""Exact Online's OAuth 2.0 code grant: regions, the authorize URL and the token endpoint.

The token endpoint takes form-encoded fields with the client credentials in the body
(facts 2.2) and answers `expires_in` as a string. Its refusals are turned into the one
exception tree, by what the caller must do:

- the chain is dead (old refresh token reused, expired after 30 days, revoked or invalid,
  scope missing, authorization code spent) -> `ReconsentRequired` with a `reason`;
- a refresh before 570 s ("access_token not expired", 400 today, 401 in 2021) ->
  `RefreshTooEarly`: the current tokens stay valid, wait and try again;
- the daily quota of 200 token calls -> `RateLimited` until the next UTC day; the
  `TokenCallCounter` raises it before Exact would, and warns as the quota runs low;
- 5xx or a network failure -> `ServerUnavailable`;
- anything else (wrong client id or secret) -> `RequestRejected`.

Nothing here reads a clock or stores anything: callers pass `now`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlencode

import httpx

from exactbridge.errors import (
    RateLimited,
    ReconsentRequired,
    RefreshTooEarly,
    RequestContext,
    RequestRejected,
    ServerUnavailable,
    WireFormatError,
)

if TYPE_CHECKING:
    from exactbridge.client._tokens import TokenPair

__all__ = [
    "REGIONS",
    "TOKEN_CALLS_DAILY",
    "OAuthApp",
    "TokenCallCounter",
    "authorization_url",
    "exchange_code",
    "refresh_tokens",
]

_log = logging.getLogger(__name__)

REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "nl": "https://start.exactonline.nl",
        "be": "https://start.exactonline.be",
        "de": "https://start.exactonline.de",
        "uk": "https://start.exactonline.co.uk",
        "fr": "https://start.exactonline.fr",
        "es": "https://start.exactonline.es",
        "us": "https://start.exactonline.com",
    }
)
"""Exact's host per region (facts 1.1): an account exists on its own host only."""

AUTHORIZE_PATH: Final = "/api/oauth2/auth"
TOKEN_PATH: Final = "/api/oauth2/token"  # noqa: S105 - a path, not a secret
TOKEN_CALLS_DAILY: Final = 200
"""Exact's quota of token-endpoint calls per app, per user, per UTC day."""


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """An app registered in Exact's App Center.

    Attributes:
        client_id: the app's GUID.
        client_secret: its secret (never shown in `repr`).
        redirect_uri: the registered redirect URI; authorization must use exactly this.
    """

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str


def authorization_url(app: OAuthApp, base_url: str, state: str) -> str:
    """Where to send the user to consent; `state` comes back on the redirect (CSRF)."""
    query = urlencode(
        {
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "response_type": "code",
            "state": state,
            "force_login": "0",
        }
    )
    return f"{base_url.rstrip('/')}{AUTHORIZE_PATH}?{query}"


class TokenCallCounter:
    """Counts token-endpoint calls per (app, connection) per UTC day, in this process.

    Exact allows 200 a day; the 201st is refused. `count` raises `RateLimited` instead of
    making a call that would exceed the quota, and logs a warning from `warn_at` on.
    Processes sharing a connection each count only their own calls.

    Args:
        limit: calls allowed per day.
        warn_at: from this many calls on, each call logs a warning.
    """

    def __init__(self, limit: int = TOKEN_CALLS_DAILY, warn_at: int | None = None) -> None:
        self._limit = limit
        self._warn_at = warn_at if warn_at is not None else limit * 9 // 10
        self._calls: dict[tuple[str, str], tuple[str, int]] = {}

    def calls(self, client_id: str, connection: str, now: datetime) -> int:
        """Calls counted for the pair on `now`'s UTC day."""
        day, calls = self._calls.get((client_id, connection), ("", 0))
        return calls if day == _day(now) else 0

    def count(self, client_id: str, connection: str, now: datetime) -> None:
        """Count one call about to be made.

        Raises:
            RateLimited: the call would exceed the daily limit; `retry_at` is next midnight UTC.
        """
        calls = self.calls(client_id, connection, now) + 1
        if calls > self._limit:
            raise RateLimited(
                f"{self._limit} token-endpoint calls already made today for this connection",
                context=RequestContext(method="POST", url=TOKEN_PATH),
                retry_at=_next_midnight(now),
            )
        if calls >= self._warn_at:
            _log.warning(
                "token-endpoint call %d of %d today for connection %r", calls, self._limit,
                connection,
            )  # fmt: skip
        self._calls[(client_id, connection)] = (_day(now), calls)


def _day(now: datetime) -> str:
    return now.astimezone(UTC).date().isoformat()


def _next_midnight(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), UTC)


async def exchange_code(
    http: httpx.AsyncClient,
    app: OAuthApp,
    base_url: str,
    code: str,
    *,
    now: Callable[[], datetime],
    counter: TokenCallCounter | None = None,
    connection: str = "",
) -> TokenPair:
    """Exchange an authorization code (URL-decoded, single use, 3 minutes) for a pair.

    `now` is read before the call (the expiry counts from then, conservatively) and after
    it (`obtained_at`, so the 570 s wait is never cut short).

    Raises:
        ReconsentRequired: the code is invalid, used or expired.
        ServerUnavailable, RateLimited, RequestRejected: see the module docstring.
    """
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": app.redirect_uri,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
    }
    return await _token_call(http, app, base_url, form, now, counter, connection)


async def refresh_tokens(
    http: httpx.AsyncClient,
    app: OAuthApp,
    base_url: str,
    refresh_token: str,
    *,
    now: Callable[[], datetime],
    counter: TokenCallCounter | None = None,
    connection: str = "",
) -> TokenPair:
    """Trade `refresh_token` for a new pair; the old refresh token is dead from then on.

    Call it under the connection's lock and save the result before using it.

    Raises:
        RefreshTooEarly: fewer than 570 s since the previous pair; the old one stays valid.
        ReconsentRequired: reused, expired, revoked or invalid refresh token, or no scope.
        ServerUnavailable, RateLimited, RequestRejected: see the module docstring.
    """
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
    }
    return await _token_call(http, app, base_url, form, now, counter, connection)


async def _token_call(
    http: httpx.AsyncClient,
    app: OAuthApp,
    base_url: str,
    form: dict[str, str],
    now: Callable[[], datetime],
    counter: TokenCallCounter | None,
    connection: str,
) -> TokenPair:
    from exactbridge.client._tokens import TokenPair  # noqa: PLC0415 - the modules refer to each other

    url = f"{base_url.rstrip('/')}{TOKEN_PATH}"
    sent_at = now()
    if counter is not None:
        counter.count(app.client_id, connection, sent_at)
    try:
        response = await http.post(
            url, data=form, headers={"Accept": "application/json"}, follow_redirects=False
        )
    except httpx.TransportError as exc:
        raise ServerUnavailable(
            f"the token endpoint could not be reached ({type(exc).__name__})",
            context=RequestContext(method="POST", url=url),
        ) from exc
    if response.status_code != 200:
        raise _token_error(response, url, form["grant_type"], sent_at)
    body = _json(response)
    access, refresh, expires_in = (
        body.get("access_token"),
        body.get("refresh_token"),
        body.get("expires_in"),
    )
    if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
        raise WireFormatError("the token response lacks access_token or refresh_token")
    try:
        seconds = int(str(expires_in))
    except ValueError:
        raise WireFormatError(
            "the token response has no valid expires_in", value=expires_in
        ) from None
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        expires_at=sent_at + timedelta(seconds=seconds),
        obtained_at=max(now(), sent_at),
    )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise WireFormatError(
            "the token endpoint did not answer JSON", value=response.text[:200]
        ) from None
    if not isinstance(body, dict):
        raise WireFormatError("the token endpoint did not answer a JSON object", value=body)
    return body


def _token_error(response: httpx.Response, url: str, grant: str, sent_at: datetime) -> Exception:
    """The typed error for a refusal of the token endpoint."""
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    error = str(body.get("error") or "")
    description = str(body.get("error_description") or "")
    context = RequestContext(
        method="POST", url=url, status=status, exact_message=description or error
    )
    said = " ".join(description.lower().replace("_", " ").split())
    if status >= 500:
        return ServerUnavailable("the token endpoint failed", context=context)
    if "not expired" in said:
        return RefreshTooEarly(
            "Exact refused the refresh: the access token is younger than 570 s",
            context=context,
        )
    if status == 429 or "rate limit exceeded" in said:
        return RateLimited(
            "the daily token-endpoint quota is spent",
            context=context,
            retry_at=_next_midnight(sent_at),
        )
    reason = _dead_chain_reason(error, said, grant)
    if reason is not None:
        return ReconsentRequired(
            f"the user must authorize the app again: {reason}", reason=reason, context=context
        )
    return RequestRejected(
        "the token endpoint refused the request (check the client id and secret)",
        context=context,
    )


def _dead_chain_reason(error: str, said: str, grant: str) -> str | None:
    if "old refresh token" in said:
        return "refresh token reused"
    if error == "invalid_scope" or "scope" in said:
        return "scope missing"
    if grant == "authorization_code":
        if error == "invalid_grant":
            return "authorization code invalid, used or expired"
        return None
    if "expired" in said:
        return "refresh token expired"
    if error in ("invalid_grant", "unauthorized_client"):
        return "refresh token revoked or invalid"
    return None
