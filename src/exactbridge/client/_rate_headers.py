"""Exact's `X-RateLimit-*` headers: read from a response, folded into what is known.

Exact reports two windows on every division-scoped response (facts 3.2)::

    X-RateLimit-Limit / -Remaining / -Reset                        the daily window
    X-RateLimit-Minutely-Limit / -Minutely-Remaining / -Minutely-Reset

Resets are UTC epoch milliseconds. A header that is absent means *unknown*, never zero: a
429 carries only the exhausted window's headers, and `current/Me` carries none. Answers
to concurrent calls arrive in any order, so folding them in keeps the freshest count of
the newest window (`merge_window`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["Known", "WindowHeaders", "merge_window", "parse_rate_headers"]

Known = tuple[int | None, int | None, datetime | None]
"""What is known of one window: (limit, remaining, reset), each None when unknown."""


@dataclass(frozen=True, slots=True)
class WindowHeaders:
    """One window's three headers as sent; None for each one that was absent or unreadable."""

    limit: int | None = None
    remaining: int | None = None
    reset: datetime | None = None

    @property
    def present(self) -> bool:
        """Whether any of the three headers was sent."""
        return self.limit is not None or self.remaining is not None or self.reset is not None


def parse_rate_headers(headers: Mapping[str, str]) -> tuple[WindowHeaders, WindowHeaders]:
    """The (minutely, daily) windows of a response's headers, names matched case-insensitively.

    An absent or unreadable header stays None (unknown): never read as zero.
    """
    lower = {name.lower(): value for name, value in headers.items()}

    def number(name: str) -> int | None:
        text = lower.get(name, "").strip()
        try:
            return int(text) if text else None
        except ValueError:
            return None

    def instant(name: str) -> datetime | None:
        ms = number(name)
        return None if ms is None else datetime.fromtimestamp(ms / 1000, tz=UTC)

    minutely = WindowHeaders(
        number("x-ratelimit-minutely-limit"),
        number("x-ratelimit-minutely-remaining"),
        instant("x-ratelimit-minutely-reset"),
    )
    daily = WindowHeaders(
        number("x-ratelimit-limit"),
        number("x-ratelimit-remaining"),
        instant("x-ratelimit-reset"),
    )
    return minutely, daily


def merge_window(known: Known, new: WindowHeaders) -> Known:
    """Fold one window's headers into what is known; responses may arrive out of order.

    A later reset starts a new window; the same reset keeps the lowest remaining (the
    freshest count); an earlier reset is a straggler from a past window and is ignored.
    """
    limit, remaining, reset = known
    if new.limit is not None:
        limit = new.limit
    if new.remaining is None and new.reset is None:
        return limit, remaining, reset
    if reset is None or new.reset is None or new.reset > reset:
        if new.remaining is not None:
            remaining = new.remaining
        return limit, remaining, new.reset or reset
    if new.reset == reset and new.remaining is not None:
        remaining = new.remaining if remaining is None else min(remaining, new.remaining)
    return limit, remaining, reset
