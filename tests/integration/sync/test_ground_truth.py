"""Must-show: a full sync of `medium` equals Exact's ground truth, record by record.

One `medium` division (seeding a second one doubles the minute this module takes and shows
nothing one does not) is synced in full into SQLite and into PostgreSQL. Then, for every
resource of `exactbridge.actions.RESOURCES`, the store's records must be exactly what
`Actions.list` returns live: the same ids, the same checksum per record (canonical JSON of
the unified record), none marked deleted. The emulator and the ground truth are built once
(`medium` in the conftest); reads leave the emulator as it was, so both databases sync
the same data.
"""

from __future__ import annotations

import pytest
import pytest_asyncio

from exactbridge.actions import RESOURCES, Actions
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import Size
from exactbridge.emulator.state import EmulatorState
from exactbridge.store import Database, SyncState
from exactbridge.sync.engine import SyncEngine
from tests.support.clients import emulator_client
from tests.support.synced import Checksums, differences, stored_records, truth
from tests.support.vault import Vault


@pytest.fixture
def size() -> Size:
    return "medium"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def expected(medium: tuple[EmulatorState, ManualClock]) -> dict[str, Checksums]:
    """Ground truth: every resource as `Actions.list` returns it, read once."""
    state, clock = medium
    async with await emulator_client(state, clock) as client:
        return await truth(Actions(client), min(state.store.divisions))


async def test_a_full_sync_of_medium_equals_the_ground_truth(
    engine: SyncEngine,
    db: Database,
    vault: Vault,
    division: int,
    expected: dict[str, Checksums],
) -> None:
    report = await engine.sync(division, full=True)

    stored = await stored_records(db, vault.connection.id, division)
    assert differences(expected, stored) == []
    assert {r: len(ids) for r, ids in stored.items()} == {
        r: len(ids) for r, ids in expected.items()
    }
    assert not [(r, i) for r, ids in stored.items() for i, s in ids.items() if s.deleted]
    # the data is not trivially equal: every resource has records, the whole lot is medium
    assert set(expected) == set(RESOURCES)
    assert [r for r, ids in expected.items() if not ids] == []
    assert sum(map(len, expected.values())) > 20_000
    # the run history counts what was written, and the run finished
    assert report.total("added") == sum(map(len, stored.values()))
    assert report.total("updated") == report.total("deleted") == 0
    (run,) = await SyncState(db).runs(vault.connection.id, division)
    assert run.error is None and run.finished_at is not None
    assert (run.added, run.updated, run.deleted) == (report.total("added"), 0, 0)
