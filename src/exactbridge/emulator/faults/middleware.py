"""The ASGI layer that injects faults into API calls and counts every API response.

It wraps the whole emulator app but acts only on paths under `/api/`: it counts each
response there (per endpoint and status, per app and division) into the limiter's
`CallCounters`, and, for faultable calls (`/api/v1/…`, plus the token endpoint when the
spec says `token=1`), asks the state's `FaultInjector` what to do. The admin surface and
`/health` pass through untouched.

A connection reset is made the only way ASGI allows: the response start and part of the
body are sent, then `InjectedConnectionReset` is raised; uvicorn then closes the socket
without completing the body, which clients see as a protocol or read error. The log line
uvicorn writes for it is filtered out, since the failure is the point.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Final

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exactbridge.emulator.faults.plan import Decision
from exactbridge.emulator.faults.responses import error_response
from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.state import EmulatorState
from exactbridge.exact import find_entity

__all__ = ["FaultMiddleware", "InjectedConnectionReset", "endpoint_of"]

Sleep = Callable[[float], Awaitable[None]]

_TOKEN_PATH: Final = "/api/oauth2/token"  # noqa: S105 - a path, not a secret
_SLOW_CHUNKS: Final = 10


class InjectedConnectionReset(Exception):
    """Raised after a partial body to make the server drop the connection."""


class _HideInjectedResets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, InjectedConnectionReset)


_LOG_FILTER: Final = _HideInjectedResets()


def endpoint_of(path: str) -> tuple[str, int | None]:
    """The endpoint a request path addresses, for counting, and its division.

    `/api/v1/123/CRM/Accounts(guid'…')` gives `("crm/Accounts", 123)` (keys dropped, the
    spec's casing); `/api/oauth2/token` gives `("oauth2/token", None)`.
    """
    rest = path.removeprefix("/api/")
    if not rest.startswith("v1/"):
        return rest, None
    segments = [s for s in rest[3:].split("/") if s]
    division = None
    if segments and segments[0].isdigit():
        division = int(segments[0])
        segments = segments[1:]
    label = "/".join(segment.split("(", 1)[0] for segment in segments)
    spec = find_entity(label)
    return (spec.path if spec is not None else label), division


class FaultMiddleware:
    """Injects the state's faults into API calls and counts API responses.

    Args:
        app: the emulator's routes.
        state: the emulator state (its `faults` injector is read on every call, so
            `EmulatorState.set_faults` takes effect at once).
        sleep: how to wait for latency and slow bodies; tests inject a recorder.
    """

    def __init__(self, app: ASGIApp, state: EmulatorState, sleep: Sleep = asyncio.sleep) -> None:
        self.app = app
        self.state = state
        self._sleep = sleep
        uvicorn_log = logging.getLogger("uvicorn.error")
        if _LOG_FILTER not in uvicorn_log.filters:
            uvicorn_log.addFilter(_LOG_FILTER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        state = self.state
        headers = Headers(scope=scope)
        endpoint, division = endpoint_of(path)
        client_id = _client_id(state, headers.get("authorization"))
        injector = state.faults
        faultable = path.startswith("/api/v1/") or (injector.spec.token and path == _TOKEN_PATH)
        status = 500  # what a crash of the app below would become

        async def observe(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            if not (faultable and injector.spec.active):
                await self.app(scope, receive, observe)
                return
            storm_key = (client_id, division) if client_id and division is not None else None
            expect = headers.get("expect", "").strip().lower() == "100-continue"
            decision = injector.next(storm_key=storm_key, expect_continue=expect)
            await self._inject(decision, scope, receive, observe, client_id, division)
        finally:
            state.limiter.counters.served(endpoint, status, client_id, division)

    async def _inject(
        self,
        decision: Decision,
        scope: Scope,
        receive: Receive,
        send: Send,
        client_id: str,
        division: int | None,
    ) -> None:
        counters = self.state.limiter.counters
        if decision.latency > 0:
            counters.fault("latency")
            await self._sleep(decision.latency)
        if decision.error is not None:
            counters.fault(decision.error.kind)
            await self._send_error(decision, scope, send, client_id, division)
            return
        if not (decision.reset or decision.slow > 0):
            await self.app(scope, receive, send)
            return
        start, body = await _buffered(self.app, scope, receive, send)
        if decision.reset and len(body) >= 2:
            counters.fault("reset")
            await send(start)
            await send({"type": "http.response.body", "body": body[: len(body) // 2],
                        "more_body": True})  # fmt: skip
            raise InjectedConnectionReset(scope.get("path", ""))
        await send(start)
        if decision.slow > 0 and body:
            counters.fault("slow")
            await self._trickle(body, decision.slow, send)
            return
        await send({"type": "http.response.body", "body": body})

    async def _send_error(
        self, decision: Decision, scope: Scope, send: Send, client_id: str, division: int | None
    ) -> None:
        assert decision.error is not None
        state = self.state
        rate_headers: dict[str, str] = {}
        if client_id and division is not None:
            rate_headers = state.limiter.headers(client_id, division)
        now_ms = math.floor(state.clock.now().timestamp() * 1000)
        answer = error_response(
            decision.error,
            path=scope.get("path", ""),
            rate_headers=rate_headers,
            storm_reset_ms=now_ms + round(state.faults.spec.storm_reset * 1000),
            minutely_limit=state.limiter.limits.minutely,
        )
        raw = [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()
        ]
        raw.append((b"content-length", str(len(answer.body)).encode("ascii")))
        await send({"type": "http.response.start", "status": answer.status, "headers": raw})
        await send({"type": "http.response.body", "body": answer.body})

    async def _trickle(self, body: bytes, seconds: float, send: Send) -> None:
        """Send `body` in up to ten chunks, one every tenth of `seconds`."""
        pieces = min(_SLOW_CHUNKS, len(body))
        bounds = [len(body) * index // pieces for index in range(pieces + 1)]
        for index in range(pieces):
            await self._sleep(seconds / pieces)
            chunk = body[bounds[index] : bounds[index + 1]]
            await send(
                {"type": "http.response.body", "body": chunk, "more_body": index + 1 < pieces}
            )


async def _buffered(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> tuple[Message, bytes]:
    """Run `app` and keep its response start and whole body instead of sending them."""
    start: Message = {"type": "http.response.start", "status": 500, "headers": []}
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
        else:
            await send(message)

    await app(scope, receive, capture)
    return start, b"".join(chunks)


def _client_id(state: EmulatorState, authorization: str | None) -> str:
    if not authorization:
        return ""
    try:
        return state.oauth.authenticate(authorization).client_id
    except ExactProblem:
        return ""
