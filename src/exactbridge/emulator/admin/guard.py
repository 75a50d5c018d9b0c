"""The admin token: when configured, every `/__emulator/…` request must present it.

An ASGI middleware rather than a check per route, so routes other modules add under
`/__emulator/` (webhook deliveries, for one) are guarded the same way.
"""

from __future__ import annotations

import secrets
from typing import Final

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from exactbridge.emulator.state import EmulatorState

__all__ = ["ADMIN_PREFIX", "AdminGuard"]

ADMIN_PREFIX: Final = "/__emulator"


class AdminGuard:
    """Answers 401 to admin requests without `Authorization: Bearer <admin token>`.

    Args:
        app: the emulator's routes.
        state: the emulator state; its `config.admin_token` (empty: no check) is read on
            every request.
    """

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = self.state.config.admin_token
        path: str = scope.get("path", "")
        guarded = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
        if scope["type"] != "http" or not token or not guarded:
            await self.app(scope, receive, send)
            return
        scheme, _, given = Headers(scope=scope).get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and secrets.compare_digest(
            given.strip().encode(), token.encode()
        ):
            await self.app(scope, receive, send)
            return
        response = JSONResponse(
            {"error": "the emulator's admin surface needs Authorization: Bearer <admin token>"},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="exactbridge emulator admin"'},
        )
        await response(scope, receive, send)
