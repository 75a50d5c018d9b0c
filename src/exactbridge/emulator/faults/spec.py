"""The `--faults` spec language: parse, validate and print back a `FaultSpec`.

A spec is a comma-separated list of `key=value` items (the grammar is documented in the
package docstring, `exactbridge.emulator.faults`). Probabilities are fractions (`0.1`) or
percentages (`10%`); durations carry a unit (`80ms`, `2s`). Every problem is reported as one
`ConfigurationError` that names the item at fault and lists the valid keys, so the CLI can
print it as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Final, NoReturn

from exactbridge.errors import ConfigurationError

__all__ = ["EXAMPLE", "KEYS", "FaultSpec", "parse_faults"]

EXAMPLE: Final = (
    "seed=7,5xx=0.1,storm=0.01:20,latency=20-80ms,reset=0.02,slow=0.05:2s,html=0.02,expect100=0.5"
)

KEYS: Final = {
    "seed": "integer seed of every decision (default 0)",
    "5xx": "P: share of calls answered 500/502/503 (Exact's JSON body or plain text)",
    "storm": "P:N[:RESET]: a storm starts with probability P; N calls of that app and "
    "division get 429 with minutely headers at 0, reset RESET ahead (default 5s)",
    "latency": "D or D1-D2: delay added to every call (fixed, or uniform in the range)",
    "reset": "P: the connection is dropped mid-body (headers and part of the body sent)",
    "slow": "P:D: the body is trickled in chunks over D",
    "html": "P: an HTML error page (500/503) instead of JSON",
    "expect100": "P: 500 for requests carrying `Expect: 100-continue`",
    "token": "0 or 1: also fault the token endpoint /api/oauth2/token (default 0)",
}

_DURATION: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$")
_DEFAULT_STORM_RESET: Final = 5.0


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """Which faults to inject, and how often. The default injects nothing.

    Attributes:
        seed: seed every decision is derived from.
        server_error: probability of a 5xx answer (`5xx=`).
        storm: probability that a 429 storm starts on a call (`storm=P:…`).
        storm_calls: calls of the (app, division) a storm answers with 429.
        storm_reset: seconds ahead the storm's `X-RateLimit-Minutely-Reset` points.
        latency_min: smallest added latency in seconds (`latency=`).
        latency_max: largest added latency in seconds (equal to `latency_min` when fixed).
        reset: probability of a connection dropped mid-body.
        slow: probability of a trickled body.
        slow_seconds: how long a trickled body takes.
        html: probability of an HTML error page.
        expect100: probability of a 500 for a request with `Expect: 100-continue`.
        token: whether the token endpoint is faulted too.
    """

    seed: int = 0
    server_error: float = 0.0
    storm: float = 0.0
    storm_calls: int = 0
    storm_reset: float = _DEFAULT_STORM_RESET
    latency_min: float = 0.0
    latency_max: float = 0.0
    reset: float = 0.0
    slow: float = 0.0
    slow_seconds: float = 0.0
    html: float = 0.0
    expect100: float = 0.0
    token: bool = False

    @property
    def active(self) -> bool:
        """True when the spec can inject anything at all."""
        chances = (self.server_error, self.storm, self.reset, self.slow, self.html)
        return any(chances) or bool(self.expect100) or self.latency_max > 0

    def __str__(self) -> str:
        """The spec in its canonical text form (`parse_faults(str(spec)) == spec`)."""
        items = [f"seed={self.seed}"]
        if self.server_error:
            items.append(f"5xx={_number(self.server_error)}")
        if self.storm:
            items.append(
                f"storm={_number(self.storm)}:{self.storm_calls}:{_duration(self.storm_reset)}"
            )
        if self.latency_max:
            if self.latency_min == self.latency_max:
                items.append(f"latency={_duration(self.latency_min)}")
            else:
                low, high = _duration(self.latency_min), _duration(self.latency_max)
                items.append(f"latency={low}-{high}")
        for name in ("reset", "html", "expect100"):
            value: float = getattr(self, name)
            if value:
                items.append(f"{name}={_number(value)}")
        if self.slow:
            items.append(f"slow={_number(self.slow)}:{_duration(self.slow_seconds)}")
        if self.token:
            items.append("token=1")
        return ",".join(items)


def parse_faults(text: str) -> FaultSpec:
    """Parse a `--faults` spec such as `seed=7,5xx=0.1,latency=20-80ms`.

    An empty text, `none` or `off` means no faults.

    Raises:
        ConfigurationError: an unknown or repeated key, or a value out of range; the
            message names the item and lists the valid keys.
    """
    stripped = text.strip()
    if stripped.lower() in ("", "none", "off"):
        return FaultSpec()
    values: dict[str, object] = {}
    seen: set[str] = set()
    for item in stripped.split(","):
        key, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not key:
            _fail(text, f"{item.strip()!r} is not key=value")
        lowered = key.lower()
        if lowered not in KEYS:
            _fail(text, f"unknown key {key!r}")
        if lowered in seen:
            _fail(text, f"{key!r} is given twice")
        seen.add(lowered)
        try:
            values.update(_parse_item(lowered, value))
        except ValueError as exc:
            _fail(text, f"{key}={value}: {exc}")
    names = {f.name for f in fields(FaultSpec)}
    assert names.issuperset(values), values
    return FaultSpec(**values)  # type: ignore[arg-type]


def _parse_item(key: str, value: str) -> dict[str, object]:
    parts = [p.strip() for p in value.split(":")]
    if key == "seed":
        return {"seed": _integer(value, minimum=None)}
    if key == "token":
        if value not in ("0", "1"):
            msg = "expected 0 or 1"
            raise ValueError(msg)
        return {"token": value == "1"}
    if key == "latency":
        return dict(zip(("latency_min", "latency_max"), _range(value), strict=True))
    if key == "storm":
        if len(parts) not in (2, 3):
            msg = "expected P:N or P:N:RESET, e.g. 0.01:20 or 0.01:20:3s"
            raise ValueError(msg)
        reset = _seconds(parts[2]) if len(parts) == 3 else _DEFAULT_STORM_RESET
        if reset <= 0:
            msg = "the reset must be later than now"
            raise ValueError(msg)
        calls = _integer(parts[1], minimum=1)
        return {"storm": _probability(parts[0]), "storm_calls": calls, "storm_reset": reset}
    if key == "slow":
        if len(parts) != 2:
            msg = "expected P:D, e.g. 0.05:2s"
            raise ValueError(msg)
        return {"slow": _probability(parts[0]), "slow_seconds": _seconds(parts[1])}
    field_name = {"5xx": "server_error"}.get(key, key)
    return {field_name: _probability(value)}


def _probability(text: str) -> float:
    percent = text.endswith("%")
    try:
        value = float(text[:-1] if percent else text)
    except ValueError:
        value = math.nan
    if percent:
        value /= 100
    if not 0.0 <= value <= 1.0:  # also refuses nan
        msg = "a probability is a number from 0 to 1 (or 0% to 100%)"
        raise ValueError(msg)
    return value


def _integer(text: str, *, minimum: int | None) -> int:
    try:
        value = int(text)
    except ValueError:
        msg = f"{text!r} is not a whole number"
        raise ValueError(msg) from None
    if minimum is not None and value < minimum:
        msg = f"must be at least {minimum}"
        raise ValueError(msg)
    return value


def _seconds(text: str) -> float:
    match = _DURATION.match(text)
    if match is None or match.group(2) is None:
        msg = f"{text!r} is not a duration like 80ms or 2s"
        raise ValueError(msg)
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


def _range(text: str) -> tuple[float, float]:
    low_text, dash, high_text = text.partition("-")
    if not dash:
        value = _seconds(text)
        return value, value
    low_match, high_match = _DURATION.match(low_text), _DURATION.match(high_text)
    if low_match and high_match and low_match.group(2) is None and high_match.group(2):
        low_text = low_match.group(1) + high_match.group(2)  # `20-80ms`: one unit for both
    low, high = _seconds(low_text), _seconds(high_text)
    if low > high:
        msg = "the range must go from low to high"
        raise ValueError(msg)
    return low, high


def _number(value: float) -> str:
    return repr(value)


def _duration(seconds: float) -> str:
    millis = round(seconds * 1000)
    if seconds < 1 and millis / 1000 == seconds:
        return f"{millis}ms"
    return f"{seconds!r}s"


def _fail(text: str, problem: str) -> NoReturn:
    valid = ", ".join(KEYS)
    msg = f"invalid --faults spec {text!r}: {problem}. Valid keys: {valid} (for example {EXAMPLE})"
    raise ConfigurationError(msg)
