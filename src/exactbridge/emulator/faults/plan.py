"""Deciding, call by call, which faults a request gets: seeded, reproducible, pure.

Each decision is a function of the spec's seed, the call's sequence number and the kind of
fault, hashed with BLAKE2b into a number in [0, 1); no global random state is involved, so
the same spec and the same sequence of calls give the same faults in every run, process
and platform. `FaultInjector` adds the only state a decision depends on: the sequence
counter and the 429 storms in progress per (app, division).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Final, Literal

from exactbridge.emulator.faults.spec import FaultSpec

__all__ = ["Decision", "FaultInjector", "InjectedError", "decide", "draw"]

ErrorKind = Literal["storm", "expect100", "5xx", "html"]

_SERVER_ERRORS: Final = (500, 502, 503)
_HTML_STATUSES: Final = (500, 503, 500)  # runtime error page, unavailable page, "Object moved"
_SCALE: Final = float(2**64)


@dataclass(frozen=True, slots=True)
class InjectedError:
    """An error response that replaces the real answer.

    Attributes:
        kind: which fault produced it.
        status: HTTP status.
        variant: which body of the kind to send (see `responses`).
    """

    kind: ErrorKind
    status: int
    variant: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    """The faults of one call.

    Attributes:
        sequence: the call's number (1 for the first faultable call of the injector).
        error: an error answered instead of the real response, if any.
        latency: seconds to wait before handling the call.
        reset: drop the connection after part of the body (only without `error`).
        slow: seconds over which to trickle the body, 0 for none (only without `error`).
    """

    sequence: int
    error: InjectedError | None = None
    latency: float = 0.0
    reset: bool = False
    slow: float = 0.0

    @property
    def kinds(self) -> tuple[str, ...]:
        """Names of the faults in this decision, as the counters list them."""
        kinds: list[str] = []
        if self.error is not None:
            kinds.append(self.error.kind)
        if self.latency > 0:
            kinds.append("latency")
        if self.reset:
            kinds.append("reset")
        if self.slow > 0:
            kinds.append("slow")
        return tuple(kinds)


def draw(seed: int, sequence: int, kind: str) -> float:
    """A number in [0, 1) fixed by the seed, the call's sequence number and the fault kind."""
    digest = hashlib.blake2b(f"{seed}:{sequence}:{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / _SCALE


def _pick(seed: int, sequence: int, kind: str, choices: int) -> int:
    return min(choices - 1, int(draw(seed, sequence, kind) * choices))


def decide(spec: FaultSpec, sequence: int, *, expect_continue: bool = False) -> Decision:
    """The faults of call number `sequence`, storms aside (they need `FaultInjector`).

    Precedence: an `Expect: 100-continue` refusal, then a 5xx, then an HTML page; a call
    without an error may be dropped mid-body (`reset`) or else trickled (`slow`). Latency
    applies to every call, errors included.
    """
    seed = spec.seed
    latency = 0.0
    if spec.latency_max > 0:
        spread = spec.latency_max - spec.latency_min
        latency = spec.latency_min + spread * draw(seed, sequence, "latency")
    error: InjectedError | None = None
    if expect_continue and draw(seed, sequence, "expect100") < spec.expect100:
        error = InjectedError("expect100", 500)
    elif draw(seed, sequence, "5xx") < spec.server_error:
        status = _SERVER_ERRORS[_pick(seed, sequence, "5xx.status", len(_SERVER_ERRORS))]
        error = InjectedError("5xx", status, _pick(seed, sequence, "5xx.body", 2))
    elif draw(seed, sequence, "html") < spec.html:
        variant = _pick(seed, sequence, "html.page", len(_HTML_STATUSES))
        error = InjectedError("html", _HTML_STATUSES[variant], variant)
    if error is not None:
        return Decision(sequence, error, latency)
    if draw(seed, sequence, "reset") < spec.reset:
        return Decision(sequence, None, latency, reset=True)
    if draw(seed, sequence, "slow") < spec.slow:
        return Decision(sequence, None, latency, slow=spec.slow_seconds)
    return Decision(sequence, None, latency)


class FaultInjector:
    """Numbers the faultable calls and keeps the 429 storms in progress.

    Args:
        spec: the faults to inject.
    """

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._sequence = 0
        self._storms: dict[tuple[str, int], int] = {}

    @property
    def sequence(self) -> int:
        """Number of calls decided so far."""
        return self._sequence

    def next(self, *, storm_key: tuple[str, int] | None, expect_continue: bool) -> Decision:
        """Decide the faults of the next call.

        Args:
            storm_key: the call's (client id, division), or None when it has none (token
                endpoint, `current/Me`, unauthenticated calls): such calls see no storm.
            expect_continue: the request carries `Expect: 100-continue`.
        """
        self._sequence += 1
        sequence = self._sequence
        decision = decide(self.spec, sequence, expect_continue=expect_continue)
        if storm_key is None or not self.spec.storm:
            return decision
        left = self._storms.get(storm_key, 0)
        if left == 0 and draw(self.spec.seed, sequence, "storm") < self.spec.storm:
            left = self.spec.storm_calls  # the call that starts a storm is its first 429
        if left == 0:
            return decision
        if left > 1:
            self._storms[storm_key] = left - 1
        else:
            self._storms.pop(storm_key, None)
        return Decision(sequence, InjectedError("storm", 429), decision.latency)
