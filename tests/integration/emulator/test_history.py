"""A division with computed booking history, served through the API like any rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.history import HistoryPlan, attach_history
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.emulator.store import Division
from exactbridge.exact import find_entity
from tests.conftest import START
from tests.support.emulator import EmulatorClient, connect

LINES = "financialtransaction/TransactionLines"
ENTRIES = "financialtransaction/Transactions"


@pytest.fixture
def history_state(clock) -> tuple[EmulatorState, HistoryPlan]:  # type: ignore[no-untyped-def]
    config = EmulatorConfig(
        divisions=1, size="small", seed=5, limits=RateLimits(minutely=100_000, daily=10**6)
    )
    state = build_state(config, clock)
    division = next(iter(state.store.divisions.values()))
    plan = attach_history(state.context(division), 5, 2400, START.date())
    return state, plan


@pytest.fixture
async def client(history_state: tuple[EmulatorState, HistoryPlan]) -> AsyncIterator[EmulatorClient]:
    async with connect(history_state[0]) as exact:
        yield exact


def _division(state: EmulatorState) -> Division:
    return next(iter(state.store.divisions.values()))


def test_reference_counts_equal_those_of_saving_every_row(
    history_state: tuple[EmulatorState, HistoryPlan],
) -> None:
    state, _ = history_state
    division = _division(state)
    shortcut = {k: dict(v) for k, v in division.references.items()}
    recount = Division(division.code, division.info)
    for path in (LINES, ENTRIES):
        spec = find_entity(path)
        assert spec is not None
        for row in division.table(spec).rows.values():
            recount.count_references(spec, None, row)
    for path in (LINES, ENTRIES):
        for (target, value), referrers in recount.references.items():
            assert shortcut.get((target, value), {}).get(path, 0) == referrers.get(path, 0)


def test_history_entries_balance_and_rows_have_the_spec_shape(
    history_state: tuple[EmulatorState, HistoryPlan],
) -> None:
    state, plan = history_state
    spec = find_entity(LINES)
    assert spec is not None
    table = _division(state).table(spec)
    totals: dict[str, float] = {}
    for row in table.rows.values():
        assert set(row) == {f.name for f in spec.fields}
        totals[row["EntryID"]] = round(totals.get(row["EntryID"], 0.0) + row["AmountDC"], 2)
    assert len(table) >= plan.lines
    assert set(totals.values()) == {0.0}


async def test_sync_and_key_paging_serve_history_in_order(
    client: EmulatorClient, history_state: tuple[EmulatorState, HistoryPlan]
) -> None:
    _, plan = history_state
    base = f"/api/v1/{client.division}"
    url: str | None = f"{base}/sync/Financial/TransactionLines"
    params: dict[str, str] | None = {
        "$select": "Timestamp,ID,EntryID,AmountDC",
        "$filter": "Timestamp gt 0L",
    }
    seen: list[str] = []
    stamps: list[int] = []
    while url:
        body = (await client.get(url, params=params)).json()["d"]
        seen += [r["ID"] for r in body["results"]]
        stamps += [int(r["Timestamp"]) for r in body["results"]]
        url, params = body.get("__next"), None
    assert stamps == sorted(stamps) and len(set(seen)) == len(seen)
    assert {plan.line_key(i) for i in range(plan.lines)} <= set(seen)
    url, params = f"{base}/{LINES}", {"$select": "ID"}
    keyed: list[str] = []
    while url:
        body = (await client.get(url, params=params)).json()["d"]
        keyed += [r["ID"] for r in body["results"]]
        url, params = body.get("__next"), None
    assert keyed == sorted(seen)
    entry = plan.entry(7)
    lines = await client.get(f"{base}/{ENTRIES}(guid'{entry.key}')/TransactionLines")
    assert lines.status_code == 200, lines.text
    got = lines.json()["d"]
    rows = got["results"] if isinstance(got, dict) else got
    assert [r["ID"] for r in rows] == [plan.line_key(i) for i in plan.lines_of(7)]
    filtered = await client.get(
        f"{base}/{LINES}", params={"$select": "ID", "$filter": f"EntryNumber eq {entry.number}"}
    )
    assert len(filtered.json()["d"]["results"]) == plan.line_count(entry.kind)


async def test_admin_changes_to_history_rows_reach_sync_and_deleted(
    client: EmulatorClient, history_state: tuple[EmulatorState, HistoryPlan]
) -> None:
    state, plan = history_state
    base = f"/api/v1/{client.division}"
    changed, removed = plan.line_key(3), plan.line_key(4)
    put = await client.http.put(
        f"/__emulator/{client.division}/{LINES}/{changed}", json={"Description": "Corrected"}
    )
    assert put.status_code == 200, put.text
    gone = await client.http.delete(f"/__emulator/{client.division}/{LINES}/{removed}")
    assert gone.status_code in (200, 204), gone.text
    last = _division(state).version - 3
    body = (
        await client.get(
            f"{base}/sync/Financial/TransactionLines",
            params={"$select": "Timestamp,ID,Description", "$filter": f"Timestamp gt {last}L"},
        )
    ).json()["d"]
    assert [(r["ID"], r["Description"]) for r in body["results"]] == [(changed, "Corrected")]
    deleted = (
        await client.get(
            f"{base}/sync/Deleted",
            params={"$select": "EntityKey,EntityType", "$filter": "Timestamp gt 0L"},
        )
    ).json()["d"]
    assert {"EntityKey": removed, "EntityType": 1} in [
        {k: r[k] for k in ("EntityKey", "EntityType")} for r in deleted["results"]
    ]
    missing = await client.get(f"{base}/{LINES}(guid'{removed}')")
    assert missing.status_code == 404
    assert date(2000, 1, 1) < plan.entry(0).date.date()


def test_a_state_file_cannot_keep_large_data(clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from exactbridge.errors import ConfigurationError  # noqa: PLC0415

    config = EmulatorConfig(size="large", state_path=tmp_path / "state.db")
    with pytest.raises(ConfigurationError, match="--state cannot keep --size large"):
        build_state(config, clock)


def test_the_ledger_with_history_is_consistent(
    history_state: tuple[EmulatorState, HistoryPlan],
) -> None:
    from tests.integration.emulator.test_ledger_seed import check_ledger  # noqa: PLC0415

    state, plan = history_state
    history = frozenset(plan.entry_key(i) for i in range(plan.entries))
    assert check_ledger(_division(state), history) == []
