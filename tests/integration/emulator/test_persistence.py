"""`--state PATH`: the emulator's data survives a restart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import build_state
from tests.support.emulator import connect


async def test_changes_survive_a_restart(
    tmp_path: Path, config: EmulatorConfig, clock: ManualClock
) -> None:
    config = replace(config, state_path=tmp_path / "exact.sqlite")
    first = build_state(config, clock)
    async with connect(first) as exact:
        url = f"/api/v1/{exact.division}/crm/Accounts"
        created = await exact.request("POST", url, json={"Name": "Blijft Bestaan B.V."})
        key = created.json()["d"]["ID"]
        victim = next(iter(first.store.divisions[exact.division].tables["crm/contacts"].rows))
        deleted = await exact.request(
            "DELETE", f"/api/v1/{exact.division}/crm/Contacts(guid'{victim}')"
        )
        assert deleted.status_code == 204

    second = build_state(config, clock)
    async with connect(second) as exact:
        again = await exact.get(f"/api/v1/{exact.division}/crm/Accounts(guid'{key}')")
        assert again.status_code == 200
        assert again.json()["d"]["Name"] == "Blijft Bestaan B.V."
        gone = await exact.get(f"/api/v1/{exact.division}/crm/Contacts(guid'{victim}')")
        assert gone.status_code == 404
    division = next(iter(first.store.divisions))
    for path, table in first.store.divisions[division].tables.items():
        assert second.store.divisions[division].tables[path].rows == table.rows


async def test_records_created_after_a_restart_get_new_keys(
    tmp_path: Path, config: EmulatorConfig, clock: ManualClock
) -> None:
    config = replace(config, state_path=tmp_path / "exact.sqlite")
    keys = []
    for run in range(3):
        state = build_state(config, clock)
        async with connect(state) as exact:
            url = f"/api/v1/{exact.division}/crm/Accounts"
            created = await exact.request("POST", url, json={"Name": f"Run {run}"})
            keys.append(created.json()["d"]["ID"])
    assert len(set(keys)) == 3
    state = build_state(config, clock)
    async with connect(state) as exact:
        for run, key in enumerate(keys):
            found = await exact.get(f"/api/v1/{exact.division}/crm/Accounts(guid'{key}')")
            assert found.json()["d"]["Name"] == f"Run {run}"
