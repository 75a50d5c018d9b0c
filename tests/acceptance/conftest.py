"""Fixtures for acceptance tests: TLS material and an emulator served from a thread.

Third-party Exact clients often speak HTTPS only (ossobv's `exactonline` refuses `http://`
URLs), so the emulator is served over TLS with a throw-away CA. The CA is made trusted the
way an operator would do it for any OpenSSL-based client: `SSL_CERT_FILE`.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from exactbridge.emulator.app import create_app
from exactbridge.emulator.server import bind_socket
from exactbridge.emulator.state import EmulatorState


@dataclass(frozen=True, slots=True)
class TlsFiles:
    """A private CA and a server certificate for 127.0.0.1 / localhost signed by it."""

    ca: Path
    cert: Path
    key: Path

    def context(self) -> ssl.SSLContext:
        """A client context that trusts only the test CA."""
        return ssl.create_default_context(cafile=str(self.ca))


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """Create a CA and a leaf certificate with `openssl` (skips when it is not installed)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    cert, key, csr = folder / "cert.pem", folder / "key.pem", folder / "cert.csr"
    extensions = folder / "leaf.cnf"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=exactbridge acceptance test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", str(ca_key), "-out", str(ca),
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
        "-keyout", str(key), "-out", str(csr),
    )  # fmt: skip
    extensions.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid\n",
        encoding="utf-8",
    )
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-days", "2", "-extfile", str(extensions), "-out", str(cert),
    )  # fmt: skip
    return TlsFiles(ca=ca, cert=cert, key=key)


@pytest.fixture
def trust_test_ca(tls_files: TlsFiles, monkeypatch: pytest.MonkeyPatch) -> TlsFiles:
    """Make OpenSSL's default trust store the test CA (as installing the CA would)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files.ca))
    return tls_files


@contextmanager
def serve_in_thread(state: EmulatorState, tls: TlsFiles) -> Iterator[str]:
    """Serve the emulator for `state` over HTTPS on a loopback port; yield its base URL.

    For tests that must move the emulator's clock (a `ManualClock` in `state`), which a
    separate process cannot offer.
    """
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(state=state),
        log_level="warning",
        access_log=False,
        ssl_certfile=str(tls.cert),
        ssl_keyfile=str(tls.key),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise AssertionError("the in-thread emulator did not start")
            time.sleep(0.01)
        yield f"https://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
