"""Following `__next` from any `$filter`/`$orderby`/`$top` returns every matching row once.

Each example builds a query from random parts, follows `__next` to the end, and compares
the rows with a reference computed straight from the store by plain Python (not by the
emulator's own parser), including the order `$orderby` asks for.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from exactbridge.emulator.app import create_app
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig, RateLimits
from exactbridge.emulator.state import EmulatorState, build_state
from tests.support.emulator import BASE, authorize_code, exchange


@dataclass(frozen=True)
class Condition:
    text: str
    test: Callable[[dict[str, Any]], bool]


def _fold(value: str | None) -> str:
    return (value or "").rstrip(" ").casefold()


@dataclass(frozen=True)
class World:
    state: EmulatorState
    app: Any
    token: str
    division: int
    filters: st.SearchStrategy[Condition | None]


@functools.cache
def world() -> World:
    """One medium division with the limits lifted, shared by every example."""
    limits = replace(RateLimits(), minutely=10**9, daily=10**9)
    config = EmulatorConfig(divisions=1, size="medium", seed=3, limits=limits)
    state = build_state(config, ManualClock(datetime(2026, 6, 25, 14, tzinfo=UTC)))
    app = create_app(state=state)

    async def token() -> str:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http:
            registration = state.config.apps[0]
            code = await authorize_code(http, registration, list(state.store.divisions))
            return str((await exchange(http, registration, code)).json()["access_token"])

    division = next(iter(state.store.divisions))
    rows = list(state.store.divisions[division].tables["crm/accounts"].rows.values())
    return World(state, app, asyncio.run(token()), division, st.none() | conditions(rows))


def conditions(rows: list[dict[str, Any]]) -> st.SearchStrategy[Condition]:
    names = sorted({r["Name"] for r in rows})
    moments = sorted({r["Modified"] for r in rows})
    letters = st.sampled_from("abcdefghijklmnoprstuvwz")

    def status(value: str) -> Condition:
        return Condition(
            f"Status eq '{value}'", lambda r: _fold(r.get("Status")) == value.casefold()
        )

    def name_starts(prefix: str) -> Condition:
        return Condition(
            f"startswith(Name,'{prefix}')", lambda r: _fold(r.get("Name")).startswith(prefix)
        )

    def name_contains(part: str) -> Condition:
        return Condition(f"substringof('{part}',Name)", lambda r: part in _fold(r.get("Name")))

    def modified_after(moment: datetime) -> Condition:
        text = moment.isoformat(timespec="milliseconds")
        return Condition(
            f"Modified ge datetime'{text}'",
            lambda r: (
                r.get("Modified") is not None
                and r["Modified"] >= moment.replace(microsecond=moment.microsecond // 1000 * 1000)
            ),
        )

    def name_before(name: str) -> Condition:
        quoted = name.replace("'", "''")
        return Condition(f"Name lt '{quoted}'", lambda r: _fold(r.get("Name")) < _fold(name))

    def supplier(flag: bool) -> Condition:
        return Condition(
            f"IsSupplier eq {str(flag).lower()}", lambda r: r.get("IsSupplier") is flag
        )

    atoms = st.one_of(
        st.sampled_from(["A", "C", "P", "S"]).map(status),
        letters.map(name_starts),
        letters.map(name_contains),
        st.sampled_from(moments).map(lambda m: modified_after(m + timedelta(0))),
        st.sampled_from(names).map(name_before),
        st.booleans().map(supplier),
    )

    def combine(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
        pairs = st.tuples(children, children)
        return st.one_of(
            pairs.map(lambda p: Condition(f"({p[0].text} and {p[1].text})",
                                          lambda r, a=p[0], b=p[1]: a.test(r) and b.test(r))),
            pairs.map(lambda p: Condition(f"({p[0].text} or {p[1].text})",
                                          lambda r, a=p[0], b=p[1]: a.test(r) or b.test(r))),
            children.map(lambda c: Condition(f"not ({c.text})", lambda r, c=c: not c.test(r))),
        )  # fmt: skip

    return st.recursive(atoms, combine, max_leaves=4)


ORDERABLE = ["Name", "Code", "Modified", "Status", "City", "Created"]


def _order_value(value: Any) -> tuple[Any, ...]:
    if value is None:
        return (0,)
    if isinstance(value, str):
        return (1, _fold(value))
    return (1, value)


async def _follow(world: World, params: dict[str, str]) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {world.token}", "Accept": "application/json"}
    rows: list[dict[str, Any]] = []
    transport = httpx.ASGITransport(app=world.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        response = await http.get(
            f"/api/v1/{world.division}/crm/Accounts", params=params, headers=headers
        )
        seen_links: set[str] = set()
        while True:
            assert response.status_code == 200, response.text
            body = response.json()["d"]
            page = body if isinstance(body, list) else body["results"]
            assert len(page) <= 60
            rows.extend(page)
            link = None if isinstance(body, list) else body.get("__next")
            if link is None:
                return rows
            assert link.startswith(f"{BASE}/api/v1/{world.division}/crm/Accounts?")
            assert link not in seen_links, "a __next link repeated"
            seen_links.add(link)
            response = await http.get(link, headers=headers)


@dataclass(frozen=True)
class Query:
    condition: Condition | None
    order: list[tuple[str, bool]]
    top: int | None


def queries() -> st.SearchStrategy[Query]:
    order = st.lists(
        st.tuples(st.sampled_from(ORDERABLE), st.booleans()), max_size=2, unique_by=lambda t: t[0]
    )
    top = st.none() | st.integers(min_value=0, max_value=700)
    return st.builds(Query, world().filters, order, top)


@settings(max_examples=60, deadline=None, database=None)
@given(query=st.deferred(queries))
def test_following_next_returns_every_matching_row_exactly_once(query: Query) -> None:
    condition, order, top = query.condition, query.order, query.top
    params = {"$select": "ID," + ",".join(name for name, _ in order) if order else "ID,Name"}
    if condition is not None:
        params["$filter"] = condition.text
    if order:
        params["$orderby"] = ",".join(f"{n} {'desc' if d else 'asc'}" for n, d in order)
    if top is not None:
        params["$top"] = str(top)

    got = asyncio.run(_follow(world(), params))

    table = world().state.store.divisions[world().division].tables["crm/accounts"]
    expected = [r for r in table.rows.values() if condition is None or condition.test(r)]
    ids = [r["ID"] for r in got]
    assert len(ids) == len(set(ids)), "a row came twice"
    assert len(ids) == (len(expected) if top is None else min(top, len(expected)))
    assert set(ids) <= {r["ID"] for r in expected}

    def key(row: dict[str, Any]) -> list[Any]:
        parts: list[Any] = []
        for name, _ in order:
            parts.append(_order_value(row.get(name)))
        return parts

    stored = [table.rows[i] for i in ids]
    for earlier, later in itertools.pairwise(stored):
        for (name, descending), a, b in zip(order, key(earlier), key(later), strict=True):
            if a == b:
                continue
            assert (a > b) if descending else (a < b), f"{name} out of order"
            break
        else:
            assert earlier["ID"] < later["ID"], "ties must be broken by key"
