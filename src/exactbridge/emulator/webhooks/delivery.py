"""Delivering notifications: a queue of deliveries over an injected clock, with retries.

Each delivery has an attempt count and a due time. `run_due()` sends every delivery whose
time has come; a 2xx answer ends it, anything else (or no answer) schedules the next
attempt 2^n minutes later, n being the number of failed attempts so far (2, 4, 8, ...,
1024 minutes: ten retries over about 34 hours, as Exact documents). The "minute" is
configurable so tests and benchmarks can compress time; tests drive `run_due()` on a
`ManualClock`, and the running emulator calls it from `run_forever()`, a background task.

A notification still waiting for its first attempt absorbs later ones about the same record
(`group`): creating an invoice with lines is one event for the receiver, who fetches the
record anyway. Every attempt is kept in a bounded log for the admin surface.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
from collections import deque
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final, Literal

from exactbridge.emulator.clock import Clock
from exactbridge.emulator.webhooks.sender import Outcome, Sender

__all__ = ["Attempt", "Delivery", "Dispatcher", "RetryPolicy"]

_HEADERS: Final = {"Content-Type": "application/json"}
_CONCURRENCY: Final = 16

Result = Literal["delivered", "retrying", "failed", "validated", "refused"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When to try again.

    Attributes:
        retries: attempts after the first one (Exact: 10).
        minute_seconds: seconds in a back-off "minute" (60; less to compress time).
    """

    retries: int = 10
    minute_seconds: float = 60.0

    def delay(self, failures: int) -> timedelta | None:
        """The wait after `failures` failed attempts, or None when it is time to give up."""
        if failures > self.retries:
            return None
        return timedelta(seconds=(2**failures) * self.minute_seconds)


@dataclass(slots=True)
class Delivery:
    """One notification on its way to one callback URL.

    Attributes:
        number: sequence number, for the log.
        url: the callback URL.
        body: the request body.
        about: what it notifies (topic, division, action, key, client id), for the log.
        group: deliveries with the same group, still waiting for a first attempt, coalesce.
        attempts: attempts made so far.
        due: when the next attempt is due.
    """

    number: int
    url: str
    body: bytes
    about: Mapping[str, Any]
    group: Hashable | None
    due: datetime
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class Attempt:
    """One POST to a callback URL, as the delivery log shows it.

    Attributes:
        time: when the answer came (UTC).
        kind: `notification`, or `validation` for the empty POST of a new subscription.
        url: the callback URL.
        attempt: 1 for the first try, 2 for the first retry, ...
        status: the HTTP status, or None without an answer.
        reason: the reason phrase, or what went wrong.
        result: `delivered`, `retrying`, `failed` (retries exhausted), or for validations
            `validated` / `refused`.
        next_attempt: when the next retry is due, if any.
        about: what the notification is about.
        body: the request body as text.
    """

    time: datetime
    kind: Literal["notification", "validation"]
    url: str
    attempt: int
    status: int | None
    reason: str
    result: Result
    next_attempt: datetime | None = None
    about: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""

    def as_json(self) -> dict[str, Any]:
        """The log entry as JSON-ready values (times in ISO 8601 UTC)."""
        return {
            "time": self.time.isoformat(),
            "kind": self.kind,
            "url": self.url,
            "attempt": self.attempt,
            "status": self.status,
            "reason": self.reason,
            "result": self.result,
            "next_attempt": self.next_attempt.isoformat() if self.next_attempt else None,
            **dict(self.about),
            "body": self.body,
        }


class Dispatcher:
    """The delivery state machine.

    Args:
        clock: the time source for due times.
        sender: the HTTP seam.
        policy: the retry schedule.
        log_size: attempts kept in `log`.
    """

    def __init__(
        self, clock: Clock, sender: Sender, policy: RetryPolicy, log_size: int = 1000
    ) -> None:
        self.clock = clock
        self.sender = sender
        self.policy = policy
        self.log: deque[Attempt] = deque(maxlen=max(1, log_size))
        self._queue: list[tuple[datetime, int, Delivery]] = []
        self._fresh: dict[Hashable, Delivery] = {}
        self._numbers = itertools.count(1)
        self._wake: asyncio.Event | None = None
        self._in_flight = 0

    def enqueue(
        self,
        url: str,
        body: bytes,
        *,
        about: Mapping[str, Any] | None = None,
        group: Hashable | None = None,
    ) -> Delivery | None:
        """Queue a delivery due now; None when it coalesced into a waiting one."""
        if group is not None and group in self._fresh:
            return None
        delivery = Delivery(next(self._numbers), url, body, about or {}, group, self.clock.now())
        self._push(delivery)
        if group is not None:
            self._fresh[group] = delivery
        if self._wake is not None:
            self._wake.set()
        return delivery

    @property
    def pending(self) -> int:
        """Deliveries waiting for an attempt (first or retry)."""
        return len(self._queue)

    @property
    def in_flight(self) -> int:
        """Deliveries being sent right now."""
        return self._in_flight

    @property
    def idle(self) -> bool:
        """Nothing waits and nothing is being sent: every queued delivery has settled."""
        return not self._queue and not self._in_flight

    def next_due(self) -> datetime | None:
        """When the earliest waiting delivery is due, or None when none waits."""
        return self._queue[0][0] if self._queue else None

    def take_due(self) -> list[Delivery]:
        """Remove and return the deliveries due now, earliest first."""
        now = self.clock.now()
        due: list[Delivery] = []
        while self._queue and self._queue[0][0] <= now:
            delivery = heapq.heappop(self._queue)[2]
            if delivery.group is not None and self._fresh.get(delivery.group) is delivery:
                del self._fresh[delivery.group]
            due.append(delivery)
        return due

    async def run_due(self) -> list[Attempt]:
        """Attempt every delivery that is due; failures are rescheduled or given up."""
        batch = self.take_due()
        if not batch:
            return []
        limit = asyncio.Semaphore(_CONCURRENCY)

        async def attempt(delivery: Delivery) -> Attempt:
            async with limit:
                outcome = await self.sender.post(delivery.url, delivery.body, _HEADERS)
            return self._settle(delivery, outcome)

        self._in_flight += len(batch)
        try:
            return list(await asyncio.gather(*(attempt(d) for d in batch)))
        finally:
            self._in_flight -= len(batch)

    async def run_forever(self, idle_seconds: float = 1.0) -> None:
        """Deliver as deliveries fall due, until cancelled (the emulator's background task).

        Sleeps until the next due time, at most `idle_seconds` (so a clock moved by hand is
        noticed), and wakes at once when something is queued.
        """
        self._wake = wake = asyncio.Event()
        try:
            while True:
                wake.clear()
                await self.run_due()
                wait = idle_seconds
                due = self.next_due()
                if due is not None:
                    wait = min(wait, (due - self.clock.now()).total_seconds())
                if wait > 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(wake.wait(), wait)
        finally:
            self._wake = None

    def record(self, attempt: Attempt) -> None:
        """Add an attempt made elsewhere (a subscription's validation POST) to the log."""
        self.log.append(attempt)

    def _settle(self, delivery: Delivery, outcome: Outcome) -> Attempt:
        delivery.attempts += 1
        now = self.clock.now()
        result: Result = "delivered"
        next_attempt = None
        if not outcome.ok:
            delay = self.policy.delay(delivery.attempts)
            if delay is None:
                result = "failed"
            else:
                result, next_attempt = "retrying", now + delay
                delivery.due = next_attempt
                self._push(delivery)
        attempt = Attempt(
            time=now,
            kind="notification",
            url=delivery.url,
            attempt=delivery.attempts,
            status=outcome.status,
            reason=outcome.reason,
            result=result,
            next_attempt=next_attempt,
            about=delivery.about,
            body=delivery.body.decode("utf-8", "replace"),
        )
        self.log.append(attempt)
        return attempt

    def _push(self, delivery: Delivery) -> None:
        heapq.heappush(self._queue, (delivery.due, delivery.number, delivery))
