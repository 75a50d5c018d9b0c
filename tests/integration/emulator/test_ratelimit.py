"""Exact's limits per (app, division): calendar-minute and UTC-day windows, headers in ms."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.state import build_state
from tests.support.emulator import connect

START = datetime(2026, 6, 25, 14, 0, 10, tzinfo=UTC)
MINUTE_END_MS = int(datetime(2026, 6, 25, 14, 1, tzinfo=UTC).timestamp() * 1000)
DAY_END_MS = int(datetime(2026, 6, 26, tzinfo=UTC).timestamp() * 1000)


def _limited(config: EmulatorConfig, **limits: float) -> EmulatorConfig:
    return replace(config, limits=replace(RateLimits(), **limits))


async def test_every_division_response_carries_six_headers_in_epoch_ms(
    config: EmulatorConfig,
) -> None:
    clock = ManualClock(START)
    state = build_state(config, clock)
    async with connect(state) as exact:
        response = await exact.get(f"/api/v1/{exact.division}/crm/Accounts?$top=1")
        headers = response.headers
        assert headers["X-RateLimit-Limit"] == "5000"
        assert headers["X-RateLimit-Remaining"] == "4999"
        assert headers["X-RateLimit-Reset"] == str(DAY_END_MS)
        assert headers["X-RateLimit-Minutely-Limit"] == "60"
        assert headers["X-RateLimit-Minutely-Remaining"] == "59"
        assert headers["X-RateLimit-Minutely-Reset"] == str(MINUTE_END_MS)
        not_found = await exact.get(
            f"/api/v1/{exact.division}/crm/Accounts(guid'{'0' * 8}-0000-0000-0000-{'0' * 12}')"
        )
        assert not_found.status_code == 404
        assert not_found.headers["X-RateLimit-Minutely-Remaining"] == "58"


async def test_current_me_is_not_counted(config: EmulatorConfig) -> None:
    state = build_state(config, ManualClock(START))
    async with connect(state) as exact:
        me = await exact.get("/api/v1/current/Me")
        assert "X-RateLimit-Limit" not in me.headers
        response = await exact.get(f"/api/v1/{exact.division}/crm/Accounts?$top=1")
        assert response.headers["X-RateLimit-Remaining"] == "4999"


async def test_minute_window_is_calendar_aligned_and_429_has_only_minutely_headers(
    config: EmulatorConfig,
) -> None:
    clock = ManualClock(START)
    state = build_state(_limited(config, minutely=3), clock)
    async with connect(state) as exact:
        url = f"/api/v1/{exact.division}/crm/Accounts?$top=1"
        for _ in range(3):
            assert (await exact.get(url)).status_code == 200
        refused = await exact.get(url)
        assert refused.status_code == 429
        assert refused.headers["X-RateLimit-Minutely-Remaining"] == "0"
        assert refused.headers["X-RateLimit-Minutely-Reset"] == str(MINUTE_END_MS)
        assert "X-RateLimit-Limit" not in refused.headers
        assert "X-RateLimit-Reset" not in refused.headers
        clock.set(datetime(2026, 6, 25, 14, 0, 59, 999000, tzinfo=UTC))
        assert (await exact.get(url)).status_code == 429
        clock.set(datetime(2026, 6, 25, 14, 1, 0, tzinfo=UTC))
        assert (await exact.get(url)).status_code == 200


async def test_limits_are_per_division(config: EmulatorConfig) -> None:
    state = build_state(_limited(config, minutely=1), ManualClock(START))
    async with connect(state) as exact:
        first, second = list(state.store.divisions)
        assert (await exact.get(f"/api/v1/{first}/crm/Accounts?$top=1")).status_code == 200
        assert (await exact.get(f"/api/v1/{first}/crm/Accounts?$top=1")).status_code == 429
        assert (await exact.get(f"/api/v1/{second}/crm/Accounts?$top=1")).status_code == 200


async def test_daily_window_resets_at_midnight_utc_with_only_daily_headers(
    config: EmulatorConfig,
) -> None:
    clock = ManualClock(datetime(2026, 6, 25, 23, 59, 0, tzinfo=UTC))
    state = build_state(_limited(config, daily=2), clock)
    async with connect(state) as exact:
        url = f"/api/v1/{exact.division}/crm/Accounts?$top=1"
        assert (await exact.get(url)).status_code == 200
        assert (await exact.get(url)).status_code == 200
        clock.advance(30)
        refused = await exact.get(url)
        assert refused.status_code == 429
        assert refused.headers["X-RateLimit-Remaining"] == "0"
        assert refused.headers["X-RateLimit-Reset"] == str(DAY_END_MS)
        assert "X-RateLimit-Minutely-Limit" not in refused.headers
        clock.set(datetime(2026, 6, 26, 0, 0, 0, tzinfo=UTC))
        exact.token = exact.token  # the access token is still valid (issued 23:59)
        assert (await exact.get(url)).status_code == 200


@pytest.mark.parametrize("seconds", [3.0, 6.0])
async def test_minute_length_can_be_compressed(config: EmulatorConfig, seconds: float) -> None:
    clock = ManualClock(datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC))
    state = build_state(_limited(config, minutely=2, minute_seconds=seconds), clock)
    async with connect(state) as exact:
        url = f"/api/v1/{exact.division}/crm/Accounts?$top=1"
        first = await exact.get(url)
        reset = int(first.headers["X-RateLimit-Minutely-Reset"])
        assert reset == int(clock.now().timestamp() * 1000 + seconds * 1000)
        assert (await exact.get(url)).status_code == 200
        assert (await exact.get(url)).status_code == 429
        clock.advance(seconds)
        assert (await exact.get(url)).status_code == 200


async def test_error_budget_blocks_an_endpoint(config: EmulatorConfig) -> None:
    state = build_state(_limited(config, error_budget=2), ManualClock(START))
    async with connect(state) as exact:
        bad = f"/api/v1/{exact.division}/crm/Accounts?$filter=Nope eq 1"
        for _ in range(3):
            assert (await exact.get(bad)).status_code == 400
        blocked = await exact.get(f"/api/v1/{exact.division}/crm/Accounts?$top=1")
        assert blocked.status_code == 403
        other = await exact.get(f"/api/v1/{exact.division}/crm/Contacts?$top=1")
        assert other.status_code == 200
