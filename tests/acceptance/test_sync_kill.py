"""Must-show: a sync killed with SIGKILL at random points, restarted, ends as an uninterrupted one.

An emulator process serves one `medium` division. The sync runs in a process of its own
(`tests.support.sync_runner`, what `exactbridge sync` does) and reports every page it reads;
a seeded generator picks after how many pages, plus a random few milliseconds, the process
is killed with SIGKILL: between a page's fetch and its transaction, inside it, or after its
commit. The sync is restarted (an incremental run: it resumes from the checkpoints) until
it completes. The final store must equal, record by record (checksum of each record and its
deleted flag), the store of one uninterrupted sync of the same emulator; and across the
killed runs every record must have been counted as added exactly once: nothing was lost,
nothing was written twice as new; and the history shows each killed run as failed
("interrupted"), closed by the run that followed it.
"""

from __future__ import annotations

import asyncio
import json
import random
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from exactbridge.store import Database, SyncState, TokenCipher, upgrade
from tests.integration.store.conftest import Target, target  # noqa: F401 - SQLite and PostgreSQL
from tests.support.faulty import UNLIMITED
from tests.support.processes import running_emulator
from tests.support.sync_runner import connect
from tests.support.synced import Stored, stored_records

pytestmark = pytest.mark.acceptance

SEED = 6
KILLS = 5
MOST_PAGES = 70
"""A kill comes after 1 to this many pages of a run (an uninterrupted run reads ~240)."""
KEY = TokenCipher.generate_key()


@dataclass(frozen=True, slots=True)
class Emulator:
    url: str
    division: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """How one runner process ended: its report line, or after how many pages it was killed."""

    report: dict[str, Any] | None
    pages: int
    stream: str = ""


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    """One emulator process for the module; its data never changes (syncs only read)."""
    with running_emulator(
        "--size", "medium", "--divisions", "1", "--auto-consent", *UNLIMITED
    ) as url:
        yield url


async def _run(
    where: Target,
    url: str,
    connection: str,
    division: int,
    log: Path,
    kill: tuple[int, float] | None,
) -> Outcome:
    """Run the sync process; with `kill` (pages, seconds), SIGKILL it that long after that page."""
    arguments = (where.url, where.schema or "-", url, connection, KEY, str(division))
    with log.open("a") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.support.sync_runner", *arguments,
            stdout=asyncio.subprocess.PIPE, stderr=errors,
        )  # fmt: skip
        assert process.stdout is not None
        pages, stream = 0, ""
        while line := await process.stdout.readline():
            message = json.loads(line)
            if "done" in message:
                assert await process.wait() == 0
                return Outcome(message, pages, stream)
            pages, stream = pages + 1, message["stream"]
            if kill is not None and pages == kill[0]:
                await asyncio.sleep(kill[1])
                process.send_signal(signal.SIGKILL)
                assert await process.wait() == -signal.SIGKILL
                return Outcome(None, pages, stream)
        code = await process.wait()
    errors_text = await asyncio.to_thread(log.read_text)
    raise AssertionError(f"the sync process exited with {code} unasked:\n{errors_text}")


async def _connected(where: Target, url: str) -> tuple[str, int]:
    async with Database(where.url, schema=where.schema) as db:
        connection = await connect(db, url, KEY)
    return connection.id, connection.divisions[0].code


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def reference(
    emulator: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[dict[str, dict[str, Stored]]]:
    """The store of one uninterrupted sync (SQLite), record by record."""
    folder = tmp_path_factory.mktemp("reference")
    where = Target(f"sqlite:///{folder / 'store.db'}", None)
    async with Database(where.url) as db:
        await upgrade(db)
    connection, division = await _connected(where, emulator)
    outcome = await _run(where, emulator, connection, division, folder / "sync.log", None)
    assert outcome.report is not None and outcome.report["added"] > 20_000
    async with Database(where.url) as db:
        yield await stored_records(db, connection, division)


async def test_a_sync_killed_at_random_points_ends_as_an_uninterrupted_one(
    target: Target,  # noqa: F811
    emulator: str,
    reference: dict[str, dict[str, Stored]],
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    connection, division = await _connected(target, emulator)
    killed_after: list[tuple[int, str]] = []
    outcome = Outcome(None, 0)
    while outcome.report is None:
        assert len(killed_after) <= KILLS, "the sync did not finish once the kills were over"
        kill = None
        if len(killed_after) < KILLS:
            kill = (rng.randint(1, MOST_PAGES), rng.uniform(0.0, 0.05))
        outcome = await _run(target, emulator, connection, division, tmp_path / "sync.log", kill)
        if outcome.report is None:
            killed_after.append((outcome.pages, outcome.stream))

    async with Database(target.url, schema=target.schema) as db:
        stored = await stored_records(db, connection, division)
        runs = await SyncState(db).runs(connection, division)
    kills = f"killed after (pages, stream): {killed_after}"
    assert len(killed_after) >= 3, kills
    assert stored.keys() == reference.keys()
    assert [r for r in reference if stored[r] != reference[r]] == [], kills
    assert not [(r, i) for r, ids in stored.items() for i, s in ids.items() if s.deleted]
    # one run per process, the last one succeeded; each killed run was closed as
    # interrupted by the run started after it (its process was gone)
    assert len(runs) == len(killed_after) + 1
    assert runs[0].state == "succeeded" and runs[0].error is None
    closed = [(run.state, (run.error or "").split(":")[0]) for run in runs[1:]]
    assert closed == [("failed", "interrupted")] * len(killed_after)
    # every record counted as added exactly once over all the runs, none deleted
    assert sum(run.added for run in runs) == sum(map(len, stored.values()))
    assert sum(run.deleted for run in runs) == 0
