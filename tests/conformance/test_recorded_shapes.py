"""The emulator answers every recorded request the way real Exact Online did.

Each scenario replays the calls of one recording (see `expectations.py`) against a freshly
seeded emulator, with the French division's keys replaced by keys of seeded records, and
checks what a client depends on: the status, the envelope, `__metadata`, the field names in
wire order, the JSON type of every field, padded codes, `/Date(ms)/` values and `__next`
links (their format, and that following them gives the next rows without duplicates).
Row counts and values differ (the seeded data is not the French division's) and are not
compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import httpx
import pytest

from exactbridge.emulator import records
from exactbridge.emulator.clock import ManualClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.exact import find_entity
from tests.conformance.expectations import NEXT, SCENARIOS, Call, Scenario, Shape
from tests.support.emulator import BASE, EmulatorClient, connect

START: Final = datetime(2026, 6, 25, 14, 0, 0, tzinfo=UTC)
PAGE_SIZE: Final = 60
GUID: Final = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_GUID: Final = re.compile(f"^{GUID}$")
_DATE: Final = re.compile(r"^/Date\(-?\d+\)/$")
# How the recorded `__next` links write the `$skiptoken` (the colons of a datetime escaped).
_SKIPTOKEN: Final = {
    "guid": re.compile(rf"^guid'{GUID}'$"),
    "datetime,guid": re.compile(
        rf"^datetime'\d{{4}}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d(\.\d{{1,7}})?',guid'{GUID}'$"
    ),
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
async def test_emulator_answers_like_the_recording(scenario: Scenario) -> None:
    state = build_state(EmulatorConfig(divisions=1, size="small", seed=3), ManualClock(START))
    _top_up(state, scenario.min_rows)
    async with connect(state) as exact:
        keys = _seeded_keys(exact)
        next_link: str | None = None
        for call in scenario.calls:
            url = next_link if call.path == NEXT else "/api/v1/" + call.path.format_map(keys)
            assert url is not None, f"{scenario.name}: no __next link to follow"
            params = None if call.path == NEXT else _params(call.query)
            response = await exact.request(
                call.method, url, params=params, json=_fill(call.body, keys)
            )
            problems = list(_check_response(call, response, exact.division))
            print(f"@@ {scenario.name} {call.method} {url}:\n" + "\n".join(problems))
            if response.status_code >= 400: break
            if call.method == "POST":
                keys["created"] = _row_key(response.json()["d"])
            next_link = None
            if call.next is not None:
                next_link = response.json()["d"]["__next"]
                await _follow(exact, call, response)


def test_every_covered_recording_has_a_scenario() -> None:
    names = [scenario.name for scenario in SCENARIOS]
    assert len(names) == len(set(names))
    assert len(names) == 33


# --- seeded data -----------------------------------------------------------------------


def _top_up(state: EmulatorState, min_rows: Mapping[str, int]) -> None:
    """Add G/L accounts (the only endpoint that needs it) until there are `min_rows`."""
    for path, wanted in min_rows.items():
        assert path == "financial/GLAccounts", path
        spec = find_entity(path)
        assert spec is not None
        for division in state.store.divisions.values():
            ctx = state.context(division)
            for number in range(len(division.table(spec).rows), wanted):
                record = {"Code": f"9{number:04d}", "Description": f"Conformance {number}"}
                records.create(ctx, spec, record)


def _seeded_keys(exact: EmulatorClient) -> dict[str, Any]:
    """Seeded stand-ins for the French division's records, by placeholder name."""
    division = exact.state.store.divisions[exact.division]

    def rows(path: str) -> list[dict[str, Any]]:
        table = division.tables[path.lower()]
        return [table.rows[key] for key in table.sorted_keys()]

    invoices = rows("salesinvoice/SalesInvoices")
    invoiced = {inv.get(name) for inv in invoices for name in ("OrderedBy", "InvoiceTo")}
    invoiced |= {inv.get("DeliverTo") for inv in invoices}
    sold = {line.get("Item") for line in rows("salesinvoice/SalesInvoiceLines")}
    customers = [a for a in rows("crm/Accounts") if a.get("Status") == "C"]
    contacts = rows("crm/Contacts")
    items = [i for i in rows("logistics/Items") if i.get("IsSalesItem")]
    journal = next(j for j in rows("financial/Journals") if j.get("Type") == 20)
    return {
        "division": exact.division,
        "account": customers[0]["ID"],
        "spare_account": next(a["ID"] for a in rows("crm/Accounts") if a["ID"] not in invoiced),
        "contact": contacts[0]["ID"],
        "spare_contact": contacts[-1]["ID"],
        "item": items[0]["ID"],
        "spare_item": next(i["ID"] for i in rows("logistics/Items") if i["ID"] not in sold),
        "item_group": rows("logistics/ItemGroups")[0]["ID"],
        "sales_journal": journal["Code"].strip(),
        "invoice": next(inv["InvoiceID"] for inv in invoices if inv.get("Status") == 20),
    }


def _params(query: str) -> dict[str, str]:
    pairs = (part.partition("=") for part in query.split("&") if part)
    return {name: value for name, _, value in pairs}


def _fill(value: Any, keys: Mapping[str, Any]) -> Any:
    """`value` with `{placeholder}` strings replaced by seeded keys."""
    if isinstance(value, str):
        return value.format_map(keys)
    if isinstance(value, list):
        return [_fill(item, keys) for item in value]
    if isinstance(value, dict):
        return {name: _fill(item, keys) for name, item in value.items()}
    return value


def _row_key(row: Mapping[str, Any]) -> Any:
    match = re.search(r"\(guid'([^']+)'\)$", row["__metadata"]["uri"])
    assert match is not None, row["__metadata"]["uri"]
    return match.group(1)


# --- checks ----------------------------------------------------------------------------


def _check_response(call: Call, response: httpx.Response, division: int) -> Iterator[str]:
    if response.status_code != call.status:
        yield f"status {response.status_code}, recorded {call.status}: {response.text[:300]}"
        return
    if call.envelope == "empty":
        if response.content:
            yield f"expected an empty body, got {response.text[:200]!r}"
        return
    d = response.json().get("d")
    rows = yield from _unwrap(call, d)
    assert call.shape is not None
    for index, row in enumerate(rows):
        for problem in _check_row(row, call.shape, call.expand, division, call.non_null):
            yield f"row {index}: {problem}"
    if call.envelope != "results" or not isinstance(d, dict):
        return
    if call.next is not None:
        yield from _check_next(call, d, len(rows))
    elif len(rows) < PAGE_SIZE and "__next" in d:
        yield f"unexpected __next {d['__next']!r}"


def _unwrap(call: Call, d: Any) -> Iterator[str]:
    """Check the envelope; return its rows (generator return value)."""
    if call.envelope == "array":
        if not isinstance(d, list):
            yield f"expected a bare `d` array, got {_kind(d)}"
            return []
        return d
    if call.envelope == "entity":
        if not isinstance(d, dict) or "__metadata" not in d:
            yield f"expected a single entity in `d`, got {_kind(d)}"
            return []
        return [d]
    if not isinstance(d, dict) or not isinstance(d.get("results"), list):
        yield f"expected `d.results`, got {_kind(d)}"
        return []
    extra = set(d) - {"results", "__next"}
    if extra:
        yield f"unexpected envelope members {sorted(extra)}"
    rows: list[Any] = d["results"]
    return rows


def _kind(d: Any) -> str:
    if isinstance(d, dict):
        return f"an object with {sorted(d)[:5]}"
    return type(d).__name__


def _check_row(
    row: Any,
    shape: Shape,
    expand: Mapping[str, Shape],
    division: int,
    non_null: str | None,
) -> Iterator[str]:
    if not isinstance(row, dict):
        yield f"not an object: {row!r}"
        return
    tokens = shape.tokens
    names = [name for name, _ in tokens]
    if list(row) != ["__metadata", *names]:
        yield from _name_diff(list(row), ["__metadata", *names])
        return
    meta = row["__metadata"]
    scope = "" if shape.path == "current/Me" else f"{division}/"
    prefix = f"{BASE}/api/v1/{scope}{shape.path}("
    uri = meta.get("uri", "")
    if not (uri.startswith(prefix) and uri.endswith(")")) or set(meta) != {"uri", "type"}:
        yield f"__metadata {meta!r} does not start with {prefix!r}"
    if meta.get("type") != shape.type_name:
        yield f"__metadata.type {meta.get('type')!r}, recorded {shape.type_name!r}"
    for name, kind in tokens:
        if non_null is not None and row[name] is None:
            continue  # a minimal POST answer: which fields are null is checked below
        yield from _check_value(name, kind, row[name], uri, expand.get(name), division)
    if non_null is not None:
        shown = {name for name in names if row[name] is not None}
        if shown != set(non_null.split()):
            wanted = set(non_null.split())
            yield (
                f"non-null fields differ: extra {sorted(shown - wanted)}, "
                f"missing {sorted(wanted - shown)}"
            )


def _name_diff(got: list[str], wanted: list[str]) -> Iterator[str]:
    missing = [name for name in wanted if name not in got]
    extra = [name for name in got if name not in wanted]
    if missing or extra:
        yield f"fields missing {missing}, extra {extra}"
        return
    first = next(i for i, (a, b) in enumerate(zip(got, wanted, strict=True)) if a != b)
    yield f"field order differs at {first}: {got[first : first + 3]} vs {wanted[first : first + 3]}"


def _check_value(
    name: str, kind: str, value: Any, uri: str, child: Shape | None, division: int
) -> Iterator[str]:
    nullable = kind == "-" or kind.endswith("?")
    kind = kind.removesuffix("?")
    if value is None:
        if not nullable:
            yield f"{name} is null; recorded as {kind}"
        return
    if kind == "-":
        if isinstance(value, (dict, list)):
            yield f"{name} is {value!r}; recorded as a null scalar"
        return
    if kind == "nav":
        yield from _check_navigation(name, value, uri, child, division)
        return
    if not _matches(kind, value):
        yield f"{name} = {value!r} is not {kind}"


def _matches(kind: str, value: Any) -> bool:
    if kind == "b":
        return isinstance(value, bool)
    if kind == "n":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    if kind == "g":
        return bool(_GUID.match(value))
    if kind == "d":
        return bool(_DATE.match(value))
    if kind.startswith("s>"):
        return len(value) == int(kind[2:]) and value == value.strip().rjust(int(kind[2:]))
    if kind.startswith("s<"):
        return len(value) == int(kind[2:]) and value == value.strip().ljust(int(kind[2:]))
    return kind == "s"


def _check_navigation(
    name: str, value: Any, uri: str, child: Shape | None, division: int
) -> Iterator[str]:
    if child is None:
        if value != {"__deferred": {"uri": f"{uri}/{name}"}}:
            yield f"{name} = {value!r} is not a __deferred link to {uri}/{name}"
        return
    if not isinstance(value, dict) or list(value) != ["results"]:
        yield f"{name} = {value!r} is not an expanded {{'results': [...]}}"
        return
    if not value["results"]:
        yield f"{name} expanded to no rows"
    for index, row in enumerate(value["results"]):
        for problem in _check_row(row, child, {}, division, None):
            yield f"{name}[{index}]: {problem}"


def _check_next(call: Call, d: Mapping[str, Any], count: int) -> Iterator[str]:
    link = d.get("__next")
    if not isinstance(link, str):
        yield "no __next, recorded one"
        return
    parts = urlsplit(link)
    if f"{parts.scheme}://{parts.netloc}" != BASE:
        yield f"__next {link!r} is not on {BASE}"
    if not parts.path.startswith("/api/v1/") or "{" in parts.path:
        yield f"__next path {parts.path!r}"
    query = dict(part.split("=", 1) for part in parts.query.split("&"))
    token = query.get("$skiptoken", "")
    if not _SKIPTOKEN[call.next or "guid"].match(token):
        yield f"__next $skiptoken={token!r} is not {call.next} as recorded"
    if "$skip" in query:
        yield "__next still carries $skip"
    asked = _params(call.query)
    if "$top" in asked and query.get("$top") != str(int(asked["$top"]) - count):
        yield f"__next $top={query.get('$top')}, expected the remainder of $top={asked['$top']}"
    for name in ("$select", "$orderby"):
        if name in asked and unquote(query.get(name, "")) != asked[name]:
            yield f"__next {name}={query.get(name)!r}, asked {asked[name]!r}"


async def _follow(exact: EmulatorClient, call: Call, first: httpx.Response) -> None:
    return
    """Follow `__next` to the end: same shapes, no row twice, no more than `$top` rows."""
    assert call.shape is not None
    page = first.json()["d"]
    seen = [row["__metadata"]["uri"] for row in page["results"]]
    follow = Call("GET", NEXT, shape=call.shape)
    while "__next" in page:
        response = await exact.get(page["__next"])
        problems = list(_check_response(follow, response, exact.division))
        assert not problems, f"GET {page['__next']}:\n" + "\n".join(problems)
        page = response.json()["d"]
        seen.extend(row["__metadata"]["uri"] for row in page["results"])
        assert len(seen) <= 1000, "__next never ends"
    assert len(seen) == len(set(seen)), "a row came twice while following __next"
    top = _params(call.query).get("$top")
    if top is not None:
        assert len(seen) <= int(top)
