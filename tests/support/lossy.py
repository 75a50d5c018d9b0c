"""Test helpers: httpx transports that lose chosen POSTs, before or after Exact got them, and
record what was POSTed."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal

import httpx

Fate = Literal["deliver", "lose_request", "lose_response"]


class LossyTransport(httpx.AsyncBaseTransport):
    """Wraps a transport; each API POST takes the next fate from `fates` (then `deliver`).

    `lose_request` raises a read timeout without forwarding (Exact never saw it);
    `lose_response` forwards it, lets Exact handle it, then raises the same timeout, so the
    caller cannot tell the two apart, as with a real network.

    Attributes:
        calls: API calls seen, by method (lost ones included).
        delivered: API calls that reached the emulator, by method.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport, fates: list[Fate] | None = None) -> None:
        self.inner = inner
        self.fates: list[Fate] = list(fates or [])
        self.calls: Counter[str] = Counter()
        self.delivered: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        api = "/api/v1/" in request.url.path
        if api:
            self.calls[request.method] += 1
        fate: Fate = "deliver"
        if api and request.method == "POST" and self.fates:
            fate = self.fates.pop(0)
        if fate == "lose_request":
            raise httpx.ReadTimeout("lost before it reached Exact", request=request)
        response = await self.inner.handle_async_request(request)
        if api:
            self.delivered[request.method] += 1
        if fate == "lose_response":
            await response.aread()
            raise httpx.ReadTimeout("answer lost on the way back", request=request)
        return response


class RecordingTransport(LossyTransport):
    """A `LossyTransport` that also keeps every API POST's path and JSON body."""

    def __init__(self, inner: httpx.AsyncBaseTransport, fates: list[Fate] | None = None) -> None:
        super().__init__(inner, fates)
        self.posted: list[tuple[str, Any]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and "/api/v1/" in request.url.path:
            self.posted.append((request.url.path, json.loads(request.content)))
        return await super().handle_async_request(request)

    def bodies(self, endpoint: str) -> list[Any]:
        """The bodies POSTed to `endpoint` (`salesinvoice/SalesInvoices`), in order."""
        return [body for path, body in self.posted if path.endswith(f"/{endpoint}")]
