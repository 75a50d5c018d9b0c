"""How close the client's rate-limit `Budget` gets to the limit without earning a 429.

Starts the emulator as a real process with a compressed "minute" (60 calls per 3 s window,
`--minute-seconds 3`), connects an `ExactClient` to it over loopback through the OAuth code
grant, and makes `--calls` GETs of `crm/Accounts?$top=1` in one division, first one after
the other and then from `--tasks` concurrent tasks sharing the client. For each run it
prints:

- calls made, and the 429s seen, by the emulator (`GET /__emulator/counters`, reset before
  each run) and by the client (statuses counted by a wrapping transport; the client retries
  a 429 by itself, so a caller would not see it);
- the wall time, the ideal (`calls / limit` windows of `--minute-seconds`: 10 x 3 s = 30 s)
  and the ratio to it;
- the windows the calls landed in (10 for 600 calls, 11 when the first window is entered
  too late for 60 calls to fit), how many windows were skipped in between (a wasted
  window), and how long after the last window opened the run ended: the cost of the
  Budget's `margin` and of the last window's calls.

The first run usually enters its first window part-way, so it may beat the ideal by up to
one window; the second starts where the first left off, often in a window the first used
up, and waits for the next.

Target: zero 429s and at most 10% over the ideal. The Budget runs with its defaults: the
margin added to every reset for clock skew is 1 s until the window's length is learned
from the resets seen, then 1/60 of it (0.05 s of a 3 s window, also the floor);
`probe_wait` is 1 s. `--margin` (the margin before the length is known, and the most),
`--margin-floor` and `--probe-wait` change them. The margin delays the first call of each
window, not its number: 60 calls take a fraction of a second, so even a 1 s margin in a
3 s window loses no window, and costs about one margin at the end of a run.

Usage: `.venv/bin/python bench/client_budget.py [--calls 600] [--tasks 10] [--margin S]
[--margin-floor S] [--probe-wait S] [--minute-seconds S]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from exactbridge.client import (
    Budget,
    ExactClient,
    MemoryBudgetStore,
    MemoryTokenStore,
    OAuthApp,
    Query,
    TokenManager,
    authorization_url,
    exchange_code,
)
from exactbridge.emulator.config import DEFAULT_APP

EXACTBRIDGE = str(Path(sys.executable).parent / "exactbridge")
CONNECTION = "bench"
MINUTELY = 60


class CountingTransport(httpx.AsyncBaseTransport):
    """A real loopback transport that also counts statuses and the minute windows seen."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()
        self.windows: set[str] = set()

    def clear(self) -> None:
        self.statuses.clear()
        self.windows.clear()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        reset = response.headers.get("X-RateLimit-Minutely-Reset")
        if reset is not None and response.status_code != 429:
            self.windows.add(reset)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--tasks", type=int, default=10, help="concurrent tasks, second run")
    parser.add_argument("--minute-seconds", type=float, default=3.0)
    parser.add_argument(
        "--margin",
        type=float,
        default=1.0,
        help="Budget margin: seconds added to every reset before the window's length is "
        "learned, and the most after (the default)",
    )
    parser.add_argument(
        "--margin-floor",
        type=float,
        default=0.05,
        help="Budget margin_floor: the least margin, however short the window (the default)",
    )
    parser.add_argument(
        "--probe-wait",
        type=float,
        default=1.0,
        help="Budget probe_wait: seconds between re-checks with no known reset (the default)",
    )
    args = parser.parse_args()
    options = (
        "--auto-consent", "--divisions", "1", "--minutely-limit", str(MINUTELY),
        "--minute-seconds", f"{args.minute_seconds:g}", "--daily-limit", "1000000",
    )  # fmt: skip
    with running_emulator(*options) as base:
        print(f"emulator {' '.join(options)}")
        print(f"Budget(margin={args.margin:g}, margin_floor={args.margin_floor:g}, "
              f"probe_wait={args.probe_wait:g}; other settings at their defaults)")  # fmt: skip
        asyncio.run(_bench(base, args))


async def _bench(base: str, args: argparse.Namespace) -> None:
    app = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)
    tokens_http = httpx.AsyncClient(base_url=base, timeout=30)
    admin = httpx.AsyncClient(base_url=base, timeout=30)
    transport = CountingTransport()
    try:
        consent = await tokens_http.get(authorization_url(app, base, "bench"))
        code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
        store = MemoryTokenStore()
        await store.save(CONNECTION, await exchange_code(tokens_http, app, base, code, now=_now))
        tokens = TokenManager(store, app, base, tokens_http, clock=_now, sleep=asyncio.sleep)
        budget = Budget(
            MemoryBudgetStore(), clock=_now, sleep=asyncio.sleep, margin=args.margin,
            margin_floor=args.margin_floor, probe_wait=args.probe_wait,
        )  # fmt: skip
        async with ExactClient(
            base_url=base, client_id=app.client_id, connection=CONNECTION, tokens=tokens,
            budget=budget, transport=transport,
        ) as exact:  # fmt: skip
            division = int((await exact.me()).value("CurrentDivision"))
            query = Query("crm/Accounts").top(1)
            for label, tasks in (("sequential", 1), (f"{args.tasks} concurrent tasks", args.tasks)):
                await admin.post("/__emulator/counters/reset")
                transport.clear()
                epoch, seconds = await _run(exact, division, query, args.calls, tasks)
                counters = (await admin.get("/__emulator/counters")).json()
                _report(label, args, epoch, seconds, counters, transport)
    finally:
        await tokens_http.aclose()
        await admin.aclose()


async def _run(
    exact: ExactClient, division: int, query: Query, calls: int, tasks: int
) -> tuple[float, float]:
    """Make `calls` GETs from `tasks` tasks sharing one count; (epoch start, wall seconds)."""
    left = calls

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await exact.get_page(division, query)

    epoch = time.time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(tasks)))
    return epoch, time.perf_counter() - started


def _report(
    label: str,
    args: argparse.Namespace,
    epoch: float,
    seconds: float,
    counters: dict[str, object],
    transport: CountingTransport,
) -> None:
    rejected = counters["rejected_429"]
    assert isinstance(rejected, dict)
    windows = -(-args.calls // MINUTELY)
    ideal = windows * args.minute_seconds
    print(f"{label}:")
    print(f"  calls: {counters['admitted']} admitted by the emulator, "
          f"{counters['responses']} responses")  # fmt: skip
    print(f"  429s: emulator {rejected['limits']} (storms {rejected['storm']}), "
          f"client transport saw {transport.statuses.get(429, 0)}")  # fmt: skip
    print(f"  wall {seconds:.2f} s; ideal {ideal:g} s ({windows} windows of "
          f"{args.minute_seconds:g} s); ratio {seconds / ideal:.3f}")  # fmt: skip
    resets = sorted(int(r) for r in transport.windows)
    last_opened = resets[-1] / 1000 - args.minute_seconds - epoch
    spanned = round((resets[-1] - resets[0]) / (args.minute_seconds * 1000)) + 1
    print(f"  landed in {len(resets)} windows, {spanned - len(resets)} skipped in between; "
          f"the last opened {last_opened:.2f} s after the first call, "
          f"the run ended {seconds - last_opened:.2f} s after that")  # fmt: skip


@contextmanager
def running_emulator(*options: str) -> Iterator[str]:
    """Start `exactbridge emulator` on a free loopback port; yield its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [EXACTBRIDGE, "emulator", "--port", str(port), *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                err = process.stderr.read() if process.stderr else ""
                raise SystemExit(f"the emulator exited:\n{err}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the emulator did not start within 60 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _now() -> datetime:
    return datetime.now(UTC)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
