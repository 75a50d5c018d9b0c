"""How fast the emulator starts and serves, as a real process over loopback.

Prints:

- seconds to start `--size large` (until `/health` answers) and the process's peak RSS;
- records per second on a `sync/Financial/TransactionLines` 1,000-row page loop, every
  property selected and a typical 20-property select (target: at least 40,000 records/s),
  one loop per division running side by side as a sync engine would run them (so the
  emulator computes the next page while a client reads the last one);
- entries per second on `financialtransaction/Transactions?$expand=TransactionLines` 60-entry
  pages (every property of entries and lines; target: at least 10,000 entries/s), one loop
  per division side by side, as a sync engine reads journal entries with their lines;
- requests per second on 60-row CRUD pages of `crm/Accounts` (every property).

Each record loop also prints the emulator's CPU time per record (from `/proc`), which
other work on the machine disturbs less than the wall-clock rate.

Usage: `.venv/bin/python bench/emulator.py [--size large] [--divisions 2] [--seconds 10]`.
The client only reads bytes and finds `__next` in them, so the figures are the emulator's.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.exact import find_entity

EXACTBRIDGE = str(Path(sys.executable).parent / "exactbridge")
TYPICAL = (
    "Timestamp,ID,EntryID,EntryNumber,Date,FinancialYear,FinancialPeriod,JournalCode,"
    "GLAccount,GLAccountCode,Account,AmountDC,AmountFC,VATCode,VATPercentage,Currency,"
    "Description,InvoiceNumber,Status,Type"
)
_ENTRY_TYPE = b'"type":"Exact.Web.Api.Models.Financial.Transaction"'
"""An entry's `__metadata` type; its lines' type continues (`...TransactionLine"`)."""

Loop = Callable[..., tuple[int, float]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--divisions", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each loop")
    args = parser.parse_args()
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [EXACTBRIDGE, "emulator", "--port", str(port), "--size", args.size,
         "--divisions", str(args.divisions), "--auto-consent",
         "--minutely-limit", "1000000000", "--daily-limit", "1000000000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base, process)
        startup = time.perf_counter() - started
        print(f"start-up --size {args.size} --divisions {args.divisions}: {startup:.1f} s, "
              f"peak RSS {_peak_rss_mb(process.pid):.0f} MB")  # fmt: skip
        with httpx.Client(base_url=base, timeout=60) as http:
            token = _token(http)
            http.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})
            me = http.get("/api/v1/current/Me").json()["d"]["results"][0]
            division = me["CurrentDivision"]
            divisions = [
                row["Code"]
                for row in http.get(f"/api/v1/{division}/system/Divisions").json()["d"]["results"]
            ]
            lines = find_entity("sync/Financial/TransactionLines")
            assert lines is not None
            everything = ",".join(f.name for f in lines.fields)
            for label, select in (("all properties", everything), ("20 properties", TYPICAL)):
                cpu = _cpu_seconds(process.pid)
                records, seconds = _side_by_side(
                    base, token, divisions, seconds=args.seconds, loop=_sync_loop, select=select
                )
                cpu = _cpu_seconds(process.pid) - cpu
                print(f"sync/Financial/TransactionLines, {label}, {len(divisions)} divisions "
                      f"side by side: {records / seconds:,.0f} records/s "
                      f"({records:,} records in {seconds:.1f} s, "
                      f"{cpu / records * 1e6:.0f} µs emulator CPU a record)")  # fmt: skip
            cpu = _cpu_seconds(process.pid)
            entries, seconds = _side_by_side(
                base, token, divisions, seconds=args.seconds, loop=_expanded_loop
            )
            cpu = _cpu_seconds(process.pid) - cpu
            print(f"financialtransaction/Transactions?$expand=TransactionLines, all properties, "
                  f"{len(divisions)} divisions side by side: {entries / seconds:,.0f} entries/s "
                  f"({entries:,} entries in {seconds:.1f} s, "
                  f"{cpu / entries * 1e6:.0f} µs emulator CPU an entry)")  # fmt: skip
            requests, seconds = _crud_loop(http, division, args.seconds)
            print(f"crm/Accounts 60-row pages: {requests / seconds:,.0f} requests/s "
                  f"({requests} requests in {seconds:.1f} s)")  # fmt: skip
        print(f"peak RSS after the loops: {_peak_rss_mb(process.pid):.0f} MB")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _side_by_side(
    base: str, token: str, divisions: list[int], *, seconds: float, loop: Loop, **options: str
) -> tuple[int, float]:
    """Run `loop` once per division in parallel threads; total records and wall time."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def one(division: int) -> int:
        with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
            return loop(http, division, seconds, **options)[0]

    started = time.perf_counter()
    with ThreadPoolExecutor(len(divisions)) as pool:
        records = sum(pool.map(one, divisions))
    return records, time.perf_counter() - started


def _sync_loop(http: httpx.Client, division: int, seconds: float, select: str) -> tuple[int, float]:
    url: str | None = f"/api/v1/{division}/sync/Financial/TransactionLines"
    params: dict[str, str] | None = {"$select": select, "$filter": "Timestamp gt 0L"}
    records = 0
    started = time.perf_counter()
    while url is not None and time.perf_counter() - started < seconds:
        body = _get(http, url, params)
        records += body.count(b'"__metadata"')
        url, params = _next(body), None
    return records, time.perf_counter() - started


def _expanded_loop(http: httpx.Client, division: int, seconds: float) -> tuple[int, float]:
    """Page journal entries with their lines expanded; entries read (lines not counted)."""
    url: str | None = f"/api/v1/{division}/financialtransaction/Transactions"
    params: dict[str, str] | None = {"$expand": "TransactionLines"}
    entries = 0
    started = time.perf_counter()
    while url is not None and time.perf_counter() - started < seconds:
        body = _get(http, url, params)
        entries += body.count(_ENTRY_TYPE)
        url, params = _next(body), None
    return entries, time.perf_counter() - started


def _crud_loop(http: httpx.Client, division: int, seconds: float) -> tuple[int, float]:
    first = f"/api/v1/{division}/crm/Accounts"
    url: str | None = first
    requests = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        body = _get(http, url or first, None)
        requests += 1
        url = _next(body)
    return requests, time.perf_counter() - started


def _get(http: httpx.Client, url: str, params: dict[str, str] | None) -> bytes:
    response = http.get(url, params=params)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}: {response.text[:300]}")
    return response.content


def _next(body: bytes) -> str | None:
    marker = body.rfind(b'"__next":"')
    if marker < 0:
        return None
    end = body.index(b'"', marker + 10)
    return body[marker + 10 : end].decode()


def _token(http: httpx.Client) -> str:
    app = DEFAULT_APP
    consent = http.get(
        "/api/oauth2/auth",
        params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                "response_type": "code", "state": "bench"},
    )  # fmt: skip
    code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
    token = http.post(
        "/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
              "client_id": app.client_id, "client_secret": app.client_secret},
    )  # fmt: skip
    return str(token.json()["access_token"])


def _wait(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the emulator exited:\n{process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the emulator did not start within 10 minutes")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
