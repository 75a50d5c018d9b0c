"""Fault injection in-process: the faults a seed decides are the faults clients get."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.faults import decide, draw, parse_faults
from exactbridge.emulator.faults.responses import GENERIC_PROBLEM
from exactbridge.emulator.state import build_state
from tests.conftest import START
from tests.support.emulator import EmulatorClient, connect, refresh

MINUTELY = (
    "X-RateLimit-Minutely-Limit",
    "X-RateLimit-Minutely-Remaining",
    "X-RateLimit-Minutely-Reset",
)
DAILY = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
EXPECT = {"Expect": "100-continue"}


def _config(config: EmulatorConfig, spec: str) -> EmulatorConfig:
    limits = RateLimits(minutely=100_000, daily=100_000)
    return replace(config, limits=limits, faults=parse_faults(spec))


async def _accounts(
    exact: EmulatorClient, calls: int, division: int | None = None
) -> list[httpx.Response]:
    url = f"/api/v1/{division or exact.division}/crm/Accounts?$top=1"
    return [await exact.get(url) for _ in range(calls)]


async def test_5xx_share_is_what_the_seed_decides(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    spec = parse_faults("seed=7,5xx=0.1")
    state = build_state(_config(config, str(spec)), clock)
    async with connect(state) as exact:
        responses = await _accounts(exact, 300)
    predicted = [decide(spec, n).error for n in range(1, 301)]
    assert [r.status_code for r in responses] == [e.status if e else 200 for e in predicted]
    failed = [r for r in responses if r.status_code != 200]
    assert len(failed) == 32  # seed 7's share of 300 calls at 10 %
    assert {r.status_code for r in failed} == {500, 502, 503}
    for response, error in zip(responses, predicted, strict=True):
        if error is None:
            continue
        if error.variant == 0:
            assert response.json()["error"]["message"]["value"] == GENERIC_PROBLEM
            assert all(name in response.headers for name in DAILY + MINUTELY)
        else:
            assert response.headers["content-type"].startswith("text/plain")
            assert response.text in ("Internal Server Error", "Bad Gateway", "Service Unavailable")
    # injected errors never reached the API, so they used no rate-limit budget
    assert state.limiter.counters.calls == 300 - 32
    assert state.limiter.counters.faults == {"5xx": 32}


async def test_html_error_pages_replace_json(config: EmulatorConfig, clock: ManualClock) -> None:
    spec = parse_faults("seed=1,html=1")
    state = build_state(_config(config, str(spec)), clock)
    async with connect(state) as exact:
        responses = await _accounts(exact, 12)
    pages = (
        "<title>Runtime Error</title>",
        "<TITLE>Service Unavailable</TITLE>",
        "<title>Object moved</title>",
    )
    seen = set()
    for n, response in enumerate(responses, start=1):
        error = decide(spec, n).error
        assert error is not None
        assert response.status_code == error.status
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert pages[error.variant] in response.text
        seen.add(error.variant)
        with pytest.raises(ValueError):  # a client that insists on JSON must cope
            response.json()
    assert seen == {0, 1, 2}
    moved = next(r for r in responses if "Object moved" in r.text)
    assert moved.status_code == 500
    assert "/docs/Login.aspx?ReturnUrl=%2Fapi%2Fv1%2F" in moved.text


async def test_expect_100_continue_posts_fail_intermittently(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    spec = parse_faults("seed=5,expect100=0.5")
    state = build_state(_config(config, str(spec)), clock)
    async with connect(state) as exact:
        url = f"/api/v1/{exact.division}/crm/Accounts"
        before = len(state.store.divisions[exact.division].tables["crm/accounts"])
        statuses = []
        for n in range(20):
            body = {"Name": f"Expecting {n}"}
            response = await exact.request("POST", url, json=body, headers=EXPECT)
            statuses.append(response.status_code)
            if response.status_code == 500:
                assert response.json()["error"]["message"]["value"] == GENERIC_PROBLEM
        plain = [await exact.request("POST", url, json={"Name": "Plain"}) for _ in range(5)]
        after = len(state.store.divisions[exact.division].tables["crm/accounts"])
    predicted = [500 if decide(spec, n, expect_continue=True).error else 201 for n in range(1, 21)]
    assert statuses == predicted
    assert statuses.count(500) == 9
    assert all(r.status_code == 201 for r in plain)
    assert after - before == statuses.count(201) + 5  # refused posts wrote nothing


async def test_a_storm_answers_429_for_one_app_and_division_only(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    # a seed whose storm (probability 0.2) starts on call 3 and on no other call up to 8
    wanted = [n == 3 for n in range(1, 9)]
    seed = next(
        s for s in range(9999) if [draw(s, n, "storm") < 0.2 for n in range(1, 9)] == wanted
    )
    state = build_state(_config(config, f"seed={seed},storm=0.2:4:3s"), clock)
    async with connect(state) as exact:
        first, other = list(state.store.divisions)
        calm = await _accounts(exact, 2, first)  # calls 1-2
        storm = await _accounts(exact, 1, first)  # call 3 starts it
        elsewhere = await _accounts(exact, 1, other)  # call 4: another division
        rest = await _accounts(exact, 4, first)  # calls 5-7 end it, call 8 is served
    assert [r.status_code for r in calm] == [200, 200]
    assert [r.status_code for r in (*storm, *rest)] == [429, 429, 429, 429, 200]
    assert elsewhere[0].status_code == 200
    now_ms = int(START.timestamp() * 1000)
    for response in (*storm, *rest[:3]):
        assert response.headers["X-RateLimit-Minutely-Remaining"] == "0"
        assert response.headers["X-RateLimit-Minutely-Reset"] == str(now_ms + 3000)
        assert response.headers["X-RateLimit-Minutely-Limit"] == "100000"
        assert not any(name in response.headers for name in DAILY)
        assert response.json()["error"]["message"]["value"] == "Too Many Requests"
    # storm 429s used none of the real budget: the fourth call of `first` counts as its third
    assert rest[3].headers["X-RateLimit-Minutely-Remaining"] == str(100_000 - 3)
    counters = state.limiter.counters
    assert counters.faults == {"storm": 4}
    assert counters.as_json()["rejected_429"] == {"limits": 0, "storm": 4}


async def test_the_same_spec_set_again_replays_the_same_faults(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    state = build_state(_config(config, ""), clock)
    spec = "seed=11,5xx=0.2,html=0.1,storm=0.05:3"
    async with connect(state) as exact:
        runs = []
        for _ in range(2):
            put = await exact.http.put("/__emulator/faults", json={"spec": spec})
            assert put.status_code == 200 and put.json()["sequence"] == 0
            runs.append([r.status_code for r in await _accounts(exact, 80)])
        faults = await exact.http.get("/__emulator/faults")
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 2
    assert faults.json() == {"spec": str(parse_faults(spec)), "active": True, "sequence": 80}


async def test_faults_can_be_set_as_plain_text_and_bad_specs_are_refused(
    exact: EmulatorClient,
) -> None:
    plain = {"content-type": "text/plain"}
    put = await exact.http.put("/__emulator/faults", content="seed=2,5xx=1", headers=plain)
    assert put.json()["spec"] == "seed=2,5xx=1.0"
    assert (await exact.get(f"/api/v1/{exact.division}/crm/Accounts")).status_code >= 500
    bad = await exact.http.put("/__emulator/faults", json={"spec": "5xx=2"})
    assert bad.status_code == 400
    assert "Valid keys: seed, 5xx, storm" in bad.json()["error"]
    assert (await exact.http.get("/__emulator/faults")).json()["spec"] == "seed=2,5xx=1.0"
    off = await exact.http.put("/__emulator/faults", json={"spec": "off"})
    assert off.json() == {"spec": "seed=0", "active": False, "sequence": 0}
    assert (await exact.get(f"/api/v1/{exact.division}/crm/Accounts")).status_code == 200


async def test_admin_and_health_stay_clean_under_total_failure(
    config: EmulatorConfig, clock: ManualClock
) -> None:
    state = build_state(_config(config, ""), clock)
    async with connect(state) as exact:
        state.set_faults(parse_faults("5xx=1,html=1,reset=1,token=1"))
        assert (await exact.http.get("/health")).status_code == 200
        assert (await exact.http.get("/__emulator/counters")).status_code == 200
        export = await exact.http.get(f"/__emulator/{exact.division}/crm/Accounts")
        assert export.status_code == 200
        assert (await exact.get(f"/api/v1/{exact.division}/crm/Accounts")).status_code >= 500
        clock.advance(580)
        refreshed = await refresh(exact.http, exact.app, exact.token["refresh_token"])
        assert refreshed.status_code in (500, 502, 503)  # token=1: the token endpoint too
        state.set_faults(parse_faults("5xx=1"))
        refreshed = await refresh(exact.http, exact.app, exact.token["refresh_token"])
        assert refreshed.status_code == 200  # untouched without token=1, and not refreshed before
    assert state.faults.sequence == 0
