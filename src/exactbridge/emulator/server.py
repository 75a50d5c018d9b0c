"""Serve the emulator over real sockets: HTTP or HTTPS, TCP_NODELAY set on every socket."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from pathlib import Path

import uvicorn
from starlette.applications import Starlette

from exactbridge.errors import ConfigurationError

__all__ = ["bind_socket", "serve"]


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket with TCP_NODELAY (port 0 picks a free port).

    Raises:
        ConfigurationError: the address cannot be bound (in use, or not local).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        msg = f"cannot listen on {host}:{port}: {exc.strerror}"
        raise ConfigurationError(msg) from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _check_tls(cert: Path | None, key: Path | None) -> None:
    if (cert is None) != (key is None):
        msg = "--tls-cert and --tls-key go together: give both or neither"
        raise ConfigurationError(msg)
    if cert is None or key is None:
        return
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        msg = f"cannot load the TLS certificate {cert} with key {key}: {exc}"
        raise ConfigurationError(msg) from exc


def serve(
    app: Starlette,
    sock: socket.socket,
    *,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    on_started: Callable[[], None] | None = None,
) -> None:
    """Run `app` on `sock` until interrupted (Ctrl-C)."""
    _check_tls(tls_cert, tls_key)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.create_task(server.serve(sockets=[sock]))
        # uvicorn offers no "started" event to wait on, so poll its flag
        while not server.started and not task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        if on_started is not None and server.started:
            on_started()
        await task

    asyncio.run(run())
