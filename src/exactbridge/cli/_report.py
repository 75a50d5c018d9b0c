"""What `exactbridge demo` and `exactbridge sync` show: a progress bar per stream while a
division syncs, then one summary table of every division's run.

The 429 count comes from the HTTP transport the client uses (`StatusCounter`), not from
the engine: it is what Exact (or the emulator) actually answered, retries included, so a
budget that paces correctly shows 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from exactbridge.sync._streams import Stream
from exactbridge.sync.engine import ResourceCounts, SyncReport
from exactbridge.sync.streams import STREAMS

__all__ = ["PARALLEL", "StatusCounter", "SyncDisplay", "summary_table"]

PARALLEL = 2
"""Streams the CLI syncs side by side: the emulator (or Exact) serves one listing while this
process writes another; the shared budget still decides how many calls go out."""


class StatusCounter(httpx.AsyncBaseTransport):
    """An HTTP transport that counts the statuses it received (429s, mostly)."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        self.statuses: Counter[int] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class _Division:
    code: int
    tasks: dict[str, TaskID] = field(default_factory=dict)


class SyncDisplay:
    """Progress bars per stream of the division syncing now; one line per finished division.

    Streams may run side by side (`SyncEngine(parallel=...)`): a bar appears with a
    stream's first page and counts its rows until the division's run ends.

    Use as `progress=display.division(code)` for the `SyncEngine` of that division, and
    call `done(report, seconds)` when its run ends.
    """

    def __init__(self, console: Console, streams: Sequence[Stream] = STREAMS) -> None:
        self.console = console
        self._labels = {stream.name: _label(stream) for stream in streams}
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/green]"),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:>9,.0f} rows"),
            TimeElapsedColumn(),
            console=console,
        )
        self._division: _Division | None = None

    def __enter__(self) -> SyncDisplay:
        self.progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.progress.stop()

    def division(self, code: int) -> _Callback:
        """The engine's `progress` callback for a run of `code`."""
        self._division = _Division(code)
        return _Callback(self)

    def page(self, stream: str, rows: int) -> None:
        """A stream read a page: move its bar (made at its first page)."""
        division = self._division
        assert division is not None, "call division() first"
        if stream not in division.tasks:
            label = f"{division.code} {self._labels.get(stream, stream)}"
            division.tasks[stream] = self.progress.add_task(label, total=None)
        self.progress.update(division.tasks[stream], completed=rows)

    def done(self, report: SyncReport, seconds: float) -> None:
        """A division's run ended: its bars make way for one line about it."""
        if self._division is not None:
            for task in self._division.tasks.values():
                self.progress.remove_task(task)
        self._division = None
        self.progress.console.print(
            f"[green]✓[/green] division {report.division}: {report.total('rows'):,} rows read, "
            f"{report.total('added'):,} added, {report.total('updated'):,} updated, "
            f"{report.total('deleted'):,} deleted, {report.total('calls'):,} calls, "
            f"{seconds:.1f} s"
        )


class _Callback:
    """`(stream, rows)` for `SyncEngine(progress=...)`."""

    def __init__(self, display: SyncDisplay) -> None:
        self._display = display

    def __call__(self, stream: str, rows: int) -> None:
        self._display.page(stream, rows)


def summary_table(
    reports: Sequence[SyncReport], *, seconds: float, rate_limited: int, title: str
) -> Table:
    """Records per resource (added, updated, deleted) over every run, and the totals."""
    by_resource: dict[str, ResourceCounts] = {}
    for report in reports:
        for resource, counts in report.by_resource().items():
            by_resource.setdefault(resource, ResourceCounts()).add(counts)
    table = Table(title=title, title_justify="left")
    table.add_column("resource")
    for name in ("added", "updated", "deleted"):
        table.add_column(name, justify="right")
    total = ResourceCounts()
    for resource in sorted(by_resource):
        counts = by_resource[resource]
        total.add(counts)
        table.add_row(resource, f"{counts.added:,}", f"{counts.updated:,}", f"{counts.deleted:,}")
    table.add_section()
    table.add_row("total", f"{total.added:,}", f"{total.updated:,}", f"{total.deleted:,}")
    rows = sum(report.total("rows") for report in reports)
    calls = sum(report.total("calls") for report in reports)
    rate = rows / seconds if seconds > 0 else 0.0
    table.caption = (
        f"divisions: {len(reports)}   rows read: {rows:,}   calls used: {calls:,}   "
        f"time: {seconds:.1f} s ({rate:,.0f} rows/s)   429s seen: {rate_limited}"
    )
    table.caption_justify = "left"
    return table


def _label(stream: Stream) -> str:
    resources = stream.resources
    if stream.cursor == "deleted":
        return "deleted (sync/Deleted)"
    if resources == (stream.name,) or not resources:
        return stream.name
    return f"{stream.name} → {', '.join(resources)}"
