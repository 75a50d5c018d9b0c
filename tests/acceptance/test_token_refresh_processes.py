"""Must-show: three processes x 20 tasks share one FileTokenStore across token expiries.

A real emulator process runs with `--token-seconds 8` (tokens live 8 s, a refresh is
refused before 7.6 s: Exact's 600/570 s rules scaled down), so the run crosses two expiry
boundaries in about 18 s. Every worker calls `access_token` and `GET current/Me`; the
token endpoint must see exactly one refresh per window, every one accepted: no reused
refresh token, no refresh refused as too early, no ReconsentRequired.

This module is also the worker: `python -m tests.acceptance.test_token_refresh_processes
URL DIRECTORY SECONDS` prints one JSON report.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from exactbridge.client._auth import OAuthApp, exchange_code
from exactbridge.client._tokens import FileTokenStore, RefreshRules, TokenManager
from exactbridge.emulator.config import DEFAULT_APP
from exactbridge.errors import ExactBridgeError
from tests.support.processes import running_emulator

TOKEN_SECONDS = 8
RUN_SECONDS = 18.0
PROCESSES = 3
TASKS = 20
CONNECTION = "acme"
APP = OAuthApp(DEFAULT_APP.client_id, DEFAULT_APP.client_secret, DEFAULT_APP.redirect_uri)
# Exact's rules scaled like the emulator's: refresh from 570/600 of the lifetime on, when
# fewer than 30/600 of it remain.
RULES = RefreshRules(
    not_before=timedelta(seconds=TOKEN_SECONDS * 0.95),
    margin=timedelta(seconds=TOKEN_SECONDS * 0.05),
    too_early_wait=timedelta(seconds=0.2),
)


def _now() -> datetime:
    return datetime.now(UTC)


async def _worker(url: str, directory: Path, seconds: float) -> dict[str, Any]:
    token_statuses: Counter[str] = Counter()
    me_statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    tokens_seen: set[str] = set()
    refreshed_at: list[float] = []

    async def count_token_calls(response: httpx.Response) -> None:
        if response.request.url.path == "/api/oauth2/token":
            await response.aread()
            token_statuses[str(response.status_code)] += 1
            refreshed_at.append(_now().timestamp())

    limits = httpx.Limits(max_connections=TASKS + 2)
    async with httpx.AsyncClient(
        base_url=url, limits=limits, timeout=10, event_hooks={"response": [count_token_calls]}
    ) as http:
        manager = TokenManager(FileTokenStore(directory), APP, url, http, clock=_now, rules=RULES)
        deadline = asyncio.get_running_loop().time() + seconds

        async def me(token: str) -> int:
            response = await http.get(
                "/api/v1/current/Me",
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            )
            me_statuses[str(response.status_code)] += 1
            return response.status_code

        async def task() -> None:
            while asyncio.get_running_loop().time() < deadline:
                try:
                    token = await manager.access_token(CONNECTION)
                    tokens_seen.add(token)
                    if await me(token) == 401:
                        token = await manager.after_unauthorized(CONNECTION, token)
                        tokens_seen.add(token)
                        await me(token)
                except ExactBridgeError as exc:
                    errors[f"{type(exc).__name__}: {exc}"] += 1
                    await asyncio.sleep(0.1)
                await asyncio.sleep(0.02)

        await asyncio.gather(*(task() for _ in range(TASKS)))
    return {
        "refreshes": manager.refreshes,
        "token_statuses": dict(token_statuses),
        "me_statuses": dict(me_statuses),
        "errors": dict(errors),
        "tokens_seen": sorted(tokens_seen),
        "refreshed_at": refreshed_at,
    }


async def _connect(url: str, directory: Path) -> None:
    """Authorize (the emulator consents at once) and store the first pair."""
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.get(
            "/api/oauth2/auth",
            params={"client_id": APP.client_id, "redirect_uri": APP.redirect_uri,
                    "response_type": "code", "state": "s"},
        )  # fmt: skip
        assert response.status_code == 302, response.text
        code = parse_qs(urlparse(response.headers["location"]).query)["code"][0]
        pair = await exchange_code(http, APP, url, code, now=_now)
        await FileTokenStore(directory).save(CONNECTION, pair)


def _spawn(url: str, directory: Path) -> subprocess.Popen[str]:
    """Start one worker process (this module run as a script)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.acceptance.test_token_refresh_processes",
         url, str(directory), str(RUN_SECONDS)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_three_processes_refresh_exactly_once_per_window(tmp_path: Path) -> None:
    directory = tmp_path / "tokens"
    with running_emulator(
        "--auto-consent", "--token-seconds", str(TOKEN_SECONDS), "--minutely-limit", "100000"
    ) as url:
        asyncio.run(_connect(url, directory))
        workers = [_spawn(url, directory) for _ in range(PROCESSES)]
        reports = []
        for worker in workers:
            out, err = worker.communicate(timeout=RUN_SECONDS + 60)
            assert worker.returncode == 0, err
            reports.append(json.loads(out))

    errors = [report["errors"] for report in reports]
    assert errors == [{}] * PROCESSES, errors  # no ReconsentRequired, nothing else either
    token_calls: Counter[str] = Counter()
    for report in reports:
        token_calls.update(report["token_statuses"])
    refreshes = sum(report["refreshes"] for report in reports)
    # every refresh was accepted: no "Old refresh token used.", none refused as too early
    assert token_calls == Counter({"200": refreshes}), token_calls
    # one refresh per window: 18 s of 8 s tokens cross at least two windows, and no two
    # refreshes (in any process) fall into the same 7.6 s window
    assert refreshes >= 2, reports
    times = sorted(t for report in reports for t in report["refreshed_at"])
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(gap >= TOKEN_SECONDS * 0.95 - 0.1 for gap in gaps), gaps
    # together the processes saw the whole chain: the first token and one per refresh
    seen = set().union(*(report["tokens_seen"] for report in reports))
    assert len(seen) == refreshes + 1
    me_calls: Counter[str] = Counter()
    for report in reports:
        me_calls.update(report["me_statuses"])
    assert me_calls["200"] > PROCESSES * TASKS * 10, me_calls
    assert set(me_calls) <= {"200", "401"}, me_calls
    stored = asyncio.run(FileTokenStore(directory).load(CONNECTION))
    assert stored is not None
    assert stored.access_token in seen


if __name__ == "__main__":
    report = asyncio.run(_worker(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])))
    print(json.dumps(report))
