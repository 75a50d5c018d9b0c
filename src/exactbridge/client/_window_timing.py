"""The minute window's timing as one process learns it: its length, the margin, the reserve.

Exact does not say how long its minute window is; the resets it reports do. Windows are
fixed and aligned (facts 3.2), so two resets differ by a whole number of windows and the
smallest step seen between them is the length once two neighbouring windows were seen;
before that, the longest wait for a reset seen is a lower bound. Exact's window is 60 s;
an emulator's may be compressed to a few seconds, and both rules below scale with it.

**The margin.** A reset is Exact's instant, read on our clock. If ours runs ahead by more
than the margin added to every reset, the first call of the "new" window lands in Exact's
old, spent one and earns a 429 (facts 9, gotcha 7). Skew is absolute, not a share of the
window, but a window shorter than Exact's minute only exists on an emulator or a test
server, which usually share our clock. So the margin is `share` of the learned length
(1/60: Exact's 60 s keeps the 1 s it always had), never below a floor (`least`) nor above
the margin used while the length is unknown (`most`). A clock that is off anyway shows
itself: a 429 naming a reset our clock had already passed means the call reached Exact's
old window after we believed it over (our clock ahead by up to that lag, or the answer
slow). From then on the margin is at least twice the largest such lag.

**The reserve.** Background callers leave `reserve` calls of each window to interactive
ones. Calls left unclaimed at the reset are lost, so the reserve is spent evenly: what
interactive callers keep at any instant is what the reserve is worth in the time left,
`reserve * left / length`, rounded to the nearest call. With 10 calls of Exact's 60 s
window reserved, a background caller gets the first of them 57 s before the reset and the
last 3 s before it, one every 6 s, as long as no interactive caller takes them first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

__all__ = ["MarginRule", "WindowTiming", "reserve_due"]

_ZERO: Final = timedelta(0)


@dataclass(frozen=True, slots=True)
class MarginRule:
    """How long after a reset (on our clock) a window counts as renewed.

    Attributes:
        most: the margin while the window's length is unknown, and the largest after.
        least: the smallest margin, whatever the window's length.
        share: the margin as a share of the learned window length.
    """

    most: timedelta
    least: timedelta
    share: float


@dataclass(slots=True)
class WindowTiming:
    """What one process learned of the minute windows of one (client id, division).

    Attributes:
        newest_reset: the latest reset an answer reported.
        length: the smallest step seen between two resets (None until two were seen).
        at_least: the longest wait for a reset seen: the window is no shorter.
        lag: the furthest our clock was past the reset a 429 named.
    """

    newest_reset: datetime | None = None
    length: timedelta | None = None
    at_least: timedelta = _ZERO
    lag: timedelta = _ZERO

    def observe(self, reset: datetime, now: datetime) -> None:
        """Learn from the minutely reset of an answered (not refused) call."""
        self.at_least = max(self.at_least, reset - now)
        newest = self.newest_reset
        if newest is not None and reset > newest:
            step = reset - newest
            self.length = step if self.length is None else min(self.length, step)
        if newest is None or reset > newest:
            self.newest_reset = reset

    def refused(self, reset: datetime, now: datetime) -> None:
        """Learn from the minutely reset of a 429: how late our clock may be trusted."""
        self.lag = max(self.lag, now - reset)

    @property
    def span(self) -> timedelta | None:
        """The window's length as far as known: learned, else its lower bound, else None."""
        if self.length is not None:
            return self.length
        return self.at_least if self.at_least > _ZERO else None

    def margin(self, rule: MarginRule) -> timedelta:
        """What to add to this window's resets (see the module docstring)."""
        margin = rule.most
        if self.length is not None:
            margin = min(rule.most, max(rule.least, self.length * rule.share))
        return max(margin, 2 * self.lag)


def reserve_due(spare: int, reserve: int, reset: datetime, span: timedelta) -> datetime:
    """When a background caller may take one of the last `spare` calls of a window's reserve.

    `spare` (1 to `reserve`) counts the calls left above the safety line. Taking one leaves
    `spare - 1`, which is enough once what the reserve is worth in the time left rounds to
    no more: `reserve * left / span <= spare - 1/2`.
    """
    return reset - span * (2 * spare - 1) // (2 * reserve)
