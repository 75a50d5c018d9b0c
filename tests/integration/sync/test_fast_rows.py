"""The fast path stores every row of every stream as the pydantic path stores it.

Every page the sync engine reads on a first run (the timestamp feeds; the modified reads on
their bulk twins, with filters and expanded lines; the snapshots) is read from the emulator
through the stored connection, for each division of the `small` seed (two divisions) and
of the shared `medium` one. Each row goes through `record_row` (the fast path) and
`reference_row` (`Source.record`, `model_dump_json`); the store rows must be equal, the
record and the raw row compared as the bytes the store writes. And the fast path must
really be taken: it maps every row of every source it compiles without declining one.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Final

import pytest

from exactbridge.client import ExactClient, Query
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, Size
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.exact import find_entity
from exactbridge.sync._rows import _fast_row, record_row, reference_row
from exactbridge.sync._streams import Output, Stream
from exactbridge.sync.streams import STREAMS
from tests.integration.sync.conftest import LIFTED
from tests.support.stored import columns

FALLBACK: Final = datetime(2026, 6, 25, 14, tzinfo=UTC)
REFERENCE_ONLY: Final = frozenset(
    {
        ("companies", "system/Divisions"),  # its own reader: a company is its division
        ("fiscal_years", "financial/FinancialPeriods"),  # derived from the periods
        ("outstandings", "read/financial/PayablesList"),  # its own reader: prefixed ids
        ("vendor_credits", "purchaseentry/PurchaseEntries"),  # an after-validator
        ("attachments", "documents/DocumentAttachments"),  # bytes, base64 in JSON
    }
)


@pytest.fixture
def state(size: Size, clock: ManualClock, request: pytest.FixtureRequest) -> EmulatorState:
    """The shared `medium` division, or two fresh divisions of `size`."""
    if size == "medium":
        shared: tuple[EmulatorState, ManualClock] = request.getfixturevalue("medium")
        return shared[0]
    return build_state(EmulatorConfig(divisions=2, size=size, seed=7, limits=LIFTED), clock)


def _reads(stream: Stream) -> list[tuple[Output, Query]]:
    """A first run's reads of `stream`, as `SyncEngine` makes them."""
    if stream.cursor == "deleted":
        return []
    if stream.cursor == "timestamp":
        assert stream.feed is not None
        return [(output, Query(stream.feed).since(1)) for output in stream.outputs]
    reads = []
    for output in stream.outputs:
        source = output.source
        twin = find_entity(source.map.spec.bulk) if stream.bulk and source.map.spec.bulk else None
        query = Query(twin.path if twin is not None else source.map.spec.path)
        if source.filter:
            query = query.where(source.filter)
        if source.expand:
            query = query.expand(source.expand)
        reads.append((output, query.orderby("Modified") if stream.cursor == "modified" else query))
    return reads


@pytest.mark.parametrize("size", ["small", "medium"])
@pytest.mark.parametrize("target", ["sqlite"], indirect=True)
async def test_every_row_of_every_stream_is_stored_alike_by_both_paths(
    client: ExactClient, state: EmulatorState
) -> None:
    fast_rows: Counter[str] = Counter()
    declined: Counter[str] = Counter()
    reference_only = set()
    for division in sorted(state.store.divisions):
        for stream in STREAMS:
            for output, query in _reads(stream):
                source = output.source
                fast = _fast_row(output)
                if fast is None:
                    reference_only.add((output.name, source.path))
                async for envelope in client.pages(division, query):
                    for row in envelope.rows:
                        if source.where is not None and not source.where(row):
                            continue
                        stored = record_row(output, row, division=division, fallback=FALLBACK)
                        expected = reference_row(output, row, division=division, fallback=FALLBACK)
                        assert columns(stored) == columns(expected), (output.name, row)
                        if fast is None:
                            continue
                        try:
                            fast(row, division, FALLBACK)
                            fast_rows[output.name] += 1
                        except Exception:  # noqa: BLE001 - counted: there should be none
                            declined[output.name] += 1
    assert not declined
    assert reference_only == REFERENCE_ONLY
    assert len(fast_rows) >= 25
    assert fast_rows["transactions"] > 500 and fast_rows["journal_entries"] > 100
