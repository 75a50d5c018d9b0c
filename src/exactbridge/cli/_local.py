"""The embedded default on one machine: an emulator served from a thread, and a connection
to it made through the real OAuth flow, the consent page answered as a user would.

Used by `exactbridge demo` and by `bench/sync.py`; anything else that needs a connection to
a local emulator (an emulator process started with `exactbridge emulator`) can use
`connect_through_consent` with its URL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlparse

import httpx
import uvicorn

from exactbridge.client import OAuthApp
from exactbridge.emulator.app import create_app
from exactbridge.emulator.config import AppRegistration
from exactbridge.emulator.server import bind_socket
from exactbridge.emulator.state import EmulatorState
from exactbridge.errors import ConfigurationError
from exactbridge.store import Connection, Connections, Database, TokenCipher

__all__ = ["ServedEmulator", "connect_through_consent", "oauth_app", "serve_in_thread"]

_START_TIMEOUT = 60.0


@dataclass
class ServedEmulator:
    """An emulator listening on loopback from a thread of this process."""

    url: str
    state: EmulatorState
    server: uvicorn.Server
    thread: threading.Thread

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C raises `KeyboardInterrupt` here)."""
        while self.thread.is_alive():
            self.thread.join(timeout=0.5)


@contextmanager
def serve_in_thread(
    state: EmulatorState, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[ServedEmulator]:
    """Serve the emulator of `state` over HTTP from a daemon thread; stop it on exit.

    A real socket, so what talks to it goes through the same HTTP stack as against Exact.

    Raises:
        ConfigurationError: the port cannot be bound, or the server did not start.
    """
    sock = bind_socket(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}"
    config = uvicorn.Config(create_app(state=state), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="emulator", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise ConfigurationError(f"the emulator did not start on {url}")
            time.sleep(0.01)
        yield ServedEmulator(url, state, server, thread)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def oauth_app(registration: AppRegistration) -> OAuthApp:
    """The client side of an app registered in the emulator."""
    return OAuthApp(registration.client_id, registration.client_secret, registration.redirect_uri)


async def connect_through_consent(
    db: Database,
    cipher: TokenCipher,
    app: OAuthApp,
    url: str,
    *,
    region: str = "nl",
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Connections, Connection]:
    """Connect the emulator at `url` the way a user does, granting every division.

    `Connections.begin` makes the authorize URL; the consent page is fetched and its form
    submitted with every division ticked (an emulator started with `--auto-consent` skips
    the page and redirects at once); the redirect's `code` and `state` go to
    `Connections.complete`, which exchanges the code and stores the connection. The
    returned `Connections` uses `transport` for every call (None: a plain HTTP transport).

    Raises:
        ConfigurationError: the emulator refused the consent (unknown app, wrong redirect).
    """
    connections = Connections(
        db, cipher, app, clock=lambda: datetime.now(UTC), transport=transport, regions={region: url}
    )
    start = await connections.begin(region)
    async with httpx.AsyncClient(transport=transport, timeout=60.0) as http:
        page = await http.get(start.url)
        if page.status_code == 200:
            query = parse_qs(urlparse(start.url).query)
            page = await http.post(
                f"{url}/api/oauth2/auth",
                data={
                    "client_id": app.client_id,
                    "redirect_uri": app.redirect_uri,
                    "state": query["state"][0],
                    "decision": "allow",
                    "division": [str(code) for code in _division_codes(page.text)],
                },
            )
    location = page.headers.get("location", "")
    answer = parse_qs(urlparse(location).query)
    if page.status_code != 302 or "code" not in answer:
        error = answer.get("error", [f"HTTP {page.status_code}"])[0]
        raise ConfigurationError(f"the emulator at {url} refused the consent ({error})")
    connection = await connections.complete(answer["state"][0], answer["code"][0])
    return connections, connection


def _division_codes(html: str) -> list[int]:
    """The divisions the consent page offers (its `division` checkboxes)."""
    marker = 'name="division" value="'
    return [int(part.split('"', 1)[0]) for part in html.split(marker)[1:]]
