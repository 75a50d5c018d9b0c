"""The fault middleware at the ASGI level: what it sends, in which pieces, after which waits."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from exactbridge.emulator.faults import FaultSpec, decide
from exactbridge.emulator.faults.middleware import (
    FaultMiddleware,
    InjectedConnectionReset,
    endpoint_of,
)
from exactbridge.emulator.state import EmulatorState

BODY = b'{"d":{"results":[' + b'{"ID":1},' * 40 + b'{"ID":2}]}}'


class Inner:
    """A stand-in for the emulator's routes: answers BODY (or 204) and counts its calls."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body = b"" if self.status == 204 else BODY
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class Sleeps:
    def __init__(self, log: list[Any]) -> None:
        self.log = log

    async def __call__(self, seconds: float) -> None:
        self.log.append(("sleep", seconds))


def _scope(path: str, headers: list[tuple[bytes, bytes]] | None = None) -> Scope:
    return {"type": "http", "method": "GET", "path": path, "headers": headers or [],
            "query_string": b""}  # fmt: skip


async def _call(middleware: FaultMiddleware, scope: Scope, log: list[Any]) -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        log.append(message)

    await middleware(scope, receive, send)


def _middleware(
    state: EmulatorState, spec: FaultSpec, inner: Inner, log: list[Any]
) -> FaultMiddleware:
    state.set_faults(spec)
    return FaultMiddleware(inner, state, sleep=Sleeps(log))


async def test_a_slow_body_is_trickled_in_ten_chunks_over_the_given_time(
    state: EmulatorState,
) -> None:
    log: list[Any] = []
    middleware = _middleware(state, FaultSpec(slow=1.0, slow_seconds=2.0), Inner(), log)
    await _call(middleware, _scope("/api/v1/1/crm/Accounts"), log)
    assert log[0]["type"] == "http.response.start"  # headers first, without delay
    rest = log[1:]
    assert [entry for entry in rest if isinstance(entry, tuple)] == [("sleep", 0.2)] * 10
    chunks = [entry for entry in rest if isinstance(entry, dict)]
    assert len(chunks) == 10
    assert all(isinstance(rest[2 * i], tuple) for i in range(10))  # a wait before each chunk
    assert [c["more_body"] for c in chunks] == [True] * 9 + [False]
    assert b"".join(c["body"] for c in chunks) == BODY
    assert state.limiter.counters.faults == {"slow": 1}


async def test_a_reset_sends_part_of_the_body_then_raises(state: EmulatorState) -> None:
    log: list[Any] = []
    middleware = _middleware(state, FaultSpec(reset=1.0), Inner(), log)
    with pytest.raises(InjectedConnectionReset):
        await _call(middleware, _scope("/api/v1/1/crm/Accounts"), log)
    start, partial = log
    assert start["status"] == 200
    assert (b"content-length", str(len(BODY)).encode()) in start["headers"]
    assert partial["more_body"] is True
    assert 0 < len(partial["body"]) < len(BODY)
    assert BODY.startswith(partial["body"])
    assert state.limiter.counters.faults == {"reset": 1}
    assert state.limiter.counters.responses == {("crm/Accounts", 200): 1}


async def test_a_bodiless_answer_cannot_be_cut_and_goes_out_whole(state: EmulatorState) -> None:
    log: list[Any] = []
    middleware = _middleware(state, FaultSpec(reset=1.0), Inner(204), log)
    await _call(middleware, _scope("/api/v1/1/crm/Accounts"), log)
    assert [m["type"] for m in log] == ["http.response.start", "http.response.body"]
    assert state.limiter.counters.faults == {}


async def test_latency_is_waited_before_the_call_is_handled(state: EmulatorState) -> None:
    log: list[Any] = []
    spec = FaultSpec(seed=4, latency_min=0.02, latency_max=0.08)
    inner = Inner()
    middleware = _middleware(state, spec, inner, log)
    for _ in range(3):
        await _call(middleware, _scope("/api/v1/current/Me"), log)
    sleeps = [entry[1] for entry in log if isinstance(entry, tuple)]
    assert sleeps == [decide(spec, n).latency for n in (1, 2, 3)]
    assert isinstance(log[0], tuple) and log[1]["type"] == "http.response.start"
    assert inner.calls == 3
    assert state.limiter.counters.faults == {"latency": 3}


async def test_error_faults_answer_without_reaching_the_api(state: EmulatorState) -> None:
    log: list[Any] = []
    inner = Inner()
    middleware = _middleware(state, FaultSpec(server_error=1.0), inner, log)
    await _call(middleware, _scope("/api/v1/1/crm/Accounts"), log)
    assert inner.calls == 0
    assert log[0]["status"] in (500, 502, 503)
    assert state.limiter.counters.faults == {"5xx": 1}


@pytest.mark.parametrize("path", ["/__emulator/counters", "/health", "/api/oauth2/auth"])
async def test_admin_health_and_consent_are_never_faulted(state: EmulatorState, path: str) -> None:
    log: list[Any] = []
    inner = Inner()
    middleware = _middleware(state, FaultSpec(server_error=1.0, token=True), inner, log)
    await _call(middleware, _scope(path), log)
    assert inner.calls == 1 and log[0]["status"] == 200
    assert state.faults.sequence == 0


async def test_the_token_endpoint_is_faulted_only_when_the_spec_says_so(
    state: EmulatorState,
) -> None:
    log: list[Any] = []
    inner = Inner()
    middleware = _middleware(state, FaultSpec(server_error=1.0), inner, log)
    await _call(middleware, _scope("/api/oauth2/token"), log)
    assert inner.calls == 1
    middleware = _middleware(state, FaultSpec(server_error=1.0, token=True), inner, log)
    await _call(middleware, _scope("/api/oauth2/token"), log)
    assert inner.calls == 1
    counted = state.limiter.counters.responses
    assert sum(n for (endpoint, _), n in counted.items() if endpoint == "oauth2/token") == 2


def test_endpoints_are_counted_by_their_spec_path_without_keys() -> None:
    guid = "guid'0b8f3a4e-0000-4000-8000-000000000001'"
    assert endpoint_of(f"/api/v1/42/CRM/accounts({guid})") == ("crm/Accounts", 42)
    assert endpoint_of("/api/v1/42/crm/Accounts/$count") == ("crm/Accounts/$count", 42)
    assert endpoint_of("/api/v1/current/Me") == ("current/Me", None)
    assert endpoint_of("/api/oauth2/token") == ("oauth2/token", None)


def test_uvicorn_does_not_log_the_injected_resets(state: EmulatorState) -> None:
    FaultMiddleware(Inner(), state)
    logger = logging.getLogger("uvicorn.error")
    reset = InjectedConnectionReset("/api/v1/1/crm/Accounts")
    record = logger.makeRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI "
                               "application", (), (type(reset), reset, None))  # fmt: skip
    assert not logger.filter(record)
    other = logger.makeRecord("uvicorn.error", logging.ERROR, __file__, 1, "boom", (), None)
    assert logger.filter(other)
