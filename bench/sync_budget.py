"""How many of Exact's minute windows a full sync needs, against the ideal.

Starts the emulator as a real process with Exact's 60 calls a minute, the minute compressed
to `--minute-seconds` (6 s by default), stores a connection through the connect flow, and
runs one full sync of its first division into a temporary SQLite file with the connection's
own budgeted client (`tests.support.budgeted`: background priority, the `Budget` at its
defaults). It prints:

- calls: made by the engine, served by the emulator, the minimum (Exact's `$count`s and the
  page sizes, `tests.support.sync_calls`) and the difference;
- 429s: seen by the client and counted by the emulator (target: 0);
- windows: those the run spanned (first answer's window to the last's, waited ones
  included), the ideal (`ceil(minimum / limit)`), the ideal for the calls actually made,
  and the ratio of used to ideal (target: at most 1.10);
- the first window, which the sync enters wherever the connect flow left the clock: how
  far into it the first answer came and how many calls it took; then the windows the run
  waited for (all after the first) against the ideal for the calls left after the first
  (`ceil(rest / limit)`): the budget's own share of the result, whatever the phase;
- per window, the answers and how busy the syncing process was (CPU seconds over wall
  seconds, sampled every 50 ms; 1.00 is one core): near 1.00 with fewer answers than the
  limit means the process, not the budget, held the window back;
- wall time and records per second.

`--align` starts the sync at the start of a window (after the connect flow), so the whole
run's ratio shows the pacing without the luck of the first window's phase. `--profile
FILE` writes a cProfile of the run (connect flow included) for `python -m pstats FILE`.

Usage: `.venv/bin/python bench/sync_budget.py [--size medium] [--minute-seconds 6]
[--minutely-limit 60] [--align] [--profile FILE]`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import math
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository's test helpers

from tests.support.budgeted import BudgetedRun, budgeted_sync
from tests.support.faulty import Emulator
from tests.support.processes import running_emulator

SAMPLE_EVERY = 0.05
"""Seconds between two readings of the process's CPU time."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="medium", choices=("small", "medium", "large"))
    parser.add_argument("--minute-seconds", type=float, default=6.0)
    parser.add_argument("--minutely-limit", type=int, default=60)
    parser.add_argument("--align", action="store_true", help="start at a window's start")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the run to FILE")
    args = parser.parse_args()
    window = args.minute_seconds
    limits = ("--minutely-limit", str(args.minutely_limit),
              "--minute-seconds", str(window), "--daily-limit", "1000000")  # fmt: skip

    async def window_start() -> None:
        await asyncio.sleep(window - time.time() % window)

    with (
        tempfile.TemporaryDirectory() as folder,
        running_emulator("--size", args.size, "--divisions", "1", "--auto-consent", *limits) as url,
        cpu_samples() as samples,
    ):
        emulator = Emulator(url, [])
        profile = cProfile.Profile() if args.profile else None
        if profile is not None:
            profile.enable()
        run = asyncio.run(
            budgeted_sync(
                f"sqlite:///{folder}/store.db",
                url,
                minimum=True,
                ready=window_start if args.align else None,
            )
        )
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        counters = emulator.counters()
    _report(args, run, counters, samples)


def _report(
    args: argparse.Namespace,
    run: BudgetedRun,
    counters: dict[str, object],
    samples: list[tuple[float, float]],
) -> None:
    window, limit = args.minute_seconds, args.minutely_limit
    calls = run.report.total("calls")
    endpoints = counters["endpoints"]
    assert isinstance(endpoints, dict)
    served = sum(
        count
        for endpoint, answers in endpoints.items()
        if not endpoint.startswith("oauth2")
        for count in answers.values()
    )
    assert run.minimum is not None
    minimum = sum(run.minimum.values())
    used = run.windows(window)
    ideal = math.ceil(minimum / limit)
    per_window = run.per_window(window)
    rows = run.report.total("rows")
    start = "at a window's start" if args.align else "wherever the connect flow left it"
    print(f"size {args.size}, {limit} calls per {window:g} s window, the sync started {start}")
    print(f"calls: engine {calls}, minimum {minimum}, over minimum {calls - minimum}")
    over = {s.name: s.calls - run.minimum[s.name] for s in run.report.streams}
    print(f"  streams over their minimum: {({k: v for k, v in over.items() if v}) or 'none'}")
    print(f"served by the emulator (the connect flow and the $counts included): {served}")
    print(f"429: client {run.statuses.get(429, 0)}, emulator {counters['rejected_429']}")
    print(
        f"windows: used {used}, ideal {ideal} (for the calls made: {math.ceil(calls / limit)}),"
        f" ratio {used / ideal:.3f}"
    )
    rest = calls - per_window[0]
    waited = math.ceil(rest / limit)
    print(
        f"  first window: first answer {run.times[0] % window:.2f} s into it, {per_window[0]} calls"
    )
    print(
        f"  windows waited for: {used - 1} for the other {rest} calls, ideal {waited}, "
        f"ratio {(used - 1) / waited if waited else 1.0:.3f}"
    )
    print(f"  answers per window: {per_window}")
    print(f"  process busy per window: {_busy(samples, run.times[0], window, used)}")
    print(f"wall {run.seconds:.1f} s, {rows} rows, {rows / run.seconds:.0f} rows/s")


@contextmanager
def cpu_samples() -> Iterator[list[tuple[float, float]]]:
    """(epoch, CPU seconds of this process) every `SAMPLE_EVERY` s, from a thread."""
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.time(), time.process_time()))
            done.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield samples
    finally:
        done.set()
        sampler.join()


def _busy(samples: list[tuple[float, float]], first: float, window: float, count: int) -> str:
    """CPU seconds over wall seconds in each window, the first from its first answer on."""
    start = math.floor(first / window) * window
    shares: list[str] = []
    for n in range(count):
        low, high = max(first, start + n * window), start + (n + 1) * window
        inside = [s for s in samples if low <= s[0] < high]
        if len(inside) < 2:
            shares.append("?")
            continue
        (wall0, cpu0), (wall1, cpu1) = inside[0], inside[-1]
        shares.append(f"{(cpu1 - cpu0) / (wall1 - wall0):.2f}")
    return "[" + ", ".join(shares) + "]"


if __name__ == "__main__":
    main()
