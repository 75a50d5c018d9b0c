"""`SyncEngine`: bring the local copy of one division up to date, stream by stream.

Pages are written in groups of a few thousand rows (`_writes`), each group in one
transaction together with the stream's checkpoint and the run's counts, so a crash at any
point loses nothing and repeats nothing: the next run starts from the last group that was
written. While a group is written the next pages are already being fetched and mapped (one
page and one group ahead, never more: memory stays flat).

A run:

1. `timestamp` streams read their `sync/...` feed from the checkpoint (`Timestamp gt n`);
   rows a resource's predicate no longer accepts (an account that stopped being a
   supplier) are marked deleted in that resource;
2. `modified` streams read `Modified ge t` (inclusive, with the boundary keys skipped),
   then, where no deleted log covers them, reconcile keys to find deletes: periodically
   (`reconcile_every`, an hour by default), since listing every key costs calls;
3. `snapshot` streams read small tables whole and mark what is gone;
4. the `deleted` stream applies `sync/Deleted` to every resource whose entity it names.

A stream of assembled documents (journal entries) starts after the stream of their lines;
each group write sets the documents' lines in from the store and assembles again those
whose lines it changed (`_assembly`, `store.lines`).

A full run (`full=True`) forgets the division's checkpoints first and reconciles every
stream, so records deleted in Exact longer ago than its deleted log keeps are found too.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Collection, Coroutine, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.client import Envelope, ExactClient, F, Query
from exactbridge.exact import find_entity
from exactbridge.store import Database, RecordStore, SyncState
from exactbridge.sync._ahead import one_ahead
from exactbridge.sync._assembly import ASSEMBLED_GROUP_ROWS, reassemble_changed, set_lines
from exactbridge.sync._collector import bulk_collection
from exactbridge.sync._mapping import map_rows
from exactbridge.sync._rows import record_row_of
from exactbridge.sync._streams import Output, Stream
from exactbridge.sync._writes import GROUP_ROWS, Batch, GroupWriter
from exactbridge.sync.reports import Progress, ResourceCounts, StreamReport, SyncReport
from exactbridge.sync.streams import STREAMS
from exactbridge.wire import decode_datetime

__all__ = ["Progress", "ResourceCounts", "StreamReport", "SyncEngine", "SyncReport"]


class SyncEngine:
    """Keeps the local copy of a connection's divisions fresh.

    Args:
        client: the connection's client; give it `priority="background"` so interactive
            calls go first.
        db: the store's database.
        connection: the connection's id in the store.
        streams: what to sync (default: every resource).
        progress: told the rows read after every page.
        clock: the time seam.
        parallel: streams read at once (the deleted log always last, alone). More than
            one keeps Exact and this process busy at the same time when the budget allows
            more calls than one listing at a time can make (limits lifted for a bulk load);
            each page is still written with its own checkpoint in its own transaction.
        reconcile_every: how often streams without a deleted log list every key to find
            deletes (a whole first read counts as one).
        group_rows: rows of a stream written in one transaction, with the checkpoint of
            the group's last page (see `_writes`); 1 writes every page on its own.
    """

    def __init__(
        self,
        client: ExactClient,
        db: Database,
        *,
        connection: str,
        streams: Sequence[Stream] = STREAMS,
        progress: Progress | None = None,
        clock: Callable[[], datetime] | None = None,
        parallel: int = 1,
        reconcile_every: timedelta = timedelta(hours=1),
        group_rows: int = GROUP_ROWS,
    ) -> None:
        self.client = client
        self.db = db
        self.connection = connection
        self.streams = tuple(streams)
        self.records = RecordStore(db)
        self.state = SyncState(db)
        self._progress = progress
        self._clock = clock or (lambda: datetime.now(UTC))
        self._parallel = max(1, parallel)
        self._reconcile_every = reconcile_every
        self._group_rows = group_rows
        self._assemblies = tuple(
            dict.fromkeys(s.assembly for s in self.streams if s.assembly is not None)
        )
        # SQLite writes one transaction at a time: the streams' writes take turns here, not
        # in SQLite's busy handler (which sleeps up to 100 ms a try). Measured on a first
        # sync of `large`: peak RSS 263-268 MB instead of 277-301, the same speed.
        self._write_turn: contextlib.AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if db.dialect == "sqlite" else contextlib.nullcontext()
        )

    async def sync(
        self, division: int, *, full: bool = False, only: Collection[str] | None = None
    ) -> SyncReport:
        """Run every stream (or those writing the resources in `only`) for `division`.

        Raises:
            ExactAPIError: Exact failed in a way retries did not cure; what was written
                before stays, with its checkpoints, and the run is recorded as failed.
        """
        wanted = {s.name for s in self.streams if only is None or set(s.resources) & set(only)}
        wanted |= {name for s in self.streams if s.name in wanted for name in s.after}
        wanted |= {s.name for s in self.streams if s.cursor == "deleted"}
        chosen = [s for s in self.streams if s.name in wanted]
        started = self._clock()
        if full:
            await self.state.clear_checkpoints(self.connection, division)
        run_id = await self.state.start_run(
            self.connection, division, ",".join(sorted(only)) if only else None, at=started
        )
        report = SyncReport(self.connection, division, full, run_id, started)
        try:
            with bulk_collection():
                await self._run_all(chosen, division, report, run_id, full)
        except Exception as exc:
            await self.state.finish_run(
                run_id,
                at=self._clock(),
                error=f"{type(exc).__name__}: {exc}",
                calls=_unrecorded(report),
            )
            raise
        report.finished_at = self._clock()
        await self.state.finish_run(run_id, at=report.finished_at, calls=_unrecorded(report))
        return report

    async def _run_all(
        self, chosen: Sequence[Stream], division: int, report: SyncReport, run_id: int, full: bool
    ) -> None:
        """Every chosen stream, `parallel` at a time, then the deleted log.

        A stream starts after those it reads `after` (an assembled document's lines), so
        a document is written complete. Measured on a first sync of `large`, reading the
        entries side by side with their lines instead (each entry written twice, once
        with the lines read so far) was no faster: 77-82 s instead of 76 s.
        """
        jobs = [(stream, StreamReport(stream.name)) for stream in chosen]
        report.streams.extend(result for _, result in jobs)
        early = [job for job in jobs if job[0].cursor != "deleted"]
        late = [job for job in jobs if job[0].cursor == "deleted"]
        if self._parallel == 1:
            for stream, result in sorted(early, key=lambda job: bool(job[0].after)):
                await self._run(stream, division, result, run_id, full, chosen)
        else:
            gate = asyncio.Semaphore(self._parallel)
            finished = {stream.name: asyncio.Event() for stream, _ in early}

            async def one(stream: Stream, result: StreamReport) -> None:
                for name in stream.after:
                    if name in finished:
                        await finished[name].wait()
                async with gate:
                    await self._run(stream, division, result, run_id, full, chosen)
                finished[stream.name].set()

            await _all_or_none([one(stream, result) for stream, result in early])
        for stream, result in late:
            await self._run(stream, division, result, run_id, full, chosen)

    async def _run(
        self,
        stream: Stream,
        division: int,
        result: StreamReport,
        run_id: int,
        full: bool,
        chosen: Sequence[Stream],
    ) -> None:
        if stream.cursor == "timestamp":
            await self._timestamp(stream, division, result, run_id, reconcile=full)
        elif stream.cursor == "modified":
            seen = await self._modified(stream, division, result, run_id)
            if stream.reconciles or full:
                if seen is not None:  # a whole read saw every key Exact has: no second pass
                    for resource, keys in seen.items():
                        if keys is not None:
                            await self._mark_missing(division, resource, keys, result, run_id)
                    await self._note_reconciled(stream, division)
                elif await self._reconcile_due(stream, division):
                    await self._reconcile(stream, division, result, run_id)
                    await self._note_reconciled(stream, division)
        elif stream.cursor == "snapshot":
            await self._snapshot(stream, division, result, run_id)
        else:
            await self._deleted(stream, division, result, run_id, chosen)

    # --- the four kinds of stream ---------------------------------------------------------

    async def _timestamp(
        self, stream: Stream, division: int, result: StreamReport, run_id: int, *, reconcile: bool
    ) -> None:
        assert stream.feed is not None
        position = await self.state.checkpoint(self.connection, division, stream.name) or {}
        stamp = int(position.get("timestamp", 1))
        # the keys seen are kept only to reconcile (a million ids are ~100 MB)
        seen = {output.name: set[str]() for output in stream.outputs} if reconcile else None
        now = self._clock()
        query = Query(stream.feed).since(stamp)
        async with self._writer(division, stream.name, result, run_id) as writer:
            async for envelope in self._pages(division, query, result):
                if not envelope.rows:
                    continue
                batch = Batch()
                for output in stream.outputs:
                    await map_rows(output, envelope.rows, division, batch, now, seen=seen)
                stamp = max(stamp, *(int(row["Timestamp"]) for row in envelope.rows))
                await writer.add(batch, {"timestamp": stamp}, result.calls)
        if seen is not None:
            for output in stream.outputs:
                await self._mark_missing(division, output.name, seen[output.name], result, run_id)

    async def _modified(
        self, stream: Stream, division: int, result: StreamReport, run_id: int
    ) -> dict[str, set[str] | None] | None:
        """Read every source from its boundary; the keys seen per resource when every
        source was read whole for the first time (no checkpoint, or a full run), which then
        stand for a key listing. A resource the store held no live record of when the read
        began maps to None: nothing of it can have gone missing, so no keys are kept (on a
        first sync of `large`, 219,412 journal entry ids not held in memory)."""
        position = await self.state.checkpoint(self.connection, division, stream.name) or {}
        sources: dict[str, dict[str, Any]] = dict(position.get("sources", {}))
        now = self._clock()
        seen: dict[str, set[str] | None] | None = {}
        for output in stream.outputs:
            spec = output.source.map.spec
            mark = dict(sources.get(spec.path, {}))
            boundary: str | None = mark.get("modified")
            keys: set[str] = set(mark.get("keys", ()))
            first = "modified" not in mark  # never read (or a full run cleared it)
            if seen is not None and first and output.name not in seen:
                held = await self.records.has_live(self.connection, division, output.name)
                seen[output.name] = set() if held else None
            whole = seen.get(output.name) if seen is not None and first else None
            if seen is not None and not first:
                seen = None
            query = self._query(output, bulk=stream.bulk)
            if boundary is not None:
                query = query.where(F("Modified") >= decode_datetime(boundary))
            query = query.orderby("Modified")
            writer = self._writer(
                division, stream.name, result, run_id, assembled=stream.assembly is not None
            )
            async with writer:
                async for envelope in self._pages(division, query, result):
                    fresh = [
                        row
                        for row in envelope.rows
                        if not (
                            row.get("Modified") == boundary and str(row[spec.key]).lower() in keys
                        )
                    ]
                    batch = Batch()
                    await map_rows(output, fresh, division, batch, now)
                    if whole is not None:
                        prefix = output.source.id_prefix
                        whole.update(prefix + str(row[spec.key]).lower() for row in envelope.rows)
                    boundary, keys = _advance(boundary, keys, fresh, spec.key)
                    sources[spec.path] = {"modified": boundary, "keys": sorted(keys)}
                    await writer.add(batch, {"sources": sources}, result.calls)
        return seen

    async def _snapshot(
        self, stream: Stream, division: int, result: StreamReport, run_id: int
    ) -> None:
        now = self._clock()
        resource = stream.outputs[0].resource
        records: list[Any] = []
        raws: list[Mapping[str, Any] | None] = []
        for output in stream.outputs:
            async for envelope in self._pages(division, self._query(output, bulk=False), result):
                for row in envelope.rows:
                    if output.source.where is None or output.source.where(row):
                        records.append(
                            output.source.record(
                                row, division=division, remote_data=False, custom=()
                            )
                        )
                        raws.append({k: v for k, v in row.items() if k != "__metadata"})
        if resource.derive is not None:
            records = list(resource.derive(records))
            raws = [None] * len(records)
        if resource.name == "companies":  # each division keeps its own company
            kept = [
                (r, raw) for r, raw in zip(records, raws, strict=True) if r.division == division
            ]
            records, raws = [r for r, _ in kept], [raw for _, raw in kept]
        batch = Batch()
        for record, raw in zip(records, raws, strict=True):
            batch.keep(resource.name, record_row_of(record, raw, fallback=now))
        await self._write(division, None, None, batch, result, run_id, calls=result.calls)
        ids = set(batch.upserts.get(resource.name, {}))
        await self._mark_missing(division, resource.name, ids, result, run_id)

    async def _deleted(
        self,
        stream: Stream,
        division: int,
        result: StreamReport,
        run_id: int,
        chosen: Sequence[Stream],
    ) -> None:
        assert stream.feed is not None
        targets: dict[int, list[str]] = {}
        for other in chosen:
            for kind in other.deleted_types:
                targets.setdefault(kind, []).extend(other.resources)
        position = await self.state.checkpoint(self.connection, division, stream.name) or {}
        stamp = int(position.get("timestamp", 1))
        query = Query(stream.feed).since(stamp)
        async with self._writer(division, stream.name, result, run_id) as writer:
            async for envelope in self._pages(division, query, result):
                if not envelope.rows:
                    continue
                batch = Batch()
                for row in envelope.rows:
                    for resource in targets.get(int(row["EntityType"]), ()):
                        batch.drop(resource, str(row["EntityKey"]).lower())
                stamp = max(stamp, *(int(row["Timestamp"]) for row in envelope.rows))
                await writer.add(batch, {"timestamp": stamp}, result.calls)

    async def _reconcile_due(self, stream: Stream, division: int) -> bool:
        """True when the stream's keys were last compared `reconcile_every` ago or more."""
        mark = await self.state.checkpoint(self.connection, division, _reconciled(stream))
        if mark is None:
            return True
        return self._clock() - datetime.fromisoformat(mark["at"]) >= self._reconcile_every

    async def _note_reconciled(self, stream: Stream, division: int) -> None:
        at = self._clock()
        async with self._writing() as tx:
            await self.state.save_checkpoint(
                tx, self.connection, division, _reconciled(stream), {"at": at.isoformat()}, at=at
            )

    async def _reconcile(
        self, stream: Stream, division: int, result: StreamReport, run_id: int
    ) -> None:
        """Mark deleted what Exact no longer has: every key it still serves, by key only.

        Keys are listed on the bulk twin wherever there is one (1,000 a page), also for a
        stream that reads expanded lines from the regular endpoint (60 a page).
        """
        present: dict[str, set[str]] = {}
        for output in stream.outputs:
            spec = output.source.map.spec
            path = spec.bulk or spec.path
            query = Query(path).select(spec.key)
            if output.source.filter:
                query = query.where(output.source.filter)
            keys = present.setdefault(output.name, set())
            async for envelope in self._pages(division, query, result, counted=False):
                keys.update(
                    output.source.id_prefix + str(r[spec.key]).lower() for r in envelope.rows
                )
        for resource, keys in present.items():
            await self._mark_missing(division, resource, keys, result, run_id)

    # --- plumbing -------------------------------------------------------------------------

    def _query(self, output: Output, *, bulk: bool) -> Query:
        spec = output.source.map.spec
        twin = find_entity(spec.bulk) if bulk and spec.bulk else None
        query = Query(twin.path if twin is not None else spec.path)
        if output.source.filter:
            query = query.where(output.source.filter)
        if output.source.expand:
            query = query.expand(output.source.expand)
        return query

    async def _pages(
        self, division: int, query: Query, result: StreamReport, *, counted: bool = True
    ) -> AsyncIterator[Envelope]:
        """Every page of `query`, the next one fetched while the caller maps this one (and
        asked for while this one is parsed: `ExactClient.pages(ahead=True)`)."""
        async with contextlib.aclosing(
            one_ahead(self.client.pages(division, query, ahead=True))
        ) as pages:
            async for envelope in pages:
                if counted:
                    self._count_page(result, envelope)
                else:
                    result.calls += 1
                yield envelope

    def _count_page(self, result: StreamReport, envelope: Envelope) -> None:
        result.calls += 1
        result.rows += len(envelope.rows)
        if self._progress is not None:
            self._progress(result.name, result.rows)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncConnection]:
        """A writer transaction, when this engine's turn to write comes (see `__init__`)."""
        async with self._write_turn, self.db.transaction() as tx:
            yield tx

    async def _write(
        self,
        division: int,
        checkpoint: str | None,
        position: dict[str, Any] | None,
        batch: Batch,
        result: StreamReport,
        run_id: int,
        *,
        calls: int,
    ) -> None:
        """Records, deletes, checkpoint and counts in one transaction (`calls`: the stream's
        calls made up to the checkpoint, of which those not yet recorded join the history)."""
        counts: dict[str, ResourceCounts] = {}
        written: dict[str, frozenset[str]] = {}
        async with self._writing() as tx:
            for assembly in self._assemblies:
                await set_lines(self.records, tx, self.connection, division, assembly, batch)
            for resource, rows in batch.upserts.items():
                done = await self.records.upsert(
                    self.connection, division, resource, rows.values(), tx=tx
                )
                counts[resource] = ResourceCounts(done.added, done.updated)
                written[resource] = done.written
            for resource, ids in batch.deletes.items():
                marked = await self.records.mark_deleted(
                    self.connection, division, resource, ids, at=self._clock(), tx=tx
                )
                counts.setdefault(resource, ResourceCounts()).deleted += marked
            for assembly in self._assemblies:  # documents whose lines changed: updated
                changed = await reassemble_changed(
                    self.records, tx, self.connection, division, assembly, batch, written
                )
                if changed:
                    counts.setdefault(assembly.document, ResourceCounts()).updated += changed
            if checkpoint is not None and position is not None:
                await self.state.save_checkpoint(
                    tx, self.connection, division, checkpoint, position, at=self._clock()
                )
            total = ResourceCounts()
            for each in counts.values():
                total.add(each)
            calls = max(0, calls - result.recorded_calls)
            await self.state.add_to_run(
                tx,
                run_id,
                added=total.added,
                updated=total.updated,
                deleted=total.deleted,
                calls=calls,
            )
        result.recorded_calls += calls
        result.added += total.added
        result.updated += total.updated
        result.deleted += total.deleted
        for resource, each in counts.items():
            result.resources.setdefault(resource, ResourceCounts()).add(each)

    def _writer(
        self,
        division: int,
        checkpoint: str,
        result: StreamReport,
        run_id: int,
        *,
        assembled: bool = False,
    ) -> GroupWriter:
        """A group writer for one stream's pages, each group with `checkpoint`'s position
        (groups of assembled documents are smaller: see `ASSEMBLED_GROUP_ROWS`)."""

        async def write(batch: Batch, position: dict[str, Any] | None, calls: int) -> None:
            await self._write(division, checkpoint, position, batch, result, run_id, calls=calls)

        rows = min(self._group_rows, ASSEMBLED_GROUP_ROWS) if assembled else self._group_rows
        return GroupWriter(write, group_rows=rows)

    async def _mark_missing(
        self, division: int, resource: str, present: set[str], result: StreamReport, run_id: int
    ) -> None:
        gone = await self.records.missing_ids(self.connection, division, resource, present)
        if gone:
            batch = Batch(deletes={resource: dict.fromkeys(gone)})
            await self._write(division, None, None, batch, result, run_id, calls=result.calls)


async def _all_or_none(work: Sequence[Coroutine[Any, Any, None]]) -> None:
    """Run `work` concurrently; on the first failure cancel the rest and raise it as is."""
    tasks = [asyncio.create_task(each) for each in work]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        failure = next((task.exception() for task in done if task.exception()), None)
        if failure is not None:
            raise failure
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _advance(
    boundary: str | None, keys: set[str], rows: Sequence[Mapping[str, Any]], key: str
) -> tuple[str | None, set[str]]:
    """The latest `Modified` of `rows` and the keys seen at it (the boundary's keys kept)."""
    latest = None if boundary is None else decode_datetime(boundary)
    for row in rows:
        stamp = row.get("Modified")
        if stamp is None:
            continue
        if stamp == boundary:
            keys.add(str(row[key]).lower())
            continue
        instant = decode_datetime(stamp)
        if latest is None or instant > latest:
            boundary, latest, keys = stamp, instant, {str(row[key]).lower()}
    return boundary, keys


def _unrecorded(report: SyncReport) -> int:
    """Calls of the run not yet in its history (pages that wrote nothing, a failed page)."""
    return sum(stream.calls - stream.recorded_calls for stream in report.streams)


def _reconciled(stream: Stream) -> str:
    """The checkpoint holding when a stream's keys were last compared with Exact's."""
    return f"{stream.name}/reconciled"
