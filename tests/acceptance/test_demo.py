"""`exactbridge demo --no-serve` as a user runs it: a real process, its emulator on a real
socket, the OAuth flow, a sync of every division into a SQLite file, and the summary."""

from __future__ import annotations

import re
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from tests.support.processes import EXACTBRIDGE

pytestmark = pytest.mark.acceptance

_ROW = re.compile(r"^│ (?P<resource>[a-z_]+)\s+│\s+(?P<added>[\d,]+) │\s+(?P<updated>[\d,]+) │"
                  r"\s+(?P<deleted>[\d,]+) │$")  # fmt: skip


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _summary(output: str) -> dict[str, tuple[int, int, int]]:
    found = {}
    for line in output.splitlines():
        match = _ROW.match(line.strip())
        if match:
            found[match["resource"]] = (
                _number(match["added"]),
                _number(match["updated"]),
                _number(match["deleted"]),
            )
    return found


def test_demo_no_serve_syncs_every_division_and_prints_the_summary(tmp_path: Path) -> None:
    result = subprocess.run(
        [EXACTBRIDGE, "demo", "--no-serve", "--size", "small", "--divisions", "2",
         "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output

    summary = _summary(result.stdout)
    database = sqlite3.connect(tmp_path / "demo.db")
    stored = dict(
        database.execute(
            "SELECT s.resource, COUNT(*) FROM records r JOIN record_scopes s ON s.id = r.scope_id"
            " WHERE NOT r.deleted GROUP BY s.resource"
        ).fetchall()
    )
    # A first sync adds every record it stores, changes and deletes none: the summary's
    # "added" per resource is what the local copy now holds, across both divisions.
    assert summary.pop("total") == (sum(stored.values()), 0, 0)
    assert {resource: counts[0] for resource, counts in summary.items()} == stored
    assert {"invoices", "customers", "transactions", "ledger_accounts"} <= stored.keys()
    assert all(counts[1:] == (0, 0) for counts in summary.values())

    divisions = database.execute("SELECT COUNT(*) FROM connection_divisions").fetchone()[0]
    runs = database.execute("SELECT state, calls FROM sync_runs").fetchall()
    assert divisions == 2 and len(runs) == 2
    assert all(state == "succeeded" and calls > 0 for state, calls in runs)
    caption = re.search(r"calls used: ([\d,]+) .*429s seen: (\d+)", " ".join(output.split()))
    assert caption is not None, output
    assert _number(caption[1]) == sum(calls for _, calls in runs)
    assert caption[2] == "0"  # paced by the shared budget: the emulator never said 429

    # Tokens are stored encrypted (Fernet tokens), with the key beside the file, private.
    (ciphertext,) = database.execute("SELECT ciphertext FROM tokens").fetchone()
    assert ciphertext.startswith("gAAAAA")
    key = tmp_path / "demo.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_text().strip() not in ciphertext


def test_demo_help_says_where_the_store_lives() -> None:
    result = subprocess.run(
        [EXACTBRIDGE, "demo", "--help"], capture_output=True, text=True, check=True,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    text = " ".join(result.stdout.split())
    for option in ("--no-serve", "--size", "--divisions", "--dir"):
        assert option in text
    assert ".exactbridge" in text and "demo.db" in text and "demo.key" in text
