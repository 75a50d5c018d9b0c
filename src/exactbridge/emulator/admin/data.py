"""Admin routes over records: change data as a user in Exact's screens would, read it all.

- `POST /__emulator/{division}/{service}/{Entity}`: create a record from a body in Exact's
  wire JSON; 201 with the row rendered as the API renders it (`{"d": {…}}`).
- `PUT /__emulator/{division}/{service}/{Entity}/{key}`: change a record; 200 with the row.
- `DELETE /__emulator/{division}/{service}/{Entity}/{key}`: delete a record; 204.
- `GET /__emulator/{division}/{service}/{Entity}`: every row as NDJSON, streamed.
- `GET /__emulator/{division}/{service}/{Entity}/{key}`: one row as the API renders it.

Writes are trusted (`records.create/update/delete(..., trusted=True)`): keys, audit fields
and read-only properties may be given, as Exact itself may set them, but business rules
still apply and refusals come back in Exact's error shape. Every write goes through the
store, so its listeners (the sync log, webhooks, the state file) see it like an API write,
and `Modified` moves on. The key in the URL is the bare key (`1c2d…` or `42`); `guid'…'`
is accepted too.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from exactbridge.emulator import records
from exactbridge.emulator.admin.snapshot import export_ndjson
from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.query import SelectPlan
from exactbridge.emulator.render import EntityUrls, render_row
from exactbridge.emulator.state import EmulatorState
from exactbridge.emulator.store import Division, Row
from exactbridge.emulator.urls import base_url
from exactbridge.errors import WireFormatError
from exactbridge.exact import Edm, EntitySpec, Navigation, find_entity
from exactbridge.wire import dumps, is_guid, loads

__all__ = ["AdminError", "delete_record", "read_records", "write_record"]

_JSON = "application/json; charset=utf-8"


class AdminError(Exception):
    """A refused admin request: answered `{"error": message}` with `status`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> Response:
        """The JSON answer."""
        return JSONResponse({"error": self.message}, status_code=self.status)


def _no_children(_spec: EntitySpec, _nav: Navigation, _parent: Row) -> list[Row]:
    return []


def _target(
    state: EmulatorState, request: Request, *, keyed: bool | None
) -> tuple[Division, EntitySpec, str | None]:
    """The division, the endpoint and the key text a request's path names.

    Args:
        keyed: True when the path must end in a key, False when it must not, None when
            either is fine (GET).

    Raises:
        AdminError: 404 for an unknown division or endpoint, or one not stored per division.
    """
    code: int = request.path_params["division"]
    division = state.store.divisions.get(code)
    if division is None:
        raise AdminError(404, f"there is no division {code}")
    path: str = request.path_params["path"].strip("/")
    key: str | None = None
    spec = find_entity(path) if keyed is not True else None  # the whole path: a collection
    if spec is None and keyed is not False and "/" in path:  # else the last segment is a key
        head, _, key = path.rpartition("/")
        spec = find_entity(head)
    if spec is None:
        raise AdminError(404, f"no endpoint {path!r} (give service/Entity, then /key)")
    if spec.source is not None:
        source = find_entity(spec.source)
        assert source is not None, spec.source
        spec = source  # a bulk or sync endpoint: its rows are its source's
    if not spec.division_scoped or state.virtual_table(spec) is not None:
        raise AdminError(404, f"{spec.path} is not stored per division")
    return division, spec, key


def _key(spec: EntitySpec, text: str) -> Any:
    edm = spec.key_field.edm
    if edm is Edm.GUID:
        value = text.removeprefix("guid'").removesuffix("'").lower()
        if not is_guid(value):
            raise AdminError(400, f"{text!r} is not a GUID key of {spec.path}")
        return value
    if edm.is_integer:
        try:
            return int(text.removesuffix("L"))
        except ValueError:
            raise AdminError(400, f"{text!r} is not an integer key of {spec.path}") from None
    return text


def _existing(division: Division, spec: EntitySpec, key_text: str) -> Row:
    row = division.table(spec).get(_key(spec, key_text))
    if row is None:
        raise AdminError(404, f"{spec.path} has no row {key_text!r} in division {division.code}")
    return row


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        body = loads(raw) if raw else None
    except WireFormatError:
        raise AdminError(400, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise AdminError(400, "the body must be a JSON object in Exact's wire format")
    return body


def _rendered(request: Request, spec: EntitySpec, row: Row, code: int, status: int) -> Response:
    urls = EntityUrls(base_url(request), code)
    body = render_row(spec, row, urls, SelectPlan.all(), (), _no_children)
    return Response(dumps({"d": body}), status, media_type=_JSON)


def _problem(problem: ExactProblem) -> Response:
    response = Response(dumps(problem.body()), problem.status, media_type=_JSON)
    response.headers.update(problem.headers)
    return response


async def write_record(request: Request, state: EmulatorState) -> Response:
    """`POST` (create) or `PUT` (change) one record as Exact's own screens would."""
    try:
        keyed = request.method == "PUT"
        division, spec, key_text = _target(state, request, keyed=keyed)
        body = await _body(request)
        ctx = state.context(division)
        if key_text is None:
            row = records.create(ctx, spec, body, trusted=True)
            return _rendered(request, spec, row, division.code, 201)
        row = records.update(ctx, spec, _existing(division, spec, key_text), body, trusted=True)
        return _rendered(request, spec, row, division.code, 200)
    except AdminError as error:
        return error.response()
    except ExactProblem as problem:
        return _problem(problem)


async def delete_record(request: Request, state: EmulatorState) -> Response:
    """`DELETE` one record (refused, in Exact's words, while something refers to it)."""
    try:
        division, spec, key_text = _target(state, request, keyed=True)
        assert key_text is not None
        records.delete(state.context(division), spec, _existing(division, spec, key_text))
    except AdminError as error:
        return error.response()
    except ExactProblem as problem:
        return _problem(problem)
    return Response(status_code=204)


async def read_records(request: Request, state: EmulatorState) -> Response:
    """`GET`: one row as the API renders it, or every row as streamed NDJSON."""
    try:
        division, spec, key_text = _target(state, request, keyed=None)
        if key_text is not None:
            row = _existing(division, spec, key_text)
            return _rendered(request, spec, row, division.code, 200)
    except AdminError as error:
        return error.response()
    table = division.table(spec)
    return StreamingResponse(export_ndjson(table), media_type="application/x-ndjson")
