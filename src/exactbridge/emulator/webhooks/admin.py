"""`GET /__emulator/webhooks/deliveries`: what the emulator POSTed to callback URLs.

Exact's App Center shows a log of sent notifications; this is the emulator's equivalent,
as JSON, oldest first: every validation POST and every notification attempt with its time
(UTC), URL, attempt number, status (null without an answer), result (`delivered`,
`retrying` with `next_attempt`, `failed`, `validated`, `refused`), what it was about and
the body sent. `?limit=N` keeps the last N entries. Like the rest of `/__emulator/`, it
is guarded by the admin token when one is configured (`admin.guard`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

if TYPE_CHECKING:
    from exactbridge.emulator.state import EmulatorState

__all__ = ["PATH", "deliveries"]

PATH = "/__emulator/webhooks/deliveries"


async def deliveries(request: Request, state: EmulatorState) -> Response:
    """The delivery log as JSON."""
    text = request.query_params.get("limit", "")
    limit = int(text) if text.isdigit() else None
    return JSONResponse(state.webhooks.report(limit))
