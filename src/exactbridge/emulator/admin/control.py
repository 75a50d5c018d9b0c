"""Admin routes that observe and steer the emulator as a whole.

- `GET /__emulator/`: the index of admin routes (every route under `/__emulator`).
- `GET /__emulator/snapshot[?division=N…][&entity=service/Entity…]`: per division its row
  version and, per endpoint with rows, the row count and the SHA-256 of its NDJSON export.
- `POST /__emulator/reset`: re-seed the data from the configuration (tokens survive).
- `GET /__emulator/counters`, `POST /__emulator/counters/reset`: what was served.
- `GET|PUT /__emulator/faults`: the fault spec in force; PUT `{"spec": "…"}` (or the spec
  as plain text) replaces it and starts the call numbering again.
- `GET|PUT /__emulator/limits`: the rate limits; PUT any of `minutely`, `daily`,
  `minute_seconds`, `error_budget`.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from exactbridge.emulator.admin.data import AdminError
from exactbridge.emulator.admin.guard import ADMIN_PREFIX
from exactbridge.emulator.admin.snapshot import DigestCache
from exactbridge.emulator.faults import parse_faults
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import ConfigurationError, WireFormatError
from exactbridge.exact import find_entity
from exactbridge.wire import loads

__all__ = ["RECORDS_PATTERN", "Control"]

RECORDS_PATTERN: Final = "{division:int}/{path:path}"

_LIMIT_FIELDS: Final[dict[str, tuple[type[int] | type[float], float]]] = {
    "minutely": (int, 1),
    "daily": (int, 1),
    "minute_seconds": (float, 0.1),
    "error_budget": (int, 0),
}


class Control:
    """The handlers, bound to one state and one digest cache.

    Args:
        state: the emulator state.
    """

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.digests = DigestCache(state.store)

    async def index(self, request: Request) -> Response:
        """Every admin route, with its methods and what it does."""
        routes = []
        for route in request.app.routes:
            if isinstance(route, Route) and route.path.startswith(ADMIN_PREFIX):
                doc = (route.endpoint.__doc__ or "").strip().splitlines()
                methods = sorted((route.methods or set()) - {"HEAD"})
                path = route.path.replace(RECORDS_PATTERN, "{division}/{service}/{Entity}[/{key}]")
                routes.append({"path": path, "methods": methods,
                               "description": doc[0] if doc else ""})  # fmt: skip
        return JSONResponse(
            {
                "about": "exactbridge emulator admin surface; not part of Exact Online's API",
                "auth": "Bearer admin token" if self.state.config.admin_token else "open",
                "routes": routes,
            }
        )

    async def snapshot(self, request: Request) -> Response:
        """Row counts and checksums per division and endpoint (ground truth, cheap to compare)."""
        state = self.state
        try:
            wanted_divisions = {int(d) for d in request.query_params.getlist("division")}
        except ValueError:
            return AdminError(400, "division must be a division code").response()
        wanted_paths = set()
        for name in request.query_params.getlist("entity"):
            spec = find_entity(name)
            if spec is None:
                return AdminError(404, f"no endpoint {name!r}").response()
            wanted_paths.add(spec.table_path.lower())
        divisions: dict[str, Any] = {}
        for code, division in state.store.divisions.items():
            if wanted_divisions and code not in wanted_divisions:
                continue
            entities: dict[str, Any] = {}
            for path, table in sorted(division.tables.items()):
                if not table.rows or (wanted_paths and path not in wanted_paths):
                    continue
                digest = self.digests.digest(division, path, table)
                entities[table.spec.path] = {"count": digest.count, "sha256": digest.sha256}
            divisions[str(code)] = {"version": division.version, "entities": entities}
        return JSONResponse({"generation": state.generation, "divisions": divisions})

    async def reset(self, _request: Request) -> Response:
        """Re-seed the data from the configuration; tokens, limits and faults stay."""
        self.state.reset()
        self.digests.clear()
        return JSONResponse({"generation": self.state.generation, "divisions": self._rows()})

    async def counters(self, _request: Request) -> Response:
        """Calls served per endpoint and status, per app and division; 429s; faults by kind."""
        return JSONResponse(self._counters())

    async def reset_counters(self, _request: Request) -> Response:
        """Start the counters from zero."""
        self.state.limiter.counters.clear()
        return JSONResponse(self._counters())

    async def faults(self, request: Request) -> Response:
        """The fault spec in force (GET), or a new one (PUT `{"spec": "…"}` or plain text)."""
        state = self.state
        if request.method == "PUT":
            raw = (await request.body()).decode("utf-8", "replace")
            text = raw
            if "json" in request.headers.get("content-type", ""):
                try:
                    body = loads(raw)
                except WireFormatError:
                    return AdminError(400, "the body is not JSON").response()
                if not isinstance(body, dict) or not isinstance(body.get("spec"), str):
                    return AdminError(400, 'send {"spec": "seed=…,5xx=…"}').response()
                text = body["spec"]
            try:
                state.set_faults(parse_faults(text))
            except ConfigurationError as exc:
                return AdminError(400, str(exc)).response()
        spec = state.faults.spec
        return JSONResponse(
            {"spec": str(spec), "active": spec.active, "sequence": state.faults.sequence}
        )

    async def limits(self, request: Request) -> Response:
        """The rate limits (GET), or some of them changed (PUT a JSON object)."""
        state = self.state
        if request.method == "PUT":
            try:
                body = loads(await request.body())
            except WireFormatError:
                return AdminError(400, "the body is not JSON").response()
            try:
                state.set_limits(replace(state.limiter.limits, **_limit_changes(body)))
            except AdminError as error:
                return error.response()
        return JSONResponse(asdict(state.limiter.limits))

    def _counters(self) -> dict[str, Any]:
        counters = self.state.limiter.counters.as_json()
        counters["fault_sequence"] = self.state.faults.sequence
        return counters

    def _rows(self) -> dict[str, int]:
        return {
            str(code): sum(len(table) for table in division.tables.values())
            for code, division in self.state.store.divisions.items()
        }


def _limit_changes(body: object) -> dict[str, Any]:
    valid = ", ".join(_LIMIT_FIELDS)
    if not isinstance(body, dict) or not body:
        raise AdminError(400, f"send a JSON object with any of {valid}")
    changes: dict[str, Any] = {}
    for name, value in body.items():
        rule = _LIMIT_FIELDS.get(name)
        if rule is None:
            raise AdminError(400, f"unknown limit {name!r}; valid: {valid}")
        kind, minimum = rule
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AdminError(400, f"{name} must be a number")
        if kind is int and not float(value).is_integer():
            raise AdminError(400, f"{name} must be a whole number")
        if value < minimum:
            raise AdminError(400, f"{name} must be at least {minimum:g}")
        changes[name] = kind(value)
    return changes
