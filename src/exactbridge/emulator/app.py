"""The emulator as an ASGI application: `create_app(config, clock)`.

Routes:

- `GET|POST /api/oauth2/auth`, `POST /api/oauth2/token`: OAuth (see `oauth_routes`).
- `/api/v1/{path}`: the REST API (see `api`).
- `GET /docs/SysAttachment.aspx`: document attachment downloads (see `downloads`).
- `GET /__emulator/webhooks/deliveries`: the webhook delivery log (see `webhooks.admin`).
- `/__emulator/…`: the admin surface, not part of Exact (see `admin`).
- `GET /health`: liveness, for scripts that wait for start-up.

Middleware: `AdminGuard` checks the admin token on `/__emulator/…`; `FaultMiddleware`
injects the configured faults into `/api/v1/…` calls and counts every `/api/…` response.

The app's lifespan runs the webhook dispatcher in the background while the app is served.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from exactbridge.emulator import downloads, oauth_routes
from exactbridge.emulator.admin import AdminGuard, admin_routes
from exactbridge.emulator.api import handle_api
from exactbridge.emulator.clock import Clock, SystemClock
from exactbridge.emulator.config import EmulatorConfig
from exactbridge.emulator.faults.middleware import FaultMiddleware
from exactbridge.emulator.state import EmulatorState, build_state
from exactbridge.emulator.webhooks import admin as webhooks_admin

__all__ = ["create_app"]

Handler = Callable[[Request, EmulatorState], Awaitable[Response]]


def create_app(
    config: EmulatorConfig | None = None,
    clock: Clock | None = None,
    state: EmulatorState | None = None,
) -> Starlette:
    """Build the emulator app; the seeded state is reachable as `app.state.emulator`.

    Args:
        config: emulator configuration (defaults: one default app, 2 small divisions).
        clock: time source; tests pass a `ManualClock`.
        state: a prepared state to serve instead of seeding a new one.
    """
    if state is None:
        state = build_state(config or EmulatorConfig(), clock or SystemClock())

    def bind(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(request, state)

        return endpoint

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with state.webhooks.running():
            yield

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "MERGE"]
    app = Starlette(
        routes=[
            Route("/api/oauth2/auth", bind(oauth_routes.authorize), methods=["GET"]),
            Route("/api/oauth2/auth", bind(oauth_routes.consent), methods=["POST"]),
            Route("/api/oauth2/token", bind(oauth_routes.token), methods=["POST"]),
            Route("/api/v1/{path:path}", bind(handle_api), methods=methods),
            Route("/docs/SysAttachment.aspx", bind(downloads.download_attachment), methods=["GET"]),
            Route(webhooks_admin.PATH, bind(webhooks_admin.deliveries), methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            *admin_routes(state),
        ],
        middleware=[Middleware(AdminGuard, state=state), Middleware(FaultMiddleware, state=state)],
        lifespan=lifespan,
    )
    app.state.emulator = state
    return app
