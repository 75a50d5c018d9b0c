"""How fast the client reads `sync/Financial/TransactionLines` from the emulator over loopback.

Starts `exactbridge emulator --size large` as a real process, connects through the OAuth
code flow and reads `--records` transaction lines of one division through the sync endpoint
with `ExactClient`, streaming (nothing is kept). Prints, for raw pages (`pages`) and for
typed records (`records`):

- records per second, end to end;
- the share of the wall time this process spent on its CPU (HTTP, JSON, decoding, paging),
  and, from a profiled pass, the share spent in exactbridge's own functions (the overhead
  our code adds on top of waiting for Exact and the libraries; target: under 25%);
- the peak RSS of this process (target: under 200 MB, i.e. streaming).

Usage: `.venv/bin/python bench/client_read.py [--records 500000] [--select all|typical]`.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import resource
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from exactbridge.client import (
    ExactClient,
    MemoryTokenStore,
    OAuthApp,
    Query,
    TokenManager,
    exchange_code,
)
from exactbridge.emulator.config import DEFAULT_APP

EXACTBRIDGE = str(Path(sys.executable).parent / "exactbridge")
TYPICAL = (
    "Timestamp", "ID", "EntryID", "EntryNumber", "Date", "FinancialYear", "FinancialPeriod",
    "JournalCode", "GLAccount", "GLAccountCode", "Account", "AmountDC", "AmountFC", "VATCode",
    "VATPercentage", "Currency", "Description", "InvoiceNumber", "Status", "Type",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--select", choices=["all", "typical"], default="all")
    args = parser.parse_args()
    port = _free_port()
    process = subprocess.Popen(
        [EXACTBRIDGE, "emulator", "--port", str(port), "--size", "large", "--auto-consent",
         "--minutely-limit", "1000000000", "--daily-limit", "1000000000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        asyncio.run(_run(base, args.records, args.select))
    finally:
        process.terminate()
        process.wait(timeout=30)


async def _run(base: str, wanted: int, select: str) -> None:
    app = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)
    async with httpx.AsyncClient(base_url=base) as http:
        consent = await http.get(
            "/api/oauth2/auth",
            params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                    "response_type": "code", "state": "bench"},
        )  # fmt: skip
        code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
        pair = await exchange_code(http, app, base, code, now=lambda: datetime.now(UTC))
    store = MemoryTokenStore()
    await store.save("bench", pair)
    token_http = httpx.AsyncClient(base_url=base)
    tokens = TokenManager(store, app, base, token_http, clock=lambda: datetime.now(UTC))
    async with ExactClient(
        base_url=base, client_id=app.client_id, connection="bench", tokens=tokens
    ) as exact:
        division = (await exact.me()).value("CurrentDivision")
        query = Query("sync/Financial/TransactionLines").since(0)
        if select == "typical":
            query = query.select(*TYPICAL)
        for label in ("pages (raw rows)", "records (typed models)"):
            await _measure(exact, division, query, wanted, label)
            await _profiled(exact, division, query, min(wanted, 100_000), label)
    await token_http.aclose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the client process: {peak:.0f} MB")


async def _measure(
    exact: ExactClient, division: int, query: Query, wanted: int, label: str, *, quiet: bool = False
) -> None:
    count = 0
    cpu, wall = time.process_time(), time.perf_counter()
    if label.startswith("pages"):
        async for page in exact.pages(division, query):
            count += len(page.rows)
            if count >= wanted:
                break
    else:
        async for _record in exact.records(division, query):
            count += 1
            if count >= wanted:
                break
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if quiet:
        return
    print(
        f"{label}: {count:,} records in {wall:.1f} s = {count / wall:,.0f} records/s; "
        f"this process's CPU {cpu / wall:.0%} of the wall time"
    )


async def _profiled(
    exact: ExactClient, division: int, query: Query, wanted: int, label: str
) -> None:
    """Rerun a pass under cProfile and attribute time to exactbridge's own functions."""
    profile = cProfile.Profile()
    wall = time.perf_counter()
    profile.enable()
    await _measure(exact, division, query, wanted, f"{label}, profiled", quiet=True)
    profile.disable()
    wall = time.perf_counter() - wall
    stats = pstats.Stats(profile)
    own = sum(
        row[2]  # tottime: time in the function itself, not in what it calls
        for (filename, _, _), row in stats.stats.items()  # type: ignore[attr-defined]
        if f"{os.sep}exactbridge{os.sep}" in filename
    )
    print(f"  {label}: exactbridge's own functions {own / wall:.0%} of the wall time (profiled)")


def _wait(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the emulator exited early")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the emulator did not start within 10 minutes")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    main()
