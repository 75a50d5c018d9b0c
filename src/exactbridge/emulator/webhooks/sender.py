"""The one way webhooks leave the emulator: an HTTP POST through httpx.

The transport is the seam: tests pass `httpx.MockTransport` (or an `ASGITransport`) and
production uses httpx's own. Each call opens a short-lived client, so no connection pool
outlives the event loop that used it; an injected transport must therefore tolerate being
closed and used again, which httpx's mock and ASGI transports do. Redirects are not
followed: a 3xx is a failed delivery, as any non-2xx is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Protocol

import httpx

__all__ = ["HttpSender", "Outcome", "Sender"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one POST.

    Attributes:
        status: the HTTP status, or None when no response came (refused, timed out).
        reason: the reason phrase (`Service Unavailable`) or what went wrong.
    """

    status: int | None
    reason: str

    @property
    def ok(self) -> bool:
        """A 2xx answer."""
        return self.status is not None and 200 <= self.status < 300


class Sender(Protocol):
    """Posts a body to a URL; the interface the dispatcher and the validation use."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        """POST `body` to `url` and report the outcome; never raises for network trouble."""
        ...


class HttpSender:
    """A `Sender` over httpx.

    Args:
        timeout: seconds for connecting and for the answer.
        transport: the httpx transport (None: real network).
    """

    def __init__(self, timeout: float = 5.0, transport: httpx.AsyncBaseTransport | None = None):
        self._timeout = timeout
        self._transport = transport

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        """POST `body` to `url`; connection errors and timeouts become `status=None`."""
        try:
            async with httpx.AsyncClient(
                transport=self._transport, timeout=self._timeout, follow_redirects=False
            ) as client:
                response = await client.post(url, content=body, headers=dict(headers))
        except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
            return Outcome(None, _describe(exc))
        return Outcome(response.status_code, _reason(response))


def _reason(response: httpx.Response) -> str:
    if response.reason_phrase:
        return response.reason_phrase
    try:
        return HTTPStatus(response.status_code).phrase
    except ValueError:
        return ""


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    text = str(exc).strip()
    return text or type(exc).__name__
