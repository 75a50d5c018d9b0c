"""`ExactClient` end to end against the in-process emulator: tokens, budget, paging, CRUD."""

from __future__ import annotations

import gc
import weakref
from collections.abc import AsyncIterator

import httpx
import pytest

from exactbridge.client._client import ExactClient
from exactbridge.client._odata import F, Query
from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, FaultSpec, RateLimits
from exactbridge.emulator.faults import parse_faults
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.errors import (
    BusinessRuleViolation,
    ErrorBudgetSpent,
    NotFound,
    OutcomeUnknown,
    RateLimited,
)
from tests.support.clients import emulator_client

CONNECTION = "test-connection"


async def _client(state: EmulatorState, clock: ManualClock) -> ExactClient:
    return await emulator_client(state, clock, connection=CONNECTION)


@pytest.fixture
async def client(state: EmulatorState, clock: ManualClock) -> AsyncIterator[ExactClient]:
    async with await _client(state, clock) as exact:
        yield exact


async def test_divisions_me_and_every_account_once(
    client: ExactClient, state: EmulatorState
) -> None:
    divisions = [d.value("Code") for d in await client.divisions()]
    assert divisions == list(state.store.divisions)
    assert await client.me() is await client.me()  # cached: one call per client
    division = divisions[0]
    seen = [
        r.value("ID")
        async for r in client.records(division, Query("crm/Accounts").select("ID", "Name"))
    ]
    assert (
        len(seen) == len(set(seen)) == len(state.store.divisions[division].tables["crm/accounts"])
    )


async def test_create_read_update_delete(client: ExactClient) -> None:
    division = (await client.me()).value("CurrentDivision")
    created = await client.create(
        division, "crm/Accounts", {"Name": "Client Test B.V.", "City": "Gouda"}
    )
    key = created.value("ID")
    await client.update(division, "crm/Accounts", key, {"City": "Delft"})
    again = await client.get(division, "crm/Accounts", key)
    assert again.value("City") == "Delft" and again.value("Name") == "Client Test B.V."
    found = [
        r.value("ID")
        async for r in client.records(
            division, Query("crm/Accounts").select("ID").where(F("Name") == "Client Test B.V.")
        )
    ]
    assert found == [key]
    await client.delete(division, "crm/Accounts", key)
    with pytest.raises(NotFound) as missing:
        await client.get(division, "crm/Accounts", key)
    assert missing.value.status == 404 and missing.value.division == division


async def test_business_rule_refusals_carry_exacts_message(client: ExactClient) -> None:
    division = (await client.me()).value("CurrentDivision")
    with pytest.raises(BusinessRuleViolation) as refused:
        await client.create(division, "crm/Contacts", {"FirstName": "No account"})
    assert "Account" in refused.value.exact_message


async def test_an_expired_token_is_refreshed_once_and_the_call_repeated(
    client: ExactClient, clock: ManualClock
) -> None:
    division = (await client.me()).value("CurrentDivision")
    clock.advance(601)
    page = await client.get_page(division, Query("crm/Accounts").select("ID").top(1))
    assert len(page.rows) == 1


async def test_the_budget_paces_calls_instead_of_meeting_a_429(clock: ManualClock) -> None:
    config = EmulatorConfig(
        divisions=1, size="small", seed=3, limits=RateLimits(minutely=20, minute_seconds=60)
    )
    state = build_state(config, clock)
    async with await _client(state, clock) as exact:
        division = next(iter(state.store.divisions))
        started = clock.now()
        for _ in range(70):
            await exact.get_page(division, Query("crm/Accounts").select("ID").top(1))
        elapsed = (clock.now() - started).total_seconds()
    assert state.limiter.counters.rejected_429 == 0
    assert 120 <= elapsed <= 240  # 70 calls at 20 a minute: three windows waited for


async def test_with_injected_5xx_reads_are_complete_and_creates_are_never_repeated(
    clock: ManualClock,
) -> None:
    config = EmulatorConfig(
        divisions=1, size="small", seed=4, limits=RateLimits(minutely=10**6, daily=10**7)
    )
    state = build_state(config, clock)
    async with await _client(state, clock) as exact:
        division = next(iter(state.store.divisions))
        state.set_faults(parse_faults("seed=9,5xx=0.2"))
        ids = [
            r.value("ID") async for r in exact.records(division, Query("crm/Contacts").select("ID"))
        ]
        truth = sorted(state.store.divisions[division].tables["crm/contacts"].rows)
        assert sorted(ids) == truth
        before = len(state.store.divisions[division].tables["crm/accounts"])
        outcomes = {"created": 0, "unknown": 0}
        for n in range(30):
            try:
                await exact.create(division, "crm/Accounts", {"Name": f"Faulty {n}"})
                outcomes["created"] += 1
            except OutcomeUnknown:
                outcomes["unknown"] += 1
        state.set_faults(FaultSpec())
        after = len(state.store.divisions[division].tables["crm/accounts"])
    assert outcomes["unknown"] > 0
    assert after - before == outcomes["created"]  # an injected 5xx is answered before writing


async def test_the_eleventh_error_in_an_hour_is_refused_before_it_is_sent(
    client: ExactClient, state: EmulatorState
) -> None:
    division = (await client.me()).value("CurrentDivision")
    missing = "00000000-0000-4000-8000-000000000000"
    for _ in range(10):
        with pytest.raises(NotFound):
            await client.get(division, "crm/Accounts", missing)
    served = state.limiter.counters.calls
    with pytest.raises(ErrorBudgetSpent) as refused:
        await client.get(division, "crm/Accounts", missing)
    assert refused.value.retry_at is not None
    assert state.limiter.counters.calls == served  # nothing reached Exact
    assert (
        len((await client.get_page(division, Query("crm/Contacts").select("ID").top(1))).rows) == 1
    )


async def test_an_exhausted_day_is_raised_with_its_reset_instead_of_waited_for(
    clock: ManualClock,
) -> None:
    config = EmulatorConfig(divisions=1, size="small", seed=3, limits=RateLimits(daily=5))
    state = build_state(config, clock)
    async with await _client(state, clock) as exact:
        division = next(iter(state.store.divisions))
        exact._budget = None  # meet the 429 itself, as a client without a budget would
        started = clock.now()
        with pytest.raises(RateLimited) as limited:
            for _ in range(10):
                await exact.get_page(division, Query("crm/Accounts").select("ID").top(1))
    assert limited.value.retry_at is not None and limited.value.retry_at > started
    assert (clock.now() - started).total_seconds() < 120


class _Counting(httpx.AsyncBaseTransport):
    """The emulator's transport, counting the requests that reach it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.urls: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        return await self.inner.handle_async_request(request)


async def test_reading_ahead_gives_the_same_pages_for_the_same_calls(
    state: EmulatorState, clock: ManualClock
) -> None:
    division = min(state.store.divisions)
    query = Query("financialtransaction/TransactionLines").select("ID", "AmountDC")
    read: dict[bool, tuple[list[list[str]], list[str]]] = {}
    for ahead in (False, True):
        counting = _Counting(httpx.ASGITransport(app=create_app(state=state)))
        async with await emulator_client(state, clock, transport=counting) as client:
            pages = [
                [row["ID"] for row in envelope.rows]
                async for envelope in client.pages(division, query, ahead=ahead)
            ]
        read[ahead] = pages, counting.urls
    assert len(read[False][0]) > 2  # several pages, each asked for once
    assert read[True] == read[False]


async def test_a_read_response_is_freed_without_the_garbage_collector(
    client: ExactClient,
) -> None:
    division = (await client.me()).value("CurrentDivision")
    gc.collect()
    gc.disable()
    try:
        response = await client.request(
            "GET", "crm/Accounts", division=division, params={"$select": "ID"}
        )
        assert response.content.startswith(b"{")
        freed = weakref.ref(response)
        del response
        assert freed() is None  # no reference cycle keeps the body alive
    finally:
        gc.enable()
