"""Exact's API limits per (app, division): a calendar-minute window and a UTC-day window.

Every division-scoped response carries six headers, all resets in UTC epoch milliseconds::

    X-RateLimit-Limit / -Remaining / -Reset                       the daily window
    X-RateLimit-Minutely-Limit / -Minutely-Remaining / -Minutely-Reset

A call over a limit gets 429 with only the exhausted window's headers. Windows are fixed,
not sliding: the minute window ends on a whole multiple of `minute_seconds` since the epoch
(a wall-clock minute with the default 60), the day window at 00:00 UTC.

The optional error budget blocks an (app, division, endpoint) for an hour after too many
4xx answers within an hour, as Exact does since 2021.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from exactbridge.emulator.clock import Clock
from exactbridge.emulator.config import RateLimits
from exactbridge.emulator.problems import ExactProblem

__all__ = ["CallCounters", "RateLimiter"]

_HOUR: Final = 3600.0
_COUNTED_ERRORS: Final = frozenset({400, 401, 403, 404})


@dataclass(slots=True)
class _Window:
    ends_at_ms: int = 0
    used: int = 0


@dataclass(slots=True)
class CallCounters:
    """What the emulator served, for tests and benchmarks (read via the admin surface).

    `calls` and `rejected_429` are the limiter's own: calls admitted against the limits and
    calls refused because a window was exhausted. The rest is fed, for every `/api/…`
    response, by the fault middleware, which sees injected answers too.

    Attributes:
        calls: calls admitted against the (app, division) limits.
        rejected_429: calls refused with 429 by the limits (storms not included).
        responses: responses per (endpoint path, status).
        apps: responses per (client id, division or None, status).
        faults: faults injected per kind (`5xx`, `storm`, `latency`, …).
    """

    calls: int = 0
    rejected_429: int = 0
    responses: dict[tuple[str, int], int] = field(default_factory=dict)
    apps: dict[tuple[str, int | None, int], int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)

    def served(self, endpoint: str, status: int, client_id: str, division: int | None) -> None:
        """Count one response (`client_id` empty when the call carried no valid token)."""
        key = (endpoint, status)
        self.responses[key] = self.responses.get(key, 0) + 1
        app_key = (client_id, division, status)
        self.apps[app_key] = self.apps.get(app_key, 0) + 1

    def fault(self, kind: str) -> None:
        """Count one injected fault of `kind`."""
        self.faults[kind] = self.faults.get(kind, 0) + 1

    def clear(self) -> None:
        """Start counting from zero."""
        self.calls = self.rejected_429 = 0
        self.responses.clear()
        self.apps.clear()
        self.faults.clear()

    def as_json(self) -> dict[str, Any]:
        """The counters as JSON-ready nested objects, keys as strings, sorted."""
        endpoints: dict[str, dict[str, int]] = {}
        for (endpoint, status), count in sorted(self.responses.items()):
            endpoints.setdefault(endpoint, {})[str(status)] = count
        apps: dict[str, dict[str, dict[str, int]]] = {}
        for (client, division, status), count in sorted(
            self.apps.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2])
        ):
            scope = "-" if division is None else str(division)
            apps.setdefault(client or "-", {}).setdefault(scope, {})[str(status)] = count
        return {
            "responses": sum(self.responses.values()),
            "admitted": self.calls,
            "rejected_429": {"limits": self.rejected_429, "storm": self.faults.get("storm", 0)},
            "endpoints": endpoints,
            "apps": apps,
            "faults": dict(sorted(self.faults.items())),
        }


class RateLimiter:
    """Counts calls per (client id, division) and decides on 429s.

    Args:
        limits: the configured limits.
        clock: source of the current time.
    """

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self._limits = limits
        self._clock = clock
        self._minute: dict[tuple[str, int], _Window] = {}
        self._day: dict[tuple[str, int], _Window] = {}
        self._errors: dict[tuple[str, int, str], list[float]] = {}
        self._blocked_until: dict[tuple[str, int, str], float] = {}
        self.counters = CallCounters()

    @property
    def limits(self) -> RateLimits:
        """The limits in force."""
        return self._limits

    def set_limits(self, limits: RateLimits) -> None:
        """Apply new limits from the next call on; the current windows keep their counts."""
        self._limits = limits

    def admit(self, client_id: str, division: int, endpoint: str) -> dict[str, str]:
        """Count one call and return the headers for its response.

        Raises:
            ExactProblem: 429 with the exhausted window's headers, or 403 when the error
                budget blocked this endpoint.
        """
        now = self._clock.now()
        now_ms = _epoch_ms(now)
        key = (client_id, division)
        minute = self._window(self._minute, key, now_ms, self._minute_end(now_ms))
        day = self._window(self._day, key, now_ms, _day_end_ms(now))
        self._check_error_budget(client_id, division, endpoint, now_ms / 1000)
        limits = self._limits
        if day.used >= limits.daily:
            self.counters.rejected_429 += 1
            raise ExactProblem(429, "Too Many Requests", self._daily_headers(day))
        if minute.used >= limits.minutely:
            self.counters.rejected_429 += 1
            raise ExactProblem(429, "Too Many Requests", self._minute_headers(minute))
        minute.used += 1
        day.used += 1
        self.counters.calls += 1
        return self._daily_headers(day) | self._minute_headers(minute)

    def headers(self, client_id: str, division: int) -> dict[str, str]:
        """The six headers as they stand, without counting a call."""
        now = self._clock.now()
        now_ms = _epoch_ms(now)
        key = (client_id, division)
        minute = self._window(self._minute, key, now_ms, self._minute_end(now_ms))
        day = self._window(self._day, key, now_ms, _day_end_ms(now))
        return self._daily_headers(day) | self._minute_headers(minute)

    def record_status(self, client_id: str, division: int, endpoint: str, status: int) -> None:
        """Feed the error budget with the status of an answered call."""
        if not self._limits.error_budget or status not in _COUNTED_ERRORS:
            return
        now = self._clock.now().timestamp()
        key = (client_id, division, endpoint.lower())
        recent = [t for t in self._errors.get(key, []) if now - t < _HOUR]
        recent.append(now)
        self._errors[key] = recent
        if len(recent) > self._limits.error_budget:
            self._blocked_until[key] = now + _HOUR

    def _check_error_budget(self, client_id: str, division: int, endpoint: str, now: float) -> None:
        until = self._blocked_until.get((client_id, division, endpoint.lower()))
        if until is not None and now < until:
            raise ExactProblem(
                403,
                "Forbidden - Too many errors on this endpoint; "
                "the API key is blocked for one hour.",
            )

    def _minute_end(self, now_ms: int) -> int:
        length = max(1, round(self._limits.minute_seconds * 1000))
        return (now_ms // length + 1) * length

    @staticmethod
    def _window(
        table: dict[tuple[str, int], _Window], key: tuple[str, int], now_ms: int, ends_at: int
    ) -> _Window:
        window = table.get(key)
        if window is None or now_ms >= window.ends_at_ms:
            window = _Window(ends_at_ms=ends_at)
            table[key] = window
        return window

    def _daily_headers(self, day: _Window) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self._limits.daily),
            "X-RateLimit-Remaining": str(max(0, self._limits.daily - day.used)),
            "X-RateLimit-Reset": str(day.ends_at_ms),
        }

    def _minute_headers(self, minute: _Window) -> dict[str, str]:
        return {
            "X-RateLimit-Minutely-Limit": str(self._limits.minutely),
            "X-RateLimit-Minutely-Remaining": str(max(0, self._limits.minutely - minute.used)),
            "X-RateLimit-Minutely-Reset": str(minute.ends_at_ms),
        }


def _epoch_ms(instant: datetime) -> int:
    return math.floor(instant.timestamp() * 1000)


def _day_end_ms(instant: datetime) -> int:
    day = instant.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return _epoch_ms(day + timedelta(days=1))
