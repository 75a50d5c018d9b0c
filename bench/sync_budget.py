"""How many of Exact's minute windows a full sync needs, against the ideal.

Starts the emulator as a real process with Exact's 60 calls a minute, the minute compressed
to `--minute-seconds` (6 s by default), stores a connection through the connect flow, and
runs one full sync of its first division into a temporary SQLite file with the connection's
own budgeted client (`tests.support.budgeted`). It prints:

- calls: made by the engine, served by the emulator, the minimum (Exact's `$count`s and the
  page sizes, `tests.support.sync_calls`) and the difference;
- 429s: seen by the client and counted by the emulator (target: 0);
- windows: those the run spanned (first answer's window to the last's, waited ones
  included), the ideal (`ceil(minimum / limit)`), the ideal for the calls actually made,
  the ratio of used to ideal (target: at most 1.10), the same at the share of a window a
  background client may use (the `Budget` leaves `background_reserve` calls of each window
  to interactive callers), and the answers in each window;
- wall time and records per second.

Usage: `.venv/bin/python bench/sync_budget.py [--size medium] [--minute-seconds 6]
[--minutely-limit 60]`.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import math
import sys
import tempfile
from pathlib import Path

from exactbridge.client import Budget

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's test helpers

from tests.support.budgeted import budgeted_sync
from tests.support.faulty import Emulator
from tests.support.processes import running_emulator

RESERVE: int = inspect.signature(Budget).parameters["background_reserve"].default
"""Calls of each window a background client (a sync) leaves to interactive callers."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--minute-seconds", type=float, default=6.0)
    parser.add_argument("--minutely-limit", type=int, default=60)
    args = parser.parse_args()
    limits = ("--minutely-limit", str(args.minutely_limit),
              "--minute-seconds", str(args.minute_seconds), "--daily-limit", "1000000")  # fmt: skip
    with (
        tempfile.TemporaryDirectory() as folder,
        running_emulator("--size", args.size, "--divisions", "1", "--auto-consent", *limits) as url,
    ):
        emulator = Emulator(url, [])
        run = asyncio.run(budgeted_sync(f"sqlite:///{folder}/store.db", url, minimum=True))
        counters = emulator.counters()
    calls = run.report.total("calls")
    served = sum(
        count
        for endpoint, answers in counters["endpoints"].items()
        if not endpoint.startswith("oauth2")
        for count in answers.values()
    )
    assert run.minimum is not None
    minimum = sum(run.minimum.values())
    limit = args.minutely_limit
    used = run.windows(args.minute_seconds)
    ideal = math.ceil(minimum / limit)
    rows = run.report.total("rows")
    print(f"size {args.size}, {limit} calls per {args.minute_seconds:g} s window")
    print(f"calls: engine {calls}, minimum {minimum}, over minimum {calls - minimum}")
    over = {s.name: s.calls - run.minimum[s.name] for s in run.report.streams}
    print(f"  streams over their minimum: {({k: v for k, v in over.items() if v}) or 'none'}")
    print(f"served by the emulator (the connect flow and the $counts included): {served}")
    print(f"429: client {run.statuses.get(429, 0)}, emulator {counters['rejected_429']}")
    print(
        f"windows: used {used}, ideal {ideal} (for the calls made: {math.ceil(calls / limit)}),"
        f" ratio {used / ideal:.3f}"
    )
    share = limit - RESERVE
    print(
        f"  at the background share ({share} a window, {RESERVE} left to interactive calls):"
        f" ideal {math.ceil(minimum / share)}, ratio {used / math.ceil(minimum / share):.3f}"
    )
    print(f"  answers per window: {run.per_window(args.minute_seconds)}")
    print(f"wall {run.seconds:.1f} s, {rows} rows, {rows / run.seconds:.0f} rows/s")


if __name__ == "__main__":
    main()
