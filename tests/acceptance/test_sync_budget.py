"""Must-show: with Exact's 60 calls a minute (a 6-second "minute"), a full sync sees no 429.

The emulator runs as a process with `--minutely-limit 60 --minute-seconds 6` and one
`medium` division (~240 calls: four windows at least). The sync runs on the stored
connection's client, whose budget is fed by the `X-RateLimit-*` headers and shared through
the database; it must never be refused: the emulator counts no 429 (neither from its limits
nor anything else), the client saw none, and every call the engine reports was served once.
How close the run gets to the ideal number of windows is timing, measured by
`bench/sync_budget.py`, not asserted here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.support.budgeted import budgeted_sync
from tests.support.faulty import Emulator
from tests.support.processes import running_emulator

pytestmark = pytest.mark.acceptance

LIMITED = ("--minutely-limit", "60", "--minute-seconds", "6")


async def test_a_full_sync_under_the_minute_limit_sees_no_429(tmp_path: Path) -> None:
    arguments = ("--size", "medium", "--divisions", "1", "--auto-consent", *LIMITED)
    with running_emulator(*arguments) as url:
        run = await budgeted_sync(f"sqlite:///{tmp_path / 'store.db'}", url)
        counters = Emulator(url, []).counters()

    assert counters["rejected_429"] == {"limits": 0, "storm": 0}
    statuses = Counter(
        status
        for endpoint, answers in counters["endpoints"].items()
        if not endpoint.startswith("oauth2")  # the connect flow's consent redirect
        for status in answers
    )
    assert set(statuses) == {"200"}
    assert run.statuses == Counter({200: run.report.total("calls")})
    # the limit was really in play: the sync needed several windows of 60 calls
    assert run.report.total("calls") > 3 * 60
    assert run.windows(6.0) >= run.report.total("calls") / 60
