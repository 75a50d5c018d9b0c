"""Must-show (issue 5): idempotent creates through `Actions` over real sockets, under faults.

An `exactbridge emulator` process adds latency and slow bodies past the client's 0.3 s
timeout, plus 5xx answers and connection resets, so many creates end without an answer
although the emulator stored them. Each create carries an idempotency key. `Actions`
looks every ambiguous create up before sending it again; a create it still cannot resolve
is asked again with the same key once the faults stop. In the end every name is stored
exactly once, and every id `Actions` returned is that record.

Timing is never asserted: only what was stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from exactbridge.actions import Actions, MemoryIdempotencyStore
from exactbridge.errors import OutcomeUnknown, ServerUnavailable
from tests.support.faulty import ADMIN, ADMIN_TOKEN, UNLIMITED, Emulator, connect, token_http
from tests.support.processes import running_emulator

pytestmark = pytest.mark.acceptance
__all__ = ["token_http"]  # a fixture, used by name

FAULTS = "seed=16,latency=0-600ms,slow=0.15:4s,5xx=0.1,reset=0.05"
TIMEOUT = 0.3  # seconds; latency and the gaps of a slow body run past it
SETTLE = 1.0  # seconds an ambiguous create waits before the lookup (latency ends by 0.6 s)
CREATES = 30


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the API calls that left this process, by endpoint (to know when the emulator
    has answered every one of them, including those the client gave up on)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.sent: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if "/api/v1/" in request.url.path:
            self.sent[request.url.path.rsplit("/", 1)[-1].split("(")[0]] += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """An emulator process with one division, limits lifted, faults off to begin with."""
    args = ("--auto-consent", "--divisions", "1", "--admin-token", ADMIN_TOKEN, *UNLIMITED)
    with running_emulator(*args) as url:
        snapshot = httpx.get(f"{url}/__emulator/snapshot", headers=ADMIN).json()
        yield Emulator(url, sorted(int(code) for code in snapshot["divisions"]))


async def test_idempotent_creates_under_faults_store_each_name_once(
    emulator: Emulator, token_http: httpx.AsyncClient
) -> None:
    division = emulator.divisions[0]
    names = [f"Idempotent {n:02} B.V." for n in range(CREATES)]
    keys = {name: f"key-{n}" for n, name in enumerate(names)}
    store = MemoryIdempotencyStore()  # one store for both rounds, as a database would be
    wire = CountingTransport()
    returned: dict[str, str] = {}
    unresolved: list[str] = []
    before = emulator.faults_injected()
    emulator.set_faults(FAULTS)
    try:
        client = await connect(emulator, token_http, read_timeout=TIMEOUT, transport=wire)
        async with client:
            actions = Actions(client, idempotency=store, settle_seconds=SETTLE)
            for name in names:
                try:
                    record = await actions.create(
                        "customers", division, {"name": name}, idempotency_key=keys[name]
                    )
                except (OutcomeUnknown, ServerUnavailable):
                    unresolved.append(name)
                else:
                    returned[name] = record.id
    finally:
        emulator.set_faults("off")
    injected = emulator.faults_injected() - before
    assert all(injected[kind] > 0 for kind in ("latency", "slow", "5xx", "reset")), injected
    assert unresolved, "the faults leave some creates unresolved (the seed is fixed)"

    _wait_until_answered(emulator, "crm/Accounts", wire.sent["Accounts"])
    async with await connect(emulator, token_http, read_timeout=30) as client:
        actions = Actions(client, idempotency=store, settle_seconds=SETTLE)
        for name in unresolved:  # same key, faults off: resolved without a second record
            record = await actions.create(
                "customers", division, {"name": name}, idempotency_key=keys[name]
            )
            returned[name] = record.id

    stored = emulator.export(division, "crm/Accounts")
    count = Counter(line["Name"] for line in stored)
    ids = {line["Name"]: line["ID"] for line in stored}
    assert {name: count[name] for name in names} == dict.fromkeys(names, 1)
    assert returned == {name: ids[name] for name in names}


def _wait_until_answered(emulator: Emulator, endpoint: str, total: int) -> None:
    import time  # noqa: PLC0415

    deadline = time.monotonic() + 30
    while sum(emulator.counters()["endpoints"].get(endpoint, {}).values()) < total:
        assert time.monotonic() < deadline, "the emulator did not answer every call"
        time.sleep(0.05)
