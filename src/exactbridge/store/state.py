"""`SyncState`: what a sync needs to remember, besides the records themselves.

- **Checkpoints** per (connection, division, stream): where the next incremental read
  starts (an Exact `Timestamp`, a `Modified` instant, a phase...). A checkpoint must advance
  in the same transaction as the records it covers, so that a crash at any point loses
  nothing and duplicates nothing: `save_checkpoint` takes the caller's transaction (the one
  `RecordStore.upsert` wrote the page in) and never opens one of its own.
- **Runs**: the history of syncs with counts added, updated, deleted and calls spent.
  `add_to_run` takes the same transaction as the page it counts, so the counts of a run that
  crashed halfway are those of the pages that were kept. A run remembers the process that
  runs it (host and pid): one left `running` by a process that was killed is closed as
  failed ("interrupted") by the next run started on its host.
- **Schedules** per (connection, division, resource): how often to sync, and when next.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Row, and_, select, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from exactbridge.store import _dialect
from exactbridge.store._schema import sync_checkpoints, sync_runs, sync_schedules
from exactbridge.store.database import Database

__all__ = ["RunProcess", "RunState", "Schedule", "SyncRun", "SyncState"]

RunState = Literal["running", "succeeded", "failed"]


@dataclass(frozen=True, slots=True)
class SyncRun:
    """One sync of a division (`resource` None: all of its scheduled resources)."""

    id: int
    connection: str
    division: int
    resource: str | None
    state: RunState
    started_at: datetime
    finished_at: datetime | None
    added: int
    updated: int
    deleted: int
    calls: int
    error: str | None


@dataclass(frozen=True, slots=True)
class Schedule:
    """How often one resource of one division is synced, and when it is due next."""

    connection: str
    division: int
    resource: str
    interval: timedelta
    enabled: bool
    last_run_at: datetime | None
    next_due_at: datetime


@dataclass(frozen=True, slots=True)
class RunProcess:
    """The process a run runs in: its host's name and its id there."""

    host: str
    pid: int

    @classmethod
    def current(cls) -> RunProcess:
        """This process."""
        return cls(socket.gethostname(), os.getpid())

    def gone(self) -> bool:
        """True when no process has this pid any more (asked on its own host)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # it exists, under another user
            return False
        return False


class SyncState:
    """Checkpoints, run history and schedules of every connection.

    Args:
        db: the store.
        process: the process runs started here are recorded as running in (this one).
    """

    def __init__(self, db: Database, *, process: RunProcess | None = None) -> None:
        self._db = db
        self._process = process or RunProcess.current()

    # -- checkpoints -------------------------------------------------------------------

    async def save_checkpoint(
        self,
        tx: AsyncConnection,
        connection: str,
        division: int,
        stream: str,
        position: dict[str, Any],
        *,
        at: datetime,
    ) -> None:
        """Advance a checkpoint in the caller's transaction `tx` (the records' one)."""
        values = {"position": position, "updated_at": at}
        await tx.execute(
            _dialect.upsert(self._db.dialect, sync_checkpoints)
            .values(connection_id=connection, division=division, stream=stream, **values)
            .on_conflict_do_update(
                index_elements=[
                    sync_checkpoints.c.connection_id,
                    sync_checkpoints.c.division,
                    sync_checkpoints.c.stream,
                ],
                set_=values,
            )
        )

    async def checkpoint(
        self,
        connection: str,
        division: int,
        stream: str,
        *,
        tx: AsyncConnection | None = None,
    ) -> dict[str, Any] | None:
        """The stored position of a stream, or None before its first sync."""
        async with self._db.reading(tx) as connection_tx:
            found: dict[str, Any] | None = await connection_tx.scalar(
                select(sync_checkpoints.c.position).where(
                    sync_checkpoints.c.connection_id == connection,
                    sync_checkpoints.c.division == division,
                    sync_checkpoints.c.stream == stream,
                )
            )
        return found

    async def clear_checkpoints(self, connection: str, division: int) -> int:
        """Forget every checkpoint of a division (a full resync follows); how many there were."""
        async with self._db.transaction() as tx:
            result = await tx.execute(
                sync_checkpoints.delete().where(
                    sync_checkpoints.c.connection_id == connection,
                    sync_checkpoints.c.division == division,
                )
            )
        return result.rowcount

    # -- runs --------------------------------------------------------------------------

    async def start_run(
        self, connection: str, division: int, resource: str | None, *, at: datetime
    ) -> int:
        """Record a run as started; its id.

        Runs this host left `running` in processes that are gone (killed, or the machine
        restarted) are closed first, as failed with an "interrupted" error.
        """
        async with self._db.transaction() as tx:
            await self._close_interrupted(tx, at)
            run_id = await tx.scalar(
                sync_runs.insert()
                .values(
                    connection_id=connection,
                    division=division,
                    resource=resource,
                    state="running",
                    started_at=at,
                    added=0,
                    updated=0,
                    deleted=0,
                    calls=0,
                    host=self._process.host,
                    pid=self._process.pid,
                )
                .returning(sync_runs.c.id)
            )
        assert run_id is not None
        return int(run_id)

    async def _close_interrupted(self, tx: AsyncConnection, at: datetime) -> None:
        here = self._process.host
        running = await tx.execute(
            select(sync_runs.c.id, sync_runs.c.pid).where(
                sync_runs.c.state == "running", sync_runs.c.host == here
            )
        )
        for run_id, pid in running.all():
            process = RunProcess(here, pid)
            if pid is None or process == self._process or not process.gone():
                continue
            await tx.execute(
                update(sync_runs)
                .where(sync_runs.c.id == run_id, sync_runs.c.state == "running")
                .values(
                    state="failed",
                    error=f"interrupted: its process (pid {pid} on {here}) ended before "
                    f"the run did; noticed {at.isoformat(timespec='seconds')}",
                )
            )

    async def add_to_run(
        self,
        tx: AsyncConnection,
        run_id: int,
        *,
        added: int = 0,
        updated: int = 0,
        deleted: int = 0,
        calls: int = 0,
    ) -> None:
        """Add one page's counts to a run, in the transaction that wrote the page."""
        await tx.execute(
            update(sync_runs)
            .where(sync_runs.c.id == run_id)
            .values(
                added=sync_runs.c.added + added,
                updated=sync_runs.c.updated + updated,
                deleted=sync_runs.c.deleted + deleted,
                calls=sync_runs.c.calls + calls,
            )
        )

    async def finish_run(
        self, run_id: int, *, at: datetime, error: str | None = None, calls: int = 0
    ) -> None:
        """Close a run: succeeded without `error`, failed with it; `calls` not yet counted."""
        async with self._db.transaction() as tx:
            await tx.execute(
                update(sync_runs)
                .where(sync_runs.c.id == run_id)
                .values(
                    state="failed" if error is not None else "succeeded",
                    finished_at=at,
                    error=error,
                    calls=sync_runs.c.calls + calls,
                )
            )

    async def runs(
        self, connection: str, division: int | None = None, *, limit: int = 50
    ) -> list[SyncRun]:
        """The latest runs of a connection (of one division if given), newest first."""
        where = [sync_runs.c.connection_id == connection]
        if division is not None:
            where.append(sync_runs.c.division == division)
        async with self._db.read() as tx:
            rows = (
                await tx.execute(
                    select(sync_runs)
                    .where(*where)
                    .order_by(sync_runs.c.started_at.desc(), sync_runs.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [_run(row) for row in rows]

    # -- schedules ---------------------------------------------------------------------

    async def set_schedule(
        self,
        connection: str,
        division: int,
        resource: str,
        interval: timedelta,
        *,
        now: datetime,
        enabled: bool = True,
    ) -> None:
        """Sync `resource` every `interval`; a new schedule is due at once.

        A changed interval counts from the last run (due at once if that is long enough ago).
        """
        if interval <= timedelta(0):
            raise ValueError("a sync interval must be positive")
        seconds = int(interval.total_seconds())
        key = (
            sync_schedules.c.connection_id == connection,
            sync_schedules.c.division == division,
            sync_schedules.c.resource == resource,
        )
        async with self._db.transaction() as tx:
            found = (await tx.execute(select(sync_schedules.c.last_run_at).where(*key))).first()
            if found is None:
                await tx.execute(
                    sync_schedules.insert().values(
                        connection_id=connection,
                        division=division,
                        resource=resource,
                        interval_seconds=seconds,
                        enabled=enabled,
                        next_due_at=now,
                    )
                )
                return
            last_run_at = found.last_run_at
            await tx.execute(
                update(sync_schedules)
                .where(*key)
                .values(
                    interval_seconds=seconds,
                    enabled=enabled,
                    next_due_at=now if last_run_at is None else last_run_at + interval,
                )
            )

    async def schedules(self, connection: str) -> list[Schedule]:
        """Every schedule of a connection."""
        async with self._db.read() as tx:
            rows = (
                await tx.execute(
                    select(sync_schedules)
                    .where(sync_schedules.c.connection_id == connection)
                    .order_by(sync_schedules.c.division, sync_schedules.c.resource)
                )
            ).all()
        return [_schedule(row) for row in rows]

    async def due(self, now: datetime) -> list[Schedule]:
        """Enabled schedules of every connection whose next run is due at `now`."""
        async with self._db.read() as tx:
            rows = (
                await tx.execute(
                    select(sync_schedules)
                    .where(
                        and_(
                            sync_schedules.c.enabled == true(),
                            sync_schedules.c.next_due_at <= now,
                        )
                    )
                    .order_by(sync_schedules.c.next_due_at)
                )
            ).all()
        return [_schedule(row) for row in rows]

    async def mark_ran(
        self,
        connection: str,
        division: int,
        resource: str,
        *,
        at: datetime,
        tx: AsyncConnection | None = None,
    ) -> None:
        """Note that a resource was synced at `at`; it is due again an interval later."""
        async with self._db.using(tx) as connection_tx:
            interval = await connection_tx.scalar(
                select(sync_schedules.c.interval_seconds).where(
                    sync_schedules.c.connection_id == connection,
                    sync_schedules.c.division == division,
                    sync_schedules.c.resource == resource,
                )
            )
            if interval is None:
                return
            await connection_tx.execute(
                update(sync_schedules)
                .where(
                    sync_schedules.c.connection_id == connection,
                    sync_schedules.c.division == division,
                    sync_schedules.c.resource == resource,
                )
                .values(last_run_at=at, next_due_at=at + timedelta(seconds=interval))
            )


def _run(row: Row[Any]) -> SyncRun:
    return SyncRun(
        id=row.id,
        connection=row.connection_id,
        division=row.division,
        resource=row.resource,
        state=row.state,
        started_at=row.started_at,
        finished_at=row.finished_at,
        added=row.added,
        updated=row.updated,
        deleted=row.deleted,
        calls=row.calls,
        error=row.error,
    )


def _schedule(row: Row[Any]) -> Schedule:
    return Schedule(
        connection=row.connection_id,
        division=row.division,
        resource=row.resource,
        interval=timedelta(seconds=row.interval_seconds),
        enabled=bool(row.enabled),
        last_run_at=row.last_run_at,
        next_due_at=row.next_due_at,
    )
