"""The REST surface: `/api/v1/current/Me` and `/api/v1/{division}/{service}/{Entity}…`.

Each request is authenticated (Bearer), checked against the consented divisions, counted
against the (app, division) rate limits and then answered from the store in Exact's
OData v2 shapes. Every refusal is an `ExactProblem`, rendered with Exact's error body and,
for division-scoped URLs, the rate-limit headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response

from exactbridge.emulator import records, rights
from exactbridge.emulator.entities.users import home_division
from exactbridge.emulator.odata.literals import parse_literal_list
from exactbridge.emulator.problems import ExactProblem, query_syntax_error
from exactbridge.emulator.query import (
    Page,
    QueryOptions,
    SelectPlan,
    next_query,
    parse_options,
    select_page,
)
from exactbridge.emulator.render import (
    ChildRows,
    EntityUrls,
    atom_feed,
    render_page,
    render_row,
    render_rows,
)
from exactbridge.emulator.state import EmulatorState
from exactbridge.emulator.store import Division, Row, Table
from exactbridge.emulator.sync_endpoints import sync_page, sync_timestamp
from exactbridge.emulator.urls import base_url
from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm, EntitySpec, Navigation, find_entity
from exactbridge.exact.sync import DELETED, SYNC_TIMESTAMP
from exactbridge.wire import dumps, dumps_bytes, loads

__all__ = ["handle_api"]

_SEGMENT: Final = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\((?P<key>.*)\))?$")
_JSON: Final = "application/json; charset=utf-8"
_ALWAYS_RESULTS: Final = frozenset({"salesinvoice/salesinvoices"})  # observed on real Exact
_ROW_QUERY: Final = ("$filter", "$orderby", "$top", "$skip", "$skiptoken", "$inlinecount")


@dataclass(frozen=True, slots=True)
class Route:
    """What a request path addresses."""

    division: int | None
    spec: EntitySpec
    key: Any = None
    has_key: bool = False
    navigation: Navigation | None = None
    count: bool = False


async def handle_api(request: Request, state: EmulatorState) -> Response:
    """Answer one `/api/v1/…` request."""
    if rights.addresses(request.path_params["path"]):  # a function, and not billed
        return await rights.answer(request, state)
    rate_headers: dict[str, str] = {}
    route: Route | None = None
    client_id = ""
    try:
        route = parse_route(request.path_params["path"])
        token = state.oauth.authenticate(request.headers.get("authorization"))
        client_id = token.client_id
        division = None
        if route.division is not None:
            division = state.store.divisions.get(route.division)
            if division is None:
                raise ExactProblem(403, "Forbidden - WrongDivision", {"Reason": "NoDivisionAccess"})
            if route.division not in token.divisions:
                raise ExactProblem(403, "Forbidden - User division is not within division scope")
            rate_headers = state.limiter.admit(client_id, route.division, route.spec.path)
        elif route.spec.methods != {"GET"}:  # system/Users: the licence's, kept in its home
            division = home_division(state.store.divisions)
        response = await _dispatch(request, state, route, division, client_id)
    except ExactProblem as problem:
        status, headers = problem.status, problem.headers
        response = Response(dumps(problem.body()), status, media_type=_JSON)
        response.headers.update(rate_headers | headers)
    else:
        response.headers.update(rate_headers)
    if route is not None and route.division is not None and client_id:
        state.limiter.record_status(
            client_id, route.division, route.spec.path, response.status_code
        )
    return response


def parse_route(path: str) -> Route:
    """Resolve `current/Me`, `{division}/{service}/{Entity}(key)/Nav` or `…/$count`.

    Raises:
        ExactProblem: 404 for unknown endpoints, 400 for malformed keys.
    """
    segments = [s for s in path.split("/") if s]
    division: int | None = None
    if segments and segments[0].isdigit():
        division = int(segments[0])
        segments = segments[1:]
    for width in (4, 3, 2):
        if len(segments) < width:
            continue
        last = _SEGMENT.match(segments[width - 1])
        if last is None:
            continue
        spec = find_entity("/".join([*segments[: width - 1], last.group("name")]))
        if spec is None or spec.division_scoped != (division is not None):
            continue
        route = Route(division, spec)
        if last.group("key") is not None:
            route = Route(division, spec, _parse_key(spec, last.group("key")), has_key=True)
        return _tail(route, segments[width:])
    name = segments[-1] if segments else ""
    raise ExactProblem(404, f"Resource not found for the segment '{name}'.")


def _parse_key(spec: EntitySpec, text: str) -> Any:
    if "=" in text:
        name, _, text = text.partition("=")
        if name.strip() != spec.key:
            raise query_syntax_error()
    literals = parse_literal_list(text)
    if len(literals) != 1:
        raise query_syntax_error()
    value = literals[0].value
    edm = spec.key_field.edm
    if edm is Edm.GUID and not (isinstance(value, str) and text.strip().startswith("guid'")):
        raise ExactProblem(400, f"Unrecognized 'Edm.Guid' literal '{text}' in '{text}'.")
    if edm.is_integer and not isinstance(value, int):
        raise query_syntax_error()
    return value


def _tail(route: Route, rest: list[str]) -> Route:
    if not rest:
        return route
    if rest == ["$count"] and not route.has_key:
        return Route(route.division, route.spec, count=True)
    if len(rest) == 1 and route.has_key:
        nav = route.spec.get(rest[0])
        if isinstance(nav, Navigation):
            return Route(route.division, route.spec, route.key, True, navigation=nav)
    raise ExactProblem(404, f"Resource not found for the segment '{rest[0]}'.")


async def _dispatch(
    request: Request,
    state: EmulatorState,
    route: Route,
    division: Division | None,
    client_id: str,
) -> Response:
    method = request.method
    spec = route.spec
    allowed = spec.methods if not (route.navigation or route.count) else frozenset({"GET"})
    if method not in allowed or (method in ("PUT", "DELETE") and not route.has_key):
        raise ExactProblem(405, f"The requested resource does not support http method '{method}'.")
    if method == "POST" and route.has_key:
        raise ExactProblem(405, "The requested resource does not support http method 'POST'.")
    table = state.webhooks.visible(_table(state, spec, division), client_id)  # own only
    urls = EntityUrls(base_url(request), route.division)
    if method == "GET":
        return _get(request, state, route, table, urls, division)
    assert division is not None  # writes exist only on division-scoped endpoints
    ctx = state.context(division)
    if method == "POST":
        payload = await _json_body(request)
        if state.webhooks.manages(spec):  # awaits the validation POST to the callback URL
            row = await state.webhooks.subscribe(ctx, payload, client_id, urls.base)
        else:
            row = records.create(ctx, spec, payload)
        full = "return=representation" in request.headers.get("prefer", "")
        shown = row if full or spec.full_post_response else _minimal(spec, row)
        body = render_row(spec, shown, urls, SelectPlan.all(), (), _no_children)
        response = Response(dumps({"d": body}), 201, media_type=_JSON)
        response.headers["Location"] = urls.entity(spec, row[spec.key])
        return response
    row = _existing(table, route)
    if method == "PUT":
        records.update(ctx, spec, row, await _json_body(request))
    else:
        records.delete(ctx, spec, row)
    return Response(status_code=204)


def _get(
    request: Request,
    state: EmulatorState,
    route: Route,
    table: Table,
    urls: EntityUrls,
    division: Division | None,
) -> Response:
    spec = route.spec
    params = dict(request.query_params)
    if spec.api_type == "sync" or spec is SYNC_TIMESTAMP:
        assert division is not None  # sync endpoints are division-scoped
        return _get_sync(request, state, spec, division, params, urls)
    if route.count:
        options = parse_options(spec, params, allow_skip=True)
        predicate = options.predicate
        total = sum(1 for r in table.rows.values() if predicate is None or predicate(r))
        return Response(str(total), media_type="text/plain; charset=utf-8")
    if route.navigation is not None:
        return _get_navigation(request, state, route, table, urls, division)
    if route.has_key and not spec.single_as_collection:
        if any(name in params for name in _ROW_QUERY):
            raise ExactProblem(
                400,
                "Query options $filter, $orderby, $inlinecount, $skip and $top cannot be "
                "applied to the requested resource.",
            )
        options = parse_options(spec, params, allow_skip=True)
        row = _existing(table, route)
        children = _children(division)
        body = render_rows(spec, [row], urls, options.select, options.expand, children)[0]
        return _json(request, {"d": body}, "1.0")
    if spec.select_required and not params.get("$select") and params.get("$top") != "1":
        raise ExactProblem(400, "Please add a $select or a $top=1 statement to the query string.")
    options = parse_options(spec, params, allow_skip=spec.legacy)
    rows = None
    if route.has_key:  # current/Me(guid'…') still answers as a collection
        rows = [_existing(table, route)]
    page = select_page(table, rows, options, spec.page_size)
    return _collection(request, state, spec, page, options, urls, division)


def _get_sync(
    request: Request,
    state: EmulatorState,
    spec: EntitySpec,
    division: Division,
    params: dict[str, str],
    urls: EntityUrls,
) -> Response:
    """A sync endpoint's page (Timestamp order), or `SyncTimestamp`'s one row."""
    if spec is SYNC_TIMESTAMP:
        row = sync_timestamp(division, params)
        body = render_row(spec, row, urls, SelectPlan.all(), (), _no_children)
        return _json(request, {"d": {"results": [body]}}, "2.0")
    if spec is DELETED and state.deleted_log is not None:
        state.deleted_log.prune(division.code)
    page = sync_page(spec, division, params)
    rendered = render_page(spec, page.rows, urls, page.select, page.stamps)
    envelope: dict[str, Any] = {"results": rendered}
    if page.next_query is not None:
        envelope["__next"] = f"{urls.base}{request.url.path}?{page.next_query}"
    return _json(request, {"d": envelope}, "2.0")


def _get_navigation(
    request: Request,
    state: EmulatorState,
    route: Route,
    table: Table,
    urls: EntityUrls,
    division: Division | None,
) -> Response:
    nav = route.navigation
    assert nav is not None and division is not None
    parent = _existing(table, route)
    child_spec = find_entity(nav.target)
    if child_spec is None:
        raise ExactProblem(404, f"Resource not found for the segment '{nav.name}'.")
    child_table = division.table(child_spec)
    options = parse_options(child_spec, dict(request.query_params), allow_skip=child_spec.legacy)
    children = _children(division)(route.spec, nav, parent)
    page = select_page(child_table, children, options, child_spec.page_size)
    return _collection(request, state, child_spec, page, options, urls, division)


def _collection(
    request: Request,
    state: EmulatorState,
    spec: EntitySpec,
    page: Page,
    options: QueryOptions,
    urls: EntityUrls,
    division: Division | None,
) -> Response:
    children = _children(division)
    next_url = None
    if page.next_token is not None:
        query = next_query(options.raw, page.next_token, page.next_top)
        next_url = f"{urls.base}{request.url.path}?{query}"
    if not _wants_json(request):
        updated = state.clock.now()
        feed = atom_feed(spec, page.rows, urls, options.select, next_url, updated)
        return Response(feed, media_type="application/atom+xml;type=feed;charset=utf-8")
    rendered = render_rows(spec, page.rows, urls, options.select, options.expand, children)
    small_top = options.top is not None and options.top <= spec.page_size
    small_top = small_top and options.skiptoken is None  # a `__next` page stays in `results`
    if small_top and not options.inlinecount and spec.path.lower() not in _ALWAYS_RESULTS:
        return _json(request, {"d": rendered}, "1.0")
    envelope: dict[str, Any] = {}
    if page.count is not None:
        envelope["__count"] = str(page.count)
    envelope["results"] = rendered
    if next_url is not None:
        envelope["__next"] = next_url
    return _json(request, {"d": envelope}, "2.0")


def _json(request: Request, body: dict[str, Any], version: str) -> Response:
    accept = request.headers.get("accept", "")
    if "application/xml" in accept and "json" not in accept:
        raise ExactProblem(415, "Unsupported media type requested.")
    response = Response(dumps_bytes(body), media_type=_JSON)
    response.headers["DataServiceVersion"] = f"{version};"
    return response


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    if "application/json" in accept:
        return True
    if "application/xml" in accept and "atom" not in accept:
        raise ExactProblem(415, "Unsupported media type requested.")
    return False


def _table(state: EmulatorState, spec: EntitySpec, division: Division | None) -> Table:
    virtual = state.virtual_table(spec)
    if virtual is not None:
        return virtual
    assert division is not None
    return division.table(spec)


def _existing(table: Table, route: Route) -> Row:
    row = table.get(route.key)
    if row is None:
        raise ExactProblem(404, f"Resource not found for the segment '{route.spec.entity}'.")
    return row


def _children(division: Division | None) -> ChildRows:
    """Rows of a navigation collection of `parent`, in key order."""

    def children(parent_spec: EntitySpec, nav: Navigation, parent: Row) -> list[Row]:
        child_spec = find_entity(nav.target)
        if child_spec is None or division is None:
            return []
        return division.child_rows(child_spec.path, nav.foreign_key, parent[parent_spec.key])

    return children


def _no_children(_spec: EntitySpec, _nav: Navigation, _parent: Row) -> list[Row]:
    return []


def _minimal(spec: EntitySpec, row: Row) -> Row:
    """What a POST answers without `Prefer: return=representation`: the key and flags."""
    shown: Row = dict.fromkeys(f.name for f in spec.fields)
    for prop in spec.fields:
        if prop.edm is Edm.BYTE:
            shown[prop.name] = row.get(prop.name)
    shown[spec.key] = row[spec.key]
    return shown


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return loads(raw) if raw else None
    except WireFormatError:
        raise ExactProblem(
            400,
            "Error processing request stream. "
            "The request should be a valid top-level resource object.",
        ) from None
