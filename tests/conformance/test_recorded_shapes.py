"""The emulator answers every recorded request the way real Exact Online did.

Each scenario replays the calls of one recording (see `expectations.py`) against a freshly
seeded emulator, with the French division's keys replaced by keys of seeded records, and
checks what a client depends on: the status, the envelope, `__metadata`, the field names in
wire order, the JSON type of every field, padded codes, `/Date(ms)/` values and `__next`
links (their format, and that following them gives the next rows without duplicates).
Row counts and values differ (the seeded data is not the French division's) and are not
compared.

Where the emulator still differs from a recording, the difference is listed in `GAPS` or
`XFAIL_SCENARIOS`. The scenario tests tolerate a listed gap; each gap is then checked on its
own by a strict xfail test, which fails as soon as the emulator is fixed, so that the entry
gets deleted.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Mapping
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
from tests.conformance import expectations_commerce, expectations_ledger
from tests.conformance.expectations import NEXT, Call, Scenario, Shape
from tests.conformance.expectations import SCENARIOS as CORE_SCENARIOS
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

_PLACEHOLDER = "Exact always sends a placeholder image URL (`…//docs/images/placeholder_…png`)"
_MINIMAL = "a POST without `Prefer: return=representation`"
GAPS: Final[dict[str, tuple[str, str]]] = {
    # `Entity.Field`: sent by Exact, null from the emulator.
    # `POST Entity.Field`: null-ness differs in the minimal answer to a POST.
    # value: (scenario that shows it, why)
    "Me.EmployeeID": ("get-current-user", "Exact sends the zero GUID for a non-employee"),
    "Me.PictureUrl": ("get-current-user", _PLACEHOLDER),
    "Me.DivisionCustomerSiretNumber": ("get-current-user", 'Exact sends "" when not set'),
    "Division.Creator": ("list-divisions", "Exact names who created the division"),
    "Division.CreatorFullName": ("list-divisions", "Exact names who created the division"),
    "Division.Modifier": ("list-divisions", "Exact names who last changed the division"),
    "Division.ModifierFullName": ("list-divisions", "Exact names who last changed the division"),
    "Division.SiretNumber": ("list-divisions", 'Exact sends "" when not set'),
    "Account.LogoUrl": ("get-account", _PLACEHOLDER),
    "Account.LogoThumbnailUrl": ("get-account", _PLACEHOLDER),
    "Contact.AccountMainContact": ("get-contact", "Exact makes an account's first contact main"),
    "Contact.BirthName": ("get-contact", "Exact fills BirthName from LastName"),
    "Contact.HID": ("get-contact", "Exact numbers every contact (HID)"),
    "Contact.Language": ("get-contact", "Exact gives every contact a language (10 chars)"),
    "Contact.Person": ("get-contact", "Exact creates a Person behind every contact"),
    "Contact.PictureUrl": ("get-contact", _PLACEHOLDER),
    "Contact.PictureThumbnailUrl": ("get-contact", _PLACEHOLDER),
    "Journal.PaymentServiceProvider": ("journals", "Exact sends 0 when there is none"),
    "VATCode.EUSalesListing": ("vat-codes", "Exact sends a code (L, N, S)"),
    "VATCode.IntrastatType": ("vat-codes", "Exact sends a code (L, N, S)"),
    "VATCode.VatDocType": ("vat-codes", "Exact sends a code (P)"),
    "Item.PictureUrl": ("update-item", _PLACEHOLDER),
    "Item.PictureThumbnailUrl": ("update-item", _PLACEHOLDER),
    "SalesInvoice.DeliverToAddress": ("get-sales-invoice", "Exact fills the customer's address"),
    "SalesOrder.DeliveryAddress": (
        "sales-orders",
        "Exact fills the customer's address; the emulator keeps a visit address on the account",
    ),
    "POST Account.IgnoreDatevWarningMessage": ("create-customer", f"false in {_MINIMAL}"),
    "POST Account.AutomaticProcessProposedEntry": ("create-customer", f"null in {_MINIMAL}"),
    "POST Account.ConsolidationScenario": ("create-customer", f"null in {_MINIMAL}"),
    "POST Account.DeliveryAdvice": ("create-customer", f"null in {_MINIMAL}"),
    "POST Contact.AccountIsCustomer": ("create-contact", f"false in {_MINIMAL}"),
    "POST Item.IsTaxableItem": ("create-item", f"null in {_MINIMAL}"),
}
XFAIL_SCENARIOS: Final[dict[str, str]] = {}
SCENARIOS: Final = (
    *CORE_SCENARIOS,
    *expectations_ledger.SCENARIOS,
    *expectations_commerce.SCENARIOS,
)
_BY_NAME: Final = {scenario.name: scenario for scenario in SCENARIOS}


def _cases() -> Iterator[Any]:
    for scenario in SCENARIOS:
        reason = XFAIL_SCENARIOS.get(scenario.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(scenario, id=scenario.name, marks=marks)


@pytest.mark.parametrize("scenario", list(_cases()))
async def test_emulator_answers_like_the_recording(scenario: Scenario) -> None:
    problems = await _replay(scenario, frozenset(GAPS))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "gap",
    [
        pytest.param(gap, id=gap, marks=pytest.mark.xfail(strict=True, reason=reason))
        for gap, (_, reason) in GAPS.items()
    ],
)
async def test_known_gap_is_still_open(gap: str) -> None:
    scenario = _BY_NAME[GAPS[gap][0]]
    problems = await _replay(scenario, frozenset(GAPS) - {gap})
    about_gap = re.compile(rf"(^|\s){re.escape(gap.removeprefix('POST '))}\s")
    assert not [problem for problem in problems if about_gap.search(problem)]


def test_every_covered_recording_has_a_scenario() -> None:
    assert len(_BY_NAME) == len(SCENARIOS)
    assert {scenario for scenario, _ in GAPS.values()} <= set(_BY_NAME) - set(XFAIL_SCENARIOS)


# --- replaying a recording -------------------------------------------------------------


async def _replay(scenario: Scenario, tolerated: frozenset[str]) -> list[str]:
    """Every way the emulator's answers to `scenario` differ from the recorded ones."""
    state = build_state(EmulatorConfig(divisions=1, size="small", seed=3), ManualClock(START))
    _top_up(state, scenario.min_rows)
    problems: list[str] = []
    async with connect(state) as exact:
        keys = _seeded_keys(exact)
        next_link: str | None = None
        for call in scenario.calls:
            url = next_link if call.path == NEXT else "/api/v1/" + call.path.format_map(keys)
            if url is None:
                return [*problems, f"{scenario.name}: no __next link to follow"]
            params = None if call.path == NEXT else _params(call.query.format_map(keys))
            response = await exact.request(
                call.method, url, params=params, json=_fill(call.body, keys)
            )
            found = list(_check_response(call, response, exact.division, tolerated))
            problems.extend(f"{call.method} {url}: {problem}" for problem in found)
            if response.status_code != call.status:
                break
            if call.method == "POST":
                keys["created"] = _row_key(response.json()["d"])
            next_link = None
            if call.next is not None and isinstance(response.json()["d"], dict):
                next_link = response.json()["d"].get("__next")
                problems.extend(await _follow(exact, call, response, tolerated))
    return problems


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
    contacts = rows("crm/Contacts")
    owned = {"crm/Contacts", "crm/Addresses", "crm/BankAccounts"}  # deleted with their account
    items = rows("logistics/Items")

    def unused(path: str, row: dict[str, Any]) -> bool:
        """Nothing but rows deleted with it refers to `row`, so deleting it succeeds."""
        referrers = division.referrers(path, row["ID"]).items()
        return all(not count or source in owned for source, count in referrers)

    journal = next(j for j in rows("financial/Journals") if j.get("Type") == 20)
    return {
        "division": exact.division,
        "account": next(a["ID"] for a in rows("crm/Accounts") if a.get("Status") == "C"),
        "spare_account": next(a["ID"] for a in rows("crm/Accounts") if unused("crm/Accounts", a)),
        "contact": contacts[0]["ID"],
        "spare_contact": next(c["ID"] for c in reversed(contacts) if unused("crm/Contacts", c)),
        "item": next(i["ID"] for i in rows("logistics/Items") if i.get("IsSalesItem")),
        "spare_item": next(i["ID"] for i in items if unused("logistics/Items", i)),
        "item_group": rows("logistics/ItemGroups")[0]["ID"],
        "sales_journal": journal["Code"].strip(),
        "invoice": next(inv["InvoiceID"] for inv in invoices if inv.get("Status") == 20),
        # the ledger: a supplier, a purchase journal, a cost account, a purchase VAT code
        "supplier": next(a["ID"] for a in rows("crm/Accounts") if a.get("IsSupplier")),
        "purchase_journal": next(
            j["Code"].strip() for j in rows("financial/Journals") if j.get("Type") == 22
        ),
        "cost_account": next(g["ID"] for g in rows("financial/GLAccounts") if g["Type"] == 120),
        "purchase_vat": next(
            v["Code"].strip()
            for v in rows("vat/VATCodes")
            if v.get("VATTransactionType") == "P" and v.get("Percentage") and not v.get("GLToPay")
        ),
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


def _row_key(row: Mapping[str, Any]) -> str:
    match = re.search(r"\(guid'([^']+)'\)$", row["__metadata"]["uri"])
    assert match is not None, row["__metadata"]["uri"]
    return match.group(1)


async def _follow(
    exact: EmulatorClient, call: Call, first: httpx.Response, tolerated: frozenset[str]
) -> list[str]:
    """Follow `__next` to the end: same shapes, no row twice, no more than `$top` rows."""
    page = first.json()["d"]
    seen = [row["__metadata"]["uri"] for row in page["results"]]
    follow = Call("GET", NEXT, shape=call.shape)
    while "__next" in page and len(seen) <= 1000:
        response = await exact.get(page["__next"])
        problems = list(_check_response(follow, response, exact.division, tolerated))
        if problems:
            return [f"following {page['__next']}: {problem}" for problem in problems]
        page = response.json()["d"]
        seen.extend(row["__metadata"]["uri"] for row in page["results"])
    problems = []
    if len(seen) != len(set(seen)):
        problems.append("a row came twice while following __next")
    top = _params(call.query).get("$top")
    if top is not None and len(seen) > int(top):
        problems.append(f"following __next gave {len(seen)} rows for $top={top}")
    return problems


# --- checks ----------------------------------------------------------------------------


def _check_response(
    call: Call, response: httpx.Response, division: int, tolerated: frozenset[str]
) -> Iterator[str]:
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
    check = _RowCheck(division, tolerated, call.expand, call.non_null)
    for index, row in enumerate(rows):
        yield from (f"row {index}: {problem}" for problem in check.row(row, call.shape))
    if call.envelope != "results" or not isinstance(d, dict):
        return
    if call.next is not None:
        yield from _check_next(call, d, len(rows))
    elif len(rows) < PAGE_SIZE and "__next" in d:
        yield f"unexpected __next {d['__next']!r}"


def _unwrap(call: Call, d: Any) -> Generator[str, None, list[Any]]:
    """Check the envelope; return its rows (as the generator's return value)."""
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


class _RowCheck:
    """Checks rows against a recorded shape (and expanded children against theirs)."""

    def __init__(
        self,
        division: int,
        tolerated: frozenset[str],
        expand: Mapping[str, Shape],
        non_null: str | None,
    ) -> None:
        self.division = division
        self.tolerated = tolerated
        self.expand = expand
        self.non_null = None if non_null is None else set(non_null.split())

    def row(self, row: Any, shape: Shape) -> Iterator[str]:
        if not isinstance(row, dict):
            yield f"not an object: {row!r}"
            return
        tokens = shape.tokens
        names = [name for name, _ in tokens]
        if list(row) != ["__metadata", *names]:
            yield from _name_diff(list(row), ["__metadata", *names])
            return
        meta = row["__metadata"]
        scope = "" if shape.path == "current/Me" else f"{self.division}/"
        prefix = f"{BASE}/api/v1/{scope}{shape.path}("
        uri = meta.get("uri", "")
        if not (uri.startswith(prefix) and uri.endswith(")")) or set(meta) != {"uri", "type"}:
            yield f"__metadata {meta!r} does not start with {prefix!r}"
        if meta.get("type") != shape.type_name:
            yield f"__metadata.type {meta.get('type')!r}, recorded {shape.type_name!r}"
        entity = shape.type_name.rsplit(".", 1)[-1]
        for name, kind in tokens:
            if self.non_null is not None:
                yield from self._minimal(entity, name, kind, row[name], uri)
            elif row[name] is not None or f"{entity}.{name}" not in self.tolerated:
                yield from self._value(entity, name, kind, row[name], uri)

    def _minimal(self, entity: str, name: str, kind: str, value: Any, uri: str) -> Iterator[str]:
        """A field of a minimal POST answer: non-null exactly where the recording's was."""
        assert self.non_null is not None
        if f"POST {entity}.{name}" in self.tolerated:
            return
        if (value is not None) != (name in self.non_null):
            recorded = "a value" if name in self.non_null else "null"
            yield f"POST {entity}.{name} is {value!r}; recorded {recorded}"
        elif value is not None:
            yield from self._value(entity, name, kind, value, uri)

    def _value(self, entity: str, name: str, kind: str, value: Any, uri: str) -> Iterator[str]:
        label = f"{entity}.{name} "
        nullable = kind == "-" or kind.endswith("?")
        kind = kind.removesuffix("?")
        if value is None:
            if not nullable:
                yield f"{label}is null; recorded as {kind}"
        elif kind == "-":
            if isinstance(value, (dict, list)):
                yield f"{label}is {value!r}; recorded as a null scalar"
        elif kind == "nav":
            yield from self._navigation(label, name, value, uri)
        elif not _matches(kind, value):
            yield f"{label}= {value!r} is not {kind}"

    def _navigation(self, label: str, name: str, value: Any, uri: str) -> Iterator[str]:
        child = self.expand.get(name)
        if child is None:
            if value != {"__deferred": {"uri": f"{uri}/{name}"}}:
                yield f"{label}= {value!r} is not a __deferred link to {uri}/{name}"
            return
        if not isinstance(value, dict) or list(value) != ["results"]:
            yield f"{label}= {value!r} is not an expanded {{'results': [...]}}"
            return
        if not value["results"]:
            yield f"{label}expanded to no rows"
        check = _RowCheck(self.division, self.tolerated, {}, None)
        for index, row in enumerate(value["results"]):
            yield from (f"{name}[{index}]: {problem}" for problem in check.row(row, child))


def _name_diff(got: list[str], wanted: list[str]) -> Iterator[str]:
    missing = [name for name in wanted if name not in got]
    extra = [name for name in got if name not in wanted]
    if missing or extra:
        yield f"fields missing {missing}, extra {extra}"
        return
    first = next(i for i, (a, b) in enumerate(zip(got, wanted, strict=True)) if a != b)
    yield f"field order differs at {first}: {got[first : first + 3]} vs {wanted[first : first + 3]}"


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
    if kind[:2] in ("s>", "s<"):
        width = int(kind[2:])
        padded = value.strip().rjust(width) if kind[1] == ">" else value.strip().ljust(width)
        return len(value) == width and value == padded
    return kind == "s"


def _check_next(call: Call, d: Mapping[str, Any], count: int) -> Iterator[str]:
    link = d.get("__next")
    if not isinstance(link, str):
        yield "no __next, recorded one"
        return
    parts = urlsplit(link)
    if f"{parts.scheme}://{parts.netloc}" != BASE:
        yield f"__next {link!r} is not on {BASE}"
    if not parts.path.startswith("/api/v1/"):
        yield f"__next path {parts.path!r}"
    query = dict(part.split("=", 1) for part in parts.query.split("&"))
    if list(query)[-1:] != ["$skiptoken"]:
        yield f"__next {link!r} does not end with $skiptoken"
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
