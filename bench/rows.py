"""How fast Exact rows become store rows: the pydantic path against the fast path, per stream.

Starts `exactbridge emulator --size medium` as a process (limits lifted), connects to it
through the real OAuth flow (as `bench/sync.py` does), reads every page of every stream the
way the sync engine reads it (the timestamp feeds; the modified reads on their bulk twins,
with their filters and expanded lines; the snapshots), then maps each output's rows both
ways and prints microseconds per row:

- old: `reference_row` (`Source.record`, `model_dump_json`) plus the raw row written as the
  store writes it (sorted keys), which is what a row cost before;
- new: `record_row` (the fast path; its raw row is already written);
- raw: of the new figure, the raw row alone (the sorted write), and what the same write
  costs unsorted, to show what `OPT_SORT_KEYS` costs.

Every repetition maps freshly parsed pages (each page's text parsed again, untimed, right
before its rows are mapped), as the engine maps a page it has just parsed. Times are CPU
time of this process (others' work on the machine moves wall time more than CPU time);
each figure is the best of `--repeat` runs, and the median in brackets. Rows the two paths
map differently are counted and printed (there should be none). Snapshot streams are
marked: the engine maps them the reference way, all rows at once.

Usage: `.venv/bin/python bench/rows.py [--size medium] [--repeat 7] [--rows 3000]
[--only RESOURCE ...]`
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson

from exactbridge.cli._local import connect_through_consent, oauth_app
from exactbridge.client import Query
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.exact import find_entity
from exactbridge.store import Database, TokenCipher, upgrade
from exactbridge.sync._rows import raw_of, record_row, reference_row
from exactbridge.sync._streams import Output, Stream
from exactbridge.sync.streams import STREAMS

EMULATOR = [sys.executable, "-c", "from exactbridge.cli.main import main; main()", "emulator"]
UNLIMITED = "1000000000"
FALLBACK = datetime(2026, 6, 25, 14, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per path")
    parser.add_argument("--rows", type=int, default=3000, help="rows timed per output")
    parser.add_argument("--only", nargs="*", help="resources to time (all by default)")
    args = parser.parse_args()
    port = _free_port()
    emulator = subprocess.Popen(
        [*EMULATOR, "--port", str(port), "--size", args.size, "--divisions", "1",
         "--minutely-limit", UNLIMITED, "--daily-limit", UNLIMITED],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, emulator)
        reads = asyncio.run(_read_everything(url))
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
    rows = sum(len(orjson.loads(page)) for *_, pages, _ in reads for page in pages)
    print(f"emulator --size {args.size}: {rows:,} rows read\n")
    print(f"{'stream':26} {'resource':20} {'rows':>6}  {'old µs/row':>16}  {'new µs/row':>16}"
          f"  {'raw sorted':>14}  {'raw unsorted':>14}  {'x':>5}")  # fmt: skip
    for stream, output, pages, division in reads:
        if args.only and output.name not in args.only:
            continue
        _time_output(stream, output, pages, division, args.repeat, args.rows)


async def _read_everything(url: str) -> list[tuple[Stream, Output, list[bytes], int]]:
    """Every stream output's pages as the engine reads them, as JSON text to parse again."""
    reads = []
    with tempfile.TemporaryDirectory(prefix="exactbridge-bench-") as folder:
        async with Database(f"sqlite:///{folder}/rows.db") as db:
            await upgrade(db)
            cipher = TokenCipher([TokenCipher.generate_key()])
            connections, connection = await connect_through_consent(
                db, cipher, oauth_app(DEFAULT_APP), url
            )
            async with (
                httpx.AsyncClient(timeout=60.0) as http,
                connections.client(connection, http) as client,
            ):
                division = connection.divisions[0].code
                for stream in STREAMS:
                    for output, query in _queries(stream):
                        pages = [
                            orjson.dumps(envelope.rows)
                            async for envelope in client.pages(division, query)
                        ]
                        reads.append((stream, output, pages, division))
    return reads


def _queries(stream: Stream) -> list[tuple[Output, Query]]:
    """The engine's reads of a first sync (`SyncEngine._timestamp`, `_modified`, ...)."""
    if stream.cursor == "deleted":
        return []
    if stream.cursor == "timestamp":
        assert stream.feed is not None
        return [(output, Query(stream.feed).since(1)) for output in stream.outputs]
    found = []
    for output in stream.outputs:
        source = output.source
        twin = find_entity(source.map.spec.bulk) if stream.bulk and source.map.spec.bulk else None
        query = Query(twin.path if twin is not None else source.map.spec.path)
        if source.filter:
            query = query.where(source.filter)
        if source.expand:
            query = query.expand(source.expand)
        found.append((output, query.orderby("Modified") if stream.cursor == "modified" else query))
    return found


def _time_output(
    stream: Stream, output: Output, pages: list[bytes], division: int, repeat: int, limit: int
) -> None:
    def parsed() -> list[list[Mapping[str, Any]]]:
        """The output's pages parsed again (up to `limit` rows), less the rows it skips."""
        found, count = [], 0
        for page in pages:
            rows = [row for row in orjson.loads(page) if where is None or where(row)]
            found.append(rows[: limit - count])
            count += len(found[-1])
            if count >= limit:
                break
        return found

    where = output.source.where
    sample = [row for page in parsed() for row in page]
    if not sample:
        return
    differ = sum(_stored(new) != _stored(old) for new, old in _both(output, sample, division))

    def old(rows: list[Mapping[str, Any]]) -> None:
        for row in rows:
            _written(reference_row(output, row, division=division, fallback=FALLBACK).raw)

    def new(rows: list[Mapping[str, Any]]) -> None:
        for row in rows:
            record_row(output, row, division=division, fallback=FALLBACK)

    def raw_sorted(rows: list[Mapping[str, Any]]) -> None:
        for row in rows:
            orjson.dumps(raw_of(row), option=orjson.OPT_SORT_KEYS)

    def raw_unsorted(rows: list[Mapping[str, Any]]) -> None:
        for row in rows:
            orjson.dumps(raw_of(row))

    figures = [_per_row(run, parsed, repeat) for run in (old, new, raw_sorted, raw_unsorted)]
    name = stream.name + (" (snapshot)" if stream.cursor == "snapshot" else "")
    cells = "  ".join(f"{best:7.1f} ({typical:5.1f})" for best, typical in figures[:2])
    raws = "  ".join(f"{best:5.1f} ({typical:5.1f})" for best, typical in figures[2:])
    speedup = figures[0][0] / figures[1][0]
    note = f"  {differ} rows differ!" if differ else ""
    print(f"{name:26} {output.name:20} {len(sample):6}  {cells}  {raws}  {speedup:4.1f}x{note}")


def _per_row(
    run: Callable[[list[Mapping[str, Any]]], None],
    parsed: Callable[[], list[list[Mapping[str, Any]]]],
    repeat: int,
) -> tuple[float, float]:
    """(best, median) CPU microseconds per row of `run`, page by page over freshly parsed
    pages (a page is mapped right after it is parsed, as the engine does)."""
    times = []
    for _ in range(repeat):
        spent, count = 0.0, 0
        for rows in parsed():
            started = time.process_time()
            run(rows)
            spent += time.process_time() - started
            count += len(rows)
        times.append(spent / count * 1e6)
    return min(times), statistics.median(times)


def _both(output: Output, rows: list[Mapping[str, Any]], division: int) -> list[tuple[Any, Any]]:
    return [
        (
            record_row(output, row, division=division, fallback=FALLBACK),
            reference_row(output, row, division=division, fallback=FALLBACK),
        )
        for row in rows
    ]


def _stored(row: Any) -> tuple[Any, ...]:
    """What the store keeps of a `RecordRow` (the raw row as written)."""
    raw = _written(row.raw)
    return (row.id, row.record, raw, row.modified_at, row.observed, row.status,
            row.counterparty_id, row.date, row.deleted)  # fmt: skip


def _written(document: Mapping[str, Any] | bytes | None) -> bytes | None:
    """A document as the store writes it (rows parsed from JSON need none of its hooks)."""
    if document is None or isinstance(document, bytes):
        return document
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read() if process.stderr else ""
            raise SystemExit(f"the emulator exited: {stderr}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the emulator did not start within 300 s")


if __name__ == "__main__":
    main()
