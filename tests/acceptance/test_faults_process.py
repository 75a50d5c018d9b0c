"""Faults over real sockets: `exactbridge emulator --faults …` as a separate process.

What only a real server shows: a connection dropped mid-body reaches the client as a
protocol error (not a clean, short response), and a slow body really arrives in pieces.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from exactbridge.emulator.config import DEFAULT_APP
from tests.support.processes import EXACTBRIDGE, running_emulator

pytestmark = pytest.mark.acceptance

ADMIN_TOKEN = "acceptance-admin-token"


@dataclass(frozen=True)
class Running:
    url: str
    token: str
    division: int

    @property
    def api(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def accounts(self) -> str:
        return f"{self.url}/api/v1/{self.division}/crm/Accounts"

    def set_faults(self, spec: str) -> None:
        response = httpx.put(f"{self.url}/__emulator/faults", json={"spec": spec},
                             headers=self.admin)  # fmt: skip
        assert response.status_code == 200, response.text


def _access_token(url: str) -> str:
    app = DEFAULT_APP
    consent = httpx.get(
        f"{url}/api/oauth2/auth",
        params={"client_id": app.client_id, "redirect_uri": app.redirect_uri,
                "response_type": "code", "state": "s"},
    )  # fmt: skip
    assert consent.status_code == 302, consent.text
    code = parse_qs(urlparse(consent.headers["location"]).query)["code"][0]
    token = httpx.post(
        f"{url}/api/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri,
              "client_id": app.client_id, "client_secret": app.client_secret},
    )  # fmt: skip
    assert token.status_code == 200, token.text
    return str(token.json()["access_token"])


@pytest.fixture(scope="module")
def emulator() -> Iterator[Running]:
    """One emulator process started with `--faults` (every API call cut off mid-body)."""
    args = ("--auto-consent", "--faults", "seed=3,reset=1", "--admin-token", ADMIN_TOKEN)
    with running_emulator(*args) as url:
        token = _access_token(url)  # the token endpoint is not faulted without token=1
        snapshot = httpx.get(
            f"{url}/__emulator/snapshot", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        division = int(next(iter(snapshot.json()["divisions"])))
        yield Running(url, token, division)


def test_a_connection_reset_is_a_protocol_error_not_a_short_response(emulator: Running) -> None:
    emulator.set_faults("seed=3,reset=1")
    with httpx.Client(headers=emulator.api) as client:
        with client.stream("GET", emulator.accounts()) as response:
            assert response.status_code == 200  # the headers arrived
            expected = int(response.headers["content-length"])
            with pytest.raises(httpx.RemoteProtocolError):
                response.read()
        assert expected > 0
        for _ in range(3):  # every call, and a fresh connection each time
            with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                client.get(emulator.accounts())
    assert httpx.get(f"{emulator.url}/health").status_code == 200  # the server lives on
    counters = httpx.get(f"{emulator.url}/__emulator/counters", headers=emulator.admin).json()
    assert counters["faults"]["reset"] >= 4


def test_a_slow_body_arrives_in_pieces_over_the_given_time(emulator: Running) -> None:
    emulator.set_faults("off")
    whole = httpx.get(emulator.accounts(), headers=emulator.api)
    assert whole.status_code == 200
    emulator.set_faults("seed=3,slow=1:1s")
    started = time.monotonic()
    pieces = []
    with httpx.stream("GET", emulator.accounts(), headers=emulator.api) as response:
        headers_after = time.monotonic() - started
        pieces.extend((time.monotonic() - started, chunk) for chunk in response.iter_raw())
    total = time.monotonic() - started
    assert headers_after < 0.5
    assert total >= 0.9
    assert len(pieces) >= 5  # trickled, not sent at once
    assert pieces[-1][0] - pieces[0][0] >= 0.5
    body = b"".join(chunk for _, chunk in pieces)
    assert json.loads(body)["d"]["results"] == whole.json()["d"]["results"]


def test_added_latency_delays_every_call(emulator: Running) -> None:
    emulator.set_faults("latency=300ms")
    started = time.monotonic()
    for _ in range(2):
        assert httpx.get(emulator.accounts(), headers=emulator.api).status_code == 200
    assert time.monotonic() - started >= 0.6
    emulator.set_faults("off")


def test_the_admin_surface_needs_the_token(emulator: Running) -> None:
    assert httpx.get(f"{emulator.url}/__emulator/").status_code == 401
    index = httpx.get(f"{emulator.url}/__emulator/", headers=emulator.admin)
    assert index.status_code == 200 and index.json()["auth"] == "Bearer admin token"


def test_the_admin_token_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXACTBRIDGE_EMULATOR_ADMIN_TOKEN", "from-env")
    with running_emulator() as url:
        assert httpx.get(f"{url}/__emulator/counters").status_code == 401
        allowed = httpx.get(
            f"{url}/__emulator/counters", headers={"Authorization": "Bearer from-env"}
        )
        assert allowed.status_code == 200


def test_a_bad_spec_is_a_clear_error_without_a_traceback() -> None:
    result = subprocess.run(
        [EXACTBRIDGE, "emulator", "--port", "0", "--faults", "5xx=0.1,flaky=1"],
        capture_output=True, text=True, timeout=60, check=False,
        env=os.environ | {"COLUMNS": "200"},
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 2
    assert "unknown key 'flaky'" in output
    assert "seed, 5xx, storm, latency, reset, slow, html, expect100, token" in output
    assert "Traceback" not in output


def test_help_documents_faults_and_the_admin_token() -> None:
    result = subprocess.run(
        [EXACTBRIDGE, "emulator", "--help"], capture_output=True, text=True, check=True,
        env=os.environ | {"COLUMNS": "200"},
    )  # fmt: skip
    assert "--faults" in result.stdout and "--admin-token" in result.stdout
    assert "storm=P:N[:RESET]" in result.stdout and "/__emulator/" in result.stdout
