"""How fast a full sync runs end to end: emulator process -> sockets -> engine -> database.

Starts `exactbridge emulator --size large` (limits lifted) as a real process, then, for
each database, runs one worker process that

1. creates a fresh store (a temporary SQLite file; a fresh schema of the local PostgreSQL,
   dropped afterwards) and migrates it;
2. connects to the emulator through the real OAuth flow (`Connections`, tokens encrypted in
   the database, budgets in the database);
3. runs the initial sync of every division with `SyncEngine`, timed;
4. prints one JSON line of figures.

Printed per database:

- records/s end to end: rows Exact served / wall time of the sync (connect excluded);
- records stored (added) and their rate;
- calls used (the engine's count, and the emulator's own count of what it served) against
  the minimum: for every read the sync needs, the pages its rows fill (`$count` of the
  same filter on the emulator, divided by the endpoint's page size, at least one);
- peak RSS of the syncing process (`ru_maxrss` of the worker, which does nothing else).

Targets on a 2-core machine: at least 15,000 records/s into SQLite, peak RSS under 300 MB.
No assertions: the figures are for the README.

Usage: `.venv/bin/python bench/sync.py [--size large] [--divisions 1]
[--only sqlite|postgresql] [--postgres URL] [--parallel 2] [--sqlite-cache-mib N]
[--profile FILE] [--timeline] [--skip STREAM] [--first STREAM] [--without-lines STREAM]`
(`--parallel`: streams read side by side, as the CLI does; `--profile` writes a cProfile
of the SQLite worker's sync to FILE; `--timeline` prints when each stream read its first
and last page).

Experiments, to see what limits the rate (the README's table); the records they store are
not all the API's, so they measure, they do not sync: `--skip journal_entries` leaves that
stream out, `--first journal_entries` starts it before the others (in the order given),
`--without-lines journal_entries` reads its documents without `$expand` (their lines).
Each may be given several times.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import math
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event, text

from exactbridge.cli._local import connect_through_consent, oauth_app
from exactbridge.client import ExactClient
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.exact import find_entity
from exactbridge.store import Database, TokenCipher, upgrade
from exactbridge.sync._streams import Stream
from exactbridge.sync.engine import SyncEngine
from exactbridge.sync.streams import STREAMS

# The emulator runs from this interpreter's `exactbridge` (the one on PYTHONPATH, so an
# older checkout's emulator can be measured with its own code).
EMULATOR = [sys.executable, "-c", "from exactbridge.cli.main import main; main()", "emulator"]
POSTGRES = os.environ.get("EXACTBRIDGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
UNLIMITED = "1000000000"


def main() -> None:
    parser = _parser()
    args = parser.parse_args()
    unknown = {*args.skip, *args.first, *args.without_lines} - {s.name for s in STREAMS}
    if unknown:
        parser.error(f"no stream {', '.join(sorted(unknown))}: {_stream_names()}")
    if args.worker:
        streams = _experiment(args.skip, args.first, without_lines=args.without_lines)
        figures = asyncio.run(
            _worker(
                args.worker,
                args.url,
                args.postgres,
                args.profile,
                args.parallel,
                args.sqlite_cache_mib,
                streams,
            )
        )
        print(json.dumps(figures))
        return
    targets = [args.only] if args.only else ["sqlite", "postgresql"]
    port = _free_port()
    started = time.perf_counter()
    emulator = subprocess.Popen(
        [*EMULATOR, "--port", str(port), "--size", args.size,
         "--divisions", str(args.divisions), "--minutely-limit", UNLIMITED,
         "--daily-limit", UNLIMITED],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, emulator)
        print(
            f"emulator --size {args.size} --divisions {args.divisions} started in "
            f"{time.perf_counter() - started:.1f} s at {url}"
        )
        for target in targets:
            command = [sys.executable, __file__, "--worker", target, "--url", url]
            command += ["--postgres", args.postgres, "--parallel", str(args.parallel)]
            if args.sqlite_cache_mib is not None:
                command += ["--sqlite-cache-mib", str(args.sqlite_cache_mib)]
            if args.profile and target == "sqlite":
                command += ["--profile", str(args.profile)]
            command += [f"--skip={name}" for name in args.skip]
            command += [f"--first={name}" for name in args.first]
            command += [f"--without-lines={name}" for name in args.without_lines]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(f"{target}: the worker failed\n{done.stderr}")
                continue
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            _print(target, figures)
            if args.timeline and "timeline" in figures:
                _print_timeline(figures["timeline"])
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--divisions", type=int, default=1)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--profile", type=Path, help="cProfile output of the SQLite sync")
    parser.add_argument("--parallel", type=int, default=2, help="streams read side by side")
    parser.add_argument(
        "--sqlite-cache-mib",
        type=int,
        help="override the store's SQLite page cache per connection (16 MiB), to see its "
        "share of the peak RSS",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="print each stream's first and last page"
    )
    parser.add_argument(
        "--skip", action="append", default=[], metavar="STREAM", help="leave a stream out"
    )
    parser.add_argument(
        "--first", action="append", default=[], metavar="STREAM", help="start a stream first"
    )
    parser.add_argument(
        "--without-lines",
        action="append",
        default=[],
        metavar="STREAM",
        help="read a stream's documents without their lines",
    )
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    return parser


def _print(target: str, figures: dict[str, Any]) -> None:
    if "skipped" in figures:
        print(f"{target}: skipped ({figures['skipped']})")
        return
    seconds = figures["seconds"]
    print(
        f"{target}: {figures['rows']:,} records served in {seconds:.1f} s = "
        f"{figures['rows'] / seconds:,.0f} records/s end to end; "
        f"{figures['added']:,} stored ({figures['added'] / seconds:,.0f}/s)\n"
        f"  calls: {figures['calls']:,} by the engine, {figures['served']:,} served by the "
        f"emulator; minimum {figures['minimum']:,} "
        f"(+{figures['calls'] - figures['minimum']})\n"
        f"  peak RSS of the syncing process: {figures['peak_rss_mb']:.0f} MB; "
        f"CPU {figures['cpu_seconds']:.1f} s of {seconds:.1f} s wall"
    )


async def _worker(
    target: str,
    url: str,
    postgres: str,
    profile: Path | None,
    parallel: int,
    cache_mib: int | None,
    streams: tuple[Stream, ...],
) -> dict[str, Any]:
    if target == "postgresql":
        try:
            probe = Database(postgres)
            async with probe.transaction() as tx:
                await tx.execute(text("SELECT 1"))
            await probe.dispose()
        except OSError as exc:
            return {"skipped": f"PostgreSQL at {postgres} is unreachable: {exc}"}
        schema = f"eb_bench_{secrets.token_hex(4)}"
        admin = Database(postgres)
        async with admin.transaction() as tx:
            await tx.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            async with Database(postgres, schema=schema) as db:
                return await _sync(db, url, None, parallel, streams)
        finally:
            async with admin.transaction() as tx:
                await tx.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            await admin.dispose()
    with tempfile.TemporaryDirectory(prefix="exactbridge-bench-") as folder:
        async with Database(f"sqlite:///{folder}/sync.db") as db:
            if cache_mib is not None:
                _page_cache(db, cache_mib)
            return await _sync(db, url, profile, parallel, streams)


async def _sync(
    db: Database, url: str, profile: Path | None, parallel: int, streams: tuple[Stream, ...]
) -> dict[str, Any]:
    await upgrade(db)
    cipher = TokenCipher([TokenCipher.generate_key()])
    connections, connection = await connect_through_consent(db, cipher, oauth_app(DEFAULT_APP), url)
    async with (
        httpx.AsyncClient(timeout=60.0) as http,
        connections.client(connection, http) as client,
    ):
        minimum = 0
        for division in connection.divisions:
            minimum += await _minimum_calls(client, division.code, streams)
        async with httpx.AsyncClient(base_url=url) as admin:
            (await admin.post("/__emulator/counters/reset")).raise_for_status()
        timeline: dict[str, list[float]] = {}
        engine = SyncEngine(
            client,
            db,
            connection=connection.id,
            parallel=parallel,
            streams=streams,
            # `wall` is read when a page arrives: after the clock below has started
            progress=lambda name, _rows: _seen(timeline, name, wall),
        )
        profiler = cProfile.Profile() if profile else None
        rows = added = calls = 0
        cpu, wall = time.process_time(), time.perf_counter()
        timeline.clear()  # pages seen before the clock started do not count
        if profiler:
            profiler.enable()
        for division in connection.divisions:
            report = await engine.sync(division.code)
            rows, added = rows + report.total("rows"), added + report.total("added")
            calls += report.total("calls")
        if profiler and profile:
            profiler.disable()
            profiler.dump_stats(profile)
        seconds, cpu = time.perf_counter() - wall, time.process_time() - cpu
        async with httpx.AsyncClient(base_url=url) as admin:
            counters = (await admin.get("/__emulator/counters")).json()
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": rows,
        "added": added,
        "calls": calls,
        "served": int(counters["responses"]),
        "minimum": minimum,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "timeline": timeline,
    }


def _page_cache(db: Database, mib: int) -> None:
    """Set each new SQLite connection's page cache (after the store's own settings)."""

    @event.listens_for(db.engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{mib * 1024}")
        cursor.close()


async def _minimum_calls(client: ExactClient, division: int, streams: tuple[Stream, ...]) -> int:
    """Pages the initial sync of `division` cannot do with fewer (see the module)."""
    total = 0
    for stream in streams:
        if stream.cursor == "deleted":
            total += 1  # the deleted log is empty at first: one call says so
            continue
        for path, where, page_size in _reads(stream):
            params = {"$filter": where} if where else {}
            response = await client.raw("GET", f"{path}/$count", division=division, params=params)
            total += max(1, math.ceil(int(response.text) / page_size))
    return total


def _reads(stream: Stream) -> list[tuple[str, str | None, int]]:
    """(endpoint counted, filter, page size) of each read a stream makes on a first run."""
    if stream.cursor == "timestamp":
        spec = stream.outputs[0].source.map.spec  # the feed serves every row of its entity
        return [(spec.path, None, 1000)]
    reads = []
    for output in stream.outputs:
        spec = output.source.map.spec
        twin = find_entity(spec.bulk) if stream.bulk and spec.bulk else None
        page_size = twin.page_size if twin is not None else spec.page_size
        reads.append((spec.path, output.source.filter, page_size))
    return reads


def _print_timeline(timeline: dict[str, list[float]]) -> None:
    for name, (first, last) in sorted(timeline.items(), key=lambda item: item[1][1]):
        print(f"    {name:<24} {first:6.1f} s -> {last:6.1f} s")


def _seen(timeline: dict[str, list[float]], name: str, started: float) -> None:
    """Note a page of stream `name`: the first and the last, in seconds of the run."""
    at = time.perf_counter() - started
    timeline.setdefault(name, [at, at])[1] = at


def _experiment(
    skip: list[str], first: list[str], *, without_lines: list[str]
) -> tuple[Stream, ...]:
    """`STREAMS` as an experiment changes them (see the module); unchanged by default."""
    streams = [
        _without_lines(stream) if stream.name in without_lines else stream
        for stream in STREAMS
        if stream.name not in skip
    ]
    ahead = [stream for name in first for stream in streams if stream.name == name]
    return (*ahead, *(stream for stream in streams if stream not in ahead))


def _without_lines(stream: Stream) -> Stream:
    outputs = tuple(
        replace(output, source=replace(output.source, expand=None)) for output in stream.outputs
    )
    return replace(stream, outputs=outputs)


def _stream_names() -> str:
    return "the streams are " + ", ".join(stream.name for stream in STREAMS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the emulator exited: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the emulator did not start within 300 s")


if __name__ == "__main__":
    main()
