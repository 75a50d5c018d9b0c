"""The emulator's admin surface under `/__emulator/`: test and benchmark controls.

Not part of Exact Online's API: nothing here exists on Exact's servers. It lets a test
act as the user in Exact's screens (change records behind the client's back), read the
ground truth to compare a synced copy against, reset the data, read what was served, and
change fault injection and rate limits while the emulator runs. All answers are JSON
(NDJSON for row exports). With `--admin-token TOKEN` every route needs
`Authorization: Bearer TOKEN`; without it the surface is open (bind to loopback).

=======================================================  ==========================================
route                                                    what it does
=======================================================  ==========================================
`GET /__emulator/`                                       index of the admin routes
`POST /__emulator/{division}/{service}/{Entity}`         create a record (wire JSON body) → 201 row
`PUT /__emulator/{division}/{service}/{Entity}/{key}`    change a record → 200 row
`DELETE /__emulator/{division}/{service}/{Entity}/{key}` delete a record → 204
`GET /__emulator/{division}/{service}/{Entity}`          every row as NDJSON, streamed, key order
`GET /__emulator/{division}/{service}/{Entity}/{key}`    one row as the API renders it
`GET /__emulator/snapshot`                               per division and endpoint: count, sha256
`POST /__emulator/reset`                                 re-seed the data (tokens survive)
`GET /__emulator/counters`                               responses per endpoint/status, app/division
`POST /__emulator/counters/reset`                        counters back to zero
`GET|PUT /__emulator/faults`                             fault spec in force / replace it
`GET|PUT /__emulator/limits`                             rate limits / change them
=======================================================  ==========================================

Details in `admin.data` (records), `admin.snapshot` (checksums) and `admin.control`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from exactbridge.emulator.admin import data
from exactbridge.emulator.admin.control import RECORDS_PATTERN, Control
from exactbridge.emulator.admin.guard import ADMIN_PREFIX, AdminGuard
from exactbridge.emulator.state import EmulatorState

__all__ = ["ADMIN_PREFIX", "AdminGuard", "admin_routes"]

Endpoint = Callable[[Request], Awaitable[Response]]
DataHandler = Callable[[Request, EmulatorState], Awaitable[Response]]


def admin_routes(state: EmulatorState) -> list[BaseRoute]:
    """The admin routes over `state`, for the emulator app's route list."""
    control = Control(state)

    def bind(handler: DataHandler) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            return await handler(request, state)

        endpoint.__doc__ = handler.__doc__
        return endpoint

    prefix = ADMIN_PREFIX
    records = f"{prefix}/{RECORDS_PATTERN}"
    return [
        Route(f"{prefix}/", control.index, methods=["GET"]),
        Route(f"{prefix}/snapshot", control.snapshot, methods=["GET"]),
        Route(f"{prefix}/reset", control.reset, methods=["POST"]),
        Route(f"{prefix}/counters", control.counters, methods=["GET"]),
        Route(f"{prefix}/counters/reset", control.reset_counters, methods=["POST"]),
        Route(f"{prefix}/faults", control.faults, methods=["GET", "PUT"]),
        Route(f"{prefix}/limits", control.limits, methods=["GET", "PUT"]),
        Route(records, bind(data.read_records), methods=["GET"]),
        Route(records, bind(data.write_record), methods=["POST", "PUT"]),
        Route(records, bind(data.delete_record), methods=["DELETE"]),
    ]
