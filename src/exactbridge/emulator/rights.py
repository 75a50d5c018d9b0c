"""`GET /api/v1/{division}/users/UserHasRights?endpoint='Logistics/Items'&action='GET'`.

Exact answers an empty list, not 403, when a user lacks the rights for an endpoint, so
clients ask this function first (facts 6.2, 8.17). It answers `{"d":{"UserHasRights":true}}`
when the endpoint exists and allows the method; the emulator's user has every right, so
that is exactly the endpoints and methods the emulator serves. Both parameters are OData
string literals and both are required (400 otherwise). The call is authenticated and
scoped to the consented divisions like any other, but Exact does not bill it, so it is not
counted against the rate limits.
"""

from __future__ import annotations

from typing import Final

from starlette.requests import Request
from starlette.responses import Response

from exactbridge.emulator.odata.literals import parse_literal_list
from exactbridge.emulator.problems import ExactProblem
from exactbridge.emulator.state import EmulatorState
from exactbridge.exact import find_entity
from exactbridge.wire import dumps

__all__ = ["addresses", "answer", "user_has_rights"]

_PATH: Final = "users/userhasrights"
_JSON: Final = "application/json; charset=utf-8"
_ACTIONS: Final = frozenset({"GET", "POST", "PUT", "DELETE"})


def addresses(path: str) -> bool:
    """True when `path` (after `/api/v1/`) is `{division}/users/UserHasRights`."""
    segments = [segment for segment in path.split("/") if segment]
    return len(segments) == 3 and segments[0].isdigit() and "/".join(segments[1:]).lower() == _PATH


def user_has_rights(endpoint: str, action: str) -> bool:
    """Whether the user may call `action` on `endpoint` (`Logistics/Items`, `GET`)."""
    spec = find_entity(endpoint.strip().strip("/"))
    return spec is not None and action.upper() in _ACTIONS and action.upper() in spec.methods


def _parameter(request: Request, name: str) -> str:
    raw = next((v for k, v in request.query_params.items() if k.lower() == name.lower()), None)
    if raw is None or not raw.strip():
        raise ExactProblem(400, f"Mandatory parameter '{name}' is missing.")
    literals = parse_literal_list(raw)
    if len(literals) != 1 or not isinstance(literals[0].value, str):
        raise ExactProblem(400, f"Parameter '{name}' must be a string literal, such as '{name}'.")
    return literals[0].value


async def answer(request: Request, state: EmulatorState) -> Response:
    """Answer a UserHasRights call (the path is `{division}/users/UserHasRights`)."""
    try:
        division = int(request.path_params["path"].split("/", 1)[0])
        token = state.oauth.authenticate(request.headers.get("authorization"))
        if division not in state.store.divisions:
            raise ExactProblem(403, "Forbidden - WrongDivision", {"Reason": "NoDivisionAccess"})
        if division not in token.divisions:
            raise ExactProblem(403, "Forbidden - User division is not within division scope")
        allowed = user_has_rights(_parameter(request, "endpoint"), _parameter(request, "action"))
    except ExactProblem as problem:
        response = Response(dumps(problem.body()), problem.status, media_type=_JSON)
        response.headers.update(problem.headers)
        return response
    return Response(dumps({"d": {"UserHasRights": allowed}}), media_type=_JSON)
