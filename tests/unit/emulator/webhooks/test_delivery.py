"""The delivery state machine on a manual clock: 2^n-minute retries, giving up, coalescing."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.webhooks.delivery import Dispatcher, RetryPolicy
from exactbridge.emulator.webhooks.sender import HttpSender, Outcome

START = datetime(2026, 6, 25, 14, 0, tzinfo=UTC)
URL = "https://receiver.example/hook"


class Script:
    """A sender answering from a list of statuses (None: no answer), then 200."""

    def __init__(self, *statuses: int | None) -> None:
        self.statuses = list(statuses)
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
        self.calls.append((url, body, dict(headers)))
        status = self.statuses.pop(0) if self.statuses else 200
        return Outcome(status, "" if status is None else "Reason")


def test_back_off_is_two_to_the_n_minutes_for_ten_retries() -> None:
    policy = RetryPolicy()
    delays = [policy.delay(n) for n in range(1, 12)]
    assert delays[:10] == [timedelta(minutes=2**n) for n in range(1, 11)]
    assert delays[10] is None
    total = sum((d for d in delays if d is not None), timedelta())
    assert timedelta(hours=34) < total < timedelta(hours=35)  # "10 retries over ~34 h"
    assert RetryPolicy(retries=2, minute_seconds=0.5).delay(2) == timedelta(seconds=2)


async def test_failed_attempts_are_retried_on_schedule_until_success() -> None:
    clock = ManualClock(START)
    sender = Script(500, None, 503)
    dispatcher = Dispatcher(clock, sender, RetryPolicy())
    dispatcher.enqueue(URL, b'{"x":1}', about={"topic": "Accounts"})
    first = await dispatcher.run_due()
    assert [(a.attempt, a.status, a.result) for a in first] == [(1, 500, "retrying")]
    assert first[0].next_attempt == START + timedelta(minutes=2)
    clock.advance(119)
    assert await dispatcher.run_due() == []  # one second early: nothing is due
    clock.advance(1)
    second = await dispatcher.run_due()
    assert [(a.attempt, a.status, a.result) for a in second] == [(2, None, "retrying")]
    assert dispatcher.next_due() == clock.now() + timedelta(minutes=4)
    clock.advance(minutes=4)
    third = await dispatcher.run_due()
    assert [(a.attempt, a.status, a.result) for a in third] == [(3, 503, "retrying")]
    clock.advance(minutes=8)
    fourth = await dispatcher.run_due()
    assert [(a.attempt, a.status, a.result) for a in fourth] == [(4, 200, "delivered")]
    assert dispatcher.pending == 0 and dispatcher.next_due() is None
    assert [body for _, body, _ in sender.calls] == [b'{"x":1}'] * 4
    assert sender.calls[0][2] == {"Content-Type": "application/json"}
    assert [a.attempt for a in dispatcher.log] == [1, 2, 3, 4]
    assert dispatcher.log[0].about == {"topic": "Accounts"}


async def test_gives_up_after_the_configured_retries() -> None:
    clock = ManualClock(START)
    sender = Script(*([500] * 20))
    dispatcher = Dispatcher(clock, sender, RetryPolicy(retries=10))
    dispatcher.enqueue(URL, b"{}")
    times = []
    while (due := dispatcher.next_due()) is not None:
        clock.set(due)
        times.append(clock.now())
        await dispatcher.run_due()
    assert len(sender.calls) == 11  # the first attempt and ten retries
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps == [timedelta(minutes=2**n) for n in range(1, 11)]
    assert dispatcher.log[-1].result == "failed" and dispatcher.log[-1].next_attempt is None


async def test_compressed_minutes() -> None:
    clock = ManualClock(START)
    dispatcher = Dispatcher(clock, Script(500), RetryPolicy(minute_seconds=0.01))
    dispatcher.enqueue(URL, b"{}")
    (attempt,) = await dispatcher.run_due()
    assert attempt.next_attempt == START + timedelta(seconds=0.02)


async def test_a_waiting_notification_absorbs_later_ones_of_its_group() -> None:
    clock = ManualClock(START)
    sender = Script()
    dispatcher = Dispatcher(clock, sender, RetryPolicy())
    assert dispatcher.enqueue(URL, b"header", group=("sub", "key", "Change")) is not None
    assert dispatcher.enqueue(URL, b"line", group=("sub", "key", "Change")) is None
    assert dispatcher.enqueue(URL, b"delete", group=("sub", "key", "Delete")) is not None
    assert dispatcher.enqueue(URL, b"other", group=("sub", "other", "Change")) is not None
    assert dispatcher.pending == 3 and not dispatcher.idle
    await dispatcher.run_due()
    assert dispatcher.idle and dispatcher.in_flight == 0
    assert sorted(body for _, body, _ in sender.calls) == [b"delete", b"header", b"other"]
    # once sent, a new change is a new notification
    assert dispatcher.enqueue(URL, b"later", group=("sub", "key", "Change")) is not None


async def test_log_is_bounded() -> None:
    clock = ManualClock(START)
    dispatcher = Dispatcher(clock, Script(), RetryPolicy(), log_size=3)
    for n in range(5):
        dispatcher.enqueue(URL, str(n).encode())
    await dispatcher.run_due()
    assert len(dispatcher.log) == 3


@pytest.mark.parametrize(
    ("handler", "expected"),
    [
        (lambda r: httpx.Response(204), Outcome(204, "No Content")),
        (lambda r: httpx.Response(503), Outcome(503, "Service Unavailable")),
        (lambda r: httpx.Response(302, headers={"Location": "/x"}), Outcome(302, "Found")),
    ],
)
async def test_http_sender_reports_status_and_reason(handler: object, expected: Outcome) -> None:
    sender = HttpSender(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    outcome = await sender.post(URL, b"{}", {})
    assert outcome == expected
    assert outcome.ok is (expected.status == 204)


async def test_http_sender_turns_network_errors_into_no_status() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    sender = HttpSender(transport=httpx.MockTransport(refuse))
    assert await sender.post(URL, b"", {}) == Outcome(None, "could not connect")
    assert (await HttpSender().post("not a url", b"", {})).status is None


async def test_http_sender_sends_the_body_verbatim() -> None:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    sender = HttpSender(transport=httpx.MockTransport(record))
    await sender.post(URL, b"", {})
    await sender.post(URL, b'{"a":1}', {"Content-Type": "application/json"})
    assert seen[0].method == "POST" and seen[0].content == b""
    assert seen[0].headers["content-length"] == "0"
    assert seen[1].content == b'{"a":1}'
    assert seen[1].headers["content-type"] == "application/json"
