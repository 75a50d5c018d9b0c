"""Run `exactbridge` as a real process on loopback, for acceptance tests."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

EXACTBRIDGE = str(Path(sys.executable).parent / "exactbridge")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_emulator(
    *args: str, scheme: str = "http", verify: bool | ssl.SSLContext = True
) -> Iterator[str]:
    """Start `exactbridge emulator` with `args`, wait until it answers, yield its base URL."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [EXACTBRIDGE, "emulator", "--port", str(port), *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError(f"the emulator exited early:\n{log.read()}")
            try:
                if httpx.get(f"{url}/health", verify=verify, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the emulator did not start within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
